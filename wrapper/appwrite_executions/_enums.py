"""Open string enums for the values Appwrite sends, and the closed request enum.

A newer server may add a status or trigger (1.8 added ``scheduled``); an old
client must keep working, so unknown values become pseudo-members that compare
equal to their string and serialize unchanged instead of raising.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Mapping
from typing import Any, cast

__all__ = [
    "STATUSES_BY_VALUE",
    "TRIGGERS_BY_VALUE",
    "ExecutionMethod",
    "ExecutionStatus",
    "ExecutionTrigger",
    "is_final",
]

_PSEUDO_LOCK = threading.Lock()


class _OpenStrEnum(enum.StrEnum):
    """StrEnum that turns an unknown string into a cached pseudo-member."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        with _PSEUDO_LOCK:
            # Cache so equal values are the identical object; another thread
            # may have created it between the lookup and here.
            existing = cls._value2member_map_.get(value)
            if existing is not None:
                return existing
            member = str.__new__(cls, value)
            member._name_ = value
            member._value_ = value
            cls._value2member_map_[value] = member
            return member

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # Rebuild by value: a pseudo-member has no class attribute to look up by name,
        # which is how Python before 3.11.7 (Debian 12's 3.11.2) pickles and copies enums.
        return type(self), (self._value_,)

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: Any) -> Any:
        return self

    @property
    def is_known(self) -> bool:
        """False for a value this client does not know (a newer server's)."""
        return type(self)._member_map_.get(self._name_) is self


class ExecutionStatus(_OpenStrEnum):
    """Where an execution is in its life. Open: unknown values are kept."""

    WAITING = "waiting"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    SCHEDULED = "scheduled"

    @property
    def is_final(self) -> bool:
        """True once the execution can no longer change (completed or failed)."""
        return self in _FINAL


class ExecutionTrigger(_OpenStrEnum):
    """What started an execution. Open: unknown values are kept."""

    HTTP = "http"
    SCHEDULE = "schedule"
    EVENT = "event"


class ExecutionMethod(enum.StrEnum):
    """HTTP methods an execution request may use (closed: we send these).

    ``HEAD`` exists only from server 1.8; the version chain records that.
    """

    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"
    OPTIONS = "OPTIONS"
    HEAD = "HEAD"


# The members by value, pseudo-members included once made: reading a page of executions
# looks each status and trigger up here instead of calling the enum.
STATUSES_BY_VALUE = cast(Mapping[str, ExecutionStatus], ExecutionStatus._value2member_map_)
TRIGGERS_BY_VALUE = cast(Mapping[str, ExecutionTrigger], ExecutionTrigger._value2member_map_)

_FINAL = frozenset({ExecutionStatus.COMPLETED, ExecutionStatus.FAILED})


def is_final(status: ExecutionStatus | str) -> bool:
    """True for ``completed`` and ``failed``: polling can stop.

    An unknown (newer) status counts as not final, so a poller keeps waiting
    rather than reporting an unfinished execution as done.
    """
    return status in _FINAL
