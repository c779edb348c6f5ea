"""The `appwrite-executions` command: the client's operations, export and sync, from a shell.

Configuration comes from flags or the environment (APPWRITE_ENDPOINT, APPWRITE_PROJECT,
APPWRITE_KEY or APPWRITE_JWT), so a key need not appear on a command line. Output is
a table for people, or the exact JSON with --json / --legacy-json. Every failure is
one line on stderr and an exit code per class (see `_failures.ExitCode`); --debug adds
the traceback, with the run's secrets masked.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from types import FrameType
from typing import Any, NoReturn, TextIO

from ._client import Client
from ._errors import AppwriteError, NotFound
from ._export import FORMATS, Format, export_executions, open_output
from ._failures import ExitCode, Failure, classify, scrub
from ._output import (
    dumps,
    execution_detail,
    execution_table,
    summary_json,
    sync_summary,
)
from ._progress import Progress
from ._store import StoreError, open_store, redact_url, url_secrets
from ._sync import FunctionResult, Source, sync_function

PROG = "appwrite-executions"
DEFAULT_DB = "executions.sqlite"
_SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")

EPILOG = """\
configuration (flags win over the environment):
  APPWRITE_ENDPOINT  e.g. https://cloud.appwrite.io/v1
  APPWRITE_PROJECT   the project ID
  APPWRITE_KEY       a server API key (or APPWRITE_JWT for a user's JWT)

exit codes:
  0    ok
  1    the server failed or answered something unexpected
  2    bad usage or configuration
  3    endpoint unreachable, or no Appwrite API there
  4    wrong project, key or JWT
  5    unknown function or execution
  6    not supported by this server's version
  7    wait: the execution did not finish in time
  8    sync: the store (SQLite file or PostgreSQL) failed
  130  interrupted by Ctrl-C (143: SIGTERM); what was committed is kept
  141  stdout was closed early (| head)
"""


SYNC_EXAMPLE = """\
example (two servers, each with its own project and key):
  export APPWRITE_KEY_OLD=... APPWRITE_KEY_NEW=...
  appwrite-executions sync --db executions.sqlite \\
      --source old=https://appwrite.example.com/v1 --source-project old=legacy \\
      --source new=https://cloud.appwrite.io/v1 --source-project new=main \\
      --function reports --function new:mailer
"""


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop now, keep what was committed."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    del signum, frame
    raise _Terminated


@dataclass
class _Context:
    """What a command needs besides its arguments: streams, environment, secrets."""

    args: argparse.Namespace
    stdout: TextIO
    stderr: TextIO
    env: dict[str, str]
    secrets: list[str] = field(default_factory=list)

    def out(self, text: str) -> None:
        self.stdout.write(text + "\n")

    def warn(self, text: str) -> None:
        self.stderr.write(scrub(f"{PROG}: {text}", self.secrets) + "\n")
        self.stderr.flush()

    def setting(self, flag: str, variable: str) -> str | None:
        value = getattr(self.args, flag, None)
        return value if value else self.env.get(variable) or None

    def progress(self) -> Progress:
        return Progress.for_stream(self.stderr, quiet=self.args.quiet)

    def credential(self, key: str | None, jwt: str | None, where: str) -> tuple[str | None, ...]:
        """Exactly one of key or jwt, checked so it can travel in a header."""
        if key and jwt:
            raise Failure(ExitCode.USAGE, f"give either a key or a JWT for {where}, not both")
        if not key and not jwt:
            raise Failure(
                ExitCode.USAGE,
                f"no credential for {where}: set APPWRITE_KEY (a server API key) or "
                "APPWRITE_JWT, or pass --key / --jwt",
            )
        secret = key or jwt
        assert secret is not None
        self.secrets.append(secret)
        if not _HEADER_SAFE.fullmatch(secret):
            raise Failure(
                ExitCode.USAGE,
                f"the {'key' if key else 'JWT'} for {where} contains spaces or characters an "
                "HTTP header cannot carry; copy it again from the Appwrite console",
            )
        return key, jwt

    def endpoint_and_project(self) -> tuple[str, str]:
        endpoint = self.setting("endpoint", "APPWRITE_ENDPOINT")
        project = self.setting("project", "APPWRITE_PROJECT")
        if not endpoint:
            raise Failure(
                ExitCode.USAGE,
                "no endpoint: pass --endpoint or set APPWRITE_ENDPOINT "
                "(e.g. https://cloud.appwrite.io/v1)",
            )
        if not project:
            raise Failure(ExitCode.USAGE, "no project: pass --project or set APPWRITE_PROJECT")
        return endpoint, project

    def global_credential(self) -> tuple[str | None, str | None]:
        """Flags first; the environment only when neither flag is given."""
        key, jwt = self.args.key, self.args.jwt
        if not key and not jwt:
            key, jwt = self.env.get("APPWRITE_KEY") or None, self.env.get("APPWRITE_JWT") or None
        return key, jwt

    @contextmanager
    def client(self) -> Iterator[Client]:
        endpoint, project = self.endpoint_and_project()
        key, jwt = self.global_credential()
        self.credential(key, jwt, "the server")
        with _guard(endpoint, project), self._open(endpoint, project, key, jwt) as client:
            yield client

    def _open(self, endpoint: str, project: str, key: str | None, jwt: str | None) -> Client:
        return Client(
            endpoint, project=project, key=key, jwt=jwt, timeout=self.args.request_timeout
        )


@contextmanager
def _guard(endpoint: str, project: str) -> Iterator[None]:
    """Turn client errors into worded failures that name the endpoint and project."""
    try:
        yield
    except AppwriteError as error:
        raise classify(error, endpoint=endpoint, project=project) from error


def _emit(ctx: _Context, modern: Any, legacy: Callable[[], Any], human: Callable[[], str]) -> None:
    if ctx.args.output == "json":
        ctx.out(dumps(modern))
    elif ctx.args.output == "legacy-json":
        ctx.out(dumps(legacy()))
    else:
        ctx.out(human())


# -- commands ----------------------------------------------------------------------


def _cmd_version(ctx: _Context) -> int:
    with ctx.client() as client:
        version, api = client.server_version, client.api
        if ctx.args.output in ("json", "legacy-json"):
            ctx.out(dumps({"endpoint": client.endpoint, "serverVersion": version, "api": api}))
        else:
            ctx.out(f"Appwrite {version} ({api} API) at {client.endpoint}")
    return ExitCode.OK


def _cmd_list(ctx: _Context) -> int:
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
        _emit(
            ctx,
            page.to_dict(),
            page.to_legacy_dict,
            lambda: execution_table(page.executions, page.total),
        )
    return ExitCode.OK


def _cmd_get(ctx: _Context) -> int:
    with ctx.client() as client:
        execution = client.get_execution(ctx.args.function_id, ctx.args.execution_id)
        _emit(
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
    if args.body_file is None:
        return str(args.body)
    if args.body_file == "-":
        return sys.stdin.read()
    try:
        with open(args.body_file, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise Failure(
            ExitCode.USAGE, f"cannot read --body-file {args.body_file}: {error.strerror}"
        ) from None


def _cmd_create(ctx: _Context) -> int:
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
        _emit(
            ctx, execution.to_dict(), execution.to_legacy_dict, lambda: execution_detail(execution)
        )
    return ExitCode.OK


def _cmd_wait(ctx: _Context) -> int:
    args = ctx.args
    with ctx.client() as client:
        execution = client.wait_for_execution(
            args.function_id,
            args.execution_id,
            timeout=args.timeout,
            poll_interval=args.interval,
            max_interval=max(args.interval, 5.0),
        )
        _emit(
            ctx, execution.to_dict(), execution.to_legacy_dict, lambda: execution_detail(execution)
        )
    return ExitCode.OK


def _cmd_delete(ctx: _Context) -> int:
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


def _cmd_export(ctx: _Context) -> int:
    args = ctx.args
    fmt = _export_format(args)
    progress = ctx.progress()
    with ctx.client() as client:
        page_size = min(args.page_size, 100) if client.api == "legacy" else args.page_size
        progress.start(f"export {args.function_id}")
        try:
            with open_output(args.out) as stream:
                count = export_executions(
                    client,
                    args.function_id,
                    stream,
                    format=fmt,
                    page_size=page_size,
                    on_progress=progress.advance,
                )
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
    return ExitCode.OK


def _env_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", name.upper())


def _pairs(values: Sequence[str], flag: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for value in values:
        name, equals, rest = value.partition("=")
        if not equals or not name or not rest:
            shown = name if flag == "--source-key" else value
            raise Failure(ExitCode.USAGE, f"{flag} must be NAME=VALUE, got {shown!r}")
        result[name] = rest
    return result


def _sources(ctx: _Context) -> list[Source]:
    args, env = ctx.args, ctx.env
    projects = _pairs(args.source_project, "--source-project")
    keys = _pairs(args.source_key, "--source-key")
    ctx.secrets.extend(keys.values())
    if not args.source:
        endpoint, project = ctx.endpoint_and_project()
        key, jwt = ctx.global_credential()
        ctx.credential(key, jwt, "the server")
        return [Source(args.name, endpoint, project, key, jwt)]
    sources: list[Source] = []
    for value in args.source:
        name, equals, endpoint = value.partition("=")
        if not equals or not _SOURCE_NAME.fullmatch(name) or not endpoint:
            raise Failure(
                ExitCode.USAGE,
                f"--source must be NAME=ENDPOINT with NAME of letters, digits, '.', '-', '_' "
                f"(e.g. old=https://appwrite.example.com/v1), got {value!r}",
            )
        if any(source.name == name for source in sources):
            raise Failure(ExitCode.USAGE, f"--source {name} is given twice")
        upper = _env_name(name)
        source_project = (
            projects.get(name)
            or env.get(f"APPWRITE_PROJECT_{upper}")
            or ctx.setting("project", "APPWRITE_PROJECT")
        )
        if not source_project:
            raise Failure(
                ExitCode.USAGE,
                f"no project for source {name}: pass --source-project {name}=ID or set "
                f"APPWRITE_PROJECT_{upper} (or APPWRITE_PROJECT for all sources)",
            )
        if name in keys:
            key, jwt = keys[name], None
        elif env.get(f"APPWRITE_KEY_{upper}") or env.get(f"APPWRITE_JWT_{upper}"):
            key = env.get(f"APPWRITE_KEY_{upper}") or None
            jwt = env.get(f"APPWRITE_JWT_{upper}") or None
        else:
            key, jwt = ctx.global_credential()
        ctx.credential(key, jwt, f"source {name} (set APPWRITE_KEY_{upper})")
        sources.append(Source(name, endpoint, source_project, key, jwt))
    unknown = (set(projects) | set(keys)) - {source.name for source in sources}
    if unknown:
        raise Failure(ExitCode.USAGE, f"no --source named {', '.join(sorted(unknown))}")
    return sources


def _functions_for(ctx: _Context, sources: list[Source]) -> dict[str, list[str]]:
    names = {source.name for source in sources}
    chosen: dict[str, list[str]] = {source.name: [] for source in sources}
    for value in ctx.args.function:
        scope, colon, function_id = value.rpartition(":")
        targets = [scope] if colon else list(chosen)
        if colon and scope not in names:
            raise Failure(ExitCode.USAGE, f"--function {value}: no --source named {scope!r}")
        for target in targets:
            if function_id not in chosen[target]:
                chosen[target].append(function_id)
    return chosen


def _cmd_sync(ctx: _Context) -> int:
    args = ctx.args
    sources = _sources(ctx)
    functions = _functions_for(ctx, sources)
    target = args.db or ctx.env.get("APPWRITE_EXECUTIONS_DB") or DEFAULT_DB
    ctx.secrets.extend(url_secrets(target))
    shown_store = redact_url(target)
    progress = ctx.progress()
    results: list[FunctionResult] = []
    seen: list[tuple[str, str, str | None, str | None]] = []
    failures: dict[str, str] = {}
    code: int = ExitCode.OK
    try:
        store = open_store(target)
    except StoreError as error:
        raise Failure(ExitCode.STORE, str(error)) from None
    try:
        for source in sources:
            info: list[Any] = [source.name, source.endpoint, None, None]
            try:
                with (
                    _guard(source.endpoint, source.project),
                    Client(
                        source.endpoint,
                        project=source.project,
                        key=source.key,
                        jwt=source.jwt,
                        timeout=args.request_timeout,
                    ) as client,
                ):
                    info[2], info[3] = client.server_version, client.api
                    for function_id in functions[source.name]:
                        try:
                            results.append(
                                sync_function(
                                    client,
                                    store,
                                    source,
                                    function_id,
                                    page_size=args.page_size,
                                    progress=progress,
                                    prune=args.prune,
                                )
                            )
                        except NotFound as error:
                            failure = classify(
                                error, endpoint=source.endpoint, project=source.project
                            )
                            if failure.code != ExitCode.NOT_FOUND:
                                raise
                            progress.clear()
                            ctx.warn(f"error: source {source.name}: {failure.message}")
                            failures.setdefault(source.name, failure.message)
                            code = code or failure.code
            except Failure as failure:
                progress.clear()
                ctx.warn(f"error: source {source.name}: {failure.message}")
                failures[source.name] = failure.message
                code = code or failure.code
            seen.append((info[0], info[1], info[2], info[3]))
    except StoreError as error:
        progress.clear()
        raise Failure(ExitCode.STORE, str(error)) from None
    except KeyboardInterrupt:
        progress.clear()
        raise
    finally:
        store.close()
    if args.output == "json":
        ctx.out(dumps(summary_json(results, seen, failures, shown_store)))
    elif not args.quiet:
        ctx.out(sync_summary(results, seen, shown_store))
    return code


# -- parser ------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def _version() -> str:
    try:
        return metadata.version("appwrite-executions")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--help` of each command says what it needs."""
    general = argparse.ArgumentParser(add_help=False)
    general.add_argument(
        "--quiet", "-q", action="store_true", default=argparse.SUPPRESS,
        help="no progress and no summary; errors are still printed",
    )  # fmt: skip
    general.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS,
        help="print the traceback of a failure (secrets masked)",
    )  # fmt: skip

    connection = argparse.ArgumentParser(add_help=False)
    group = connection.add_argument_group("server")
    group.add_argument("--endpoint", metavar="URL", help="API endpoint [APPWRITE_ENDPOINT]")
    group.add_argument("--project", metavar="ID", help="project ID [APPWRITE_PROJECT]")
    group.add_argument(
        "--key", metavar="KEY", help="server API key [APPWRITE_KEY]; prefer the variable"
    )
    group.add_argument("--jwt", metavar="JWT", help="a user's JWT instead of a key [APPWRITE_JWT]")
    group.add_argument(
        "--request-timeout", metavar="SECONDS", type=_seconds, default=60.0,
        help="seconds to wait for each answer (default %(default)s)",
    )  # fmt: skip

    output = argparse.ArgumentParser(add_help=False)
    shapes = output.add_mutually_exclusive_group()
    shapes.add_argument(
        "--json", dest="output", action="store_const", const="json",
        help="print the exact modern (1.8) JSON",
    )  # fmt: skip
    shapes.add_argument(
        "--legacy-json", dest="output", action="store_const", const="legacy-json",
        help="print the legacy (0.9) JSON, for scripts written against 0.9",
    )  # fmt: skip

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, run and archive Appwrite function executions, from legacy (0.9) "
        "and modern (1.8) servers alike.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    parser.add_argument("--quiet", "-q", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: Callable[[_Context], int], summary: str, *parents: Any
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            parents=[general, connection, *parents],
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, output=None)
        return sub

    command("version", _cmd_version, "Show the server's version and API shape.", output)

    sub = command(
        "list", _cmd_list, "List a function's executions (newest first by default).", output
    )
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("--limit", type=_positive_int, default=25, help="at most N (default 25)")
    sub.add_argument("--offset", type=int, default=0, help="skip N first")
    sub.add_argument("--order", choices=("asc", "desc"), default="desc", help="by creation time")
    sub.add_argument(
        "--status", action="append", default=[], metavar="STATUS",
        help="only this status (waiting, processing, completed, failed, scheduled); repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--trigger", action="append", default=[], metavar="TRIGGER",
        help="only this trigger (http, schedule, event); repeatable",
    )  # fmt: skip
    sub.add_argument("--search", metavar="TEXT", help="full-text search (servers before 1.7)")

    sub = command("get", _cmd_get, "Show one execution.", output)
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")

    sub = command("create", _cmd_create, "Run a function and show the execution.", output)
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    body = sub.add_mutually_exclusive_group()
    body.add_argument("--body", default="", help="request body (text, often JSON)")
    body.add_argument("--body-file", metavar="FILE", help="read the body from FILE (- for stdin)")
    sub.add_argument(
        "--async", dest="async_", action="store_true",
        help="return at once and run in the background (legacy servers always do)",
    )  # fmt: skip
    sub.add_argument("--path", help="request path, e.g. /reports?month=1 (modern servers)")
    sub.add_argument("--method", help="request method, e.g. POST (modern servers)")
    sub.add_argument(
        "--header", action="append", default=[], metavar="NAME:VALUE",
        help="request header (modern servers); repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--scheduled-at", metavar="WHEN",
        help="run later, e.g. '2026-12-01 10:00 +01:00' (modern servers; whole minutes)",
    )  # fmt: skip

    sub = command("wait", _cmd_wait, "Wait until an execution is completed or failed.", output)
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")
    sub.add_argument(
        "--timeout", type=_seconds, default=60.0, metavar="SECONDS",
        help="give up after this long, exit code 7 (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--interval", type=_seconds, default=0.5, metavar="SECONDS",
        help="first poll interval; it backs off up to 5 s (default %(default)s)",
    )  # fmt: skip

    sub = command("delete", _cmd_delete, "Delete an execution (modern servers, API key).")
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")

    sub = command("export", _cmd_export, "Write every execution of a function to a file, streamed.")
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument(
        "--format", choices=FORMATS,
        help="jsonl (modern JSON per line) or csv; default from --out's suffix, else jsonl",
    )  # fmt: skip
    sub.add_argument("--out", metavar="FILE", help="file to write (default stdout)")
    sub.add_argument(
        "--page-size", type=_positive_int, default=100, metavar="N",
        help="executions per request (default %(default)s; legacy servers at most 100)",
    )  # fmt: skip

    sub = command(
        "sync",
        _cmd_sync,
        "Copy executions from one or more servers into a SQLite or PostgreSQL store.",
    )
    sub.add_argument(
        "--json", dest="output", action="store_const", const="json",
        help="print the summary as JSON",
    )  # fmt: skip
    sub.description = textwrap.fill(
        "Copy executions of one or more functions from one or more servers (any version) "
        "into a store, in the modern shape, keyed by (source, function, execution id). "
        "Incremental: only new executions, and ones not yet final, are read again. Each "
        "page is committed with the resume point, so a killed run can simply be rerun. "
        "The store keeps executions a server later deletes, unless --prune.",
        width=88,
    )
    sub.epilog = SYNC_EXAMPLE + "\n" + EPILOG
    sub.add_argument(
        "--source", action="append", default=[], metavar="NAME=ENDPOINT",
        help="a server to read; repeatable. Its project and key come from "
        "--source-project NAME=ID / APPWRITE_PROJECT_<NAME> and APPWRITE_KEY_<NAME> "
        "(or APPWRITE_JWT_<NAME>), else from the global settings. Without --source, "
        "--endpoint is the one source, named by --name",
    )  # fmt: skip
    sub.add_argument(
        "--source-project", action="append", default=[], metavar="NAME=ID",
        help="the project of source NAME; repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--source-key", action="append", default=[], metavar="NAME=KEY",
        help="the API key of source NAME; prefer APPWRITE_KEY_<NAME>",
    )  # fmt: skip
    sub.add_argument(
        "--name", default="default", help="source name when --endpoint is the only source"
    )
    sub.add_argument(
        "--function", action="append", required=True, metavar="FUNCTION",
        help="a function ID to sync from every source, or SOURCE:ID for one; repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--db", metavar="PATH|URL",
        help=f"SQLite file, or postgresql://... [APPWRITE_EXECUTIONS_DB] (default {DEFAULT_DB})",
    )  # fmt: skip
    sub.add_argument(
        "--page-size", type=_positive_int, default=100, metavar="N",
        help="executions per request and per transaction (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--prune", action="store_true",
        help="read everything again and delete stored executions the server no longer has "
        "(by default the store keeps them, as an archive)",
    )  # fmt: skip
    return parser


