"""Every release line 0.7 to 1.8 through the wrapper gives the same modern executions.

For each line, the cassettes in cassettes/<line>/chain_*.yaml were recorded from a
stand-in of that line (which renders its shape independently of the wrapper). Replayed
through the Client, the executions must equal the stand-in's 1.8 reference data as seen
through that generation: every field the generation has is the reference value, every
field it lacks is empty. That every exchange conforms to the line's published slice is
checked by tests/test_cassettes.py over the same files.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from appwrite_executions import Client, Execution, UnsupportedOnServer
from appwrite_standin import REPRESENTATIVE_VERSIONS, StandIn
from recording.vcr_config import ENDPOINT, player
from support.cassettes import CASSETTES
from support.lines import RELEASE_LINES

LINES = RELEASE_LINES


@contextmanager
def replay(line: str, name: str) -> Iterator[tuple[Client, Any]]:
    with (
        player(CASSETTES / line).use_cassette(f"{name}.yaml") as cassette,
        Client(ENDPOINT, project="standin-project", key="k") as client,
    ):
        yield client, cassette


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, dict[str, Any]]]:
    with StandIn(version="1.8.1") as server:
        return {
            fn: {r["$id"]: dict(r) for r in server.executions(fn)} for fn in ("reports", "mailer")
        }


def _key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")
    return int(major), int(minor)


def seen_through(record: dict[str, Any], line: str) -> dict[str, Any]:
    """The reference record as a server of `line` shows it, read back as modern JSON.

    What the source says a line keeps: from 1.4 responseBody is never stored (get and
    list send ""); 0.7-0.11 keep the last 4,000 characters of output, 0.12 8,000, 0.13
    16,384; `scheduled` is a status from 1.6 (waiting before).
    """
    version = REPRESENTATIVE_VERSIONS[line]
    k = _key(line)
    record = dict(record)
    if k >= (1, 4):
        record["responseBody"] = ""
    if k < (0, 14):
        cap = 4000 if k < (0, 12) else 8000 if k < (0, 13) else 16384
        record["responseBody"] = record["responseBody"][-cap:]
        record["errors"] = record["errors"][-cap:]
    old = Execution.from_dict(record, server_version="1.8.1").to_dict(version=version)
    if k < (1, 6) and old["status"] == "scheduled":
        old["status"] = "waiting"
    if k >= (1, 9) and old["status"] in ("waiting", "processing"):
        # 1.9 reports an unfinished execution older than its function's timeout as
        # failed (1.9.6:src/Appwrite/Platform/Modules/Functions/Http/Executions/Get.php,
        # XList.php); every seeded one is days older than the stand-in's clock.
        old["status"] = "failed"
    return Execution.from_version_dict(old, version).to_dict()


def assert_matches(execution: Execution, record: dict[str, Any], line: str) -> None:
    assert execution.to_dict() == seen_through(record, line)
    assert execution.server_version == REPRESENTATIVE_VERSIONS[line]


def test_every_line_has_a_chain_set() -> None:
    assert len(LINES) == 19
    for line in LINES:
        assert sorted(p.stem for p in (CASSETTES / line).glob("chain_*.yaml")) == [
            "chain_create",
            "chain_get",
            "chain_iterate",
            "chain_list",
        ]


@pytest.mark.parametrize("line", LINES)
def test_list_page(line: str, truth: dict[str, Any]) -> None:
    with replay(line, "chain_list") as (client, _):
        page = client.list_executions("reports", limit=25)
        assert client.server_version == REPRESENTATIVE_VERSIONS[line]
    assert page.total == len(truth["reports"]) and len(page.executions) == 25
    assert [e.id for e in page.executions] == list(truth["reports"])[:25], "oldest first"
    for execution in page.executions:
        assert_matches(execution, truth["reports"][execution.id], line)


@pytest.mark.parametrize("line", LINES)
def test_get(line: str, truth: dict[str, Any]) -> None:
    with replay(line, "chain_get") as (client, _):
        ids = [e.id for e in client.list_executions("mailer", limit=3).executions]
        executions = [client.get_execution("mailer", i) for i in ids]
    assert len(executions) == 3
    for execution in executions:
        assert_matches(execution, truth["mailer"][execution.id], line)


@pytest.mark.parametrize("line", LINES)
def test_iterate_every_execution_once(line: str, truth: dict[str, Any]) -> None:
    with replay(line, "chain_iterate") as (client, _):
        seen = list(client.iter_executions("reports", page_size=100))
    assert [e.id for e in seen] == list(truth["reports"]), "oldest first, each once"
    for execution in seen:
        assert_matches(execution, truth["reports"][execution.id], line)


@pytest.mark.parametrize("line", LINES)
def test_create(line: str) -> None:
    with replay(line, "chain_create") as (client, _):
        created = client.create_execution("reports", "" if line == "0.7" else '{"n": 1}')
        final = created
        if not created.is_final:
            final = client.wait_for_execution("reports", created.id, poll_interval=0)
    assert final.id == created.id and final.status == "completed"
    assert created.function_id == "reports" and created.created_at.tzinfo is not None


def test_each_generation_maps_its_own_field_names() -> None:
    """Spot checks of the chain, link by link, on one failed execution."""
    with StandIn(version="1.8.1") as server:
        failed = next(r for r in server.executions("mailer") if r["status"] == "failed")
    checks = {
        "0.9": ("exitCode", "responseStatusCode"),
        "0.13": ("statusCode", "responseStatusCode"),
        "0.14": ("response", "responseBody"),
        "1.0": ("stdout", "logs"),
        "0.12": ("stderr", "errors"),
        "0.10": ("time", "duration"),
    }
    for version, (old_name, modern_name) in checks.items():
        old = Execution.from_dict(failed, server_version="1.8.1").to_dict(version=version)
        assert old[old_name] == failed[modern_name], (version, old_name)
        back = Execution.from_version_dict(old, version).to_dict()
        assert back[modern_name] == failed[modern_name]


def test_what_old_generations_cannot_do_is_refused_before_sending() -> None:
    cases = [
        ("0.7", lambda c: c.create_execution("reports", "data")),  # 0.7 takes no data
        ("0.13", lambda c: c.create_execution("reports", "{}", path="/x")),
        ("1.4", lambda c: c.create_execution("reports", "{}", method="HEAD")),
        ("1.5", lambda c: c.delete_execution("reports", "abc")),
        (
            "1.5",
            lambda c: c.create_execution(
                "reports", "{}", scheduled_at=datetime(2099, 1, 1, tzinfo=UTC)
            ),
        ),
        ("1.7", lambda c: c.list_executions("reports", search="x")),
    ]
    for line, call in cases:
        with replay(line, "chain_list") as (client, cassette):
            assert client.server_version
            with pytest.raises(UnsupportedOnServer):
                call(client)
            assert cassette.play_count == 1, f"{line}: only the version probe may be sent"


def test_newer_servers_are_spoken_to_as_1_8_with_one_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = Client(ENDPOINT, project="p", key="k", server_version="2.1.0")
    assert client.generation == "1.8" and client.api == "modern"
    assert len(caught) == 1 and "2.1.0" in str(caught[0].message)
    with player(CASSETTES / "1.8").use_cassette("list_first_page_modern.yaml"):
        page = client.list_executions("reports")
    assert page.total == 237 and page.executions[0].server_version == "2.1.0"
    client.close()
