"""The command line's grammar: every command, flag and help text.

Global flags (server, TLS, profile, --quiet, --debug) are accepted before the command
and after it: the top-level parser holds their defaults, and each command's copy
defaults to "not given", so a value given on either side wins.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from importlib import metadata
from typing import Any

from .._client import READ_AHEAD_MAX
from ..sync import DEFAULT_JOBS, EXPORT_JOBS, FORMATS, LARGE_PAGE, LEGACY_PAGE_MAX
from ._commands import (
    cmd_create,
    cmd_delete,
    cmd_export,
    cmd_functions,
    cmd_get,
    cmd_list,
    cmd_logs,
    cmd_version,
    cmd_wait,
    cmd_watch,
)
from ._context import PROG, Context
from ._profiles import cmd_profile_add, cmd_profile_list
from ._sync_command import DEFAULT_DB, cmd_sync

STATUSES = ("waiting", "processing", "completed", "failed", "scheduled")
TRIGGERS = ("http", "schedule", "event")
OUTPUTS = ("table", "json", "jsonl", "csv")

EPILOG = """\
configuration (flags win over the environment, which wins over a profile):
  APPWRITE_ENDPOINT   e.g. https://cloud.appwrite.io/v1
  APPWRITE_PROJECT    the project ID
  APPWRITE_KEY        a server API key (or APPWRITE_JWT for a user's JWT)
  APPWRITE_CA_BUNDLE  CA certificates (PEM) for a self-signed server
  APPWRITE_INSECURE   1 to skip TLS verification (like --insecure)
  APPWRITE_PROFILE    a profile of the config file (see --profile)
  NO_COLOR            set to turn colour off

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
  9    --exit-status: the execution ended failed
  10   delete: not confirmed, nothing deleted
  130  interrupted by Ctrl-C (143: SIGTERM)
  141  stdout was closed before all output was written (| head)
"""

SYNC_EXAMPLE = """\
example (two servers, each with its own project and key):
  export APPWRITE_KEY_OLD=... APPWRITE_KEY_NEW=...
  appwrite-executions sync --db executions.sqlite \\
      --source old=https://appwrite.example.com/v1 --source-project old=legacy \\
      --source new=https://cloud.appwrite.io/v1 --source-project new=main \\
      --function reports --function new:mailer
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions are filled to the terminal's width; epilogs (tables, examples)
    keep their lines. argparse takes the width from the terminal or COLUMNS."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n  " in text or text.startswith("  "):
            return super()._fill_text(text, width, indent)  # a table or an example
        paragraphs = re.split(r"\n\s*\n", text.strip())
        return "\n\n".join(
            argparse.HelpFormatter._fill_text(self, paragraph, width, indent)
            for paragraph in paragraphs
        )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return value


def _export_jobs(text: str) -> int:
    value = _positive_int(text)
    if value > READ_AHEAD_MAX:
        raise argparse.ArgumentTypeError(f"{text} is more than {READ_AHEAD_MAX}")
    return value


def _offset(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text} is not a finite number of seconds")
    return value


def _seconds(text: str) -> float:
    """0 or more seconds (a wait of 0 reads the state once)."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def _request_seconds(text: str) -> float:
    """More than 0 seconds: a request timeout of 0 could never succeed."""
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0 (e.g. 30)")
    return value


def _choice(kind: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in choices:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a {kind}; choose from {', '.join(choices)}"
            )
        return text

    check.__name__ = kind
    return check


def version_text() -> str:
    try:
        return metadata.version("appwrite-executions")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def _global_flags(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The flags every command takes; on commands they default to "not given"."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--quiet", "-q", action="store_true", default=default(False),
        help="no progress and no summary lines; errors are still printed",
    )  # fmt: skip
    parser.add_argument(
        "--debug", action="store_true", default=default(False),
        help="print the traceback of a failure (secrets masked)",
    )  # fmt: skip
    group = parser.add_argument_group("server")
    group.add_argument(
        "--endpoint", metavar="URL", default=default(None), help="API endpoint [APPWRITE_ENDPOINT]"
    )
    group.add_argument(
        "--project", metavar="ID", default=default(None), help="project ID [APPWRITE_PROJECT]"
    )
    group.add_argument(
        "--key", metavar="KEY", default=default(None),
        help="server API key [APPWRITE_KEY]; prefer the variable",
    )  # fmt: skip
    group.add_argument(
        "--jwt", metavar="JWT", default=default(None),
        help="a user's JWT instead of a key [APPWRITE_JWT]",
    )  # fmt: skip
    group.add_argument(
        "--request-timeout", metavar="SECONDS", type=_request_seconds, default=default(60.0),
        help="seconds to wait for each answer, more than 0 (default 60)",
    )  # fmt: skip
    group.add_argument(
        "--ca-bundle", metavar="FILE", default=default(None),
        help="trust the CA certificates in FILE (PEM), e.g. of a self-signed server "
        "[APPWRITE_CA_BUNDLE]",
    )  # fmt: skip
    group.add_argument(
        "--insecure", action="store_true", default=default(False),
        help="do not verify the server's TLS certificate (test servers only) "
        "[APPWRITE_INSECURE=1]",
    )  # fmt: skip
    group.add_argument(
        "--profile", metavar="NAME", default=default(None),
        help="use the settings of profile NAME from the config file [APPWRITE_PROFILE]",
    )  # fmt: skip
    group.add_argument(
        "--call-timeout", metavar="SECONDS", type=_seconds, default=default(120.0),
        help="longest one request may take in all: connecting, sending, reading the whole "
        "answer, retries included; 0 for no limit (default 120)",
    )  # fmt: skip


def _outputs(parser: argparse.ArgumentParser, choices: tuple[str, ...] = OUTPUTS) -> None:
    shapes = parser.add_mutually_exclusive_group()
    shapes.add_argument(
        "--output", "-o", choices=choices, metavar="FORMAT",
        help=f"{' | '.join(choices)} (default table); json is the exact modern (1.8) JSON",
    )  # fmt: skip
    shapes.add_argument(
        "--json", dest="output", action="store_const", const="json",
        help="the same as --output json",
    )  # fmt: skip
    shapes.add_argument(
        "--legacy-json", dest="output", action="store_const", const="legacy-json",
        help="print the legacy (0.9) JSON, for scripts written against 0.9",
    )  # fmt: skip


def _ids(sub: argparse.ArgumentParser, execution: bool = True) -> None:
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    if execution:
        sub.add_argument("execution_id", metavar="EXECUTION_ID", help="the execution's ID")


def _filters(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--status", action="append", default=[], metavar="STATUS",
        type=_choice("status", STATUSES),
        help=f"only this status ({', '.join(STATUSES)}); repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--trigger", action="append", default=[], metavar="TRIGGER",
        type=_choice("trigger", TRIGGERS),
        help=f"only this trigger ({', '.join(TRIGGERS)}); repeatable",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--help` of each command says what it needs."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, run and archive Appwrite function executions, from legacy (0.9) "
        "and modern (1.8) servers alike.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {version_text()}")
    _global_flags(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: Callable[[Context], int], summary: str, description: str = ""
    ) -> Any:
        sub = commands.add_parser(
            name,
            help=summary,
            description=description or summary,
            epilog=EPILOG,
            formatter_class=_Formatter,
        )
        _global_flags(sub, top=False)
        sub.set_defaults(handler=handler, output=None)
        return sub

    sub = command("version", cmd_version, "Show the server's version and API shape, and "
                  "check that it accepts the project and credentials.")  # fmt: skip
    _outputs(sub, ("table", "json"))

    sub = command("list", cmd_list, "List a function's executions (newest first by default).")
    _ids(sub, execution=False)
    sub.add_argument("--limit", type=_positive_int, default=25, help="at most N (default 25)")
    sub.add_argument("--offset", type=_offset, default=0, help="skip N first")
    sub.add_argument("--order", choices=("asc", "desc"), default="desc", help="by creation time")
    _filters(sub)
    sub.add_argument("--search", metavar="TEXT", help="full-text search (servers before 1.7)")
    _outputs(sub)

    sub = command("get", cmd_get, "Show one execution.")
    _ids(sub)
    _outputs(sub)

    sub = command("logs", cmd_logs, "Print an execution's logs and errors.")
    _ids(sub)
    sub.add_argument(
        "--raw", action="store_true",
        help="print them exactly as stored (only when stdout is not a terminal; "
        "on a terminal control characters are always shown escaped)",
    )  # fmt: skip

    sub = command("create", cmd_create, "Run a function and show the execution.")
    _ids(sub, execution=False)
    body = sub.add_mutually_exclusive_group()
    body.add_argument("--body", default="", help="request body (text, often JSON)")
    body.add_argument(
        "--body-file", metavar="FILE", help="read the body (UTF-8 text) from FILE (- for stdin)"
    )
    sub.add_argument(
        "--async", dest="async_", action="store_true",
        help="return at once and run in the background (servers before 0.13 always do)",
    )  # fmt: skip
    sub.add_argument("--path", help="request path, e.g. /reports?month=1 (Appwrite 1.4+)")
    sub.add_argument("--method", help="request method, e.g. POST (Appwrite 1.4+)")
    sub.add_argument(
        "--header", action="append", default=[], metavar="NAME:VALUE",
        help="request header (Appwrite 1.4+); repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--scheduled-at", metavar="WHEN",
        help="run later (Appwrite 1.6+): '+30m', '+2h', '+1d', 'tomorrow 09:00', "
        "'today 17:30' (local time) or '2026-12-01 10:00 +01:00'; relative times are "
        "rounded up to the next whole minute",
    )  # fmt: skip
    sub.add_argument(
        "--wait", action="store_true", help="with --async: wait until the execution ends"
    )
    sub.add_argument(
        "--timeout", type=_seconds, default=600.0, metavar="SECONDS",
        help="with --wait: give up after this long, exit code 7 (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--exit-status", action="store_true",
        help="exit 9 when the execution ends failed",
    )  # fmt: skip
    _outputs(sub, ("table", "json", "jsonl"))

    sub = command("wait", cmd_wait, "Wait until an execution is completed or failed.")
    _ids(sub)
    sub.add_argument(
        "--timeout", type=_seconds, default=60.0, metavar="SECONDS",
        help="give up after this long, exit code 7 (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--interval", type=_seconds, default=0.5, metavar="SECONDS",
        help="first poll interval; it backs off up to 5 s (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--exit-status", action="store_true", help="exit 9 when the execution ends failed"
    )
    _outputs(sub, ("table", "json", "jsonl"))

    sub = command("watch", cmd_watch, "Follow a function's new executions as they arrive "
                  "(like tail -f); Ctrl-C stops.")  # fmt: skip
    _ids(sub, execution=False)
    _filters(sub)
    sub.add_argument(
        "--interval", type=_request_seconds, default=2.0, metavar="SECONDS",
        help="seconds between polls (default %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--exit-status", action="store_true",
        help="stop at the first failed execution, with exit code 9",
    )  # fmt: skip
    sub.add_argument(
        "--count", type=_positive_int, metavar="N", help="stop after N executions were shown"
    )
    _outputs(sub, ("table", "jsonl"))  # --json: one execution per line too

    sub = command("delete", cmd_delete, "Delete one execution, or in bulk every finished "
                  "execution created before a date (Appwrite 1.6+, API key).")  # fmt: skip
    sub.add_argument("function_id", metavar="FUNCTION_ID", help="the function's ID")
    sub.add_argument("execution_id", metavar="EXECUTION_ID", nargs="?", help="the execution's ID")
    sub.add_argument(
        "--before", metavar="DATE",
        help="bulk: executions created before DATE ('2026-01-01', '-30d' for 30 days ago, "
        "ISO 8601); unfinished ones are never deleted",
    )  # fmt: skip
    sub.add_argument(
        "--status", action="append", default=[], metavar="STATUS",
        type=_choice("finished status", ("completed", "failed")),
        help="bulk: only this status (completed or failed); repeatable",
    )  # fmt: skip
    sub.add_argument("--dry-run", action="store_true", help="bulk: count and list, delete nothing")
    sub.add_argument(
        "--yes", "-y", action="store_true",
        help="bulk: do not ask for confirmation (needed when stdin is not a terminal)",
    )  # fmt: skip

    sub = command("export", cmd_export, "Write every execution of a function to a file, "
                  "streamed.")  # fmt: skip
    sub.add_argument("function_id", metavar="FUNCTION_ID", nargs="?", help="the function's ID")
    sub.add_argument(
        "--all-functions", action="store_true",
        help="every function of the project, one after the other, into one output",
    )  # fmt: skip
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
    sub.add_argument(
        "--jobs", type=_export_jobs, default=EXPORT_JOBS, metavar="N",
        help=f"pages asked for at once, 1 to {READ_AHEAD_MAX}, on Appwrite 1.3+ and "
        "0.7-0.11 (0.12-1.2: one page ahead); the output is the same (default %(default)s)",
    )  # fmt: skip

    sub = command("functions", cmd_functions, "List the project's functions (API key).")
    _outputs(sub, ("table", "json", "jsonl"))

    sub = command(
        "sync", cmd_sync, "Copy executions into a SQLite or PostgreSQL store, incrementally.",
        "Copy executions of one or more functions from one or more servers (any version) "
        "into a SQLite or PostgreSQL store, in the modern shape, keyed by (source, "
        "function, execution id). Incremental: only new executions, and ones not yet "
        "final, are read again. Each page is committed with the resume point, so a killed "
        "run can simply be rerun. The store keeps executions a server later deletes, "
        "unless --prune.",
    )  # fmt: skip
    sub.epilog = SYNC_EXAMPLE + "\n" + EPILOG
    sub.add_argument(
        "--json", dest="output", action="store_const", const="json",
        help="print the summary as JSON",
    )  # fmt: skip
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
        "--function", action="append", default=[], metavar="FUNCTION",
        help="a function ID to sync from every source, or SOURCE:ID for one; repeatable",
    )  # fmt: skip
    sub.add_argument(
        "--all-functions", action="store_true",
        help="every function of every source (listed with GET /functions; API key)",
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

    sub = command("profile", _no_action, "Named settings in the config file: profile list, "
                  "profile add NAME.")  # fmt: skip
    actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = actions.add_parser(
        "list", help="the profiles (never their keys)", formatter_class=_Formatter
    )
    _global_flags(listed, top=False)
    listed.set_defaults(handler=cmd_profile_list)
    added = actions.add_parser(
        "add",
        help="add profile NAME from --endpoint and --project",
        description="Add profile NAME to the config file, from --endpoint, --project and "
        "optionally --ca-bundle / --insecure. The key stays in the environment: the "
        "profile names the variable (--key-env, default APPWRITE_KEY). Only with "
        "--store-key is the key (from --key or APPWRITE_KEY) written into the file, "
        "which is then readable by you alone (mode 0600).",
        formatter_class=_Formatter,
    )
    _global_flags(added, top=False)
    added.set_defaults(handler=cmd_profile_add)
    added.add_argument("name", metavar="NAME", help="the profile's name")
    added.add_argument(
        "--key-env", metavar="VARIABLE", help="the variable that holds the key (APPWRITE_KEY)"
    )
    added.add_argument(
        "--store-key", action="store_true",
        help="write the key itself into the file (made mode 0600)",
    )  # fmt: skip
    added.add_argument("--default", action="store_true", help="use this profile when none is named")

    sub = command("help", _help_handler(parser), "Show the help of a command.")
    sub.add_argument("topic", metavar="COMMAND", nargs="?", help="the command")

    sub = command("completion", _completion_handler(parser),
                  "Print the shell completion script: eval \"$(appwrite-executions "
                  "completion bash)\", or put the zsh or fish output where the shell "
                  "loads completions.")  # fmt: skip
    sub.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")
    return parser


def _no_action(ctx: Context) -> int:  # pragma: no cover - argparse requires an action
    return 2


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help_handler(parser: argparse.ArgumentParser) -> Callable[[Context], int]:
    def cmd_help(ctx: Context) -> int:
        from ._failures import ExitCode, Failure  # noqa: PLC0415 - avoids a cycle

        topic = ctx.args.topic
        if topic is None:
            ctx.stdout.write(parser.format_help())
            return ExitCode.OK
        commands = subcommands(parser)
        if topic not in commands:
            raise Failure(
                ExitCode.USAGE,
                f"no command {topic!r}; the commands are {', '.join(commands)}",
            )
        ctx.stdout.write(commands[topic].format_help())
        return ExitCode.OK

    return cmd_help


def _completion_handler(parser: argparse.ArgumentParser) -> Callable[[Context], int]:
    def cmd_completion(ctx: Context) -> int:
        from ._completion import script  # noqa: PLC0415 - only this command needs it

        ctx.stdout.write(script(ctx.args.shell, parser))
        return 0

    return cmd_completion
