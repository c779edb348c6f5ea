"""Execution and ExecutionList: mapping, exact JSON, strict parsing, extras."""

from __future__ import annotations

import contextlib
import copy
import json
import pickle
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from appwrite_executions import (
    Execution,
    ExecutionList,
    ExecutionStatus,
    ExecutionTrigger,
    Header,
    InvalidArgument,
    InvalidResponse,
)
from appwrite_executions._dates import format_datetime

# A failed scheduled run as a 0.9.4 server sends it.
LEGACY: dict[str, Any] = {
    "$id": "60f6e4d5a6b4c",
    "functionId": "60f6e4a1b2c3d",
    "dateCreated": 1626793173,
    "trigger": "schedule",
    "status": "failed",
    "exitCode": 1,
    "stdout": "partial output",
    "stderr": "Error: boom\n    at main (index.js:3)",
    "time": 1.532,
}

# A synchronous HTTP run as a 1.8.1 server sends it.
MODERN: dict[str, Any] = {
    "$id": "6718a3c2001a2b3c4d5e",
    "$createdAt": "2024-10-23T07:12:34.567+00:00",
    "$updatedAt": "2024-10-23T07:12:35.012+00:00",
    "$permissions": ['read("user:6718a1")'],
    "functionId": "orders",
    "deploymentId": "6718a0f1dep",
    "trigger": "http",
    "status": "completed",
    "requestMethod": "POST",
    "requestPath": "/orders?id=5",
    "requestHeaders": [{"name": "content-type", "value": "application/json"}],
    "responseStatusCode": 201,
    "responseBody": '{"id":5}',
    "responseHeaders": [{"name": "content-type", "value": "application/json"}],
    "logs": "created order 5",
    "errors": "",
    "duration": 0.0421,
    "scheduledAt": None,
}


def dumped(obj: Any) -> str:
    """JSON text, so comparisons also check key order and int/float types."""
    return json.dumps(obj)


# --- legacy -> modern, field by field ------------------------------------------


def test_legacy_execution_maps_to_modern_values_field_by_field() -> None:
    execution = Execution.from_version_dict(LEGACY, "0.9.4")
    assert execution.id == "60f6e4d5a6b4c"
    assert execution.created_at == datetime(2021, 7, 20, 14, 59, 33, tzinfo=UTC)
    assert execution.created_at.utcoffset() == timedelta(0)
    assert execution.updated_at == execution.created_at  # legacy has none: creation date
    assert execution.permissions == ()
    assert execution.function_id == "60f6e4a1b2c3d"
    assert execution.deployment_id == ""
    assert execution.trigger is ExecutionTrigger.SCHEDULE
    assert execution.status is ExecutionStatus.FAILED
    assert execution.request_method == ""
    assert execution.request_path == ""
    assert execution.request_headers == ()
    assert execution.response_status_code == 1  # exitCode, verbatim
    assert execution.response_body == "partial output"  # stdout
    assert execution.response_headers == ()
    assert execution.logs == ""
    assert execution.errors == "Error: boom\n    at main (index.js:3)"  # stderr
    assert execution.duration == 1.532  # time
    assert execution.scheduled_at is None
    assert execution.server_version == "0.9.4"
    assert execution.extra == {}
    assert execution.is_final


def test_legacy_execution_to_modern_json_exactly() -> None:
    execution = Execution.from_version_dict(LEGACY, "0.9.4")
    assert dumped(execution.to_dict()) == dumped(
        {
            "$id": "60f6e4d5a6b4c",
            "$createdAt": "2021-07-20T14:59:33.000+00:00",
            "$updatedAt": "2021-07-20T14:59:33.000+00:00",
            "$permissions": [],
            "functionId": "60f6e4a1b2c3d",
            "deploymentId": "",
            "trigger": "schedule",
            "status": "failed",
            "requestMethod": "",
            "requestPath": "",
            "requestHeaders": [],
            "responseStatusCode": 1,
            "responseBody": "partial output",
            "responseHeaders": [],
            "logs": "",
            "errors": "Error: boom\n    at main (index.js:3)",
            "duration": 1.532,
            "scheduledAt": None,
        }
    )


