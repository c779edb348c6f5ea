"""Every execution of a function to a file, streamed: memory stays flat at any count.

Executions are read a page at a time (``Client.iter_executions``) and each is written
out before the next page is asked for, so exporting 100 or 100,000 executions holds
the same one page in memory. `export_executions` is also the entry point for
benchmarks that measure exactly that.

Formats: ``jsonl`` (one modern execution JSON per line, exactly ``to_dict()``) and
``csv`` (one row per execution, a column per field of the modern JSON; headers and
permissions as JSON text in their cell).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from .._client import Client
from ._sync import page_size_for

__all__ = ["CSV_COLUMNS", "FORMATS", "Format", "export_executions", "open_output"]

Format = Literal["jsonl", "csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv")
CSV_COLUMNS: tuple[str, ...] = (
    "$id",
    "$createdAt",
    "$updatedAt",
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
    "$permissions",
)
_JSON_CELLS = frozenset({"requestHeaders", "responseHeaders", "$permissions"})


def _cell(name: str, value: Any) -> Any:
    if name in _JSON_CELLS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else value


def export_executions(
    client: Client,
    function_id: str,
    out: TextIO,
    *,
    format: Format = "jsonl",
    page_size: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write every execution of ``function_id`` to ``out``, oldest first; return the count.

    ``out`` is a text stream (open files with ``newline=""`` for CSV). ``on_progress``
    is called with the number of executions written after each one. ``page_size``:
    executions per request, by default the size chosen for the server's line.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    size = page_size_for(client.server_version, page_size)
    executions = client.iter_executions(function_id, page_size=size, order="asc")
    count = 0
    if format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for execution in executions:
            data = execution.to_dict()
            writer.writerow([_cell(name, data.get(name)) for name in CSV_COLUMNS])
            count += 1
            if on_progress is not None:
                on_progress(1)
    else:
        for execution in executions:
            out.write(json.dumps(execution.to_dict(), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            count += 1
            if on_progress is not None:
                on_progress(1)
    return count


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """stdout for None or "-"; else a temporary file beside ``path``, renamed on success.

    An export that fails half-way leaves no half-written file under the name asked for.
    """
    if path is None or path == "-":
        import sys  # noqa: PLC0415 - only here, so tests can swap sys.stdout

        yield sys.stdout
        return
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent or None
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
