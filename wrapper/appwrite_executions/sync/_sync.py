"""Incremental, idempotent, crash-safe copying of executions from servers into a store.

Per (source, function), a run does two things, each a page per transaction:

1. Refresh: executions stored while still waiting, processing or scheduled are read
   again one by one until they are final (one that vanished is dropped).
2. Read new ones, oldest first. Cursor-paged servers (0.12 and later) are read by
   cursor after the newest id read before, so nothing already read is asked for
   again. 0.7-0.11 only page by offset: reading resumes one execution before the
   offset reached last time, and that execution must be one the store already has,
   else executions moved (older ones were purged) and the whole function is read
   again, which upserts harmlessly. Their offsets stop at 2,000, so past 2,100 the
   newest end is read newest first until it meets what is stored (the first time:
   until it meets the oldest-first part or the cap); executions between the two
   reaches are reported as unreachable (``FunctionResult.unreachable``) and a prune
   then deletes nothing.

Each page is written in one transaction together with the new resume point, so a run
killed anywhere leaves the store at a page boundary that agrees with its state, and
the next run continues from there. Writes are upserts keyed by (source, function,
execution id) that skip unchanged rows: rerunning changes nothing.

The store keeps executions the server later deletes (Appwrite purges old ones after
its retention period; a history archive should not), unless ``prune`` asks for an
exact mirror: then every execution is read again and rows not met are deleted.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .._client import Client
from .._errors import BadRequest, IncompleteListing, InvalidResponse, NotFound
from .._models import Execution
from .._paging import paging_limits
from .._validation import is_valid_id
from ._prefetch import pages_of, read_ahead
from ._store import LOCK_WAIT, Changes, Store, StoreError, SyncState

_LOCK_POLL = 0.05  # seconds between tries of a (source, function) lock another run holds

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LARGE_PAGE",
    "LEGACY_PAGE_MAX",
    "FunctionResult",
    "ProgressReporter",
    "Source",
    "StoreAccess",
    "page_size_for",
    "sync_function",
]

LEGACY_PAGE_MAX = 100
LARGE_PAGE = 1000
"""Executions per request from 1.3 on, where ``limit`` has no maximum. Over a 50 ms
round trip, iterating 10,000 executions ran at 1.7k/s with pages of 100, 5.9k/s with
500, 8.7k/s with 1,000 and 12.3k/s with 5,000 (docs/speed.md): 1,000 takes most of the
gain at a fifth of the memory per page, and is one page per transaction."""
_LEGACY_OVERLAP = 1  # executions re-read before the legacy offset, to check nothing moved
_FAR_END_READ = "legacy-far-end-read"
"""The legacy resume state's cursor once the newest end of a function past the offset
cap was read through: later runs then stop at the first page already stored."""


def page_size_for(server_version: str, asked: int | None = None) -> int:
    """Executions per request for a server: ``asked`` (or the default), never more than
    the server accepts (the client's paging limits: at most 100 before 1.3)."""
    largest = paging_limits(server_version).limit_max
    size = asked if asked is not None else min(LARGE_PAGE, largest)
    return min(size, largest)


class ProgressReporter(Protocol):
    """What a sync tells whoever shows its progress (the command line draws it).

    The engine knows nothing of terminals: it only reports, through this.
    """

    def start(self, label: str, detail: str = "") -> None: ...

    def detail(self, text: str) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self, summary: str = "") -> None: ...


class StoreAccess(Protocol):
    """The store operations one sync uses (a :class:`Store`, or a relay to one)."""

    def try_lock(self, source: str, function_id: str) -> bool: ...

    def unlock(self, source: str, function_id: str) -> None: ...

    def state(self, source: str, function_id: str) -> SyncState | None: ...

    def has(self, source: str, function_id: str, execution_id: str) -> bool: ...

    def unfinished(self, source: str, function_id: str, after: str, limit: int) -> list[str]: ...

    def status_counts(self, source: str, function_id: str | None = None) -> dict[str, int]: ...

    def begin_prune(self, source: str, function_id: str) -> None: ...

    def finish_prune(self, source: str, function_id: str) -> int: ...

    def write(
        self,
        source: str,
        function_id: str,
        executions: Sequence[Execution],
        *,
        delete: Sequence[str] = (),
        state: SyncState | None = None,
        seen: bool = False,
    ) -> Changes: ...


class _Silent:
    """The reporter of a sync nobody watches."""

    def start(self, label: str, detail: str = "") -> None:
        pass

    def detail(self, text: str) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def finish(self, summary: str = "") -> None:
        pass


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
    unreachable: int = 0
    """Executions the server has but its API cannot reach (0.7-0.11 past 4,200), or
    that it counted but never listed; everything reachable was stored."""
    unreachable_reason: str = ""


def _is_cursor_gone(error: BadRequest) -> bool:
    return error.type == "general_cursor_not_found" or "cursor" in error.message.lower()


