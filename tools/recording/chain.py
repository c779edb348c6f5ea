"""A small cassette set for every release line, 0.7 to 1.8: the version chain's traffic.

For each line, a stand-in server of a representative version is driven through the
wrapper's Client: the first page of a function, three gets, a full iteration, and a
create (with a wait where the server runs it in the background). The requests are the
wrapper's own, so the independent checks are elsewhere: every exchange is validated
against that line's published slice, and the adapted objects are compared with the
stand-in's seeded data (tests/test_version_chain.py).

    python -m recording.chain --out cassettes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from appwrite_executions import Client
from appwrite_standin import REPRESENTATIVE_VERSIONS, StandIn

from recording.vcr_config import Scrubber, recorder

CASSETTES = ("chain_list", "chain_get", "chain_iterate", "chain_create")


def record_line(line: str, version: str, out: Path) -> None:
    """Record the chain set of one release line into out/<line>/."""
    folder = out / line
    folder.mkdir(parents=True, exist_ok=True)
    for name in CASSETTES:
        (folder / f"{name}.yaml").unlink(missing_ok=True)
    with StandIn(version=version) as server:
        vcr = recorder(folder, Scrubber(server.url, server.project, hide_project=False))

        def client() -> Client:
            return Client(server.url, project=server.project, key=server.key)

        server.reset()
        with vcr.use_cassette("chain_list.yaml"), client() as c:
            c.list_executions("reports", limit=25)
        server.reset()
        with vcr.use_cassette("chain_get.yaml"), client() as c:
            for execution in c.list_executions("mailer", limit=3).executions:
                c.get_execution("mailer", execution.id)
        server.reset()
        with vcr.use_cassette("chain_iterate.yaml"), client() as c:
            for _ in c.iter_executions("reports", page_size=100):
                pass
        server.reset()
        with vcr.use_cassette("chain_create.yaml"), client() as c:
            created = c.create_execution("reports", "" if line == "0.7" else '{"n": 1}')
            if not created.is_final:
                c.wait_for_execution("reports", created.id, poll_interval=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the cassettes folder")
    parser.add_argument("--line", action="append", help="only these release lines")
    args = parser.parse_args(argv)
    lines = args.line or list(REPRESENTATIVE_VERSIONS)
    for line in lines:
        record_line(line, REPRESENTATIVE_VERSIONS[line], args.out)
    print(f"recorded the chain set of {len(lines)} release lines into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