def test_legacy_execution_back_to_legacy_json_exactly() -> None:
    execution = Execution.from_version_dict(LEGACY, "0.9.4")
    assert dumped(execution.to_legacy_dict()) == dumped(LEGACY)
    assert dumped(execution.to_dict(version="0.9")) == dumped(LEGACY)
    assert dumped(execution.to_dict(version="0.7.2")) == dumped(LEGACY)


def test_integer_time_stays_an_integer() -> None:
    legacy = {**LEGACY, "time": 2}
    execution = Execution.from_version_dict(legacy, "0.9.4")
    assert dumped(execution.to_legacy_dict()) == dumped(legacy)
    assert execution.to_dict()["duration"] == 2


# --- modern JSON -------------------------------------------------------------------


def test_modern_execution_round_trips_exactly() -> None:
    execution = Execution.from_dict(MODERN, server_version="1.8.1")
    assert dumped(execution.to_dict()) == dumped(MODERN)
    assert execution.request_headers == (Header("content-type", "application/json"),)
    assert execution.created_at == datetime(2024, 10, 23, 7, 12, 34, 567000, tzinfo=UTC)
    assert execution.permissions == ('read("user:6718a1")',)
    assert execution.status is ExecutionStatus.COMPLETED


def test_modern_execution_to_legacy_json_exactly() -> None:
    execution = Execution.from_dict(MODERN, server_version="1.8.1")
    assert dumped(execution.to_legacy_dict()) == dumped(
        {
            "$id": "6718a3c2001a2b3c4d5e",
            "functionId": "orders",
            "dateCreated": 1729667554,
            "trigger": "http",
            "status": "completed",
            "exitCode": 201,
            "stdout": '{"id":5}',
            "stderr": "",
            "time": 0.0421,
        }
    )


def test_modern_execution_to_1_4_and_0_15_json_exactly() -> None:
    execution = Execution.from_dict(MODERN, server_version="1.8.1")
    expected_1_4 = {k: v for k, v in MODERN.items() if k not in ("deploymentId", "scheduledAt")}
    assert dumped(execution.to_dict(version="1.4")) == dumped(expected_1_4)
    assert dumped(execution.to_dict(version="1.4.13")) == dumped(expected_1_4)
    assert dumped(execution.to_dict(version="0.15")) == dumped(
        {
            "$id": "6718a3c2001a2b3c4d5e",
            "$createdAt": 1729667554,
            "$updatedAt": 1729667555,
            "$read": ["user:6718a1"],
            "functionId": "orders",
            "trigger": "http",
            "status": "completed",
            "statusCode": 201,
            "response": '{"id":5}',
            "stderr": "",
            "time": 0.0421,
        }
    )


def test_every_generation_reads_back_what_it_writes() -> None:
    execution = Execution.from_dict(MODERN, server_version="1.8.1")
    for version in ("0.9", "0.10", "0.12", "0.13", "0.14", "0.15", "1.0", "1.4", "1.5", "1.6"):
        old = execution.to_dict(version=version)
        again = Execution.from_version_dict(old, version)
        assert dumped(again.to_dict(version=version)) == dumped(old), version
        assert again.server_version == version


def test_future_server_is_read_in_the_1_8_shape() -> None:
    execution = Execution.from_version_dict(MODERN, "2.0.1")
    assert execution.server_version == "2.0.1"
    assert dumped(execution.to_dict(version="2.0.1")) == dumped(MODERN)


def test_server_version_can_differ_from_the_shape_version() -> None:
    execution = Execution.from_version_dict(LEGACY, "0.9", server_version="0.9.4")
    assert execution.server_version == "0.9.4"


