"""Derive the OpenAPI document of one API version from the combined openapi.yaml.

The generator takes whole documents only, and one document cannot hold two different
operations on one path and method, so `openapi.yaml` tags what differs between versions
(`x-since`, `x-until`, `x-by-version`; the rules are in the header of openapi.yaml) and this
module cuts out the document of one version. It is deterministic: the same input gives
byte-identical output, so the derived documents can be committed and checked.

    python tools/derive_spec.py openapi.yaml 1.8 > generated/openapi/v1_8.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

VERSIONS_KEY = "x-api-versions"
SINCE = "x-since"
UNTIL = "x-until"
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
    """The API versions the combined document describes, oldest first."""
    return sorted((str(v) for v in document[VERSIONS_KEY]), key=_key)


def _key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        raise DerivationError(f"not a version: {version!r}") from None


def derive(document: dict[str, Any], version: str) -> dict[str, Any]:
    """The document of one version: filtered, resolved, and stripped of our extensions."""
    known = versions(document)
    if version not in known:
        raise DerivationError(f"unknown version {version!r}; the document has {known}")
    derived = _select(document, _key(version))
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


_ABSENT = object()


def _present(node: Any, version: tuple[int, ...]) -> bool:
    """x-since (inclusive) and x-until (exclusive) bound the versions that have a node."""
    if not isinstance(node, dict):
        return True
    since, until = node.get(SINCE), node.get(UNTIL)
    if since is not None and version < _key(since):
        return False
    return not (until is not None and version >= _key(until))


def _variant(node: dict[str, Any], version: tuple[int, ...]) -> Any:
    """The x-by-version entry of the latest version at or below `version` (null: absent)."""
    variants = node[BY_VERSION]
    if not isinstance(variants, dict) or not variants:
        raise DerivationError(f"{BY_VERSION} must map versions to objects")
    chosen: Any = _ABSENT
    for key in sorted(variants, key=lambda k: _key(str(k))):
        if _key(str(key)) <= version:
            chosen = variants[key]
    if chosen is None or chosen is _ABSENT:
        return _ABSENT
    rest = {k: v for k, v in node.items() if k not in (BY_VERSION, SINCE, UNTIL)}
    if rest:
        raise DerivationError(f"{BY_VERSION} goes with {SINCE}/{UNTIL} only, not {sorted(rest)}")
    return chosen


def _select(node: Any, version: tuple[int, ...]) -> Any:
    if isinstance(node, list):
        items = (_select(item, version) for item in node if _present(item, version))
        return [item for item in items if item is not _ABSENT]
    if not isinstance(node, dict):
        return node
    if not _present(node, version):
        return _ABSENT
    if BY_VERSION in node:
        chosen = _variant(node, version)
        return chosen if chosen is _ABSENT else _select(chosen, version)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in (SINCE, UNTIL):
            continue
        selected = _select(value, version)
        if selected is not _ABSENT:
            out[key] = selected
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


def namespace_init(document: dict[str, Any]) -> str:
    """The namespace package's ``__init__.py``: which subpackage serves which servers."""
    entries = document[VERSIONS_KEY]
    lines = [
        '"""The generated low-level clients, one subpackage per API generation.',
        "",
        "Generated by tools/generate.sh from openapi.yaml; do not edit. Each subpackage",
        "is a complete openapi-python-client package for the servers named beside it:",
        "",
    ]
    for version in versions(document):
        name = entries[version]["package"].removeprefix("appwrite_api.")
        lines.append(f"    {name:<6} {entries[version]['description']}")
    lines += ['"""', "", "GENERATIONS = ("]
    lines += [f'    "{version}",' for version in versions(document)]
    lines += [")", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the combined openapi.yaml")
    parser.add_argument("version", nargs="?", help="an API version, e.g. 1.8")
    parser.add_argument("--list", action="store_true", help="print the versions, one a line")
    parser.add_argument(
        "--package", action="store_true", help="print the generated package name of VERSION"
    )
    parser.add_argument(
        "--namespace",
        action="store_true",
        help="print the __init__.py of the appwrite_api namespace package",
    )
    args = parser.parse_args(argv)
    try:
        document = load(args.source)
        if args.list:
            print("\n".join(versions(document)))
            return 0
        if args.namespace:
            sys.stdout.write(namespace_init(document))
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
