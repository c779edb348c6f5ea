"""Seeded functions and executions, generated deterministically from a seed.

Every record is a modern (1.8-shaped) execution; older generations only ever see
these records through a renderer, so every release line's view of the same
stand-in describes the same executions.

Counts are fixed whatever the seed (tests page through them); the seed only varies
contents (timestamps, paths, bodies, durations, which runs failed, ...).
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._clock import CLOCK_START_MS, iso_ms, to_ms, unique_id

Record = dict[str, Any]

DEFAULT_SEED = 20260102
OUTPUT_CAP = 4000
"""Appwrite keeps the last 4,000 characters of logs/errors (and 0.x stdout/stderr)."""

ANY_READ = 'read("any")'

BUSY_FUNCTION_ID = "reports"
EMPTY_FUNCTION_ID = "empty"
MIXED_FUNCTION_ID = "mailer"

BUSY_COUNT = 237
MIXED_COUNT = 41
SEEDED_COUNTS: dict[str, int] = {
    BUSY_FUNCTION_ID: BUSY_COUNT,
    EMPTY_FUNCTION_ID: 0,
    MIXED_FUNCTION_ID: MIXED_COUNT,
}
"""Executions per seeded function: a busy report job, an idle one, a mailer of edge cases."""

_BUSY_START_MS = to_ms(datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC))
_MIXED_START_MS = to_ms(datetime(2026, 1, 5, 17, 30, 12, 345000, tzinfo=UTC))


@dataclass(frozen=True)
class FunctionSpec:
    """A seeded function: its id and the deployment its executions ran on."""

    function_id: str
    deployment_id: str


def _deployment_id(function_id: str) -> str:
    return hashlib.sha256(f"deployment:{function_id}".encode()).hexdigest()[:20]


FUNCTIONS: tuple[FunctionSpec, ...] = tuple(
    FunctionSpec(function_id, _deployment_id(function_id)) for function_id in SEEDED_COUNTS
)


def tail(text: str, cap: int = OUTPUT_CAP) -> str:
    """Keep the last ``cap`` characters, as Appwrite does for captured output."""
    return text[-cap:] if len(text) > cap else text


def header_list(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Appwrite's ``[{"name": ..., "value": ...}]`` header encoding."""
    return [{"name": name, "value": value} for name, value in pairs]


def make_record(
    *,
    execution_id: str,
    created_ms: int,
    updated_ms: int,
    permissions: list[str],
    function_id: str,
    deployment_id: str,
    trigger: str,
    status: str,
    request_method: str,
    request_path: str,
    request_headers: list[dict[str, str]],
    response_status: int,
    response_body: str,
    response_headers: list[dict[str, str]],
    logs: str,
    errors: str,
    duration: float,
    scheduled_at: str | None,
) -> Record:
    """Build one execution in the 1.8 schema's key order (the single internal shape)."""
    return {
        "$id": execution_id,
        "$createdAt": iso_ms(created_ms),
        "$updatedAt": iso_ms(updated_ms),
        "$permissions": permissions,
        "functionId": function_id,
        "deploymentId": deployment_id,
        "trigger": trigger,
        "status": status,
        "requestMethod": request_method,
        "requestPath": request_path,
        "requestHeaders": request_headers,
        "responseStatusCode": response_status,
        "responseBody": response_body,
        "responseHeaders": response_headers,
        "logs": tail(logs, 1_000_000),
        "errors": tail(errors, 1_000_000),
        "duration": duration,
        "scheduledAt": scheduled_at,
    }


_HTTP_ROUTES: tuple[tuple[str, str], ...] = (
    ("GET", "/"),
    ("GET", "/reports?month=2026-01"),
    ("GET", "/reports/latest?format=json"),
    ("POST", "/reports"),
    ("POST", "/reports/render?locale=de-DE&tz=Europe%2FBerlin"),
    ("PUT", "/reports/r-0042"),
    ("PATCH", "/reports/r-0042/title"),
    ("DELETE", "/reports/r-0017"),
    ("OPTIONS", "/reports"),
    ("HEAD", "/health"),
)

