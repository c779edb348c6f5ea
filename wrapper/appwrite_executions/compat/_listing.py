"""Listing executions with an SDK's queries, on whatever server is there.

Every query is checked before anything is sent, then each part goes where it can be
honoured:

* a 1.x server that can apply all of them gets them all, in its own form (call form
  up to 1.4, JSON from 1.5; ``statusCode`` for ``responseStatusCode`` up to 1.3);
* a 0.x server that is asked for no more than a page in creation order gets its own
  ``limit``/``offset``/``orderType`` parameters;
* anything else is read in full (in creation order, with equal-on-status/trigger
  filters left to the server where it can) and filtered, ordered and cut here, the
  way Appwrite's database does: ties fall back to creation order in the direction of
  the last order; ``cursorBefore`` keeps the items just before the cursor.

A query that neither side can honour (a method no server applies to executions, an
attribute the server does not record, a value of the wrong type) raises
:class:`QueryRefused` naming the query and the server version.

Which server takes which query, from Appwrite's source (``TAG:path``):

* attributes: 1.0.3-1.3.8 ``trigger, status, statusCode, duration``; 1.4.14-1.5.11
  ``responseStatusCode`` instead of ``statusCode``; 1.6.2 on adds ``requestMethod,
  requestPath, deploymentId``; every line adds ``$id, $createdAt, $updatedAt``
  (``src/Appwrite/Utopia/Database/Validator/Queries/Executions.php`` and ``Base.php``);
  no line takes ``select`` for executions from 1.5 on (``Base.php``: Limit, Offset,
  Cursor, Filter, Order).
* methods: the utopia-php/database release each tag pins (``composer.lock``): 0.25.5
  and 0.28.0 (1.0-1.2) have equal, notEqual, lessThan(Equal), greaterThan(Equal),
  contains, search and the order/cursor/paging ones (``src/Database/Query.php``);
  0.36.1 (1.3) adds isNull, isNotNull, between, startsWith, endsWith and select;
  ``contains`` on a string attribute is allowed from 0.52.1 (1.5;
  ``src/Database/Validator/Query/Filter.php``); 3.5.0 (1.8) adds the ``not*`` forms,
  which this module applies itself so that every line answers alike.
* executions have no full-text index, so ``search`` is refused as the server would.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from .. import Client, Execution, ExecutionList, NotFound
from .._chain import generation_for, modern_fields_in, parse_version
from ._query import MAX_QUERIES, ParsedQuery, QuerySyntaxError, parse_query

__all__ = ["DEFAULT_LIMIT", "QueryRefused", "list_with_queries"]

DEFAULT_LIMIT = 25
# The largest limit 1.0-1.2 take (1.0.3, 1.2.1:
# src/Appwrite/Utopia/Database/Validator/Query/Limit.php, maxLimit = 100; 1.3.8 lifts it).
_LIMIT_1_0 = 100
Kind = Literal["string", "integer", "number", "date"]


class QueryRefused(Exception):
    """A query that cannot be honoured on this server; nothing was sent."""


@dataclass(frozen=True)
class _Attribute:
    kind: Kind
    field: str  # the modern field whose value it is
    get: Callable[[Execution], Any]


_ATTRIBUTES: dict[str, _Attribute] = {
    "$id": _Attribute("string", "$id", lambda e: e.id),
    "$createdAt": _Attribute("date", "$createdAt", lambda e: e.created_at),
    "$updatedAt": _Attribute("date", "$updatedAt", lambda e: e.updated_at),
    "trigger": _Attribute("string", "trigger", lambda e: e.trigger.value),
    "status": _Attribute("string", "status", lambda e: e.status.value),
    "responseStatusCode": _Attribute(
        "integer", "responseStatusCode", lambda e: e.response_status_code
    ),
    "duration": _Attribute("number", "duration", lambda e: e.duration),
    "requestMethod": _Attribute("string", "requestMethod", lambda e: e.request_method),
    "requestPath": _Attribute("string", "requestPath", lambda e: e.request_path),
    "deploymentId": _Attribute("string", "deploymentId", lambda e: e.deployment_id),
}

_COMPARISONS = frozenset({"lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual"})
_STRING_ONLY = frozenset(
    {"startsWith", "endsWith", "contains", "notStartsWith", "notEndsWith", "notContains"}
)
_FILTERS = frozenset(
    {
        "equal",
        "notEqual",
        *_COMPARISONS,
        "between",
        "notBetween",
        "isNull",
        "isNotNull",
        *_STRING_ONLY,
    }
)
_REFUSED_WHY = {
    "search": "executions have no full-text index (the server refuses it too)",
    "notSearch": "executions have no full-text index (the server refuses it too)",
    "select": "the SDK's Execution model needs every field, and servers from 1.5 on "
    "refuse select for executions",
    "regex": "no server applies regular expressions to executions",
    "orderRandom": "no server orders executions at random",
    "exists": "every execution has every attribute",
    "notExists": "every execution has every attribute",
    "containsAny": "it applies to array attributes; executions have none to filter on",
    "containsAll": "it applies to array attributes; executions have none to filter on",
    "elemMatch": "it applies to array attributes; executions have none to filter on",
}


def _line(version: str) -> tuple[int, int]:
    major, minor, _ = parse_version(generation_for(version).generation)
    return major, minor


def _server_methods(version: str) -> frozenset[str]:
    """Filter methods a 1.x server applies to executions (empty before 1.0)."""
    line = _line(version)
    if line < (1, 0):
        return frozenset()
    methods = {"equal", "notEqual", *_COMPARISONS}
    if line >= (1, 3):
        methods |= {"between", "isNull", "isNotNull", "startsWith", "endsWith"}
    if line >= (1, 5):
        methods.add("contains")
    return frozenset(methods)


def _server_attribute(name: str, version: str) -> str | None:
    """The attribute's name on this server's queries, or None if it cannot filter on it."""
    line = _line(version)
    if line < (1, 0):
        return None
    if name == "responseStatusCode":
        return "statusCode" if line < (1, 4) else name
    if name in ("requestMethod", "requestPath", "deploymentId") and line < (1, 6):
        return None
    return name


# -- checking -------------------------------------------------------------------------


@dataclass
class _Plan:
    filters: list[ParsedQuery]
    orders: list[tuple[str, bool]]  # (attribute, descending)
    cursor: tuple[str, bool] | None  # (execution id, before?)
    limit: int
    offset: int
    order_texts: list[ParsedQuery]


def _refuse(query: ParsedQuery, why: str, version: str) -> QueryRefused:
    return QueryRefused(f"query {query.text} cannot be used with Appwrite {version}: {why}")


def _one_integer(query: ParsedQuery, version: str, minimum: int) -> int:
    if len(query.values) != 1:
        raise _refuse(query, f"{query.method} takes exactly one value", version)
    value = query.values[0]
    if type(value) is not int or value < minimum:
        raise _refuse(query, f"{query.method} takes a whole number >= {minimum}", version)
    return value


def _date_value(query: ParsedQuery, value: object, version: str) -> datetime:
    if not isinstance(value, str):
        raise _refuse(query, "dates are compared with ISO 8601 strings", version)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _refuse(query, f"{value!r} is not an ISO 8601 date", version) from None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def _check_value(query: ParsedQuery, attribute: _Attribute, value: object, version: str) -> None:
    kind = attribute.kind
    if kind == "date":
        _date_value(query, value, version)
        return
    numeric = type(value) in (int, float)
    ok = (
        isinstance(value, str)
        if kind == "string"
        else (type(value) is int if kind == "integer" else numeric)
    )
    if not ok:
        raise _refuse(query, f"{query.attribute} takes {kind} values, got {value!r}", version)


def _check_filter(query: ParsedQuery, version: str) -> None:
    method = query.method
    if method in ("and", "or"):
        if not query.children:
            raise _refuse(query, f"{method} needs at least one query inside", version)
        for child in query.children:
            try:
                _check_filter(child, version)
            except QueryRefused as error:
                raise QueryRefused(f"{error} (inside query {query.text})") from None
        return
    if method in _REFUSED_WHY:
        raise _refuse(query, _REFUSED_WHY[method], version)
    if method not in _FILTERS:
        raise _refuse(query, f"{method} is not a query executions can be filtered with", version)
    name = query.attribute or ""
    attribute = _ATTRIBUTES.get(name)
    if attribute is None:
        known = ", ".join(_ATTRIBUTES)
        raise _refuse(query, f"executions can be filtered on {known}, not {name!r}", version)
    if attribute.field not in modern_fields_in(generation_for(version).generation):
        raise _refuse(query, f"this server does not record {name}", version)
    values = query.values
    if method in ("isNull", "isNotNull"):
        if values:
            raise _refuse(query, f"{method} takes no values", version)
        return
    if method in ("between", "notBetween"):
        if len(values) != 2:
            raise _refuse(query, f"{method} takes exactly two values", version)
    elif method in _COMPARISONS or method in ("startsWith", "endsWith"):
        if len(values) != 1:
            raise _refuse(query, f"{method} takes exactly one value", version)
    elif not values:
        raise _refuse(query, f"{method} needs at least one value", version)
    elif len(values) > 100:
        raise _refuse(query, f"{method} takes at most 100 values", version)
    if method in _STRING_ONLY and attribute.kind != "string":
        raise _refuse(query, f"{method} applies to text attributes, not {name}", version)
    for value in values:
        _check_value(query, attribute, value, version)


def _plan(queries: Sequence[object], version: str) -> _Plan:
    if len(queries) > MAX_QUERIES:
        raise QueryRefused(f"at most {MAX_QUERIES} queries are allowed, got {len(queries)}")
    plan = _Plan([], [], None, DEFAULT_LIMIT, 0, [])
    limit_seen = offset_seen = False
    for text in queries:
        try:
            query = parse_query(text)
        except QuerySyntaxError as error:
            raise QueryRefused(f"invalid query: {error}") from None
        method = query.method
        if method == "limit":
            value = _one_integer(query, version, 1)
            if not limit_seen:  # the first one counts, as on the servers
                plan.limit, limit_seen = value, True
        elif method == "offset":
            value = _one_integer(query, version, 0)
            if not offset_seen:
                plan.offset, offset_seen = value, True
        elif method in ("cursorAfter", "cursorBefore"):
            if len(query.values) != 1 or not isinstance(query.values[0], str):
                raise _refuse(query, f"{method} takes one execution ID", version)
            if plan.cursor is None:
                plan.cursor = (query.values[0], method == "cursorBefore")
        elif method in ("orderAsc", "orderDesc"):
            name = query.attribute or ""
            attribute = _ATTRIBUTES.get(name)
            if attribute is None:
                known = ", ".join(_ATTRIBUTES)
                raise _refuse(query, f"executions can be ordered by {known}", version)
            if attribute.field not in modern_fields_in(generation_for(version).generation):
                raise _refuse(query, f"this server does not record {name}", version)
            plan.orders.append((name, method == "orderDesc"))
            plan.order_texts.append(query)
        else:
            _check_filter(query, version)
            plan.filters.append(query)
    return plan


# -- meaning ----------------------------------------------------------------------------


def _prepared(query: ParsedQuery, kind: Kind, version: str) -> tuple[Any, ...]:
    if kind == "date":
        return tuple(_date_value(query, value, version) for value in query.values)
    return query.values


def _predicate(query: ParsedQuery, version: str) -> Callable[[Execution], bool]:
    if query.method in ("and", "or"):
        parts = [_predicate(child, version) for child in query.children]
        if query.method == "and":
            return lambda e: all(part(e) for part in parts)
        return lambda e: any(part(e) for part in parts)
    attribute = _ATTRIBUTES[query.attribute or ""]
    get = attribute.get
    values = _prepared(query, attribute.kind, version)
    tests: dict[str, Callable[[Any], bool]] = {
        "equal": lambda v: v in values,
        "notEqual": lambda v: v not in values,
        "lessThan": lambda v: bool(v < values[0]),
        "lessThanEqual": lambda v: bool(v <= values[0]),
        "greaterThan": lambda v: bool(v > values[0]),
        "greaterThanEqual": lambda v: bool(v >= values[0]),
        "between": lambda v: bool(values[0] <= v <= values[1]),
        "notBetween": lambda v: not values[0] <= v <= values[1],
        "isNull": lambda v: v is None,
        "isNotNull": lambda v: v is not None,
        "startsWith": lambda v: v.startswith(values[0]),
        "endsWith": lambda v: v.endswith(values[0]),
        "contains": lambda v: any(x in v for x in values),
        "notStartsWith": lambda v: not v.startswith(values[0]),
        "notEndsWith": lambda v: not v.endswith(values[0]),
        "notContains": lambda v: not any(x in v for x in values),
    }
    test = tests[query.method]
    return lambda e: test(get(e))


def _compare(orders: Sequence[tuple[str, bool]]) -> Callable[[Any, Any], int]:
    """Order (sequence, execution) pairs by ``orders``, then by sequence in the
    direction of the last order, as Appwrite's database breaks ties."""
    last_descending = orders[-1][1] if orders else False

    def compare(left: tuple[int, Execution], right: tuple[int, Execution]) -> int:
        for name, descending in orders:
            get = _ATTRIBUTES[name].get
            a, b = get(left[1]), get(right[1])
            if a != b:
                result = -1 if a < b else 1
                return -result if descending else result
        result = (left[0] > right[0]) - (left[0] < right[0])
        return -result if last_descending else result

    return compare


