"""The commands that talk to one server: version, list, get, create, wait, delete, export."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._client import BODY_MAX_CHARACTERS
from .._errors import IncompleteListing
from ..sync import Format, export_executions, open_output
from ._context import Context, emit
from ._failures import ExitCode, Failure
from ._output import dumps, execution_detail, execution_table


def cmd_version(ctx: Context) -> int:
    with ctx.client() as client:
        version, api = client.server_version, client.api
        if ctx.args.output in ("json", "legacy-json"):
            ctx.out(dumps({"endpoint": client.endpoint, "serverVersion": version, "api": api}))
        else:
            ctx.out(f"Appwrite {version} ({api} API) at {client.endpoint}")
    return ExitCode.OK


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
        emit(
            ctx,
            page.to_dict(),
            page.to_legacy_dict,
            lambda: execution_table(page.executions, page.total),
        )
    return ExitCode.OK


def cmd_get(ctx: Context) -> int:
    with ctx.client() as client:
        execution = client.get_execution(ctx.args.function_id, ctx.args.execution_id)
        emit(
            ctx, execution.to_dict(), execution.to_legacy_dict, lambda: execution_detail(execution)
        )
    return ExitCode.OK


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
    try:
        if args.body_file == "-":
            text = sys.stdin.read(BODY_MAX_CHARACTERS + 1)
        else:
            with open(args.body_file, encoding="utf-8") as handle:
                text = handle.read(BODY_MAX_CHARACTERS + 1)
    except OSError as error:
        raise Failure(
            ExitCode.USAGE, f"cannot read --body-file {args.body_file}: {error.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise Failure(ExitCode.USAGE, f"--body-file {args.body_file} is not UTF-8 text") from None
    if len(text) > BODY_MAX_CHARACTERS:
        raise Failure(
            ExitCode.USAGE,
            f"--body-file {args.body_file} is longer than {BODY_MAX_CHARACTERS:,} characters, "
            "the most Appwrite takes as an execution body",
        )
    return text


def cmd_create(ctx: Context) -> int:
    args = ctx.args
    body = _body(args)
    headers = _headers(args.header)
    with ctx.client() as client:
        execution = client.create_execution(
            args.function_id,
            body,
            async_=True if args.async_ else None,
            path=args.path,
            method=args.method,
            headers=headers,
            scheduled_at=args.scheduled_at,
        )
        emit(
            ctx, execution.to_dict(), execution.to_legacy_dict, lambda: execution_detail(execution)
        )
    return ExitCode.OK


def cmd_wait(ctx: Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        execution = client.wait_for_execution(
            args.function_id,
            args.execution_id,
            timeout=args.timeout,
            poll_interval=args.interval,
            max_interval=max(args.interval, 5.0),
        )
        emit(
            ctx, execution.to_dict(), execution.to_legacy_dict, lambda: execution_detail(execution)
        )
    return ExitCode.OK


def cmd_delete(ctx: Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        client.delete_execution(args.function_id, args.execution_id)
    if not args.quiet:
        ctx.out(f"deleted execution {args.execution_id} of function {args.function_id}")
    return ExitCode.OK


def _export_format(args: argparse.Namespace) -> Format:
    if args.format is not None:
        chosen: Format = args.format
        return chosen
    return "csv" if str(args.out or "").lower().endswith(".csv") else "jsonl"


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    fmt = _export_format(args)
    progress = ctx.progress()
    with ctx.client() as client:
        progress.start(f"export {args.function_id}")
        incomplete: IncompleteListing | None = None
        try:
            with open_output(args.out) as stream:
                try:
                    count = export_executions(
                        client,
                        args.function_id,
                        stream,
                        format=fmt,
                        page_size=args.page_size,
                        on_progress=progress.advance,
                    )
                except IncompleteListing as error:
                    # Raised once every reachable execution was written: keep the file.
                    incomplete, count = error, error.listed
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
        progress.finish(f"written to {args.out or 'stdout'}")
    if args.out not in (None, "-") and not args.quiet:
        ctx.stderr.write(f"{count:,} executions written to {args.out} ({fmt})\n")
    if incomplete is not None:
        raise Failure(ExitCode.INCOMPLETE, incomplete.message)
    return ExitCode.OK
