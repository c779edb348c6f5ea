"""One exception family for everything that can go wrong talking to Appwrite.

Errors carry the request's method and path and the server's version, never
headers or bodies we sent, so printing or logging one cannot leak a key, JWT
or session. A legacy (pre-0.13) server sends no error ``type``; we keep None
rather than inventing one.
"""

from __future__ import annotations

import email.utils
import http
import json
import math
import time
from collections.abc import Mapping
from typing import Any, Self, cast

__all__ = [
    "EXCERPT_LIMIT",
    "AppwriteError",
    "BadRequest",
    "Conflict",
    "IncompleteListing",
    "InvalidArgument",
    "InvalidResponse",
    "NetworkError",
    "NotFound",
    "RateLimited",
    "Redirected",
    "RequestTimeout",
    "ServerError",
    "Unauthorized",
    "UnsupportedOnServer",
    "WaitTimeout",
    "error_from_response",
    "excerpt",
    "parse_retry_after",
]

EXCERPT_LIMIT = 200
"""Longest body excerpt an error carries, in characters."""


def excerpt(body: bytes | str | None, limit: int = EXCERPT_LIMIT) -> str:
    """A short, single-line, printable preview of a response body.

    Bodies can be huge HTML pages; an error must stay readable in a log line.
    """
    if body is None:
        return ""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _restore(
    cls: type[AppwriteError], args: tuple[Any, ...], state: dict[str, Any]
) -> AppwriteError:
    """Rebuild a pickled error without calling the keyword-only __init__."""
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class AppwriteError(Exception):
    """Base of every error this package raises.

    ``status`` is the HTTP status (None when no response was involved), ``type``
    Appwrite's machine-readable error name (None from legacy servers and when the
    body was not Appwrite's), ``excerpt`` a short preview of a body that was not
    Appwrite's error JSON (None when it was).
    """

    status: int | None
    type: str | None
    message: str
    server_version: str | None
    method: str | None
    path: str | None
    code: int | str | None
    excerpt: str | None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        type: str | None = None,
        server_version: str | None = None,
        method: str | None = None,
        path: str | None = None,
        code: int | str | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.server_version = server_version
        self.method = method
        self.path = path
        self.code = code
        self.excerpt = excerpt

    def __str__(self) -> str:
        head = ""
        if self.status is not None:
            head = str(self.status)
        if self.type:
            head = f"{head} {self.type}" if head else self.type
        text = f"{head}: {self.message}" if head else self.message
        where = []
        if self.method or self.path:
            where.append(" ".join(p for p in (self.method, self.path) if p))
        if self.server_version:
            where.append(f"server {self.server_version}")
        return f"{text} ({', '.join(where)})" if where else text

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._repr_fields())
        return f"{type(self).__name__}({fields})"

    def _repr_fields(self) -> list[tuple[str, object]]:
        pairs: list[tuple[str, object]] = [("message", self.message)]
        for name in ("status", "type", "method", "path", "server_version"):
            value = getattr(self, name)
            if value is not None:
                pairs.append((name, value))
        return pairs

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))

    def with_request(
        self, method: str | None, path: str | None, *, server_version: str | None = None
    ) -> Self:
        """A copy that also names the request, for code that learns it later.

        Pass the path without its query string; the method and path are the only
        request details an error ever shows.
        """
        clone = _restore(type(self), self.args, dict(self.__dict__))
        clone.method = method
        clone.path = path
        if server_version is not None:
            clone.server_version = server_version
        return cast(Self, clone)


class BadRequest(AppwriteError):
    """400: the server rejected the request's parameters."""


class Unauthorized(AppwriteError):
    """401 or 403: missing, wrong or insufficient credentials."""


class NotFound(AppwriteError):
    """404: no such function or execution (or a wrong endpoint)."""


class Conflict(AppwriteError):
    """409: the resource already exists or changed meanwhile."""


class RateLimited(AppwriteError):
    """429: too many requests; ``retry_after`` seconds to wait, when known."""

    retry_after: float | None

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    def _repr_fields(self) -> list[tuple[str, object]]:
        pairs = super()._repr_fields()
        if self.retry_after is not None:
            pairs.append(("retry_after", self.retry_after))
        return pairs


class ServerError(AppwriteError):
    """5xx: the server (or a proxy in front of it) failed."""


class InvalidResponse(AppwriteError):
    """The server answered, but not with the JSON shape Appwrite documents.

    ``excerpt`` holds at most 200 characters of what arrived, for diagnosis.
    """


