"""Sending one request and turning every failure into a typed error.

The generated clients say what to send (`build_request`) and how to read the answer
(`parse_response`); this module sits in between. It owns the connection pool,
timeouts and TLS settings, adds the credentials to each request (never to a shared
client), refuses redirects, retries what is safe to retry (`_retry`), reads bodies
only up to a size limit, and maps non-2xx answers, network failures and bodies that
do not parse to AppwriteError subclasses that name the request but carry no secret.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import socket
import ssl
import threading
import time
import weakref
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._errors import (
    AppwriteError,
    InvalidArgument,
    InvalidResponse,
    NetworkError,
    NotFound,
    RateLimited,
    Redirected,
    RequestTimeout,
    error_from_response,
    excerpt,
    parse_retry_after,
)
from ._retry import DEFAULT_RETRY, IDEMPOTENT_METHODS, RETRY_STATUSES, RetryPolicy, retry_policy
from ._wire import (
    SUPPORTED_ENCODINGS,
    BodyTooLarge,
    UnsupportedEncoding,
    attempt_deadline,
    decoded_body,
    install_deadlines,
)

log = logging.getLogger("appwrite_executions")

# A synchronous execution may take 30 s on the server; reads wait longer than that.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=30.0, pool=10.0)
MAX_RESPONSE_BYTES = 128 * 1024 * 1024
"""Largest 2xx body read (decoded). A page of 5000 executions with full logs and errors
fits; an endless or runaway body (which no read timeout stops while bytes keep coming)
does not."""
ERROR_BODY_BYTES = 64 * 1024
"""Error bodies are read this far (decoded): enough for any error JSON, not a proxy's
1 GB page."""
BODY_MASK_MIN_LENGTH = 8
"""Credentials at least this long are masked wherever an answer's body echoes them."""
DEFAULT_CALL_TIMEOUT = 120.0
"""Longest one request may take, every attempt and retry wait included: connecting,
sending and reading the whole answer. Per-operation timeouts cannot stop a server that
trickles a byte a second; this can. Two minutes fit a 30 s synchronous execution and a
5000-execution page on a slow link, and bound a silent server to that much per call."""

# A deadline (time.monotonic()) for the requests of one caller, e.g. wait_for_execution.
_DEADLINE: ContextVar[float | None] = ContextVar("appwrite_executions_deadline", default=None)
# The shortest timeout an attempt gets under a deadline: enough for a live server to
# answer, so that a wait already due still reads the execution once.
MIN_ATTEMPT_SECONDS = 1.0
_PARSE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)
_CREDENTIAL_HEADERS = {
    "x-appwrite-key": "key",
    "x-appwrite-jwt": "jwt",
    "x-appwrite-session": "session",
}
_REDACTED = "***"
_API_PATHS: weakref.WeakKeyDictionary[httpx.Response, str] = weakref.WeakKeyDictionary()
_NO_STREAM = httpx.ByteStream(b"")  # what a finished response holds instead of its stream
"""The API path (without the endpoint's /v1) each returned response answered, so errors
raised while parsing it name the request exactly as transport errors do."""
_insecure_warned = False
_default_tls: ssl.SSLContext | None = None
_LOGGERS_WITH_RESPONSES = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "appwrite_executions",
)
"""Loggers whose DEBUG records quote response headers, where a proxy may echo a key."""


def _tls(verify: bool | str | ssl.SSLContext) -> bool | str | ssl.SSLContext:
    """The TLS setting for httpx; verify=True shares one context built once per process.

    Loading the CA bundle takes tens of milliseconds, which a program that opens one
    client per server (sync) or per command would otherwise pay each time.
    """
    global _default_tls  # noqa: PLW0603 - built once, read-only afterwards
    if isinstance(verify, str):  # a CA bundle file or directory (httpx deprecates the str)
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    if verify is not True:
        return verify
    if _default_tls is None:
        _default_tls = httpx.create_ssl_context()
    return _default_tls


def _warn_insecure() -> None:
    global _insecure_warned  # noqa: PLW0603 - one warning per process, not per client
    if not _insecure_warned:
        _insecure_warned = True
        log.warning(
            "TLS certificate verification is off (verify=False): anyone on the network "
            "path can read and change this traffic, API key included"
        )


