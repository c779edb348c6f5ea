"""Who is calling: project check, then exactly one credential, Appwrite's precedence.

1.5 and later resolve, in order: the session (``X-Appwrite-Session`` or the
``a_session_<project>`` cookie; a wrong one is simply ignored, leaving a guest),
the JWT (a wrong one is a 401 ``user_jwt_invalid``; with a valid session it is a
403), then the API key (with any user credential it is a 403; a wrong one leaves a
guest).  A guest lacks the executions scopes, so it gets 401
``general_unauthorized_scope``.

Before 1.5 (the slices list the ``Session`` scheme from 1.5) a server knows only
``X-Appwrite-Key`` and ``X-Appwrite-JWT`` (0.7: only the key; the JWT header is
ignored there): a bad JWT is a 401, a valid key wins, and anything else is a
guest, with the 0.x wording before 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _errors
from ._generations import Generation
from ._wire import Request


@dataclass(frozen=True)
class Credentials:
    """The one valid value of each credential the stand-in accepts."""

    project: str
    key: str
    jwt: str
    session: str
    user_id: str


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: an API key, or a user (via JWT or session)."""

    is_key: bool
    user_id: str = ""

    def can_read(self, permissions: list[str]) -> bool:
        """Keys read everything; users read ``any`` and their own executions."""
        if self.is_key:
            return True
        return 'read("any")' in permissions or f'read("user:{self.user_id}")' in permissions


def check_project(request: Request, credentials: Credentials) -> None:
    """``X-Appwrite-Project`` must name the configured project."""
    if request.header("x-appwrite-project") != credentials.project:
        raise _errors.project_not_found()


def _jwt_failure(token: str) -> _errors.ApiError:
    """What the JWT library says about a token it cannot verify."""
    if token.count(".") < 2:
        return _errors.jwt_invalid("Invalid token: Incomplete segments")
    return _errors.jwt_invalid("Invalid token: Signature failed")


def authenticate(
    request: Request, credentials: Credentials, generation: Generation, scope: str
) -> Principal:
    """Resolve the caller or raise the error Appwrite would answer with."""
    key = request.header("x-appwrite-key")
    jwt = request.header("x-appwrite-jwt") if generation.jwt_auth else None
    user: Principal | None = None

    if generation.session_auth:
        session = request.header("x-appwrite-session")
        if session is None:
            session = request.cookies().get(f"a_session_{credentials.project}")
        if session is not None and session == credentials.session:
            user = Principal(is_key=False, user_id=credentials.user_id)

    if jwt:
        if jwt != credentials.jwt:
            raise _jwt_failure(jwt)
        if user is not None:
            raise _errors.jwt_and_cookie()
        user = Principal(is_key=False, user_id=credentials.user_id)

    if key:
        if generation.session_auth and user is not None:
            raise _errors.key_and_session()
        if key == credentials.key:
            return Principal(is_key=True)

    if user is None:
        raise _errors.missing_scope(scope)
    return user
