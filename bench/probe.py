"""Long runs measured in a fresh interpreter: rate and peak memory growth.

Peak memory is the process's resident high-water mark (VmHWM), reset just before the
measured work starts (``/proc/self/clear_refs``), minus what was resident then; so
imports and start-up do not count, and nothing else in the benchmark does either.
Prints one JSON line.

    python probe.py iterate {raw|wrapper} ENDPOINT FUNCTION
    python probe.py export-available
    python probe.py {export|sync} ENDPOINT FUNCTION COUNT TARGET_FILE
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = "bench-project"
KEY = "bench-key"
CLI_MODULES = (
    "appwrite_executions.cli",
    "appwrite_executions.sync._export",
    "appwrite_executions.sync._sync",
)


def _status_mb(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def _measured(work: Callable[[], int]) -> dict[str, Any]:
    """Run ``work`` (it returns how many executions it read) and measure it."""
    before = _status_mb("VmRSS")
    reset = False
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        reset = True
    if before is None or not reset:  # no procfs: the lifetime peak is all there is
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    count = work()
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM") if reset else None
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "count": count,
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_growth_mb": max(0.0, peak - before),
        "peak_reset": reset,
    }


def _iterate_wrapper(endpoint: str, function_id: str) -> dict[str, Any]:
    from appwrite_executions import Client  # noqa: PLC0415 - measured per mode

    with Client(endpoint, project=PROJECT, key=KEY) as client:
        _ = client.server_version  # detection is not part of iterating

        def work() -> int:
            count = 0
            for _execution in client.iter_executions(function_id, page_size=100):
                count += 1
            return count

        return _measured(work)


def _iterate_raw(endpoint: str, function_id: str) -> dict[str, Any]:
    """The same 1,001 requests by hand: httpx, json.loads, the cursor."""
    import httpx  # noqa: PLC0415 - measured per mode

    def query(method: str, **rest: Any) -> str:
        return json.dumps({"method": method, **rest}, separators=(",", ":"))

    headers = {
        "X-Appwrite-Project": PROJECT,
        "X-Appwrite-Key": KEY,
        "X-Appwrite-Response-Format": "1.8.0",
    }
    url = f"{endpoint}/functions/{function_id}/executions"
    with httpx.Client(headers=headers) as http:

        def work() -> int:
            count, cursor = 0, None
            while True:
                queries = [query("orderAsc", attribute="$createdAt")]
                if cursor is not None:
                    queries.append(query("cursorAfter", values=[cursor]))
                queries.append(query("limit", values=[100]))
                params = {"queries[]": queries, "total": "false"}
                page = json.loads(http.get(url, params=params).content)["executions"]
                count += len(page)
                if len(page) < 100:
                    return count
                cursor = page[-1]["$id"]

        return _measured(work)


def _export_available() -> dict[str, Any]:
    missing = [name for name in CLI_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        return {"available": False, "reason": "missing " + ", ".join(missing)}
    return {"available": True, "reason": ""}


def _cli_arguments(
    command: str, endpoint: str, function_id: str, target: str, extra: list[str]
) -> list[str]:
    """How the CLI is called: the one place to change when its options change."""
    server = ["--endpoint", endpoint, "--project", PROJECT, "--quiet", *extra]
    if command == "export":
        return ["export", function_id, "--out", target, *server]
    return ["sync", "--function", function_id, "--db", target, *server]


def _cli(
    command: str, endpoint: str, function_id: str, count: int, target: str, extra: list[str]
) -> dict[str, Any]:
    """Run the CLI in this process, so its memory is measured."""
    from appwrite_executions.cli import main  # noqa: PLC0415 - may not exist yet

    os.environ["APPWRITE_KEY"] = KEY  # as a user would: never on the command line
    arguments = _cli_arguments(command, endpoint, function_id, target, extra)
    out, err = io.StringIO(), io.StringIO()
    status: list[object] = []

    def work() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status.append(main(arguments))
            except SystemExit as exit_:
                status.append(exit_.code)
        return count

    measured = _measured(work)
    ok = status[0] in (0, None)
    said = (err.getvalue() or out.getvalue()).strip().splitlines()
    reason = "" if ok else (said[-1] if said else f"exit status {status[0]}")
    written = _written(command, target) if ok else 0
    if ok and written != count:
        ok, reason = False, f"wrote {written} executions, not {count}"
    return {**measured, "ok": ok, "reason": reason, "written": written}


def _written(command: str, where: str) -> int:
    """What really landed: lines of the export, rows of the store's largest table."""
    target = Path(where)
    if command == "export":
        with target.open("rb") as lines:
            return sum(1 for _ in lines)
    if where.startswith("postgresql"):
        import psycopg  # noqa: PLC0415

        with psycopg.connect(where) as database:
            row = database.execute("SELECT count(*) FROM executions").fetchone()
            return int(row[0]) if row else 0
    with contextlib.closing(sqlite3.connect(target)) as database:
        tables = [
            row[0]
            for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        counts = [
            database.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in tables
            if not name.startswith("sqlite_")
        ]
    return max(counts, default=0)


def _sync_many(plan: dict[str, Any]) -> dict[str, Any]:
    """The CLI's sync of every function of every source in ``plan``, in this process."""
    from appwrite_executions.cli import main  # noqa: PLC0415

    os.environ["APPWRITE_KEY"] = KEY
    arguments = ["sync", "--db", plan["db"], "--project", PROJECT, "--quiet"]
    arguments += ["--page-size", str(plan["page_size"]), "--jobs", str(plan["jobs"])]
    for name, endpoint in plan["sources"].items():
        arguments += ["--source", f"{name}={endpoint}"]
    for function_id in plan["functions"]:
        arguments += ["--function", function_id]
    status: list[object] = []
    err = io.StringIO()

    def work() -> int:
        with contextlib.redirect_stderr(err):
            status.append(main(arguments))
        return int(plan["expected"])

    measured = _measured(work)
    written = _written("sync", plan["db"])
    ok = status[0] == 0 and written == plan["expected"]
    reason = "" if ok else (err.getvalue().strip() or f"exit {status[0]}, {written} rows")
    return {**measured, "ok": ok, "reason": reason, "written": written}


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS executions (source TEXT NOT NULL, function_id TEXT NOT NULL,"
    " execution_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL, server_version TEXT NOT NULL, data TEXT NOT NULL,"
    " PRIMARY KEY (source, function_id, execution_id))",
    "CREATE INDEX IF NOT EXISTS executions_by_status ON executions (source, function_id, status)",
    "CREATE INDEX IF NOT EXISTS executions_by_created"
    " ON executions (source, function_id, created_at)",
    "CREATE INDEX IF NOT EXISTS executions_by_version ON executions (source, server_version)",
    "CREATE TABLE IF NOT EXISTS sync_state (source TEXT NOT NULL, function_id TEXT NOT NULL,"
    " cursor TEXT, PRIMARY KEY (source, function_id))",
)
_INSERT = (
    "INSERT INTO executions (source, function_id, execution_id, status, created_at, "
    "updated_at, server_version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (source, function_id, execution_id) DO UPDATE SET data = excluded.data"
)
_STATE = (
    "INSERT INTO sync_state (source, function_id, cursor) VALUES (?, ?, ?) "
    "ON CONFLICT (source, function_id) DO UPDATE SET cursor = excluded.cursor"
)


def _sqlite_pages(db: str) -> Callable[[str, list[dict[str, Any]], str], None]:
    """A page writer with the store's schema and durability: one transaction a page,
    rollback journal, synchronous FULL."""
    database = sqlite3.connect(db, isolation_level=None)
    database.execute("PRAGMA synchronous = FULL")
    for statement in _SCHEMA:
        database.execute(statement)

    def write(function_id: str, page: list[dict[str, Any]], cursor: str) -> None:
        rows = [
            ("s", function_id, e["$id"], e["status"], e["$createdAt"], e["$updatedAt"],
             "1.8.1", json.dumps(e, ensure_ascii=False, separators=(",", ":")))
            for e in page
        ]  # fmt: skip
        database.execute("BEGIN IMMEDIATE")
        database.executemany(_INSERT, rows)
        database.execute(_STATE, ("s", function_id, cursor))
        database.execute("COMMIT")

    return write


def _postgres_pages(url: str) -> Callable[[str, list[dict[str, Any]], str], None]:
    """The same on PostgreSQL (json column, timestamptz dates), through psycopg."""
    import psycopg  # noqa: PLC0415

    connection = psycopg.connect(url, autocommit=True)
    for statement in _SCHEMA:
        connection.execute(
            statement.replace("data TEXT", "data JSON")
            .replace("created_at TEXT", "created_at TIMESTAMPTZ")
            .replace("updated_at TEXT", "updated_at TIMESTAMPTZ")
        )
    insert, state = _INSERT.replace("?", "%s"), _STATE.replace("?", "%s")

    def write(function_id: str, page: list[dict[str, Any]], cursor: str) -> None:
        rows = [
            ("s", function_id, e["$id"], e["status"], e["$createdAt"], e["$updatedAt"],
             "1.8.1", json.dumps(e, ensure_ascii=False, separators=(",", ":")))
            for e in page
        ]  # fmt: skip
        with connection.transaction(), connection.cursor() as cursor_:
            cursor_.executemany(insert, rows)
            cursor_.execute(state, ("s", function_id, cursor))

    return write


def _ceiling(endpoint: str, function_id: str, target: str, page_size: int) -> dict[str, Any]:
    """The store's ceiling: httpx + json.loads + executemany, a transaction a page
    (of the size sync asks this server for)."""
    import httpx  # noqa: PLC0415

    write = _postgres_pages(target) if target.startswith("postgresql") else _sqlite_pages(target)
    url = f"{endpoint}/functions/{function_id}/executions"
    headers = {"X-Appwrite-Project": PROJECT, "X-Appwrite-Key": KEY}

    def query(method: str, **rest: Any) -> str:
        return json.dumps({"method": method, **rest}, separators=(",", ":"))

    with httpx.Client(headers=headers) as http:

        def work() -> int:
            count, cursor = 0, None
            while True:
                queries = [query("orderAsc", attribute="$createdAt")]
                if cursor is not None:
                    queries.append(query("cursorAfter", values=[cursor]))
                queries.append(query("limit", values=[page_size]))
                page = json.loads(http.get(url, params={"queries[]": queries}).content)
                executions = page["executions"]
                if executions:
                    cursor = executions[-1]["$id"]
                    write(function_id, executions, cursor)
                count += len(executions)
                if len(executions) < page_size:
                    return count

        return _measured(work)


def _sdk_sync(endpoint: str, functions: list[str], db: str) -> dict[str, Any]:
    """A sync script on the official SDK 16.0.0, as its documentation shows the calls:
    every function in turn, every page in turn, each page written in a transaction."""
    from appwrite.client import Client  # noqa: PLC0415
    from appwrite.query import Query  # noqa: PLC0415
    from appwrite.services.functions import Functions  # noqa: PLC0415

    service = Functions(Client().set_endpoint(endpoint).set_project(PROJECT).set_key(KEY))
    write = _sqlite_pages(db)

    def work() -> int:
        count = 0
        for function_id in functions:
            cursor = None
            while True:
                queries = [Query.order_asc("$createdAt"), Query.limit(100)]
                if cursor is not None:
                    queries.append(Query.cursor_after(cursor))
                page = service.list_executions(function_id, queries=queries)
                executions = [e.to_dict() for e in page.executions]
                if executions:
                    cursor = executions[-1]["$id"]
                    write(function_id, executions, cursor)
                count += len(executions)
                if len(executions) < 100:
                    break
        return count

    return _measured(work)


def main(argv: list[str]) -> None:
    command = argv[1]
    if command == "sync-many":
        print(json.dumps(_sync_many(json.loads(argv[2]))))
        return
    if command == "ceiling":
        print(json.dumps(_ceiling(argv[2], argv[3], argv[4], int(argv[5]))))
        return
    if command == "sdk-sync":
        print(json.dumps(_sdk_sync(argv[2], json.loads(argv[3]), argv[4])))
        return
    if command == "iterate":
        mode, endpoint, function_id = argv[2], argv[3], argv[4]
        run = _iterate_raw if mode == "raw" else _iterate_wrapper
        print(json.dumps(run(endpoint, function_id)))
    elif command == "export-available":
        print(json.dumps(_export_available()))
    else:
        endpoint, function_id, count, target = argv[2], argv[3], int(argv[4]), argv[5]
        print(json.dumps(_cli(command, endpoint, function_id, count, target, argv[6:])))


if __name__ == "__main__":
    main(sys.argv)
