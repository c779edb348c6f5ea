"""Where `sync` keeps executions: a SQLite file, or PostgreSQL given a URL; one schema.

Rows are keyed by (source, function_id, execution_id) and hold the execution's modern
JSON (``Execution.to_dict()``) beside the columns people filter on. Each `write` is one
transaction that also moves the sync state, so a run killed at any instant leaves
rows and state that agree: rerunning continues from there, and because writes are
upserts by key, reading something twice never doubles it.

Schema (both backends; PostgreSQL uses ``json`` and ``timestamptz`` where SQLite has
text; ``json`` keeps the exact text, and, unlike ``jsonb``, any string Appwrite sends):

- ``executions(source, function_id, execution_id, status, created_at, updated_at,
  server_version, data)``, primary key (source, function_id, execution_id), indexed
  by status, created_at and server_version;
- ``sync_state(source, function_id, endpoint, server_version, api, cursor, position)``:
  per (source, function), the server last seen and where reading stopped: on modern
  servers the id of the newest execution read (the cursor to resume after), on legacy
  servers how many executions were read in creation order (the offset);
- ``sync_seen(source, function_id, execution_id)``: ids met during a ``--prune`` pass;
- ``store_meta(name, value)``: ``schema_version``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .._models import Execution
from ._json import compact

__all__ = [
    "FINAL_STATUSES",
    "SCHEMA_VERSION",
    "Changes",
    "PostgresStore",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredExecution",
    "SyncState",
    "open_store",
    "redact_url",
    "url_secrets",
]

SCHEMA_VERSION = "1"
FINAL_STATUSES = ("completed", "failed")
_ZERO = timedelta(0)
_SQLITE_BUSY_TIMEOUT = 30.0  # seconds to wait for a reader (say, a person's query) to finish
LOCK_WAIT = 600.0
"""Seconds a sync waits for another sync of the same (source, function) to finish."""
_LOCK_POLL = 0.05
_PG_LOCK_SPACE = 7283462  # the first key of this program's advisory locks


def _lock_key(source: str, function_id: str) -> int:
    """A 31-bit number for one (source, function): the lock's name."""
    return zlib.crc32(f"{source}\0{function_id}".encode()) & 0x3FFFFFFF


class StoreError(Exception):
    """The store cannot be opened or written; the message names it without a password."""


@dataclass(frozen=True)
class SyncState:
    """Where the last sync of one (source, function) stopped."""

    source: str
    function_id: str
    endpoint: str
    server_version: str
    api: str
    cursor: str | None  # modern: the newest execution id read; legacy: None
    position: int  # legacy: executions read in creation order; modern: 0


