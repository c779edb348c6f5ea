"""The paging faults of the hostile harness (issue 14, items 3 and 4) against every walk.

A cursor that never advances, pages shorter than asked, a count that lies, and an
execution repeated across pages, through iterate, export and sync, on the legacy (0.9)
and modern (1.8) shapes. Each walk ends in bounded requests: with every execution
exactly once, or with a typed error and nothing half-written; a count the pages never
reach is reported, never ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from appwrite_executions import IncompleteListing, InvalidResponse
from appwrite_standin import StandIn
from support.hostile import FAULTS, PAGING_FAULTS, Hostile
from test_hostile import FN, KEY, LEGACY, MODERN, Cell, World, _store_rows, run_cell

WALKS = ("iter", "export", "sync")


@pytest.fixture(scope="module", params=[LEGACY, MODERN])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[StandIn, Hostile]]:
    with StandIn(request.param, key=KEY) as upstream, Hostile(upstream.url) as hostile:
        yield upstream, hostile


def _walk(world: World, operation: str) -> Cell:
    """The walk, with pages of 10 (each fault needs several pages to show)."""
    if operation == "iter":
        return run_cell(world, world.hostile.fault, "iter")
    target = world.tmp / ("export.jsonl" if operation == "export" else "store.sqlite")
    if operation == "export":
        args = ["export", FN, "--out", str(target), "--page-size", "10"]
    else:
        args = ["sync", "--db", str(target), "--function", FN, "--page-size", "10", "--json"]
    code, stdout, stderr = world.cli(*args)
    cell = Cell(exit_code=code, seen=[stdout, stderr], out_file=target)
    if operation == "export" and target.exists():
        text = target.read_text(encoding="utf-8")
        cell.result = [json.loads(line) for line in text.splitlines()]
    if operation == "sync":
        cell.result = {k: v for k, v in _store_rows(target).items() if k != "<state>"}
    return cell


def _expected(fault: str, modern: bool) -> str:
    """What each fault must give: "all" (every execution once), "invalid", "incomplete"."""
    if fault == "cursor-loop":
        return "invalid"  # the same page again: a repeat, never an endless walk
    if fault == "short-pages":
        return "all"  # a short page is not the end while the count says there is more
    if fault == "lying-count":
        return "incomplete"  # 10**12 the pages never reach: reported after the rest
    # repeat-across-pages (each page's last execution sent first): a walk ordered by
    # creation date (1.x) sees it out of order, a server fault; an offset walk (0.9)
    # takes the server's order as it is, and still holds each execution once.
    return "invalid" if modern else "each-once"


@pytest.mark.parametrize("operation", WALKS)
@pytest.mark.parametrize("fault", list(PAGING_FAULTS))
def test_every_walk_against_every_paging_fault(
    fault: str, operation: str, server: tuple[StandIn, Hostile], tmp_path: Path
) -> None:
    upstream, hostile = server
    world = World(upstream, hostile, tmp_path, 30.0)
    truth = list(world.truth())
    world.hostile.fault = PAGING_FAULTS[fault]
    try:
        cell = _walk(world, operation)
    finally:
        world.hostile.fault = FAULTS["none"]
    expected = _expected(fault, world.modern)
    if expected == "each-once":
        ids = [e.id for e in cell.result] if operation == "iter" else list(cell.result or ())
        if operation == "export":
            ids = [e["$id"] for e in cell.result]
        assert sorted(ids) == sorted(truth) and len(ids) == len(set(ids))
        return
    if operation == "iter":
        if expected == "all":
            assert cell.error is None, cell.error
            assert [e.id for e in cell.result] == truth  # each once, oldest first
        elif expected == "invalid":
            assert isinstance(cell.error, InvalidResponse), cell.error
        else:
            assert isinstance(cell.error, IncompleteListing), cell.error
    elif operation == "export":
        lines = [e["$id"] for e in cell.result] if cell.result else []
        if expected == "all":
            assert cell.exit_code == 0, cell.seen
            assert lines == truth
        elif expected == "invalid":
            assert cell.exit_code == 1, cell.seen
            assert cell.out_file is not None and not cell.out_file.exists()  # nothing half
        else:
            assert cell.exit_code == 9, cell.seen
            assert lines == truth  # everything reachable is kept, each once
    else:
        stored = set(cell.result or {})
        assert stored <= set(truth)
        if expected == "all":
            assert cell.exit_code == 0, cell.seen
            assert stored == set(truth)
        elif expected == "invalid":
            assert cell.exit_code == 1, cell.seen
        else:
            assert cell.exit_code == 9, cell.seen
            assert stored == set(truth)
        # A later run without the fault completes the store: nothing bricked it.
        code, _, stderr = World(upstream, hostile, tmp_path).cli(
            "sync", "--db", str(tmp_path / "store.sqlite"), "--function", FN
        )
        assert code == 0, stderr
        assert set(_store_rows(tmp_path / "store.sqlite")) - {"<state>"} == set(truth)
