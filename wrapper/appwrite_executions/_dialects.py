"""What differs between API versions, behind one interface: requests and adaptation.

Each dialect builds requests with its version's generated client and reads answers
with it, then adapts the generated model to the modern Execution through the version
chain (`_chain`). The client above never knows which version it talks to, except to
ask whether a capability exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Protocol

from appwrite_api_v0_9.api.functions import functions_create_execution as legacy_create
from appwrite_api_v0_9.api.functions import functions_get_execution as legacy_get
from appwrite_api_v0_9.api.functions import functions_list_executions as legacy_list
from appwrite_api_v0_9.models import ExecutionCreate as LegacyCreate
from appwrite_api_v0_9.models import FunctionsListExecutionsOrderType as LegacyOrder
from appwrite_api_v1_8.api.functions import functions_create_execution as modern_create
from appwrite_api_v1_8.api.functions import functions_delete_execution as modern_delete
from appwrite_api_v1_8.api.functions import functions_get_execution as modern_get
from appwrite_api_v1_8.api.functions import functions_list_executions as modern_list
from appwrite_api_v1_8.models import ExecutionCreate as ModernCreate
from appwrite_api_v1_8.models import ExecutionCreateHeaders, ExecutionCreateMethod
from appwrite_api_v1_8.types import UNSET

from ._chain import LEGACY_GENERATION, MODERN_GENERATION
from ._models import Execution, ExecutionList
from ._queries import page_queries
from ._transport import Transport, parse

Api = Literal["legacy", "modern"]

# Newer servers keep answering in the 1.8 shape when asked to.
RESPONSE_FORMAT = "1.8.0"


class Dialect(Protocol):
    api: Api
    generation: str
    server_side_filters: bool

    def list_page(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int | None,
        order: str,
        search: str | None,
        status: Sequence[str],
        trigger: Sequence[str],
        cursor_after: str | None,
        total: bool,
    ) -> ExecutionList: ...

    def get(self, function_id: str, execution_id: str) -> Execution: ...

    def create(
        self,
        function_id: str,
        *,
        body: str,
        async_: bool | None,
        path: str | None,
        method: str | None,
        headers: dict[str, str] | None,
        scheduled_at: datetime | None,
    ) -> Execution: ...

    def delete(self, function_id: str, execution_id: str) -> None: ...


class _Base:
    generation: str

    def __init__(self, transport: Transport, server_version: str) -> None:
        self.transport = transport
        self.server_version = server_version

    def _execution(self, model: Any) -> Execution:
        return Execution.from_version_dict(
            model.to_dict(), self.generation, server_version=self.server_version
        )

    def _list(self, model: Any) -> ExecutionList:
        return ExecutionList.from_version_dict(
            model.to_dict(), self.generation, server_version=self.server_version
        )

    def _fetch(self, module: Any, request: dict[str, Any]) -> Any:
        response = self.transport.send(request)
        return parse(module, response, server_version=self.server_version)


class LegacyDialect(_Base):
    """0.9.x (and 0.7, 0.8): limit/offset/orderType paging, `data` bodies, no delete."""

    api: Api = "legacy"
    generation = LEGACY_GENERATION
    server_side_filters = False

    def list_page(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int | None,
        order: str,
        search: str | None,
        status: Sequence[str],
        trigger: Sequence[str],
        cursor_after: str | None,
        total: bool,
    ) -> ExecutionList:
        del status, trigger, cursor_after, total  # the client filters and pages instead
        request = legacy_list.build_request(
            function_id,
            search=search or "",
            limit=limit,
            offset=offset or 0,
            order_type=LegacyOrder.ASC if order == "asc" else LegacyOrder.DESC,
        )
        return self._list(self._fetch(legacy_list, request))

    def get(self, function_id: str, execution_id: str) -> Execution:
        return self._execution(
            self._fetch(legacy_get, legacy_get.build_request(function_id, execution_id))
        )

    def create(
        self,
        function_id: str,
        *,
        body: str,
        async_: bool | None,
        path: str | None,
        method: str | None,
        headers: dict[str, str] | None,
        scheduled_at: datetime | None,
    ) -> Execution:
        request = legacy_create.build_request(function_id, body=LegacyCreate(data=body))
        return self._execution(self._fetch(legacy_create, request))

    def delete(self, function_id: str, execution_id: str) -> None:  # pragma: no cover
        raise AssertionError("the client checks delete support before calling")


class ModernDialect(_Base):
    """1.8.x and newer: JSON queries, cursor paging, full create body, delete."""

    api: Api = "modern"
    generation = MODERN_GENERATION
    server_side_filters = True

    def list_page(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int | None,
        order: str,
        search: str | None,
        status: Sequence[str],
        trigger: Sequence[str],
        cursor_after: str | None,
        total: bool,
    ) -> ExecutionList:
        queries = page_queries(
            limit=limit,
            offset=offset,
            order=order,
            status=status,
            trigger=trigger,
            cursor_after=cursor_after,
        )
        request = modern_list.build_request(function_id, queries=queries, total=total)
        return self._list(self._fetch(modern_list, request))

    def get(self, function_id: str, execution_id: str) -> Execution:
        return self._execution(
            self._fetch(modern_get, modern_get.build_request(function_id, execution_id))
        )

    def create(
        self,
        function_id: str,
        *,
        body: str,
        async_: bool | None,
        path: str | None,
        method: str | None,
        headers: dict[str, str] | None,
        scheduled_at: datetime | None,
    ) -> Execution:
        payload = ModernCreate(
            body=body,
            async_=bool(async_),
            path=UNSET if path is None else path,
            method=UNSET if method is None else ExecutionCreateMethod(method),
            headers=UNSET if headers is None else ExecutionCreateHeaders.from_dict(headers),
            scheduled_at=UNSET if scheduled_at is None else scheduled_at,
        )
        request = modern_create.build_request(function_id, body=payload)
        return self._execution(self._fetch(modern_create, request))

    def delete(self, function_id: str, execution_id: str) -> None:
        self.transport.send(modern_delete.build_request(function_id, execution_id))
