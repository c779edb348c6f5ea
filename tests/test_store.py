"""The store's write path: a page in one transaction, each row written once and only
when it changed, the indexed columns agreeing with the JSON, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from appwrite_executions import Execution
from appwrite_executions._dates import format_datetime
from appwrite_executions.sync import Store, SyncState, open_store
from appwrite_executions.sync._store import _utc_text, _utc_text_from
from hypothesis import given
from hypothesis import strategies as st

MODERN: dict[str, Any] = {
    "$id": "e1",
    "$createdAt": "2025-01-02T03:04:05.678+00:00",
    "$updatedAt": "2025-01-02T03:04:06.000+00:00",
    "$permissions": [],
    "functionId": "f",
    "deploymentId": "d",
    "trigger": "http",
    "status": "completed",
    "requestMethod": "GET",
    "requestPath": "/",
    "requestHeaders": [],
    "responseStatusCode": 200,
    "responseBody": "",
    "responseHeaders": [],
    "logs": "",
    "errors": "",
    "duration": 0.5,
    "scheduledAt": None,
}


def execution(execution_id: str, **changes: Any) -> Execution:
    return Execution.from_dict({**MODERN, "$id": execution_id, **changes}, server_version="1.8.1")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with open_store(str(tmp_path / "store.sqlite")) as opened:
            yield opened
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"store_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(server)._replace(path=f"/{name}").geturl()
    with open_store(url) as opened:
        yield opened
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_page_counts_new_changed_and_unchanged_rows_exactly(store: Store) -> None:
    state = SyncState("s", "f", "http://x/v1", "1.8.1", "modern", "e3", 0)
    first = store.write("s", "f", [execution("e1"), execution("e2"), execution("e3")], state=state)
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    again = store.write("s", "f", [execution("e1"), execution("e2", status="failed")])
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    repeated = store.write("s", "f", [execution("e4"), execution("e4")])
    assert (repeated.inserted, repeated.updated, repeated.unchanged) == (1, 0, 1)
    stored = {row.execution_id: row for row in store.executions("s", "f")}
    assert sorted(stored) == ["e1", "e2", "e3", "e4"]
    assert stored["e2"].status == "failed" and stored["e2"].data["status"] == "failed"
    assert stored["e1"].data == execution("e1").to_dict()
    assert store.state("s", "f") == state
    assert store.status_counts("s", "f") == {"completed": 3, "failed": 1}


def test_the_date_columns_hold_the_same_moment_as_the_json(store: Store) -> None:
    shifted = "2025-01-02T05:04:05.678123+02:00"  # not UTC, and sub-millisecond digits
    store.write("s", "f", [execution("e1"), execution("e2", **{"$createdAt": shifted})])
    rows = store._query(
        store._sql("SELECT execution_id, created_at FROM executions ORDER BY execution_id")
    )
    values = {str(row[0]): row[1] for row in rows}
    if isinstance(values["e1"], datetime):  # PostgreSQL: timestamptz
        assert values["e1"] == datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
        assert values["e2"] == datetime(2025, 1, 2, 3, 4, 5, 678123, tzinfo=UTC)
    else:  # SQLite: UTC text to the millisecond, which sorts in time order
        assert values == {
            "e1": "2025-01-02T03:04:05.678+00:00",
            "e2": "2025-01-02T03:04:05.678+00:00",
        }


@given(
    st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    )
)
def test_a_time_column_taken_from_the_json_equals_formatting_it_again(moment: datetime) -> None:
    """The SQLite store reuses the JSON's date text only where it is the column's text."""
    assert _utc_text_from(moment, format_datetime(moment)) == _utc_text(moment)
