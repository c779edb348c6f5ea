"""A loopback TCP relay that can add network latency and counts open connections.

For the benchmark (a link like a hosted Appwrite's, on one machine) and for tests that
need to see how many connections a client holds at once. Each direction is a delay
line: a chunk read at time t is sent on at t + ``delay``, so a stream keeps its rate
and only gains latency; a new connection first waits one round trip (``2 * delay``),
as a TCP handshake over such a link does.

    with Relay(("127.0.0.1", 8080), delay=0.025) as relay:
        url = f"http://127.0.0.1:{relay.port}/v1"
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from types import TracebackType

_CHUNK = 65536


class Relay:
    """Listens on 127.0.0.1 (a free port) and relays every connection to ``target``."""

    def __init__(self, target: tuple[str, int], *, delay: float = 0.0) -> None:
        self.target = target
        self.delay = delay
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self.open = 0
        self.most_open = 0
        self.accepted = 0
        self._closing = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="relay", daemon=True)

    def __enter__(self) -> Relay:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        with self._lock:
            self.accepted += 1
            self.open += 1
            self.most_open = max(self.most_open, self.open)
            self._sockets.add(client)
        try:
            if self.delay:
                time.sleep(2 * self.delay)  # the handshake's round trip
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets.add(upstream)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            there = threading.Thread(target=self._pipe, args=(client, upstream), daemon=True)
            back = threading.Thread(target=self._pipe, args=(upstream, client), daemon=True)
            there.start()
            back.start()
            there.join()
            back.join()
        except OSError:
            pass
        finally:
            with self._lock:
                self.open -= 1
                self._sockets.discard(client)
            with contextlib.suppress(OSError):
                client.close()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        """Copy source to sink, each chunk ``delay`` after it was read; EOF travels too."""
        line: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()

        def send() -> None:
            while True:
                due, data = line.get()
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                try:
                    if not data:
                        sink.shutdown(socket.SHUT_WR)
                        return
                    sink.sendall(data)
                except OSError:
                    return

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        try:
            while True:
                try:
                    data = source.recv(_CHUNK)
                except OSError:
                    data = b""
                line.put((time.monotonic() + self.delay, data))
                if not data:
                    break
        finally:
            sender.join()


def main(argv: list[str]) -> int:
    """``python tools/relay.py HOST PORT DELAY``: prints ``ready PORT``, relays until
    standard input closes (so a parent's relay never outlives it)."""
    import sys  # noqa: PLC0415

    host, port, delay = argv[1], int(argv[2]), float(argv[3])
    with Relay((host, port), delay=delay) as relay:
        print(f"ready {relay.port}", flush=True)
        sys.stdin.buffer.read()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
