"""Find anything in recorded traffic that looks like a credential.

Cassettes are committed, so a secret that reaches one is published. Recording replaces
credentials with placeholders; this scan is the independent check that it did: it knows
what Appwrite's secrets look like and which headers and cookies carry them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

PLACEHOLDERS = {"<API_KEY>", "<JWT>", "<SESSION>"}
CREDENTIAL_HEADERS = {"x-appwrite-key", "x-appwrite-jwt", "x-appwrite-session"}

_PATTERNS = {
    "an Appwrite API key": re.compile(r"\b(?:standard|dynamic)_[0-9a-f]{32,}"),
    "a JSON Web Token": re.compile(r"\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"),
    "a bearer token": re.compile(r"(?i)\bbearer\s+[\w.~+/-]{16,}"),
    "a long hex secret": re.compile(r"\b[0-9a-f]{48,}\b"),
}


def scan_text(text: str) -> list[str]:
    return [
        f"{what}: {match.group(0)[:12]}…"
        for what, pattern in _PATTERNS.items()
        for match in pattern.finditer(text)
    ]


def _cookie_values(header: str) -> list[str]:
    return [item.split("=", 1)[1].strip() for item in header.split(";") if "=" in item]


def scan_cassette(path: Path) -> list[str]:
    """Problems in one cassette file: secret-shaped text, or credentials not replaced."""
    text = path.read_text(encoding="utf-8")
    problems = [f"{path.name}: {p}" for p in scan_text(text)]
    data: Any = yaml.safe_load(text) or {}
    for number, interaction in enumerate(data.get("interactions", []), 1):
        for name, values in interaction["request"].get("headers", {}).items():
            lower = name.lower()
            for value in values:
                if lower in CREDENTIAL_HEADERS and value not in PLACEHOLDERS:
                    problems.append(f"{path.name} #{number}: {name} carries a real value")
                if lower == "cookie" and any(v not in PLACEHOLDERS for v in _cookie_values(value)):
                    problems.append(f"{path.name} #{number}: a cookie carries a real value")
        for name in interaction["response"].get("headers", {}):
            if name.lower() == "set-cookie":
                problems.append(f"{path.name} #{number}: a Set-Cookie header was recorded")
    return problems
