"""What real networks do to a request, and what the client makes of it.

Every fault below hits one chosen request of one operation (version detection, list,
iterate, export, sync, get, wait, create, delete), against a stand-in of a legacy
(0.9.4) and a modern (1.8.1) server. The outcome is asserted exactly: the call
completes with the server's truth (every execution exactly once, a create run exactly
once), or it raises the one typed error that fault calls for, naming the request, and
leaves no half-written export and only whole pages in a sync store (which a rerun
completes). No call may hang: every wait is bounded by a timeout and the retry sleeps
are recorded, not slept.

Faults come from two places, so each is as real as it can be:

- the stand-in's ``before_request`` hook answers for the server without running the
  request (a proxy or rate limiter in front of it): dropped connections, 429, 5xx,
  HTML pages, redirects;
- a transport wrapper around httpx's own (``FaultyTransport``) does what only the
  network can: send a request to a port that refuses or to a socket that never
  answers, or let the server run the request and then lose, cut, or mangle the answer.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from appwrite_executions import (
    AppwriteError,
    Client,
    InvalidArgument,
    InvalidResponse,
    NetworkError,
    RateLimited,
    Redirected,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    UnsupportedOnServer,
)
from appwrite_executions.sync import (
    EXPORT_JOBS,
    Source,
    Store,
    export_executions,
    open_output,
    open_store,
    sync_function,
)
from appwrite_standin import Reply, Request, StandIn

FUNCTION = "reports"
FAULT_HEADER = "X-Test-Fault"
LEGACY, MODERN = "0.9.4", "1.8.1"
RETRIES = 3
STALL_READ_TIMEOUT = 0.1
"""Read timeout of a stalled attempt only; every other request keeps a generous one."""
RETRY_AFTER = 2
DONE = "completed"
_TLS = ssl.create_default_context()
"""One TLS context for every test transport: building one per test costs more than a test."""

# -- the stand-in's side: answers a proxy or rate limiter would give ----------------------


def _error_json(status: int, message: str, kind: str) -> bytes:
    return json.dumps({"message": message, "code": status, "type": kind}).encode()


_GATEWAY_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    b"</h1></center><hr><center>nginx</center></body></html>"
)
_PORTAL_PAGE = (
    b"<!doctype html><html><body><form action=/login>Sign in to Wi-Fi</form></body></html>"
)

HOOK_REPLIES: dict[str, Reply] = {
    "drop": Reply(200, drop_connection=True),
    "429": Reply(
        429,
        _error_json(429, "Rate limit for the current endpoint has been exceeded.", "rate"),
        headers=(("Retry-After", str(RETRY_AFTER)),),
    ),
    "429-long": Reply(
        429,
        _error_json(429, "Rate limit for the current endpoint has been exceeded.", "rate"),
        headers=(("Retry-After", "3600"),),
    ),
    "500-empty": Reply(500, b"", content_type=None),
    "503-empty": Reply(503, b"", content_type=None),
    "502-html": Reply(502, _GATEWAY_PAGE, content_type="text/html"),
    "portal": Reply(200, _PORTAL_PAGE, content_type="text/html; charset=utf-8"),
    "redirect": Reply(
        307,
        b"",
        content_type=None,
        headers=(("Location", "https://moved.example/v1/functions/reports/executions"),),
    ),
}


def fault_hook(request: Request) -> Reply | None:
    """The stand-in's fault mode: a request marked with a fault gets its canned answer."""
    name = request.header(FAULT_HEADER)
    return None if name is None else HOOK_REPLIES[name]


# -- the network's side -----------------------------------------------------------------


def _mangle(
    make: Callable[[httpx.Request, httpx.Response, bytes], httpx.Response],
) -> Callable[[FaultyTransport, httpx.Request], httpx.Response]:
    """A fault that lets the server run the request, then changes what comes back."""

    def apply(transport: FaultyTransport, request: httpx.Request) -> httpx.Response:
        response = transport.inner.handle_request(request)
        body = response.read()
        response.close()
        return make(request, response, body)

    return apply


def _headers(response: httpx.Response, **extra: str) -> dict[str, str]:
    kept = {
        k: v
        for k, v in response.headers.items()
        if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
    }
    kept.update(extra)
    return kept


