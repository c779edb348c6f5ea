"""Command line: ``python -m appwrite_standin --version 1.8.1 --port 8080 [--seed N]``.

Serves in the foreground, prints the base URL as the first stdout line (so a
parent process can read it), and stops cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from . import (
    DEFAULT_HOST,
    DEFAULT_JWT,
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    DEFAULT_SEED,
    DEFAULT_SESSION,
    DEFAULT_VERSION,
    StandIn,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m appwrite_standin",
        description="Serve a deterministic stand-in for the Appwrite executions API.",
    )
    parser.add_argument(
        "--version",
        default=DEFAULT_VERSION,
        help="Appwrite version to imitate (default %(default)s)",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="bind address (default %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="data seed (default %(default)s)"
    )
    parser.add_argument("--project", default=DEFAULT_PROJECT)
    parser.add_argument("--key", default=DEFAULT_KEY)
    parser.add_argument("--jwt", default=DEFAULT_JWT)
    parser.add_argument("--session", default=DEFAULT_SESSION)
    parser.add_argument(
        "--extra-function",
        action="append",
        default=[],
        metavar="ID=COUNT",
        help="add a function with COUNT plain executions (repeatable), e.g. big=6000",
    )
    return parser


def _extra(values: list[str]) -> dict[str, int]:
    extra: dict[str, int] = {}
    for value in values:
        name, _, count = value.partition("=")
        if not name or not count.isdigit():
            raise ValueError(f"--extra-function takes ID=COUNT, got {value!r}")
        extra[name] = int(count)
    return extra


def main(argv: list[str] | None = None) -> int:
    """Run until signalled; return the process exit status."""
    args = _parser().parse_args(argv)
    try:
        standin = StandIn(
            args.version,
            host=args.host,
            port=args.port,
            seed=args.seed,
            project=args.project,
            key=args.key,
            jwt=args.jwt,
            session=args.session,
            extra_functions=_extra(args.extra_function),
        )
    except ValueError as error:
        print(f"appwrite_standin: {error}", file=sys.stderr)
        return 2

    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with standin:
        print(standin.url, flush=True)
        while not stopping.wait(0.2):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
