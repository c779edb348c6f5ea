"""The `appwrite-executions` console script, run as a subprocess against stand-in servers.

Each command is checked against what the servers themselves say: --json is compared
with the raw JSON a modern server sends, --legacy-json with what a legacy one sends.
Every class of failure is checked for its exit code and its one line on stderr, and
no output ever shows the key.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pty
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from appwrite_executions import Client
from appwrite_executions.sync import CSV_COLUMNS
from appwrite_standin import Reply, Request, StandIn
from support.signals import with_default_sigint

LEGACY, MODERN = "0.9.4", "1.8.1"
SCRIPT = Path(sys.executable).with_name("appwrite-executions")
WAIT = 30.0
WRONG_KEY = "sk-wrong-5f1d2e3c4b5a69788796a5b4"  # distinctive: must never be printed
EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 130}


def env_for(server: StandIn | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APPWRITE_")}
    if server is not None:
        env.update(
            APPWRITE_ENDPOINT=server.url, APPWRITE_PROJECT=server.project, APPWRITE_KEY=server.key
        )
    env.update(extra)
    return env


def run(
    *args: str, server: StandIn | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: run `make setup`"
    return subprocess.run(
        [str(SCRIPT), *args],
        env=env if env is not None else env_for(server),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok(*args: str, server: StandIn) -> str:
    result = run(*args, server=server)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return str(result.stdout)


def ok_json(*args: str, server: StandIn) -> Any:
    return json.loads(ok(*args, server=server))


def raw(server: StandIn, path: str, params: Any = None) -> Any:
    """The server's own JSON for a GET, as it went over the wire."""
    response = httpx.get(
        server.url + path,
        params=params,
        headers={
            "X-Appwrite-Project": server.project,
            "X-Appwrite-Key": server.key,
            "X-Appwrite-Response-Format": "1.8.0",
        },
        timeout=WAIT,
    )
    response.raise_for_status()
    return response.json()


def raw_list_asc(server: StandIn, function_id: str, limit: int) -> Any:
    if server.version == LEGACY:
        params: Any = {"limit": limit, "offset": 0, "orderType": "ASC"}
    else:
        params = [
            ("queries[]", '{"method":"orderAsc","attribute":"$createdAt"}'),
            ("queries[]", f'{{"method":"limit","values":[{limit}]}}'),
        ]
    return raw(server, f"/functions/{function_id}/executions", params)


def all_executions(server: StandIn, function_id: str) -> list[dict[str, Any]]:
    with Client(server.url, project=server.project, key=server.key) as client:
        return [e.to_dict() for e in client.iter_executions(function_id)]


@pytest.fixture(scope="module", params=[LEGACY, MODERN])
def server(request: pytest.FixtureRequest) -> Iterator[StandIn]:
    """A server the tests only read from (reads of finished executions change nothing)."""
    with StandIn(request.param) as started:
        yield started


@pytest.fixture(scope="module")
def legacy() -> Iterator[StandIn]:
    with StandIn(LEGACY) as started:
        yield started


@pytest.fixture(scope="module")
def modern() -> Iterator[StandIn]:
    with StandIn(MODERN) as started:
        yield started


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def first_finished_id(server: StandIn, function_id: str = "reports") -> str:
    return next(
        str(r["$id"])
        for r in server.executions(function_id)
        if r["status"] in ("completed", "failed")
    )


# --------------------------------------------------------------------------- help


