"""What differs between server generations, behind one interface.

A server's generation (`_chain.generation_for`) picks its generated client package
(`appwrite_api.v1_4`, ...). The dialect builds each request with that package, in the
form the generation takes (limit/offset/orderType; cursor/cursorDirection; queries[] as
strings or as JSON; data or body), reads the answer with it, and adapts the generated
model to the modern Execution through the version chain. The client above asks only
what the generation can do.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import attrs

from ._adapt import Adapter, from_legacy, from_modern, list_from
from ._chain import generated_package, generation_for, list_total_key, parse_version, supports
from ._errors import InvalidArgument, InvalidResponse
from ._models import Execution, ExecutionList
from ._paging import oldest_execution, paging_limits
from ._queries import Form, page_queries, query
from ._transport import Transport, parse
from ._validation import is_valid_id, shown_id

if TYPE_CHECKING:
    import httpx

Api = Literal["legacy", "modern"]

# Servers from 1.8 on are asked for this shape; newer ones keep answering in it.
RESPONSE_FORMAT = "1.8.0"


class _Generated:
    """The endpoint modules and models of one generation's generated client."""

    def __init__(self, generation: str) -> None:
        package = generated_package(generation)
        functions = f"{package}.api.functions"
        self.list = importlib.import_module(f"{functions}.functions_list_executions")
        self.get = importlib.import_module(f"{functions}.functions_get_execution")
        self.create = importlib.import_module(f"{functions}.functions_create_execution")
        self.models: ModuleType = importlib.import_module(f"{package}.models")
        self.types: ModuleType = importlib.import_module(f"{package}.types")
        self.delete: ModuleType | None = None
        if supports("delete_execution", generation):
            self.delete = importlib.import_module(f"{functions}.functions_delete_execution")


