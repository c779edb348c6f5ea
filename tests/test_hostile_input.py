"""Secrets whatever characters they hold, and user input the client must bound or refuse.

Store URL passwords with '#', '?' and '/', an endpoint's user:password, a key holding a
backslash and a quote echoed into DEBUG logs, the recorder reading credentials from
the environment only; then the CLI's input: an endless --body-file, CR/LF in a path,
impossible and ambiguous dates, and a server whose version is garbage.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from appwrite_executions import Client, InvalidArgument, InvalidResponse
from appwrite_executions.cli import main
from appwrite_executions.sync import redact_url, url_secrets
from appwrite_standin import StandIn
from support.hostile import FAULTS, Answer, Fault, Hostile, Incoming

MODERN = "1.8.1"
PROJECT_DIR = Path(__file__).resolve().parents[1]


def cli(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err, env=env)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://app:PWMARK#1@127.0.0.1:1/db",
        "postgresql://app:PWMARK?2@127.0.0.1:1/db",
        "postgresql://app:PWMARK/3@127.0.0.1:1/db",
        "postgresql://app:PW%23MARK@127.0.0.1:1/db",
        "postgresql://app@127.0.0.1:1/db?password=PWMARK#4&sslmode=disable",
    ],
)
def test_a_store_password_never_prints_whatever_it_holds(url: str) -> None:
    assert "MARK" not in redact_url(url)
    assert any("MARK" in secret for secret in url_secrets(url))
    with StandIn(MODERN) as server:
        env = {"APPWRITE_PROJECT": server.project, "APPWRITE_KEY": server.key}
        for extra in ([], ["--json"]):
            code, out, err = cli(
                "sync", "--endpoint", server.url, "--function", "reports", "--db", url, *extra,
                env=env,
            )  # fmt: skip
            assert code == 8
            assert "MARK" not in out + err
            assert "***" in err


def test_an_endpoint_password_never_prints_in_the_sync_summary(tmp_path: Path) -> None:
    with StandIn(MODERN) as server:
        endpoint = server.url.replace("http://", "http://user:EPMARK@")
        env = {"APPWRITE_PROJECT": server.project, "APPWRITE_KEY": server.key}
        db = str(tmp_path / "s.sqlite")
        for extra in ([], ["--json"]):
            code, out, err = cli(
                "sync", "--source", f"a={endpoint}", "--function", "reports", "--db", db, *extra,
                env=env,
            )  # fmt: skip
            assert code == 2
            assert "EPMARK" not in out + err
            assert "user:" not in out + err


def test_a_key_with_a_backslash_and_a_quote_is_masked_in_debug_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = "LOGKEY1\\LOGKEY2'LOGKEY3\"LOGKEY4"
    with StandIn(MODERN, key=key) as server, Hostile(server.url, FAULTS["echo"]) as proxy:
        caplog.set_level(logging.DEBUG)
        with Client(proxy.url, project=server.project, key=key) as client:
            page = client.list_executions("reports", limit=2)
        text = caplog.text + repr(page) + json.dumps(page.to_dict())
        for fragment in ("LOGKEY1", "LOGKEY2", "LOGKEY3", "LOGKEY4"):
            assert fragment not in text
        assert "***" in text


def test_make_record_passes_no_credential_through_argv_or_a_shell() -> None:
    dry = subprocess.run(
        ["make", "-n", "record", "ENDPOINT=http://x.invalid/v1", "PROJECT=p", "FUNCTION=f"],
        cwd=PROJECT_DIR,
        env={"PATH": "/usr/bin:/bin", "APPWRITE_KEY": "MAKEKEY'; touch /tmp/pwned #"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert "MAKEKEY" not in dry.stdout
    assert "x.invalid" not in dry.stdout  # settings travel in the environment
    recorder = subprocess.run(
        [sys.executable, "-m", "recording.record", "--help"],
        cwd=PROJECT_DIR,
        env={"PYTHONPATH": "tools", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert recorder.returncode == 0, recorder.stderr
    assert "--key" not in recorder.stdout and "--jwt" not in recorder.stdout


# -- the CLI's input ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> object:
    with StandIn(MODERN) as standin:
        yield standin


def env_of(server: StandIn) -> dict[str, str]:
    return {
        "APPWRITE_ENDPOINT": server.url,
        "APPWRITE_PROJECT": server.project,
        "APPWRITE_KEY": server.key,
    }


def test_an_endless_body_file_is_refused_after_appwrite_s_limit(server: StandIn) -> None:
    before = len(server.executions("reports"))
    code, _, err = cli("create", "reports", "--body-file", "/dev/zero", env=env_of(server))
    assert code == 2
    assert "10,485,760" in err
    assert len(server.executions("reports")) == before


@pytest.mark.parametrize("path", ["/a\r\nX-Injected: 1", "/a\nb", "/a\x00b", "/x" * 1025])
def test_a_path_with_line_breaks_or_too_long_is_refused_before_sending(
    server: StandIn, path: str
) -> None:
    before = len(server.executions("reports"))
    code, _, err = cli("create", "reports", "--path", path, env=env_of(server))
    assert code == 2, err
    assert len(server.executions("reports")) == before
    with (
        Client(server.url, project=server.project, key=server.key) as client,
        pytest.raises(InvalidArgument),
    ):
        client.create_execution("reports", path=path)


@pytest.mark.parametrize(
    "when",
    ["2030-01-01 10:00 +25:00", "2030-01-01 10:00 -24:00", "1/2/2030 10:00 +00:00", "02.01.2030"],
)
def test_bad_and_ambiguous_dates_are_clear_usage_errors(server: StandIn, when: str) -> None:
    code, _, err = cli("create", "reports", "--scheduled-at", when, env=env_of(server))
    assert code == 2, err
    assert "unexpected" not in err
    assert "--scheduled-at" in err


def _garbled_version(request: Incoming, answer: Answer) -> Answer:
    if request.path.endswith("/health/version"):
        return answer.with_json({"version": "abc"})
    return answer


def test_a_garbled_server_version_is_a_server_fault(server: StandIn) -> None:
    with Hostile(server.url, Fault("garbled-version", _garbled_version)) as proxy:
        env = {**env_of(server), "APPWRITE_ENDPOINT": proxy.url}
        code, _, err = cli("version", env=env)
        assert code == 3, err
        assert "'abc'" in err
        with (
            Client(proxy.url, project=server.project, key=server.key) as client,
            pytest.raises(InvalidResponse) as raised,
        ):
            _ = client.server_version
        assert raised.value.path == "/health/version"


def test_the_recorder_reads_a_quoting_key_from_the_environment_and_runs_no_shell(
    tmp_path: Path,
) -> None:
    trap = tmp_path / "ran"
    key = f"RECKEY'$(touch {trap})\"`touch {trap}`"
    with StandIn(MODERN, key=key) as server:
        env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": "tools",
            "RECORD_ENDPOINT": server.url,
            "RECORD_PROJECT": server.project,
            "RECORD_FUNCTION": "reports",
            "RECORD_EMPTY_FUNCTION": "empty",
            "APPWRITE_KEY": key,
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "recording.record",
                "--from-environment",
                "--out",
                str(tmp_path / "c"),
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    cassettes = list((tmp_path / "c").glob("*.yaml"))
    assert cassettes
    assert not any("RECKEY" in c.read_text(encoding="utf-8") for c in cassettes)
    assert "RECKEY" not in result.stdout + result.stderr
    assert not trap.exists()


def _surrogate_error(request: Incoming, answer: Answer) -> Answer:
    body = (
        b'{"message": "bad \\ud800 input \\udfff", "code": 400, "type": "general_argument_invalid"}'
    )
    return Answer(400, [("Content-Type", "application/json")], body)


def test_a_lone_surrogate_in_an_error_message_prints(server: StandIn) -> None:
    with Hostile(server.url, Fault("surrogate-error", _surrogate_error, forward=False)) as proxy:
        proxy.matches = lambda request: not request.path.endswith("/health/version")
        code, _, err = cli(
            "list", "reports", env={**env_of(server), "APPWRITE_ENDPOINT": proxy.url}
        )
    assert code == 1, err
    assert "bad \ufffd input \ufffd" in err
    err.encode("utf-8")
