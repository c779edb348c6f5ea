from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.execution import Execution


T = TypeVar("T", bound="ExecutionList")


@_attrs_define
class ExecutionList:
    """A page of executions.

    Attributes:
        sum_ (int): Number of executions matching the request, before paging.
        executions (list[Execution]): The executions of this page.
    """

    sum_: int
    executions: list[Execution]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sum_ = self.sum_

        executions = []
        for executions_item_data in self.executions:
            executions_item = executions_item_data.to_dict()
            executions.append(executions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sum": sum_,
                "executions": executions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.execution import Execution

        d = dict(src_dict)
        sum_ = d.pop("sum")

        executions = []
        _executions = d.pop("executions")
        for executions_item_data in _executions:
            executions_item = Execution.from_dict(executions_item_data)

            executions.append(executions_item)

        execution_list = cls(
            sum_=sum_,
            executions=executions,
        )

        execution_list.additional_properties = d
        return execution_list

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
