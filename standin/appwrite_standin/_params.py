"""Route parameters: decoding request bodies and validating them the Utopia way.

Appwrite validates parameters in declaration order and stops at the first failure,
answering 400 with ``Invalid `name` param: <validator description>`` (0.9 wording:
``Invalid name: <description>``).  The validators here reproduce those
descriptions for the parameters the executions routes declare.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from . import _errors
from ._clock import parse_iso, to_ms
from ._generations import Generation
from ._queries import (
    MAX_QUERIES,
    MAX_QUERY_LENGTH,
    Query,
    QueryError,
    Selection,
    parse_json_query,
    parse_string_query,
    validate,
)
from ._wire import Request

LEGACY_MAX_LIMIT = 100
LEGACY_MAX_OFFSET = 2000
"""0.9 declares ``offset`` as ``Range(0, 2000)``."""
LEGACY_MAX_SEARCH = 256
LEGACY_MAX_DATA = 8192
MAX_BODY = 10_485_760
MAX_PATH = 2048
EXECUTION_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")

_INT_RE = re.compile(r"^[+-]?\d+$")
_UID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$")
"""1.x ``UID`` rule, also applied to 0.9 (whose 13-hex ``uniqid()`` ids always pass)."""
_UID_TEXT = (
    "UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, "
    "and underscore. Can't start with a special char"
)


def _text(length: int) -> str:
    return f"Value must be a valid string and no longer than {length} chars"


def _range(low: int, high: int) -> str:
    return f"Value must be a valid range between {low} and {high}"


def _whitelist(options: tuple[str, ...]) -> str:
    return f"Value must be one of ({', '.join(options)})"


_BOOLEAN = "Value must be a valid boolean"
_OBJECT = "Value must be a valid object."


def loose_bool(value: Any) -> bool | None:
    """Utopia's loose ``Boolean``: true/false, "true"/"false", 1/0, "1"/"0"; else None."""
    if isinstance(value, bool):
        return value
    if value in (1, "1", "true"):
        return True
    if value in (0, "0", "false"):
        return False
    return None


def check_uid(name: str, value: str) -> None:
    """Validate a path id the way the ``UID`` validator does."""
    if _UID_RE.match(value) is None:
        raise _errors.argument_invalid(name, _UID_TEXT)


def decode_body(request: Request) -> dict[str, Any]:
    """Request body as parameters: JSON object or form fields; anything else counts as empty.

    Appwrite ignores a body it cannot decode (parameters fall back to defaults), so
    the stand-in does too.
    """
    if not request.body:
        return {}
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    text = request.body.decode("utf-8", errors="replace")
    if content_type == "application/x-www-form-urlencoded":
        return dict(parse_qsl(text, keep_blank_values=True))
    try:
        document = json.loads(text)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


# ------------------------------------------------------------------------------ list


@dataclass(frozen=True)
class LegacyList:
    """Validated 0.9 list parameters."""

    search: str
    limit: int
    offset: int
    descending: bool


def _legacy_int(name: str, raw: str | None, default: int, high: int) -> int:
    if raw is None:
        return default
    if _INT_RE.match(raw.strip()) is None or not 0 <= int(raw) <= high:
        raise _errors.argument_invalid(name, _range(0, high))
    return int(raw)


def legacy_list(request: Request) -> LegacyList:
    """0.9: ``search``, ``limit``, ``offset``, ``orderType`` in declaration order."""
    params = dict(request.query)
    search = params.get("search", "")
    if len(search) > LEGACY_MAX_SEARCH:
        raise _errors.argument_invalid("search", _text(LEGACY_MAX_SEARCH))
    limit = _legacy_int("limit", params.get("limit"), 25, LEGACY_MAX_LIMIT)
    offset = _legacy_int("offset", params.get("offset"), 0, LEGACY_MAX_OFFSET)
    order = params.get("orderType", "ASC")
    if order not in ("ASC", "DESC"):
        raise _errors.argument_invalid("orderType", _whitelist(("ASC", "DESC")))
    return LegacyList(search=search, limit=limit, offset=offset, descending=order == "DESC")


def raw_queries(request: Request) -> list[str]:
    """Collect ``queries[]=``, ``queries[N]=`` (and a bare ``queries=``) in arrival order."""
    found: list[str] = []
    for key, value in request.query:
        if key in ("queries", "queries[]") or re.fullmatch(r"queries\[\d+\]", key):
            found.append(value)
    return found


@dataclass(frozen=True)
class ModernList:
    """Validated 1.x list parameters."""

    selection: Selection
    include_total: bool


