"""The one paging loop: complete walks within each server line's limits, and never a
silent gap, an endless loop or a duplicate.

What bounds a walk, per line (Appwrite's source at each tag; openapi.yaml C14):

* 0.7-0.11 page by ``limit``/``offset`` only, with ``offset`` at most 2,000
  (0.9.4:app/controllers/api/functions.php ``Range(0, 2000)``) and ``limit`` at most
  100: a walk reaches 2,100 executions from each end (``orderType`` ASC and DESC, by
  ``$id``, a uniqid() of the creation time), 4,200 in all. The count (``sum``) is
  exact. Past that, ``IncompleteListing`` says how many cannot be reached, after every
  reachable one was yielded.
* 0.12-0.15 list newest first only (``find(..., [Database::ORDER_DESC], ...)``, 0.12.4:
  app/controllers/api/functions.php), with ``cursor`` + ``cursorDirection`` and
  ``offset`` up to 5,000; the count stops at 5,000 (``count(..., APP_LIMIT_COUNT)``).
  Newest first is a cursor walk (``after``). Oldest first needs the oldest execution
  first: below 5,000 it is at offset ``count - 1``; at the cap, the walk jumps 5,000 at
  a time (``cursor`` plus ``offset`` 4,999), then halves the last gap, about 13 probes;
  from there it walks ``before`` (newer), each page reversed.
* 1.x: ``queries[]`` with ``cursorAfter`` and an order on ``$createdAt``; ``limit()`` at
  most 100 on 1.0-1.2 (1.2.1:src/Appwrite/Utopia/Database/Validator/Query/Limit.php),
  unbounded from 1.3 (the client asks at most 5,000); the count stops at 5,000.

Guards, all in bounded memory: a cursor used twice (a cycle), an execution met again
in a cursor walk, or out of the walk's order (1.x order by ``$createdAt``), or a page
holding nothing new, is an ``InvalidResponse``. In an offset
walk a repeat next to the page boundary is an execution shifted by one created
meanwhile and is skipped (yielded once). A walk ends when the count of its first page
says everything was seen (a full last page asks for no empty one after it); otherwise,
and past the count's cap, it asks on until a page is empty. A count that the pages
cannot reach is an ``IncompleteListing``.

Asking ahead (1.x, ``read_ahead``) changes when pages are asked for, never what the
walk yields: see ``_Asked``.
"""

from __future__ import annotations

import contextvars
import functools
import itertools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

from ._chain import parse_version
from ._errors import IncompleteListing, InvalidResponse
from ._models import Execution, ExecutionList
from ._validation import is_valid_id

if TYPE_CHECKING:
    import httpx

    from ._dialects import Dialect

__all__ = ["PagingLimits", "oldest_execution", "paging_limits", "walk"]

COUNT_CAP = 5000
"""APP_LIMIT_COUNT: the count of a list stops here from 0.12 on."""
MODERN_LIMIT_MAX = 5000
"""The largest page the client asks a 1.3+ server for (the server takes any size)."""

Order = Literal["asc", "desc"]
_T = TypeVar("_T")
Matcher = Callable[[Execution], bool]


@attrs.frozen
class PagingLimits:
    """What a server version accepts when listing, from Appwrite's source.

    ``limit_max`` is the largest page it takes (on 1.3+ the client's own bound),
    ``offset_max`` the largest offset (None: unbounded), ``count_cap`` where its count
    stops (None: exact), ``newest_first`` whether it lists newest first only
    (0.12-0.15), ``offset_only`` whether it pages by offset alone (0.7-0.11).
    """

    limit_max: int
    offset_max: int | None
    count_cap: int | None
    newest_first: bool = False
    offset_only: bool = False

    @property
    def reach_per_end(self) -> int | None:
        """How many executions an offset-only walk reaches from one end (2,100)."""
        if not self.offset_only or self.offset_max is None:
            return None
        return self.offset_max + self.limit_max

    def unreachable(self, count: int) -> int:
        """How many of ``count`` executions a walk from both ends cannot reach."""
        reach = self.reach_per_end
        return 0 if reach is None else max(0, count - 2 * reach)


