"""Check recorded HTTP exchanges against Appwrite's published executions slices.

The slices live outside the project, in ``<project>/../shared/appwrite-specs/``
(override with the ``APPWRITE_SPECS_DIR`` environment variable).  They are read,
never copied.  One file per release line, Swagger 2 for 0.7-0.11 and OpenAPI 3.0
from 0.12 on.

Public API
----------
``release_lines()``
    Every release line present in the folder, sorted by version.
``load_slice(line)``
    A normalised, format-independent view of one slice (:class:`Slice`).
``validate_exchange(line, method, url, request_headers, request_body, status,
response_headers, response_body)``
    Human-readable problems with one request/response pair (empty when it
    conforms to the slice, allowing only for the corrections in
    :data:`CORRECTIONS`).

Everything the published documents get wrong and that validation deliberately
works around is listed, with its reason, in :data:`CORRECTIONS`; nothing else
is corrected.  Whatever else does not match the slice is reported.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from support.paths import specs_dir

__all__ = [
    "CORRECTIONS",
    "FALLBACK_ERROR_SCHEMA",
    "Correction",
    "Operation",
    "Parameter",
    "RequestBody",
    "Response",
    "SecurityScheme",
    "Slice",
    "error_schema",
    "load_slice",
    "release_lines",
    "specs_dir",
    "validate_exchange",
]

Schema = dict[str, Any]
"""A JSON-schema-like mapping taken from a slice ($refs resolved, examples dropped)."""

HeaderValue = str | Sequence[str]
Headers = Mapping[str, HeaderValue]
"""Header maps as given by callers: ``{"Name": "v"}`` or vcrpy's ``{"Name": ["v"]}``."""

ENV_VAR: Final = "APPWRITE_SPECS_DIR"
_FILE_RE: Final = re.compile(
    r"^appwrite-(?P<line>\d+\.\d+)\.x-executions\.(?P<fmt>swagger2|openapi3)\.json$"
)
_CREATE_PATH: Final = "/functions/{functionId}/executions"
_HEALTH_VERSION_PATH: Final = "/health/version"
_SESSION_COOKIE_PREFIX: Final = "a_session_"
_DATE_FIELDS: Final = ("$createdAt", "$updatedAt", "scheduledAt")
_ISO_8601_WITH_OFFSET: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$"
)
_SERVER_VERSION: Final = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
_EXAMPLE_KEYS: Final = frozenset({"example", "examples", "x-example"})
# Keys of a schema object that hold schemas (or maps/lists of schemas), so that
# property *names* such as "type" or "example" are never mistaken for keywords.
_SCHEMA_MAP_KEYS: Final = frozenset({"properties", "patternProperties", "definitions"})
_SCHEMA_LIST_KEYS: Final = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_KEYS: Final = frozenset({"items", "additionalProperties", "not"})
# Keywords that only annotate; they are dropped from the validation schema.
_ANNOTATIONS: Final = frozenset(
    {
        "description",
        "title",
        "format",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
        "discriminator",
        "xml",
        "externalDocs",
        "nullable",
    }
)


# --------------------------------------------------------------------------
# Corrections: the one table of deliberate deviations from the slices
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """One documented defect of the published documents and how validation treats it."""

    id: str
    defect: str
    correction: str
    reason: str
    since: str | None = None
    """First release line the correction applies to (``None``: every line)."""
    until: str | None = None
    """First release line it no longer applies to (``None``: every later line)."""


