"""Realistic response bodies, taken from the project's stand-in server once per run.

The stand-in answers like Appwrite 0.9.4 and 1.8.1 with seeded executions (bodies,
logs, headers of realistic sizes), so the benchmark reads exactly the bytes those
servers put on the wire instead of hand-written samples that could flatter a parser.
The fast loopback server then replays these bytes without doing any work per request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from appwrite_standin import BUSY_FUNCTION_ID, StandIn

MODERN_VERSION = "1.8.1"
LEGACY_VERSION = "0.9.4"
PAGE = 100
# Every id in a stream starts with this letter, then the item's 8-digit position.
STREAM_PREFIX = "b"
ID_SLOT = "@@ID@@@@@"  # 9 characters, replaced by stream_id(index)
CREATED_SLOT = "@@CREATED@@"  # replaced by stream_created(index): dates rise with the id


@dataclass(frozen=True)
class Bodies:
    """The wire bodies of one server version."""

    version: str
    health: str
    page: str  # a list of PAGE executions
    execution: str  # one typical execution
    execution_id: str
    items: tuple[str, ...]  # PAGE single executions, for assembling long streams


def _modern_params() -> httpx.QueryParams:
    order = json.dumps({"method": "orderAsc", "attribute": "$createdAt"}, separators=(",", ":"))
    limit = json.dumps({"method": "limit", "values": [PAGE]}, separators=(",", ":"))
    return httpx.QueryParams([("queries[]", order), ("queries[]", limit)])


def _legacy_params() -> httpx.QueryParams:
    return httpx.QueryParams({"search": "", "limit": PAGE, "offset": 0, "orderType": "ASC"})


def _typical(executions: list[dict[str, Any]]) -> dict[str, Any]:
    """The execution of median size: neither the empty nor the largest one."""
    ranked = sorted(executions, key=lambda item: (len(json.dumps(item)), item["$id"]))
    return ranked[len(ranked) // 2]


def _read(version: str) -> Bodies:
    with StandIn(version) as server, httpx.Client(base_url=server.url) as http:
        headers = {"X-Appwrite-Project": server.project, "X-Appwrite-Key": server.key}
        if version == MODERN_VERSION:
            headers["X-Appwrite-Response-Format"] = "1.8.0"
        params = _modern_params() if version == MODERN_VERSION else _legacy_params()
        path = f"/functions/{BUSY_FUNCTION_ID}/executions"
        health = http.get("/health/version").raise_for_status().text
        page = http.get(path, params=params, headers=headers).raise_for_status()
        executions = page.json()["executions"]
        if len(executions) != PAGE:
            raise RuntimeError(f"the stand-in gave {len(executions)} executions, not {PAGE}")
        chosen = _typical(executions)["$id"]
        single = http.get(f"{path}/{chosen}", headers=headers).raise_for_status().text
    items = tuple(json.dumps(item, separators=(",", ":")) for item in executions)
    return Bodies(version, health, page.text, single, chosen, items)


def read_bodies() -> dict[str, Bodies]:
    """Bodies keyed by API shape ("modern", "legacy")."""
    return {"modern": _read(MODERN_VERSION), "legacy": _read(LEGACY_VERSION)}


def stream_items(bodies: Bodies) -> list[str]:
    """The page's executions with ``ID_SLOT`` where a stream writes a unique id.

    A stream's id is ``b`` + the item's 8-digit position + the tail of the seeded id
    (still 20 valid characters), so a stream of any length has unique, ordered ids
    and the server can read the position back from a cursor.
    """
    items = []
    for text in bodies.items:
        item = json.loads(text)
        item["$id"] = ID_SLOT + str(item["$id"])[9:]
        # A real list ordered by $createdAt rises with the walk (the client checks it).
        item["$createdAt"] = CREATED_SLOT
        encoded = json.dumps(item, separators=(",", ":"))
        if encoded.count(ID_SLOT) != 1 or encoded.count(CREATED_SLOT) != 1:
            raise RuntimeError("the id placeholder is not unique in an execution")
        items.append(encoded)
    return items


def stream_created(index: int) -> str:
    """The creation date of a stream's item ``index``: one second apart, from 2026."""
    minutes, second = divmod(index, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    return f"2026-01-{1 + days % 28:02d}T{hour:02d}:{minute:02d}:{second:02d}.000+00:00"


def stream_id(index: int) -> str:
    """The first 9 characters of the id of a stream's item ``index``."""
    return f"{STREAM_PREFIX}{index:08d}"
