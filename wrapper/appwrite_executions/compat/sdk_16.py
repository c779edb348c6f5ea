"""Drop-in for the executions part of the official ``appwrite==16.0.0`` SDK (1.8 servers).

Change the imports of a 1.8-era script and it runs against any server from 0.7 on::

    # from appwrite.client import Client
    # from appwrite.services.functions import Functions
    # from appwrite.query import Query
    from appwrite_executions.compat.sdk_16 import Client, Functions, Query

The module also offers what the SDK's examples import: ``AppwriteException``,
``ExecutionMethod``, ``ExecutionStatus``, ``ExecutionTrigger``, ``Execution``,
``ExecutionList`` and ``Headers``. Results carry the SDK model's attribute names
(``result.total``, ``result.executions[0].id``, ``.createdat``,
``.responsestatuscode``) and its ``to_dict()``/``model_dump()``, in the 1.8 shape
whatever the server: fields an older server never had are empty.

Queries (:class:`Query` or strings from older SDKs in call form) are checked before
sending and then sent in the server's own form, applied here where the server
cannot, or refused with :class:`AppwriteException` (code 400,
``general_query_invalid``) naming the query and the server version.

``create_execution`` behaves as on a 1.8 server everywhere: without ``xasync=True``
it returns the finished execution (on servers that only run in the background, it
waits for it); options an old server cannot take (``path``, ``method``, ``headers``,
``scheduled_at``) are refused before sending. A create is never sent twice.

Unlike the SDK, every request has a timeout, TLS is verified unless
``set_self_signed()`` is called, reads are retried on dropped connections and
429/5xx, and no credential reaches an error message.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .. import Client as _ProjectClient
from .. import Execution as _ProjectExecution
from .._chain import supports
from .._enums import ExecutionMethod, ExecutionStatus, ExecutionTrigger
from ._listing import list_with_queries
from ._models16 import Execution, ExecutionList, Headers
from ._query16 import Query
from ._session import ErrorParts, Settings, refuse, translated

__all__ = [
    "AppwriteException",
    "Client",
    "Execution",
    "ExecutionList",
    "ExecutionMethod",
    "ExecutionStatus",
    "ExecutionTrigger",
    "Functions",
    "Headers",
    "Query",
]

# A "synchronous" create on a server that runs every execution in the background
# waits for it at most this long (Appwrite's longest function timeout is 900 s).
SYNC_WAIT_SECONDS = 900.0


class AppwriteException(Exception):
    """An error, as the 16.0.0 SDK reports it: ``message``; ``code`` (the HTTP
    status, 0 when there was no answer); ``type`` (Appwrite's error name, None from
    servers before 0.13); ``response`` (the error body as text, or None)."""

    def __init__(
        self, message: Any, code: int = 0, type: str | None = None, response: Any = None
    ) -> None:
        self.message = message
        self.code = code
        self.type = type
        self.response = response
        super().__init__(self.message)


def _compact(document: Mapping[str, Any]) -> str:
    import json  # noqa: PLC0415 - only on the error path

    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _exception(parts: ErrorParts) -> AppwriteException:
    text = parts.text if parts.response is None else _compact(parts.response)
    return AppwriteException(parts.message, parts.code, parts.type, text)


class Client:
    """The SDK's client: chainable setters, as in 16.0.0."""

    def __init__(self) -> None:
        self._settings = Settings("https://cloud.appwrite.io/v1")

    def __repr__(self) -> str:
        return f"Client({self._settings!r})"

    def set_self_signed(self, status: bool = True) -> Client:
        """Accept a self-signed certificate (turns TLS verification off)."""
        self._settings.self_signed = bool(status)
        return self

    def set_endpoint(self, endpoint: str) -> Client:
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            raise refuse(_exception, f"Invalid endpoint URL: {endpoint}")
        self._settings.endpoint = endpoint
        return self

    def add_header(self, key: str, value: str) -> Client:
        """Kept for compatibility; the client sends its own headers only."""
        self._settings.headers[key.lower()] = value
        return self

    def set_project(self, value: str) -> Client:
        """Your project ID."""
        self._settings.project = value
        return self

    def set_key(self, value: str) -> Client:
        """Your secret API key."""
        self._settings.key = value
        return self

    def set_jwt(self, value: str) -> Client:
        """Your secret JSON Web Token."""
        self._settings.jwt = value
        return self

    def set_session(self, value: str) -> Client:
        """The user session to authenticate with."""
        self._settings.session = value
        return self

    def set_locale(self, value: str) -> Client:
        """Kept for compatibility; error messages come in the server's default locale."""
        self._settings.locale = value
        return self

    def set_forwarded_user_agent(self, value: str) -> Client:
        """Kept for compatibility; not sent."""
        self._settings.headers["x-forwarded-user-agent"] = value
        return self

    def set_timeout(self, seconds: float) -> Client:
        """Not in the SDK (which never times out): the longest wait for the server, in
        seconds, for connecting and for each read. Without it the client's defaults
        apply (10 s to connect, 60 s to read)."""
        if type(seconds) not in (int, float) or not seconds > 0:
            raise refuse(_exception, f"timeout must be a number of seconds > 0, got {seconds!r}")
        self._settings.timeout = float(seconds)
        return self

    def _client(self) -> _ProjectClient:
        with translated(_exception):
            return self._settings.client()


