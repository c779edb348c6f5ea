"""Start a command with SIGINT at its default, as a terminal would.

A shell's background job (a CI runner, say) starts its children with SIGINT ignored,
and Python keeps ignoring a signal ignored at its start, so a test that sends SIGINT
must undo that. The reset is done in the child by a tiny exec wrapper, not with
``preexec_fn``, which is unsafe in a test process that runs threads.
"""

from __future__ import annotations

import sys

_RESET_AND_EXEC = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def with_default_sigint(command: list[str]) -> list[str]:
    """``command`` (its first item an executable's path), run with SIGINT at default."""
    return [sys.executable, "-c", _RESET_AND_EXEC, *command]
