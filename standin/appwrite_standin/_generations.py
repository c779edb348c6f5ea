"""Map an Appwrite server version string onto the wire *generation* it speaks.

A generation is the set of wire-visible choices one server release line makes:
the execution/list shape, how list parameters are spelled, whether errors carry a
``type``, which auth schemes and routes exist.  Everything else in the stand-in is
written against :class:`Generation`, so adding a release line (0.10, 0.12, ... 1.7,
see the step table in ``shared/reference/executions-api.md``) means adding one
constant here plus a renderer in ``_render.py`` - not touching the handlers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ListStyle = Literal["legacy-params", "query-strings", "query-json"]
CreateStyle = Literal["data", "body"]


@dataclass(frozen=True)
class Generation:
    """Wire-level feature switches for one Appwrite release line."""

    key: str
    """Renderer key, e.g. ``"0.9"`` or ``"1.8"``."""
    error_type: bool
    """Errors carry a machine-readable ``type`` (0.13+)."""
    list_style: ListStyle
    """How the list endpoint is parameterised."""
    create_style: CreateStyle
    """``data`` (0.x) or ``body``/``path``/``method``/... (1.4+)."""
    delete_route: bool
    """``DELETE /functions/{id}/executions/{id}`` exists (1.6+)."""
    session_auth: bool
    """``X-Appwrite-Session`` / session cookie are accepted (1.x)."""
    scheduled_status: bool
    """``status`` may be ``scheduled`` (1.6+ data, 1.8 enum)."""


LEGACY_0_9 = Generation(
    key="0.9",
    error_type=False,
    list_style="legacy-params",
    create_style="data",
    delete_route=False,
    session_auth=False,
    scheduled_status=False,
)

MODERN_1_8 = Generation(
    key="1.8",
    error_type=True,
    list_style="query-json",
    create_style="body",
    delete_route=True,
    session_auth=True,
    scheduled_status=True,
)

# (major, minor) ranges -> generation.  Lines between 0.10 and 1.7 are not
# implemented yet; they fail loudly rather than silently speaking the wrong shape.
_LINES: tuple[tuple[tuple[int, int], tuple[int, int], Generation], ...] = (
    ((0, 7), (0, 9), LEGACY_0_9),
    ((1, 8), (99, 99), MODERN_1_8),
)

_VERSION_RE = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$")


def generation_for(version: str) -> Generation:
    """Return the generation a server reporting ``version`` speaks.

    Raises ``ValueError`` for malformed versions and for release lines whose
    renderer has not been written yet.
    """
    match = _VERSION_RE.match(version.strip())
    if match is None:
        raise ValueError(f"not an Appwrite version: {version!r}")
    line = (int(match.group(1)), int(match.group(2)))
    for low, high, generation in _LINES:
        if low <= line <= high:
            return generation
    raise ValueError(
        f"Appwrite {version} is not implemented by the stand-in yet "
        "(supported: 0.7.x-0.9.x as legacy, 1.8.x and newer as modern)"
    )
