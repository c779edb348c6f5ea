"""Incremental, idempotent, crash-safe copying of executions from servers into a store.

Per (source, function), a run does two things, each a page per transaction:

1. Refresh: executions stored while still waiting, processing or scheduled are read
   again one by one until they are final (one that vanished is dropped).
2. Read new ones, oldest first. Modern servers are read by cursor after the newest id
   read before, so nothing already read is asked for again. Legacy servers only page
   by offset: reading resumes one execution before the offset reached last time, and
   that execution must be one the store already has, else executions moved (older
   ones were purged) and the whole function is read again, which upserts harmlessly.

Each page is written in one transaction together with the new resume point, so a run
killed anywhere leaves the store at a page boundary that agrees with its state, and
the next run continues from there. Writes are upserts keyed by (source, function,
execution id) that skip unchanged rows: rerunning changes nothing.

The store keeps executions the server later deletes (Appwrite purges old ones after
its retention period; a history archive should not), unless ``prune`` asks for an
exact mirror: then every execution is read again and rows not met are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ._client import Client
from ._errors import BadRequest, NotFound
from ._models import Execution
from ._progress import Progress
from ._store import Changes, Store, SyncState
from ._validation import is_valid_id

__all__ = ["LEGACY_PAGE_MAX", "FunctionResult", "Source", "sync_function"]

LEGACY_PAGE_MAX = 100
_LEGACY_OVERLAP = 1  # executions re-read before the legacy offset, to check nothing moved


@dataclass(frozen=True)
class Source:
    """One server to read from; its credential never appears in a repr."""

    name: str
    endpoint: str
    project: str
    key: str | None = field(default=None, repr=False)
    jwt: str | None = field(default=None, repr=False)


@dataclass
class FunctionResult:
    """What a sync of one function of one source did."""

    source: str
    function_id: str
    server_version: str
    api: str
    changes: Changes
    stored: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def _is_cursor_gone(error: BadRequest) -> bool:
    return error.type == "general_cursor_not_found" or "cursor" in error.message.lower()


def _execution_gone(error: NotFound) -> bool:
    if error.type:
        return error.type == "execution_not_found"
    return "execution" in error.message.lower()


def _pages(executions: Iterable[Execution], size: int) -> Iterator[list[Execution]]:
    """Group a lazily paged stream back into pages, without asking for the next early."""
    page: list[Execution] = []
    for execution in executions:
        page.append(execution)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


class _Run:
    """One sync of one (source, function)."""

    def __init__(
        self,
        client: Client,
        store: Store,
        source: Source,
        function_id: str,
        page_size: int,
        progress: Progress,
        prune: bool,
    ) -> None:
        self.client = client
        self.store = store
        self.source = source
        self.function_id = function_id
        self.page_size = page_size
        self.progress = progress
        self.prune = prune
        self.changes = Changes()
        self.version = client.server_version
        self.api = client.api

    def state(self, cursor: str | None, position: int) -> SyncState:
        return SyncState(
            self.source.name,
            self.function_id,
            self.client.endpoint,
            self.version,
            self.api,
            cursor,
            position,
        )

    def write(
        self,
        page: list[Execution],
        *,
        delete: list[str] | None = None,
        state: SyncState | None = None,
    ) -> None:
        self.changes.add(
            self.store.write(
                self.source.name,
                self.function_id,
                page,
                delete=delete or [],
                state=state,
                seen=self.prune,
            )
        )

    def refresh(self) -> None:
        """Read unfinished executions again, a page per transaction."""
        after = ""
        while True:
            ids = self.store.unfinished(self.source.name, self.function_id, after, self.page_size)
            if not ids:
                return
            self.progress.detail("refreshing unfinished")
            fresh: list[Execution] = []
            gone: list[str] = []
            for execution_id in ids:
                try:
                    fresh.append(self.client.get_execution(self.function_id, execution_id))
                except NotFound as error:
                    if not _execution_gone(error):
                        raise
                    gone.append(execution_id)
                self.progress.advance()
            self.write(fresh, delete=gone)
            after = ids[-1]

    def read_modern(self, previous: SyncState | None) -> None:
        cursor = None
        if not self.prune and previous is not None and previous.api == "modern":
            cursor = previous.cursor
            if cursor is not None and not is_valid_id(cursor):
                # Stored by an older version that did not check server ids: read all
                # again rather than fail on every run.
                cursor = None
        try:
            self._walk_modern(cursor)
        except BadRequest as error:
            if not _is_cursor_gone(error):
                raise
            # The execution to resume after was deleted (before this run or during it):
            # read everything again; upserts make the second reading harmless.
            self._walk_modern(None)

    def _walk_modern(self, cursor: str | None) -> None:
        self.progress.detail("reading new" if cursor else "reading all")
        executions = self.client.iter_executions(
            self.function_id, page_size=self.page_size, order="asc", cursor_after=cursor
        )
        wrote = False
        for page in _pages(executions, self.page_size):
            cursor = page[-1].id
            self.write(page, state=self.state(cursor, 0))
            self.progress.advance(len(page))
            wrote = True
        if not wrote:
            self.write([], state=self.state(cursor, 0))

    def read_legacy(self, previous: SyncState | None) -> None:
        size = min(self.page_size, LEGACY_PAGE_MAX)
        start = 0
        if not self.prune and previous is not None and previous.api == "legacy":
            start = max(0, previous.position - _LEGACY_OVERLAP)
        offset = start
        self.progress.detail(f"reading from offset {start:,}" if start else "reading all")
        while True:
            page = self.client.list_executions(
                self.function_id, limit=size, offset=offset, order="asc"
            )
            executions = list(page.executions)
            if offset == start and start > 0 and not self._resumes_cleanly(executions):
                self.progress.detail("executions moved: reading all again")
                start = offset = 0
                continue
            offset += len(executions)
            self.write(executions, state=self.state(None, offset))
            self.progress.advance(len(executions))
            if len(executions) < size:  # not `total`: servers may cap their count
                return

    def _resumes_cleanly(self, executions: list[Execution]) -> bool:
        """The first execution at the resume offset must be one already stored."""
        return bool(executions) and self.store.has(
            self.source.name, self.function_id, executions[0].id
        )


def sync_function(
    client: Client,
    store: Store,
    source: Source,
    function_id: str,
    *,
    page_size: int = 100,
    progress: Progress | None = None,
    prune: bool = False,
) -> FunctionResult:
    """Bring the store up to date with one function's executions on one server."""
    shown = progress or Progress(None)
    run = _Run(client, store, source, function_id, page_size, shown, prune)
    shown.start(f"{source.name}/{function_id}")
    with store.lock(
        source.name,
        function_id,
        on_wait=lambda: shown.detail("waiting for another sync of this function to finish"),
    ):
        return _sync_locked(run, store, source, function_id, prune, shown)


def _sync_locked(
    run: _Run, store: Store, source: Source, function_id: str, prune: bool, shown: Progress
) -> FunctionResult:
    previous = store.state(source.name, function_id)
    if prune:
        store.begin_prune(source.name, function_id)
    else:
        run.refresh()
    if run.api == "modern":
        run.read_modern(previous)
    else:
        run.read_legacy(previous)
    if prune:
        run.changes.deleted += store.finish_prune(source.name, function_id)
    result = FunctionResult(source.name, function_id, run.version, run.api, run.changes)
    result.by_status = store.status_counts(source.name, function_id)
    result.stored = sum(result.by_status.values())
    shown.finish(
        f"{result.stored:,} stored, {run.changes.inserted:,} new, {run.changes.updated:,} updated"
    )
    return result
