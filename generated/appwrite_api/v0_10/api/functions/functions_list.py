from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.function_list import FunctionList
from ...models.functions_list_order_type import FunctionsListOrderType
from ...types import UNSET, Response, Unset

METHOD = "GET"
PATH = "/functions"


def build_request(
    *,
    search: str | Unset = "",
    limit: int | Unset = 25,
    offset: int | Unset = 0,
    order_type: FunctionsListOrderType | Unset = FunctionsListOrderType.ASC,
) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.request` that perform functions_list.

    Path parameters are percent-encoded whole, so an id cannot change the path.
    """

    params: dict[str, Any] = {}

    params["search"] = search

    params["limit"] = limit

    params["offset"] = offset

    json_order_type: str | Unset = UNSET
    if not isinstance(order_type, Unset):
        json_order_type = order_type.value

    params["orderType"] = json_order_type

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
    limit: int | Unset = 25,
    offset: int | Unset = 0,
    order_type: FunctionsListOrderType | Unset = FunctionsListOrderType.ASC,
) -> Response[Error | FunctionList]:
    """List functions

    Args:
        search (str | Unset):  Default: ''.
        limit (int | Unset):  Default: 25.
        offset (int | Unset):  Default: 0.
        order_type (FunctionsListOrderType | Unset):  Default: FunctionsListOrderType.ASC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FunctionList]
    """

    response = client.get_httpx_client().request(
        **build_request(
            search=search,
            limit=limit,
            offset=offset,
            order_type=order_type,
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
