"""``GET /v1/functions``: the project's functions, as each release line lists them.

From Appwrite's source at each line: ``app/controllers/api/functions.php``
(``App::get('/v1/functions')``) up to 1.6, then
``src/Appwrite/Platform/Modules/Functions/Http/Functions/XList.php``. The scope is
``functions.read``, which only API keys (of the roles a stand-in knows) carry.
Parameters, in declaration order:

- 0.7-0.11: ``search``, ``limit`` (0-100), ``offset`` (0-2000), ``orderType``;
- 0.12-0.15: ``search``, ``limit``, ``offset`` (0-5000), ``cursor``,
  ``cursorDirection``, ``orderType``;
- 1.0+: ``queries`` (the same parser as the executions list; no filter attribute
  is modelled here), ``search``; 1.8.1 adds ``total``.

A function is rendered with ``$id``, ``name`` and its runtime (``env`` before 0.9,
``runtime`` after): the seeded functions run ``node-16.0``. Order: 0.7-0.11 sort by
``$id`` (the legacy adapter orders by uid); from 0.12 by creation (the internal
``_id``), oldest first unless DESC; the count is capped at 5000 from 0.12
(APP_LIMIT_COUNT).
"""

from __future__ import annotations

from typing import Any

from . import _errors, _params
from ._data import FunctionSpec
from ._errors import ApiError
from ._generations import Generation
from ._queries import QueryError, parse_json_query, parse_string_query, validate
from ._render import list_count_key
from ._wire import Request

RUNTIME = "node-16.0"
_MAX_OFFSET_0_12 = 5000  # APP_LIMIT_COUNT


def render_function(generation: Generation, spec: FunctionSpec) -> dict[str, Any]:
    runtime_key = "runtime" if generation.line >= (0, 9) else "env"
    return {"$id": spec.function_id, "name": spec.function_id, runtime_key: RUNTIME}


def _users_scope() -> ApiError:
    return ApiError(
        401,
        "general_unauthorized_scope",
        'User (role: users) missing scopes (["functions.read"])',
        "User (role: member) missing scope (functions.read)",
    )


def _order(params: dict[str, str]) -> bool:
    order = params.get("orderType", "ASC")
    if order not in ("ASC", "DESC"):
        raise _errors.argument_invalid("orderType", "Accepts one of: ASC, DESC")
    return order == "DESC"


def list_functions(
    request: Request, generation: Generation, functions: list[FunctionSpec], is_key: bool
) -> dict[str, Any]:
    """The answer to ``GET /v1/functions`` (credentials already checked)."""
    if not is_key:
        raise _users_scope()
    params = dict(request.query)
    search = ""
    descending = False
    cursor: tuple[str, bool] | None = None
    if generation.list_style == "legacy-params":
        legacy = _params.legacy_list(request, 2000)
        search, limit, offset, descending = (
            legacy.search,
            legacy.limit,
            legacy.offset,
            legacy.descending,
        )
    elif generation.list_style == "cursor-params":
        paged = _params.cursor_list(request, _MAX_OFFSET_0_12)
        descending = _order(params)
        search, limit, offset = paged.search, paged.limit, paged.offset
        cursor = (paged.cursor, paged.before) if paged.cursor else None
    else:
        texts = _params.raw_queries(request)
        parse = parse_json_query if generation.list_style == "query-json" else parse_string_query
        try:
            selection = validate([parse(text) for text in texts], {})
        except QueryError as error:
            raise _errors.queries_invalid(str(error)) from None
        search = params.get("search", "")
        limit, offset, cursor = selection.limit, selection.offset, selection.cursor
        descending = bool(selection.orders and selection.orders[0][1])
    if generation.list_style == "legacy-params":
        ordered = sorted(functions, key=lambda spec: spec.function_id, reverse=descending)
    else:  # creation order: the order they were seeded in
        ordered = functions[::-1] if descending else list(functions)
    matched = [spec for spec in ordered if not search or search.lower() in spec.function_id]
    window = matched
    if cursor is not None:
        ids = [spec.function_id for spec in matched]
        if cursor[0] not in ids:
            raise ApiError(
                400,
                "general_cursor_not_found",
                f"Function '{cursor[0]}' for the 'cursor' value not found.",
            )
        at = ids.index(cursor[0])
        window = matched[:at][::-1] if cursor[1] else matched[at + 1 :]
    page = window[offset : offset + limit]
    if cursor is not None and cursor[1]:
        page = page[::-1]
    count = len(matched) if generation.list_style == "legacy-params" else min(len(matched), 5000)
    return {
        list_count_key(generation): count,
        "functions": [render_function(generation, spec) for spec in page],
    }
