"""A hostile HTTP server on loopback: what a broken server, proxy or attacker can send.

`Hostile` listens on 127.0.0.1 and forwards each request to an upstream stand-in, so
the content is a real legacy (0.9) or modern (1.8) answer; then its `fault` decides
what actually goes back, down to the bytes and their timing:

- delivery: at once, a byte at a time (`trickle`), or nothing more after the request
  (`stall`) or after the status line and headers (`stall-body`);
- encoding: gzip of gzip bombs for success and error answers, valid stacked layers,
  an encoding nobody asked for;
- content: ids that break Appwrite's id rule, lone surrogates and bytes that are not
  UTF-8, credentials echoed in headers and bodies;
- paging (issue 14 items 3 and 4): a cursor or offset that never advances, pages
  capped short while the count says more, counts that lie, ids repeated across pages.

The server never imports the client; it reads the upstream's JSON with `json` alone.
It is test code, independent of the stand-in's own fault hook.
"""

from __future__ import annotations

import gzip
import http.server
import json
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

__all__ = [
    "BAD_IDS",
    "FAULTS",
    "PAGING_FAULTS",
    "Answer",
    "Fault",
    "Hostile",
    "Incoming",
    "bomb",
]

TRICKLE_GAP = 0.05
"""Seconds between two bytes of a trickled answer: its headers alone take seconds."""
STALL_LIMIT = 30.0
"""The longest a stalled answer is held (the server's own bound; tests end long before)."""
BOMB_BYTES = 256 * 1024 * 1024
"""What the bomb decodes to: far above the limits the tests set, small enough to build."""

BAD_IDS = {
    "dotdot": "../..",
    "control": "ab\x01\x1b[31mcd",
    "long": "x" * 10_000,
    "empty": "",
}


@dataclass
class Incoming:
    """One request as received, before forwarding."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    def credentials(self) -> list[str]:
        names = ("x-appwrite-key", "x-appwrite-jwt", "x-appwrite-session")
        return [v for k, v in self.headers if k.lower() in names and v]

    @property
    def is_list(self) -> bool:
        return (
            self.method == "GET"
            and re.fullmatch(r"/v1/functions/[^/]+/executions", self.path) is not None
        )


@dataclass
class Answer:
    """What goes back: status, headers and body bytes, and how they are delivered."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    delivery: str = "normal"  # normal | trickle | stall | stall-body

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)

    def with_json(self, data: Any, *, ascii_only: bool = True) -> Answer:
        body = json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
        return Answer(self.status, self.headers, body, self.delivery)


Rewrite = Callable[[Incoming], Incoming]
Transform = Callable[[Incoming, Answer], Answer]


@dataclass(frozen=True)
class Fault:
    """A named fault: how the request is changed before forwarding, and the answer after."""

    name: str
    transform: Transform = field(default=lambda request, answer: answer)
    rewrite: Rewrite | None = None
    forward: bool = True
    """False: the upstream never sees the request (the answer is made up)."""
    kind: str = "content"  # content | time | size | secret | paging


# -- bodies --------------------------------------------------------------------------


@cache
def bomb(size: int = BOMB_BYTES) -> bytes:
    """gzip of gzip of ``size`` zero bytes: a few KB that decode to ``size`` bytes."""
    inner = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    piece = bytes(1024 * 1024)
    parts = [inner.compress(piece) for _ in range(size // len(piece))]
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), compresslevel=9)


def _executions(data: Any) -> list[dict[str, Any]]:
    """The execution objects of a list or single-execution answer (mutable, in place)."""
    if isinstance(data, dict) and isinstance(data.get("executions"), list):
        return [e for e in data["executions"] if isinstance(e, dict)]
    if isinstance(data, dict) and "$id" in data:
        return [data]
    return []


def _rewrite_executions(
    change: Callable[[dict[str, Any]], None], *, ascii_only: bool = True
) -> Transform:
    def transform(request: Incoming, answer: Answer) -> Answer:
        if not 200 <= answer.status < 300 or not answer.body:
            return answer
        data = answer.json()
        found = _executions(data)
        if not found:
            return answer
        change(found[0])
        return answer.with_json(data, ascii_only=ascii_only)

    return transform


def _text_field(execution: dict[str, Any]) -> str:
    for name in ("logs", "stdout", "responseBody", "errors", "stderr"):
        if isinstance(execution.get(name), str):
            return name
    raise AssertionError(f"no text field in {sorted(execution)}")


def _set_id(bad: str) -> Callable[[dict[str, Any]], None]:
    def change(execution: dict[str, Any]) -> None:
        execution["$id"] = bad

    return change


def _lone_surrogate(execution: dict[str, Any]) -> None:
    name = _text_field(execution)
    execution[name] = f"before \ud800 after {execution[name]}"


