"""The two ``queries[]`` syntaxes Appwrite 1.x accepts, and what a query means.

* 1.0-1.4 send each query as a call-like string: ``limit(25)``,
  ``cursorAfter("id")``, ``orderDesc("")``, ``equal("status", ["failed"])``.
* 1.5+ send JSON objects: ``{"method":"limit","values":[25]}``,
  ``{"method":"orderAsc","attribute":"$createdAt"}``.

A server accepts exactly one of them (the generation decides).  Both parsers
produce the same :class:`Query`; :func:`validate` then applies the executions
validator's rules and folds the queries into a :class:`Selection`, and
:func:`matches` gives filters their meaning (ordering and windowing live in
``_store.py``).

All failures raise :class:`QueryError` whose text is the validator description the
server would put after ``Invalid `queries` param: ``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_QUERIES = 100
"""``APP_LIMIT_ARRAY_PARAMS_SIZE``: at most 100 entries in ``queries[]``."""
MAX_QUERY_LENGTH = 4096
"""``APP_LIMIT_ARRAY_ELEMENT_SIZE``: each entry at most 4,096 characters."""
MAX_LIMIT = 5000
"""``APP_LIMIT_COUNT`` (5,000): the count cap from 0.12. 1.x ``limit()`` is bounded by
each line's own ``Range`` instead (see ``Generation.limit_max``)."""
MAX_VALUES = 100
"""Values allowed in one filter query."""
DEFAULT_LIMIT = 25

FILTER_ATTRIBUTES: dict[str, type] = {
    "trigger": str,
    "status": str,
    "responseStatusCode": int,
    "duration": float,
    "requestMethod": str,
    "requestPath": str,
    "deploymentId": str,
    # Internal attributes every 1.x queries validator adds to the schema.
    "$id": str,
    "$createdAt": str,
    "$updatedAt": str,
}
"""Filterable attributes (the spec's list for executions) and their value types."""

ORDER_ATTRIBUTES = frozenset(FILTER_ATTRIBUTES) | {""}
"""Order by any filterable attribute, or ``""`` for natural (insertion) order."""

INTERNAL_ATTRIBUTES: tuple[str, ...] = ("$id", "$createdAt", "$updatedAt")
"""Attributes every 1.x queries validator accepts whatever the line."""

DEFAULT_ATTRIBUTES: dict[str, str] = {name: name for name in FILTER_ATTRIBUTES}
"""Wire name -> internal name of the 1.8 filterable attributes (the default)."""


