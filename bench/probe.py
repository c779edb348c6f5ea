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


def _cli_arguments(command: str, endpoint: str, function_id: str, target: str) -> list[str]:
    """How the CLI is called: the one place to change when its options change."""
    server = ["--endpoint", endpoint, "--project", PROJECT, "--quiet"]
    if command == "export":
        return ["export", function_id, "--out", target, *server]
    return ["sync", "--function", function_id, "--db", target, *server]


def _cli(command: str, endpoint: str, function_id: str, count: int, target: str) -> dict[str, Any]:
    """Run the CLI in this process, so its memory is measured."""
    from appwrite_executions.cli import main  # noqa: PLC0415 - may not exist yet

    os.environ["APPWRITE_KEY"] = KEY  # as a user would: never on the command line
    arguments = _cli_arguments(command, endpoint, function_id, target)
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
    written = _written(command, Path(target)) if ok else 0
    if ok and written != count:
        ok, reason = False, f"wrote {written} executions, not {count}"
    return {**measured, "ok": ok, "reason": reason, "written": written}


def _written(command: str, target: Path) -> int:
    """What really landed: lines of the export, rows of the store's largest table."""
    if command == "export":
        with target.open("rb") as lines:
            return sum(1 for _ in lines)
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


def main(argv: list[str]) -> None:
    command = argv[1]
    if command == "iterate":
        mode, endpoint, function_id = argv[2], argv[3], argv[4]
        run = _iterate_raw if mode == "raw" else _iterate_wrapper
        print(json.dumps(run(endpoint, function_id)))
    elif command == "export-available":
        print(json.dumps(_export_available()))
    else:
        endpoint, function_id, count, target = argv[2], argv[3], int(argv[4]), argv[5]
        print(json.dumps(_cli(command, endpoint, function_id, count, target)))


if __name__ == "__main__":
    main(sys.argv)
