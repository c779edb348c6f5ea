"""Appwrite-style errors: one exception type, one catalogue, one body shape per generation.

Messages follow what the real servers say.  Where the 0.x servers worded a case
differently (terser messages, before 1.0's error catalogue) both wordings are
kept, and the generation decides which one goes on the wire.

Body shapes:

* 0.13 and later ``{"message", "code", "type", "version"}``
* 0.7-0.12 ``{"message", "code", "version"}`` - such an error has no ``type``; none
  is ever invented.

``code`` is the HTTP status as a JSON *integer*: that is what real servers send,
even though the published 1.8 spec slice types it as a string (``"404"``).
"""

from __future__ import annotations

from typing import Any

from ._generations import Generation

QUERY_PARAM_ERROR_TYPE = "general_argument_invalid"
"""Type of a 400 for a ``queries[]`` entry the server cannot accept.

Real 1.x servers validate ``queries`` as a route parameter, so a malformed query
(including one in the other generation's syntax) fails parameter validation with
``general_argument_invalid`` and the message ``Invalid `queries` param: ...``.
``general_query_invalid`` is only raised later, for cursor values that pass the
parameter validator but are still unusable.  Change this constant if the project
decides to model the other choice.
"""

_ROUTE_NOT_FOUND = "The requested route was not found. Please refer to the API docs and try again."
_PROJECT_NOT_FOUND = (
    "Project with the requested ID could not be found. Please check the value of the "
    "X-Appwrite-Project header to ensure the correct project ID is being used."
)
_KEY_AND_SESSION = (
    "API key and session used in the same request. Use either `setSession` or `setKey`. "
    "Learn about which authentication method to use in the SSR docs: "
    "https://appwrite.io/docs/products/auth/server-side-rendering"
)
_JWT_AND_COOKIE = (
    "JWT and cookie used in the same request. Use either `setJWT` or `setCookie`. "
    "Learn about which authentication method to use in the SSR docs: "
    "https://appwrite.io/docs/products/auth/server-side-rendering"
)


class ApiError(Exception):
    """An error the stand-in answers with instead of a result."""

    def __init__(
        self, status: int, type_: str, message: str, legacy_message: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.legacy_message = message if legacy_message is None else legacy_message

    def body(self, generation: Generation, version: str) -> dict[str, Any]:
        """The JSON error document for ``generation``, in Appwrite's key order.

        The wording is 1.0's catalogue or the terse 0.x one; the ``type`` is there
        from 0.13 (so 0.13-0.15 send terse messages *with* a type).
        """
        message = self.message if generation.catalogue_messages else self.legacy_message
        if not generation.error_type:
            return {"message": message, "code": self.status, "version": version}
        return {"message": message, "code": self.status, "type": self.type, "version": version}


def route_not_found() -> ApiError:
    """No route matches method + path (Utopia's ``Not Found`` on 0.9)."""
    return ApiError(404, "general_route_not_found", _ROUTE_NOT_FOUND, "Not Found")


def project_not_found() -> ApiError:
    """``X-Appwrite-Project`` missing or naming another project."""
    return ApiError(404, "project_not_found", _PROJECT_NOT_FOUND, "Project not found")


def function_not_found() -> ApiError:
    """Unknown ``functionId``."""
    return ApiError(
        404,
        "function_not_found",
        "Function with the requested ID could not be found.",
        "Function not found",
    )


def execution_not_found() -> ApiError:
    """Unknown ``executionId`` (or one of another function, or not readable)."""
    return ApiError(
        404,
        "execution_not_found",
        "Execution with the requested ID could not be found.",
        "Execution not found",
    )


def missing_scope(scope: str) -> ApiError:
    """A guest (no valid credential) lacks the route's scope."""
    return ApiError(
        401,
        "general_unauthorized_scope",
        f'User (role: guests) missing scopes (["{scope}"])',
        f"User (role: guest) missing scope ({scope})",
    )


def jwt_invalid(reason: str) -> ApiError:
    """``X-Appwrite-JWT`` present but not verifiable (``reason`` from the JWT library)."""
    message = f"Failed to verify JWT. {reason}"
    return ApiError(401, "user_jwt_invalid", message, message)


def user_unauthorized() -> ApiError:
    """A user (JWT/session) calls a key-only operation."""
    return ApiError(
        401,
        "user_unauthorized",
        "The current user is not authorized to perform the requested action.",
    )


def key_and_session() -> ApiError:
    """An API key together with a user credential (1.x refuses the mix)."""
    return ApiError(403, "user_api_key_and_session_set", _KEY_AND_SESSION)


def jwt_and_cookie() -> ApiError:
    """A JWT together with a session (1.x refuses the mix)."""
    return ApiError(403, "user_jwt_and_cookie_set", _JWT_AND_COOKIE)


def argument_invalid(param: str, description: str) -> ApiError:
    """A route parameter failed its validator (Utopia's wording per generation)."""
    return ApiError(
        400,
        "general_argument_invalid",
        f"Invalid `{param}` param: {description}",
        f"Invalid {param}: {description}",
    )


def queries_invalid(description: str) -> ApiError:
    """One ``queries[]`` entry failed the queries validator; see :data:`QUERY_PARAM_ERROR_TYPE`."""
    return ApiError(400, QUERY_PARAM_ERROR_TYPE, f"Invalid `queries` param: {description}")


def query_invalid(description: str) -> ApiError:
    """A query passed the parameter validator but cannot be executed."""
    return ApiError(400, "general_query_invalid", description)


def cursor_not_found(execution_id: str) -> ApiError:
    """``cursorAfter``/``cursorBefore`` names no readable execution."""
    return ApiError(
        400,
        "general_cursor_not_found",
        f"Execution '{execution_id}' for the 'cursor' value not found.",
    )


def bad_request(message: str) -> ApiError:
    """Create-time checks the 1.x server makes inside the action."""
    return ApiError(400, "general_bad_request", message)


def execution_in_progress() -> ApiError:
    """Delete of a waiting/processing execution (1.6.2:app/config/errors.php,
    EXECUTION_IN_PROGRESS, 400; checked in 1.6.2:app/controllers/api/functions.php)."""
    return ApiError(
        400,
        "execution_in_progress",
        "Can't delete ongoing execution. Please wait for execution to finish before deleting it.",
    )