def modern_list(request: Request, generation: Generation) -> ModernList:
    """1.x: ``queries`` (syntax per generation), then ``total``.

    An unknown parameter such as ``search`` (dropped in 1.7) is ignored, as
    Appwrite ignores any undeclared parameter.
    """
    texts = raw_queries(request)
    if len(texts) > MAX_QUERIES or any(len(text) > MAX_QUERY_LENGTH for text in texts):
        raise _errors.queries_invalid(
            f"Value must a valid array no longer than {MAX_QUERIES} items and "
            f"{_text(MAX_QUERY_LENGTH)}"
        )
    parse = parse_json_query if generation.list_style == "query-json" else parse_string_query
    try:
        parsed: list[Query] = [parse(text) for text in texts]
        selection = validate(parsed)
    except QueryError as error:
        raise _errors.queries_invalid(str(error)) from None
    total_raw = dict(request.query).get("total")
    include_total = True
    if total_raw is not None:
        flag = loose_bool(total_raw)
        if flag is None:
            raise _errors.argument_invalid("total", _BOOLEAN)
        include_total = flag
    return ModernList(selection=selection, include_total=include_total)


# ---------------------------------------------------------------------------- create


def legacy_create(params: dict[str, Any]) -> str:
    """0.9: the only body parameter is ``data`` (a string of at most 8,192 chars)."""
    data = params.get("data")
    if data is None:
        return ""
    if not isinstance(data, str) or len(data) > LEGACY_MAX_DATA:
        raise _errors.argument_invalid("data", _text(LEGACY_MAX_DATA))
    return data


@dataclass(frozen=True)
class ModernCreate:
    """Validated 1.8 create parameters."""

    body: str
    is_async: bool
    path: str
    method: str
    headers: list[tuple[str, str]]
    scheduled_at_ms: int | None


def _string_param(params: dict[str, Any], name: str, default: str, length: int) -> str:
    value = params.get(name)
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > length:
        raise _errors.argument_invalid(name, _text(length))
    return value


def _headers_param(value: Any) -> list[tuple[str, str]]:
    """``headers``: a JSON object, or (form bodies) a string holding one."""
    if value is None or value in ([], ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _errors.argument_invalid("headers", _OBJECT) from None
    if value == []:
        return []
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise _errors.argument_invalid("headers", _OBJECT)
    return [(str(name), str(item)) for name, item in value.items()]


def _future_minute(value: str, now_ms: int) -> int:
    """``scheduledAt``: at least 60 s after the fake clock's now, whole minutes only."""
    moment = parse_iso(value)
    if moment is None or moment.second or moment.microsecond or to_ms(moment) < now_ms + 60_000:
        raise _errors.bad_request(
            "Execution schedule must be a valid date, and at least 1 minute from now"
        )
    return to_ms(moment)


def modern_create(params: dict[str, Any], now_ms: int) -> ModernCreate:
    """1.8: validate in declaration order, then the action's own checks."""
    body = _string_param(params, "body", "", MAX_BODY)
    raw_async = params.get("async")
    is_async = False
    if raw_async is not None:
        flag = loose_bool(raw_async)
        if flag is None:
            raise _errors.argument_invalid("async", _BOOLEAN)
        is_async = flag
    path = _string_param(params, "path", "/", MAX_PATH)
    method = params.get("method")
    if method is None:
        method = "POST"
    elif method not in EXECUTION_METHODS:
        raise _errors.argument_invalid("method", _whitelist(EXECUTION_METHODS))
    headers_raw = params.get("headers")
    if headers_raw is not None and not isinstance(headers_raw, (dict, list, str)):
        raise _errors.argument_invalid("headers", _OBJECT)
    scheduled_raw = params.get("scheduledAt")
    if scheduled_raw is not None and (
        not isinstance(scheduled_raw, str) or len(scheduled_raw) > 100
    ):
        raise _errors.argument_invalid("scheduledAt", _text(100))
    if scheduled_raw is not None and not is_async:
        raise _errors.bad_request(
            "Scheduled executions must run asynchronously. Set scheduledAt to a future date, "
            "or set async to true."
        )
    scheduled_at_ms = None if scheduled_raw is None else _future_minute(scheduled_raw, now_ms)
    headers = _headers_param(headers_raw)
    return ModernCreate(
        body=body,
        is_async=is_async,
        path=path,
        method=str(method),
        headers=headers,
        scheduled_at_ms=scheduled_at_ms,
    )
