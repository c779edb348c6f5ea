"""Every public operation against every fault of a hostile server, legacy and modern.

The server (`support.hostile.Hostile`) sits on loopback in front of a stand-in, so its
content is a real 0.9 or 1.8 answer, and then does what broken servers, proxies and
attackers do: trickles, stalls, bombs, stacks encodings, echoes credentials, sends ids
that break Appwrite's rule and strings that are not Unicode. Each (fault, operation,
shape) asserts one outcome: success exactly once, with the server's truth, or the one
typed error (exit code for the CLI's export and sync) that fault calls for, within the
call's time limit and bounded memory; and always: no credential anywhere a user could
see it, no half-written export, no store that a later run cannot continue.

The fault applies to the operation's own requests; version detection passes untouched
(its own garbling is tested with the CLI's input checks).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sqlite3
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from appwrite_executions import (
    AppwriteError,
    Client,
    InvalidResponse,
    RequestTimeout,
    ServerError,
    Unauthorized,
    UnsupportedOnServer,
)
from appwrite_executions.cli import main
from appwrite_standin import StandIn
from recording.vcr_config import Scrubber, recorder
from support.hostile import BAD_IDS, FAULTS, Fault, Hostile, Incoming, bomb

LEGACY, MODERN = "0.9.4", "1.8.1"
FN = "reports"
KEY = "HOSTILEKEY-3f9c1a7e"
FRAGMENTS = ("HOSTILEKEY", "3f9c1a7e")
CALL_TIMEOUT = 0.3
"""Each request's whole-call limit under the time faults: what trickle and stall must
respect. Other faults get a generous one, so a loaded machine cannot turn them into
timeouts."""
ROOMY_CALL_TIMEOUT = 30.0
WAIT_TIMEOUT = 0.3
SLACK = 5.0
"""What a call may take beyond its limit on a loaded machine (a bound, not a speed claim)."""
LIMIT = 4 * 1024 * 1024
"""max_response_bytes in these tests; the bombs decode to 64 times that."""
OPERATIONS = ("list", "iter", "get", "create", "wait", "delete", "export", "sync", "record")
RESULTS: list[dict[str, Any]] = []
"""Every cell's outcome and time, written to $HOSTILE_TABLE (JSON) when set."""


def leaks(texts: list[str]) -> list[str]:
    return [t[:200] for t in texts if any(f in t for f in FRAGMENTS)]


@dataclass
class Cell:
    """What one operation did: its result or error, and everything a user could see."""

    result: Any = None
    error: BaseException | None = None
    exit_code: int | None = None
    seen: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out_file: Path | None = None


