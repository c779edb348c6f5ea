from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.health_version import HealthVersion
from ...types import Response

METHOD = "GET"
PATH = "/health/version"


def build_request() -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform health_get_version.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """

    _kwargs: dict[str, Any] = {
        "method": METHOD,
        "url": PATH,
    }
    return _kwargs


def parse_response(
    response: httpx.Response, *, raise_on_unexpected_status: bool = False
) -> Error | HealthVersion:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 200:
        response_200 = HealthVersion.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | HealthVersion]:
    """Get the server version

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HealthVersion]
    """

    response = client.get_httpx_client().request(**build_request())
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(
            response, raise_on_unexpected_status=client.raise_on_unexpected_status
        ),
    )
