from enum import StrEnum


class ExecutionStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    PROCESSING = "processing"
    SCHEDULED = "scheduled"
    WAITING = "waiting"

    @classmethod
    def _missing_(cls, value: object) -> "ExecutionStatus | None":
        """Accept a value this document does not list yet (a newer server's)."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)