def attribute_names(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """A line's filterable attributes (wire name -> internal name), plus the internal ones.

    1.0-1.3 call the status code ``statusCode``; the record calls it
    ``responseStatusCode``.
    """
    names = dict(pairs)
    names.update({name: name for name in INTERNAL_ATTRIBUTES})
    return names


FILTER_METHODS = frozenset(
    {
        "equal",
        "notEqual",
        "lessThan",
        "lessThanEqual",
        "greaterThan",
        "greaterThanEqual",
        "between",
        "isNull",
        "isNotNull",
        "startsWith",
        "endsWith",
        "contains",
    }
)
ORDER_METHODS = frozenset({"orderAsc", "orderDesc"})
CURSOR_METHODS = frozenset({"cursorAfter", "cursorBefore"})
PAGING_METHODS = frozenset({"limit", "offset"})
METHODS = FILTER_METHODS | ORDER_METHODS | CURSOR_METHODS | PAGING_METHODS

_UID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$")


class QueryError(ValueError):
    """A query the server rejects; ``str()`` is the validator's description."""


@dataclass(frozen=True)
class Query:
    """One parsed query, independent of the syntax it arrived in."""

    method: str
    attribute: str = ""
    values: tuple[Any, ...] = ()


# --------------------------------------------------------------------------- JSON form


def _php_type(value: Any) -> str:
    """PHP's ``gettype`` name for a decoded JSON value (used in messages)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return "array"


def parse_json_query(text: str) -> Query:
    """Parse the 1.5+ JSON form."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise QueryError("Invalid query: Syntax error") from None
    if not isinstance(document, dict):
        raise QueryError("Invalid query method: ")
    method = document.get("method", "")
    attribute = document.get("attribute", "")
    values = document.get("values", [])
    if not isinstance(method, str):
        raise QueryError(f"Invalid query method. Must be a string, got {_php_type(method)}")
    if method not in METHODS:
        raise QueryError(f"Invalid query method: {method}")
    if not isinstance(attribute, str):
        raise QueryError(f"Invalid query attribute. Must be a string, got {_php_type(attribute)}")
    if not isinstance(values, list):
        raise QueryError(f"Invalid query values. Must be an array, got {_php_type(values)}")
    return Query(method=method, attribute=attribute, values=tuple(values))


# ------------------------------------------------------------------------- string form

_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<word>true|false|null)
      | (?P<punct>[\[\],])
    )""",
    re.VERBOSE,
)


def _unquote(token: str) -> str:
    """Decode a quoted string token (JSON escapes; single quotes allowed)."""
    inner = token[1:-1]
    if token[0] == "'":
        inner = inner.replace("\\'", "'").replace('"', '\\"')
    try:
        decoded = json.loads(f'"{inner}"')
    except ValueError:
        raise QueryError("Invalid query: Syntax error") from None
    assert isinstance(decoded, str)
    return decoded


def _tokens(text: str) -> list[tuple[str, Any]]:
    """Split an argument list into (kind, value) tokens."""
    tokens: list[tuple[str, Any]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN_RE.match(text, position)
        if match is None:
            raise QueryError("Invalid query: Syntax error")
        position = match.end()
        if match.group("string") is not None:
            tokens.append(("value", _unquote(match.group("string"))))
        elif match.group("number") is not None:
            number = match.group("number")
            tokens.append(
                ("value", float(number) if any(c in number for c in ".eE") else int(number))
            )
        elif match.group("word") is not None:
            tokens.append(
                ("value", {"true": True, "false": False, "null": None}[match.group("word")])
            )
        else:
            tokens.append(("punct", match.group("punct")))
    return tokens


def _arguments(text: str) -> list[Any]:
    """Parse ``a, [b, c], d`` into a list; one level of array nesting, as Appwrite allows."""
    tokens = _tokens(text)
    arguments: list[Any] = []
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "value":
            arguments.append(value)
            index += 1
        elif value == "[":
            items: list[Any] = []
            index += 1
            while index < len(tokens) and tokens[index] != ("punct", "]"):
                item_kind, item = tokens[index]
                if item_kind == "value":
                    items.append(item)
                elif item != ",":
                    raise QueryError("Invalid query: Syntax error")
                index += 1
            if index >= len(tokens):
                raise QueryError("Invalid query: Syntax error")
            arguments.append(items)
            index += 1
        else:
            raise QueryError("Invalid query: Syntax error")
        if index < len(tokens):
            if tokens[index] != ("punct", ","):
                raise QueryError("Invalid query: Syntax error")
            index += 1
            if index >= len(tokens):
                raise QueryError("Invalid query: Syntax error")
    return arguments


_CALL_RE = re.compile(r"^\s*([A-Za-z]+)\s*\((.*)\)\s*$", re.DOTALL)


def parse_string_query(text: str) -> Query:
    """Parse the 1.0-1.4 call-like string form."""
    match = _CALL_RE.match(text)
    if match is None:
        raise QueryError("Invalid query: Syntax error")
    method, arguments = match.group(1), _arguments(match.group(2))
    if method not in METHODS:
        raise QueryError(f"Invalid query method: {method}")
    if method in PAGING_METHODS or method in CURSOR_METHODS:
        return Query(method=method, values=tuple(arguments))
    attribute = arguments[0] if arguments else ""
    if not isinstance(attribute, str):
        raise QueryError("Invalid query: Syntax error")
    rest = arguments[1:]
    if method in FILTER_METHODS and len(rest) == 1 and isinstance(rest[0], list):
        rest = rest[0]
    return Query(method=method, attribute=attribute, values=tuple(rest))


# -------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Selection:
    """Validated list request: what to match, how to order, which window to return."""

    filters: tuple[Query, ...] = ()
    orders: tuple[tuple[str, bool], ...] = ()
    """(attribute, descending) pairs, most significant first."""
    cursor: tuple[str, bool] | None = None
    """(execution id, before?) - the first cursor query wins, as in Appwrite."""
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value_ok(kind: type, value: Any) -> bool:
    if kind is int:
        return _is_int(value)
    if kind is float:
        return _is_int(value) or isinstance(value, float)
    return isinstance(value, str)


def _check_filter(query: Query, attributes: dict[str, str]) -> Query:
    """Validate a filter and return it with the attribute's internal name."""
    attribute, values, method = query.attribute, query.values, query.method
    internal = attributes.get(attribute)
    kind = None if internal is None else FILTER_ATTRIBUTES.get(internal)
    if internal is None or kind is None:
        raise QueryError(f"Invalid query: Attribute not found in schema: {attribute}")
    label = method[0].upper() + method[1:]
    if method in ("isNull", "isNotNull"):
        if values:
            raise QueryError(f"Invalid query: {label} queries do not accept values.")
        return Query(method=method, attribute=internal, values=values)
    if method == "between":
        if len(values) != 2:
            raise QueryError("Invalid query: Between queries require exactly two values.")
    elif method in ("equal", "notEqual", "contains"):
        if not values:
            raise QueryError(f"Invalid query: {label} queries require at least one value.")
        if len(values) > MAX_VALUES:
            raise QueryError(
                "Invalid query: Query on attribute has greater than "
                f"{MAX_VALUES} values: {attribute}"
            )
    elif len(values) != 1:
        raise QueryError(f"Invalid query: {label} queries require exactly one value.")
    if method in ("startsWith", "endsWith", "contains") and kind is not str:
        raise QueryError(
            f'Invalid query: Cannot query {method} on attribute "{attribute}" '
            "because it is not a string."
        )
    for value in values:
        if not _value_ok(kind, value):
            raise QueryError(f'Invalid query: Query value is invalid for attribute "{attribute}"')
    return Query(method=method, attribute=internal, values=values)


