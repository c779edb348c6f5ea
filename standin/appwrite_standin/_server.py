"""HTTP glue: a keep-alive ``ThreadingHTTPServer`` in front of :class:`App`, and :class:`StandIn`.

Responses are byte-stable: no ``Date`` header, a fixed ``Server`` header, no
request logging.  Only the status line, ``Server``, ``Content-Type``,
``Content-Length`` and hook-supplied headers are ever sent.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from ._app import App
from ._auth import Credentials
from ._clock import iso_ms
from ._data import DEFAULT_SEED, Record
from ._generations import Generation
from ._wire import Reply, RequestHook

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PROJECT = "standin-project"
DEFAULT_KEY = "standin-key"
DEFAULT_JWT = "standin-jwt"
DEFAULT_SESSION = "standin-session"
STANDIN_USER_ID = "standin-user"
"""The user a valid JWT or session authenticates as."""
SERVER_HEADER = "Appwrite-StandIn"
_POLL_INTERVAL = 0.05
"""Seconds between shutdown checks of the serving loop (keeps ``stop()`` quick)."""


class _Server(ThreadingHTTPServer):
    """Tracks open connections so ``stop()`` can close idle keep-alive sockets."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: App) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up; report anything else (a stand-in bug)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Shut down every open client socket (handler threads then exit)."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, asks the app, writes the reply - nothing time-varying."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    """Headers and body go out in separate writes; without TCP_NODELAY the body
    waits for the client's delayed ACK (~40 ms per keep-alive response)."""
    server: _Server

    def version_string(self) -> str:
        return SERVER_HEADER

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "date":
            return  # keep responses byte-stable
        super().send_header(keyword, value)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        body = self._read_body()
        headers = tuple((key, value) for key, value in self.headers.items())
        reply = self.server.app.serve(self.command, self.path, headers, body)
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        if reply.drop_connection:
            self.close_connection = True
            return
        self.send_response(reply.status)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        for key, value in reply.headers:
            self.send_header(key, value)
        if reply.status != 204 and not 100 <= reply.status < 200:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.status != 204:
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


class StandIn:
    """A local Appwrite executions API for one server version.

    ``with StandIn(version="1.8.1") as s: ...`` serves on ``s.url`` in a background
    thread until the block ends.  State is seeded from ``seed``; ``reset()`` puts
    it back, so identical request sequences give identical bytes.
    ``extra_functions`` adds functions with that many plain executions each
    (``{"busy": 6000}``), cheap enough for tests that reach the paging caps.
    """

    def __init__(
        self,
        version: str,
        *,
        port: int = 0,
        host: str = DEFAULT_HOST,
        project: str = DEFAULT_PROJECT,
        key: str = DEFAULT_KEY,
        jwt: str = DEFAULT_JWT,
        session: str = DEFAULT_SESSION,
        seed: int = DEFAULT_SEED,
        before_request: RequestHook | None = None,
        extra_functions: Mapping[str, int] | None = None,
    ) -> None:
        credentials = Credentials(
            project=project, key=key, jwt=jwt, session=session, user_id=STANDIN_USER_ID
        )
        self._app = App(version, credentials, seed, before_request, extra_functions)
        self._host = host
        self._requested_port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> StandIn:
        """Bind and serve in a daemon thread (idempotent)."""
        if self._server is None:
            self._server = _Server((self._host, self._requested_port), self._app)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                args=(_POLL_INTERVAL,),
                name="appwrite-standin",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and release the port."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join()

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` is called from elsewhere."""
        self.start()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------- access

    @property
    def port(self) -> int:
        """The bound port (the ephemeral one when constructed with ``port=0``)."""
        if self._server is None:
            raise RuntimeError("stand-in is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Endpoint in Appwrite's convention, e.g. ``http://127.0.0.1:PORT/v1``."""
        return f"http://{self._host}:{self.port}/v1"

    @property
    def version(self) -> str:
        """The version string ``/health/version`` reports."""
        return self._app.version

    @property
    def generation(self) -> Generation:
        """The wire generation that version speaks."""
        return self._app.generation

    @property
    def project(self) -> str:
        return self._app.credentials.project

    @property
    def key(self) -> str:
        return self._app.credentials.key

    @property
    def jwt(self) -> str:
        return self._app.credentials.jwt

    @property
    def session(self) -> str:
        return self._app.credentials.session

    @property
    def before_request(self) -> RequestHook | None:
        """Fault hook: sees each :class:`Request`; a :class:`Reply` it returns is sent instead."""
        return self._app.before_request

    @before_request.setter
    def before_request(self, hook: RequestHook | None) -> None:
        self._app.before_request = hook

    @property
    def requests_seen(self) -> int:
        """Requests received since start or the last ``reset()``."""
        return self._app.requests_seen

    def reset(self) -> None:
        """Restore the seeded state, fake clock, id counter and request index."""
        self._app.reset()

    def now(self) -> str:
        """The fake clock's current time (ISO 8601, ms precision)."""
        return iso_ms(self._app.clock.now_ms)

    def function_ids(self) -> list[str]:
        """Ids of the seeded functions."""
        return list(self._app.store.functions)

    def executions(self, function_id: str) -> list[Record]:
        """Deep copies of a function's executions in the internal 1.8 shape, insertion order.

        ``logs``/``errors`` are unmasked; this is the ground truth both wire
        generations render from.
        """
        return self._app.store.snapshot(function_id)
