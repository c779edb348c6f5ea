"""Where the wrapper's time goes when it lists 100 executions (``run.py --profile``).

pyinstrument samples the wrapper reading the same page many times from the loopback
server. The summary groups self time by layer (HTTP, JSON, generated client,
wrapper, attrs, ...) and lists the functions with the most time, self and
inclusive; the full trees go to bench/.work/profile-list-*.txt and .html.
"""

from __future__ import annotations

import importlib
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator

import httpx
from appwrite_executions import Client
from appwrite_executions._adapt import from_legacy, from_modern, list_from
from appwrite_standin import BUSY_FUNCTION_ID
from cases import LIMIT, Setup, _captured, _wrapper
from fixtures import LEGACY_VERSION, MODERN_VERSION
from pyinstrument import Profiler
from pyinstrument.frame import Frame

CALLS = 400
LAYERS = (
    ("appwrite_executions", "wrapper (appwrite_executions)"),
    ("appwrite_api/", "generated client (appwrite_api.*)"),
    ("attrs generated", "attrs-generated __init__/validators"),
    ("/attr/", "attrs runtime"),
    ("/attrs/", "attrs runtime"),
    ("/json/", "json (stdlib)"),
    ("/enum.py", "enum (stdlib)"),
    ("/httpx/", "httpx"),
    ("/httpcore/", "httpcore"),
    ("/h11/", "h11"),
    ("/ssl.py", "socket / ssl"),
    ("/socket.py", "socket / ssl"),
    ("/selectors.py", "socket / ssl"),
    ("/urllib/", "urllib (stdlib)"),
)


def _layer(frame: Frame) -> str:
    path = frame.file_path or frame.function
    for marker, name in LAYERS:
        if marker in path:
            return name
    if "<built-in>" in path or frame.file_path is None:
        return "built-ins"
    return "other"


def _name(frame: Frame) -> str:
    owner = f"{frame.class_name}." if frame.class_name else ""
    where = frame.file_path_short or ""
    return f"{owner}{frame.function} ({where.split('site-packages/')[-1]}:{frame.line_no})"


def _walk(frame: Frame, seen: tuple[str, ...] = ()) -> Iterator[tuple[Frame, bool]]:
    """Every real frame, and whether it is the outermost of its function on its path."""
    for child in frame.children:
        if child.is_synthetic:
            continue
        outermost = child.identifier not in seen
        yield child, outermost
        yield from _walk(child, (*seen, child.identifier))


def summarise(root: Frame, top: int = 14) -> str:
    total = root.time
    layers: dict[str, float] = defaultdict(float)
    own: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    for frame, outermost in _walk(root):
        layers[_layer(frame)] += frame.total_self_time
        own[_name(frame)] += frame.total_self_time
        if outermost:
            inclusive[_name(frame)] += frame.time
    lines = ["  self time by layer:"]
    lines += [
        f"    {share / total:6.1%}  {name}"
        for name, share in sorted(layers.items(), key=lambda item: -item[1])
    ]
    lines.append("  functions by self time:")
    lines += [
        f"    {share / total:6.1%}  {name}"
        for name, share in sorted(own.items(), key=lambda item: -item[1])[:top]
    ]
    lines.append("  functions by inclusive time:")
    lines += [
        f"    {share / total:6.1%}  {name}"
        for name, share in sorted(inclusive.items(), key=lambda item: -item[1])[:top]
    ]
    return "\n".join(lines)


def _per_call(operation: Callable[[], object], calls: int = 40, blocks: int = 9) -> float:
    """Median over blocks of the seconds one call takes (no profiler attached)."""
    samples = []
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(calls):
            operation()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def stages(setup: Setup, api: str) -> str:
    """The list call taken apart along the path the client takes, each stage timed
    alone: exact, unlike sampling."""
    version = MODERN_VERSION if api == "modern" else LEGACY_VERSION
    package = "appwrite_api.v1_8" if api == "modern" else "appwrite_api.v0_9"
    generated = importlib.import_module(f"{package}.api.functions.functions_list_executions")
    adapter, total_key = (from_modern, "total") if api == "modern" else (from_legacy, "sum")

    def call(client: Client) -> object:
        return client.list_executions(BUSY_FUNCTION_ID, limit=LIMIT)

    url, headers = _captured(setup, api, False, call)
    with httpx.Client() as http, _wrapper(setup, api) as client:
        response = http.get(url, headers=headers)
        data = json.loads(response.content)
        model = generated.parse_response(response)
        timed = {
            "wrapper list_executions, all in": _per_call(lambda: call(client)),
            "raw: httpx get + json.loads": _per_call(
                lambda: json.loads(http.get(url, headers=headers).content)
            ),
            "httpx get alone": _per_call(lambda: http.get(url, headers=headers)),
            "json.loads alone": _per_call(lambda: json.loads(response.content)),
            "generated model from_dict": _per_call(lambda: type(model).from_dict(data)),
            "wrapper adapter (generated model -> Execution)": _per_call(
                lambda: list_from(model, adapter, total_key, version)
            ),
        }
    everything = timed["wrapper list_executions, all in"]
    raw = timed["raw: httpx get + json.loads"]
    accounted = sum(
        seconds
        for name, seconds in timed.items()
        if name not in ("wrapper list_executions, all in", "raw: httpx get + json.loads")
    )
    # What the stages alone do not add up to: the wrapper's glue (arguments, request,
    # transport checks), and running them back to back on fresh objects (allocation,
    # garbage collection, colder caches), which the raw baseline pays too.
    timed["rest: glue, and stages run back to back"] = everything - accounted
    lines = [f"  stages of one call, {api} page ({len(response.content):,} bytes):"]
    lines += [
        f"    {seconds * 1e3:7.3f} ms  {seconds / raw:5.2f}x raw  {name}"
        for name, seconds in timed.items()
    ]
    budget = 0.5 if api == "modern" else 0.6
    lines.append(
        f"    wrapper adds {(everything - raw) * 1e3:.3f} ms to raw; the target allows "
        f"{budget * raw * 1e3:.3f} ms"
    )
    return "\n".join(lines)


def profile_lists(setup: Setup) -> str:
    """Profile list_executions(limit=100) against the modern and the legacy server."""
    sections = []
    for api in ("modern", "legacy"):
        with _wrapper(setup, api) as client:
            client.list_executions(BUSY_FUNCTION_ID, limit=LIMIT)
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(CALLS):
                client.list_executions(BUSY_FUNCTION_ID, limit=LIMIT)
            profiler.stop()
        session = profiler.last_session
        assert session is not None
        root = session.root_frame()
        assert root is not None
        stem = setup.workdir / f"profile-list-{api}"
        stem.with_suffix(".txt").write_text(profiler.output_text(unicode=True, show_all=True))
        stem.with_suffix(".html").write_text(profiler.output_html())
        sections.append(
            f"profile of list_executions(limit=100), {api} server, {CALLS} calls, "
            f"{root.time / CALLS * 1e3:.2f} ms per call sampled ({stem}.txt):\n"
            + summarise(root)
            + "\n"
            + stages(setup, api)
        )
    return "\n\n".join(sections)