def paging_limits(version: str) -> PagingLimits:
    """The paging limits of a server version (see the module docstring for evidence)."""
    key = parse_version(version)[:2]
    if key < (0, 12):
        return PagingLimits(limit_max=100, offset_max=2000, count_cap=None, offset_only=True)
    if key < (1, 0):
        return PagingLimits(limit_max=100, offset_max=5000, count_cap=COUNT_CAP, newest_first=True)
    if key < (1, 3):
        return PagingLimits(limit_max=100, offset_max=5000, count_cap=COUNT_CAP)
    return PagingLimits(limit_max=MODERN_LIMIT_MAX, offset_max=None, count_cap=COUNT_CAP)


class _Guard:
    """Catches repeats, cycles and disorder in one walk, in bounded memory.

    ``ordered`` walks (by creation date) keep the latest date seen and the ids seen at
    that date: any repeat is then either out of order or among those ids. Other walks
    keep the ids of the last two pages and every cursor used (one per page).
    """

    def __init__(
        self,
        where: Callable[[str], InvalidResponse],
        *,
        shifting: bool,
        ordered: bool,
        descending: bool,
    ) -> None:
        self._error = where
        self._shifting = shifting  # offset walks: a repeat at a page edge is a shift
        self._ordered = ordered
        self._descending = descending
        self._last: datetime | None = None
        self._ties: set[str] = set()
        self._previous: set[str] = set()
        self._cursors: set[str] = set()
        self.pages = 0

    def cursor(self, cursor: str) -> None:
        if cursor in self._cursors:
            raise self._error(
                f"the server led the walk back to cursor {cursor!r} (page {self.pages}): "
                "its pages go round in a cycle, so the walk stops here"
            )
        self._cursors.add(cursor)

    def page(self, executions: Sequence[Execution]) -> list[Execution]:
        """The executions of a page not met before in this walk, in order."""
        self.pages += 1
        fresh: list[Execution] = []
        here: set[str] = set()
        for execution in executions:
            ident = execution.id
            if ident in here:
                raise self._error(
                    f"page {self.pages} holds execution {_short(ident)} twice: the server's "
                    "pages cannot be trusted"
                )
            here.add(ident)
            if ident in self._previous or ident in self._ties:
                if self._shifting:
                    continue  # an execution created meanwhile shifted it by one
                raise self._error(
                    f"the server sent execution {_short(ident)} again in page {self.pages}: "
                    "a walk by cursor never meets one twice, so the walk stops here"
                )
            if self._ordered:
                self._check_order(execution)
            fresh.append(execution)
        if executions and not fresh:
            raise self._error(
                f"page {self.pages} repeats executions already listed, nothing new: the "
                "server sends the same page again, so the walk stops here"
            )
        self._previous = here
        return fresh

    def _check_order(self, execution: Execution) -> None:
        created = execution.created_at
        last = self._last
        if last is not None and created != last and (created < last) != self._descending:
            raise self._error(
                f"execution {_short(execution.id)} (created {created.isoformat()}) comes "
                f"after one created {last.isoformat()} in a walk ordered by creation: the "
                "server repeats or reorders its pages, so the walk stops here"
            )
        if created != last:
            self._last = created
            self._ties = set()
        self._ties.add(execution.id)


_ID_KEY = b'"$id":"'
_TOTAL = re.compile(rb'\{"total":([0-9]{1,18})[,}]')


def _first_total(body: bytes) -> int | None:
    """The count of a 1.x list answer as Appwrite writes it first, from the raw JSON."""
    found = _TOTAL.match(body)
    return int(found[1]) if found else None


def _first_id(body: bytes) -> str | None:
    """The id of a page's first execution, read from the raw JSON (a guess, checked
    against the parsed page)."""
    at = body.find(_ID_KEY)
    return None if at < 0 else _id_at(body, at + len(_ID_KEY))