class _MaskSecrets(logging.Filter):
    """Mask the credentials of every live Transport in the records of the HTTP loggers.

    httpcore logs response headers at DEBUG; a proxy that echoes request headers (a
    debugging proxy, a redirect carrying them) would put a key there. Records are
    only filtered once their level is enabled, so this costs nothing otherwise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            with _LIVE_LOCK:
                transports = list(_LIVE)
            secrets = [
                form
                for transport in transports
                for secret in transport._secrets()
                for form in _log_forms(secret)
            ]
            if secrets:
                text = record.getMessage()
                if any(secret in text for secret in secrets):
                    record.msg, record.args = mask(text, secrets), None
        except Exception:  # noqa: S110 - a filter must never break the caller's logging
            pass
        return True


def _log_forms(secret: str) -> list[str]:
    """A credential as a log record may quote it: plain, or escaped inside the repr of a
    str or of bytes (httpcore logs headers as bytes: a '\\' or a quote is escaped there),
    longest first so a longer form is masked whole."""
    forms = {secret, repr(secret)[1:-1], repr(secret.encode())[2:-1], json.dumps(secret)[1:-1]}
    return sorted(forms, key=len, reverse=True)


_LIVE: weakref.WeakSet[Transport] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()
_MASK = _MaskSecrets()


def _mask_logs(transport: Transport) -> None:
    with _LIVE_LOCK:
        if not _LIVE:
            for name in _LOGGERS_WITH_RESPONSES:
                logger = logging.getLogger(name)
                if _MASK not in logger.filters:
                    logger.addFilter(_MASK)
        _LIVE.add(transport)


def _check_header(name: str, value: object) -> None:
    """Refuse a header httpx would fail on later with an error that may quote it."""
    lowered = name.lower()
    argument = _CREDENTIAL_HEADERS.get(
        lowered, "project" if lowered == "x-appwrite-project" else name
    )
    if not isinstance(value, str):
        raise InvalidArgument(
            f"{argument} must be a string, got {type(value).__name__}", argument=argument
        )
    bad = [ch for ch in value if not (" " <= ch <= "~" or ch == "\t")]
    if bad:
        # Never echo a credential, not even one character of it.
        shown = "" if lowered in _CREDENTIAL_HEADERS else f" {value!r}"
        raise InvalidArgument(
            f"{argument}{shown} contains a line break, control or non-ASCII character, "
            "which an HTTP header cannot carry; check for a trailing newline or a "
            "copy-paste artefact where it was read from",
            argument=argument,
        )


def _media_type(response: httpx.Response) -> str:
    return (response.headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 16:
        yield current
        seen += 1
        current = current.__cause__ or current.__context__


@dataclass(frozen=True)
class _Failure:
    """One attempt's failure and what it means for trying again."""

    error: AppwriteError
    transient: bool
    """Might go away on its own (a dropped connection, a 503), so worth another try."""
    sent: bool
    """The request may have reached the server (False: provably never left)."""
    retry_after: float | None = None


def _amend(error: AppwriteError, note: str) -> AppwriteError:
    """A copy of ``error`` whose message ends with ``note``."""
    clone = copy.copy(error)
    clone.message = f"{error.message}; {note}"
    clone.args = (clone.message,)
    return clone


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Requests sent inside end near ``at`` (a time.monotonic() value): no retry starts
    that would end after it, and each attempt's timeouts are cut to the time left."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _timeout_until(due: float | None, configured: httpx.Timeout) -> Any:
    """The timeouts of one attempt: the client's own, cut to what is left before ``due``."""
    if due is None:
        return httpx.USE_CLIENT_DEFAULT
    left = max(due - time.monotonic(), MIN_ATTEMPT_SECONDS)

    def cut(seconds: float | None) -> float:
        return left if seconds is None else min(seconds, left)

    return httpx.Timeout(
        connect=cut(configured.connect),
        read=cut(configured.read),
        write=cut(configured.write),
        pool=cut(configured.pool),
    )


