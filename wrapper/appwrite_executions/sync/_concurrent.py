"""Many (source, function) syncs at once, with one thread writing the store.

A sync is mostly waiting on the network, so every source is read at the same time
and, per source, up to ``jobs`` functions at once (so at most ``jobs`` requests are in
flight to one server, and a server that asks to slow down with 429 / Retry-After
slows only the threads reading it). Each function's pages are still read in order,
and each page is still written in one transaction with its resume point, exactly as
by :func:`sync_function`: the workers only read from the network. Everything that
touches the store, and every progress report, goes through a queue to the one thread
that called :func:`sync_sources`, so a store never sees two writers, SQLite's
connection never crosses threads, and a kill or Ctrl-C lands between or inside one
transaction, as before.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .._client import Client
from .._errors import NotFound
from ._store import Changes, Store, StoreError, SyncState
from ._sync import FunctionResult, ProgressReporter, Source, _sync_one

__all__ = ["DEFAULT_JOBS", "FunctionOutcome", "SourceOutcome", "sync_sources"]

DEFAULT_JOBS = 8
"""Functions read at once per server (see docs/speed.md for the measurement)."""

_T = TypeVar("_T")
_POLL = 0.1  # seconds between the writer's checks that the workers are still alive


class _Abandoned(Exception):
    """The writer stopped (an interrupt or a store failure): a worker just ends."""


@dataclass
class FunctionOutcome:
    """One function of one source: its result, or the error that stopped it."""

    function_id: str
    result: FunctionResult | None = None
    error: BaseException | None = None


@dataclass
class SourceOutcome:
    """One source: its version once known, and its functions in the order asked."""

    source: Source
    server_version: str | None = None
    api: str | None = None
    error: BaseException | None = None
    functions: list[FunctionOutcome] = field(default_factory=list)


class _Writer:
    """Runs store calls (and progress reports) for the workers, on the calling thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._requests: queue.SimpleQueue[tuple[Callable[[], Any], _Reply | None]] = (
            queue.SimpleQueue()
        )
        self._closed = threading.Event()

    def call(self, work: Callable[[], _T]) -> _T:
        """From a worker: run ``work`` on the writer's thread and return what it returns."""
        if self._closed.is_set():
            raise _Abandoned
        reply = _Reply()
        self._requests.put((work, reply))
        return reply.wait(self._closed)  # type: ignore[no-any-return]

    def tell(self, work: Callable[[], object]) -> None:
        """From a worker: run ``work`` on the writer's thread; do not wait for it."""
        if not self._closed.is_set():
            self._requests.put((work, None))

    def serve(self, done: Callable[[], bool]) -> None:
        """Run requests until ``done()``; an exception here closes the writer first."""
        try:
            while True:
                try:
                    work, reply = self._requests.get(timeout=_POLL)
                except queue.Empty:
                    if done():
                        return
                    continue
                try:
                    value = work()
                except StoreError:
                    raise
                except Exception as error:  # the worker's own call failed: hand it back
                    if reply is not None:
                        reply.fail(error)
                    continue
                if reply is not None:
                    reply.give(value)
        finally:
            self._closed.set()


class _Reply:
    def __init__(self) -> None:
        self._ready = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None

    def give(self, value: Any) -> None:
        self._value = value
        self._ready.set()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._ready.set()

    def wait(self, closed: threading.Event) -> Any:
        while not self._ready.wait(_POLL):
            if closed.is_set():
                raise _Abandoned
        if self._error is not None:
            raise self._error
        return self._value


