"""Reading the query strings the official SDKs build.

SDKs for 1.5 and newer servers write each query as JSON
(``{"method":"equal","attribute":"status","values":["failed"]}``); older ones (for
1.0-1.4 servers) in call form (``equal("status", ["failed"])``, ``limit(25)``). Both
become one :class:`ParsedQuery`; ``and``/``or`` keep their inner queries.

A string that is neither raises :class:`QuerySyntaxError`, whose text says what
is wrong; the shims turn it into their SDK's exception before anything is sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_QUERIES", "MAX_QUERY_LENGTH", "ParsedQuery", "QuerySyntaxError", "parse_query"]

MAX_QUERIES = 100
"""The servers take at most 100 entries in ``queries[]``."""
MAX_QUERY_LENGTH = 4096
"""... each at most 4,096 characters."""

# Methods whose arguments are values only (no attribute first) in the call form.
_VALUE_ONLY = frozenset(
    {"limit", "offset", "cursorAfter", "cursorBefore", "select", "exists", "notExists"}
)
_LOGICAL = frozenset({"and", "or"})


class QuerySyntaxError(ValueError):
    """A query string that is not a query; ``str()`` says why."""


@dataclass(frozen=True)
class ParsedQuery:
    """One query: ``method``, ``attribute`` (None when it has none) and ``values``.

    For ``and``/``or``, ``children`` holds the inner queries and ``values`` is empty.
    ``text`` is the string as given, for messages.
    """

    method: str
    attribute: str | None
    values: tuple[Any, ...]
    text: str
    children: tuple[ParsedQuery, ...] = ()


def parse_query(text: object) -> ParsedQuery:
    """Parse one query string of either form."""
    if not isinstance(text, str):
        raise QuerySyntaxError(f"a query must be a string, got {type(text).__name__}")
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"a query may be at most {MAX_QUERY_LENGTH} characters long")
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except (ValueError, RecursionError):
            raise QuerySyntaxError(f"{_short(text)} is not valid JSON") from None
        return _from_json(document, text)
    return _from_call(stripped, text)


def _compact(document: object) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _short(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:79] + "…")


def _from_json(document: object, text: str) -> ParsedQuery:
    if not isinstance(document, dict):
        raise QuerySyntaxError(f"{_short(text)} is not a JSON object")
    method = document.get("method")
    attribute = document.get("attribute")
    values = document.get("values", [])
    if not isinstance(method, str) or not method:
        raise QuerySyntaxError(f"{_short(text)} has no method")
    if attribute is not None and not isinstance(attribute, str):
        raise QuerySyntaxError(f"{_short(text)}: the attribute must be a string")
    if not isinstance(values, list):
        raise QuerySyntaxError(f"{_short(text)}: the values must be a list")
    if method in _LOGICAL:
        children = tuple(_from_json(child, _compact(child)) for child in values)
        return ParsedQuery(method, attribute, (), text, children)
    return ParsedQuery(method, attribute, tuple(values), text)


# -- the call form ------------------------------------------------------------------

_CALL = re.compile(r"([A-Za-z]+)\s*\((.*)\)\s*", re.DOTALL)
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<dq>"(?:[^"\\]|\\.)*")
      | (?P<sq>'(?:[^'\\]|\\.)*')
      | (?P<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
      | (?P<word>true|false|null)
      | (?P<mark>[\[\],])
    )""",
    re.VERBOSE,
)


def _literal(match: re.Match[str], text: str) -> Any:
    if match.group("dq") is not None:
        return _unescape(match.group("dq")[1:-1], text)
    if match.group("sq") is not None:
        inner = match.group("sq")[1:-1].replace("\\'", "'").replace('"', '\\"')
        return _unescape(inner, text)
    if match.group("num") is not None:
        number = match.group("num")
        return float(number) if any(c in number for c in ".eE") else int(number)
    return {"true": True, "false": False, "null": None}[match.group("word")]


def _unescape(inner: str, text: str) -> str:
    try:
        value = json.loads(f'"{inner}"')
    except ValueError:
        raise QuerySyntaxError(f"{_short(text)} has a badly escaped string") from None
    return str(value)


def _arguments(source: str, text: str) -> list[Any]:
    """``a, [b, c], d`` as a list; arrays nest one level, as the servers allow."""
    items: list[Any] = []
    stack: list[list[Any]] = [items]
    expect_value = True
    position = 0
    while source[position:].strip():
        match = _TOKEN.match(source, position)
        if match is None:
            raise QuerySyntaxError(f"{_short(text)} cannot be read at {source[position:]!r}")
        position = match.end()
        mark = match.group("mark")
        if mark == "[":
            if not expect_value or len(stack) > 2:
                raise QuerySyntaxError(f"{_short(text)} has a misplaced '['")
            inner: list[Any] = []
            stack[-1].append(inner)
            stack.append(inner)
            continue
        if mark == "]":
            if len(stack) == 1 or (expect_value and stack[-1]):
                raise QuerySyntaxError(f"{_short(text)} has a misplaced ']'")
            stack.pop()
            expect_value = False
            continue
        if mark == ",":
            if expect_value:
                raise QuerySyntaxError(f"{_short(text)} has a misplaced ','")
            expect_value = True
            continue
        if not expect_value:
            raise QuerySyntaxError(f"{_short(text)} needs a ',' between arguments")
        stack[-1].append(_literal(match, text))
        expect_value = False
    if len(stack) != 1 or (expect_value and items):
        raise QuerySyntaxError(f"{_short(text)} ends in the middle of its arguments")
    return items


def _from_call(source: str, text: str) -> ParsedQuery:
    match = _CALL.fullmatch(source)
    if match is None:
        raise QuerySyntaxError(f"{_short(text)} is neither a JSON query nor a call like limit(25)")
    method, arguments = match.group(1), _arguments(match.group(2), text)
    if method in _LOGICAL:
        raise QuerySyntaxError(f"{_short(text)}: and/or exist in the JSON form only")
    if method in _VALUE_ONLY:
        if len(arguments) == 1 and isinstance(arguments[0], list):
            return ParsedQuery(method, None, tuple(arguments[0]), text)
        return ParsedQuery(method, None, tuple(arguments), text)
    if not arguments or not isinstance(arguments[0], str):
        raise QuerySyntaxError(f"{_short(text)} must name an attribute first")
    rest = arguments[1:]
    if len(rest) == 1 and isinstance(rest[0], list):
        rest = rest[0]
    return ParsedQuery(method, arguments[0], tuple(rest), text)
