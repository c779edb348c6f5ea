"""Map an Appwrite server version string onto the wire *generation* it speaks.

A generation is the set of wire-visible choices one server release line makes:
the execution/list shape, how list and create parameters are spelled, whether
errors carry a ``type``, which auth schemes and routes exist.  Everything else in
the stand-in is written against :class:`Generation`; the execution shapes live in
``_render.py`` (keyed by :attr:`Generation.key`), request parsing in ``_params.py``.

There is one generation per release line, 0.7 to 1.8 (see the step table in
``shared/reference/executions-api.md`` and the published slices); servers newer
than 1.8 are spoken to as 1.8.  :data:`REPRESENTATIVE_VERSIONS` names one server
version per line for recording scripts.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

ListStyle = Literal["legacy-params", "cursor-params", "query-strings", "query-json"]
CreateStyle = Literal["none", "data", "body"]

PHP_INT_MAX = 9_223_372_036_854_775_807

METHODS_1_4: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
METHODS_1_8: tuple[str, ...] = (*METHODS_1_4, "HEAD")

_ATTRIBUTES_1_0: tuple[tuple[str, str], ...] = (
    ("trigger", "trigger"),
    ("status", "status"),
    ("statusCode", "responseStatusCode"),
    ("duration", "duration"),
)
_ATTRIBUTES_1_4: tuple[tuple[str, str], ...] = (
    ("trigger", "trigger"),
    ("status", "status"),
    ("responseStatusCode", "responseStatusCode"),
    ("duration", "duration"),
)
_ATTRIBUTES_1_6: tuple[tuple[str, str], ...] = (
    *_ATTRIBUTES_1_4,
    ("requestMethod", "requestMethod"),
    ("requestPath", "requestPath"),
    ("deploymentId", "deploymentId"),
)


@dataclass(frozen=True)
class Generation:
    """Wire-level feature switches for one Appwrite release line."""

    key: str
    """Release line, e.g. ``"0.9"`` or ``"1.8"``; also the renderer key."""
    error_type: bool
    """Errors carry a machine-readable ``type`` (0.13+)."""
    list_style: ListStyle
    """How the list endpoint is parameterised: ``search/limit/offset/orderType``
    (0.7-0.11), ``limit/offset/search/cursor/cursorDirection`` (0.12-0.15),
    ``queries[]`` as strings (1.0-1.4) or as JSON (1.5+)."""
    create_style: CreateStyle
    """``none`` (0.7 takes no body), ``data`` (0.8-1.3) or ``body``/``path``/... (1.4+)."""
    delete_route: bool
    """``DELETE /functions/{id}/executions/{id}`` exists (1.6+)."""
    session_auth: bool
    """``X-Appwrite-Session`` / session cookie are accepted (1.5+, per the slices)."""
    scheduled_status: bool
    """``status`` may be ``scheduled`` (1.6+, 1.6.2:app/controllers/api/functions.php);
    older lines show such an execution as ``waiting``."""
    jwt_auth: bool = True
    """``X-Appwrite-JWT`` is accepted (0.8+; 0.7 ignores the header)."""
    catalogue_messages: bool = True
    """Error messages come from 1.0's error catalogue ("Function with the requested
    ID could not be found.") rather than the terse 0.x ones ("Function not found")."""
    list_search: bool = True
    """The list takes ``search`` (until 1.6)."""
    list_total: bool = False
    """The list takes ``total=false`` to skip counting (1.8)."""
    newest_first: bool = False
    """The default list order is newest first (0.12-0.15 list ``ORDER_DESC``)."""
    max_offset: int = 2000
    """Upper bound of the ``offset`` parameter (0.x lists)."""
    filter_attributes: tuple[tuple[str, str], ...] = _ATTRIBUTES_1_6
    """``queries[]`` attributes (wire name, internal 1.8 name) the line filters and orders on."""
    create_async: bool = True
    """Create takes ``async`` (0.13+); without it every execution is asynchronous."""
    async_default: bool = False
    """What an omitted ``async`` means (true on 0.13-0.15, false from 1.0)."""
    create_methods: tuple[str, ...] = METHODS_1_8
    """Methods ``method`` accepts (HEAD from 1.8)."""
    default_method: str = "POST"
    """What an omitted ``method`` means: POST from 1.4 (1.4.14:app/controllers/api/
    functions.php ``param('method', 'POST', ...)``; the description says GET)."""
    create_scheduled_at: bool = True
    """Create takes ``scheduledAt`` (1.6+)."""
    hide_output_from_users: bool = True
    """Users (JWT/session) see the log output and errors blanked (1.0+)."""
    exit_codes: bool = False
    """Runs report a process exit code (0) rather than an HTTP status (before 0.13)."""
    async_status: int = 201
    """Status of an async (or scheduled) create: 202 on every 1.x line (1.0.3 to 1.6.2:
    app/controllers/api/functions.php; 1.7.5 to 1.9.6: src/Appwrite/Platform/Modules/
    Functions/Http/Executions/Create.php, STATUS_CODE_ACCEPTED); 0.x answer 201."""
    limit_min: int = 0
    """Smallest ``limit`` (``Range(0, ...)`` before 1.4; utopia's Limit is ``Range(1, ...)``)."""
    limit_max: int = 100
    """Largest ``limit``: 100 until 1.2 (0.x params, 1.0-1.2 Query\\Limit default 100);
    unbounded (PHP_INT_MAX) from 1.3."""
    queries_offset_max: int = PHP_INT_MAX
    """Largest ``offset()`` query: 5000 on 1.0-1.2 (Query\\Offset default), unbounded later."""
    count_cap: int | None = 5000
    """``sum``/``total`` stop at APP_LIMIT_COUNT (5000) from 0.12; exact before."""
    response_body_stored: bool = True
    """From 1.4 ``responseBody`` is set on the create answer only, after the document
    was written (1.4.14:app/controllers/api/functions.php), so get and list send ``""``."""
    output_cap: int = 4000
    """Characters of captured output kept: 4,000 on 0.7-0.11, 8,000 on 0.12, 16,384 on
    0.13-0.15, 1,000,000 on 1.x (shared/reference/executions-api.md, checked)."""
    stale_as_failed: bool = False
    """1.9: a waiting/processing execution older than the function's timeout reads as
    ``failed``."""
    resource_ids: bool = False
    """2.0 (unreleased main): ``resourceId``/``resourceType`` replace ``functionId``;
    a request asking ``X-Appwrite-Response-Format`` below 2.0.0 gets ``functionId``
    back (main:src/Appwrite/Utopia/Response/Filters/V27.php)."""

    @property
    def line(self) -> tuple[int, int]:
        """``(major, minor)`` of the release line."""
        major, minor = self.key.split(".")
        return int(major), int(minor)


