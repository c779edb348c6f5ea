"""When a failed request is tried again, and how long to wait first.

Unattended jobs meet proxies that drop connections, gateways that time out and rate
limits. A call that cannot change anything twice (list, get, the version probe, delete)
is retried on those; a create is retried only when the request provably never left
(the connection could not be made), because a create that reached the server and is
sent again runs the function twice.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ._errors import InvalidArgument

__all__ = [
    "DEFAULT_RETRY",
    "IDEMPOTENT_METHODS",
    "NO_RETRY",
    "RETRY_STATUSES",
    "RetryPolicy",
    "retry_policy",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods whose repetition leaves the server as one request would (RFC 9110 9.2.2)."""

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers that say "not now" rather than "no": rate limited, or a gateway in trouble."""


def _number(value: object, name: str, *, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgument(f"{name} must be a number, got {value!r}", argument="retries")
    if not math.isfinite(value) or value < minimum:
        raise InvalidArgument(
            f"{name} must be a finite number >= {minimum:g}, got {value!r}", argument="retries"
        )
    return float(value)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request is retried.

    ``retries`` extra attempts after the first (0 turns retrying off). The n-th retry
    waits about ``backoff * 2**(n-1)`` seconds, at most ``cap``, with random jitter
    (between half and all of it) so many clients do not retry in step. A
    ``Retry-After`` (or ``X-RateLimit-Reset``) from the server is honoured instead
    when it is at most ``cap``; a longer one ends the retrying at once, with the
    error saying how long the server asked to wait.

    ``sleep`` (default: ``time.sleep``, looked up when needed) and ``random`` exist
    for tests and schedulers; they do not take part in equality.
    """

    retries: int = 3
    backoff: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] | None = field(default=None, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.retries, bool) or not isinstance(self.retries, int):
            raise InvalidArgument(
                f"retries must be a whole number of retries (0 = off), got {self.retries!r}",
                argument="retries",
            )
        if self.retries < 0:
            raise InvalidArgument(
                f"retries must be 0 (off) or more, got {self.retries}", argument="retries"
            )
        object.__setattr__(self, "backoff", _number(self.backoff, "backoff", minimum=0.0))
        object.__setattr__(self, "cap", _number(self.cap, "cap", minimum=0.0))

    @classmethod
    def off(cls) -> RetryPolicy:
        """Never retry: every failure is raised at once."""
        return cls(retries=0)

    def pause(self, seconds: float) -> None:
        """Wait before a retry."""
        (self.sleep or time.sleep)(seconds)

    def backoff_delay(self, retry: int) -> float:
        """Seconds before the ``retry``-th retry (1-based) when the server named none."""
        ceiling = min(self.cap, self.backoff * 2.0 ** min(retry - 1, 64))
        return ceiling / 2 + self.random() * ceiling / 2

    def delay(self, retry: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the ``retry``-th retry, or None to stop retrying.

        None when the retries are used up, or when the server asked for a longer
        wait than ``cap``.
        """
        if retry > self.retries:
            return None
        if retry_after is None:
            return self.backoff_delay(retry)
        if retry_after > self.cap:
            return None
        # Never earlier than asked; a little jitter on top, still within the cap.
        return min(self.cap, retry_after + self.random() * min(self.backoff, 1.0))


DEFAULT_RETRY = RetryPolicy()
"""3 retries, 0.5 s doubling, 30 s cap: at most about 1.5 minutes of waiting."""

NO_RETRY = RetryPolicy(retries=0)


def retry_policy(value: RetryPolicy | int | None) -> RetryPolicy:
    """The policy a ``retries=`` argument means: a policy, a count, or None/0 for off."""
    if value is None:
        return NO_RETRY
    if isinstance(value, RetryPolicy):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(
            f"retries must be a RetryPolicy, a number of retries or None, got {value!r}",
            argument="retries",
        )
    return RetryPolicy(retries=value)
