"""The benchmark cases: what each one times, against which baselines, with which targets.

Every variant of a case reads the same precomputed bytes from the same loopback
server. The raw baseline sends exactly the request the wrapper sends (captured from
the wrapper itself) on one kept-alive connection and only parses the JSON: what
remains between the two is what the wrapper adds. The official SDK is used as its
users use it (``Functions(client).list_executions(...)``).
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from appwrite.client import Client as SdkClient  # type: ignore[import-untyped]
from appwrite.query import Query  # type: ignore[import-untyped]
from appwrite.services.functions import Functions  # type: ignore[import-untyped]
from appwrite_executions import Client
from appwrite_standin import BUSY_FUNCTION_ID
from certs import Certificates
from fixtures import Bodies
from loopback import STREAM_FUNCTION, Loopback
from measure import Calibration, Variant, interleaved, spread
from results import CaseResult, Check, Target, ratio

PROJECT = "bench-project"
KEY = "bench-key"
BENCH_DIR = Path(__file__).resolve().parent
LIMIT = 100


@dataclass
class Setup:
    """What every case shares: the server, its bodies, the CA, the run's scale."""

    server: Loopback
    bodies: dict[str, Bodies]
    certs: Certificates
    workdir: Path
    calibration: Calibration
    scale: float = 1.0  # --quick runs fewer rounds

    def rounds(self, full: int) -> int:
        return max(3, round(full * self.scale))

    def count(self, full: int) -> int:
        return max(1, round(full * self.scale))

    def verify(self, tls: bool) -> ssl.SSLContext | bool:
        return self.certs.client_context() if tls else True


def _wrapper(setup: Setup, api: str, tls: bool = False, **kwargs: Any) -> Client:
    return Client(
        setup.server.url(api, tls=tls), project=PROJECT, key=KEY, verify=setup.verify(tls), **kwargs
    )


def _sdk(setup: Setup, api: str, tls: bool = False) -> Functions:
    client = SdkClient().set_endpoint(setup.server.url(api, tls=tls))
    return Functions(client.set_project(PROJECT).set_key(KEY))


@contextmanager
def _sdk_trusts(bundle: Path) -> Iterator[None]:
    """SDK 16.0.0 calls requests with verify=True, which reads REQUESTS_CA_BUNDLE."""
    before = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = str(bundle)
    try:
        yield
    finally:
        if before is None:
            del os.environ["REQUESTS_CA_BUNDLE"]
        else:
            os.environ["REQUESTS_CA_BUNDLE"] = before


def _captured(
    setup: Setup, api: str, tls: bool, call: Callable[[Client], object]
) -> tuple[str, dict[str, str]]:
    """The URL and headers the wrapper sends for ``call``, for the raw baseline."""
    seen: list[httpx.Request] = []
    with (
        httpx.Client(verify=setup.verify(tls), event_hooks={"request": [seen.append]}) as http,
        _wrapper(setup, api, tls, http_client=http) as client,
    ):
        call(client)
    request = seen[-1]
    skip = {"host", "content-length"}
    return str(request.url), {k: v for k, v in request.headers.items() if k.lower() not in skip}


def _raw(http: httpx.Client, url: str, headers: dict[str, str]) -> Callable[[], object]:
    def run() -> object:
        return json.loads(http.get(url, headers=headers).content)

    return run


def list_case(setup: Setup, api: str) -> CaseResult:
    """One page of 100 executions: wrapper vs raw httpx + json.loads (and the SDK)."""
    legacy = api == "legacy"
    result = CaseResult(
        f"list-{api}",
        f"list 100 {api} executions" + (", adapted to the modern model" if legacy else ""),
    )

    def call(client: Client) -> object:
        return client.list_executions(BUSY_FUNCTION_ID, limit=LIMIT)

    url, headers = _captured(setup, api, False, call)
    functions = _sdk(setup, api)
    queries = [Query.order_asc("$createdAt"), Query.limit(LIMIT)]

    def sdk() -> object:
        return functions.list_executions(BUSY_FUNCTION_ID, queries=queries)

    with httpx.Client() as http, _wrapper(setup, api) as client:
        variants = [
            Variant("raw", _raw(http, url, headers)),
            Variant("wrapper", lambda: call(client)),
        ]
        if legacy:
            try:
                sdk()
            except Exception as error:
                reason = str(error).splitlines()[0]
                result.notes.append(f"SDK 16.0.0 cannot read a 0.9 answer: {reason}")
            else:  # pragma: no cover - would mean the SDK learnt the legacy shape
                variants.append(Variant("sdk", sdk))
        else:
            variants.append(Variant("sdk", sdk))
        result.ops, result.rounds = 20, setup.rounds(11)
        result.timings = interleaved(
            variants, ops=result.ops, rounds=result.rounds, calibration=setup.calibration
        )
    threshold = 1.6 if legacy else 1.8  # no regression (issue: 1.8 modern, 1.6 legacy)
    result.checks.append(ratio(result.timings, "wrapper", "raw", Target("max", threshold)))
    if "sdk" in result.timings:
        result.checks.append(ratio(result.timings, "sdk", "raw"))
        result.checks.append(ratio(result.timings, "sdk", "wrapper"))
    result.details["body_bytes"] = len(setup.bodies[api].page.encode())
    return result


