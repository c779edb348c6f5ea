"""The cyclic garbage collector's pace for a bulk run of the command line.

A sync or export keeps a page of up to 1,000 executions alive while it works on it:
some 35 container objects each (the decoded JSON, the generated model, the
Execution, the row or line written). At Python's default pace (a young collection
every 700 new containers) each page outlives two young collections and lands in the
oldest generation, and a full collection of everything then runs about once a page.
These objects hold no cycles (httpx's response and its stream did, with the whole
body: the transport breaks that one); reference counting frees them when the page is
done, so the collector only has to catch the occasional cycle, and a slower pace
changes nothing else. Measured on a sync of 30,000 executions into SQLite: 0.63 s of 3.5 s
were collections; with this pace 0.03 s, and the run 16 % faster (export 18 %;
docs/speed.md).

The pace is the application's to choose, not the library's: only ``main`` sets it,
and puts the previous one back when it returns.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BULK_THRESHOLDS", "bulk_pace"]

BULK_THRESHOLDS = (50_000, 20, 100)
"""Young collections every 50,000 new containers (a page and more), the middle
generation every 20 of them, the oldest every 100 of those."""


@contextmanager
def bulk_pace() -> Iterator[None]:
    """Collect at ``BULK_THRESHOLDS`` inside, at the pace from before afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(*BULK_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