class _SerialStore:
    """The store operations a sync uses, each run by the writer's thread."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer
        self._store = writer.store

    def state(self, source: str, function_id: str) -> SyncState | None:
        return self._writer.call(lambda: self._store.state(source, function_id))

    def try_lock(self, source: str, function_id: str) -> bool:
        return self._writer.call(lambda: self._store.try_lock(source, function_id))

    def unlock(self, source: str, function_id: str) -> None:
        self._writer.call(lambda: self._store.unlock(source, function_id))

    def has(self, source: str, function_id: str, execution_id: str) -> bool:
        return self._writer.call(lambda: self._store.has(source, function_id, execution_id))

    def unfinished(self, source: str, function_id: str, after: str, limit: int) -> list[str]:
        return self._writer.call(lambda: self._store.unfinished(source, function_id, after, limit))

    def status_counts(self, source: str, function_id: str | None = None) -> dict[str, int]:
        return self._writer.call(lambda: self._store.status_counts(source, function_id))

    def begin_prune(self, source: str, function_id: str) -> None:
        self._writer.call(lambda: self._store.begin_prune(source, function_id))

    def finish_prune(self, source: str, function_id: str) -> int:
        return self._writer.call(lambda: self._store.finish_prune(source, function_id))

    def write(
        self,
        source: str,
        function_id: str,
        executions: Sequence[Any],
        *,
        delete: Sequence[str] = (),
        state: SyncState | None = None,
        seen: bool = False,
    ) -> Changes:
        page = list(executions)
        return self._writer.call(
            lambda: self._store.write(
                source, function_id, page, delete=delete, state=state, seen=seen
            )
        )


class _RelayedProgress:
    """A worker's progress reports, drawn by the writer's thread."""

    def __init__(self, writer: _Writer, target: ProgressReporter) -> None:
        self._writer = writer
        self._target = target

    def start(self, label: str, detail: str = "") -> None:
        self._writer.tell(lambda: self._target.start(label, detail))

    def detail(self, text: str) -> None:
        self._writer.tell(lambda: self._target.detail(text))

    def advance(self, count: int = 1) -> None:
        self._writer.tell(lambda: self._target.advance(count))

    def finish(self, summary: str = "") -> None:
        self._writer.tell(lambda: self._target.finish(summary))


def sync_sources(
    store: Store,
    plan: Sequence[tuple[Source, Sequence[str] | None]],
    *,
    open_client: Callable[[Source], AbstractContextManager[Client]],
    jobs: int = DEFAULT_JOBS,
    page_size: int | None = None,
    prune: bool = False,
    progress: Callable[[], ProgressReporter] | None = None,
    function_missing: Callable[[Source, NotFound], bool] = lambda source, error: True,
    discover: Callable[[Source, Client], Sequence[str]] | None = None,
) -> list[SourceOutcome]:
    """Sync every function of every source in ``plan``; outcomes in the plan's order.

    ``open_client(source)`` opens the source's client (its version is asked there,
    once). A :class:`NotFound` that ``function_missing(source, error)`` says is about the function
    is that function's outcome, and the source's other functions go on; any other
    error of a source stops its functions not yet started, and the other sources go
    on. A :class:`StoreError` or an interrupt stops everything and is raised here,
    with every page committed so far kept. ``progress()`` makes one reporter per
    function; it and every report run on the calling thread. A source planned with
    ``None`` for its functions syncs those ``discover(source, client)`` names (run on
    the calling thread too, once its client is open).
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    writer = _Writer(store)
    serial = _SerialStore(writer)
    outcomes = [
        SourceOutcome(source, functions=[FunctionOutcome(f) for f in functions or ()])
        for source, functions in plan
    ]
    unlisted = {id(outcome) for outcome, (_, functions) in zip(outcomes, plan, strict=True)
                if functions is None}  # fmt: skip
    threads = [
        threading.Thread(
            target=_read_source,
            args=(
                outcome,
                serial,
                writer,
                open_client,
                jobs,
                page_size,
                prune,
                progress,
                function_missing,
                discover if id(outcome) in unlisted else None,
            ),
            name=f"sync {outcome.source.name}",
            daemon=True,  # an interrupted sync must not wait for a slow server
        )
        for outcome in outcomes
    ]
    for thread in threads:
        thread.start()
    writer.serve(lambda: not any(thread.is_alive() for thread in threads))
    return outcomes


def _read_source(
    outcome: SourceOutcome,
    store: _SerialStore,
    writer: _Writer,
    open_client: Callable[[Source], AbstractContextManager[Client]],
    jobs: int,
    page_size: int | None,
    prune: bool,
    progress: Callable[[], ProgressReporter] | None,
    function_missing: Callable[[Source, NotFound], bool],
    discover: Callable[[Source, Client], Sequence[str]] | None,
) -> None:
    stop = threading.Event()
    try:
        with open_client(outcome.source) as client:
            outcome.server_version, outcome.api = client.server_version, client.api
            if discover is not None:
                names = writer.call(lambda: discover(outcome.source, client))
                outcome.functions = [FunctionOutcome(name) for name in names]
            pending: queue.SimpleQueue[FunctionOutcome] = queue.SimpleQueue()
            for function in outcome.functions:
                pending.put(function)

            def work() -> None:
                for function in _drain(pending, stop):
                    try:
                        reporter = (
                            _RelayedProgress(writer, writer.call(progress))
                            if progress is not None
                            else None
                        )
                        function.result = _sync_one(
                            client,
                            store,
                            outcome.source,
                            function.function_id,
                            page_size=page_size,
                            progress=reporter,
                            prune=prune,
                        )
                    except _Abandoned:
                        return
                    except NotFound as error:
                        function.error = error
                        if not function_missing(outcome.source, error):
                            _stop_source(outcome, error, stop)
                            return
                    except Exception as error:
                        function.error = error
                        _stop_source(outcome, error, stop)
                        return

            workers = [
                threading.Thread(target=work, daemon=True, name=f"sync {outcome.source.name}")
                for _ in range(min(jobs, len(outcome.functions)) or 1)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
    except _Abandoned:
        return
    except Exception as error:
        if outcome.error is None:
            outcome.error = error


def _stop_source(outcome: SourceOutcome, error: BaseException, stop: threading.Event) -> None:
    """The first error of a source is its outcome; its functions not started stay so."""
    if outcome.error is None:
        outcome.error = error
    stop.set()


def _drain(
    pending: queue.SimpleQueue[FunctionOutcome], stop: threading.Event
) -> Iterator[FunctionOutcome]:
    while not stop.is_set():
        try:
            yield pending.get_nowait()
        except queue.Empty:
            return
