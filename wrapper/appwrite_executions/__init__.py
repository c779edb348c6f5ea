"""A synchronous client for Appwrite Functions executions, legacy 0.9 to 1.8.

`Client` talks to any supported server; `Execution` and `ExecutionList` are the one
modern model every server's answers are adapted to; every failure is an
`AppwriteError` subclass.
"""

from ._client import Client
from ._enums import ExecutionStatus, ExecutionTrigger
from ._errors import (
    AppwriteError,
    BadRequest,
    ClientClosed,
    Conflict,
    IncompleteListing,
    InvalidArgument,
    InvalidResponse,
    NetworkError,
    NotFound,
    RateLimited,
    Redirected,
    RequestTimeout,
    ServerError,
    Unauthorized,
    UnsupportedOnServer,
    WaitTimeout,
)
from ._functions import FunctionInfo, FunctionList
from ._models import Execution, ExecutionList, Header
from ._paging import PagingLimits
from ._retry import RetryPolicy

__all__ = [
    "AppwriteError",
    "BadRequest",
    "Client",
    "ClientClosed",
    "Conflict",
    "Execution",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "FunctionInfo",
    "FunctionList",
    "Header",
    "IncompleteListing",
    "InvalidArgument",
    "InvalidResponse",
    "NetworkError",
    "NotFound",
    "PagingLimits",
    "RateLimited",
    "Redirected",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "Unauthorized",
    "UnsupportedOnServer",
    "WaitTimeout",
]
