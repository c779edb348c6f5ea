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
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from openapi_spec_validator import validate
from support.paths import PROJECT, published_slice
from support.spec_facts import differences, flatten, load_document

sys.path.insert(0, str(PROJECT / "tools"))
import derive_spec

LIST = "GET /functions/{functionId}/executions"
CREATE = "POST /functions/{functionId}/executions"


class Allowed(NamedTuple):
    version: str  # "0.9", "1.8" or "*"
    key: str  # fnmatch pattern over the fact key
    what: str  # "missing", "extra" or the attribute that differs
    reason: str


INTENTIONAL: list[Allowed] = [
    Allowed(
        "*",
        "GET /health/version*",
        "extra",
        "C5: every server since 0.7 answers it; the wrapper detects the version with it",
    ),
    Allowed(
        "*",
        "* response default*",
        "extra",
        "errors are documented so the generated client parses them (C6, C9)",
    ),
    Allowed(
        "1.8",
        f"{CREATE} response 201",
        "media",
        "C1: the server answers create with JSON; 1.8.x publishes multipart/form-data",
    ),
    Allowed(
        "1.8",
        f"{LIST} param query:queries",
        "missing",
        "C7: the server parses the PHP-style name queries[], which the SDKs send",
    ),
    Allowed("1.8", f"{LIST} param query:queries[]", "extra", "C7: see the row above"),
    Allowed(
        "0.9",
        f"{LIST} param query:orderType",
        "enum",
        "C8: 0.9.x publishes no enum; its description and the server accept ASC and DESC",
    ),
    Allowed(
        "0.9",
        "* response * *status",
        "enum",
        "C8: 0.9.x publishes no enum; its description lists waiting, processing, completed, failed",
    ),
    Allowed(
        "0.9",
        "* response * *trigger",
        "enum",
        "C8: 0.9.x publishes no enum; its description lists http, schedule, event",
    ),
]

SLICES = {
    "0.9": "appwrite-0.9.x-executions.swagger2.json",
    "1.8": "appwrite-1.8.x-executions.openapi3.json",
}


def _source() -> dict[str, Any]:
    return derive_spec.load(PROJECT / "openapi.yaml")


def unexplained(
    version: str, published: dict[str, Any], ours: dict[str, Any]
) -> tuple[list[Any], set[Allowed]]:
    """The differences no INTENTIONAL row explains, and the rows that explained one."""
    used: set[Allowed] = set()
    left = []
    for diff in differences(flatten(published), flatten(ours)):
        key, what = diff[0], diff[1]
        rows = [
            a
            for a in INTENTIONAL
            if a.version in ("*", version) and a.what == what and fnmatch.fnmatchcase(key, a.key)
        ]
        if rows:
            used.update(rows)
        else:
            left.append(diff)
    return left, used


@pytest.mark.parametrize("version", sorted(SLICES))
def test_derived_document_matches_published_slice(version: str) -> None:
    published = load_document(published_slice(SLICES[version]))
    left, _ = unexplained(version, published, derive_spec.derive(_source(), version))
    assert left == [], "differences from the published slice that INTENTIONAL does not list"


def test_every_intentional_difference_is_still_real() -> None:
    """A row that no longer matches anything would hide a future, different change."""
    used: set[Allowed] = set()
    for version, name in SLICES.items():
        published = load_document(published_slice(name))
        used |= unexplained(version, published, derive_spec.derive(_source(), version))[1]
    assert [a for a in INTENTIONAL if a not in used] == []


@pytest.mark.parametrize(
    ("version", "schema", "prop"),
    [
        ("1.8", "execution", "responseBody"),
        ("0.9", "execution", "stderr"),
        ("1.8", "executionList", "total"),
    ],
)
def test_check_fails_when_a_property_is_removed(version: str, schema: str, prop: str) -> None:
    ours = derive_spec.derive(_source(), version)
    broken = copy.deepcopy(ours)
    del broken["components"]["schemas"][schema]["properties"][prop]
    published = load_document(published_slice(SLICES[version]))
    left, _ = unexplained(version, published, broken)
    assert left, "removing a published property must be reported"
    assert all(what == "missing" and key.endswith(prop) for key, what, *_ in left)


def test_check_fails_when_a_type_changes() -> None:
    ours = derive_spec.derive(_source(), "1.8")
    ours["components"]["schemas"]["execution"]["properties"]["duration"]["type"] = "string"
    published = load_document(published_slice(SLICES["1.8"]))
    left, _ = unexplained("1.8", published, ours)
    assert {(key.rsplit(" ", 1)[-1], what) for key, what, *_ in left} >= {("duration", "type")}


def test_openapi_documents_are_valid() -> None:
    validate(derive_spec.load(PROJECT / "openapi.yaml"))
    for version in derive_spec.versions(_source()):
        validate(derive_spec.derive(_source(), version))


def test_committed_derived_documents_are_current() -> None:
    for version in derive_spec.versions(_source()):
        committed = (
            PROJECT / "generated" / f"v{version.replace('.', '_')}" / "openapi.yaml"
        ).read_text()
        assert committed == derive_spec.dump(derive_spec.derive(_source(), version), version)


def test_a_property_or_operation_for_one_version_exists_only_there() -> None:
    legacy = derive_spec.derive(_source(), "0.9")["components"]["schemas"]["execution"]
    modern = derive_spec.derive(_source(), "1.8")["components"]["schemas"]["execution"]
    assert "dateCreated" in legacy["required"] and "dateCreated" not in modern["properties"]
    assert "$createdAt" in modern["required"] and "$createdAt" not in legacy["required"]
    assert (
        "delete"
        not in derive_spec.derive(_source(), "0.9")["paths"][
            "/functions/{functionId}/executions/{executionId}"
        ]
    )


def test_unknown_version_tags_are_rejected() -> None:
    source = _source()
    source["paths"]["/health/version"]["get"]["x-versions"] = ["2.0"]
    with pytest.raises(derive_spec.DerivationError, match="unknown versions"):
        derive_spec.derive(source, "1.8")


def test_check_generated_fails_after_a_one_line_change(tmp_path: Path) -> None:
    """What `make check-generated` does, on a copy: clean as committed, dirty after an edit."""
    if shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("openapi-python-client is not installed next to this Python: run `make setup`")
    copy_root = tmp_path / "repo"
    copy_root.mkdir()
    for name in ("openapi.yaml", "generator-config.yaml", "templates", "tools", "generated"):
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, copy_root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, copy_root / name)

    def regenerate_differs() -> bool:
        out = tmp_path / "out"
        env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHON": sys.executable}
        subprocess.run(
            ["bash", str(copy_root / "tools/generate.sh"), str(out)], check=True, env=env
        )
        return (
            subprocess.run(
                ["diff", "-r", "-q", str(copy_root / "generated"), str(out)],
                check=False,
                capture_output=True,
            ).returncode
            != 0
        )

    assert not regenerate_differs(), "generated/ as committed must match openapi.yaml"
    spec = copy_root / "openapi.yaml"
    spec.write_text(
        spec.read_text().replace(
            "description: HTTP response status code.",
            "description: The HTTP response status code.",
            1,
        )
    )
    assert regenerate_differs(), "a one-line change to openapi.yaml must show in generated/"
