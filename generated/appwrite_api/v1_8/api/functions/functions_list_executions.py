from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution_list import ExecutionList
from ...types import UNSET, Response, Unset

METHOD = "GET"
PATH = "/functions/{function_id}/executions"


def build_request(
    function_id: str,
    *,
    queries: list[str] | Unset = UNSET,
    total: bool | Unset = True,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_list_executions.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """

    params: dict[str, Any] = {}

    json_queries: list[str] | Unset = UNSET
    if not isinstance(queries, Unset):
        json_queries = queries

    params["queries[]"] = json_queries

    params["total"] = total

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": METHOD,
        "url": PATH.format(
            function_id=quote(str(function_id), safe=""),
        ),
        "params": params,
    }
    return _kwargs


def parse_response(
    response: httpx.Response, *, raise_on_unexpected_status: bool = False
) -> Error | ExecutionList:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 200:
        response_200 = ExecutionList.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    function_id: str,
    *,
    client: AuthenticatedClient | Client,
    queries: list[str] | Unset = UNSET,
    total: bool | Unset = True,
) -> Response[Error | ExecutionList]:
    """List executions

    Args:
        function_id (str):
        queries (list[str] | Unset):
        total (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionList]
    """

    response = client.get_httpx_client().request(
        **build_request(
            function_id=function_id,
            queries=queries,
            total=total,
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
