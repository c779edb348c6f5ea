from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_status import ExecutionStatus
from ..models.execution_trigger import ExecutionTrigger
from ..models.headers import Headers
from ..types import UNSET, Unset

# The members of each enum by value, which is where calling the enum looks first.
_EXECUTION_STATUS_BY_VALUE = cast(
    "dict[str, ExecutionStatus]", ExecutionStatus._value2member_map_
)
_EXECUTION_TRIGGER_BY_VALUE = cast(
    "dict[str, ExecutionTrigger]", ExecutionTrigger._value2member_map_
)

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "$id",
        "$createdAt",
        "$updatedAt",
        "$permissions",
        "functionId",
        "trigger",
        "status",
        "requestMethod",
        "requestPath",
        "requestHeaders",
        "responseStatusCode",
        "responseBody",
        "responseHeaders",
        "logs",
        "errors",
        "duration",
        "scheduledAt",
    )
)

T = TypeVar("T", bound="Execution")


@_attrs_define
class Execution:
    """One function execution.

    Attributes:
        id (str): Execution ID.
        created_at (datetime.datetime): Creation date, ISO 8601.
        updated_at (datetime.datetime): Update date, ISO 8601.
        permissions (list[str]): Execution roles, e.g. read("any").
        function_id (str): Function ID.
        trigger (ExecutionTrigger): What started the execution.
        status (ExecutionStatus): The execution's status.
        request_method (str): HTTP request method.
        request_path (str): HTTP request path and query.
        request_headers (list[Headers]): HTTP request headers (only allow-listed ones unless synchronous).
        response_status_code (int): HTTP response status code.
        response_body (str): HTTP response body; empty unless the execution was synchronous.
        response_headers (list[Headers]): HTTP response headers (only allow-listed ones unless synchronous).
        logs (str): The last 4,000 characters of the logs; empty without an API key.
        errors (str): The last 4,000 characters of the errors; empty without an API key.
        duration (float): Run time in seconds.
        scheduled_at (datetime.datetime | None | Unset): When a scheduled execution runs; null when queued at once.
    """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    permissions: list[str]
    function_id: str
    trigger: ExecutionTrigger
    status: ExecutionStatus
    request_method: str
    request_path: str
    request_headers: list[Headers]
    response_status_code: int
    response_body: str
    response_headers: list[Headers]
    logs: str
    errors: str
    duration: float
    scheduled_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        permissions = self.permissions

        function_id = self.function_id

        trigger = self.trigger.value

        status = self.status.value

        request_method = self.request_method

        request_path = self.request_path

        request_headers = []
        for request_headers_item_data in self.request_headers:
            request_headers_item = request_headers_item_data.to_dict()
            request_headers.append(request_headers_item)

        response_status_code = self.response_status_code

        response_body = self.response_body

        response_headers = []
        for response_headers_item_data in self.response_headers:
            response_headers_item = response_headers_item_data.to_dict()
            response_headers.append(response_headers_item)

        logs = self.logs

        errors = self.errors

        duration = self.duration

        scheduled_at: None | str | Unset
        if isinstance(self.scheduled_at, Unset):
            scheduled_at = UNSET
        elif isinstance(self.scheduled_at, datetime.datetime):
            scheduled_at = self.scheduled_at.isoformat()
        else:
            scheduled_at = self.scheduled_at

        field_dict: dict[str, Any] = {
            "$id": id,
            "$createdAt": created_at,
            "$updatedAt": updated_at,
            "$permissions": permissions,
            "functionId": function_id,
            "trigger": trigger,
            "status": status,
            "requestMethod": request_method,
            "requestPath": request_path,
            "requestHeaders": request_headers,
            "responseStatusCode": response_status_code,
            "responseBody": response_body,
            "responseHeaders": response_headers,
            "logs": logs,
            "errors": errors,
            "duration": duration,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}
        if scheduled_at is not UNSET:
            field_dict["scheduledAt"] = scheduled_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        id = d["$id"]

        created_at = datetime.datetime.fromisoformat(d["$createdAt"])

        updated_at = datetime.datetime.fromisoformat(d["$updatedAt"])

        permissions: list[str] = d["$permissions"]

        function_id = d["functionId"]

        _trigger = d["trigger"]
        trigger = (
            _EXECUTION_TRIGGER_BY_VALUE[_trigger]
            if isinstance(_trigger, str) and _trigger in _EXECUTION_TRIGGER_BY_VALUE
            else ExecutionTrigger(_trigger)
        )

        _status = d["status"]
        status = (
            _EXECUTION_STATUS_BY_VALUE[_status]
            if isinstance(_status, str) and _status in _EXECUTION_STATUS_BY_VALUE
            else ExecutionStatus(_status)
        )

        request_method = d["requestMethod"]

        request_path = d["requestPath"]

        _request_headers = d["requestHeaders"]
        request_headers = []
        for request_headers_item_data in _request_headers:
            request_headers_item = Headers.from_dict(request_headers_item_data)

            request_headers.append(request_headers_item)

        response_status_code = d["responseStatusCode"]

        response_body = d["responseBody"]

        _response_headers = d["responseHeaders"]
        response_headers = []
        for response_headers_item_data in _response_headers:
            response_headers_item = Headers.from_dict(response_headers_item_data)

            response_headers.append(response_headers_item)

        logs = d["logs"]

        errors = d["errors"]

        duration = d["duration"]

        _scheduled_at = d.get("scheduledAt", UNSET)
        scheduled_at: datetime.datetime | None | Unset
        if _scheduled_at is None or isinstance(_scheduled_at, Unset):
            scheduled_at = _scheduled_at
        elif isinstance(_scheduled_at, str):
            try:
                scheduled_at_type_0 = datetime.datetime.fromisoformat(_scheduled_at)
                scheduled_at = scheduled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                scheduled_at = cast(datetime.datetime | None | Unset, _scheduled_at)
        else:
            scheduled_at = _scheduled_at

        execution = cls(
            id,
            created_at,
            updated_at,
            permissions,
            function_id,
            trigger,
            status,
            request_method,
            request_path,
            request_headers,
            response_status_code,
            response_body,
            response_headers,
            logs,
            errors,
            duration,
            scheduled_at,
        )

        known_keys_present = 16 + (scheduled_at is not UNSET)
        if len(d) > known_keys_present:
            execution.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return execution

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
