"""Appwrite's JSON query strings (the 1.5+ form), written one canonical way.

The order of the queries is fixed (filters, order, cursor, limit, offset) so that the
same call always sends the same request: recorded traffic replays, and caches and
logs see one spelling.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

ORDER_ATTRIBUTE = "$createdAt"


def query(method: str, attribute: str | None = None, values: Sequence[Any] | None = None) -> str:
    """One query as the SDKs serialise it: method, then attribute, then values."""
    item: dict[str, Any] = {"method": method}
    if attribute is not None:
        item["attribute"] = attribute
    if values is not None:
        item["values"] = list(values)
    return json.dumps(item, separators=(",", ":"), ensure_ascii=False)


def page_queries(
    *,
    limit: int,
    offset: int | None,
    order: str,
    status: Sequence[str] = (),
    trigger: Sequence[str] = (),
    cursor_after: str | None = None,
) -> list[str]:
    """The queries for one page of a function's executions."""
    queries = []
    if trigger:
        queries.append(query("equal", "trigger", trigger))
    if status:
        queries.append(query("equal", "status", status))
    queries.append(query("orderAsc" if order == "asc" else "orderDesc", ORDER_ATTRIBUTE))
    if cursor_after is not None:
        queries.append(query("cursorAfter", values=[cursor_after]))
    queries.append(query("limit", values=[limit]))
    if offset is not None:
        queries.append(query("offset", values=[offset]))
    return queries
