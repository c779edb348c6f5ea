"""Derive the OpenAPI document of one API version from the combined openapi.yaml.

The generator takes whole documents only, and one document cannot hold two different
operations on one path and method, so `openapi.yaml` tags what differs between versions
(`x-versions`, `x-by-version`; the rules are in the header of openapi.yaml) and this
module cuts out the document of one version. It is deterministic: the same input gives
byte-identical output, so the derived documents can be committed and checked.

    python tools/derive_spec.py openapi.yaml 1.8 > generated/v1_8/openapi.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

VERSIONS_KEY = "x-api-versions"
ONLY_IN = "x-versions"
BY_VERSION = "x-by-version"

HEADER = (
    "# Derived from openapi.yaml by tools/derive_spec.py for API version {version}.\n"
    "# Do not edit: change openapi.yaml and run `make generate`.\n"
)


class DerivationError(ValueError):
    """The combined document breaks one of the derivation rules."""


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict) or not isinstance(document.get(VERSIONS_KEY), dict):
        raise DerivationError(f"{path}: no top-level {VERSIONS_KEY} mapping")
    return document


def versions(document: dict[str, Any]) -> list[str]:
    """The API versions the combined document describes, in document order."""
    return [str(v) for v in document[VERSIONS_KEY]]


def derive(document: dict[str, Any], version: str) -> dict[str, Any]:
    """The document of one version: filtered, resolved, and stripped of our extensions."""
    known = versions(document)
    if version not in known:
        raise DerivationError(f"unknown version {version!r}; the document has {known}")
    derived = _select(document, version, known)
    assert isinstance(derived, dict)
    meta = document[VERSIONS_KEY][version]
    del derived[VERSIONS_KEY]
    derived["info"] = {
        **derived["info"],
        "title": meta["title"],
        "version": meta["version"],
        "description": meta["description"],
    }
    _drop_orphan_security(derived)
    return derived


def _present_in(node: Any, version: str, known: list[str]) -> bool:
    if not isinstance(node, dict) or ONLY_IN not in node:
        return True
    listed = [str(v) for v in node[ONLY_IN]]
    unknown = set(listed) - set(known)
    if unknown:
        raise DerivationError(f"{ONLY_IN} names unknown versions {sorted(unknown)}")
    return version in listed


def _select(node: Any, version: str, known: list[str]) -> Any:
    if isinstance(node, list):
        return [_select(item, version, known) for item in node if _present_in(item, version, known)]
    if not isinstance(node, dict):
        return node
    if BY_VERSION in node:
        if set(node) != {BY_VERSION}:
            raise DerivationError(f"{BY_VERSION} must be the only key of its object")
        variants = {str(k): v for k, v in node[BY_VERSION].items()}
        unknown = set(variants) - set(known)
        if unknown:
            raise DerivationError(f"{BY_VERSION} names unknown versions {sorted(unknown)}")
        return _select(variants.get(version), version, known)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == ONLY_IN or not _present_in(value, version, known):
            continue
        if (
            isinstance(value, dict)
            and BY_VERSION in value
            and version not in map(str, value[BY_VERSION])
        ):
            continue
        out[key] = _select(value, version, known)
    if isinstance(out.get("properties"), dict) and isinstance(out.get("required"), list):
        out["required"] = [name for name in out["required"] if name in out["properties"]]
        if not out["required"]:
            del out["required"]
    return out


def _drop_orphan_security(document: dict[str, Any]) -> None:
    """Drop security alternatives that name a scheme this version does not have."""
    schemes = set(document.get("components", {}).get("securitySchemes", {}))

    def keep(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [req for req in requirements if set(req) <= schemes]

    if "security" in document:
        document["security"] = keep(document["security"])
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = keep(operation["security"])


def dump(document: dict[str, Any], version: str) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)
    return HEADER.format(version=version) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the combined openapi.yaml")
    parser.add_argument("version", nargs="?", help="an API version, e.g. 1.8")
    parser.add_argument("--list", action="store_true", help="print the versions, one a line")
    parser.add_argument(
        "--package", action="store_true", help="print the generated package name of VERSION"
    )
    args = parser.parse_args(argv)
    try:
        document = load(args.source)
        if args.list:
            print("\n".join(versions(document)))
            return 0
        if args.version is None:
            parser.error("a version is needed unless --list is given")
        if args.package:
            derive(document, args.version)  # validates the version
            print(document[VERSIONS_KEY][args.version]["package"])
            return 0
        sys.stdout.write(dump(derive(document, args.version), args.version))
    except DerivationError as exc:
        print(f"derive_spec: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