CORRECTIONS: Final[tuple[Correction, ...]] = (
    Correction(
        id="create-201-json",
        defect="the 201 of POST /functions/{functionId}/executions is declared "
        "multipart/form-data (the 1.8.x slice; 1.6.x and 1.7.x say the same)",
        correction="wherever a slice declares that media type for the create 201, "
        "expect application/json with the same schema instead",
        reason="known defect: the server answers create with a JSON execution "
        "object (executions-api.md, Known defects)",
    ),
    Correction(
        id="ignore-examples",
        defect="examples do not match their schemas (list example has "
        '"executions": "", request/response header examples are maps)',
        correction="examples (example, x-example) are dropped when loading; "
        "validation uses schemas only",
        reason='known defect: the list example has "executions": "" '
        "(executions-api.md, Known defects)",
    ),
    Correction(
        id="security-one-of",
        defect="each operation's security object lists every scheme together "
        "(Project AND Key AND JWT [AND Session]), i.e. 'all at once'",
        correction="require X-Appwrite-Project plus exactly one credential "
        "(X-Appwrite-Key, X-Appwrite-JWT, X-Appwrite-Session or an a_session_* "
        "cookie), taken from the schemes the operation lists in that release line",
        reason="known defect: the server accepts the project plus any one of "
        "key / JWT / session (executions-api.md, Authentication)",
    ),
    Correction(
        id="iso-dates",
        defect="$createdAt, $updatedAt and scheduledAt are plain strings, "
        "without format: date-time",
        correction="additionally require non-null values of those fields to be "
        "ISO 8601 date-times with a UTC offset (in request and response bodies)",
        reason="known defect: dates have no format although the server sends "
        "e.g. 2020-10-15T06:38:00.000+00:00 (executions-api.md, Known defects)",
        since="1.0",
    ),
    Correction(
        id="health-version",
        defect="GET /health/version is absent from every slice",
        correction="accept GET /health/version without credentials, answering "
        '200 application/json {"version": "<x.y.z>"} (no other property)',
        reason="known defect: every server since 0.7 answers it "
        "(executions-api.md, Endpoints and Known defects)",
    ),
    Correction(
        id="create-202-async",
        defect="POST /functions/{functionId}/executions documents only 201",
        correction="accept 202 for create as the 201 answer (same media type and schema)",
        reason="an async or scheduled create answers 202 Accepted on every 1.x line: "
        "1.0.3:app/controllers/api/functions.php (if ($async) ... STATUS_CODE_ACCEPTED) "
        "to 1.6.2:app/controllers/api/functions.php, 1.7.5 to 1.9.6:src/Appwrite/Platform/"
        "Modules/Functions/Http/Executions/Create.php (openapi.yaml C11)",
        since="1.0",
    ),
    Correction(
        id="no-deployment-id-1.7",
        defect="the 1.7.x slice requires deploymentId on the execution",
        correction="on 1.7 deploymentId is not required (and not expected)",
        reason="released 1.7 servers send none: 1.7.0 and 1.7.5:src/Appwrite/Utopia/"
        "Response/Model/Execution.php have no such rule, 1.8.0 adds it (openapi.yaml C12)",
        since="1.7",
        until="1.8",
    ),
    Correction(
        id="error-code-integer",
        defect="the error schema declares code as a string",
        correction="accept an integer code as well as a string",
        reason="real servers send the HTTP status as an integer "
        "(executions-api.md, errors; task brief)",
    ),
)

_CORRECTIONS_BY_ID: Final[Mapping[str, Correction]] = {c.id: c for c in CORRECTIONS}

# The 0.9.x-0.11.x slices define no error schema at all, yet errors must still be
# checked.  This is not a correction (nothing in those slices is overridden): it
# fills the gap with the legacy shape the reference documents for 0.9.x and that
# the 0.7/0.8/0.12 slices declare, {message, code, version}, code as a string as
# in those neighbours (so "error-code-integer" applies to it too).
FALLBACK_ERROR_SCHEMA: Final[Mapping[str, Any]] = {
    "type": "object",
    "properties": {
        "message": {"type": "string"},
        "code": {"type": "string"},
        "version": {"type": "string"},
    },
    "required": ["message", "code", "version"],
}


def _applies(correction_id: str, line: str) -> bool:
    correction = _CORRECTIONS_BY_ID[correction_id]
    if correction.until is not None and _line_key(line) >= _line_key(correction.until):
        return False
    return correction.since is None or _line_key(line) >= _line_key(correction.since)


def _without_required(schema: Any, name: str) -> Any:
    """A copy of ``schema`` where no object requires ``name``."""
    if isinstance(schema, list):
        return [_without_required(item, name) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _without_required(value, name) for key, value in schema.items()}
    required = out.get("required")
    if isinstance(required, list) and name in required:
        out["required"] = [item for item in required if item != name]
    return out