def _line(base: Generation, key: str, **changes: object) -> Generation:
    return dataclasses.replace(base, key=key, **changes)  # type: ignore[arg-type]


LEGACY_0_9 = Generation(
    key="0.9",
    error_type=False,
    list_style="legacy-params",
    create_style="data",
    delete_route=False,
    session_auth=False,
    scheduled_status=False,
    catalogue_messages=False,
    create_async=False,
    async_default=True,
    create_scheduled_at=False,
    hide_output_from_users=False,
    exit_codes=True,
    count_cap=None,
)
GENERATION_0_7 = _line(LEGACY_0_9, "0.7", create_style="none", jwt_auth=False)
GENERATION_0_8 = _line(LEGACY_0_9, "0.8")
GENERATION_0_10 = _line(LEGACY_0_9, "0.10")
GENERATION_0_11 = _line(LEGACY_0_9, "0.11")
GENERATION_0_12 = _line(
    LEGACY_0_9,
    "0.12",
    list_style="cursor-params",
    newest_first=True,
    max_offset=5000,
    count_cap=5000,
    output_cap=8000,
)
GENERATION_0_13 = _line(
    GENERATION_0_12,
    "0.13",
    error_type=True,
    create_async=True,
    exit_codes=False,
    output_cap=16384,
)
# 0.14 on keep the first 1,000,000 bytes (0.14.2:app/executor.php mb_strcut(..., 0, 1000000)).
GENERATION_0_14 = _line(GENERATION_0_13, "0.14", output_cap=1_000_000)
GENERATION_0_15 = _line(GENERATION_0_14, "0.15")
GENERATION_1_0 = _line(
    GENERATION_0_13,
    "1.0",
    list_style="query-strings",
    newest_first=False,
    catalogue_messages=True,
    async_default=False,
    hide_output_from_users=True,
    filter_attributes=_ATTRIBUTES_1_0,
    async_status=202,
    queries_offset_max=5000,
    output_cap=1_000_000,
)
GENERATION_1_1 = _line(GENERATION_1_0, "1.1")
GENERATION_1_2 = _line(GENERATION_1_0, "1.2")
GENERATION_1_3 = _line(GENERATION_1_0, "1.3", limit_max=PHP_INT_MAX, queries_offset_max=PHP_INT_MAX)
GENERATION_1_4 = _line(
    GENERATION_1_3,
    "1.4",
    create_style="body",
    create_methods=METHODS_1_4,
    filter_attributes=_ATTRIBUTES_1_4,
    limit_min=1,
    response_body_stored=False,
)
GENERATION_1_5 = _line(GENERATION_1_4, "1.5", list_style="query-json", session_auth=True)
GENERATION_1_6 = _line(
    GENERATION_1_5,
    "1.6",
    delete_route=True,
    create_scheduled_at=True,
    filter_attributes=_ATTRIBUTES_1_6,
    scheduled_status=True,
)
GENERATION_1_7 = _line(GENERATION_1_6, "1.7", list_search=False)
MODERN_1_8 = _line(GENERATION_1_7, "1.8", list_total=True, create_methods=METHODS_1_8)
GENERATION_1_9 = _line(MODERN_1_8, "1.9", stale_as_failed=True)
GENERATION_2_0 = _line(GENERATION_1_9, "2.0", resource_ids=True)

