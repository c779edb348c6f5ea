"""The error family and the factory that turns failed responses into it."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from appwrite_executions import (
    AppwriteError,
    BadRequest,
    Conflict,
    InvalidArgument,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    UnsupportedOnServer,
)
from appwrite_executions._errors import error_from_response, excerpt, parse_retry_after

PATH = "/functions/fn/executions/x"


def appwrite_body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


def test_modern_error_json_with_int_code() -> None:
    body = appwrite_body(
        message="Execution with the requested ID could not be found.",
        code=404,
        type="execution_not_found",
        version="1.8.1",
    )
    err = error_from_response(404, body, "application/json", "GET", PATH, "1.8.1")
    assert type(err) is NotFound
    assert err.status == 404
    assert err.code == 404
    assert err.type == "execution_not_found"
    assert err.message == "Execution with the requested ID could not be found."
    assert err.excerpt is None
    assert str(err) == (
        "404 execution_not_found: Execution with the requested ID could not be found. "
        "(GET /functions/fn/executions/x, server 1.8.1)"
    )


def test_modern_error_json_with_string_code() -> None:
    body = appwrite_body(message="Not found", code="404", type="not_found", version="1.0")
    err = error_from_response(404, body, "application/json; charset=utf-8", "GET", PATH, "1.0.3")
    assert type(err) is NotFound
    assert err.code == 404
    assert err.server_version == "1.0.3"  # the known version wins over the body's


def test_non_numeric_string_code_is_kept() -> None:
    body = appwrite_body(message="SQLSTATE", code="HY000", version="0.9.4")
    err = error_from_response(500, body, "application/json", "GET", PATH, None)
    assert type(err) is ServerError
    assert err.code == "HY000"


def test_legacy_error_has_no_type_and_none_is_invented() -> None:
    body = appwrite_body(message="Execution not found", code=404, version="0.9.4")
    err = error_from_response(404, body, "application/json", "GET", PATH, None)
    assert type(err) is NotFound
    assert err.type is None
    assert err.server_version == "0.9.4"  # from the body, when not known otherwise
    assert str(err) == "404: Execution not found (GET /functions/fn/executions/x, server 0.9.4)"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Unauthorized),
        (404, NotFound),
        (409, Conflict),
        (429, RateLimited),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (599, ServerError),
        (405, AppwriteError),
        (413, AppwriteError),
        (301, InvalidResponse),
        (200, InvalidResponse),
    ],
)
def test_status_picks_the_class(status: int, cls: type[AppwriteError]) -> None:
    body = appwrite_body(message="m", code=status, type="t", version="1.8.1")
    err = error_from_response(status, body, "application/json", "POST", PATH, "1.8.1")
    assert type(err) is cls
    assert err.status == status
    assert isinstance(err, AppwriteError)


def test_html_from_a_proxy() -> None:
    html = (
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        + b"<center><h1>502 Bad Gateway</h1></center>\r\n" * 40
        + b"</body>\r\n</html>\r\n"
    )
    err = error_from_response(502, html, "text/html", "GET", PATH, "0.9.4")
    assert type(err) is ServerError
    assert err.type is None
    assert err.excerpt is not None
    assert err.excerpt.startswith("<html> <head><title>502 Bad Gateway</title>")
    assert len(err.excerpt) <= 200
    assert "text/html body that is not Appwrite's error JSON" in err.message
    assert str(err).startswith("502: HTTP 502 Bad Gateway with a text/html body")
    assert str(err).endswith("(GET /functions/fn/executions/x, server 0.9.4)")


@pytest.mark.parametrize("body", [b"", b"   \n", None])
def test_empty_body(body: bytes | None) -> None:
    err = error_from_response(503, body, None, "GET", PATH, "1.8.1")
    assert type(err) is ServerError
    assert err.message == "HTTP 503 Service Unavailable with an empty body"
    assert err.excerpt == ""


def test_truncated_json() -> None:
    err = error_from_response(
        404, b'{"message": "Execution with the req', "application/json", "GET", PATH, "1.8.1"
    )
    assert type(err) is NotFound
    assert "malformed or truncated JSON" in err.message
    assert err.excerpt == '{"message": "Execution with the req'


def test_json_that_is_not_appwrites_shape() -> None:
    for body in (b'{"error": "nope"}', b"[1, 2]", b'"text"', b'{"message": 5}'):
        err = error_from_response(400, body, "application/json", "POST", PATH, "1.8.1")
        assert type(err) is BadRequest
        assert "not Appwrite's error shape" in err.message
        assert err.excerpt == body.decode()


def test_non_utf8_body_does_not_break_the_factory() -> None:
    err = error_from_response(500, b"\xff\xfe\x00garbage", "text/plain", "GET", PATH, None)
    assert type(err) is ServerError
    assert err.excerpt is not None


def test_rate_limited_reads_retry_after() -> None:
    body = appwrite_body(
        message="Rate limit", code=429, type="general_rate_limit_exceeded", version="1.8.1"
    )
    err = error_from_response(
        429, body, "application/json", "POST", PATH, "1.8.1", headers={"retry-after": "7"}
    )
    assert isinstance(err, RateLimited)
    assert err.retry_after == 7.0
    assert "retry_after=7.0" in repr(err)
    reset = error_from_response(
        429,
        body,
        "application/json",
        "POST",
        PATH,
        "1.8.1",
        headers={"X-RateLimit-Reset": "1000"},
        now=990.0,
    )
    assert isinstance(reset, RateLimited)
    assert reset.retry_after == 10.0
    unknown = error_from_response(429, body, "application/json", "POST", PATH, "1.8.1")
    assert isinstance(unknown, RateLimited)
    assert unknown.retry_after is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "120"}, 120.0),
        ({"Retry-After": " 1.5 "}, 1.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "Thu, 01 Jan 1970 00:01:40 GMT"}, 60.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "nan"}, None),
        ({"x-ratelimit-reset": "130"}, 90.0),
        ({"X-RateLimit-Reset": "abc"}, None),
        ({}, None),
        (None, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str] | None, expected: float | None) -> None:
    assert parse_retry_after(headers, now=40.0) == expected


def test_no_secrets_reach_messages_or_reprs() -> None:
    secret = "sk_live_do_not_print"
    headers = {
        "Retry-After": "1",
        "X-Appwrite-Key": secret,
        "Set-Cookie": f"a_session={secret}",
    }
    body = appwrite_body(message="Too many", code=429, version="1.8.1")
    err = error_from_response(429, body, "application/json", "GET", PATH, "1.8.1", headers=headers)
    for text in (str(err), repr(err), repr(vars(err)), repr(err.args)):
        assert secret not in text


def test_repr_is_informative() -> None:
    err = NotFound("gone", status=404, type="x", method="GET", path=PATH, server_version="1.8.1")
    assert repr(err) == (
        "NotFound(message='gone', status=404, type='x', method='GET', "
        "path='/functions/fn/executions/x', server_version='1.8.1')"
    )


def test_str_without_any_context_is_just_the_message() -> None:
    assert str(AppwriteError("plain")) == "plain"
    assert str(InvalidResponse("bad", server_version="1.8.1")) == "bad (server 1.8.1)"


@pytest.mark.parametrize(
    "err",
    [
        NotFound("gone", status=404, type="execution_not_found", method="GET", path=PATH),
        RateLimited("slow", status=429, retry_after=3.0),
        InvalidResponse("bad", excerpt="<html>"),
        UnsupportedOnServer(
            "no", feature="delete_execution", requires="1.6", server_version="0.9.4"
        ),
        InvalidArgument("bad id", argument="execution_id"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_pickle_with_all_attributes(err: AppwriteError) -> None:
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own data
    assert type(again) is type(err)
    assert vars(again) == vars(err)
    assert str(again) == str(err)


def test_with_request_adds_context_to_a_copy() -> None:
    original = InvalidResponse("execution.status: expected a string", server_version="1.8.1")
    located = original.with_request("GET", PATH)
    assert type(located) is InvalidResponse
    assert located.method == "GET"
    assert located.path == PATH
    assert original.method is None
    assert str(located).endswith("(GET /functions/fn/executions/x, server 1.8.1)")
    versioned = original.with_request(None, None, server_version="1.8.2")
    assert versioned.server_version == "1.8.2"


def test_invalid_argument_is_also_a_value_error() -> None:
    err = InvalidArgument("limit must be between 1 and 100, got 0", argument="limit")
    assert isinstance(err, ValueError)
    assert isinstance(err, AppwriteError)
    assert err.status is None
    assert err.argument == "limit"
    with pytest.raises(ValueError, match="limit"):
        raise err


def test_unsupported_on_server_has_no_status() -> None:
    err = UnsupportedOnServer("delete needs 1.6", feature="delete_execution", requires="1.6")
    assert err.status is None
    assert err.feature == "delete_execution"
    assert err.requires == "1.6"


def test_excerpt_is_short_and_single_line() -> None:
    assert excerpt(b"a\n\n  b\tc") == "a b c"
    long = excerpt("x" * 1000)
    assert len(long) == 200
    assert long.endswith("…")
    assert excerpt(None) == ""
