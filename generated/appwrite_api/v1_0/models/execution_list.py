from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution import Execution

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "total",
        "executions",
    )
)

T = TypeVar("T", bound="ExecutionList")


@_attrs_define
class ExecutionList:
    """A page of executions.

    Attributes:
        total (int): Number of executions matching the request (0 when total=false).
        executions (list[Execution]): The executions of this page.
    """

    total: int
    executions: list[Execution]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        executions = []
        for executions_item_data in self.executions:
            executions_item = executions_item_data.to_dict()
            executions.append(executions_item)

        field_dict: dict[str, Any] = {
            "total": total,
            "executions": executions,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        total = d["total"]

        _executions = d["executions"]
        executions = []
        for executions_item_data in _executions:
            executions_item = Execution.from_dict(executions_item_data)

            executions.append(executions_item)

        execution_list = cls(
            total,
            executions,
        )

        known_keys_present = 2
        if len(d) > known_keys_present:
            execution_list.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
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
