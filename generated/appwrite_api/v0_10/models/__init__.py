"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .execution import Execution
from .execution_create import ExecutionCreate
from .execution_list import ExecutionList
from .execution_status import ExecutionStatus
from .execution_trigger import ExecutionTrigger
from .function import Function
from .function_list import FunctionList
from .functions_list_executions_order_type import FunctionsListExecutionsOrderType
from .functions_list_order_type import FunctionsListOrderType
from .health_version import HealthVersion
from .permissions import Permissions

__all__ = (
    "Error",
    "Execution",
    "ExecutionCreate",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "Function",
    "FunctionList",
    "FunctionsListExecutionsOrderType",
    "FunctionsListOrderType",
    "HealthVersion",
    "Permissions",
)
