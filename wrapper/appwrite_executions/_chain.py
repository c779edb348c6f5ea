"""The version chain: how the execution JSON changed, release by release.

Each breaking change of the executions API is one ``Step`` with an ``up``
(generation before -> generation after) and a ``down`` function, following the
server's own compatibility filters read in reverse. Walking the steps links the
legacy 0.9 shape to the modern 1.8 one; this module is the only place that
knows the field mapping, so every other module speaks the modern shape.

Steps work on the *known* fields of a generation only (``EXECUTION_SCHEMAS``);
callers split unknown fields off first (``split_known``) and carry them beside
the object, so a server's extra field can never collide with a renamed one.

Decisions recorded here:

* Fields a generation never had are filled with empty values on the way up
  (``""``, ``[]``, ``None``), never invented ones. ``$updatedAt``, which legacy
  servers lack, takes the creation date, as the 0.15 server itself did.
* Permissions: 0.10-0.11 send ``{"read": [...], "write": [...]}`` (the slice
  requires both keys, though only ``read`` is documented on the reference page);
  0.12-0.15 send ``$read``; 1.x sends ``$permissions`` as permission strings
  such as ``read("user:abc")``. Roles map as Appwrite's 1.0 migration did:
  ``role:all`` <-> ``any``, ``role:member`` <-> ``users``, ``role:guest`` <->
  ``guests``; every other role (``user:ID``, ``team:ID``, ``team:ID/role``,
  ``member:ID``) is kept verbatim and wrapped as ``read("...")``. On the way
  down only ``read(...)`` entries survive (0.x executions had nothing else);
  a bare role (as the published 1.x example shows) is read as a read role.
  The server's own 0.15 filter skips unwrapping ``read("...")``; we unwrap.
* Statuses and triggers pass through verbatim in every direction: a 1.8
  ``scheduled`` status shown in a 0.9 shape stays ``scheduled`` (rewriting it
  would lose information and break round trips). 1.6 changed the *meaning* of
  ``failed`` for 4xx answers; that cannot be undone from data, so it is noted
  on the step, not applied.
* 0.7 and 0.8 use the same execution and list objects as 0.9 (checked against
  the published slices); only their requests differ: 0.7's create takes no
  ``data``. That is recorded in ``FEATURES``.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._dates import format_datetime, from_unix_seconds, parse_datetime, to_unix_seconds
from ._errors import InvalidArgument, UnsupportedOnServer

__all__ = [
    "EXECUTION_SCHEMAS",
    "FEATURES",
    "GENERATIONS",
    "LEGACY_GENERATION",
    "MODERN_FIELD_SINCE",
    "MODERN_GENERATION",
    "NEWEST_KNOWN_LINE",
    "OPTIONAL_FIELDS",
    "STEPS",
    "Feature",
    "FieldKind",
    "JsonObject",
    "ServerGeneration",
    "Step",
    "downgrade",
    "generation_for",
    "list_total_key",
    "modern_fields_in",
    "parse_version",
    "permission_down",
    "permission_up",
    "require_feature",
    "role_down",
    "role_up",
    "split_known",
    "supports",
    "upgrade",
]

JsonObject = dict[str, Any]

LEGACY_GENERATION = "0.9"
MODERN_GENERATION = "1.8"


class FieldKind(enum.Enum):
    """The JSON type of a known field, as the generation's slice declares it."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    UNIX_SECONDS = "unix seconds"
    ISO_DATE = "ISO 8601 date"
    ISO_DATE_OR_NULL = "ISO 8601 date or null"
    STRING_LIST = "list of strings"
    PERMISSIONS_OBJECT = 'object {"read": [...], "write": [...]}'
    HEADERS = 'list of {"name", "value"} objects'


_S = FieldKind.STRING
_I = FieldKind.INTEGER
_N = FieldKind.NUMBER
_U = FieldKind.UNIX_SECONDS
_D = FieldKind.ISO_DATE
_DN = FieldKind.ISO_DATE_OR_NULL
_L = FieldKind.STRING_LIST
_P = FieldKind.PERMISSIONS_OBJECT
_H = FieldKind.HEADERS


def _schema(*fields: tuple[str, FieldKind]) -> Mapping[str, FieldKind]:
    return MappingProxyType(dict(fields))


