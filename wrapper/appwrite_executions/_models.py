"""The one modern model users see, whatever server generation answered.

``Execution`` and ``ExecutionList`` hold the 1.8 shape. Older shapes come in
and go out through the version chain (``from_version_dict``/``to_dict(version)``);
fields an older server never had are empty, never invented. Unknown fields a
server sends are kept in ``extra`` (read-only) and written back out unless they
would clash with a known field of the output shape.

Parsing is on the hot path, so the modern reader is written out field by field
(no reflection over attrs fields) and checks types with ``type(x) is``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, NoReturn

import attrs

from ._chain import (
    EXECUTION_SCHEMAS,
    LEGACY_GENERATION,
    MODERN_GENERATION,
    JsonObject,
    downgrade,
    generation_for,
    list_total_key,
    upgrade,
)
from ._dates import format_datetime, parse_datetime
from ._enums import STATUSES_BY_VALUE, TRIGGERS_BY_VALUE, ExecutionStatus, ExecutionTrigger
from ._errors import InvalidArgument
from ._reading import check_execution, check_list, check_object, fail, missing

__all__ = ["Execution", "ExecutionList", "Header"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_MODERN_SCHEMA = EXECUTION_SCHEMAS[MODERN_GENERATION]
_REQUIRED_MODERN = len(_MODERN_SCHEMA) - 1  # all but scheduledAt
_SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-appwrite-key",
        "x-appwrite-jwt",
        "x-appwrite-session",
    }
)


def _frozen_extra(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not value:
        return _EMPTY
    if isinstance(value, MappingProxyType):
        return value
    return MappingProxyType(dict(value))


@attrs.frozen(weakref_slot=False)
class Header:
    """One HTTP header of an execution's request or response.

    Its repr hides the value of credential headers (Authorization, cookies,
    Appwrite keys), which a synchronous execution may echo back.
    """

    name: str
    value: str

    def to_dict(self) -> dict[str, str]:
        """The ``{"name", "value"}`` object Appwrite sends."""
        return {"name": self.name, "value": self.value}

    def __repr__(self) -> str:
        shown = "<redacted>" if self.name.lower() in _SENSITIVE_HEADERS else repr(self.value)
        return f"Header(name={self.name!r}, value={shown})"


def _bad_date(where: str, value: object, server_version: str) -> NoReturn:
    fail(where, "an ISO 8601 date string with a UTC offset", value, server_version)


def _date(value: object, where: str, server_version: str) -> datetime:
    if type(value) is not str:
        _bad_date(where, value, server_version)
    try:
        return parse_datetime(value)
    except ValueError:
        _bad_date(where, value, server_version)


def _headers(value: object, where: str, server_version: str) -> tuple[Header, ...]:
    if type(value) is not list:
        fail(where, 'an array of {"name", "value"} objects', value, server_version)
    headers = []
    for index, item in enumerate(value):
        if type(item) is not dict:
            fail(f"{where}[{index}]", 'a {"name", "value"} object', item, server_version)
        name = item.get("name")
        text = item.get("value")
        if type(name) is not str:
            fail(f"{where}[{index}].name", "a string", name, server_version)
        if type(text) is not str:
            fail(f"{where}[{index}].value", "a string", text, server_version)
        headers.append(HeaderDraft(name, text).freeze())
    return tuple(headers)


_STRING_FIELDS = (
    "$id",
    "functionId",
    "deploymentId",
    "trigger",
    "status",
    "requestMethod",
    "requestPath",
    "responseBody",
    "logs",
    "errors",
)


def _parse_modern(
    data: object, server_version: str, where: str, extra: Mapping[str, Any] | None
) -> Execution:
    """Read 1.8 execution JSON; ``extra`` overrides the computed extras."""
    if type(data) is not dict:
        fail(where, "a JSON object", data, server_version)
    try:
        id_ = data["$id"]
        created = data["$createdAt"]
        updated = data["$updatedAt"]
        permissions = data["$permissions"]
        function_id = data["functionId"]
        deployment_id = data["deploymentId"]
        trigger = data["trigger"]
        status = data["status"]
        request_method = data["requestMethod"]
        request_path = data["requestPath"]
        request_headers = data["requestHeaders"]
        status_code = data["responseStatusCode"]
        body = data["responseBody"]
        response_headers = data["responseHeaders"]
        logs = data["logs"]
        errors = data["errors"]
        duration = data["duration"]
    except KeyError as exc:
        missing(where, str(exc.args[0]), server_version)
    scheduled = data.get("scheduledAt")

    if (
        type(id_) is not str
        or type(function_id) is not str
        or type(deployment_id) is not str
        or type(trigger) is not str
        or type(status) is not str
        or type(request_method) is not str
        or type(request_path) is not str
        or type(body) is not str
        or type(logs) is not str
        or type(errors) is not str
    ):
        for name in _STRING_FIELDS:
            if type(data[name]) is not str:
                fail(f"{where}.{name}", "a string", data[name], server_version)
    if type(status_code) is not int:
        fail(f"{where}.responseStatusCode", "an integer", status_code, server_version)
    duration_type = type(duration)
    if not (duration_type is int or (duration_type is float and math.isfinite(duration))):
        fail(f"{where}.duration", "a finite number", duration, server_version)
    if type(permissions) is not list:
        fail(f"{where}.$permissions", "an array of strings", permissions, server_version)
    for index, permission in enumerate(permissions):
        if type(permission) is not str:
            fail(f"{where}.$permissions[{index}]", "a string", permission, server_version)

    if extra is None:
        expected = _REQUIRED_MODERN + ("scheduledAt" in data)
        extra = (
            _EMPTY
            if len(data) == expected
            else MappingProxyType({k: v for k, v in data.items() if k not in _MODERN_SCHEMA})
        )

    # Every value is checked above (the dates by _date): no need for attrs to check
    # again. Unknown statuses and triggers become the open enums' pseudo-members.
    return ExecutionDraft(
        id_,
        _date(created, f"{where}.$createdAt", server_version),
        _date(updated, f"{where}.$updatedAt", server_version),
        tuple(permissions),
        function_id,
        deployment_id,
        TRIGGERS_BY_VALUE.get(trigger) or ExecutionTrigger(trigger),
        STATUSES_BY_VALUE.get(status) or ExecutionStatus(status),
        request_method,
        request_path,
        _headers(request_headers, f"{where}.requestHeaders", server_version),
        status_code,
        body,
        _headers(response_headers, f"{where}.responseHeaders", server_version),
        logs,
        errors,
        duration,
        None if scheduled is None else _date(scheduled, f"{where}.scheduledAt", server_version),
        server_version,
        _frozen_extra(extra),
    ).freeze()


def _parse_any(data: object, generation: str, server_version: str, where: str) -> Execution:
    if generation == MODERN_GENERATION:
        return _parse_modern(data, server_version, where, None)
    known, extra = check_execution(data, generation, where, server_version)
    return _parse_modern(upgrade(known, generation), server_version, where, extra)


def _with_extra(data: JsonObject, extra: Mapping[str, Any]) -> JsonObject:
    """Append extras after the known fields; a known field wins a name clash."""
    for key, value in extra.items():
        if key not in data:
            data[key] = copy.deepcopy(value)
    return data


def _to_trigger(value: Any) -> ExecutionTrigger:
    # A member passes through: Enum.__call__ on every construction was a hot-path cost.
    return value if type(value) is ExecutionTrigger else ExecutionTrigger(value)


def _to_status(value: Any) -> ExecutionStatus:
    return value if type(value) is ExecutionStatus else ExecutionStatus(value)


def _require_aware(name: str, value: datetime | None, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidArgument(
            f"Execution.{name} must be a timezone-aware datetime, got {value!r}; "
            "add a timezone, e.g. value.replace(tzinfo=timezone.utc)",
            argument=name,
        )


@attrs.frozen(weakref_slot=False)
class Execution:
    """One function execution, in the modern (1.8) model.

    Dates are timezone-aware; ``duration`` is in seconds; ``server_version`` is
    the version of the server it came from; ``extra`` holds fields the server
    sent that this client does not know, unchanged.
    """

    id: str
    created_at: datetime
    updated_at: datetime
    permissions: tuple[str, ...]
    function_id: str
    deployment_id: str
    trigger: ExecutionTrigger = attrs.field(converter=_to_trigger)
    status: ExecutionStatus = attrs.field(converter=_to_status)
    request_method: str
    request_path: str
    request_headers: tuple[Header, ...]
    response_status_code: int
    response_body: str
    response_headers: tuple[Header, ...]
    logs: str
    errors: str
    duration: float
    scheduled_at: datetime | None
    server_version: str
    extra: Mapping[str, Any] = attrs.field(
        default=_EMPTY, converter=_frozen_extra, kw_only=True, hash=False
    )

    def __reduce__(self) -> tuple[Any, ...]:
        return _reduce(self)

    def __attrs_post_init__(self) -> None:
        _require_aware("created_at", self.created_at)
        _require_aware("updated_at", self.updated_at)
        _require_aware("scheduled_at", self.scheduled_at, optional=True)

    @property
    def is_final(self) -> bool:
        """True once the execution is completed or failed."""
        return self.status.is_final

    @classmethod
    def from_dict(cls, data: object, *, server_version: str) -> Execution:
        """Read the 1.8 JSON a modern server sends (strict: InvalidResponse)."""
        return _parse_modern(data, server_version, "execution", None)

    @classmethod
    def from_version_dict(
        cls, data: object, version: str, *, server_version: str | None = None
    ) -> Execution:
        """Read any generation's JSON, walking the chain up to the modern model.

        ``version`` is the server version (or generation) whose shape ``data``
        has; it is also the recorded ``server_version`` unless one is given.
        """
        generation = generation_for(version).generation
        return _parse_any(data, generation, server_version or version, "execution")

    def _modern_dict(self) -> JsonObject:
        scheduled = self.scheduled_at
        return {
            "$id": self.id,
            "$createdAt": format_datetime(self.created_at),
            "$updatedAt": format_datetime(self.updated_at),
            "$permissions": list(self.permissions),
            "functionId": self.function_id,
            "deploymentId": self.deployment_id,
            "trigger": self.trigger.value,
            "status": self.status.value,
            "requestMethod": self.request_method,
            "requestPath": self.request_path,
            "requestHeaders": [{"name": h.name, "value": h.value} for h in self.request_headers],
            "responseStatusCode": self.response_status_code,
            "responseBody": self.response_body,
            "responseHeaders": [{"name": h.name, "value": h.value} for h in self.response_headers],
            "logs": self.logs,
            "errors": self.errors,
            "duration": self.duration,
            "scheduledAt": None if scheduled is None else format_datetime(scheduled),
        }

    def _generation_dict(self, generation: str) -> JsonObject:
        data = self._modern_dict()
        if generation != MODERN_GENERATION:
            data = downgrade(data, generation)
        return _with_extra(data, self.extra)

    def to_dict(self, version: str | None = None) -> JsonObject:
        """The JSON a server of ``version`` sends (default: modern 1.8), then extras."""
        generation = MODERN_GENERATION if version is None else generation_for(version).generation
        return self._generation_dict(generation)

    def to_legacy_dict(self) -> JsonObject:
        """The JSON a legacy 0.9 server sends, then extras."""
        return self._generation_dict(LEGACY_GENERATION)


def _rebuild(cls: type[Any], values: dict[str, Any]) -> Any:
    """Unpickle a model (its read-only ``extra`` mapping cannot be pickled as is)."""
    return cls(**values)


def _reduce(model: Execution | ExecutionList) -> tuple[Any, ...]:
    values = {field.name: getattr(model, field.name) for field in attrs.fields(type(model))}
    values["extra"] = dict(model.extra)
    return (_rebuild, (type(model), values))


def _frozen_executions(value: Any) -> tuple[Execution, ...]:
    return value if type(value) is tuple else tuple(value)


@attrs.frozen
class ExecutionList:
    """A page of executions and the server's count of all that matched.

    ``total`` is 0 when a 1.8 server was asked not to count (``total=false``).
    """

    total: int
    executions: tuple[Execution, ...] = attrs.field(converter=_frozen_executions)
    server_version: str
    extra: Mapping[str, Any] = attrs.field(
        default=_EMPTY, converter=_frozen_extra, kw_only=True, hash=False
    )

    def __reduce__(self) -> tuple[Any, ...]:
        return _reduce(self)

    @classmethod
    def from_dict(cls, data: object, *, server_version: str) -> ExecutionList:
        """Read the 1.8 list JSON ``{"total", "executions"}`` (strict)."""
        return cls._parse(data, MODERN_GENERATION, server_version)

    @classmethod
    def from_version_dict(
        cls, data: object, version: str, *, server_version: str | None = None
    ) -> ExecutionList:
        """Read any generation's list JSON (``sum`` before 0.13, ``total`` after)."""
        generation = generation_for(version).generation
        return cls._parse(data, generation, server_version or version)

    @classmethod
    def _parse(cls, data: object, generation: str, server_version: str) -> ExecutionList:
        obj = check_object(data, "execution list", server_version)
        key = list_total_key(generation)
        if key not in obj:
            missing("execution list", key, server_version)
        if "executions" not in obj:
            missing("execution list", "executions", server_version)
        total = obj[key]
        if type(total) is not int:
            fail(f"execution list.{key}", "an integer", total, server_version)
        items = check_list(obj["executions"], "execution list.executions", server_version)
        executions = tuple(
            _parse_any(item, generation, server_version, f"executions[{index}]")
            for index, item in enumerate(items)
        )
        extra = (
            {k: v for k, v in obj.items() if k not in (key, "executions")}
            if len(obj) > 2
            else _EMPTY
        )
        return cls(total, executions, server_version, extra=extra)

    def _generation_dict(self, generation: str) -> JsonObject:
        data: JsonObject = {
            list_total_key(generation): self.total,
            "executions": [execution._generation_dict(generation) for execution in self.executions],
        }
        return _with_extra(data, self.extra)

    def to_dict(self, version: str | None = None) -> JsonObject:
        """The list JSON a server of ``version`` sends (default: modern 1.8)."""
        generation = MODERN_GENERATION if version is None else generation_for(version).generation
        return self._generation_dict(generation)

    def to_legacy_dict(self) -> JsonObject:
        """The list JSON a legacy 0.9 server sends: ``{"sum", "executions"}``."""
        return self._generation_dict(LEGACY_GENERATION)


