"""The `appwrite-executions` command: the client's operations, export and sync, from a shell.

Configuration comes from flags or the environment (APPWRITE_ENDPOINT, APPWRITE_PROJECT,
APPWRITE_KEY or APPWRITE_JWT), so a key need not appear on a command line. Output is
a table for people, or the exact JSON with --json / --legacy-json. Every failure is
one line on stderr and an exit code per class (see `_failures.ExitCode`); --debug adds
the traceback, with the run's secrets masked.
"""

from ._main import main

__all__ = ["main"]
