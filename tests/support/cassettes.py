"""The committed cassette corpus: where it is and how to read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from support.paths import PROJECT

CASSETTES = PROJECT / "cassettes"


def cassette_files() -> list[Path]:
    return sorted(CASSETTES.glob("*/*.yaml"))


def release_line(path: Path) -> str:
    """cassettes/1.8/x.yaml (or cassettes/real-1.8/x.yaml) was recorded from a 1.8.x server."""
    return path.parent.name.removeprefix("real-")


def interactions(path: Path) -> Iterator[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    yield from data["interactions"]


def body_bytes(body: Any) -> bytes:
    if isinstance(body, dict):
        body = body.get("string", "")
    if body is None:
        return b""
    return body if isinstance(body, bytes) else str(body).encode("utf-8")
