from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# The keys of the known properties; any other key goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "$id",
        "name",
        "runtime",
    )
)

T = TypeVar("T", bound="Function")


@_attrs_define
class Function:
    """One function (the fields the client reads).

    Attributes:
        id (str): Function ID.
        name (str): Function name.
        runtime (str | Unset): The function's runtime, e.g. node-18.0 (absent before 0.9).
    """

    id: str
    name: str
    runtime: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        runtime = self.runtime

        field_dict: dict[str, Any] = {
            "$id": id,
            "name": name,
        }
        if self.additional_properties:
            field_dict = {**self.additional_properties, **field_dict}
        if runtime is not UNSET:
            field_dict["runtime"] = runtime

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        id = d["$id"]

        name = d["name"]

        runtime = d.get("runtime", UNSET)

        function = cls(
            id,
            name,
            runtime,
        )

        known_keys_present = 2 + (runtime is not UNSET)
        if len(d) > known_keys_present:
            function.additional_properties = {
                prop_name: prop
                for prop_name, prop in d.items()
                if prop_name not in _KNOWN_KEYS
            }
        return function

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
