"""The traffic the cassettes hold: one scenario per cassette, per API version.

Each scenario drives a server through the *generated* low-level client of its version
and sends exactly what the wrapper sends for the same user call (same query strings, in
the same order; see appwrite_executions' request building), so that replaying a cassette
through the wrapper proves the two agree: a request the wrapper builds differently is
not in the cassette and fails the replay. Every scenario starts with the version probe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import httpx
from appwrite_api.v0_9.api.functions import (
    functions_create_execution as legacy_create,
)
from appwrite_api.v0_9.api.functions import (
    functions_get_execution as legacy_get,
)
from appwrite_api.v0_9.api.functions import (
    functions_list_executions as legacy_list,
)
from appwrite_api.v0_9.api.health import health_get_version as legacy_health
from appwrite_api.v0_9.models import ExecutionCreate as LegacyCreate
from appwrite_api.v0_9.models import FunctionsListExecutionsOrderType as LegacyOrder
from appwrite_api.v1_8.api.functions import (
    functions_create_execution as modern_create,
)
from appwrite_api.v1_8.api.functions import (
    functions_delete_execution as modern_delete,
)
from appwrite_api.v1_8.api.functions import (
    functions_get_execution as modern_get,
)
from appwrite_api.v1_8.api.functions import (
    functions_list_executions as modern_list,
)
from appwrite_api.v1_8.api.health import health_get_version as modern_health
from appwrite_api.v1_8.models import ExecutionCreate as ModernCreate
from appwrite_api.v1_8.models import ExecutionCreateHeaders, ExecutionCreateMethod

RESPONSE_FORMAT = "1.8.0"
FINAL = {"completed", "failed"}


@dataclass(frozen=True)
class Target:
    """A server to record from and what it holds."""

    endpoint: str
    project: str
    key: str
    jwt: str | None = None
    session: str | None = None
    busy: str = "reports"  # a function with several pages of executions
    mixed: str = "mailer"  # failed and completed executions, stderr, unicode
    empty: str | None = "empty"  # a function with no executions
    version: str = ""  # filled by the probe


@dataclass
class Session:
    """Sends generated-client requests with one credential, as the wrapper does."""

    target: Target
    modern: bool
    credential: tuple[str, str] | None = None
    project: str | None = None
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        headers = {"X-Appwrite-Project": self.project or self.target.project}
        if self.credential is None:
            headers["X-Appwrite-Key"] = self.target.key
        else:
            headers[self.credential[0]] = self.credential[1]
        if self.modern:
            headers["X-Appwrite-Response-Format"] = RESPONSE_FORMAT
        self.http = httpx.Client(base_url=self.target.endpoint, headers=headers, timeout=30)

    def call(self, module: ModuleType, **kwargs: Any) -> Any:
        response = self.http.request(**module.build_request(**kwargs))
        return module.parse_response(response)

    def raw(self, module: ModuleType, **kwargs: Any) -> httpx.Response:
        return self.http.request(**module.build_request(**kwargs))

    def close(self) -> None:
        self.http.close()


# -- query strings, as the wrapper writes them (Appwrite's JSON query form, 1.5+) ------


def q(method: str, attribute: str | None = None, values: list[Any] | None = None) -> str:
    query: dict[str, Any] = {"method": method}
    if attribute is not None:
        query["attribute"] = attribute
    if values is not None:
        query["values"] = values
    return json.dumps(query, separators=(",", ":"), ensure_ascii=False)


def modern_page_queries(
    *,
    limit: int,
    offset: int | None = 0,
    order: str = "asc",
    status: list[str] | None = None,
    trigger: list[str] | None = None,
    cursor_after: str | None = None,
) -> list[str]:
    queries = []
    if trigger:
        queries.append(q("equal", "trigger", trigger))
    if status:
        queries.append(q("equal", "status", status))
    queries.append(q("orderAsc" if order == "asc" else "orderDesc", "$createdAt"))
    if cursor_after is not None:
        queries.append(q("cursorAfter", values=[cursor_after]))
    queries.append(q("limit", values=[limit]))
    if offset is not None:
        queries.append(q("offset", values=[offset]))
    return queries


# -- scenarios ------------------------------------------------------------------------

Scenario = Callable[[Target], None]
LEGACY: dict[str, Scenario] = {}
MODERN: dict[str, Scenario] = {}


def legacy(fn: Scenario) -> Scenario:
    LEGACY[fn.__name__] = fn
    return fn


def modern(fn: Scenario) -> Scenario:
    MODERN[fn.__name__] = fn
    return fn


def _open(target: Target, *, modern: bool, **kwargs: Any) -> Session:
    session = Session(target, modern, **kwargs)
    session.call(modern_health if modern else legacy_health)
    return session


def _legacy_list(
    s: Session, fn: str, *, limit: int = 25, offset: int = 0, order: str = "asc", search: str = ""
) -> Any:
    order_type = LegacyOrder.ASC if order == "asc" else LegacyOrder.DESC
    return s.call(
        legacy_list,
        function_id=fn,
        search=search,
        limit=limit,
        offset=offset,
        order_type=order_type,
    )


def _modern_list(s: Session, fn: str, *, total: bool = True, **query: Any) -> Any:
    return s.call(modern_list, function_id=fn, queries=modern_page_queries(**query), total=total)


def _legacy_pages(s: Session, fn: str, page_size: int) -> Iterator[Any]:
    offset = 0
    while True:
        page = _legacy_list(s, fn, limit=page_size, offset=offset)
        yield page
        offset += page_size
        if len(page.executions) < page_size or offset >= page.sum_:
            return


def _wait(s: Session, get: ModuleType, fn: str, execution_id: str) -> None:
    for _ in range(20):
        execution = s.call(get, function_id=fn, execution_id=execution_id)
        if str(execution.status) in FINAL:
            return
    raise RuntimeError(f"execution {execution_id} did not finish")


@legacy
def list_first_page(t: Target) -> None:
    _legacy_list(_open(t, modern=False), t.busy)


@legacy
def list_middle_page(t: Target) -> None:
    _legacy_list(_open(t, modern=False), t.busy, offset=100)


@legacy
def list_last_page(t: Target) -> None:
    s = _open(t, modern=False)
    total = _legacy_list(s, t.busy).sum_
    _legacy_list(s, t.busy, offset=max(0, (total - 1) // 25 * 25))


@legacy
def list_empty(t: Target) -> None:
    if t.empty is not None:
        _legacy_list(_open(t, modern=False), t.empty)


@legacy
def list_desc(t: Target) -> None:
    _legacy_list(_open(t, modern=False), t.busy, order="desc")


@legacy
def list_search(t: Target) -> None:
    _legacy_list(_open(t, modern=False), t.mixed, search="failed")


@legacy
def iterate_all(t: Target) -> None:
    for _ in _legacy_pages(_open(t, modern=False), t.busy, 100):
        pass


@legacy
def list_filtered_failed(t: Target) -> None:
    """A status filter on a legacy server: the wrapper pages through everything."""
    for _ in _legacy_pages(_open(t, modern=False), t.mixed, 100):
        pass


@legacy
def get_execution(t: Target) -> None:
    s = _open(t, modern=False)
    first = _legacy_list(s, t.mixed).executions
    for execution in first[:3]:
        s.call(legacy_get, function_id=t.mixed, execution_id=execution.id)


@legacy
def create_and_wait(t: Target) -> None:
    s = _open(t, modern=False)
    created = s.call(
        legacy_create,
        function_id=t.busy,
        body=LegacyCreate(data='{"report": "daily", "note": "héllo ✓"}'),
    )
    _wait(s, legacy_get, t.busy, created.id)


@legacy
def list_with_jwt(t: Target) -> None:
    if t.jwt is not None:
        _legacy_list(_open(t, modern=False, credential=("X-Appwrite-JWT", t.jwt)), t.busy)


@legacy
def error_wrong_project(t: Target) -> None:
    _legacy_list(_open(t, modern=False, project="no-such-project"), t.busy)


@legacy
def error_bad_key(t: Target) -> None:
    _legacy_list(_open(t, modern=False, credential=("X-Appwrite-Key", "not-the-key")), t.busy)


@legacy
def error_unknown_function(t: Target) -> None:
    _legacy_list(_open(t, modern=False), "no-such-function")


@legacy
def error_unknown_execution(t: Target) -> None:
    _open(t, modern=False).call(legacy_get, function_id=t.busy, execution_id="no-such-execution")


@legacy
def error_invalid_parameter(t: Target) -> None:
    _legacy_list(_open(t, modern=False), t.busy, limit=101)


@modern
def list_first_page_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True), t.busy, limit=25)


@modern
def list_middle_page_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True), t.busy, limit=25, offset=100)


@modern
def list_last_page_modern(t: Target) -> None:
    s = _open(t, modern=True)
    total = _modern_list(s, t.busy, limit=25).total
    _modern_list(s, t.busy, limit=25, offset=max(0, (total - 1) // 25 * 25))


@modern
def list_empty_modern(t: Target) -> None:
    if t.empty is not None:
        _modern_list(_open(t, modern=True), t.empty, limit=25)


@modern
def list_desc_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True), t.busy, limit=25, order="desc")


@modern
def list_filtered_modern(t: Target) -> None:
    s = _open(t, modern=True)
    _modern_list(s, t.mixed, limit=25, status=["failed"])
    _modern_list(s, t.mixed, limit=25, trigger=["http"], status=["completed", "failed"])


@modern
def list_without_total_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True), t.busy, limit=25, total=False)


@modern
def iterate_all_modern(t: Target) -> None:
    """Cursor paging, as iter_executions does it: the first page counts, later pages
    do not; a short page ends the walk when the count says everything was seen (else
    the walk would ask on until a page is empty)."""
    s = _open(t, modern=True)
    cursor = None
    count, listed = None, 0
    while True:
        page = _modern_list(
            s, t.busy, limit=100, offset=None, cursor_after=cursor, total=cursor is None
        )
        if cursor is None:
            count = page.total
        listed += len(page.executions)
        if not page.executions or (len(page.executions) < 100 and listed >= (count or 0)):
            return
        cursor = page.executions[-1].id


@modern
def get_execution_modern(t: Target) -> None:
    s = _open(t, modern=True)
    for execution in _modern_list(s, t.mixed, limit=25).executions[:3]:
        s.call(modern_get, function_id=t.mixed, execution_id=execution.id)


@modern
def get_with_jwt_modern(t: Target) -> None:
    """Read with a JWT: logs and errors come back empty."""
    if t.jwt is None:
        return
    s = _open(t, modern=True, credential=("X-Appwrite-JWT", t.jwt))
    for execution in _modern_list(s, t.mixed, limit=25).executions[:3]:
        s.call(modern_get, function_id=t.mixed, execution_id=execution.id)


@modern
def list_with_session_modern(t: Target) -> None:
    if t.session is not None:
        s = _open(t, modern=True, credential=("X-Appwrite-Session", t.session))
        _modern_list(s, t.busy, limit=25)


@modern
def create_sync_modern(t: Target) -> None:
    s = _open(t, modern=True)
    s.call(
        modern_create,
        function_id=t.busy,
        body=ModernCreate(body='{"hello": "wörld 🌍"}', async_=False),
    )


@modern
def create_full_modern(t: Target) -> None:
    s = _open(t, modern=True)
    headers = ExecutionCreateHeaders.from_dict(
        {"x-trace": "abc-123", "content-type": "application/json"}
    )
    s.call(
        modern_create,
        function_id=t.busy,
        body=ModernCreate(
            body="{}",
            async_=False,
            path="/reports?day=2026-01-02",
            method=ExecutionCreateMethod.PUT,
            headers=headers,
        ),
    )


@modern
def create_async_and_wait_modern(t: Target) -> None:
    s = _open(t, modern=True)
    created = s.call(modern_create, function_id=t.busy, body=ModernCreate(body="{}", async_=True))
    _wait(s, modern_get, t.busy, created.id)


@modern
def create_scheduled_modern(t: Target) -> None:
    s = _open(t, modern=True)
    when = datetime(2030, 1, 1, 9, 30, tzinfo=UTC)
    s.call(
        modern_create,
        function_id=t.busy,
        body=ModernCreate(body="{}", async_=True, scheduled_at=when),
    )


@modern
def delete_modern(t: Target) -> None:
    s = _open(t, modern=True)
    created = s.call(modern_create, function_id=t.busy, body=ModernCreate(body="{}", async_=False))
    s.raw(modern_delete, function_id=t.busy, execution_id=created.id)
    s.call(modern_get, function_id=t.busy, execution_id=created.id)


@modern
def error_wrong_project_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True, project="no-such-project"), t.busy, limit=25)


@modern
def error_bad_key_modern(t: Target) -> None:
    _modern_list(
        _open(t, modern=True, credential=("X-Appwrite-Key", "not-the-key")), t.busy, limit=25
    )


@modern
def error_unknown_function_modern(t: Target) -> None:
    _modern_list(_open(t, modern=True), "no-such-function", limit=25)


@modern
def error_unknown_execution_modern(t: Target) -> None:
    _open(t, modern=True).call(modern_get, function_id=t.busy, execution_id="no-such-execution")


@modern
def error_invalid_query_modern(t: Target) -> None:
    s = _open(t, modern=True)
    s.call(modern_list, function_id=t.busy, queries=[q("equal", "logs", ["x"])], total=True)


@modern
def error_delete_with_jwt_modern(t: Target) -> None:
    if t.jwt is None:
        return
    s = _open(t, modern=True, credential=("X-Appwrite-JWT", t.jwt))
    s.raw(modern_delete, function_id=t.busy, execution_id="no-such-execution")
