"""Tests for tests/support/published_specs.py against the real published slices."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.published_specs import (
    CORRECTIONS,
    Slice,
    error_schema,
    load_slice,
    release_lines,
    specs_dir,
    validate_exchange,
)

BASE = "http://localhost/v1"
LIST = "/functions/{functionId}/executions"
ONE = "/functions/{functionId}/executions/{executionId}"
KEY_AUTH = {"X-Appwrite-Project": "demo", "X-Appwrite-Key": "secret"}
JSON_HEADERS = {"Content-Type": "application/json"}

LEGACY_EXECUTION: dict[str, Any] = {
    "$id": "60f1a2b3c4d5e",
    "functionId": "hello",
    "dateCreated": 1626450000,
    "trigger": "http",
    "status": "completed",
    "exitCode": 0,
    "stdout": "Hello, World!",
    "stderr": "",
    "time": 0.25,
}

MODERN_EXECUTION: dict[str, Any] = {
    "$id": "6650a1b2c3d4e5f6a7b8",
    "$createdAt": "2025-05-24T10:00:00.000+00:00",
    "$updatedAt": "2025-05-24T10:00:01.250+00:00",
    "$permissions": ['read("any")'],
    "functionId": "hello",
    "deploymentId": "6650a0000000000000d1",
    "trigger": "http",
    "status": "completed",
    "requestMethod": "POST",
    "requestPath": "/",
    "requestHeaders": [{"name": "content-type", "value": "application/json"}],
    "responseStatusCode": 200,
    "responseBody": "Hello, World!",
    "responseHeaders": [{"name": "content-type", "value": "text/plain"}],
    "logs": "",
    "errors": "",
    "duration": 0.123,
    "scheduledAt": None,
}


def check(
    line: str,
    method: str,
    path: str,
    *,
    request_headers: dict[str, Any] | None = None,
    request_body: Any = None,
    status: int = 200,
    response_headers: dict[str, Any] | None = None,
    response_body: Any = b"",
) -> list[str]:
    """validate_exchange with JSON bodies given as Python values (bytes pass through)."""
    req = json.dumps(request_body).encode() if request_body is not None else None
    resp = response_body if isinstance(response_body, bytes) else json.dumps(response_body).encode()
    return validate_exchange(
        line,
        method,
        BASE + path,
        KEY_AUTH if request_headers is None else request_headers,
        req,
        status,
        JSON_HEADERS if response_headers is None else response_headers,
        resp,
    )


def one_problem_naming(problems: list[str], *needles: str) -> str:
    """The single problem that mentions every needle (fails otherwise)."""
    hits = [p for p in problems if all(n in p for n in needles)]
    assert len(hits) == 1, f"expected one problem naming {needles}, got {problems}"
    return hits[0]


def version_key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")
    return int(major), int(minor)


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


# ---------------------------------------------------------------- loading


def test_release_lines_are_every_slice_sorted_by_version() -> None:
    lines = release_lines()
    assert lines == sorted(lines, key=version_key)
    assert lines[0] == "0.7"
    assert lines[-1] == "1.8"
    assert lines.index("0.9") < lines.index("0.10") < lines.index("1.0")
    on_disk = sorted(specs_dir().glob("appwrite-*-executions.*.json"))
    assert len(lines) == len(on_disk) == 18


@pytest.mark.parametrize("line", release_lines())
def test_every_release_line_loads_into_the_same_shape(line: str) -> None:
    spec = load_slice(line)
    assert isinstance(spec, Slice)
    assert spec.line == line
    assert spec.server_version.startswith(line + ".")
    assert spec.format == ("swagger2" if version_key(line) < (0, 12) else "openapi3")
    assert spec.base_path == "/v1"
    assert {("GET", LIST), ("POST", LIST), ("GET", ONE)} <= set(spec.operations)
    assert (("DELETE", ONE) in spec.operations) == (version_key(line) >= (1, 6))
    for key in (("GET", LIST), ("GET", ONE)):
        response = spec.operations[key].responses["200"]
        assert response.schema is not None
        assert response.schema["type"] == "object"
    assert spec.operation("GET", ONE).parameter("executionId", "path") is not None
    assert "Project" in spec.security_schemes
    assert spec.security_schemes["Project"].header == "X-Appwrite-Project"
    # $refs are inlined and examples dropped everywhere in the view.
    nodes = list(walk(dict(spec.schemas)))
    for op in spec.operations.values():
        nodes += walk([dict(r.content) for r in op.responses.values()])
        nodes += walk([p.schema for p in op.parameters])
        nodes += walk(dict(op.body.content) if op.body else {})
    assert len(nodes) > 20
    assert not [n for n in nodes if "$ref" in n or "x-example" in n or "example" in n]


def test_line_spellings_and_unknown_lines() -> None:
    assert load_slice("0.9.x") is load_slice("0.9")
    assert load_slice("0.9.3") is load_slice("0.9")
    with pytest.raises(KeyError, match=r"2\.0"):
        load_slice("2.0")
    with pytest.raises(ValueError, match="not a release line"):
        load_slice("latest")


def test_legacy_slice_is_normalised_from_swagger_2() -> None:
    spec = load_slice("0.9")
    listing = spec.operation("GET", LIST)
    query = {p.name: p for p in listing.params_in("query")}
    assert list(query) == ["search", "limit", "offset", "orderType"]
    assert (query["limit"].type, query["limit"].default, query["limit"].required) == (
        "integer",
        25,
        False,
    )
    assert (query["offset"].type, query["offset"].default) == ("integer", 0)
    assert (query["search"].type, query["search"].default) == ("string", "")
    assert (query["orderType"].type, query["orderType"].default) == ("string", "ASC")
    assert query["orderType"].enum is None  # ASC/DESC is only in the description
    create = spec.operation("POST", LIST)
    assert create.body is not None  # from the `in: body` parameter
    assert set(create.body.schema["properties"]) == {"data"}
    assert set(create.body.content) == {"application/json"}
    execution = spec.operation("GET", ONE).responses["200"].schema
    assert execution is not None
    assert execution["properties"]["dateCreated"]["type"] == "integer"
    listed = spec.schemas["executionList"]["properties"]["executions"]["items"]
    assert listed["required"] == execution["required"]  # the $ref was resolved
    assert create.security == (frozenset({"Project", "Key", "JWT"}),)


def test_modern_slice_is_normalised_from_openapi_3() -> None:
    spec = load_slice("1.8")
    listing = spec.operation("GET", LIST)
    query = {p.name: p for p in listing.params_in("query")}
    assert list(query) == ["queries", "total"]
    assert query["queries"].type == "array"
    assert query["queries"].items == {"type": "string"}
    assert (query["total"].type, query["total"].default) == ("boolean", True)
    create = spec.operation("POST", LIST)
    assert create.body is not None
    properties = create.body.schema["properties"]
    assert set(properties) == {"body", "async", "path", "method", "headers", "scheduledAt"}
    assert "HEAD" in properties["method"]["enum"]
    assert properties["scheduledAt"].get("x-nullable") is True
    assert set(create.responses["201"].content) == {"multipart/form-data"}  # the defect
    delete = spec.operation("DELETE", ONE)
    assert delete.responses["204"].content == {}
    assert delete.security == (frozenset({"Project", "Key"}),)
    assert spec.schemas["execution"]["properties"]["scheduledAt"]["nullable"] is True


def test_specs_dir_is_beside_the_project_or_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = load_slice("0.9").source  # wherever this run's slices are
    monkeypatch.delenv("APPWRITE_SPECS_DIR", raising=False)
    project = Path(__file__).resolve().parents[1]
    assert specs_dir() == project.parent / "shared" / "appwrite-specs"
    (tmp_path / "appwrite-0.9.x-executions.swagger2.json").symlink_to(legacy)
    monkeypatch.setenv("APPWRITE_SPECS_DIR", str(tmp_path))
    assert release_lines() == ["0.9"]
    assert load_slice("0.9").operation("GET", LIST)
    with pytest.raises(KeyError):
        load_slice("1.8")


# ------------------------------------------------------ conformant traffic


def test_conformant_legacy_list_exchange() -> None:
    problems = check(
        "0.9",
        "GET",
        "/functions/hello/executions?search=&limit=25&offset=0&orderType=DESC",
        response_body={"sum": 2, "executions": [LEGACY_EXECUTION, LEGACY_EXECUTION]},
    )
    assert problems == []


def test_conformant_legacy_create_and_get() -> None:
    created = check(
        "0.9",
        "POST",
        "/functions/hello/executions",
        request_headers={**KEY_AUTH, "Content-Type": "application/json"},
        request_body={"data": "{}"},
        status=201,
        response_body=LEGACY_EXECUTION,
    )
    fetched = check(
        "0.9", "GET", "/functions/hello/executions/60f1a2b3c4d5e", response_body=LEGACY_EXECUTION
    )
    assert (created, fetched) == ([], [])


def test_conformant_modern_list_get_create_delete() -> None:
    queries = "queries%5B%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B25%5D%7D"
    listed = check(
        "1.8",
        "GET",
        f"/functions/hello/executions?{queries}&queries[]=x&total=false",
        response_body={"total": 0, "executions": [MODERN_EXECUTION]},
    )
    fetched = check(
        "1.8",
        "GET",
        "/functions/hello/executions/6650a1b2c3d4e5f6a7b8",
        response_body={
            **MODERN_EXECUTION,
            "status": "scheduled",
            "scheduledAt": "2030-01-01T00:00:00.000+00:00",
        },
    )
    created = check(
        "1.8",
        "POST",
        "/functions/hello/executions",
        request_headers={**KEY_AUTH, "Content-Type": "application/json"},
        request_body={
            "body": "hi",
            "async": False,
            "path": "/?a=1",
            "method": "HEAD",
            "headers": {"x-demo": "1"},
            "scheduledAt": None,
        },
        status=201,
        response_headers={"Content-Type": "application/json; charset=UTF-8"},
        response_body=MODERN_EXECUTION,
    )
    deleted = check(
        "1.8",
        "DELETE",
        "/functions/hello/executions/6650a1b2c3d4e5f6a7b8",
        status=204,
        response_headers={},
        response_body=b"",
    )
    assert (listed, fetched, created, deleted) == ([], [], [], [])


def test_vcrpy_style_header_lists_are_accepted() -> None:
    problems = validate_exchange(
        "1.8",
        "GET",
        BASE + "/functions/hello/executions/x",
        {"X-Appwrite-Project": ["demo"], "X-Appwrite-Key": ["secret"]},
        None,
        200,
        {"Content-Type": ["application/json"]},
        json.dumps(MODERN_EXECUTION).encode(),
    )
    assert problems == []


def _synthesise(schema: dict[str, Any], name: str = "") -> Any:
    """A value the schema accepts (dates as ISO 8601 strings)."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {key: _synthesise(sub, key) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_synthesise(schema["items"])] if "items" in schema else []
    if kind == "integer":
        return 1
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return True
    if name in ("$createdAt", "$updatedAt", "scheduledAt"):
        return "2024-01-02T03:04:05.678+00:00"
    return "text"


