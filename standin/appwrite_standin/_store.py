"""The stand-in's state: one record per execution, plus how lists are cut from it.

Records are always the modern (1.8) shape; renderers translate on the way out.
Each record carries an insertion ``sequence`` (Appwrite's internal ``$sequence``),
which is the natural list order and the final tie-breaker of every ordering, so
pagination is total and stable.

Executions created through the API progress by *reads*, not by time: each
``GET`` of one applies its next pending step (``waiting`` -> ``processing`` ->
``completed``), advancing the fake clock for ``$updatedAt``.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._clock import FakeClock, iso_ms, unique_id
from ._data import FUNCTIONS, FunctionSpec, Record, _deployment_id, bulk_records, seed_records
from ._queries import MAX_LIMIT, Selection, matches

COUNT_CAP = MAX_LIMIT
"""Appwrite counts at most ``APP_LIMIT_COUNT`` (5,000) matches for ``total``/``sum`` from
0.12 (0.12.4:app/controllers/api/functions.php ``count(..., APP_LIMIT_COUNT)``);
0.7-0.11 count exactly."""

Predicate = Callable[[Record], bool]


@dataclass
class Stored:
    """One execution: its record, insertion sequence and pending progression steps."""

    record: Record
    sequence: int
    pending: list[Record] = field(default_factory=list)


class Store:
    """Functions and executions of one project, rebuilt identically from the seed."""

    def __init__(self, seed: int, clock: FakeClock, extra: Mapping[str, int] | None = None) -> None:
        self.seed = seed
        self.clock = clock
        self.functions: dict[str, FunctionSpec] = {spec.function_id: spec for spec in FUNCTIONS}
        self._executions: dict[str, Stored] = {}
        self._by_function: dict[str, dict[str, Stored]] = {}
        self._sequence = 0
        self._created = 0
        for record in seed_records(seed):
            self.insert(record)
        for function_id, count in (extra or {}).items():
            spec = FunctionSpec(function_id, _deployment_id(function_id))
            self.functions[function_id] = spec
            for record in bulk_records(spec, count, seed):
                self.insert(record)

    def function(self, function_id: str) -> FunctionSpec | None:
        """The function with this id, if seeded."""
        return self.functions.get(function_id)

    def get(self, execution_id: str) -> Stored | None:
        """Any execution by id, whatever its function."""
        return self._executions.get(execution_id)

    def of_function(self, function_id: str) -> list[Stored]:
        """A function's executions in insertion order."""
        return list(self._by_function.get(function_id, {}).values())

    def new_id(self, created_ms: int) -> str:
        """Deterministic id for the next API-created execution."""
        self._created += 1
        return unique_id(created_ms, f"created:{self.seed}:{self._created}")

    def insert(self, record: Record, pending: list[Record] | None = None) -> Stored:
        """Store a new record at the end of the insertion order."""
        self._sequence += 1
        stored = Stored(record=record, sequence=self._sequence, pending=list(pending or []))
        self._executions[str(record["$id"])] = stored
        self._by_function.setdefault(str(record["functionId"]), {})[str(record["$id"])] = stored
        return stored

    def delete(self, execution_id: str) -> None:
        """Forget an execution (later reads answer 404)."""
        stored = self._executions.pop(execution_id)
        del self._by_function[str(stored.record["functionId"])][execution_id]

    def advance(self, stored: Stored) -> None:
        """Apply the next pending progression step, if any, stamping ``$updatedAt``."""
        if not stored.pending:
            return
        stored.record.update(stored.pending.pop(0))
        stored.record["$updatedAt"] = iso_ms(self.clock.tick())

    def snapshot(self, function_id: str) -> list[Record]:
        """Deep copies of a function's records (for tests comparing views)."""
        return [copy.deepcopy(item.record) for item in self.of_function(function_id)]


def _sort_value(item: Stored, attribute: str) -> Any:
    return item.sequence if attribute == "" else item.record.get(attribute)


def _compare_values(left: Any, right: Any) -> int:
    if left == right:
        return 0
    if left is None:
        return -1
    if right is None:
        return 1
    return -1 if left < right else 1


def _comparator(orders: tuple[tuple[str, bool], ...]) -> Callable[[Stored, Stored], int]:
    """Order by the given attributes, then by sequence in the last order's direction."""
    last_descending = orders[-1][1] if orders else False

    def compare(left: Stored, right: Stored) -> int:
        for attribute, descending in orders:
            result = _compare_values(_sort_value(left, attribute), _sort_value(right, attribute))
            if result:
                return -result if descending else result
        result = _compare_values(left.sequence, right.sequence)
        return -result if last_descending else result

    return compare


def _sort_key(attribute: str) -> Callable[[Stored], Any]:
    def key(item: Stored) -> Any:
        value = _sort_value(item, attribute)
        return (value is not None, 0 if value is None else value)

    return key


def _ordered(matched: list[Stored], orders: tuple[tuple[str, bool], ...]) -> list[Stored]:
    """``matched`` (in insertion order) sorted as ``_comparator`` says, by stable key sorts.

    Natural order needs no sort at all (insertion order is sequence order), which keeps
    a function with thousands of executions cheap to page through.
    """
    last_descending = orders[-1][1] if orders else False
    ordered = list(reversed(matched)) if last_descending else list(matched)
    for attribute, descending in reversed(orders):
        if attribute == "":
            ordered.sort(key=lambda item: item.sequence, reverse=descending)
        elif all(item.record.get(attribute) is not None for item in ordered):
            ordered.sort(key=lambda item: item.record[attribute], reverse=descending)
        else:
            ordered.sort(key=_sort_key(attribute), reverse=descending)
    return ordered


def select(
    items: list[Stored],
    selection: Selection,
    predicates: tuple[Predicate, ...] = (),
    cursor: Stored | None = None,
    include_total: bool = True,
    count_cap: int | None = COUNT_CAP,
) -> tuple[int, list[Record]]:
    """Filter, order and window ``items`` the way Appwrite's database does.

    ``total`` counts every match (capped at ``count_cap``: 5,000 from 0.12, exact
    before), ignoring cursor, limit and offset.  ``cursorAfter`` keeps what sorts
    after the cursor; ``cursorBefore`` keeps the ``limit`` items immediately before
    it, still in the requested order.
    """
    checks: list[Predicate] = list(predicates)
    checks.extend(functools.partial(matches, query) for query in selection.filters)
    if not checks:
        matched = items
    elif len(checks) == 1:
        check = checks[0]
        matched = [item for item in items if check(item.record)]
    else:
        matched = [item for item in items if all(check(item.record) for check in checks)]
    total = 0
    if include_total:
        total = len(matched) if count_cap is None else min(len(matched), count_cap)
    ordered = _ordered(matched, selection.orders)
    start, stop = selection.offset, selection.offset + selection.limit
    if cursor is None:
        window = ordered[start:stop]
    else:
        position = next((i for i, item in enumerate(ordered) if item is cursor), None)
        compare = _comparator(selection.orders)
        if selection.cursor is not None and selection.cursor[1]:
            if position is None:
                before = [item for item in ordered if compare(item, cursor) < 0]
            else:
                before = ordered[:position]
            before.reverse()
            window = before[start:stop]
            window.reverse()
        else:
            if position is None:
                after = [item for item in ordered if compare(item, cursor) > 0]
            else:
                after = ordered[position + 1 :]
            window = after[start:stop]
    return total, [item.record for item in window]
