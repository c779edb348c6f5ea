"""What the CLI prints for people: safe text, tables that fit, short summaries.

Machines get ``--json`` (the exact modern JSON), ``--legacy-json``, ``--output jsonl``
or ``csv``; this module is the human view, so it may round, align and truncate. Every
string that came from a server (ids, paths, logs, error messages, even a status the
client does not know) passes through `clean` before it reaches a terminal: anyone who
can call a public function controls its request path and logs, and a raw ``ESC]0;...``
or ``ESC[2J`` would retitle or clear the reader's terminal, a CR or LF would forge a
table row, and a bidi override would make text read differently from what it is.

Tables are laid out by rich (cell widths of wide and combining characters, colour);
which columns fit a terminal is decided here. Piped, every value is printed whole.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .._models import Execution

if TYPE_CHECKING:  # _sync draws progress, which cleans its text here
    from rich.text import Text

    from ..sync import FunctionResult

# rich is imported where a view is drawn, not here: --json and the other machine
# formats then start without its import time (about 0.2 s).

# Characters that must never reach a terminal as themselves: C0 controls (but the
# caller's own newlines), DEL and C1 controls (0x9b is an 8-bit CSI), Unicode format
# characters (bidi embeddings, overrides and isolates, zero-width ones, the BOM,
# language tags), line and paragraph separators, and lone surrogates (which cannot
# even be encoded). Each is shown as a visible escape (``\x1b``, ``\u202e``), so an
# escape sequence becomes harmless text and the reader still sees that it was there.
_UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff"
    "\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "]"
)
_NEWLINES = re.compile(r"\r\n|\n")
# In JSON text, C0 controls inside strings are already escaped and the ones outside
# are the layout's own newlines: only the rest needs escaping.
_UNSAFE_IN_JSON = re.compile("(?![\x00-\x1f])" + _UNSAFE.pattern)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def clean(text: object) -> str:
    """One line of server text made safe for a terminal: every control or format
    character, newlines included, is shown as an escape such as ``\\x1b``."""
    return _UNSAFE.sub(_escape, str(text))


def clean_lines(text: str) -> list[str]:
    """Multi-line server text (logs, a body) as safe lines: LF and CRLF end lines,
    tabs become spaces, anything else unsafe (a lone CR too) is escaped."""
    return [clean(line.expandtabs(4)) for line in _NEWLINES.split(text)]


def _escape_json(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON as the CLI prints it: UTF-8 text, two-space indent (or one line).

    The data is exact; only characters a terminal would act on are written as
    ``\\uXXXX`` escapes, which every JSON reader turns back into the same string.
    """
    separators = None if indent is not None else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return _UNSAFE_IN_JSON.sub(_escape_json, text)