def test_scheduled_at_may_be_absent_or_a_date() -> None:
    absent = {k: v for k, v in MODERN.items() if k != "scheduledAt"}
    assert Execution.from_dict(absent, server_version="1.8.1").scheduled_at is None
    scheduled = {**MODERN, "status": "scheduled", "scheduledAt": "2030-01-01T10:00:00.000+01:00"}
    execution = Execution.from_dict(scheduled, server_version="1.8.1")
    assert execution.scheduled_at == datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    assert execution.status is ExecutionStatus.SCHEDULED
    assert not execution.is_final
    assert execution.to_dict()["scheduledAt"] == "2030-01-01T10:00:00.000+01:00"


# --- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2020-10-15T06:38:00.000+00:00",
        "2020-10-15T08:38:00.000+02:00",
        "2020-10-15T01:08:00.000-05:30",
        "2020-10-15T06:38:00.123456+00:00",
        "0001-01-01T00:00:00.000+00:00",
    ],
)
def test_dates_keep_offset_and_every_digit(text: str) -> None:
    data = {**MODERN, "$createdAt": text}
    assert Execution.from_dict(data, server_version="1.8.1").to_dict()["$createdAt"] == text


def test_z_suffix_is_read_and_written_as_an_explicit_offset() -> None:
    data = {**MODERN, "$createdAt": "2020-10-15T06:38:00Z"}
    out = Execution.from_dict(data, server_version="1.8.1").to_dict()["$createdAt"]
    assert out == "2020-10-15T06:38:00.000+00:00"


def test_format_datetime_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_datetime(datetime(2020, 1, 1))


# --- strict parsing -------------------------------------------------------------------

REQUIRED_MODERN = [k for k in MODERN if k != "scheduledAt"]


@pytest.mark.parametrize("field", REQUIRED_MODERN)
def test_missing_modern_field_raises_invalid_response(field: str) -> None:
    data = {k: v for k, v in MODERN.items() if k != field}
    with pytest.raises(
        InvalidResponse, match=re.escape(f"missing required field '{field}'")
    ) as info:
        Execution.from_dict(data, server_version="1.8.1")
    assert info.value.server_version == "1.8.1"
    assert info.value.status is None


@pytest.mark.parametrize("field", list(LEGACY))
def test_missing_legacy_field_raises_invalid_response(field: str) -> None:
    data = {k: v for k, v in LEGACY.items() if k != field}
    with pytest.raises(InvalidResponse, match=re.escape(f"missing required field '{field}'")):
        Execution.from_version_dict(data, "0.9.4")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("$id", 5, "execution.$id: expected a string, got integer"),
        ("functionId", None, "execution.functionId: expected a string, got null"),
        ("status", None, "execution.status: expected a string"),
        ("trigger", 1, "execution.trigger: expected a string"),
        (
            "responseStatusCode",
            "201",
            "execution.responseStatusCode: expected an integer, got string",
        ),
        ("responseStatusCode", True, "expected an integer, got boolean"),
        ("responseStatusCode", 201.0, "expected an integer, got number"),
        ("duration", "0.4", "execution.duration: expected a finite number, got string"),
        ("duration", float("nan"), "expected a finite number"),
        ("duration", float("inf"), "expected a finite number"),
        ("duration", False, "expected a finite number, got boolean"),
        ("$permissions", "any", "execution.$permissions: expected an array of strings"),
        ("$permissions", ["any", 1], "execution.$permissions[1]: expected a string"),
        ("requestHeaders", {"a": "b"}, "execution.requestHeaders: expected an array"),
        ("requestHeaders", [["a", "b"]], "requestHeaders[0]: expected a {"),
        ("requestHeaders", [{"name": "a"}], "requestHeaders[0].value: expected a string, got null"),
        ("responseHeaders", [{"name": 1, "value": "b"}], "responseHeaders[0].name"),
        ("$createdAt", 1626793173, "execution.$createdAt: expected an ISO 8601 date"),
        ("$updatedAt", "yesterday", "execution.$updatedAt: expected an ISO 8601 date"),
        ("$createdAt", "2024-10-23T07:12:34", "with a UTC offset"),
        ("$createdAt", "2024-10-23", "with a UTC offset"),
        ("scheduledAt", 5, "execution.scheduledAt: expected an ISO 8601 date"),
    ],
)
def test_wrong_modern_types_raise_invalid_response(field: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidResponse, match=re.escape(expected)):
        Execution.from_dict({**MODERN, field: value}, server_version="1.8.1")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("dateCreated", "1626793173", "execution.dateCreated: expected an integer of Unix seconds"),
        ("dateCreated", 1626793173.0, "expected an integer of Unix seconds, got number"),
        ("dateCreated", 10**20, "expected an integer of Unix seconds, got integer"),
        ("exitCode", 1.0, "execution.exitCode: expected an integer"),
        ("time", "fast", "execution.time: expected a finite number"),
        ("time", True, "execution.time: expected a finite number, got boolean"),
        ("stdout", ["a"], "execution.stdout: expected a string, got array"),
        ("stderr", {"a": 1}, "execution.stderr: expected a string, got object"),
    ],
)
def test_wrong_legacy_types_raise_invalid_response(field: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidResponse, match=expected):
        Execution.from_version_dict({**LEGACY, field: value}, "0.9.4")