@pytest.mark.parametrize("line", release_lines())
def test_every_line_accepts_its_own_shapes_and_its_error(line: str) -> None:
    spec = load_slice(line)
    response = spec.operation("GET", ONE).responses["200"]
    assert response.schema is not None
    execution = _synthesise(response.schema)
    assert check(line, "GET", "/functions/f/executions/e", response_body=execution) == []

    error: dict[str, Any] = {"message": "Execution not found", "code": 404, "version": line + ".0"}
    if version_key(line) >= (0, 13):
        error["type"] = "execution_not_found"
    assert check(line, "GET", "/functions/f/executions/e", status=404, response_body=error) == []
    properties = set(error_schema(line)["properties"])
    assert properties == set(error)


# ------------------------------------------------------ what gets reported


def test_wrong_type_in_a_response_property() -> None:
    bad = {**LEGACY_EXECUTION, "exitCode": "0"}
    problems = check(
        "0.9", "GET", "/functions/hello/executions", response_body={"sum": 1, "executions": [bad]}
    )
    assert "integer" in one_problem_naming(problems, "'executions[0].exitCode'")


def test_missing_required_property() -> None:
    bad = {k: v for k, v in MODERN_EXECUTION.items() if k != "deploymentId"}
    problems = check("1.8", "GET", "/functions/hello/executions/x", response_body=bad)
    one_problem_naming(problems, "missing required property 'deploymentId'")


