"""What every command shares: its streams, its environment, its secrets and settings,
and the wording of the client's errors as the command line's failures."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from .._client import Client
from .._errors import AppwriteError
from ._failures import ExitCode, Failure, classify, scrub
from ._output import dumps
from ._progress import Board, Progress

PROG = "appwrite-executions"
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


@dataclass
class Context:
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

    def board(self) -> Board:
        return Board.for_stream(self.stderr, quiet=self.args.quiet)

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
        with guard(endpoint, project), self._open(endpoint, project, key, jwt) as client:
            yield client

    def _open(self, endpoint: str, project: str, key: str | None, jwt: str | None) -> Client:
        return Client(
            endpoint,
            project=project,
            key=key,
            jwt=jwt,
            timeout=self.args.request_timeout,
            call_timeout=self.args.call_timeout or None,
        )


@contextmanager
def guard(endpoint: str, project: str) -> Iterator[None]:
    """Turn client errors into worded failures that name the endpoint and project."""
    try:
        yield
    except AppwriteError as error:
        raise classify(error, endpoint=endpoint, project=project) from error


def emit(ctx: Context, modern: Any, legacy: Callable[[], Any], human: Callable[[], str]) -> None:
    if ctx.args.output == "json":
        ctx.out(dumps(modern))
    elif ctx.args.output == "legacy-json":
        ctx.out(dumps(legacy()))
    else:
        ctx.out(human())
