"""The stand-in's answers on every line, validated against that line's published slice.

The scenarios are those of tests/test_standin_generations.py (imported, so they are
collected here again); conftest.py plugs in the validation of every exchange.
"""

from __future__ import annotations

from support.lines import RELEASE_LINES, line_key
from support.published_specs import release_lines
from test_standin_generations import *  # noqa: F403


def test_the_project_speaks_every_published_line() -> None:
    """Every published line is one the project knows; extra ones are only newer lines."""
    published = release_lines()
    assert set(published) <= set(RELEASE_LINES)
    newer = [line for line in RELEASE_LINES if line not in published]
    assert all(line_key(line) > line_key(published[-1]) for line in newer), newer


def test_exchanges_are_validated_in_this_run() -> None:
    from support import exchange_checks  # noqa: PLC0415

    assert exchange_checks.active()
    bad = exchange_checks.problems(
        "1.8", "GET", "http://localhost/v1/functions/f/executions", {}, None, 200, {}, b"{}"
    )
    assert bad, "an exchange without credentials and with an empty list must be reported"
