"""What real servers do, as Appwrite's source says at each release tag, through the client.

Each test drives the public client against a live stand-in of the line(s) the fact
concerns. The stand-in follows the source (202 for async creates on 1.x, no
deploymentId on 1.7, `scheduled` from 1.6, ...); the evidence is in openapi.yaml's
corrections table (C11-C16) and in the stand-in's Generation fields.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from appwrite_executions import BadRequest, Client, Execution
from appwrite_standin import REPRESENTATIVE_VERSIONS, StandIn

# Only 2.0 (newer than the newest known line, 1.9) warns; that warning is tested below.
pytestmark = pytest.mark.filterwarnings(
    "error::UserWarning",
    "ignore:Appwrite 2.0.0 is newer than this client knows:UserWarning",
)

LINES = list(REPRESENTATIVE_VERSIONS)  # 0.7 ... 1.9, one server version each
VERSIONS = [*REPRESENTATIVE_VERSIONS.values(), "2.0.0"]  # and the unreleased 2.0 shape


def _key(version: str) -> tuple[int, int]:
    major, minor, *_ = version.split(".")
    return int(major), int(minor)


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, StandIn]]:
    running = {version: StandIn(version=version).start() for version in VERSIONS}
    try:
        yield running
    finally:
        for server in running.values():
            server.stop()


@pytest.fixture(params=VERSIONS)
def server(request: pytest.FixtureRequest, servers: dict[str, StandIn]) -> StandIn:
    standin = servers[str(request.param)]
    standin.before_request = None
    standin.reset()
    return standin


def client_for(server: StandIn, statuses: list[int] | None = None) -> Client:
    """A client of `server`; `statuses` collects the status of every create answered."""

    def note(response: httpx.Response) -> None:
        if statuses is not None and response.request.method == "POST":
            statuses.append(response.status_code)

    http = httpx.Client(timeout=30, event_hooks={"response": [note]})
    return Client(server.url, project=server.project, key=server.key, http_client=http)


# ---------------------------------------------------------------- async creates


def test_async_create_and_wait_on_every_line(server: StandIn) -> None:
    """1.x answer an async create with 202 (C11); the client takes it, and wait works."""
    seen: list[int] = []
    with client_for(server, seen) as client:
        body = "" if _key(server.version) < (0, 8) else '{"n":1}'
        async_ = True if _key(server.version) >= (0, 13) else None  # before 0.13: always
        created = client.create_execution("reports", body, async_=async_)
        assert created.status.value == "waiting" and created.function_id == "reports"
        final = client.wait_for_execution("reports", created.id, poll_interval=0, timeout=30)
        assert final.id == created.id and final.status.value == "completed"
    assert seen == [202 if _key(server.version) >= (1, 0) else 201]


@pytest.mark.parametrize("version", [v for v in VERSIONS if _key(v) >= (0, 13)])
def test_a_synchronous_create_is_201(servers: dict[str, StandIn], version: str) -> None:
    server = servers[version]
    server.reset()
    seen: list[int] = []
    with client_for(server, seen) as client:
        created = client.create_execution("reports", '{"n":2}', async_=False)
        assert created.status.value == "completed"
        if _key(version) >= (1, 4):
            # Only this answer has the body: get and list send "" from 1.4 (not stored).
            assert '"body":"{\\"n\\":2}"' in created.response_body
            assert client.get_execution("reports", created.id).response_body == ""
    assert seen == [201]


def test_scheduled_create_on_every_line_that_has_it(servers: dict[str, StandIn]) -> None:
    lines = [v for v in VERSIONS if _key(v) >= (1, 6)]
    assert lines == ["1.6.2", "1.7.4", "1.8.1", "1.9.6", "2.0.0"]
    for version in lines:
        server = servers[version]
        server.reset()
        seen: list[int] = []
        with client_for(server, seen) as client:
            when = datetime(2099, 1, 1, 12, 0, tzinfo=UTC)  # future for both clocks
            created = client.create_execution("reports", "{}", scheduled_at=when)
            # `scheduled`, with trigger schedule, from 1.6 (1.6.2:app/controllers/api/
            # functions.php), not only from 1.8.
            assert created.status.value == "scheduled", version
            assert created.trigger.value == "schedule"
            assert created.scheduled_at == when.astimezone(UTC)
            got = client.get_execution("reports", created.id)
            assert got.status.value == "scheduled"
        assert seen == [202], version


# --------------------------------------------------------------------- 1.7 reads


def test_released_1_7_servers_are_read_without_deploymentId() -> None:
    """1.7.0-1.7.5 send no deploymentId (C12): list, get, iterate all work."""
    with StandIn(version="1.7.5") as server:
        raw = httpx.get(
            f"{server.url}/functions/reports/executions",
            headers={"X-Appwrite-Project": server.project, "X-Appwrite-Key": server.key},
        ).json()
        assert "deploymentId" not in raw["executions"][0]
        with client_for(server) as client:
            assert client.generation == "1.7"
            page = client.list_executions("reports", limit=10)
            assert page.total == 237 and len(page.executions) == 10
            assert all(e.deployment_id == "" for e in page.executions)  # never invented
            one = client.get_execution("reports", page.executions[3].id)
            assert one.id == page.executions[3].id
            every = list(client.iter_executions("reports", page_size=50))
            assert [e.id for e in every] == [r["$id"] for r in server.executions("reports")]
            assert isinstance(every[0], Execution)


# ------------------------------------------------------------ 1.9 and 2.0 lines


def test_1_9_is_a_known_line_and_2_0_warns_once() -> None:
    with StandIn(version="1.9.6") as server, warnings.catch_warnings():
        warnings.simplefilter("error")
        with Client(server.url, project=server.project, key=server.key) as client:
            assert client.server_version == "1.9.6" and client.generation == "1.8"
            assert client.list_executions("reports").total == 237
    with StandIn(version="2.0.0") as server:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = Client(server.url, project=server.project, key=server.key)
            page = client.list_executions("reports", limit=5)
        assert len(caught) == 1 and "2.0.0" in str(caught[0].message)
        # The format pin (X-Appwrite-Response-Format: 1.8.0) gets functionId back from a
        # server whose native shape is resourceId/resourceType.
        assert [e.function_id for e in page.executions] == ["reports"] * 5
        assert all("resourceId" not in e.extra for e in page.executions)
        client.close()
        native = httpx.get(
            f"{server.url}/functions/reports/executions",
            headers={"X-Appwrite-Project": server.project, "X-Appwrite-Key": server.key},
        ).json()["executions"][0]
        assert native["resourceId"] == "reports" and native["resourceType"] == "functions"
        assert "functionId" not in native


def test_1_9_reports_a_stale_unfinished_execution_as_failed() -> None:
    """1.9.6:src/Appwrite/Platform/Modules/Functions/Http/Executions/Get.php: waiting or
    processing for longer than the function's timeout reads as failed."""
    for version, expected in (("1.8.1", "waiting"), ("1.9.6", "failed")):
        with StandIn(version=version) as server:
            stale = next(r for r in server.executions("reports") if r["status"] == "waiting")
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with Client(server.url, project=server.project, key=server.key) as client:
                    assert client.get_execution("reports", stale["$id"]).status.value == expected


