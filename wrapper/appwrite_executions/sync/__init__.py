"""Execution history kept outside the servers: the sync engine, its stores and export.

Built on the client (``appwrite_executions``) and used by the command line; it knows
nothing of terminals: a sync reports its progress through a ``ProgressReporter``.
"""

from ._export import CSV_COLUMNS, FORMATS, Format, export_executions, open_output
from ._store import (
    FINAL_STATUSES,
    SCHEMA_VERSION,
    Changes,
    PostgresStore,
    SqliteStore,
    Store,
    StoredExecution,
    StoreError,
    SyncState,
    is_postgres_url,
    open_store,
    redact_url,
    url_secrets,
)
from ._sync import LEGACY_PAGE_MAX, FunctionResult, ProgressReporter, Source, sync_function

__all__ = [
    "CSV_COLUMNS",
    "FINAL_STATUSES",
    "FORMATS",
    "LEGACY_PAGE_MAX",
    "SCHEMA_VERSION",
    "Changes",
    "Format",
    "FunctionResult",
    "PostgresStore",
    "ProgressReporter",
    "Source",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredExecution",
    "SyncState",
    "export_executions",
    "is_postgres_url",
    "open_output",
    "open_store",
    "redact_url",
    "sync_function",
    "url_secrets",
]
