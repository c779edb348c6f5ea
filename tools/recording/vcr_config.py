"""One vcrpy configuration for recording and replaying cassettes.

Recording and replay must agree on how requests match, and recording must never write
a secret or anything that changes from run to run (ports, tool versions), so that
`make cassettes` twice gives the same bytes. Both sides build their VCR here.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import vcr
from vcr.request import Request

# Every cassette speaks to this endpoint: the recorder rewrites the real one to it, and
# replaying clients are pointed at it. `.invalid` can never resolve (RFC 2606).
ENDPOINT = "http://appwrite.invalid/v1"

KEY_PLACEHOLDER = "<API_KEY>"
JWT_PLACEHOLDER = "<JWT>"
SESSION_PLACEHOLDER = "<SESSION>"
PROJECT_PLACEHOLDER = "<PROJECT>"

# Request headers kept in a cassette: what the server reads. Everything else (host,
# user-agent, accept-encoding, connection, content-length) depends on the machine or
# the tool versions and would make re-recording differ.
_KEPT_REQUEST_HEADERS = {
    "content-type",
    "cookie",
    "x-appwrite-project",
    "x-appwrite-key",
    "x-appwrite-jwt",
    "x-appwrite-session",
    "x-appwrite-response-format",
}
_SECRET_HEADERS = {
    "x-appwrite-key": KEY_PLACEHOLDER,
    "x-appwrite-jwt": JWT_PLACEHOLDER,
    "x-appwrite-session": SESSION_PLACEHOLDER,
}
_DROPPED_RESPONSE_HEADERS = {"date", "server", "set-cookie", "x-debug-speed", "x-ratelimit-reset"}

MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")


class Scrubber:
    """Rewrites what a recording saw into what a cassette may keep.

    `endpoint` is the real base URL (rewritten to ENDPOINT); `project` is the real
    project id, replaced by a placeholder when `hide_project` (real servers).
    """

    def __init__(self, endpoint: str, project: str, *, hide_project: bool) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.project = project
        self.hide_project = hide_project
        # Credentials seen in requests, so that a server echoing one (a synchronous
        # function returning its request headers, a proxy's error page) cannot write it
        # into a response body either.
        self._secrets: dict[str, str] = {}

    def _text(self, text: str) -> str:
        text = text.replace(self.endpoint, ENDPOINT)
        if self.hide_project and self.project:
            text = text.replace(self.project, PROJECT_PLACEHOLDER)
        return text

    def request(self, request: Request) -> Request:
        request.uri = self._text(request.uri)
        scheme, netloc, path, query, fragment = urlsplit(request.uri)
        request.uri = urlunsplit((scheme, netloc, path, query, fragment))
        kept: dict[str, Any] = {}
        for name, sent in request.headers.items():
            lower = name.lower()
            if lower not in _KEPT_REQUEST_HEADERS:
                continue
            value = sent
            if lower in _SECRET_HEADERS:
                value = _SECRET_HEADERS[lower]
                if sent:
                    self._secrets[sent] = value
            elif lower == "cookie":
                value = _scrub_cookie(sent)
                for item in sent.split(";"):
                    secret = item.partition("=")[2].strip()
                    if secret:
                        self._secrets[secret] = SESSION_PLACEHOLDER
            elif lower == "x-appwrite-project" and self.hide_project:
                value = PROJECT_PLACEHOLDER
            kept[lower] = value
        request.headers = kept
        if request.body and self.hide_project:
            request.body = self._text(request.body.decode("utf-8")).encode("utf-8")
        return request

    def _masked(self, text: str) -> str:
        for secret, placeholder in self._secrets.items():
            text = text.replace(secret, placeholder)
        return text

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        # Headers too: a proxy or a debugging server may echo the request's back.
        response["headers"] = {
            self._masked(name): [self._masked(str(value)) for value in values]
            for name, values in response["headers"].items()
            if name.lower() not in _DROPPED_RESPONSE_HEADERS
        }
        body = response["body"]["string"]
        if isinstance(body, bytes):
            for secret, placeholder in self._secrets.items():
                for form in _forms(secret):
                    body = body.replace(form, placeholder.encode("utf-8"))
            if self.hide_project:
                body = self._text(body.decode("utf-8")).encode("utf-8")
            response["body"]["string"] = body
        return response


def _forms(secret: str) -> set[bytes]:
    """A secret as a body may hold it: plain, or JSON-escaped (PHP also escapes '/')."""
    escaped = json.dumps(secret)[1:-1]
    return {secret.encode("utf-8"), escaped.encode(), escaped.replace("/", "\\/").encode()}


def _scrub_cookie(value: str) -> str:
    """Keep cookie names (the server reads a_session_<project>), never their values."""
    parts = []
    for item in value.split(";"):
        name = item.split("=", 1)[0].strip()
        if name:
            parts.append(f"{name}={SESSION_PLACEHOLDER}")
    return "; ".join(parts)


def recorder(library: Path, scrubber: Scrubber) -> vcr.VCR:
    """A VCR that records every request anew, scrubbed."""
    # vcrpy logs each response at INFO before any filter has scrubbed it.
    logging.getLogger("vcr").setLevel(logging.WARNING)
    return vcr.VCR(
        cassette_library_dir=str(library),
        record_mode="all",
        match_on=MATCH_ON,
        before_record_request=scrubber.request,
        before_record_response=scrubber.response,
        decode_compressed_response=True,
    )


def player(library: Path) -> vcr.VCR:
    """A VCR that only replays: any request that was not recorded fails the test."""
    return vcr.VCR(cassette_library_dir=str(library), record_mode="none", match_on=MATCH_ON)