# -- the terminal ---------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    """Where human output goes: a terminal of some width (with or without colour),
    or a pipe or file (``width`` None: values whole, no colour)."""

    width: int | None = None
    colour: bool = False


_STATUS_STYLES = {
    "completed": "green",
    "failed": "bold red",
    "waiting": "yellow",
    "processing": "yellow",
    "scheduled": "cyan",
}


def _status_text(status: str) -> Text:
    from rich.text import Text  # noqa: PLC0415 - see the imports

    return Text(clean(status), style=_STATUS_STYLES.get(status, ""))


def _render(renderable: Any, screen: Screen) -> str:
    from rich.console import Console  # noqa: PLC0415 - see the imports

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=screen.width or 1_000_000,
        force_terminal=screen.colour,
        no_color=not screen.colour,
        color_system="standard" if screen.colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").split("\n"))


@dataclass(frozen=True)
class Column:
    """A table column: ``keep`` orders which columns stay when the terminal is narrow
    (higher stays longer); the ``flexible`` one takes the room left and is cut with
    an ellipsis on a terminal."""

    header: str
    right: bool = False
    keep: int = 9
    flexible: bool = False
    least: int = 12
    wrap: bool = False  # the flexible column wraps (at spaces) instead of being cut


_GAP = 2


def _as_text(cell: str | Text) -> Text:
    from rich.text import Text  # noqa: PLC0415 - see the imports

    return cell if isinstance(cell, Text) else Text(cell)


def _fit(columns: Sequence[Column], widths: list[int], room: int) -> list[int]:
    """Indexes of the columns that fit in ``room`` cells, dropping the least kept."""
    shown = list(range(len(columns)))

    def needed(indexes: list[int]) -> int:
        return sum(
            min(widths[i], columns[i].least) if columns[i].flexible else widths[i] for i in indexes
        ) + _GAP * (len(indexes) - 1)

    while needed(shown) > room and len(shown) > 1:
        droppable = [i for i in shown if columns[i].keep < 9]
        if not droppable:
            break
        shown.remove(min(droppable, key=lambda i: (columns[i].keep, -i)))
    return shown


def table(
    columns: Sequence[Column], rows: Iterable[Sequence[str | Text]], screen: Screen = Screen()
) -> str:
    """Rows under their headers, aligned by rich. Cells are plain strings (already
    cleaned) or styled Text; on a terminal the table keeps to its width."""
    from rich.cells import cell_len  # noqa: PLC0415 - see the imports
    from rich.table import Table  # noqa: PLC0415

    grid = [list(row) for row in rows]
    widths = [
        max([cell_len(column.header)] + [cell_len(str(row[i])) for row in grid])
        for i, column in enumerate(columns)
    ]
    shown = list(range(len(columns)))
    if screen.width is not None:
        shown = _fit(columns, widths, screen.width)
    rendered = Table(
        box=None,
        show_edge=False,
        pad_edge=False,
        padding=(0, _GAP, 0, 0),
        header_style="bold" if screen.colour else "",
        collapse_padding=True,
    )
    fixed = sum(widths[i] for i in shown if not columns[i].flexible) + _GAP * (len(shown) - 1)
    for i in shown:
        column = columns[i]
        width = widths[i]
        if column.flexible and screen.width is not None:
            width = max(min(width, column.least), min(width, screen.width - fixed))
        rendered.add_column(
            column.header,
            justify="right" if column.right else "left",
            no_wrap=not column.wrap,
            overflow="fold" if column.wrap else "ellipsis",
            width=width,
        )
    for row in grid:
        rendered.add_row(*[_as_text(row[i]) for i in shown])
    return _render(rendered, screen)


# -- executions -----------------------------------------------------------------------


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _ran(execution: Execution) -> bool:
    """Whether the execution has run: before that its code and duration mean nothing."""
    return execution.status.value in ("completed", "failed")


def response_code(execution: Execution) -> str:
    return str(execution.response_status_code) if _ran(execution) else "-"


def duration(execution: Execution) -> str:
    return f"{execution.duration:.3f}" if _ran(execution) else "-"


def request_line(execution: Execution) -> str:
    return clean(f"{execution.request_method} {execution.request_path}".strip()) or "-"


EXECUTION_COLUMNS = (
    Column("ID"),
    Column("CREATED (UTC)", keep=5),
    Column("STATUS"),
    Column("TRIGGER", keep=1),
    Column("CODE", right=True, keep=4),
    Column("SECONDS", right=True, keep=3),
    Column("REQUEST", flexible=True, keep=2, least=10),
)


def execution_rows(executions: Iterable[Execution]) -> Iterable[list[str | Text]]:
    for execution in executions:
        yield [
            clean(execution.id),
            _when(execution.created_at),
            _status_text(execution.status.value),
            clean(execution.trigger.value),
            response_code(execution),
            duration(execution),
            request_line(execution),
        ]


def execution_table(
    executions: Sequence[Execution], total: int, screen: Screen = Screen(), *, footer: bool = True
) -> str:
    """The list view; ``footer`` adds the "N of M executions" line."""
    if not executions:
        return f"no executions (of {total:,})" if footer else ""
    body = table(EXECUTION_COLUMNS, execution_rows(executions), screen)
    return f"{body}\n{len(executions):,} of {total:,} executions" if footer else body


def execution_line(execution: Execution, screen: Screen = Screen()) -> str:
    """One execution on one line, for `watch`."""
    from rich.text import Text  # noqa: PLC0415 - see the imports

    status = _status_text(execution.status.value)
    text = Text.assemble(
        _when(execution.created_at),
        "  ",
        clean(execution.id),
        "  ",
        status,
        " " * max(1, 11 - len(status.plain)),
        f"{response_code(execution):>4}  {duration(execution):>8}  ",
        request_line(execution),
    )
    if screen.width is not None:
        text.truncate(screen.width, overflow="ellipsis")
    return _render(text, screen)


def execution_detail(execution: Execution, screen: Screen = Screen()) -> str:
    """One execution, field per line; long text (body, logs, errors) after the fields."""
    from rich.text import Text  # noqa: PLC0415 - see the imports

    pairs: list[tuple[str, str | Text]] = [
        ("id", clean(execution.id)),
        ("function", clean(execution.function_id)),
        ("status", _status_text(execution.status.value)),
        ("trigger", clean(execution.trigger.value)),
        ("created", _when(execution.created_at) + " UTC"),
        ("updated", _when(execution.updated_at) + " UTC"),
        ("scheduled", _when(execution.scheduled_at) + " UTC" if execution.scheduled_at else "-"),
        ("request", request_line(execution)),
        ("status code", response_code(execution)),
        ("duration", duration(execution) + (" s" if _ran(execution) else "")),
        ("server", clean(execution.server_version)),
    ]
    lines = [
        _render(Text.assemble(f"{name + ':':<13} ", value), screen)
        if isinstance(value, Text)
        else f"{name + ':':<13} {value}"
        for name, value in pairs
    ]
    for name, text in (
        ("response body", execution.response_body),
        ("logs", execution.logs),
        ("errors", execution.errors),
    ):
        if text:
            lines.append(f"{name}:")
            lines.extend(f"  {line}" for line in clean_lines(text))
    return "\n".join(lines)


def execution_logs(execution: Execution) -> str:
    """`logs`: the execution's logs, then its errors, as safe lines."""
    parts = []
    if execution.logs:
        parts.extend(clean_lines(execution.logs.rstrip("\n")))
    if execution.errors:
        if parts:
            parts.append("")
        parts.append("errors:")
        parts.extend(clean_lines(execution.errors.rstrip("\n")))
    return "\n".join(parts)


