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
        "dateCreated",
        "$read",
        "functionId",
        "trigger",
        "status",
        "exitCode",
        "stdout",
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
        date_created (int): Creation date, Unix seconds.
        read (list[str]): Roles that may read the execution.
        function_id (str): Function ID.
        trigger (ExecutionTrigger): What started the execution.
        status (ExecutionStatus): The execution's status.
        exit_code (int): The script's exit code.
        stdout (str): The last 4,000 characters of the script's stdout.
        stderr (str): The last 4,000 characters of the script's stderr.
        time (float): Run time in seconds.
    """

    id: str
    date_created: int
    read: list[str]
    function_id: str
    trigger: ExecutionTrigger
    status: ExecutionStatus
    exit_code: int
    stdout: str
    stderr: str
    time: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        date_created = self.date_created

        read = self.read

        function_id = self.function_id

        trigger = self.trigger.value

        status = self.status.value

        exit_code = self.exit_code

        stdout = self.stdout

        stderr = self.stderr

        time = self.time

        field_dict: dict[str, Any] = {
            "$id": id,
            "dateCreated": date_created,
            "$read": read,
            "functionId": function_id,
            "trigger": trigger,
            "status": status,
            "exitCode": exit_code,
            "stdout": stdout,
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

        date_created = d["dateCreated"]

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

        exit_code = d["exitCode"]

        stdout = d["stdout"]

        stderr = d["stderr"]

        time = d["time"]

        execution = cls(
            id,
            date_created,
            read,
            function_id,
            trigger,
            status,
            exit_code,
            stdout,
            stderr,
            time,
        )

        known_keys_present = 10
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
