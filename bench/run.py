"""`make bench`: what appwrite-executions costs on top of the network (bench/README.md).

Starts a fast loopback server (HTTP and HTTPS, precomputed answers, keep-alive) in its
own process, runs every case with interleaved rounds, prints each ratio with its
target and PASS/FAIL, and writes bench/results.json and bench/results.png.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from appwrite_standin import BUSY_FUNCTION_ID
from cases import Setup, export_case, get_case, import_case, iterate_case, list_case
from cases_latency import export_latency_case, store_ceiling_case, sync_latency_case
from certs import make_certificates
from fixtures import ID_SLOT, STREAM_PREFIX, read_bodies, stream_items
from loopback import Loopback, ServerConfig
from measure import Calibration, spread
from report import chart, table, write_json
from results import CaseResult

BENCH_DIR = Path(__file__).resolve().parent
PACKAGES = ("appwrite-executions", "httpx", "attrs", "appwrite", "requests", "pydantic")
CASES: dict[str, Callable[[Setup], CaseResult]] = {
    "list-modern": lambda setup: list_case(setup, "modern"),
    "list-legacy": lambda setup: list_case(setup, "legacy"),
    "get-http": lambda setup: get_case(setup, tls=False),
    "get-https": lambda setup: get_case(setup, tls=True),
    "get-https-roots": lambda setup: get_case(setup, tls=True, roots=True),
    "import": import_case,
    "iterate": iterate_case,
    "export-sync": export_case,
    "sync-latency": sync_latency_case,
    "export-latency": export_latency_case,
    "store-ceiling": store_ceiling_case,
}


def _routes(bodies: dict[str, Any]) -> dict[str, str]:
    routes = {}
    for api, body in bodies.items():
        base = f"/{api}/v1"
        routes[f"{base}/health/version"] = body.health
        routes[f"{base}/functions/{BUSY_FUNCTION_ID}/executions"] = body.page
        routes[f"{base}/functions/{BUSY_FUNCTION_ID}/executions/{body.execution_id}"] = (
            body.execution
        )
    return routes


def _pin(cpus: list[int]) -> tuple[int | None, int | None]:
    """Client on one core, server on the other: neither waits for the other's CPU."""
    if len(cpus) < 2 or not hasattr(os, "sched_setaffinity"):
        return None, None
    os.sched_setaffinity(0, {cpus[0]})
    return cpus[0], cpus[1]


def _environment(pinned: tuple[int | None, int | None], quick: bool) -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=BENCH_DIR, check=False
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    changed = bool(
        git("status", "--porcelain", "--untracked-files=no", "--", "wrapper", "generated")
    )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or None,
        "uncommitted_client_changes": changed,  # wrapper/ or generated/ differ from it
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "client_cpu": pinned[0],
        "server_cpu": pinned[1],
        "quick": quick,
        "packages": {name: version(name) for name in PACKAGES},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(CASES), help="run only these")
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke test")
    parser.add_argument("--profile", action="store_true", help="also profile the list cases")
    parser.add_argument("--pin", action="store_true", help="pin client and server to a core each")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="where results go")
    args = parser.parse_args(argv)

    workdir = BENCH_DIR / ".work"
    workdir.mkdir(exist_ok=True)
    available = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    pinned = _pin(available) if args.pin else (None, None)
    bodies = read_bodies()
    certs = make_certificates(workdir)
    config = ServerConfig(
        routes=_routes(bodies),
        stream_items={
            "/modern/v1": stream_items(bodies["modern"]),
            "/legacy/v1": stream_items(bodies["legacy"]),
        },
        id_slot=ID_SLOT,
        id_prefix=STREAM_PREFIX,
        certfile=str(certs.server_pem),
        cpu=pinned[1],
    )
    selected = args.only or list(CASES)
    results: list[CaseResult] = []
    calibration = Calibration(bodies["modern"].page.encode())
    with Loopback(config, workdir) as server:
        setup = Setup(server, bodies, certs, workdir, calibration, 0.3 if args.quick else 1.0)
        for key in selected:
            started = time.perf_counter()
            print(f"running {key} ...", end=" ", flush=True)
            results.append(CASES[key](setup))
            print(f"{time.perf_counter() - started:.1f} s", flush=True)
        if args.profile:
            from profiling import profile_lists  # noqa: PLC0415 - pyinstrument only here

            print(profile_lists(setup))
    noise = spread(calibration.samples) if calibration.samples else None
    print()
    print(table(results, noise))
    if args.only:
        print(f"(--only: {args.out / 'results.json'} and results.png left unchanged)")
    else:
        write_json(args.out / "results.json", results, noise, _environment(pinned, args.quick))
        chart(args.out / "results.png", results, noise)
        print(f"wrote {args.out / 'results.json'} and {args.out / 'results.png'}")
    failed = any(check.passed is False for result in results for check in result.checks)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
