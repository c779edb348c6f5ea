"""Every execution of a function to a file, streamed: memory stays flat at any count.

Executions are read a page at a time (``Client.iter_executions``), the next page while
the last is written out (``read_ahead``), so exporting 100 or 100,000 executions holds
the same two pages in memory at most. `export_executions` is also the entry point for
benchmarks that measure exactly that.

Formats: ``jsonl`` (one modern execution JSON per line, exactly ``to_dict()``) and
``csv`` (one row per execution, a column per field of the modern JSON; headers and
permissions as JSON text in their cell). A CSV text cell that a spreadsheet would run
as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading ``'``, as spreadsheet tools expect; JSON lines are never changed.
"""

from __future__ import annotations

import csv
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from .._client import READ_AHEAD_MAX, Client
from ._json import compact
from ._prefetch import pages_of, read_ahead
from ._sync import page_size_for

__all__ = ["CSV_COLUMNS", "EXPORT_JOBS", "FORMATS", "Format", "export_executions", "open_output"]

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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_JOBS = 4
"""Pages an export asks for at once (docs/speed.md): 10,000 from 1.8 at a 200 ms round
trip take 2.9 s one page ahead, 2.0 s with 2, 1.9 s with 4 or 8; 2,000 from 0.9 at
50 ms, 1.32 s, 0.60 s with 4, 0.53 s with 8."""


def _cell(name: str, value: Any) -> Any:
    if name in _JSON_CELLS:
        return compact(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, never run as a formula
    return "" if value is None else value


def export_executions(
    client: Client,
    function_id: str,
    out: TextIO,
    *,
    format: Format = "jsonl",
    page_size: int | None = None,
    jobs: int = EXPORT_JOBS,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write every execution of ``function_id`` to ``out``, oldest first; return the count.

    ``out`` is a text stream (open files with ``newline=""`` for CSV). ``on_progress``
    is called with the number of executions written after each one. ``page_size``:
    executions per request, by default the size chosen for the server's line. ``jobs``:
    pages asked for at once, at most ``READ_AHEAD_MAX`` (16); more than one only on
    1.3+ and 0.7-0.11 servers (``Client.iter_executions(read_ahead=...)``); the output
    is the same whatever the number.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    if type(jobs) is not int or not 1 <= jobs <= READ_AHEAD_MAX:
        raise ValueError(f"jobs must be a whole number from 1 to {READ_AHEAD_MAX}, got {jobs!r}")
    size = page_size_for(client.server_version, page_size)
    # The next page is read while this one is written, and up to ``jobs`` more asked
    # for while it is parsed (at most jobs + 2 pages in memory). Whole pages cross
    # between the threads, not one execution at a time.
    walk = client.iter_executions(function_id, page_size=size, order="asc", read_ahead=jobs)
    executions = (execution for page in read_ahead(pages_of(walk, size), 1) for execution in page)
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
            out.write(compact(execution.to_dict()) + "\n")
            count += 1
            if on_progress is not None:
                on_progress(1)
    return count


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """Where an export goes, by what ``path`` names.

    - None or ``-``: stdout.
    - A regular file, or a name not taken yet: a temporary file beside it, renamed over
      it on success, so a failed export leaves the old file (or none) in place. An
      existing file keeps its permission bits; a new one gets the umask's.
    - A symbolic link is followed: its target is what gets written (or created).
    - Anything else (a FIFO, a device, ``/dev/stdout``, ``/dev/fd/N``, ``>(cmd)``) is
      written through in place: it cannot be replaced, and must not be.
    """
    if path is None or path == "-":
        import sys  # noqa: PLC0415 - only here, so tests can swap sys.stdout

        yield sys.stdout
        return
    try:
        mode: int | None = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    target = Path(os.path.realpath(path))
    temporary = _create_beside(target, None if mode is None else stat.S_IMODE(mode))
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_beside(target: Path, mode: int | None) -> Path:
    """A new, empty file next to ``target``: ``mode`` if given, else what the umask allows."""
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            if mode is not None:
                os.fchmod(handle, mode)
        finally:
            os.close(handle)
        return candidate
    raise FileExistsError(f"no free temporary name beside {target}")