class Dialect:
    """Requests and adaptation for one server version."""

    def __init__(self, transport: Transport, server_version: str) -> None:
        self.transport = transport
        self.server_version = server_version
        self.generation = generation_for(server_version).generation
        self.api: Api = "legacy" if parse_version(self.generation) < (1, 0, 0) else "modern"
        self._gen = _Generated(self.generation)
        self._adapt: Adapter | None = {"0.9": from_legacy, "1.8": from_modern}.get(self.generation)
        self._total_key = list_total_key(self.generation)
        self._unset = self._gen.types.UNSET

        def has(feature: str) -> bool:
            return supports(feature, server_version)

        self._queries = has("list_queries_strings") or has("list_queries_json")
        self._query_form: Form = "json" if has("list_queries_json") else "string"
        self._cursor_params = has("list_cursor")
        self._order_type = has("list_order_type")
        self._total_flag = has("list_total_flag")
        self._search = has("list_search")
        self._create_data = has("create_data")
        self._create_body = has("create_body")
        self._create_async = has("create_async")
        self._headers_as_string = (
            parse_version("1.6") <= parse_version(self.generation) < (parse_version("1.8"))
        )
        self.server_side_filters = self._queries
        self.cursor_paging = self._queries or self._cursor_params
        # 0.12-0.15 take no order parameter and list newest first; oldest first is
        # read from the end (see _newest_first_page).
        self.newest_first = self._cursor_params
        self.can_order_desc = True
        self.paging = paging_limits(server_version)
        self.limit_max = self.paging.limit_max
        # Whether a list answer carries a count: every server counts, except that from
        # 1.8.1 total=false skips it (then the count is 0).
        self.total_flag = self._total_flag
        self.counts_always = not self._total_flag

    # -- adaptation ------------------------------------------------------------

    def _parsed(self, module: ModuleType, request: dict[str, Any]) -> Any:
        response = self.send(request)
        return parse(module, response, server_version=self.server_version)

    @contextmanager
    def _naming(self, request: dict[str, Any]) -> Iterator[None]:
        """Errors found while adapting name the request, as transport errors do."""
        try:
            yield
        except InvalidResponse as error:
            path = urlsplit(request["url"]).path
            raise error.with_request(str(request["method"]).upper(), path) from None

    def _read_execution(self, module: ModuleType, request: dict[str, Any]) -> Execution:
        """0.9 and 1.8 models are adapted attribute by attribute (`_adapt`); other
        generations go back to their JSON shape and up the version chain."""
        parsed = self._parsed(module, request)
        with self._naming(request):
            if self._adapt is not None:
                execution = self._adapt(parsed, self.server_version, "execution")
            else:
                execution = Execution.from_version_dict(
                    parsed.to_dict(), self.generation, server_version=self.server_version
                )
            _check_id(execution, self.server_version)
            return execution

    def _read_list(self, request: dict[str, Any]) -> ExecutionList:
        return self.read_list(request, self.send(request))

    def send(self, request: dict[str, Any]) -> httpx.Response:
        """One request, answered 2xx with its body read (errors raised as by every call)."""
        return self.transport.send(request)

    def read_list(self, request: dict[str, Any], response: httpx.Response) -> ExecutionList:
        """The page in ``response``, the answer to list ``request``."""
        parsed = parse(self._gen.list, response, server_version=self.server_version)
        with self._naming(request):
            if self._adapt is not None:
                page = list_from(parsed, self._adapt, self._total_key, self.server_version)
            else:
                page = ExecutionList.from_version_dict(
                    parsed.to_dict(), self.generation, server_version=self.server_version
                )
            for execution in page.executions:
                _check_id(execution, self.server_version)
            return page

    # -- operations ------------------------------------------------------------

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
        """One page; filters are sent only to servers that take them (see the client)."""
        build = self._gen.list.build_request
        if self._queries:
            request = self.query_request(
                function_id,
                limit=limit,
                offset=offset,
                order=order,
                search=search,
                status=status,
                trigger=trigger,
                cursor_after=cursor_after,
                total=total,
            )
        elif self._cursor_params:
            return self._newest_first_page(
                function_id,
                limit=limit,
                offset=offset or 0,
                order=order,
                search=search,
                cursor_after=cursor_after,
            )
        else:
            order_type = self._gen.models.FunctionsListExecutionsOrderType
            request = build(
                function_id,
                search=search or "",
                limit=limit,
                offset=offset or 0,
                order_type=order_type.ASC if order == "asc" else order_type.DESC,
            )
        return self._read_list(request)

    def query_request(
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
    ) -> dict[str, Any]:
        """The request for one page of a 1.x server (``queries[]``), not yet sent."""
        queries = page_queries(
            limit=limit,
            offset=offset,
            order=order,
            status=status,
            trigger=trigger,
            cursor_after=cursor_after,
            form=self._query_form,
        )
        kwargs: dict[str, Any] = {"queries": queries}
        if self._search:
            kwargs["search"] = self._unset if search is None else search
        if self._total_flag:
            kwargs["total"] = total
        request: dict[str, Any] = self._gen.list.build_request(function_id, **kwargs)
        return request

    def list_queries(
        self,
        function_id: str,
        queries: Sequence[tuple[str, str | None, Sequence[Any] | None]],
        *,
        total: bool,
    ) -> ExecutionList:
        """One page for queries the caller has already checked (1.x servers only).

        Each query is ``(method, attribute, values)`` with the attribute in this
        server's spelling; it is sent in the server's form (strings or JSON). The
        migration shim (``compat``) uses this for queries beyond status and trigger.
        """
        if not self._queries:
            raise AssertionError("the caller checks that the server takes queries[]")
        kwargs: dict[str, Any] = {
            "queries": [query(m, a, v, self._query_form) for m, a, v in queries]
        }
        if self._search:
            kwargs["search"] = self._unset
        if self._total_flag:
            kwargs["total"] = total
        request = self._gen.list.build_request(function_id, **kwargs)
        return self._read_list(request)

    def cursor_page(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int,
        search: str | None,
        cursor: str,
        before: bool,
    ) -> ExecutionList:
        directions = self._gen.models.FunctionsListExecutionsCursorDirection
        request = self._gen.list.build_request(
            function_id,
            limit=limit,
            offset=offset,
            search=search or "",
            cursor=cursor,
            cursor_direction=directions.BEFORE if before else directions.AFTER,
        )
        return self._read_list(request)

    def _newest_first_page(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int,
        order: str,
        search: str | None,
        cursor_after: str | None,
    ) -> ExecutionList:
        """A page in the asked order from a server that lists newest first only.

        Oldest first, a page at `offset` is the newest-first page that ends `offset`
        items from the end, reversed (one extra request learns the total); after a
        cursor, it is the page just newer than the cursor (cursorDirection=before),
        reversed. Both stay correct while executions arrive, except that the offset
        form shifts as any paging by offset does.
        """
        if order == "desc":
            return self.cursor_page(
                function_id,
                limit=limit,
                offset=offset,
                search=search,
                cursor=cursor_after or "",
                before=False,
            )
        if cursor_after is not None:
            page = self.cursor_page(
                function_id, limit=limit, offset=0, search=search, cursor=cursor_after, before=True
            )
        else:
            head = self.cursor_page(
                function_id, limit=1, offset=0, search=search, cursor="", before=False
            )
            cap = self.paging.count_cap
            if cap is not None and head.total >= cap:
                return self._oldest_first_past_the_cap(
                    function_id, limit=limit, offset=offset, search=search, head=head
                )
            remaining = head.total - offset
            if remaining <= 0:
                return attrs.evolve(head, executions=())
            count = min(limit, remaining)
            page = self.cursor_page(
                function_id,
                limit=count,
                offset=remaining - count,
                search=search,
                cursor="",
                before=False,
            )
        return attrs.evolve(page, executions=tuple(reversed(page.executions)))

    def _oldest_first_past_the_cap(
        self,
        function_id: str,
        *,
        limit: int,
        offset: int,
        search: str | None,
        head: ExecutionList,
    ) -> ExecutionList:
        """Oldest first when the count stopped at 5,000 (so the end is not at
        `count - offset`): find the oldest, then page newer than it by cursor."""
        oldest, _ = oldest_execution(self, function_id, search)
        if oldest is None:
            return attrs.evolve(head, executions=())
        offset_max = self.paging.offset_max or 0
        if offset > offset_max + 1:
            raise InvalidArgument(
                f"offset {offset:,} is past what Appwrite {self.server_version} can page to "
                f"oldest first ({offset_max + 1:,}); use iter_executions(), which walks by "
                "cursor to every execution",
                argument="offset",
            )
        if offset == 0:
            rest = self.cursor_page(
                function_id,
                limit=max(limit - 1, 1),
                offset=0,
                search=search,
                cursor=oldest.id,
                before=True,
            )
            newer = tuple(reversed(rest.executions))[: limit - 1]
            return attrs.evolve(head, executions=(oldest, *newer))
        page = self.cursor_page(
            function_id,
            limit=limit,
            offset=offset - 1,
            search=search,
            cursor=oldest.id,
            before=True,
        )
        return attrs.evolve(head, executions=tuple(reversed(page.executions)))

    def get(self, function_id: str, execution_id: str) -> Execution:
        request = self._gen.get.build_request(function_id, execution_id)
        return self._read_execution(self._gen.get, request)

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
        """Create; the client has already refused what this generation cannot take."""
        fields: dict[str, Any] = {}
        if self._create_body:
            fields["body"] = body
        elif self._create_data:
            fields["data"] = body
        if self._create_async and async_ is not None:
            # None keeps the server's default: true on 0.13-0.15 (0.13.4:app/controllers/
            # api/functions.php param('async', true, ...)), false on 1.x.
            fields["async_"] = async_
        if path is not None:
            fields["path"] = path
        if method is not None:
            fields["method"] = self._gen.models.ExecutionCreateMethod(method)
        if headers is not None:
            if self._headers_as_string:
                fields["headers"] = json.dumps(headers, separators=(",", ":"), ensure_ascii=False)
            else:
                fields["headers"] = self._gen.models.ExecutionCreateHeaders.from_dict(headers)
        if scheduled_at is not None:
            fields["scheduled_at"] = scheduled_at
        build = self._gen.create.build_request
        if fields:
            request = build(function_id, body=self._gen.models.ExecutionCreate(**fields))
        else:
            request = build(function_id)  # 0.7 takes no body at all
        return self._read_execution(self._gen.create, request)

    def delete(self, function_id: str, execution_id: str) -> None:
        if self._gen.delete is None:
            raise AssertionError("the client checks delete support before calling")
        self.transport.send(self._gen.delete.build_request(function_id, execution_id))


def _check_id(execution: Execution, server_version: str) -> None:
    """An id the client could not send back (as a cursor, in a path) is refused here,
    before anything stores it: a store holding one could never be continued."""
    if not is_valid_id(execution.id):
        raise InvalidResponse(
            f"the server sent an execution id that breaks Appwrite's id rule "
            f"({shown_id(execution.id)}): 1 to 36 of a-z, A-Z, 0-9, '.', '-', '_', "
            "not starting with '.', '-' or '_'",
            server_version=server_version,
        )
