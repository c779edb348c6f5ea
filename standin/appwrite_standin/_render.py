"""Per-generation wire shapes of the one internal (1.8-shaped) execution record.

This is the only place that knows how a generation spells an execution or a list.
The mapping from modern to legacy follows the server's own compatibility filters,
read in reverse (see the step table in ``shared/reference/executions-api.md``):
``exitCode`` = ``responseStatusCode``, ``stdout`` = ``responseBody``,
``stderr`` = ``errors``, ``time`` = ``duration``, ``dateCreated`` = ``$createdAt``
in Unix seconds, ``sum`` = ``total``.

To add a generation, write ``_execution_<key>`` / ``_list_<key>`` and register
them in :data:`_RENDERERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._clock import iso_to_ms, unix_seconds
from ._data import OUTPUT_CAP, Record, tail
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
    """Who is looking: an API key sees ``logs``/``errors``, users see them blank."""

    privileged: bool


def legacy_status(record: Record) -> str:
    """0.9 knows no ``scheduled``: an execution waiting for its time is ``waiting``."""
    status = str(record["status"])
    return "waiting" if status == "scheduled" else status


def _execution_1_8(record: Record, view: View) -> Record:
    rendered = {key: record[key] for key in MODERN_KEYS}
    if not view.privileged:
        rendered["logs"] = ""
        rendered["errors"] = ""
    return rendered


def _list_1_8(total: int, executions: list[Record]) -> Record:
    return {"total": total, "executions": executions}


def _execution_0_9(record: Record, view: View) -> Record:
    del view  # 0.9 returned stdout/stderr to every caller allowed to read
    return {
        "$id": record["$id"],
        "functionId": record["functionId"],
        "dateCreated": unix_seconds(iso_to_ms(str(record["$createdAt"]))),
        "trigger": record["trigger"],
        "status": legacy_status(record),
        "exitCode": record["responseStatusCode"],
        "stdout": tail(str(record["responseBody"]), OUTPUT_CAP),
        "stderr": tail(str(record["errors"]), OUTPUT_CAP),
        "time": float(record["duration"]),
    }


def _list_0_9(total: int, executions: list[Record]) -> Record:
    return {"sum": total, "executions": executions}


_RENDERERS: dict[
    str, tuple[Callable[[Record, View], Record], Callable[[int, list[Record]], Record]]
] = {
    "0.9": (_execution_0_9, _list_0_9),
    "1.8": (_execution_1_8, _list_1_8),
}


def render_execution(generation: Generation, record: Record, view: View) -> Record:
    """One execution as ``generation`` puts it on the wire."""
    return _RENDERERS[generation.key][0](record, view)


def render_list(generation: Generation, total: int, records: list[Record], view: View) -> Record:
    """A list page as ``generation`` puts it on the wire."""
    execution, page = _RENDERERS[generation.key]
    return page(total, [execution(record, view) for record in records])


def search_haystack(generation: Generation, record: Record) -> tuple[str, ...]:
    """Fields the 0.9 ``search`` parameter looks in, as that generation shows them."""
    del generation
    return (str(record["$id"]), legacy_status(record), str(record["trigger"]))
