"""`profile list` and `profile add`: named settings in the config file.

A profile names where its key lives (``key_env``), so the file holds no secret. Only
`profile add --store-key` writes a key into it, and then the file is made readable by
its owner alone (0600); reading refuses a key in a file others can read.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from ._context import Context, check_endpoint, config_path
from ._failures import ExitCode, Failure
from ._output import Column, clean, table

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise Failure(ExitCode.USAGE, f"cannot read the config file {path}: {error}") from None


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, for the text written here)."""
    return json.dumps(value, ensure_ascii=True)


def cmd_profile_list(ctx: Context) -> int:
    path = config_path(ctx.env)
    data = _read(path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not profiles:
        if not ctx.args.quiet:
            ctx.out(f"no profiles in {path}")
        return ExitCode.OK
    default = data.get("default_profile")
    rows = []
    for name, settings in sorted(profiles.items()):
        if not isinstance(settings, dict):
            continue
        if "key" in settings or "jwt" in settings:
            key_source = "in the file"
        elif settings.get("key_env") or settings.get("jwt_env"):
            key_source = f"${settings.get('key_env') or settings.get('jwt_env')}"
        else:
            key_source = "-"
        rows.append(
            [
                clean(name) + (" *" if name == default else ""),
                clean(settings.get("endpoint", "-")),
                clean(settings.get("project", "-")),
                clean(key_source),
            ]
        )
    columns = (
        Column("PROFILE"),
        Column("ENDPOINT", flexible=True, keep=2, least=20),
        Column("PROJECT"),
        Column("KEY", keep=1),
    )
    ctx.out(table(columns, rows, ctx.screen))
    return ExitCode.OK


def cmd_profile_add(ctx: Context) -> int:
    args = ctx.args
    name = args.name
    if not _NAME.fullmatch(name):
        raise Failure(
            ExitCode.USAGE, f"profile name {name!r}: use letters, digits, '-' and '_' (max 64)"
        )
    if not args.endpoint or not args.project:
        raise Failure(ExitCode.USAGE, "profile add needs --endpoint URL and --project ID")
    check_endpoint(args.endpoint)
    path = config_path(ctx.env)
    data = _read(path)
    profiles = data.get("profiles", {})
    if isinstance(profiles, dict) and name in profiles:
        raise Failure(
            ExitCode.USAGE, f"{path} already has a profile {name!r}: edit the file to change it"
        )
    lines = [f"\n[profiles.{name}]", f"endpoint = {_string(args.endpoint)}"]
    lines.append(f"project = {_string(args.project)}")
    if args.store_key:
        key = args.key or ctx.env.get("APPWRITE_KEY")
        if not key:
            raise Failure(ExitCode.USAGE, "--store-key takes the key from --key or APPWRITE_KEY")
        ctx.secrets.append(key)
        lines.append(f"key = {_string(key)}")
    else:
        variable = args.key_env or "APPWRITE_KEY"
        if not _VARIABLE.fullmatch(variable):
            raise Failure(ExitCode.USAGE, f"--key-env {variable!r} is no variable name")
        lines.append(f"key_env = {_string(variable)}")
    if args.ca_bundle:
        lines.append(f"ca_bundle = {_string(str(Path(args.ca_bundle).expanduser()))}")
    if args.insecure:
        lines.append("insecure = true")
    text = "\n".join(lines) + "\n"
    if args.default:
        if "default_profile" in data:
            raise Failure(ExitCode.USAGE, f"{path} already names a default_profile: edit the file")
        text = f"default_profile = {_string(name)}\n" + (
            path.read_text(encoding="utf-8") if path.is_file() else ""
        )
        text += "\n".join(lines) + "\n"
        mode = "w"
    else:
        mode = "a"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created for its owner only; a file that now holds a key is made so too.
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else 0), 0o600)
    with os.fdopen(handle, mode, encoding="utf-8") as stream:
        if mode == "w":
            stream.truncate(0)
        stream.write(text)
    if args.store_key:
        path.chmod(0o600)
    if not args.quiet:
        where = (
            "the key is in the file (mode 0600)"
            if args.store_key
            else (f"the key comes from ${args.key_env or 'APPWRITE_KEY'}")
        )
        ctx.out(f"profile {name} added to {path}; {where}")
    return ExitCode.OK
