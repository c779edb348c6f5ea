"""Every SDK 16.0.0 query helper, on every release line the stand-in speaks.

A helper that can apply to executions is honoured on every line: the page equals
what the line's own data (read unfiltered through the project's Client) gives when
the query's meaning is applied here, whether the server or the shim applied it.
Every other helper is refused with the SDK's exception, naming the query and the
server version, before a request is sent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from appwrite_executions import Client, Execution
from appwrite_executions._dates import format_datetime
from appwrite_executions._queries import query
from appwrite_executions.compat import sdk_16
from appwrite_executions.compat._query import QuerySyntaxError, parse_query
from appwrite_executions.compat.sdk_16 import AppwriteException, Functions, Query
from appwrite_standin import (
    BUSY_FUNCTION_ID,
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    MIXED_FUNCTION_ID,
    REPRESENTATIVE_VERSIONS,
    StandIn,
)
from hypothesis import given, settings
from hypothesis import strategies as st

VERSIONS = sorted(REPRESENTATIVE_VERSIONS.values(), key=lambda v: tuple(map(int, v.split("."))))
FUNCTION = MIXED_FUNCTION_ID
ALL = Query.limit(100)


def _line(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


class Line:
    """A running stand-in of one line, its unfiltered data and an SDK-16 shim on it."""

    def __init__(self, server: StandIn) -> None:
        self.server = server
        self.version = server.version
        with Client(server.url, project=DEFAULT_PROJECT, key=DEFAULT_KEY) as client:
            self.data: list[Execution] = list(client.iter_executions(FUNCTION, page_size=100))
        sdk = sdk_16.Client().set_endpoint(server.url).set_project(DEFAULT_PROJECT)
        self.functions = Functions(sdk.set_key(DEFAULT_KEY))
        self.functions.list_executions(FUNCTION, [Query.limit(1)])  # detect the version once

    def ids(self, queries: list[str]) -> list[str]:
        return [e.id for e in self.functions.list_executions(FUNCTION, queries).executions]

    def requests(self, queries: list[str]) -> int:
        before = self.server.requests_seen
        self.functions.list_executions(FUNCTION, queries)
        return self.server.requests_seen - before


@pytest.fixture(scope="module", params=VERSIONS)
def line(request: pytest.FixtureRequest) -> Iterator[Line]:
    with StandIn(request.param) as server:
        yield Line(server)


# -- the meaning of each query, applied to the line's own data ----------------------


def _iso(value: datetime) -> str:
    return format_datetime(value)


def _nth(data: list[Execution], index: int) -> Execution:
    return sorted(data, key=lambda e: e.created_at)[index]


Filter = Callable[[Line], tuple[str, Callable[[Execution], bool]]]

FILTERS: dict[str, Filter] = {
    "equal": lambda _: (Query.equal("status", ["failed"]), lambda e: e.status == "failed"),
    "equal, several values": lambda _: (
        Query.equal("trigger", ["event", "schedule"]),
        lambda e: e.trigger in ("event", "schedule"),
    ),
    "not_equal": lambda _: (
        Query.not_equal("status", "completed"),
        lambda e: e.status != "completed",
    ),
    "less_than": lambda _: (Query.less_than("duration", 1.5), lambda e: e.duration < 1.5),
    "less_than_equal": lambda _: (
        Query.less_than_equal("responseStatusCode", 200),
        lambda e: e.response_status_code <= 200,
    ),
    "greater_than": lambda _: (Query.greater_than("duration", 5), lambda e: e.duration > 5),
    "greater_than_equal": lambda _: (
        Query.greater_than_equal("responseStatusCode", 400),
        lambda e: e.response_status_code >= 400,
    ),
    "between": lambda _: (Query.between("duration", 0.5, 3), lambda e: 0.5 <= e.duration <= 3),
    "not_between": lambda _: (
        Query.not_between("duration", 0.5, 3),
        lambda e: not 0.5 <= e.duration <= 3,
    ),
    "is_null": lambda _: (Query.is_null("status"), lambda e: False),
    "is_not_null": lambda _: (Query.is_not_null("trigger"), lambda e: True),
    "starts_with": lambda ln: (
        Query.starts_with("$id", _nth(ln.data, 3).id[:5]),
        lambda e: e.id.startswith(_nth(ln.data, 3).id[:5]),
    ),
    "not_starts_with": lambda ln: (
        Query.not_starts_with("$id", _nth(ln.data, 3).id[:5]),
        lambda e: not e.id.startswith(_nth(ln.data, 3).id[:5]),
    ),
    "ends_with": lambda _: (Query.ends_with("$id", "a"), lambda e: e.id.endswith("a")),
    "not_ends_with": lambda _: (Query.not_ends_with("$id", "a"), lambda e: not e.id.endswith("a")),
    "contains": lambda _: (Query.contains("$id", "ab"), lambda e: "ab" in e.id),
    "not_contains": lambda _: (Query.not_contains("$id", "ab"), lambda e: "ab" not in e.id),
    "created_before": lambda ln: (
        Query.created_before(_iso(_nth(ln.data, 20).created_at)),
        lambda e: e.created_at < _nth(ln.data, 20).created_at,
    ),
    "created_after": lambda ln: (
        Query.created_after(_iso(_nth(ln.data, 20).created_at)),
        lambda e: e.created_at > _nth(ln.data, 20).created_at,
    ),
    "created_between": lambda ln: (
        Query.created_between(
            _iso(_nth(ln.data, 5).created_at), _iso(_nth(ln.data, 15).created_at)
        ),
        lambda e: _nth(ln.data, 5).created_at <= e.created_at <= _nth(ln.data, 15).created_at,
    ),
    "or_queries": lambda _: (
        Query.or_queries([Query.equal("status", ["failed"]), Query.greater_than("duration", 8)]),
        lambda e: e.status == "failed" or e.duration > 8,
    ),
    "and_queries": lambda _: (
        Query.and_queries([Query.equal("trigger", ["http"]), Query.less_than("duration", 2)]),
        lambda e: e.trigger == "http" and e.duration < 2,
    ),
}

UPDATED: dict[str, Filter] = {
    "updated_before": lambda ln: (
        Query.updated_before(_iso(_nth(ln.data, 20).updated_at)),
        lambda e: e.updated_at < _nth(ln.data, 20).updated_at,
    ),
    "updated_after": lambda ln: (
        Query.updated_after(_iso(_nth(ln.data, 20).updated_at)),
        lambda e: e.updated_at > _nth(ln.data, 20).updated_at,
    ),
    "updated_between": lambda ln: (
        Query.updated_between(
            _iso(_nth(ln.data, 5).updated_at), _iso(_nth(ln.data, 30).updated_at)
        ),
        lambda e: _nth(ln.data, 5).updated_at <= e.updated_at <= _nth(ln.data, 30).updated_at,
    ),
}

# Attributes some lines never recorded: refused there, honoured from the line on.
RECORDED_FROM: dict[str, tuple[tuple[int, int], Filter]] = {
    "requestMethod": (
        (1, 4),
        lambda _: (Query.equal("requestMethod", ["POST"]), lambda e: e.request_method == "POST"),
    ),
    "requestPath": (
        (1, 4),
        lambda _: (
            Query.starts_with("requestPath", "/mail"),
            lambda e: e.request_path.startswith("/mail"),
        ),
    ),
    "deploymentId": (
        (1, 8),  # released 1.7 servers do not send it (1.7.5 Execution.php; C12)
        lambda ln: (
            Query.equal("deploymentId", [ln.data[0].deployment_id]),
            lambda e: e.deployment_id == ln.data[0].deployment_id,
        ),
    ),
}


def _expected(line: Line, test: Callable[[Execution], bool]) -> list[str]:
    return [e.id for e in sorted(line.data, key=lambda e: e.created_at) if test(e)]


@pytest.mark.parametrize("helper", sorted(FILTERS))
def test_filter_helpers_are_honoured_on_every_line(line: Line, helper: str) -> None:
    query, test = FILTERS[helper](line)
    page = line.functions.list_executions(FUNCTION, [query, ALL])
    assert [e.id for e in page.executions] == _expected(line, test)
    assert page.total == len(_expected(line, test))


def test_the_filters_select_something_and_not_everything(line: Line) -> None:
    # Guards the test data: a filter matching none or all would prove little.
    for helper in ("equal", "not_equal", "less_than", "greater_than", "between", "contains"):
        _, test = FILTERS[helper](line)
        assert 0 < len(_expected(line, test)) < len(line.data), helper


@pytest.mark.parametrize("helper", sorted(UPDATED))
def test_updated_helpers_need_a_line_that_records_updates(line: Line, helper: str) -> None:
    query, test = UPDATED[helper](line)
    if _line(line.version) >= (0, 15):
        assert line.ids([query, ALL]) == _expected(line, test)
    else:
        _assert_refused(line, [query], "$updatedAt")


@pytest.mark.parametrize("attribute", sorted(RECORDED_FROM))
def test_attributes_an_old_line_never_recorded_are_refused(line: Line, attribute: str) -> None:
    since, make = RECORDED_FROM[attribute]
    query, test = make(line)
    if _line(line.version) >= since:
        expected = _expected(line, test)
        assert line.ids([query, ALL]) == expected
        assert expected
    else:
        _assert_refused(line, [query], attribute)


def _sorted(line: Line, key: Callable[[Execution], Any], descending: bool) -> list[str]:
    # Ties go by creation order, in the direction of the (last) order, as the servers do.
    ordered = sorted(line.data, key=lambda e: e.created_at)
    ranked = sorted(enumerate(ordered), key=lambda p: (key(p[1]), p[0]), reverse=descending)
    return [e.id for _, e in ranked]


def test_order_asc(line: Line) -> None:
    expected = _sorted(line, lambda e: e.duration, descending=False)
    assert line.ids([Query.order_asc("duration"), ALL]) == expected


def test_order_desc(line: Line) -> None:
    expected = _sorted(line, lambda e: e.created_at, descending=True)
    assert line.ids([Query.order_desc("$createdAt"), ALL]) == expected


def test_order_by_an_attribute_with_ties(line: Line) -> None:
    # (Not status: the stand-in orders 1.0-1.7 by the stored "scheduled" it shows as
    # "waiting", which no real server of those lines stored.)
    expected = _sorted(line, lambda e: e.trigger.value, descending=True)
    assert len({e.trigger for e in line.data}) < len(line.data)  # there are ties
    assert line.ids([Query.order_desc("trigger"), ALL]) == expected


def test_two_orders(line: Line) -> None:
    oldest = sorted(line.data, key=lambda e: e.created_at)
    ranked = sorted(enumerate(oldest), key=lambda p: (p[1].trigger.value, -p[1].duration, -p[0]))
    expected = [e.id for _, e in ranked]
    queries = [Query.order_asc("trigger"), Query.order_desc("duration"), ALL]
    assert line.ids(queries) == expected


def _oldest_ids(line: Line) -> list[str]:
    return [e.id for e in sorted(line.data, key=lambda e: e.created_at)]


def test_limit(line: Line) -> None:
    page = line.functions.list_executions(FUNCTION, [Query.limit(7)])
    assert [e.id for e in page.executions] == _oldest_ids(line)[:7]
    assert page.total == len(line.data)


def test_no_limit_means_25(line: Line) -> None:
    assert line.ids([]) == _oldest_ids(line)[:25]


def test_offset(line: Line) -> None:
    assert line.ids([Query.limit(5), Query.offset(3)]) == _oldest_ids(line)[3:8]


def test_cursor_after(line: Line) -> None:
    ids = _oldest_ids(line)
    assert line.ids([Query.cursor_after(ids[9]), Query.limit(4)]) == ids[10:14]


def test_cursor_before(line: Line) -> None:
    ids = _oldest_ids(line)
    assert line.ids([Query.cursor_before(ids[9]), Query.limit(4)]) == ids[5:9]


def test_a_filter_with_order_cursor_and_limit(line: Line) -> None:
    failed = [i for i in _sorted(line, lambda e: e.duration, True) if _failed(line, i)]
    queries = [
        Query.equal("status", ["failed"]),
        Query.order_desc("duration"),
        Query.cursor_after(failed[1]),
        Query.limit(3),
    ]
    assert line.ids(queries) == failed[2:5]


def test_cursor_before_with_an_order_and_a_filter(line: Line) -> None:
    slow = [i for i in _sorted(line, lambda e: e.duration, False) if _duration(line, i) > 1]
    queries = [
        Query.greater_than("duration", 1),
        Query.order_asc("duration"),
        Query.cursor_before(slow[10]),
        Query.offset(2),
        Query.limit(4),
    ]
    page = line.functions.list_executions(FUNCTION, queries)
    assert [e.id for e in page.executions] == slow[4:8]
    assert page.total == len(slow)


def _duration(line: Line, execution_id: str) -> float:
    return next(e.duration for e in line.data if e.id == execution_id)


def _failed(line: Line, execution_id: str) -> bool:
    return any(e.id == execution_id and e.status == "failed" for e in line.data)


def test_total_false_answers_zero(line: Line) -> None:
    page = line.functions.list_executions(FUNCTION, [Query.limit(3)], total=False)
    assert page.total == 0
    assert [e.id for e in page.executions] == _oldest_ids(line)[:3]


def test_limit_beyond_a_legacy_page_is_still_honoured(line: Line) -> None:
    with (
        StandIn(line.version) as server,
        Client(server.url, project=DEFAULT_PROJECT, key=DEFAULT_KEY) as client,
    ):
        everything = [e.id for e in client.iter_executions(BUSY_FUNCTION_ID, page_size=100)]
        sdk = sdk_16.Client().set_endpoint(server.url).set_project(DEFAULT_PROJECT)
        page = Functions(sdk.set_key(DEFAULT_KEY)).list_executions(
            BUSY_FUNCTION_ID, [Query.limit(150), Query.offset(20)]
        )
    assert [e.id for e in page.executions] == everything[20:170]


# -- what the server applies itself ---------------------------------------------------


def test_a_server_that_takes_the_queries_gets_them_in_one_request(line: Line) -> None:
    queries = [Query.equal("status", ["failed"]), Query.order_desc("duration"), Query.limit(3)]
    before = line.server.requests_seen
    line.functions.list_executions(BUSY_FUNCTION_ID, queries)
    count = line.server.requests_seen - before
    if _line(line.version) >= (1, 0):
        assert count == 1
    else:  # a 0.x server filters nothing: all 237 are read, at most 100 a request
        assert count >= 3


def test_a_plain_page_on_a_legacy_line_is_one_request(line: Line) -> None:
    queries = [Query.limit(5), Query.offset(2), Query.order_desc("$createdAt")]
    # 0.12-0.15 list newest first and need no extra request for a descending page.
    assert line.requests(queries) == 1
    assert line.ids(queries) == _oldest_ids(line)[::-1][2:7]


def test_a_limit_above_100_is_honoured_where_1_0_to_1_2_refuse_it(line: Line) -> None:
    before = line.server.requests_seen
    page = line.functions.list_executions(BUSY_FUNCTION_ID, [Query.limit(101)])
    sent = line.server.requests_seen - before
    assert len(page.executions) == 101
    if (1, 0) <= _line(line.version) < (1, 3):
        assert sent >= 3  # read in full, 100 a request, never limit(101)


# -- refused everywhere ------------------------------------------------------------------

REFUSED: dict[str, str] = {
    "select": Query.select(["status"]),
    "search": Query.search("status", "failed"),
    "not_search": Query.not_search("status", "failed"),
    "regex": Query.regex("requestPath", "^/mail"),
    "order_random": Query.order_random(),
    "exists": Query.exists(["status"]),
    "not_exists": Query.not_exists(["status"]),
    "contains_any": Query.contains_any("status", ["failed"]),
    "contains_all": Query.contains_all("status", ["failed"]),
    "elem_match": Query.elem_match("status", [Query.equal("x", ["y"])]),
    "distance_equal": Query.distance_equal("status", [1, 2], 3),
    "distance_not_equal": Query.distance_not_equal("status", [1, 2], 3),
    "distance_greater_than": Query.distance_greater_than("status", [1, 2], 3),
    "distance_less_than": Query.distance_less_than("status", [1, 2], 3),
    "intersects": Query.intersects("status", [1, 2]),
    "not_intersects": Query.not_intersects("status", [1, 2]),
    "crosses": Query.crosses("status", [1, 2]),
    "not_crosses": Query.not_crosses("status", [1, 2]),
    "overlaps": Query.overlaps("status", [1, 2]),
    "not_overlaps": Query.not_overlaps("status", [1, 2]),
    "touches": Query.touches("status", [1, 2]),
    "not_touches": Query.not_touches("status", [1, 2]),
    # Helpers that apply, used in ways no server accepts:
    "equal on an unknown attribute": Query.equal("logs", ["x"]),
    "a number for a text attribute": Query.equal("status", [3]),
    "starts_with on a number": Query.starts_with("duration", "1"),
    "not a date": Query.created_after("yesterday"),
    "limit 0": Query.limit(0),
    "negative offset": Query.offset(-1),
    "or with a refused query inside": Query.or_queries([Query.search("status", "x")]),
    "order by an unknown attribute": Query.order_asc("logs"),
}


def _assert_refused(line: Line, queries: list[str], named: str) -> None:
    before = line.server.requests_seen
    with pytest.raises(AppwriteException) as caught:
        line.functions.list_executions(FUNCTION, queries)
    assert line.server.requests_seen == before, "a refused query must not be sent"
    error = caught.value
    assert error.code == 400
    assert error.type == "general_query_invalid"
    assert queries[0] in error.message
    assert named in error.message
    assert line.version in error.message


@pytest.mark.parametrize("helper", sorted(REFUSED))
def test_helpers_that_cannot_apply_are_refused_before_sending(line: Line, helper: str) -> None:
    _assert_refused(line, [REFUSED[helper]], "")


def test_more_than_100_queries_are_refused(line: Line) -> None:
    before = line.server.requests_seen
    with pytest.raises(AppwriteException, match="at most 100"):
        line.functions.list_executions(FUNCTION, [Query.limit(5)] * 101)
    assert line.server.requests_seen == before


def test_a_cursor_that_is_not_there_is_an_error(line: Line) -> None:
    with pytest.raises(AppwriteException) as caught:
        line.functions.list_executions(FUNCTION, [Query.cursor_after("nope"), Query.limit(2)])
    assert caught.value.code in (400, 404)


# -- the query strings themselves -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "method", "attribute", "values"),
    [
        ('equal("status", ["failed", "completed"])', "equal", "status", ("failed", "completed")),
        ("equal('status', 'failed')", "equal", "status", ("failed",)),
        ("limit(25)", "limit", None, (25,)),
        ("offset(0)", "offset", None, (0,)),
        ('cursorAfter("abc")', "cursorAfter", None, ("abc",)),
        ('orderDesc("$createdAt")', "orderDesc", "$createdAt", ()),
        ('between("duration", 1, 2.5)', "between", "duration", (1, 2.5)),
        ('isNull("scheduledAt")', "isNull", "scheduledAt", ()),
        ('lessThan("responseStatusCode", -3e2)', "lessThan", "responseStatusCode", (-300.0,)),
        (
            'equal("requestPath", ["a \\"quoted\\" \\u00e9"])',
            "equal",
            "requestPath",
            ('a "quoted" é',),
        ),
        ('{"method":"limit","values":[3]}', "limit", None, (3,)),
        ('{"method":"isNull","attribute":"x"}', "isNull", "x", ()),
    ],
)
def test_both_query_forms_are_read(
    text: str, method: str, attribute: str | None, values: tuple[Any, ...]
) -> None:
    parsed = parse_query(text)
    assert (parsed.method, parsed.attribute, parsed.values) == (method, attribute, values)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "limit",
        "limit(25",
        "equal(status, [1])",
        'equal("a", [1,])',
        "{",
        "[1]",
        '{"values":[1]}',
        'equal("a",, 1)',
        'equal("a" 1)',
        'equal("a", [[[1]]])',
        "x" * 5000,
        "or(limit(1))",
    ],
)
def test_what_is_not_a_query_is_a_syntax_error(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query(text)


def test_call_form_queries_from_older_sdks_are_honoured(line: Line) -> None:
    queries = ['equal("status", ["failed"])', 'orderDesc("duration")', "limit(4)"]
    expected = [i for i in _sorted(line, lambda e: e.duration, True) if _failed(line, i)][:4]
    assert line.ids(queries) == expected


def test_a_syntax_error_is_refused_before_sending(line: Line) -> None:
    before = line.server.requests_seen
    with pytest.raises(AppwriteException, match="invalid query") as caught:
        line.functions.list_executions(FUNCTION, ["limit(25"])
    assert caught.value.code == 400
    assert line.server.requests_seen == before


# -- the reader and the writer agree ----------------------------------------------------

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    method=st.sampled_from(["equal", "notEqual", "lessThan", "between", "startsWith", "contains"]),
    attribute=st.sampled_from(["status", "duration", "$createdAt", "requestPath"]),
    values=st.lists(_scalars, min_size=1, max_size=4),
)
def test_what_the_client_sends_reads_back_the_same_in_both_forms(
    method: str, attribute: str, values: list[Any]
) -> None:
    """The forms the servers take (written by ``_queries.query``) and the SDK strings
    the shim reads are one language: each query reads back as it was written."""
    for form in ("string", "json"):
        parsed = parse_query(query(method, attribute, values, form))
        assert (parsed.method, parsed.attribute, list(parsed.values)) == (
            method,
            attribute,
            values,
        )