# --------------------------------------------------------------------------
# Normalised view
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A path/query/header parameter, whichever document format it came from."""

    name: str
    location: str
    required: bool
    schema: Schema
    """type/format/enum/items/default as a schema (Swagger 2 keeps them inline)."""

    @property
    def type(self) -> str | None:
        value = self.schema.get("type")
        return value if isinstance(value, str) else None

    @property
    def has_default(self) -> bool:
        return "default" in self.schema

    @property
    def default(self) -> Any:
        return self.schema.get("default")

    @property
    def enum(self) -> tuple[Any, ...] | None:
        values = self.schema.get("enum")
        return tuple(values) if isinstance(values, list) else None

    @property
    def items(self) -> Schema | None:
        items = self.schema.get("items")
        return items if isinstance(items, dict) else None


@dataclass(frozen=True)
class RequestBody:
    """A request body: Swagger 2 ``in: body`` parameter or OpenAPI 3 requestBody."""

    required: bool
    content: Mapping[str, Schema]
    """Media type -> schema."""

    @property
    def schema(self) -> Schema:
        """The JSON schema (application/json if declared, else the first one)."""
        if "application/json" in self.content:
            return self.content["application/json"]
        return next(iter(self.content.values()))


@dataclass(frozen=True)
class Response:
    """One documented response; ``content`` is empty when it has no body."""

    status: str
    description: str
    content: Mapping[str, Schema]

    @property
    def schema(self) -> Schema | None:
        if "application/json" in self.content:
            return self.content["application/json"]
        return next(iter(self.content.values()), None)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: Mapping[str, Response]
    security: tuple[frozenset[str], ...]
    """Security requirement objects, each a set of scheme names (as published)."""

    def parameter(self, name: str, location: str = "query") -> Parameter | None:
        for parameter in self.parameters:
            if parameter.name == name and parameter.location == location:
                return parameter
        return None

    def params_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    type: str
    header: str | None
    location: str | None


@dataclass(frozen=True)
class Slice:
    line: str
    server_version: str
    format: Literal["swagger2", "openapi3"]
    source: Path
    base_path: str
    operations: Mapping[tuple[str, str], Operation]
    """(METHOD, path template) -> operation."""
    schemas: Mapping[str, Schema]
    """Definitions / components.schemas, $refs resolved, examples dropped."""
    security_schemes: Mapping[str, SecurityScheme]
    _matchers: tuple[tuple[re.Pattern[str], str], ...] = field(repr=False, compare=False)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(path for _, path in self.operations))

    def operation(self, method: str, path: str) -> Operation:
        return self.operations[(method.upper(), path)]

    def match_path(self, path: str) -> tuple[str, dict[str, str]] | None:
        """The path template matching a path relative to the base path, and its values."""
        for pattern, template in self._matchers:
            found = pattern.match(path)
            if found:
                names = re.findall(r"{([^}]+)}", template)
                values = [unquote(v) for v in found.groups()]
                return template, dict(zip(names, values, strict=True))
        return None


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def _line_key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")[:2]
    return int(major), int(minor)


def _slice_files(directory: Path) -> dict[str, Path]:
    if not directory.is_dir():
        raise FileNotFoundError(f"no slices folder at {directory} (set {ENV_VAR})")
    files: dict[str, Path] = {}
    for entry in directory.iterdir():
        found = _FILE_RE.match(entry.name)
        if found:
            files[found.group("line")] = entry
    return files


UNPUBLISHED_LINES: Final[Mapping[str, str]] = {"1.9": "1.8"}
"""Release lines with no published slice, and the slice that describes their shape."""


def release_lines() -> list[str]:
    """Release lines ("0.7", ..., "1.8") present in the slices folder, by version."""
    return sorted(_slice_files(specs_dir()), key=_line_key)


def _normalise_line(line: str) -> str:
    found = re.match(r"^v?(\d+)\.(\d+)(?:\.(?:x|\d+.*))?$", line.strip())
    if not found:
        raise ValueError(f"not a release line: {line!r} (expected e.g. '0.9' or '1.8')")
    return f"{int(found.group(1))}.{int(found.group(2))}"


def load_slice(line: str) -> Slice:
    """The normalised view of one release line's slice ("0.9", "1.8.x", "1.8.1"...)."""
    wanted = _normalise_line(line)
    files = _slice_files(specs_dir())
    if wanted not in files and wanted in UNPUBLISHED_LINES:
        # No published 1.9 slice: 1.9 keeps the 1.8 execution and list shapes
        # (1.9.6:src/Appwrite/Utopia/Response/Model/Execution.php has the 1.8.1 rules),
        # so its traffic is checked against the 1.8 slice.
        wanted = UNPUBLISHED_LINES[wanted]
    if wanted not in files:
        known = ", ".join(sorted(files, key=_line_key))
        raise KeyError(f"no slice for release line {wanted} (have: {known})")
    return _load(files[wanted].resolve(), wanted)


@functools.cache
def _load(path: Path, line: str) -> Slice:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path}: not a JSON object")
    if str(document.get("swagger", "")).startswith("2"):
        return _normalise(document, line, path, "swagger2")
    if str(document.get("openapi", "")).startswith("3"):
        return _normalise(document, line, path, "openapi3")
    raise ValueError(f"{path}: neither Swagger 2 nor OpenAPI 3")


