"""The offline main job: one client, a legacy and a modern server, one model.

Starts a local stand-in of an Appwrite 0.9.4 server and of a 1.8.1 server, reads every
execution of each function through `appwrite_executions.Client`, and prints a summary
per server: its version, the API shape detected, and executions by status. The same
code runs against real servers: pass --endpoint/--project/--key instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from contextlib import ExitStack

from appwrite_executions import AppwriteError, Client
from appwrite_standin import StandIn

FUNCTIONS = ("reports", "mailer", "empty")


def summarise(name: str, client: Client, functions: tuple[str, ...]) -> None:
    print(f"{name}: Appwrite {client.server_version} ({client.api} API)")
    for function_id in functions:
        statuses: Counter[str] = Counter()
        for execution in client.iter_executions(function_id):
            statuses[execution.status.value] += 1
        detail = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
        print(f"  {function_id:<10} {sum(statuses.values()):>4} executions  {detail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default=os.environ.get("APPWRITE_ENDPOINT"))
    parser.add_argument("--project", default=os.environ.get("APPWRITE_PROJECT"))
    parser.add_argument("--function", action="append", dest="functions")
    args = parser.parse_args(argv)
    try:
        with ExitStack() as stack:
            if args.endpoint:
                key = os.environ.get("APPWRITE_KEY")
                client = stack.enter_context(Client(args.endpoint, project=args.project, key=key))
                summarise(args.endpoint, client, tuple(args.functions or FUNCTIONS))
                return 0
            for version in ("0.9.4", "1.8.1"):
                server = stack.enter_context(StandIn(version=version))
                client = stack.enter_context(
                    Client(server.url, project=server.project, key=server.key)
                )
                summarise(f"stand-in {server.url}", client, FUNCTIONS)
    except AppwriteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
