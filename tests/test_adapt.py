"""The fast adapters say exactly what the version chain says.

`_adapt` turns a generated 0.9 or 1.8 model straight into an Execution, skipping the
round trip through JSON and the chain's steps. The chain remains the definition of
the mapping; these properties prove the shortcut agrees with it for arbitrary input:
the same Execution (same to_dict(), same to_legacy_dict()), or an InvalidResponse
from both. Each adapter has a quick path (one guard, then the object is built without
attrs checking it again) in front of its field-by-field path: whatever the quick path
builds, the checked path builds too, field for field and type for type.
"""

from __future__ import annotations

import os
from typing import Any

import attrs
import httpx
import pytest
from appwrite_api.v0_9.models import Execution as LegacyModel
from appwrite_api.v0_9.models import ExecutionList as LegacyListModel
from appwrite_api.v1_8.models import Execution as ModernModel
from appwrite_executions import Execution, ExecutionList, InvalidResponse
from appwrite_executions._adapt import Adapter, from_legacy, from_modern, list_from
from appwrite_standin import BUSY_FUNCTION_ID, StandIn
from hypothesis import given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
odd_values = (
    json_scalars
    | st.lists(json_scalars, max_size=3)
    | st.dictionaries(st.text(max_size=5), json_scalars, max_size=3)
)
statuses = st.sampled_from(["waiting", "processing", "completed", "failed", "scheduled"]) | (
    st.text(min_size=1, max_size=12)
)
triggers = st.sampled_from(["http", "schedule", "event"]) | st.text(min_size=1, max_size=12)
numbers = st.integers(-(10**6), 10**6) | st.floats(allow_nan=True, allow_infinity=True)
iso_dates = st.datetimes(timezones=st.timezones() | st.none()).map(lambda d: d.isoformat())
headers = st.lists(
    st.fixed_dictionaries({"name": st.text(max_size=10), "value": st.text(max_size=10)}),
    max_size=3,
)
extras = st.dictionaries(
    st.text(min_size=1, max_size=8).map(lambda k: f"x-{k}"), json_scalars, max_size=2
)

legacy_records = st.fixed_dictionaries(
    {
        "$id": st.text(max_size=20),
        "functionId": st.text(max_size=20),
        "dateCreated": st.integers(-(10**12), 10**12) | st.integers(),
        "trigger": triggers,
        "status": statuses,
        "exitCode": st.integers(),
        "stdout": st.text(max_size=50),
        "stderr": st.text(max_size=50),
        "time": numbers,
    }
)
modern_records = st.fixed_dictionaries(
    {
        "$id": st.text(max_size=20),
        "$createdAt": iso_dates,
        "$updatedAt": iso_dates,
        "$permissions": st.lists(st.text(max_size=10), max_size=3),
        "functionId": st.text(max_size=20),
        "deploymentId": st.text(max_size=20),
        "trigger": triggers,
        "status": statuses,
        "requestMethod": st.text(max_size=8),
        "requestPath": st.text(max_size=20),
        "requestHeaders": headers,
        "responseStatusCode": st.integers(),
        "responseBody": st.text(max_size=50),
        "responseHeaders": headers,
        "logs": st.text(max_size=50),
        "errors": st.text(max_size=50),
        "duration": numbers,
    },
    optional={"scheduledAt": st.none() | iso_dates},
)


