"""Route parameters: decoding request bodies and validating them the Utopia way.

This is the one place that knows how each generation spells its requests:
:func:`parse_list` and :func:`parse_create` dispatch on the generation's
``list_style`` / ``create_style`` and return generation-neutral values.

Appwrite validates parameters in declaration order and stops at the first failure,
answering 400 with ``Invalid `name` param: <validator description>`` (0.x
wording: ``Invalid name: <description>``).  The validators here reproduce those
descriptions for the parameters the executions routes declare.  A parameter a
line does not declare is ignored, as Appwrite ignores any undeclared parameter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from . import _errors
from ._clock import parse_iso, to_ms
from ._generations import MODERN_1_8, Generation
from ._queries import (
    MAX_QUERIES,
    MAX_QUERY_LENGTH,
    Query,
    QueryError,
    Selection,
    attribute_names,
    parse_json_query,
    parse_string_query,
    validate,
)
from ._wire import Request

LEGACY_MAX_LIMIT = 100
LEGACY_MAX_OFFSET = 2000
"""0.7-0.11 declare ``offset`` as ``Range(0, 2000)`` (0.12-0.15: ``Range(0, 5000)``)."""
LEGACY_MAX_SEARCH = 256
LEGACY_MAX_DATA = 8192
MAX_BODY = 10_485_760
MAX_PATH = 2048
MAX_SEARCH = 256
CURSOR_DIRECTIONS = ("after", "before")

_INT_RE = re.compile(r"^[+-]?\d+$")
_UID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$")
"""1.x ``UID`` rule, also applied to 0.x (whose 13-hex ``uniqid()`` ids always pass)."""
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
    """Validated 0.7-0.11 list parameters."""

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


def _search(params: dict[str, str]) -> str:
    search = params.get("search", "")
    if len(search) > LEGACY_MAX_SEARCH:
        raise _errors.argument_invalid("search", _text(LEGACY_MAX_SEARCH))
    return search


def legacy_list(request: Request, max_offset: int = LEGACY_MAX_OFFSET) -> LegacyList:
    """0.7-0.11: ``search``, ``limit``, ``offset``, ``orderType`` in declaration order."""
    params = dict(request.query)
    search = _search(params)
    limit = _legacy_int("limit", params.get("limit"), 25, LEGACY_MAX_LIMIT)
    offset = _legacy_int("offset", params.get("offset"), 0, max_offset)
    order = params.get("orderType", "ASC")
    if order not in ("ASC", "DESC"):
        raise _errors.argument_invalid("orderType", _whitelist(("ASC", "DESC")))
    return LegacyList(search=search, limit=limit, offset=offset, descending=order == "DESC")


@dataclass(frozen=True)
class CursorList:
    """Validated 0.12-0.15 list parameters."""

    limit: int
    offset: int
    search: str
    cursor: str
    before: bool


def cursor_list(request: Request, max_offset: int) -> CursorList:
    """0.12-0.15: ``limit``, ``offset``, ``search``, ``cursor``, ``cursorDirection``.

    ``cursor`` is a ``UID`` (empty: none); ``cursorDirection`` is ``after`` or ``before``.
    """
    params = dict(request.query)
    limit = _legacy_int("limit", params.get("limit"), 25, LEGACY_MAX_LIMIT)
    offset = _legacy_int("offset", params.get("offset"), 0, max_offset)
    search = _search(params)
    cursor = params.get("cursor", "")
    if cursor:
        check_uid("cursor", cursor)
    direction = params.get("cursorDirection", "after")
    if direction not in CURSOR_DIRECTIONS:
        raise _errors.argument_invalid("cursorDirection", _whitelist(CURSOR_DIRECTIONS))
    return CursorList(
        limit=limit, offset=offset, search=search, cursor=cursor, before=direction == "before"
    )


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
    """1.x: ``queries`` (syntax per generation), then ``total`` (1.8).

    ``search`` (1.0-1.6) is read by :func:`parse_list`; where a line does not
    declare it (1.7+) it is ignored, as Appwrite ignores any undeclared parameter.
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
        selection = validate(
            parsed,
            attribute_names(generation.filter_attributes),
            limit_range=(generation.limit_min, generation.limit_max),
            offset_max=generation.queries_offset_max,
        )
    except QueryError as error:
        raise _errors.queries_invalid(str(error)) from None
    total_raw = dict(request.query).get("total") if generation.list_total else None
    include_total = True
    if total_raw is not None:
        flag = loose_bool(total_raw)
        if flag is None:
            raise _errors.argument_invalid("total", _BOOLEAN)
        include_total = flag
    return ModernList(selection=selection, include_total=include_total)


