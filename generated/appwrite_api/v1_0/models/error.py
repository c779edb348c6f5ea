from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "message",
        "code",
        "type",
        "version",
    )
)

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """An Appwrite error.

    Attributes:
        message (str): Error message.
        code (int | str): The HTTP status (an integer on real servers; C6).
        type_ (str): Machine-readable error type, e.g. execution_not_found.
        version (str): The server's version.
    """

    message: str
    code: int | str
    type_: str
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code: int | str
        code = self.code

        type_ = self.type_

        version = self.version

        field_dict: dict[str, Any] = {
            "message": message,
            "code": code,
            "type": type_,
            "version": version,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        message = d["message"]

        code: int | str = d["code"]

        type_ = d["type"]

        version = d["version"]

        error = cls(
            message,
            code,
            type_,
            version,
        )

        known_keys_present = 4
        if len(d) > known_keys_present:
            error.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return error

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
