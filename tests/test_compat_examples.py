"""The official SDKs' documented examples, with only their imports changed.

The examples are those of the SDK repository's ``docs/examples/functions/`` pages
for list, create, get and delete execution, at tags 0.4.0 and 16.0.0, with the
placeholders filled in (endpoint, project, an API key, ids). Two fixes apply to
both sides alike: 16.0.0's create page passes ``async = False``, a syntax error in
Python (the parameter is ``xasync``), and ``scheduled_at``, which contradicts
``xasync=False``, is left out; it imports ``ExecutionMethod`` from ``appwrite.enums``,
whose ``__init__`` is empty in 16.0.0, so the module ``appwrite.enums.execution_method``
is named instead; its pages log in with ``set_session('')``, which lists nothing, so
the key is used as in the 0.4.0 pages.

Each example runs with the shim against the stand-in of every line. Against the
example's own line (0.4.0 with 0.9, 16.0.0 with 1.8) its printed result is
character for character what the official SDK prints (run in its own venv,
against a fresh stand-in of that line). Against every other line the result has
the same fields, in the same order and with the same types, and the same values
where the line records the same thing.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
from typing import Any

import pytest
from appwrite_executions.compat.sdk_16 import AppwriteException
from appwrite_standin import (
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    MIXED_FUNCTION_ID,
    REPRESENTATIVE_VERSIONS,
    StandIn,
)
from support.official_sdk import run_process, run_script, sdk_python

VERSIONS = sorted(REPRESENTATIVE_VERSIONS.values(), key=lambda v: tuple(map(int, v.split("."))))
LEGACY = REPRESENTATIVE_VERSIONS["0.9"]
MODERN = REPRESENTATIVE_VERSIONS["1.8"]
SEEDED = "695bf524543a8efcb11b"  # the mailer's oldest execution, on every line

SETUP_04 = """from appwrite.client import Client
from appwrite.services.functions import Functions

client = Client()

(client
  .set_endpoint('{endpoint}')
  .set_project('{project}')
  .set_key('{key}')
)

functions = Functions(client)

"""
EXAMPLES_04 = {
    "list": SETUP_04 + "result = functions.list_executions('{function}')\n",
    "create": SETUP_04 + "result = functions.create_execution('{function}')\n",
    "get": SETUP_04 + "result = functions.get_execution('{function}', '{execution}')\n",
}
PRINT_04 = "\nimport json as _json\nprint(_json.dumps(result))\n"

SETUP_16 = """from appwrite.client import Client
from appwrite.services.functions import Functions
{extra}
client = Client()
client.set_endpoint('{endpoint}')
client.set_project('{project}')
client.set_key('{key}')

functions = Functions(client)

"""
EXAMPLES_16 = {
    "list": SETUP_16.replace("{extra}", "from appwrite.models import ExecutionList\n")
    + """result: ExecutionList = functions.list_executions(
    function_id = '{function}',
    queries = [],
    total = False
)

print(result.model_dump())
""",
    "create": SETUP_16.replace(
        "{extra}",
        "from appwrite.models import Execution\n"
        "from appwrite.enums.execution_method import ExecutionMethod\n",
    )
    + """result: Execution = functions.create_execution(
    function_id = '{function}',
    body = 'hello',
    xasync = False,
    path = '/',
    method = ExecutionMethod.POST,
    headers = {{}}
)

print(result.model_dump())
""",
    "get": SETUP_16.replace("{extra}", "from appwrite.models import Execution\n")
    + """result: Execution = functions.get_execution(
    function_id = '{function}',
    execution_id = '{execution}'
)

print(result.model_dump())
""",
    # The list page without ``total = False``: 16.0.0 sends that as "False", which a
    # 1.8 server refuses (see the test below), so this is the one compared with it.
    "list, counted": SETUP_16.replace("{extra}", "from appwrite.models import ExecutionList\n")
    + """result: ExecutionList = functions.list_executions(
    function_id = '{function}',
    queries = []
)

print(result.model_dump())
""",
    # Not a docs page: the README's kind of query use, compared the same way.
    "list with queries": SETUP_16.replace("{extra}", "from appwrite.query import Query\n")
    + """result = functions.list_executions(
    '{function}',
    queries=[Query.equal('status', ['failed']), Query.order_desc('duration'), Query.limit(3)],
)

