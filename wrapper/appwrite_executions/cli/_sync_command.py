"""The sync command: sources and functions from flags and the environment, then one
store filled from every source."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .._client import Client
from .._errors import AppwriteError, InvalidArgument, NotFound
from .._validation import user_info_secrets, validate_id, without_user_info
from ..sync import (
    FunctionResult,
    Source,
    StoreError,
    open_store,
    redact_url,
    sync_sources,
    url_secrets,
)
from ._context import Context, guard
from ._failures import ExitCode, Failure, classify
from ._output import dumps, summary_json, sync_summary

DEFAULT_DB = "executions.sqlite"
_SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


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


def _sources(ctx: Context) -> list[Source]:
    args, env = ctx.args, ctx.env
    projects = _pairs(args.source_project, "--source-project")
    keys = _pairs(args.source_key, "--source-key")
    ctx.secrets.extend(keys.values())
    if not args.source:
        endpoint, project = ctx.endpoint_and_project()
        ctx.secrets.extend(user_info_secrets(endpoint))
        key, jwt = ctx.global_credential()
        ctx.credential(key, jwt, "the server")
        return [Source(args.name, endpoint, project, key, jwt)]
    if args.endpoint:
        raise Failure(
            ExitCode.USAGE,
            "--endpoint is not used with --source: give every server as --source "
            "NAME=ENDPOINT (or drop --source to sync from --endpoint alone)",
        )
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
        ctx.secrets.extend(user_info_secrets(endpoint))
        ctx.credential(key, jwt, f"source {name} (set APPWRITE_KEY_{upper})")
        sources.append(Source(name, endpoint, source_project, key, jwt))
    unknown = (set(projects) | set(keys)) - {source.name for source in sources}
    if unknown:
        raise Failure(ExitCode.USAGE, f"no --source named {', '.join(sorted(unknown))}")
    return sources


def _functions_for(ctx: Context, sources: list[Source]) -> dict[str, list[str]]:
    if ctx.args.all_functions and ctx.args.function:
        raise Failure(ExitCode.USAGE, "give --function or --all-functions, not both")
    if not ctx.args.all_functions and not ctx.args.function:
        raise Failure(
            ExitCode.USAGE, "name what to sync: --function ID (repeatable) or --all-functions"
        )
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


def listed_functions(ctx: Context, client: Client, source: str) -> list[str]:
    """The source's functions, less any id the client could not ask about (said)."""
    chosen = []
    for function in client.iter_functions():
        try:
            chosen.append(validate_id(function.id, argument="function_id"))
        except InvalidArgument:
            ctx.warn(f"{source}: skipping function {function.id!r}: not a valid ID")
    return chosen


def cmd_sync(ctx: Context) -> int:
    args = ctx.args
    sources = _sources(ctx)
    functions = _functions_for(ctx, sources)
    verify = ctx.verify()
    ctx.on_interrupt = "interrupted; everything committed so far is kept"
    target = args.db or ctx.env.get("APPWRITE_EXECUTIONS_DB") or DEFAULT_DB
    ctx.secrets.extend(url_secrets(target))
    shown_store = redact_url(target)
    board = ctx.board()

    @contextmanager
    def open_client(source: Source) -> Iterator[Client]:
        with (
            guard(without_user_info(source.endpoint), source.project),
            Client(
                source.endpoint,
                project=source.project,
                key=source.key,
                jwt=source.jwt,
                timeout=args.request_timeout,
                call_timeout=args.call_timeout or None,
                verify=verify,
            ) as client,
        ):
            yield client

    def function_missing(source: Source, error: NotFound) -> bool:
        shown = without_user_info(source.endpoint)
        failure = classify(error, endpoint=shown, project=source.project)
        return failure.code == ExitCode.NOT_FOUND

    try:
        store = open_store(target)
    except StoreError as error:
        raise Failure(ExitCode.STORE, str(error)) from None
    try:
        outcomes = sync_sources(
            store,
            [
                (source, None if args.all_functions else functions[source.name])
                for source in sources
            ],
            open_client=open_client,
            jobs=args.jobs,
            page_size=args.page_size,
            prune=args.prune,
            progress=board.task if board.enabled else None,
            function_missing=function_missing,
            discover=lambda source, client: listed_functions(ctx, client, f"source {source.name}"),
        )
    except StoreError as error:
        board.clear()
        raise Failure(ExitCode.STORE, str(error)) from None
    except KeyboardInterrupt:
        board.clear()
        raise
    finally:
        store.close()
    board.clear()
    results: list[FunctionResult] = []
    seen: list[tuple[str, str, str | None, str | None]] = []
    failures: dict[str, str] = {}
    code: int = ExitCode.OK
    for outcome in outcomes:
        source = outcome.source
        for function in outcome.functions:
            if function.result is not None:
                results.append(function.result)
                if function.result.unreachable:
                    ctx.warn(f"warning: source {source.name}: {function.result.unreachable_reason}")
                    code = code or ExitCode.INCOMPLETE
            elif function.error is not None and function.error is not outcome.error:
                failure = _as_failure(function.error, source)
                ctx.warn(f"error: source {source.name}: {failure.message}")
                failures.setdefault(source.name, failure.message)
                code = code or failure.code
        if outcome.error is not None:
            failure = _as_failure(outcome.error, source)
            ctx.warn(f"error: source {source.name}: {failure.message}")
            failures[source.name] = failure.message
            code = code or failure.code
        seen.append(
            (source.name, without_user_info(source.endpoint), outcome.server_version, outcome.api)
        )
    if args.output == "json":
        ctx.out(dumps(summary_json(results, seen, failures, shown_store)))
    elif not args.quiet:
        ctx.out(sync_summary(results, seen, shown_store, ctx.screen))
    return code


def _as_failure(error: BaseException, source: Source) -> Failure:
    """A source's or function's error, worded for the person running the sync."""
    if isinstance(error, Failure):
        return error
    if isinstance(error, AppwriteError):
        return classify(error, endpoint=without_user_info(source.endpoint), project=source.project)
    raise error
