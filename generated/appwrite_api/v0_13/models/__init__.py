"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .execution import Execution
from .execution_create import ExecutionCreate
from .execution_list import ExecutionList
from .execution_status import ExecutionStatus
from .execution_trigger import ExecutionTrigger
from .functions_list_executions_cursor_direction import (
    FunctionsListExecutionsCursorDirection,
)
from .health_version import HealthVersion

__all__ = (
    "Error",
    "Execution",
    "ExecutionCreate",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "FunctionsListExecutionsCursorDirection",
    "HealthVersion",
)
