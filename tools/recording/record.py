"""Record the scenario cassettes from the stand-in server or from a real Appwrite server.

    python -m recording.record --standin 1.8.1 --out cassettes/1.8
    APPWRITE_KEY=... python -m recording.record --endpoint https://host/v1 --project P \\
        --function F [--empty-function E]               # into cassettes/real-X.Y
    python -m recording.record --from-environment       # what `make record` runs

The key (APPWRITE_KEY) and JWT (APPWRITE_JWT) are read from the environment, or asked
for at a prompt when the key is missing: never from the command line, where every
process on the machine can read them.

From the stand-in, every scenario starts from the same seeded state, so recording twice
gives byte-identical cassettes. From a real server, the project id is replaced by a
placeholder too, and the cassettes go to their own folder.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
from appwrite_standin import StandIn

from recording import scenarios
from recording.vcr_config import Scrubber, recorder


def scenario_set(version: str) -> dict[str, scenarios.Scenario]:
    major, minor = (int(part) for part in version.split(".")[:2])
    if (major, minor) < (0, 10):
        return scenarios.LEGACY
    if (major, minor) >= (1, 8):
        return scenarios.MODERN
    raise SystemExit(f"record: no scenarios for server {version} yet (only 0.9.x and 1.8.x)")


def probe(endpoint: str) -> str:
    response = httpx.get(f"{endpoint.rstrip('/')}/health/version", timeout=30)
    response.raise_for_status()
    return str(response.json()["version"])


def record(
    target: scenarios.Target, out: Path, *, hide_project: bool, reset: object = None
) -> list[str]:
    """Record every scenario of the target's version into `out`; returns their names."""
    chosen = scenario_set(target.version)
    out.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        (out / f"{name}.yaml").unlink(missing_ok=True)
    vcr = recorder(out, Scrubber(target.endpoint, target.project, hide_project=hide_project))
    for name, scenario in sorted(chosen.items()):
        if callable(reset):
            reset()
        with vcr.use_cassette(f"{name}.yaml"):
            scenario(target)
    return sorted(chosen)


@contextmanager
def standin_target(version: str) -> Iterator[tuple[scenarios.Target, object]]:
    with StandIn(version=version) as server:
        target = scenarios.Target(
            endpoint=server.url,
            project=server.project,
            key=server.key,
            jwt=server.jwt,
            session=server.session if scenario_set(version) is scenarios.MODERN else None,
            version=version,
        )
        yield target, server.reset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--standin", metavar="VERSION", help="record from a local stand-in")
    source.add_argument("--endpoint", help="a real server's endpoint, ending in /v1")
    source.add_argument(
        "--from-environment",
        action="store_true",
        help="read the endpoint, project and functions from RECORD_* variables (make record)",
    )
    parser.add_argument("--project", default=os.environ.get("APPWRITE_PROJECT"))
    parser.add_argument("--function", help="a function with several pages of executions")
    parser.add_argument("--empty-function", help="a function with no executions")
    parser.add_argument(
        "--out",
        type=Path,
        help="the cassette folder (default for a real server: cassettes/real-X.Y)",
    )
    args = parser.parse_args(argv)
    if args.from_environment:
        args.endpoint = os.environ.get("RECORD_ENDPOINT") or None
        args.project = os.environ.get("RECORD_PROJECT") or args.project
        args.function = os.environ.get("RECORD_FUNCTION") or None
        args.empty_function = os.environ.get("RECORD_EMPTY_FUNCTION") or None
        if not args.endpoint:
            parser.error("make record needs ENDPOINT=https://host/v1")
    args.key = os.environ.get("APPWRITE_KEY") or None
    args.jwt = os.environ.get("APPWRITE_JWT") or None
    if args.endpoint and not args.key and sys.stdin.isatty():
        args.key = getpass.getpass("Appwrite API key (not echoed): ") or None

    if args.standin:
        if args.out is None:
            parser.error("--out is needed with --standin")
        with standin_target(args.standin) as (target, reset):
            names = record(target, args.out, hide_project=False, reset=reset)
    else:
        missing = [
            flag
            for flag, value in (
                ("--project (PROJECT=)", args.project),
                ("APPWRITE_KEY in the environment", args.key),
                ("--function (FUNCTION=)", args.function),
            )
            if not value
        ]
        if missing:
            parser.error(f"recording from a real server needs {', '.join(missing)}")
        target = scenarios.Target(
            endpoint=args.endpoint,
            project=args.project,
            key=args.key,
            jwt=args.jwt,
            busy=args.function,
            mixed=args.function,
            empty=args.empty_function,
        )
        target = replace(target, version=probe(args.endpoint))
        line = ".".join(target.version.split(".")[:2])
        args.out = args.out or Path("cassettes") / f"real-{line}"
        names = record(target, args.out, hide_project=True)
    print(f"recorded {len(names)} cassettes into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
