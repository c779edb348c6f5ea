"""Fixtures shared by several test files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.postgres import postgres_server as private_postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for the session: the one named in the environment, or our own."""
    with private_postgres() as url:
        yield url
