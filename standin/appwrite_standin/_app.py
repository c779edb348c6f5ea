"""Routing and the four executions operations, independent of any socket.

:class:`App` turns a :class:`~appwrite_standin._wire.Request` into a
:class:`~appwrite_standin._wire.Reply`.  Requests are handled one at a time under
a lock, so a client issuing the same sequence always sees the same state.

Check order per route mirrors Appwrite: route match, project, credential (init
hooks), route parameters in declaration order, then the action (function lookup,
execution lookup, ...).
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Mapping
from urllib.parse import unquote

from . import _errors, _params
from ._auth import Credentials, Principal, authenticate, check_project
from ._clock import FakeClock
from ._data import FunctionSpec, Record
from ._errors import ApiError
from ._functions import list_functions
from ._generations import Generation, generation_for
from ._queries import Selection
from ._render import View, render_execution, render_list, search_matches, stale
from ._runs import data_run, modern_run
from ._store import Predicate, Store, Stored, select
from ._wire import Reply, Request, RequestHook, json_reply

READ_SCOPE = "execution.read"
WRITE_SCOPE = "execution.write"
FUNCTIONS_SCOPE = "functions.read"

_EXECUTIONS_RE = re.compile(r"^/v1/functions/([^/]+)/executions(?:/([^/]+))?$")


class App:
    """One stand-in server's behaviour and state."""

    def __init__(
        self,
        version: str,
        credentials: Credentials,
        seed: int,
        before_request: RequestHook | None = None,
        extra_functions: Mapping[str, int] | None = None,
    ) -> None:
        self.version = version
        self.generation: Generation = generation_for(version)
        self.credentials = credentials
        self.seed = seed
        self.before_request = before_request
        self.extra_functions = dict(extra_functions or {})
        self._lock = threading.RLock()
        self.clock = FakeClock()
        self.store = Store(seed, self.clock, self.extra_functions)
        self.requests_seen = 0

    def reset(self) -> None:
        """Back to the seeded state: same data, clock, id counter and request index."""
        with self._lock:
            self.clock = FakeClock()
            self.store = Store(self.seed, self.clock, self.extra_functions)
            self.requests_seen = 0

    def serve(
        self, method: str, target: str, headers: tuple[tuple[str, str], ...], body: bytes
    ) -> Reply:
        """Number the request, give the fault hook its chance, then handle it.

        The hook runs under the same lock as handling, so one that sleeps (to fake
        latency) delays every request behind it - which keeps ordering deterministic.
        """
        with self._lock:
            request = Request(
                index=self.requests_seen, method=method, target=target, headers=headers, body=body
            )
            self.requests_seen += 1
            hook = self.before_request
            if hook is not None:
                injected = hook(request)
                if injected is not None:
                    return injected
            return self.handle(request)

    def handle(self, request: Request) -> Reply:
        """Answer one request (errors become Appwrite error documents)."""
        try:
            return self._route(request)
        except ApiError as error:
            return json_reply(error.status, error.body(self.generation, self.version))

    # ------------------------------------------------------------------ routing

    def _route(self, request: Request) -> Reply:
        method = "GET" if request.method == "HEAD" else request.method  # Utopia: HEAD runs GET
        path = request.path
        if len(path) > 1:
            path = path.rstrip("/")
        if path == "/v1/health/version" and method == "GET":
            return json_reply(200, {"version": self.version})
        if path == "/v1/functions" and method == "GET":
            return self._functions(request)
        match = _EXECUTIONS_RE.match(path)
        if match is not None:
            function_id = unquote(match.group(1))
            if match.group(2) is None:
                if method == "GET":
                    return self._list(request, function_id)
                if method == "POST":
                    return self._create(request, function_id)
            else:
                execution_id = unquote(match.group(2))
                if method == "GET":
                    return self._get(request, function_id, execution_id)
                if method == "DELETE" and self.generation.delete_route:
                    return self._delete(request, function_id, execution_id)
        raise _errors.route_not_found()

    # ------------------------------------------------------------------ helpers

    def _enter(self, request: Request, scope: str, *ids: tuple[str, str]) -> Principal:
        """Project, credential, then path-id validation."""
        check_project(request, self.credentials)
        principal = authenticate(request, self.credentials, self.generation, scope)
        for name, value in ids:
            _params.check_uid(name, value)
        return principal

    def _function(self, function_id: str) -> FunctionSpec:
        function = self.store.function(function_id)
        if function is None:
            raise _errors.function_not_found()
        return function

    def _execution(self, principal: Principal, function_id: str, execution_id: str) -> Stored:
        stored = self.store.get(execution_id)
        if (
            stored is None
            or stored.record["functionId"] != function_id
            or not principal.can_read(stored.record["$permissions"])
        ):
            raise _errors.execution_not_found()
        return stored

    def _view(self, request: Request, principal: Principal, live: bool = False) -> View:
        return View(
            principal.is_key,
            live=live,
            now_ms=self.clock.now_ms,
            response_format=request.header("x-appwrite-response-format"),
        )

    def _one(
        self, request: Request, status: int, record: Record, principal: Principal, live: bool
    ) -> Reply:
        view = self._view(request, principal, live)
        return json_reply(status, render_execution(self.generation, record, view))

    # --------------------------------------------------------------- operations

    def _list(self, request: Request, function_id: str) -> Reply:
        principal = self._enter(request, READ_SCOPE, ("functionId", function_id))
        listing = _params.parse_list(request, self.generation)
        selection = listing.selection
        predicates: list[Predicate] = []
        if not principal.is_key:  # a key reads everything
            predicates.append(lambda record: principal.can_read(record["$permissions"]))
        if listing.search:
            needle = listing.search
            generation = self.generation
            predicates.append(lambda record: search_matches(generation, needle, record))
        self._function(function_id)
        override = True
        if self.generation.stale_as_failed:
            selection, override = self._stale_failed(selection, predicates)
        cursor: Stored | None = None
        if selection.cursor is not None:
            cursor = self.store.get(selection.cursor[0])
            if cursor is None or not principal.can_read(cursor.record["$permissions"]):
                raise _errors.cursor_not_found(selection.cursor[0])
        total, records = select(
            self.store.of_function(function_id),
            selection,
            tuple(predicates),
            cursor,
            listing.include_total,
            self.generation.count_cap,
        )
        view = dataclasses.replace(self._view(request, principal), stale_as_failed=override)
        return json_reply(200, render_list(self.generation, total, records, view))

    def _stale_failed(
        self, selection: Selection, predicates: list[Predicate]
    ) -> tuple[Selection, bool]:
        """1.9: equal(status, [failed, ...]) also matches waiting/processing executions
        older than the function's timeout, and those read as failed unless the request
        asked for another status (1.9.6:src/Appwrite/Platform/Modules/Functions/Http/
        Executions/XList.php)."""
        asked = [
            value
            for query in selection.filters
            if query.method == "equal" and query.attribute == "status"
            for value in query.values
        ]
        widened = next(
            (
                query
                for query in selection.filters
                if query.method == "equal"
                and query.attribute == "status"
                and "failed" in query.values
            ),
            None,
        )
        if widened is not None:
            now = self.clock.now_ms
            values = widened.values
            predicates.append(lambda record: record["status"] in values or stale(record, now))
            kept = tuple(query for query in selection.filters if query is not widened)
            selection = dataclasses.replace(selection, filters=kept)
        return selection, not set(asked) - {"failed"}

    def _functions(self, request: Request) -> Reply:
        principal = self._enter(request, FUNCTIONS_SCOPE)
        functions = list(self.store.functions.values())
        body = list_functions(request, self.generation, functions, principal.is_key)
        return json_reply(200, body)

    def _create(self, request: Request, function_id: str) -> Reply:
        principal = self._enter(request, WRITE_SCOPE, ("functionId", function_id))
        params = _params.decode_body(request)
        create = _params.parse_create(params, self.generation, self.clock.now_ms)
        function = self._function(function_id)
        # Async and scheduled creates answer 202 on 1.x (Generation.async_status), a
        # synchronous one 201; 0.x answer 201 either way.
        status = self.generation.async_status if create.is_async else 201
        if isinstance(create, _params.DataCreate):
            stored = data_run(self.store, function, principal, create, self.generation.exit_codes)
            return self._one(request, status, stored.record, principal, live=True)
        _, shown = modern_run(self.store, function, principal, create)
        return self._one(request, status, shown, principal, live=True)

    def _get(self, request: Request, function_id: str, execution_id: str) -> Reply:
        principal = self._enter(
            request, READ_SCOPE, ("functionId", function_id), ("executionId", execution_id)
        )
        self._function(function_id)
        stored = self._execution(principal, function_id, execution_id)
        self.store.advance(stored)
        return self._one(request, 200, stored.record, principal, live=False)

    def _delete(self, request: Request, function_id: str, execution_id: str) -> Reply:
        principal = self._enter(
            request, WRITE_SCOPE, ("functionId", function_id), ("executionId", execution_id)
        )
        if not principal.is_key:
            raise _errors.user_unauthorized()
        self._function(function_id)
        stored = self._execution(principal, function_id, execution_id)
        finished = stored.record["status"] in ("completed", "failed", "scheduled")
        # 1.9 counts a stale unfinished one as failed, so it may go (1.9.6:src/Appwrite/
        # Platform/Modules/Functions/Http/Executions/Delete.php).
        if not finished and not (
            self.generation.stale_as_failed and stale(stored.record, self.clock.now_ms)
        ):
            raise _errors.execution_in_progress()
        self.store.delete(execution_id)
        self.clock.tick()
        # noContent() sets no content type (utopia-php/http 0.33.19:src/Response.php,
        # pinned by 1.6.2:composer.lock: $contentType = ''), so the Swoole server's own
        # default, text/html, goes out with the 204.
        return Reply(status=204, body=b"", content_type="text/html")
