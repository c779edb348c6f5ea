"""Drop-in for the executions part of the official ``appwrite==0.4.0`` SDK (0.9 servers).

Change the imports of a 0.9-era script and it runs against any server from 0.7 on::

    # from appwrite.client import Client
    # from appwrite.services.functions import Functions
    # from appwrite.exception import AppwriteException
    from appwrite_executions.compat.sdk_0_4 import AppwriteException, Client, Functions

Results are plain dicts in the exact shape a 0.9 server sends (``sum``,
``dateCreated`` in Unix seconds, ``exitCode``, ``stdout``, ``stderr``, ``time``),
whatever the server's version; errors are :class:`AppwriteException` with
``message``, ``code`` and ``response`` (the server's error JSON, or None).

What the 0.4.0 SDK got wrong is not copied: it verified TLS only *after*
``set_self_signed()`` and never timed out; here TLS is verified unless
``set_self_signed()`` is called, every request has a timeout, reads are retried on
dropped connections and 429/5xx, a create is never sent twice, and no credential
reaches an error message.
"""

from __future__ import annotations

from typing import Any

from .. import Client as _ProjectClient
from ._session import ErrorParts, Settings, refuse, translated

__all__ = ["AppwriteException", "Client", "Functions"]


class AppwriteException(Exception):
    """An error, as the 0.4.0 SDK reports it: ``message``, ``code`` (the HTTP
    status; 0 when there was no answer) and ``response`` (the server's error JSON
    as a dict, or None)."""

    def __init__(self, message: Any, code: int = 0, response: Any = None) -> None:
        self.message = message
        self.code = code
        self.response = response
        super().__init__(self.message)


def _exception(parts: ErrorParts) -> AppwriteException:
    return AppwriteException(parts.message, parts.code, parts.response)


class Client:
    """The SDK's client: chainable setters, as in 0.4.0."""

    def __init__(self) -> None:
        self._settings = Settings("https://appwrite.io/v1")

    def __repr__(self) -> str:
        return f"Client({self._settings!r})"

    def set_self_signed(self, status: bool = True) -> Client:
        """Accept a self-signed certificate (turns TLS verification off)."""
        self._settings.self_signed = bool(status)
        return self

    def set_endpoint(self, endpoint: str) -> Client:
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

    def set_locale(self, value: str) -> Client:
        """Kept for compatibility; error messages come in the server's default locale."""
        self._settings.locale = value
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


def _whole(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if type(value) is int:
        return value
    raise refuse(_exception, f"{name} must be a whole number, got {value!r}")


class Functions:
    """The executions calls of the 0.4.0 ``Functions`` service."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def list_executions(
        self,
        function_id: str,
        search: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        order_type: str | None = None,
    ) -> dict[str, Any]:
        """List Executions: ``{"sum": N, "executions": [...]}``, oldest first unless
        ``order_type="DESC"``."""
        _required(function_id, "function_id")
        size, skip = _whole(limit, "limit"), _whole(offset, "offset")
        if order_type is not None and str(order_type).upper() not in ("ASC", "DESC"):
            raise refuse(_exception, f"order_type must be 'ASC' or 'DESC', got {order_type!r}")
        descending = order_type is not None and str(order_type).upper() == "DESC"
        client = self.client._client()
        with translated(_exception):
            page = client.list_executions(
                function_id,
                limit=25 if size is None else size,
                offset=0 if skip is None else skip,
                order="desc" if descending else "asc",
                search=search or None,
            )
            return page.to_legacy_dict()

    def create_execution(self, function_id: str, data: str | None = None) -> dict[str, Any]:
        """Create Execution, with ``data`` as the function's input. Sent once: a create
        is never retried, so a dropped answer cannot run the function twice."""
        _required(function_id, "function_id")
        if data is not None and not isinstance(data, str):
            raise refuse(_exception, f"data must be a string, got {type(data).__name__}")
        client = self.client._client()
        with translated(_exception):
            return client.create_execution(function_id, data or "").to_legacy_dict()

    def get_execution(self, function_id: str, execution_id: str) -> dict[str, Any]:
        """Get Execution."""
        _required(function_id, "function_id")
        _required(execution_id, "execution_id")
        client = self.client._client()
        with translated(_exception):
            return client.get_execution(function_id, execution_id).to_legacy_dict()
