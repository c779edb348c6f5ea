"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .execution import Execution
from .execution_create import ExecutionCreate
from .execution_list import ExecutionList
from .execution_status import ExecutionStatus
from .execution_trigger import ExecutionTrigger
from .function import Function
from .function_list import FunctionList
from .functions_list_executions_cursor_direction import (
    FunctionsListExecutionsCursorDirection,
)
from .functions_list_order_type import FunctionsListOrderType
from .health_version import HealthVersion

__all__ = (
    "Error",
    "Execution",
    "ExecutionCreate",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "Function",
    "FunctionList",
    "FunctionsListExecutionsCursorDirection",
    "FunctionsListOrderType",
    "HealthVersion",
)
