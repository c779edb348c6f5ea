"""Whatever JSON a server sends, the user gets an Execution or an AppwriteError.

Answers go through the whole public path (Client -> transport -> generated model ->
version chain -> Execution) for a legacy 0.9 and a modern 1.8 server, from an
in-memory network. The JSON is near-valid (a real execution with fields dropped,
nulled, retyped or replaced by odd values, plus extra fields) or arbitrary. Any other
exception escaping (KeyError, TypeError, ValueError, AttributeError, RecursionError,
...) fails the test; a valid answer with extra fields must keep them.

Examples per test: FUZZ_EXAMPLES (default 400; CI runs the default). Each failure
hypothesis found is pinned below as an ``@example`` so it is replayed on every run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from appwrite_executions import AppwriteError, Client, Execution, ExecutionList
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

LEGACY, MODERN = "0.9.4", "1.8.1"
FN = "reports"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # regressions are the @examples below, committed with the tests
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MODERN_EXECUTION: dict[str, Any] = {
    "$id": "6979d447416e0096a04f",
    "$createdAt": "2026-01-02T03:04:05.123+00:00",
    "$updatedAt": "2026-01-02T03:04:06.000+00:00",
    "$permissions": ['read("any")'],
    "functionId": FN,
    "deploymentId": "d1",
    "trigger": "http",
    "status": "completed",
    "requestMethod": "POST",
    "requestPath": "/",
    "requestHeaders": [{"name": "content-type", "value": "application/json"}],
    "responseStatusCode": 200,
    "responseBody": "{}",
    "responseHeaders": [],
    "logs": "",
    "errors": "",
    "duration": 0.25,
    "scheduledAt": None,
}
LEGACY_EXECUTION: dict[str, Any] = {
    "$id": "6979d447416e0096a04f",
    "functionId": FN,
    "dateCreated": 1767323045,
    "trigger": "http",
    "status": "completed",
    "exitCode": 0,
    "stdout": "ok",
    "stderr": "",
    "time": 0.25,
}
BASE = {LEGACY: LEGACY_EXECUTION, MODERN: MODERN_EXECUTION}
TOTAL = {LEGACY: "sum", MODERN: "total"}

# -- strategies ---------------------------------------------------------------------------------

odd_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=30)  # surrogates too
huge_text = st.integers(min_value=5_000, max_value=300_000).map(lambda n: "é" * n)
odd_strings = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202e\u200b\ufeff",
        "\ud800",
        "\U0001d518\U0001d52b\U0001d526 \U0001f9ea",
        "null",
        "NaN",
        "1e309",
        "0" * 5000,
    ]
)
offsets = st.builds(
    timezone,
    st.timedeltas(
        min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
    ),
)
date_strings = st.one_of(
    st.datetimes(timezones=offsets).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),  # naive: no offset
    st.sampled_from(
        [
            "0001-01-01T00:00:00.000+01:00",
            "9999-12-31T23:59:59.999-01:00",
            "9999-12-31T23:59:59.999999+00:00",
            "10000-01-01T00:00:00+00:00",
            "2020-02-30T00:00:00+00:00",
            "2020-01-01T24:00:00+00:00",
            "2020-01-01T00:00:00+24:00",
            "2020-01-01T00:00:00Z",
            "2020-01-01",
            "20200101T000000+0000",
            "yesterday",
        ]
    ),
)
big_ints = st.integers() | st.sampled_from(
    [2**31, 2**63, -(2**63) - 1, 10**30, -(10**30), 253402300800, -62135596801]
)
floats = st.floats()  # NaN and +-Infinity included: Python's json reads them
json_leaves = st.none() | st.booleans() | big_ints | floats | odd_text | odd_strings | date_strings
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=10,
)
odd_values = (
    json_values
    | huge_text
    | st.lists(st.fixed_dictionaries({"name": json_values, "value": json_values}), max_size=3)
)
"""What replaces a field: anything JSON can say, and values that are nearly right."""

other_names = sorted({*MODERN_EXECUTION, *LEGACY_EXECUTION, "sum", "total", "executions", "data"})
extra_keys = st.sampled_from(other_names) | odd_text
"""Extra fields: a newer server's, another version's names, or any name at all."""


strings = odd_text | odd_strings | huge_text
headers = st.lists(st.fixed_dictionaries({"name": strings, "value": strings}), max_size=3)
TYPED: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(
        ["$id", "functionId", "deploymentId", "trigger", "status", "requestMethod"], strings
    ),
    **dict.fromkeys(["requestPath", "responseBody", "logs", "errors", "stdout", "stderr"], strings),
    **dict.fromkeys(["$createdAt", "$updatedAt", "scheduledAt"], date_strings),
    "$permissions": st.lists(strings, max_size=3),
    "requestHeaders": headers,
    "responseHeaders": headers,
    "responseStatusCode": big_ints,
    "exitCode": big_ints,
    "duration": floats | big_ints,
    "time": floats | big_ints,
    "dateCreated": big_ints | st.integers(min_value=-62135596800, max_value=253402300799),
}
"""Values of the right JSON type but odd: what a buggy or newer server might send."""


@st.composite
def near_valid(draw: st.DrawFn, version: str) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(document, extra fields added, whether the known fields were left intact)."""
    document = dict(BASE[version])
    changed = draw(st.lists(st.sampled_from(list(document)), unique=True, max_size=4))
    for name in changed:
        action = draw(st.sampled_from(["drop", "null", "replace", "typed", "typed"]))
        if action == "drop":
            del document[name]
        elif action == "null":
            document[name] = None
        elif action == "replace":
            document[name] = draw(odd_values)
        else:
            document[name] = draw(TYPED[name])
    extras = {
        key: value
        for key, value in draw(st.dictionaries(extra_keys, json_values, max_size=3)).items()
        if key not in BASE[version]
    }
    document.update(extras)
    return document, extras, not changed


