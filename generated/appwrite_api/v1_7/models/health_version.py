from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(("version",))

T = TypeVar("T", bound="HealthVersion")


@_attrs_define
class HealthVersion:
    """The answer of GET /health/version.

    Attributes:
        version (str): The server's version, e.g. 1.8.1.
    """

    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        field_dict: dict[str, Any] = {
            "version": version,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        version = d["version"]

        health_version = cls(
            version,
        )

        known_keys_present = 1
        if len(d) > known_keys_present:
            health_version.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return health_version

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