def _execution_gone(error: NotFound) -> bool:
    if error.type:
        return error.type == "execution_not_found"
    return "execution" in error.message.lower()


class _Run:
    """One sync of one (source, function)."""

    def __init__(
        self,
        client: Client,
        store: StoreAccess,
        source: Source,
        function_id: str,
        page_size: int,
        progress: ProgressReporter,
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
        self.incomplete: IncompleteListing | None = None

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
        """Cursor walks: 1.x, and 0.12-0.15 (newest first, read oldest first by cursor)."""
        cursor = None
        if (
            not self.prune
            and previous is not None
            and previous.api == self.api
            and previous.cursor not in (None, _FAR_END_READ)
        ):
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
            self.function_id,
            page_size=self.page_size,
            order="asc",
            cursor_after=cursor,
            read_ahead=True,
        )
        wrote = False
        # The next page is read (and parsed) while this one is written, and the one
        # after it asked for while it is parsed: the writes stay in order, one
        # transaction each, and at most three pages wait in memory.
        pages = read_ahead(pages_of(self._noting_incomplete(executions), self.page_size), 1)
        for page in pages:
            cursor = page[-1].id
            self.write(page, state=self.state(cursor, 0))
            self.progress.advance(len(page))
            wrote = True
        if not wrote:
            self.write([], state=self.state(cursor, 0))

    def _noting_incomplete(self, executions: Iterable[Execution]) -> Iterator[Execution]:
        """The walk's executions; an IncompleteListing at its end is kept, not raised,
        so the last page is still written."""
        try:
            yield from executions
        except IncompleteListing as error:
            self.incomplete = error

    def read_legacy(self, previous: SyncState | None) -> None:
        """0.7-0.11 page by offset only, offsets up to 2,000: read oldest first up to
        there, then the newest from the other end (see read_far_end)."""
        limits = self.client.paging
        offset_max = limits.offset_max if limits.offset_max is not None else 10**18
        size = min(self.page_size, LEGACY_PAGE_MAX, limits.limit_max)
        start = 0
        far_read = False
        if not self.prune and previous is not None and previous.api == "legacy":
            start = min(max(0, previous.position - _LEGACY_OVERLAP), offset_max)
            far_read = previous.cursor == _FAR_END_READ
        offset = start
        count = 0
        first_count: int | None = None
        lowest = 0
        last_ids: list[str] = []
        self.progress.detail(f"reading from offset {start:,}" if start else "reading all")
        while offset <= offset_max:
            # The last page before the cap is as large as the server takes, so the walk
            # reaches offset_max + limit_max (2,100) whatever the page size.
            limit = size if offset + size <= offset_max else limits.limit_max
            page = self.client.list_executions(
                self.function_id, limit=limit, offset=offset, order="asc"
            )
            count = page.total
            if first_count is None:
                first_count = lowest = count
            lowest = min(lowest, count)
            executions = list(page.executions)
            if offset == start and start > 0 and not self._resumes_cleanly(executions):
                self.progress.detail("executions moved: reading all again")
                start = offset = 0
                far_read = False
                continue
            ids = [execution.id for execution in executions]
            if ids and ids == last_ids:
                raise InvalidResponse(
                    f"the server answered offset {offset:,} with the page it gave before: "
                    "its pages do not advance, so the sync stops here",
                    method="GET",
                    path=f"/functions/{self.function_id}/executions",
                    server_version=self.version,
                )
            last_ids = ids
            offset += len(executions)
            self.write(executions, state=self.state(_FAR_END_READ if far_read else None, offset))
            self.progress.advance(len(executions))
            # A short page is not the end while the count says there is more.
            if not executions or offset >= count:
                break
        if first_count is not None and lowest < first_count:
            # Executions were deleted meanwhile: the rest moved down past offsets already
            # read, so some may have been skipped. The next run reads everything again.
            self.write([], state=self.state(None, 0))
            self.incomplete = IncompleteListing(
                f"executions of function {self.function_id!r} were deleted while they were "
                f"read by offset (the count fell from {first_count:,} to {lowest:,}), so up "
                f"to {first_count - lowest:,} may have been skipped; the next run reads all",
                unreachable=first_count - lowest,
                listed=offset,
                count=first_count,
                method="GET",
                path=f"/functions/{self.function_id}/executions",
                server_version=self.version,
            )
            return
        if offset >= count:
            return
        if not last_ids:
            # The pages ended (an empty one) below the server's own count: the two
            # cannot be reconciled, and what the count claims beyond cannot be read.
            self.incomplete = IncompleteListing(
                f"{count - offset:,} of {count:,} executions of function "
                f"{self.function_id!r} cannot be reached: the server's pages end after "
                f"{offset:,} although it counts {count:,}; every other one was read",
                unreachable=count - offset,
                listed=offset,
                count=count,
                method="GET",
                path=f"/functions/{self.function_id}/executions",
                server_version=self.version,
            )
            return
        self.read_far_end(count, offset, far_read)

    def read_far_end(self, count: int, near: int, far_read: bool) -> None:
        """The newest executions of a function past the offset cap, newest first.

        A first pass reads until it meets the oldest-first part or the cap; later runs
        stop at the first page already stored (new executions arrive at this end).
        Whatever lies between the two reaches is counted as unreachable.
        """
        limits = self.client.paging
        offset_max = limits.offset_max or 0
        size = min(LEGACY_PAGE_MAX, limits.limit_max)
        self.progress.detail("reading the newest (past the offset cap)")
        far = 0
        while far <= offset_max:
            page = self.client.list_executions(
                self.function_id, limit=size, offset=far, order="desc"
            )
            count = max(count, page.total)
            executions = list(page.executions)
            if not executions:
                break
            known = all(
                self.store.has(self.source.name, self.function_id, e.id) for e in executions
            )
            self.write(executions)
            self.progress.advance(len(executions))
            far += len(executions)
            if (known and far_read and not self.prune) or near + far >= page.total:
                break
        self.write([], state=self.state(_FAR_END_READ, near))
        unreachable = limits.unreachable(count)
        if unreachable:
            reach = limits.reach_per_end or 0
            self.incomplete = IncompleteListing(
                f"{unreachable:,} of {count:,} executions of function {self.function_id!r} "
                f"cannot be reached: Appwrite {self.version} pages by offset only and "
                f"accepts offsets up to {offset_max:,}, so a walk reaches {reach:,} from "
                f"each end ({2 * reach:,} in all); every other one was stored",
                unreachable=unreachable,
                listed=count - unreachable,
                count=count,
                method="GET",
                path=f"/functions/{self.function_id}/executions",
                server_version=self.version,
            )

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
    page_size: int | None = None,
    progress: ProgressReporter | None = None,
    prune: bool = False,
) -> FunctionResult:
    """Bring the store up to date with one function's executions on one server.

    ``page_size`` executions per request and per transaction; by default the size
    chosen for the server's line (:func:`page_size_for`)."""
    return _sync_one(
        client, store, source, function_id, page_size=page_size, progress=progress, prune=prune
    )