# Known execution fields of each generation, in the order the server sends them
# (checked against the published slices by the tests).
# fmt: off
EXECUTION_SCHEMAS: Mapping[str, Mapping[str, FieldKind]] = MappingProxyType({
    "0.9": _schema(
        ("$id", _S), ("functionId", _S), ("dateCreated", _U), ("trigger", _S), ("status", _S),
        ("exitCode", _I), ("stdout", _S), ("stderr", _S), ("time", _N),
    ),
    "0.10": _schema(
        ("$id", _S), ("$permissions", _P), ("functionId", _S), ("dateCreated", _U), ("trigger", _S),
        ("status", _S), ("exitCode", _I), ("stdout", _S), ("stderr", _S), ("time", _N),
    ),
    "0.12": _schema(
        ("$id", _S), ("$read", _L), ("functionId", _S), ("dateCreated", _U), ("trigger", _S),
        ("status", _S), ("exitCode", _I), ("stdout", _S), ("stderr", _S), ("time", _N),
    ),
    "0.13": _schema(
        ("$id", _S), ("$read", _L), ("functionId", _S), ("dateCreated", _U), ("trigger", _S),
        ("status", _S), ("statusCode", _I), ("stdout", _S), ("stderr", _S), ("time", _N),
    ),
    "0.14": _schema(
        ("$id", _S), ("$read", _L), ("functionId", _S), ("dateCreated", _U), ("trigger", _S),
        ("status", _S), ("statusCode", _I), ("response", _S), ("stderr", _S), ("time", _N),
    ),
    "0.15": _schema(
        ("$id", _S), ("$createdAt", _U), ("$updatedAt", _U), ("$read", _L), ("functionId", _S),
        ("trigger", _S), ("status", _S), ("statusCode", _I), ("response", _S), ("stderr", _S),
        ("time", _N),
    ),
    "1.0": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("trigger", _S), ("status", _S), ("statusCode", _I), ("response", _S), ("stdout", _S),
        ("stderr", _S), ("duration", _N),
    ),
    "1.4": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("trigger", _S), ("status", _S), ("requestMethod", _S), ("requestPath", _S),
        ("requestHeaders", _H), ("responseStatusCode", _I), ("responseBody", _S),
        ("responseHeaders", _H), ("logs", _S), ("errors", _S), ("duration", _N),
    ),
    "1.5": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("trigger", _S), ("status", _S), ("requestMethod", _S), ("requestPath", _S),
        ("requestHeaders", _H), ("responseStatusCode", _I), ("responseBody", _S),
        ("responseHeaders", _H), ("logs", _S), ("errors", _S), ("duration", _N),
    ),
    "1.6": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("trigger", _S), ("status", _S), ("requestMethod", _S), ("requestPath", _S),
        ("requestHeaders", _H), ("responseStatusCode", _I), ("responseBody", _S),
        ("responseHeaders", _H), ("logs", _S), ("errors", _S), ("duration", _N),
        ("scheduledAt", _DN),
    ),
    # No deploymentId on released 1.7 servers (1.7.0 and 1.7.5:
    # src/Appwrite/Utopia/Response/Model/Execution.php have no such rule; 1.8.0 adds it).
    "1.7": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("trigger", _S), ("status", _S), ("requestMethod", _S), ("requestPath", _S),
        ("requestHeaders", _H), ("responseStatusCode", _I), ("responseBody", _S),
        ("responseHeaders", _H), ("logs", _S), ("errors", _S), ("duration", _N),
        ("scheduledAt", _DN),
    ),
    "1.8": _schema(
        ("$id", _S), ("$createdAt", _D), ("$updatedAt", _D), ("$permissions", _L),
        ("functionId", _S),
        ("deploymentId", _S), ("trigger", _S), ("status", _S), ("requestMethod", _S),
        ("requestPath", _S), ("requestHeaders", _H), ("responseStatusCode", _I),
        ("responseBody", _S), ("responseHeaders", _H), ("logs", _S), ("errors", _S),
        ("duration", _N), ("scheduledAt", _DN),
    ),
})
# fmt: on

OPTIONAL_FIELDS: Mapping[str, Any] = MappingProxyType({"scheduledAt": None})
"""Known fields a server may omit (not in the slice's ``required``), with the
value an absent one means."""

GENERATIONS: tuple[str, ...] = tuple(EXECUTION_SCHEMAS)
"""Every generation, oldest first."""