def _required(value: object, name: str) -> None:
    if value is None:
        raise refuse(_exception, f'Missing required parameter: "{name}"')


def _model(execution: _ProjectExecution) -> Execution:
    return Execution(execution.to_dict())


def _method_name(method: object) -> object:
    if isinstance(method, enum.Enum):  # ours, or the official SDK's ExecutionMethod
        return method.value
    return method


class Functions:
    """The executions calls of the 16.0.0 ``Functions`` service."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def list_executions(
        self,
        function_id: str,
        queries: Sequence[str] | None = None,
        total: bool | None = None,
    ) -> ExecutionList:
        """One page of executions; ``queries`` as built by :class:`Query`.
        ``total=False`` answers a total of 0 (counting is skipped where the server can)."""
        _required(function_id, "function_id")
        if queries is not None and (isinstance(queries, str) or not isinstance(queries, Sequence)):
            raise refuse(_exception, "queries must be a list of query strings")
        client = self.client._client()
        with translated(_exception):
            page = list_with_queries(client, function_id, queries, total=total is not False)
            return ExecutionList(page.to_dict())

    def create_execution(
        self,
        function_id: str,
        body: str | None = None,
        xasync: bool | None = None,
        path: str | None = None,
        method: ExecutionMethod | str | None = None,
        headers: Mapping[str, Any] | None = None,
        scheduled_at: str | datetime | None = None,
    ) -> Execution:
        """Run the function. Without ``xasync=True`` the answer is the finished
        execution, on every server (where the server only runs in the background,
        this waits for it, up to 900 s)."""
        _required(function_id, "function_id")
        client = self.client._client()
        with translated(_exception):
            version = client.server_version
            background = bool(xasync) or scheduled_at is not None
            can_choose = supports("create_async", version)
            verb = None if method is None else str(_method_name(method))
            if not supports("create_path", version) and path == "/":
                path = None  # what a server without paths runs anyway
            if not supports("create_method", version) and verb == "POST":
                verb = None  # likewise: 1.x's default, and the only way 0.x ran
            execution = client.create_execution(
                function_id,
                body or "",
                async_=background if can_choose else None,
                path=path,
                method=verb,
                headers=None if not headers else {str(k): v for k, v in headers.items()},
                scheduled_at=scheduled_at,
            )
            if not background and not can_choose and not execution.is_final:
                execution = client.wait_for_execution(
                    function_id, execution.id, timeout=SYNC_WAIT_SECONDS
                )
            return _model(execution)

    def get_execution(self, function_id: str, execution_id: str) -> Execution:
        """One execution."""
        _required(function_id, "function_id")
        _required(execution_id, "execution_id")
        client = self.client._client()
        with translated(_exception):
            return _model(client.get_execution(function_id, execution_id))

    def delete_execution(self, function_id: str, execution_id: str) -> dict[str, Any]:
        """Delete an execution (servers 1.6 and newer); answers ``{}``."""
        _required(function_id, "function_id")
        _required(execution_id, "execution_id")
        client = self.client._client()
        with translated(_exception):
            client.delete_execution(function_id, execution_id)
        return {}
