"""Checks on user input, run before anything is sent.

Each check raises InvalidArgument (a ValueError) whose message says what was
wrong and what to do, so a typo fails fast and locally instead of as a server
400 or, worse, a request to a different path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

from dateutil import parser as date_parser

from ._enums import ExecutionMethod
from ._errors import InvalidArgument

__all__ = [
    "ID_MAX_LENGTH",
    "LIMIT_MAX",
    "is_valid_id",
    "quote_path_segment",
    "shown_id",
    "user_info_secrets",
    "validate_endpoint",
    "validate_execution_path",
    "validate_header_name",
    "validate_header_value",
    "validate_headers",
    "validate_id",
    "validate_limit",
    "validate_method",
    "validate_offset",
    "validate_scheduled_at",
    "without_user_info",
]

ID_MAX_LENGTH = 36
LIMIT_MAX = 100

# Appwrite's id rule on its routes (1.8.1:src/Appwrite/Platform/Modules/Functions/Http/
# Executions/Get.php takes executionId through Utopia's UID validator; its cases in
# 1.8.1:tests/unit/Utopia/Database/Validator/CustomIdTest.php). 0.9.4's UID allows any
# string of up to 32 characters (0.9.4:src/Appwrite/Database/Validator/UID.php), but that
# server only makes ids of 13 hex digits (uniqid), which keep this rule too.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,35}")
# RFC 7230 token: 1*tchar
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE_CHARS = re.compile(r"[\r\n\x00]")
# The user-info part of a URL (scheme://user:password@), which may hold a password.
_USER_INFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def without_user_info(url: str) -> str:
    """``url`` with any ``user:password@`` part shown as ``***@``."""
    return _USER_INFO.sub(r"\1***@", url)


def user_info_secrets(url: str) -> list[str]:
    """The user name and password a URL carries, as written and percent-decoded."""
    match = _USER_INFO.match(url)
    if match is None:
        return []
    info = match.group(0)[len(match.group(1)) : -1]
    parts = [info, *info.split(":", 1)]
    return [form for part in parts if part for form in {part, unquote(part)}]


def validate_endpoint(value: object) -> str:
    """The API endpoint, e.g. ``https://cloud.appwrite.io/v1``, without a trailing slash.

    A user name or password in it is refused rather than used: the endpoint appears in
    reprs, errors and the CLI's output, and a proxy password must not.
    """
    example = "an http(s) URL such as 'https://cloud.appwrite.io/v1'"
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        shown = without_user_info(value) if isinstance(value, str) else value
        raise InvalidArgument(f"endpoint must be {example}, got {shown!r}", argument="endpoint")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError as exc:
        raise InvalidArgument(
            f"endpoint {without_user_info(value)!r} is not a valid URL ({exc}); it must be "
            + example,
            argument="endpoint",
        ) from None
    if "@" in parts.netloc:
        raise InvalidArgument(
            f"endpoint {without_user_info(value)!r} carries a user name or password; give "
            "the credentials of a proxy in front of Appwrite to an httpx.Client(auth=...) "
            "passed as http_client=, so they stay out of reprs, errors and logs",
            argument="endpoint",
        )
    if not host:
        raise InvalidArgument(
            f"endpoint {value!r} has no host; it must be {example}", argument="endpoint"
        )
    if parts.query or parts.fragment:
        raise InvalidArgument(
            f"endpoint {value!r} has a query or fragment; give the API root only, "
            "e.g. 'https://cloud.appwrite.io/v1'",
            argument="endpoint",
        )
    return value.rstrip("/")


def validate_id(value: object, *, argument: str = "id") -> str:
    """An Appwrite ID: 1-36 of ``a-z A-Z 0-9 . - _``, not starting with ``. - _``."""
    if not isinstance(value, str):
        raise InvalidArgument(
            f"{argument} must be a string ID, got {type(value).__name__}",
            argument=argument,
        )
    if _ID.fullmatch(value) is None:
        if not value:
            problem = "is empty"
        elif len(value) > ID_MAX_LENGTH:
            problem = f"is {len(value)} characters long (at most {ID_MAX_LENGTH})"
        elif value[0] in "._-":
            problem = f"starts with {value[0]!r}"
        else:
            bad = sorted(
                {ch for ch in value if not (ch.isascii() and (ch.isalnum() or ch in "._-"))}
            )
            problem = f"contains {', '.join(repr(ch) for ch in bad)}"
        raise InvalidArgument(
            f"{argument} {value!r} {problem}; Appwrite IDs are up to {ID_MAX_LENGTH} characters "
            "of a-z, A-Z, 0-9, '.', '-' and '_', and must not start with '.', '-' or '_'",
            argument=argument,
        )
    return value


def is_valid_id(value: str) -> bool:
    """Whether ``value`` keeps Appwrite's id rule (see `validate_id`)."""
    return _ID.fullmatch(value) is not None


