"""What every command shares: its streams, its environment and profile, its secrets and
settings, and the wording of the client's errors as the command line's failures."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import ssl
import stat
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .._client import Client
from .._errors import AppwriteError
from ._failures import ExitCode, Failure, classify, scrub
from ._output import Screen, clean, dumps
from ._progress import Board, Progress

PROG = "appwrite-executions"
_CHUNK = 16384
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
_PROFILE_KEYS = frozenset(
    {"endpoint", "project", "key", "jwt", "key_env", "jwt_env", "ca_bundle", "insecure"}
)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def config_path(env: dict[str, str]) -> Path:
    """The config file: APPWRITE_EXECUTIONS_CONFIG, else the XDG config directory."""
    if env.get("APPWRITE_EXECUTIONS_CONFIG"):
        return Path(env["APPWRITE_EXECUTIONS_CONFIG"])
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or "~").expanduser() / ".config")
    return Path(base) / PROG / "config.toml"


def load_profile(env: dict[str, str], name: str | None) -> dict[str, Any]:
    """The settings of profile ``name`` (or the file's default_profile), checked.

    A profile names where keys live (``key_env = "APPWRITE_KEY_PROD"``); a key written
    in the file itself is read only when no one but its owner can read the file.
    """
    path = config_path(env)
    if name is None and not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Failure(
            ExitCode.USAGE, f"profile {name!r} asked for, but there is no config file {path}"
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise Failure(ExitCode.USAGE, f"cannot read the config file {path}: {error}") from None
    profiles = data.get("profiles", {})
    chosen = name or data.get("default_profile")
    if chosen is None:
        return {}
    if not isinstance(profiles, dict) or not isinstance(profiles.get(chosen), dict):
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) else ""
        raise Failure(
            ExitCode.USAGE,
            f"no profile {chosen!r} in {path}" + (f" (it has {known})" if known else ""),
        )
    profile: dict[str, Any] = dict(profiles[chosen])
    unknown = set(profile) - _PROFILE_KEYS
    if unknown:
        raise Failure(
            ExitCode.USAGE,
            f"profile {chosen!r} in {path} has unknown settings: {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(_PROFILE_KEYS))})",
        )
    if ("key" in profile or "jwt" in profile) and os.name == "posix":
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise Failure(
                ExitCode.USAGE,
                f"{path} holds a key or JWT but others can read it: run chmod 600 {path}, "
                'or better keep the key in the environment (key_env = "VARIABLE")',
            )
    for setting in ("key_env", "jwt_env"):
        variable = profile.get(setting)
        if variable is not None:
            if not isinstance(variable, str) or not variable:
                raise Failure(
                    ExitCode.USAGE, f"{setting} in profile {chosen!r} must name a variable"
                )
            value = env.get(variable)
            if value:
                profile[setting.removesuffix("_env")] = value
    profile["name"] = chosen
    return profile


@dataclass
class Context:
    """What a command needs besides its arguments: streams, environment, secrets."""

    args: argparse.Namespace
    stdout: TextIO
    stderr: TextIO
    env: dict[str, str]
    secrets: list[str] = field(default_factory=list)
    on_interrupt: str = "interrupted"
    _profile: dict[str, Any] | None = None

    def out(self, text: str) -> None:
        """Write a line (or many); in pieces, so a reader that goes away is noticed."""
        text += "\n"
        for start in range(0, len(text), _CHUNK):
            self.stdout.write(text[start : start + _CHUNK])

    def warn(self, text: str) -> None:
        """One line on stderr; server text in it is shown with its controls escaped."""
        self.stderr.write(scrub(f"{PROG}: {clean(text)}", self.secrets) + "\n")
        self.stderr.flush()

    # -- where output goes ----------------------------------------------------------

    @property
    def colour(self) -> bool:
        """Colour only on a terminal, never with NO_COLOR set or TERM=dumb."""
        return (
            is_terminal(self.stdout)
            and not self.env.get("NO_COLOR")
            and self.env.get("TERM") != "dumb"
        )

    @property
    def screen(self) -> Screen:
        """stdout's width when it is a terminal; None (values whole) when piped."""
        if not is_terminal(self.stdout):
            return Screen(None, False)
        width = shutil.get_terminal_size((80, 24)).columns
        return Screen(max(width, 20), self.colour)

    def progress(self) -> Progress:
        return Progress.for_stream(self.stderr, quiet=self.args.quiet)

    def board(self) -> Board:
        return Board.for_stream(self.stderr, quiet=self.args.quiet)

    # -- settings -------------------------------------------------------------------

    @property
    def profile(self) -> dict[str, Any]:
        if self._profile is None:
            name = getattr(self.args, "profile", None) or self.env.get("APPWRITE_PROFILE") or None
            self._profile = load_profile(self.env, name)
            for secret in (self._profile.get("key"), self._profile.get("jwt")):
                if isinstance(secret, str):
                    self.secrets.append(secret)
        return self._profile

    def setting(self, flag: str, variable: str) -> str | None:
        """A flag, else its environment variable, else the profile's value."""
        value = getattr(self.args, flag, None)
        if value:
            return str(value)
        if self.env.get(variable):
            return self.env[variable]
        from_profile = self.profile.get(flag)
        return str(from_profile) if from_profile else None

    def verify(self) -> bool | str:
        """The TLS setting: --insecure / APPWRITE_INSECURE, --ca-bundle / APPWRITE_CA_BUNDLE."""
        insecure_env = self.env.get("APPWRITE_INSECURE", "").lower() in ("1", "true", "yes")
        insecure = (
            getattr(self.args, "insecure", False)
            or insecure_env
            or self.profile.get("insecure") is True
        )
        bundle = self.setting("ca_bundle", "APPWRITE_CA_BUNDLE")
        if insecure and bundle:
            raise Failure(ExitCode.USAGE, "give either --ca-bundle or --insecure, not both")
        if insecure:
            if not self.args.quiet:
                self.warn(
                    "warning: TLS verification is off (--insecure): use it on test servers only"
                )
            return False
        if bundle:
            path = Path(bundle).expanduser()
            if not path.exists():
                raise Failure(ExitCode.USAGE, f"--ca-bundle {bundle}: no such file")
            try:
                if path.is_dir():
                    ssl.create_default_context(capath=str(path))
                else:
                    ssl.create_default_context(cafile=str(path))
            except (ssl.SSLError, OSError) as error:
                raise Failure(
                    ExitCode.USAGE,
                    f"--ca-bundle {bundle} holds no usable PEM certificates "
                    f"({getattr(error, 'reason', None) or error})",
                ) from None
            return str(path)
        return True

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
        check_endpoint(endpoint)
        return endpoint, project

    def global_credential(self) -> tuple[str | None, str | None]:
        """Flags first; then the environment; then the profile."""
        key, jwt = self.args.key, self.args.jwt
        if not key and not jwt:
            key, jwt = self.env.get("APPWRITE_KEY") or None, self.env.get("APPWRITE_JWT") or None
        if not key and not jwt:
            key, jwt = self.profile.get("key") or None, self.profile.get("jwt") or None
        return key, jwt

    @contextmanager
    def client(self) -> Iterator[Client]:
        endpoint, project = self.endpoint_and_project()
        key, jwt = self.global_credential()
        self.credential(key, jwt, "the server")
        verify = self.verify()
        with guard(endpoint, project), self.open(endpoint, project, key, jwt, verify) as client:
            yield client

    def open(
        self, endpoint: str, project: str, key: str | None, jwt: str | None, verify: bool | str
    ) -> Client:
        return Client(
            endpoint,
            project=project,
            key=key,
            jwt=jwt,
            timeout=self.args.request_timeout,
            call_timeout=self.args.call_timeout or None,
            verify=verify,
        )


def check_endpoint(endpoint: str) -> None:
    """What the client would refuse in its own (Python) words, said for a shell user."""
    if not endpoint.startswith(("http://", "https://")):
        raise Failure(
            ExitCode.USAGE,
            f"--endpoint must be an http(s) URL such as https://cloud.appwrite.io/v1, "
            f"got {clean(endpoint.partition('@')[2] or endpoint)!r}",
        )
    authority = endpoint.split("://", 1)[1].split("/", 1)[0]
    if "@" in authority:
        raise Failure(
            ExitCode.USAGE,
            "--endpoint must not carry a user name or password (they would show in process "
            "lists and logs); for a proxy that needs them set HTTPS_PROXY instead",
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
    elif ctx.args.output == "jsonl":
        ctx.out(dumps(modern, indent=None))
    elif ctx.args.output == "legacy-json":
        ctx.out(dumps(legacy()))
    else:
        ctx.out(human())
