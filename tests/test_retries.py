"""The retry policy and the transport's answers to what the network sends back.

Most tests put an in-memory network (httpx.MockTransport) behind the public Client, so
each status, header and exception is exact and nothing is slept: the policy's sleep is
recorded instead. A few use real sockets where only the operating system can say it:
a refused connection, a server that never answers, a TLS certificate nobody signed.
"""

from __future__ import annotations

import email.utils
import json
import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from appwrite_executions import (
    AppwriteError,
    Client,
    InvalidArgument,
    InvalidResponse,
    NetworkError,
    NotFound,
    RateLimited,
    Redirected,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    Unauthorized,
    WaitTimeout,
)
from appwrite_executions._retry import DEFAULT_RETRY, RETRY_STATUSES, retry_policy
from appwrite_executions._transport import ERROR_BODY_BYTES, MAX_RESPONSE_BYTES

ENDPOINT = "http://appwrite.invalid/v1"
FN = "reports"
EXECUTIONS = f"/v1/functions/{FN}/executions"
ONE = f"{EXECUTIONS}/abc"


def execution(id_: str = "abc", status: str = "completed") -> dict[str, Any]:
    """A 1.8 execution as a server sends it."""
    return {
        "$id": id_,
        "$createdAt": "2026-01-02T03:04:05.000+00:00",
        "$updatedAt": "2026-01-02T03:04:06.000+00:00",
        "$permissions": [],
        "functionId": FN,
        "deploymentId": "d1",
        "trigger": "http",
        "status": status,
        "requestMethod": "POST",
        "requestPath": "/",
        "requestHeaders": [],
        "responseStatusCode": 200,
        "responseBody": "",
        "responseHeaders": [],
        "logs": "",
        "errors": "",
        "duration": 0.5,
        "scheduledAt": None,
    }


def ok(request: httpx.Request) -> httpx.Response:
    """What a healthy 1.8 server answers."""
    if request.method == "GET" and request.url.path == EXECUTIONS:
        return httpx.Response(200, json={"total": 1, "executions": [execution()]})
    if request.method == "POST":
        return httpx.Response(201, json=execution(status="waiting"))
    if request.method == "DELETE":
        return httpx.Response(204)
    return httpx.Response(200, json=execution())