class IncompleteListing(AppwriteError):
    """A walk over a function's executions could not reach all of them.

    Raised by ``iter_executions`` (and so by ``export`` and ``sync``) only after every
    execution it could reach was yielded, so nothing reachable is lost. ``unreachable``
    is how many the server counted but the walk could not reach, ``listed`` how many
    were yielded, ``count`` the server's count. Two causes:

    * a 0.7-0.11 server pages by offset and accepts offsets up to 2,000 only, so a
      walk from both ends reaches 4,200 executions (2,100 from each) and no more;
    * the server counted more than it listed (a count that cannot be reconciled with
      the pages: executions deleted during the walk, or a server or proxy that drops
      items).
    """

    unreachable: int
    listed: int
    count: int

    def __init__(
        self, message: str, *, unreachable: int, listed: int, count: int, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.unreachable = unreachable
        self.listed = listed
        self.count = count


class UnsupportedOnServer(AppwriteError):
    """The server's generation cannot do what was asked; nothing was sent.

    ``feature`` names the capability and ``requires`` the first server version
    that has it (or, for removed features, a note on when it went away).
    """

    feature: str | None
    requires: str | None

    def __init__(
        self,
        message: str,
        *,
        feature: str | None = None,
        requires: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.feature = feature
        self.requires = requires


class NetworkError(AppwriteError):
    """No usable answer: the connection failed or was cut, or the server was silent.

    ``status`` is None. ``sent`` says whether the request may have reached the server
    (False only when the connection itself could not be made), which decides whether a
    create can be retried without running the function twice.
    """

    sent: bool

    def __init__(self, message: str, *, sent: bool = True, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.sent = sent


class RequestTimeout(NetworkError):
    """The server did not answer within the client's timeout."""


class Redirected(AppwriteError):
    """The server answered with a redirect, which this client never follows.

    Following a 301/302 turns a POST into a GET, so a create would silently become a
    list; point the client at ``location`` (the new endpoint) instead.
    """

    location: str | None

    def __init__(self, message: str, *, location: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.location = location


class WaitTimeout(AppwriteError):
    """An execution did not finish within the time given; ``last`` is its last state."""

    last: Any

    def __init__(self, message: str, *, last: Any = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.last = last


class InvalidArgument(AppwriteError, ValueError):
    """Bad input caught before sending anything; ``argument`` names which one."""

    argument: str | None

    def __init__(self, message: str, *, argument: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.argument = argument


class ClientClosed(AppwriteError, RuntimeError):
    """The Client was closed; nothing was sent."""


_BY_STATUS: dict[int, type[AppwriteError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def _class_for(status: int) -> type[AppwriteError]:
    if status < 400:
        # An error path fed a non-error status: the response is not what the
        # caller expected, which is a shape problem, not a server verdict.
        return InvalidResponse
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, AppwriteError)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def parse_retry_after(
    headers: Mapping[str, str] | None, *, now: float | None = None
) -> float | None:
    """Seconds to wait, from ``Retry-After`` or Appwrite's ``X-RateLimit-Reset``.

    ``Retry-After`` may be delta-seconds or an HTTP date; ``X-RateLimit-Reset``
    is a Unix time. Returns None when neither is present or readable.
    """
    current = time.time() if now is None else now
    value = _header(headers, "Retry-After")
    if value is not None:
        value = value.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None and when.utcoffset() is not None:
                return max(0.0, when.timestamp() - current)
        else:
            if math.isfinite(seconds):
                return max(0.0, seconds)
    reset = _header(headers, "X-RateLimit-Reset")
    if reset is not None:
        try:
            at = float(reset.strip())
        except ValueError:
            return None
        if math.isfinite(at):
            return max(0.0, at - current)
    return None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "status"


def _normalise_code(code: object) -> int | str | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str):
        stripped = code.strip()
        return int(stripped) if stripped.isdigit() else code
    return None


def error_from_response(
    status: int,
    body: bytes | str | None,
    content_type: str | None,
    method: str | None,
    path: str | None,
    server_version: str | None,
    *,
    headers: Mapping[str, str] | None = None,
    now: float | None = None,
) -> AppwriteError:
    """Build the right error for a failed HTTP response; never raises itself.

    Reads Appwrite's error JSON (``message``, ``code`` as int or string, ``type``
    from 0.13 on, ``version``). Anything else (a proxy's HTML page, an empty or
    truncated body) still yields the status's error class, with a message that
    says so and a short ``excerpt`` of the body. ``headers`` are only read for
    ``Retry-After``/``X-RateLimit-Reset`` on 429 and are never stored.
    """
    cls = _class_for(status)
    extra: dict[str, Any] = {}
    if cls is RateLimited:
        extra["retry_after"] = parse_retry_after(headers, now=now)

    raw = body if body is not None else b""
    parsed: object = None
    problem: str | None = None
    if not raw.strip():
        problem = "an empty body"
    else:
        try:
            parsed = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            media = _media_type(content_type)
            if "json" in media:
                problem = "a malformed or truncated JSON body"
            else:
                problem = f"a {media or 'non-JSON'} body that is not Appwrite's error JSON"

    if problem is None:
        message = parsed.get("message") if isinstance(parsed, dict) else None
        if isinstance(parsed, dict) and isinstance(message, str):
            error_type = parsed.get("type")
            body_version = parsed.get("version")
            return cls(
                message,
                status=status,
                type=error_type if isinstance(error_type, str) and error_type else None,
                code=_normalise_code(parsed.get("code")),
                server_version=server_version
                or (body_version if isinstance(body_version, str) and body_version else None),
                method=method,
                path=path,
                **extra,
            )
        problem = "JSON that is not Appwrite's error shape (no 'message' string)"

    preview = excerpt(raw)
    text = f"HTTP {status} {_reason(status)} with {problem}"
    if preview:
        text = f"{text}: {preview!r}"
    return cls(
        text,
        status=status,
        server_version=server_version,
        method=method,
        path=path,
        excerpt=preview,
        **extra,
    )