def _network_failure(exc: httpx.HTTPError, netloc: str, method: str, path: str) -> _Failure:
    """Name what went wrong on the network, and whether the request left."""
    name = type(exc).__name__
    where: dict[str, Any] = {"method": method, "path": path}
    if isinstance(exc, httpx.TimeoutException):
        sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
        phase = {
            httpx.ConnectTimeout: "connecting",
            httpx.PoolTimeout: "waiting for a free connection",
            httpx.WriteTimeout: "sending the request",
        }.get(type(exc), "waiting for the answer")
        error: NetworkError = RequestTimeout(
            f"{netloc} did not answer in time: the timeout ran out while {phase} ({name})",
            sent=sent,
            **where,
        )
        return _Failure(error, transient=True, sent=sent)
    transient = True
    sent = not isinstance(
        exc,
        httpx.ConnectError
        | httpx.ProxyError
        | httpx.LocalProtocolError
        | httpx.UnsupportedProtocol,
    )
    what = "the connection failed"
    if isinstance(exc, httpx.ConnectError):
        what = "could not connect"
        for cause in _causes(exc):
            if isinstance(cause, ssl.SSLCertVerificationError):
                what = (
                    f"TLS certificate verification failed ({cause.verify_message}); pass "
                    "verify= the CA bundle that signed the server's certificate"
                )
                transient = False
                break
            if isinstance(cause, ssl.SSLError):
                what = f"the TLS handshake failed ({cause.reason or 'no reason given'})"
                transient = False
                break
            if isinstance(cause, ConnectionRefusedError):
                what = "the connection was refused (is the server running on that port?)"
                break
            if isinstance(cause, socket.gaierror):
                what = "the host name did not resolve"
                break
    elif isinstance(exc, httpx.RemoteProtocolError):
        what = "the server closed the connection without a complete answer"
    elif isinstance(exc, httpx.ReadError | httpx.WriteError):
        what = "the connection broke"
    elif isinstance(exc, httpx.LocalProtocolError | httpx.UnsupportedProtocol):
        what = "the request cannot be sent as valid HTTP"
        transient = False
    elif isinstance(exc, httpx.ProxyError):
        what = "the proxy refused the connection"
    elif not isinstance(exc, httpx.TransportError):
        transient = False
    error = NetworkError(f"could not talk to {netloc}: {what} ({name})", sent=sent, **where)
    return _Failure(error, transient=transient, sent=sent)


