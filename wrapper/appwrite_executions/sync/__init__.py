"""Execution history kept outside the servers: the sync engine, its stores and export.

Built on the client (``appwrite_executions``) and used by the command line; it knows
nothing of terminals: a sync reports its progress through a ``ProgressReporter``.
"""

from ._concurrent import DEFAULT_JOBS, FunctionOutcome, SourceOutcome, sync_sources
from ._export import CSV_COLUMNS, EXPORT_JOBS, FORMATS, Format, export_executions, open_output
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
from ._sync import (
    LARGE_PAGE,
    LEGACY_PAGE_MAX,
    FunctionResult,
    ProgressReporter,
    Source,
    StoreAccess,
    page_size_for,
    sync_function,
)

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_JOBS",
    "EXPORT_JOBS",
    "FINAL_STATUSES",
    "FORMATS",
    "LARGE_PAGE",
    "LEGACY_PAGE_MAX",
    "SCHEMA_VERSION",
    "Changes",
    "Format",
    "FunctionOutcome",
    "FunctionResult",
    "PostgresStore",
    "ProgressReporter",
    "Source",
    "SourceOutcome",
    "SqliteStore",
    "Store",
    "StoreAccess",
    "StoreError",
    "StoredExecution",
    "SyncState",
    "export_executions",
    "is_postgres_url",
    "open_output",
    "open_store",
    "page_size_for",
    "redact_url",
    "sync_function",
    "sync_sources",
    "url_secrets",
]