# -- running ------------------------------------------------------------------------------


def _server_can(plan: _Plan, version: str) -> bool:
    methods = _server_methods(version)
    if not methods:
        return False
    if _line(version) < (1, 3) and plan.limit > _LIMIT_1_0:
        return False  # 1.0-1.2 refuse a larger limit: read in full instead

    def can(query: ParsedQuery) -> bool:
        return (
            query.method in methods
            and _server_attribute(query.attribute or "", version) is not None
        )

    return all(can(q) for q in plan.filters) and all(
        _server_attribute(name, version) is not None for name, _ in plan.orders
    )


def _wire(query: ParsedQuery, version: str) -> tuple[str, str | None, Sequence[Any] | None]:
    attribute = None if query.attribute is None else _server_attribute(query.attribute, version)
    values = query.values if query.values or query.method not in ("isNull", "isNotNull") else None
    return query.method, attribute, values


def _on_server(
    client: Client, function_id: str, plan: _Plan, version: str, total: bool
) -> ExecutionList:
    wire = [_wire(q, version) for q in plan.filters]
    for name, descending in plan.orders:
        wire.append(
            ("orderDesc" if descending else "orderAsc", _server_attribute(name, version), None)
        )
    if plan.cursor is not None:
        wire.append(("cursorBefore" if plan.cursor[1] else "cursorAfter", None, [plan.cursor[0]]))
    wire.append(("limit", None, [plan.limit]))
    if plan.offset:
        wire.append(("offset", None, [plan.offset]))
    return client._get_dialect().list_queries(function_id, wire, total=total)