@dataclass
class World:
    upstream: StandIn
    hostile: Hostile
    tmp: Path
    call_timeout: float = ROOMY_CALL_TIMEOUT

    @property
    def modern(self) -> bool:
        return self.upstream.version == MODERN

    def client(self) -> Client:
        return Client(
            self.hostile.url,
            project=self.upstream.project,
            key=KEY,
            call_timeout=self.call_timeout,
            max_response_bytes=LIMIT,
        )

    def direct(self) -> Client:
        return Client(self.upstream.url, project=self.upstream.project, key=KEY)

    def truth(self) -> dict[str, dict[str, Any]]:
        with self.direct() as client:
            return {e.id: e.to_dict() for e in client.iter_executions(FN)}

    def final_id(self) -> str:
        records = self.upstream.executions(FN)
        return next(r["$id"] for r in records if r["status"] in ("completed", "failed"))

    def cli(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        env = {
            "APPWRITE_ENDPOINT": self.hostile.url,
            "APPWRITE_PROJECT": self.upstream.project,
            "APPWRITE_KEY": KEY,
        }
        timeout = str(self.call_timeout)
        code = main([*args, "--call-timeout", timeout], stdout=out, stderr=err, env=env)
        return code, out.getvalue(), err.getvalue()


def _library(call: Callable[[Client, World], Any]) -> Callable[[World], Cell]:
    def run(world: World) -> Cell:
        cell = Cell()
        with world.client() as client:
            try:
                cell.result = call(client, world)
            except AppwriteError as error:
                cell.error = error
                cell.seen += [str(error), repr(error), *map(str, error.args)]
        if cell.result is not None:
            cell.seen.append(repr(cell.result))
        return cell

    return run


def _export(world: World) -> Cell:
    out = world.tmp / "export.jsonl"
    code, stdout, stderr = world.cli("export", FN, "--out", str(out))
    cell = Cell(exit_code=code, seen=[stdout, stderr], out_file=out)
    if out.exists():
        cell.seen.append(out.read_text(encoding="utf-8"))
        cell.result = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return cell


def _store_rows(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    with contextlib.closing(sqlite3.connect(path)) as db:
        try:
            rows = db.execute("SELECT execution_id, data FROM executions").fetchall()
            states = db.execute("SELECT cursor FROM sync_state").fetchall()
        except sqlite3.OperationalError:
            return {}
    found = {str(i): json.loads(d) for i, d in rows}
    found["<state>"] = {"cursors": [s[0] for s in states]}
    return found


def _sync(world: World) -> Cell:
    db = world.tmp / "store.sqlite"
    code, stdout, stderr = world.cli("sync", "--db", str(db), "--function", FN, "--json")
    rows = _store_rows(db)
    cell = Cell(exit_code=code, seen=[stdout, stderr, json.dumps(rows)])
    cell.result = {k: v for k, v in rows.items() if k != "<state>"}
    return cell


def _record(world: World) -> Cell:
    folder = world.tmp / "cassettes"
    vcr = recorder(folder, Scrubber(world.hostile.url, world.upstream.project, hide_project=False))
    cell = Cell()
    with vcr.use_cassette("list.yaml"), world.client() as client:
        try:
            cell.result = client.list_executions(FN, limit=10)
        except AppwriteError as error:
            cell.error = error
            cell.seen += [str(error), repr(error)]
    cassette = folder / "list.yaml"
    if cassette.exists():
        cell.seen.append(cassette.read_text(encoding="utf-8"))
    return cell


def _delete(client: Client, world: World) -> Any:
    victim = world.upstream.executions(FN)[-1]["$id"]
    client.delete_execution(FN, victim)
    return "deleted"


OPS: dict[str, Callable[[World], Cell]] = {
    "list": _library(lambda c, w: c.list_executions(FN, limit=10)),
    "iter": _library(lambda c, w: list(c.iter_executions(FN, page_size=10))),
    "get": _library(lambda c, w: c.get_execution(FN, w.final_id())),
    "create": _library(lambda c, w: c.create_execution(FN, "{}")),
    "wait": _library(
        lambda c, w: c.wait_for_execution(FN, w.final_id(), timeout=WAIT_TIMEOUT, poll_interval=0)
    ),
    "delete": _library(_delete),
    "export": _export,
    "sync": _sync,
    "record": _record,
}


@pytest.fixture(scope="module", params=[LEGACY, MODERN])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[StandIn, Hostile]]:
    bomb()  # built once, before any call's clock runs
    with StandIn(request.param, key=KEY) as upstream, Hostile(upstream.url) as hostile:
        yield upstream, hostile


@pytest.fixture(scope="module", autouse=True)
def table() -> Iterator[None]:
    yield
    target = os.environ.get("HOSTILE_TABLE")
    if target:
        Path(target).write_text(json.dumps(RESULTS, indent=1), encoding="utf-8")


def _not_the_probe(request: Incoming) -> bool:
    return not request.path.endswith("/health/version")


def run_cell(world: World, fault: Fault, operation: str) -> Cell:
    world.upstream.reset()
    world.hostile.fault = fault
    world.hostile.matches = _not_the_probe
    logs = io.StringIO()
    handler = logging.StreamHandler(logs)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    start = time.monotonic()
    try:
        cell = OPS[operation](world)
    finally:
        cell_seconds = time.monotonic() - start
        root.removeHandler(handler)
        root.setLevel(previous)
        world.hostile.fault = FAULTS["none"]
    cell.seconds = cell_seconds
    cell.seen.append(logs.getvalue())
    return cell


def outcome(cell: Cell) -> str:
    if cell.exit_code is not None:
        return f"exit {cell.exit_code}"
    if cell.error is not None:
        return type(cell.error).__name__
    return "ok"


# -- what each fault must give --------------------------------------------------------------

TIME_FAULTS = ("trickle", "stall", "stall-body")
CONTENT_FAULTS = [name for name in FAULTS if name not in TIME_FAULTS]


def expect(fault: str, operation: str, world: World, cell: Cell) -> None:
    """Assert the one outcome ``fault`` calls for in ``operation``."""
    cli = operation in ("export", "sync")
    if operation == "delete" and not world.modern:
        assert isinstance(cell.error, UnsupportedOnServer)
        return
    no_body = ("surrogate", "not-utf8", "echo", "stacked", "stall-body", "unknown-encoding")
    if (operation == "delete" and fault in no_body) or (
        operation == "delete" and fault.startswith("id-")
    ):
        # 204 without a body: nothing for these faults to change or hold back.
        assert cell.result == "deleted", cell.error
        return
    if fault in TIME_FAULTS:
        if cli:
            assert cell.exit_code == 3, cell.seen
        else:
            assert isinstance(cell.error, RequestTimeout), cell.error
        limit = max(CALL_TIMEOUT, WAIT_TIMEOUT + 1.0) if operation == "wait" else CALL_TIMEOUT
        # export and sync start a process-like run: one probe, then the timed call.
        assert cell.seconds < limit + SLACK
        return
    if fault in ("bomb-200", "unknown-encoding"):
        if cli:
            assert cell.exit_code == 1, cell.seen
        else:
            assert isinstance(cell.error, InvalidResponse), cell.error
            if fault == "bomb-200":
                assert "max_response_bytes" in cell.error.message
        return
    if fault == "bomb-500":
        if cli:
            assert cell.exit_code == 1, cell.seen
        else:
            assert isinstance(cell.error, ServerError), cell.error
            assert cell.error.status == 500
        return
    if fault == "echo-401":
        if cli:
            assert cell.exit_code == 4, cell.seen
        else:
            assert isinstance(cell.error, Unauthorized), cell.error
        return
    if fault.startswith("id-"):
        if cli:
            assert cell.exit_code == 1, cell.seen
        else:
            assert isinstance(cell.error, InvalidResponse), cell.error
            assert "Appwrite's id rule" in cell.error.message
            shown = BAD_IDS[fault.removeprefix("id-")]
            assert len(cell.error.message) < 400  # a 10,000-character id is shortened
            if shown and len(shown) < 20 and shown.isprintable():
                assert repr(shown) in cell.error.message
        return
    # none, stacked, echo, surrogate, not-utf8: success, exactly the server's truth
    # (with U+FFFD for what is not Unicode, and *** for an echoed credential).
    if cli:
        assert cell.exit_code == 0, cell.seen
    else:
        assert cell.error is None, cell.error
    if operation in ("iter", "export"):
        ids = [e["$id"] for e in _plain(cell.result)]
        assert ids == list(world.truth())  # every execution exactly once, oldest first
    if operation == "list":
        assert len(cell.result.executions) == 10
    if fault in ("surrogate", "not-utf8") and operation != "delete":
        assert "\ufffd" in json.dumps(_plain(cell.result), ensure_ascii=False)
    if fault == "echo" and operation not in ("delete", "record"):
        assert "***" in json.dumps(_plain(cell.result), ensure_ascii=False)


def _plain(result: Any) -> Any:
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, list):
        return [_plain(item) for item in result]
    return result


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fault", list(FAULTS))
def test_every_operation_against_every_fault(
    fault: str, operation: str, server: tuple[StandIn, Hostile], tmp_path: Path
) -> None:
    upstream, hostile = server
    timed = FAULTS[fault].kind == "time"
    world = World(upstream, hostile, tmp_path, CALL_TIMEOUT if timed else ROOMY_CALL_TIMEOUT)
    before = {r["$id"] for r in upstream.executions(FN)}
    cell = run_cell(world, FAULTS[fault], operation)
    RESULTS.append(
        {
            "fault": fault,
            "operation": operation,
            "server": upstream.version,
            "outcome": outcome(cell),
            "seconds": round(cell.seconds, 3),
        }
    )
    expect(fault, operation, world, cell)
    assert leaks(cell.seen) == []
    after = {r["$id"] for r in upstream.executions(FN)}
    if operation == "create":
        # Run exactly once, whatever came back (never, when the answer was made up).
        assert len(after - before) == (1 if FAULTS[fault].forward else 0)
    if operation == "export" and cell.exit_code != 0:
        assert cell.out_file is not None and not cell.out_file.exists()
    if operation == "sync":
        truth = world.truth()
        stored = cell.result or {}
        assert set(stored) <= set(truth)  # nothing invented, whole pages only
        # A later run without the fault completes the store: nothing bricked it.
        code, _, stderr = World(upstream, hostile, tmp_path).cli(
            "sync", "--db", str(tmp_path / "store.sqlite"), "--function", FN
        )
        assert code == 0, stderr
        assert set(_store_rows(tmp_path / "store.sqlite")) - {"<state>"} == set(truth)