def _not_utf8(request: Incoming, answer: Answer) -> Answer:
    if not 200 <= answer.status < 300 or not answer.body:
        return answer
    data = answer.json()
    found = _executions(data)
    if not found:
        return answer
    name = _text_field(found[0])
    found[0][name] = "NOTUTF8MARK"
    body = json.dumps(data).encode().replace(b"NOTUTF8MARK", b"bad \xff\xfe bytes")
    return Answer(answer.status, answer.headers, body, answer.delivery)


def _encoded(request: Incoming, answer: Answer) -> Answer:
    """Valid stacked layers: deflate applied first, then gzip."""
    body = gzip.compress(zlib.compress(answer.body))
    headers = [*answer.headers, ("Content-Encoding", "deflate, gzip")]
    return Answer(answer.status, headers, body, answer.delivery)


def _echo(request: Incoming, answer: Answer) -> Answer:
    """A proxy that reflects the credentials into headers, and a function that logs them."""
    secrets = request.credentials()
    headers = [*answer.headers, *((f"X-Echo-{n}", s) for n, s in enumerate(secrets))]
    headers.append(("X-Debug-Request", "; ".join(f"{k}={v}" for k, v in request.headers)))
    body = answer.body
    if 200 <= answer.status < 300 and body:
        data = answer.json()
        for execution in _executions(data):
            name = _text_field(execution)
            execution[name] = f"{execution[name]} seen: {' '.join(secrets)}"
        if isinstance(data, dict):
            data["debug"] = {"headers": dict(request.headers)}
        body = json.dumps(data).encode()
    return Answer(answer.status, headers, body, answer.delivery)


def _echo_error(request: Incoming, answer: Answer) -> Answer:
    secrets = " ".join(request.credentials())
    body = json.dumps({"message": f"bad key {secrets}", "code": 401, "type": "x"}).encode()
    return Answer(401, [("Content-Type", "application/json"), ("X-Echo", secrets)], body)


def _bomb(status: int) -> Transform:
    def transform(request: Incoming, answer: Answer) -> Answer:
        headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip, gzip")]
        return Answer(status, headers, bomb(), answer.delivery)

    return transform


def _delivery(mode: str) -> Transform:
    def transform(request: Incoming, answer: Answer) -> Answer:
        return Answer(answer.status, answer.headers, answer.body, mode)

    return transform


def _unknown_encoding(request: Incoming, answer: Answer) -> Answer:
    return Answer(answer.status, [*answer.headers, ("Content-Encoding", "br")], answer.body)


# -- paging (items 3 and 4 of issue 14) ------------------------------------------------


def _query(
    request: Incoming, change: Callable[[list[tuple[str, str]]], list[tuple[str, str]]]
) -> Incoming:
    parts = urlsplit(request.target)
    pairs = change(parse_qsl(parts.query, keep_blank_values=True))
    target = parts._replace(query=urlencode(pairs)).geturl()
    return Incoming(request.method, target, request.headers, request.body)