def test_unknown_property_is_reported() -> None:
    leaked = {**MODERN_EXECUTION, "stdout": ""}  # a pre-1.4 field on a 1.8 object
    problems = check(
        "1.8",
        "GET",
        "/functions/hello/executions",
        response_body={"total": 1, "executions": [leaked]},
    )
    assert problems == ["response body: unknown property 'executions[0].stdout'"]


def test_bad_enum_value() -> None:
    problems = check(
        "1.8",
        "GET",
        "/functions/hello/executions/x",
        response_body={**MODERN_EXECUTION, "status": "running"},
    )
    assert "scheduled" in one_problem_naming(problems, "'status'", "running")


def test_null_only_where_nullable() -> None:
    problems = check(
        "1.8",
        "GET",
        "/functions/hello/executions/x",
        response_body={**MODERN_EXECUTION, "logs": None},
    )
    assert "string" in one_problem_naming(problems, "'logs'", "null")


def test_unknown_query_parameter() -> None:
    problems = check(
        "1.8",
        "GET",
        "/functions/hello/executions?orderType=DESC",
        response_body={"total": 0, "executions": []},
    )
    one_problem_naming(problems, "unknown parameter 'orderType'")


def test_non_integer_limit() -> None:
    problems = check(
        "0.9",
        "GET",
        "/functions/hello/executions?limit=ten",
        response_body={"sum": 0, "executions": []},
    )
    assert problems == ["query: 'limit' is 'ten', not an integer"]


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("total=0", "'total' is '0', not a boolean"),
        ("queries=limit(25)", "'queries' is an array"),
        ("total[]=true", "'total' is not an array"),
        ("total=true&total=false", "'total' given 2 times"),
    ],
)
def test_query_booleans_and_arrays(query: str, needle: str) -> None:
    problems = check(
        "1.8",
        "GET",
        f"/functions/hello/executions?{query}",
        response_body={"total": 0, "executions": []},
    )
    one_problem_naming(problems, needle)


