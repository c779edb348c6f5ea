"""What went wrong, said so a person can act on it: one line and one exit code per class.

Scripts branch on the exit code (retry later on 3, fix the config on 4, ...), people
read the line. Every class of failure the CLI can meet maps here, and nothing here
ever includes a credential: messages are built from the error's own fields, which
never hold one, and `scrub` removes the secrets of the run from anything printed.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from urllib.parse import unquote

from .._errors import (
    AppwriteError,
    InvalidArgument,
    InvalidResponse,
    NetworkError,
    NotFound,
    Redirected,
    Unauthorized,
    UnsupportedOnServer,
    WaitTimeout,
)


class ExitCode(enum.IntEnum):
    """The CLI's exit codes; README.md documents them in this order."""

    OK = 0
    FAILED = 1  # the server failed or answered something unexpected
    USAGE = 2  # bad flags or arguments, missing configuration
    UNREACHABLE = 3  # no Appwrite API at the endpoint
    AUTH = 4  # wrong project, key or JWT
    NOT_FOUND = 5  # unknown function or execution
    UNSUPPORTED = 6  # the server's version cannot do what was asked
    TIMEOUT = 7  # wait: the execution did not finish in time
    STORE = 8  # sync: the store (SQLite file or PostgreSQL) failed
    INCOMPLETE = 9  # sync/export: some executions cannot be reached; the rest was kept
    EXECUTION_FAILED = 10  # --exit-status: the execution ended failed
    DECLINED = 11  # delete: not confirmed, nothing deleted
    INTERRUPTED = 130  # Ctrl-C; what was committed is kept
    BROKEN_PIPE = 141  # stdout's reader went away (`| head`), as for any shell tool
    TERMINATED = 143  # SIGTERM, handled like Ctrl-C