@pytest.mark.parametrize(
    ("version", "change", "expected"),
    [
        ("0.10", {"$permissions": {"write": []}}, r"\$permissions: expected an object"),
        ("0.10", {"$permissions": {"read": "role:all"}}, r"\$permissions: expected an object"),
        ("0.10", {"$permissions": {"read": [], "write": [1]}}, r"\$permissions: expected"),
        ("0.12", {"$read": "role:all"}, r"\$read: expected an array of strings"),
        ("1.0", {"stdout": None}, "stdout: expected a string"),
        ("1.4", {"requestHeaders": [{"key": "a", "value": "b"}]}, "requestHeaders: expected"),
        ("1.6", {"scheduledAt": "soon"}, "scheduledAt: expected null or an ISO 8601 date"),
    ],
)
def test_wrong_intermediate_types_raise_invalid_response(
    version: str, change: dict[str, Any], expected: str
) -> None:
    good = Execution.from_dict(MODERN, server_version="1.8.1").to_dict(version=version)
    assert Execution.from_version_dict(good, version).id == MODERN["$id"]
    with pytest.raises(InvalidResponse, match=expected):
        Execution.from_version_dict({**good, **change}, version)


@pytest.mark.parametrize("data", [None, [], "execution", 5, [MODERN]])
def test_non_objects_raise_invalid_response(data: Any) -> None:
    with pytest.raises(InvalidResponse, match="execution: expected a JSON object"):
        Execution.from_dict(data, server_version="1.8.1")
    with pytest.raises(InvalidResponse, match="execution: expected a JSON object"):
        Execution.from_version_dict(data, "0.9.4")


def test_invalid_response_excerpt_is_short() -> None:
    with pytest.raises(InvalidResponse) as info:
        Execution.from_dict({**MODERN, "responseBody": ["x" * 5000]}, server_version="1.8.1")
    assert info.value.excerpt is not None
    assert 0 < len(info.value.excerpt) <= 200


def test_no_python_error_escapes_for_odd_input() -> None:
    odd_values: list[Any] = [None, True, 0, -1, 1.5, "", "x", [], {}, [None], {"read": None}]
    # Anything but InvalidResponse (KeyError, TypeError, ...) fails this test.
    for field in [*MODERN, "extra"]:
        for value in odd_values:
            with contextlib.suppress(InvalidResponse):
                Execution.from_dict({**MODERN, field: value}, server_version="1.8.1")
    for field in LEGACY:
        for value in odd_values:
            with contextlib.suppress(InvalidResponse):
                Execution.from_version_dict({**LEGACY, field: value}, "0.9.4")


