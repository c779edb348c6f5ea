"""The README's migration scripts do what the README says.

Each script (0.9-era, 1.8-era) runs unchanged through the shim against a 0.9 and a
1.8 stand-in; with its original imports (from the ``# was:`` comment) the official
SDK prints the same against the script's own line.
"""

from __future__ import annotations

import re

import pytest
from appwrite_standin import DEFAULT_KEY, DEFAULT_PROJECT, REPRESENTATIVE_VERSIONS, StandIn
from support.official_sdk import ROOT, run_script, sdk_python
from test_compat_examples import run_here

LEGACY = REPRESENTATIVE_VERSIONS["0.9"]
MODERN = REPRESENTATIVE_VERSIONS["1.8"]


def _scripts() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Migrating from the official SDK", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    by_module = {}
    for block in blocks:
        module = re.search(r"compat\.(sdk_\w+) import", block)
        assert module is not None
        by_module[module.group(1)] = block
    assert set(by_module) == {"sdk_0_4", "sdk_16"}
    return by_module


SCRIPTS = _scripts()
OWN_LINE = {"sdk_0_4": (LEGACY, "0.4.0"), "sdk_16": (MODERN, "16.0.0")}


def _pointed_at(script: str, server: StandIn) -> str:
    script = re.sub(r'^ENDPOINT = ".*"$', f'ENDPOINT = "{server.url}"', script, flags=re.M)
    script = re.sub(r'^PROJECT = ".*"$', f'PROJECT = "{DEFAULT_PROJECT}"', script, flags=re.M)
    return re.sub(r'^KEY = ".*"$', f'KEY = "{DEFAULT_KEY}"', script, flags=re.M)


def _original(script: str) -> str:
    """The script with the imports it had before (from its ``# was:`` comment)."""
    was = re.findall(r"^#(?: was:|     ) (from appwrite\..*)$", script, re.MULTILINE)
    assert was
    return re.sub(r"^from appwrite_executions\.compat\..*$", "\n".join(was), script, flags=re.M)


@pytest.mark.parametrize("version", [LEGACY, MODERN])
@pytest.mark.parametrize("module", sorted(SCRIPTS))
def test_the_readme_script_runs_unchanged_against_both_lines(module: str, version: str) -> None:
    with StandIn(version) as server:
        printed = run_here(_pointed_at(SCRIPTS[module], server))
    lines = printed.splitlines()
    assert len(lines) >= 3
    if module == "sdk_0_4":
        assert lines[0].startswith("237 executions; newest: ")
        assert lines[-1].startswith("404 ")
    else:
        assert lines[0].endswith(" slow failures")
        assert int(lines[0].split()[0]) > 0
        assert re.fullmatch(r"completed [0-9a-f]{20}", lines[-1])


@pytest.mark.parametrize("module", sorted(SCRIPTS))
def test_the_readme_script_prints_what_the_official_sdk_prints_on_its_line(module: str) -> None:
    version, sdk = OWN_LINE[module]
    with StandIn(version) as server:
        mine = run_here(_pointed_at(SCRIPTS[module], server))
    with StandIn(version) as server:
        theirs = run_script(sdk_python(sdk), _pointed_at(_original(SCRIPTS[module]), server))
    assert mine == theirs