RECORDED: Any = object()
"""The default policy with its sleeps recorded instead of slept."""

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Network:
    """A scripted network: the next answers, in order, then a healthy server."""

    script: list[Answer] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    delivered: list[httpx.Request] = field(default_factory=list)
    """Requests the server got: everything but a connection that failed first."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer: Answer = self.script.pop(0) if self.script else ok
        if isinstance(answer, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            raise answer
        self.delivered.append(request)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)


@dataclass
class Setup:
    client: Client
    network: Network
    sleeps: list[float]


@pytest.fixture
def make() -> Iterator[Callable[..., Setup]]:
    opened: list[httpx.Client] = []

    def build(*script: Answer, retries: Any = RECORDED, **options: Any) -> Setup:
        network = Network(list(script))
        sleeps: list[float] = []
        http = httpx.Client(transport=httpx.MockTransport(network))
        opened.append(http)
        policy = RetryPolicy(sleep=sleeps.append) if retries is RECORDED else retries
        client = Client(
            ENDPOINT,
            project="p",
            key="k",
            server_version="1.8.1",
            http_client=http,
            retries=policy,
            **options,
        )
        return Setup(client, network, sleeps)

    yield build
    for http in opened:
        http.close()


def status(code: int, body: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(code, content=body, headers=headers)


def error(code: int, kind: str, **headers: str) -> httpx.Response:
    body = {"message": f"a {code}", "code": code, "type": kind, "version": "1.8.1"}
    return httpx.Response(code, json=body, headers=headers)


# -- the policy -------------------------------------------------------------------------------


def test_default_policy() -> None:
    assert RetryPolicy(retries=3, backoff=0.5, cap=30.0) == DEFAULT_RETRY
    assert retry_policy(None).retries == 0 and retry_policy(0).retries == 0
    assert RetryPolicy.off().retries == 0
    assert retry_policy(5) == RetryPolicy(retries=5)


@pytest.mark.parametrize(
    "options",
    [
        {"retries": -1},
        {"retries": 1.5},
        {"retries": True},
        {"backoff": -0.1},
        {"backoff": float("nan")},
        {"cap": float("inf")},
        {"cap": "30"},
    ],
)
def test_policy_refuses_nonsense(options: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument) as caught:
        RetryPolicy(**options)
    assert caught.value.argument == "retries"


def test_backoff_doubles_with_jitter_and_stops_at_the_cap() -> None:
    low = RetryPolicy(backoff=1.0, cap=5.0, random=lambda: 0.0)
    high = RetryPolicy(backoff=1.0, cap=5.0, random=lambda: 1.0)
    assert [low.backoff_delay(n) for n in (1, 2, 3, 4, 100)] == [0.5, 1.0, 2.0, 2.5, 2.5]
    assert [high.backoff_delay(n) for n in (1, 2, 3, 4, 100)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_retry_after_is_a_floor_and_the_cap_a_ceiling() -> None:
    policy = RetryPolicy(retries=2, backoff=0.5, cap=10.0, random=lambda: 1.0)
    assert policy.delay(1, 7.0) == 7.5
    assert policy.delay(1, 10.0) == 10.0
    assert policy.delay(1, 10.5) is None  # asks for longer than we wait: give up now
    assert policy.delay(3, None) is None  # retries used up


# -- what is retried, and what is not --------------------------------------------------------

IDEMPOTENT_CALLS: dict[str, Callable[[Client], Any]] = {
    "list": lambda c: c.list_executions(FN),
    "iterate": lambda c: list(c.iter_executions(FN)),
    "get": lambda c: c.get_execution(FN, "abc"),
    "wait": lambda c: c.wait_for_execution(FN, "abc", timeout=5, poll_interval=0),
    "delete": lambda c: c.delete_execution(FN, "abc"),
}

TRANSIENT: dict[str, Answer] = {
    "429": error(429, "general_rate_limit_exceeded", **{"Retry-After": "1"}),
    "502": status(502, b"<html>Bad Gateway</html>", **{"Content-Type": "text/html"}),
    "503": status(503),
    "504": status(504),
    "connect error": httpx.ConnectError("refused"),
    "connect timeout": httpx.ConnectTimeout("slow"),
    "read timeout": httpx.ReadTimeout("silent"),
    "write timeout": httpx.WriteTimeout("stuck"),
    "dropped": httpx.RemoteProtocolError("Server disconnected without sending a response."),
    "reset": httpx.ReadError("Connection reset by peer"),
}

PERMANENT: dict[str, tuple[Answer, type[AppwriteError]]] = {
    "400": (error(400, "general_argument_invalid"), AppwriteError),
    "401": (error(401, "user_unauthorized"), Unauthorized),
    "404": (error(404, "function_not_found"), NotFound),
    "500": (status(500), ServerError),
    "501": (status(501), ServerError),
    "html 200": (status(200, b"<p>hi</p>", **{"Content-Type": "text/html"}), InvalidResponse),
    "301": (status(301, Location="https://elsewhere.example/v1"), Redirected),
    "local protocol": (httpx.LocalProtocolError("bad header"), NetworkError),
}


@pytest.mark.parametrize("call", IDEMPOTENT_CALLS.values(), ids=IDEMPOTENT_CALLS)
@pytest.mark.parametrize("answer", TRANSIENT.values(), ids=TRANSIENT)
def test_idempotent_calls_ride_out_transient_failures(
    make: Callable[..., Setup], answer: Answer, call: Callable[[Client], Any]
) -> None:
    setup = make(answer, answer)
    call(setup.client)
    assert len(setup.network.requests) == 3
    assert len(setup.sleeps) == 2


@pytest.mark.parametrize("call", IDEMPOTENT_CALLS.values(), ids=IDEMPOTENT_CALLS)
@pytest.mark.parametrize(("answer", "kind"), PERMANENT.values(), ids=PERMANENT)
def test_permanent_failures_are_raised_at_once(
    make: Callable[..., Setup],
    answer: Answer,
    kind: type[AppwriteError],
    call: Callable[[Client], Any],
) -> None:
    setup = make(answer)
    with pytest.raises(kind):
        call(setup.client)
    assert len(setup.network.requests) == 1 and setup.sleeps == []


@pytest.mark.parametrize("answer", TRANSIENT.values(), ids=TRANSIENT)
def test_retries_run_out_with_the_last_error(make: Callable[..., Setup], answer: Answer) -> None:
    setup = make(*[answer] * 10, retries=RetryPolicy(retries=2, sleep=lambda s: None))
    with pytest.raises(AppwriteError) as caught:
        setup.client.get_execution(FN, "abc")
    assert len(setup.network.requests) == 3
    assert "gave up after 3 attempts" in str(caught.value)
    assert caught.value.method == "GET" and caught.value.path == "/functions/reports/executions/abc"


@pytest.mark.parametrize("off", [0, None, RetryPolicy.off()], ids=["0", "None", "off"])
def test_retrying_can_be_turned_off(make: Callable[..., Setup], off: Any) -> None:
    setup = make(status(503), retries=off)
    with pytest.raises(ServerError) as caught:
        setup.client.list_executions(FN)
    assert len(setup.network.requests) == 1
    assert "gave up" not in str(caught.value)


def test_the_default_client_retries_three_times() -> None:
    network = Network([status(503)] * 10)
    http = httpx.Client(transport=httpx.MockTransport(network))
    client = Client(ENDPOINT, project="p", key="k", server_version="1.8.1", http_client=http)
    client._transport.retry = RetryPolicy(sleep=lambda s: None)  # the default, unslept
    with http, client, pytest.raises(ServerError):
        client.list_executions(FN)
    assert len(network.requests) == 4


# -- create: never run twice -------------------------------------------------------------------

SENT_FAILURES = {k: v for k, v in TRANSIENT.items() if not k.startswith("connect")}


@pytest.mark.parametrize("answer", SENT_FAILURES.values(), ids=SENT_FAILURES)
def test_create_is_not_retried_once_it_may_have_arrived(
    make: Callable[..., Setup], answer: Answer
) -> None:
    setup = make(answer)
    with pytest.raises(AppwriteError) as caught:
        setup.client.create_execution(FN, "{}")
    assert len(setup.network.requests) == 1 and setup.sleeps == []
    assert "not retried" in str(caught.value) and "twice" in str(caught.value)
    assert caught.value.method == "POST"


@pytest.mark.parametrize(
    "answer",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")],
    ids=["connect error", "connect timeout", "pool timeout"],
)
def test_create_is_retried_when_it_never_left(make: Callable[..., Setup], answer: Answer) -> None:
    setup = make(answer, answer)
    created = setup.client.create_execution(FN, "{}")
    assert created.id == "abc"
    assert len(setup.network.requests) == 3
    assert len(setup.network.delivered) == 1, "the server saw the create exactly once"


def test_network_errors_say_whether_the_request_left(make: Callable[..., Setup]) -> None:
    setup = make(httpx.ConnectError("x"), httpx.ReadTimeout("y"), retries=0)
    with pytest.raises(NetworkError) as refused:
        setup.client.get_execution(FN, "abc")
    with pytest.raises(RequestTimeout) as silent:
        setup.client.get_execution(FN, "abc")
    assert refused.value.sent is False and silent.value.sent is True


# -- Retry-After ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "at_least"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"X-RateLimit-Reset": "{now+12}"}, 11.0),
        ({"Retry-After": "{date+20}"}, 18.0),
    ],
    ids=["seconds", "zero", "ratelimit-reset", "http-date"],
)
def test_rate_limits_are_waited_out_as_asked(
    make: Callable[..., Setup], headers: dict[str, str], at_least: float
) -> None:
    now = time.time()
    values = {
        k: v.replace("{now+12}", str(int(now) + 12)).replace(
            "{date+20}", email.utils.formatdate(now + 20, usegmt=True)
        )
        for k, v in headers.items()
    }
    setup = make(error(429, "general_rate_limit_exceeded", **values))
    setup.client.list_executions(FN)
    assert len(setup.sleeps) == 1
    assert at_least <= setup.sleeps[0] <= RetryPolicy().cap


def test_retry_after_on_503_is_honoured(make: Callable[..., Setup]) -> None:
    setup = make(status(503, **{"Retry-After": "9"}))
    setup.client.list_executions(FN)
    assert setup.sleeps and setup.sleeps[0] >= 9


def test_a_wait_longer_than_the_cap_is_not_slept(make: Callable[..., Setup]) -> None:
    setup = make(error(429, "general_rate_limit_exceeded", **{"Retry-After": "600"}))
    with pytest.raises(RateLimited) as caught:
        setup.client.list_executions(FN)
    assert caught.value.retry_after == 600 and setup.sleeps == []
    assert "600 s" in str(caught.value) and "cap of 30 s" in str(caught.value)


def test_retries_are_logged_without_secrets(
    make: Callable[..., Setup], caplog: pytest.LogCaptureFixture
) -> None:
    setup = make(status(503))
    with caplog.at_level(logging.INFO, logger="appwrite_executions"):
        setup.client.get_execution(FN, "abc")
    [record] = [r for r in caplog.records if "retry" in r.getMessage()]
    assert "GET /functions/reports/executions/abc" in record.getMessage()
    assert "503" in record.getMessage() and "retry 1 of 3" in record.getMessage()


# -- delete: a retry that finds it gone ------------------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [status(504), httpx.RemoteProtocolError("dropped"), httpx.ReadTimeout("silent")],
    ids=["504", "dropped", "timeout"],
)
def test_delete_retried_after_it_may_have_worked_counts_not_found_as_done(
    make: Callable[..., Setup], first: Answer
) -> None:
    setup = make(first, error(404, "execution_not_found"))
    assert setup.client.delete_execution(FN, "abc") is None
    assert len(setup.network.requests) == 2


def test_delete_of_a_missing_execution_is_not_found(make: Callable[..., Setup]) -> None:
    setup = make(error(404, "execution_not_found"))
    with pytest.raises(NotFound):
        setup.client.delete_execution(FN, "abc")


def test_delete_after_a_rate_limit_did_not_run_so_not_found_stays(
    make: Callable[..., Setup],
) -> None:
    setup = make(error(429, "general_rate_limit_exceeded"), error(404, "execution_not_found"))
    with pytest.raises(NotFound):
        setup.client.delete_execution(FN, "abc")


def test_delete_retry_that_finds_the_function_gone_is_not_done(
    make: Callable[..., Setup],
) -> None:
    setup = make(status(503), error(404, "function_not_found"))
    with pytest.raises(NotFound):
        setup.client.delete_execution(FN, "abc")


# -- redirects and empty bodies -----------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirected_create_is_never_followed(make: Callable[..., Setup], code: int) -> None:
    setup = make(status(code, Location="https://new.example/v1/functions/reports/executions"))
    setup.client._transport._http.follow_redirects = True  # even a client that would follow
    with pytest.raises(Redirected) as caught:
        setup.client.create_execution(FN, "{}")
    assert [r.method for r in setup.network.requests] == ["POST"]
    assert caught.value.location == "https://new.example/v1/functions/reports/executions"
    assert caught.value.status == code and "https://new.example/v1" in str(caught.value)


def test_delete_answers_204_without_a_body(make: Callable[..., Setup]) -> None:
    setup = make(status(204))
    assert setup.client.delete_execution(FN, "abc") is None


@pytest.mark.parametrize("code", [200, 201])
def test_an_empty_success_body_is_an_invalid_response(
    make: Callable[..., Setup], code: int
) -> None:
    setup = make(status(code), status(code))
    with pytest.raises(InvalidResponse, match="empty body"):
        setup.client.get_execution(FN, "abc")
    with pytest.raises(InvalidResponse, match="empty body") as caught:
        setup.client.create_execution(FN, "{}")
    assert caught.value.path == "/functions/reports/executions"


@pytest.mark.parametrize(
    ("code", "kind"),
    [(400, AppwriteError), (401, Unauthorized), (404, NotFound), (500, ServerError)],
)
def test_an_empty_error_body_still_gives_the_status_error(
    make: Callable[..., Setup], code: int, kind: type[AppwriteError]
) -> None:
    setup = make(status(code))
    with pytest.raises(kind) as caught:
        setup.client.get_execution(FN, "abc")
    assert caught.value.status == code and "empty body" in str(caught.value)


# -- bodies that would not end ------------------------------------------------------------------


def test_a_declared_huge_body_is_refused_unread(make: Callable[..., Setup]) -> None:
    read: list[int] = []

    def body() -> Iterator[bytes]:
        read.append(1)
        yield b"{}"

    huge = httpx.Response(200, headers={"Content-Length": str(10**12)}, content=body())
    setup = make(huge)
    with pytest.raises(InvalidResponse, match="max_response_bytes"):
        setup.client.get_execution(FN, "abc")
    assert read == [], "not one byte of it was read"


def test_a_runaway_body_is_cut_at_the_limit(make: Callable[..., Setup]) -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        chunk = b" " * (1 << 20)
        while True:
            sent.append(len(chunk))
            yield chunk

    setup = make(httpx.Response(200, content=endless()))
    with pytest.raises(InvalidResponse, match="larger than"):
        setup.client.list_executions(FN)
    assert sum(sent) <= MAX_RESPONSE_BYTES + (1 << 20)


def test_the_size_limit_is_the_client_s_to_set(make: Callable[..., Setup]) -> None:
    body = json.dumps(execution()).encode()
    small = make(status(200, body), max_response_bytes=len(body) - 1)
    with pytest.raises(InvalidResponse, match="max_response_bytes"):
        small.client.get_execution(FN, "abc")
    exact = make(status(200, body), max_response_bytes=len(body))
    assert exact.client.get_execution(FN, "abc").id == "abc"
    for nonsense in (0, -1, 1.5, True, "10"):
        with pytest.raises(InvalidArgument, match="max_response_bytes"):
            make(max_response_bytes=nonsense)


def test_a_huge_error_page_is_read_only_far_enough(make: Callable[..., Setup]) -> None:
    sent: list[int] = []

    def page() -> Iterator[bytes]:
        for _ in range(1000):
            sent.append(1)
            yield b"<p>" + b"x" * 1024 + b"</p>"

    setup = make(httpx.Response(500, content=page(), headers={"Content-Type": "text/html"}))
    with pytest.raises(ServerError) as caught:
        setup.client.get_execution(FN, "abc")
    assert len(sent) <= ERROR_BODY_BYTES // 1024 + 1
    assert len(str(caught.value)) < 600


def test_a_valid_body_near_the_limit_is_read_whole(make: Callable[..., Setup]) -> None:
    big = execution()
    big["responseBody"] = "é" * (8 << 20)  # 16 MiB of UTF-8
    setup = make(httpx.Response(200, content=json.dumps(big, ensure_ascii=False).encode()))
    assert setup.client.get_execution(FN, "abc").response_body == big["responseBody"]


def test_a_deeply_nested_body_is_an_invalid_response(make: Callable[..., Setup]) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    setup = make(status(200, deep), status(500, deep, **{"Content-Type": "application/json"}))
    with pytest.raises(InvalidResponse, match="nested too deeply"):
        setup.client.get_execution(FN, "abc")
    with pytest.raises(ServerError, match="malformed or truncated JSON"):
        setup.client.get_execution(FN, "abc")


# -- waiting keeps to its timeout ---------------------------------------------------------------


@dataclass
class Clock:
    """time.monotonic and time.sleep for one test: sleeping moves the clock, nothing else."""

    now: float = 1000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake.monotonic)
    monkeypatch.setattr(time, "sleep", fake.sleep)
    return fake


def test_a_wait_stops_retrying_when_its_timeout_would_pass(
    make: Callable[..., Setup], clock: Clock
) -> None:
    """Without the deadline, ten retries doubling from 1 s would hold a 5 s wait for
    about 17 minutes: the wait ends with the error inside its 5 s instead."""
    policy = RetryPolicy(retries=10, backoff=1.0, cap=600.0, sleep=clock.sleep, random=lambda: 1.0)
    setup = make(*[status(503)] * 20, retries=policy)
    start = clock.now
    with pytest.raises(ServerError) as caught:
        setup.client.wait_for_execution(FN, "abc", timeout=5, poll_interval=0.5)
    # tries at 0 s, 1 s (after 1 s), 3 s (after 2 s); the next would wait 4 s, past 5 s
    assert len(setup.network.requests) == 3
    assert clock.now - start <= 5
    assert "not retried: the caller's timeout would pass first" in str(caught.value)


def test_each_poll_of_a_wait_times_out_by_the_wait_s_deadline(
    make: Callable[..., Setup], clock: Clock
) -> None:
    running = httpx.Response(200, json=execution(status="processing"))
    setup = make(*[running] * 50, retries=RetryPolicy(retries=0, sleep=clock.sleep))
    with pytest.raises(WaitTimeout):
        setup.client.wait_for_execution(FN, "abc", timeout=2.5, poll_interval=0.5)
    reads = [request.extensions["timeout"]["read"] for request in setup.network.requests]
    assert reads[0] == pytest.approx(2.5)  # httpx.Client's 5 s, cut to the time left
    assert reads == sorted(reads, reverse=True)
    assert min(reads) == 1.0  # a due wait still gives the server a second to answer
    alone = make(running)
    alone.client.get_execution(FN, "abc")  # outside a wait: the client's own timeouts
    assert alone.network.requests[-1].extensions["timeout"]["read"] == 5.0


# -- real sockets ------------------------------------------------------------------------------


def test_the_client_timeout_applies_to_a_silent_server() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        client = Client(
            f"http://127.0.0.1:{port}/v1",
            project="p",
            key="k",
            server_version="1.8.1",
            timeout=0.2,
            retries=0,
        )
        with client, pytest.raises(RequestTimeout) as caught:
            client.list_executions(FN)
    assert "did not answer in time" in str(caught.value) and caught.value.sent


def test_a_refused_connection_is_named_and_retried() -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
    sleeps: list[float] = []
    with closed:
        port = closed.getsockname()[1]
        client = Client(
            f"http://127.0.0.1:{port}/v1",
            project="p",
            key="k",
            retries=RetryPolicy(retries=2, sleep=sleeps.append),
        )
        with client, pytest.raises(NetworkError) as caught:
            client.create_execution(FN, "{}")
    assert "connection was refused" in str(caught.value)
    assert caught.value.sent is False and len(sleeps) == 2


def test_retry_statuses_are_exactly_the_documented_ones() -> None:
    assert frozenset({429, 502, 503, 504}) == RETRY_STATUSES