# -- entry point -------------------------------------------------------------------


def _report(ctx: _Context, error: BaseException, code: int, message: str) -> int:
    if getattr(ctx.args, "debug", False):
        text = "".join(traceback.format_exception(error))
        ctx.stderr.write(scrub(text, ctx.secrets))
    ctx.warn(f"error: {message}")
    return code


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    env: dict[str, str] | None = None,
) -> int:
    """Run one command; return its exit code (see EPILOG)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    ctx = _Context(args, out, err, dict(os.environ if env is None else env))
    if args.debug:
        logging.basicConfig(level=logging.INFO, stream=err, format="%(name)s: %(message)s")
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.handler(ctx))
    except Failure as failure:
        return _report(ctx, failure, failure.code, failure.message)
    except AppwriteError as error:  # raised outside a guarded block
        known = classify(error, endpoint=args.endpoint or "", project=args.project or "")
        return _report(ctx, error, known.code, known.message)
    except StoreError as error:
        return _report(ctx, error, ExitCode.STORE, str(error))
    except _Terminated as error:
        del error
        ctx.warn("stopped by SIGTERM; everything committed so far is kept")
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        ctx.warn("interrupted; everything committed so far is kept")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        return ExitCode.BROKEN_PIPE
    except Exception as error:
        return _report(
            ctx,
            error,
            ExitCode.FAILED,
            f"unexpected {type(error).__name__}: {error} (rerun with --debug for details)",
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