def test_request_with_two_credentials() -> None:
    headers = {**KEY_AUTH, "X-Appwrite-JWT": "eyJ..."}
    problems = check(
        "0.9",
        "GET",
        "/functions/hello/executions/x",
        request_headers=headers,
        response_body=LEGACY_EXECUTION,
    )
    assert "X-Appwrite-Key, X-Appwrite-JWT" in one_problem_naming(problems, "2 credentials")


def test_request_with_no_credential_or_no_project() -> None:
    none = check(
        "0.9",
        "GET",
        "/functions/hello/executions/x",
        request_headers={"X-Appwrite-Project": "demo"},
        response_body=LEGACY_EXECUTION,
    )
    one_problem_naming(none, "no credential")
    no_project = check(
        "0.9",
        "GET",
        "/functions/hello/executions/x",
        request_headers={"X-Appwrite-Key": "secret"},
        response_body=LEGACY_EXECUTION,
    )
    assert no_project == ["auth: missing X-Appwrite-Project header"]


def test_credentials_follow_the_schemes_of_the_line_and_operation() -> None:
    cookie = {"X-Appwrite-Project": "demo", "Cookie": "a_session_demo=abc; other=1"}
    path = "/functions/hello/executions/x"
    assert check("1.8", "GET", path, request_headers=cookie, response_body=MODERN_EXECUTION) == []
    both = check(
        "1.8",
        "GET",
        path,
        request_headers={**cookie, "X-Appwrite-Key": "k"},
        response_body=MODERN_EXECUTION,
    )
    one_problem_naming(both, "2 credentials", "a_session_* cookie")
    # 1.0 defines no Session scheme; 0.7 no JWT; 1.8's delete takes the key only.
    session_on_1_0 = {"X-Appwrite-Project": "demo", "X-Appwrite-Session": "s"}
    problems = check(
        "1.0",
        "GET",
        path,
        request_headers=session_on_1_0,
        response_body=_synthesise(load_slice("1.0").schemas["execution"]),
    )
    one_problem_naming(problems, "X-Appwrite-Session is not a scheme")
    jwt = {"X-Appwrite-Project": "demo", "X-Appwrite-JWT": "eyJ..."}
    problems = check("0.7", "GET", path, request_headers=jwt, response_body=LEGACY_EXECUTION)
    one_problem_naming(problems, "X-Appwrite-JWT is not a scheme")
    problems = check(
        "1.8",
        "DELETE",
        path,
        request_headers=jwt,
        status=204,
        response_headers={},
        response_body=b"",
    )
    one_problem_naming(problems, "X-Appwrite-JWT is not a scheme", "DELETE")


