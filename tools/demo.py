"""The offline main job: sync executions from a legacy and a modern server into SQLite.

Starts local stand-ins of an Appwrite 0.9.4 and a 1.8.1 server, runs the same
`appwrite-executions sync` a user runs against real servers, and prints its summary:
per source the server version, what was synced and what is stored, by status. A second
run then shows that syncing is incremental: it reads only executions that are new or
not final yet, and changes nothing.

    .venv/bin/python tools/demo.py [--db FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from appwrite_executions.cli import main as cli
from appwrite_standin import DEFAULT_KEY, DEFAULT_PROJECT, StandIn

FUNCTIONS = ("reports", "mailer", "empty")
SERVERS = (("legacy", "0.9.4"), ("modern", "1.8.1"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        type=Path,
        help="SQLite file to sync into (default: a new file in a folder of this run's own)",
    )
    args = parser.parse_args(argv)
    # A folder made for this run (mode 0700, unique name) so two users, or two runs,
    # never share or collide on one store; it is kept (the summary prints its path) to be
    # queried after.
    db: Path = args.db or Path(tempfile.mkdtemp(prefix="appwrite-executions-demo-")) / (
        "executions.sqlite"
    )
    env = dict(os.environ, APPWRITE_PROJECT=DEFAULT_PROJECT, APPWRITE_KEY=DEFAULT_KEY)
    with ExitStack() as stack:
        command = ["sync", "--db", str(db)]
        for name, version in SERVERS:
            server = stack.enter_context(StandIn(version=version))
            command += ["--source", f"{name}={server.url}"]
        for function_id in FUNCTIONS:
            command += ["--function", function_id]
        print("$ appwrite-executions " + shlex.join(command), flush=True)
        code = cli(command, env=env)
        if code != 0:
            return code

        again = io.StringIO()
        code = cli([*command, "--json", "--quiet"], env=env, stdout=again)
        if code != 0:
            return code
        functions = [f for s in json.loads(again.getvalue())["sources"] for f in s["functions"]]
        read = sum(f["read"] for f in functions)
        changed = sum(f["inserted"] + f["updated"] + f["deleted"] for f in functions)
        print(
            f"\nrun again: read {read} executions (new ones and those not final yet), "
            f"changed {changed} rows"
        )
        query = "SELECT source, status, count(*) FROM executions GROUP BY 1, 2"
        print(f"query it: sqlite3 {shlex.quote(str(db))} {shlex.quote(query)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
