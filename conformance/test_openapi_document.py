"""openapi.yaml says what Appwrite's published documents say, except where we chose not to.

For the legacy (0.9.x) and modern (1.8.x) lines, every operation, parameter, request-body
property and response property of the published slice must appear in the document we
derive from openapi.yaml, with the same type, required flag, default, enum and
nullability; and everything we add must be accounted for. The only differences allowed
are the rows of INTENTIONAL below, each with its reason (the C-numbers refer to the
corrections listed at the top of openapi.yaml).
"""

from __future__ import annotations

import copy
import fnmatch
from typing import Any, NamedTuple

import derive_spec
import pytest
from support.paths import PROJECT, SPECS
from support.published_specs import release_lines
from support.spec_facts import differences, flatten, load_document

LIST = "GET /functions/{functionId}/executions"
CREATE = "POST /functions/{functionId}/executions"


class Allowed(NamedTuple):
    lines: str  # release lines it applies to: "*" or an inclusive range "0.7-0.11"
    key: str  # fnmatch pattern over the fact key
    what: str  # "missing", "extra" or the attribute that differs
    reason: str

    def applies_to(self, line: str) -> bool:
        if self.lines == "*":
            return True
        low, _, high = self.lines.partition("-")
        return _key(low) <= _key(line) <= _key(high or low)


INTENTIONAL: list[Allowed] = [
    Allowed(
        "*",
        "GET /health/version*",
        "extra",
        "C5: every server since 0.7 answers it; the wrapper detects the version with it",
    ),
    Allowed(
        "*",
        "GET /functions",
        "extra",
        "issue 16: the functions list (--all-functions), from the source; the slices hold "
        "only the executions paths",
    ),
    Allowed("*", "GET /functions *", "extra", "issue 16: see the row above"),
    Allowed(
        "*",
        "* response default*",
        "extra",
        "errors are documented so the generated client parses them (C6, C9)",
    ),
    Allowed(
        "1.6-1.8",
        f"{CREATE} response 201",
        "media",
        "C1: the server answers create with JSON; 1.6 to 1.8 publish multipart/form-data",
    ),
    Allowed(
        "1.0-1.8",
        f"{LIST} param query:queries",
        "missing",
        "C7: the server parses the PHP-style name queries[], which the SDKs send",
    ),
    Allowed("1.0-1.8", f"{LIST} param query:queries[]", "extra", "C7: see the row above"),
    Allowed(
        "0.7-0.11",
        f"{LIST} param query:orderType",
        "enum",
        "C8: no enum is published; the description and the server take ASC and DESC",
    ),
    Allowed(
        "0.12-0.15",
        f"{LIST} param query:cursorDirection",
        "enum",
        "C8: no enum is published; the description and the server take after and before",
    ),
    Allowed(
        "0.7-1.7",
        "* response * *status",
        "enum",
        "C8: no enum before 1.8; the descriptions list waiting, processing, completed, failed",
    ),
    Allowed(
        "0.7-1.7",
        "* response * *trigger",
        "enum",
        "C8: no enum before 1.8; the descriptions list http, schedule, event",
    ),
    Allowed(
        "0.10-0.11",
        "* response * *$permissions[].*",
        "missing",
        "C10: published as an object with `items`, which means nothing on an object",
    ),
    Allowed("0.10-0.11", "* response * *$permissions.*", "extra", "C10: see the row above"),
    Allowed(
        "1.0-1.8",
        f"{CREATE} response 202*",
        "extra",
        "C11: async and scheduled creates answer 202 on every 1.x line "
        "(1.0.3:app/controllers/api/functions.php STATUS_CODE_ACCEPTED ... "
        "1.8.1:src/Appwrite/Platform/Modules/Functions/Http/Executions/Create.php)",
    ),
    Allowed(
        "1.7-1.7",
        "* response * *deploymentId",
        "missing",
        "C12: released 1.7 servers send no deploymentId "
        "(1.7.5:src/Appwrite/Utopia/Response/Model/Execution.php); 1.8.0 adds it",
    ),
    Allowed(
        "0.7-0.7",
        f"{CREATE} body*",
        "extra",
        "0.7 takes no body; the 0.9 document serves 0.7 and the client sends no body to it",
    ),
]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


LINES = release_lines()


def _source() -> dict[str, Any]:
    return derive_spec.load(PROJECT / "openapi.yaml")


def generation(line: str) -> str:
    """The document version that serves a release line: the latest at or below it.

    0.7 and 0.8 are served by the oldest document, 0.9 (they answer the same shape).
    """
    known = derive_spec.versions(_source())
    below = [v for v in known if _key(v) <= _key(line)]
    return below[-1] if below else known[0]


def published(line: str) -> dict[str, Any]:
    return load_document(next(SPECS.glob(f"appwrite-{line}.x-executions.*.json")))


def unexplained(
    line: str, published_doc: dict[str, Any], ours: dict[str, Any]
) -> tuple[list[Any], set[Allowed]]:
    """The differences no INTENTIONAL row explains, and the rows that explained one."""
    used: set[Allowed] = set()
    left = []
    for diff in differences(flatten(published_doc), flatten(ours)):
        key, what = diff[0], diff[1]
        rows = [
            a
            for a in INTENTIONAL
            if a.applies_to(line) and a.what == what and fnmatch.fnmatchcase(key, a.key)
        ]
        if rows:
            used.update(rows)
        else:
            left.append(diff)
    return left, used


def test_every_release_line_is_checked() -> None:
    assert len(LINES) == 18 and LINES[0] == "0.7" and LINES[-1] == "1.8"


@pytest.mark.parametrize("line", LINES)
def test_derived_document_matches_published_slice(line: str) -> None:
    ours = derive_spec.derive(_source(), generation(line))
    left, _ = unexplained(line, published(line), ours)
    assert left == [], "differences from the published slice that INTENTIONAL does not list"


def test_every_intentional_difference_is_still_real() -> None:
    """A row that no longer matches anything would hide a future, different change."""
    used: set[Allowed] = set()
    for line in LINES:
        used |= unexplained(line, published(line), derive_spec.derive(_source(), generation(line)))[
            1
        ]
    assert [a for a in INTENTIONAL if a not in used] == []


@pytest.mark.parametrize(
    ("version", "schema", "prop"),
    [
        ("1.8", "execution", "responseBody"),
        ("0.9", "execution", "stderr"),
        ("1.8", "executionList", "total"),
        ("0.13", "execution", "statusCode"),
        ("1.0", "execution", "stdout"),
    ],
)
def test_check_fails_when_a_property_is_removed(version: str, schema: str, prop: str) -> None:
    ours = derive_spec.derive(_source(), version)
    broken = copy.deepcopy(ours)
    del broken["components"]["schemas"][schema]["properties"][prop]
    left, _ = unexplained(version, published(version), broken)
    assert left, "removing a published property must be reported"
    assert all(what == "missing" and key.endswith(prop) for key, what, *_ in left)


def test_check_fails_when_a_type_changes() -> None:
    ours = derive_spec.derive(_source(), "1.8")
    ours["components"]["schemas"]["execution"]["properties"]["duration"]["type"] = "string"
    left, _ = unexplained("1.8", published("1.8"), ours)
    assert {(key.rsplit(" ", 1)[-1], what) for key, what, *_ in left} >= {("duration", "type")}