# -- memory under the bombs ----------------------------------------------------------------


@pytest.mark.parametrize("fault", ["bomb-200", "bomb-500"])
def test_a_bomb_keeps_memory_near_the_limit(fault: str, server: tuple[StandIn, Hostile]) -> None:
    upstream, hostile = server
    world = World(upstream, hostile, Path("."))
    tracemalloc.start()
    try:
        cell = run_cell(world, FAULTS[fault], "list")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(cell.error, InvalidResponse | ServerError)
    # The bomb decodes to 256 MiB; reading stops at the 4 MiB limit (64 KiB for errors).
    assert peak < 3 * LIMIT, f"peak {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("fault", ["trickle", "stall", "stall-body", "bomb-200", "id-long"])
def test_the_version_probe_itself_is_bounded(fault: str, server: tuple[StandIn, Hostile]) -> None:
    upstream, hostile = server
    hostile.fault = FAULTS[fault]
    hostile.matches = lambda request: True  # the probe too
    world = World(upstream, hostile, Path("."), CALL_TIMEOUT)
    try:
        start = time.monotonic()
        code, out, err = world.cli("version")
        seconds = time.monotonic() - start
    finally:
        hostile.fault = FAULTS["none"]
    expected = {"trickle": 3, "stall": 3, "stall-body": 3, "bomb-200": 3, "id-long": 0}
    assert code == expected[fault], err
    assert seconds < CALL_TIMEOUT + SLACK
    assert leaks([out, err]) == []