def validate(
    queries: list[Query],
    attributes: dict[str, str] | None = None,
    *,
    limit_range: tuple[int, int] = (1, MAX_LIMIT),
    offset_max: int = 9_223_372_036_854_775_807,
) -> Selection:
    """Apply the executions validator's rules and fold queries into a :class:`Selection`.

    ``attributes`` maps the line's filterable wire names to internal record names
    (default: the 1.8 set); the selection speaks internal names. ``limit_range`` and
    ``offset_max`` are the line's ``Range`` validators (1.0-1.2: limit 0..100, offset
    0..5000; 1.3: limit 0..PHP_INT_MAX; 1.4+: limit 1..PHP_INT_MAX).
    """
    low, high = limit_range
    names = DEFAULT_ATTRIBUTES if attributes is None else attributes
    filters: list[Query] = []
    orders: list[tuple[str, bool]] = []
    cursor: tuple[str, bool] | None = None
    limit: int | None = None
    offset: int | None = None
    for query in queries:
        method, values = query.method, query.values
        value = values[0] if len(values) == 1 else None
        if method == "limit":
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise QueryError(
                    "Invalid query: Invalid limit: "
                    f"Value must be a valid range between {low:,} and {high:,}"
                )
            limit = value if limit is None else limit
        elif method == "offset":
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not 0 <= value <= offset_max
            ):
                raise QueryError(
                    "Invalid query: Invalid offset: "
                    f"Value must be a valid range between 0 and {offset_max:,}"
                )
            offset = value if offset is None else offset
        elif method in CURSOR_METHODS:
            if not isinstance(value, str) or _UID_RE.match(value) is None:
                raise QueryError(
                    "Invalid query: Invalid cursor: Cursor must be a valid UID: "
                    "at most 36 chars, a-z, A-Z, 0-9, period, hyphen and underscore, "
                    "not starting with a special char"
                )
            if cursor is None:
                cursor = (value, method == "cursorBefore")
        elif method in ORDER_METHODS:
            internal = "" if query.attribute == "" else names.get(query.attribute)
            if internal is None or internal not in ORDER_ATTRIBUTES:
                raise QueryError(f"Invalid query: Attribute not found in schema: {query.attribute}")
            orders.append((internal, method == "orderDesc"))
        else:
            filters.append(_check_filter(query, names))
    return Selection(
        filters=tuple(filters),
        orders=tuple(orders),
        cursor=cursor,
        limit=DEFAULT_LIMIT if limit is None else limit,
        offset=0 if offset is None else offset,
    )


# ----------------------------------------------------------------------------- meaning


def matches(query: Query, record: dict[str, Any]) -> bool:
    """Whether ``record`` satisfies one validated filter query."""
    actual = record.get(query.attribute)
    values = query.values
    method = query.method
    if method == "isNull":
        return actual is None
    if method == "isNotNull":
        return actual is not None
    if actual is None:
        return False
    if method == "equal":
        return any(actual == value for value in values)
    if method == "notEqual":
        return all(actual != value for value in values)
    if method == "lessThan":
        return bool(actual < values[0])
    if method == "lessThanEqual":
        return bool(actual <= values[0])
    if method == "greaterThan":
        return bool(actual > values[0])
    if method == "greaterThanEqual":
        return bool(actual >= values[0])
    if method == "between":
        return bool(values[0] <= actual <= values[1])
    if method == "startsWith":
        return str(actual).startswith(str(values[0]))
    if method == "endsWith":
        return str(actual).endswith(str(values[0]))
    if method == "contains":
        return any(str(value) in str(actual) for value in values)
    raise AssertionError(f"unvalidated query method {method}")
