"""The recorded traffic holds no secret and is reproducible: tests replay it, so it must
be exactly what `make cassettes` records (make conformance checks it against the slices)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from recording.vcr_config import ENDPOINT, Scrubber
from support.cassettes import CASSETTES, body_bytes, cassette_files, interactions, release_line
from support.paths import PROJECT
from support.secret_scan import scan_cassette
from vcr.request import Request

CORPUS = cassette_files()


def test_corpus_covers_both_versions() -> None:
    lines = {release_line(path) for path in CORPUS}
    assert {"0.9", "1.8", "1.9"} <= lines and len(lines) == 19  # every release line 0.7 to 1.9
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_secret_in_cassette(path: Path) -> None:
    assert scan_cassette(path) == []


@pytest.mark.parametrize(
    "secret",
    [
        "standard_" + "3f9a0c" * 30,  # an Appwrite API key
        "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiI2NTAifQ.c2lnbmF0dXJlLXZhbHVl",  # a JWT
    ],
)
def test_secret_scan_catches_an_injected_key(tmp_path: Path, secret: str) -> None:
    source = CASSETTES / "1.8" / "list_first_page_modern.yaml"
    leaked = tmp_path / source.name
    leaked.write_text(source.read_text(encoding="utf-8").replace("<API_KEY>", secret, 1))
    assert scan_cassette(leaked), "a real-looking key in a cassette must be reported"


def test_secret_scan_catches_a_real_header_value(tmp_path: Path) -> None:
    source = CASSETTES / "1.8" / "list_first_page_modern.yaml"
    leaked = tmp_path / source.name
    leaked.write_text(source.read_text(encoding="utf-8").replace("<API_KEY>", "hunter2", 1))
    assert any("X-Appwrite-Key" in p or "x-appwrite-key" in p for p in scan_cassette(leaked))


def test_rerecording_gives_identical_bytes(tmp_path: Path) -> None:
    """`make cassettes` twice changes nothing: no timestamps, ports or random ids leak."""
    env = {"PYTHONPATH": str(PROJECT / "tools")}
    for line, version in (("0.9", "0.9.4"), ("1.8", "1.8.1")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "recording.record",
                "--standin",
                version,
                "--out",
                str(tmp_path / line),
            ],
            check=True,
            cwd=PROJECT,
            env=env,
            capture_output=True,
        )
    subprocess.run(
        [sys.executable, "-m", "recording.chain", "--out", str(tmp_path)],
        check=True,
        cwd=PROJECT,
        env=env,
        capture_output=True,
    )
    committed = {p.relative_to(CASSETTES): p.read_bytes() for p in cassette_files()}
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.glob("*/*.yaml")}
    assert sorted(fresh) == sorted(committed)
    changed = [str(name) for name in committed if committed[name] != fresh[name]]
    assert changed == [], f"re-recording changed {changed}"


def test_cassette_bodies_are_json() -> None:
    for path in CORPUS:
        for item in interactions(path):
            body = body_bytes(item["response"]["body"])
            if body:
                json.loads(body)


def test_recorder_scrubs_a_credential_echoed_in_a_response_body() -> None:
    """A synchronous function may return its request headers; the key must not be kept."""
    scrubber = Scrubber("http://127.0.0.1:5555/v1", "p", hide_project=False)
    request = Request(
        "POST",
        "http://127.0.0.1:5555/v1/functions/f/executions",
        b"{}",
        {"X-Appwrite-Key": "real-key-123", "Cookie": "a_session_p=sess-456"},
    )
    kept = scrubber.request(request)
    assert kept.uri.startswith(ENDPOINT)
    assert kept.headers["x-appwrite-key"] == "<API_KEY>"
    assert kept.headers["cookie"] == "a_session_p=<SESSION>"
    echoed = b'{"responseBody":"key=real-key-123 session=sess-456"}'
    response = {"status": {"code": 201}, "headers": {}, "body": {"string": echoed}}
    body = scrubber.response(response)["body"]["string"]
    assert b"real-key-123" not in body and b"sess-456" not in body
    assert b"<API_KEY>" in body and b"<SESSION>" in body