def _pushed_filters(plan: _Plan) -> dict[str, list[str]]:
    """Top-level equal filters on status and trigger: the public paging applies them
    on the server where it can, which keeps a full read short."""
    pushed: dict[str, list[str]] = {}
    for query in plan.filters:
        if query.method == "equal" and query.attribute in ("status", "trigger"):
            if query.attribute in pushed:
                return {}  # two of them intersect; leave both to the client
            pushed[str(query.attribute)] = [str(v) for v in query.values]
    return pushed


def _read_all(client: Client, function_id: str, plan: _Plan) -> Iterator[Execution]:
    # With a cursor the read must see the cursor's execution too (for its place in ties).
    pushed = _pushed_filters(plan) if plan.cursor is None else {}
    return client.iter_executions(
        function_id,
        page_size=100,
        order="asc",
        status=pushed.get("status"),
        trigger=pushed.get("trigger"),
    )


def _cursor_execution(client: Client, function_id: str, plan: _Plan, version: str) -> Execution:
    assert plan.cursor is not None
    try:
        return client.get_execution(function_id, plan.cursor[0])
    except NotFound:
        raise QueryRefused(
            f"the cursor execution {plan.cursor[0]!r} is not among this function's "
            f"executions (Appwrite {version})"
        ) from None


def _on_client(client: Client, function_id: str, plan: _Plan, version: str) -> ExecutionList:
    """Filter, order and cut a full read here, holding at most offset + limit
    executions (and one page of the read) at a time."""
    predicates = [_predicate(q, version) for q in plan.filters]
    compare = _compare(plan.orders)
    key = functools.cmp_to_key(compare)
    keep = plan.offset + plan.limit
    cursor: list[Any] = []  # [sequence, execution] once known
    before = plan.cursor is not None and plan.cursor[1]
    if plan.cursor is not None:
        # Its place in ties is its place in the read: after everything until it is seen.
        cursor = [math.inf, _cursor_execution(client, function_id, plan, version)]
    matched = 0

    def candidates() -> Iterator[tuple[int, Execution]]:
        nonlocal matched
        for sequence, execution in enumerate(_read_all(client, function_id, plan)):
            if cursor and execution.id == cursor[1].id:
                cursor[0] = sequence
            if not all(test(execution) for test in predicates):
                continue
            matched += 1
            if cursor:
                side = compare((sequence, execution), (cursor[0], cursor[1]))
                if (side >= 0) if before else (side <= 0):
                    continue
            yield sequence, execution

    if before:
        nearest = heapq.nlargest(keep, candidates(), key=key)
        window = list(reversed(nearest[plan.offset : keep]))
    else:
        window = heapq.nsmallest(keep, candidates(), key=key)[plan.offset : keep]
    return ExecutionList(
        total=matched, executions=tuple(e for _, e in window), server_version=version
    )


