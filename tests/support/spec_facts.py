"""Flatten an API document (Swagger 2 or OpenAPI 3) into comparable facts.

Appwrite publishes Swagger 2 up to 0.11 and OpenAPI 3 after; our derived documents are
OpenAPI 3. To compare them we reduce each to the same facts: one per operation,
parameter, request-body property and response property, keyed by a readable string and
carrying only what changes the meaning for a client (type, required, default, enum,
nullable, media type). Descriptions, examples and formats are not facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "options", "head")
Facts = dict[str, dict[str, Any]]


def load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


class _Resolver:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def __call__(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $refs are supported: {ref}")
            target: Any = self.document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
            if seen > 50:
                raise ValueError(f"$ref cycle at {ref}")
        return node


def _schema_type(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    if "oneOf" in schema or "anyOf" in schema:
        options: list[dict[str, Any]] = schema.get("oneOf") or schema.get("anyOf") or []
        return "|".join(sorted(str(option.get("type", "?")) for option in options))
    if "properties" in schema:
        return "object"
    return "any"


def _nullable(schema: dict[str, Any]) -> bool:
    # Appwrite's documents use both OpenAPI's `nullable` and the older `x-nullable`.
    return bool(schema.get("nullable") or schema.get("x-nullable"))


def _schema_facts(
    schema: Any, resolve: _Resolver, prefix: str, depth: int = 0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Facts for each property of an object schema, recursing into objects and arrays."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > 6:
        return
    if schema.get("type") == "array" or "items" in schema:
        yield from _schema_facts(schema.get("items", {}), resolve, prefix + "[]", depth + 1)
        return
    required = set(schema.get("required", []))
    for name, raw in schema.get("properties", {}).items():
        prop = resolve(raw)
        if isinstance(prop.get("items"), dict):
            prop = {**prop, "items": resolve(prop["items"])}
        key = f"{prefix}.{name}" if prefix else name
        fact: dict[str, Any] = {
            "type": _schema_type(prop),
            "required": name in required,
            "nullable": _nullable(prop),
            "enum": sorted(prop["enum"]) if "enum" in prop else None,
        }
        if fact["type"] == "array":
            fact["items"] = _schema_type(prop.get("items", {}))
        yield key, fact
        yield from _schema_facts(prop, resolve, key, depth + 1)


def _parameter_fact(param: dict[str, Any]) -> dict[str, Any]:
    source = param.get("schema", param)  # OpenAPI 3 nests the schema; Swagger 2 does not
    fact = {
        "type": _schema_type(source),
        "required": bool(param.get("required", False)),
        "default": source.get("default"),
        "enum": sorted(source["enum"]) if "enum" in source else None,
    }
    if fact["type"] == "array":
        fact["items"] = _schema_type(source.get("items", {}))
    return fact


def flatten(document: dict[str, Any]) -> Facts:
    """All facts of a document, keyed like 'GET /functions/{functionId}/executions ...'."""
    resolve = _Resolver(document)
    swagger2 = "swagger" in document
    facts: Facts = {}
    for path, raw_item in document.get("paths", {}).items():
        item = resolve(raw_item)
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            op = f"{method.upper()} {path}"
            facts[op] = {"operationId": operation.get("operationId")}
            params = {(p["in"], p["name"]): p for p in shared}
            params.update(
                {(p["in"], p["name"]): p for p in map(resolve, operation.get("parameters", []))}
            )
            body_schema: Any = None
            body_media: list[str] = []
            for (location, name), param in params.items():
                if location == "body":
                    body_schema = param.get("schema", {})
                    body_media = list(operation.get("consumes", document.get("consumes", [])))
                    continue
                facts[f"{op} param {location}:{name}"] = _parameter_fact(param)
            if not swagger2 and "requestBody" in operation:
                content = resolve(operation["requestBody"]).get("content", {})
                body_media = sorted(content)
                json_body: dict[str, Any] = content.get("application/json") or next(
                    iter(content.values()), {}
                )
                body_schema = json_body.get("schema", {})
            if body_schema is not None:
                for key, fact in _schema_facts(body_schema, resolve, ""):
                    facts[f"{op} body {key}"] = fact
            for status, raw_response in operation.get("responses", {}).items():
                response = resolve(raw_response)
                rkey = f"{op} response {status}"
                if swagger2:
                    media = sorted(operation.get("produces", document.get("produces", [])))
                    schema = response.get("schema")
                else:
                    response_content: dict[str, Any] = response.get("content", {})
                    media = sorted(response_content)
                    first: dict[str, Any] = next(iter(response_content.values()), {})
                    schema = first.get("schema")
                facts[rkey] = {"media": media if schema is not None else []}
                if schema is not None:
                    for key, fact in _schema_facts(schema, resolve, ""):
                        facts[f"{rkey} {key}"] = fact
            if body_schema is not None:
                facts[f"{op} body"] = {"media": body_media}
    return facts


def differences(published: Facts, ours: Facts) -> list[tuple[str, str, Any, Any]]:
    """(key, what, published value, our value) for each fact that is not the same.

    `what` is 'missing' (published, not ours), 'extra' (ours only) or the name of the
    attribute whose value differs.
    """
    out: list[tuple[str, str, Any, Any]] = []
    for key in sorted(published.keys() | ours.keys()):
        if key not in ours:
            out.append((key, "missing", published[key], None))
        elif key not in published:
            out.append((key, "extra", None, ours[key]))
        else:
            for attr in sorted(published[key].keys() | ours[key].keys()):
                mine, theirs = ours[key].get(attr), published[key].get(attr)
                if mine != theirs:
                    out.append((key, attr, theirs, mine))
    return out
