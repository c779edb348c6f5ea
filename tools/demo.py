"""The offline main job (stop-gap): both generated clients parse a list response.

Until the stand-in server and its cassettes exist, the list responses are built from
the examples in Appwrite's published slices (../shared/appwrite-specs), served through
an in-memory httpx transport, and parsed by each version's generated client.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx
from appwrite_api_v0_9 import Client as LegacyClient
from appwrite_api_v0_9.api.functions import functions_list_executions as legacy_list
from appwrite_api_v1_8 import Client as ModernClient
from appwrite_api_v1_8.api.functions import functions_list_executions as modern_list

SPECS = Path(
    os.environ.get(
        "APPWRITE_SPECS_DIR", Path(__file__).resolve().parents[2] / "shared/appwrite-specs"
    )
)


def _example(slice_name: str) -> dict[str, Any]:
    document = json.loads((SPECS / slice_name).read_text(encoding="utf-8"))
    schemas = document.get("definitions") or document["components"]["schemas"]
    execution = schemas["execution"]
    if "example" in execution:
        return dict(execution["example"])
    return {name: prop["x-example"] for name, prop in execution["properties"].items()}


def main() -> int:
    legacy = _example("appwrite-0.9.x-executions.swagger2.json")
    modern = _example("appwrite-1.8.x-executions.openapi3.json")
    # The published 1.8 example writes headers as {"Content-Type": ...}; the schema (and
    # the server) use [{"name": ..., "value": ...}].
    for field in ("requestHeaders", "responseHeaders"):
        modern[field] = [{"name": k, "value": v} for h in modern[field] for k, v in h.items()]
    bodies = {
        "legacy": {"sum": 1, "executions": [legacy]},
        "modern": {"total": 1, "executions": [modern]},
    }

    def serve(kind: str) -> httpx.MockTransport:
        return httpx.MockTransport(lambda request: httpx.Response(200, json=bodies[kind]))

    old = LegacyClient("http://legacy.invalid/v1", httpx_args={"transport": serve("legacy")})
    new = ModernClient("http://modern.invalid/v1", httpx_args={"transport": serve("modern")})
    legacy_page = legacy_list.sync_detailed(function_id="fn", client=old).parsed
    modern_page = modern_list.sync_detailed(function_id="fn", client=new).parsed
    print(f"legacy 0.9: {legacy_page!r}")
    print(f"modern 1.8: {modern_page!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
