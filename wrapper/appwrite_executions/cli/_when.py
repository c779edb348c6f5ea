"""Times typed on a command line: absolute dates, or relative ones such as ``+2h``,
``-30d``, ``tomorrow 09:00``. A time without a zone is the user's local time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dateutil import parser as date_parser

from .._validation import is_ambiguous_date
from ._failures import ExitCode, Failure

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_RELATIVE = re.compile(r"([+-])((?:\d+[smhdw])+)")
_PART = re.compile(r"(\d+)([smhdw])")
_DAY = re.compile(r"(today|tomorrow)(?:\s+(\d{1,2}):(\d{2}))?", re.IGNORECASE)
_EXAMPLES = "'+30m', '+2h', '+1d', 'tomorrow 09:00', 'today 17:30' or '2026-12-01 10:00 +01:00'"


def _local(now: datetime) -> datetime:
    return now.astimezone()


def parse_when(text: str, flag: str, now: datetime) -> tuple[datetime, bool]:
    """The moment ``text`` names, aware; and whether it was relative (to be rounded)."""
    value = text.strip()
    relative = _RELATIVE.fullmatch(value.replace(" ", ""))
    if relative:
        sign = 1 if relative.group(1) == "+" else -1
        delta = timedelta()
        for amount, unit in _PART.findall(relative.group(2)):
            delta += timedelta(**{_UNITS[unit]: int(amount)})
        return now + sign * delta, True
    day = _DAY.fullmatch(value)
    if day:
        base = _local(now).replace(hour=0, minute=0, second=0, microsecond=0)
        if day.group(1).lower() == "tomorrow":
            base += timedelta(days=1)
        if day.group(2) is not None:
            hour, minute = int(day.group(2)), int(day.group(3))
            if hour > 23 or minute > 59:
                raise Failure(ExitCode.USAGE, f"{flag} {text!r}: {hour}:{minute:02d} is no time")
            base = base.replace(hour=hour, minute=minute)
        return base, False
    if is_ambiguous_date(value):
        raise Failure(
            ExitCode.USAGE,
            f"{flag} {text!r} is ambiguous (day/month or month/day?); write the date year "
            "first, e.g. '2030-01-02 10:00 +00:00'",
        )
    try:
        when = date_parser.parse(value)
        when.utcoffset()  # an offset of 24 h or more fails only here
    except (ValueError, OverflowError):
        raise Failure(
            ExitCode.USAGE, f"{flag} {text!r} is not a date and time; use e.g. {_EXAMPLES}"
        ) from None
    if when.utcoffset() is None:
        when = when.replace(tzinfo=_local(now).tzinfo)
        when = when.astimezone()  # the local zone's offset at that date
    return when, False


def schedule_time(text: str, now: datetime) -> datetime:
    """--scheduled-at: in the future, on a whole minute (relative times round up)."""
    when, relative = parse_when(text, "--scheduled-at", now)
    if when.second or when.microsecond:
        if not relative:
            raise Failure(
                ExitCode.USAGE,
                f"--scheduled-at {text!r} has seconds; Appwrite schedules to the minute, "
                "so give a whole minute (e.g. 10:00, not 10:00:30)",
            )
        when = when.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if when <= now:
        raise Failure(
            ExitCode.USAGE,
            f"--scheduled-at {text!r} is {when.isoformat(timespec='minutes')}, which is not "
            "in the future",
        )
    return when


def cutoff_time(text: str, now: datetime) -> datetime:
    """--before: a moment in the past ('-30d', a date, ISO 8601)."""
    when, _ = parse_when(text, "--before", now)
    if when > now:
        raise Failure(
            ExitCode.USAGE,
            f"--before {text!r} is {when.isoformat(timespec='minutes')}, in the future; "
            "use a past date, e.g. -30d for 30 days ago",
        )
    return when
