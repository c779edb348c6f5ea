"""Extra checks of every HTTP exchange the stand-in tests make, plugged in by a run.

`make test` checks the stand-in's behaviour from the project's own files; `make
conformance` runs the same scenarios again and plugs in a checker that validates each
exchange against Appwrite's published slice of its line (conformance/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx

# (line, method, url, request headers, request body, status, response headers, body)
Checker = Callable[
    [str, str, str, Mapping[str, str], bytes | None, int, Mapping[str, str], bytes], list[str]
]

_CHECKERS: list[Checker] = []


def add_checker(checker: Checker) -> None:
    """Validate every exchange with ``checker`` from now on (for this test session)."""
    _CHECKERS.append(checker)


def active() -> bool:
    return bool(_CHECKERS)


def problems(
    line: str,
    method: str,
    url: str,
    request_headers: Mapping[str, str],
    request_body: bytes | None,
    status: int,
    response_headers: Mapping[str, str],
    response_body: bytes,
) -> list[str]:
    """What the plugged-in checkers find wrong with one exchange ([] when none is)."""
    found: list[str] = []
    for checker in _CHECKERS:
        found += checker(
            line,
            method,
            url,
            request_headers,
            request_body,
            status,
            response_headers,
            response_body,
        )
    return found


def response_problems(line: str, response: httpx.Response) -> list[str]:
    request = response.request
    return problems(
        line,
        request.method,
        str(request.url),
        dict(request.headers),
        request.content,
        response.status_code,
        dict(response.headers),
        response.content,
    )