# -- building from values already checked ----------------------------------------------
#
# A frozen attrs class sets each field through object.__setattr__ and then runs its
# converters and date checks: about 2.3 µs for an Execution, as much as the rest of
# adapting one. The adapters (`_adapt`) check every value first, so they fill a draft
# (a class with the same slots and no frozen guard) by plain assignment, then make it
# the frozen class by setting ``__class__`` (Python allows that between identical slot
# layouts, which is why the models have no __weakref__ slot): about 0.5 µs.
# tests/test_adapt.py shows the result equals the checked constructor's.


# freeze() tells mypy what it returns with an ignore, not typing.cast: a cast is a
# function call, and these run once per execution and header.


class HeaderDraft:
    """A Header's slots without the frozen guard, filled by plain assignment."""

    __slots__ = tuple(field.name for field in attrs.fields(Header))

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def freeze(self) -> Header:
        """This object, now a Header (checked: both values are strings)."""
        self.__class__ = Header  # type: ignore[assignment]
        return self  # type: ignore[return-value]


class ExecutionDraft:
    """An Execution's slots without the frozen guard, filled by plain assignment, for
    values of the right types: aware dates, enum members, tuples, a read-only ``extra``
    (what attrs' converters and checks would make of them)."""

    __slots__ = tuple(field.name for field in attrs.fields(Execution))

    def __init__(
        self,
        id_: str,
        created_at: datetime,
        updated_at: datetime,
        permissions: tuple[str, ...],
        function_id: str,
        deployment_id: str,
        trigger: ExecutionTrigger,
        status: ExecutionStatus,
        request_method: str,
        request_path: str,
        request_headers: tuple[Header, ...],
        response_status_code: int,
        response_body: str,
        response_headers: tuple[Header, ...],
        logs: str,
        errors: str,
        duration: float,
        scheduled_at: datetime | None,
        server_version: str,
        extra: Mapping[str, Any],
    ) -> None:
        self.id = id_
        self.created_at = created_at
        self.updated_at = updated_at
        self.permissions = permissions
        self.function_id = function_id
        self.deployment_id = deployment_id
        self.trigger = trigger
        self.status = status
        self.request_method = request_method
        self.request_path = request_path
        self.request_headers = request_headers
        self.response_status_code = response_status_code
        self.response_body = response_body
        self.response_headers = response_headers
        self.logs = logs
        self.errors = errors
        self.duration = duration
        self.scheduled_at = scheduled_at
        self.server_version = server_version
        self.extra = extra

    def freeze(self) -> Execution:
        """This object, now an Execution."""
        self.__class__ = Execution  # type: ignore[assignment]
        return self  # type: ignore[return-value]