def _sync_one(
    client: Client,
    store: StoreAccess,
    source: Source,
    function_id: str,
    *,
    page_size: int | None,
    progress: ProgressReporter | None,
    prune: bool,
) -> FunctionResult:
    shown = progress or _Silent()
    size = page_size_for(client.server_version, page_size)
    run = _Run(client, store, source, function_id, size, shown, prune)
    shown.start(f"{source.name}/{function_id}")
    with _taking_turns(store, source, function_id, shown):
        return _sync_locked(run, store, source, function_id, prune, shown)


@contextmanager
def _taking_turns(
    store: StoreAccess, source: Source, function_id: str, shown: ProgressReporter
) -> Iterator[None]:
    """Hold the (source, function)'s lock in the store: one sync of it at a time, across
    processes (a prune beside an ordinary sync could otherwise lose an execution for
    good). The waiting is done here, by the caller's thread, so a store shared by many
    functions' threads is never held up by one function's wait."""
    due = time.monotonic() + LOCK_WAIT
    waited = False
    while not store.try_lock(source.name, function_id):
        if not waited:
            shown.detail("waiting for another sync of this function to finish")
            waited = True
        if time.monotonic() >= due:
            raise StoreError(
                f"another sync of {source.name}/{function_id} has been using the store "
                f"for {LOCK_WAIT:g} s; try again when it has finished"
            )
        time.sleep(_LOCK_POLL)
    try:
        yield
    finally:
        store.unlock(source.name, function_id)


def _sync_locked(
    run: _Run,
    store: StoreAccess,
    source: Source,
    function_id: str,
    prune: bool,
    shown: ProgressReporter,
) -> FunctionResult:
    client = run.client
    previous = store.state(source.name, function_id)
    if prune:
        store.begin_prune(source.name, function_id)
    else:
        run.refresh()
    if run.api == "modern" or client.paging.newest_first:
        run.read_modern(previous)
    else:
        run.read_legacy(previous)
    if prune and run.incomplete is None:
        # Only a complete reading may delete: what could not be reached still exists.
        run.changes.deleted += store.finish_prune(source.name, function_id)
    result = FunctionResult(source.name, function_id, run.version, run.api, run.changes)
    if run.incomplete is not None:
        result.unreachable = run.incomplete.unreachable
        result.unreachable_reason = run.incomplete.message
    result.by_status = store.status_counts(source.name, function_id)
    result.stored = sum(result.by_status.values())
    shown.finish(
        f"{result.stored:,} stored, {run.changes.inserted:,} new, {run.changes.updated:,} updated"
    )
    return result