@st.composite
def perturbed(draw: st.DrawFn, records: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A record, maybe with one field of the wrong type, and maybe unknown fields."""
    record = dict(draw(records))
    if draw(st.booleans()):
        field = draw(st.sampled_from(sorted(record)))
        record[field] = draw(odd_values)
    record.update(draw(extras))
    return record


def outcome(make: Any) -> Any:
    """What a reader gives: (to_dict, to_legacy_dict, the object), or the error class."""
    try:
        result = make()
    except InvalidResponse:
        return InvalidResponse
    if isinstance(result, Execution):
        return result.to_dict(), result.to_legacy_dict(), result
    return result.to_dict(), result.to_legacy_dict(), result


def generated(model_class: Any, record: dict[str, Any]) -> Any:
    """The generated model, or None when the generated client itself refuses the record
    (the client turns that into InvalidResponse before any adapter runs)."""
    try:
        return model_class.from_dict(record)
    except PARSE_ERRORS:
        return None


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(perturbed(legacy_records))
def test_legacy_adapter_agrees_with_the_chain(record: dict[str, Any]) -> None:
    model = generated(LegacyModel, record)
    if model is None:
        return
    chain = outcome(lambda: Execution.from_version_dict(model.to_dict(), "0.9.4"))
    fast = outcome(lambda: from_legacy(model, "0.9.4"))
    assert fast == chain
    if chain is not InvalidResponse:  # == takes "http" for ExecutionTrigger.HTTP
        assert typed_fields(fast[2]) == typed_fields(chain[2])


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(perturbed(modern_records))
def test_modern_adapter_agrees_with_the_chain(record: dict[str, Any]) -> None:
    model = generated(ModernModel, record)
    if model is None:
        return
    chain = outcome(lambda: Execution.from_version_dict(model.to_dict(), "1.8.1"))
    fast = outcome(lambda: from_modern(model, "1.8.1"))
    assert fast == chain
    if chain is not InvalidResponse:  # == takes "http" for ExecutionTrigger.HTTP
        assert typed_fields(fast[2]) == typed_fields(chain[2])


@settings(max_examples=EXAMPLES // 3, deadline=None, database=None)
@given(st.lists(legacy_records, max_size=4), st.integers(0, 10**6) | odd_values, extras)
def test_legacy_list_adapter_agrees_with_the_chain(
    records: list[dict[str, Any]], total: Any, extra: dict[str, Any]
) -> None:
    model = generated(LegacyListModel, {"sum": total, "executions": records, **extra})
    if model is None:
        return
    chain = outcome(lambda: ExecutionList.from_version_dict(model.to_dict(), "0.9.4"))
    fast = outcome(lambda: list_from(model, from_legacy, "sum", "0.9.4"))
    assert fast == chain


def test_the_property_sees_both_outcomes() -> None:
    """Guard against a generator that only ever produces errors (or never does)."""
    good = LegacyModel.from_dict(
        {
            "$id": "a",
            "functionId": "f",
            "dateCreated": 1,
            "trigger": "http",
            "status": "failed",
            "exitCode": 1,
            "stdout": "o",
            "stderr": "e",
            "time": 0.5,
        }
    )
    assert outcome(lambda: from_legacy(good, "0.9.4")) == outcome(
        lambda: Execution.from_version_dict(good.to_dict(), "0.9.4")
    )
    bad = LegacyModel.from_dict({**good.to_dict(), "exitCode": "1"})
    assert outcome(lambda: from_legacy(bad, "0.9.4")) is InvalidResponse


def typed_fields(execution: Execution) -> list[tuple[str, type, Any]]:
    """Every field with its exact type: == alone would take 1 for 1.0, a list for a tuple."""
    values = [(f.name, getattr(execution, f.name)) for f in attrs.fields(Execution)]
    return [(name, type(value), value) for name, value in values]


def quick_agrees_with_checked(adapter: Adapter, model: Any, version: str) -> bool:
    """The quick path's Execution, if it builds one, is the checked path's; the return
    says whether it built one."""
    quick = adapter.quick(model, version)
    checked = outcome(lambda: adapter.checked(model, version, "execution"))
    if quick is None:
        return False
    assert checked is not InvalidResponse, "the quick path accepted what the checked refuses"
    assert typed_fields(quick) == typed_fields(checked[2])
    assert [type(h) for h in quick.request_headers + quick.response_headers] == [
        type(h) for h in checked[2].request_headers + checked[2].response_headers
    ]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        quick.id = "changed"  # type: ignore[misc]
    return True


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(perturbed(modern_records))
def test_modern_quick_path_builds_what_the_checked_path_builds(record: dict[str, Any]) -> None:
    model = generated(ModernModel, record)
    if model is not None:
        quick_agrees_with_checked(from_modern, model, "1.8.1")


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(perturbed(legacy_records))
def test_legacy_quick_path_builds_what_the_checked_path_builds(record: dict[str, Any]) -> None:
    model = generated(LegacyModel, record)
    if model is not None:
        quick_agrees_with_checked(from_legacy, model, "0.9.4")


def test_the_quick_path_takes_every_execution_a_server_sends() -> None:
    """A guard that refused good data would still be correct, only slow: this catches it
    (the stand-in's seeded executions, as each server version sends them)."""
    for version, adapter, model_class in (
        ("1.8.1", from_modern, ModernModel),
        ("0.9.4", from_legacy, LegacyModel),
    ):
        with StandIn(version) as server:
            page = httpx.get(
                f"{server.url}/functions/{BUSY_FUNCTION_ID}/executions",
                params={"limit": 100} if version == "0.9.4" else None,
                headers={"X-Appwrite-Project": server.project, "X-Appwrite-Key": server.key},
            ).json()
        models = [model_class.from_dict(item) for item in page["executions"]]
        assert len(models) >= 25
        assert all(quick_agrees_with_checked(adapter, model, version) for model in models)
