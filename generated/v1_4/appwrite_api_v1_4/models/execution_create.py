from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_create_method import ExecutionCreateMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.execution_create_headers import ExecutionCreateHeaders


T = TypeVar("T", bound="ExecutionCreate")


@_attrs_define
class ExecutionCreate:
    """The body of a create-execution request.

    Attributes:
        body (str | Unset): HTTP body of the execution. Default is an empty string.
        async_ (bool | Unset): Run in the background. Default is false.
        path (str | Unset): HTTP path of the execution, may include a query. Default is /.
        method (ExecutionCreateMethod | Unset): HTTP method of the execution.
        headers (ExecutionCreateHeaders | Unset): HTTP headers of the execution. Default is none.
    """

    body: str | Unset = UNSET
    async_: bool | Unset = UNSET
    path: str | Unset = UNSET
    method: ExecutionCreateMethod | Unset = UNSET
    headers: ExecutionCreateHeaders | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        async_ = self.async_

        path = self.path

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if body is not UNSET:
            field_dict["body"] = body
        if async_ is not UNSET:
            field_dict["async"] = async_
        if path is not UNSET:
            field_dict["path"] = path
        if method is not UNSET:
            field_dict["method"] = method
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.execution_create_headers import ExecutionCreateHeaders

        d = dict(src_dict)
        body = d.pop("body", UNSET)

        async_ = d.pop("async", UNSET)

        path = d.pop("path", UNSET)

        _method = d.pop("method", UNSET)
        method: ExecutionCreateMethod | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = ExecutionCreateMethod(_method)

        _headers = d.pop("headers", UNSET)
        headers: ExecutionCreateHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = ExecutionCreateHeaders.from_dict(_headers)

        execution_create = cls(
            body=body,
            async_=async_,
            path=path,
            method=method,
            headers=headers,
        )

        execution_create.additional_properties = d
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