_PY_TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/usr/local/server/src/function/main.py", line 42, in main\n'
    "    payload = json.loads(context.req.body)\n"
    '  File "/usr/local/lib/python3.12/json/__init__.py", line 346, in loads\n'
    "    return _default_decoder.decode(s)\n"
    "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)\n"
)

_NODE_STACK = (
    "TypeError: Cannot read properties of undefined (reading 'signature')\n"
    "    at verifyWebhook (file:///usr/local/server/src/function/src/verify.js:18:31)\n"
    "    at default (file:///usr/local/server/src/function/src/main.js:9:7)\n"
    "    at async execute (/usr/local/server/src/server.js:207:16)\n"
    "    at async action (/usr/local/server/src/server.js:224:7)\n"
)

_TIMEOUT = (
    "Operation timed out after 15 seconds.\n"
    "Hint: raise the function timeout or make the work asynchronous.\n"
)

_UNICODE_BODIES: tuple[str, ...] = (
    "🎉 Deployed! 🚀✨ 👩‍💻 👍🏽",
    "你好，世界。こんにちは世界。안녕하세요 세계.",  # noqa: RUF001 - fullwidth comma is the point
    "مرحبا بالعالم — שלום עולם — سلام دنیا",
    '{"greeting":"Grüße aus Köln","emoji":"😀","rtl":"שלום","cjk":"漢字"}',
    "Cafe\u0301 na\u00efve \u200bzero\u200dwidth \u00a0nbsp \u2028line-sep",
    "Ελληνικά · Русский · हिन्दी · ไทย · Tiếng Việt",
    'tab\there "quoted" back\\slash\r\nCRLF line',
)


