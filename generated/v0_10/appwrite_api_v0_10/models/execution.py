from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_status import ExecutionStatus
from ..models.execution_trigger import ExecutionTrigger

if TYPE_CHECKING:
    from ..models.permissions import Permissions


T = TypeVar("T", bound="Execution")


@_attrs_define
class Execution:
    """One function execution.

    Attributes:
        id (str): Execution ID.
        date_created (int): Creation date, Unix seconds.
        permissions (Permissions): Who may read and write an execution (0.10 and 0.11; C10).
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
    permissions: Permissions
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

        permissions = self.permissions.to_dict()

        function_id = self.function_id

        trigger = self.trigger.value

        status = self.status.value

        exit_code = self.exit_code

        stdout = self.stdout

        stderr = self.stderr

        time = self.time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "$id": id,
                "dateCreated": date_created,
                "$permissions": permissions,
                "functionId": function_id,
                "trigger": trigger,
                "status": status,
                "exitCode": exit_code,
                "stdout": stdout,
                "stderr": stderr,
                "time": time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.permissions import Permissions

        d = dict(src_dict)
        id = d.pop("$id")

        date_created = d.pop("dateCreated")

        permissions = Permissions.from_dict(d.pop("$permissions"))

        function_id = d.pop("functionId")

        trigger = ExecutionTrigger(d.pop("trigger"))

        status = ExecutionStatus(d.pop("status"))

        exit_code = d.pop("exitCode")

        stdout = d.pop("stdout")

        stderr = d.pop("stderr")

        time = d.pop("time")

        execution = cls(
            id=id,
            date_created=date_created,
            permissions=permissions,
            function_id=function_id,
            trigger=trigger,
            status=status,
            exit_code=exit_code,
            stdout=stdout,
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