def get_case(setup: Setup, tls: bool, roots: bool = False) -> CaseResult:
    """Sequential get_execution calls over HTTP or HTTPS.

    ``roots``: every client trusts our CA appended to certifi's public roots, a bundle
    the size of a system trust store, instead of our CA alone. The SDK loads its bundle
    again for every new connection, so this case shows what that costs (fewer calls:
    each SDK call takes tens of milliseconds).
    """
    scheme = "HTTPS" if tls else "HTTP"
    count = 50 if roots else 500
    key = f"get-{scheme.lower()}" + ("-roots" if roots else "")
    result = CaseResult(
        key,
        f"{count} sequential get_execution calls over {scheme}"
        + (", the CA appended to certifi's roots" if roots else ""),
    )
    execution_id = setup.bodies["modern"].execution_id
    bundle = setup.certs.roots_bundle if roots else setup.certs.ca_bundle

    def call(client: Client) -> object:
        return client.get_execution(BUSY_FUNCTION_ID, execution_id)

    url, headers = _captured(setup, "modern", tls, call)
    functions = _sdk(setup, "modern", tls)

    def sdk() -> object:
        return functions.get_execution(BUSY_FUNCTION_ID, execution_id)

    verify = setup.certs.client_context(bundle) if tls else True
    with (
        _sdk_trusts(bundle),
        httpx.Client(verify=verify) as http,
        Client(
            setup.server.url("modern", tls=tls), project=PROJECT, key=KEY, verify=verify
        ) as client,
    ):
        variants = [
            Variant("raw", _raw(http, url, headers)),
            Variant("wrapper", lambda: call(client)),
            Variant("sdk", sdk),
        ]
        result.ops, result.rounds = setup.count(count), setup.rounds(7 if tls else 9)
        result.timings = interleaved(
            variants, ops=result.ops, rounds=result.rounds, calibration=setup.calibration
        )
    if roots:
        # A bundle the size of a real trust store, as users have: the 10x target.
        result.checks.append(ratio(result.timings, "sdk", "wrapper", Target("min", 10)))
        result.checks.append(ratio(result.timings, "wrapper", "raw"))
    elif tls:
        result.checks.append(ratio(result.timings, "sdk", "wrapper"))
        result.checks.append(
            ratio(result.timings, "sdk", "raw", note="the ceiling: a wrapper adding nothing")
        )
        result.checks.append(ratio(result.timings, "wrapper", "raw"))
    else:
        result.checks.append(ratio(result.timings, "wrapper", "raw", Target("max", 1.3)))
        result.checks.append(ratio(result.timings, "sdk", "wrapper", Target("min", 1.5)))
    result.notes.append(
        "the SDK calls requests.request() per call: a new connection each time"
        + (", so a new TLS handshake" if tls else "")
        + (", and REQUESTS_CA_BUNDLE is loaded again each time" if roots else "")
    )
    return result


IMPORTS = {
    "python": "pass",
    "wrapper": "import appwrite_executions",
    "sdk": "from appwrite.client import Client; from appwrite.services.functions import Functions",
    "sdk-package": "import appwrite",
}


def import_case(setup: Setup) -> CaseResult:
    """Wall time of a fresh interpreter importing each client, timed as subprocesses."""
    result = CaseResult("import", 'python -c "import appwrite_executions" wall time')
    workdir = str(setup.workdir)  # not the repository: nothing importable by accident
    # Measure installed packages as users have them, bytecode cached: a machine that
    # sets PYTHONDONTWRITEBYTECODE would otherwise recompile the editable checkout
    # (but not site-packages, compiled by pip) on every start.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(code: str) -> Callable[[], object]:
        command = [sys.executable, "-c", code]
        return lambda: subprocess.run(command, check=True, cwd=workdir, env=env)

    variants = [Variant(name, run(code)) for name, code in IMPORTS.items()]
    result.ops, result.rounds = 2, setup.rounds(11)
    result.timings = interleaved(
        variants, ops=result.ops, rounds=result.rounds, calibration=setup.calibration
    )
    result.checks.append(ratio(result.timings, "wrapper", "sdk", Target("max", 0.5)))
    result.checks.append(
        ratio(
            result.timings,
            "wrapper",
            "sdk-package",
            note="the SDK's appwrite/__init__.py is empty: 'import appwrite' loads nothing",
        )
    )
    startup = result.timings["python"]
    net = {
        f"{name} import": [
            max(t - s, 1e-9) for t, s in zip(result.timings[name], startup, strict=True)
        ]
        for name in ("wrapper", "sdk")
    }
    result.checks.append(ratio(net, "wrapper import", "sdk import", note="start-up deducted"))
    result.notes.append(
        "sdk = the SDK's equivalent import (its Client and Functions); "
        + "; ".join(f"{name}: {code}" for name, code in IMPORTS.items())
    )
    return result


