"""What both shims share: the SDK-style settings, the client behind them, and errors.

The official SDKs configure a client by setters that may come in any order
(``Client().set_endpoint(...).set_project(...).set_key(...)``); the project's
:class:`~appwrite_executions.Client` takes everything at once. :class:`Settings`
collects the setters and builds that client on first use, again only when a setting
changed. Unlike the SDKs it keeps timeouts on, verifies TLS unless
``set_self_signed()`` was called, retries reads (never a create) and never puts a
credential into an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

from .. import AppwriteError, Client
from ._listing import QueryRefused

__all__ = ["ErrorParts", "Settings", "translated"]

E = TypeVar("E", bound=Exception)


class Settings:
    """The setters' values; :meth:`client` is the project's Client for them."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.project: str | None = None
        self.key: str | None = None
        self.jwt: str | None = None
        self.session: str | None = None
        self.self_signed = False
        self.locale: str | None = None
        self.headers: dict[str, str] = {}
        self.timeout: float | None = None  # None: the Client's default timeouts
        self._client: Client | None = None
        self._built_for: tuple[Any, ...] | None = None

    def __repr__(self) -> str:
        given = [name for name in ("key", "jwt", "session") if getattr(self, name)]
        shown = ", ".join(f"{name}='***'" for name in given)
        return f"Settings(endpoint={self.endpoint!r}, project={self.project!r}, {shown})"

    def _identity(self) -> tuple[Any, ...]:
        return (
            self.endpoint,
            self.project,
            self.key,
            self.jwt,
            self.session,
            self.self_signed,
            self.timeout,
        )

    def client(self) -> Client:
        """The Client for the current settings (raises AppwriteError when incomplete)."""
        identity = self._identity()
        if self._client is not None and identity == self._built_for:
            return self._client
        if self._client is not None:
            self._client.close()
            self._client = None
        if not self.project:
            raise AppwriteError("no project: call set_project() first")
        # The SDKs send every credential set; servers use the key first, then a JWT,
        # then a session. An empty one (the docs' set_session('')) counts as unset.
        credential = {}
        for name in ("key", "jwt", "session"):
            value = getattr(self, name)
            if value:
                credential = {name: value}
                break
        if not credential:
            raise AppwriteError("no credentials: call set_key(), set_jwt() or set_session() first")
        timeouts: dict[str, Any] = {} if self.timeout is None else {"timeout": self.timeout}
        self._client = Client(
            self.endpoint,
            project=self.project,
            verify=not self.self_signed,
            **credential,
            **timeouts,
        )
        self._built_for = identity
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class ErrorParts:
    """An error, in the pieces the SDKs' exceptions carry.

    ``response`` is the error JSON the server sent, rebuilt from what the client kept
    (``message``, ``code``, ``type`` when the server sent one, ``version``); None when
    the error did not come from Appwrite's JSON (nothing sent, network, a proxy page).
    """

    def __init__(
        self,
        message: str,
        code: int,
        type: str | None = None,
        response: dict[str, Any] | None = None,
        text: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.type = type
        self.response = response
        self.text = text


def _parts(error: BaseException) -> ErrorParts:
    if isinstance(error, QueryRefused):
        # What a 1.x server answers to an invalid query, but raised before sending.
        return ErrorParts(str(error), 400, "general_query_invalid")
    if not isinstance(error, AppwriteError):
        return ErrorParts(str(error), 0)
    if error.status is None or error.status < 400:
        # No answer, or a success whose body is unreadable (the SDKs say 0 there too).
        return ErrorParts(str(error), 0)
    if error.excerpt is not None:  # a body that was not Appwrite's error JSON
        return ErrorParts(error.message, error.status, None, None, error.excerpt)
    code = error.code if isinstance(error.code, int) else error.status
    response: dict[str, Any] = {"message": error.message, "code": code}
    if error.type is not None:
        response["type"] = error.type
    if error.server_version is not None:
        response["version"] = error.server_version
    return ErrorParts(error.message, error.status, error.type, response)


@contextmanager
def translated(make: Callable[[ErrorParts], Exception]) -> Iterator[None]:
    """Raise ``make(parts)`` for any client error or refused query inside the block."""
    try:
        yield
    except (AppwriteError, QueryRefused) as error:
        _raise(make(_parts(error)))


def _raise(error: Exception) -> NoReturn:
    raise error from None


def refuse(make: Callable[[ErrorParts], E], message: str) -> E:
    """The SDK's exception for input refused before anything is sent."""
    return make(ErrorParts(message, 0))
