"""`export --out`: what gets written where, and CSV cells no spreadsheet will run.

A regular file is replaced atomically and keeps its permission bits; a new one follows
the umask; a symbolic link is followed; anything that is not a regular file (a FIFO,
/dev/stdout) is written through and stays what it was; `--out -` is stdout.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from appwrite_executions.cli import main
from appwrite_executions.cli._collector import BULK_THRESHOLDS
from appwrite_standin import StandIn
from support.hostile import Answer, Fault, Hostile, Incoming

MODERN = "1.8.1"
FN = "mailer"
SCRIPT = Path(sys.executable).with_name("appwrite-executions")


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with StandIn(MODERN) as standin:
        yield standin


def env(server: StandIn) -> dict[str, str]:
    return {
        "APPWRITE_ENDPOINT": server.url,
        "APPWRITE_PROJECT": server.project,
        "APPWRITE_KEY": server.key,
    }


def export(server: StandIn, *args: str, endpoint: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    variables = env(server)
    if endpoint:
        variables["APPWRITE_ENDPOINT"] = endpoint
    code = main(["export", FN, *args], stdout=out, stderr=err, env=variables)
    return code, out.getvalue(), err.getvalue()


def expected_lines(server: StandIn) -> str:
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.jsonl"
        code, _, stderr = export(server, "--out", str(plain))
        assert code == 0, stderr
        text = plain.read_text(encoding="utf-8")
    assert text.count("\n") == len(server.executions(FN))
    return text


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(
    server: StandIn, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    before = target.stat().st_ino
    code, _, stderr = export(server, "--out", str(target))
    assert code == 0, stderr
    assert target.read_text() == expected_lines(server)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != before  # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temporary left


def test_a_new_file_follows_the_umask(server: StandIn, tmp_path: Path) -> None:
    target = tmp_path / "new.jsonl"
    previous = os.umask(0o027)
    try:
        code, _, stderr = export(server, "--out", str(target))
    finally:
        os.umask(previous)
    assert code == 0, stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_symbolic_link_is_followed(server: StandIn, tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    code, _, stderr = export(server, "--out", str(link))
    assert code == 0, stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == expected_lines(server)
    dangling = tmp_path / "dangling.jsonl"
    dangling.symlink_to(tmp_path / "created.jsonl")
    code, _, stderr = export(server, "--out", str(dangling))
    assert code == 0, stderr
    assert dangling.is_symlink() and (tmp_path / "created.jsonl").read_text() == real.read_text()


def test_a_fifo_is_written_through_and_stays_a_fifo(server: StandIn, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, stderr = export(server, "--out", str(fifo))
    reader.join(30)
    assert code == 0, stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == [expected_lines(server)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1"])
def test_dev_stdout_is_written_through(server: StandIn, name: str) -> None:
    result = subprocess.run(
        [str(SCRIPT), "export", FN, "--out", name, "--quiet"],
        env={**os.environ, **env(server)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_lines(server)
    assert os.path.islink("/dev/stdout")


def test_dash_is_stdout(server: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = export(server, "--out", "-")
    assert code == 0, stderr
    text = capsys.readouterr().out
    assert text == expected_lines(server)
    lines = text.rstrip("\n").split("\n")
    assert [json.loads(line)["$id"] for line in lines] == [
        r["$id"] for r in sorted(server.executions(FN), key=lambda r: str(r["$createdAt"]))
    ]


def _formulas(request: Incoming, answer: Answer) -> Answer:
    if not request.is_list or answer.status != 200:
        return answer
    data: dict[str, Any] = answer.json()
    first = data["executions"][0]
    first["logs"] = '=HYPERLINK("http://x.example","click")'
    first["errors"] = "@SUM(A1)"
    first["responseBody"] = "+1+1"
    first["requestPath"] = "-2+3"
    return answer.with_json(data)


def test_csv_cells_that_would_run_as_formulas_are_neutralised(
    server: StandIn, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    with Hostile(server.url, Fault("formulas", _formulas)) as proxy:
        code, _, stderr = export(server, "--out", str(target), endpoint=proxy.url)
    assert code == 0, stderr
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    first = rows[0]
    assert first["logs"] == '\'=HYPERLINK("http://x.example","click")'
    assert first["errors"] == "'@SUM(A1)"
    assert first["responseBody"] == "'+1+1"
    assert first["requestPath"] == "'-2+3"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


class _PaceRecorder(io.StringIO):
    """A stream that notes the collector's pace whenever the command writes to it."""

    def __init__(self) -> None:
        super().__init__()
        self.paces: set[tuple[int, int, int]] = set()

    def write(self, text: str) -> int:
        self.paces.add(gc.get_threshold())
        return super().write(text)


