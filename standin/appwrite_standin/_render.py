"""Per-generation wire shapes of the one internal (1.8-shaped) execution record.

This is the only place that knows how a generation spells an execution or a list.
Each release line's execution object is a table of fields (:data:`SHAPES`), in
the order its published slice lists them, each computed from the internal record.
The mapping follows the server's own compatibility filters, read in reverse (the
step table in ``shared/reference/executions-api.md``):

* 0.7-0.9: ``exitCode`` = ``responseStatusCode``, ``stdout`` = ``responseBody``,
  ``stderr`` = ``errors``, ``time`` = ``duration``, ``dateCreated`` = ``$createdAt``
  in Unix seconds;
* 0.10-0.11 add ``$permissions`` ``{"read": [...], "write": [...]}`` (0.x roles:
  ``read("any")`` -> ``role:all``; ``write`` is always empty, as executions had no
  writers); 0.12 turns it into ``$read``;
* 0.13 ``statusCode``; 0.14 ``response`` for ``stdout``; 0.15 ``$createdAt`` and
  ``$updatedAt`` in Unix seconds;
* 1.0-1.3: ISO dates, ``$permissions`` strings, ``duration``, and a new ``stdout``
  carrying the log output (= ``logs``);
* 1.4 the 1.8 names (``responseStatusCode``, ``responseBody``, ``logs``,
  ``errors``, request/response headers); 1.6 ``scheduledAt``; 1.7 ``deploymentId``.

``status`` ``scheduled`` exists from 1.8 only; earlier lines show such an execution
as ``waiting``.  0.x lines show captured output to any reader (last 4,000 chars);
from 1.0 a user (JWT/session) sees log output and errors blank.  The list object
counts with ``sum`` before 0.13 and ``total`` from 0.13.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._clock import iso_to_ms, unix_seconds
from ._data import Record, tail
from ._generations import Generation

MODERN_KEYS: tuple[str, ...] = (
    "$id",
    "$createdAt",
    "$updatedAt",
    "$permissions",
    "functionId",
    "deploymentId",
    "trigger",
    "status",
    "requestMethod",
    "requestPath",
    "requestHeaders",
    "responseStatusCode",
    "responseBody",
    "responseHeaders",
    "logs",
    "errors",
    "duration",
    "scheduledAt",
)
"""Property order of the published 1.8 ``execution`` schema."""


@dataclass(frozen=True)
class View:
    """Who is looking and how.

    An API key sees ``logs``/``errors``, users (1.0+) see them blank. ``live`` marks
    the answer to a create, the only one with the run's ``responseBody`` from 1.4.
    ``now_ms`` is the fake clock (1.9 reports stale unfinished runs as failed);
    ``response_format`` is the request's ``X-Appwrite-Response-Format``.
    """

    privileged: bool
    live: bool = False
    now_ms: int = 0
    response_format: str | None = None
    stale_as_failed: bool = True
    """1.9 shows a stale unfinished execution as failed unless the list asked for
    another status explicitly."""


FUNCTION_TIMEOUT_MS = 15_000
"""Every seeded function's timeout (Appwrite's default, 15 s)."""


def stale(record: Record, now_ms: int) -> bool:
    """1.9: waiting/processing for longer than the function's timeout reads as failed
    (shared/reference/executions-api.md; 1.9.6:src/Appwrite/Platform/Modules/Functions/
    Http/Executions/Get.php and XList.php)."""
    if record["status"] not in ("waiting", "processing"):
        return False
    return now_ms - iso_to_ms(str(record["$createdAt"])) >= FUNCTION_TIMEOUT_MS


def legacy_status(record: Record) -> str:
    """Before 1.8 there is no ``scheduled``: an execution waiting for its time is ``waiting``."""
    status = str(record["status"])
    return "waiting" if status == "scheduled" else status


# ---------------------------------------------------------------------- roles

_ROLE_0X = {"any": "role:all", "users": "role:member", "guests": "role:guest"}
_READ_RE = re.compile(r'read\("(?P<role>.*)"\)', re.DOTALL)


def read_roles(record: Record) -> list[str]:
    """The 0.x read roles of a record's 1.x permission strings (other actions dropped).

    Roles map as Appwrite's 1.0 migration did, reversed: ``any`` -> ``role:all``,
    ``users`` -> ``role:member``, ``guests`` -> ``role:guest``; ``user:ID`` and
    team roles are unchanged.
    """
    roles: list[str] = []
    for permission in record["$permissions"]:
        match = _READ_RE.fullmatch(str(permission))
        if match is not None:
            role = match["role"]
            roles.append(_ROLE_0X.get(role, role))
    return roles


# --------------------------------------------------------------------- fields

Getter = Callable[[Record, Generation], Any]


@dataclass(frozen=True)
class Field:
    """One wire property: its name, how to compute it, and whether users see it blank."""

    name: str
    value: Getter
    private: bool = False


def _copy(name: str) -> Field:
    return Field(name, lambda record, generation: record[name])


def _renamed(wire: str, internal: str, *, private: bool = False) -> Field:
    return Field(wire, lambda record, generation: record[internal], private)


def _unix(wire: str, internal: str) -> Field:
    return Field(wire, lambda record, generation: unix_seconds(iso_to_ms(str(record[internal]))))


def _status(record: Record, generation: Generation) -> str:
    return str(record["status"]) if generation.scheduled_status else legacy_status(record)


_ID = _copy("$id")
_FUNCTION = _copy("functionId")
_DEPLOYMENT = _copy("deploymentId")
_TRIGGER = _copy("trigger")
_STATUS = Field("status", _status)
_DATE_CREATED = _unix("dateCreated", "$createdAt")
_PERMISSIONS_0_10 = Field(
    "$permissions", lambda record, generation: {"read": read_roles(record), "write": []}
)
_READ = Field("$read", lambda record, generation: read_roles(record))
_EXIT_CODE = _renamed("exitCode", "responseStatusCode")
_STATUS_CODE = _renamed("statusCode", "responseStatusCode")


def _kept(text: str, generation: Generation) -> str:
    """The output a 0.x line keeps: the last N characters until 0.13 (mb_substr(.., -N)),
    the first 1,000,000 from 0.14 (0.14.2:app/executor.php mb_strcut($stdout, 0, 1000000))."""
    if generation.line >= (0, 14):
        return text[: generation.output_cap]
    return tail(text, generation.output_cap)


_STDOUT_0X = Field(
    "stdout", lambda record, generation: _kept(str(record["responseBody"]), generation)
)
_RESPONSE_0X = Field(
    "response", lambda record, generation: _kept(str(record["responseBody"]), generation)
)
_STDERR_0X = Field("stderr", lambda record, generation: _kept(str(record["errors"]), generation))
_TIME = Field("time", lambda record, generation: float(record["duration"]))

_SHAPE_0_9 = (
    _ID,
    _FUNCTION,
    _DATE_CREATED,
    _TRIGGER,
    _STATUS,
    _EXIT_CODE,
    _STDOUT_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_0_10 = (
    _ID,
    _PERMISSIONS_0_10,
    _FUNCTION,
    _DATE_CREATED,
    _TRIGGER,
    _STATUS,
    _EXIT_CODE,
    _STDOUT_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_0_12 = (
    _ID,
    _READ,
    _FUNCTION,
    _DATE_CREATED,
    _TRIGGER,
    _STATUS,
    _EXIT_CODE,
    _STDOUT_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_0_13 = (
    _ID,
    _READ,
    _FUNCTION,
    _DATE_CREATED,
    _TRIGGER,
    _STATUS,
    _STATUS_CODE,
    _STDOUT_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_0_14 = (
    _ID,
    _READ,
    _FUNCTION,
    _DATE_CREATED,
    _TRIGGER,
    _STATUS,
    _STATUS_CODE,
    _RESPONSE_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_0_15 = (
    _ID,
    _unix("$createdAt", "$createdAt"),
    _unix("$updatedAt", "$updatedAt"),
    _READ,
    _FUNCTION,
    _TRIGGER,
    _STATUS,
    _STATUS_CODE,
    _RESPONSE_0X,
    _STDERR_0X,
    _TIME,
)
_SHAPE_1_0 = (
    _ID,
    _copy("$createdAt"),
    _copy("$updatedAt"),
    _copy("$permissions"),
    _FUNCTION,
    _TRIGGER,
    _STATUS,
    _STATUS_CODE,
    _renamed("response", "responseBody"),
    _renamed("stdout", "logs", private=True),
    _renamed("stderr", "errors", private=True),
    _copy("duration"),
)


def _modern(*, deployment: bool, scheduled: bool) -> tuple[Field, ...]:
    fields: list[Field] = []
    for name in MODERN_KEYS:
        if (name == "deploymentId" and not deployment) or (name == "scheduledAt" and not scheduled):
            continue
        if name == "status":
            fields.append(_STATUS)
        else:
            fields.append(Field(name, _copy(name).value, name in ("logs", "errors")))
    return tuple(fields)


_SHAPE_1_4 = _modern(deployment=False, scheduled=False)
_SHAPE_1_6 = _modern(deployment=False, scheduled=True)
# 1.7.0-1.7.5 send no deploymentId (1.7.5:src/Appwrite/Utopia/Response/Model/
# Execution.php has no such rule); 1.8.0 adds it.
_SHAPE_1_8 = _modern(deployment=True, scheduled=True)

SHAPES: dict[str, tuple[Field, ...]] = {
    "0.7": _SHAPE_0_9,
    "0.8": _SHAPE_0_9,
    "0.9": _SHAPE_0_9,
    "0.10": _SHAPE_0_10,
    "0.11": _SHAPE_0_10,
    "0.12": _SHAPE_0_12,
    "0.13": _SHAPE_0_13,
    "0.14": _SHAPE_0_14,
    "0.15": _SHAPE_0_15,
    "1.0": _SHAPE_1_0,
    "1.1": _SHAPE_1_0,
    "1.2": _SHAPE_1_0,
    "1.3": _SHAPE_1_0,
    "1.4": _SHAPE_1_4,
    "1.5": _SHAPE_1_4,
    "1.6": _SHAPE_1_6,
    "1.7": _SHAPE_1_6,
    "1.8": _SHAPE_1_8,
    "1.9": _SHAPE_1_8,
    "2.0": _SHAPE_1_8,
}
"""Release line -> the execution object's properties, in wire order."""