def test_legacy_error_must_not_carry_a_type() -> None:
    error = {
        "message": "Execution not found",
        "code": 404,
        "version": "0.9.4",
        "type": "execution_not_found",
    }
    problems = check("0.9", "GET", "/functions/hello/executions/x", status=404, response_body=error)
    assert problems == ["error body: unknown property 'type'"]


def test_modern_error_must_carry_a_type_and_be_json() -> None:
    error = {"message": "Execution not found", "code": 404, "version": "1.8.1"}
    problems = check("1.8", "GET", "/functions/hello/executions/x", status=404, response_body=error)
    assert problems == ["error body: missing required property 'type'"]
    html = check(
        "1.8",
        "GET",
        "/functions/hello/executions/x",
        status=502,
        response_headers={"Content-Type": "text/html"},
        response_body=b"<html>",
    )
    one_problem_naming(html, "text/html")
    one_problem_naming(html, "not valid JSON")


def test_request_body_is_checked() -> None:
    headers = {**KEY_AUTH, "Content-Type": "application/json"}
    legacy = check(
        "0.9",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"data": 1, "async": True},
        status=201,
        response_body=LEGACY_EXECUTION,
    )
    one_problem_naming(legacy, "request body", "'data'", "string")
    one_problem_naming(legacy, "request body: unknown property 'async'")
    modern = check(
        "1.8",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"method": "TRACE"},
        status=201,
        response_body=MODERN_EXECUTION,
    )
    one_problem_naming(modern, "request body", "'method'", "TRACE")


def test_undocumented_defects_are_not_corrected() -> None:
    # 1.6 and 1.7 type the create body's `headers` as a string (1.4, 1.5, 1.8: object).
    headers = {**KEY_AUTH, "Content-Type": "application/json"}
    execution_1_6 = _synthesise(load_slice("1.6").schemas["execution"])
    problems = check(
        "1.6",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"headers": {"x": "1"}},
        status=201,
        response_body=execution_1_6,
    )
    assert problems == ['request body: \'headers\' should be string, got object {"x": "1"}']


def test_status_path_and_method_must_be_documented() -> None:
    undocumented_status = check(
        "0.9", "POST", "/functions/hello/executions", status=200, response_body=LEGACY_EXECUTION
    )
    one_problem_naming(undocumented_status, "status 200 is not documented", "201")
    no_delete = check("0.9", "DELETE", "/functions/hello/executions/x", status=204)
    one_problem_naming(no_delete, "DELETE is not documented")
    other_path = check("1.8", "GET", "/functions/hello", response_body={})
    one_problem_naming(other_path, "matches no path")
    body_on_204 = check(
        "1.8", "DELETE", "/functions/hello/executions/x", status=204, response_body={"ok": True}
    )
    one_problem_naming(body_on_204, "documents no body")


# ------------------------------------------------------------ corrections


def test_corrections_table_lists_exactly_the_documented_defects() -> None:
    ids = [c.id for c in CORRECTIONS]
    assert ids == [
        "create-201-json",
        "ignore-examples",
        "security-one-of",
        "iso-dates",
        "health-version",
        "create-202-async",
        "no-deployment-id-1.7",
        "error-code-integer",
    ]
    assert all(c.defect and c.correction and c.reason for c in CORRECTIONS)


