"""From a generated model straight to the modern Execution: the hot path.

The generated client has already parsed the JSON (dates into datetimes, headers into
objects). Turning its model back into a dict and parsing that again cost more than
the HTTP request itself, so for the two generations most servers run, 1.8 and the
legacy 0.9, the model's attributes are checked and copied once, here: a quick path
guards a whole well-formed execution at once and builds it without attrs checking it
again; anything it does not accept goes field by field, to be named in the error.

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
from typing import Any, NamedTuple

from appwrite_api.v1_8.types import Unset

from ._dates import from_unix_seconds
from ._enums import STATUSES_BY_VALUE, TRIGGERS_BY_VALUE, ExecutionStatus, ExecutionTrigger
from ._models import Execution, ExecutionDraft, ExecutionList, Header, HeaderDraft
from ._reading import fail

_EMPTY: Mapping[str, Any] = MappingProxyType({})

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
    member = TRIGGERS_BY_VALUE.get(text)
    return member if member is not None else ExecutionTrigger(text)


def _status(value: object, where: str, version: str) -> ExecutionStatus:
    text = _text(str(value) if isinstance(value, str) else value, where, "status", version)
    member = STATUSES_BY_VALUE.get(text)
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


def _from_modern_checked(model: Any, version: str, where: str) -> Execution:
    """A generated 1.8 Execution as the modern model, field by field: names what is wrong."""
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


def _from_legacy_checked(model: Any, version: str, where: str) -> Execution:
    """A generated 0.9 Execution as the modern model, field by field: names what is wrong."""
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


# -- the quick paths --------------------------------------------------------------------
#
# One guard over every field of a well-formed execution, then `ExecutionDraft`,
# which builds it without attrs running the same checks again. Anything the guard does
# not accept returns None, and the field-by-field adapter above takes over: it gives
# the same Execution or names the field that is wrong (tests/test_adapt.py).


def _strings(items: object) -> tuple[str, ...] | None:
    if type(items) is not list:
        return None
    for item in items:
        if type(item) is not str:
            return None
    return tuple(items)


def _quick_headers(items: object) -> tuple[Header, ...] | None:
    if type(items) is not list:
        return None
    headers = []
    for item in items:
        name, value = item.name, item.value
        if type(name) is not str or type(value) is not str:
            return None
        headers.append(HeaderDraft(name, value).freeze())
    return tuple(headers)


def _quick_modern(model: Any, version: str) -> Execution | None:
    id_, function_id, deployment_id = model.id, model.function_id, model.deployment_id
    method, path, body = model.request_method, model.request_path, model.response_body
    logs, errors = model.logs, model.errors
    code, duration = model.response_status_code, model.duration
    created, updated, scheduled = model.created_at, model.updated_at, model.scheduled_at
    trigger, status = TRIGGERS_BY_VALUE.get(model.trigger), STATUSES_BY_VALUE.get(model.status)
    if isinstance(scheduled, Unset):
        scheduled = None
    if not (
        type(id_) is str
        and type(function_id) is str
        and type(deployment_id) is str
        and type(method) is str
        and type(path) is str
        and type(body) is str
        and type(logs) is str
        and type(errors) is str
        and type(code) is int
        and trigger is not None
        and status is not None
        and (type(duration) is int or (type(duration) is float and math.isfinite(duration)))
        and type(created) is datetime
        and created.utcoffset() is not None
        and type(updated) is datetime
        and updated.utcoffset() is not None
        and (
            scheduled is None or (type(scheduled) is datetime and scheduled.utcoffset() is not None)
        )
    ):
        return None
    permissions = _strings(model.permissions)
    request_headers = _quick_headers(model.request_headers)
    response_headers = _quick_headers(model.response_headers)
    if permissions is None or request_headers is None or response_headers is None:
        return None
    return ExecutionDraft(
        id_,
        created,
        updated,
        permissions,
        function_id,
        deployment_id,
        trigger,
        status,
        method,
        path,
        request_headers,
        code,
        body,
        response_headers,
        logs,
        errors,
        duration,
        scheduled,
        version,
        _extra(model),
    ).freeze()


def _quick_legacy(model: Any, version: str) -> Execution | None:
    id_, function_id, seconds = model.id, model.function_id, model.date_created
    code, stdout, stderr, duration = model.exit_code, model.stdout, model.stderr, model.time
    trigger, status = TRIGGERS_BY_VALUE.get(model.trigger), STATUSES_BY_VALUE.get(model.status)
    if not (
        type(id_) is str
        and type(function_id) is str
        and type(seconds) is int
        and type(code) is int
        and type(stdout) is str
        and type(stderr) is str
        and trigger is not None
        and status is not None
        and (type(duration) is int or (type(duration) is float and math.isfinite(duration)))
    ):
        return None
    try:
        created = from_unix_seconds(seconds)
    except OverflowError:  # past the year 9999: the checked path says so
        return None
    return ExecutionDraft(
        id_,
        created,
        created,  # legacy servers keep no update date: the creation date stands in
        (),
        function_id,
        "",
        trigger,
        status,
        "",
        "",
        (),
        code,
        stdout,
        (),
        "",
        stderr,
        duration,
        None,
        version,
        _extra(model),
    ).freeze()


class Adapter(NamedTuple):
    """The quick path of one generation's adapter, and the checked path behind it."""

    quick: Callable[[Any, str], Execution | None]
    checked: Callable[[Any, str, str], Execution]

    def __call__(self, model: Any, version: str, where: str = "execution") -> Execution:
        execution = self.quick(model, version)
        return execution if execution is not None else self.checked(model, version, where)


from_modern = Adapter(_quick_modern, _from_modern_checked)
from_legacy = Adapter(_quick_legacy, _from_legacy_checked)


def list_from(model: Any, adapter: Adapter, total_key: str, version: str) -> ExecutionList:
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
    quick, checked = adapter
    executions = []
    for index, item in enumerate(items):
        execution = quick(item, version)
        if execution is None:  # the location is only formatted when it is needed
            execution = checked(item, version, f"executions[{index}]")
        executions.append(execution)
    return ExecutionList(total, tuple(executions), version, extra=_extra(model))