def body(document: Any) -> bytes:
    return json.dumps(document, allow_nan=True).encode()


# -- the client, answering from memory ------------------------------------------------------------


class Replies:
    """An in-memory server whose next answer the test sets."""

    def __init__(self) -> None:
        self.status = 200
        self.content = b""
        self.content_type = "application/json"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            self.status, content=self.content, headers={"Content-Type": self.content_type}
        )


REPLIES = Replies()
_HTTP = httpx.Client(transport=httpx.MockTransport(REPLIES))
CLIENTS = {
    version: Client(
        "http://appwrite.invalid/v1",
        project="p",
        key="k",
        server_version=version,
        http_client=_HTTP,
        retries=0,
    )
    for version in (LEGACY, MODERN)
}

OPERATIONS: dict[str, tuple[int, Callable[[Client], Any]]] = {
    "get": (200, lambda c: c.get_execution(FN, "x")),
    "create": (201, lambda c: c.create_execution(FN, "{}")),
    "list": (200, lambda c: c.list_executions(FN)),
}


def answer(
    version: str, operation: str, content: bytes, content_type: str = "application/json"
) -> Any:
    """The call's result for that answer, or None when it raised an AppwriteError.

    Anything else escaping fails the test, which is the property.
    """
    code, call = OPERATIONS[operation]
    REPLIES.status, REPLIES.content, REPLIES.content_type = code, content, content_type
    try:
        result = call(CLIENTS[version])
    except AppwriteError as error:
        assert str(error) and repr(error)
        return None
    check_valid(result)
    return result


def check_valid(result: Any) -> None:
    """A result the user can use: every documented view of it works."""
    executions = result.executions if isinstance(result, ExecutionList) else (result,)
    for execution in executions:
        assert isinstance(execution, Execution)
        assert execution.created_at.utcoffset() is not None
        json.dumps(execution.to_dict())
        json.dumps(execution.to_legacy_dict())
        repr(execution)
    if isinstance(result, ExecutionList):
        json.dumps(result.to_dict())
        assert isinstance(result.total, int)