def shown_id(value: str, limit: int = 40) -> str:
    """An id fit for a message: quoted with control characters escaped, and shortened."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value)} characters)"


def quote_path_segment(value: str) -> str:
    """Percent-encode one URL path segment (``/``, ``?``, ``#`` and all included).

    ``.`` and ``..`` are encoded too, so a segment can never walk up the path.
    """
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="")


def _integer(value: object, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{argument} must be an integer, got {value!r}", argument=argument)
    return value


def validate_limit(value: object, *, argument: str = "limit", maximum: int = LIMIT_MAX) -> int:
    """A page size from 1 to ``maximum`` (Appwrite allows at most 100)."""
    limit = _integer(value, argument)
    if not 1 <= limit <= maximum:
        raise InvalidArgument(
            f"{argument} must be between 1 and {maximum}, got {limit}; "
            "fetch further pages with an offset or a cursor",
            argument=argument,
        )
    return limit


def validate_offset(value: object, *, argument: str = "offset") -> int:
    """A non-negative number of items to skip."""
    offset = _integer(value, argument)
    if offset < 0:
        raise InvalidArgument(f"{argument} must be 0 or more, got {offset}", argument=argument)
    return offset


def validate_method(value: object, *, argument: str = "method") -> ExecutionMethod:
    """An execution's HTTP method, case-insensitive (``"post"`` -> POST)."""
    if isinstance(value, ExecutionMethod):
        return value
    if isinstance(value, str):
        try:
            return ExecutionMethod(value.strip().upper())
        except ValueError:
            pass
    allowed = ", ".join(m.value for m in ExecutionMethod)
    raise InvalidArgument(f"{argument} {value!r} is not one of {allowed}", argument=argument)


def validate_header_name(name: object, *, argument: str = "headers") -> str:
    """An RFC 7230 token: letters, digits and ``!#$%&'*+-.^_`|~``, no spaces or colons."""
    if not isinstance(name, str) or _TOKEN.fullmatch(name) is None:
        raise InvalidArgument(
            f"{argument}: header name {name!r} is not a valid HTTP token; use letters, digits "
            "and !#$%&'*+-.^_`|~ only (no spaces, colons or control characters)",
            argument=argument,
        )
    return name


def validate_header_value(name: str, value: object, *, argument: str = "headers") -> str:
    """A header value with no CR, LF or NUL (which would split or end the header)."""
    if not isinstance(value, str):
        raise InvalidArgument(
            f"{argument}: value of header {name!r} must be a string, got {type(value).__name__}",
            argument=argument,
        )
    if _BAD_VALUE_CHARS.search(value):
        # Do not echo the value: it may be a credential.
        raise InvalidArgument(
            f"{argument}: value of header {name!r} contains a line break or NUL; "
            "remove CR/LF characters (fold multi-line values into one line)",
            argument=argument,
        )
    return value


def validate_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None, *, argument: str = "headers"
) -> dict[str, str]:
    """Headers for an execution request, as the ``{name: value}`` object Appwrite takes.

    Names that differ only in case are rejected: HTTP treats them as one header
    and which value would win is not defined.
    """
    if headers is None:
        return {}
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    for pair in pairs:
        try:
            name, value = pair
        except (TypeError, ValueError):
            raise InvalidArgument(
                f"{argument} must be a mapping or (name, value) pairs, "
                f"got an item of type {type(pair).__name__}",
                argument=argument,
            ) from None
        name = validate_header_name(name, argument=argument)
        value = validate_header_value(name, value, argument=argument)
        lowered = name.lower()
        if lowered in seen:
            raise InvalidArgument(
                f"{argument}: header {name!r} is given twice (also as {seen[lowered]!r}); "
                "HTTP header names are case-insensitive, keep one",
                argument=argument,
            )
        seen[lowered] = name
        result[name] = value
    return result


