from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution import Execution
from ...models.execution_create import ExecutionCreate
from ...types import UNSET, Response, Unset

METHOD = "POST"
PATH = "/functions/{function_id}/executions"


def build_request(
    function_id: str,
    *,
    body: ExecutionCreate | Unset = UNSET,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_create_execution.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": METHOD,
        "url": PATH.format(
            function_id=quote(str(function_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"
    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    response: httpx.Response, *, raise_on_unexpected_status: bool = False
) -> Error | Execution:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 201:
        response_201 = Execution.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = Execution.from_dict(response.json())

        return response_202

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    function_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecutionCreate | Unset = UNSET,
) -> Response[Error | Execution]:
    """Create an execution

    Args:
        function_id (str):
        body (ExecutionCreate | Unset): The body of a create-execution request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Execution]
    """

    response = client.get_httpx_client().request(
        **build_request(
            function_id=function_id,
            body=body,
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
