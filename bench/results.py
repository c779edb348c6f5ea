"""What a case reports: checks (a figure, its spread, its target, pass or fail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from measure import Spread, paired_ratio, spread

Bound = Literal["max", "min"]
TIMES = "\N{MULTIPLICATION SIGN}"


@dataclass(frozen=True)
class Target:
    """``value`` must stay under (``max``) or reach (``min``) the threshold."""

    bound: Bound
    threshold: float
    unit: str = TIMES

    def label(self) -> str:
        sign = "≤" if self.bound == "max" else "≥"
        return f"{sign} {self.threshold:g}{self.unit}"

    def passes(self, value: float) -> bool:
        return value <= self.threshold if self.bound == "max" else value >= self.threshold


@dataclass(frozen=True)
class Check:
    """One reported figure. No target: reported only. No value: not measured."""

    label: str
    value: Spread | None
    unit: str
    target: Target | None = None
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.target.passes(self.value.median)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "value": None if self.value is None else self.value.as_dict(),
            "target": None if self.target is None else self.target.label(),
            "passed": self.passed,
            "note": self.note,
        }


def ratio(
    timings: dict[str, list[float]],
    numerator: str,
    denominator: str,
    target: Target | None = None,
    note: str = "",
) -> Check:
    """``numerator ÷ denominator`` of per-operation times, paired round by round."""
    value = paired_ratio(timings[numerator], timings[denominator])
    return Check(f"{numerator} ÷ {denominator}", value, TIMES, target, note)


@dataclass
class CaseResult:
    """A case's timings (seconds per operation, one value per round) and checks."""

    key: str
    title: str
    available: bool = True
    ops: int = 0
    rounds: int = 0
    timings: dict[str, list[float]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "available": self.available,
            "ops_per_round": self.ops,
            "rounds": self.rounds,
            "seconds_per_op": {
                name: {**spread(values).as_dict(), "rounds": values}
                for name, values in self.timings.items()
            },
            "checks": [check.as_dict() for check in self.checks],
            "notes": self.notes,
            "details": self.details,
        }