@dataclass(frozen=True)
class ListRequest:
    """A list request of any generation: what to select, whether to count, what to search."""

    selection: Selection
    include_total: bool = True
    search: str = ""


def parse_list(request: Request, generation: Generation) -> ListRequest:
    """Validate the list parameters the way ``generation`` declares them."""
    if generation.list_style == "legacy-params":
        legacy = legacy_list(request, generation.max_offset)
        return ListRequest(
            # 0.7-0.11 order by the document uid, the execution's $id (a uniqid() of the
            # creation time): 0.9.4:src/Appwrite/Database/Adapter/MySQL.php ORDER BY sort_ff.
            selection=Selection(
                orders=(("$id", legacy.descending),),
                limit=legacy.limit,
                offset=legacy.offset,
            ),
            search=legacy.search,
        )
    if generation.list_style == "cursor-params":
        paged = cursor_list(request, generation.max_offset)
        return ListRequest(
            selection=Selection(
                orders=(("", True),) if generation.newest_first else (),
                cursor=(paged.cursor, paged.before) if paged.cursor else None,
                limit=paged.limit,
                offset=paged.offset,
            ),
            search=paged.search,
        )
    modern = modern_list(request, generation)
    search = _search(dict(request.query)) if generation.list_search else ""
    return ListRequest(
        selection=modern.selection, include_total=modern.include_total, search=search
    )


# ---------------------------------------------------------------------------- create


def legacy_create(params: dict[str, Any]) -> str:
    """0.8-1.3: ``data``, a string of at most 8,192 chars."""
    data = params.get("data")
    if data is None:
        return ""
    if not isinstance(data, str) or len(data) > LEGACY_MAX_DATA:
        raise _errors.argument_invalid("data", _text(LEGACY_MAX_DATA))
    return data


def _bool_param(params: dict[str, Any], name: str, default: bool) -> bool:
    raw = params.get(name)
    if raw is None:
        return default
    flag = loose_bool(raw)
    if flag is None:
        raise _errors.argument_invalid(name, _BOOLEAN)
    return flag


@dataclass(frozen=True)
class DataCreate:
    """Validated 0.7-1.3 create parameters (0.7 declares none; ``async`` from 0.13)."""

    data: str
    is_async: bool


@dataclass(frozen=True)
class ModernCreate:
    """Validated 1.4+ create parameters."""

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


def modern_create(
    params: dict[str, Any], now_ms: int, generation: Generation = MODERN_1_8
) -> ModernCreate:
    """1.4+: validate in declaration order, then the action's own checks.

    ``method`` accepts HEAD from 1.8 and defaults to GET on 1.4 (POST later);
    ``scheduledAt`` exists from 1.6 (ignored before, as undeclared).
    """
    body = _string_param(params, "body", "", MAX_BODY)
    is_async = _bool_param(params, "async", False)
    path = _string_param(params, "path", "/", MAX_PATH)
    method = params.get("method")
    if method is None:
        method = generation.default_method
    elif method not in generation.create_methods:
        raise _errors.argument_invalid("method", _whitelist(generation.create_methods))
    headers_raw = params.get("headers")
    if headers_raw is not None and not isinstance(headers_raw, (dict, list, str)):
        raise _errors.argument_invalid("headers", _OBJECT)
    scheduled_raw = params.get("scheduledAt") if generation.create_scheduled_at else None
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


def parse_create(
    params: dict[str, Any], generation: Generation, now_ms: int
) -> DataCreate | ModernCreate:
    """Validate the create body the way ``generation`` declares it.

    0.7 declares no parameter; 0.8-1.3 take ``data`` (and ``async`` from 0.13,
    defaulting to true on 0.13-0.15 and false from 1.0); before 0.13 every
    execution is asynchronous.
    """
    if generation.create_style == "body":
        return modern_create(params, now_ms, generation)
    data = legacy_create(params) if generation.create_style == "data" else ""
    is_async = (
        _bool_param(params, "async", generation.async_default) if generation.create_async else True
    )
    return DataCreate(data=data, is_async=is_async)
