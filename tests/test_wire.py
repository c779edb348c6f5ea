"""Decoding bodies within a size limit, layer by layer (`_wire.decoded_body`).

The hostile-server matrix drives this through the client; here each property is pinned
down on its own: stacked layers undone in the right order, raw deflate, gzip members,
truncated and trailing data refused, and memory under a bomb kept near the limit.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from appwrite_executions._transport import Transport
from appwrite_executions._wire import BodyTooLarge, UnsupportedEncoding, decoded_body
from support.hostile import bomb

TEXT = b'{"total": 1, "executions": []}' * 100


def pieces(data: bytes, size: int = 7) -> Iterator[bytes]:
    """The body as a network hands it over: in small, arbitrary chunks."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        (None, TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
        ("gzip, gzip", gzip.compress(gzip.compress(TEXT))),
        ("deflate, gzip", gzip.compress(zlib.compress(TEXT))),  # deflate applied first
        ("gzip, identity, deflate", zlib.compress(gzip.compress(TEXT))),
        ("GZIP", gzip.compress(TEXT[:100]) + gzip.compress(TEXT[100:])),  # two members
    ],
)
def test_every_layer_is_undone_in_order(encoding: str | None, body: bytes) -> None:
    assert decoded_body(pieces(body), encoding, len(TEXT)) == TEXT


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(TEXT)[:-9]),  # cut short
        ("deflate", zlib.compress(TEXT)[:-5]),
        ("gzip", gzip.compress(TEXT) + b"garbage"),
        ("gzip", b"not gzip at all"),
        ("gzip, gzip", gzip.compress(TEXT)),  # one layer fewer than announced
    ],
)
def test_broken_compressed_data_is_refused(encoding: str, body: bytes) -> None:
    with pytest.raises(zlib.error):
        decoded_body(pieces(body, 64), encoding, 10 * len(TEXT))


def test_an_encoding_never_asked_for_is_refused_once_a_byte_comes() -> None:
    assert decoded_body(iter([b""]), "br", 100) == b""
    with pytest.raises(UnsupportedEncoding):
        decoded_body(iter([b"\x1b\x00"]), "br", 100)
    with pytest.raises(UnsupportedEncoding):
        decoded_body(iter([gzip.compress(TEXT)]), "gzip, zstd", 10 * len(TEXT))


def test_the_limit_counts_decoded_bytes_and_keeps_the_head_when_asked() -> None:
    body = gzip.compress(TEXT)
    assert decoded_body(pieces(body), "gzip", len(TEXT)) == TEXT
    with pytest.raises(BodyTooLarge) as cut:
        decoded_body(pieces(body), "gzip", len(TEXT) - 1)
    assert cut.value.head == TEXT[:-1]
    with pytest.raises(BodyTooLarge) as dropped:
        decoded_body(pieces(body), "gzip", 10, keep_head=False)
    assert dropped.value.head == b""


def test_an_endless_stream_of_empty_gzip_members_is_bounded_by_its_raw_size() -> None:
    member = gzip.compress(b"")
    with pytest.raises(BodyTooLarge):
        decoded_body(iter([member] * 10_000), "gzip", 1000)


def test_a_gzip_of_gzip_bomb_keeps_memory_near_the_limit() -> None:
    payload = bomb()  # 256 MiB of zeros in a few KB
    limit = 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            decoded_body(pieces(payload, 4096), "gzip, gzip", limit, keep_head=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(payload) < 1024 * 1024
    assert peak < 4 * limit, f"peak {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ('{"a":"\\ud800"}', "\ufffd"),  # a lone high surrogate
        ('{"a":"\\udc00x"}', "\ufffdx"),  # a lone low one
        ('{"a":"\\ud83d\\ude00"}', "\U0001f600"),  # a valid pair stays
        ('{"a":"\\uD83D\\uDE00"}', "\U0001f600"),
        ('{"a":"\\ud83d\\u0041"}', "\ufffdA"),  # high, then no low
        ('{"a":"\\\\ud800"}', "\\ud800"),  # an escaped backslash: no escape follows
        ('{"a":"\\\\\\ud800"}', "\\\ufffd"),
    ],
)
def test_lone_surrogates_become_the_replacement_character(sent: str, read: str) -> None:
    transport = Transport("http://127.0.0.1:9/v1", {"X-Appwrite-Key": "k"})
    try:
        cleaned = transport._cleaned(sent.encode())
    finally:
        transport.close()
    value = json.loads(cleaned)["a"]
    assert value == read
    value.encode("utf-8")  # storable, printable: no surrogate left