def execution_keys(generation: Generation) -> tuple[str, ...]:
    """Property names of ``generation``'s execution object, in wire order."""
    return tuple(field.name for field in SHAPES[generation.key])


def list_count_key(generation: Generation) -> str:
    """``sum`` before 0.13, ``total`` from 0.13."""
    return "total" if generation.line >= (0, 13) else "sum"


def _native_resource_ids(generation: Generation, view: View) -> bool:
    """2.0 sends resourceId/resourceType unless the request asks a format below 2.0.0."""
    if not generation.resource_ids:
        return False
    asked = view.response_format
    if not asked:
        return True
    match = re.match(r"^\s*(\d+)\.(\d+)", asked)
    return match is None or (int(match[1]), int(match[2])) >= (2, 0)


def render_execution(generation: Generation, record: Record, view: View) -> Record:
    """One execution as ``generation`` puts it on the wire."""
    hide = generation.hide_output_from_users and not view.privileged
    out: Record = {
        field.name: "" if hide and field.private else field.value(record, generation)
        for field in SHAPES[generation.key]
    }
    if not generation.response_body_stored and not view.live and "responseBody" in out:
        out["responseBody"] = ""
    if generation.stale_as_failed and view.stale_as_failed and stale(record, view.now_ms):
        out["status"] = "failed"
    if _native_resource_ids(generation, view):
        renamed: Record = {}
        for key, value in out.items():
            if key == "functionId":
                renamed["resourceId"] = value
                renamed["resourceType"] = "functions"
            else:
                renamed[key] = value
        out = renamed
    return out


