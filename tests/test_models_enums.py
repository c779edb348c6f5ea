"""Open enums: a newer server's status or trigger must not break an old client."""

from __future__ import annotations

import json
import pickle

import pytest
from appwrite_executions import ExecutionStatus, ExecutionTrigger
from appwrite_executions._enums import ExecutionMethod, is_final


def test_known_values() -> None:
    assert [s.value for s in ExecutionStatus] == [
        "waiting",
        "processing",
        "completed",
        "failed",
        "scheduled",
    ]
    assert [t.value for t in ExecutionTrigger] == ["http", "schedule", "event"]
    assert ExecutionStatus("completed") is ExecutionStatus.COMPLETED
    assert ExecutionStatus.COMPLETED.is_known


@pytest.mark.parametrize("enum_type", [ExecutionStatus, ExecutionTrigger])
def test_unknown_values_become_pseudo_members(enum_type: type[ExecutionStatus]) -> None:
    value = enum_type("paused")
    assert isinstance(value, enum_type)
    assert value == "paused"
    assert str(value) == "paused"
    assert f"{value}" == "paused"
    assert value.value == "paused"
    assert not value.is_known
    assert enum_type("paused") is value
    assert json.dumps({"status": value}) == '{"status": "paused"}'
    assert pickle.loads(pickle.dumps(value)) is value  # noqa: S301 - our own data
    assert value not in list(enum_type)
    assert hash(value) == hash("paused")
    assert {"paused": 1}[value] == 1


def test_case_matters_and_lookalikes_are_unknown() -> None:
    upper = ExecutionStatus("WAITING")
    assert upper != ExecutionStatus.WAITING
    assert not upper.is_known


def test_non_strings_are_still_rejected() -> None:
    with pytest.raises(ValueError, match="not a valid ExecutionStatus"):
        ExecutionStatus(3)  # type: ignore[arg-type]


def test_is_final() -> None:
    assert ExecutionStatus.COMPLETED.is_final
    assert ExecutionStatus.FAILED.is_final
    for status in ("waiting", "processing", "scheduled", "paused"):
        assert not ExecutionStatus(status).is_final
        assert not is_final(status)
    assert is_final("completed")
    assert is_final(ExecutionStatus.FAILED)


def test_request_methods_are_closed() -> None:
    assert [m.value for m in ExecutionMethod] == [
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "OPTIONS",
        "HEAD",
    ]
    with pytest.raises(ValueError, match="TRACE"):
        ExecutionMethod("TRACE")