def test_create_202_is_accepted_on_1_x_only() -> None:
    """An async create answers 202 on every 1.x line (correction create-202-async);
    0.x servers never do, so a 202 there is still reported."""
    headers = {**KEY_AUTH, "Content-Type": "application/json"}
    modern = check(
        "1.8",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"body": "", "async": True},
        status=202,
        response_body={**MODERN_EXECUTION, "status": "waiting"},
    )
    assert modern == []
    legacy = check(
        "0.15",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"data": "", "async": True},
        status=202,
        response_body={},
    )
    one_problem_naming(legacy, "status 202 is not documented")


def test_deployment_id_is_not_required_on_1_7_only() -> None:
    without = {k: v for k, v in MODERN_EXECUTION.items() if k != "deploymentId"}
    assert check("1.7", "GET", "/functions/hello/executions/x", response_body=without) == []
    problems = check("1.8", "GET", "/functions/hello/executions/x", response_body=without)
    one_problem_naming(problems, "missing required property 'deploymentId'")


def test_create_201_is_json_despite_multipart_in_the_slice() -> None:
    headers = {**KEY_AUTH, "Content-Type": "application/json"}
    as_json = check(
        "1.8",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"body": ""},
        status=201,
        response_body=MODERN_EXECUTION,
    )
    assert as_json == []
    as_multipart = check(
        "1.8",
        "POST",
        "/functions/hello/executions",
        request_headers=headers,
        request_body={"body": ""},
        status=201,
        response_headers={"Content-Type": "multipart/form-data"},
        response_body=MODERN_EXECUTION,
    )
    one_problem_naming(as_multipart, "Content-Type multipart/form-data")


def test_error_code_integer_or_string_but_nothing_else() -> None:
    error: dict[str, Any] = {"message": "m", "type": "general_unknown", "version": "1.8.1"}
    path = "/functions/hello/executions/x"
    for code in (500, "500"):
        assert check("1.8", "GET", path, status=500, response_body={**error, "code": code}) == []
    problems = check("1.8", "GET", path, status=500, response_body={**error, "code": 500.5})
    assert "string or integer" in one_problem_naming(problems, "'code'")
    assert load_slice("1.8").schemas["error"]["properties"]["code"]["type"] == "string"


def test_dates_must_be_iso_8601_with_offset_from_1_0() -> None:
    bad = {**MODERN_EXECUTION, "$createdAt": "2025-05-24 10:00:00"}
    problems = check("1.8", "GET", "/functions/hello/executions/x", response_body=bad)
    assert problems == [
        "response body: '$createdAt' is \"2025-05-24 10:00:00\", "
        "not an ISO 8601 date-time with offset"
    ]
    naive = {**MODERN_EXECUTION, "scheduledAt": "2030-01-01T00:00:00.000"}
    problems = check("1.8", "GET", "/functions/hello/executions/x", response_body=naive)
    one_problem_naming(problems, "'scheduledAt'")
    # 0.15 still sends Unix seconds, as its slice says.
    execution_0_15 = copy.deepcopy(_synthesise(load_slice("0.15").schemas["execution"]))
    execution_0_15["$createdAt"] = 1626450000
    assert check("0.15", "GET", "/functions/f/executions/e", response_body=execution_0_15) == []


def test_health_version_is_accepted_without_auth() -> None:
    for line, version in (("0.9", "0.9.4"), ("1.8", "1.8.1")):
        problems = validate_exchange(
            line,
            "GET",
            f"{BASE}/health/version",
            {},
            None,
            200,
            JSON_HEADERS,
            json.dumps({"version": version}).encode(),
        )
        assert problems == []
    extra = check(
        "1.8",
        "GET",
        "/health/version",
        request_headers={},
        response_body={"version": "1.8.1", "build": 7},
    )
    assert extra == ["response body: unknown property 'build'"]
    not_semver = check(
        "1.8", "GET", "/health/version", request_headers={}, response_body={"version": "latest"}
    )
    one_problem_naming(not_semver, "'version'", "latest")
    other_health = check("1.8", "GET", "/health", request_headers={}, response_body={})
    one_problem_naming(other_health, "matches no path")
