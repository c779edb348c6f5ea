"""From a generated model straight to the modern Execution: the hot path.

The generated client has already parsed the JSON (dates into datetimes, headers into
objects). Turning its model back into a dict and parsing that again cost more than
the HTTP request itself, so for the two generations most servers run, 1.8 and the
legacy 0.9, the model's attributes are checked and copied once, here.

The version chain (`_chain`) stays the one definition of the mapping: the legacy
adapter below is that chain fused into one function for 0.9, and
tests/test_adapt.py proves the two give the same result (or the same error) for
arbitrary input. Every other generation goes through the chain itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, cast

from appwrite_api_v1_8.types import Unset

from ._dates import from_unix_seconds
from ._enums import ExecutionStatus, ExecutionTrigger
from ._models import Execution, ExecutionList, Header
from ._reading import fail

_EMPTY: Mapping[str, Any] = MappingProxyType({})
# Known members by value: a dict lookup instead of Enum.__call__ on the hot path.
_TRIGGERS = cast(Mapping[str, ExecutionTrigger], ExecutionTrigger._value2member_map_)
_STATUSES = cast(Mapping[str, ExecutionStatus], ExecutionStatus._value2member_map_)

Adapter = Callable[[Any, str, str], Execution]


# The helpers below take the location as (where, name) and join it only on failure:
# formatting it for every field of every execution was a measurable cost.


def _text(value: object, where: str, name: str, version: str) -> str:
    if type(value) is not str:
        fail(f"{where}.{name}", "a string", value, version)
    return value


def _integer(value: object, where: str, name: str, version: str) -> int:
    if type(value) is not int:
        fail(f"{where}.{name}", "an integer", value, version)
    return value


def _number(value: object, where: str, name: str, version: str) -> float:
    if type(value) is int:
        return value
    if type(value) is float and math.isfinite(value):
        return value
    fail(f"{where}.{name}", "a finite number", value, version)


def _aware(value: object, where: str, name: str, version: str) -> datetime:
    if type(value) is not datetime or value.utcoffset() is None:
        fail(f"{where}.{name}", "an ISO 8601 date string with a UTC offset", value, version)
    return value


def _trigger(value: object, where: str, version: str) -> ExecutionTrigger:
    text = _text(str(value) if isinstance(value, str) else value, where, "trigger", version)
    member = _TRIGGERS.get(text)
    return member if member is not None else ExecutionTrigger(text)


def _status(value: object, where: str, version: str) -> ExecutionStatus:
    text = _text(str(value) if isinstance(value, str) else value, where, "status", version)
    member = _STATUSES.get(text)
    return member if member is not None else ExecutionStatus(text)


def _headers(items: object, where: str, name: str, version: str) -> tuple[Header, ...]:
    if type(items) is not list:
        fail(f"{where}.{name}", 'an array of {"name", "value"} objects', items, version)
    headers = []
    for index, item in enumerate(items):
        header_name, header_value = item.name, item.value
        if type(header_name) is not str or type(header_value) is not str:
            _text(header_name, f"{where}.{name}[{index}]", "name", version)
            _text(header_value, f"{where}.{name}[{index}]", "value", version)
        headers.append(Header(header_name, header_value))
    return tuple(headers)


def _extra(model: Any) -> Mapping[str, Any]:
    extra = model.additional_properties
    return MappingProxyType(dict(extra)) if extra else _EMPTY


def from_modern(model: Any, version: str, where: str = "execution") -> Execution:
    """A generated 1.8 Execution as the modern model, checked."""
    permissions = model.permissions
    if type(permissions) is not list or any(type(p) is not str for p in permissions):
        fail(f"{where}.$permissions", "an array of strings", permissions, version)
    scheduled = model.scheduled_at
    if isinstance(scheduled, Unset):
        scheduled = None
    return Execution(
        _text(model.id, where, "$id", version),
        _aware(model.created_at, where, "$createdAt", version),
        _aware(model.updated_at, where, "$updatedAt", version),
        tuple(permissions),
        _text(model.function_id, where, "functionId", version),
        _text(model.deployment_id, where, "deploymentId", version),
        _trigger(model.trigger, where, version),
        _status(model.status, where, version),
        _text(model.request_method, where, "requestMethod", version),
        _text(model.request_path, where, "requestPath", version),
        _headers(model.request_headers, where, "requestHeaders", version),
        _integer(model.response_status_code, where, "responseStatusCode", version),
        _text(model.response_body, where, "responseBody", version),
        _headers(model.response_headers, where, "responseHeaders", version),
        _text(model.logs, where, "logs", version),
        _text(model.errors, where, "errors", version),
        _number(model.duration, where, "duration", version),
        None if scheduled is None else _aware(scheduled, where, "scheduledAt", version),
        version,
        extra=_extra(model),
    )


def from_legacy(model: Any, version: str, where: str = "execution") -> Execution:
    """A generated 0.9 Execution as the modern model: the chain, fused (see above)."""
    seconds = _integer(model.date_created, where, "dateCreated", version)
    try:
        created = from_unix_seconds(seconds)
    except OverflowError:
        fail(f"{where}.dateCreated", "an integer of Unix seconds", seconds, version)
    return Execution(
        _text(model.id, where, "$id", version),
        created,
        created,  # legacy servers keep no update date: the creation date stands in
        (),
        _text(model.function_id, where, "functionId", version),
        "",
        _trigger(model.trigger, where, version),
        _status(model.status, where, version),
        "",
        "",
        (),
        _integer(model.exit_code, where, "exitCode", version),
        _text(model.stdout, where, "stdout", version),
        (),
        "",
        _text(model.stderr, where, "stderr", version),
        _number(model.time, where, "time", version),
        None,
        version,
        extra=_extra(model),
    )


def list_from(model: Any, adapt: Adapter, total_key: str, version: str) -> ExecutionList:
    """A generated list model, each execution adapted."""
    total = _integer(
        getattr(model, "total" if total_key == "total" else "sum_"),
        "execution list",
        total_key,
        version,
    )
    items = model.executions
    if type(items) is not list:
        fail("execution list.executions", "an array", items, version)
    executions = tuple(
        adapt(item, version, f"executions[{index}]") for index, item in enumerate(items)
    )
    return ExecutionList(total, executions, version, extra=_extra(model))
