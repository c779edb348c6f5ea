"""``Query`` as the ``appwrite==16.0.0`` SDK spells it: static helpers returning JSON strings.

Each helper returns the same string as the SDK's (compact JSON with ``method``, then
``attribute`` and ``values`` when given, non-ASCII escaped), so queries built here
and queries built with the SDK are interchangeable. Which of them a server honours
for executions is decided when the list is sent (see ``_listing``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = ["Query"]

_encode = json.JSONEncoder(separators=(",", ":")).encode


class Query:
    """One query; ``str(query)`` is its JSON."""

    def __init__(self, method: str, attribute: str | None = None, values: Any = None) -> None:
        self.method = method
        self.attribute = attribute
        self.values: list[Any] | None = (
            None if values is None else (values if isinstance(values, list) else [values])
        )

    def _document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"method": self.method}
        if self.attribute is not None:
            document["attribute"] = self.attribute
        if self.values is not None:
            document["values"] = self.values
        return document

    def __str__(self) -> str:
        return _encode(self._document())

    @staticmethod
    def _make(method: str, attribute: str | None = None, values: Any = None) -> str:
        return str(Query(method, attribute, values))

    # -- filters -------------------------------------------------------------------

    @staticmethod
    def equal(attribute: str, value: Any) -> str:
        return Query._make("equal", attribute, value)

    @staticmethod
    def not_equal(attribute: str, value: Any) -> str:
        return Query._make("notEqual", attribute, value)

    @staticmethod
    def regex(attribute: str, pattern: str) -> str:
        return Query._make("regex", attribute, pattern)

    @staticmethod
    def less_than(attribute: str, value: Any) -> str:
        return Query._make("lessThan", attribute, value)

    @staticmethod
    def less_than_equal(attribute: str, value: Any) -> str:
        return Query._make("lessThanEqual", attribute, value)

    @staticmethod
    def greater_than(attribute: str, value: Any) -> str:
        return Query._make("greaterThan", attribute, value)

    @staticmethod
    def greater_than_equal(attribute: str, value: Any) -> str:
        return Query._make("greaterThanEqual", attribute, value)

    @staticmethod
    def is_null(attribute: str) -> str:
        return Query._make("isNull", attribute)

    @staticmethod
    def is_not_null(attribute: str) -> str:
        return Query._make("isNotNull", attribute)

    @staticmethod
    def exists(attributes: Any) -> str:
        return Query._make("exists", None, attributes)

    @staticmethod
    def not_exists(attributes: Any) -> str:
        return Query._make("notExists", None, attributes)

    @staticmethod
    def between(attribute: str, start: Any, end: Any) -> str:
        return Query._make("between", attribute, [start, end])

    @staticmethod
    def not_between(attribute: str, start: Any, end: Any) -> str:
        return Query._make("notBetween", attribute, [start, end])

    @staticmethod
    def starts_with(attribute: str, value: Any) -> str:
        return Query._make("startsWith", attribute, value)

    @staticmethod
    def not_starts_with(attribute: str, value: Any) -> str:
        return Query._make("notStartsWith", attribute, value)

    @staticmethod
    def ends_with(attribute: str, value: Any) -> str:
        return Query._make("endsWith", attribute, value)

    @staticmethod
    def not_ends_with(attribute: str, value: Any) -> str:
        return Query._make("notEndsWith", attribute, value)

    @staticmethod
    def contains(attribute: str, value: Any) -> str:
        return Query._make("contains", attribute, value)

    @staticmethod
    def contains_any(attribute: str, value: Any) -> str:
        return Query._make("containsAny", attribute, value)

    @staticmethod
    def contains_all(attribute: str, value: Any) -> str:
        return Query._make("containsAll", attribute, value)

    @staticmethod
    def not_contains(attribute: str, value: Any) -> str:
        return Query._make("notContains", attribute, value)

    @staticmethod
    def search(attribute: str, value: Any) -> str:
        return Query._make("search", attribute, value)

    @staticmethod
    def not_search(attribute: str, value: Any) -> str:
        return Query._make("notSearch", attribute, value)

    @staticmethod
    def select(attributes: Any) -> str:
        return Query._make("select", None, attributes)

    # -- dates -----------------------------------------------------------------------

    @staticmethod
    def created_before(value: Any) -> str:
        return Query.less_than("$createdAt", value)

    @staticmethod
    def created_after(value: Any) -> str:
        return Query.greater_than("$createdAt", value)

    @staticmethod
    def created_between(start: Any, end: Any) -> str:
        return Query.between("$createdAt", start, end)

    @staticmethod
    def updated_before(value: Any) -> str:
        return Query.less_than("$updatedAt", value)

    @staticmethod
    def updated_after(value: Any) -> str:
        return Query.greater_than("$updatedAt", value)

    @staticmethod
    def updated_between(start: Any, end: Any) -> str:
        return Query.between("$updatedAt", start, end)

    # -- order, cursor, paging ---------------------------------------------------------

    @staticmethod
    def order_asc(attribute: str) -> str:
        return Query._make("orderAsc", attribute)

    @staticmethod
    def order_desc(attribute: str) -> str:
        return Query._make("orderDesc", attribute)

    @staticmethod
    def order_random() -> str:
        return Query._make("orderRandom")

    @staticmethod
    def cursor_before(id: str) -> str:
        return Query._make("cursorBefore", None, id)

    @staticmethod
    def cursor_after(id: str) -> str:
        return Query._make("cursorAfter", None, id)

    @staticmethod
    def limit(limit: int) -> str:
        return Query._make("limit", None, limit)

    @staticmethod
    def offset(offset: int) -> str:
        return Query._make("offset", None, offset)

    # -- logic -----------------------------------------------------------------------

    @staticmethod
    def or_queries(queries: Sequence[str]) -> str:
        return Query._make("or", None, [json.loads(q) for q in queries])

    @staticmethod
    def and_queries(queries: Sequence[str]) -> str:
        return Query._make("and", None, [json.loads(q) for q in queries])

    @staticmethod
    def elem_match(attribute: str, queries: Sequence[str]) -> str:
        return Query._make("elemMatch", attribute, [json.loads(q) for q in queries])

    # -- geometry (no execution attribute is spatial: refused when listing) -------------

    @staticmethod
    def distance_equal(attribute: str, values: Any, distance: Any, meters: bool = True) -> str:
        return Query._make("distanceEqual", attribute, [[values, distance, meters]])

    @staticmethod
    def distance_not_equal(attribute: str, values: Any, distance: Any, meters: bool = True) -> str:
        return Query._make("distanceNotEqual", attribute, [[values, distance, meters]])

    @staticmethod
    def distance_greater_than(
        attribute: str, values: Any, distance: Any, meters: bool = True
    ) -> str:
        return Query._make("distanceGreaterThan", attribute, [[values, distance, meters]])

    @staticmethod
    def distance_less_than(attribute: str, values: Any, distance: Any, meters: bool = True) -> str:
        return Query._make("distanceLessThan", attribute, [[values, distance, meters]])

    @staticmethod
    def intersects(attribute: str, values: Any) -> str:
        return Query._make("intersects", attribute, [values])

    @staticmethod
    def not_intersects(attribute: str, values: Any) -> str:
        return Query._make("notIntersects", attribute, [values])

    @staticmethod
    def crosses(attribute: str, values: Any) -> str:
        return Query._make("crosses", attribute, [values])

    @staticmethod
    def not_crosses(attribute: str, values: Any) -> str:
        return Query._make("notCrosses", attribute, [values])

    @staticmethod
    def overlaps(attribute: str, values: Any) -> str:
        return Query._make("overlaps", attribute, [values])

    @staticmethod
    def not_overlaps(attribute: str, values: Any) -> str:
        return Query._make("notOverlaps", attribute, [values])

    @staticmethod
    def touches(attribute: str, values: Any) -> str:
        return Query._make("touches", attribute, [values])

    @staticmethod
    def not_touches(attribute: str, values: Any) -> str:
        return Query._make("notTouches", attribute, [values])
