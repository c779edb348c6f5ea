"""A synchronous client for Appwrite Functions executions, legacy 0.9 to 1.8.

This module exports the data core: the modern models, their enums and the
error family. The client itself is layered on top elsewhere.
"""

from ._enums import ExecutionStatus, ExecutionTrigger
from ._errors import (
    AppwriteError,
    BadRequest,
    Conflict,
    InvalidArgument,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    UnsupportedOnServer,
)
from ._models import Execution, ExecutionList, Header

__all__ = [
    "AppwriteError",
    "BadRequest",
    "Conflict",
    "Execution",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "Header",
    "InvalidArgument",
    "InvalidResponse",
    "NotFound",
    "RateLimited",
    "ServerError",
    "Unauthorized",
    "UnsupportedOnServer",
]
