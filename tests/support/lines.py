"""The Appwrite release lines the project speaks to, from the project's own files.

The stand-in's table of one representative server version per line is the list; the
conformance run (`make conformance`) checks it against the published slices.
"""

from __future__ import annotations

from appwrite_standin import REPRESENTATIVE_VERSIONS


def line_key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")
    return int(major), int(minor)


RELEASE_LINES: list[str] = sorted(REPRESENTATIVE_VERSIONS, key=line_key)
