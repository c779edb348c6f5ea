"""Sending one request and turning every failure into a typed error.

The generated clients say what to send (`build_request`) and how to read the answer
(`parse_response`); this module sits in between. It owns the connection pool,
timeouts and TLS settings, adds the credentials to each request (never to a shared
client), refuses redirects, and maps non-2xx answers, network failures and bodies that
do not parse to AppwriteError subclasses that name the request but carry no secret.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Mapping
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._errors import (
    AppwriteError,
    InvalidResponse,
    NetworkError,
    Redirected,
    RequestTimeout,
    error_from_response,
    excerpt,
)

log = logging.getLogger("appwrite_executions")

# A synchronous execution may take 30 s on the server; reads wait longer than that.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=30.0, pool=10.0)
_PARSE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_insecure_warned = False


def _warn_insecure() -> None:
    global _insecure_warned  # noqa: PLW0603 - one warning per process, not per client
    if not _insecure_warned:
        _insecure_warned = True
        log.warning(
            "TLS certificate verification is off (verify=False): anyone on the network "
            "path can read and change this traffic, API key included"
        )


class Transport:
    """One endpoint, one credential, one connection pool."""

    def __init__(
        self,
        endpoint: str,
        headers: Mapping[str, str],
        *,
        http_client: httpx.Client | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        verify: bool | str | ssl.SSLContext = True,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self._headers = dict(headers)
        if verify is False:
            _warn_insecure()
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=timeout, verify=verify, follow_redirects=False
        )
        self.server_version: str | None = None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def send(self, request: dict[str, Any], *, credentials: bool = True) -> httpx.Response:
        """Send a generated request; return a 2xx response or raise a typed error."""
        method = str(request["method"]).upper()
        path = urlsplit(request["url"]).path
        headers = dict(request.get("headers") or {})
        headers.update(
            self._headers
            if credentials
            else {k: v for k, v in self._headers.items() if k.lower() == "x-appwrite-project"}
        )
        try:
            response = self._http.request(
                method,
                self.endpoint + request["url"],
                params=request.get("params"),
                json=request.get("json"),
                headers=headers,
                follow_redirects=False,
            )
        except httpx.TimeoutException as exc:
            raise RequestTimeout(
                f"no answer within the timeout ({type(exc).__name__})",
                sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
                method=method,
                path=path,
                server_version=self.server_version,
            ) from None
        except httpx.TransportError as exc:
            raise NetworkError(
                f"could not talk to {urlsplit(self.endpoint).netloc}: {type(exc).__name__}",
                sent=not isinstance(exc, httpx.ConnectError),
                method=method,
                path=path,
                server_version=self.server_version,
            ) from None
        if 300 <= response.status_code < 400:
            location = response.headers.get("location")
            raise Redirected(
                f"the server answered {response.status_code} and points to {location!r}; "
                "redirects are not followed (a POST would become a GET): use that endpoint",
                status=response.status_code,
                location=location,
                method=method,
                path=path,
                server_version=self.server_version,
            )
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code,
                response.content,
                response.headers.get("content-type"),
                method,
                path,
                self.server_version,
                headers=response.headers,
            )
        return response


def parse(module: ModuleType, response: httpx.Response, *, server_version: str | None) -> Any:
    """The generated model for a 2xx response, or InvalidResponse naming the request."""
    try:
        return module.parse_response(response)
    except _PARSE_FAILURES as exc:
        raise InvalidResponse(
            f"the {response.status_code} answer is not the documented JSON "
            f"({type(exc).__name__}: {str(exc)[:80]})",
            status=response.status_code,
            excerpt=excerpt(response.content),
            method=response.request.method,
            path=response.request.url.path,
            server_version=server_version,
        ) from None


def with_request(error: AppwriteError, response: httpx.Response) -> AppwriteError:
    return error.with_request(response.request.method, response.request.url.path)