def test_a_bulk_run_collects_at_its_own_pace_and_leaves_the_callers_as_it_was(
    server: StandIn, tmp_path: Path
) -> None:
    """main() is callable from a program: the collector's pace it sets for a bulk
    run (cli/_collector.py) is the program's own again when main returns, even after
    a failure."""
    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        target = tmp_path / "out.jsonl"
        err = _PaceRecorder()
        code = main(["export", FN, "--out", str(target)], stderr=err, env=env(server))
        assert code == 0, err.getvalue()
        assert "written to" in err.getvalue()  # said while the command ran
        assert err.paces == {BULK_THRESHOLDS}
        assert len(target.read_text().splitlines()) == len(server.executions(FN))
        assert gc.get_threshold() == (1234, 5, 6)
        failing = env(server) | {"APPWRITE_KEY": "wrong-key"}
        assert main(["export", FN], stdout=io.StringIO(), stderr=io.StringIO(), env=failing)
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)


def test_jobs_changes_how_many_pages_are_asked_at_once_never_the_output(tmp_path: Path) -> None:
    """`export --jobs N` asks for up to N pages at once from 1.3+: the same lines, in
    the same order, whatever N; pages asked from further back carry an offset."""
    with StandIn(MODERN, extra_functions={"big": 1234}) as big:
        outputs: dict[str, str] = {}
        offsets: dict[str, int] = {}
        for jobs in ("1", "4", "16"):
            seen: list[str] = []

            def note(request: Any, seen: list[str] = seen) -> None:
                seen.extend(value for _, value in request.query)

            big.before_request = note
            target = tmp_path / f"jobs-{jobs}.jsonl"
            err = io.StringIO()
            command = ["export", "big", "--page-size", "100", "--jobs", jobs, "--out", str(target)]
            code = main(command, stderr=err, env=env(big))
            assert code == 0, err.getvalue()
            outputs[jobs] = target.read_text(encoding="utf-8")
            offsets[jobs] = sum('"offset"' in value for value in seen)
        lines = [json.loads(line)["$id"] for line in outputs["1"].splitlines()]
        assert lines == [r["$id"] for r in big.executions("big")]
    assert outputs["4"] == outputs["1"] and outputs["16"] == outputs["1"]
    assert offsets["1"] == 0 and offsets["4"] > 0 and offsets["16"] > 0


@pytest.mark.parametrize("jobs", ["0", "17", "many"])
def test_jobs_out_of_range_is_bad_usage(
    server: StandIn, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        export(server, "--jobs", jobs)
    assert stopped.value.code == 2
    assert "argument --jobs" in capsys.readouterr().err


def test_export_executions_refuses_jobs_out_of_range(server: StandIn) -> None:
    from appwrite_executions import Client  # noqa: PLC0415
    from appwrite_executions.sync import export_executions  # noqa: PLC0415

    with Client(server.url, project=server.project, key=server.key) as client:
        for jobs in (0, 17, True):
            with pytest.raises(ValueError, match="jobs"):
                export_executions(client, FN, io.StringIO(), jobs=jobs)
