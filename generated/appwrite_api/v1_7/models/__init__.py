"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .execution import Execution
from .execution_create import ExecutionCreate
from .execution_create_method import ExecutionCreateMethod
from .execution_list import ExecutionList
from .execution_status import ExecutionStatus
from .execution_trigger import ExecutionTrigger
from .function import Function
from .function_list import FunctionList
from .headers import Headers
from .health_version import HealthVersion

__all__ = (
    "Error",
    "Execution",
    "ExecutionCreate",
    "ExecutionCreateMethod",
    "ExecutionList",
    "ExecutionStatus",
    "ExecutionTrigger",
    "Function",
    "FunctionList",
    "Headers",
    "HealthVersion",
)