MODERN_FIELD_SINCE: Mapping[str, str] = MappingProxyType(
    {
        "$id": "0.9",
        "$createdAt": "0.9",  # as dateCreated; whole seconds in UTC until 1.0
        "$updatedAt": "0.15",
        "$permissions": "0.10",  # read roles only until 1.0
        "functionId": "0.9",
        "deploymentId": "1.8",
        "trigger": "0.9",
        "status": "0.9",
        "requestMethod": "1.4",
        "requestPath": "1.4",
        "requestHeaders": "1.4",
        "responseStatusCode": "0.9",  # exitCode, then statusCode
        "responseBody": "0.9",  # stdout, then response
        "responseHeaders": "1.4",
        "logs": "1.0",  # the new stdout of 1.0
        "errors": "0.9",  # stderr
        "duration": "0.9",  # time
        "scheduledAt": "1.6",
    }
)
"""First generation that carries each modern field (in some spelling)."""


@functools.lru_cache(maxsize=64)
def _gen_key(generation: str) -> tuple[int, int]:
    major, minor = generation.split(".")
    return int(major), int(minor)


def modern_fields_in(generation: str) -> frozenset[str]:
    """Modern field names whose values a generation carries (maybe renamed)."""
    key = _gen_key(generation)
    return frozenset(name for name, since in MODERN_FIELD_SINCE.items() if _gen_key(since) <= key)


# --- roles and permissions ---------------------------------------------------

_ROLE_UP = MappingProxyType({"role:all": "any", "role:member": "users", "role:guest": "guests"})
_ROLE_DOWN = MappingProxyType({new: old for old, new in _ROLE_UP.items()})
_PERMISSION = re.compile(r'(?P<action>[a-z]+)\("(?P<role>.*)"\)', re.DOTALL)


def role_up(role: str) -> str:
    """A 0.x role in 1.x spelling (``role:all`` -> ``any``; others unchanged)."""
    return _ROLE_UP.get(role, role)


def role_down(role: str) -> str:
    """A 1.x role in 0.x spelling (``any`` -> ``role:all``; others unchanged)."""
    return _ROLE_DOWN.get(role, role)


def permission_up(role: str) -> str:
    """A 0.x read role as a 1.x permission string: ``user:x`` -> ``read("user:x")``."""
    return f'read("{role_up(role)}")'


def permission_down(permission: str) -> str | None:
    """The 0.x read role of a 1.x permission, or None if it is not a read.

    A bare role (no ``action("...")`` wrapper) is taken as a read role.
    """
    match = _PERMISSION.fullmatch(permission)
    if match is None:
        return role_down(permission)
    if match["action"] != "read":
        return None
    return role_down(match["role"])


# --- the steps ---------------------------------------------------------------


def _shaped(values: Mapping[str, Any], generation: str) -> JsonObject:
    """The generation's known fields, picked from ``values`` in its order."""
    return {name: values[name] for name in EXECUTION_SCHEMAS[generation]}


def _with(obj: Mapping[str, Any], generation: str, **changes: Any) -> JsonObject:
    values = dict(obj)
    values.update(changes)
    return _shaped(values, generation)


def _renamed(obj: Mapping[str, Any], generation: str, renames: Mapping[str, str]) -> JsonObject:
    values = dict(obj)
    for old, new in renames.items():
        values[new] = obj[old]
    return _shaped(values, generation)


def _up_0_10(o: JsonObject) -> JsonObject:
    return _with(o, "0.10", **{"$permissions": {"read": [], "write": []}})


def _down_0_10(o: JsonObject) -> JsonObject:
    return _shaped(o, "0.9")


def _up_0_12(o: JsonObject) -> JsonObject:
    return _with(o, "0.12", **{"$read": list(o["$permissions"]["read"])})


def _down_0_12(o: JsonObject) -> JsonObject:
    return _with(o, "0.10", **{"$permissions": {"read": list(o["$read"]), "write": []}})


def _up_0_13(o: JsonObject) -> JsonObject:
    return _renamed(o, "0.13", {"exitCode": "statusCode"})


def _down_0_13(o: JsonObject) -> JsonObject:
    return _renamed(o, "0.12", {"statusCode": "exitCode"})


def _up_0_14(o: JsonObject) -> JsonObject:
    return _renamed(o, "0.14", {"stdout": "response"})


def _down_0_14(o: JsonObject) -> JsonObject:
    return _renamed(o, "0.13", {"response": "stdout"})


def _up_0_15(o: JsonObject) -> JsonObject:
    created = o["dateCreated"]
    return _with(o, "0.15", **{"$createdAt": created, "$updatedAt": created})


