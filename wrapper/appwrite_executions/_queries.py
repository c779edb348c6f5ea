"""Appwrite's query strings, in the JSON form (1.5+) or the string form (1.0-1.4).

The order of the queries is fixed (filters, order, cursor, limit, offset) so that the
same call always sends the same request: recorded traffic replays, and caches and
logs see one spelling.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

ORDER_ATTRIBUTE = "$createdAt"
Form = Literal["json", "string"]
# json.dumps with any option builds a new encoder per call; these are built once.
_literal = json.JSONEncoder(ensure_ascii=False).encode
_compact = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def query(
    method: str,
    attribute: str | None = None,
    values: Sequence[Any] | None = None,
    form: Form = "json",
) -> str:
    """One query as the SDKs serialise it: method, then attribute, then values.

    The string form of 1.0-1.4 reads `limit(25)`, `orderDesc("$createdAt")`,
    `equal("status", ["failed"])`; arguments are JSON literals.
    """
    if form == "string":
        args = [] if attribute is None else [_literal(attribute)]
        if values is not None:
            literals = [_literal(v) for v in values]
            args.append(f"[{', '.join(literals)}]" if method == "equal" else ", ".join(literals))
        return f"{method}({', '.join(args)})"
    item: dict[str, Any] = {"method": method}
    if attribute is not None:
        item["attribute"] = attribute
    if values is not None:
        item["values"] = list(values)
    return _compact(item)


def page_queries(
    *,
    limit: int,
    offset: int | None,
    order: str,
    status: Sequence[str] = (),
    trigger: Sequence[str] = (),
    cursor_after: str | None = None,
    form: Form = "json",
) -> list[str]:
    """The queries for one page of a function's executions."""
    queries = []
    if trigger:
        queries.append(query("equal", "trigger", trigger, form))
    if status:
        queries.append(query("equal", "status", status, form))
    queries.append(
        query("orderAsc" if order == "asc" else "orderDesc", ORDER_ATTRIBUTE, None, form)
    )
    if cursor_after is not None:
        queries.append(query("cursorAfter", None, [cursor_after], form))
    queries.append(query("limit", None, [limit], form))
    if offset is not None:
        queries.append(query("offset", None, [offset], form))
    return queries