def render_list(generation: Generation, total: int, records: list[Record], view: View) -> Record:
    """A list page as ``generation`` puts it on the wire."""
    return {
        list_count_key(generation): total,
        "executions": [render_execution(generation, record, view) for record in records],
    }


def search_haystack(generation: Generation, record: Record) -> tuple[str, ...]:
    """Fields the ``search`` parameter looks in.

    0.7-0.11 search every string property full text (0.9.4:src/Appwrite/Database/
    Adapter/MySQL.php MATCH ... AGAINST over the document's strings): the id, function
    id, trigger, status and the captured output. From 0.12 the server searches the
    execution's ``search`` attribute, "functionId executionId" (0.12.4:app/controllers/
    api/functions.php).
    """
    if generation.list_style == "legacy-params":
        shown = render_execution(generation, record, View(privileged=True))
        return tuple(str(value) for value in shown.values() if isinstance(value, str))
    return (str(record["functionId"]), str(record["$id"]))


def search_matches(generation: Generation, needle: str, record: Record) -> bool:
    """Whether ``search`` finds ``record``: 0.7-0.11 and 0.12 match whole words (MySQL
    full text; the stand-in does not model its stopwords or minimum token length);
    0.13-1.6 match word prefixes (boolean mode with ``*``, utopia-php/database 0.15.4
    src/Database/Adapter/MariaDB.php)."""
    words = needle.lower().split()
    if not words:
        return True
    tokens = [
        token
        for field in search_haystack(generation, record)
        for token in re.split(r"[^0-9a-z_]+", field.lower())
        if token
    ]
    prefix = generation.line >= (0, 13)
    return any(
        (token.startswith(word) if prefix else token == word) for word in words for token in tokens
    )
