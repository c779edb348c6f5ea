from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "read",
        "write",
    )
)

T = TypeVar("T", bound="Permissions")


@_attrs_define
class Permissions:
    """Who may read and write an execution (0.10 and 0.11; C10).

    Attributes:
        read (list[str]): Roles that may read.
        write (list[str]): Roles that may write.
    """

    read: list[str]
    write: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        read = self.read

        write = self.write

        field_dict: dict[str, Any] = {
            "read": read,
            "write": write,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        read: list[str] = d["read"]

        write: list[str] = d["write"]

        permissions = cls(
            read,
            write,
        )

        known_keys_present = 2
        if len(d) > known_keys_present:
            permissions.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return permissions

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
