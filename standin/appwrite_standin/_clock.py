"""Fake time and Appwrite-style ids, so every response is reproducible.

Nothing in the stand-in reads the wall clock: timestamps come from a
:class:`FakeClock` that only moves when the stand-in mutates state, and ids are
derived from that clock plus a seeded hash.  Re-running a request sequence after
``reset()`` therefore yields byte-identical responses.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

CLOCK_START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
"""The stand-in's "now" right after start or ``reset()``.

Every seeded execution was created before this instant; seeded ``scheduledAt``
values lie after it.
"""

CLOCK_STEP_MS = 1_250
"""How far the fake clock advances per state-changing event (create, progress, delete)."""


def to_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch for an aware datetime."""
    return (
        int((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()) * 1000
        + moment.microsecond // 1000
    )


CLOCK_START_MS = to_ms(CLOCK_START)


class FakeClock:
    """Millisecond clock that advances a fixed step per mutating event."""

    def __init__(self, start_ms: int = CLOCK_START_MS, step_ms: int = CLOCK_STEP_MS) -> None:
        self._now_ms = start_ms
        self._step_ms = step_ms

    @property
    def now_ms(self) -> int:
        """Current fake time, without advancing."""
        return self._now_ms

    def tick(self) -> int:
        """Advance one step and return the new time."""
        self._now_ms += self._step_ms
        return self._now_ms


def from_ms(ms: int) -> datetime:
    """Aware UTC datetime for epoch milliseconds."""
    return datetime.fromtimestamp(ms // 1000, tz=UTC).replace(microsecond=(ms % 1000) * 1000)


def iso_ms(ms: int) -> str:
    """Appwrite 1.x datetime text: ``2026-01-02T03:04:05.678+00:00``."""
    moment = from_ms(ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}+00:00"


def iso_to_ms(text: str) -> int:
    """Inverse of :func:`iso_ms` for the stand-in's own canonical strings."""
    parsed = parse_iso(text)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 datetime: {text!r}")
    return to_ms(parsed)


def unix_seconds(ms: int) -> int:
    """0.x ``dateCreated`` (and 0.15's ``$createdAt``/``$updatedAt``): whole Unix seconds."""
    return ms // 1000


def parse_iso(text: str) -> datetime | None:
    """Parse an ISO 8601 datetime as Appwrite would; naive values count as UTC."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def unique_id(ms: int, salt: str) -> str:
    """An id shaped like Appwrite's ``ID.unique()``: 20 lowercase hex chars.

    Appwrite concatenates PHP ``uniqid()`` (8 hex digits of seconds, 5 of
    microseconds) with 7 random hex digits; here the time part comes from the
    fake clock and the "random" part from a hash of ``salt``.
    """
    seconds, millis = divmod(ms, 1000)
    tail = hashlib.sha256(salt.encode("utf-8")).hexdigest()[:7]
    return f"{seconds:08x}{millis * 1000:05x}{tail}"
