from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(("data",))

T = TypeVar("T", bound="ExecutionCreate")


@_attrs_define
class ExecutionCreate:
    """The body of a create-execution request.

    Attributes:
        data (str | Unset): Custom data passed to the function. Default: ''.
    """

    data: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        field_dict: dict[str, Any] = {}
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        data = d.get("data", UNSET)

        execution_create = cls(
            data,
        )

        known_keys_present = data is not UNSET
        if len(d) > known_keys_present:
            execution_create.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return execution_create

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
