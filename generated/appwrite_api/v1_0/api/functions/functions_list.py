from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.function_list import FunctionList
from ...types import UNSET, Response, Unset

METHOD = "GET"
PATH = "/functions"


def build_request(
    *,
    search: str | Unset = "",
    queries: list[str] | Unset = UNSET,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_list.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """

    params: dict[str, Any] = {}

    params["search"] = search

    json_queries: list[str] | Unset = UNSET
    if not isinstance(queries, Unset):
        json_queries = queries

    params["queries[]"] = json_queries

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": METHOD,
        "url": PATH,
        "params": params,
    }
    return _kwargs


def parse_response(
    response: httpx.Response, *, raise_on_unexpected_status: bool = False
) -> Error | FunctionList:
    """The documented model for `response`, by status code.

    Raises what the model's parsing raises (ValueError, KeyError, TypeError) when the
    body is not the documented JSON; the caller turns that into its own error.
    """
    if response.status_code == 200:
        response_200 = FunctionList.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    search: str | Unset = "",
    queries: list[str] | Unset = UNSET,
) -> Response[Error | FunctionList]:
    """List functions

    Args:
        search (str | Unset):  Default: ''.
        queries (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FunctionList]
    """

    response = client.get_httpx_client().request(
        **build_request(
            search=search,
            queries=queries,
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