def _down_0_15(o: JsonObject) -> JsonObject:
    return _with(o, "0.14", dateCreated=o["$createdAt"])


def _up_1_0(o: JsonObject) -> JsonObject:
    return _with(
        o,
        "1.0",
        **{
            "$createdAt": format_datetime(from_unix_seconds(o["$createdAt"])),
            "$updatedAt": format_datetime(from_unix_seconds(o["$updatedAt"])),
            "$permissions": [permission_up(role) for role in o["$read"]],
            "duration": o["time"],
            "stdout": "",
        },
    )


def _down_1_0(o: JsonObject) -> JsonObject:
    read = [role for role in map(permission_down, o["$permissions"]) if role is not None]
    return _with(
        o,
        "0.15",
        **{
            "$createdAt": to_unix_seconds(parse_datetime(o["$createdAt"])),
            "$updatedAt": to_unix_seconds(parse_datetime(o["$updatedAt"])),
            "$read": read,
            "time": o["duration"],
        },
    )


def _up_1_4(o: JsonObject) -> JsonObject:
    return _with(
        o,
        "1.4",
        requestMethod="",
        requestPath="",
        requestHeaders=[],
        responseStatusCode=o["statusCode"],
        responseBody=o["response"],
        responseHeaders=[],
        logs=o["stdout"],
        errors=o["stderr"],
    )


def _down_1_4(o: JsonObject) -> JsonObject:
    return _with(
        o,
        "1.0",
        statusCode=o["responseStatusCode"],
        response=o["responseBody"],
        stdout=o["logs"],
        stderr=o["errors"],
    )


def _same_as(generation: str) -> Callable[[JsonObject], JsonObject]:
    def step(o: JsonObject) -> JsonObject:
        return _shaped(o, generation)

    step.__name__ = f"_unchanged_{generation.replace('.', '_')}"
    return step


def _up_1_6(o: JsonObject) -> JsonObject:
    return _with(o, "1.6", scheduledAt=None)


def _up_1_8(o: JsonObject) -> JsonObject:
    return _with(o, "1.8", deploymentId="")


@attrs.frozen
class Step:
    """One server release that changed the executions API.

    ``up`` turns the previous generation's known fields into this one's;
    ``down`` does the reverse. ``list_renames`` maps old list-object keys to new
    ones; ``request_changes`` says what changed in the requests (as prose; the
    machine-usable form is ``FEATURES``).
    """

    version: str
    previous: str
    changes: str
    up: Callable[[JsonObject], JsonObject]
    down: Callable[[JsonObject], JsonObject]
    list_renames: Mapping[str, str] = MappingProxyType({})
    request_changes: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step("0.10", "0.9", 'adds $permissions {"read": [...], "write": [...]}', _up_0_10, _down_0_10),
    Step(
        "0.12",
        "0.10",
        "$permissions.read becomes $read",
        _up_0_12,
        _down_0_12,
        request_changes=("list gains cursor and cursorDirection", "list loses orderType"),
    ),
    Step(
        "0.13",
        "0.12",
        "exitCode becomes statusCode",
        _up_0_13,
        _down_0_13,
        list_renames=MappingProxyType({"sum": "total"}),
        request_changes=("create gains async",),
    ),
    Step("0.14", "0.13", "stdout becomes response", _up_0_14, _down_0_14),
    Step(
        "0.15",
        "0.14",
        "dateCreated becomes $createdAt (Unix seconds); adds $updatedAt",
        _up_0_15,
        _down_0_15,
    ),
    Step(
        "1.0",
        "0.15",
        "$read becomes $permissions (permission strings); time becomes duration; "
        "dates become ISO 8601 strings; a new stdout carries the log output",
        _up_1_0,
        _down_1_0,
        request_changes=(
            "list takes queries[] as strings (limit(25), offset(50), cursorAfter(...), ...)",
            "list loses limit, offset, cursor, cursorDirection",
        ),
    ),
    Step(
        "1.4",
        "1.0",
        "statusCode->responseStatusCode, response->responseBody, stdout->logs, stderr->errors; "
        "adds requestMethod, requestPath, requestHeaders, responseHeaders",
        _up_1_4,
        _down_1_4,
        request_changes=("create: data becomes body; adds path, method, headers",),
    ),
    Step(
        "1.5",
        "1.4",
        "no change to the execution object",
        _same_as("1.5"),
        _same_as("1.4"),
        request_changes=('queries[] become JSON: {"method":"limit","values":[25]}',),
    ),
    Step(
        "1.6",
        "1.5",
        "adds scheduledAt; status may be scheduled (trigger schedule); a function "
        "answering 4xx now makes the execution completed "
        "(earlier servers said failed; not rewritten: the data cannot tell)",
        _up_1_6,
        _same_as("1.5"),
        request_changes=("create gains scheduledAt", "delete appears"),
    ),
    Step(
        "1.7",
        "1.6",
        "no change to the execution object",
        _same_as("1.7"),
        _same_as("1.6"),
        request_changes=("list loses search",),
    ),
    Step(
        "1.8",
        "1.7",
        "adds deploymentId",
        _up_1_8,
        _same_as("1.7"),
        request_changes=("list gains total (bool, from 1.8.1)", "create's method may be HEAD"),
    ),
)

