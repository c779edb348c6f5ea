"""Read ahead of a consumer: the next page is fetched while the last is written.

A walk by cursor cannot ask for a page before it has the last one, but it can ask for
it while the caller is still writing the last one out: over a link with a 50 ms round
trip that wait overlaps the writing instead of adding to it. One thread reads the
iterator into a queue bounded to ``ahead`` items (memory stays flat), the caller takes
them in order; an error of the walk is raised to the caller where it happened in the
order, after every item before it.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

_T = TypeVar("_T")
_POLL = 0.1  # seconds: how often a blocked reader checks that its caller still wants it


class _End:
    def __init__(self, error: BaseException | None) -> None:
        self.error = error


def pages_of(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """Group a lazily paged stream back into pages, without asking for the next early.

    An error of the stream comes after the page of every item before it.
    """
    page: list[_T] = []
    try:
        for item in items:
            page.append(item)
            if len(page) == size:
                yield page
                page = []
    except Exception:
        if page:
            yield page
        raise
    if page:
        yield page


def read_ahead(items: Iterable[_T], ahead: int) -> Iterator[_T]:
    """``items`` in order, read by a thread of its own up to ``ahead`` items early."""
    if ahead < 1:
        raise ValueError("ahead must be at least 1")
    line: queue.Queue[_T | _End] = queue.Queue(maxsize=ahead)
    stopped = threading.Event()

    def put(item: _T | _End) -> bool:
        while not stopped.is_set():
            try:
                line.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the caller, in order
            put(_End(error))
            return
        put(_End(None))

    # In the caller's context, so what it set for its calls (a deadline) holds there too.
    context = contextvars.copy_context()
    reader = threading.Thread(target=context.run, args=(read,), name="read ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = line.get()
            if isinstance(item, _End):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        stopped.set()  # the caller stopped early (or is done): the reader stops too
