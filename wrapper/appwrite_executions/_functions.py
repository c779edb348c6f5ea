"""The project's functions (GET /functions): what `--all-functions` walks.

Each generation's generated client builds the request in the form the line takes
(limit/offset/orderType before 1.0, queries[] from 1.0: strings until 1.4, JSON from
1.5), and the answer is read into FunctionInfo, which keeps only what the client needs:
the id, the name and the runtime (``env`` before 0.9). The list's count is ``sum``
before 0.13 and ``total`` after, as for executions.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs

from ._chain import generated_package, generation_for, list_total_key, supports
from ._errors import InvalidResponse
from ._queries import Form, query
from ._transport import Transport, parse

PAGE_MAX = 100  # the legacy lines' Range(0, 100); 1.x pages the same way here


@attrs.frozen
class FunctionInfo:
    """One function of the project: its id, name and runtime ("" when not given)."""

    id: str
    name: str
    runtime: str = ""


@attrs.frozen
class FunctionList:
    """A page of functions and the server's count of all that matched."""

    total: int
    functions: tuple[FunctionInfo, ...]


def _module(generation: str) -> ModuleType:
    package = generated_package(generation)
    return importlib.import_module(f"{package}.api.functions.functions_list")


def _bad(what: str, value: object, server_version: str) -> InvalidResponse:
    return InvalidResponse(
        f"the function list's {what} is {type(value).__name__}, not the documented type",
        method="GET",
        path="/functions",
        server_version=server_version,
    )


def _read(data: dict[str, Any], generation: str, server_version: str) -> FunctionList:
    key = list_total_key(generation)
    total = data.get(key)
    if type(total) is not int:
        raise _bad(key, total, server_version)
    items = data.get("functions")
    if not isinstance(items, list):
        raise _bad("functions", items, server_version)
    functions = []
    for item in items:
        if not isinstance(item, dict):
            raise _bad("item", item, server_version)
        function_id, name = item.get("$id"), item.get("name")
        if not isinstance(function_id, str) or not function_id:
            raise _bad("$id", function_id, server_version)
        if not isinstance(name, str):
            raise _bad("name", name, server_version)
        runtime = item.get("runtime", item.get("env", ""))
        functions.append(
            FunctionInfo(function_id, name, runtime if isinstance(runtime, str) else "")
        )
    return FunctionList(total, tuple(functions))


def functions_page(
    transport: Transport,
    server_version: str,
    *,
    limit: int,
    offset: int | None,
    cursor_after: str | None,
    search: str | None,
) -> FunctionList:
    """One page of the project's functions, oldest first."""
    generation = generation_for(server_version).generation
    module = _module(generation)
    kwargs: dict[str, Any] = {}
    if search:
        kwargs["search"] = search
    if supports("list_queries_strings", server_version) or supports(
        "list_queries_json", server_version
    ):
        form: Form = "json" if supports("list_queries_json", server_version) else "string"
        queries = []
        if cursor_after is not None:
            queries.append(query("cursorAfter", None, [cursor_after], form))
        queries.append(query("limit", None, [limit], form))
        if offset:
            queries.append(query("offset", None, [offset], form))
        kwargs["queries"] = queries
    else:
        order_type = importlib.import_module(
            f"{generated_package(generation)}.models"
        ).FunctionsListOrderType
        kwargs.update(limit=limit, offset=offset or 0, order_type=order_type.ASC)
    request = module.build_request(**kwargs)
    response = transport.send(request)
    parsed = parse(module, response, server_version=server_version)
    return _read(parsed.to_dict(), generation, server_version)


def iter_functions(transport: Transport, server_version: str) -> Iterator[FunctionInfo]:
    """Every function of the project: by cursor from 1.0, by offset before."""
    cursor_paged = supports("list_queries_strings", server_version) or supports(
        "list_queries_json", server_version
    )
    offset, cursor = 0, None
    while True:
        page = functions_page(
            transport,
            server_version,
            limit=PAGE_MAX,
            offset=None if cursor_paged else offset,
            cursor_after=cursor,
            search=None,
        )
        yield from page.functions
        offset += len(page.functions)
        if len(page.functions) < PAGE_MAX or (not cursor_paged and offset >= page.total):
            return
        if cursor_paged:
            cursor = page.functions[-1].id