_STEP_INDEX = {step.version: i for i, step in enumerate(STEPS)}


def _position(generation: str) -> int:
    """Number of steps from the legacy base up to ``generation``."""
    if generation == LEGACY_GENERATION:
        return 0
    return _STEP_INDEX[generation] + 1


def upgrade(
    obj: JsonObject, from_generation: str, to_generation: str = MODERN_GENERATION
) -> JsonObject:
    """Walk known fields up the chain (older -> newer generation)."""
    start, stop = _position(from_generation), _position(to_generation)
    if start > stop:
        raise ValueError(f"cannot upgrade from {from_generation} to older {to_generation}")
    for step in STEPS[start:stop]:
        obj = step.up(obj)
    return obj


def downgrade(
    obj: JsonObject, to_generation: str, from_generation: str = MODERN_GENERATION
) -> JsonObject:
    """Walk known fields down the chain (newer -> older generation)."""
    start, stop = _position(to_generation), _position(from_generation)
    if start > stop:
        raise ValueError(f"cannot downgrade from {from_generation} to newer {to_generation}")
    for step in reversed(STEPS[start:stop]):
        obj = step.down(obj)
    return obj


def split_known(obj: Mapping[str, Any], generation: str) -> tuple[JsonObject, JsonObject]:
    """Split a server object into (known fields in order, unknown extras).

    Absent optional fields get the value their absence means; a missing
    required field raises KeyError (callers check shape first).
    """
    schema = EXECUTION_SCHEMAS[generation]
    known: JsonObject = {}
    for name in schema:
        if name in obj:
            known[name] = obj[name]
        elif name in OPTIONAL_FIELDS:
            known[name] = OPTIONAL_FIELDS[name]
        else:
            raise KeyError(name)
    extra = {key: value for key, value in obj.items() if key not in schema}
    return known, extra


def list_total_key(generation: str) -> str:
    """The list object's count key: ``sum`` before 0.13, ``total`` after."""
    return "total" if _position(generation) >= _position("0.13") else "sum"


# --- server versions ---------------------------------------------------------

_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?")


def parse_version(version: str) -> tuple[int, int, int]:
    """``"1.5.7"`` -> ``(1, 5, 7)``; accepts a leading ``v`` and a pre-release tag.

    Raises InvalidArgument for anything that is not MAJOR.MINOR[.PATCH].
    """
    if not isinstance(version, str):
        raise InvalidArgument(
            f"not an Appwrite server version: {version!r}; "
            "expected MAJOR.MINOR.PATCH such as '1.8.1'",
            argument="version",
        )
    return _parse_version(version)


@functools.lru_cache(maxsize=256)  # read once per execution otherwise: it is on the hot path
def _parse_version(version: str) -> tuple[int, int, int]:
    match = _VERSION.fullmatch(version.strip())
    if match is None:
        raise InvalidArgument(
            f"not an Appwrite server version: {version!r}; "
            "expected MAJOR.MINOR.PATCH such as '1.8.1'",
            argument="version",
        )
    return int(match[1]), int(match[2]), int(match[3] or 0)


@attrs.frozen
class ServerGeneration:
    """What a server version means for the executions API.

    ``future`` is True for servers newer than the newest release line this client
    knows (``NEWEST_KNOWN_LINE``, 1.9; they are spoken to in the 1.8 shape; warn
    once). 1.9 keeps the 1.8 shape, so it is the 1.8 generation, not a future one.
    ``predates_functions`` is True below 0.7, which had no Functions API at all.
    """

    server_version: str
    generation: str
    future: bool = False
    predates_functions: bool = False