# -- sync -----------------------------------------------------------------------------


def _statuses(by_status: dict[str, int]) -> str:
    return ", ".join(f"{clean(status)} {count:,}" for status, count in sorted(by_status.items()))


SYNC_COLUMNS = (
    Column("FUNCTION"),
    Column("READ", right=True),
    Column("NEW", right=True),
    Column("UPDATED", right=True),
    Column("STORED", right=True),
    Column("BY STATUS", flexible=True, keep=1, least=12, wrap=True),
)


def sync_summary(
    results: Sequence[FunctionResult],
    sources: Sequence[tuple[str, str, str | None, str | None]],
    store: str,
    screen: Screen = Screen(),
) -> str:
    """Per source: version and API, then per function what was synced and what is stored.

    ``sources`` holds (name, endpoint, server version, api) in the order run.
    """
    lines = []
    inner = Screen(None if screen.width is None else screen.width - 2, screen.colour)
    for name, endpoint, version, api in sources:
        heading = (
            f"{name}: Appwrite {clean(version)} ({api} API), {clean(endpoint)}"
            if version
            else f"{name}: {clean(endpoint)}"
        )
        lines.append(heading)
        mine = [result for result in results if result.source == name]
        if not mine:
            lines.append("  nothing synced")
            continue
        rows = [
            [
                clean(result.function_id),
                f"{result.changes.fetched:,}",
                f"{result.changes.inserted:,}",
                f"{result.changes.updated:,}",
                f"{result.stored:,}",
                _statuses(result.by_status) or "-",
            ]
            for result in mine
        ]
        rendered = table(SYNC_COLUMNS, rows, inner)
        lines.extend(f"  {line}" for line in rendered.splitlines())
        lines.extend(
            f"  {result.function_id}: {result.unreachable:,} executions cannot be reached "
            "through this server's API (see the warning)"
            for result in mine
            if result.unreachable
        )
    total = sum(result.stored for result in results)
    lines.append(f"store: {store} ({total:,} executions of the functions above)")
    return "\n".join(lines)


def summary_json(
    results: Sequence[FunctionResult],
    sources: Sequence[tuple[str, str, str | None, str | None]],
    failures: dict[str, str],
    store: str,
) -> dict[str, Any]:
    """The same summary for scripts."""
    return {
        "store": store,
        "sources": [
            {
                "name": name,
                "endpoint": endpoint,
                "serverVersion": version,
                "api": api,
                "error": failures.get(name),
                "functions": [
                    {
                        "functionId": result.function_id,
                        "read": result.changes.fetched,
                        "inserted": result.changes.inserted,
                        "updated": result.changes.updated,
                        "deleted": result.changes.deleted,
                        "stored": result.stored,
                        "unreachable": result.unreachable,
                        "byStatus": dict(sorted(result.by_status.items())),
                    }
                    for result in results
                    if result.source == name
                ],
            }
            for name, endpoint, version, api in sources
        ],
    }