def _last_id(body: bytes) -> str | None:
    """The id of a page's last execution, read from the raw JSON before it is parsed.

    Appwrite writes ``"$id":"..."`` first in each execution and escapes every quote
    inside a string, so the last such key is the last execution's, unless that one
    carries an unknown nested object with an ``$id`` of its own: the walk asks ahead
    only for an id that matches the parsed page, so a wrong guess costs one request and
    changes nothing else. None when there is nothing to guess from.
    """
    at = body.rfind(_ID_KEY)
    return None if at < 0 else _id_at(body, at + len(_ID_KEY))


def _id_at(body: bytes, start: int) -> str | None:
    end = body.find(b'"', start)
    if end < 0:
        return None
    try:
        ident = body[start:end].decode("ascii")
    except UnicodeDecodeError:
        return None
    return ident if is_valid_id(ident) else None


class _Ahead(Generic[_T]):
    """A request made on a thread of its own while the walk parses and the caller
    reads the page before: its round trip then overlaps that work.

    A daemon thread: a walk dropped early leaves it to end with its request (bounded
    by the call's deadline), and it never holds the interpreter at exit.
    """

    def __init__(self, call: Callable[[], _T]) -> None:
        self._done = threading.Event()
        self._result: _T | None = None
        self._error: BaseException | None = None
        context = contextvars.copy_context()  # the caller's deadline holds there too
        thread = threading.Thread(
            target=context.run,
            args=(self._run, call),
            name="appwrite-executions ask ahead",
            daemon=True,
        )
        thread.start()

    def _run(self, call: Callable[[], _T]) -> None:
        try:
            self._result = call()
        except BaseException as error:  # raised where the walk needs the page
            self._error = error
        finally:
            self._done.set()

    def result(self) -> _T:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


@attrs.define
class _Answer:
    """A list request and its answer; ``overlap``: asked from the page before, so the
    first execution is that page's last."""

    request: dict[str, Any]
    response: httpx.Response
    overlap: bool = False


@attrs.define
class _Pending:
    """A page asked ahead: after which cursor, and whether from the page before it."""

    request: dict[str, Any]
    ahead: _Ahead[httpx.Response]
    after: str
    overlap: bool


class _Asked:
    """The pages one walk has asked for ahead of where it reads, at most ``depth``.

    The next page is asked after the cursor read from the raw answer (a wrong guess
    is dropped: one request lost). With a depth over one, on servers that take any
    offset and page size (1.3+), the pages after it are asked at once, each from its
    own distance after that cursor and one execution longer: the page is used only
    if it begins with the last execution of the page before, which the walk knows by
    then, so it is exactly the page a cursor would have brought. Two misses (the
    list changing under the walk) and the walk asks one page ahead only.
    """

    _MISSES = 2

    def __init__(self, walk: _Walk, depth: int) -> None:
        self._walk = walk
        self.depth = depth
        self._jumping = depth > 1 and walk.limits.offset_max is None
        self._misses = 0
        self._pending: dict[int, _Pending] = {}

    def take(self, number: int, cursor: str | None) -> _Answer | None:
        """The answer asked ahead for page ``number``, if it can be that page."""
        pending = self._pending.pop(number, None)
        if pending is None or cursor is None:
            return None
        if not pending.overlap:
            if pending.after != cursor:
                return None
            return _Answer(pending.request, pending.ahead.result())  # its error is raised
        try:
            response = pending.ahead.result()
        except Exception:
            self.missed()
            return None
        if _first_id(response.content) != cursor:
            self.missed()
            return None
        return _Answer(pending.request, response, overlap=True)

    def ask_after(self, number: int, body: bytes, count: int | None, overlap: bool) -> None:
        """Ask for the pages after page ``number``, whose raw answer is ``body``."""
        after = _last_id(body)
        if after is None or (overlap and after == _first_id(body)):
            return  # an empty page: the walk ends there
        walk = self._walk
        for later in range(1, self.depth + 1):
            target = number + later
            if target in self._pending:
                continue
            if not walk._needs_page(later, count):
                break
            if later == 1:
                request, from_before = walk._modern_request(after, False), False
            elif self._jumping:
                skip = (later - 1) * walk.page_size
                request, from_before = walk._modern_request(after, False, skip=skip), True
            else:
                break
            ahead = _Ahead(functools.partial(walk.dialect.send, request))
            self._pending[target] = _Pending(request, ahead, after, from_before)

    def missed(self) -> None:
        """A page asked from further back did not fit: drop the others asked so."""
        self._misses += 1
        if self._misses >= self._MISSES:
            self._jumping = False
        for number in [n for n, pending in self._pending.items() if pending.overlap]:
            del self._pending[number]