def _lost(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def _gateway_timeout(
    request: httpx.Request, response: httpx.Response, body: bytes
) -> httpx.Response:
    page = b"<html><body><h1>504 Gateway Time-out</h1></body></html>"
    return httpx.Response(504, headers={"Content-Type": "text/html"}, content=page)


def _truncated(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    return httpx.Response(
        response.status_code, headers=_headers(response), content=body[: len(body) // 2]
    )


def _cut(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    def stream() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")

    status = 200 if response.status_code == 204 else response.status_code
    headers = _headers(response, **{"Content-Length": str(max(len(body), 64))})
    return httpx.Response(status, headers=headers, content=stream())


def _wrapped(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    """An API gateway that wraps every answer in an envelope."""
    document = {"data": json.loads(body) if body else None}
    status = 200 if response.status_code == 204 else response.status_code
    # The envelope is JSON whatever the wrapped answer said (a 204 carries text/html).
    headers = _headers(response, **{"content-type": "application/json"})
    return httpx.Response(status, headers=headers, content=json.dumps(document))


def _retype(value: Any) -> Any:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return [_retype(item) for item in value]
    if isinstance(value, dict):
        return {key: _retype(item) for key, item in value.items()}
    return value


def _retyped(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    """Every string became a number: the right fields with the wrong types."""
    content = json.dumps(_retype(json.loads(body))).encode() if body else body
    return httpx.Response(response.status_code, headers=_headers(response), content=content)


def _huge(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    """A runaway body: bytes keep coming, so no read timeout ever fires."""
    padding = b" " * (1 << 20)

    def stream() -> Iterator[bytes]:
        yield b'{"executions": ['
        for _ in range(1024):  # 1 GiB if nobody stops reading
            yield padding

    return httpx.Response(200, headers={"Content-Type": "application/json"}, content=stream())


def _undecodable(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    headers = _headers(response, **{"Content-Encoding": "gzip"})
    return httpx.Response(200, headers=headers, content=iter([b"this was never gzip"]))


class FaultyTransport(httpx.BaseTransport):
    """httpx's transport with a fault plan in front: the network, misbehaving on cue."""

    def __init__(self, refused_port: int, blackhole_port: int) -> None:
        self.inner = httpx.HTTPTransport(verify=_TLS)
        self.refused_port = refused_port
        self.blackhole_port = blackhole_port
        self.plan: Plan | None = None
        self.sent: list[tuple[str, str]] = []
        """(method, path) of every request that left, faulted or not."""
        self.attempts: Counter[str] = Counter()
        """How often each request (by its whole URL) left."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path))
        self.attempts[f"{request.method} {request.url}"] += 1
        fault = self.plan.take(request) if self.plan is not None else None
        if fault is None:
            return self.inner.handle_request(request)
        return fault.apply(self, request)

    def close(self) -> None:
        self.inner.close()


def _hook(name: str) -> Callable[[FaultyTransport, httpx.Request], httpx.Response]:
    def apply(transport: FaultyTransport, request: httpx.Request) -> httpx.Response:
        request.headers[FAULT_HEADER] = name
        return transport.inner.handle_request(request)

    return apply


def _refused(transport: FaultyTransport, request: httpx.Request) -> httpx.Response:
    request.url = request.url.copy_with(port=transport.refused_port)
    return transport.inner.handle_request(request)


def _stall(transport: FaultyTransport, request: httpx.Request) -> httpx.Response:
    request.url = request.url.copy_with(port=transport.blackhole_port)
    request.extensions = {
        **request.extensions,
        "timeout": {"connect": 5.0, "read": STALL_READ_TIMEOUT, "write": 5.0, "pool": 5.0},
    }
    return transport.inner.handle_request(request)


@dataclass(frozen=True)
class Fault:
    """One misbehaviour, and what it means for each kind of call.

    ``idempotent`` is the outcome of detect, list, iterate, export, sync, get, wait and
    delete; ``create`` that of create_execution: DONE, or the error class raised.
    ``applied``: the server ran the request before things went wrong.
    """

    name: str
    apply: Callable[[FaultyTransport, httpx.Request], httpx.Response]
    idempotent: str | type[AppwriteError]
    create: str | type[AppwriteError]
    applied: bool = False
    always: bool = False
    delete: str | type[AppwriteError] | None = None
    """Where delete differs: it never reads its (204) body, so a mangled body after
    the server deleted is still a completed delete."""

    def __str__(self) -> str:
        return self.name


FAULTS = [
    Fault("refused", _refused, DONE, DONE),
    Fault("refused-always", _refused, NetworkError, NetworkError, always=True),
    Fault("drop", _hook("drop"), DONE, NetworkError),
    Fault("stall", _stall, DONE, RequestTimeout),
    Fault("lost-answer", _mangle(_lost), DONE, NetworkError, applied=True),
    Fault("429-retry-after", _hook("429"), DONE, RateLimited),
    Fault("429-retry-after-3600", _hook("429-long"), RateLimited, RateLimited),
    Fault("500-empty", _hook("500-empty"), ServerError, ServerError),
    Fault("503-empty", _hook("503-empty"), DONE, ServerError),
    Fault("503-always", _hook("503-empty"), ServerError, ServerError, always=True),
    Fault("502-html", _hook("502-html"), DONE, ServerError),
    Fault("504-after-running", _mangle(_gateway_timeout), DONE, ServerError, applied=True),
    Fault(
        "truncated-json",
        _mangle(_truncated),
        InvalidResponse,
        InvalidResponse,
        applied=True,
        delete=DONE,
    ),
    Fault("cut-mid-body", _mangle(_cut), DONE, NetworkError, applied=True),
    Fault(
        "wrong-shape",
        _mangle(_wrapped),
        InvalidResponse,
        InvalidResponse,
        applied=True,
        delete=DONE,
    ),
    Fault(
        "wrong-types",
        _mangle(_retyped),
        InvalidResponse,
        InvalidResponse,
        applied=True,
        delete=DONE,
    ),
    Fault("html-200-portal", _hook("portal"), InvalidResponse, InvalidResponse),
    Fault("huge-body", _mangle(_huge), InvalidResponse, InvalidResponse, applied=True),
    Fault("undecodable", _mangle(_undecodable), InvalidResponse, InvalidResponse, applied=True),
    Fault("redirect-307", _hook("redirect"), Redirected, Redirected),
]


@dataclass
class Plan:
    """Fault the (skip+1)-th request that ``matches`` (and every later one if always)."""

    fault: Fault
    matches: Callable[[httpx.Request], bool]
    skip: int = 0
    seen: int = 0
    fired: int = 0

    def take(self, request: httpx.Request) -> Fault | None:
        if not self.matches(request):
            return None
        self.seen += 1
        if self.seen <= self.skip or (self.fired and not self.fault.always):
            return None
        self.fired += 1
        return self.fault


# -- the operations -------------------------------------------------------------------------


@dataclass
class Run:
    """One operation against one server: the client, the truth, and what was planned."""

    server: StandIn
    client: Client
    transport: FaultyTransport
    sleeps: list[float]
    folder: Path
    target: str = ""
    """The execution an operation reads, waits for or deletes."""
    before: list[str] = field(default_factory=list)
    """Execution ids on the server before the operation."""

    def truth(self) -> list[str]:
        return [record["$id"] for record in self.server.executions(FUNCTION)]

    @property
    def export_file(self) -> Path:
        return self.folder / "executions.jsonl"

    def store(self) -> Store:
        return open_store(str(self.folder / "store.sqlite"))

    def sync(self) -> Any:
        source = Source("faults", self.server.url, self.server.project, key=self.server.key)
        with self.store() as store:
            return sync_function(self.client, store, source, FUNCTION, page_size=100)

    def stored(self) -> list[str]:
        with self.store() as store:
            return [row.execution_id for row in store.executions("faults", FUNCTION)]


def _path(*parts: str) -> Callable[[httpx.Request], bool]:
    pattern = re.compile("/v1/" + "/".join(parts) + "$")
    return lambda request: pattern.search(request.url.path) is not None


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    idempotent: bool
    modern_only: bool = False
    skip: int = 0
    pages_ahead: int = 0
    """Requests the operation may have in flight beside the one it waits for."""

    def __str__(self) -> str:
        return self.name

    def prepare(self, run: Run) -> Callable[[httpx.Request], bool]:
        """Set up (unfaulted) and say which requests belong to the operation."""
        executions = f"functions/{FUNCTION}/executions"
        if self.name == "detect":
            return lambda r: r.method == "GET" and _path("health/version")(r)
        assert run.client.server_version  # detect first, outside the fault plan
        if self.name in ("list", "iterate", "export", "sync"):
            return lambda r: r.method == "GET" and _path(executions)(r)
        if self.name == "create":
            return lambda r: r.method == "POST" and _path(executions)(r)
        if self.name == "wait":
            extra = {"async_": True} if run.client.api == "modern" else {}
            run.target = run.client.create_execution(FUNCTION, "{}", **extra).id
        else:
            run.target = run.truth()[7]
        return lambda r: r.method == self.method and _path(executions, run.target)(r)

    def perform(self, run: Run) -> Any:
        client = run.client
        if self.name == "detect":
            return client.server_version
        if self.name == "list":
            return client.list_executions(FUNCTION, limit=25)
        if self.name == "iterate":
            seen: list[str] = []
            try:
                for execution in client.iter_executions(FUNCTION, page_size=100):
                    seen.append(execution.id)
            except AppwriteError:
                assert len(seen) == len(set(seen)), "an execution was seen twice"
                raise
            return seen
        if self.name == "export":
            with open_output(str(run.export_file)) as out:
                return export_executions(client, FUNCTION, out, page_size=100)
        if self.name == "sync":
            return run.sync()
        if self.name == "get":
            return client.get_execution(FUNCTION, run.target)
        if self.name == "wait":
            return client.wait_for_execution(FUNCTION, run.target, timeout=10, poll_interval=0)
        if self.name == "create":
            return client.create_execution(FUNCTION, '{"n": 1}')
        assert self.name == "delete"
        return client.delete_execution(FUNCTION, run.target)

    def check_done(self, run: Run, result: Any) -> None:
        """The call completed: its result is the server's truth, exactly once."""
        truth = run.truth()
        if self.name == "detect":
            assert result == run.server.version
        elif self.name == "list":
            assert [e.id for e in result.executions] == truth[:25]
            assert result.total == len(truth)
        elif self.name == "iterate":
            assert result == truth  # every execution, once, in order
        elif self.name == "export":
            lines = run.export_file.read_text().splitlines()
            assert [json.loads(line)["$id"] for line in lines] == truth and result == len(truth)
        elif self.name == "sync":
            assert run.stored() == sorted(truth) and result.stored == len(truth)
        elif self.name == "get":
            assert result.id == run.target
            assert result.status == run.server.executions(FUNCTION)[7]["status"]
        elif self.name == "wait":
            assert result.id == run.target and result.is_final
        elif self.name == "create":
            assert truth == [*run.before, result.id], "the function must run exactly once"
        else:
            assert result is None and truth == [i for i in run.before if i != run.target]

    def expected(self, fault: Fault) -> str | type[AppwriteError]:
        if self.name == "delete" and fault.delete is not None:
            return fault.delete
        return fault.idempotent if self.idempotent else fault.create


OPERATIONS = [
    Operation("detect", "GET", True),
    Operation("list", "GET", True),
    Operation("iterate", "GET", True, skip=1),  # the second page, mid-walk
    Operation("export", "GET", True, skip=1, pages_ahead=EXPORT_JOBS),
    Operation("sync", "GET", True, skip=1),
    Operation("get", "GET", True),
    Operation("wait", "GET", True, skip=1),  # the second poll
    Operation("create", "POST", False),
    Operation("delete", "DELETE", True, modern_only=True),
]

# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sockets() -> Iterator[tuple[int, int]]:
    """A port that refuses connections, and one that accepts and never answers."""
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    blackhole = socket.create_server(("127.0.0.1", 0), backlog=256)  # never accepts
    with refused, blackhole:
        yield refused.getsockname()[1], blackhole.getsockname()[1]


@pytest.fixture(scope="module", params=[LEGACY, MODERN], ids=["0.9", "1.8"])
def server(request: pytest.FixtureRequest) -> Iterator[StandIn]:
    with StandIn(request.param, before_request=fault_hook) as standin:
        yield standin


_CHANGED: set[int] = set()
"""Stand-ins (by id) that ran a create or delete since their last reset."""


@pytest.fixture
def run(server: StandIn, sockets: tuple[int, int], tmp_path: Path) -> Iterator[Run]:
    if id(server) in _CHANGED:  # resetting costs more than most tests; only when needed
        server.reset()
        _CHANGED.discard(id(server))
    transport = FaultyTransport(*sockets)
    sleeps: list[float] = []
    http = httpx.Client(transport=transport, timeout=httpx.Timeout(10.0))
    client = Client(
        server.url,
        project=server.project,
        key=server.key,
        http_client=http,
        retries=RetryPolicy(retries=RETRIES, sleep=sleeps.append),
    )
    with http, client:
        yield Run(server, client, transport, sleeps, tmp_path)
    if any(method in ("POST", "DELETE") for method, _ in transport.sent):
        _CHANGED.add(id(server))


# -- the matrix -------------------------------------------------------------------------------


MATRIX = [
    pytest.param(fault, operation, id=f"{fault}-{operation}")
    for fault in FAULTS
    for operation in OPERATIONS
]


@pytest.mark.parametrize(("fault", "operation"), MATRIX)
def test_fault_matrix(fault: Fault, operation: Operation, run: Run) -> None:
    """Every fault x every operation: completed with the truth, or the one typed error."""
    if operation.modern_only and run.server.version == LEGACY:
        # Legacy servers have no delete: refused before sending, so no fault can meet it.
        matches = operation.prepare(run)
        run.transport.plan = plan = Plan(fault, matches)
        with pytest.raises(UnsupportedOnServer):
            operation.perform(run)
        assert plan.seen == 0 and ("DELETE" not in {method for method, _ in run.transport.sent})
        return
    matches = operation.prepare(run)
    run.before = run.truth()
    plan = Plan(fault, matches, skip=operation.skip)
    run.transport.plan = plan
    expected = operation.expected(fault)

    if expected == DONE:
        result = operation.perform(run)
        assert plan.fired >= 1, "the fault never happened: the test proves nothing"
        operation.check_done(run, result)
        retried = fault.idempotent == DONE or (fault.create == DONE and not operation.idempotent)
        assert len(run.sleeps) == (1 if retried else 0), "one transient fault, one retry"
        if fault.name == "429-retry-after":
            assert run.sleeps[0] >= RETRY_AFTER, "Retry-After must be honoured"
        return

    assert isinstance(expected, type)
    with pytest.raises(AppwriteError) as caught:
        operation.perform(run)
    error = caught.value
    assert plan.fired >= 1, "the fault never happened: the test proves nothing"
    assert type(error) is expected, repr(error)
    assert error.message
    # It names the request, the same way whichever layer noticed the fault.
    assert error.method == operation.method
    want = "/health/version" if operation.name == "detect" else f"/functions/{FUNCTION}/executions"
    assert error.path is not None and error.path.startswith(want), error.path
    if fault.always and (operation.idempotent or fault.name == "refused-always"):
        assert f"gave up after {RETRIES + 1} attempts" in str(error)
        if operation.pages_ahead:
            # Each page asked for ahead is retried on its own; the one the walk needed
            # ran out of retries, and no request was sent more often than that.
            chains = 1 + operation.pages_ahead
            assert RETRIES <= len(run.sleeps) <= RETRIES * chains
            assert max(run.transport.attempts.values()) <= RETRIES + 1
        else:
            assert len(run.sleeps) == RETRIES, "retried until the retries ran out"
    else:
        assert run.sleeps == [], "a fault that is not retried must not be retried"
    if operation.name == "export":  # nothing half-written, under any name
        assert list(run.folder.iterdir()) == []
    if operation.name == "sync":  # whole pages only, and a rerun completes the store
        stored = run.stored()
        assert len(stored) % 100 == 0 and len(stored) < len(run.before)
        run.transport.plan = None
        run.sync()
        assert run.stored() == sorted(run.before)
    if operation.name == "create":
        created = len(run.truth()) - len(run.before)
        assert created == (1 if fault.applied else 0), "a create ran twice, or ran unasked"
        if expected in (NetworkError, RequestTimeout, RateLimited, ServerError) and (
            fault.idempotent == DONE
        ):
            assert "not retried" in error.message and "twice" in error.message


# -- the same faults, in more detail ------------------------------------------------------------


def test_rate_limit_longer_than_the_cap_says_so(run: Run) -> None:
    run.transport.plan = Plan(FAULTS[6], _path(f"functions/{FUNCTION}/executions"))
    assert run.client.server_version
    with pytest.raises(RateLimited) as caught:
        run.client.list_executions(FUNCTION)
    assert caught.value.retry_after == 3600
    assert "3600 s" in str(caught.value) and "cap" in str(caught.value)
    assert run.sleeps == []


def test_retry_waits_grow_and_stay_under_the_cap(run: Run) -> None:
    always_503 = next(f for f in FAULTS if f.name == "503-always")
    run.transport.plan = Plan(always_503, _path("health/version"))
    with pytest.raises(ServerError):
        _ = run.client.server_version
    assert len(run.sleeps) == RETRIES
    policy = RetryPolicy()
    for retry, slept in enumerate(run.sleeps, 1):
        ceiling = min(policy.cap, policy.backoff * 2 ** (retry - 1))
        assert ceiling / 2 <= slept <= ceiling


def test_redirect_names_the_new_location_and_is_not_followed(run: Run) -> None:
    redirect = next(f for f in FAULTS if f.name == "redirect-307")
    assert run.client.server_version
    run.transport.plan = Plan(redirect, lambda r: r.method == "POST")
    before = list(run.transport.sent)
    with pytest.raises(Redirected) as caught:
        run.client.create_execution(FUNCTION, "{}")
    assert caught.value.location == "https://moved.example/v1/functions/reports/executions"
    assert "https://moved.example/v1" in str(caught.value)
    assert run.transport.sent[len(before) :] == [("POST", "/v1/functions/reports/executions")]


# -- bad input never reaches the network ----------------------------------------------------

FUTURE = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=30)

BAD_CALLS: list[tuple[str, Callable[[Client], Any], str, str]] = [
    ("empty id", lambda c: c.get_execution("", "x"), "function_id", "is empty"),
    ("id too long", lambda c: c.get_execution("a" * 37, "x"), "function_id", "37 characters"),
    ("id starts with _", lambda c: c.list_executions("_x"), "function_id", "starts with '_'"),
    ("id with slash", lambda c: c.list_executions("a/b"), "function_id", "'/'"),
    ("id not ascii", lambda c: c.list_executions("café"), "function_id", "'é'"),
    ("id not a string", lambda c: c.list_executions(5), "function_id", "must be a string"),
    ("execution id", lambda c: c.get_execution("fn", "../x"), "execution_id", "starts with"),
    ("delete id", lambda c: c.delete_execution("fn", "a b"), "execution_id", "' '"),
    ("wait id", lambda c: c.wait_for_execution("fn", "?", timeout=0), "execution_id", "'?'"),
    ("limit 0", lambda c: c.list_executions("fn", limit=0), "limit", "between 1 and"),
    ("limit too big", lambda c: c.list_executions("fn", limit=10**6), "limit", "between 1 and"),
    (
        "limit over the legacy cap",
        lambda c: c.list_executions("fn", limit=101 if c.api == "legacy" else 5001),
        "limit",
        "between 1 and",
    ),
    ("limit bool", lambda c: c.list_executions("fn", limit=True), "limit", "integer"),
    ("limit str", lambda c: c.list_executions("fn", limit="5"), "limit", "integer"),
    ("offset", lambda c: c.list_executions("fn", offset=-1), "offset", "0 or more"),
    ("order", lambda c: c.list_executions("fn", order="up"), "order", "'asc' or 'desc'"),
    ("status", lambda c: c.list_executions("fn", status=[""]), "status", "non-empty"),
    ("page size", lambda c: c.iter_executions("fn", page_size=0), "page_size", "between 1"),
    ("body", lambda c: c.create_execution("fn", {"a": 1}), "body", "json.dumps"),
    ("async", lambda c: c.create_execution("fn", "", async_="yes"), "async_", "True, False"),
    ("method", lambda c: c.create_execution("fn", "", method="FETCH"), "method", "GET"),
    ("method type", lambda c: c.create_execution("fn", "", method=5), "method", "not one of"),
    ("path", lambda c: c.create_execution("fn", "", path="x"), "path", "start with '/'"),
    (
        "header name",
        lambda c: c.create_execution("fn", "", headers={"bad name": "v"}),
        "headers",
        "not a valid HTTP token",
    ),
    (
        "header value",
        lambda c: c.create_execution("fn", "", headers={"x-a": "1\r\nx-b: 2"}),
        "headers",
        "line break",
    ),
    (
        "header twice",
        lambda c: c.create_execution("fn", "", headers=[("X-A", "1"), ("x-a", "2")]),
        "headers",
        "given twice",
    ),
    (
        "header value type",
        lambda c: c.create_execution("fn", "", headers={"x-a": 1}),
        "headers",
        "must be a string",
    ),
    (
        "scheduled in the past",
        lambda c: c.create_execution("fn", "", scheduled_at=datetime(2001, 1, 1, tzinfo=UTC)),
        "scheduled_at",
        "not in the future",
    ),
    (
        "scheduled naive",
        lambda c: c.create_execution("fn", "", scheduled_at=FUTURE.replace(tzinfo=None)),
        "scheduled_at",
        "no timezone",
    ),
    (
        "scheduled seconds",
        lambda c: c.create_execution("fn", "", scheduled_at=FUTURE.replace(second=5)),
        "scheduled_at",
        "whole minute",
    ),
    (
        "scheduled garbage",
        lambda c: c.create_execution("fn", "", scheduled_at="next tuesday-ish"),
        "scheduled_at",
        "not a date",
    ),
    (
        "scheduled sync",
        lambda c: c.create_execution("fn", "", scheduled_at=FUTURE, async_=False),
        "async_",
        "background",
    ),
    ("wait timeout", lambda c: c.wait_for_execution("fn", "x", timeout=-1), "timeout", ">= 0"),
]


@pytest.mark.parametrize("version", [LEGACY, MODERN], ids=["0.9", "1.8"])
@pytest.mark.parametrize(
    ("call", "argument", "says"),
    [pytest.param(call, arg, says, id=name) for name, call, arg, says in BAD_CALLS],
)
def test_bad_input_is_refused_before_any_request(
    call: Callable[[Client], Any], argument: str, says: str, version: str
) -> None:
    sent: list[httpx.Request] = []

    def network(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    http = httpx.Client(transport=httpx.MockTransport(network))
    client = Client(
        "http://appwrite.invalid/v1", project="p", key="k", http_client=http, server_version=version
    )
    with http, client, pytest.raises(InvalidArgument) as caught:
        call(client)
    assert caught.value.argument == argument
    assert says in caught.value.message
    assert sent == []


@pytest.mark.parametrize(
    ("options", "argument", "says"),
    [
        ({"endpoint": "ftp://x/v1"}, "endpoint", "http(s) URL"),
        ({"project": ""}, "project", "non-empty"),
        ({"jwt": "a.b.c"}, "key", "exactly one credential"),
        ({"key": None}, "key", "exactly one credential"),
        ({"key": "secret-key\n"}, "key", "line break"),
        ({"key": "clé"}, "key", "non-ASCII"),
        ({"project": "prøject"}, "project", "non-ASCII"),
        ({"retries": -1}, "retries", "0 (off) or more"),
        ({"retries": "3"}, "retries", "RetryPolicy"),
    ],
)
def test_bad_client_settings_are_refused_at_construction(
    options: dict[str, Any], argument: str, says: str
) -> None:
    settings: dict[str, Any] = {
        "endpoint": "http://appwrite.invalid/v1",
        "project": "p",
        "key": "k",
    }
    settings.update(options)
    with pytest.raises(InvalidArgument) as caught:
        Client(settings.pop("endpoint"), **settings)
    assert caught.value.argument == argument
    assert says in caught.value.message
    assert "secret-key" not in str(caught.value) and "clé" not in str(caught.value)
