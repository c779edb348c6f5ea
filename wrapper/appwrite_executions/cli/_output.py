"""What the CLI prints for people: aligned tables and short summaries.

Machines get ``--json`` (the exact modern JSON) or ``--legacy-json``; this module is
only the human view, so it may round, align and truncate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from .._models import Execution
from ..sync import FunctionResult

_PATH_WIDTH = 40


def dumps(data: Any) -> str:
    """JSON as the CLI prints it: UTF-8 text, two-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; ``right`` holds right-aligned columns."""
    grid = [list(headers), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in grid) for i in range(len(headers))]
    lines = []
    for row in grid:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def execution_rows(executions: Iterable[Execution]) -> Iterable[list[str]]:
    for execution in executions:
        yield [
            execution.id,
            _when(execution.created_at),
            execution.status.value,
            execution.trigger.value,
            str(execution.response_status_code),
            f"{execution.duration:.3f}",
            _clip(f"{execution.request_method} {execution.request_path}".strip(), _PATH_WIDTH),
        ]


EXECUTION_HEADERS = ("ID", "CREATED (UTC)", "STATUS", "TRIGGER", "CODE", "SECONDS", "REQUEST")


def execution_table(executions: Sequence[Execution], total: int) -> str:
    if not executions:
        return f"no executions (of {total})"
    body = table(EXECUTION_HEADERS, execution_rows(executions), right={4, 5})
    return f"{body}\n{len(executions)} of {total} executions"


def execution_detail(execution: Execution) -> str:
    """One execution, field per line; long text (body, logs, errors) after the fields."""
    pairs = [
        ("id", execution.id),
        ("function", execution.function_id),
        ("status", execution.status.value),
        ("trigger", execution.trigger.value),
        ("created", _when(execution.created_at) + " UTC"),
        ("updated", _when(execution.updated_at) + " UTC"),
        ("scheduled", _when(execution.scheduled_at) + " UTC" if execution.scheduled_at else "-"),
        ("request", f"{execution.request_method} {execution.request_path}".strip() or "-"),
        ("status code", str(execution.response_status_code)),
        ("duration", f"{execution.duration:.3f} s"),
        ("server", execution.server_version),
    ]
    lines = [f"{name + ':':<13} {value}" for name, value in pairs]
    for name, text in (
        ("response body", execution.response_body),
        ("logs", execution.logs),
        ("errors", execution.errors),
    ):
        if text:
            lines.append(f"{name}:")
            lines.extend(f"  {line}" for line in text.splitlines())
    return "\n".join(lines)


def _statuses(by_status: dict[str, int]) -> str:
    return ", ".join(f"{status} {count}" for status, count in sorted(by_status.items()))


def sync_summary(
    results: Sequence[FunctionResult],
    sources: Sequence[tuple[str, str, str | None, str | None]],
    store: str,
) -> str:
    """Per source: version and API, then per function what was synced and what is stored.

    ``sources`` holds (name, endpoint, server version, api) in the order run.
    """
    lines = []
    for name, endpoint, version, api in sources:
        heading = (
            f"{name}: Appwrite {version} ({api} API), {endpoint}"
            if version
            else f"{name}: {endpoint}"
        )
        lines.append(heading)
        mine = [result for result in results if result.source == name]
        if not mine:
            lines.append("  nothing synced")
            continue
        rows = [
            [
                result.function_id,
                f"{result.changes.fetched:,}",
                f"{result.changes.inserted:,}",
                f"{result.changes.updated:,}",
                f"{result.stored:,}",
                _statuses(result.by_status) or "-",
            ]
            for result in mine
        ]
        rendered = table(
            ("FUNCTION", "READ", "NEW", "UPDATED", "STORED", "BY STATUS"), rows, {1, 2, 3, 4}
        )
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
