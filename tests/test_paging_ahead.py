"""Asking several pages ahead (``iter_executions(read_ahead=N)``, what export uses).

On 0.7-0.11 (offset paging) the pages asked for ahead are the requests the walk
makes next if its pages come back full; an answer is used only for exactly the
request the walk makes, so the walk reads what it reads one page at a time.

On 1.3+ a page further on is asked by its offset from the last known cursor, one
execution longer, and used only if it begins where the page before it ended. Appwrite's
database applies the offset after the cursor (utopia-php/database 3.5.0, used by 1.8.1:
Adapter/SQL.php find() puts the cursor in WHERE, then LIMIT and OFFSET) and orders ties
by ``$sequence`` (Database.php find()), so such a page is exactly the one a cursor
would have brought. These tests hold the walk to that: the same executions as one page
at a time, on the stand-in and on servers that change the list, ignore the offset or
fail those requests.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from appwrite_executions import Client, IncompleteListing, InvalidArgument, ServerError
from appwrite_standin import Request, StandIn
from test_paging import cursor_of, execution, hostile, legacy_execution

Handler = Any


def _query(queries: list[str], method: str) -> int | None:
    for text in queries:
        item = json.loads(text)
        if item.get("method") == method:
            return int(item["values"][0])
    return None


def _list_server(
    items: list[dict[str, Any]], count: int | None = None, *, honour_offset: bool = True
) -> Handler:
    """A 1.x list as Appwrite answers it: past the cursor, then the offset, then limit."""

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        ids = [item["$id"] for item in items]
        cursor = cursor_of(queries)
        start = 0 if cursor is None else ids.index(cursor) + 1
        if honour_offset:
            start += _query(queries, "offset") or 0
        limit = _query(queries, "limit") or 25
        total = len(items) if count is None else count
        return 200, {"total": min(total, 5000), "executions": items[start : start + limit]}

    return handler


def _items(total: int) -> list[dict[str, Any]]:
    return [execution(f"e{i:05d}", i // 100) for i in range(total)]


def _walk(client: Client, ahead: int | bool, **options: Any) -> list[str]:
    return [e.id for e in client.iter_executions("f", read_ahead=ahead, **options)]


@pytest.mark.parametrize("version", ["1.3.8", "1.8.1"])
@pytest.mark.parametrize(("status", "order"), [(None, "asc"), ("completed", "asc"), (None, "desc")])
def test_pages_asked_ahead_on_the_stand_in_are_the_pages_of_a_plain_walk(
    version: str, status: str | None, order: str
) -> None:
    with StandIn(version=version, extra_functions={"big": 2345}) as server:
        client = Client(server.url, project=server.project, key=server.key)
        walks: dict[int, list[str]] = {}
        lists: dict[int, int] = {}
        for ahead in (0, 1, 4, 16):
            seen: list[Request] = []

            def note(request: Request, seen: list[Request] = seen) -> None:
                seen.append(request)

            server.before_request = note
            walks[ahead] = [
                e.id
                for e in client.iter_executions(
                    "big", page_size=100, status=status, order=order, read_ahead=ahead
                )
            ]
            lists[ahead] = sum(r.path.endswith("/executions") for r in seen)
        expected = [r["$id"] for r in server.executions("big") if status in (None, r["status"])]
    if order == "desc":
        expected.reverse()
    assert expected and walks[0] == expected
    assert walks[1] == expected and walks[4] == expected and walks[16] == expected
    # Every page asked from further back fitted: none was asked for again by cursor.
    assert lists[4] == lists[16] == lists[0] == (len(expected) + 99) // 100


def test_pages_further_on_are_asked_at_once() -> None:
    """While the caller reads the first page, the next four are already asked for."""
    items = _items(1000)
    serve = _list_server(items)
    arrived = [threading.Event() for _ in range(11)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        cursor = cursor_of(queries)
        start = 0 if cursor is None else int(cursor[1:]) + 1
        # The page an answer holds: its first new execution's, past the overlap.
        first = start + (_query(queries, "offset") or 0) + (1 if _query(queries, "offset") else 0)
        arrived[first // 100].set()
        return serve(params, queries)

    client, _ = hostile("1.8.1", handler)
    for number, _execution in enumerate(client.iter_executions("f", read_ahead=4)):
        if number == 50:
            for page in (1, 2, 3, 4):
                assert arrived[page].wait(10), f"page {page + 1} was not asked for ahead"
            assert not arrived[5].is_set()  # no more than four pages ahead
    assert all(event.is_set() for event in arrived[:10]) and not arrived[10].is_set()


@pytest.mark.parametrize(
    ("total", "count", "most"),
    [
        (1000, 1000, 10),  # an exact count: ten pages, nothing after
        (950, 950, 10),  # a short last page
        (5100, 5000, 52 + 3),  # at the cap: at most three asked past the empty page
    ],
)
def test_pages_ahead_ask_for_nothing_past_an_exact_count(total: int, count: int, most: int) -> None:
    client, asked = hostile("1.8.1", _list_server(_items(total), count))
    assert _walk(client, 4, page_size=100) == [f"e{i:05d}" for i in range(total)]
    assert len(asked) <= most
    if count < 5000:
        assert len(asked) == most


def test_executions_deleted_during_the_walk_are_never_repeated_and_the_rest_all_come() -> None:
    """Executions deleted from pages the walk has asked for ahead, while it reads:
    every one that was never deleted is yielded once, in order, and nothing twice; the
    count the walk can no longer reach says how many it missed, as a plain walk does."""
    with StandIn(version="1.8.1", extra_functions={"big": 1500}) as server:
        client = Client(server.url, project=server.project, key=server.key)
        every = [r["$id"] for r in server.executions("big")]
        doomed = every[420:440] + every[610:620] + every[905:906]
        got: list[str] = []
        walk = client.iter_executions("big", page_size=100, read_ahead=4)
        with pytest.raises(IncompleteListing) as caught:
            for number, item in enumerate(walk):
                got.append(item.id)
                if number == 150:  # reading page 2: pages up to 6 are asked, some answered
                    for ident in doomed:
                        client.delete_execution("big", ident)
    survivors = [ident for ident in every if ident not in doomed]
    assert len(got) == len(set(got))
    assert [ident for ident in got if ident not in doomed] == survivors
    assert got == [ident for ident in every if ident in set(got)]  # in order
    assert caught.value.unreachable == len(every) - len(got) > 0


def test_a_server_that_ignores_the_offset_costs_requests_never_executions() -> None:
    """Each page asked from further back then begins in the wrong place: it is dropped
    and asked again by cursor; after two such misses the walk asks one page ahead."""
    items = _items(2000)
    client, asked = hostile("1.8.1", _list_server(items, honour_offset=False))
    assert _walk(client, 4, page_size=100) == [item["$id"] for item in items]
    plain = [a for a in asked if "offset" not in a["queries"]]
    assert len(plain) == 20  # every page by its cursor, once
    assert len(asked) - len(plain) <= 2 * 4  # the misses: at most two rounds of four


def test_a_failing_page_asked_from_further_back_is_asked_again_plainly() -> None:
    items = _items(1000)
    serve = _list_server(items)

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        if _query(queries, "offset"):
            return 500, {"message": "Server Error", "code": 500, "type": "general_unknown"}
        return serve(params, queries)

    client, _ = hostile("1.8.1", handler)
    assert _walk(client, 4, page_size=100) == [item["$id"] for item in items]


def test_a_failing_page_asked_by_its_cursor_is_raised_where_the_walk_needs_it() -> None:
    items = _items(1000)
    serve = _list_server(items)

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        if cursor_of(queries) == "e00299" or (_query(queries, "offset") or 0) > 0:
            return 500, {"message": "Server Error", "code": 500, "type": "general_unknown"}
        return serve(params, queries)

    client, _ = hostile("1.8.1", handler)
    seen: list[str] = []
    with pytest.raises(ServerError):
        seen.extend(e.id for e in client.iter_executions("f", page_size=100, read_ahead=4))
    assert seen == [f"e{i:05d}" for i in range(300)]


def test_before_1_3_several_pages_ahead_is_one_page_ahead() -> None:
    """1.0-1.2 take at most 100 a page (and offsets to 5,000): no page one longer."""
    with StandIn(version="1.2.1", extra_functions={"big": 450}) as server:
        client = Client(server.url, project=server.project, key=server.key)
        seen: list[Request] = []
        server.before_request = lambda request: seen.append(request) and None
        ids = [e.id for e in client.iter_executions("big", read_ahead=4)]
    assert ids == [r["$id"] for r in server.executions("big")]
    lists = [r for r in seen if r.path.endswith("/executions")]
    assert lists and not any("offset" in value for r in lists for _, value in r.query)


# -- 0.7-0.11: offsets known in advance --------------------------------------------


def _legacy_walk(
    server: StandIn, ahead: int, order: str = "asc"
) -> tuple[list[str], str | None, list[tuple[tuple[str, str], ...]]]:
    """The ids a walk yields, the error that ends it, and the list requests made."""
    seen: list[Request] = []

    def note(request: Request) -> None:
        seen.append(request)

    server.before_request = note
    client = Client(server.url, project=server.project, key=server.key)
    ids: list[str] = []
    error = None
    try:
        ids.extend(e.id for e in client.iter_executions("big", order=order, read_ahead=ahead))
    except IncompleteListing as caught:
        error = f"{caught.unreachable} {caught}"
    lists = sorted(tuple(sorted(r.query)) for r in seen if r.path.endswith("/executions"))
    return ids, error, lists


@pytest.mark.parametrize(
    ("version", "count", "order"),
    [
        ("0.9.4", 4500, "asc"),
        ("0.11.2", 3000, "asc"),
        ("0.11.2", 3000, "desc"),
        ("0.9.4", 950, "asc"),
    ],
)
def test_offset_pages_asked_ahead_read_the_same_with_the_same_requests(
    version: str, count: int, order: str
) -> None:
    with StandIn(version=version, extra_functions={"big": count}) as server:
        plain = _legacy_walk(server, 0, order)
        for ahead in (1, 4, 16):
            assert _legacy_walk(server, ahead, order) == plain
    ids, error, _ = plain
    assert len(ids) == len(set(ids)) == min(count, 4200)
    assert (error is not None) == (count > 4200)


def test_offset_pages_further_on_are_asked_at_once() -> None:
    every = [legacy_execution(f"{i:013x}", i) for i in range(1000)]
    arrived = [threading.Event() for _ in range(11)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        offset, limit = int(params["offset"]), int(params["limit"])
        arrived[offset // 100].set()
        return 200, {"sum": len(every), "executions": every[offset : offset + limit]}

    client, asked = hostile("0.9.4", handler)
    for number, _execution in enumerate(client.iter_executions("f", read_ahead=4)):
        if number == 50:
            for page in (1, 2, 3, 4):
                assert arrived[page].wait(10), f"page {page + 1} was not asked for ahead"
            assert not arrived[5].is_set()
    assert len(asked) == 10 and not arrived[10].is_set()


def test_a_short_offset_page_moves_the_offsets_and_the_walk_reads_as_without_asking_ahead() -> None:
    """The page at offset 200 comes back with 60 (the server's count still says 1,000):
    the pages asked for at 300, 400... are not the ones the walk needs next."""
    every = [legacy_execution(f"{i:013x}", i) for i in range(1000)]

    def handler(params: dict[str, str], queries: list[str]) -> tuple[int, Any]:
        offset, limit = int(params["offset"]), int(params["limit"])
        size = 60 if offset == 200 else limit
        return 200, {"sum": len(every), "executions": every[offset : offset + size]}

    walks = {}
    for ahead in (0, 4):
        client, asked = hostile("0.9.4", handler)
        ids = [e.id for e in client.iter_executions("f", read_ahead=ahead)]
        walks[ahead] = (ids, {(a["offset"], a["limit"]) for a in asked}, len(asked))
    assert walks[4][0] == walks[0][0] == [item["$id"] for item in every]
    assert walks[0][1] <= walks[4][1]  # every request the walk needed, and at most
    assert walks[4][2] <= walks[0][2] + 4  # one per page asked at the old offsets


# -- 0.12-0.15: newest first, by cursor ---------------------------------------------


def _walk_with_requests(
    server: StandIn, ahead: int, **options: Any
) -> tuple[list[str], list[tuple[tuple[str, str], ...]]]:
    seen: list[Request] = []

    def note(request: Request) -> None:
        seen.append(request)

    server.before_request = note
    client = Client(server.url, project=server.project, key=server.key)
    ids = [e.id for e in client.iter_executions("big", read_ahead=ahead, **options)]
    lists = sorted(tuple(sorted(r.query)) for r in seen if r.path.endswith("/executions"))
    return ids, lists


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_newest_first_walk_asks_the_next_page_ahead_and_reads_the_same(order: str) -> None:
    with StandIn(version="0.13.4", extra_functions={"big": 1234}) as server:
        plain = _walk_with_requests(server, 0, order=order)
        assert _walk_with_requests(server, 1, order=order) == plain
        assert _walk_with_requests(server, 4, order=order) == plain
        every = [r["$id"] for r in server.executions("big")]
        resumed = _walk_with_requests(server, 0, order="desc", cursor_after=every[900])
        assert _walk_with_requests(server, 1, order="desc", cursor_after=every[900]) == resumed
    expected = every if order == "asc" else every[::-1]
    assert plain[0] == expected
    assert resumed[0] == every[899::-1]


def test_a_newest_first_walk_asks_while_the_caller_reads() -> None:
    """0.12-0.15: the next page (after the last id of this one) is asked for before
    this one's executions reach the caller, and nothing past the count."""
    with StandIn(version="0.13.4", extra_functions={"big": 300}) as server:
        newest = [r["$id"] for r in server.executions("big")][::-1]
        asked_after: list[str] = []
        arrived = threading.Event()

        def note(request: Request) -> None:
            cursor = dict(request.query).get("cursor")
            if request.path.endswith("/executions") and cursor:
                asked_after.append(cursor)
                arrived.set()

        server.before_request = note
        client = Client(server.url, project=server.project, key=server.key)
        walk = client.iter_executions("big", order="desc", read_ahead=1)
        for number, _execution in enumerate(walk):
            if number == 10:
                assert arrived.wait(10), "the next page was not asked for ahead"
    assert asked_after == [newest[99], newest[199]]


@pytest.mark.parametrize("value", [-1, 17, 2.0, "4", None])
def test_read_ahead_is_a_bool_or_a_number_of_pages_up_to_16(value: object) -> None:
    client, _ = hostile("1.8.1", _list_server(_items(1)))
    with pytest.raises(InvalidArgument, match="read_ahead"):
        client.iter_executions("f", read_ahead=value)  # type: ignore[arg-type]
