"""Strict checks of server JSON, turning every shape problem into InvalidResponse.

A wrong type or a missing field must surface as one specific error naming the
field, never as a KeyError or TypeError from deep inside the models.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NoReturn

from ._chain import EXECUTION_SCHEMAS, OPTIONAL_FIELDS, FieldKind, JsonObject
from ._dates import from_unix_seconds, parse_datetime
from ._errors import InvalidResponse, excerpt

__all__ = [
    "check_execution",
    "check_field",
    "check_list",
    "check_object",
    "describe",
    "fail",
    "missing",
]


def describe(value: object) -> str:
    """JSON's name for a Python value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def fail(where: str, expected: str, value: object, server_version: str | None) -> NoReturn:
    """Raise InvalidResponse for a value of the wrong shape."""
    raise InvalidResponse(
        f"{where}: expected {expected}, got {describe(value)}",
        server_version=server_version or None,
        excerpt=excerpt(repr(value)),
    )


def missing(where: str, name: str, server_version: str | None) -> NoReturn:
    """Raise InvalidResponse for a required field the server left out."""
    raise InvalidResponse(
        f"{where}: missing required field {name!r}",
        server_version=server_version or None,
    )


def check_object(value: object, where: str, server_version: str | None) -> JsonObject:
    """The value as a JSON object, or InvalidResponse."""
    if type(value) is not dict:
        fail(where, "a JSON object", value, server_version)
    return value


def _string(value: object) -> bool:
    return type(value) is str


def _integer(value: object) -> bool:
    return type(value) is int


def _number(value: object) -> bool:
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value))  # type: ignore[arg-type]


def _unix_seconds(value: object) -> bool:
    if type(value) is not int:
        return False
    try:
        from_unix_seconds(value)
    except OverflowError:
        return False
    return True


def _iso_date(value: object) -> bool:
    if type(value) is not str:
        return False
    try:
        parse_datetime(value)
    except ValueError:
        return False
    return True


def _iso_date_or_null(value: object) -> bool:
    return value is None or _iso_date(value)


def _string_list(value: object) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _permissions_object(value: object) -> bool:
    if type(value) is not dict:
        return False
    if not _string_list(value.get("read")):
        return False
    return "write" not in value or _string_list(value["write"])


def _headers(value: object) -> bool:
    if type(value) is not list:
        return False
    for item in value:
        if type(item) is not dict:
            return False
        if type(item.get("name")) is not str or type(item.get("value")) is not str:
            return False
    return True


_CHECKS: dict[FieldKind, Callable[[object], bool]] = {
    FieldKind.STRING: _string,
    FieldKind.INTEGER: _integer,
    FieldKind.NUMBER: _number,
    FieldKind.UNIX_SECONDS: _unix_seconds,
    FieldKind.ISO_DATE: _iso_date,
    FieldKind.ISO_DATE_OR_NULL: _iso_date_or_null,
    FieldKind.STRING_LIST: _string_list,
    FieldKind.PERMISSIONS_OBJECT: _permissions_object,
    FieldKind.HEADERS: _headers,
}

_EXPECTED: dict[FieldKind, str] = {
    FieldKind.STRING: "a string",
    FieldKind.INTEGER: "an integer",
    FieldKind.NUMBER: "a finite number",
    FieldKind.UNIX_SECONDS: "an integer of Unix seconds",
    FieldKind.ISO_DATE: "an ISO 8601 date string with a UTC offset",
    FieldKind.ISO_DATE_OR_NULL: "null or an ISO 8601 date string with a UTC offset",
    FieldKind.STRING_LIST: "an array of strings",
    FieldKind.PERMISSIONS_OBJECT: 'an object {"read": [strings], "write": [strings]}',
    FieldKind.HEADERS: 'an array of {"name": string, "value": string} objects',
}


def check_field(kind: FieldKind, value: object, where: str, server_version: str | None) -> None:
    """Raise InvalidResponse unless ``value`` has the field kind's JSON shape."""
    if not _CHECKS[kind](value):
        fail(where, _EXPECTED[kind], value, server_version)


def check_execution(
    obj: object, generation: str, where: str, server_version: str | None
) -> tuple[JsonObject, JsonObject]:
    """Check a generation's execution JSON; return (known fields, extras).

    Known fields come back in the generation's order, absent optional ones
    filled in; extras are every field the generation does not define, kept.
    """
    data = check_object(obj, where, server_version)
    schema = EXECUTION_SCHEMAS[generation]
    known: JsonObject = {}
    for name, kind in schema.items():
        if name in data:
            value = data[name]
            check_field(kind, value, f"{where}.{name}", server_version)
            known[name] = value
        elif name in OPTIONAL_FIELDS:
            known[name] = OPTIONAL_FIELDS[name]
        else:
            missing(where, name, server_version)
    extra = {key: value for key, value in data.items() if key not in schema}
    return known, extra


def check_list(value: object, where: str, server_version: str | None) -> list[Any]:
    """The value as a JSON array, or InvalidResponse."""
    if type(value) is not list:
        fail(where, "an array", value, server_version)
    return value
