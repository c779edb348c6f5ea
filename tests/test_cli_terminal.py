"""The command line as people and scripts meet it (issue 16): hostile server text never
reaches the terminal as itself, tables fit the terminal, flags work where users put
them, and every message speaks the command line's language. All through the real
console script against stand-in servers."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from appwrite_executions import Client, ClientClosed
from appwrite_standin import Reply, Request, StandIn
from support.signals import with_default_sigint
from test_cli import LEGACY, MODERN, SCRIPT, WAIT, _on_a_terminal, env_for, raw, run
from test_secrets import tls_server  # noqa: F401 - the fixture

EVIL = "\x1b]0;pwned\x07\x1b[2J\r\nFORGED\u202e\x9b31m\x00\x7f\u2066\x1b[?1049h\u200b"
DATES = {"$createdAt", "$updatedAt", "scheduledAt"}
# Everything a terminal could act on: C0 (newline aside), DEL, C1, format characters
# (bidi, zero-width), line and paragraph separators, surrogates.
_BAD_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def unsafe(text: str) -> list[str]:
    return sorted(
        {c for c in text if c != "\n" and unicodedata.category(c) in _BAD_CATEGORIES},
        key=ord,
    )


def hostile(value: Any, key: str | None = None) -> Any:
    """Every string of a server document with EVIL appended (dates stay dates)."""
    if isinstance(value, dict):
        return {k: hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v) for v in value]
    if isinstance(value, str) and key not in DATES and key != "$id":
        # Ids are checked against Appwrite's rule before anything shows them: a hostile
        # one is refused (test_a_hostile_execution_id_is_refused_in_clean_words).
        return value + EVIL
    return value


def _json(status: int, document: Any) -> Reply:
    return Reply(status, json.dumps(document).encode(), "application/json")


class Hostile:
    """Answers every executions and functions read with hostile text; the second and
    later list reads also hold one newer execution (for watch)."""

    def __init__(self, server: StandIn) -> None:
        page = raw(server, "/functions/reports/executions")
        self.old = hostile(page["executions"][0])
        self.new = dict(self.old, **{"$id": "newer" + self.old["$id"][5:]})
        self.new["$createdAt"] = "2030-01-01T00:00:00.000+00:00"
        self.new["status"] = "failed"
        # The same hostile text with a status the client knows (delete counts those).
        self.known = dict(self.old, **{"$id": "known" + self.old["$id"][5:], "status": "completed"})
        self.lists = 0

    def __call__(self, request: Request) -> Reply | None:
        if request.path == "/v1/functions" and request.method == "GET":
            # A hostile id is skipped (with a clean warning); a hostile name is shown.
            listed = [{"$id": "reports", "name": EVIL}, {"$id": "bad" + EVIL, "name": "x"}]
            return _json(200, {"total": 2, "functions": listed})
        if request.path == "/v1/functions/reports/executions":
            if request.method == "POST":
                return _json(201, self.old)
            self.lists += 1
            items = [self.old, self.known]
            if self.lists > 1:
                items.insert(0, self.new)
            return _json(200, {"total": len(items), "executions": items})
        if request.path.startswith("/v1/functions/reports/executions/"):
            return _json(200, self.old)
        return None


def test_a_hostile_execution_id_is_refused_in_clean_words(tmp_path: Path) -> None:
    with StandIn(MODERN) as server:
        page = raw(server, "/functions/reports/executions")
        bad = dict(page["executions"][0], **{"$id": "x" + EVIL})
        server.before_request = lambda request: (
            _json(200, {"total": 1, "executions": [bad]})
            if request.path == "/v1/functions/reports/executions"
            else None
        )
        result = run("list", "reports", server=server)
    assert result.returncode == 1
    assert "breaks Appwrite's id rule" in result.stderr
    assert unsafe(result.stdout + result.stderr) == []


@pytest.fixture()
def modern() -> Iterator[StandIn]:
    with StandIn(MODERN) as server:
        yield server


HUMAN_COMMANDS = [
    ["list", "reports"],
    ["list", "reports", "--status", "completed"],
    ["get", "reports", "x1"],
    ["logs", "reports", "x1"],
    ["wait", "reports", "x1", "--interval", "0", "--timeout", "0"],
    ["create", "reports", "--body", "hi"],
    ["watch", "reports", "--interval", "0.05", "--count", "1"],
    ["functions"],
    ["delete", "reports", "--before=-1d", "--dry-run"],
]


@pytest.mark.parametrize("command", HUMAN_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_escape_sequences_in_server_text_never_reach_the_output(
    modern: StandIn, command: list[str]
) -> None:
    modern.before_request = Hostile(modern)
    result = run(*command, server=modern)
    assert result.returncode in (0, 7, 10), result.stderr  # 7: a status never final
    printed = result.stdout + result.stderr
    assert unsafe(printed) == []
    assert "FORGED" in printed  # the text is shown, escaped, not dropped
    if command[0] != "logs":  # logs are lines of text: their own line breaks stay
        assert not any(line.startswith("FORGED") for line in printed.splitlines())
    assert "\\x1b]0;pwned\\x07" in printed


def test_escape_sequences_in_a_sync_summary_and_an_error_message(
    modern: StandIn, tmp_path: Path
) -> None:
    modern.before_request = Hostile(modern)
    synced = run("sync", "--all-functions", "--db", str(tmp_path / "s.sqlite"), server=modern)
    assert synced.returncode == 0, synced.stderr
    assert unsafe(synced.stdout + synced.stderr) == []
    assert "FORGED" in synced.stdout
    assert "skipping function 'bad\\x1b]0;pwned" in synced.stderr

    def failing(request: Request) -> Reply | None:
        if "executions" in request.path:
            return _json(500, {"message": "broken" + EVIL, "code": 500, "type": "x" + EVIL})
        return None

    modern.before_request = failing
    failed = run("list", "reports", server=modern)
    assert failed.returncode == 1
    assert unsafe(failed.stdout + failed.stderr) == []
    assert "broken\\x1b]0;pwned" in failed.stderr
    assert failed.stderr.count("\n") == 1

    modern.before_request = lambda r: (
        _json(200, {"version": "1.8.1" + EVIL}) if (r.path == "/v1/health/version") else None
    )
    version = run("version", server=modern)
    assert unsafe(version.stdout + version.stderr) == []


def test_json_stays_exact_with_hostile_text(modern: StandIn) -> None:
    hook = Hostile(modern)
    modern.before_request = hook
    printed = run("get", "reports", "x1", "--json", server=modern)
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == hook.old
    assert unsafe(printed.stdout) == []  # escaped as \\uXXXX, which JSON reads back the same
    lines = run("list", "reports", "-o", "jsonl", server=modern)
    assert [json.loads(line) for line in lines.stdout.split("\n")[:-1]] == [hook.old, hook.known]


def test_logs_raw_when_piped_is_exact(modern: StandIn) -> None:
    hook = Hostile(modern)
    modern.before_request = hook
    result = subprocess.run(
        [str(SCRIPT), "logs", "reports", "x1", "--raw"],
        env=env_for(modern),
        capture_output=True,
        timeout=WAIT,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.decode() == hook.old["logs"] + "\n" + hook.old["errors"]


# --------------------------------------------------------------------------- width


def test_tables_fit_80_columns_on_a_terminal_and_are_whole_when_piped(modern: StandIn) -> None:
    env = env_for(modern, COLUMNS="80", TERM="xterm")
    command = [str(SCRIPT), "list", "mailer", "--limit", "41"]
    code, stdout, _ = _on_a_terminal_stdout(command, env)
    assert code == 0
    lines = stdout.replace("\r\n", "\n").splitlines()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    assert max(len(line) for line in plain) <= 80
    assert "\x1b[32mcompleted" in stdout  # colour on a terminal
    assert any("…" in line for line in plain)  # the long request column is cut there
    no_colour = _on_a_terminal_stdout(command, {**env, "NO_COLOR": "1"})[1]
    assert "\x1b[" not in no_colour
    piped = run("list", "mailer", "--limit", "41", env=env)
    assert "\x1b[" not in piped.stdout and "…" not in piped.stdout
    assert "/mail/render?locale=de-DE&tz=Europe%2FBerlin" in piped.stdout


def _on_a_terminal_stdout(command: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run with stdout on a pseudo-terminal of 80 columns."""
    import fcntl  # noqa: PLC0415
    import pty  # noqa: PLC0415
    import select  # noqa: PLC0415
    import struct  # noqa: PLC0415
    import termios  # noqa: PLC0415
    import time  # noqa: PLC0415

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(command, env=env, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        stderr = process.communicate(timeout=WAIT)[1]
    finally:
        os.close(master)
    return process.returncode, seen.decode(), stderr.decode()


def test_help_fits_the_terminal_and_never_breaks_a_word() -> None:
    for columns in ("80", "100"):
        env = env_for(None, COLUMNS=columns)
        for command in ([], ["sync"], ["create"], ["delete"]):
            result = run(*command, "--help", env=env)
            assert result.returncode == 0, result.stderr
            lines = result.stdout.splitlines()
            assert max(len(line) for line in lines) <= int(columns) + 2, command
            words = set(re.findall(r"[A-Za-z]{3,}", result.stdout))
            assert "Increment" not in words or "Incremental" in result.stdout
    assert (
        run("help", "list", env=env_for(None)).stdout
        == run("list", "--help", env=env_for(None)).stdout
    )


# --------------------------------------------------------------------------- conventions


def test_global_flags_go_before_or_after_the_command(modern: StandIn) -> None:
    env = env_for(None, APPWRITE_PROJECT=modern.project, APPWRITE_KEY=modern.key)
    before = run("--endpoint", modern.url, "version", env=env)
    after = run("version", "--endpoint", modern.url, env=env)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout == f"Appwrite 1.8.1 (modern API) at {modern.url}\n"


def test_version_checks_the_credentials(modern: StandIn) -> None:
    env = env_for(modern, APPWRITE_KEY="sk-wrong")
    result = run("version", env=env)
    assert result.returncode == 4
    assert "refused the credentials" in result.stderr


def test_exit_status_when_the_execution_failed(modern: StandIn) -> None:
    failed = next(r["$id"] for r in modern.executions("reports") if r["status"] == "failed")
    plain = run("wait", "reports", failed, server=modern)
    assert plain.returncode == 0
    strict = run("wait", "reports", failed, "--exit-status", server=modern)
    assert strict.returncode == 10
    done = next(r["$id"] for r in modern.executions("reports") if r["status"] == "completed")
    assert run("wait", "reports", done, "--exit-status", server=modern).returncode == 0


def test_filter_values_are_checked_before_anything_is_sent(modern: StandIn) -> None:
    before = modern.requests_seen
    result = run("list", "reports", "--status", "bogus", server=modern)
    assert result.returncode == 2
    assert "'bogus' is not a status; choose from waiting" in result.stderr
    assert modern.requests_seen == before


def test_quiet_list_prints_rows_only(modern: StandIn) -> None:
    quiet = run("list", "reports", "--limit", "5", "-q", server=modern)
    assert quiet.returncode == 0
    assert len(quiet.stdout.splitlines()) == 6  # header and five rows, no footer
    assert "of 237" not in quiet.stdout


def test_output_formats_on_list_and_get(modern: StandIn) -> None:
    listed = run("list", "reports", "--limit", "3", "--output", "jsonl", server=modern)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 3
    table_csv = run("list", "reports", "--limit", "3", "-o", "csv", server=modern)
    assert table_csv.stdout.splitlines()[0].startswith("$id,$createdAt,")
    assert len(table_csv.stdout.splitlines()) == 4
    one = run("get", "reports", rows[0]["$id"], "-o", "json", server=modern)
    assert json.loads(one.stdout) == rows[0]


def test_a_non_appwrite_404_at_health_version_is_no_appwrite_api(modern: StandIn) -> None:
    modern.before_request = lambda r: Reply(404, b"<h1>nope</h1>", "text/html")
    result = run("list", "reports", server=modern)
    assert result.returncode == 3
    assert "has no Appwrite API" in result.stderr
    assert "function '?'" not in result.stderr


def test_async_on_a_legacy_server_is_what_it_does_anyway() -> None:
    with StandIn(LEGACY) as legacy:
        result = run("create", "mailer", "--async", "--json", server=legacy)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == "waiting"


def test_request_timeout_must_be_finite_and_positive(modern: StandIn) -> None:
    for value in ("0", "inf", "nan", "-1"):
        result = run("--request-timeout", value, "version", server=modern)
        assert result.returncode == 2, value
        assert "Traceback" not in result.stderr


def test_body_file_that_is_not_utf8(modern: StandIn, tmp_path: Path) -> None:
    body = tmp_path / "body.bin"
    body.write_bytes(b"ok\xff\xfe")
    result = run("create", "mailer", "--body-file", str(body), server=modern)
    assert result.returncode == 2
    assert "is not UTF-8 text (byte 0xff at offset 2)" in result.stderr


def test_sync_refuses_endpoint_with_sources(modern: StandIn, tmp_path: Path) -> None:
    result = run(
        "sync", "--source", f"a={modern.url}", "--endpoint", modern.url, "--function", "x",
        "--db", str(tmp_path / "s.sqlite"), server=modern,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--endpoint is not used with --source" in result.stderr


def test_scheduled_at_takes_relative_times(modern: StandIn) -> None:
    result = run("create", "mailer", "--scheduled-at", "+2h", "--json", server=modern)
    assert result.returncode == 0, result.stderr
    when = datetime.fromisoformat(json.loads(result.stdout)["scheduledAt"])
    assert when.second == 0 and when > datetime.now(UTC)
    tomorrow = run("create", "mailer", "--scheduled-at", "tomorrow 09:00", "--json", server=modern)
    assert tomorrow.returncode == 0, tomorrow.stderr
    seconds = run("create", "mailer", "--scheduled-at", "2099-01-01 10:00:30 +00:00", server=modern)
    assert seconds.returncode == 2
    assert "give a whole minute" in seconds.stderr


def test_executions_that_never_ran_show_no_status_code(modern: StandIn) -> None:
    waiting = next(r["$id"] for r in modern.executions("reports") if r["status"] == "scheduled")
    shown = run("get", "reports", waiting, server=modern).stdout
    assert "status code:  -\n" in shown
    assert "status code:  0" not in shown


@pytest.mark.parametrize(
    ("args", "forbidden"),
    [
        (["create", "mailer", "--scheduled-at", "2099-01-01 10:00:30"], "replace("),
        (["create", "mailer", "--scheduled-at", "2099-01-01 10:00:30"], "tzinfo"),
        (["list", "reports", "--endpoint", "http://u:p@127.0.0.1:9/v1"], "http_client"),
        (["list", "reports", "--search", "x"], "list takes"),
    ],
)
def test_messages_speak_the_command_line_not_python(
    modern: StandIn, args: list[str], forbidden: str
) -> None:
    result = run(*args, server=modern)
    assert result.returncode in (2, 6)
    assert forbidden not in result.stderr
    assert "=" not in result.stderr.replace("--", "").split("error:")[1].split("(")[0] or (
        "http" in result.stderr
    )


def test_unsupported_flags_are_named(legacy_server: StandIn) -> None:
    result = run("create", "reports", "--path", "/x", server=legacy_server)
    assert result.returncode == 6
    assert "--path needs Appwrite 1.4 or newer; this server is 0.9.4" in result.stderr


@pytest.fixture()
def legacy_server() -> Iterator[StandIn]:
    with StandIn(LEGACY) as server:
        yield server


def test_tls_messages_and_flags(modern: StandIn, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not a certificate\n", encoding="utf-8")
    bad = run("version", "--ca-bundle", str(bundle), server=modern)
    assert bad.returncode == 2
    assert "holds no usable PEM certificates" in bad.stderr
    both = run("version", "--ca-bundle", str(bundle), "--insecure", server=modern)
    assert both.returncode == 2
    insecure = run("version", server=None, env=env_for(modern, APPWRITE_INSECURE="1"))
    assert insecure.returncode == 0
    assert "verify=" not in insecure.stderr
    assert "TLS verification is off (--insecure)" in insecure.stderr


def test_interrupt_messages_fit_the_command(modern: StandIn) -> None:
    import signal  # noqa: PLC0415

    scheduled = next(r["$id"] for r in modern.executions("reports") if r["status"] == "scheduled")
    process = subprocess.Popen(
        with_default_sigint(
            [str(SCRIPT), "wait", "reports", scheduled, "--timeout", "60", "--interval", "0.1"]
        ),
        env=env_for(modern),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        import time  # noqa: PLC0415

        time.sleep(1.5)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "the execution goes on on the server" in stderr
    assert "committed" not in stderr


def test_a_reader_that_goes_away_early_gives_141(modern: StandIn) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "list", "reports", "--limit", "237", "--json"],
        env=env_for(modern),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    try:
        assert process.wait(WAIT) == 141
        assert process.stderr.read() == b""
    finally:
        process.stderr.close()


def test_a_closed_client_raises_an_appwrite_error(modern: StandIn) -> None:
    client = Client(modern.url, project=modern.project, key=modern.key)
    client.close()
    with pytest.raises(ClientClosed, match="this Client is closed"):
        client.list_executions("reports")


def test_wait_shows_progress_on_a_terminal(modern: StandIn) -> None:
    created = run("create", "reports", "--async", "--json", server=modern)
    execution_id = json.loads(created.stdout)["$id"]
    code, _, terminal = _on_a_terminal(
        [str(SCRIPT), "wait", "reports", execution_id, "--interval", "0"], env_for(modern)
    )
    assert code == 0
    assert f"execution {execution_id}: " in terminal


def test_export_progress_has_a_total(modern: StandIn, tmp_path: Path) -> None:
    code, _, terminal = _on_a_terminal(
        [str(SCRIPT), "export", "reports", "--out", str(tmp_path / "r.jsonl")], env_for(modern)
    )
    assert code == 0
    assert "of 237 executions" in terminal


# --------------------------------------------------------------------------- jobs


def test_watch_follows_new_executions(modern: StandIn) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "watch", "mailer", "--interval", "0.1", "--count", "1", "-o", "jsonl"],
        env=env_for(modern),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        import time  # noqa: PLC0415

        time.sleep(1.5)
        created = run("create", "mailer", "--body", "new", "--json", server=modern)
        out, err = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert json.loads(out)["$id"] == json.loads(created.stdout)["$id"]


def test_bulk_delete_counts_confirms_and_keeps_unfinished(modern: StandIn) -> None:
    records = modern.executions("reports")
    cutoff = sorted(r["$createdAt"] for r in records)[50]
    older = [r for r in records if r["$createdAt"] < cutoff]
    finished = [r for r in older if r["status"] in ("completed", "failed")]
    dry = run("delete", "reports", "--before", cutoff, "--dry-run", "-q", server=modern)
    assert dry.returncode == 0, dry.stderr
    assert f"would delete {len(finished)} completed/failed executions" in dry.stdout
    no_terminal = run("delete", "reports", "--before", cutoff, server=modern)
    assert no_terminal.returncode == 2 and "pass --yes" in no_terminal.stderr
    assert len(modern.executions("reports")) == len(records)
    done = run("delete", "reports", "--before", cutoff, "--yes", server=modern)
    assert done.returncode == 0, done.stderr
    left = {r["$id"] for r in modern.executions("reports")}
    assert not {r["$id"] for r in finished} & left
    assert {r["$id"] for r in older if r not in finished} <= left
    with StandIn(LEGACY) as legacy:
        refused = run("delete", "reports", "--before=-1d", "--yes", server=legacy)
        assert refused.returncode == 6


def test_sync_and_export_every_function(modern: StandIn, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    result = run("sync", "--all-functions", "--db", str(db), "--json", server=modern)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as connection:
        stored = dict(connection.execute("SELECT function_id, count(*) FROM executions GROUP BY 1"))
    assert stored == {f: len(modern.executions(f)) for f in ("mailer", "reports")}
    out = tmp_path / "all.jsonl"
    exported = run("export", "--all-functions", "--out", str(out), server=modern)
    assert exported.returncode == 0, exported.stderr
    ids = [json.loads(line)["functionId"] for line in out.read_text().split("\n")[:-1]]
    assert len(ids) == sum(stored.values())
    csv_out = tmp_path / "all.csv"
    assert run("export", "--all-functions", "--out", str(csv_out), server=modern).returncode == 0
    lines = csv_out.read_text().splitlines()
    assert sum(1 for line in lines if line.startswith("$id,")) == 1


def test_functions_list_on_every_line() -> None:
    for version in ("0.7.2", "0.9.4", "0.12.4", "0.13.4", "1.0.3", "1.4.14", "1.5.11", "1.8.1"):
        with (
            StandIn(version) as server,
            Client(server.url, project=server.project, key=server.key) as client,
        ):
            # 0.7-0.11 order by id; later lines by creation (the seed's order)
            legacy_order = version in ("0.7.2", "0.9.4")
            expected = (
                ["empty", "mailer", "reports"] if legacy_order else ["reports", "empty", "mailer"]
            )
            assert [f.id for f in client.iter_functions()] == expected
            assert client.list_functions(limit=1, offset=1).functions[0].id == expected[1]


# --------------------------------------------------------------------------- profiles


def test_profiles_from_the_config_file(modern: StandIn, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.local]\nendpoint = "{modern.url}"\nproject = "{modern.project}"\n'
        'key_env = "MY_STANDIN_KEY"\n',
        encoding="utf-8",
    )
    env = env_for(None, APPWRITE_EXECUTIONS_CONFIG=str(config), MY_STANDIN_KEY=modern.key)
    chosen = run("version", "--profile", "local", env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert run("version", env={**env, "APPWRITE_PROFILE": "local"}).returncode == 0
    missing = run("version", "--profile", "nope", env=env)
    assert missing.returncode == 2 and "no profile 'nope'" in missing.stderr
    config.write_text(
        f'[profiles.local]\nendpoint = "{modern.url}"\nproject = "{modern.project}"\n'
        f'key = "{modern.key}"\n',
        encoding="utf-8",
    )
    config.chmod(0o644)
    shared = run("version", "--profile", "local", env=env)
    assert shared.returncode == 2 and "chmod 600" in shared.stderr
    config.chmod(0o600)
    assert run("version", "--profile", "local", env=env).returncode == 0


def test_completion_scripts_name_every_command() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = run("completion", shell, env=env_for(None))
        assert result.returncode == 0, result.stderr
        for command in ("list", "watch", "logs", "delete", "sync", "completion"):
            assert command in result.stdout
        assert "--exit-status" in result.stdout or "exit-status" in result.stdout
    bash = run("completion", "bash", env=env_for(None)).stdout
    checked = subprocess.run(["bash", "-n"], input=bash, text=True, check=False)
    assert checked.returncode == 0
    probe = bash + (
        "COMP_WORDS=(appwrite-executions --endpoint x list --st); COMP_CWORD=4\n"
        "_appwrite_executions; echo ${COMPREPLY[@]}\n"
        "COMP_WORDS=(appwrite-executions list -o ''); COMP_CWORD=3\n"
        "_appwrite_executions; echo ${COMPREPLY[@]}\n"
        "COMP_WORDS=(appwrite-executions wa); COMP_CWORD=1\n"
        "_appwrite_executions; echo ${COMPREPLY[@]}\n"
    )
    offered = subprocess.run(
        ["bash"], input=probe, text=True, capture_output=True, check=False
    ).stdout.splitlines()
    assert offered == ["--status", "table json jsonl csv", "wait watch"]


def test_the_readme_names_every_command_and_flag_and_exit_code() -> None:
    from appwrite_executions.cli._failures import ExitCode  # noqa: PLC0415
    from appwrite_executions.cli._parser import build_parser, subcommands  # noqa: PLC0415

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The command line", 1)[1].split("\n## ", 1)[0]
    parser = build_parser()
    for name, sub in subcommands(parser).items():
        assert f"`{name}" in section, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}" in section or f" {flag}" in section, (name, flag)
    for code in ExitCode:
        assert (
            f"\n| {int(code)} |" in section
            or f"| {int(code)} /" in section
            or (f"/ {int(code)} |" in section)
        ), code


def test_self_signed_tls_from_the_command_line(tls_server: tuple[str, Path]) -> None:  # noqa: F811
    url, certificate = tls_server
    env = env_for(None, APPWRITE_ENDPOINT=url, APPWRITE_PROJECT="p", APPWRITE_KEY="k-123")
    untrusted = run("version", env=env)
    assert untrusted.returncode == 3
    assert "its TLS certificate is not trusted" in untrusted.stderr
    assert "--ca-bundle FILE" in untrusted.stderr
    assert "verify=" not in untrusted.stderr and "Error)" not in untrusted.stderr
    # Past TLS, this test server answers every path with a version only: the
    # credentials check then fails on an answer that is not a list, not on TLS.
    for extra in (["--ca-bundle", str(certificate)], ["--insecure"]):
        trusted = run("version", *extra, env=env)
        assert "certificate" not in trusted.stderr, extra
        assert trusted.returncode == 1, trusted.stderr
    from_env = run("version", env={**env, "APPWRITE_CA_BUNDLE": str(certificate)})
    assert "certificate" not in from_env.stderr


def test_network_failures_name_no_python_class() -> None:
    from test_cli import closed_port_url  # noqa: PLC0415

    env = env_for(None, APPWRITE_ENDPOINT=closed_port_url(), APPWRITE_PROJECT="p")
    result = run("version", env={**env, "APPWRITE_KEY": "k-123"})
    assert result.returncode == 3
    assert "the connection was refused" in result.stderr
    assert "Error)" not in result.stderr


def test_profile_add_keeps_keys_out_of_the_file_unless_asked(
    modern: StandIn, tmp_path: Path
) -> None:
    config = tmp_path / "conf" / "config.toml"
    env = env_for(None, APPWRITE_EXECUTIONS_CONFIG=str(config), APPWRITE_KEY=modern.key)
    added = run(
        "profile", "add", "local", "--endpoint", modern.url, "--project", modern.project,
        "--default", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert modern.key not in config.read_text()
    assert run("version", env=env).returncode == 0  # the default profile, key from the env
    stored = run(
        "profile", "add", "kept", "--endpoint", modern.url, "--project", modern.project,
        "--store-key", env=env,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    assert modern.key not in stored.stdout + stored.stderr
    assert f'key = "{modern.key}"' in config.read_text()
    assert config.stat().st_mode & 0o777 == 0o600
    without_env = {k: v for k, v in env.items() if k != "APPWRITE_KEY"}
    assert run("version", "--profile", "kept", env=without_env).returncode == 0
    listed = run("profile", "list", env=env)
    assert "local *" in listed.stdout and "in the file" in listed.stdout
    assert modern.key not in listed.stdout
    twice = run("profile", "add", "local", "--endpoint", modern.url, "--project", "p", env=env)
    assert twice.returncode == 2 and "already has a profile 'local'" in twice.stderr


def _on_a_terminal_with_input(
    command: list[str], env: dict[str, str], answer: bytes
) -> tuple[int, str]:
    """Run with stdin and stderr on a pseudo-terminal; type ``answer`` at the prompt."""
    import pty  # noqa: PLC0415
    import select  # noqa: PLC0415
    import time  # noqa: PLC0415

    master, slave = pty.openpty()
    process = subprocess.Popen(command, env=env, stdin=slave, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    answered = False
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if not answered and b"[y/N]" in seen:
                    os.write(master, answer)
                    answered = True
            elif process.poll() is not None:
                break
        process.communicate(timeout=WAIT)
    finally:
        os.close(master)
    return process.returncode, seen.decode(errors="replace")


def test_bulk_delete_asks_on_a_terminal(modern: StandIn) -> None:
    records = modern.executions("reports")
    cutoff = sorted(r["$createdAt"] for r in records)[20]
    command = [str(SCRIPT), "delete", "reports", "--before", cutoff]
    code, terminal = _on_a_terminal_with_input(command, env_for(modern), b"n\n")
    assert code == 11
    assert "This cannot be undone. [y/N]" in terminal and "nothing deleted" in terminal
    assert len(modern.executions("reports")) == len(records)
    code, _ = _on_a_terminal_with_input(command, env_for(modern), b"y\n")
    assert code == 0
    assert len(modern.executions("reports")) < len(records)


def test_an_interrupted_export_says_the_file_was_removed(modern: StandIn, tmp_path: Path) -> None:
    import signal  # noqa: PLC0415

    from test_cli import _Hold  # noqa: PLC0415

    hold = _Hold(2)
    modern.before_request = hold
    out = tmp_path / "r.jsonl"
    process = subprocess.Popen(
        with_default_sigint(
            [str(SCRIPT), "export", "reports", "--out", str(out), "--page-size", "20"]
        ),
        env=env_for(modern),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert hold.reached.wait(WAIT)
        process.send_signal(signal.SIGINT)
        hold.released.set()
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        hold.released.set()
        modern.before_request = None
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "the partial file was removed" in stderr
    assert "committed" not in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("version", ["0.9.4", "0.13.4", "1.4.14", "1.8.1"])
def test_iter_functions_walks_every_page(version: str) -> None:
    from appwrite_standin._data import FunctionSpec  # noqa: PLC0415

    with StandIn(version) as server:
        functions = server._app.store.functions
        for number in range(250):
            function_id = f"fn{number:03d}"
            functions[function_id] = FunctionSpec(function_id, "d" * 20)
        requests = server.requests_seen
        with Client(server.url, project=server.project, key=server.key) as client:
            ids = [f.id for f in client.iter_functions()]
        assert sorted(ids) == sorted(functions)
        assert len(ids) == len(set(ids)) == 253
        assert server.requests_seen - requests == 1 + 3  # the version, then three pages


def test_watch_filters_and_stops_at_a_failure(modern: StandIn) -> None:
    base = raw(modern, "/functions/reports/executions")["executions"][0]
    done = dict(base, **{"$id": "done0000000000000001", "status": "completed"})
    failed = dict(base, **{"$id": "fail0000000000000001", "status": "failed"})
    pages = [[], [done], [failed, done]]
    calls = {"n": 0}

    def hook(request: Request) -> Reply | None:
        if request.path == "/v1/functions/reports/executions" and request.method == "GET":
            items = pages[min(calls["n"], len(pages) - 1)]
            calls["n"] += 1
            return _json(200, {"total": len(items), "executions": items})
        return None

    modern.before_request = hook
    result = run(
        "watch", "reports", "--status", "failed", "--exit-status", "--interval", "0.05",
        "-o", "jsonl", server=modern,
    )  # fmt: skip
    assert result.returncode == 10, result.stderr
    assert [json.loads(line)["$id"] for line in result.stdout.splitlines()] == [failed["$id"]]