GENERATIONS: tuple[Generation, ...] = (
    GENERATION_0_7,
    GENERATION_0_8,
    LEGACY_0_9,
    GENERATION_0_10,
    GENERATION_0_11,
    GENERATION_0_12,
    GENERATION_0_13,
    GENERATION_0_14,
    GENERATION_0_15,
    GENERATION_1_0,
    GENERATION_1_1,
    GENERATION_1_2,
    GENERATION_1_3,
    GENERATION_1_4,
    GENERATION_1_5,
    GENERATION_1_6,
    GENERATION_1_7,
    MODERN_1_8,
    GENERATION_1_9,
    GENERATION_2_0,
)
"""Every release line the stand-in speaks, oldest first (2.0: the unreleased main
branch's shape, for testing the response-format pin)."""

REPRESENTATIVE_VERSIONS: dict[str, str] = {
    "0.7": "0.7.2",
    "0.8": "0.8.0",
    "0.9": "0.9.4",
    "0.10": "0.10.4",
    "0.11": "0.11.1",
    "0.12": "0.12.3",
    "0.13": "0.13.4",
    "0.14": "0.14.2",
    "0.15": "0.15.3",
    "1.0": "1.0.3",
    "1.1": "1.1.2",
    "1.2": "1.2.1",
    "1.3": "1.3.8",
    "1.4": "1.4.13",
    "1.5": "1.5.11",
    "1.6": "1.6.2",
    "1.7": "1.7.4",
    "1.8": "1.8.1",
    "1.9": "1.9.6",
}
"""One server version per release line (line -> version), for recording scripts."""

_BY_LINE: dict[tuple[int, int], Generation] = {g.line: g for g in GENERATIONS}
_OLDEST, _NEWEST = GENERATIONS[0].line, GENERATIONS[-1].line

_VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$")


def generation_for(version: str) -> Generation:
    """Return the generation a server reporting ``version`` speaks.

    Versions past the newest line speak it.  Raises ``ValueError`` for malformed versions
    and for servers older than 0.7 (which had no Functions API).
    """
    match = _VERSION_RE.match(version.strip())
    if match is None:
        raise ValueError(f"not an Appwrite version: {version!r}")
    line = (int(match.group(1)), int(match.group(2)))
    patch = int(match.group(3) or 0)
    if line == (1, 8) and patch == 0:
        # 1.8.0 does not declare `total` yet (1.8.1:src/Appwrite/Platform/Modules/
        # Functions/Http/Executions/XList.php is the first that does): it is ignored.
        return dataclasses.replace(MODERN_1_8, list_total=False)
    generation = _BY_LINE.get(line)
    if generation is None and line > (1, 0):
        # An unknown later line (1.10, 2.3) speaks the newest known line below it.
        generation = _BY_LINE[max(known for known in _BY_LINE if known <= line)]
    if generation is None:
        raise ValueError(
            f"Appwrite {version} is not implemented by the stand-in "
            f"(supported: {GENERATIONS[0].key}.x to {GENERATIONS[-1].key}.x and newer; "
            "Functions arrived in 0.7)"
        )
    return generation
