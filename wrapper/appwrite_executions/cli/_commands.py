"""The commands that talk to one server: version, list, get, logs, create, wait, watch,
delete, export and functions."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TextIO, cast

from .._chain import supports
from .._client import BODY_MAX_CHARACTERS, Client
from .._errors import IncompleteListing, NotFound
from .._models import Execution
from ..sync import CSV_COLUMNS, Format, export_executions, open_output
from ._context import Context, emit, is_terminal
from ._failures import ExitCode, Failure, classify
from ._output import (
    Column,
    clean,
    dumps,
    execution_detail,
    execution_line,
    execution_logs,
    execution_table,
    table,
)
from ._sync_command import listed_functions
from ._when import cutoff_time, schedule_time

# --------------------------------------------------------------------------- reading


def cmd_version(ctx: Context) -> int:
    with ctx.client() as client:
        version, api = client.server_version, client.api
        # /health/version takes no credentials: ask for something that does, so a
        # wrong project or key fails here. A function that cannot exist answers 404
        # once the project and credentials were accepted.
        try:
            client.list_executions("appwrite-executions-check", limit=1)
        except NotFound as error:
            failure = classify(error, endpoint=client.endpoint, project=client.project)
            if failure.code != ExitCode.NOT_FOUND:
                raise
        if ctx.args.output in ("json", "legacy-json"):
            ctx.out(dumps({"endpoint": client.endpoint, "serverVersion": version, "api": api}))
        else:
            ctx.out(f"Appwrite {clean(version)} ({api} API) at {client.endpoint}")
    return ExitCode.OK


def _csv(executions: Sequence[Execution]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for execution in executions:
        data = execution.to_dict()
        writer.writerow([_csv_cell(name, data.get(name)) for name in CSV_COLUMNS])
    return buffer.getvalue().rstrip("\n")


def _csv_cell(name: str, value: object) -> object:
    if isinstance(value, list | dict):
        return dumps(value, indent=None)
    return "" if value is None else value


def cmd_list(ctx: Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        page = client.list_executions(
            args.function_id,
            limit=args.limit,
            offset=args.offset,
            order=args.order,
            status=args.status or None,
            trigger=args.trigger or None,
            search=args.search,
        )
        if args.output == "jsonl":
            for execution in page.executions:
                ctx.out(dumps(execution.to_dict(), indent=None))
        elif args.output == "csv":
            ctx.out(_csv(page.executions))
        else:
            emit(
                ctx,
                page.to_dict(),
                page.to_legacy_dict,
                lambda: execution_table(
                    page.executions, page.total, ctx.screen, footer=not args.quiet
                ),
            )
    return ExitCode.OK


def cmd_get(ctx: Context) -> int:
    with ctx.client() as client:
        execution = client.get_execution(ctx.args.function_id, ctx.args.execution_id)
        if ctx.args.output == "csv":
            ctx.out(_csv([execution]))
        else:
            _show(ctx, execution)
    return ExitCode.OK


def _show(ctx: Context, execution: Execution) -> None:
    emit(
        ctx,
        execution.to_dict(),
        execution.to_legacy_dict,
        lambda: execution_detail(execution, ctx.screen),
    )


def cmd_logs(ctx: Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        execution = client.get_execution(args.function_id, args.execution_id)
    if args.raw and not is_terminal(ctx.stdout):
        ctx.stdout.write(execution.logs)
        if execution.errors:
            ctx.stdout.write(("\n" if execution.logs else "") + execution.errors)
        return ExitCode.OK
    text = execution_logs(execution)
    if text:
        ctx.out(text)
    elif not args.quiet:
        ctx.warn(
            "this execution has no logs or errors (servers show them only to an API key, "
            "and only when the function logged something)"
        )
    return ExitCode.OK


def cmd_functions(ctx: Context) -> int:
    with ctx.client() as client:
        functions = list(client.iter_functions())
    if ctx.args.output in ("json", "legacy-json"):
        ctx.out(
            dumps(
                {
                    "total": len(functions),
                    "functions": [
                        {"$id": f.id, "name": f.name, "runtime": f.runtime} for f in functions
                    ],
                }
            )
        )
    elif ctx.args.output == "jsonl":
        for function in functions:
            ctx.out(
                dumps(
                    {"$id": function.id, "name": function.name, "runtime": function.runtime},
                    indent=None,
                )
            )
    elif functions:
        columns = (Column("ID"), Column("NAME", flexible=True, keep=2), Column("RUNTIME", keep=1))
        rows = [[clean(f.id), clean(f.name), clean(f.runtime)] for f in functions]
        ctx.out(table(columns, rows, ctx.screen))
    elif not ctx.args.quiet:
        ctx.out("no functions")
    return ExitCode.OK


# --------------------------------------------------------------------------- writing


def _headers(values: Sequence[str]) -> list[tuple[str, str]] | None:
    if not values:
        return None
    pairs = []
    for value in values:
        name, colon, text = value.partition(":")
        if not colon or not name.strip():
            raise Failure(ExitCode.USAGE, f"--header must be NAME:VALUE, got {name.strip()!r}")
        pairs.append((name.strip(), text.strip()))
    return pairs


def _body(args: argparse.Namespace) -> str:
    """The body, read up to one character past Appwrite's limit (so /dev/zero ends)."""
    if args.body_file is None:
        return str(args.body)
    where = "stdin" if args.body_file == "-" else args.body_file
    try:
        if args.body_file == "-":
            data = sys.stdin.buffer.read(4 * BODY_MAX_CHARACTERS + 1)
        else:
            with open(args.body_file, "rb") as handle:
                data = handle.read(4 * BODY_MAX_CHARACTERS + 1)  # UTF-8: 4 bytes at most each
    except OSError as error:
        raise Failure(
            ExitCode.USAGE, f"cannot read --body-file {where}: {error.strerror or error}"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(data) > 4 * BODY_MAX_CHARACTERS:
            raise _body_too_long(where) from None
        raise Failure(
            ExitCode.USAGE,
            f"--body-file {where} is not UTF-8 text (byte 0x{data[error.start]:02x} at "
            f"offset {error.start}); Appwrite takes a text body: convert it first "
            "(e.g. iconv -t UTF-8, or base64 for binary data)",
        ) from None
    if len(text) > BODY_MAX_CHARACTERS:
        raise _body_too_long(where)
    return text


def _body_too_long(where: str) -> Failure:
    return Failure(
        ExitCode.USAGE,
        f"--body-file {where} is longer than {BODY_MAX_CHARACTERS:,} characters, "
        "the most Appwrite takes as an execution body",
    )


def _failed_exit(ctx: Context, execution: Execution) -> int:
    if ctx.args.exit_status and execution.status.value == "failed":
        return ExitCode.EXECUTION_FAILED
    return ExitCode.OK


def _wait(
    ctx: Context,
    client: Client,
    function_id: str,
    execution_id: str,
    *,
    timeout: float,
    interval: float,
) -> Execution:
    progress = ctx.progress()
    started = time.monotonic()

    def shown(execution: Execution) -> None:
        elapsed = time.monotonic() - started
        progress.note(
            f"execution {execution_id}: {execution.status.value}, {elapsed:.0f} s "
            f"(gives up after {timeout:g} s)"
        )

    ctx.on_interrupt = "stopped waiting; the execution goes on on the server"
    try:
        return client.wait_for_execution(
            function_id,
            execution_id,
            timeout=timeout,
            poll_interval=interval,
            max_interval=max(interval, 5.0),
            on_poll=shown,
        )
    finally:
        progress.clear()


def cmd_create(ctx: Context) -> int:
    args = ctx.args
    body = _body(args)
    headers = _headers(args.header)
    when = None if args.scheduled_at is None else schedule_time(args.scheduled_at, _now())
    with ctx.client() as client:
        async_: bool | None = True if args.async_ else None
        if async_ and not supports("create_async", client.server_version):
            async_ = None  # servers before 0.13 always run in the background
        ctx.on_interrupt = "interrupted; the execution may have been created"
        execution = client.create_execution(
            args.function_id,
            body,
            async_=async_,
            path=args.path,
            method=args.method,
            headers=headers,
            scheduled_at=when,
        )
        if args.wait and not execution.is_final:
            execution = _wait(
                ctx, client, args.function_id, execution.id, timeout=args.timeout, interval=0.5
            )
        _show(ctx, execution)
    return _failed_exit(ctx, execution)


def cmd_wait(ctx: Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        execution = _wait(
            ctx,
            client,
            args.function_id,
            args.execution_id,
            timeout=args.timeout,
            interval=args.interval,
        )
        _show(ctx, execution)
    return _failed_exit(ctx, execution)


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- watch

_WATCH_PAGE = 100
_WATCH_PAGES = 10


def _newest(ctx: Context, client: Client, seen: dict[str, str], first: bool) -> Iterator[Execution]:
    """Executions not seen yet (oldest first), and unfinished ones that changed.

    The newest pages are read unfiltered and --status / --trigger applied here: a
    legacy server cannot filter, and the client would scan every page for it.
    """
    args = ctx.args
    fresh: list[Execution] = []
    for number in range(_WATCH_PAGES):
        page = client.list_executions(
            args.function_id, limit=_WATCH_PAGE, offset=number * _WATCH_PAGE, order="desc"
        )
        known = [e for e in page.executions if e.id in seen]
        fresh.extend(e for e in page.executions if e.id not in seen or seen[e.id] != e.status.value)
        if first or known or len(page.executions) < _WATCH_PAGE:
            break
    else:
        ctx.warn(
            f"more than {_WATCH_PAGE * _WATCH_PAGES:,} executions arrived between two polls; "
            "older ones of them are not shown (use list or export to read them all)"
        )
    yield from reversed(fresh)


def cmd_watch(ctx: Context) -> int:
    """Print each new execution once, and again when an unfinished one ends."""
    args = ctx.args
    ctx.on_interrupt = "stopped watching"
    shown = 0
    with ctx.client() as client:
        seen: dict[str, str] = {}
        first = True
        if not args.quiet and is_terminal(ctx.stderr):
            ctx.warn(f"watching {args.function_id} for new executions; Ctrl-C stops")
        while True:
            for execution in _newest(ctx, client, seen, first):
                seen[execution.id] = execution.status.value
                if first or not _wanted(ctx, execution):
                    continue
                if args.output in ("json", "jsonl"):
                    ctx.out(dumps(execution.to_dict(), indent=None))
                elif args.output == "legacy-json":
                    ctx.out(dumps(execution.to_legacy_dict(), indent=None))
                else:
                    ctx.out(execution_line(execution, ctx.screen))
                ctx.stdout.flush()
                shown += 1
                if args.exit_status and execution.status.value == "failed":
                    return ExitCode.EXECUTION_FAILED
                if args.count is not None and shown >= args.count:
                    return ExitCode.OK
            first = False
            if len(seen) > 10_000:  # only the newest pages are read again
                for old in list(seen)[: len(seen) - 5_000]:
                    del seen[old]
            time.sleep(args.interval)


def _wanted(ctx: Context, execution: Execution) -> bool:
    statuses, triggers = ctx.args.status, ctx.args.trigger
    return (not statuses or execution.status.value in statuses) and (
        not triggers or execution.trigger.value in triggers
    )


# --------------------------------------------------------------------------- delete

_SHOWN = 20  # a dry run lists this many of the executions it would delete


def cmd_delete(ctx: Context) -> int:
    args = ctx.args
    bulk = args.before is not None
    if bulk == (args.execution_id is not None):
        raise Failure(
            ExitCode.USAGE,
            "give EXECUTION_ID to delete one execution, or --before DATE to delete in bulk",
        )
    if not bulk and (args.status or args.dry_run or args.yes):
        raise Failure(ExitCode.USAGE, "--status, --dry-run and --yes go with --before")
    if not bulk:
        with ctx.client() as client:
            client.delete_execution(args.function_id, args.execution_id)
        if not args.quiet:
            ctx.out(
                f"deleted execution {clean(args.execution_id)} of function "
                f"{clean(args.function_id)}"
            )
        return ExitCode.OK
    before = cutoff_time(args.before, _now())
    statuses = tuple(args.status) or ("completed", "failed")
    with ctx.client() as client:
        if not supports("delete_execution", client.server_version):
            raise Failure(
                ExitCode.UNSUPPORTED,
                f"delete needs Appwrite 1.6 or newer; this server is {client.server_version}",
            )
        doomed: list[str] = []  # ids only: memory stays small at any count
        sample: list[Execution] = []
        unfinished = 0
        for execution in client.iter_executions(args.function_id, order="asc"):
            if execution.created_at >= before:
                break
            if execution.status.value in statuses:
                doomed.append(execution.id)
                if len(sample) < _SHOWN:
                    sample.append(execution)
            elif not execution.is_final:
                unfinished += 1
        shown_before = before.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        what = (
            f"{len(doomed):,} {'/'.join(statuses)} execution{'s' * (len(doomed) != 1)} of "
            f"{clean(args.function_id)} created before {shown_before}"
        )
        if unfinished:
            what += f" ({unfinished:,} unfinished ones are kept)"
        if args.dry_run or not doomed:
            if doomed and not args.quiet:
                ctx.out(execution_table(sample, len(doomed), ctx.screen, footer=False))
                if len(doomed) > len(sample):
                    ctx.out(f"... and {len(doomed) - len(sample):,} more")
            ctx.out(f"would delete {what}" if args.dry_run else f"nothing to delete: {what}")
            return ExitCode.OK
        if not args.yes:
            if not (is_terminal(sys.stdin) and is_terminal(ctx.stderr)):
                raise Failure(
                    ExitCode.USAGE,
                    f"would delete {what}: pass --yes to confirm without a terminal "
                    "(or --dry-run to only count)",
                )
            ctx.stderr.write(f"Delete {what}? This cannot be undone. [y/N] ")
            ctx.stderr.flush()
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                ctx.warn("nothing deleted")
                return ExitCode.DECLINED
        progress = ctx.progress()
        progress.start(f"delete {args.function_id}", total=len(doomed))
        ctx.on_interrupt = "interrupted; executions deleted so far stay deleted"
        deleted = 0
        try:
            for execution_id in doomed:
                with contextlib.suppress(NotFound):  # deleted meanwhile: done all the same
                    client.delete_execution(args.function_id, execution_id)
                deleted += 1
                progress.advance()
        finally:
            progress.clear()
    if not args.quiet:
        ctx.out(f"deleted {what}")
    return ExitCode.OK


# --------------------------------------------------------------------------- export


def _export_format(args: argparse.Namespace) -> Format:
    if args.format is not None:
        chosen: Format = args.format
        return chosen
    return "csv" if str(args.out or "").lower().endswith(".csv") else "jsonl"


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    if (args.function_id is None) == (not args.all_functions):
        raise Failure(ExitCode.USAGE, "give FUNCTION_ID or --all-functions (not both)")
    fmt = _export_format(args)
    progress = ctx.progress()
    to_file = args.out not in (None, "-")
    ctx.on_interrupt = (
        f"interrupted; nothing was written to {args.out} (the partial file was removed)"
        if to_file
        else "interrupted; the output is incomplete"
    )
    count = 0
    with ctx.client() as client:
        if args.all_functions:
            ids = listed_functions(ctx, client, "the server")
        else:
            ids = [args.function_id]
        incomplete: list[IncompleteListing] = []
        try:
            with open_output(args.out) as stream:
                for number, function_id in enumerate(ids):
                    total = None
                    if progress.enabled:
                        total = client.list_executions(function_id, limit=1).total
                    progress.start(f"export {function_id}", total=total)
                    try:
                        count += export_executions(
                            client,
                            function_id,
                            cast(TextIO, _SkipHeader(stream))
                            if fmt == "csv" and number
                            else stream,
                            format=fmt,
                            page_size=args.page_size,
                            jobs=args.jobs,
                            on_progress=progress.advance,
                        )
                    except IncompleteListing as error:
                        # Raised once every reachable execution was written: keep them.
                        incomplete.append(error)
                        count += error.listed
                    progress.finish(f"written to {args.out or 'stdout'}")
        except BrokenPipeError:
            progress.clear()
            raise
        except OSError as error:
            progress.clear()
            raise Failure(
                ExitCode.USAGE, f"cannot write {args.out or 'stdout'}: {error.strerror or error}"
            ) from None
        except BaseException:
            progress.clear()
            raise
    if to_file and not args.quiet:
        functions = f" of {len(ids):,} functions" if args.all_functions else ""
        ctx.stderr.write(f"{count:,} executions{functions} written to {args.out} ({fmt})\n")
    if incomplete:
        raise Failure(ExitCode.INCOMPLETE, "; ".join(error.message for error in incomplete))
    return ExitCode.OK


class _SkipHeader(io.TextIOBase):
    """A stream that drops the first line written (the CSV header of a second function)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._skipping = True

    def write(self, text: str) -> int:
        if self._skipping:
            _, newline, rest = text.partition("\n")
            if not newline:
                return len(text)
            self._skipping = False
            text = rest
        if text:
            self._stream.write(text)
        return len(text)
