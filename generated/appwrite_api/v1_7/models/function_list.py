from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.function import Function

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "total",
        "functions",
    )
)

T = TypeVar("T", bound="FunctionList")


@_attrs_define
class FunctionList:
    """A page of functions.

    Attributes:
        total (int): Number of functions matching the request.
        functions (list[Function]): The functions of this page.
    """

    total: int
    functions: list[Function]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        functions = []
        for functions_item_data in self.functions:
            functions_item = functions_item_data.to_dict()
            functions.append(functions_item)

        field_dict: dict[str, Any] = {
            "total": total,
            "functions": functions,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        total = d["total"]

        _functions = d["functions"]
        functions = []
        for functions_item_data in _functions:
            functions_item = Function.from_dict(functions_item_data)

            functions.append(functions_item)

        function_list = cls(
            total,
            functions,
        )

        known_keys_present = 2
        if len(d) > known_keys_present:
            function_list.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return function_list

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