@dataclass
class Changes:
    """What one write (or a whole run) did to the rows."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: Changes) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted

    @property
    def fetched(self) -> int:
        return self.inserted + self.updated + self.unchanged


@dataclass(frozen=True)
class StoredExecution:
    """One stored row, as read back."""

    source: str
    function_id: str
    execution_id: str
    status: str
    server_version: str
    data: dict[str, Any]


# The user-info part of a store URL, up to its last '@' (a password may hold '#', '?'
# or '/', which a URL parser would take for the fragment, query or path), and a
# password= parameter up to the next '&' whatever it holds.
_URL_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^:@/]*):(?P<password>.*)@(?=[^@]*$)")
_PARAM_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<password>[^&]*)")


def url_secrets(target: str) -> list[str]:
    """The passwords a store URL holds (in its user part or a ``password=`` parameter),
    as written and percent-decoded."""
    if not is_postgres_url(target):
        return []
    found: list[str] = []
    match = _URL_PASSWORD.match(target)
    if match and match["password"]:
        found.append(match["password"])
    found += [m["password"] for m in _PARAM_PASSWORD.finditer(target) if m["password"]]
    parts = urlsplit(target)
    found += [value for name, value in parse_qsl(parts.query) if name == "password" and value]
    if parts.password:
        found.append(parts.password)
    return sorted({form for secret in found for form in (secret, unquote(secret))}, key=len)[::-1]


def redact_url(target: str) -> str:
    """A store URL or path fit to print: any password becomes ``***``."""
    if not is_postgres_url(target):
        return target
    shown = _URL_PASSWORD.sub(lambda m: f"{m['head']}:***@", target, count=1)
    return _PARAM_PASSWORD.sub(lambda m: f"{m['head']}***", shown)


def _utc_text(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds: sorts as text in time order."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _utc_text_from(moment: datetime, text: str) -> str:
    """``_utc_text(moment)``, given ``text``, the same moment as the JSON writes it.

    That text is the column's when the moment is in UTC to the millisecond (as servers
    send it): formatting it again would cost as much as the rest of the row.
    """
    if moment.microsecond % 1000 == 0 and moment.utcoffset() == _ZERO:
        return text
    return _utc_text(moment)


class Store(ABC):
    """The operations sync needs; the SQL is shared, the backends differ in details."""

    _param = "?"
    description: str

    # -- backend hooks ---------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> Any:
        """A context manager yielding a cursor; commits on success, rolls back otherwise."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read outside any write transaction."""

    @abstractmethod
    def _encode_data(self, data: dict[str, Any]) -> Any: ...

    @abstractmethod
    def _decode_data(self, value: Any) -> dict[str, Any]: ...

    @abstractmethod
    def _encode_time(self, moment: datetime) -> Any: ...

    def _time_column(self, moment: datetime, text: str) -> Any:
        """A time column's value; ``text`` is the same moment as the JSON writes it."""
        return self._encode_time(moment)

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _try_lock(self, key: int) -> bool:
        """Take the lock ``key`` if no other process holds it; never waits."""

    @abstractmethod
    def _unlock(self, key: int) -> None: ...

    def try_lock(self, source: str, function_id: str) -> bool:
        """Take the (source, function)'s lock if it is free, without waiting."""
        return self._try_lock(_lock_key(source, function_id))

    def unlock(self, source: str, function_id: str) -> None:
        self._unlock(_lock_key(source, function_id))

    @contextmanager
    def lock(
        self,
        source: str,
        function_id: str,
        *,
        wait: float = LOCK_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> Iterator[None]:
        """Hold the (source, function)'s lock: one sync of it at a time, across processes.

        A prune deletes what it did not meet; a sync running beside it could store an
        execution and move the resume point past it just before that delete, losing it
        for good. So runs of one (source, function) take turns. The lock goes with the
        process (an OS file lock for SQLite, a session advisory lock for PostgreSQL),
        so a killed run never leaves it held.
        """
        key = _lock_key(source, function_id)
        due = time.monotonic() + wait
        waited = False
        while not self._try_lock(key):
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            if time.monotonic() >= due:
                raise StoreError(
                    f"another sync of {source}/{function_id} has been using "
                    f"{self.description} for {wait:g} s; try again when it has finished"
                )
            time.sleep(_LOCK_POLL)
        try:
            yield
        finally:
            self._unlock(key)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sql(self, text: str) -> str:
        return text if self._param == "?" else text.replace("?", self._param)

    # -- reading ---------------------------------------------------------------

    def state(self, source: str, function_id: str) -> SyncState | None:
        rows = self._query(
            self._sql(
                "SELECT endpoint, server_version, api, cursor, position FROM sync_state "
                "WHERE source = ? AND function_id = ?"
            ),
            (source, function_id),
        )
        if not rows:
            return None
        endpoint, version, api, cursor, position = rows[0]
        return SyncState(source, function_id, endpoint, version, api, cursor, int(position))

    def has(self, source: str, function_id: str, execution_id: str) -> bool:
        rows = self._query(
            self._sql(
                "SELECT 1 FROM executions WHERE source = ? AND function_id = ? AND execution_id = ?"
            ),
            (source, function_id, execution_id),
        )
        return bool(rows)

    def count(self, source: str, function_id: str) -> int:
        rows = self._query(
            self._sql("SELECT count(*) FROM executions WHERE source = ? AND function_id = ?"),
            (source, function_id),
        )
        return int(rows[0][0])

    def unfinished(self, source: str, function_id: str, after: str, limit: int) -> list[str]:
        """Ids of stored executions that may still change, after ``after``, in id order."""
        rows = self._query(
            self._sql(
                "SELECT execution_id FROM executions WHERE source = ? AND function_id = ? "
                "AND status NOT IN (?, ?) AND execution_id > ? "
                "ORDER BY execution_id LIMIT ?"
            ),
            (source, function_id, *FINAL_STATUSES, after, limit),
        )
        return [str(row[0]) for row in rows]

    def status_counts(self, source: str, function_id: str | None = None) -> dict[str, int]:
        """Stored executions by status, for one source (and function)."""
        sql = "SELECT status, count(*) FROM executions WHERE source = ?"
        params: tuple[Any, ...] = (source,)
        if function_id is not None:
            sql += " AND function_id = ?"
            params += (function_id,)
        rows = self._query(self._sql(sql + " GROUP BY status ORDER BY status"), params)
        return {str(status): int(count) for status, count in rows}

    def executions(
        self, source: str | None = None, function_id: str | None = None
    ) -> Iterator[StoredExecution]:
        """Stored rows in key order (for reports and tests), a page at a time."""
        last: tuple[str, str, str] = ("", "", "")
        while True:
            sql = (
                "SELECT source, function_id, execution_id, status, server_version, data "
                "FROM executions WHERE (source, function_id, execution_id) > (?, ?, ?)"
            )
            params: list[Any] = list(last)
            if source is not None:
                sql += " AND source = ?"
                params.append(source)
            if function_id is not None:
                sql += " AND function_id = ?"
                params.append(function_id)
            sql += " ORDER BY source, function_id, execution_id LIMIT 500"
            rows = self._query(self._sql(sql), params)
            for row in rows:
                yield StoredExecution(
                    str(row[0]),
                    str(row[1]),
                    str(row[2]),
                    str(row[3]),
                    str(row[4]),
                    self._decode_data(row[5]),
                )
            if len(rows) < 500:
                return
            last = (str(rows[-1][0]), str(rows[-1][1]), str(rows[-1][2]))

    # -- writing ---------------------------------------------------------------

    def write(
        self,
        source: str,
        function_id: str,
        executions: Sequence[Execution],
        *,
        delete: Sequence[str] = (),
        state: SyncState | None = None,
        seen: bool = False,
    ) -> Changes:
        """Upsert a page, delete ids, move the state: all in one transaction.

        A row is rewritten only when its JSON changed, so a rerun over the same
        executions writes nothing. ``seen`` also records the ids for a prune pass.
        """
        changes = Changes()
        # Each execution is turned into its row once: its JSON text (compared as text
        # with the stored one, so an unchanged row costs no decoding) and its columns,
        # the dates taken from that JSON where the column holds the same text.
        rows: dict[str, tuple[Any, ...]] = {}
        for execution in executions:
            data = execution.to_dict()
            text = compact(data)
            rows[execution.id] = (
                execution.status.value,
                self._time_column(execution.created_at, data["$createdAt"]),
                self._time_column(execution.updated_at, data["$updatedAt"]),
                execution.server_version,
                text,
            )
        with self._transaction() as cursor:
            stored = self._stored_texts(cursor, source, function_id, list(rows))
            inserts: list[tuple[Any, ...]] = []
            updates: list[tuple[Any, ...]] = []
            for execution_id, columns in rows.items():
                old = stored.get(execution_id)
                if old is None:
                    inserts.append((source, function_id, execution_id, *columns))
                elif old != columns[-1]:
                    updates.append((*columns, source, function_id, execution_id))
                else:
                    changes.unchanged += 1
            # A page that repeats an id counts it once, as the last write wins.
            changes.unchanged += len(executions) - len(rows)
            if inserts:
                # An upsert, not a plain insert: a concurrent run may have added it.
                cursor.executemany(
                    self._sql(
                        "INSERT INTO executions (source, function_id, execution_id, status, "
                        "created_at, updated_at, server_version, data) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (source, function_id, execution_id) DO UPDATE SET "
                        "status = excluded.status, created_at = excluded.created_at, "
                        "updated_at = excluded.updated_at, "
                        "server_version = excluded.server_version, data = excluded.data"
                    ),
                    inserts,
                )
                changes.inserted += len(inserts)
            if updates:
                cursor.executemany(
                    self._sql(
                        "UPDATE executions SET status = ?, created_at = ?, updated_at = ?, "
                        "server_version = ?, data = ? "
                        "WHERE source = ? AND function_id = ? AND execution_id = ?"
                    ),
                    updates,
                )
                changes.updated += len(updates)
            if seen and rows:
                cursor.executemany(
                    self._sql(
                        "INSERT INTO sync_seen (source, function_id, execution_id) "
                        "VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                    ),
                    [(source, function_id, execution_id) for execution_id in rows],
                )
            for execution_id in delete:
                cursor.execute(
                    self._sql(
                        "DELETE FROM executions "
                        "WHERE source = ? AND function_id = ? AND execution_id = ?"
                    ),
                    (source, function_id, execution_id),
                )
                changes.deleted += cursor.rowcount
            if state is not None:
                self._save_state(cursor, state)
        return changes

    def begin_prune(self, source: str, function_id: str) -> None:
        """Start a prune pass: forget the ids an earlier, unfinished pass met."""
        with self._transaction() as cursor:
            cursor.execute(
                self._sql("DELETE FROM sync_seen WHERE source = ? AND function_id = ?"),
                (source, function_id),
            )

    def finish_prune(self, source: str, function_id: str) -> int:
        """End a prune pass: delete the rows it did not meet; returns how many."""
        with self._transaction() as cursor:
            cursor.execute(
                self._sql(
                    "DELETE FROM executions WHERE source = ? AND function_id = ? "
                    "AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.source = "
                    "executions.source AND s.function_id = executions.function_id "
                    "AND s.execution_id = executions.execution_id)"
                ),
                (source, function_id),
            )
            deleted = int(cursor.rowcount)
            cursor.execute(
                self._sql("DELETE FROM sync_seen WHERE source = ? AND function_id = ?"),
                (source, function_id),
            )
        return deleted

    # SQLite before 3.32 caps a statement at 999 parameters: ids are looked up in
    # chunks well under it.
    _ids_per_lookup = 500

    def _stored_texts(
        self, cursor: Any, source: str, function_id: str, ids: list[str]
    ) -> dict[str, str]:
        """The stored JSON text of those of ``ids`` already in the store."""
        stored: dict[str, str] = {}
        for start in range(0, len(ids), self._ids_per_lookup):
            chunk = ids[start : start + self._ids_per_lookup]
            marks = ", ".join("?" for _ in chunk)  # placeholders only: ids are parameters
            sql = f"SELECT execution_id, data FROM executions WHERE source = ? AND function_id = ? AND execution_id IN ({marks})"  # noqa: E501, S608
            cursor.execute(sql, (source, function_id, *chunk))
            stored.update((str(row[0]), str(row[1])) for row in cursor.fetchall())
        return stored

    def _save_state(self, cursor: Any, state: SyncState) -> None:
        cursor.execute(
            self._sql(
                "INSERT INTO sync_state (source, function_id, endpoint, server_version, api, "
                "cursor, position) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source, function_id) DO UPDATE "
                "SET endpoint = excluded.endpoint, server_version = excluded.server_version, "
                "api = excluded.api, cursor = excluded.cursor, position = excluded.position"
            ),
            (
                state.source,
                state.function_id,
                state.endpoint,
                state.server_version,
                state.api,
                state.cursor,
                state.position,
            ),
        )

    def _check_schema(self) -> None:
        rows = self._query(
            self._sql("SELECT value FROM store_meta WHERE name = ?"), ("schema_version",)
        )
        if rows and str(rows[0][0]) != SCHEMA_VERSION:
            raise StoreError(
                f"{self.description} has store schema version {rows[0][0]}, this program "
                f"writes version {SCHEMA_VERSION}: use another --db"
            )


def _ddl(data_type: str, time_type: str) -> tuple[str, ...]:
    return (
        "CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS executions ("
        " source TEXT NOT NULL, function_id TEXT NOT NULL, execution_id TEXT NOT NULL,"
        f" status TEXT NOT NULL, created_at {time_type} NOT NULL,"
        f" updated_at {time_type} NOT NULL, server_version TEXT NOT NULL,"
        f" data {data_type} NOT NULL,"
        " PRIMARY KEY (source, function_id, execution_id))",
        "CREATE INDEX IF NOT EXISTS executions_by_status"
        " ON executions (source, function_id, status)",
        "CREATE INDEX IF NOT EXISTS executions_by_created"
        " ON executions (source, function_id, created_at)",
        "CREATE INDEX IF NOT EXISTS executions_by_version ON executions (source, server_version)",
        "CREATE TABLE IF NOT EXISTS sync_state ("
        " source TEXT NOT NULL, function_id TEXT NOT NULL, endpoint TEXT NOT NULL,"
        " server_version TEXT NOT NULL, api TEXT NOT NULL, cursor TEXT,"
        " position INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (source, function_id))",
        "CREATE TABLE IF NOT EXISTS sync_seen ("
        " source TEXT NOT NULL, function_id TEXT NOT NULL, execution_id TEXT NOT NULL,"
        " PRIMARY KEY (source, function_id, execution_id))",
    )


class SqliteStore(Store):
    """A SQLite file: nothing to install.

    Rollback journal with a full sync on every commit: a committed page survives a
    power cut, and a kill at any point leaves the last committed page. A write-ahead
    log would save a sync or two per commit, but adds two files beside the store and
    fails on read-only folders and network file systems; not chosen.
    """

    def __init__(self, path: Path) -> None:
        self.description = str(path)
        self._lock_path = Path(f"{path}.lock")
        self._lock_fd: int | None = None
        try:
            self._db = sqlite3.connect(path, timeout=_SQLITE_BUSY_TIMEOUT, isolation_level=None)
            self._db.execute("PRAGMA synchronous = FULL")
            with self._transaction() as cursor:
                for statement in _ddl("TEXT", "TEXT"):
                    cursor.execute(statement)
                cursor.execute(
                    "INSERT INTO store_meta (name, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    (SCHEMA_VERSION,),
                )
            self._check_schema()
        except sqlite3.Error as error:
            raise StoreError(f"cannot use the SQLite store {path}: {error}") from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        try:
            cursor = self._db.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
                cursor.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise StoreError(f"the SQLite store {self.description} failed: {error}") from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self._db.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as error:
            raise StoreError(f"the SQLite store {self.description} failed: {error}") from None

    def _encode_data(self, data: dict[str, Any]) -> Any:
        return compact(data)

    def _decode_data(self, value: Any) -> dict[str, Any]:
        decoded: dict[str, Any] = json.loads(value)
        return decoded

    def _encode_time(self, moment: datetime) -> Any:
        return _utc_text(moment)

    def _time_column(self, moment: datetime, text: str) -> Any:
        return _utc_text_from(moment, text)

    def _try_lock(self, key: int) -> bool:
        import fcntl  # noqa: PLC0415 - POSIX only; imported where it is needed

        if self._lock_fd is None:
            try:
                # A file beside the store: SQLite's own locks on the store's file must
                # not be touched (closing any other handle of it would drop them).
                self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as error:
                raise StoreError(
                    f"cannot create the lock file {self._lock_path}: {error.strerror}"
                ) from None
        try:
            fcntl.lockf(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, key)
        except OSError:
            return False
        return True

    def _unlock(self, key: int) -> None:
        import fcntl  # noqa: PLC0415

        if self._lock_fd is not None:
            fcntl.lockf(self._lock_fd, fcntl.LOCK_UN, 1, key)

    def close(self) -> None:
        self._db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


class PostgresStore(Store):
    """PostgreSQL through psycopg 3 (``pip install 'appwrite-executions[postgres]'``)."""

    _param = "%s"

    def __init__(self, url: str) -> None:
        self.description = redact_url(url)
        try:
            import psycopg  # noqa: PLC0415 - optional dependency, only for PostgreSQL
        except ImportError:
            raise StoreError(
                "a postgresql:// store needs psycopg: pip install 'appwrite-executions[postgres]'"
            ) from None
        self._psycopg = psycopg
        try:
            self._db = psycopg.connect(url, autocommit=True)
            with self._transaction() as cursor:
                # Two first runs at once must not race to create the tables.
                cursor.execute("SELECT pg_advisory_xact_lock(7283461)")
                for statement in _ddl("JSON", "TIMESTAMPTZ"):
                    cursor.execute(statement)
                cursor.execute(
                    "INSERT INTO store_meta (name, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (name) DO NOTHING",
                    (SCHEMA_VERSION,),
                )
            self._check_schema()
        except psycopg.Error as error:
            lines = str(error).strip().splitlines()
            detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
            raise StoreError(
                f"cannot use the PostgreSQL store {self.description}: {detail}"
            ) from None

    def _failed(self, error: Exception) -> StoreError:
        lines = str(error).strip().splitlines()
        detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
        return StoreError(f"the PostgreSQL store {self.description} failed: {detail}")

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        try:
            with self._db.transaction(), self._db.cursor() as cursor:
                yield cursor
        except self._psycopg.Error as error:
            raise self._failed(error) from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._db.cursor() as cursor:
                cursor.execute(sql, tuple(params))
                return list(cursor.fetchall())
        except self._psycopg.Error as error:
            raise self._failed(error) from None

    def _stored_texts(
        self, cursor: Any, source: str, function_id: str, ids: list[str]
    ) -> dict[str, str]:
        """One lookup with the ids as one array, planned afresh every time.

        psycopg prepares a statement run five times, and PostgreSQL then settles on a
        generic plan; for this lookup that plan scanned the whole function's rows
        (10 ms a page became 0.5 s once a store held 10,000). ``data::text`` reads the
        json column as the exact text written, instead of decoding it.
        """
        cursor.execute(
            "SELECT execution_id, data::text FROM executions "
            "WHERE source = %s AND function_id = %s AND execution_id = ANY(%s)",
            (source, function_id, ids),
            prepare=False,
        )
        return {str(row[0]): str(row[1]) for row in cursor.fetchall()}

    def _encode_data(self, data: dict[str, Any]) -> Any:
        return compact(data)

    def _decode_data(self, value: Any) -> dict[str, Any]:
        if isinstance(value, str):
            decoded: dict[str, Any] = json.loads(value)
            return decoded
        return dict(value)

    def _encode_time(self, moment: datetime) -> Any:
        return moment

    def _try_lock(self, key: int) -> bool:
        rows = self._query("SELECT pg_try_advisory_lock(%s, %s)", (_PG_LOCK_SPACE, key))
        return bool(rows[0][0])

    def _unlock(self, key: int) -> None:
        self._query("SELECT pg_advisory_unlock(%s, %s)", (_PG_LOCK_SPACE, key))

    def close(self) -> None:
        self._db.close()


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str) -> Store:
    """A SQLite file path, or a ``postgresql://`` URL."""
    if is_postgres_url(target):
        return PostgresStore(target)
    return SqliteStore(Path(target))
