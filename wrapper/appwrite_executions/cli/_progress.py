"""Live progress for long work: on a terminal only, so pipes and cron stay clean.

A person watching a sync or an export of many executions sees them move (count, rate,
which source, and the total and time left when the total is known); a script reading
stdout, or a log capturing stderr, sees nothing of it. Progress goes to stderr, so it
never mixes with data on stdout. The line is cut to the terminal's width in cells (rich
measures wide characters), and every label is cleaned of control characters, since a
function id can come from a server.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

from ._output import clean

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
        self._total: int | None = None
        self._notes = False
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

    def start(self, label: str, detail: str = "", *, total: int | None = None) -> None:
        """Begin a task: ``label`` names it (``legacy/reports``), the count restarts;
        with ``total`` the line shows how far along it is and the time left."""
        self._label, self._detail, self._count = clean(label), clean(detail), 0
        self._total = total if total and total > 0 else None
        self._notes = False
        self._started = self._drawn = self._clock()
        self._active = True
        self._draw()

    def note(self, text: str) -> None:
        """Show ``text`` alone on the live line (a wait's state), until the next note."""
        self._label, self._detail, self._active = clean(text), "", True
        self._notes = True
        self._draw()

    def detail(self, text: str) -> None:
        """Say what the task is doing now (``refreshing 5 unfinished``)."""
        self._detail = clean(text)
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
        if self._notes:
            return f"{self._label} ({clean(summary)})" if summary else self._label
        elapsed = max(self._clock() - self._started, 1e-9)
        rate = self._count / elapsed
        noun = "execution" if self._count == 1 else "executions"
        text = f"{self._label}: {self._count:,} {noun}, {rate:,.0f}/s"
        if self._total is not None and not summary:
            done = min(self._count, self._total)
            text = f"{self._label}: {self._count:,} of {self._total:,} executions"
            text += f" ({100 * done // self._total}%), {rate:,.0f}/s"
            if rate > 0 and done < self._total:
                left = round((self._total - done) / rate)
                text += f", {left // 60}:{left % 60:02d} left"
        tail = clean(summary) if summary else self._detail
        return f"{text} ({tail})" if tail else text

    def _draw(self) -> None:
        if self._stream is not None and self._active:
            self._write(self._line())

    def _write(self, text: str) -> None:
        from rich.cells import cell_len, set_cell_size  # noqa: PLC0415 - only when drawing

        assert self._stream is not None
        width = shutil.get_terminal_size((100, 20)).columns - 1
        line = text.rstrip("\n")
        if cell_len(line) > width > 10:
            line = set_cell_size(line, width - 1) + "…"
        end = "\n" if text.endswith("\n") else ""
        self._stream.write("\r\x1b[K" + line + end)
        self._stream.flush()


class Board:
    """Several tasks at once (a sync's functions in flight): a line each, redrawn in place.

    A finished task's last line stays above the live block; the block shows every
    task still running. All calls come from one thread (the sync's writer).
    """

    def __init__(
        self, stream: TextIO | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._live: list[_Task] = []
        self._shown = 0  # lines of the live block on the terminal now
        self._drawn = 0.0

    @classmethod
    def for_stream(cls, stream: TextIO, *, quiet: bool) -> Board:
        """Drawing on ``stream`` when it is a terminal and not ``quiet``; else silent."""
        return cls(stream if not quiet and _is_terminal(stream) else None)

    @property
    def enabled(self) -> bool:
        return self._stream is not None

    def task(self) -> _Task:
        """A reporter for one more task; it shows once started."""
        return _Task(self)

    def clear(self) -> None:
        """Erase the live block (before printing an error or a summary under it)."""
        if self._stream is not None and self._shown:
            self._stream.write(f"\x1b[{self._shown}F\x1b[J")
            self._stream.flush()
        self._shown = 0

    def _started(self, task: _Task) -> None:
        self._live.append(task)
        self._redraw(force=True)

    def _changed(self) -> None:
        self._redraw(force=False)

    def _finished(self, task: _Task, line: str) -> None:
        if task in self._live:
            self._live.remove(task)
        if self._stream is not None:
            self.clear()
            self._stream.write(_fit(line) + "\n")
        self._redraw(force=True)

    def _redraw(self, *, force: bool) -> None:
        if self._stream is None:
            return
        now = self._clock()
        if not force and now - self._drawn < _REDRAW_EVERY:
            return
        self._drawn = now
        up = f"\x1b[{self._shown}F" if self._shown else ""
        lines = "".join("\x1b[K" + _fit(task.line()) + "\n" for task in self._live)
        self._stream.write(up + lines + "\x1b[J")
        self._stream.flush()
        self._shown = len(self._live)


class _Task:
    """One task's reporter on a :class:`Board` (the sync engine's ProgressReporter)."""

    def __init__(self, board: Board) -> None:
        self._board = board
        self._label = ""
        self._detail = ""
        self._count = 0
        self._started = 0.0

    def start(self, label: str, detail: str = "") -> None:
        self._label, self._detail, self._count = label, detail, 0
        self._started = self._board._clock()
        self._board._started(self)

    def detail(self, text: str) -> None:
        self._detail = text
        self._board._changed()

    def advance(self, count: int = 1) -> None:
        self._count += count
        self._board._changed()

    def finish(self, summary: str = "") -> None:
        self._board._finished(self, self.line(summary))

    def line(self, summary: str = "") -> str:
        elapsed = max(self._board._clock() - self._started, 1e-9)
        text = f"{self._label}: {self._count:,} executions, {self._count / elapsed:,.0f}/s"
        tail = summary or self._detail
        return f"{text} ({tail})" if tail else text


def _fit(line: str) -> str:
    width = shutil.get_terminal_size((100, 20)).columns - 1
    return line[: width - 1] + "…" if len(line) > width > 10 else line
