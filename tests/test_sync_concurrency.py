"""`sync` reads every source, and up to --jobs functions of each, at the same time.

Run as the real console script against stand-in servers whose request hooks observe
how many list requests are in flight at once, and when each server is asked.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from appwrite_executions import Client
from appwrite_executions.sync import export_executions
from appwrite_standin import Reply, Request, StandIn
from relay import Relay
from test_cli import _on_a_terminal
from test_sync import FUNCTIONS, LEGACY, MODERN, SCRIPT, run_sync, server_env


def _is_list(request: Request) -> bool:
    return request.method == "GET" and request.path.endswith("/executions")


def _through(relays: dict[str, Relay], servers: dict[str, StandIn], db: str, *more: str) -> Any:
    command = [str(SCRIPT), "sync", "--db", db, "--page-size", "25", *more]
    for name in servers:
        command += ["--source", f"{name}=http://127.0.0.1:{relays[name].port}/v1"]
    for function_id in FUNCTIONS:
        command += ["--function", function_id]
    return subprocess.run(
        command, env=server_env(servers), capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_jobs_caps_the_connections_to_each_server(tmp_path: Path, jobs: int) -> None:
    """Over a 50 ms link, each server sees exactly --jobs connections at most at once (each
    function reads its pages in turn, so a function in flight is one request at most)."""
    with StandIn(LEGACY) as old, StandIn(MODERN) as new:
        servers = {"old": old, "new": new}
        targets = {name: urlsplit(server.url) for name, server in servers.items()}
        with (
            Relay((targets["old"].hostname or "", targets["old"].port or 0), delay=0.05) as a,
            Relay((targets["new"].hostname or "", targets["new"].port or 0), delay=0.05) as b,
        ):
            relays = {"old": a, "new": b}
            result = _through(relays, servers, str(tmp_path / "s.sqlite"), "--jobs", str(jobs))
            assert result.returncode == 0, result.stderr
            assert {name: relay.most_open for name, relay in relays.items()} == {
                "old": jobs,
                "new": jobs,
            }


def test_a_server_that_asks_to_wait_slows_only_itself(tmp_path: Path) -> None:
    """A 429 with Retry-After from one server holds every request to it, from every
    function, until then; the other server is read meanwhile, not after."""
    asked: dict[str, list[tuple[float, str]]] = {"old": [], "new": []}
    refused: list[tuple[float, str]] = []
    lock = threading.Lock()

    def slow(request: Request) -> Reply | None:
        if not _is_list(request):
            return None
        with lock:
            asked["old"].append((time.monotonic(), request.target))
            if not refused:
                refused.append((time.monotonic(), request.target))
                return Reply(
                    429,
                    b'{"message":"Too many requests","code":429,"version":"0.9.4"}',
                    headers=(("Retry-After", "3"),),
                )
        return None

    def fine(request: Request) -> Reply | None:
        if _is_list(request):
            with lock:
                asked["new"].append((time.monotonic(), request.target))
        return None

    with StandIn(LEGACY) as old, StandIn(MODERN) as new:
        old.before_request, new.before_request = slow, fine
        servers = {"old": old, "new": new}
        result = run_sync(
            servers, str(tmp_path / "store.sqlite"), "--json", "--jobs", str(len(FUNCTIONS))
        )
        assert result.returncode == 0, result.stderr
    # Only requests already on their way when the 429 came back (the other functions'
    # pages in flight, one each at most) are answered while it waits; then the retry.
    at, target = refused[0]
    during = [t for t, _ in asked["old"] if at < t < at + 2.5]
    assert len(during) <= len(FUNCTIONS) - 1, "requests were sent before the Retry-After passed"
    retried = min(t for t, sent in asked["old"] if t > at and sent == target)
    assert retried - at >= 2.5, "the refused request was retried before its Retry-After"
    assert min(t for t, _ in asked["new"]) < retried, "the other server was read meanwhile"


def test_progress_on_a_terminal_shows_every_function_in_flight(tmp_path: Path) -> None:
    """Each function being read has its own live line; finished ones leave a last line."""
    with StandIn(MODERN) as new:
        target = urlsplit(new.url)
        with Relay((target.hostname or "", target.port or 0), delay=0.05) as relay:
            command = [
                str(SCRIPT), "sync", "--db", str(tmp_path / "s.sqlite"), "--page-size", "25",
                "--source", f"live=http://127.0.0.1:{relay.port}/v1",
                "--function", "reports", "--function", "mailer",
            ]  # fmt: skip
            code, _, terminal = _on_a_terminal(command, server_env({"live": new}))
    assert code == 0
    # One redraw of the live block holds both functions, one line each.
    blocks = [block for block in terminal.split("\x1b[J") if "\x1b[K" in block]
    assert any(
        "\x1b[Klive/reports: " in block and "\x1b[Klive/mailer: " in block for block in blocks
    ), "never both functions on the screen at once"
    assert "live/reports: 237 executions" in terminal and "stored" in terminal


def _limits_asked(version: str, tmp_path: Path, *more: str) -> set[int]:
    """The page sizes a sync asks a stand-in of ``version`` for."""
    seen: list[Request] = []
    with StandIn(version) as server:
        server.before_request = lambda request: seen.append(request) if _is_list(request) else None
        command = [str(SCRIPT), "sync", "--db", str(tmp_path / f"{version}.sqlite")]
        command += ["--source", f"one={server.url}", "--function", "reports", *more]
        result = subprocess.run(
            command, env=server_env({"one": server}), capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
    limits: set[int] = set()
    for request in seen:
        for name, value in request.query:
            if name == "limit":
                limits.add(int(value))
            elif name == "queries[]" and (found := re.search(r"limit\D*(\d+)", value)):
                limits.add(int(found.group(1)))  # limit(100) until 1.4, JSON from 1.5
    return limits


@pytest.mark.parametrize(
    ("version", "more", "expected"),
    [
        ("1.8.1", (), {1000}),  # from 1.3 `limit` has no maximum: large pages
        ("1.3.8", (), {1000}),
        ("1.2.1", (), {100}),  # 0.7 to 1.2 accept at most 100
        ("1.2.1", ("--page-size", "500"), {100}),  # asked for more: the server's maximum
        ("0.9.4", ("--page-size", "500"), {100}),
        ("1.8.1", ("--page-size", "40"), {40}),
    ],
)
def test_sync_asks_each_line_for_the_pages_it_accepts(
    tmp_path: Path, version: str, more: tuple[str, ...], expected: set[int]
) -> None:
    assert _limits_asked(version, tmp_path, *more) == expected


class _BlockingOut(io.StringIO):
    """An export target whose first write waits until ``ready`` is set (or 10 s pass)."""

    def __init__(self, ready: threading.Event) -> None:
        super().__init__()
        self.ready = ready
        self.waited: bool | None = None

    def write(self, text: str) -> int:
        if self.waited is None:
            self.waited = self.ready.wait(10)
        return super().write(text)


def test_export_asks_for_the_next_page_while_it_writes_the_last() -> None:
    """The first page is still being written when the second is asked for: over a slow
    link the round trip overlaps the writing instead of adding to it."""
    lists: list[Request] = []
    second = threading.Event()

    def seen(request: Request) -> Reply | None:
        if _is_list(request):
            lists.append(request)
            if len(lists) >= 2:
                second.set()
        return None

    with StandIn(MODERN) as server:
        server.before_request = seen
        out = _BlockingOut(second)
        with Client(server.url, project=server.project, key=server.key) as client:
            count = export_executions(client, "reports", out, page_size=50)
        expected = [r["$id"] for r in server.executions("reports")]
    assert out.waited is True, "the second page was not asked for while the first was written"
    assert [json.loads(line)["$id"] for line in out.getvalue().splitlines()] == expected
    assert count == len(expected)
