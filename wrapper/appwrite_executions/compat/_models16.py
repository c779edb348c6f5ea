"""Result objects shaped like the ``appwrite==16.0.0`` SDK's models, without pydantic.

Attributes carry the SDK's names (``id``, ``createdat``, ``functionid``,
``responsestatuscode``, ...), with its types: numbers the SDK declares ``float``
(``total``, ``responsestatuscode``, ``duration``) are floats, ``trigger`` and
``status`` enum members, headers :class:`Headers` objects. ``to_dict()`` gives the
JSON names (``$id``, ``$createdAt``, ...), ``model_dump()`` the attribute names, as
the SDK's pydantic models do. Fields a server sent that the model does not know are
kept, as the SDK keeps them, and readable as attributes under their JSON name.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any, ClassVar

from .._enums import ExecutionStatus, ExecutionTrigger

__all__ = ["Execution", "ExecutionList", "Headers"]


def _dump(value: Any, mode: str, by_alias: bool) -> Any:
    if isinstance(value, _Model):
        return value.model_dump(mode=mode, by_alias=by_alias)
    if isinstance(value, list):
        return [_dump(item, mode, by_alias) for item in value]
    if isinstance(value, enum.Enum) and mode == "json":
        return value.value
    return value


class _Model:
    """Fields are (attribute, JSON name, converter); the JSON dict is the input."""

    _fields: ClassVar[tuple[tuple[str, str, Any], ...]] = ()
    _optional: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, data: Mapping[str, Any]) -> None:
        values: dict[str, Any] = {}
        for attribute, alias, convert in self._fields:
            if alias in data:
                values[attribute] = convert(data[alias])
            else:
                values[attribute] = None
        known = {alias for _, alias, _ in self._fields}
        object.__setattr__(self, "_values", values)
        object.__setattr__(
            self, "_set", frozenset(a for a, alias, _ in self._fields if alias in data)
        )
        object.__setattr__(self, "_extra", {k: v for k, v in data.items() if k not in known})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Any:
        return None if data is None else cls(data)

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        extra = object.__getattribute__(self, "_extra")
        if name in extra:
            return extra[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        values = object.__getattribute__(self, "_values")
        if name in values:
            values[name] = value
        else:
            object.__getattribute__(self, "_extra")[name] = value

    def model_dump(
        self, *, mode: str = "python", by_alias: bool = False, exclude_unset: bool = False
    ) -> dict[str, Any]:
        """The fields as a dict (attribute names, or JSON names with ``by_alias``)."""
        out: dict[str, Any] = {}
        for attribute, alias, _ in self._fields:
            if exclude_unset and attribute not in self._set:
                continue
            out[alias if by_alias else attribute] = _dump(self._values[attribute], mode, by_alias)
        for key, value in self._extra.items():
            out[key] = _dump(value, mode, by_alias)
        return out

    def model_dump_json(self, *, by_alias: bool = False) -> str:
        return json.dumps(self.model_dump(mode="json", by_alias=by_alias), separators=(",", ":"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON the server sent (JSON names; fields it did not send are left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.model_dump() == other.model_dump())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.model_dump_items())
        return f"{type(self).__name__}({shown})"

    def model_dump_items(self) -> list[tuple[str, Any]]:
        return [(a, self._values[a]) for a, _, _ in self._fields] + list(self._extra.items())


def _same(value: Any) -> Any:
    return value


def _float(value: Any) -> Any:
    return float(value) if type(value) is int else value


class Headers(_Model):
    """One header: ``name``, ``value``."""

    _fields = (("name", "name", _same), ("value", "value", _same))


def _headers(value: Any) -> Any:
    if isinstance(value, list):
        return [Headers(item) if isinstance(item, Mapping) else item for item in value]
    return value


def _trigger(value: Any) -> Any:
    return ExecutionTrigger(value) if isinstance(value, str) else value


def _status(value: Any) -> Any:
    return ExecutionStatus(value) if isinstance(value, str) else value


class Execution(_Model):
    """One execution, with the 16.0.0 SDK's attribute names."""

    _fields = (
        ("id", "$id", _same),
        ("createdat", "$createdAt", _same),
        ("updatedat", "$updatedAt", _same),
        ("permissions", "$permissions", _same),
        ("functionid", "functionId", _same),
        ("deploymentid", "deploymentId", _same),
        ("trigger", "trigger", _trigger),
        ("status", "status", _status),
        ("requestmethod", "requestMethod", _same),
        ("requestpath", "requestPath", _same),
        ("requestheaders", "requestHeaders", _headers),
        ("responsestatuscode", "responseStatusCode", _float),
        ("responsebody", "responseBody", _same),
        ("responseheaders", "responseHeaders", _headers),
        ("logs", "logs", _same),
        ("errors", "errors", _same),
        ("duration", "duration", _float),
        ("scheduledat", "scheduledAt", _same),
    )


def _executions(value: Any) -> Any:
    if isinstance(value, list):
        return [Execution(item) if isinstance(item, Mapping) else item for item in value]
    return value


class ExecutionList(_Model):
    """A page: ``total`` (a float, as the SDK declares it) and ``executions``."""

    _fields = (("total", "total", _float), ("executions", "executions", _executions))
