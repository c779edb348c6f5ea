"""The paging loop: complete walks within each line's caps, never a silent gap, and
bounded failure against servers whose pages repeat, cycle, shrink or lie about counts.

The caps come from Appwrite's source (openapi.yaml C14): offset Range(0, 2000) on
0.7-0.11, counts stopping at 5,000 from 0.12, newest-first lists on 0.12-0.15,
limit() at most 100 on 1.0-1.2. Functions past the caps live on the stand-in
(`extra_functions`); hostile servers are small in-memory ones behind the public Client.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import yaml
from appwrite_executions import (
    Client,
    IncompleteListing,
    InvalidArgument,
    InvalidResponse,
    PagingLimits,
    ServerError,
)
from appwrite_standin import Reply, Request, StandIn
from support.paths import PROJECT


def standin_client(server: StandIn) -> Client:
    return Client(server.url, project=server.project, key=server.key)


def limits_of(requests: list[Request]) -> list[int]:
    """Every page size the client asked for (limit= or limit(N) / {"method":"limit"})."""
    sizes: list[int] = []
    for request in requests:
        for key, value in request.query:
            if key == "limit":
                sizes.append(int(value))
            elif key == "queries[]" and "limit" in value:
                digits = "".join(ch for ch in value if ch.isdigit())
                sizes.append(int(digits))
    return sizes


def recording(server: StandIn) -> list[Request]:
    seen: list[Request] = []

    def hook(request: Request) -> None:
        seen.append(request)

    server.before_request = hook
    return seen


# ------------------------------------------------------------- 0.7-0.11: both ends


def test_0_9_with_4500_yields_every_reachable_one_once_then_names_the_300() -> None:
    with StandIn(version="0.9.4", extra_functions={"big": 4500}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        requests = recording(server)
        got: list[str] = []
        with standin_client(server) as client, pytest.raises(IncompleteListing) as caught:
            for execution in client.iter_executions("big"):
                got.append(execution.id)
    error = caught.value
    assert error.unreachable == 300 and error.count == 4500 and error.listed == 4200
    assert "300 of 4,500" in str(error) and "offsets up to 2,000" in str(error)
    assert len(got) == len(set(got)) == 4200
    assert got == truth[:2100] + truth[-2100:]  # the oldest and the newest, in order
    assert max(limits_of(requests)) <= 100
    offsets = [int(v) for r in requests for k, v in r.query if k == "offset"]
    assert max(offsets) <= 2000  # never a 400 for an offset past Range(0, 2000)


def test_0_11_below_the_reach_of_both_ends_is_complete_in_both_orders() -> None:
    with StandIn(version="0.11.2", extra_functions={"big": 3000}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        with standin_client(server) as client:
            assert [e.id for e in client.iter_executions("big")] == truth
            assert [e.id for e in client.iter_executions("big", order="desc")] == truth[::-1]


def test_0_9_desc_names_the_same_unreachable_count() -> None:
    with StandIn(version="0.9.4", extra_functions={"big": 4500}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        got: list[str] = []
        with standin_client(server) as client, pytest.raises(IncompleteListing) as caught:
            got.extend(e.id for e in client.iter_executions("big", order="desc"))
    assert caught.value.unreachable == 300
    assert got == truth[::-1][:2100] + truth[::-1][-2100:]


def test_0_9_list_past_the_offset_cap_is_refused_before_sending() -> None:
    with StandIn(version="0.9.4", extra_functions={"big": 4500}) as server:
        requests = recording(server)
        with standin_client(server) as client:
            assert client.paging == PagingLimits(
                limit_max=100, offset_max=2000, count_cap=None, offset_only=True
            )
            with pytest.raises(InvalidArgument, match="2,000"):
                client.list_executions("big", offset=2100)
    assert [r.path for r in requests] == ["/v1/health/version"]


# ------------------------------------------------------- 0.12-0.15: past the count


def test_0_13_with_5300_iterates_all_once_in_creation_order() -> None:
    with StandIn(version="0.13.4", extra_functions={"big": 5300}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        with standin_client(server) as client:
            assert client.list_executions("big", limit=1).total == 5000  # the cap
            requests = recording(server)
            got = [e.id for e in client.iter_executions("big")]
            oldest_first_requests = len(requests)
            newest_first = [e.id for e in client.iter_executions("big", order="desc")]
    assert got == truth and len(set(got)) == 5300
    assert newest_first == truth[::-1]
    assert max(limits_of(requests)) <= 100
    # Finding the oldest past the cap costs a jump per 5,000 and ~13 probes, not a
    # second reading of the data: 53 pages of 100 and an empty one (the count, 5,000,
    # cannot say the last page was the last), plus under 20 requests of one execution.
    assert oldest_first_requests < 54 + 20


def test_0_13_oldest_first_page_past_the_cap() -> None:
    with StandIn(version="0.13.4", extra_functions={"big": 5300}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        with standin_client(server) as client:
            first = client.list_executions("big", limit=25)
            later = client.list_executions("big", limit=25, offset=100)
    assert [e.id for e in first.executions] == truth[:25]
    assert [e.id for e in later.executions] == truth[100:125]


@pytest.mark.parametrize("version", ["1.2.1", "1.8.1"])
def test_a_count_of_5000_is_not_the_end(version: str) -> None:
    with StandIn(version=version, extra_functions={"big": 5300}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        with standin_client(server) as client:
            assert client.list_executions("big", limit=1).total == 5000
            got = [e.id for e in client.iter_executions("big", page_size=100)]
    assert got == truth


def test_1_2_asked_for_a_page_of_500_never_asks_for_more_than_100() -> None:
    """1.2.1:src/Appwrite/Utopia/Database/Validator/Query/Limit.php: limit at most 100."""
    with StandIn(version="1.2.1", extra_functions={"big": 1200}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        requests = recording(server)
        with standin_client(server) as client:
            assert client.paging.limit_max == 100
            got = [e.id for e in client.iter_executions("big", page_size=500)]
            with pytest.raises(InvalidArgument, match="between 1 and 100"):
                client.list_executions("big", limit=500)
    assert got == truth
    assert limits_of(requests) and max(limits_of(requests)) == 100


def test_1_3_takes_pages_past_100() -> None:
    with (
        StandIn(version="1.3.8", extra_functions={"big": 1200}) as server,
        standin_client(server) as client,
    ):
        page = client.list_executions("big", limit=500)
    assert len(page.executions) == 500


def test_the_document_and_the_client_agree_on_the_offset_caps() -> None:
    """openapi.yaml's `maximum` of offset (C14) is what the client's PagingLimits say."""
    for generation, version in (("0_9", "0.9.4"), ("0_10", "0.11.2"), ("0_12", "0.12.4")):
        document = yaml.safe_load((PROJECT / f"generated/openapi/v{generation}.yaml").read_text())
        listing = document["paths"]["/functions/{functionId}/executions"]["get"]
        offset = next(p for p in listing["parameters"] if p["name"] == "offset")
        limit = next(p for p in listing["parameters"] if p["name"] == "limit")
        client = Client("http://127.0.0.1:9/v1", project="p", key="k", server_version=version)
        assert client.paging.offset_max == offset["schema"]["maximum"], version
        assert client.paging.limit_max == limit["schema"]["maximum"], version


# ------------------------------------------------------------ hostile servers

Handler = Callable[[dict[str, str], list[str]], tuple[int, Any]]


def execution(ident: str, second: int) -> dict[str, Any]:
    return {
        "$id": ident,
        "$createdAt": f"2026-01-01T00:{second // 60:02d}:{second % 60:02d}.000+00:00",
        "$updatedAt": "2026-01-01T00:00:00.000+00:00",
        "$permissions": [],
        "functionId": "f",
        "deploymentId": "d",
        "trigger": "http",
        "status": "completed",
        "requestMethod": "GET",
        "requestPath": "/",
        "requestHeaders": [],
        "responseStatusCode": 200,
        "responseBody": "",
        "responseHeaders": [],
        "logs": "",
        "errors": "",
        "duration": 0.1,
        "scheduledAt": None,
    }


def legacy_execution(ident: str, second: int) -> dict[str, Any]:
    return {
        "$id": ident,
        "functionId": "f",
        "dateCreated": 1_767_225_600 + second,
        "trigger": "http",
        "status": "completed",
        "exitCode": 0,
        "stdout": "",
        "stderr": "",
        "time": 0.1,
    }


def hostile(version: str, handler: Handler) -> tuple[Client, list[dict[str, str]]]:
    asked: list[dict[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        pairs = parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True)
        params = {k: v for k, v in pairs if k != "queries[]"}
        queries = [v for k, v in pairs if k == "queries[]"]
        asked.append(params | {"queries": json.dumps(queries)})
        if len(asked) > 500:
            raise AssertionError("the client kept asking: the walk did not end")
        status, body = handler(params, queries)
        return httpx.Response(status, json=body)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = Client(
        "http://hostile.invalid/v1",
        project="p",
        key="k",
        server_version=version,
        http_client=http,
        retries=0,
    )
    return client, asked


def cursor_of(queries: list[str]) -> str | None:
    for text in queries:
        item = json.loads(text)
        if item.get("method") == "cursorAfter":
            return str(item["values"][0])
    return None


def _pages_of(total: int, count: int, size: int = 100) -> Handler:
    """A server holding ``total`` executions in pages of ``size`` that counts ``count``."""
    items = [execution(f"e{i:05d}", i // 100) for i in range(total)]
    index = {item["$id"]: position for position, item in enumerate(items)}

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        start = 0 if cursor is None else index[cursor] + 1
        return 200, {"total": count, "executions": items[start : start + size]}

    return handler


def test_a_full_last_page_the_count_confirms_asks_for_no_empty_page() -> None:
    client, asked = hostile("1.8.1", _pages_of(300, 300))
    assert len(list(client.iter_executions("f", page_size=100))) == 300
    assert len(asked) == 3  # three full pages, and no fourth that would come back empty


@pytest.mark.parametrize(
    ("total", "count", "requests"),
    [
        (5100, 5000, 52),  # a count at the cap (5,000) is not exact: read on to the end
        (300, 150, 4),  # listed past the count: it cannot be trusted, read on to the end
    ],
)
def test_a_count_that_cannot_be_trusted_reads_on_until_an_empty_page(
    total: int, count: int, requests: int
) -> None:
    client, asked = hostile("1.8.1", _pages_of(total, count))
    assert len(list(client.iter_executions("f", page_size=100))) == total
    assert len(asked) == requests


def test_a_cursor_that_never_advances_is_an_invalid_response() -> None:
    page = [execution(f"e{i:03d}", i) for i in range(100)]
    client, asked = hostile(
        "1.8.1", lambda params, queries: (200, {"total": 0, "executions": page})
    )
    with pytest.raises(InvalidResponse, match="again"):
        list(client.iter_executions("f"))
    assert len(asked) == 2


def test_a_cycle_of_cursors_is_an_invalid_response() -> None:
    pages = {
        None: [execution(f"a{i:03d}", i) for i in range(100)],
        "a099": [execution(f"b{i:03d}", 100 + i) for i in range(100)],
        "b099": [execution(f"a{i:03d}", i) for i in range(100)],  # back to A
    }

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        return 200, {"total": 0, "executions": pages[cursor_of(queries)]}

    client, asked = hostile("1.8.1", handler)
    seen: list[str] = []
    with pytest.raises(InvalidResponse):
        seen.extend(e.id for e in client.iter_executions("f"))
    assert len(seen) == len(set(seen)) == 200 and len(asked) == 3


def test_an_execution_repeated_across_pages_is_caught() -> None:
    pages = {
        None: [execution(f"a{i:03d}", i) for i in range(100)],
        "a099": [execution("a050", 50), *[execution(f"b{i:03d}", 100 + i) for i in range(49)]],
    }

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        return 200, {"total": 150, "executions": pages.get(cursor_of(queries), [])}

    client, _ = hostile("1.8.1", handler)
    with pytest.raises(InvalidResponse, match="a050"):
        list(client.iter_executions("f"))


def test_short_pages_are_not_the_end_while_the_count_says_more() -> None:
    """A server that returns at most 50 a page while total says 250."""
    every = [execution(f"e{i:03d}", i) for i in range(250)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        start = 0 if cursor is None else int(cursor[1:]) + 1
        return 200, {"total": 250, "executions": every[start : start + 50]}

    client, _ = hostile("1.8.0", handler)
    got = [e.id for e in client.iter_executions("f", page_size=100)]
    assert got == [e["$id"] for e in every]


def test_a_count_the_pages_never_reach_is_reported() -> None:
    every = [execution(f"e{i:03d}", i) for i in range(120)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        start = 0 if cursor is None else int(cursor[1:]) + 1
        return 200, {"total": 300, "executions": every[start : start + 100]}

    client, _ = hostile("1.8.0", handler)
    got: list[str] = []
    with pytest.raises(IncompleteListing) as caught:
        got.extend(e.id for e in client.iter_executions("f"))
    assert len(got) == 120 and caught.value.unreachable == 180


def test_a_legacy_count_capped_at_5_is_reported_not_trusted() -> None:
    """A legacy `sum` of 5 over 250 executions: every one is read, then the lie named."""
    every = [legacy_execution(f"{i:013x}", i) for i in range(250)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        offset, limit = int(params["offset"]), int(params["limit"])
        return 200, {"sum": 5, "executions": every[offset : offset + limit]}

    client, _ = hostile("0.9.4", handler)
    got: list[str] = []
    with pytest.raises(InvalidResponse, match="counted 5"):
        got.extend(e.id for e in client.iter_executions("f"))
    assert len(got) == 250


def test_a_legacy_server_with_a_huge_count_and_full_pages_ends_bounded() -> None:
    """sum = 10**12 and every page full of new ids: the walk stops at the offset cap."""

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        offset, limit = int(params["offset"]), int(params["limit"])
        tag = params["orderType"]
        step, base = (1, 0) if tag == "ASC" else (-1, 10**6)
        items = [
            legacy_execution(f"{tag}{offset + i:010d}", base + step * (offset + i))
            for i in range(limit)
        ]
        return 200, {"sum": 10**12, "executions": items}

    client, asked = hostile("0.9.4", handler)
    with pytest.raises(IncompleteListing) as caught:
        list(client.iter_executions("f"))
    assert caught.value.unreachable == 10**12 - 4200
    assert len(asked) <= 42


def test_a_legacy_server_repeating_one_page_is_an_invalid_response() -> None:
    page = [legacy_execution(f"{i:013x}", i) for i in range(100)]
    client, asked = hostile(
        "0.9.4", lambda params, queries: (200, {"sum": 10**12, "executions": page})
    )
    with pytest.raises(InvalidResponse, match="same page"):
        list(client.iter_executions("f", status="failed"))
    assert len(asked) == 2


def test_a_legacy_filtered_list_on_a_huge_count_ends_bounded() -> None:
    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        offset, limit = int(params["offset"]), int(params["limit"])
        step = 1 if params["orderType"] == "ASC" else -1
        items = [
            legacy_execution(f"{params['orderType']}{offset + i:09d}", 10**6 + step * (offset + i))
            for i in range(limit)
        ]
        return 200, {"sum": 10**12, "executions": items}

    client, asked = hostile("0.9.4", handler)
    with pytest.raises(IncompleteListing):
        client.list_executions("f", status="failed")
    assert len(asked) <= 42


def test_a_small_page_size_still_reaches_2100_from_each_end() -> None:
    with StandIn(version="0.9.4", extra_functions={"big": 4500}) as server:
        truth = [r["$id"] for r in server.executions("big")]
        got: list[str] = []
        with standin_client(server) as client, pytest.raises(IncompleteListing) as caught:
            got.extend(e.id for e in client.iter_executions("big", page_size=25))
    assert caught.value.unreachable == 300
    assert got == truth[:2100] + truth[-2100:]


def test_export_past_the_offset_cap_keeps_the_file_and_exits_9(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("appwrite-executions")
    out = tmp_path / "big.jsonl"
    with StandIn(version="0.9.4", extra_functions={"big": 4500}) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("APPWRITE_")}
        env.update(
            APPWRITE_ENDPOINT=server.url, APPWRITE_PROJECT=server.project, APPWRITE_KEY=server.key
        )
        done = subprocess.run(
            [str(script), "export", "big", "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 9, done.stderr
    assert "300 of 4,500 executions of function 'big' cannot be reached" in done.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == len({json.loads(line)["$id"] for line in lines}) == 4200


def test_export_from_a_server_repeating_its_page_writes_nothing_and_exits_1(
    tmp_path: Path,
) -> None:
    """A cursor that never advances (the same full page again): export stops with exit 1
    and leaves no file, neither the asked one nor a partial one."""
    script = Path(sys.executable).with_name("appwrite-executions")
    out = tmp_path / "loop.jsonl"
    with StandIn(version="1.8.1") as server:
        page = httpx.get(
            f"{server.url}/functions/reports/executions",
            params=[("queries[]", '{"method":"limit","values":[100]}')],
            headers={"X-Appwrite-Project": server.project, "X-Appwrite-Key": server.key},
        )
        assert len(page.json()["executions"]) == 100

        def same_page(request: Request) -> Reply | None:
            if request.method == "GET" and request.path.endswith("/executions"):
                return Reply(status=200, body=page.content)
            return None

        server.before_request = same_page
        env = {k: v for k, v in os.environ.items() if not k.startswith("APPWRITE_")}
        env.update(
            APPWRITE_ENDPOINT=server.url, APPWRITE_PROJECT=server.project, APPWRITE_KEY=server.key
        )
        done = subprocess.run(
            [str(script), "export", "reports", "--out", str(out), "--page-size", "100"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert "again" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("read_ahead", [0, 4])
def test_executions_deleted_during_a_legacy_walk_are_not_a_silent_gap(read_ahead: int) -> None:
    """Retention purges the oldest 10 while a 0.9 walk is between pages: the rest move
    down past the offset already read, so 10 are skipped; the falling count says so,
    whether or not the next pages were asked for ahead."""
    every = [legacy_execution(f"{i:013x}", i) for i in range(250)]
    calls: list[int] = []

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        calls.append(1)
        rows = every if len(calls) == 1 else every[10:]
        offset, limit = int(params["offset"]), int(params["limit"])
        return 200, {"sum": len(rows), "executions": rows[offset : offset + limit]}

    client, _ = hostile("0.9.4", handler)
    got: list[str] = []
    with pytest.raises(IncompleteListing) as caught:
        got.extend(e.id for e in client.iter_executions("f", read_ahead=read_ahead))
    assert caught.value.unreachable == 10 and "deleted" in str(caught.value)
    assert len(got) == 240


def test_each_page_is_freed_when_dropped_even_with_the_collector_off() -> None:
    """Memory stays at a page or two over a long walk without relying on the cyclic
    garbage collector (httpx's response and its stream refer to each other, and the
    response holds the body): a bulk run may slow the collector down (the CLI does)."""
    logs = "x" * 5000
    items = [execution(f"e{i:05d}", i // 100) | {"logs": logs} for i in range(4000)]
    index = {item["$id"]: position for position, item in enumerate(items)}

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        start = 0 if cursor is None else index[cursor] + 1
        return 200, {"total": 0, "executions": items[start : start + 200]}

    client, asked = hostile("1.8.1", handler)
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        walked = sum(1 for _ in client.iter_executions("f", page_size=200))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        if enabled:
            gc.enable()
    assert walked == 4000 and len(asked) == 21
    # A page's body is 1 MB, 20 MB in all: the walk holds a few pages' worth at most.
    assert peak < 8_000_000, f"peak {peak:,} bytes"


# -- asking ahead (iter_executions(read_ahead=True), what export and sync use) -------


@pytest.mark.parametrize(
    ("total", "count", "cursor_after"),
    [
        (300, 300, None),  # exact count, a full last page
        (250, 250, None),  # exact count, a short last page
        (5100, 5000, None),  # a count at the cap: read on to an empty page
        (300, 150, None),  # an overcount
        (300, 300, "e00099"),  # resumed: no count, read on to an empty page
    ],
)
def test_asking_ahead_reads_the_same_executions_with_the_same_requests(
    total: int, count: int, cursor_after: str | None
) -> None:
    walks = {}
    for ahead in (False, True):
        client, asked = hostile("1.8.1", _pages_of(total, count))
        ids = [
            e.id
            for e in client.iter_executions(
                "f", page_size=100, cursor_after=cursor_after, read_ahead=ahead
            )
        ]
        walks[ahead] = (ids, sorted(json.dumps(a, sort_keys=True) for a in asked))
    assert walks[True] == walks[False]
    assert len(walks[True][0]) == len(set(walks[True][0]))


def test_asking_ahead_sends_the_next_request_while_the_caller_reads_the_page() -> None:
    arrived = [threading.Event() for _ in range(4)]
    serve = _pages_of(300, 300)

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        arrived[0 if cursor is None else int(cursor[1:]) // 100 + 1].set()
        return serve(params, queries)

    client, _ = hostile("1.8.1", handler)
    for number, _execution in enumerate(client.iter_executions("f", read_ahead=True)):
        if number == 150:  # in the middle of the second page: the third is asked for
            assert arrived[2].wait(10), "the next page was not asked for ahead"
    assert not arrived[3].is_set()  # and nothing after the count was reached


def test_a_wrong_guess_of_the_next_cursor_costs_one_request_and_nothing_else() -> None:
    """The cursor is read from the raw answer; an unknown nested object with an "$id"
    of its own in the last execution makes that guess wrong."""
    items = [execution(f"e{i:05d}", i // 100) for i in range(300)]
    for item in items[99::100]:
        item["extension"] = {"$id": "zzzzzz"}  # after "$id": the last one in the page
    index = {item["$id"]: position for position, item in enumerate(items)}
    asked_after: list[str | None] = []

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        asked_after.append(cursor)
        start = 0 if cursor is None else index.get(cursor, len(items)) + 1
        return 200, {"total": 300, "executions": items[start : start + 100]}

    client, _ = hostile("1.8.1", handler)
    ids = [e.id for e in client.iter_executions("f", page_size=100, read_ahead=True)]
    assert ids == [item["$id"] for item in items]
    # The answers to pages 1 and 2 are read ahead of (after the third the count is
    # reached): each wrong guess cost one request, and every page was still asked for
    # after its right cursor.
    assert sorted(c for c in asked_after if c) == ["e00099", "e00199", "zzzzzz", "zzzzzz"]


def test_an_error_of_a_page_asked_ahead_is_raised_where_the_walk_needs_that_page() -> None:
    serve = _pages_of(400, 400)

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        if cursor_of(queries) == "e00199":
            return 500, {"message": "Server Error", "code": 500, "type": "general_unknown"}
        return serve(params, queries)

    client, _ = hostile("1.8.1", handler)
    seen: list[str] = []
    with pytest.raises(ServerError):
        seen.extend(e.id for e in client.iter_executions("f", read_ahead=True))
    assert seen == [f"e{i:05d}" for i in range(200)]


def test_read_ahead_must_be_a_bool() -> None:
    client, _ = hostile("1.8.1", _pages_of(1, 1))
    with pytest.raises(InvalidArgument, match="read_ahead"):
        client.iter_executions("f", read_ahead="yes")  # type: ignore[arg-type]
