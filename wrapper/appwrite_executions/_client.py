"""The client users import: one surface for every server version.

It checks input before anything is sent, detects the server's version once, and hands
each call to the dialect of that version; what a version cannot do fails here with
UnsupportedOnServer, before a request leaves. Paging, client-side filtering for legacy
servers and polling live here because they are the same for every version.
"""

from __future__ import annotations

import ssl
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from types import TracebackType
from typing import Literal

import httpx
from appwrite_api.v0_9.api.health import health_get_version

from ._chain import generation_for, require_feature, supports
from ._dialects import RESPONSE_FORMAT, Api, Dialect
from ._errors import (
    ClientClosed,
    InvalidArgument,
    InvalidResponse,
    UnsupportedOnServer,
    WaitTimeout,
    excerpt,
)
from ._functions import FunctionInfo, FunctionList, functions_page
from ._functions import iter_functions as _iter_functions
from ._models import Execution, ExecutionList
from ._paging import PagingLimits, walk
from ._retry import DEFAULT_RETRY, RetryPolicy
from ._transport import (
    DEFAULT_CALL_TIMEOUT,
    DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES,
    Transport,
    deadline,
    parse,
)
from ._validation import (
    validate_endpoint,
    validate_execution_path,
    validate_headers,
    validate_id,
    validate_limit,
    validate_method,
    validate_offset,
    validate_scheduled_at,
)

Order = Literal["asc", "desc"]
BODY_MAX_CHARACTERS = 10_485_760
"""The longest execution body Appwrite takes (1.8.1:src/Appwrite/Platform/Modules/
Functions/Http/Executions/Create.php: body is Text(10485760); 0.9.4 takes 8192)."""
_LEGACY_SCAN_PAGE = 100


def _choices(value: str | Iterable[str] | None, argument: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)
    if not items or not all(isinstance(item, str) and item for item in items):
        raise InvalidArgument(
            f"{argument} must be a non-empty string or a list of them, got {value!r}",
            argument=argument,
        )
    return items


def _order(value: str) -> Order:
    if value not in ("asc", "desc"):
        raise InvalidArgument(f"order must be 'asc' or 'desc', got {value!r}", argument="order")
    return "asc" if value == "asc" else "desc"


READ_AHEAD_MAX = 16
"""The most pages a walk asks for ahead (``iter_executions(read_ahead=...)``)."""


def _read_ahead(value: bool | int) -> int:
    if type(value) is bool:
        return int(value)
    if type(value) is not int or not 0 <= value <= READ_AHEAD_MAX:
        raise InvalidArgument(
            f"read_ahead must be True, False or a number of pages from 0 to "
            f"{READ_AHEAD_MAX}, got {value!r}",
            argument="read_ahead",
        )
    return value