def _pointer(document: Mapping[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    node: Any = document
    for raw_token in ref[2:].split("/"):
        node = node[raw_token.replace("~1", "/").replace("~0", "~")]
    return node


def _resolve(node: Any, document: Mapping[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Inline every $ref (siblings of $ref are ignored, as Swagger 2 / OAS 3.0 say)."""
    if isinstance(node, list):
        return [_resolve(item, document, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            raise ValueError(f"recursive $ref {ref!r} cannot be inlined")
        return _resolve(_pointer(document, ref), document, (*seen, ref))
    return {key: _resolve(value, document, seen) for key, value in node.items()}


def _clean_schema(schema: Any) -> Any:
    """Drop examples from a (resolved) schema, walking only schema positions."""
    if not isinstance(schema, dict):
        return schema
    out: Schema = {}
    for key, value in schema.items():
        if key in _EXAMPLE_KEYS:
            continue
        if key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
            out[key] = {name: _clean_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
            out[key] = [_clean_schema(sub) for sub in value]
        elif key in _SCHEMA_KEYS:
            out[key] = _clean_schema(value)
        else:
            out[key] = value
    return out


def _schema(node: Any, document: Mapping[str, Any]) -> Schema:
    cleaned = _clean_schema(_resolve(node, document))
    return cleaned if isinstance(cleaned, dict) else {}


def _normalise(
    document: Mapping[str, Any],
    line: str,
    path: Path,
    fmt: Literal["swagger2", "openapi3"],
) -> Slice:
    swagger = fmt == "swagger2"
    if swagger:
        base_path = str(document.get("basePath", "/"))
        raw_schemes = document.get("securityDefinitions", {})
        raw_schemas = document.get("definitions", {})
    else:
        servers = document.get("servers") or [{"url": "/"}]
        base_path = urlsplit(str(servers[0]["url"])).path or "/"
        components = document.get("components", {})
        raw_schemes = components.get("securitySchemes", {})
        raw_schemas = components.get("schemas", {})
    base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""

    schemes = {
        name: SecurityScheme(
            name=name,
            type=str(scheme.get("type", "")),
            header=scheme.get("name"),
            location=scheme.get("in"),
        )
        for name, scheme in raw_schemes.items()
    }
    schemas = {name: _schema(value, document) for name, value in raw_schemas.items()}

    operations: dict[tuple[str, str], Operation] = {}
    for template, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method, raw in item.items():
            if method == "parameters" or not isinstance(raw, dict):
                continue
            operations[(method.upper(), template)] = _operation(
                document=document,
                method=method.upper(),
                template=template,
                raw=raw,
                shared=shared,
                swagger=swagger,
            )

    templates = dict.fromkeys(template for _, template in operations)
    # Literal segments win over placeholders when templates overlap.
    ordered = sorted(templates, key=lambda t: (t.count("{"), -t.count("/")))
    matchers = tuple((_template_regex(t), t) for t in ordered)
    return Slice(
        line=line,
        server_version=str(document.get("info", {}).get("version", "")),
        format=fmt,
        source=path,
        base_path=base_path,
        operations=operations,
        schemas=schemas,
        security_schemes=schemes,
        _matchers=matchers,
    )


def _template_regex(template: str) -> re.Pattern[str]:
    pattern = ""
    for piece in re.split(r"({[^}]+})", template):
        pattern += "([^/]+)" if piece.startswith("{") else re.escape(piece)
    return re.compile(f"^{pattern}$")


def _operation(
    *,
    document: Mapping[str, Any],
    method: str,
    template: str,
    raw: Mapping[str, Any],
    shared: Sequence[Any],
    swagger: bool,
) -> Operation:
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw_param in [*shared, *raw.get("parameters", [])]:
        param = _resolve(raw_param, document)
        merged[(param["name"], param["in"])] = param

    parameters: list[Parameter] = []
    body: RequestBody | None = None
    consumes = raw.get("consumes", document.get("consumes", ["application/json"]))
    for param in merged.values():
        if swagger and param["in"] == "body":
            schema = _schema(param.get("schema", {}), document)
            body = RequestBody(
                required=bool(param.get("required", False)),
                content={media: schema for media in consumes},
            )
            continue
        if swagger:
            inline = {
                key: value
                for key, value in param.items()
                if key not in {"name", "in", "required", "description"} and not key.startswith("x-")
            }
            schema = _schema(inline, document)
        else:
            schema = _schema(param.get("schema", {}), document)
        parameters.append(
            Parameter(
                name=str(param["name"]),
                location=str(param["in"]),
                required=bool(param.get("required", param["in"] == "path")),
                schema=schema,
            )
        )

    if not swagger and "requestBody" in raw:
        request_body = _resolve(raw["requestBody"], document)
        body = RequestBody(
            required=bool(request_body.get("required", False)),
            content={
                media: _schema(entry.get("schema", {}), document)
                for media, entry in request_body.get("content", {}).items()
            },
        )

    produces = raw.get("produces", document.get("produces", ["application/json"]))
    responses: dict[str, Response] = {}
    for status, raw_response in raw.get("responses", {}).items():
        response = _resolve(raw_response, document)
        if swagger:
            content = (
                {media: _schema(response["schema"], document) for media in produces}
                if "schema" in response
                else {}
            )
        else:
            content = {
                media: _schema(entry.get("schema", {}), document)
                for media, entry in response.get("content", {}).items()
            }
        responses[str(status)] = Response(
            status=str(status),
            description=str(response.get("description", "")),
            content=content,
        )

    security = raw.get("security", document.get("security", []))
    return Operation(
        method=method,
        path=template,
        operation_id=str(raw.get("operationId", "")),
        parameters=tuple(parameters),
        body=body,
        responses=responses,
        security=tuple(frozenset(requirement) for requirement in security),
    )


# --------------------------------------------------------------------------
# Schema validation
# --------------------------------------------------------------------------


def _validation_schema(schema: Any) -> Any:
    """A plain JSON Schema (draft 7) from a slice schema.

    ``nullable`` (OAS 3.0) and ``x-nullable`` (the Swagger 2 convention, used by
    the 1.8 request body) become ``null`` in the type (and enum); objects that
    declare properties are closed (``additionalProperties: false`` unless the slice
    says otherwise) so that stray fields are reported.
    """
    if not isinstance(schema, dict):
        return schema
    out: Schema = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-") or key in _EXAMPLE_KEYS:
            continue
        if key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
            out[key] = {name: _validation_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
            out[key] = [_validation_schema(sub) for sub in value]
        elif key in _SCHEMA_KEYS:
            out[key] = _validation_schema(value)
        else:
            out[key] = value
    if schema.get("nullable") is True or schema.get("x-nullable") is True:
        declared = out.get("type")
        if isinstance(declared, str):
            out["type"] = [declared, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _field_path(parts: Iterable[str | int], name: str | None = None) -> str:
    out = ""
    for part in [*parts, *([name] if name is not None else [])]:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(where: str, error: ValidationError) -> list[str]:
    path = list(error.absolute_path)
    at = _field_path(path)
    subject = f"'{at}'" if at else "the body"
    instance = error.instance
    keyword = error.validator
    if keyword == "additionalProperties" and isinstance(instance, dict):
        declared = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [
            f"{where}: unknown property '{_field_path(path, name)}'"
            for name in instance
            if name not in declared
        ]
    if keyword == "required" and isinstance(instance, dict):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        return [
            f"{where}: missing required property '{_field_path(path, name)}'"
            for name in required
            if name not in instance
        ]
    if keyword == "type":
        expected = error.validator_value
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return [
            f"{where}: {subject} should be {wanted}, got {_json_type(instance)} {_short(instance)}"
        ]
    if keyword == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(_short(v) for v in error.validator_value)
        return [f"{where}: {subject} is {_short(instance)}, not one of {allowed}"]
    return [f"{where}: {subject}: {error.message}"]


def _schema_problems(where: str, schema: Schema, instance: Any) -> list[str]:
    validator = Draft7Validator(_validation_schema(schema))
    errors = sorted(
        validator.iter_errors(instance),
        key=lambda e: ([str(p) for p in e.absolute_path], str(e.validator)),
    )
    problems: list[str] = []
    for error in errors:
        problems.extend(_describe(where, error))
    return list(dict.fromkeys(problems))


def _date_problems(where: str, instance: Any, path: tuple[str | int, ...] = ()) -> Iterator[str]:
    """Correction "iso-dates": date fields must be ISO 8601 with an offset."""
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from _date_problems(where, item, (*path, index))
    elif isinstance(instance, dict):
        for key, value in instance.items():
            if key in _DATE_FIELDS and isinstance(value, str) and not _is_iso_with_offset(value):
                yield (
                    f"{where}: '{_field_path(path, key)}' is {_short(value)}, "
                    "not an ISO 8601 date-time with offset"
                )
            yield from _date_problems(where, value, (*path, key))


def _is_iso_with_offset(value: str) -> bool:
    if not _ISO_8601_WITH_OFFSET.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------
# Exchange validation
# --------------------------------------------------------------------------


def _header_map(headers: Headers | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in (headers or {}).items():
        values = [value] if isinstance(value, str) else [str(v) for v in value]
        out.setdefault(name.lower(), []).extend(values)
    return out


def _media_type(headers: Mapping[str, list[str]]) -> str | None:
    values = headers.get("content-type")
    if not values:
        return None
    return values[-1].split(";", 1)[0].strip().lower()


def _parse_json(where: str, body: bytes) -> tuple[Any, list[str]]:
    try:
        return json.loads(body.decode("utf-8")), []
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"{where}: not valid JSON ({exc})"]


def validate_exchange(
    line: str,
    method: str,
    url: str,
    request_headers: Headers | None,
    request_body: bytes | None,
    status: int,
    response_headers: Headers | None,
    response_body: bytes,
) -> list[str]:
    """Problems with one recorded exchange against the ``line`` slice (empty: conforms).

    Headers may be ``{"Name": "value"}`` or vcrpy's ``{"Name": ["value", ...]}``.
    """
    spec = load_slice(line)
    method = method.upper()
    parts = urlsplit(url)
    raw_path = parts.path
    if spec.base_path and not (
        raw_path == spec.base_path or raw_path.startswith(spec.base_path + "/")
    ):
        # Tolerate a prefix before the base path (a reverse proxy mount point).
        index = raw_path.find(spec.base_path + "/")
        if index < 0:
            return [f"request: path {raw_path!r} is not under the base path {spec.base_path!r}"]
        raw_path = raw_path[index:]
    relative = raw_path[len(spec.base_path) :] or "/"
    req_headers = _header_map(request_headers)
    resp_headers = _header_map(response_headers)

    matched = spec.match_path(relative)
    if matched is None:
        if relative == _HEALTH_VERSION_PATH and method == "GET":
            return _health_version(spec, parts.query, status, resp_headers, response_body)
        return [f"request: {method} {relative} matches no path of the {spec.line} slice"]
    template, path_values = matched
    operation = spec.operations.get((method, template))
    if operation is None:
        documented = sorted(m for m, t in spec.operations if t == template)
        return [
            f"request: {method} is not documented for {template} in {spec.line} "
            f"(documented: {', '.join(documented)})"
        ]

    problems: list[str] = []
    problems += _path_problems(operation, path_values)
    problems += _query_problems(operation, parts.query)
    problems += _header_param_problems(operation, req_headers)
    problems += _credential_problems(spec, operation, req_headers)
    problems += _request_body_problems(spec, operation, req_headers, request_body)
    problems += _response_problems(spec, operation, status, resp_headers, response_body)
    return problems


def _scalar_problem(where: str, parameter: Parameter, schema: Schema, raw: str) -> str | None:
    declared = schema.get("type")
    if declared == "integer" and not re.fullmatch(r"[+-]?\d+", raw):
        return f"{where}: '{parameter.name}' is {raw!r}, not an integer"
    if declared == "number":
        try:
            float(raw)
        except ValueError:
            return f"{where}: '{parameter.name}' is {raw!r}, not a number"
    if declared == "boolean" and raw not in ("true", "false"):
        return f'{where}: \'{parameter.name}\' is {raw!r}, not a boolean ("true"/"false")'
    enum = schema.get("enum")
    if isinstance(enum, list) and raw not in [str(v) for v in enum]:
        allowed = ", ".join(str(v) for v in enum)
        return f"{where}: '{parameter.name}' is {raw!r}, not one of {allowed}"
    return None


def _path_problems(operation: Operation, values: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    for name, raw in values.items():
        parameter = operation.parameter(name, "path")
        if parameter is None:
            problems.append(f"path: placeholder '{name}' is not a documented path parameter")
            continue
        problem = _scalar_problem("path", parameter, parameter.schema, raw)
        if problem:
            problems.append(problem)
    return problems


def _query_problems(operation: Operation, query: str) -> list[str]:
    problems: list[str] = []
    given: dict[str, list[str]] = {}
    forms: dict[str, set[str]] = {}
    for raw_name, value in parse_qsl(query, keep_blank_values=True):
        # PHP-style arrays: name[]=a&name[]=b (name[0]=a is parsed the same way).
        found = re.fullmatch(r"(?P<name>[^\[\]]+)\[\d*\]", raw_name)
        name = found.group("name") if found else raw_name
        given.setdefault(name, []).append(value)
        forms.setdefault(name, set()).add("array" if found else "scalar")

    for name, values in given.items():
        parameter = operation.parameter(name, "query")
        if parameter is None:
            known = ", ".join(p.name for p in operation.params_in("query")) or "none"
            problems.append(f"query: unknown parameter '{name}' (documented: {known})")
            continue
        if parameter.type == "array":
            if "scalar" in forms[name]:
                problems.append(
                    f"query: '{name}' is an array and must be sent as repeated '{name}[]='"
                )
            items = parameter.items or {}
            for value in values:
                problem = _scalar_problem("query", parameter, items, value)
                if problem:
                    problems.append(problem)
            continue
        if "array" in forms[name]:
            problems.append(f"query: '{name}' is not an array but was sent as '{name}[]'")
        if len(values) > 1:
            problems.append(f"query: '{name}' given {len(values)} times")
        for value in values:
            problem = _scalar_problem("query", parameter, parameter.schema, value)
            if problem:
                problems.append(problem)

    for parameter in operation.params_in("query"):
        if parameter.required and parameter.name not in given:
            problems.append(f"query: missing required parameter '{parameter.name}'")
    return problems


def _header_param_problems(operation: Operation, headers: Mapping[str, list[str]]) -> list[str]:
    problems: list[str] = []
    for parameter in operation.params_in("header"):
        values = headers.get(parameter.name.lower())
        if not values:
            if parameter.required:
                problems.append(f"headers: missing required header '{parameter.name}'")
            continue
        problem = _scalar_problem("headers", parameter, parameter.schema, values[-1])
        if problem:
            problems.append(problem)
    return problems


# Every credential source Appwrite knows, by the scheme that defines it.
_SESSION_COOKIE: Final = "a_session_* cookie"
_CREDENTIAL_SOURCES: Final = (
    "X-Appwrite-Key",
    "X-Appwrite-JWT",
    "X-Appwrite-Session",
    _SESSION_COOKIE,
)


def _has_session_cookie(headers: Mapping[str, list[str]]) -> bool:
    for raw in headers.get("cookie", []):
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(raw)
        except CookieError:
            names = [part.split("=", 1)[0].strip() for part in raw.split(";")]
        else:
            names = list(cookie.keys())
        if any(name.startswith(_SESSION_COOKIE_PREFIX) for name in names):
            return True
    return False


def _credential_problems(
    spec: Slice, operation: Operation, headers: Mapping[str, list[str]]
) -> list[str]:
    """Correction "security-one-of": project plus exactly one credential."""
    if not operation.security:
        return []
    listed: frozenset[str] = frozenset().union(*operation.security)
    problems: list[str] = []

    if "Project" in listed:
        project = spec.security_schemes.get("Project")
        header = project.header if project and project.header else "X-Appwrite-Project"
        if not any(v.strip() for v in headers.get(header.lower(), [])):
            problems.append(f"auth: missing {header} header")

    accepted: list[str] = []
    for scheme in sorted(listed - {"Project"}):
        definition = spec.security_schemes.get(scheme)
        if definition and definition.header:
            accepted.append(definition.header)
        if scheme == "Session":
            accepted.append(_SESSION_COOKIE)

    present: list[str] = []
    for source in _CREDENTIAL_SOURCES:
        if source == _SESSION_COOKIE:
            if _has_session_cookie(headers):
                present.append(source)
        elif headers.get(source.lower()):
            present.append(source)

    for source in present:
        if source not in accepted:
            problems.append(
                f"auth: credential {source} is not a scheme of {operation.method} "
                f"{operation.path} in {spec.line} (accepted: {', '.join(accepted)})"
            )
    if not present:
        problems.append(f"auth: no credential; expected exactly one of {', '.join(accepted)}")
    elif len(present) > 1:
        problems.append(
            f"auth: {len(present)} credentials ({', '.join(present)}); "
            f"the server takes exactly one of {', '.join(accepted)}"
        )
    return problems


def _request_body_problems(
    spec: Slice,
    operation: Operation,
    headers: Mapping[str, list[str]],
    body: bytes | None,
) -> list[str]:
    where = "request body"
    if body is None or not body.strip():
        if operation.body is not None and operation.body.required:
            return [f"{where}: missing, but the operation requires one"]
        return []
    problems: list[str] = []
    media = _media_type(headers)
    declared = tuple(operation.body.content) if operation.body else ()
    if media is None:
        problems.append(f"{where}: sent without a Content-Type")
    elif declared and media not in declared:
        problems.append(f"{where}: Content-Type {media} is not one of {', '.join(declared)}")
    instance, parse_problems = _parse_json(where, body)
    if parse_problems:
        return problems + parse_problems
    if operation.body is None:
        # Nothing documented: only an empty JSON object carries no parameters.
        schema: Schema = {"type": "object", "properties": {}}
    else:
        schema = operation.body.schema
    problems += _schema_problems(where, schema, instance)
    if _applies("iso-dates", spec.line):
        problems += _date_problems(where, instance)
    return problems


def _response_problems(
    spec: Slice,
    operation: Operation,
    status: int,
    headers: Mapping[str, list[str]],
    body: bytes,
) -> list[str]:
    if status >= 400:
        return _error_problems(spec, status, headers, body)
    response = operation.responses.get(str(status))
    if (
        response is None
        and status == 202
        and operation.method == "POST"
        and operation.path == _CREATE_PATH
        and _applies("create-202-async", spec.line)
    ):
        response = operation.responses.get("201")  # Correction "create-202-async".
    if response is None:
        documented = ", ".join(operation.responses) or "none"
        return [
            f"response: status {status} is not documented for {operation.method} "
            f"{operation.path} in {spec.line} (documented: {documented})"
        ]
    content = dict(response.content)
    if _applies("no-deployment-id-1.7", spec.line):
        content = {
            media: _without_required(schema, "deploymentId") for media, schema in content.items()
        }
    if (
        operation.method == "POST"
        and operation.path == _CREATE_PATH
        and response.status == "201"
        and "multipart/form-data" in content
    ):
        # Correction "create-201-json".
        content["application/json"] = content.pop("multipart/form-data")

    where = "response body"
    if not content:
        if body.strip():
            return [f"{where}: status {status} documents no body, got {len(body)} bytes"]
        return []
    problems: list[str] = []
    media = _media_type(headers)
    if media is None:
        problems.append(f"response: status {status} has no Content-Type")
    elif media not in content:
        problems.append(f"response: Content-Type {media} is not one of {', '.join(content)}")
    schema = content.get("application/json") or next(iter(content.values()))
    instance, parse_problems = _parse_json(where, body)
    if parse_problems:
        return problems + parse_problems
    problems += _schema_problems(where, schema, instance)
    if _applies("iso-dates", spec.line):
        problems += _date_problems(where, instance)
    return problems


def error_schema(line: str) -> Schema:
    """The error shape for a release line, with "error-code-integer" applied."""
    spec = load_slice(line)
    base = spec.schemas.get("error") or FALLBACK_ERROR_SCHEMA
    schema = json.loads(json.dumps(base))
    code = schema.get("properties", {}).get("code")
    if (
        _applies("error-code-integer", spec.line)
        and isinstance(code, dict)
        and code.get("type") == "string"
    ):
        code["type"] = ["string", "integer"]
    return schema  # type: ignore[no-any-return]


def _error_problems(
    spec: Slice, status: int, headers: Mapping[str, list[str]], body: bytes
) -> list[str]:
    where = "error body"
    problems: list[str] = []
    media = _media_type(headers)
    if media is not None and media != "application/json":
        problems.append(f"response: error {status} has Content-Type {media}, not application/json")
    if not body.strip():
        return [*problems, f"{where}: error {status} has an empty body"]
    instance, parse_problems = _parse_json(where, body)
    if parse_problems:
        return problems + parse_problems
    return problems + _schema_problems(where, error_schema(spec.line), instance)


def _health_version(
    spec: Slice, query: str, status: int, headers: Mapping[str, list[str]], body: bytes
) -> list[str]:
    """Correction "health-version": GET /health/version, no auth, {"version": "x.y.z"}."""
    problems: list[str] = []
    for name, _value in parse_qsl(query, keep_blank_values=True):
        problems.append(f"query: unknown parameter '{name}' for /health/version")
    if status >= 400:
        return problems + _error_problems(spec, status, headers, body)
    if status != 200:
        return [*problems, f"response: status {status} for /health/version (expected 200)"]
    media = _media_type(headers)
    if media != "application/json":
        problems.append(f"response: /health/version Content-Type is {media}, not application/json")
    instance, parse_problems = _parse_json("response body", body)
    if parse_problems:
        return problems + parse_problems
    schema: Schema = {
        "type": "object",
        "properties": {"version": {"type": "string"}},
        "required": ["version"],
    }
    problems += _schema_problems("response body", schema, instance)
    version = instance.get("version") if isinstance(instance, dict) else None
    if isinstance(version, str) and not _SERVER_VERSION.match(version):
        problems.append(f"response body: 'version' is {version!r}, not x.y.z")
    return problems
