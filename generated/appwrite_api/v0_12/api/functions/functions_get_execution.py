from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution import Execution
from ...types import Response

METHOD = "GET"
PATH = "/functions/{function_id}/executions/{execution_id}"


def build_request(
    function_id: str,
    execution_id: str,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_get_execution.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """

    _kwargs: dict[str, Any] = {
        "method": METHOD,
        "url": PATH.format(
            function_id=quote(str(function_id), safe=""),
            execution_id=quote(str(execution_id), safe=""),
        ),
    }
    return _kwargs


def parse_response(
    response: httpx.Response, *, raise_on_unexpected_status: bool = False
) -> Error | Execution:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 200:
        response_200 = Execution.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    function_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Execution]:
    """Get an execution

    Args:
        function_id (str):
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Execution]
    """

    response = client.get_httpx_client().request(
        **build_request(
            function_id=function_id,
            execution_id=execution_id,
        )
    )
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(
            response, raise_on_unexpected_status=client.raise_on_unexpected_status
        ),
    )
