"""Live progress for long work: on a terminal only, so pipes and cron stay clean.

A person watching a sync or an export of many executions sees them move (count, rate,
which source); a script reading stdout, or a log capturing stderr, sees nothing of
it. Progress goes to stderr, so it never mixes with data on stdout.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

_REDRAW_EVERY = 0.2  # seconds; redrawing on every item would cost more than the work


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """One task at a time (a source's function, an export), redrawn in place."""

    def __init__(
        self, stream: TextIO | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._label = ""
        self._detail = ""
        self._count = 0
        self._started = 0.0
        self._drawn = 0.0
        self._active = False

    @classmethod
    def for_stream(cls, stream: TextIO, *, quiet: bool) -> Progress:
        """Drawing on ``stream`` when it is a terminal and not ``quiet``; else silent."""
        return cls(stream if not quiet and _is_terminal(stream) else None)

    @property
    def enabled(self) -> bool:
        return self._stream is not None

    def start(self, label: str, detail: str = "") -> None:
        """Begin a task: ``label`` names it (``legacy/reports``), the count restarts."""
        self._label, self._detail, self._count = label, detail, 0
        self._started = self._drawn = self._clock()
        self._active = True
        self._draw()

    def detail(self, text: str) -> None:
        """Say what the task is doing now (``refreshing 5 unfinished``)."""
        self._detail = text
        self._draw()

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items; redraws at most every 0.2 s."""
        self._count += count
        now = self._clock()
        if now - self._drawn >= _REDRAW_EVERY:
            self._drawn = now
            self._draw()

    def finish(self, summary: str = "") -> None:
        """End the task, leaving its final line on the terminal."""
        if not self._active:
            return
        self._active = False
        if self._stream is not None:
            self._write(self._line(summary) + "\n")

    def clear(self) -> None:
        """Erase the live line (before printing an error under it)."""
        if self._active and self._stream is not None:
            self._write("")
            self._active = False

    def _line(self, summary: str = "") -> str:
        elapsed = max(self._clock() - self._started, 1e-9)
        rate = self._count / elapsed
        text = f"{self._label}: {self._count:,} executions, {rate:,.0f}/s"
        tail = summary or self._detail
        return f"{text} ({tail})" if tail else text

    def _draw(self) -> None:
        if self._stream is not None and self._active:
            self._write(self._line())

    def _write(self, text: str) -> None:
        assert self._stream is not None
        width = shutil.get_terminal_size((100, 20)).columns - 1
        line = text.rstrip("\n")
        if len(line) > width > 10:
            line = line[: width - 1] + "…"
        end = "\n" if text.endswith("\n") else ""
        self._stream.write("\r\x1b[K" + line + end)
        self._stream.flush()