class _OffsetsAhead:
    """Pages of an offset walk (0.7-0.11) asked for ahead, at most ``depth`` at once:
    the requests the walk makes next if its pages come back full. The walk uses an
    answer only for exactly the request it makes then, so it yields what it yields
    without them; a page that comes back short moves the offsets, and the answers
    asked for the old ones are dropped (a request each)."""

    def __init__(self, walk: _Walk, depth: int) -> None:
        self._walk = walk
        self._depth = depth
        self._pending: dict[tuple[str, int, int], _Ahead[ExecutionList]] = {}

    def page(self, *, limit: int, offset: int, order: Order) -> ExecutionList:
        """The page at ``offset``: asked ahead, or asked now."""
        ahead = self._pending.pop((order, limit, offset), None)
        for key in [key for key in self._pending if key[0] == order and key[2] <= offset]:
            del self._pending[key]  # the walk is past them: never used
        if ahead is not None:
            return ahead.result()  # its error is the walk's
        return self._walk._offset_page(limit=limit, offset=offset, order=order)

    def ask(self, order: Order, requests: Iterator[tuple[int, int]]) -> None:
        """Ask for the next of ``requests`` (limit, offset), up to the depth."""
        for limit, offset in itertools.islice(requests, self._depth):
            key = (order, limit, offset)
            if key not in self._pending:
                call = functools.partial(
                    self._walk._offset_page, limit=limit, offset=offset, order=order
                )
                self._pending[key] = _Ahead(call)


def _short(ident: str) -> str:
    return repr(ident if len(ident) <= 40 else ident[:37] + "...")