class Client:
    """A synchronous client for one Appwrite project's function executions.

    Authenticate with exactly one of ``key`` (a server API key), ``jwt`` or ``session``.
    ``server_version`` skips detection; otherwise the first call asks the server.
    ``http_client`` lets you share a configured ``httpx.Client`` (its timeouts and TLS
    settings are then yours, and closing this client leaves it open).
    ``retries`` is a RetryPolicy, a number of retries, or 0/None for none: list, get,
    delete and the version probe are retried on dropped connections, timeouts, 429,
    502, 503 and 504; a create only when its connection could not be made.
    ``max_response_bytes`` (default 128 MiB) is the largest answer read, decoded; a
    larger one is refused with InvalidResponse instead of filling memory.
    ``call_timeout`` (default 120 s; None for no limit) bounds each request as a whole:
    connecting, sending, reading every byte of the answer, and any retries and their
    waits. ``timeout`` sets httpx's per-operation timeouts within it.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        project: str,
        key: str | None = None,
        jwt: str | None = None,
        session: str | None = None,
        server_version: str | None = None,
        http_client: httpx.Client | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        verify: bool | str | ssl.SSLContext = True,
        retries: RetryPolicy | int | None = DEFAULT_RETRY,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        call_timeout: float | None = DEFAULT_CALL_TIMEOUT,
    ) -> None:
        endpoint = validate_endpoint(endpoint)
        if not isinstance(project, str) or not project:
            raise InvalidArgument(
                "project must be the project ID, a non-empty string", argument="project"
            )
        given = [(n, v) for n, v in (("key", key), ("jwt", jwt), ("session", session)) if v]
        if len(given) != 1:
            raise InvalidArgument(
                "give exactly one credential: key= (server API key), jwt= or session=; "
                f"got {len(given)}",
                argument="key",
            )
        self._credential_kind, secret = given[0]
        header = {"key": "X-Appwrite-Key", "jwt": "X-Appwrite-JWT", "session": "X-Appwrite-Session"}
        headers = {"X-Appwrite-Project": project, header[self._credential_kind]: str(secret)}
        self.endpoint = endpoint
        self.project = project
        self._transport = Transport(
            self.endpoint,
            headers,
            http_client=http_client,
            timeout=timeout,
            verify=verify,
            retries=retries,
            max_response_bytes=max_response_bytes,
            call_timeout=call_timeout,
        )
        self._headers = headers
        self._closed = False
        self._dialect: Dialect | None = None
        self._server_version: str | None = None
        if server_version is not None:
            self._use_version(server_version)

    # -- lifecycle -----------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool (unless it was passed in); later calls raise
        ClientClosed."""
        self._closed = True
        self._transport.close()

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosed(
                "this Client is closed (close() or the end of its `with` block): open a new one"
            )

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        version = self._server_version or "not detected yet"
        return (
            f"Client(endpoint={self.endpoint!r}, project={self.project!r}, "
            f"{self._credential_kind}='***', server_version={version!r})"
        )

    # -- version -------------------------------------------------------------------

    @property
    def server_version(self) -> str:
        """The server's version, e.g. "1.8.1": asked once, on first use."""
        self._check_open()
        if self._server_version is None:
            response = self._transport.send(health_get_version.build_request(), credentials=False)
            model = parse(health_get_version, response, server_version=None)
            version = getattr(model, "version", None)
            if not isinstance(version, str) or not version:
                raise InvalidResponse(
                    "GET /health/version did not name a version; if a proxy answers for "
                    "the server, pass server_version= to the Client",
                    status=response.status_code,
                    method="GET",
                    path="/health/version",
                )
            try:
                self._use_version(version)
            except InvalidArgument:
                # The server's answer is at fault, not the caller's input.
                raise InvalidResponse(
                    f"GET /health/version named the version {excerpt(version, 40)!r}, which "
                    "is not a version number; if a proxy answers for the server, pass "
                    "server_version= to the Client",
                    status=response.status_code,
                    method="GET",
                    path="/health/version",
                ) from None
        assert self._server_version is not None
        return self._server_version

    @property
    def api(self) -> Api:
        """ "legacy" (a 0.x server) or "modern" (1.x and newer)."""
        return self._get_dialect().api

    @property
    def paging(self) -> PagingLimits:
        """What this server accepts when listing: largest page, largest offset, where
        its count stops, and whether it pages by offset only (0.7-0.11)."""
        return self._get_dialect().paging

    @property
    def generation(self) -> str:
        """The server's API generation: the release line of its last breaking change."""
        return self._get_dialect().generation

    def _use_version(self, version: str) -> None:
        generation = generation_for(version)
        if generation.predates_functions:
            raise UnsupportedOnServer(
                f"Appwrite {version} has no Functions API (0.7 or newer)", server_version=version
            )
        dialect = Dialect(self._transport, version)
        if generation.generation == "1.8":
            self._transport.ask_response_format(RESPONSE_FORMAT)
        if generation.future:
            warnings.warn(
                f"Appwrite {version} is newer than this client knows (1.9); it is asked "
                f"to answer in the {RESPONSE_FORMAT} format",
                stacklevel=3,
            )
        self._server_version = version
        self._transport.server_version = version
        self._dialect = dialect

    def _get_dialect(self) -> Dialect:
        self._check_open()
        if self._dialect is None:
            _ = self.server_version
        assert self._dialect is not None
        return self._dialect

    def _require(self, feature: str, method: str, path: str) -> None:
        require_feature(feature, self.server_version, method=method, path=path)

    # -- listing -------------------------------------------------------------------

    def list_executions(
        self,
        function_id: str,
        *,
        limit: int = 25,
        offset: int = 0,
        order: Order = "asc",
        status: str | Iterable[str] | None = None,
        trigger: str | Iterable[str] | None = None,
        search: str | None = None,
        total: bool = True,
    ) -> ExecutionList:
        """One page of a function's executions, oldest first unless order="desc".

        ``status`` and ``trigger`` filter (one value or several). Legacy servers cannot
        filter, so there the client reads every page and filters itself: correct, but
        it costs one request per 100 executions. ``search`` exists on servers before
        1.7 only. ``total=False`` skips counting on servers that allow it (1.8+).
        """
        function_id = validate_id(function_id, argument="function_id")
        dialect = self._get_dialect()
        limit = validate_limit(limit, maximum=dialect.limit_max)
        offset = validate_offset(offset)
        order = _order(order)
        statuses, triggers = _choices(status, "status"), _choices(trigger, "trigger")
        path = f"/functions/{function_id}/executions"
        if search is not None:
            self._require("list_search", "GET", path)
        limits = dialect.paging
        if limits.offset_only and limits.offset_max is not None and offset > limits.offset_max:
            raise InvalidArgument(
                f"offset {offset:,} is past what Appwrite {self.server_version} accepts "
                f"({limits.offset_max:,}); iter_executions() reads the newest from the other "
                "end and says how many cannot be reached",
                argument="offset",
            )
        if not dialect.server_side_filters and (statuses or triggers):
            return self._filtered_page(
                function_id, limit, offset, order, search, statuses, triggers
            )
        return dialect.list_page(
            function_id,
            limit=limit,
            offset=offset,
            order=order,
            search=search,
            status=statuses,
            trigger=triggers,
            cursor_after=None,
            total=total,
        )

    def iter_executions(
        self,
        function_id: str,
        *,
        page_size: int = 100,
        order: Order = "asc",
        status: str | Iterable[str] | None = None,
        trigger: str | Iterable[str] | None = None,
        cursor_after: str | None = None,
        read_ahead: bool | int = False,
    ) -> Iterator[Execution]:
        """Every execution of a function, each once, one page in memory at a time.

        Servers from 0.12 on are paged by cursor (the last id seen), so executions
        that arrive meanwhile neither shift nor repeat pages, and every one is reached
        whatever the count cap (5,000). 0.7-0.11 page by offset only, up to offset
        2,000: the walk reads 2,100 from the asked end and up to 2,100 from the other
        (held in memory to put them in order); past 4,200 it raises IncompleteListing,
        naming how many it could not reach, after yielding every other one. A page
        size past what the server takes (100 before 1.3) is lowered to it. Pages
        that repeat, cycle or go out of order raise InvalidResponse; a count the
        pages never reach raises IncompleteListing at the end. Filters a server
        cannot apply (before 1.0) are applied here while paging.
        ``cursor_after`` (cursor-paged servers only) starts after that execution id,
        so an incremental reader resumes where it stopped.
        ``read_ahead`` (1.x servers) asks for the next page, on a thread of its own,
        while this one is parsed and read: over a slow link the round trip overlaps
        that work. Same order and errors; the same requests, but for one more when its
        guess of the next cursor (read from the raw answer) is wrong, or when the
        caller stops early; one more page's body in memory. A number N (up to
        16) asks for up to N pages at once on 1.3+ servers: each page after the next
        is asked by its offset from the same cursor, one execution longer, and used
        only if it begins where the page before it ended (else it is asked again by
        cursor), so the walk yields exactly the same executions. It may ask for up to
        N - 1 pages past the end when the count is at the cap (5,000), and holds up
        to N pages' bodies. On 0.7-0.11 it asks for the next N offsets (used only for
        exactly the request the walk makes); 0.12-1.2 ask one page ahead. Each page
        asked ahead is retried on its own (within the retry policy and the call's
        deadline); when the walk raises, those still in flight end on their threads,
        their answers unused.
        """
        ahead = _read_ahead(read_ahead)
        function_id = validate_id(function_id, argument="function_id")
        dialect = self._get_dialect()
        # A page size past what the server takes is a request for the largest it takes
        # (100 before 1.3): the walk never asks for more than the server accepts.
        page_size = min(
            validate_limit(page_size, argument="page_size", maximum=10**9), dialect.limit_max
        )
        order = _order(order)
        statuses, triggers = _choices(status, "status"), _choices(trigger, "trigger")
        if cursor_after is not None:
            cursor_after = validate_id(cursor_after, argument="cursor_after")
            if not dialect.cursor_paging:
                raise InvalidArgument(
                    "cursor_after needs a cursor-paged server (0.12 or newer); "
                    "older servers page by offset: use list_executions(offset=...)",
                    argument="cursor_after",
                )
        return self._iterate(
            dialect, function_id, page_size, order, statuses, triggers, cursor_after, ahead
        )

    def _iterate(
        self,
        dialect: Dialect,
        function_id: str,
        page_size: int,
        order: Order,
        statuses: tuple[str, ...],
        triggers: tuple[str, ...],
        cursor: str | None = None,
        read_ahead: int = 0,
    ) -> Iterator[Execution]:
        return walk(
            dialect,
            function_id,
            page_size=page_size,
            order=order,
            statuses=statuses,
            triggers=triggers,
            cursor_after=cursor,
            read_ahead=read_ahead,
        )

    def _filtered_page(
        self,
        function_id: str,
        limit: int,
        offset: int,
        order: Order,
        search: str | None,
        statuses: tuple[str, ...],
        triggers: tuple[str, ...],
    ) -> ExecutionList:
        dialect = self._get_dialect()
        matched: list[Execution] = []
        count = 0
        for execution in walk(
            dialect,
            function_id,
            page_size=_LEGACY_SCAN_PAGE,
            order=order,
            statuses=statuses,
            triggers=triggers,
            search=search,
        ):
            if count >= offset and len(matched) < limit:
                matched.append(execution)
            count += 1
        return ExecutionList(
            total=count, executions=tuple(matched), server_version=self.server_version
        )

    # -- single executions ---------------------------------------------------------

    def get_execution(self, function_id: str, execution_id: str) -> Execution:
        function_id = validate_id(function_id, argument="function_id")
        execution_id = validate_id(execution_id, argument="execution_id")
        return self._get_dialect().get(function_id, execution_id)

    def create_execution(
        self,
        function_id: str,
        body: str = "",
        *,
        async_: bool | None = None,
        path: str | None = None,
        method: str | None = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        scheduled_at: datetime | str | None = None,
    ) -> Execution:
        """Run a function. Never retried automatically: that could run it twice.

        ``async_=None`` keeps the server's default (modern: wait for the result;
        legacy: always in the background). ``scheduled_at`` (modern 1.6+) must be in
        the future, timezone-aware and on a whole minute; it implies async.
        Legacy servers take only ``body``; anything else raises UnsupportedOnServer
        before sending.
        """
        function_id = validate_id(function_id, argument="function_id")
        if not isinstance(body, str):
            raise InvalidArgument(
                f"body must be a string, got {type(body).__name__}; "
                "serialise it first, e.g. json.dumps(data)",
                argument="body",
            )
        if async_ is not None and not isinstance(async_, bool):
            raise InvalidArgument(
                f"async_ must be True, False or None, got {async_!r}", argument="async_"
            )
        checked_method = None if method is None else validate_method(method).value
        checked_headers = None if headers is None else validate_headers(headers)
        when = None if scheduled_at is None else validate_scheduled_at(scheduled_at)
        if path is not None:
            path = validate_execution_path(path)
        if len(body) > BODY_MAX_CHARACTERS:
            raise InvalidArgument(
                f"body is {len(body):,} characters long; Appwrite takes at most "
                f"{BODY_MAX_CHARACTERS:,}",
                argument="body",
            )
        if when is not None:
            if async_ is False:
                raise InvalidArgument(
                    "a scheduled execution runs in the background: "
                    "drop async_=False or scheduled_at",
                    argument="async_",
                )
            async_ = True
        api_path = f"/functions/{function_id}/executions"
        asked = {
            "create_async": async_ is not None,
            "create_path": path is not None,
            "create_method": checked_method is not None,
            "create_headers": checked_headers is not None,
            "create_scheduled_at": when is not None,
            "create_method_head": checked_method == "HEAD",
        }
        for feature, wanted in asked.items():
            if wanted:
                self._require(feature, "POST", api_path)
        version = self.server_version
        if body and not (supports("create_data", version) or supports("create_body", version)):
            self._require("create_data", "POST", api_path)  # 0.7 takes no data at all
        return self._get_dialect().create(
            function_id,
            body=body,
            async_=async_,
            path=path,
            method=checked_method,
            headers=checked_headers,
            scheduled_at=when,
        )

    def wait_for_execution(
        self,
        function_id: str,
        execution_id: str,
        *,
        timeout: float = 60.0,
        poll_interval: float = 0.5,
        max_interval: float = 5.0,
        on_poll: Callable[[Execution], None] | None = None,
    ) -> Execution:
        """Poll until the execution is completed or failed, backing off up to max_interval.

        Raises WaitTimeout, carrying the last state seen, when ``timeout`` seconds pass.
        The polls keep to the same deadline: a retry that would end after it is not
        started, and each request's timeouts are cut to the time left (at least 1 s,
        so a due wait still reads the state once).
        """
        if timeout < 0 or poll_interval < 0 or max_interval < 0:
            raise InvalidArgument(
                "timeout, poll_interval and max_interval must be >= 0", argument="timeout"
            )
        due = time.monotonic() + timeout
        interval = poll_interval
        while True:
            with deadline(due):  # retries and timeouts of each poll end by then too
                execution = self.get_execution(function_id, execution_id)
            if execution.is_final:
                return execution
            if on_poll is not None:
                on_poll(execution)
            remaining = due - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(
                    f"execution {execution_id} is still {execution.status.value} after "
                    f"{timeout:g} s",
                    last=execution,
                    method="GET",
                    path=f"/functions/{function_id}/executions/{execution_id}",
                    server_version=self.server_version,
                )
            time.sleep(min(interval, remaining))
            interval = min(max_interval, interval * 1.5 if interval else 0.0)

    def delete_execution(self, function_id: str, execution_id: str) -> None:
        """Delete an execution (1.6+, with an API key)."""
        function_id = validate_id(function_id, argument="function_id")
        execution_id = validate_id(execution_id, argument="execution_id")
        self._require(
            "delete_execution", "DELETE", f"/functions/{function_id}/executions/{execution_id}"
        )
        self._get_dialect().delete(function_id, execution_id)

    # -- functions -------------------------------------------------------------------

    def list_functions(
        self, *, limit: int = 25, offset: int = 0, search: str | None = None
    ) -> FunctionList:
        """One page of the project's functions, oldest first (needs an API key with
        the functions.read scope)."""
        limit = validate_limit(limit, maximum=100)
        offset = validate_offset(offset)
        if search is not None and not isinstance(search, str):
            raise InvalidArgument("search must be a string", argument="search")
        version = self.server_version
        return functions_page(
            self._transport, version, limit=limit, offset=offset, cursor_after=None, search=search
        )

    def iter_functions(self) -> Iterator[FunctionInfo]:
        """Every function of the project, a page of 100 in memory at a time."""
        return _iter_functions(self._transport, self.server_version)