# --- extras ----------------------------------------------------------------------------


def test_unknown_modern_fields_are_kept_read_only_and_written_back() -> None:
    data = {**MODERN, "resourceId": "orders", "resourceType": "functions"}
    execution = Execution.from_dict(data, server_version="1.9.0")
    assert execution.extra == {"resourceId": "orders", "resourceType": "functions"}
    with pytest.raises(TypeError):
        execution.extra["resourceId"] = "other"  # type: ignore[index]
    assert dumped(execution.to_dict()) == dumped(data)
    legacy = execution.to_legacy_dict()
    assert list(legacy)[-2:] == ["resourceId", "resourceType"]


def test_unknown_legacy_fields_survive_the_modern_model() -> None:
    data = {**LEGACY, "env": "node-14.5", "tag": {"id": "t1"}}
    execution = Execution.from_version_dict(data, "0.9.4")
    assert execution.extra == {"env": "node-14.5", "tag": {"id": "t1"}}
    assert dumped(execution.to_legacy_dict()) == dumped(data)
    assert execution.to_dict()["env"] == "node-14.5"


def test_a_known_field_wins_a_name_clash_with_an_extra() -> None:
    # "logs" is unknown to 0.9, so it is an extra there; the modern shape has its own.
    data = {**LEGACY, "logs": "not the modern logs"}
    execution = Execution.from_version_dict(data, "0.9.4")
    assert execution.logs == ""
    assert execution.to_dict()["logs"] == ""
    assert dumped(execution.to_legacy_dict()) == dumped(data)


def test_extras_in_output_are_copies() -> None:
    execution = Execution.from_version_dict({**LEGACY, "tags": ["a"]}, "0.9.4")
    out = execution.to_dict()
    out["tags"].append("b")
    assert execution.extra["tags"] == ["a"]


# --- lists ---------------------------------------------------------------------------------


def test_legacy_list_round_trips_and_maps_sum_to_total() -> None:
    legacy_list = {"sum": 7, "executions": [LEGACY, {**LEGACY, "$id": "second"}]}
    page = ExecutionList.from_version_dict(legacy_list, "0.9.4")
    assert page.total == 7
    assert [e.id for e in page.executions] == ["60f6e4d5a6b4c", "second"]
    assert page.server_version == "0.9.4"
    assert all(e.server_version == "0.9.4" for e in page.executions)
    assert dumped(page.to_legacy_dict()) == dumped(legacy_list)
    modern = page.to_dict()
    assert list(modern) == ["total", "executions"]
    assert modern["total"] == 7
    assert modern["executions"][0]["responseBody"] == "partial output"


def test_modern_list_round_trips() -> None:
    modern_list = {"total": 0, "executions": [MODERN], "cursor": "next"}
    page = ExecutionList.from_dict(modern_list, server_version="1.8.1")
    assert page.total == 0
    assert page.extra == {"cursor": "next"}
    assert dumped(page.to_dict()) == dumped(modern_list)


def test_list_count_key_follows_the_generation() -> None:
    page = ExecutionList.from_dict({"total": 1, "executions": [MODERN]}, server_version="1.8.1")
    assert list(page.to_dict(version="0.12.3")) == ["sum", "executions"]
    assert list(page.to_dict(version="0.13.0")) == ["total", "executions"]
    again = ExecutionList.from_version_dict(page.to_dict(version="0.12.3"), "0.12.3")
    assert again.total == 1


