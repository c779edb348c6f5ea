"""The client's per-generation tables (_chain) say what the published slices say.

The client's field tables are its own statement of each generation's shape; here they
are compared with Appwrite's published documents of every line.
"""

from __future__ import annotations

import json
from typing import Any

from appwrite_executions._chain import (
    EXECUTION_SCHEMAS,
    OPTIONAL_FIELDS,
    FieldKind,
    generation_for,
    list_total_key,
    supports,
)
from support.paths import SPECS

# --- the published slices -----------------------------------------------------

_KIND_TO_SLICE = {
    FieldKind.STRING: "string",
    FieldKind.INTEGER: "integer",
    FieldKind.NUMBER: "number",
    FieldKind.UNIX_SECONDS: "integer",
    FieldKind.ISO_DATE: "string",
    FieldKind.ISO_DATE_OR_NULL: "string",
    FieldKind.STRING_LIST: "array",
    FieldKind.PERMISSIONS_OBJECT: "object",
    FieldKind.HEADERS: "array",
}


def _slices() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(SPECS.glob("appwrite-*-executions.*.json")):
        line = path.name.split("-")[1].removesuffix(".x")
        found.append((line, json.loads(path.read_text(encoding="utf-8"))))
    return found


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.get("definitions") or document["components"]["schemas"]
    assert isinstance(schemas, dict)
    return schemas


def test_every_release_line_from_0_7_to_1_8_has_a_slice() -> None:
    lines = {line for line, _ in _slices()}
    assert lines == {
        "0.7",
        "0.8",
        "0.9",
        "0.10",
        "0.11",
        "0.12",
        "0.13",
        "0.14",
        "0.15",
        "1.0",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "1.8",
    }


def test_execution_schemas_match_every_published_slice() -> None:
    for line, document in _slices():
        generation = generation_for(line).generation
        schema = EXECUTION_SCHEMAS[generation]
        published = _schemas(document)["execution"]
        properties = dict(published["properties"])
        required = set(published["required"])
        if line == "1.7":
            # The published 1.7 file lists deploymentId; released 1.7 servers never
            # send it (1.7.5:src/Appwrite/Utopia/Response/Model/Execution.php; openapi.yaml
            # C12). Everything else must match.
            del properties["deploymentId"]
            required.discard("deploymentId")
        assert list(properties) == list(schema), line
        for name, kind in schema.items():
            assert properties[name]["type"] == _KIND_TO_SLICE[kind], (line, name)
            if kind is FieldKind.STRING_LIST:
                assert properties[name]["items"] == {"type": "string"}, (line, name)
            if kind is FieldKind.HEADERS:
                assert properties[name]["items"]["$ref"].endswith("/headers"), (line, name)
            if kind is FieldKind.ISO_DATE_OR_NULL:
                assert properties[name].get("nullable") is True, (line, name)
        assert required == set(schema) - set(OPTIONAL_FIELDS), line


def test_list_count_key_matches_every_published_slice() -> None:
    for line, document in _slices():
        generation = generation_for(line).generation
        properties = _schemas(document)["executionList"]["properties"]
        assert list(properties) == [list_total_key(generation), "executions"], line


def test_0_10_permissions_object_has_read_and_write_lists() -> None:
    for line, document in _slices():
        if line not in ("0.10", "0.11"):
            continue
        permissions = _schemas(document)["permissions"]
        assert set(permissions["properties"]) == {"read", "write"}
        assert set(permissions["required"]) == {"read", "write"}


def test_0_7_and_0_8_differ_from_0_9_only_in_requests() -> None:
    by_line = dict(_slices())
    legacy = _schemas(by_line["0.9"])
    for line in ("0.7", "0.8"):
        old = _schemas(by_line[line])
        for model in ("execution", "executionList"):
            assert list(old[model]["properties"]) == list(legacy[model]["properties"])
            assert old[model]["required"] == legacy[model]["required"]
            for name, prop in old[model]["properties"].items():
                assert prop["type"] == legacy[model]["properties"][name]["type"]
    create_07 = by_line["0.7"]["paths"]["/functions/{functionId}/executions"]["post"]
    assert [p["in"] for p in create_07["parameters"]] == ["path"]  # no data body in 0.7
    assert not supports("create_data", "0.7.2")
    create_08 = by_line["0.8"]["paths"]["/functions/{functionId}/executions"]["post"]
    assert "body" in [p["in"] for p in create_08["parameters"]]


def test_head_method_appears_in_1_8() -> None:
    by_line = dict(_slices())
    for line in ("1.4", "1.8"):
        body = by_line[line]["paths"]["/functions/{functionId}/executions"]["post"]["requestBody"]
        methods = body["content"]["application/json"]["schema"]["properties"]["method"]["enum"]
        assert ("HEAD" in methods) is supports("create_method_head", line)