def _first_page_always(request: Incoming) -> Incoming:
    """The cursor or offset is ignored: every page is the first one again."""
    if not request.is_list:
        return request

    def change(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        kept = []
        for name, value in pairs:
            if name in ("cursor", "offset"):
                continue
            if name == "queries[]" and ("cursorAfter" in value or "offset" in value):
                continue
            kept.append((name, value))
        return kept

    return _query(request, change)


def _short_pages(request: Incoming) -> Incoming:
    """At most 5 a page whatever was asked; the count still says how many there are."""
    if not request.is_list:
        return request

    def change(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out = []
        for name, value in pairs:
            capped = value
            if name == "limit":
                capped = str(min(int(value), 5))
            elif name == "queries[]" and "limit" in value:
                capped = re.sub(r"limit\((\d+)\)", lambda m: f"limit({min(int(m[1]), 5)})", capped)
                capped = re.sub(
                    r'("values":\[)(\d+)', lambda m: f"{m[1]}{min(int(m[2]), 5)}", capped
                )
            out.append((name, capped))
        return out

    return _query(request, change)


def _lying_count(request: Incoming, answer: Answer) -> Answer:
    if not request.is_list or answer.status != 200:
        return answer
    data = answer.json()
    for key in ("total", "sum"):
        if key in data:
            data[key] = 10**12
    return answer.with_json(data)


def _repeat_across_pages(request: Incoming, answer: Answer) -> Answer:
    """Each page also carries the previous page's last execution again, first."""
    if not request.is_list or answer.status != 200:
        return answer
    data = answer.json()
    items = data.get("executions") or []
    if len(items) > 1:
        data["executions"] = [items[-1], *items[:-1]]
    return answer.with_json(data)


FAULTS: dict[str, Fault] = {
    "none": Fault("none", kind="control"),
    "trickle": Fault("trickle", _delivery("trickle"), kind="time"),
    "stall": Fault("stall", _delivery("stall"), kind="time"),
    "stall-body": Fault("stall-body", _delivery("stall-body"), kind="time"),
    "bomb-200": Fault("bomb-200", _bomb(200), kind="size"),
    "bomb-500": Fault("bomb-500", _bomb(500), kind="size"),
    "stacked": Fault("stacked", _encoded, kind="control"),
    "unknown-encoding": Fault("unknown-encoding", _unknown_encoding),
    "echo": Fault("echo", _echo, kind="secret"),
    "echo-401": Fault("echo-401", _echo_error, forward=False, kind="secret"),
    **{
        f"id-{name}": Fault(f"id-{name}", _rewrite_executions(_set_id(bad)), kind="id")
        for name, bad in BAD_IDS.items()
    },
    "surrogate": Fault("surrogate", _rewrite_executions(_lone_surrogate), kind="unicode"),
    "not-utf8": Fault("not-utf8", _not_utf8, kind="unicode"),
}

PAGING_FAULTS: dict[str, Fault] = {
    "cursor-loop": Fault("cursor-loop", rewrite=_first_page_always, kind="paging"),
    "short-pages": Fault("short-pages", rewrite=_short_pages, kind="paging"),
    "lying-count": Fault("lying-count", _lying_count, kind="paging"),
    "repeat-across-pages": Fault("repeat-across-pages", _repeat_across_pages, kind="paging"),
}
"""Faults for the paging loop (issue 14 items 3 and 4), for the tests that come with it."""


# -- the server ----------------------------------------------------------------------


_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"}


class Hostile:
    """A loopback server in front of ``upstream`` (a stand-in's URL) applying ``fault``.

    ``fault`` may be changed between requests; ``matches`` limits it to some requests
    (others pass through). ``seen`` counts requests received.
    """

    def __init__(self, upstream: str, fault: Fault | None = None) -> None:
        self.upstream = upstream.rstrip("/").removesuffix("/v1")
        self.fault = fault or FAULTS["none"]
        self.matches: Callable[[Incoming], bool] = lambda request: True
        self.seen = 0
        self.stop_stalling = threading.Event()
        self._http = httpx.Client(timeout=30, headers={"Accept-Encoding": "identity"})
        hostile = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

            def _dispatch(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Incoming(self.command, self.path, list(self.headers.items()), body)
                hostile.seen += 1
                answer = hostile.answer(request)
                hostile.deliver(self.connection, answer)
                self.close_connection = True

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _dispatch

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> Hostile:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_stalling.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._http.close()

    def answer(self, request: Incoming) -> Answer:
        fault = self.fault if self.matches(request) else FAULTS["none"]
        if fault.rewrite is not None:
            request = fault.rewrite(request)
        if fault.forward:
            answer = self._forward(request)
        else:
            answer = Answer(200, [("Content-Type", "application/json")], b"{}")
        return fault.transform(request, answer)

    def _forward(self, request: Incoming) -> Answer:
        headers = [
            (k, v)
            for k, v in request.headers
            if k.lower() not in (_HOP | {"host", "accept-encoding"})
        ]
        response = self._http.request(
            request.method,
            self.upstream + request.target,
            headers=headers,
            content=request.body or None,
        )
        kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _HOP]
        return Answer(response.status_code, kept, response.content)

    def deliver(self, connection: socket.socket, answer: Answer) -> None:
        if answer.delivery == "stall":
            self.stop_stalling.wait(STALL_LIMIT)
            return
        head = [f"HTTP/1.1 {answer.status} {http.HTTPStatus(answer.status).phrase}"]
        head += [f"{k}: {v}" for k, v in answer.headers]
        if answer.status != 204:
            head.append(f"Content-Length: {len(answer.body)}")
        head.append("Connection: close")
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        body = b"" if answer.status == 204 else answer.body
        try:
            if answer.delivery == "trickle":
                for byte in _bytes(data + body):
                    connection.sendall(byte)
                    if self.stop_stalling.wait(TRICKLE_GAP):
                        return
                return
            connection.sendall(data)
            if answer.delivery == "stall-body":
                connection.sendall(body[:1])
                self.stop_stalling.wait(STALL_LIMIT)
                return
            connection.sendall(body)
        except OSError:
            return  # the client gave up: what a deadline is for


def _bytes(data: bytes) -> Iterator[bytes]:
    for index in range(len(data)):
        yield data[index : index + 1]


def elapsed(start: float) -> float:
    return time.monotonic() - start
