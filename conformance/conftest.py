"""`make conformance`: the project checked against Appwrite's published slices.

The slices are Appwrite's files, not ours, so they are never committed: they are read
from APPWRITE_SPECS_DIR (default ../shared/appwrite-specs). Without them this run
stops at once with one line saying where to get them. The stand-in scenarios of
tests/test_standin_generations.py run here again with every exchange validated.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from support import exchange_checks
from support.lines import line_key
from support.paths import specs_dir
from support.published_specs import release_lines, validate_exchange

MISSING = (
    "make conformance needs Appwrite's published specs: no slices in {path}; put the "
    "executions slices of app/config/specs/ at each release tag of github appwrite/appwrite "
    "there, or name their folder in APPWRITE_SPECS_DIR"
)


def pytest_configure(config: pytest.Config) -> None:
    folder = specs_dir()
    if not folder.is_dir() or not any(folder.glob("appwrite-*-executions.*.json")):
        raise pytest.UsageError(MISSING.format(path=folder))
    exchange_checks.add_checker(_against_published_slice)


def _against_published_slice(
    line: str,
    method: str,
    url: str,
    request_headers: Mapping[str, str],
    request_body: bytes | None,
    status: int,
    response_headers: Mapping[str, str],
    response_body: bytes,
) -> list[str]:
    """A line newer than every slice (1.9 keeps the 1.8 shape) is held to the newest."""
    published = release_lines()
    if line not in published and line_key(line) > line_key(published[-1]):
        line = published[-1]
    return validate_exchange(
        line,
        method,
        url,
        dict(request_headers),
        request_body,
        status,
        dict(response_headers),
        response_body,
    )
