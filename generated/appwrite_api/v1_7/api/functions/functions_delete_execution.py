from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient
from ...models.error import Error
from ...types import Response

METHOD = "DELETE"
PATH = "/functions/{function_id}/executions/{execution_id}"


def build_request(
    function_id: str,
    execution_id: str,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_delete_execution.

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
) -> Any | Error:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    function_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Delete an execution

    Args:
        function_id (str):
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