def _probe(*args: str) -> dict[str, Any]:
    """Run bench/probe.py in a fresh interpreter, so its memory is its own."""
    command = [sys.executable, str(BENCH_DIR / "probe.py"), *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    last: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return last


def iterate_case(setup: Setup) -> CaseResult:
    """iter_executions over 1,000 pages: rate and peak memory growth, each run fresh."""
    count = setup.count(100_000) // 100 * 100
    result = CaseResult("iterate", f"iterate {count:,} executions ({count // 100:,} pages)")
    endpoint = setup.server.url("modern")
    function_id = f"{STREAM_FUNCTION}{count}"
    runs: dict[str, list[dict[str, Any]]] = {"raw": [], "wrapper": []}
    result.ops, result.rounds = count, 2
    for _ in range(result.rounds):
        for mode in ("raw", "wrapper"):
            runs[mode].append(_probe("iterate", mode, endpoint, function_id))
    for mode, measured in runs.items():
        if any(item["count"] != count for item in measured):
            raise RuntimeError(f"{mode} iterated {measured[0]['count']}, not {count}")
        result.timings[mode] = [item["seconds"] / count for item in measured]
    wrapper = runs["wrapper"]
    result.checks.append(
        Check(
            "wrapper peak memory growth",
            spread([item["peak_growth_mb"] for item in wrapper]),
            "MB",
            Target("max", 50, " MB"),
        )
    )
    result.checks.append(
        Check("wrapper rate", spread([count / item["seconds"] for item in wrapper]), "/s")
    )
    result.checks.append(
        Check("raw rate", spread([count / item["seconds"] for item in runs["raw"]]), "/s")
    )
    result.checks.append(ratio(result.timings, "wrapper", "raw"))
    result.details["runs"] = runs
    return result


FLAT_MB = 10  # reading 10x more executions may add at most this much peak memory


def export_case(setup: Setup) -> CaseResult:
    """The CLI's export (to JSON Lines) and sync (into SQLite), once they exist.

    Each runs in a fresh interpreter, for 10,000 and for 100,000 executions: the rate
    comes from the larger run, and memory is flat when the larger run's peak growth
    stays within FLAT_MB of the smaller one's.
    """
    result = CaseResult("export-sync", "export and sync of 100,000 executions to SQLite")
    found = _probe("export-available")
    if not found["available"]:
        result.available = False
        result.notes.append(f"not available yet: {found['reason']}")
        result.checks.append(Check("export rate", None, "/s", note="not available yet"))
        result.checks.append(Check("sync rate", None, "/s", note="not available yet"))
        return result
    endpoint = setup.server.url("modern")
    small, large = (setup.count(10_000) // 100 * 100, setup.count(100_000) // 100 * 100)
    result.ops, result.rounds = large, 1
    for command, suffix in (("export", "jsonl"), ("sync", "sqlite")):
        runs = []
        for count in (small, large):
            target = setup.workdir / f"{command}-{count}.{suffix}"
            target.unlink(missing_ok=True)
            function_id = f"{STREAM_FUNCTION}{count}"
            runs.append(_probe(command, endpoint, function_id, str(count), str(target)))
            target.unlink(missing_ok=True)
        result.details[command] = runs
        failed = [run for run in runs if not run["ok"]]
        if failed:
            result.notes.append(f"{command}: the CLI failed: {failed[0]['reason']}")
            result.checks.append(Check(f"{command} rate", None, "/s", note="the CLI failed"))
            continue
        result.timings[command] = [runs[1]["seconds"] / large]
        growth = runs[1]["peak_growth_mb"] - runs[0]["peak_growth_mb"]
        result.checks.append(Check(f"{command} rate", spread([large / runs[1]["seconds"]]), "/s"))
        result.checks.append(
            Check(
                f"{command} peak memory, {large // 1000}k minus {small // 1000}k",
                spread([growth]),
                "MB",
                Target("max", FLAT_MB, " MB"),
            )
        )
    result.notes.append("export writes JSON Lines (--out FILE.jsonl); sync writes SQLite (--db)")
    return result
