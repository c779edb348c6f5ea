"""Transport-neutral request/reply values and byte-stable JSON encoding.

The HTTP glue turns sockets into :class:`Request` and :class:`Reply` into bytes;
everything in between (routing, auth, the optional fault hook) only sees these
values, which keeps it testable and keeps the hook interface small.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

JSON_CONTENT_TYPE = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Request:
    """One HTTP request as the stand-in sees it."""

    index: int
    """0-based position since start/``reset()``; lets a hook fault "the 3rd request"."""
    method: str
    target: str
    """Request target as sent, e.g. ``/v1/functions/x/executions?limit=5``."""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    @property
    def path(self) -> str:
        """Percent-decoding is left to the router (ids are decoded per segment)."""
        return urlsplit(self.target).path

    @property
    def query(self) -> list[tuple[str, str]]:
        """Query parameters in order, blanks kept (``?search=`` is a value)."""
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """First value of a header, case-insensitively."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    def cookies(self) -> dict[str, str]:
        """Cookies from every ``Cookie`` header (later ones win)."""
        jar: dict[str, str] = {}
        for key, value in self.headers:
            if key.lower() != "cookie":
                continue
            for part in value.split(";"):
                name, sep, content = part.strip().partition("=")
                if sep:
                    jar[name.strip()] = unquote(content.strip())
        return jar


@dataclass(frozen=True)
class Reply:
    """What to send back.  ``drop_connection`` closes the socket without answering."""

    status: int
    body: bytes = b""
    content_type: str | None = JSON_CONTENT_TYPE
    headers: tuple[tuple[str, str], ...] = field(default=())
    drop_connection: bool = False


RequestHook = Callable[[Request], "Reply | None"]
"""Consulted before each request; returning a :class:`Reply` short-circuits it."""


def json_bytes(document: Any) -> bytes:
    """Compact UTF-8 JSON, non-ASCII kept literal, key order preserved."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def json_reply(status: int, document: Any) -> Reply:
    """A JSON reply with the given status."""
    return Reply(status=status, body=json_bytes(document))
