"""Printing the results, and writing bench/results.json and bench/results.png."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from measure import Spread, spread
from results import TIMES, CaseResult, Check

VARIANT_ORDER = ("raw", "wrapper", "sdk", "python", "sdk-package")
LEGEND = {
    "raw": "raw httpx + json.loads",
    "wrapper": "appwrite-executions",
    "sdk": "appwrite SDK 16.0.0",
    "python": "python -c pass",
    "sdk-package": "import appwrite (empty package)",
}


def _number(value: float, unit: str) -> str:
    if unit == TIMES:
        return f"{value:.2f}{TIMES}"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:g} {unit}"


def _duration(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds * 1e3:.0f} ms"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _verdict(check: Check) -> str:
    if check.value is None:
        return "n/a"
    if check.passed is None:
        return "info"
    return "PASS" if check.passed else "FAIL"


def _noise_line(noise: Spread | None) -> str:
    if noise is None:
        return "machine noise: not measured (no interleaved rounds in this run)"
    return (
        f"machine noise: a fixed CPU task varied by {noise.noise:.1%} (IQR / median) across rounds"
    )


def table(results: list[CaseResult], noise: Spread | None) -> str:
    """The console report: one line per figure, with its spread, target and verdict."""
    lines = [
        f"{'case':<52} {'figure':<38} {'median':>10} {'[q1 - q3]':>19} {'target':>8}  result",
    ]
    for result in results:
        for index, check in enumerate(result.checks):
            name = result.title if index == 0 else ""
            if check.value is None:
                value, quartiles = "-", ""
            elif check.value.q1 == check.value.q3:
                value, quartiles = _number(check.value.median, check.unit), "(one run)"
            else:
                value = _number(check.value.median, check.unit)
                low, high = _number(check.value.q1, check.unit), _number(check.value.q3, check.unit)
                quartiles = f"[{low} - {high}]"
            target = check.target.label() if check.target else ""
            lines.append(
                f"{name:<52} {check.label:<38} {value:>10} {quartiles:>19} {target:>8}  "
                f"{_verdict(check)}"
            )
        if any(name in result.timings for name in VARIANT_ORDER) and result.key != "iterate":
            per_op = ", ".join(
                f"{name} {_duration(spread(result.timings[name]).median)}"
                f" (±{spread(result.timings[name]).noise / 2:.0%})"
                for name in VARIANT_ORDER
                if name in result.timings
            )
            lines.append(f"{'':<52} per call: {per_op}; {result.rounds} rounds of {result.ops}")
        lines.extend(f"{'':<52} note: {note}" for note in result.notes)
    lines.append(_noise_line(noise))
    checked = [c for r in results for c in r.checks if c.passed is not None]
    passed = sum(1 for check in checked if check.passed)
    missing = sum(1 for r in results for c in r.checks if c.value is None)
    lines.append(
        f"targets met: {passed} of {len(checked)}"
        + (f"; {missing} figure(s) not measured (see notes)" if missing else "")
    )
    return "\n".join(lines)


def write_json(
    path: Path, results: list[CaseResult], noise: Spread | None, environment: dict[str, Any]
) -> None:
    checked = [c for r in results for c in r.checks if c.passed is not None]
    document = {
        "environment": environment,
        "machine_noise": {
            **(noise.as_dict() if noise else {}),
            "what": "IQR / median of a fixed CPU task timed once per round",
        },
        "summary": {
            "targets": len(checked),
            "passed": sum(1 for check in checked if check.passed),
            "failed": [
                f"{r.key}: {c.label}" for r in results for c in r.checks if c.passed is False
            ],
            "not_measured": [
                f"{r.key}: {c.label}" for r in results for c in r.checks if c.value is None
            ],
        },
        "cases": [result.as_dict() for result in results],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _short(result: CaseResult) -> str:
    return {
        "list-modern": "list 100 (1.8)",
        "list-legacy": "list 100 (0.9)",
        "get-http": "500 gets, HTTP",
        "get-https": "500 gets, HTTPS",
        "get-https-roots": "50 gets, HTTPS,\nsystem-size bundle",
        "import": "import",
    }.get(result.key, result.key)


def chart(path: Path, results: list[CaseResult], noise: Spread | None) -> None:
    """Left: every targeted ratio against its target. Right: time per call by variant."""
    import matplotlib  # noqa: PLC0415 - slow to import; only needed here

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    # every ratio with a target, and how much slower the SDK is wherever it ran (grey)
    ratios = [
        (result, check)
        for result in results
        for check in result.checks
        if check.unit == TIMES
        and check.value is not None
        and (check.target is not None or check.label == "sdk ÷ wrapper")
    ]
    timed = [
        r
        for r in results
        if r.key != "iterate" and any(name in r.timings for name in VARIANT_ORDER)
    ]
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 6.5), width_ratios=(1, 1.2))

    labels = [f"{_short(result)}\n{check.label}" for result, check in ratios]
    for row, (_result, check) in enumerate(ratios):
        assert check.value is not None
        colour = {True: "#2e7d32", False: "#c62828", None: "#9e9e9e"}[check.passed]
        left.barh(row, check.value.median, color=colour, alpha=0.8)
        left.errorbar(
            check.value.median,
            row,
            xerr=[[check.value.median - check.value.q1], [check.value.q3 - check.value.median]],
            color="black",
            capsize=3,
        )
        threshold = check.value.median
        text = f"{check.value.median:.2f}{TIMES}"
        if check.target is not None:
            threshold = max(threshold, check.target.threshold)
            text += f" (target {check.target.label()})"
            left.plot([check.target.threshold] * 2, [row - 0.4, row + 0.4], color="black", lw=2.5)
        left.annotate(
            text,
            (threshold, row),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    left.set_yticks(range(len(ratios)), labels, fontsize=8)
    left.invert_yaxis()
    left.set_xscale("log")
    left.set_xlim(0.1, 100)
    left.set_xlabel(
        "ratio of time per call (black tick: target; green met, red missed, grey: no target)"
    )
    left.set_title("Ratios, median of interleaved rounds (IQR bars)", fontsize=10)

    width = 0.8 / len(VARIANT_ORDER)
    colours = {
        "raw": "#607d8b",
        "wrapper": "#1565c0",
        "sdk": "#ef6c00",
        "python": "#9e9e9e",
        "sdk-package": "#ffcc80",
    }
    for offset, name in enumerate(VARIANT_ORDER):
        xs, ys = [], []
        for index, result in enumerate(timed):
            if name in result.timings:
                xs.append(index + (offset - len(VARIANT_ORDER) / 2 + 0.5) * width)
                ys.append(spread(result.timings[name]).median * 1e3)
        if xs:
            right.bar(xs, ys, width, label=LEGEND.get(name, name), color=colours[name])
    right.set_xticks(range(len(timed)), [_short(result) for result in timed], fontsize=8)
    right.set_yscale("log")
    right.set_ylabel("ms per call (median)")
    right.set_title("Time per call by client", fontsize=10)
    right.legend(fontsize=8)

    extra = [
        f"{'iterate ' if result.key == 'iterate' else ''}{check.label}: "
        f"{_number(check.value.median, check.unit)}"
        for result in results
        if result.key in ("iterate", "export-sync")
        for check in result.checks
        if check.value is not None and check.unit != TIMES
    ]
    unavailable = [r.title for r in results if not r.available]
    footer = "; ".join(extra) + (
        f"; not available yet: {', '.join(unavailable)}" if unavailable else ""
    )
    figure.suptitle(
        "appwrite-executions: cost on top of the network (loopback; machine noise "
        + (f"{noise.noise:.1%})" if noise else "not measured)"),
        fontsize=12,
    )
    figure.text(0.5, 0.01, textwrap.fill(footer, 190), ha="center", fontsize=8)
    figure.tight_layout(rect=(0, 0.06, 1, 0.95))
    figure.savefig(path, dpi=110)
    plt.close(figure)
