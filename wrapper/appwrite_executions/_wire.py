"""What a hostile or broken server cannot do to the process: take unbounded time or memory.

Two guards sit below the HTTP layer:

- A deadline for one attempt (connect, send, and every byte of the answer). httpx's
  timeouts are per socket operation, so a server that sends one byte a second never
  trips them; `DeadlineBackend` wraps httpcore's network backend and cuts every
  connect, send and receive to the time left before the attempt's deadline, which
  is set for the current thread of control with `attempt_deadline`.
- A bound on decoded bytes across every Content-Encoding layer. httpx decodes a
  layer in full before anyone can count it, so a few KB of gzip of gzip becomes
  gigabytes; `decoded_body` decodes the raw bytes itself, layer by layer and a
  bounded slice at a time, and stops as soon as the decoded size passes the limit.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

__all__ = [
    "SUPPORTED_ENCODINGS",
    "BodyTooLarge",
    "DeadlineBackend",
    "UnsupportedEncoding",
    "attempt_deadline",
    "decoded_body",
    "install_deadlines",
]

SUPPORTED_ENCODINGS = "gzip, deflate"
"""What the client asks for (Accept-Encoding) and can decode within its limits."""
_SLICE = 64 * 1024
"""Largest piece a decoder hands on at once: what one layer holds in memory."""
_WRITE_SLICE = 64 * 1024

_DUE: ContextVar[float | None] = ContextVar("appwrite_executions_attempt_due", default=None)


class BodyTooLarge(Exception):
    """The decoded body passed the limit (the bytes up to the limit are in ``head``)."""

    def __init__(self, head: bytes) -> None:
        super().__init__("decoded body too large")
        self.head = head


class UnsupportedEncoding(Exception):
    """A Content-Encoding this client does not decode (it never asks for one)."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.encoding = encoding


@contextmanager
def attempt_deadline(due: float | None) -> Iterator[None]:
    """Network operations inside end by ``due`` (a time.monotonic() value)."""
    token = _DUE.set(due)
    try:
        yield
    finally:
        _DUE.reset(token)


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    due = _DUE.get()
    if due is None:
        return timeout
    left = due - time.monotonic()
    if left <= 0:
        raise error("the call's time limit ran out")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Slice by slice, so a server that reads slowly cannot stretch one write.
        view = memoryview(buffer)
        for start in range(0, len(view), _WRITE_SLICE):
            piece = bytes(view[start : start + _WRITE_SLICE])
            self._inner.write(piece, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, with every operation cut to the attempt's deadline.

    Outside `attempt_deadline` it changes nothing, so installing it in a shared
    httpx.Client leaves that client's other users as they were.
    """

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _left(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install_deadlines(client: httpx.Client) -> bool:
    """Put `DeadlineBackend` under every httpx transport of ``client`` that has a pool.

    Returns False when some transport is not httpx's own (a mock, a custom one): the
    deadline is then checked between body chunks only.
    """
    transports = [client._transport, *client._mounts.values()]
    complete = True
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            complete = complete and transport is None
            continue
        if not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return complete


# -- bounded decoding ------------------------------------------------------------------


def _inflate(chunks: Iterable[bytes], wbits: int, *, gzip: bool) -> Iterator[bytes]:
    """One zlib layer, decoded at most `_SLICE` bytes at a time."""
    decoder = zlib.decompressobj(wbits)
    first = True
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = decoder.decompress(data, _SLICE)
            except zlib.error:
                if first and not gzip and wbits > 0:
                    # "deflate" is often sent raw, without the zlib wrapper.
                    decoder, wbits = zlib.decompressobj(-zlib.MAX_WBITS), -zlib.MAX_WBITS
                    continue
                raise
            first = False
            if out:
                yield out
            if decoder.eof:
                data = decoder.unused_data
                if data and gzip:
                    decoder = zlib.decompressobj(wbits)  # the next gzip member
                    continue
                if data.strip(b"\x00"):
                    raise zlib.error("data after the end of the compressed stream")
                break
            data = decoder.unconsumed_tail
            while not data and len(out) == _SLICE:
                # zlib may hold more output than one slice for input it has taken.
                out = decoder.decompress(b"", _SLICE)
                if out:
                    yield out
    if not first and not decoder.eof:
        raise zlib.error("the compressed stream ends early (truncated)")


def _layers(encoding: str) -> list[str]:
    names = [part.strip().lower() for part in encoding.split(",")]
    return [name for name in names if name and name != "identity"]


def _counted(raw: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The raw bytes, refused past ``limit`` too: no encoding makes an endless body fine."""
    size = 0
    for chunk in raw:
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(b"")
        yield chunk


def _refused(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """An encoding not decoded here: fine for an empty body, refused for any byte."""
    for chunk in chunks:
        if chunk:
            raise UnsupportedEncoding(encoding)
    yield from ()


def decoded_body(
    raw: Iterable[bytes], content_encoding: str | None, limit: int, *, keep_head: bool = True
) -> bytes:
    """The body decoded through every layer of ``content_encoding``, at most ``limit`` bytes.

    Raises BodyTooLarge as soon as the decoded bytes pass ``limit`` (its ``head`` holds
    the first ``limit`` when ``keep_head``, else nothing: no second copy is made),
    UnsupportedEncoding for an encoding other than gzip and deflate (once a byte comes),
    and zlib.error for bytes that are not what the encoding says.
    """
    layers = _layers(content_encoding or "")
    stream: Iterable[bytes] = _counted(raw, limit) if layers else raw
    # The last listed encoding was applied last, so it is undone first.
    for name in reversed(layers):
        if name in ("gzip", "x-gzip"):
            stream = _inflate(stream, zlib.MAX_WBITS | 16, gzip=True)
        elif name == "deflate":
            stream = _inflate(stream, zlib.MAX_WBITS, gzip=False)
        else:
            stream = _refused(stream, name)
    chunks: list[bytes] = []
    size = 0
    for chunk in stream:
        size += len(chunk)
        if size > limit:
            if not keep_head:
                chunks.clear()
                raise BodyTooLarge(b"")
            chunks.append(chunk[: len(chunk) - (size - limit)])
            raise BodyTooLarge(b"".join(chunks))
        chunks.append(chunk)
    return b"".join(chunks)