class _Walk:
    """One walk over a function's executions through a dialect."""

    def __init__(
        self,
        dialect: Dialect,
        function_id: str,
        *,
        page_size: int,
        order: Order,
        statuses: tuple[str, ...],
        triggers: tuple[str, ...],
        search: str | None = None,
    ) -> None:
        self.dialect = dialect
        self.function_id = function_id
        self.limits = paging_limits(dialect.server_version)
        self.page_size = min(page_size, self.limits.limit_max)
        self.order = order
        self.statuses = statuses
        self.triggers = triggers
        self.search = search
        self.listed = 0
        self.path = f"/functions/{function_id}/executions"

    def invalid(self, message: str) -> InvalidResponse:
        return InvalidResponse(
            message, method="GET", path=self.path, server_version=self.dialect.server_version
        )

    def guard(self, *, shifting: bool, ordered: bool, descending: bool) -> _Guard:
        return _Guard(self.invalid, shifting=shifting, ordered=ordered, descending=descending)

    def matches(self, execution: Execution) -> bool:
        return (not self.statuses or execution.status.value in self.statuses) and (
            not self.triggers or execution.trigger.value in self.triggers
        )

    def emit(self, executions: Sequence[Execution], client_side: bool) -> Iterator[Execution]:
        for execution in executions:
            self.listed += 1
            if not client_side or self.matches(execution):
                yield execution

    def incomplete(self, count: int, unreachable: int, why: str) -> IncompleteListing:
        return IncompleteListing(
            f"{unreachable:,} of {count:,} executions of function {self.function_id!r} "
            f"cannot be reached: {why}; every other one was read",
            unreachable=unreachable,
            listed=self.listed,
            count=count,
            method="GET",
            path=self.path,
            server_version=self.dialect.server_version,
        )

    def counted_all(self, count: int | None, listed: int | None = None) -> bool:
        """Whether the walk has listed all the executions its first page counted.

        Then it stops, even after a full page: asking once more would cost a request
        that comes back empty. A count at the server's cap (5,000) is not exact, and one
        the walk has gone past cannot be trusted: then it goes on until a page comes back
        empty. Executions created after the count are the next walk's (sync resumes from
        its cursor). ``listed``: as if that many were listed (default: those so far).
        """
        cap = self.limits.count_cap
        listed = self.listed if listed is None else listed
        return count is not None and listed == count and (cap is None or count < cap)

    def reconcile(self, count: int | None) -> None:
        """Raise IncompleteListing when the server counted more than the walk listed."""
        if count is not None and self.listed < count:
            raise self.incomplete(
                count,
                count - self.listed,
                f"the server counted {count:,} but its pages ended after {self.listed:,} "
                "(executions deleted meanwhile, or a server or proxy that drops some)",
            )

    # -- 1.x: cursorAfter, server-side filters ------------------------------------

    def modern(self, cursor: str | None, *, read_ahead: int = 0) -> Iterator[Execution]:
        guard = self.guard(shifting=False, ordered=True, descending=self.order == "desc")
        from_start = cursor is None
        count: int | None = None
        asked = _Asked(self, read_ahead)
        while True:
            number = guard.pages + 1
            counting = from_start and number == 1
            executions, total = self._modern_page(asked, number, cursor, counting, count)
            if counting and (self.dialect.counts_always or self.dialect.total_flag):
                count = total
            fresh = guard.page(executions)
            yield from self.emit(fresh, client_side=False)
            if not executions:
                break
            if self.counted_all(count):
                break
            cursor = executions[-1].id
            guard.cursor(cursor)
        self.reconcile(count)

    def _modern_page(
        self, asked: _Asked, number: int, cursor: str | None, counting: bool, count: int | None
    ) -> tuple[Sequence[Execution], int]:
        """Page ``number`` of the walk, the one after ``cursor``: from an answer asked
        ahead when there is a right one, else asked now."""
        answer = asked.take(number, cursor)
        if answer is not None and not answer.overlap:
            return self._read(asked, number, answer, counting, count)
        if answer is not None:
            # Asked from further back: it holds the page only if it begins with the
            # execution this page follows. Anything else (executions deleted meanwhile,
            # or an answer that fails) is dropped, and the page asked for plainly.
            try:
                executions, total = self._read(asked, number, answer, counting, count)
            except Exception:
                executions = ()
            if executions and executions[0].id == cursor:
                return executions[1:], total
            asked.missed()
        request = self._modern_request(cursor, counting)
        answer = _Answer(request, self.dialect.send(request))
        return self._read(asked, number, answer, counting, count)

    def _read(
        self, asked: _Asked, number: int, answer: _Answer, counting: bool, count: int | None
    ) -> tuple[Sequence[Execution], int]:
        """Parse an answer, having first asked for the pages after it (from its raw
        JSON), so their round trips overlap the parsing and the caller's work."""
        body = answer.response.content
        if asked.depth:
            # The answer that brings the count is judged by the count read from its raw
            # JSON (a wrong read costs a request or the overlap, nothing else); when it
            # cannot be read, nothing is asked ahead of this page.
            readable = True
            if counting and (self.dialect.counts_always or self.dialect.total_flag):
                count = _first_total(body)
                readable = count is not None
            if readable:
                asked.ask_after(number, body, count, answer.overlap)
        del body
        page = self.dialect.read_list(answer.request, answer.response)
        return page.executions, page.total

    def _modern_request(
        self, cursor: str | None, counting: bool, *, skip: int = 0
    ) -> dict[str, Any]:
        """The request for the page after ``cursor``; with ``skip``, for the page that
        many executions further on, from the one before it (so its first execution
        shows where it starts)."""
        return self.dialect.query_request(
            self.function_id,
            limit=self.page_size + 1 if skip else self.page_size,
            offset=skip - 1 if skip else None,
            order=self.order,
            search=None,
            status=self.statuses,
            trigger=self.triggers,
            cursor_after=cursor,
            total=counting,
        )

    def _needs_page(self, later: int, count: int | None) -> bool:
        """Whether the walk asks for the page ``later`` pages after the one just
        answered, whatever the pages before it hold (then asking ahead never costs a
        request the walk would not make): with no count, or one at the cap, it reads
        on to an empty page; with an exact count, when the pages before it, even full,
        cannot reach it."""
        cap = self.limits.count_cap
        if count is None or (cap is not None and count >= cap):
            return True
        return self.listed + later * self.page_size < count

    # -- 0.12-0.15: newest first, cursor + cursorDirection ------------------------

    def _cursor_page(self, *, limit: int, offset: int, cursor: str, before: bool) -> ExecutionList:
        return self.dialect.cursor_page(
            self.function_id,
            limit=limit,
            offset=offset,
            search=self.search,
            cursor=cursor,
            before=before,
        )

    def newest_first(self, cursor: str | None, read_ahead: int = 0) -> Iterator[Execution]:
        if self.order == "desc":
            yield from self._older_than(cursor, read_ahead > 0)
        else:
            yield from self._newer_than(cursor, read_ahead > 0)

    def _next_by_cursor(
        self, ahead: tuple[str, _Ahead[ExecutionList]] | None, cursor: str, *, before: bool
    ) -> ExecutionList:
        """The page after ``cursor``: the one asked ahead for it, or asked now."""
        if ahead is not None and ahead[0] == cursor:
            return ahead[1].result()  # its error is the walk's
        return self._cursor_page(limit=self.page_size, offset=0, cursor=cursor, before=before)

    def _ask_by_cursor(self, cursor: str, *, before: bool) -> tuple[str, _Ahead[ExecutionList]]:
        """Ask for the page after ``cursor`` on a thread, while this one is read."""
        call = functools.partial(
            self._cursor_page, limit=self.page_size, offset=0, cursor=cursor, before=before
        )
        return cursor, _Ahead(call)

    def _older_than(self, cursor: str | None, read_ahead: bool = False) -> Iterator[Execution]:
        guard = self.guard(shifting=False, ordered=False, descending=True)
        count: int | None = None
        from_start = cursor is None
        ahead: tuple[str, _Ahead[ExecutionList]] | None = None
        while True:
            page = self._next_by_cursor(ahead, cursor or "", before=False)
            ahead = None
            if from_start and guard.pages == 0:
                count = page.total
            fresh = guard.page(page.executions)
            if (
                read_ahead
                and page.executions
                and not self.counted_all(count, self.listed + len(fresh))
            ):
                ahead = self._ask_by_cursor(page.executions[-1].id, before=False)
            yield from self.emit(fresh, client_side=True)
            if not page.executions:
                break
            if self.counted_all(count):
                break
            cursor = page.executions[-1].id
            guard.cursor(cursor)
        self.reconcile(count)

    def _oldest(self) -> tuple[Execution | None, int]:
        """The oldest execution and the server's (capped) count."""
        head = self._cursor_page(limit=1, offset=0, cursor="", before=False)
        count = head.total
        if not head.executions:
            return None, count
        cap = self.limits.count_cap or COUNT_CAP
        offset_max = self.limits.offset_max or cap
        if count < cap:
            probe = self._cursor_page(limit=1, offset=count - 1, cursor="", before=False)
            candidate = probe.executions[0] if probe.executions else head.executions[0]
        else:
            # Jump cap executions at a time after a cursor, then halve the last gap.
            candidate = head.executions[0]
            jumps = 0
            while True:
                jump = self._cursor_page(
                    limit=1, offset=offset_max - 1, cursor=candidate.id, before=False
                )
                if not jump.executions:
                    break
                if jump.executions[0].id == candidate.id:
                    raise self.invalid("the server answers a jump past a cursor with the cursor")
                candidate = jump.executions[0]
                jumps += 1
                if jumps > 10_000_000 // offset_max:
                    raise self.invalid("the server's list never ends while jumping ahead")
            low, high = 0, offset_max - 2  # the last non-empty offset after candidate
            best: Execution | None = None
            while low <= high:
                middle = (low + high) // 2
                probe = self._cursor_page(limit=1, offset=middle, cursor=candidate.id, before=False)
                if probe.executions:
                    best = probe.executions[0]
                    low = middle + 1
                else:
                    high = middle - 1
            if best is not None:
                candidate = best
        # Confirm nothing is older (executions may have arrived meanwhile).
        for _ in range(100):
            older = self._cursor_page(limit=1, offset=0, cursor=candidate.id, before=False)
            if not older.executions:
                return candidate, count
            candidate = older.executions[0]
        raise self.invalid("the server keeps listing executions older than the oldest one")

    def _newer_than(self, cursor: str | None, read_ahead: bool = False) -> Iterator[Execution]:
        guard = self.guard(shifting=False, ordered=False, descending=False)
        count: int | None = None
        if cursor is None:
            oldest, count = self._oldest()
            if oldest is None:
                self.reconcile(count)
                return
            yield from self.emit(guard.page([oldest]), client_side=True)
            cursor = oldest.id
            guard.cursor(cursor)
        ahead: tuple[str, _Ahead[ExecutionList]] | None = None
        while True:
            page = self._next_by_cursor(ahead, cursor, before=True)
            ahead = None
            newer_first = list(reversed(page.executions))
            fresh = guard.page(newer_first)
            if read_ahead and newer_first and not self.counted_all(count, self.listed + len(fresh)):
                ahead = self._ask_by_cursor(newer_first[-1].id, before=True)
            yield from self.emit(fresh, client_side=True)
            if not page.executions:
                break
            if self.counted_all(count):
                break
            cursor = newer_first[-1].id
            guard.cursor(cursor)
        self.reconcile(count)

    # -- 0.7-0.11: offset only, from both ends ------------------------------------

    def _offset_page(self, *, limit: int, offset: int, order: Order) -> ExecutionList:
        return self.dialect.list_page(
            self.function_id,
            limit=limit,
            offset=offset,
            order=order,
            search=self.search,
            status=(),
            trigger=(),
            cursor_after=None,
            total=True,
        )

    def both_ends(self, read_ahead: int = 0) -> Iterator[Execution]:
        """Up to offset_max + limit from the asked end, then the rest from the other.

        The far end is read from its own edge inwards (so executions created meanwhile
        only repeat one, never hide one) until it meets what the near walk read or the
        offset cap; those at most 2,100 executions are held, then yielded in order.
        ``read_ahead``: pages asked for ahead of the one read (``_OffsetsAhead``).
        """
        pages = _OffsetsAhead(self, read_ahead)
        offset_max = self.limits.offset_max or 0
        near: Order = self.order
        far: Order = "desc" if near == "asc" else "asc"
        guard = self.guard(shifting=True, ordered=False, descending=near == "desc")
        offset = 0
        count = 0
        last_page: list[Execution] = []
        overcounted = False
        first_count: int | None = None
        lowest = 0
        while offset <= offset_max:
            # The last page before the cap is as large as the server takes: the walk
            # reaches offset_max + limit_max (2,100) whatever the page size.
            fits = offset + self.page_size <= offset_max
            limit = self.page_size if fits else self.limits.limit_max
            page = pages.page(limit=limit, offset=offset, order=near)
            count = page.total
            pages.ask(near, self._near_offsets(offset + len(page.executions), count))
            if first_count is None:
                first_count = lowest = count
            lowest = min(lowest, count)
            fresh = guard.page(page.executions)
            yield from self.emit(fresh, client_side=True)
            if not page.executions:
                break
            last_page = list(page.executions)
            offset += len(page.executions)
            if offset == count:
                break
            if offset > count:
                # More listed than counted: the count cannot be trusted. Read on while
                # pages are full; a short page then ends it.
                overcounted = True
                if len(page.executions) < limit:
                    break
            # offset < count: a short page is not the end while the count says there is more.
        if overcounted and self.listed > count:
            raise self.invalid(
                f"the server counted {count:,} executions but listed {self.listed:,}: its "
                "count cannot be reconciled with its pages"
            )
        if offset >= count:
            self.reconcile(count)
            self._no_deletions(first_count, lowest)
            return
        # 0.7-0.11 order by the execution's $id, a uniqid() of its creation time
        # (0.9.4:src/Appwrite/Database/Adapter/MySQL.php ORDER BY the uid): the far walk
        # has met the near one at an id on the near side of the last one read.
        seen_edge = {e.id for e in last_page}
        edge = last_page[-1].id if last_page else None
        held: list[Execution] = []
        held_ids: set[str] = set()
        size = self.limits.limit_max
        far_guard = self.guard(shifting=True, ordered=False, descending=far == "desc")
        far_offset = 0
        met = False
        while far_offset <= offset_max and not met:
            page = pages.page(limit=size, offset=far_offset, order=far)
            count = max(count, page.total)
            # The far walk meets the near one after count - offset executions.
            upto = min(offset_max, count - offset)
            start = far_offset + len(page.executions)
            pages.ask(far, ((size, at) for at in range(start, upto + 1, size)))
            for execution in far_guard.page(page.executions):
                beyond = edge is not None and (
                    execution.id < edge if near == "asc" else execution.id > edge
                )
                if execution.id in seen_edge or beyond:
                    met = True  # reached what the near walk read
                    break
                if execution.id not in held_ids:
                    held_ids.add(execution.id)
                    held.append(execution)
            lowest = min(lowest, page.total)
            far_offset += len(page.executions)
            if not page.executions or far_offset >= page.total:
                break
        yield from self.emit(list(reversed(held)), client_side=True)
        unreachable = count - self.listed
        if unreachable > 0 and not met:
            reach = self.limits.reach_per_end or 0
            raise self.incomplete(
                count,
                unreachable,
                f"Appwrite {self.dialect.server_version} pages by offset only and accepts "
                f"offsets up to {offset_max:,}, so a walk reaches {reach:,} from each end "
                f"({2 * reach:,} in all)",
            )
        self.reconcile(count)
        self._no_deletions(first_count, lowest)

    def _near_offsets(self, offset: int, count: int) -> Iterator[tuple[int, int]]:
        """The (limit, offset) of each page the near walk asks for after ``offset``, if
        every page comes back full and the count holds."""
        offset_max = self.limits.offset_max or 0
        while offset <= offset_max and offset < count:
            fits = offset + self.page_size <= offset_max
            limit = self.page_size if fits else self.limits.limit_max
            yield limit, offset
            offset += limit

    def _no_deletions(self, first: int | None, lowest: int) -> None:
        """An offset walk during which executions were deleted may have skipped as many
        (the rest moved down past the offsets read): say so instead of a silent gap."""
        if first is not None and lowest < first:
            raise self.incomplete(
                first,
                first - lowest,
                f"executions were deleted while the walk read by offset (the count fell "
                f"from {first:,} to {lowest:,}), so as many may have been skipped; read again",
            )


