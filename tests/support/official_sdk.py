"""The official ``appwrite`` SDK in a virtual environment of its own, for comparisons.

The project never depends on the SDK: the comparison tests install it (once, then
reuse it) into ``.venv/official-sdk-<version>`` and run scripts with that
environment's Python in a subprocess, so the SDK never shares a process with the
shim it is compared with. Installing needs the package index; nothing else does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sdk_python(version: str) -> Path:
    """The Python of a venv holding ``appwrite==version`` (created when missing)."""
    home = ROOT / ".venv" / f"official-sdk-{version}"
    python = home / "bin" / "python"
    stamp = home / ".installed"
    if not stamp.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"appwrite=={version}"],
            check=True,
            timeout=600,
        )
        stamp.touch()
    return python


def run_script(python: Path, script: str, timeout: float = 120) -> str:
    """Run ``script`` with ``python``; its standard output (a failure shows stderr)."""
    done = run_process(python, script, timeout)
    if done.returncode != 0:
        raise AssertionError(f"the script failed:\n{script}\n--- stderr:\n{done.stderr[-4000:]}")
    return done.stdout


def run_process(
    python: Path, script: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with ``python`` from ``/`` (so this tree is not importable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [str(python), "-c", script],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd="/",
    )
