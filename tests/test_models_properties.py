"""Property tests: the round trips the version chain promises.

* any valid legacy 0.9 execution (and list) JSON -> modern model -> legacy JSON
  gives back the original exactly, extra fields and key order included;
* any modern execution -> generation X -> modern is exact for the fields X has
  (at X's precision: whole UTC seconds and read roles before 1.0);
* every step's down undoes its up.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from appwrite_executions import Execution, ExecutionList, Header
from appwrite_executions._chain import (
    EXECUTION_SCHEMAS,
    GENERATIONS,
    STEPS,
    downgrade,
    modern_fields_in,
    permission_down,
)
from hypothesis import given, settings
from hypothesis import strategies as st

ALL_KNOWN_NAMES = frozenset(name for schema in EXECUTION_SCHEMAS.values() for name in schema)
LEGACY_NAMES = frozenset(EXECUTION_SCHEMAS["0.9"])
MODERN_NAMES = frozenset(EXECUTION_SCHEMAS["1.8"])


def without_modern_clashes(legacy: dict[str, Any]) -> dict[str, Any]:
    """What modern *JSON* can carry: a legacy extra named like a modern field
    (say "logs") is shadowed there by the real one. The model keeps it."""
    return {k: v for k, v in legacy.items() if k in LEGACY_NAMES or k not in MODERN_NAMES}


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
numbers = st.integers(min_value=-(2**53), max_value=2**53) | st.floats(
    allow_nan=False, allow_infinity=False
)
statuses = st.sampled_from(["waiting", "processing", "completed", "failed", "scheduled"]) | st.text(
    max_size=12
)
triggers = st.sampled_from(["http", "schedule", "event"]) | st.text(max_size=12)
# Unix seconds from year 1 to year 9999: every date a datetime can hold.
unix_seconds = st.integers(min_value=-62135596800, max_value=253402300799)


def legacy_extras(forbidden: frozenset[str]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.text(max_size=12).filter(lambda key: key not in forbidden)
    return st.dictionaries(keys, json_values, max_size=3)


@st.composite
def legacy_executions(draw: st.DrawFn) -> dict[str, Any]:
    known = {
        "$id": draw(st.text(max_size=36)),
        "functionId": draw(st.text(max_size=36)),
        "dateCreated": draw(unix_seconds),
        "trigger": draw(triggers),
        "status": draw(statuses),
        "exitCode": draw(st.integers(min_value=-(2**63), max_value=2**63)),
        "stdout": draw(st.text()),
        "stderr": draw(st.text()),
        "time": draw(numbers),
    }
    return {**known, **draw(legacy_extras(LEGACY_NAMES))}


def dumped(obj: Any) -> str:
    return json.dumps(obj)


@settings(max_examples=300)
@given(legacy_executions())
def test_legacy_to_modern_to_legacy_is_exact(legacy: dict[str, Any]) -> None:
    original = dumped(legacy)
    execution = Execution.from_version_dict(legacy, "0.9.4")
    modern = execution.to_dict()
    # Through modern JSON too, not just the model: what a cache or a log would hold.
    again = Execution.from_dict(json.loads(dumped(modern)), server_version="0.9.4")
    assert dumped(execution.to_legacy_dict()) == original
    assert again.to_legacy_dict() == without_modern_clashes(legacy)
    assert dumped(legacy) == original, "parsing must not mutate the input"


@settings(max_examples=100)
@given(
    st.integers(min_value=0, max_value=2**31),
    st.lists(legacy_executions(), max_size=4),
    legacy_extras(frozenset({"sum", "executions"})),
)
def test_legacy_list_to_modern_to_legacy_is_exact(
    total: int, executions: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    legacy = {"sum": total, "executions": executions, **extra}
    page = ExecutionList.from_version_dict(legacy, "0.9.4")
    assert page.total == total
    assert dumped(page.to_legacy_dict()) == dumped(legacy)
    modern = page.to_dict()
    again = ExecutionList.from_dict(json.loads(dumped(modern)), server_version="0.9.4")
    assert again.to_legacy_dict()["executions"] == [without_modern_clashes(e) for e in executions]


# --- modern -> generation X -> modern -------------------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,35}", fullmatch=True)
roles_1x = st.sampled_from(["any", "users", "guests", "users/verified"]) | st.builds(
    lambda kind, ident: f"{kind}:{ident}",
    st.sampled_from(["user", "team", "member", "label"]),
    ids,
)
permissions = st.lists(
    st.builds(
        lambda action, role: f'{action}("{role}")',
        st.sampled_from(["read", "read", "update", "delete"]),
        roles_1x,
    ),
    max_size=4,
)
offsets = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_dates = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9998, 1, 1)),
    offsets,
)
whole_second_utc = unix_seconds.filter(lambda s: 0 < s < 253370764800).map(
    lambda s: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=s)
)
headers = st.lists(st.builds(Header, st.text(max_size=10), st.text(max_size=20)), max_size=3).map(
    tuple
)


@st.composite
def modern_executions(draw: st.DrawFn, coarse_dates: bool) -> Execution:
    dates = whole_second_utc if coarse_dates else aware_dates
    extras = legacy_extras(ALL_KNOWN_NAMES)
    return Execution(
        draw(ids),
        draw(dates),
        draw(dates),
        tuple(draw(permissions)),
        draw(ids),
        draw(ids),
        draw(triggers),
        draw(statuses),
        draw(st.sampled_from(["", "GET", "POST", "HEAD"])),
        draw(st.text(max_size=20)),
        draw(headers),
        draw(st.integers(min_value=-(2**31), max_value=2**31)),
        draw(st.text()),
        draw(headers),
        draw(st.text()),
        draw(st.text()),
        draw(numbers),
        draw(st.none() | dates),
        "1.8.1",
        extra=draw(extras),
    )


def _expected_modern_fields(execution: Execution, generation: str) -> dict[str, Any]:
    """The modern JSON restricted to what ``generation`` carries, at its fidelity."""
    full = execution.to_dict()
    kept = {name: full[name] for name in modern_fields_in(generation)}
    if "$permissions" in kept and generation in ("0.10", "0.12", "0.13", "0.14", "0.15"):
        # 0.x executions had read roles only.
        kept["$permissions"] = [p for p in full["$permissions"] if p.startswith("read(")]
    return kept


def _check_generation(execution: Execution, generation: str) -> None:
    shaped = execution.to_dict(version=generation)
    assert list(shaped)[: len(EXECUTION_SCHEMAS[generation])] == list(EXECUTION_SCHEMAS[generation])
    back = Execution.from_version_dict(json.loads(dumped(shaped)), generation)
    back_modern = back.to_dict()
    expected = _expected_modern_fields(execution, generation)
    assert {name: back_modern[name] for name in expected} == expected
    assert back.extra == execution.extra
    # Fields the generation lacks come back empty, never invented.
    for name, empty in (
        ("deploymentId", ""),
        ("requestMethod", ""),
        ("requestPath", ""),
        ("requestHeaders", []),
        ("responseHeaders", []),
        ("logs", ""),
        ("scheduledAt", None),
        ("$permissions", []),
    ):
        if name not in modern_fields_in(generation):
            assert back_modern[name] == empty, (generation, name)
    if "$updatedAt" not in modern_fields_in(generation):
        assert back_modern["$updatedAt"] == back_modern["$createdAt"]
    # Going down again gives the same generation JSON: nothing drifts.
    assert dumped(back.to_dict(version=generation)) == dumped(shaped)


@settings(max_examples=150)
@given(modern_executions(coarse_dates=False))
def test_modern_to_each_1x_generation_and_back_is_exact(execution: Execution) -> None:
    for generation in GENERATIONS:
        if generation.startswith("1."):
            _check_generation(execution, generation)


@settings(max_examples=150)
@given(modern_executions(coarse_dates=True))
def test_modern_to_each_0x_generation_and_back_is_exact(execution: Execution) -> None:
    for generation in GENERATIONS:
        _check_generation(execution, generation)


@settings(max_examples=150)
@given(modern_executions(coarse_dates=False))
def test_modern_to_0x_keeps_the_instant_to_the_second(execution: Execution) -> None:
    for generation in ("0.9", "0.15"):
        back = Execution.from_version_dict(execution.to_dict(version=generation), generation)
        assert back.created_at <= execution.created_at < back.created_at + timedelta(seconds=1)


@settings(max_examples=100)
@given(modern_executions(coarse_dates=False))
def test_modern_json_round_trips_exactly(execution: Execution) -> None:
    modern = execution.to_dict()
    again = Execution.from_dict(json.loads(dumped(modern)), server_version="1.8.1")
    assert again == execution
    assert dumped(again.to_dict()) == dumped(modern)


# --- each step's down undoes its up ------------------------------------------------------------


@settings(max_examples=100)
@given(modern_executions(coarse_dates=True))
def test_every_step_down_undoes_up(execution: Execution) -> None:
    modern = execution.to_dict()
    known = {name: modern[name] for name in EXECUTION_SCHEMAS["1.8"]}
    for step in STEPS:
        before = downgrade(known, step.previous)
        assert step.down(step.up(before)) == before, step.version
        after = downgrade(known, step.version)
        restored = step.up(step.down(after))
        assert list(restored) == list(after)
        changed = {name for name in after if restored[name] != after[name]}
        assert changed <= INTRODUCED_BY[step.version], step.version
        assert step.down(restored) == step.down(after)


# What going down a step may lose: only what that step brought in (dates are
# whole UTC seconds here; 1.0's non-read permissions have no 0.x form).
INTRODUCED_BY: dict[str, set[str]] = {
    "0.10": {"$permissions"},
    "0.12": set(),
    "0.13": set(),
    "0.14": set(),
    "0.15": {"$updatedAt"},
    "1.0": {"$permissions", "stdout"},
    "1.4": {"requestMethod", "requestPath", "requestHeaders", "responseHeaders"},
    "1.5": set(),
    "1.6": {"scheduledAt"},
    "1.7": set(),
    "1.8": {"deploymentId"},
}


@given(roles_1x)
def test_read_permissions_survive_the_0x_spelling(role: str) -> None:
    permission = f'read("{role}")'
    old = permission_down(permission)
    assert old is not None
    assert STEPS[5].up(
        {
            "$id": "",
            "$createdAt": 0,
            "$updatedAt": 0,
            "$read": [old],
            "functionId": "",
            "trigger": "",
            "status": "",
            "statusCode": 0,
            "response": "",
            "stderr": "",
            "time": 0,
        }
    )["$permissions"] == [permission]
