"""A fast HTTP/1.1 and HTTPS server on loopback, so the benchmark measures clients.

Every answer is computed before the first request (status line, headers and body in
one bytes object); a request costs a dictionary look-up and one write. Long streams
of executions, too big to hold, are assembled from 100 precomputed items with only
their ids rewritten. Connections are kept alive unless the client closes them. It
runs in its own process (pinned to its own core when asked) so it never competes
with the measured client for the GIL; each connection has its own thread and a
blocking socket, so TLS stays in OpenSSL.

Run by ``Loopback`` as ``python loopback.py CONFIG.json``; it prints
``ready HTTP_PORT HTTPS_PORT`` and stops when its standard input closes.
"""

from __future__ import annotations

import json
import os
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote

from fixtures import CREATED_SLOT, stream_created

HOST = "127.0.0.1"
STREAM_FUNCTION = "stream-"
_COUNT_CAP = 5000  # /functions/stream-<count>[-<tag>]/executions
_NOT_FOUND = json.dumps(
    {"message": "Route not found", "code": 404, "type": "general_route_not_found"}
)


def _response(body: str, status: str = "200 OK") -> bytes:
    payload = body.encode()
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Server: appwrite-bench\r\n"
        "Content-Type: application/json; charset=UTF-8\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


@dataclass
class ServerConfig:
    """What the server answers: fixed routes, and streams of generated executions."""

    routes: dict[str, str] = field(default_factory=dict)  # path -> JSON body
    stream_items: dict[str, list[str]] = field(default_factory=dict)  # api prefix -> items
    id_slot: str = ""
    id_prefix: str = ""
    certfile: str | None = None  # key and chain, PEM: also serve HTTPS
    cpu: int | None = None


class _Stream:
    """Pages of a long list, built from precomputed items by position.

    Modern streams page by ``queries[]`` (limit, offset, cursorAfter) and count in
    ``total``; legacy ones (an API prefix starting ``/legacy``) by ``limit`` and
    ``offset`` and count in ``sum``, as 0.9 servers do.
    """

    def __init__(self, items: list[str], slot: str, prefix: str, *, legacy: bool = False) -> None:
        self.items = items
        self.slot = slot
        self.prefix = prefix
        self.legacy = legacy

    def _item(self, index: int) -> str:
        item = self.items[index % len(self.items)].replace(self.slot, f"{self.prefix}{index:08d}")
        return item.replace(CREATED_SLOT, stream_created(index))

    def _position(self, execution_id: str) -> int:
        digits = execution_id[len(self.prefix) : len(self.prefix) + 8]
        return int(digits) if execution_id.startswith(self.prefix) and digits.isdigit() else -1

    def page(self, count: int, query: str) -> bytes:
        if self.legacy:
            return self._legacy_page(count, query)
        limit, offset, after, with_total = 25, 0, 0, True
        for key, value in parse_qsl(query, keep_blank_values=True):
            if key == "total":
                with_total = value not in ("false", "0")
            if not key.startswith("queries"):
                continue
            item = json.loads(value)
            method, values = item.get("method"), item.get("values") or []
            if method == "limit":
                limit = int(values[0])
            elif method == "offset":
                offset = int(values[0])
            elif method == "cursorAfter":
                after = self._position(str(values[0])) + 1
        # The offset counts from the cursor, as Appwrite's database applies it (WHERE
        # past the cursor, then OFFSET: utopia-php/database 3.5.0 Adapter/SQL.php find()).
        start = after + offset
        executions = ",".join(
            self._item(index) for index in range(start, min(count, start + limit))
        )
        # A 1.x server stops counting at APP_LIMIT_COUNT (5,000).
        total = min(count, _COUNT_CAP) if with_total else 0
        return _response(f'{{"total":{total},"executions":[{executions}]}}')

    def _legacy_page(self, count: int, query: str) -> bytes:
        params = dict(parse_qsl(query, keep_blank_values=True))
        limit, start = int(params.get("limit", 25)), int(params.get("offset", 0))
        executions = ",".join(
            self._item(index) for index in range(start, min(count, start + limit))
        )
        return _response(f'{{"sum":{count},"executions":[{executions}]}}')

    def one(self, count: int, execution_id: str) -> bytes | None:
        """A single execution of the stream (sync re-reads unfinished ones)."""
        index = self._position(execution_id)
        return _response(self._item(index)) if 0 <= index < count else None