class _Seeder:
    """Holds the RNG and id salt while one seed's records are generated."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.counter = 0

    def new_id(self, created_ms: int) -> str:
        self.counter += 1
        return unique_id(created_ms, f"seed:{self.seed}:{self.counter}")

    def duration(self, low: float = 0.012, high: float = 3.5) -> float:
        return round(self.rng.uniform(low, high), 4)

    def log_lines(self, run: int, count: int) -> str:
        stages = ("fetching rows", "aggregating", "rendering PDF", "uploading", "notifying")
        lines = []
        for index in range(count):
            stage = stages[index % len(stages)]
            lines.append(f"[{index:02d}] run {run}: {stage} ({self.rng.randint(3, 900)} ms)\n")
        return "".join(lines)


def _http_response_headers(body: str) -> list[dict[str, str]]:
    return header_list(
        [("content-type", "application/json"), ("content-length", str(len(body.encode("utf-8"))))]
    )


def _request_headers(method: str, body_length: int) -> list[dict[str, str]]:
    pairs = [("content-type", "application/json")]
    if method in ("POST", "PUT", "PATCH"):
        pairs.append(("content-length", str(body_length)))
    return header_list(pairs)


def _busy(seeder: _Seeder, spec: FunctionSpec) -> list[Record]:
    """Many ordinary runs of a report job: mostly schedule/http, a few failures."""
    rng = seeder.rng
    records: list[Record] = []
    created = _BUSY_START_MS
    for run in range(BUSY_COUNT):
        # Run 0 starts at the fixed instant; every 50th run is an event fan-out sharing
        # its predecessor's millisecond, so ordering needs the id tie-break.
        same_instant = run % 50 == 0
        if not same_instant:
            created += rng.randint(60_000, 5 * 3_600_000)
        roll = rng.random()
        trigger = "schedule" if roll < 0.45 else ("http" if roll < 0.85 else "event")
        if trigger == "schedule" and not same_instant:
            created -= created % 60_000  # cron fires on the minute
        if run >= BUSY_COUNT - 5:
            status = ("scheduled", "waiting", "processing", "waiting", "scheduled")[
                run - (BUSY_COUNT - 5)
            ]
        else:
            status = "failed" if rng.random() < 0.09 else "completed"

        method, path = ("POST", "/") if trigger != "http" else rng.choice(_HTTP_ROUTES)
        logs = errors = body = ""
        code = 0
        duration = 0.0
        response_headers: list[dict[str, str]] = []
        scheduled_at: str | None = None
        if status == "completed":
            code = rng.choice((200, 200, 200, 200, 201, 204, 404))
            if trigger == "http" and code != 204 and method != "HEAD":
                body = json.dumps(
                    {"report": f"r-{run:04d}", "rows": rng.randint(0, 5000), "ok": code < 400},
                    separators=(",", ":"),
                )
                response_headers = _http_response_headers(body)
            logs = seeder.log_lines(run, rng.randint(1, 6))
            duration = seeder.duration()
        elif status == "failed":
            code = rng.choice((500, 500, 502, 503))
            logs = seeder.log_lines(run, rng.randint(1, 3))
            errors = _TIMEOUT if code == 503 else _PY_TRACEBACK
            duration = seeder.duration(0.5, 15.0)
        elif status == "scheduled":
            trigger = "schedule"
            method, path = "POST", "/"
            scheduled_at = iso_ms(
                CLOCK_START_MS + rng.randint(2, 96) * 3_600_000 - CLOCK_START_MS % 60_000
            )
        request_body_length = rng.randint(2, 512)
        updated = created + int(duration * 1000) + rng.randint(0, 40)
        records.append(
            make_record(
                execution_id=seeder.new_id(created),
                created_ms=created,
                updated_ms=updated,
                permissions=[ANY_READ],
                function_id=spec.function_id,
                deployment_id=spec.deployment_id,
                trigger=trigger,
                status=status,
                request_method=method,
                request_path=path,
                request_headers=_request_headers(method, request_body_length),
                response_status=code,
                response_body=body,
                response_headers=response_headers,
                logs=logs,
                errors=errors,
                duration=duration,
                scheduled_at=scheduled_at,
            )
        )
    return records


def _mixed_cases(seeder: _Seeder) -> list[dict[str, Any]]:
    """Hand-picked edge cases first, then random fill up to MIXED_COUNT."""
    rng = seeder.rng
    long_logs = "".join(f"log line {n:05d}: queued message for delivery\n" for n in range(180))
    exact_logs = ("x" * 99 + "\n") * 40
    long_errors = "".join(
        f"Error: retry {n} failed: ECONNRESET talking to smtp.example.test:587 (message {n})\n"
        for n in range(90)
    )
    cases: list[dict[str, Any]] = [
        {"status": "failed", "code": 500, "errors": _PY_TRACEBACK, "logs": "parsing payload\n"},
        {
            "status": "failed",
            "code": 500,
            "errors": _NODE_STACK,
            "logs": "verifying webhook signature…\n",
        },
        {"status": "failed", "code": 502, "errors": long_errors, "logs": "relaying\n"},
        {"status": "failed", "code": 503, "errors": _TIMEOUT, "logs": ""},
        {"status": "completed", "code": 200, "logs": long_logs, "body": '{"sent":180}'},
        {"status": "completed", "code": 200, "logs": exact_logs, "body": '{"sent":40}'},
        {"status": "completed", "code": 404, "body": '{"error":"no such template"}'},
        {"status": "completed", "code": 204, "body": ""},
        {"status": "waiting"},
        {"status": "waiting"},
        {"status": "processing"},
        {"status": "processing"},
        {"status": "scheduled"},
        {"status": "scheduled"},
    ]
    cases.extend({"status": "completed", "code": 200, "body": body} for body in _UNICODE_BODIES)
    cases.extend(
        {
            "status": "failed",
            "code": 500,
            "errors": f"Unhandled: {body}\n    at send (main.js:3:1)\n",
            "body": body,
        }
        for body in _UNICODE_BODIES[:3]
    )
    while len(cases) < MIXED_COUNT:
        failed = rng.random() < 0.3
        cases.append(
            {
                "status": "failed" if failed else "completed",
                "code": 500 if failed else rng.choice((200, 201, 202)),
                "errors": _NODE_STACK if failed else "",
                "body": rng.choice(_UNICODE_BODIES),
            }
        )
    return cases


def _mixed(seeder: _Seeder, spec: FunctionSpec) -> list[Record]:
    """Edge cases: failures with multi-line errors, capped logs, unicode bodies, every status."""
    rng = seeder.rng
    records: list[Record] = []
    created = _MIXED_START_MS
    triggers = ("http", "event", "schedule")
    for index, case in enumerate(_mixed_cases(seeder)):
        if index:
            created += rng.randint(90_000, 20 * 3_600_000)
        status = case["status"]
        trigger = "schedule" if status == "scheduled" else triggers[index % len(triggers)]
        method, path = rng.choice(_HTTP_ROUTES) if trigger == "http" else ("POST", "/")
        if trigger == "http":
            path = path.replace("/reports", "/mail")
        body = str(case.get("body", "")) if status in ("completed", "failed") else ""
        finished = status in ("completed", "failed")
        duration = seeder.duration(0.003, 9.0) if finished else 0.0
        logs = str(
            case.get(
                "logs", f"delivery {index}: handed 1 message to the relay\n" if finished else ""
            )
        )
        scheduled_at = None
        if status == "scheduled":
            scheduled_at = iso_ms(
                CLOCK_START_MS - CLOCK_START_MS % 60_000 + rng.randint(1, 30) * 86_400_000
            )
        records.append(
            make_record(
                execution_id=seeder.new_id(created),
                created_ms=created,
                updated_ms=created + int(duration * 1000) + rng.randint(0, 25),
                permissions=[ANY_READ],
                function_id=spec.function_id,
                deployment_id=spec.deployment_id,
                trigger=trigger,
                status=status,
                request_method=method,
                request_path=path,
                request_headers=_request_headers(method, rng.randint(2, 2048)),
                response_status=int(case.get("code", 0)) if finished else 0,
                response_body=body,
                response_headers=_http_response_headers(body)
                if finished and trigger == "http"
                else [],
                logs=logs,
                errors=str(case.get("errors", "")),
                duration=duration,
                scheduled_at=scheduled_at,
            )
        )
    return records


_BULK_START_MS = to_ms(datetime(2025, 6, 1, 0, 0, 0, tzinfo=UTC))
_BULK_STEP_MS = 61_003  # whole-second ids on 0.x still differ: ids carry milliseconds


def bulk_records(spec: FunctionSpec, count: int, seed: int = DEFAULT_SEED) -> list[Record]:
    """``count`` plain completed runs of one function, oldest first, cheap to build.

    For tests that need a function past a server's paging caps (thousands of
    executions); contents are minimal, ids and dates strictly increasing.
    """
    salt = f"bulk:{seed}:{spec.function_id}:"
    records: list[Record] = []
    for index in range(count):
        created = _BULK_START_MS + index * _BULK_STEP_MS
        records.append(
            make_record(
                execution_id=unique_id(created, f"{salt}{index}"),
                created_ms=created,
                updated_ms=created + 250,
                permissions=[ANY_READ],
                function_id=spec.function_id,
                deployment_id=spec.deployment_id,
                trigger="schedule",
                status="failed" if index % 10 == 9 else "completed",
                request_method="POST",
                request_path="/",
                request_headers=[],
                response_status=500 if index % 10 == 9 else 200,
                response_body="",
                response_headers=[],
                logs=f"run {index}\n",
                errors="",
                duration=0.25,
                scheduled_at=None,
            )
        )
    return records


def seed_records(seed: int = DEFAULT_SEED) -> list[Record]:
    """All seeded executions, sorted by creation time then id (= insertion order)."""
    seeder = _Seeder(seed)
    by_id = {spec.function_id: spec for spec in FUNCTIONS}
    records = _busy(seeder, by_id[BUSY_FUNCTION_ID]) + _mixed(seeder, by_id[MIXED_FUNCTION_ID])
    records.sort(key=lambda record: (record["$createdAt"], record["$id"]))
    return records
