"""The version chain: steps, generation table, slices, roles and features."""

from __future__ import annotations

import json
from typing import Any

import pytest
from appwrite_executions import InvalidArgument, UnsupportedOnServer
from appwrite_executions._chain import (
    EXECUTION_SCHEMAS,
    FEATURES,
    GENERATIONS,
    LEGACY_GENERATION,
    MODERN_FIELD_SINCE,
    MODERN_GENERATION,
    OPTIONAL_FIELDS,
    STEPS,
    downgrade,
    generation_for,
    list_total_key,
    modern_fields_in,
    parse_version,
    permission_down,
    permission_up,
    require_feature,
    role_down,
    role_up,
    split_known,
    supports,
    upgrade,
)

# One execution written out by hand in every generation's shape: each adjacent
# pair is exactly one step of the reference page's table.
LADDER: dict[str, dict[str, Any]] = {
    "0.9": {
        "$id": "60f6e4d5a6b4c",
        "functionId": "60f6e4a1b2c3d",
        "dateCreated": 1626793173,
        "trigger": "http",
        "status": "completed",
        "exitCode": 3,
        "stdout": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "0.10": {
        "$id": "60f6e4d5a6b4c",
        "$permissions": {"read": [], "write": []},
        "functionId": "60f6e4a1b2c3d",
        "dateCreated": 1626793173,
        "trigger": "http",
        "status": "completed",
        "exitCode": 3,
        "stdout": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "0.12": {
        "$id": "60f6e4d5a6b4c",
        "$read": [],
        "functionId": "60f6e4a1b2c3d",
        "dateCreated": 1626793173,
        "trigger": "http",
        "status": "completed",
        "exitCode": 3,
        "stdout": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "0.13": {
        "$id": "60f6e4d5a6b4c",
        "$read": [],
        "functionId": "60f6e4a1b2c3d",
        "dateCreated": 1626793173,
        "trigger": "http",
        "status": "completed",
        "statusCode": 3,
        "stdout": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "0.14": {
        "$id": "60f6e4d5a6b4c",
        "$read": [],
        "functionId": "60f6e4a1b2c3d",
        "dateCreated": 1626793173,
        "trigger": "http",
        "status": "completed",
        "statusCode": 3,
        "response": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "0.15": {
        "$id": "60f6e4d5a6b4c",
        "$createdAt": 1626793173,
        "$updatedAt": 1626793173,
        "$read": [],
        "functionId": "60f6e4a1b2c3d",
        "trigger": "http",
        "status": "completed",
        "statusCode": 3,
        "response": '{"ok":true}',
        "stderr": "warn",
        "time": 0.123,
    },
    "1.0": {
        "$id": "60f6e4d5a6b4c",
        "$createdAt": "2021-07-20T14:59:33.000+00:00",
        "$updatedAt": "2021-07-20T14:59:33.000+00:00",
        "$permissions": [],
        "functionId": "60f6e4a1b2c3d",
        "trigger": "http",
        "status": "completed",
        "statusCode": 3,
        "response": '{"ok":true}',
        "stdout": "",
        "stderr": "warn",
        "duration": 0.123,
    },
    "1.4": {
        "$id": "60f6e4d5a6b4c",
        "$createdAt": "2021-07-20T14:59:33.000+00:00",
        "$updatedAt": "2021-07-20T14:59:33.000+00:00",
        "$permissions": [],
        "functionId": "60f6e4a1b2c3d",
        "trigger": "http",
        "status": "completed",
        "requestMethod": "",
        "requestPath": "",
        "requestHeaders": [],
        "responseStatusCode": 3,
        "responseBody": '{"ok":true}',
        "responseHeaders": [],
        "logs": "",
        "errors": "warn",
        "duration": 0.123,
    },
}
LADDER["1.5"] = dict(LADDER["1.4"])
LADDER["1.6"] = {**LADDER["1.5"], "scheduledAt": None}
LADDER["1.7"] = dict(LADDER["1.6"])  # released 1.7 servers send no deploymentId
LADDER["1.8"] = {}
for _name, _value in LADDER["1.7"].items():
    LADDER["1.8"][_name] = _value
    if _name == "functionId":
        LADDER["1.8"]["deploymentId"] = ""


def test_generations_are_the_legacy_base_then_one_per_step() -> None:
    assert GENERATIONS == (
        "0.9",
        "0.10",
        "0.12",
        "0.13",
        "0.14",
        "0.15",
        "1.0",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "1.8",
    )
    assert [step.version for step in STEPS] == list(GENERATIONS[1:])
    assert [step.previous for step in STEPS] == list(GENERATIONS[:-1])
    assert GENERATIONS[0] == LEGACY_GENERATION
    assert GENERATIONS[-1] == MODERN_GENERATION


def test_ladder_is_in_each_generations_field_order() -> None:
    for generation, obj in LADDER.items():
        assert list(obj) == list(EXECUTION_SCHEMAS[generation]), generation


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.version)
def test_step_up_turns_the_previous_shape_into_the_next(step: Any) -> None:
    before = json.loads(json.dumps(LADDER[step.previous]))
    after = step.up(before)
    assert after == LADDER[step.version]
    assert list(after) == list(EXECUTION_SCHEMAS[step.version])
    assert before == LADDER[step.previous], "up must not mutate its input"


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.version)
def test_step_down_turns_the_next_shape_into_the_previous(step: Any) -> None:
    after = json.loads(json.dumps(LADDER[step.version]))
    before = step.down(after)
    assert before == LADDER[step.previous]
    assert list(before) == list(EXECUTION_SCHEMAS[step.previous])
    assert after == LADDER[step.version], "down must not mutate its input"


def test_upgrade_and_downgrade_walk_the_whole_ladder() -> None:
    for generation in GENERATIONS:
        assert upgrade(LADDER[generation], generation) == LADDER["1.8"]
        assert downgrade(LADDER["1.8"], generation) == LADDER[generation]
        assert upgrade(LADDER["0.9"], "0.9", generation) == LADDER[generation]
    with pytest.raises(ValueError, match="older"):
        upgrade(LADDER["1.8"], "1.8", "0.9")
    with pytest.raises(ValueError, match="newer"):
        downgrade(LADDER["0.9"], "1.8", "0.9")


# --- steps with content the ladder leaves empty ----------------------------


def test_step_0_12_moves_read_roles_and_drops_write() -> None:
    step = STEPS[1]
    before = {**LADDER["0.10"], "$permissions": {"read": ["user:abc", "role:all"], "write": []}}
    after = step.up(before)
    assert after["$read"] == ["user:abc", "role:all"]
    assert "$permissions" not in after
    assert step.down(after) == before
    # 0.12 has no write list: a non-empty one cannot survive (executions never had one).
    lossy = {**before, "$permissions": {"read": ["user:abc"], "write": ["user:abc"]}}
    assert step.down(step.up(lossy))["$permissions"] == {"read": ["user:abc"], "write": []}


def test_step_0_15_adds_updated_at_equal_to_creation_and_drops_it_again() -> None:
    step = STEPS[4]
    after = step.up(LADDER["0.14"])
    assert after["$createdAt"] == after["$updatedAt"] == 1626793173
    later = {**after, "$updatedAt": 1626793999}
    assert step.down(later) == LADDER["0.14"]


def test_step_1_0_converts_dates_roles_time_and_adds_an_empty_stdout() -> None:
    step = STEPS[5]
    before = {
        **LADDER["0.15"],
        "$updatedAt": 1626793180,
        "$read": ["role:all", "role:member", "role:guest", "user:abc", "team:t1/owner", "member:m"],
    }
    after = step.up(before)
    assert after["$createdAt"] == "2021-07-20T14:59:33.000+00:00"
    assert after["$updatedAt"] == "2021-07-20T14:59:40.000+00:00"
    assert after["$permissions"] == [
        'read("any")',
        'read("users")',
        'read("guests")',
        'read("user:abc")',
        'read("team:t1/owner")',
        'read("member:m")',
    ]
    assert after["duration"] == 0.123
    assert after["stdout"] == ""
    assert step.down(after) == before


def test_step_1_0_down_floors_dates_honours_offsets_and_keeps_only_read_roles() -> None:
    step = STEPS[5]
    after = {
        **LADDER["1.0"],
        "$createdAt": "2021-07-20T16:59:33.999+02:00",
        "$updatedAt": "2021-07-20T14:59:40.500+00:00",
        "$permissions": ['read("any")', 'update("user:abc")', 'delete("any")', "users", "junk("],
        "stdout": "this log has no 0.15 field",
    }
    before = step.down(after)
    assert before["$createdAt"] == 1626793173
    assert before["$updatedAt"] == 1626793180
    # update/delete permissions have no 0.x form; a bare role is read as a read role.
    assert before["$read"] == ["role:all", "role:member", "junk("]
    assert "stdout" not in before
    assert "duration" not in before
    assert before["time"] == 0.123


def test_step_1_4_renames_and_adds_request_fields() -> None:
    step = STEPS[6]
    before = {**LADDER["1.0"], "stdout": "log line"}
    after = step.up(before)
    assert after["logs"] == "log line"
    assert after["errors"] == "warn"
    assert after["responseStatusCode"] == 3
    assert after["responseBody"] == '{"ok":true}'
    assert after["requestMethod"] == after["requestPath"] == ""
    assert after["requestHeaders"] == after["responseHeaders"] == []
    assert step.down(after) == before
    with_request = {
        **after,
        "requestMethod": "POST",
        "requestPath": "/x?y=1",
        "requestHeaders": [{"name": "a", "value": "b"}],
    }
    assert step.down(with_request) == before


def test_steps_1_6_and_1_8_drop_their_fields_going_down() -> None:
    scheduled = {**LADDER["1.6"], "scheduledAt": "2030-01-01T00:00:00.000+00:00"}
    assert STEPS[8].down(scheduled) == LADDER["1.5"]
    assert STEPS[9].down(LADDER["1.7"]) == LADDER["1.6"]  # 1.7 changed no field
    deployed = {**LADDER["1.8"], "deploymentId": "dep1"}
    assert STEPS[10].down(deployed) == LADDER["1.7"]


def test_statuses_pass_through_every_step_verbatim() -> None:
    for status in ("scheduled", "paused", ""):
        modern = {**LADDER["1.8"], "status": status}
        for generation in GENERATIONS:
            assert downgrade(modern, generation)["status"] == status
            assert upgrade(downgrade(modern, generation), generation)["status"] == status


# --- list and request changes as data ---------------------------------------


def test_list_count_key_is_sum_before_0_13_and_total_after() -> None:
    assert [list_total_key(g) for g in GENERATIONS] == ["sum"] * 3 + ["total"] * 9
    renames = {step.version: dict(step.list_renames) for step in STEPS if step.list_renames}
    assert renames == {"0.13": {"sum": "total"}}


def test_request_changes_are_recorded_on_their_steps() -> None:
    by_version = {step.version: " ".join(step.request_changes) for step in STEPS}
    assert "cursor" in by_version["0.12"]
    assert "orderType" in by_version["0.12"]
    assert "async" in by_version["0.13"]
    assert "queries" in by_version["1.0"]
    assert "body" in by_version["1.4"]
    assert "JSON" in by_version["1.5"]
    assert "scheduledAt" in by_version["1.6"]
    assert "delete" in by_version["1.6"]
    assert "search" in by_version["1.7"]
    assert "total" in by_version["1.8"]


# --- split_known --------------------------------------------------------------


def test_split_known_keeps_extras_apart_and_fills_optional_fields() -> None:
    obj = {**LADDER["1.6"], "future": 1}
    del obj["scheduledAt"]
    known, extra = split_known(obj, "1.6")
    assert known == LADDER["1.6"]
    assert extra == {"future": 1}
    assert OPTIONAL_FIELDS == {"scheduledAt": None}
    with pytest.raises(KeyError):
        split_known({"$id": "x"}, "0.9")


# --- modern fields per generation -------------------------------------------


def test_modern_fields_in_each_generation() -> None:
    assert modern_fields_in("0.9") == {
        "$id",
        "$createdAt",
        "functionId",
        "trigger",
        "status",
        "responseStatusCode",
        "responseBody",
        "errors",
        "duration",
    }
    assert modern_fields_in("0.10") - modern_fields_in("0.9") == {"$permissions"}
    assert modern_fields_in("0.15") - modern_fields_in("0.14") == {"$updatedAt"}
    assert modern_fields_in("1.0") - modern_fields_in("0.15") == {"logs"}
    assert modern_fields_in("1.4") - modern_fields_in("1.0") == {
        "requestMethod",
        "requestPath",
        "requestHeaders",
        "responseHeaders",
    }
    assert modern_fields_in("1.6") - modern_fields_in("1.5") == {"scheduledAt"}
    assert modern_fields_in("1.7") == modern_fields_in("1.6")
    assert modern_fields_in("1.8") - modern_fields_in("1.7") == {"deploymentId"}
    assert modern_fields_in("1.8") == set(EXECUTION_SCHEMAS["1.8"]) == set(MODERN_FIELD_SINCE)


# --- roles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("role:all", "any"),
        ("role:member", "users"),
        ("role:guest", "guests"),
        ("user:5e5ea5c16897e", "user:5e5ea5c16897e"),
        ("team:t1", "team:t1"),
        ("team:t1/owner", "team:t1/owner"),
        ("member:m1", "member:m1"),
    ],
)
def test_role_mapping(old: str, new: str) -> None:
    assert role_up(old) == new
    assert role_down(new) == old
    assert permission_up(old) == f'read("{new}")'
    assert permission_down(f'read("{new}")') == old


def test_permission_down_drops_other_actions() -> None:
    assert permission_down('update("any")') is None
    assert permission_down('write("user:x")') is None
    assert permission_down("any") == "role:all"


# --- server versions ------------------------------------------------------------

VERSION_TABLE = [
    ("0.6.2", "0.9", False, True),
    ("0.7.0", "0.9", False, False),
    ("0.7", "0.9", False, False),
    ("0.8.0", "0.9", False, False),
    ("0.9.4", "0.9", False, False),
    ("0.10.0", "0.10", False, False),
    ("0.11.1", "0.10", False, False),
    ("0.12.3", "0.12", False, False),
    ("0.13.4", "0.13", False, False),
    ("0.14.2", "0.14", False, False),
    ("0.15.3", "0.15", False, False),
    ("1.0.3", "1.0", False, False),
    ("1.3.8", "1.0", False, False),
    ("1.4.13", "1.4", False, False),
    ("1.5.7", "1.5", False, False),
    ("1.6.0-RC1", "1.6", False, False),
    ("1.6.2", "1.6", False, False),
    ("1.7.4", "1.7", False, False),
    ("1.8.1", "1.8", False, False),
    ("v1.8.0", "1.8", False, False),
    ("1.9.0", "1.8", False, False),  # 1.9 keeps the 1.8 shape and is a known line
    ("1.9.6", "1.8", False, False),
    ("1.10.0", "1.8", True, False),
    ("2.0.0", "1.8", True, False),
    ("2.0.1", "1.8", True, False),
]


@pytest.mark.parametrize(("version", "generation", "future", "ancient"), VERSION_TABLE)
def test_version_to_generation(version: str, generation: str, future: bool, ancient: bool) -> None:
    info = generation_for(version)
    assert info.generation == generation
    assert info.future is future
    assert info.predates_functions is ancient
    assert info.server_version == version


@pytest.mark.parametrize("junk", ["", "   ", "abc", "1", "v", "1.x", "1..2", "1.2.3.4", "one.two"])
def test_junk_versions_raise_a_clear_error(junk: str) -> None:
    with pytest.raises(InvalidArgument, match="not an Appwrite server version") as info:
        generation_for(junk)
    assert repr(junk) in str(info.value)
    assert "MAJOR.MINOR.PATCH" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_non_string_version_is_rejected() -> None:
    with pytest.raises(InvalidArgument):
        parse_version(None)  # type: ignore[arg-type]


def test_parse_version() -> None:
    assert parse_version("1.5.7") == (1, 5, 7)
    assert parse_version(" 0.9 ") == (0, 9, 0)
    assert parse_version("1.6.0-rc.1+build") == (1, 6, 0)


# --- features -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feature", "yes", "no"),
    [
        ("delete_execution", ["1.6.0", "1.8.1", "2.0.0"], ["0.9.4", "1.5.8"]),
        ("create_scheduled_at", ["1.6.2"], ["1.5.8"]),
        ("create_async", ["0.13.0", "1.8.1"], ["0.12.3"]),
        ("create_data", ["0.8.0", "0.9.4", "1.3.2"], ["0.7.2", "1.4.0"]),
        ("create_body", ["1.4.0"], ["1.3.2"]),
        ("create_method_head", ["1.8.0"], ["1.7.4"]),
        ("list_search", ["0.9.4", "1.6.2"], ["1.7.0", "1.8.1"]),
        ("list_order_type", ["0.9.4", "0.11.0"], ["0.12.0"]),
        ("list_cursor", ["0.12.0", "0.15.3"], ["0.11.0", "1.0.0"]),
        ("list_limit_offset", ["0.9.4"], ["1.0.0"]),
        ("list_queries_strings", ["1.0.0", "1.4.13"], ["0.15.3", "1.5.0"]),
        ("list_queries_json", ["1.5.0", "1.8.1"], ["1.4.13"]),
        ("list_total_flag", ["1.8.1", "1.9.6"], ["1.7.4", "1.8.0"]),
    ],
)
def test_supports(feature: str, yes: list[str], no: list[str]) -> None:
    for version in yes:
        assert supports(feature, version), version
    for version in no:
        assert not supports(feature, version), version


def test_require_feature_raises_unsupported_on_server() -> None:
    require_feature("delete_execution", "1.8.1")
    with pytest.raises(UnsupportedOnServer) as info:
        require_feature(
            "delete_execution", "0.9.4", method="DELETE", path="/functions/f/executions/e"
        )
    err = info.value
    assert err.status is None
    assert err.feature == "delete_execution"
    assert err.requires == "1.6"
    assert err.server_version == "0.9.4"
    assert str(err) == (
        "delete an execution needs Appwrite 1.6 or newer; this server is 0.9.4 "
        "(DELETE /functions/f/executions/e, server 0.9.4)"
    )
    with pytest.raises(UnsupportedOnServer, match=r"older than 1\.7") as removed:
        require_feature("list_search", "1.8.1")
    assert removed.value.requires == "<1.7"


def test_every_feature_names_itself_and_has_valid_versions() -> None:
    for name, feature in FEATURES.items():
        assert feature.name == name
        parse_version(feature.since)
        if feature.until is not None:
            assert parse_version(feature.until) > parse_version(feature.since)
