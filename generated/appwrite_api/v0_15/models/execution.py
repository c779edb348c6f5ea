from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_status import ExecutionStatus
from ..models.execution_trigger import ExecutionTrigger

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
        "$read",
        "functionId",
        "trigger",
        "status",
        "statusCode",
        "response",
        "stderr",
        "time",
    )
)

T = TypeVar("T", bound="Execution")


@_attrs_define
class Execution:
    """One function execution.

    Attributes:
        id (str): Execution ID.
        created_at (int): Creation date, Unix seconds.
        updated_at (int): Update date, Unix seconds.
        read (list[str]): Roles that may read the execution.
        function_id (str): Function ID.
        trigger (ExecutionTrigger): What started the execution.
        status (ExecutionStatus): The execution's status.
        status_code (int): The function's status code.
        response (str): The function's response.
        stderr (str): The last 4,000 characters of the script's stderr.
        time (float): Run time in seconds.
    """

    id: str
    created_at: int
    updated_at: int
    read: list[str]
    function_id: str
    trigger: ExecutionTrigger
    status: ExecutionStatus
    status_code: int
    response: str
    stderr: str
    time: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at = self.created_at

        updated_at = self.updated_at

        read = self.read

        function_id = self.function_id

        trigger = self.trigger.value

        status = self.status.value

        status_code = self.status_code

        response = self.response

        stderr = self.stderr

        time = self.time

        field_dict: dict[str, Any] = {
            "$id": id,
            "$createdAt": created_at,
            "$updatedAt": updated_at,
            "$read": read,
            "functionId": function_id,
            "trigger": trigger,
            "status": status,
            "statusCode": status_code,
            "response": response,
            "stderr": stderr,
            "time": time,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        id = d["$id"]

        created_at = d["$createdAt"]

        updated_at = d["$updatedAt"]

        read: list[str] = d["$read"]

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

        status_code = d["statusCode"]

        response = d["response"]

        stderr = d["stderr"]

        time = d["time"]

        execution = cls(
            id,
            created_at,
            updated_at,
            read,
            function_id,
            trigger,
            status,
            status_code,
            response,
            stderr,
            time,
        )

        known_keys_present = 11
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
