"""Interleaved timing rounds, and the statistics every figure is reported with.

Machines drift (frequency scaling, other tenants, caches), so variants are never
timed one after the other in long blocks: each round times every variant once, in
an order that rotates from round to round, and a ratio is taken within a round
before the median over rounds is. A fixed calibration task runs in every round; its
spread is the machine's noise, reported next to the results.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Operation = Callable[[], object]


@dataclass(frozen=True)
class Variant:
    """One way of doing a case's operation (raw httpx, the wrapper, the SDK...)."""

    name: str
    run: Operation


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of per-round values; ``noise`` is IQR / median."""

    median: float
    q1: float
    q3: float

    @property
    def noise(self) -> float:
        return (self.q3 - self.q1) / self.median if self.median else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "q1": self.q1, "q3": self.q3, "noise": self.noise}


def spread(values: Sequence[float]) -> Spread:
    if len(values) == 1:
        return Spread(values[0], values[0], values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(median, q1, q3)


def paired_ratio(numerator: Sequence[float], denominator: Sequence[float]) -> Spread:
    """The spread of round-by-round ratios: both sides ran under the same conditions."""
    return spread([a / b for a, b in zip(numerator, denominator, strict=True)])


@dataclass
class Calibration:
    """A fixed CPU task (JSON parsing and a Python loop) timed once per round."""

    payload: bytes
    samples: list[float] = field(default_factory=list)

    def sample(self) -> None:
        start = time.perf_counter()
        for _ in range(5):
            json.loads(self.payload)
        total = 0
        for number in range(20_000):
            total += number % 7
        self.samples.append(time.perf_counter() - start)


def _timed(operation: Operation, ops: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(ops):
        operation()
    return (time.perf_counter() - start) / ops


def interleaved(
    variants: Sequence[Variant],
    *,
    ops: int,
    rounds: int,
    calibration: Calibration | None = None,
    warmup: int = 1,
) -> dict[str, list[float]]:
    """Seconds per operation of each variant, one value per round.

    A warm-up block per variant first opens connections and fills caches, as a
    long-lived client has them.
    """
    for variant in variants:
        for _ in range(warmup):
            variant.run()
    results: dict[str, list[float]] = {variant.name: [] for variant in variants}
    for index in range(rounds):
        if calibration is not None:
            calibration.sample()
        shift = index % len(variants)
        for variant in [*variants[shift:], *variants[:shift]]:
            results[variant.name].append(_timed(variant.run, ops))
    return results