class _App:
    def __init__(self, config: ServerConfig) -> None:
        self.answers = {path.encode(): _response(body) for path, body in config.routes.items()}
        self.streams = {
            prefix: _Stream(
                items, config.id_slot, config.id_prefix, legacy=prefix.startswith("/legacy")
            )
            for prefix, items in config.stream_items.items()
        }
        self.not_found = _response(_NOT_FOUND, "404 Not Found")

    def answer(self, target: bytes) -> bytes:
        path, _, query = target.partition(b"?")
        found = self.answers.get(path)
        if found is not None:
            return found
        return self._stream(unquote(path.decode()), query.decode()) or self.not_found

    def _stream(self, path: str, query: str) -> bytes | None:
        prefix, marker, rest = path.partition(f"/functions/{STREAM_FUNCTION}")
        stream = self.streams.get(prefix)
        name, _, tail = rest.partition("/")
        count = name.partition("-")[0]  # stream-500-07: 500 executions, tagged 07
        if not marker or stream is None or not count.isdigit():
            return None
        if tail == "executions":
            return stream.page(int(count), query)
        collection, _, execution_id = tail.partition("/")
        if collection == "executions" and execution_id:
            return stream.one(int(count), execution_id)
        return None


def _take_request(buffer: bytearray) -> tuple[bytes, bool] | None:
    """Remove one complete request from ``buffer``: its target, and whether the client
    asked to close; None until a whole request (head and body) has arrived."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    request_line, _, header_block = bytes(buffer[:end]).partition(b"\r\n")
    headers = header_block.lower()
    length = 0
    if b"content-length:" in headers:
        for line in headers.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip() == b"content-length":
                length = int(value)
    if len(buffer) < end + 4 + length:
        return None
    del buffer[: end + 4 + length]
    return request_line.split(b" ", 2)[1], b"connection: close" in headers


class _Server(socketserver.ThreadingTCPServer):
    """One listener; every connection gets its own thread and a blocking socket.

    Blocking sockets keep TLS in OpenSSL: asyncio's TLS runs its record layer in Python
    and added about 0.1 ms to every HTTPS request, which the raw baseline then paid.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, app: _App, tls: ssl.SSLContext | None) -> None:
        super().__init__((HOST, 0), _Handler)
        self.app = app
        self.tls = tls


class _Handler(socketserver.BaseRequestHandler):
    """One keep-alive connection: requests in, precomputed bytes out."""

    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if self.server.tls is not None:  # the handshake, in this connection's thread
                sock = self.server.tls.wrap_socket(sock, server_side=True)
            self._serve(sock)
        except (OSError, ssl.SSLError):
            pass  # the client went away
        finally:
            sock.close()

    def _serve(self, sock: socket.socket) -> None:
        buffer = bytearray()
        while True:
            taken = _take_request(buffer)
            if taken is None:
                data = sock.recv(65536)
                if not data:
                    return
                buffer += data
                continue
            target, close = taken
            sock.sendall(self.server.app.answer(target))
            if close:
                return


def _serve(config: ServerConfig) -> None:
    app = _App(config)
    servers = [_Server(app, None)]
    if config.certfile:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(config.certfile)
        servers.append(_Server(app, context))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = [server.server_address[1] for server in servers] + [0]
    print(f"ready {ports[0]} {ports[1]}", flush=True)
    sys.stdin.buffer.read()  # the parent holds our stdin: when it closes (or dies), stop
    for server in servers:
        server.shutdown()


def main(argv: list[str]) -> None:
    raw: dict[str, Any] = json.loads(Path(argv[1]).read_text())
    config = ServerConfig(**raw)
    if config.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {config.cpu})
    _serve(config)


class Loopback:
    """The server process, from the parent's side: start, ports, stop."""

    def __init__(self, config: ServerConfig, workdir: Path) -> None:
        self.config = config
        self.workdir = workdir
        self.http_port = 0
        self.https_port = 0
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Loopback:
        path = self.workdir / "server-config.json"
        path.write_text(json.dumps(self.config.__dict__))
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode().split()
        if len(line) != 3 or line[0] != "ready":
            self.__exit__(None, None, None)
            raise RuntimeError(f"the loopback server did not start: {line!r}")
        self.http_port, self.https_port = int(line[1]), int(line[2])
        return self

    def url(self, api: str, *, tls: bool = False) -> str:
        """The endpoint of one API shape, as clients take it: http(s)://host:port/api/v1."""
        scheme, port = ("https", self.https_port) if tls else ("http", self.http_port)
        return f"{scheme}://{HOST}:{port}/{api}/v1"

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main(sys.argv)