@pytest.mark.parametrize(
    ("data", "version", "expected"),
    [
        ({"total": 1, "executions": ""}, "1.8.1", "execution list.executions: expected an array"),
        ({"total": "1", "executions": []}, "1.8.1", "execution list.total: expected an integer"),
        ({"total": True, "executions": []}, "1.8.1", "expected an integer, got boolean"),
        ({"executions": []}, "1.8.1", "missing required field 'total'"),
        ({"total": 1}, "1.8.1", "missing required field 'executions'"),
        ({"total": 1, "executions": []}, "0.9.4", "missing required field 'sum'"),
        ([], "1.8.1", "execution list: expected a JSON object"),
        (
            {"total": 2, "executions": [MODERN, {**MODERN, "status": 3}]},
            "1.8.1",
            r"executions\[1\].status",
        ),
        ({"sum": 1, "executions": [{**LEGACY, "time": None}]}, "0.9.4", r"executions\[0\].time"),
    ],
)
def test_bad_lists_raise_invalid_response(data: Any, version: str, expected: str) -> None:
    with pytest.raises(InvalidResponse, match=expected):
        ExecutionList.from_version_dict(data, version)


def test_list_accepts_any_iterable_of_executions() -> None:
    execution = Execution.from_dict(MODERN, server_version="1.8.1")
    page = ExecutionList(1, [execution], "1.8.1")
    assert page.executions == (execution,)


# --- the model itself ------------------------------------------------------------------------


def _make(**changes: Any) -> Execution:
    base = Execution.from_dict(MODERN, server_version="1.8.1")
    return attrs.evolve(base, **changes)


def test_models_are_immutable_hashable_and_comparable() -> None:
    a = Execution.from_dict(MODERN, server_version="1.8.1")
    b = Execution.from_dict(copy.deepcopy(MODERN), server_version="1.8.1")
    assert a == b
    assert hash(a) == hash(b)
    assert a != _make(logs="other")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.logs = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "values",
    [{}, {"status": "paused", "trigger": "webhook"}],
    ids=["known-members", "pseudo-members"],
)
def test_models_pickle_and_copy(values: dict[str, str]) -> None:
    """Every public model survives pickle, copy and deepcopy on every supported Python,
    with a newer server's status or trigger too (3.11.2 pickles enums by member name)."""
    record = {**MODERN, "future": [1], **values}
    execution = Execution.from_dict(record, server_version="1.8.1")
    page = ExecutionList(1, (execution,), "1.8.1", extra={"cursor": "c"})
    header = execution.request_headers[0]
    for model in (execution, page, header, execution.status, execution.trigger):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(model, protocol)) == model  # noqa: S301
        assert copy.copy(model) == model
        assert copy.deepcopy(model) == model
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(execution, protocol))  # noqa: S301 - our own data
        assert again.status is execution.status and again.trigger is execution.trigger


def test_construction_converts_strings_to_open_enums() -> None:
    execution = _make(status="paused", trigger="webhook")
    assert execution.status == "paused"
    assert isinstance(execution.status, ExecutionStatus)
    assert isinstance(execution.trigger, ExecutionTrigger)
    assert execution.to_dict()["status"] == "paused"


@pytest.mark.parametrize("field", ["created_at", "updated_at", "scheduled_at"])
def test_construction_refuses_naive_dates(field: str) -> None:
    with pytest.raises(InvalidArgument, match="timezone-aware") as info:
        _make(**{field: datetime(2030, 1, 1)})
    assert info.value.argument == field
    aware = datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=3)))
    assert getattr(_make(**{field: aware}), field) == aware


def test_header_repr_hides_credentials() -> None:
    assert (
        repr(Header("Content-Type", "text/plain"))
        == "Header(name='Content-Type', value='text/plain')"
    )
    for name in (
        "Authorization",
        "cookie",
        "X-Appwrite-Key",
        "x-appwrite-jwt",
        "X-Appwrite-Session",
    ):
        text = repr(Header(name, "s3cr3t-value"))
        assert "s3cr3t" not in text
        assert "<redacted>" in text
    execution = _make(request_headers=(Header("authorization", "Bearer s3cr3t"),))
    assert "s3cr3t" not in repr(execution)
    assert execution.to_dict()["requestHeaders"] == [
        {"name": "authorization", "value": "Bearer s3cr3t"}
    ]
    assert Header("a", "b").to_dict() == {"name": "a", "value": "b"}