class Failure(Exception):
    """A failure already worded for the user, with its exit code."""

    def __init__(self, code: ExitCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_PROJECT_MESSAGES = ("project not found",)
# The client names the Python exception behind a network failure, "(ConnectError)":
# useful in a traceback, noise on a command line.
_PYTHON_CLASS = re.compile(r" \((?:[A-Z][a-z]+)+(?:Error|Timeout|Exception)\)(?=;|$)")
_PATH_IDS = re.compile(r"/functions/([^/?]+)/executions(?:/([^/?]+))?")
_ROUTE_TYPES = ("general_route_not_found",)


# What the command line calls each capability the client checks, so a refusal names
# the flag the user typed instead of the client's internals.
_FEATURE_FLAGS = {
    "create_async": "--async",
    "create_path": "--path",
    "create_method": "--method",
    "create_method_head": "--method HEAD",
    "create_headers": "--header",
    "create_scheduled_at": "--scheduled-at",
    "create_data": "--body",
    "delete_execution": "delete",
    "list_search": "--search",
}
_ARGUMENT_FLAGS = {
    "function_id": "FUNCTION_ID",
    "execution_id": "EXECUTION_ID",
    "scheduled_at": "--scheduled-at",
    "page_size": "--page-size",
    "cursor_after": "the resume point",
    "async_": "--async",
}


def _unsupported(error: UnsupportedOnServer) -> Failure:
    flag = _FEATURE_FLAGS.get(error.feature or "")
    version = error.server_version or "unknown"
    requires = error.requires or ""
    if flag is None:
        return Failure(ExitCode.UNSUPPORTED, error.message)
    if requires.startswith("<"):
        return Failure(
            ExitCode.UNSUPPORTED,
            f"{flag} works only on servers older than Appwrite {requires[1:]}; this server "
            f"is {version}"
            + (" (filter with --status or --trigger)" if flag == "--search" else ""),
        )
    if flag == "--body":
        return Failure(
            ExitCode.UNSUPPORTED,
            f"Appwrite {version} runs functions without input: drop --body (it needs "
            f"Appwrite {requires} or newer)",
        )
    return Failure(
        ExitCode.UNSUPPORTED, f"{flag} needs Appwrite {requires} or newer; this server is {version}"
    )


def _invalid(error: InvalidArgument) -> Failure:
    """The client's input errors, with its argument names turned into the CLI's."""
    message = error.message
    for argument, flag in _ARGUMENT_FLAGS.items():
        message = re.sub(rf"\b{re.escape(argument)}\b", flag, message)
    return Failure(ExitCode.USAGE, message)


def _not_found(error: NotFound, endpoint: str, project: str) -> Failure:
    kind = (error.type or "").lower()
    text = error.message.lower()
    if (error.path or "").endswith("/health/version"):
        return Failure(
            ExitCode.UNREACHABLE,
            f"{endpoint} has no Appwrite API (GET /health/version answered 404): check "
            "--endpoint / APPWRITE_ENDPOINT; it usually ends in /v1",
        )
    if kind == "project_not_found" or (not kind and text in _PROJECT_MESSAGES):
        return Failure(
            ExitCode.AUTH,
            f"project {project!r} does not exist on {endpoint}: check --project / APPWRITE_PROJECT",
        )
    if kind in _ROUTE_TYPES or (not kind and text == "not found"):
        return Failure(
            ExitCode.UNREACHABLE,
            f"{endpoint} has no Appwrite API at {error.path or 'that path'}: the endpoint "
            "usually ends in /v1 (e.g. https://cloud.appwrite.io/v1)",
        )
    segments = _PATH_IDS.match(error.path or "")
    function_id = unquote(segments.group(1)) if segments else "?"
    if kind == "execution_not_found" or "execution" in text:
        execution_id = unquote(segments.group(2) or "?") if segments else "?"
        return Failure(
            ExitCode.NOT_FOUND,
            f"execution {execution_id!r} of function {function_id!r} does not exist "
            f"in project {project!r}",
        )
    return Failure(
        ExitCode.NOT_FOUND,
        f"function {function_id!r} does not exist in project {project!r} "
        "(check the function ID in the Appwrite console)",
    )


def classify(error: AppwriteError, *, endpoint: str, project: str) -> Failure:
    """The user-facing failure for a client error, by class."""
    if isinstance(error, InvalidArgument):
        return _invalid(error)
    if isinstance(error, Redirected):
        return Failure(
            ExitCode.UNREACHABLE,
            f"{endpoint} redirects to {error.location!r}: use that endpoint instead",
        )
    if isinstance(error, NetworkError) and "certificate verification failed" in error.message:
        reason = error.message.partition("(")[2].partition(")")[0] or "untrusted certificate"
        return Failure(
            ExitCode.UNREACHABLE,
            f"cannot reach {endpoint}: its TLS certificate is not trusted ({reason}); pass "
            "--ca-bundle FILE (or set APPWRITE_CA_BUNDLE) with the CA that signed it, or "
            "--insecure on a test server",
        )
    if isinstance(error, NetworkError):
        return Failure(
            ExitCode.UNREACHABLE,
            f"cannot reach {endpoint}: {_PYTHON_CLASS.sub('', error.message)}; check --endpoint / "
            "APPWRITE_ENDPOINT and that the server is up",
        )
    if isinstance(error, Unauthorized):
        return Failure(
            ExitCode.AUTH,
            f"{endpoint} refused the credentials for project {project!r}: {error.message} "
            "(check --project / APPWRITE_PROJECT and --key / APPWRITE_KEY or APPWRITE_JWT)",
        )
    if isinstance(error, NotFound):
        return _not_found(error, endpoint, project)
    if isinstance(error, UnsupportedOnServer):
        return _unsupported(error)
    if isinstance(error, WaitTimeout):
        return Failure(ExitCode.TIMEOUT, error.message)
    if isinstance(error, InvalidResponse) and error.path and error.path.endswith("/health/version"):
        return Failure(
            ExitCode.UNREACHABLE,
            f"{endpoint} does not answer like an Appwrite server ({error.message})",
        )
    return Failure(ExitCode.FAILED, f"{endpoint}: {error}")


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every secret of this run in ``text`` with ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text
