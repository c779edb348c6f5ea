"""The recorded cassettes say what Appwrite's published slices say.

Every exchange in `cassettes/` is checked against the published slice of its release
line; the checks themselves are shown to fail on doctored cassettes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cassettes import CASSETTES, body_bytes, cassette_files, interactions, release_line
from support.published_specs import validate_exchange

CORPUS = cassette_files()


def exchange_problems(path: Path) -> list[str]:
    """Problems of every exchange in a cassette.

    A request the server refused (a deliberate error scenario: bad key, bad query) is
    meant to break the rules, so only its response is checked; an accepted request
    must conform too.
    """
    line = release_line(path)
    problems = []
    for number, item in enumerate(interactions(path), 1):
        request, response = item["request"], item["response"]
        found = validate_exchange(
            line,
            request["method"],
            request["uri"],
            request.get("headers", {}),
            body_bytes(request.get("body")) or None,
            response["status"]["code"],
            response.get("headers", {}),
            body_bytes(response["body"]),
        )
        if response["status"]["code"] >= 400:
            found = [p for p in found if p.startswith(("response", "error"))]
        problems += [f"#{number} {request['method']} {request['uri']}: {p}" for p in found]
    return problems


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_exchange_conforms_to_its_published_slice(path: Path) -> None:
    assert exchange_problems(path) == []


def test_validation_fails_on_a_wrong_type(tmp_path: Path) -> None:
    source = CASSETTES / "1.8" / "get_execution_modern.yaml"
    text = source.read_text(encoding="utf-8")
    assert '"responseStatusCode":' in text
    broken = tmp_path / "1.8" / source.name
    broken.parent.mkdir()
    broken.write_text(
        text.replace('"responseStatusCode":', '"responseStatusCode":"x","_was":', 1),
        encoding="utf-8",
    )
    problems = exchange_problems(broken)
    assert any("responseStatusCode" in p for p in problems), problems


def test_validation_fails_on_a_legacy_error_with_a_type(tmp_path: Path) -> None:
    source = CASSETTES / "0.9" / "error_unknown_function.yaml"
    data = source.read_text(encoding="utf-8")
    broken = tmp_path / "0.9" / source.name
    broken.parent.mkdir()
    broken.write_text(data.replace('{"message"', '{"type":"function_not_found","message"', 1))
    assert any("type" in p for p in exchange_problems(broken))
