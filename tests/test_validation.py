"""Input checks: each failure says what was wrong and what to do."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from appwrite_executions import InvalidArgument
from appwrite_executions._enums import ExecutionMethod
from appwrite_executions._validation import (
    quote_path_segment,
    validate_endpoint,
    validate_header_name,
    validate_header_value,
    validate_headers,
    validate_id,
    validate_limit,
    validate_method,
    validate_offset,
    validate_scheduled_at,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


# --- ids -------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["a", "5e5ea5c16897e", "my.function-1_x", "A" * 36, "0"])
def test_valid_ids(good: str) -> None:
    assert validate_id(good) == good


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("", "is empty"),
        ("a" * 37, "is 37 characters long (at most 36)"),
        ("_hidden", "starts with '_'"),
        (".dot", "starts with '.'"),
        ("-dash", "starts with '-'"),
        ("a/b", "contains '/'"),
        ("a b?", "contains ' ', '?'"),
        ("caf\u00e9", "contains '\u00e9'"),
        ("../etc", "starts with '.'"),
    ],
)
def test_invalid_ids_say_what_and_how(bad: str, problem: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        validate_id(bad, argument="execution_id")
    message = str(info.value)
    assert message.startswith(f"execution_id {bad!r} {problem};")
    assert "up to 36 characters of a-z, A-Z, 0-9" in message
    assert info.value.argument == "execution_id"


def test_id_must_be_a_string() -> None:
    with pytest.raises(InvalidArgument, match="function_id must be a string ID, got int"):
        validate_id(5, argument="function_id")


# --- path segments -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "quoted"),
    [
        ("abc.DEF-1_2", "abc.DEF-1_2"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("a b", "a%20b"),
        ("caf\u00e9", "caf%C3%A9"),
        ("%41", "%2541"),
        (".", "%2E"),
        ("..", "%2E%2E"),
    ],
)
def test_quote_path_segment(raw: str, quoted: str) -> None:
    assert quote_path_segment(raw) == quoted


# --- limit and offset -----------------------------------------------------------------


def test_limit_range() -> None:
    assert validate_limit(1) == 1
    assert validate_limit(100) == 100
    assert validate_limit(5000, maximum=5000) == 5000
    for bad in (0, -1, 101):
        with pytest.raises(InvalidArgument, match=f"limit must be between 1 and 100, got {bad}"):
            validate_limit(bad)
    for wrong in (True, 2.0, "10", None):
        with pytest.raises(InvalidArgument, match="limit must be an integer"):
            validate_limit(wrong)


def test_offset() -> None:
    assert validate_offset(0) == 0
    assert validate_offset(10_000) == 10_000
    with pytest.raises(InvalidArgument, match="offset must be 0 or more, got -1"):
        validate_offset(-1)
    with pytest.raises(InvalidArgument, match="offset must be an integer"):
        validate_offset(False)


# --- method ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("GET", ExecutionMethod.GET),
        ("post", ExecutionMethod.POST),
        (" Head ", ExecutionMethod.HEAD),
    ],
)
def test_method_accepts_any_case(given: str, expected: ExecutionMethod) -> None:
    assert validate_method(given) is expected
    assert validate_method(expected) is expected


@pytest.mark.parametrize("bad", ["TRACE", "CONNECT", "", 1, None])
def test_method_rejects_others_and_lists_choices(bad: Any) -> None:
    with pytest.raises(
        InvalidArgument, match="is not one of GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"
    ):
        validate_method(bad)


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["Content-Type", "x-custom", "X_Under", "a!#$%&'*+-.^_`|~9"])
def test_valid_header_names(good: str) -> None:
    assert validate_header_name(good) == good


@pytest.mark.parametrize("bad", ["", "Bad Name", "Colon:", "new\nline", "caf\u00e9", "(paren)"])
def test_invalid_header_names(bad: str) -> None:
    with pytest.raises(InvalidArgument, match="is not a valid HTTP token; use letters, digits"):
        validate_header_name(bad)


@pytest.mark.parametrize("bad", ["a\r\nX-Injected: 1", "line\n", "cr\r", "nul\x00"])
def test_header_values_without_line_breaks_and_not_echoed(bad: str) -> None:
    with pytest.raises(InvalidArgument, match="contains a line break or NUL; remove CR/LF") as info:
        validate_header_value("Authorization", bad)
    assert bad not in str(info.value)


def test_header_values_may_hold_tabs_and_unicode() -> None:
    assert validate_header_value("x", "a\tb \u00e9") == "a\tb \u00e9"
    with pytest.raises(InvalidArgument, match="must be a string, got int"):
        validate_header_value("x", 5)


def test_validate_headers() -> None:
    assert validate_headers(None) == {}
    assert validate_headers({"Content-Type": "application/json"}) == {
        "Content-Type": "application/json"
    }
    assert validate_headers([("a", "1"), ("b", "2")]) == {"a": "1", "b": "2"}
    with pytest.raises(InvalidArgument, match=re.escape("header 'content-type' is given twice")):
        validate_headers([("Content-Type", "a"), ("content-type", "b")])
    with pytest.raises(InvalidArgument, match="must be a mapping or"):
        validate_headers(["abc"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match="not a valid HTTP token"):
        validate_headers({"bad name": "x"})


# --- scheduled_at ----------------------------------------------------------------------------


def test_scheduled_at_accepts_aware_datetimes_and_strings() -> None:
    later = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert validate_scheduled_at(later, now=NOW) == later
    parsed = validate_scheduled_at("2026-12-01 10:00 +01:00", now=NOW)
    assert parsed == later
    assert parsed.utcoffset() == timedelta(hours=1)
    assert validate_scheduled_at("2026-12-01T09:00:00Z", now=NOW) == later


def test_scheduled_at_uses_the_clock_by_default() -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=5)).replace(second=0, microsecond=0)
    assert validate_scheduled_at(soon) == soon
    with pytest.raises(InvalidArgument, match="is not in the future"):
        validate_scheduled_at(datetime(2020, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "naive",
    [datetime(2026, 12, 1, 10, 0), "2026-12-01 10:00", "2026-12-01T10:00:00"],
)
def test_scheduled_at_naive_says_add_a_timezone(naive: Any) -> None:
    with pytest.raises(
        InvalidArgument, match=re.escape("has no timezone; add one, e.g. '+00:00'")
    ) as info:
        validate_scheduled_at(naive, now=NOW)
    assert info.value.argument == "scheduled_at"


def test_scheduled_at_in_the_past() -> None:
    with pytest.raises(InvalidArgument, match=r"is not in the future .*pick a later time"):
        validate_scheduled_at("2026-06-01 11:59 +00:00", now=NOW)
    with pytest.raises(InvalidArgument, match="is not in the future"):
        validate_scheduled_at(NOW, now=NOW)


def test_scheduled_at_needs_a_whole_minute() -> None:
    with pytest.raises(InvalidArgument, match=r"not on a whole minute; .*replace\(second=0"):
        validate_scheduled_at("2026-12-01 10:00:30 +00:00", now=NOW)
    with pytest.raises(InvalidArgument, match="not on a whole minute"):
        validate_scheduled_at(datetime(2026, 12, 1, 10, 0, 0, 1, tzinfo=UTC), now=NOW)


@pytest.mark.parametrize(
    "bad", ["next tuesday-ish", "", "2026-13-45 10:00 +00:00", "99999999999999999999"]
)
def test_scheduled_at_unreadable_strings(bad: str) -> None:
    with pytest.raises(InvalidArgument, match=re.escape("is not a date and time; use e.g.")):
        validate_scheduled_at(bad, now=NOW)


def test_scheduled_at_wrong_type() -> None:
    with pytest.raises(InvalidArgument, match="must be a datetime or a date string, got int"):
        validate_scheduled_at(1767261600, now=NOW)


# --- endpoint ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://cloud.appwrite.io/v1", "https://cloud.appwrite.io/v1"),
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"),
        ("https://[::1]:443/appwrite/v1", "https://[::1]:443/appwrite/v1"),
    ],
)
def test_valid_endpoints_lose_only_a_trailing_slash(given: str, kept: str) -> None:
    assert validate_endpoint(given) == kept


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("cloud.appwrite.io/v1", "must be an http(s) URL"),
        (None, "must be an http(s) URL"),
        ("http:///v1", "has no host"),
        ("https://[::1/v1", "is not a valid URL"),
        ("https://host/v1?project=x", "has a query or fragment"),
        ("https://host/v1#top", "has a query or fragment"),
        ("https://proxy:s3cr3t-pw@host/v1", "carries a user name or password"),
        ("https://s3cr3t-pw@host/v1", "carries a user name or password"),
        ("ftp://proxy:s3cr3t-pw@host/v1", "must be an http(s) URL"),
    ],
)
def test_bad_endpoints_are_refused_without_echoing_a_password(bad: Any, problem: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        validate_endpoint(bad)
    assert problem in str(caught.value)
    assert caught.value.argument == "endpoint"
    assert "s3cr3t-pw" not in str(caught.value) + repr(caught.value)