def test_help_names_every_command_and_exit_code() -> None:
    result = run("--help", env=env_for(None))
    assert result.returncode == 0
    for command in ("version", "list", "get", "create", "wait", "delete", "export", "sync"):
        assert f"    {command} " in result.stdout
    for line in ("3    endpoint unreachable", "4    wrong project, key", "8    sync: the store"):
        assert line in result.stdout
    for command in ("version", "list", "get", "create", "wait", "delete", "export", "sync"):
        sub = run(command, "--help", env=env_for(None))
        assert sub.returncode == 0, sub.stderr
        assert "APPWRITE_ENDPOINT" in sub.stdout
    module = subprocess.run(
        [sys.executable, "-m", "appwrite_executions", "--help"],
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert module.returncode == 0
    assert module.stdout == result.stdout


# --------------------------------------------------------------------------- reading


def test_version_says_the_servers_version_and_api_shape(server: StandIn) -> None:
    api = "legacy" if server.version == LEGACY else "modern"
    assert (
        ok("version", server=server) == f"Appwrite {server.version} ({api} API) at {server.url}\n"
    )
    assert ok_json("version", "--json", server=server) == {
        "endpoint": server.url,
        "serverVersion": server.version,
        "api": api,
    }


def test_list_json_is_exactly_what_the_server_sends(server: StandIn) -> None:
    shape = "--json" if server.version == MODERN else "--legacy-json"
    printed = ok_json("list", "reports", "--order", "asc", "--limit", "7", shape, server=server)
    assert printed == raw_list_asc(server, "reports", 7)


def test_list_in_the_other_shape_is_the_same_executions(server: StandIn) -> None:
    modern_json = ok_json(
        "list", "mailer", "--order", "asc", "--limit", "41", "--json", server=server
    )
    legacy_json = ok_json(
        "list", "mailer", "--order", "asc", "--limit", "41", "--legacy-json", server=server
    )
    assert modern_json["total"] == legacy_json["sum"] == 41
    assert modern_json["executions"] == all_executions(server, "mailer")
    assert [e["$id"] for e in legacy_json["executions"]] == [
        e["$id"] for e in modern_json["executions"]
    ]
    assert {"dateCreated", "exitCode", "stdout", "stderr", "time"} <= set(
        legacy_json["executions"][0]
    )


def test_list_table_for_people(server: StandIn) -> None:
    lines = ok("list", "reports", "--limit", "5", server=server).splitlines()
    assert lines[0].split() == [
        "ID", "CREATED", "(UTC)", "STATUS", "TRIGGER", "CODE", "SECONDS", "REQUEST"
    ]  # fmt: skip
    newest = sorted(all_executions(server, "reports"), key=lambda e: e["$createdAt"])[-5:][::-1]
    assert [line.split()[0] for line in lines[1:6]] == [e["$id"] for e in newest]
    assert lines[-1] == "5 of 237 executions"


def test_list_filters_by_status_and_trigger_on_every_server(server: StandIn) -> None:
    printed = ok_json(
        "list", "reports", "--status", "failed", "--limit", "100", "--json", server=server
    )
    failed = [e for e in all_executions(server, "reports") if e["status"] == "failed"]
    assert printed["total"] == len(failed) > 0
    assert {e["$id"] for e in printed["executions"]} == {e["$id"] for e in failed}
    by_trigger = ok_json(
        "list", "mailer", "--trigger", "event", "--trigger", "http", "--limit", "50", "--json",
        server=server,
    )  # fmt: skip
    expected = [e for e in all_executions(server, "mailer") if e["trigger"] in ("event", "http")]
    assert by_trigger["total"] == len(expected) > 0
    assert {e["$id"] for e in by_trigger["executions"]} == {e["$id"] for e in expected}


def test_get_json_is_exactly_what_the_server_sends(server: StandIn) -> None:
    execution_id = first_finished_id(server, "mailer")
    shape = "--json" if server.version == MODERN else "--legacy-json"
    printed = ok_json("get", "mailer", execution_id, shape, server=server)
    assert printed == raw(server, f"/functions/mailer/executions/{execution_id}")
    text = ok("get", "mailer", execution_id, server=server)
    assert text.startswith(f"id:           {execution_id}\nfunction:     mailer\n")


# --------------------------------------------------------------------------- writing


def test_create_wait_get_delete_on_a_modern_server() -> None:
    with StandIn(MODERN) as server:
        created = ok_json(
            "create", "reports", "--async", "--body", '{"month":1}', "--path", "/render",
            "--method", "PUT", "--header", "Content-Type: application/json", "--json",
            server=server,
        )  # fmt: skip
        assert (created["status"], created["requestMethod"], created["requestPath"]) == (
            "waiting",
            "PUT",
            "/render",
        )
        assert {"name": "content-type", "value": "application/json"} in [
            {"name": h["name"].lower(), "value": h["value"]} for h in created["requestHeaders"]
        ]
        done = ok_json(
            "wait", "reports", created["$id"], "--interval", "0", "--json", server=server
        )
        assert done["status"] == "completed"
        assert ok_json("get", "reports", created["$id"], "--json", server=server) == done

        synchronous = ok_json("create", "mailer", "--body", "hi", "--json", server=server)
        assert synchronous["status"] == "completed"

        when = (datetime.now(UTC) + timedelta(days=2)).replace(second=0, microsecond=0)
        scheduled = ok_json(
            "create", "mailer", "--scheduled-at", when.isoformat(), "--json", server=server
        )
        assert (scheduled["status"], scheduled["trigger"]) == ("scheduled", "schedule")
        assert datetime.fromisoformat(scheduled["scheduledAt"]) == when

        assert ok("delete", "reports", created["$id"], server=server) == (
            f"deleted execution {created['$id']} of function reports\n"
        )
        gone = run("get", "reports", created["$id"], server=server)
        assert gone.returncode == 5
        assert created["$id"] not in {r["$id"] for r in server.executions("reports")}


def test_create_and_wait_on_a_legacy_server() -> None:
    with StandIn(LEGACY) as server:
        created = ok_json("create", "mailer", "--body", "hello", "--legacy-json", server=server)
        assert set(created) == {
            "$id", "functionId", "dateCreated", "trigger", "status", "exitCode", "stdout",
            "stderr", "time",
        }  # fmt: skip
        assert created["status"] == "waiting"
        done = ok_json(
            "wait", "mailer", created["$id"], "--interval", "0", "--legacy-json", server=server
        )
        assert done["status"] == "completed"
        assert done == raw(server, f"/functions/mailer/executions/{created['$id']}")


def test_body_from_a_file_or_stdin(tmp_path: Path, modern: StandIn) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"from":"file"}', encoding="utf-8")
    created = ok_json("create", "mailer", "--body-file", str(body), "--json", server=modern)
    assert json.loads(created["responseBody"])["body"] == '{"from":"file"}'
    piped = subprocess.run(
        [str(SCRIPT), "create", "mailer", "--body-file", "-", "--json"],
        input="from stdin",
        env=env_for(modern),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert json.loads(json.loads(piped.stdout)["responseBody"])["body"] == "from stdin"


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_writes_every_execution(server: StandIn, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"reports.{fmt}"
    result = run("export", "reports", "--out", str(out), "--page-size", "40", server=server)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"237 executions written to {out} ({fmt})\n"
    expected = all_executions(server, "reports")
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert [json.loads(line) for line in text.splitlines()] == expected
    else:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert len(rows) == 1 + len(expected)
        column = {name: i for i, name in enumerate(CSV_COLUMNS)}
        for row, execution in zip(rows[1:], expected, strict=True):
            assert row[column["$id"]] == execution["$id"]
            assert row[column["status"]] == execution["status"]
            assert row[column["logs"]] == execution["logs"]
            assert json.loads(row[column["responseHeaders"]]) == execution["responseHeaders"]
            assert float(row[column["duration"]]) == execution["duration"]
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    to_stdout = run("export", "reports", "--format", fmt, server=server)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == text


# --------------------------------------------------------------------------- failures


def _assert_one_clean_line(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("appwrite-executions: error: ")
    assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert WRONG_KEY not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("case", "code", "text"),
    [
        ("no /v1", 3, "it usually ends in /v1"),
        ("wrong key", 4, "refused the credentials for project 'standin-project'"),
        ("wrong project", 4, "project 'elsewhere' does not exist"),
        ("unknown function", 5, "function 'nosuchfunction' does not exist in project"),
        ("unknown execution", 5, "execution 'nosuchexecution' of function 'reports' does not"),
        ("server failure", 1, "GET /functions/reports/executions"),
        ("no endpoint", 2, "no endpoint: pass --endpoint or set APPWRITE_ENDPOINT"),
        ("no key", 2, "no credential for the server"),
        ("bad header", 2, "--header must be NAME:VALUE"),
        ("bad store", 8, "cannot use the SQLite store"),
    ],
)
def test_each_failure_class_has_its_exit_code_and_one_line(
    server: StandIn, tmp_path: Path, case: str, code: int, text: str
) -> None:
    env = env_for(server)
    args = ["list", "reports"]
    if case == "no /v1":
        env["APPWRITE_ENDPOINT"] = server.url.removesuffix("/v1")
    elif case == "wrong key":
        env["APPWRITE_KEY"] = WRONG_KEY
    elif case == "wrong project":
        env["APPWRITE_PROJECT"] = "elsewhere"
    elif case == "unknown function":
        args = ["list", "nosuchfunction"]
    elif case == "unknown execution":
        args = ["get", "reports", "nosuchexecution"]
    elif case == "no endpoint":
        del env["APPWRITE_ENDPOINT"]
    elif case == "no key":
        del env["APPWRITE_KEY"]
    elif case == "bad header":
        args = ["create", "reports", "--header", "no-colon-here"]
    elif case == "bad store":
        (tmp_path / "not-a-database").write_text("just text\n" * 100, encoding="utf-8")
        args = ["sync", "--function", "reports", "--db", str(tmp_path / "not-a-database")]
    if case == "server failure":
        page = Reply(200, b"<html>maintenance</html>", "text/html")
        server.before_request = lambda r: page if "executions" in r.path else None
    try:
        result = run(*args, env=env)
    finally:
        server.before_request = None
    _assert_one_clean_line(result, code, text)


def test_unreachable_endpoint_exits_3() -> None:
    env = env_for(None, APPWRITE_PROJECT="p", APPWRITE_KEY=WRONG_KEY)
    env["APPWRITE_ENDPOINT"] = closed_port_url()
    _assert_one_clean_line(run("list", "reports", env=env), 3, "cannot reach http://127.0.0.1:")


@pytest.mark.parametrize(
    ("server_version", "args", "text"),
    [
        (LEGACY, ["delete", "reports", "x"], "needs Appwrite 1.6 or newer"),
        (LEGACY, ["create", "reports", "--path", "/x"], "needs Appwrite"),
        (MODERN, ["list", "reports", "--search", "x"], "older than Appwrite 1.7"),
    ],
)
def test_unsupported_on_this_server_exits_6(
    legacy: StandIn, modern: StandIn, server_version: str, args: list[str], text: str
) -> None:
    server = legacy if server_version == LEGACY else modern
    before = server.requests_seen
    result = run(*args, server=server)
    _assert_one_clean_line(result, 6, text)
    assert server.requests_seen - before <= 1  # at most the version check: nothing was sent


def test_wait_that_runs_out_of_time_exits_7(modern: StandIn) -> None:
    scheduled = next(r["$id"] for r in modern.executions("reports") if r["status"] == "scheduled")
    result = run("wait", "reports", scheduled, "--timeout", "0", server=modern)
    _assert_one_clean_line(result, 7, "is still scheduled")


def test_store_failure_exits_8_without_the_database_password(modern: StandIn) -> None:
    url = f"postgresql://archiver:{WRONG_KEY}@127.0.0.1:{closed_port_url().split(':')[2][:-3]}/db"
    for extra in ([], ["--debug"]):
        result = run("sync", "--function", "mailer", "--db", url, *extra, server=modern)
        assert result.returncode == 8
        assert "cannot use the PostgreSQL store postgresql://archiver:***@127.0.0.1:" in (
            result.stderr
        )
        assert WRONG_KEY not in result.stdout + result.stderr


def test_debug_shows_the_traceback_but_never_the_key(modern: StandIn) -> None:
    env = env_for(modern, APPWRITE_KEY=WRONG_KEY)
    result = run("--debug", "list", "reports", env=env)
    assert result.returncode == 4
    assert "Traceback (most recent call last)" in result.stderr
    assert "Unauthorized" in result.stderr
    assert WRONG_KEY not in result.stdout + result.stderr
    flag = run("list", "reports", "--key", WRONG_KEY, "--debug", env=env_for(modern))
    assert flag.returncode == 4
    assert WRONG_KEY not in flag.stdout + flag.stderr


def test_a_sync_source_that_fails_does_not_stop_the_others(
    legacy: StandIn, modern: StandIn, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite"
    env = env_for(modern, APPWRITE_PROJECT_DOWN="elsewhere")
    result = run(
        "sync", "--db", str(db), "--source", f"down={legacy.url}", "--source",
        f"up={modern.url}", "--function", "mailer", env=env,
    )  # fmt: skip
    _assert_one_clean_line(result, 4, "source down: project 'elsewhere' does not exist")
    assert "up: Appwrite 1.8.1" in result.stdout
    assert f"down: Appwrite 0.9.4 (legacy API), {legacy.url}\n  nothing synced" in result.stdout
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM executions WHERE source = 'up'")
        assert stored.fetchone()[0] == len(modern.executions("mailer"))


def test_per_source_projects_and_keys(legacy: StandIn, modern: StandIn, tmp_path: Path) -> None:
    other = StandIn(MODERN, project="second-project", key="second-key").start()
    try:
        env = env_for(None, APPWRITE_PROJECT=legacy.project, APPWRITE_KEY_OLD=legacy.key)
        env.update(APPWRITE_PROJECT_SECOND="second-project", APPWRITE_KEY_SECOND="second-key")
        result = run(
            "sync", "--db", str(tmp_path / "s.sqlite"), "--source", f"old={legacy.url}",
            "--source", f"second={other.url}", "--function", "old:empty",
            "--function", "mailer", "--json", env=env,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        functions = {
            s["name"]: [(f["functionId"], f["stored"]) for f in s["functions"]]
            for s in summary["sources"]
        }
        assert functions == {"old": [("empty", 0), ("mailer", 41)], "second": [("mailer", 41)]}
    finally:
        other.stop()


# --------------------------------------------------------------------------- signals


class _Hold:
    """Holds the answer to the nth list request of `reports` until released."""

    def __init__(self, nth: int) -> None:
        self.nth, self.seen = nth, 0
        self.reached, self.released = threading.Event(), threading.Event()

    def __call__(self, request: Request) -> Reply | None:
        if request.path == "/v1/functions/reports/executions":
            self.seen += 1
            if self.seen == self.nth:
                self.reached.set()
                self.released.wait(WAIT)
        return None


def _wait_for_rows(db: Path, rows: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if db.exists():
            with contextlib.closing(sqlite3.connect(db, timeout=WAIT)) as connection:
                try:
                    count = connection.execute("SELECT count(*) FROM executions").fetchone()[0]
                except sqlite3.OperationalError:  # the tables are not there yet
                    count = 0
            if count >= rows:
                return
        time.sleep(0.02)
    raise AssertionError(f"the store never held {rows} executions")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_sync_stops_cleanly_and_keeps_committed_pages(
    tmp_path: Path, signum: int, code: int
) -> None:
    db = tmp_path / "store.sqlite"
    with StandIn(MODERN) as server:
        hold = _Hold(3)
        server.before_request = hold
        command = [
            str(SCRIPT), "sync", "--db", str(db), "--page-size", "20", "--function", "reports",
        ]  # fmt: skip
        process = subprocess.Popen(
            with_default_sigint(command),
            env=env_for(server),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert hold.reached.wait(WAIT)
            # Pages are read one ahead of the writes: while the third page is held,
            # the second is still written. The signal comes once both are committed.
            _wait_for_rows(db, 40)
            process.send_signal(signum)
            hold.released.set()
            _, stderr = process.communicate(timeout=WAIT)
        finally:
            hold.released.set()
            server.before_request = None
            if process.poll() is None:
                process.kill()
                process.wait(WAIT)
        assert process.returncode == code
        assert stderr.count("\n") == 1 and "everything committed so far is kept" in stderr
        assert "Traceback" not in stderr
        with sqlite3.connect(db) as connection:
            kept = connection.execute("SELECT count(*) FROM executions").fetchone()[0]
        assert kept == 40  # the two pages committed before the signal
        rerun = run("sync", "--db", str(db), "--function", "reports", server=server)
        assert rerun.returncode == 0, rerun.stderr
        with sqlite3.connect(db) as connection:
            ids = {row[0] for row in connection.execute("SELECT execution_id FROM executions")}
        assert ids == {r["$id"] for r in server.executions("reports")}


# --------------------------------------------------------------------------- progress


def _on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; return (exit code, stdout, terminal text)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        stdout = process.communicate(timeout=WAIT)[0]
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait(WAIT)
    return process.returncode, stdout.decode(), seen.decode(errors="replace")


def test_progress_shows_on_a_terminal_and_not_elsewhere(modern: StandIn, tmp_path: Path) -> None:
    command = [
        str(SCRIPT), "sync", "--db", str(tmp_path / "s.sqlite"), "--source", f"live={modern.url}",
        "--function", "reports", "--function", "mailer",
    ]  # fmt: skip
    code, stdout, terminal = _on_a_terminal(command, env_for(modern))
    assert code == 0
    assert "live/reports: 237 executions, " in terminal and "/s (" in terminal
    assert f"live/mailer: {len(modern.executions('mailer'))} executions, " in terminal
    assert "live/reports: 237 executions" not in stdout  # progress never reaches stdout

    code, _, terminal = _on_a_terminal([*command, "--quiet"], env_for(modern))
    assert code == 0
    assert terminal == ""

    export = [str(SCRIPT), "export", "mailer", "--out", str(tmp_path / "m.jsonl")]
    code, _, terminal = _on_a_terminal(export, env_for(modern))
    assert code == 0
    assert f"export mailer: {len(modern.executions('mailer'))} executions, " in terminal

    piped = run(*command[1:], server=modern)
    assert piped.returncode == 0
    assert piped.stderr == ""


def test_a_reader_that_goes_away_ends_the_export_quietly(modern: StandIn) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "export", "reports"],
        env=env_for(modern),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(8) == b'{"$id":"'
    process.stdout.close()  # like `| head -c 8`
    try:
        assert process.wait(WAIT) == 141
        assert process.stderr.read() == b""
    finally:
        process.stderr.close()
        if process.poll() is None:
            process.kill()
            process.wait(WAIT)