# ------------------------------------------------------------- smaller facts


def test_delete_of_an_unfinished_execution_is_refused() -> None:
    """1.6.2:app/controllers/api/functions.php: 400 execution_in_progress unless the
    status is completed, failed or scheduled."""
    with StandIn(version="1.6.2") as server, client_for(server) as client:
        created = client.create_execution("reports", "{}", async_=True)
        with pytest.raises(BadRequest) as refused:
            client.delete_execution("reports", created.id)
        assert refused.value.type == "execution_in_progress"
        client.wait_for_execution("reports", created.id, poll_interval=0, timeout=30)
        client.delete_execution("reports", created.id)  # finished: 204 (text/html)


def test_the_1_4_default_method_is_post() -> None:
    """1.4.14:app/controllers/api/functions.php param('method', 'POST', ...)."""
    with StandIn(version="1.4.14") as server, client_for(server) as client:
        created = client.create_execution("reports", "{}")
        assert created.request_method == "POST"


def test_async_none_keeps_the_0_13_default_of_true() -> None:
    """0.13.4 to 0.15.3:app/controllers/api/functions.php param('async', true, ...): with
    async_=None the client must not send "async": false."""
    for version in ("0.13.4", "0.14.2", "0.15.3"):
        with StandIn(version=version) as server, client_for(server) as client:
            created = client.create_execution("reports", "{}")
            assert created.status.value == "waiting", version  # run in the background


def test_total_false_is_sent_from_1_8_1_only() -> None:
    """1.8.1:src/Appwrite/Platform/Modules/Functions/Http/Executions/XList.php is the
    first to declare `total`; 1.8.0 ignores it and always counts."""
    asked: list[str] = []

    def note(request: httpx.Request) -> None:
        asked.append(str(request.url))

    for version, sent in (("1.8.0", False), ("1.8.1", True)):
        http = httpx.Client(timeout=30, event_hooks={"request": [note]})
        with StandIn(version=version) as server:
            client = Client(server.url, project=server.project, key=server.key, http_client=http)
            page = client.list_executions("reports", total=False)
            client.close()
        assert ("total=false" in asked[-1]) is sent, version
        assert page.total == (0 if sent else 237), version


def test_output_caps_by_line() -> None:
    """0.7-0.11 keep the last 4,000 characters of stderr (0.9.4:app/workers/functions.php
    mb_substr($stderr, -4000)); 1.x up to 1,000,000 (1.8.1:app/init/constants.php)."""
    lengths = {}
    for version in ("0.9.4", "1.8.1"):
        with StandIn(version=version) as server, client_for(server) as client:
            record = max(server.executions("mailer"), key=lambda r: len(r["errors"]))
            got = client.get_execution("mailer", record["$id"])
            assert record["errors"].endswith(got.errors)
            lengths[version] = len(got.errors)
    assert lengths["0.9.4"] == 4000 < lengths["1.8.1"]


def test_1_9_lists_stale_runs_under_failed() -> None:
    """1.9.6:src/Appwrite/Platform/Modules/Functions/Http/Executions/XList.php widens
    equal(status, [failed]) to stale waiting/processing runs and shows them failed,
    unless the caller asked for another status."""
    with StandIn(version="1.9.6") as server, client_for(server) as client:
        records = server.executions("reports")
        failed = {r["$id"] for r in records if r["status"] == "failed"}
        unfinished = {r["$id"] for r in records if r["status"] in ("waiting", "processing")}
        assert unfinished  # all seeded ones are far older than the function's timeout
        listed = list(client.iter_executions("reports", status="failed"))
        assert {e.id for e in listed} == failed | unfinished
        assert {e.status.value for e in listed} == {"failed"}
        waiting = list(client.iter_executions("reports", status="waiting"))
        assert waiting and {e.status.value for e in waiting} == {"waiting"}
