"""The generation inputs: openapi.yaml derives into valid per-generation documents, the
committed documents and clients are what the inputs produce, and the check that says so
(`make check-generated`) notices a one-line change. Needs nothing outside the tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import derive_spec
import pytest
from openapi_spec_validator import validate
from support.paths import PROJECT


def _source() -> dict[str, Any]:
    return derive_spec.load(PROJECT / "openapi.yaml")


def test_the_namespace_lists_every_generation() -> None:
    """`appwrite_api.GENERATIONS` is what openapi.yaml declares, and each one imports."""
    import importlib  # noqa: PLC0415

    import appwrite_api  # noqa: PLC0415

    assert list(appwrite_api.GENERATIONS) == derive_spec.versions(_source())
    for version in appwrite_api.GENERATIONS:
        package = importlib.import_module(f"appwrite_api.v{version.replace('.', '_')}")
        assert hasattr(package, "AuthenticatedClient")


def test_openapi_documents_are_valid() -> None:
    validate(derive_spec.load(PROJECT / "openapi.yaml"))
    for version in derive_spec.versions(_source()):
        validate(derive_spec.derive(_source(), version))


def test_committed_derived_documents_are_current() -> None:
    for version in derive_spec.versions(_source()):
        committed = (
            PROJECT / "generated" / "openapi" / f"v{version.replace('.', '_')}.yaml"
        ).read_text()
        assert committed == derive_spec.dump(derive_spec.derive(_source(), version), version)


def test_a_property_or_operation_for_one_version_exists_only_there() -> None:
    legacy = derive_spec.derive(_source(), "0.9")["components"]["schemas"]["execution"]
    middle = derive_spec.derive(_source(), "0.13")["components"]["schemas"]["execution"]
    assert "statusCode" in middle["required"] and "exitCode" not in middle["properties"]
    assert middle["properties"]["stdout"]["description"].endswith("stdout.")
    modern = derive_spec.derive(_source(), "1.8")["components"]["schemas"]["execution"]
    assert "dateCreated" in legacy["required"] and "dateCreated" not in modern["properties"]
    assert "$createdAt" in modern["required"] and "$createdAt" not in legacy["required"]
    assert (
        "delete"
        not in derive_spec.derive(_source(), "0.9")["paths"][
            "/functions/{functionId}/executions/{executionId}"
        ]
    )


def test_bad_version_tags_are_rejected() -> None:
    source = _source()
    source["paths"]["/health/version"]["get"]["x-since"] = "one"
    with pytest.raises(derive_spec.DerivationError, match="not a version"):
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
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "PYTHON": sys.executable,
            "VERSIONS": "1.8",  # one version is enough to show the check works, and fast
        }
        subprocess.run(
            ["bash", str(copy_root / "tools/generate.sh"), str(out)], check=True, env=env
        )
        return any(
            subprocess.run(
                [
                    "diff",
                    "-r",
                    "-q",
                    "-x",
                    "__pycache__",
                    str(copy_root / "generated" / part),
                    str(out / part),
                ],
                check=False,
                capture_output=True,
            ).returncode
            != 0
            for part in ("appwrite_api/v1_8", "openapi/v1_8.yaml")
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
