"""Behaviour of the local Appwrite stand-in (standin/appwrite_standin), over real HTTP.

Run: cd /work/main && PYTHONPATH=standin python -m pytest tests/test_standin.py -q
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from appwrite_standin import (
    BUSY_FUNCTION_ID,
    DEFAULT_JWT,
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    DEFAULT_SESSION,
    EMPTY_FUNCTION_ID,
    MIXED_FUNCTION_ID,
    MODERN_1_8,
    OUTPUT_CAP,
    SEEDED_COUNTS,
    Reply,
    Request,
    StandIn,
    generation_for,
)
from appwrite_standin._errors import ApiError
from appwrite_standin._params import modern_list
from appwrite_standin._queries import Query, QueryError, parse_json_query, parse_string_query
from support.signals import with_default_sigint

LEGACY = "0.9.4"
MODERN = "1.8.1"
BUSY, MIXED, EMPTY = BUSY_FUNCTION_ID, MIXED_FUNCTION_ID, EMPTY_FUNCTION_ID
STANDIN_DIR = Path(__file__).resolve().parent.parent / "standin"

PROJECT_MESSAGE = (
    "Project with the requested ID could not be found. Please check the value of the "
    "X-Appwrite-Project header to ensure the correct project ID is being used."
)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def legacy_server() -> Iterator[StandIn]:
    with StandIn(version=LEGACY) as server:
        yield server


@pytest.fixture(scope="module")
def modern_server() -> Iterator[StandIn]:
    with StandIn(version=MODERN) as server:
        yield server


@pytest.fixture
def legacy(legacy_server: StandIn) -> StandIn:
    legacy_server.before_request = None
    legacy_server.reset()
    return legacy_server


@pytest.fixture
def modern(modern_server: StandIn) -> StandIn:
    modern_server.before_request = None
    modern_server.reset()
    return modern_server


def auth_headers(server: StandIn, auth: str | None = "key") -> dict[str, str]:
    headers = {"X-Appwrite-Project": server.project}
    if auth == "key":
        headers["X-Appwrite-Key"] = server.key
    elif auth == "jwt":
        headers["X-Appwrite-JWT"] = server.jwt
    elif auth == "session":
        headers["X-Appwrite-Session"] = server.session
    elif auth == "cookie":
        headers["Cookie"] = f"a_session_{server.project}={server.session}"
    return headers


def call(
    server: StandIn,
    method: str,
    path: str,
    *,
    auth: str | None = "key",
    headers: dict[str, str] | None = None,
    params: Any = None,
    body: Any = None,
    form: dict[str, str] | None = None,
) -> httpx.Response:
    sent = auth_headers(server, auth)
    sent.update(headers or {})
    return httpx.request(
        method, server.url + path, headers=sent, params=params, json=body, data=form, timeout=10
    )


def q(method: str, attribute: str | None = None, values: list[Any] | None = None) -> str:
    query: dict[str, Any] = {"method": method}
    if attribute is not None:
        query["attribute"] = attribute
    if values is not None:
        query["values"] = values
    return json.dumps(query, separators=(",", ":"))


def modern_page(
    server: StandIn,
    function_id: str,
    *queries: str,
    auth: str | None = "key",
    extra: list[tuple[str, str]] | None = None,
) -> httpx.Response:
    params = [("queries[]", query) for query in queries] + (extra or [])
    return call(server, "GET", f"/functions/{function_id}/executions", auth=auth, params=params)


def legacy_page(
    server: StandIn, function_id: str, auth: str | None = "key", **params: Any
) -> httpx.Response:
    return call(server, "GET", f"/functions/{function_id}/executions", auth=auth, params=params)


def ids(page: httpx.Response) -> list[str]:
    return [execution["$id"] for execution in page.json()["executions"]]


def error(status: int, message: str, version: str, type_: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message, "code": status}
    if type_ is not None:
        body["type"] = type_
    body["version"] = version
    return body


def assert_error(
    response: httpx.Response, status: int, message: str, version: str, type_: str | None
) -> None:
    assert response.status_code == status, response.text
    assert response.json() == error(status, message, version, type_)
    assert list(response.json()) == list(error(status, message, version, type_))


# ---------------------------------------------------------------------- entry points


def test_url_health_and_headers(modern: StandIn) -> None:
    assert modern.url == f"http://127.0.0.1:{modern.port}/v1"
    response = httpx.get(modern.url + "/health/version")  # no project, no credential
    assert response.status_code == 200
    assert response.content == b'{"version":"1.8.1"}'
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.headers["content-length"] == str(len(response.content))
    assert "date" not in response.headers
    assert response.headers["server"] == "Appwrite-StandIn"


def test_legacy_health(legacy: StandIn) -> None:
    assert httpx.get(legacy.url + "/health/version").json() == {"version": "0.9.4"}


def test_defaults_are_placeholders() -> None:
    assert (DEFAULT_PROJECT, DEFAULT_KEY, DEFAULT_JWT, DEFAULT_SESSION) == (
        "standin-project",
        "standin-key",
        "standin-jwt",
        "standin-session",
    )


def test_custom_credentials() -> None:
    with StandIn(version=MODERN, project="p1", key="k1") as server:
        ok = httpx.get(
            server.url + f"/functions/{BUSY}/executions",
            headers={"X-Appwrite-Project": "p1", "X-Appwrite-Key": "k1"},
        )
        assert ok.status_code == 200
        wrong = httpx.get(
            server.url + f"/functions/{BUSY}/executions",
            headers={"X-Appwrite-Project": DEFAULT_PROJECT, "X-Appwrite-Key": "k1"},
        )
        assert wrong.status_code == 404


def test_generations() -> None:
    assert generation_for("0.9.4").key == "0.9"
    assert generation_for("0.7.1").key == "0.7"
    assert generation_for("0.12.3").key == "0.12"
    assert generation_for("1.4.0").key == "1.4"
    assert generation_for("1.8.1").key == "1.8"
    assert generation_for("1.9.6").key == "1.9"
    assert generation_for("1.10.0").key == "1.9"  # an unknown later 1.x line speaks 1.9
    assert generation_for("2.0.1").key == "2.0"
    assert generation_for("3.1.0").key == "2.0"
    assert generation_for("1.8.0").list_total is False  # 1.8.1 declares `total` first
    assert generation_for("1.8.1").list_total is True
    for unsupported in ("0.6.2", "0.16.0", "banana"):
        with pytest.raises(ValueError):
            generation_for(unsupported)
    with pytest.raises(ValueError):
        StandIn(version="0.6.0")


def test_keep_alive_reuses_one_connection(modern: StandIn) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", modern.port, timeout=10)
    headers = auth_headers(modern)
    connection.request("GET", "/v1/health/version", headers=headers)
    first = connection.getresponse()
    first.read()
    sock = connection.sock
    for _ in range(3):
        connection.request("GET", f"/v1/functions/{BUSY}/executions", headers=headers)
        response = connection.getresponse()
        assert response.status == 200
        assert not response.will_close
        response.read()
        assert connection.sock is sock
    connection.close()


def test_head_has_no_body(modern: StandIn) -> None:
    get = call(modern, "GET", f"/functions/{BUSY}/executions")
    head = call(modern, "HEAD", f"/functions/{BUSY}/executions")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_prints_url_and_stops_on_signal(signum: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(STANDIN_DIR))
    process = subprocess.Popen(
        with_default_sigint(
            [
                sys.executable,
                "-m",
                "appwrite_standin",
                "--version",
                "0.9.4",
                "--port",
                "0",
                "--seed",
                "7",
            ]
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        assert httpx.get(url + "/health/version").json() == {"version": "0.9.4"}
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_rejects_unknown_version() -> None:
    env = dict(os.environ, PYTHONPATH=str(STANDIN_DIR))
    result = subprocess.run(
        [sys.executable, "-m", "appwrite_standin", "--version", "0.6.0"],
        capture_output=True,
        check=False,
        env=env,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "not implemented" in result.stderr


# -------------------------------------------------------------------- seeded data


def test_seeded_counts_both_generations(legacy: StandIn, modern: StandIn) -> None:
    assert SEEDED_COUNTS == {BUSY: 237, EMPTY: 0, MIXED: 41}
    for function_id, count in SEEDED_COUNTS.items():
        assert len(modern.executions(function_id)) == count
        assert legacy_page(legacy, function_id).json()["sum"] == count
        assert modern_page(modern, function_id).json()["total"] == count
    assert modern.function_ids() == [BUSY, EMPTY, MIXED]


def test_seeded_variety(modern: StandIn) -> None:
    records = modern.executions(BUSY) + modern.executions(MIXED)
    assert {r["status"] for r in records} == {
        "waiting",
        "processing",
        "completed",
        "failed",
        "scheduled",
    }
    assert {r["trigger"] for r in records} == {"http", "schedule", "event"}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {
        r["requestMethod"] for r in records
    }
    failed = [r for r in modern.executions(MIXED) if r["status"] == "failed"]
    assert any(r["errors"].count("\n") >= 3 for r in failed)
    bodies = "".join(r["responseBody"] for r in records)
    for sample in ("🎉", "你好", "안녕하세요", "مرحبا", "שלום"):
        assert sample in bodies
    scheduled = [r for r in records if r["status"] == "scheduled"]
    assert scheduled and all(r["scheduledAt"] > modern.now() for r in scheduled)
    assert all(r["scheduledAt"] is None for r in records if r["status"] != "scheduled")
    created = [r["$createdAt"] for r in modern.executions(BUSY)]
    assert len(created) != len(set(created)), (
        "some executions share a creation time (tie-break by id)"
    )


def test_seed_changes_contents_not_counts() -> None:
    with StandIn(version=MODERN, seed=1) as one, StandIn(version=MODERN, seed=2) as two:
        assert [len(one.executions(f)) for f in SEEDED_COUNTS] == [
            len(two.executions(f)) for f in SEEDED_COUNTS
        ]
        assert one.executions(BUSY) != two.executions(BUSY)
    with StandIn(version=MODERN, seed=1) as again:
        assert again.executions(BUSY) == StandIn(version=LEGACY, seed=1).executions(BUSY)


def test_modern_record_key_order(modern: StandIn) -> None:
    execution = modern_page(modern, BUSY).json()["executions"][0]
    assert list(execution) == [
        "$id",
        "$createdAt",
        "$updatedAt",
        "$permissions",
        "functionId",
        "deploymentId",
        "trigger",
        "status",
        "requestMethod",
        "requestPath",
        "requestHeaders",
        "responseStatusCode",
        "responseBody",
        "responseHeaders",
        "logs",
        "errors",
        "duration",
        "scheduledAt",
    ]
    assert execution["$createdAt"] == "2026-01-02T03:04:05.678+00:00"
    assert execution["$permissions"] == ['read("any")']
    assert isinstance(execution["duration"], float)


def test_legacy_is_the_same_executions_through_the_legacy_lens(
    legacy: StandIn, modern: StandIn
) -> None:
    for function_id in (BUSY, MIXED):
        truth = modern.executions(function_id)
        seen: list[dict[str, Any]] = []
        for offset in range(0, len(truth), 100):
            seen += legacy_page(legacy, function_id, limit=100, offset=offset).json()["executions"]
        assert len(seen) == len(truth)
        for old, new in zip(seen, truth, strict=True):
            assert list(old) == [
                "$id",
                "functionId",
                "dateCreated",
                "trigger",
                "status",
                "exitCode",
                "stdout",
                "stderr",
                "time",
            ]
            assert old["$id"] == new["$id"]
            assert old["functionId"] == new["functionId"]
            assert old["trigger"] == new["trigger"]
            assert old["status"] == ("waiting" if new["status"] == "scheduled" else new["status"])
            assert old["exitCode"] == new["responseStatusCode"]
            assert old["stdout"] == new["responseBody"][-4000:]  # 0.7-0.11 keep 4,000
            assert old["stderr"] == new["errors"][-4000:]
            assert old["time"] == new["duration"]
            assert isinstance(old["dateCreated"], int)
            second = datetime.fromtimestamp(old["dateCreated"], UTC).strftime("%Y-%m-%dT%H:%M:%S")
            assert new["$createdAt"].startswith(second)


def test_unicode_is_sent_as_raw_utf8(modern: StandIn) -> None:
    response = modern_page(modern, MIXED, q("limit", values=[100]))
    assert "🎉".encode() in response.content
    assert b"\\ud83c" not in response.content
    assert (
        response.content
        == json.dumps(response.json(), ensure_ascii=False, separators=(",", ":")).encode()
    )


# ------------------------------------------------------------------- 4,000-char cap


def test_output_caps_by_line(modern: StandIn, legacy: StandIn) -> None:
    """1.x keep up to 1,000,000 characters of logs and errors; 0.7-0.11 the last 4,000
    (0.9.4:app/workers/functions.php mb_substr($stderr, -4000); 1.8.1:app/init/
    constants.php APP_FUNCTION_ERROR_LENGTH_LIMIT = 1000000)."""
    records = modern.executions(MIXED)
    long_errors = next(r for r in records if len(r["errors"]) > OUTPUT_CAP)
    assert long_errors["errors"].startswith("Error: retry 0 failed")
    assert long_errors["errors"].endswith("(message 89)\n")
    long_logs = next(r for r in records if len(r["logs"]) > OUTPUT_CAP)
    assert long_logs["logs"].startswith("log line 00000")
    wire = call(modern, "GET", f"/functions/{MIXED}/executions/{long_errors['$id']}").json()
    assert wire["errors"] == long_errors["errors"]
    old = call(legacy, "GET", f"/functions/{MIXED}/executions/{long_errors['$id']}").json()
    assert len(old["stderr"]) == OUTPUT_CAP == 4000
    assert old["stderr"] == long_errors["errors"][-4000:]


def test_legacy_stdout_capped_at_4000(legacy: StandIn) -> None:
    data = "".join(f"{n:07d}," for n in range(1000))  # 8,000 chars
    created = call(legacy, "POST", f"/functions/{BUSY}/executions", body={"data": data}).json()
    for _ in range(2):
        final = call(legacy, "GET", f"/functions/{BUSY}/executions/{created['$id']}").json()
    assert final["status"] == "completed"
    assert len(final["stdout"]) == 4000
    assert final["stdout"].endswith(data[-3000:])


# ----------------------------------------------------------------- legacy listing


def test_legacy_pages_of_25_and_100(legacy: StandIn) -> None:
    truth = [r["$id"] for r in legacy.executions(BUSY)]
    for size, lengths in ((25, [25] * 9 + [12]), (100, [100, 100, 37])):
        collected: list[str] = []
        for offset in range(0, 237, size):
            page = legacy_page(legacy, BUSY, limit=size, offset=offset)
            assert page.json()["sum"] == 237
            collected += ids(page)
            assert len(ids(page)) == lengths[offset // size]
        assert collected == truth


def test_legacy_defaults_and_boundaries(legacy: StandIn) -> None:
    assert len(ids(legacy_page(legacy, BUSY))) == 25
    zero = legacy_page(legacy, BUSY, limit=0).json()
    assert zero == {"sum": 237, "executions": []}
    assert ids(legacy_page(legacy, BUSY, offset=237)) == []
    assert len(ids(legacy_page(legacy, BUSY, limit=100, offset=200))) == 37
    assert legacy_page(legacy, EMPTY).json() == {"sum": 0, "executions": []}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": 101}, "Invalid limit: Value must be a valid range between 0 and 100"),
        ({"limit": "ten"}, "Invalid limit: Value must be a valid range between 0 and 100"),
        ({"limit": "2.5"}, "Invalid limit: Value must be a valid range between 0 and 100"),
        ({"limit": -1}, "Invalid limit: Value must be a valid range between 0 and 100"),
        ({"offset": -1}, "Invalid offset: Value must be a valid range between 0 and 2000"),
        ({"offset": 2001}, "Invalid offset: Value must be a valid range between 0 and 2000"),
        ({"orderType": "asc"}, "Invalid orderType: Value must be one of (ASC, DESC)"),
        (
            {"search": "x" * 257},
            "Invalid search: Value must be a valid string and no longer than 256 chars",
        ),
    ],
)
def test_legacy_invalid_parameters(legacy: StandIn, params: dict[str, Any], message: str) -> None:
    assert_error(legacy_page(legacy, BUSY, **params), 400, message, LEGACY, None)


def test_legacy_order(legacy: StandIn) -> None:
    truth = [r["$id"] for r in legacy.executions(BUSY)]
    assert ids(legacy_page(legacy, BUSY, limit=100, orderType="ASC")) == truth[:100]
    assert ids(legacy_page(legacy, BUSY, limit=100, orderType="DESC")) == truth[::-1][:100]
    created = [e["dateCreated"] for e in legacy_page(legacy, BUSY, limit=100).json()["executions"]]
    assert created == sorted(created)


def test_legacy_search(legacy: StandIn) -> None:
    """0.7-0.11 search every string property, whole words (0.9.4:src/Appwrite/Database/
    Adapter/MySQL.php MATCH ... AGAINST): the status, and the captured output too."""
    mixed = legacy.executions(MIXED)
    failed = legacy_page(legacy, MIXED, search="failed", limit=100).json()
    by_status = {r["$id"] for r in mixed if r["status"] == "failed"}
    in_output = {r["$id"] for r in mixed if " failed" in r["errors"][-4000:]}
    assert {e["$id"] for e in failed["executions"]} == by_status | in_output
    assert in_output - by_status == set() and by_status
    busy = legacy.executions(BUSY)
    schedule = legacy_page(legacy, BUSY, search="SCHEDULE", limit=100).json()
    assert schedule["sum"] == sum(r["trigger"] == "schedule" for r in busy)
    some = busy[17]["$id"]
    by_id = legacy_page(legacy, BUSY, search=some.upper()).json()
    assert [e["$id"] for e in by_id["executions"]] == [some]
    assert legacy_page(legacy, BUSY, search=some[-9:]).json()["sum"] == 0  # words, not parts
    assert legacy_page(legacy, BUSY, search="no-match-here").json() == {"sum": 0, "executions": []}


def test_legacy_status_has_no_scheduled(legacy: StandIn) -> None:
    statuses = {
        e["status"] for e in legacy_page(legacy, BUSY, limit=100, offset=200).json()["executions"]
    }
    assert "scheduled" not in statuses
    assert "waiting" in statuses


def test_legacy_ignores_queries_param(legacy: StandIn) -> None:
    response = call(
        legacy, "GET", f"/functions/{BUSY}/executions", params={"queries[]": "limit(1)"}
    )
    assert response.status_code == 200
    assert len(ids(response)) == 25


# ----------------------------------------------------------------- modern listing


def test_modern_default_page_and_total(modern: StandIn) -> None:
    truth = [r["$id"] for r in modern.executions(BUSY)]
    page = modern_page(modern, BUSY)
    assert page.json()["total"] == 237
    assert ids(page) == truth[:25]


def test_modern_offset_pages(modern: StandIn) -> None:
    truth = [r["$id"] for r in modern.executions(BUSY)]
    collected: list[str] = []
    for offset in range(0, 237, 100):
        page = modern_page(modern, BUSY, q("limit", values=[100]), q("offset", values=[offset]))
        assert page.json()["total"] == 237
        collected += ids(page)
    assert collected == truth
    last = modern_page(modern, BUSY, q("limit", values=[25]), q("offset", values=[225]))
    assert len(ids(last)) == 12
    assert ids(modern_page(modern, BUSY, q("offset", values=[237]))) == []


def test_modern_limit_bounds(modern: StandIn) -> None:
    """1.4+ take limit(1 .. PHP_INT_MAX) (utopia-php/database 3.5.0, pinned by 1.8.1:
    src/Database/Validator/Query/Limit.php Range(1, $maxLimit = PHP_INT_MAX))."""
    assert len(ids(modern_page(modern, BUSY, q("limit", values=[5000])))) == 237
    assert len(ids(modern_page(modern, BUSY, q("limit", values=[50_000])))) == 237
    for bad in (0, "25"):
        assert_error(
            modern_page(modern, BUSY, q("limit", values=[bad])),
            400,
            "Invalid `queries` param: Invalid query: Invalid limit: "
            "Value must be a valid range between 1 and 9,223,372,036,854,775,807",
            MODERN,
            "general_argument_invalid",
        )


def test_limit_is_at_most_100_on_1_0_to_1_2() -> None:
    """1.2.1:src/Appwrite/Utopia/Database/Validator/Query/Limit.php: $maxLimit = 100;
    Offset.php: $maxOffset = 5000. 1.3.8 lifts both to PHP_INT_MAX."""
    with StandIn(version="1.2.1") as server:
        ok = call(
            server, "GET", f"/functions/{BUSY}/executions", params=[("queries[]", "limit(100)")]
        )
        assert len(ok.json()["executions"]) == 100
        for query, bound in (("limit(101)", "100"), ("offset(5001)", "5,000")):
            refused = call(
                server, "GET", f"/functions/{BUSY}/executions", params=[("queries[]", query)]
            )
            assert refused.status_code == 400
            assert refused.json()["message"].endswith(f"between 0 and {bound}")
    with StandIn(version="1.3.8") as server:
        wide = call(
            server, "GET", f"/functions/{BUSY}/executions", params=[("queries[]", "limit(500)")]
        )
        assert len(wide.json()["executions"]) == 237


def test_modern_cursor_pagination(modern: StandIn) -> None:
    truth = [r["$id"] for r in modern.executions(BUSY)]
    collected: list[str] = []
    cursor: str | None = None
    while True:
        queries = [q("limit", values=[100])]
        if cursor is not None:
            queries.append(q("cursorAfter", values=[cursor]))
        page = modern_page(modern, BUSY, *queries, extra=[("total", "false")])
        assert page.json()["total"] == 0
        collected += ids(page)
        if len(ids(page)) < 100:
            break
        cursor = ids(page)[-1]
    assert collected == truth
    before = modern_page(
        modern, BUSY, q("cursorBefore", values=[truth[50]]), q("limit", values=[25])
    )
    assert ids(before) == truth[25:50]
    assert ids(modern_page(modern, BUSY, q("cursorBefore", values=[truth[3]]))) == truth[:3]


def test_modern_cursor_not_found(modern: StandIn) -> None:
    assert_error(
        modern_page(modern, BUSY, q("cursorAfter", values=["nosuchexecution"])),
        400,
        "Execution 'nosuchexecution' for the 'cursor' value not found.",
        MODERN,
        "general_cursor_not_found",
    )


def test_modern_order(modern: StandIn) -> None:
    truth = [r["$id"] for r in modern.executions(BUSY)]
    desc = modern_page(modern, BUSY, q("orderDesc", "$createdAt"), q("limit", values=[100]))
    assert ids(desc) == truth[::-1][:100]
    natural_desc = modern_page(modern, BUSY, q("orderDesc", ""), q("limit", values=[100]))
    assert ids(natural_desc) == truth[::-1][:100]
    asc = modern_page(modern, BUSY, q("orderAsc", "$createdAt"), q("limit", values=[100]))
    assert ids(asc) == truth[:100]
    desc_after = modern_page(
        modern, BUSY, q("orderDesc", "$createdAt"), q("cursorAfter", values=[truth[-10]])
    )
    assert ids(desc_after) == truth[::-1][10:35]
    by_duration = modern_page(
        modern, MIXED, q("orderDesc", "duration"), q("limit", values=[100])
    ).json()
    durations = [e["duration"] for e in by_duration["executions"]]
    assert durations == sorted(durations, reverse=True)


def test_modern_filters(modern: StandIn) -> None:
    mixed = modern.executions(MIXED)
    both = modern_page(
        modern, MIXED, q("equal", "status", ["failed", "completed"]), q("limit", values=[100])
    ).json()
    assert both["total"] == sum(r["status"] in ("failed", "completed") for r in mixed)
    assert {e["status"] for e in both["executions"]} == {"failed", "completed"}
    combined = modern_page(
        modern, MIXED, q("equal", "trigger", ["http"]), q("equal", "status", ["failed"])
    ).json()
    assert combined["total"] == sum(
        r["trigger"] == "http" and r["status"] == "failed" for r in mixed
    )
    code = modern_page(modern, MIXED, q("equal", "responseStatusCode", [500])).json()
    assert code["total"] == sum(r["responseStatusCode"] == 500 for r in mixed) > 0
    duration = mixed[0]["duration"]
    assert modern_page(modern, MIXED, q("equal", "duration", [duration])).json()["total"] >= 1
    assert modern_page(modern, MIXED, q("greaterThan", "responseStatusCode", [499])).json()[
        "total"
    ] == sum(r["responseStatusCode"] > 499 for r in mixed)
    for attribute in ("requestMethod", "requestPath", "deploymentId"):
        value = mixed[5][attribute]
        got = modern_page(
            modern, MIXED, q("equal", attribute, [value]), q("limit", values=[100])
        ).json()
        assert got["total"] == sum(r[attribute] == value for r in mixed)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (q("equal", "logs", ["x"]), "Invalid query: Attribute not found in schema: logs"),
        (
            q("equal", "functionId", ["x"]),
            "Invalid query: Attribute not found in schema: functionId",
        ),
        (
            q("equal", "responseStatusCode", ["500"]),
            'Invalid query: Query value is invalid for attribute "responseStatusCode"',
        ),
        (q("equal", "status", []), "Invalid query: Equal queries require at least one value."),
        (q("select", values=["$id"]), "Invalid query method: select"),
        (q("orderAsc", "logs"), "Invalid query: Attribute not found in schema: logs"),
        ('{"method":"limit","values":25}', "Invalid query values. Must be an array, got integer"),
        ("limit(25)", "Invalid query: Syntax error"),
        ('equal("status", ["failed"])', "Invalid query: Syntax error"),
    ],
)
def test_modern_invalid_queries(modern: StandIn, query: str, message: str) -> None:
    assert_error(
        modern_page(modern, MIXED, query),
        400,
        f"Invalid `queries` param: {message}",
        MODERN,
        "general_argument_invalid",
    )


def test_modern_query_count_and_forms(modern: StandIn) -> None:
    many = [q("limit", values=[1])] * 101
    response = modern_page(modern, BUSY, *many)
    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "Invalid `queries` param: Value must a valid array no longer than 100"
    )
    assert len(ids(modern_page(modern, BUSY, *([q("limit", values=[1])] * 100)))) == 1
    indexed = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        params=[("queries[0]", q("limit", values=[3])), ("queries[1]", q("offset", values=[1]))],
    )
    truth = [r["$id"] for r in modern.executions(BUSY)]
    assert ids(indexed) == truth[1:4]


def test_modern_total_param_and_ignored_search(modern: StandIn) -> None:
    no_total = modern_page(modern, BUSY, extra=[("total", "false")]).json()
    assert no_total["total"] == 0 and len(no_total["executions"]) == 25
    assert modern_page(modern, BUSY, extra=[("total", "true")]).json()["total"] == 237
    assert_error(
        modern_page(modern, BUSY, extra=[("total", "maybe")]),
        400,
        "Invalid `total` param: Value must be a valid boolean",
        MODERN,
        "general_argument_invalid",
    )
    searched = modern_page(modern, BUSY, extra=[("search", "failed")]).json()
    assert searched["total"] == 237


def test_empty_function_modern(modern: StandIn) -> None:
    assert modern_page(modern, EMPTY).json() == {"total": 0, "executions": []}


def test_string_form_parser_for_1_0_to_1_4() -> None:
    assert parse_string_query("limit(25)") == Query("limit", "", (25,))
    assert parse_string_query("offset(50)") == Query("offset", "", (50,))
    assert parse_string_query('cursorAfter("abc")') == Query("cursorAfter", "", ("abc",))
    assert parse_string_query('cursorBefore("abc")') == Query("cursorBefore", "", ("abc",))
    assert parse_string_query('orderAsc("$createdAt")') == Query("orderAsc", "$createdAt", ())
    assert parse_string_query('orderDesc("")') == Query("orderDesc", "", ())
    assert parse_string_query('equal("status", ["failed", "completed"])') == Query(
        "equal", "status", ("failed", "completed")
    )
    assert parse_string_query('equal("responseStatusCode", [500])') == Query(
        "equal", "responseStatusCode", (500,)
    )
    assert parse_string_query('equal("requestPath", ["/a,\\"b\\"]"])') == Query(
        "equal", "requestPath", ('/a,"b"]',)
    )
    for bad in (
        '{"method":"limit","values":[25]}',
        "limit(25",
        'equal("status" ["x"])',
        "frobnicate(1)",
    ):
        with pytest.raises(QueryError):
            parse_string_query(bad)


def test_json_form_parser_for_1_5_plus() -> None:
    assert parse_json_query('{"method":"limit","values":[25]}') == Query("limit", "", (25,))
    assert parse_json_query('{"method":"orderAsc","attribute":"$createdAt"}') == Query(
        "orderAsc", "$createdAt", ()
    )
    for bad in ("limit(25)", 'cursorAfter("id")', "[]", '{"method":5}', '{"method":"nope"}'):
        with pytest.raises(QueryError):
            parse_json_query(bad)


def test_query_syntax_follows_the_generation() -> None:
    strings_server = dataclasses.replace(MODERN_1_8, list_style="query-strings")

    def request(*queries: str) -> Request:
        target = "/v1/functions/reports/executions?" + urlencode(
            [("queries[]", text) for text in queries]
        )
        return Request(index=0, method="GET", target=target)

    string_form = request("limit(5)", 'equal("status", ["failed"])')
    json_form = request(q("limit", values=[5]), q("equal", "status", ["failed"]))
    assert modern_list(string_form, strings_server).selection.limit == 5
    assert modern_list(json_form, MODERN_1_8).selection.limit == 5
    with pytest.raises(ApiError):
        modern_list(json_form, strings_server)
    with pytest.raises(ApiError):
        modern_list(string_form, MODERN_1_8)


# ------------------------------------------------------------------ auth and errors


def test_wrong_or_missing_project(legacy: StandIn, modern: StandIn) -> None:
    for headers in ({"X-Appwrite-Project": "no-such-project"}, {}):
        response = httpx.get(
            modern.url + f"/functions/{BUSY}/executions",
            headers={**headers, "X-Appwrite-Key": modern.key},
        )
        assert_error(response, 404, PROJECT_MESSAGE, MODERN, "project_not_found")
        response = httpx.get(
            legacy.url + f"/functions/{BUSY}/executions",
            headers={**headers, "X-Appwrite-Key": legacy.key},
        )
        assert_error(response, 404, "Project not found", LEGACY, None)
        assert "type" not in response.json()


def test_bad_key_and_no_credential(legacy: StandIn, modern: StandIn) -> None:
    for headers in ({"X-Appwrite-Key": "not-the-key"}, {}):
        response = call(modern, "GET", f"/functions/{BUSY}/executions", auth=None, headers=headers)
        assert_error(
            response,
            401,
            'User (role: guests) missing scopes (["execution.read"])',
            MODERN,
            "general_unauthorized_scope",
        )
        response = call(legacy, "GET", f"/functions/{BUSY}/executions", auth=None, headers=headers)
        assert_error(
            response, 401, "User (role: guest) missing scope (execution.read)", LEGACY, None
        )
    assert call(modern, "POST", f"/functions/{BUSY}/executions", auth=None).json()["message"] == (
        'User (role: guests) missing scopes (["execution.write"])'
    )


def test_exact_legacy_error_bytes(legacy: StandIn) -> None:
    response = legacy_page(legacy, "nosuchfunction")
    assert response.content == b'{"message":"Function not found","code":404,"version":"0.9.4"}'


def test_bad_jwt(legacy: StandIn, modern: StandIn) -> None:
    response = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        auth=None,
        headers={"X-Appwrite-JWT": "nope"},
    )
    assert_error(
        response,
        401,
        "Failed to verify JWT. Invalid token: Incomplete segments",
        MODERN,
        "user_jwt_invalid",
    )
    response = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        auth=None,
        headers={"X-Appwrite-JWT": "a.b.c"},
    )
    assert response.json()["message"] == "Failed to verify JWT. Invalid token: Signature failed"
    response = call(
        legacy,
        "GET",
        f"/functions/{BUSY}/executions",
        auth=None,
        headers={"X-Appwrite-JWT": "nope"},
    )
    assert_error(
        response, 401, "Failed to verify JWT. Invalid token: Incomplete segments", LEGACY, None
    )


def test_user_credentials_hide_logs_and_errors(modern: StandIn) -> None:
    with_key = modern_page(modern, MIXED, q("limit", values=[100])).json()["executions"]
    assert any(e["logs"] for e in with_key) and any(e["errors"] for e in with_key)
    for auth in ("jwt", "session", "cookie"):
        page = modern_page(modern, MIXED, q("limit", values=[100]), auth=auth)
        assert page.status_code == 200, auth
        executions = page.json()["executions"]
        assert [e["$id"] for e in executions] == [e["$id"] for e in with_key]
        assert all(e["logs"] == "" and e["errors"] == "" for e in executions)
        one = call(
            modern, "GET", f"/functions/{MIXED}/executions/{with_key[0]['$id']}", auth=auth
        ).json()
        assert one["logs"] == "" and one["errors"] == ""
        assert {k: v for k, v in one.items() if k not in ("logs", "errors")} == {
            k: v for k, v in with_key[0].items() if k not in ("logs", "errors")
        }


def test_legacy_jwt_reads_stderr(legacy: StandIn) -> None:
    page = legacy_page(legacy, MIXED, auth="jwt", limit=100)
    assert page.status_code == 200
    assert any(e["stderr"] for e in page.json()["executions"])


def test_sessions_only_on_modern(legacy: StandIn, modern: StandIn) -> None:
    for auth in ("session", "cookie"):
        assert_error(
            legacy_page(legacy, BUSY, auth=auth),
            401,
            "User (role: guest) missing scope (execution.read)",
            LEGACY,
            None,
        )
    wrong = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        auth=None,
        headers={"X-Appwrite-Session": "nope"},
    )
    assert wrong.status_code == 401
    assert wrong.json()["type"] == "general_unauthorized_scope"


def test_credential_mixes_are_refused(modern: StandIn) -> None:
    both = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        headers={"X-Appwrite-Session": modern.session},
    )
    assert both.status_code == 403
    assert both.json()["type"] == "user_api_key_and_session_set"
    jwt_and_session = call(
        modern,
        "GET",
        f"/functions/{BUSY}/executions",
        auth="jwt",
        headers={"X-Appwrite-Session": modern.session},
    )
    assert jwt_and_session.status_code == 403
    assert jwt_and_session.json()["type"] == "user_jwt_and_cookie_set"


def test_not_found_errors(legacy: StandIn, modern: StandIn) -> None:
    assert_error(
        modern_page(modern, "nosuchfunction"),
        404,
        "Function with the requested ID could not be found.",
        MODERN,
        "function_not_found",
    )
    assert_error(
        call(modern, "GET", f"/functions/{BUSY}/executions/nosuchexecution"),
        404,
        "Execution with the requested ID could not be found.",
        MODERN,
        "execution_not_found",
    )
    assert_error(
        call(legacy, "GET", f"/functions/{BUSY}/executions/nosuchexecution"),
        404,
        "Execution not found",
        LEGACY,
        None,
    )
    other = modern.executions(MIXED)[0]["$id"]
    assert call(modern, "GET", f"/functions/{BUSY}/executions/{other}").status_code == 404
    assert call(legacy, "GET", f"/functions/{BUSY}/executions/{other}").status_code == 404
    assert call(modern, "GET", f"/functions/{MIXED}/executions/{other}").status_code == 200


def test_route_not_found(legacy: StandIn, modern: StandIn) -> None:
    route = "The requested route was not found. Please refer to the API docs and try again."
    assert_error(call(modern, "GET", "/nope"), 404, route, MODERN, "general_route_not_found")
    assert_error(
        call(modern, "PUT", f"/functions/{BUSY}/executions"),
        404,
        route,
        MODERN,
        "general_route_not_found",
    )
    assert_error(call(legacy, "GET", "/nope"), 404, "Not Found", LEGACY, None)
    some = legacy.executions(BUSY)[0]["$id"]
    assert_error(
        call(legacy, "DELETE", f"/functions/{BUSY}/executions/{some}"),
        404,
        "Not Found",
        LEGACY,
        None,
    )
    assert call(legacy, "GET", f"/functions/{BUSY}/executions/{some}").status_code == 200


def test_invalid_path_id(modern: StandIn) -> None:
    response = modern_page(modern, "x" * 37)
    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "Invalid `functionId` param: UID must contain at most 36 chars."
    )
    assert response.json()["type"] == "general_argument_invalid"


# -------------------------------------------------------------------------- create


def test_legacy_create_progresses_on_reads(legacy: StandIn) -> None:
    response = call(legacy, "POST", f"/functions/{BUSY}/executions", body={"data": "hello"})
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "waiting"
    assert (created["exitCode"], created["stdout"], created["stderr"], created["time"]) == (
        0,
        "",
        "",
        0.0,
    )
    assert (
        legacy_page(legacy, BUSY, limit=1, orderType="DESC").json()["executions"][0]["status"]
        == "waiting"
    )
    path = f"/functions/{BUSY}/executions/{created['$id']}"
    assert call(legacy, "GET", path).json()["status"] == "processing"
    done = call(legacy, "GET", path).json()
    assert done["status"] == "completed"
    assert done["exitCode"] == 0
    assert done["stdout"] == "received 5 chars: hello"
    assert isinstance(done["time"], float) and done["time"] > 0
    assert call(legacy, "GET", path).json() == done
    assert legacy_page(legacy, BUSY).json()["sum"] == 238


def test_legacy_create_form_and_validation(legacy: StandIn) -> None:
    form = call(legacy, "POST", f"/functions/{BUSY}/executions", form={"data": "from a form"})
    assert form.status_code == 201
    assert_error(
        call(legacy, "POST", f"/functions/{BUSY}/executions", body={"data": 5}),
        400,
        "Invalid data: Value must be a valid string and no longer than 8192 chars",
        LEGACY,
        None,
    )
    assert (
        call(legacy, "POST", f"/functions/{BUSY}/executions", body={"data": "x" * 8193}).status_code
        == 400
    )
    assert call(legacy, "POST", "/functions/nosuchfunction/executions", body={}).json()[
        "message"
    ] == ("Function not found")


def test_chunked_request_body(legacy: StandIn) -> None:
    headers = {**auth_headers(legacy), "Content-Type": "application/json"}
    response = httpx.post(
        legacy.url + f"/functions/{BUSY}/executions",
        headers=headers,
        content=iter([b'{"data":', b' "in chunks"}']),
    )
    assert response.status_code == 201
    path = f"/functions/{BUSY}/executions/{response.json()['$id']}"
    call(legacy, "GET", path)
    assert call(legacy, "GET", path).json()["stdout"] == "received 9 chars: in chunks"


def test_modern_sync_create(modern: StandIn) -> None:
    response = call(
        modern,
        "POST",
        f"/functions/{BUSY}/executions",
        body={
            "body": '{"hello": "wörld 🌍"}',
            "async": False,
            "path": "/reports?day=2026-01-02",
            "method": "PUT",
            "headers": {"x-trace": "abc-123", "content-type": "application/json"},
        },
    )
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "completed"
    assert created["trigger"] == "http"
    assert created["responseStatusCode"] == 200
    assert json.loads(created["responseBody"]) == {
        "method": "PUT",
        "path": "/reports?day=2026-01-02",
        "body": '{"hello": "wörld 🌍"}',
    }
    assert created["requestMethod"] == "PUT"
    assert created["requestPath"] == "/reports?day=2026-01-02"
    assert created["requestHeaders"] == [{"name": "content-type", "value": "application/json"}]
    assert {"name": "x-appwrite-execution-id", "value": created["$id"]} in created[
        "responseHeaders"
    ]
    assert created["logs"] and created["errors"] == ""
    assert created["$permissions"] == []
    assert created["$createdAt"] == "2026-03-02T09:00:01.250+00:00"
    assert created["scheduledAt"] is None
    stored = call(modern, "GET", f"/functions/{BUSY}/executions/{created['$id']}").json()
    assert stored["responseBody"] == ""
    assert all(h["name"] != "x-appwrite-execution-id" for h in stored["responseHeaders"])
    assert stored["status"] == "completed"


def test_modern_create_defaults_and_user_permissions(modern: StandIn) -> None:
    created = call(modern, "POST", f"/functions/{BUSY}/executions", auth="jwt", body={}).json()
    assert (created["requestMethod"], created["requestPath"], created["status"]) == (
        "POST",
        "/",
        "completed",
    )
    assert created["$permissions"] == ['read("user:standin-user")']
    assert created["logs"] == ""
    key_made = call(modern, "POST", f"/functions/{BUSY}/executions", body={}).json()
    assert (
        call(
            modern, "GET", f"/functions/{BUSY}/executions/{key_made['$id']}", auth="jwt"
        ).status_code
        == 404
    )
    assert (
        call(
            modern, "GET", f"/functions/{BUSY}/executions/{created['$id']}", auth="jwt"
        ).status_code
        == 200
    )
    assert modern_page(modern, BUSY, auth="jwt").json()["total"] == 238
    assert modern_page(modern, BUSY).json()["total"] == 239


def test_modern_async_progression(modern: StandIn) -> None:
    created = call(
        modern, "POST", f"/functions/{BUSY}/executions", body={"body": "{}", "async": True}
    ).json()
    assert created["status"] == "waiting"
    assert created["responseStatusCode"] == 0
    path = f"/functions/{BUSY}/executions/{created['$id']}"
    listed = modern_page(modern, BUSY, q("orderDesc", "$createdAt"), q("limit", values=[1])).json()[
        "executions"
    ]
    assert listed[0]["$id"] == created["$id"] and listed[0]["status"] == "waiting"
    processing = call(modern, "GET", path).json()
    assert processing["status"] == "processing"
    assert processing["$updatedAt"] > created["$updatedAt"]
    completed = call(modern, "GET", path).json()
    assert completed["status"] == "completed"
    assert completed["responseStatusCode"] == 200
    assert completed["responseBody"] == ""
    assert completed["logs"] and completed["duration"] > 0
    assert completed["$createdAt"] == created["$createdAt"]
    assert call(modern, "GET", path).json() == completed
    async_string = call(
        modern, "POST", f"/functions/{BUSY}/executions", form={"async": "true"}
    ).json()
    assert async_string["status"] == "waiting"


def test_modern_scheduled_create(modern: StandIn) -> None:
    response = call(
        modern,
        "POST",
        f"/functions/{BUSY}/executions",
        body={"body": "{}", "async": True, "scheduledAt": "2026-03-05T12:00:00+02:00"},
    )
    assert response.status_code == 202  # scheduled creates are async: 202 Accepted
    created = response.json()
    assert created["status"] == "scheduled"
    assert created["trigger"] == "schedule"
    assert created["scheduledAt"] == "2026-03-05T10:00:00.000+00:00"
    again = call(modern, "GET", f"/functions/{BUSY}/executions/{created['$id']}").json()
    assert again["status"] == "scheduled"
    far = call(
        modern,
        "POST",
        f"/functions/{BUSY}/executions",
        body={"async": True, "scheduledAt": "2030-01-01T09:30:00Z"},
    ).json()
    assert far["scheduledAt"] == "2030-01-01T09:30:00.000+00:00"


@pytest.mark.parametrize(
    ("body", "message", "type_"),
    [
        (
            {"scheduledAt": "2026-03-05T10:00:00Z"},
            "Scheduled executions must run asynchronously. Set scheduledAt to a future date, "
            "or set async to true.",
            "general_bad_request",
        ),
        (
            {"async": True, "scheduledAt": "2026-03-01T10:00:00Z"},
            "Execution schedule must be a valid date, and at least 1 minute from now",
            "general_bad_request",
        ),
        (
            {"async": True, "scheduledAt": "2026-03-05T10:00:30Z"},
            "Execution schedule must be a valid date, and at least 1 minute from now",
            "general_bad_request",
        ),
        (
            {"async": True, "scheduledAt": "next tuesday"},
            "Execution schedule must be a valid date, and at least 1 minute from now",
            "general_bad_request",
        ),
        (
            {"method": "FETCH"},
            "Invalid `method` param: "
            "Value must be one of (GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD)",
            "general_argument_invalid",
        ),
        (
            {"body": 5},
            "Invalid `body` param: Value must be a valid string and no longer than 10485760 chars",
            "general_argument_invalid",
        ),
        (
            {"async": "maybe"},
            "Invalid `async` param: Value must be a valid boolean",
            "general_argument_invalid",
        ),
        (
            {"path": "/" * 2049},
            "Invalid `path` param: Value must be a valid string and no longer than 2048 chars",
            "general_argument_invalid",
        ),
        (
            {"headers": ["x"]},
            "Invalid `headers` param: Value must be a valid object.",
            "general_argument_invalid",
        ),
        (
            {"headers": {"x": 1}},
            "Invalid `headers` param: Value must be a valid object.",
            "general_argument_invalid",
        ),
    ],
)
def test_modern_create_validation(
    modern: StandIn, body: dict[str, Any], message: str, type_: str
) -> None:
    assert_error(
        call(modern, "POST", f"/functions/{BUSY}/executions", body=body),
        400,
        message,
        MODERN,
        type_,
    )
    assert modern_page(modern, BUSY).json()["total"] == 237


# -------------------------------------------------------------------------- delete


def test_modern_delete(modern: StandIn) -> None:
    victim = modern.executions(BUSY)[10]["$id"]
    response = call(modern, "DELETE", f"/functions/{BUSY}/executions/{victim}")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-type"] == "text/html"  # the server's default type
    assert_error(
        call(modern, "GET", f"/functions/{BUSY}/executions/{victim}"),
        404,
        "Execution with the requested ID could not be found.",
        MODERN,
        "execution_not_found",
    )
    assert call(modern, "DELETE", f"/functions/{BUSY}/executions/{victim}").status_code == 404
    assert modern_page(modern, BUSY).json()["total"] == 236
    modern.reset()
    assert modern_page(modern, BUSY).json()["total"] == 237
    assert call(modern, "GET", f"/functions/{BUSY}/executions/{victim}").status_code == 200


def test_delete_needs_an_api_key(modern: StandIn) -> None:
    victim = modern.executions(BUSY)[0]["$id"]
    for auth in ("jwt", "session"):
        assert_error(
            call(modern, "DELETE", f"/functions/{BUSY}/executions/{victim}", auth=auth),
            401,
            "The current user is not authorized to perform the requested action.",
            MODERN,
            "user_unauthorized",
        )
    assert call(modern, "GET", f"/functions/{BUSY}/executions/{victim}").status_code == 200


# ------------------------------------------------------------------- determinism


def _session_bytes(server: StandIn) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    modern_server = server.generation.key == "1.8"
    out: list[tuple[int, list[tuple[str, str]], bytes]] = []

    def keep(response: httpx.Response) -> httpx.Response:
        out.append((response.status_code, list(response.headers.items()), response.content))
        return response

    keep(httpx.get(server.url + "/health/version"))
    if modern_server:
        keep(modern_page(server, MIXED, q("limit", values=[100])))
        sync = keep(
            call(server, "POST", f"/functions/{BUSY}/executions", body={"body": "ü", "path": "/x"})
        ).json()
        made = keep(
            call(server, "POST", f"/functions/{BUSY}/executions", body={"async": True})
        ).json()
        for _ in range(3):
            keep(call(server, "GET", f"/functions/{BUSY}/executions/{made['$id']}"))
        keep(call(server, "DELETE", f"/functions/{BUSY}/executions/{sync['$id']}"))
        keep(modern_page(server, BUSY, q("orderDesc", "$createdAt"), q("limit", values=[5])))
        keep(modern_page(server, BUSY, q("equal", "logs", ["x"])))
    else:
        keep(legacy_page(server, MIXED, limit=100))
        made = keep(
            call(server, "POST", f"/functions/{BUSY}/executions", body={"data": "ü"})
        ).json()
        for _ in range(3):
            keep(call(server, "GET", f"/functions/{BUSY}/executions/{made['$id']}"))
        keep(legacy_page(server, BUSY, orderType="DESC", limit=5))
        keep(legacy_page(server, BUSY, limit=1000))
    keep(call(server, "GET", f"/functions/{BUSY}/executions", auth=None))
    return out


@pytest.mark.parametrize("version", [LEGACY, MODERN])
def test_same_sequence_after_reset_is_byte_identical(version: str) -> None:
    with StandIn(version=version) as server:
        first = _session_bytes(server)
        server.reset()
        assert server.requests_seen == 0
        second = _session_bytes(server)
        assert first == second
        third = _session_bytes(server)  # without reset: state moved on
        assert third != first
    with StandIn(version=version) as other:
        assert _session_bytes(other) == first


# ------------------------------------------------------------------ fault hook


def test_before_request_hook_can_fault_chosen_requests(modern: StandIn) -> None:
    seen: list[int] = []

    def hook(request: Request) -> Reply | None:
        seen.append(request.index)
        if request.index == 1:
            return Reply(
                status=503, body=b"<html>Service Unavailable</html>", content_type="text/html"
            )
        if request.index == 2:
            return Reply(status=0, drop_connection=True)
        return None

    modern.before_request = hook
    assert modern_page(modern, BUSY).status_code == 200
    faulted = modern_page(modern, BUSY)
    assert faulted.status_code == 503
    assert faulted.text == "<html>Service Unavailable</html>"
    with pytest.raises(httpx.TransportError):
        modern_page(modern, BUSY)
    assert modern_page(modern, BUSY).status_code == 200
    assert seen == [0, 1, 2, 3]
    modern.before_request = None
    modern.reset()
    assert modern.requests_seen == 0
