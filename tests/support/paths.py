"""Where the project and the shared reference material are, for tests."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def specs_dir() -> Path:
    """``$APPWRITE_SPECS_DIR`` or ``<project>/../shared/appwrite-specs``, read on each call."""
    override = os.environ.get("APPWRITE_SPECS_DIR")
    return Path(override) if override else PROJECT.parent / "shared" / "appwrite-specs"


SPECS = specs_dir()


def published_slice(name: str) -> Path:
    """A published Appwrite slice from ../shared/appwrite-specs (never copied here)."""
    path = SPECS / name
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the published specs must sit in ../shared/appwrite-specs "
            "beside the project, or APPWRITE_SPECS_DIR must name their folder"
        )
    return path