def unicode_only(value: Any) -> Any:
    """``value`` with every lone UTF-16 surrogate replaced by U+FFFD, as the client reads it."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [unicode_only(item) for item in value]
    if isinstance(value, dict):
        return {unicode_only(key): unicode_only(item) for key, item in value.items()}
    return value


def same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, allow_nan=True) == json.dumps(
        b, sort_keys=True, allow_nan=True
    )


# -- properties ------------------------------------------------------------------------------

VERSIONS = pytest.mark.parametrize("version", [LEGACY, MODERN], ids=["0.9", "1.8"])


@VERSIONS
@FUZZ
@given(data=st.data(), operation=st.sampled_from(["get", "create"]))
def test_an_execution_answer_gives_an_execution_or_a_typed_error(
    version: str, data: st.DataObject, operation: str
) -> None:
    document, extras, intact = data.draw(near_valid(version))
    result = answer(version, operation, body(document))
    if intact:
        assert result is not None, "a valid execution with extra fields must be read"
        assert same_json(dict(result.extra), unicode_only(extras)), "extra fields are kept"


@VERSIONS
@settings(FUZZ, max_examples=max(EXAMPLES // 2, 50))
@given(data=st.data())
def test_a_list_answer_gives_a_list_or_a_typed_error(version: str, data: st.DataObject) -> None:
    items = data.draw(st.lists(near_valid(version), max_size=2))
    page: dict[str, Any] = {TOTAL[version]: len(items), "executions": [doc for doc, _, _ in items]}
    for name in data.draw(st.lists(st.sampled_from([TOTAL[version], "executions"]), max_size=1)):
        page[name] = data.draw(odd_values)
    page.update(data.draw(st.dictionaries(extra_keys, json_values, max_size=2)))
    result = answer(version, "list", body(page))
    intact = all(ok for _, _, ok in items) and page["executions"] == [d for d, _, _ in items]
    if intact and type(page.get(TOTAL[version])) is int:
        assert result is not None
        for execution, (_, extras, _) in zip(result.executions, items, strict=True):
            assert same_json(dict(execution.extra), unicode_only(extras))


@VERSIONS
@FUZZ
@given(document=json_values | huge_text, operation=st.sampled_from(list(OPERATIONS)))
@example(document=[["$id", "x"]], operation="get")  # dict() reads pairs: still no crash
def test_any_json_gives_a_result_or_a_typed_error(
    version: str, document: Any, operation: str
) -> None:
    answer(version, operation, body(document))


@VERSIONS
@settings(FUZZ, max_examples=max(EXAMPLES // 2, 50))
@given(
    content=st.binary(max_size=200),
    content_type=st.sampled_from(["application/json", "text/html", "text/plain", ""]),
    operation=st.sampled_from(list(OPERATIONS)),
)
@example(content=b"\xff\xfe{", content_type="application/json", operation="get")
@example(content=b"[" * 100_000, content_type="application/json", operation="list")
@example(
    content=b'{"$id": 1' + b"0" * 5000 + b"}", content_type="application/json", operation="get"
)
def test_any_bytes_give_a_result_or_a_typed_error(
    version: str, content: bytes, content_type: str, operation: str
) -> None:
    answer(version, operation, content, content_type)


@VERSIONS
@settings(FUZZ, max_examples=max(EXAMPLES // 2, 50))
@given(extras=st.dictionaries(extra_keys, json_values, min_size=1, max_size=5))
def test_extra_fields_from_a_newer_server_are_kept(version: str, extras: dict[str, Any]) -> None:
    extras = {k: v for k, v in extras.items() if k not in BASE[version]}
    result = answer(version, "get", body({**BASE[version], **extras}))
    assert result is not None
    # Kept as sent, but for lone surrogates, which become U+FFFD (README).
    extras = unicode_only(extras)
    assert same_json(dict(result.extra), extras)
    shown = result.to_dict(version)
    for key, value in extras.items():
        if key not in shown or key in BASE[version]:
            continue
        assert same_json(shown[key], value), f"extra field {key!r} is written back out"


def test_health_answer_of_any_shape_is_typed() -> None:
    """The version probe reads JSON too; a wrong one is an error, never a crash."""
    REPLIES.status, REPLIES.content_type = 200, "application/json"
    for content in (b"{}", b"[]", b"null", b'{"version": null}', b'{"version": "abc"}', b"{"):
        REPLIES.content = content
        client = Client("http://appwrite.invalid/v1", project="p", key="k", http_client=_HTTP)
        with pytest.raises(AppwriteError):
            _ = client.server_version