class Transport:
    """One endpoint, one credential, one connection pool, one retry policy."""

    def __init__(
        self,
        endpoint: str,
        headers: Mapping[str, str],
        *,
        http_client: httpx.Client | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        verify: bool | str | ssl.SSLContext = True,
        retries: RetryPolicy | int | None = DEFAULT_RETRY,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        call_timeout: float | None = DEFAULT_CALL_TIMEOUT,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        for name, value in headers.items():
            _check_header(name, value)
        self._headers = dict(headers)
        # The credentials as a body may echo them, built once: every answer is searched.
        # Shorter ones are no real credential (Appwrite's keys run to hundreds of
        # characters) and masking them would corrupt ordinary data.
        self._body_forms = sorted(
            {
                form
                for secret in self._secrets()
                if len(secret) >= BODY_MASK_MIN_LENGTH
                for form in _secret_forms(secret)
            },
            key=len,
            reverse=True,
        )
        self.retry = retry_policy(retries)
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int):
            raise InvalidArgument(
                f"max_response_bytes must be an integer, got {max_response_bytes!r}",
                argument="max_response_bytes",
            )
        if max_response_bytes < 1:
            raise InvalidArgument(
                f"max_response_bytes must be 1 or more, got {max_response_bytes}",
                argument="max_response_bytes",
            )
        self.max_response_bytes = max_response_bytes
        self.call_timeout = _call_timeout(call_timeout)
        if verify is False:
            _warn_insecure()
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=timeout,
            verify=_tls(verify),
            follow_redirects=False,
            headers={"Accept-Encoding": SUPPORTED_ENCODINGS},
        )
        # Every connect, send and receive is cut to the attempt's deadline (a passthrough
        # outside this client's calls, so a shared client is otherwise unchanged).
        install_deadlines(self._http)
        self._netloc = urlsplit(self.endpoint).netloc
        # While a call waits out a 429's Retry-After, no other call of this transport
        # starts a request, from any thread: one server slowing down slows every call
        # to it, and only to it. Cleared by the waiting call, set again when it retries.
        self._calm = threading.Event()
        self._calm.set()
        self.server_version: str | None = None
        _mask_logs(self)

    def __repr__(self) -> str:
        return f"Transport(endpoint={self.endpoint!r}, retry={self.retry!r})"

    def ask_response_format(self, version: str) -> None:
        """Ask the server to answer in an older shape (X-Appwrite-Response-Format)."""
        self._headers["X-Appwrite-Response-Format"] = version

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # -- sending -------------------------------------------------------------------

    def send(
        self,
        request: dict[str, Any],
        *,
        credentials: bool = True,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send a generated request; return a 2xx response or raise a typed error.

        ``idempotent`` defaults to the method's nature: POST (a create) is retried only
        when the connection could not even be made, every other method also on
        dropped connections, timeouts, 429, 502, 503 and 504.
        """
        method = str(request["method"]).upper()
        path = urlsplit(request["url"]).path
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        headers = dict(request.get("headers") or {})
        headers.update(
            self._headers
            if credentials
            else {k: v for k, v in self._headers.items() if k.lower() == "x-appwrite-project"}
        )
        may_have_run = False
        attempts = 0
        started = time.monotonic()
        call_due = None if self.call_timeout is None else started + self.call_timeout
        while True:
            attempts += 1
            if attempts == 1:  # a retry has waited already, at least as long as asked
                self._wait_for_calm()
            outcome = self._attempt(method, path, request, headers, call_due)
            if isinstance(outcome, httpx.Response):
                return outcome
            error = outcome.error
            if may_have_run and method == "DELETE" and self._already_gone(error):
                # An earlier attempt was cut off after it may have deleted it: done.
                log.info("%s %s: gone after a retried delete, counted as deleted", method, path)
                return httpx.Response(204, request=httpx.Request(method, self.endpoint + path))
            may_have_run = may_have_run or (outcome.sent and error.status != 429)
            if not outcome.transient or self.retry.retries == 0:
                raise self._final(error, attempts)
            if not idempotent and outcome.sent:
                raise self._final(
                    error,
                    attempts,
                    "not retried: the request may have reached the server, and sending it "
                    "again could run the function twice",
                )
            delay = self.retry.delay(attempts, outcome.retry_after)
            due = _DEADLINE.get()
            if delay is not None and due is not None and time.monotonic() + delay >= due:
                raise self._final(
                    error, attempts, "not retried: the caller's timeout would pass first"
                )
            if delay is not None and call_due is not None and time.monotonic() + delay >= call_due:
                raise self._final(
                    error,
                    attempts,
                    f"not retried: the call's time limit of {self.call_timeout:g} s "
                    "(call_timeout) would pass first",
                )
            if delay is None:
                if attempts > self.retry.retries:
                    raise self._final(error, attempts)
                raise self._final(
                    error,
                    attempts,
                    f"not retried: the server asks to wait {outcome.retry_after:g} s, "
                    f"longer than the retry cap of {self.retry.cap:g} s",
                )
            log.info(
                "%s %s failed (%s); retry %d of %d in %.2f s",
                method,
                path,
                error.status or type(error).__name__,
                attempts,
                self.retry.retries,
                delay,
            )
            asked_to_wait = error.status == 429 and bool(outcome.retry_after)
            if asked_to_wait:
                self._calm.clear()
            try:
                self.retry.pause(delay)
            finally:
                if asked_to_wait:
                    self._calm.set()

    def _wait_for_calm(self) -> None:
        """Wait while another call waits out the server's Retry-After (never past the
        retry cap or the caller's deadline)."""
        if self._calm.is_set():
            return
        limit = self.retry.cap
        due = _DEADLINE.get()
        if due is not None:
            limit = min(limit, max(0.0, due - time.monotonic()))
        self._calm.wait(limit)

    def _final(self, error: AppwriteError, attempts: int, note: str | None = None) -> AppwriteError:
        if note is None and attempts > 1:
            note = f"gave up after {attempts} attempts"
        return _amend(error, note) if note else error

    @staticmethod
    def _already_gone(error: AppwriteError) -> bool:
        return isinstance(error, NotFound) and error.type in (None, "execution_not_found")

    def _attempt_due(self, call_due: float | None) -> float | None:
        """When this attempt must be over: the call's limit, or a caller's (a wait's)
        deadline, which still leaves a due wait MIN_ATTEMPT_SECONDS to read once."""
        caller_due = _DEADLINE.get()
        if caller_due is not None:
            caller_due = max(caller_due, time.monotonic() + MIN_ATTEMPT_SECONDS)
        if call_due is None:
            return caller_due
        return call_due if caller_due is None else min(call_due, caller_due)

    def _attempt(
        self,
        method: str,
        path: str,
        request: dict[str, Any],
        headers: dict[str, str],
        call_due: float | None = None,
    ) -> httpx.Response | _Failure:
        """One round trip: a 2xx response with its body read, or why not."""
        response: httpx.Response | None = None
        due = self._attempt_due(call_due)
        try:
            with attempt_deadline(due):
                outgoing = self._http.build_request(
                    method,
                    self._url(request),
                    json=request.get("json"),
                    headers=headers,
                    timeout=_timeout_until(_DEADLINE.get(), self._http.timeout),
                )
                response = self._http.send(outgoing, stream=True, follow_redirects=False)
                too_large = self._read_body(response, method, path, due)
        except (httpx.DecodingError, zlib.error, UnsupportedEncoding) as exc:
            status = None if response is None else response.status_code
            encoding = None if response is None else response.headers.get("content-encoding")
            what = (
                f"uses an encoding this client never asked for ({SUPPORTED_ENCODINGS} only)"
                if isinstance(exc, UnsupportedEncoding)
                else "could not be decoded"
            )
            return _Failure(
                InvalidResponse(
                    f"the answer's body {what} (Content-Encoding: {excerpt(encoding, 60)!r})",
                    status=status,
                    method=method,
                    path=path,
                    server_version=self.server_version,
                ),
                transient=False,
                sent=True,
            )
        except httpx.HTTPError as exc:
            failure = _network_failure(exc, self._netloc, method, path)
            failure.error.server_version = self.server_version
            if (
                isinstance(exc, httpx.TimeoutException)
                and due is not None
                and time.monotonic() >= due - 0.01
            ):
                failure = self._out_of_time(failure, call_due, due)
            return failure
        finally:
            if response is not None:
                response.close()
                # httpx's response and its stream refer to each other: a cycle that
                # only the garbage collector frees, holding the whole body until then
                # (a page of 1,000 executions is 700 kB). Without it, the body goes
                # as soon as the caller drops the response.
                response.stream = _NO_STREAM
        if too_large is not None:
            return too_large
        _API_PATHS[response] = path
        return self._judge(response, method, path)

    def _url(self, request: dict[str, Any]) -> str:
        """The request's URL with its query string, encoded as httpx encodes ``params``.

        Handing httpx ``params`` makes it parse the URL a second time to merge them in
        (about 70 µs a request, even for no params); one string is parsed once.
        """
        url = self.endpoint + request["url"]
        params = request.get("params")
        return f"{url}?{httpx.QueryParams(params)}" if params else url

    def _out_of_time(self, failure: _Failure, call_due: float | None, due: float) -> _Failure:
        """A timeout that was the attempt's deadline, said as such."""
        error = failure.error
        if call_due is not None and due >= call_due - 0.01:
            limit = f"the call's time limit of {self.call_timeout:g} s (call_timeout)"
        else:
            limit = "the wait's timeout"
        clone = copy.copy(error)
        clone.message = f"{self._netloc} did not complete the exchange within {limit}"
        clone.args = (clone.message,)
        return _Failure(clone, transient=failure.transient, sent=failure.sent)

    def _read_body(
        self, response: httpx.Response, method: str, path: str, due: float | None = None
    ) -> _Failure | None:
        """Read the body into ``response``, decoded, up to the limit for its status."""
        status = response.status_code
        success = 200 <= status < 300
        limit = self.max_response_bytes if success else ERROR_BODY_BYTES
        declared = response.headers.get("content-length", "").strip()
        if success and declared.isdigit() and int(declared) > limit:
            return self._too_large(status, int(declared), method, path)
        try:
            if response.is_stream_consumed:  # read already (a test's or a custom transport)
                body = decoded_body([response.content], None, limit)
            else:
                body = decoded_body(
                    _until(response.iter_raw(), due),
                    response.headers.get("content-encoding"),
                    limit,
                    keep_head=not success,
                )
        except BodyTooLarge as cut:
            if success:
                return self._too_large(status, None, method, path)
            body = cut.head  # enough of an error page to say what it was
        response._content = self._cleaned(body)
        return None

    def _cleaned(self, body: bytes) -> bytes:
        """The body with echoed credentials masked and lone surrogates replaced.

        A server or proxy may echo the key into any answer (a function that logs its
        request headers, a debugging proxy): it is masked before anything reads the
        body, so it reaches no model, store, export or message. A JSON escape of a lone
        UTF-16 surrogate (``\\ud800``) parses into a string no file, database or
        terminal can take; it becomes U+FFFD, as bytes that are not UTF-8 do (`parse`).
        """
        for form in self._body_forms:
            if form in body:
                body = body.replace(form, _REDACTED.encode())
        if _SURROGATE_HINT.search(body):  # error messages are printed too
            replaced = 0

            def lone(match: re.Match[bytes]) -> bytes:
                nonlocal replaced
                text = match.group()
                if len(text) in (2, 12):  # an escaped backslash, or a valid pair
                    return text
                replaced += 1
                return b"\\ufffd"

            body = _ESCAPES.sub(lone, body)
            if replaced:
                log.warning(
                    "the answer held %d lone UTF-16 surrogate(s), replaced by U+FFFD", replaced
                )
        return body

    def _too_large(self, status: int, declared: int | None, method: str, path: str) -> _Failure:
        size = "larger than" if declared is None else f"{declared} bytes, more than"
        error = InvalidResponse(
            f"the {status} answer is {size} the {self.max_response_bytes} bytes this client "
            "reads (max_response_bytes); for a list, ask for fewer executions per page",
            status=status,
            method=method,
            path=path,
            server_version=self.server_version,
        )
        return _Failure(error, transient=False, sent=True)

    def _judge(self, response: httpx.Response, method: str, path: str) -> httpx.Response | _Failure:
        """A read response as the caller's result, or as a failure to act on."""
        status = response.status_code
        if 200 <= status < 300 and _media_type(response) != "text/html":
            return response  # the common case, before building anything for an error
        where: dict[str, Any] = {
            "method": method,
            "path": path,
            "server_version": self.server_version,
        }
        secrets = self._secrets()
        if 300 <= status < 400:
            location = response.headers.get("location")
            location = None if location is None else mask(location, secrets)
            error: AppwriteError = Redirected(
                f"the server answered {status} and points to {location!r}; redirects are "
                "not followed (a POST would become a GET): use that endpoint",
                status=status,
                location=location,
                **where,
            )
            return _Failure(self._scrub(error), transient=False, sent=True)
        if status >= 400:
            error = error_from_response(
                status,
                masked_body(response.content, secrets),
                response.headers.get("content-type"),
                method,
                path,
                self.server_version,
                headers=response.headers,
            )
            retry_after: float | None = None
            if isinstance(error, RateLimited):
                retry_after = error.retry_after
            elif "retry-after" in response.headers:
                retry_after = parse_retry_after({"Retry-After": response.headers["retry-after"]})
            return _Failure(
                self._scrub(error),
                transient=status in RETRY_STATUSES,
                sent=True,
                retry_after=retry_after,
            )
        if _media_type(response) == "text/html" and response.content.strip():
            error = InvalidResponse(
                f"the {status} answer is an HTML page, not Appwrite's JSON (a captive "
                "portal, or a proxy or web server in front of the endpoint?)",
                status=status,
                excerpt=excerpt(masked_body(response.content, secrets)),
                **where,
            )
            return _Failure(self._scrub(error), transient=False, sent=True)
        return response

    def _scrub(self, error: AppwriteError) -> AppwriteError:
        """Blank any credential a server or proxy echoed into an error's text."""
        return scrub(error, self._secrets())

    def _secrets(self) -> list[str]:
        return [v for k, v in self._headers.items() if k.lower() in _CREDENTIAL_HEADERS and v]


_SURROGATE_HINT = re.compile(rb"\\u[dD][89a-fA-F]")
_ESCAPES = re.compile(
    rb"\\\\"  # an escaped backslash: what follows it is no escape
    rb"|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # a valid pair
    rb"|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"  # a lone surrogate
)


def _secret_forms(secret: str) -> set[bytes]:
    """A credential as it may appear in a body: plain, and JSON-escaped (PHP also
    escapes '/')."""
    escaped = json.dumps(secret)[1:-1]
    return {secret.encode(), escaped.encode(), escaped.replace("/", "\\/").encode()}


def _until(chunks: Iterator[bytes], due: float | None) -> Iterator[bytes]:
    """The raw body, cut off at ``due``: the check that still holds when the deadline
    backend could not be installed (an http_client with a custom transport)."""
    for chunk in chunks:
        if due is not None and time.monotonic() > due:
            raise httpx.ReadTimeout("the call's time limit ran out")
        yield chunk


def _call_timeout(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidArgument(
            f"call_timeout must be a number of seconds above 0, or None for no limit, "
            f"got {value!r}",
            argument="call_timeout",
        )
    return float(value)


def mask(text: str, secrets: list[str]) -> str:
    """``text`` with every occurrence of the secrets replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, _REDACTED)
    return text


def masked_body(body: bytes, secrets: list[str]) -> bytes | str:
    """A body to quote in an error: masked before anything cuts it (and a secret) short."""
    if not any(secret and secret.encode() in body for secret in secrets):
        return body
    return mask(body.decode("utf-8", errors="replace"), secrets)


def scrub(error: AppwriteError, secrets: list[str]) -> AppwriteError:
    """``error`` with every occurrence of the given secrets replaced by ``***``."""
    secrets = [s for s in secrets if s]
    texts = (error.message, error.excerpt or "", getattr(error, "location", None) or "")
    if not any(secret in text for secret in secrets for text in texts):
        return error
    clone = copy.copy(error)
    for secret in secrets:
        clone.message = clone.message.replace(secret, _REDACTED)
        if clone.excerpt:
            clone.excerpt = clone.excerpt.replace(secret, _REDACTED)
        if isinstance(clone, Redirected) and clone.location:
            clone.location = clone.location.replace(secret, _REDACTED)
    clone.args = (clone.message,)
    return clone


def _request_secrets(response: httpx.Response) -> list[str]:
    try:
        headers = response.request.headers
    except RuntimeError:  # a response built without a request
        return []
    return [v for k, v in headers.items() if k.lower() in _CREDENTIAL_HEADERS]


def parse(module: ModuleType, response: httpx.Response, *, server_version: str | None) -> Any:
    """The generated model for a 2xx response, or InvalidResponse naming the request."""
    status = response.status_code
    if not response.content.strip():
        problem = "has an empty body, not the documented JSON"
    else:
        try:
            try:
                return module.parse_response(response)
            except UnicodeDecodeError:
                # Bytes that are not UTF-8 become U+FFFD rather than a poison pill that
                # fails every rerun at the same page.
                fixed = response.content.decode("utf-8", errors="replace").encode()
                response._content = fixed
                log.warning("the answer held bytes that are not UTF-8, replaced by U+FFFD")
                return module.parse_response(response)
        except _PARSE_FAILURES as exc:
            detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            problem = f"is not the documented JSON ({type(exc).__name__}: {detail})"
    secrets = _request_secrets(response)
    if len(problem) > 140:
        problem = mask(problem, secrets)[:139] + "…)"
    error = InvalidResponse(
        f"the {status} answer {problem}",
        status=status,
        excerpt=excerpt(masked_body(response.content, secrets)),
        method=response.request.method,
        path=_API_PATHS.get(response, response.request.url.path),
        server_version=server_version,
    )
    raise scrub(error, secrets) from None
