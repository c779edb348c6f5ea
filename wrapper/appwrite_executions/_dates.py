"""Appwrite's date formats, in one place.

Modern servers send ISO 8601 strings with milliseconds and an explicit offset
(``2020-10-15T06:38:00.000+00:00``); servers before 1.0 send whole Unix seconds.
Both directions live here so the models and the version chain agree exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = [
    "format_datetime",
    "from_unix_seconds",
    "parse_datetime",
    "to_unix_seconds",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_SECOND = timedelta(seconds=1)


def format_datetime(value: datetime) -> str:
    """Format an aware datetime the way Appwrite does.

    Milliseconds and the datetime's own offset are always written; microseconds
    only when there are sub-millisecond digits, so formatting never loses data.
    """
    if value.utcoffset() is None:
        raise ValueError("cannot format a naive datetime: it has no UTC offset")
    spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.isoformat(timespec=spec)


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 string that must carry a UTC offset (``Z`` counts).

    Raises ValueError for anything else, including naive strings: guessing a
    timezone would silently shift every time by hours.
    """
    value = datetime.fromisoformat(text)
    if value.utcoffset() is None:
        raise ValueError(f"date {text!r} has no UTC offset")
    return value


def from_unix_seconds(seconds: int) -> datetime:
    """Turn legacy whole Unix seconds into an aware UTC datetime.

    Uses epoch arithmetic instead of ``fromtimestamp`` so negative and very
    large values behave the same on every platform (OverflowError past year 9999).
    """
    return _EPOCH + _ONE_SECOND * seconds  # cheaper than building a timedelta from it


def to_unix_seconds(value: datetime) -> int:
    """Whole Unix seconds of an aware datetime, rounded down like PHP's strtotime."""
    return (value - _EPOCH) // _ONE_SECOND