def _legacy_page(plan: _Plan, limit_max: int) -> Literal["asc", "desc"] | None:
    """The order ("asc"/"desc") when a 0.x server's own paging answers the plan."""
    if plan.filters or plan.cursor is not None or plan.limit > limit_max:
        return None
    if not plan.orders:
        return "asc"
    if len(plan.orders) == 1 and plan.orders[0][0] == "$createdAt":
        return "desc" if plan.orders[0][1] else "asc"
    return None


def list_with_queries(
    client: Client, function_id: str, queries: Sequence[object] | None, *, total: bool = True
) -> ExecutionList:
    """One page of executions for the SDK's ``queries``, on this client's server.

    ``total=False`` answers a total of 0 on every line, as 1.8.1 does.
    Raises QueryRefused before sending for a query this server cannot honour.
    """
    version = client.server_version
    plan = _plan(list(queries or ()), version)
    if _server_can(plan, version):
        page = _on_server(client, function_id, plan, version, total)
    else:
        dialect = client._get_dialect()
        order = _legacy_page(plan, dialect.limit_max) if _line(version) < (1, 0) else None
        if order is not None:
            page = client.list_executions(
                function_id, limit=plan.limit, offset=plan.offset, order=order
            )
        else:
            page = _on_client(client, function_id, plan, version)
    if not total and page.total:
        page = ExecutionList(
            total=0, executions=page.executions, server_version=page.server_version
        )
    return page


def server_side(queries: Sequence[object], version: str) -> bool:
    """Whether a server of ``version`` applies all of ``queries`` itself (for tests
    and documentation; raises QueryRefused like the listing)."""
    return _server_can(_plan(list(queries), version), version)