def walk(
    dialect: Dialect,
    function_id: str,
    *,
    page_size: int,
    order: Order,
    statuses: tuple[str, ...],
    triggers: tuple[str, ...],
    cursor_after: str | None = None,
    search: str | None = None,
    read_ahead: int = 0,
) -> Iterator[Execution]:
    """Every execution of a function a server's limits allow, each once, in order.

    Raises IncompleteListing at the end when some could not be reached, and
    InvalidResponse when the server's pages repeat, cycle or go out of order.
    ``read_ahead``: how many pages to ask for ahead of the one being parsed and read
    (0: none); more than one only on 1.3+ (``_Asked``) and 0.7-0.11
    (``_OffsetsAhead``), one on 0.12-1.2.
    """
    run = _Walk(
        dialect,
        function_id,
        page_size=page_size,
        order=order,
        statuses=statuses,
        triggers=triggers,
        search=search,
    )
    if dialect.server_side_filters:
        return run.modern(cursor_after, read_ahead=read_ahead)
    if dialect.newest_first:
        return run.newest_first(cursor_after, read_ahead)
    return run.both_ends(read_ahead)


def oldest_execution(
    dialect: Dialect, function_id: str, search: str | None = None
) -> tuple[Execution | None, int]:
    """The oldest execution on a newest-first (0.12-0.15) server, and its capped count."""
    run = _Walk(
        dialect, function_id, page_size=1, order="asc", statuses=(), triggers=(), search=search
    )
    return run._oldest()