PATH_MAX_LENGTH = 2048
"""Appwrite's limit on an execution's path (1.8.1:src/Appwrite/Platform/Modules/Functions/
Http/Executions/Create.php: path is Text(2048))."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_execution_path(value: object, *, argument: str = "path") -> str:
    """An execution's request path: starts with '/', no CR, LF or other control
    character (which would split what the function's runtime reads), at most 2048."""
    if not isinstance(value, str) or not value.startswith("/"):
        raise InvalidArgument(f"{argument} must start with '/', got {value!r}", argument=argument)
    if _CONTROL.search(value):
        raise InvalidArgument(
            f"{argument} {value[:60]!r} contains a line break or another control character; "
            "percent-encode it (%0A for a newline)",
            argument=argument,
        )
    if len(value) > PATH_MAX_LENGTH:
        raise InvalidArgument(
            f"{argument} is {len(value)} characters long; Appwrite takes at most {PATH_MAX_LENGTH}",
            argument=argument,
        )
    return value


# Day and month in either order (1/2/2030): refused, not guessed.
_AMBIGUOUS_DATE = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")


def is_ambiguous_date(text: str) -> bool:
    """A date such as ``1/2/2030`` or ``02.01.2030``: day first or month first?"""
    return bool(_AMBIGUOUS_DATE.match(text))


def validate_scheduled_at(
    value: object, *, now: datetime | None = None, argument: str = "scheduled_at"
) -> datetime:
    """A future, timezone-aware, whole-minute time for a scheduled execution.

    Accepts a datetime or a string (``"2026-12-01 10:00 +01:00"``, ISO 8601, ...)
    read with python-dateutil. Appwrite schedules with minute precision and
    rejects past times, so both are checked here with a clear message.
    """
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str):
        if _AMBIGUOUS_DATE.match(value):
            raise InvalidArgument(
                f"{argument} {value!r} is ambiguous (day/month or month/day?); write the "
                "date year first, e.g. '2030-01-02 10:00 +00:00'",
                argument=argument,
            )
        try:
            when = date_parser.parse(value)
            when.utcoffset()  # an offset of 24 h or more fails only here
        except (ValueError, OverflowError):
            raise InvalidArgument(
                f"{argument} {value!r} is not a date and time; use e.g. '2026-12-01 10:00 +01:00' "
                "or ISO 8601 '2026-12-01T09:00:00+00:00'",
                argument=argument,
            ) from None
    else:
        raise InvalidArgument(
            f"{argument} must be a datetime or a date string, got {type(value).__name__}",
            argument=argument,
        )
    if when.utcoffset() is None:
        raise InvalidArgument(
            f"{argument} {value!s} has no timezone; add one, e.g. '+00:00' in a string "
            "or tzinfo=timezone.utc on a datetime, so the server runs it at the time you mean",
            argument=argument,
        )
    if when.second or when.microsecond:
        raise InvalidArgument(
            f"{argument} {when.isoformat()} is not on a whole minute; Appwrite schedules with "
            "minute precision, so drop the seconds, e.g. value.replace(second=0, microsecond=0)",
            argument=argument,
        )
    current = datetime.now(UTC) if now is None else now
    if when <= current:
        raise InvalidArgument(
            f"{argument} {when.isoformat()} is not in the future (now is "
            f"{current.astimezone(when.tzinfo).isoformat(timespec='seconds')}); pick a later time",
            argument=argument,
        )
    return when
