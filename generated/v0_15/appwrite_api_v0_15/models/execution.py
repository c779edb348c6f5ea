from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_status import ExecutionStatus
from ..models.execution_trigger import ExecutionTrigger

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
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
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("$id")

        created_at = d.pop("$createdAt")

        updated_at = d.pop("$updatedAt")

        read = cast(list[str], d.pop("$read"))

        function_id = d.pop("functionId")

        trigger = ExecutionTrigger(d.pop("trigger"))

        status = ExecutionStatus(d.pop("status"))

        status_code = d.pop("statusCode")

        response = d.pop("response")

        stderr = d.pop("stderr")

        time = d.pop("time")

        execution = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            read=read,
            function_id=function_id,
            trigger=trigger,
            status=status,
            status_code=status_code,
            response=response,
            stderr=stderr,
            time=time,
        )

        execution.additional_properties = d
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