print(result.model_dump())
""",
}
PRINT_16 = "\nimport json as _json\nprint(_json.dumps(result.to_dict()))\n"
DELETE_16 = (
    SETUP_16.replace("{extra}", "")
    + """result = functions.delete_execution(
    function_id = '{function}',
    execution_id = '{execution}'
)
"""
)

_IMPORT = re.compile(r"^from appwrite(?:\.\w+)* import (.+)$", re.MULTILINE)


def shimmed(script: str, module: str) -> str:
    """The script with each ``from appwrite... import X`` taken from the shim instead."""
    changed = _IMPORT.sub(rf"from appwrite_executions.compat.{module} import \1", script)
    kept = [line for line in changed.splitlines() if not line.startswith("from ")]
    assert kept == [line for line in script.splitlines() if not line.startswith("from ")]
    return changed


def filled(template: str, server: StandIn) -> str:
    return template.format(
        endpoint=server.url,
        project=DEFAULT_PROJECT,
        key=DEFAULT_KEY,
        function=MIXED_FUNCTION_ID,
        execution=SEEDED,
    )


def run_here(script: str) -> str:
    """Run a script in this process (the shim's side), returning what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "<example>", "exec"), {"__name__": "__example__"})  # noqa: S102
    return out.getvalue()


@functools.cache
def official(sdk: str, example: str) -> str:
    """What the official SDK prints for the example against a fresh stand-in of its line."""
    template, printer, line = (
        (EXAMPLES_04[example], PRINT_04, LEGACY)
        if sdk == "0.4.0"
        else (EXAMPLES_16[example], PRINT_16, MODERN)
    )
    with StandIn(line) as server:
        return run_script(sdk_python(sdk), filled(template, server) + printer)


def shim_output(module: str, template: str, printer: str, version: str) -> str:
    with StandIn(version) as server:
        return run_here(shimmed(filled(template, server), module) + printer)


def assert_same_shape(ours: Any, theirs: Any, where: str = "result") -> None:
    """Same field names in the same order, same types, all the way down (an empty
    list matches any list: an older line may have had nothing to put in it)."""
    optional = where.endswith(".scheduledAt") and None in (ours, theirs)  # Optional[str]
    assert optional or type(ours) is type(theirs), (
        f"{where}: {type(ours).__name__} != {type(theirs).__name__}"
    )
    if isinstance(ours, dict):
        assert list(ours) == list(theirs), where
        for key in ours:
            assert_same_shape(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(ours, list) and ours and theirs:
        for item in ours:
            assert_same_shape(item, theirs[0], f"{where}[]")


def last_json(output: str) -> Any:
    return json.loads(output.strip().splitlines()[-1])


def _executions(document: dict[str, Any]) -> list[dict[str, Any]]:
    return list(document.get("executions", [document]))


# -- 0.4.0 -------------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES_04))
def test_sdk_0_4_examples_print_what_the_official_sdk_prints_on_0_9(example: str) -> None:
    mine = shim_output("sdk_0_4", EXAMPLES_04[example], PRINT_04, LEGACY)
    assert mine == official("0.4.0", example)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("example", sorted(EXAMPLES_04))
def test_sdk_0_4_examples_run_on_every_line(example: str, version: str) -> None:
    theirs = last_json(official("0.4.0", example))
    mine = last_json(shim_output("sdk_0_4", EXAMPLES_04[example], PRINT_04, version))
    assert_same_shape(mine, theirs)
    for ours, official_one in zip(_executions(mine), _executions(theirs), strict=True):
        assert list(ours) == list(official_one)
        if example != "create":  # a create makes a new id on each server
            for field in ("$id", "functionId", "trigger", "time"):
                assert ours[field] == official_one[field], field


# -- 16.0.0 ------------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(set(EXAMPLES_16) - {"list"}))
def test_sdk_16_examples_print_what_the_official_sdk_prints_on_1_8(example: str) -> None:
    mine = shim_output("sdk_16", EXAMPLES_16[example], PRINT_16, MODERN)
    assert mine == official("16.0.0", example)


def test_the_official_sdk_16_list_example_is_refused_by_1_8_and_the_shim_fixes_it() -> None:
    with StandIn(MODERN) as server:
        done = run_process(sdk_python("16.0.0"), filled(EXAMPLES_16["list"], server) + PRINT_16)
    assert done.returncode != 0
    assert "Invalid `total` param" in done.stderr
    mine = last_json(shim_output("sdk_16", EXAMPLES_16["list"], PRINT_16, MODERN))
    counted = last_json(official("16.0.0", "list, counted"))
    assert mine == {**counted, "total": 0.0}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("example", sorted(EXAMPLES_16))
def test_sdk_16_examples_run_on_every_line(example: str, version: str) -> None:
    compared = "list, counted" if example == "list" else example
    theirs = last_json(official("16.0.0", compared))
    if example == "create" and version.startswith("0.7."):
        with pytest.raises(AppwriteException, match=r"0\.7\.2") as caught:
            shim_output("sdk_16", EXAMPLES_16[example], PRINT_16, version)
        assert caught.value.code == 0  # refused before sending: 0.7 takes no body
        return
    mine = last_json(shim_output("sdk_16", EXAMPLES_16[example], PRINT_16, version))
    assert_same_shape(mine, theirs)
    for ours, official_one in zip(_executions(mine), _executions(theirs), strict=True):
        assert list(ours) == list(official_one)
        if example != "create":
            for field in ("$id", "functionId", "trigger", "duration"):
                assert ours[field] == official_one[field], field


@pytest.mark.parametrize("version", VERSIONS)
def test_sdk_16_delete_example_on_every_line(version: str) -> None:
    with StandIn(version) as server:
        script = shimmed(filled(DELETE_16, server), "sdk_16")
        before = server.requests_seen
        if tuple(map(int, version.split(".")[:2])) >= (1, 6):
            run_here(script)
            assert SEEDED not in [r["$id"] for r in server.executions(MIXED_FUNCTION_ID)]
        else:
            with pytest.raises(AppwriteException, match=version):
                run_here(script)
            assert server.requests_seen - before <= 1  # the version probe, no delete
            assert SEEDED in [r["$id"] for r in server.executions(MIXED_FUNCTION_ID)]


def test_the_import_rewrite_changes_only_imports() -> None:
    script = EXAMPLES_16["create"]
    changed = shimmed(script, "sdk_16")
    differing = [
        (a, b) for a, b in zip(script.splitlines(), changed.splitlines(), strict=True) if a != b
    ]
    assert [a for a, _ in differing] == [
        "from appwrite.client import Client",
        "from appwrite.services.functions import Functions",
        "from appwrite.models import Execution",
        "from appwrite.enums.execution_method import ExecutionMethod",
    ]