NEWEST_KNOWN_LINE = "1.9"
"""The newest release line checked against Appwrite's source (1.9.6 is its newest
release); only servers past it are "future". 1.9 keeps the 1.8 execution shape
(1.9.6:src/Appwrite/Utopia/Response/Model/Execution.php has the 1.8.1 rules)."""
_NEWEST_KEY = _gen_key(NEWEST_KNOWN_LINE)


def generated_package(generation: str) -> str:
    """The generated client of a generation: ``"1.8"`` -> ``"appwrite_api.v1_8"``."""
    return f"appwrite_api.v{generation.replace('.', '_')}"


def generation_for(version: str) -> ServerGeneration:
    """Map a server version (``"0.9.4"``, ``"1.5.2"``, ``"2.0.1"``) to its generation.

    The generation is the last step at or below the version; anything before
    0.10 is the legacy base ``"0.9"``; anything past 1.8 is ``"1.8"``, flagged.
    """
    parse_version(version)  # InvalidArgument for junk, before the cache sees it
    return _generation_for(version)


@functools.lru_cache(maxsize=256)
def _generation_for(version: str) -> ServerGeneration:
    major, minor, _patch = parse_version(version)
    key = (major, minor)
    generation = LEGACY_GENERATION
    for step in STEPS:
        if _gen_key(step.version) <= key:
            generation = step.version
    return ServerGeneration(
        server_version=version,
        generation=generation,
        future=key > _NEWEST_KEY,
        predates_functions=key < (0, 7),
    )


# --- request capabilities ----------------------------------------------------


@attrs.frozen
class Feature:
    """A request capability and the server versions that have it.

    ``since`` is the first version with it; ``until`` the first without it
    again (None: still there).
    """

    name: str
    since: str
    summary: str
    until: str | None = None


FEATURES: Mapping[str, Feature] = MappingProxyType(
    {
        f.name: f
        for f in (
            Feature("get_execution", "0.7", "get one execution"),
            Feature("list_executions", "0.7", "list a function's executions"),
            Feature("create_execution", "0.7", "create (run) an execution"),
            Feature(
                "create_data", "0.8", "create sends a data string (0.7 takes none)", until="1.4"
            ),
            Feature("list_search", "0.7", "list takes search", until="1.7"),
            Feature(
                "list_limit_offset", "0.7", "list takes limit and offset parameters", until="1.0"
            ),
            Feature("list_order_type", "0.7", "list takes orderType ASC/DESC", until="0.12"),
            Feature("list_cursor", "0.12", "list takes cursor and cursorDirection", until="1.0"),
            Feature("list_queries_strings", "1.0", "list takes queries[] as strings", until="1.5"),
            Feature("list_queries_json", "1.5", "list takes queries[] as JSON"),
            # 1.8.0 does not declare total (1.8.1:src/Appwrite/Platform/Modules/Functions/
            # Http/Executions/XList.php is the first with param('total', ...)).
            Feature("list_total_flag", "1.8.1", "list takes total=false to skip counting"),
            Feature("create_async", "0.13", "create takes async"),
            Feature("create_body", "1.4", "create sends body"),
            Feature("create_path", "1.4", "create takes path"),
            Feature("create_method", "1.4", "create takes method"),
            Feature("create_method_head", "1.8", "create takes method HEAD"),
            Feature("create_headers", "1.4", "create takes headers"),
            Feature("create_scheduled_at", "1.6", "create takes scheduledAt"),
            Feature("delete_execution", "1.6", "delete an execution"),
        )
    }
)


def supports(feature: str, version: str) -> bool:
    """Whether a server version has a capability named in ``FEATURES``."""
    spec = FEATURES[feature]
    key = parse_version(version)
    if key < parse_version(spec.since):
        return False
    return spec.until is None or key < parse_version(spec.until)


def require_feature(
    feature: str, version: str, *, method: str | None = None, path: str | None = None
) -> None:
    """Raise UnsupportedOnServer unless the server version has the capability."""
    if supports(feature, version):
        return
    spec = FEATURES[feature]
    if parse_version(version) < parse_version(spec.since):
        needs = f"Appwrite {spec.since} or newer"
        requires = spec.since
    else:
        needs = f"an Appwrite server older than {spec.until}"
        requires = f"<{spec.until}"
    raise UnsupportedOnServer(
        f"{spec.summary} needs {needs}; this server is {version}",
        feature=feature,
        requires=requires,
        server_version=version,
        method=method,
        path=path,
    )
