"""The command line's grammar: every command, flag and help text."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from importlib import metadata
from typing import Any

from ..sync import DEFAULT_JOBS, FORMATS, LARGE_PAGE, LEGACY_PAGE_MAX
from ._commands import cmd_create, cmd_delete, cmd_export, cmd_get, cmd_list, cmd_version, cmd_wait
from ._context import PROG, Context
from ._sync_command import DEFAULT_DB, cmd_sync

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
    group.add_argument(
        "--call-timeout", metavar="SECONDS", type=_seconds, default=120.0,
        help="longest one request may take in all: connecting, sending, reading the whole "
        "answer, retries included; 0 for no limit (default %(default)s)",
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
        name: str, handler: Callable[[Context], int], summary: str, *parents: Any
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

    command("version", cmd_version, "Show the server's version and API shape.", output)

    sub = command(
        "list", cmd_list, "List a function's executions (newest first by default).", output
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

    sub = command("get", cmd_get, "Show one execution.", output)
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")

    sub = command("create", cmd_create, "Run a function and show the execution.", output)
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

    sub = command("wait", cmd_wait, "Wait until an execution is completed or failed.", output)
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

    sub = command("delete", cmd_delete, "Delete an execution (modern servers, API key).")
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")

    sub = command("export", cmd_export, "Write every execution of a function to a file, streamed.")
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument(
        "--format", choices=FORMATS,
        help="jsonl (modern JSON per line) or csv; default from --out's suffix, else jsonl",
    )  # fmt: skip
    sub.add_argument("--out", metavar="FILE", help="file to write (default stdout)")
    sub.add_argument(
        "--page-size", type=_positive_int, metavar="N",
        help=f"executions per request (default {LARGE_PAGE} from Appwrite 1.3, where the "
        f"server has no maximum; {LEGACY_PAGE_MAX} before, its maximum there)",
    )  # fmt: skip

    sub = command(
        "sync",
        cmd_sync,
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
        "--page-size", type=_positive_int, metavar="N",
        help=f"executions per request and per transaction (default {LARGE_PAGE} from "
        f"Appwrite 1.3, {LEGACY_PAGE_MAX} before: the most those servers accept)",
    )  # fmt: skip
    sub.add_argument(
        "--prune", action="store_true",
        help="read everything again and delete stored executions the server no longer has "
        "(by default the store keeps them, as an archive)",
    )  # fmt: skip
    sub.add_argument(
        "--jobs", type=_positive_int, default=DEFAULT_JOBS, metavar="N",
        help="functions read at once from each server, so at most N requests in flight per "
        "server; every source is read at the same time (default %(default)s)",
    )  # fmt: skip
    return parser
