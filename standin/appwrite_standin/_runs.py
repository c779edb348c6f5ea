"""What "running" a function means in the stand-in: deterministic, clock-free outcomes.

No code runs.  A create request yields a record whose outcome is a pure function
of its inputs (body/data, path, method), so cassettes recorded from the stand-in
never change.  Modelled on the 1.8 server's create action:

* synchronous: stored as ``completed`` with a 200; the *create response* carries
  the response body and every response header, the stored record keeps only
  allow-listed response headers and an empty ``responseBody`` (Appwrite does not
  persist it, so a later GET shows ``""``);
* asynchronous: stored as ``waiting``; subsequent GETs step it to ``processing``
  then ``completed`` (``responseBody`` stays empty, as for any async run);
* scheduled: stored as ``scheduled`` with ``trigger`` ``schedule``; it stays so,
  because the fake clock never reaches its time;
* ``data`` (0.7-1.3; 0.7 sends none): the output ``received N chars: ...`` is
  stored as ``responseBody`` (0.x servers kept it: it is ``stdout``/``response``
  on the wire).  Before 0.13 every run is asynchronous and completes with exit
  code 0; from 0.13 ``async`` may be false (completed at once) and a run answers
  HTTP status 200 and writes a log line.
"""

from __future__ import annotations

import zlib
from typing import Any

from ._auth import Principal
from ._clock import iso_ms
from ._data import FunctionSpec, Record, header_list, make_record, tail
from ._params import DataCreate, ModernCreate
from ._store import Store, Stored
from ._wire import json_bytes

REQUEST_HEADER_ALLOWLIST = frozenset({"content-type", "agent", "content-length", "host"})
"""Request headers Appwrite keeps on the execution record (names as sent)."""
RESPONSE_HEADER_ALLOWLIST = frozenset({"content-type", "content-length"})
"""Response headers Appwrite keeps on the execution record."""


def duration_for(*parts: str) -> float:
    """A plausible run time in seconds, fixed for given inputs (0.0125-0.4124)."""
    digest = zlib.crc32("\x1f".join(parts).encode("utf-8"))
    return round((digest % 4000 + 125) / 10000, 4)


def _permissions(principal: Principal) -> list[str]:
    """Users get read on their own execution; key-created ones carry no permissions."""
    return [] if principal.is_key else [f'read("user:{principal.user_id}")']


def _new_record(
    store: Store,
    function: FunctionSpec,
    principal: Principal,
    **fields: Any,
) -> Record:
    created = store.clock.tick()
    base: dict[str, Any] = {
        "execution_id": store.new_id(created),
        "created_ms": created,
        "updated_ms": created,
        "permissions": _permissions(principal),
        "function_id": function.function_id,
        "deployment_id": function.deployment_id,
        "trigger": "http",
        "status": "waiting",
        "request_method": "POST",
        "request_path": "/",
        "request_headers": [],
        "response_status": 0,
        "response_body": "",
        "response_headers": [],
        "logs": "",
        "errors": "",
        "duration": 0.0,
        "scheduled_at": None,
    }
    base.update(fields)
    return make_record(**base)


def data_run(
    store: Store,
    function: FunctionSpec,
    principal: Principal,
    create: DataCreate,
    exit_codes: bool,
) -> Stored:
    """0.7-1.3 create.

    Asynchronous: ``waiting`` now, then ``processing``, then ``completed`` with the
    output; synchronous (0.13+): ``completed`` at once.  ``exit_codes`` (before
    0.13): the run reports exit code 0 and no log line.
    """
    data = create.data
    completed: dict[str, Any] = {
        "status": "completed",
        "responseStatusCode": 0 if exit_codes else 200,
        "responseBody": tail(f"received {len(data)} chars: {data}", 1_000_000),
        "duration": duration_for("data", data),
    }
    if not exit_codes:
        completed["logs"] = f"received {len(data)} chars\n"
    record = _new_record(store, function, principal)
    if not create.is_async:
        record.update(completed)
        return store.insert(record)
    return store.insert(record, [{"status": "processing"}, completed])


def _echo(create: ModernCreate) -> str:
    return json_bytes({"method": create.method, "path": create.path, "body": create.body}).decode(
        "utf-8"
    )


def modern_run(
    store: Store, function: FunctionSpec, principal: Principal, create: ModernCreate
) -> tuple[Stored, Record]:
    """1.4+ create.  Returns the stored execution and the record the 201 should show."""
    request_headers = header_list(
        [
            (name, value)
            for name, value in create.headers
            if name.lower() in REQUEST_HEADER_ALLOWLIST
        ]
    )
    logs = f"{create.method} {create.path}\nreceived {len(create.body)} chars\n"
    duration = duration_for(create.method, create.path, create.body)
    common: dict[str, Any] = {
        "request_method": create.method,
        "request_path": create.path,
        "request_headers": request_headers,
    }
    if create.scheduled_at_ms is not None:
        record = _new_record(
            store,
            function,
            principal,
            trigger="schedule",
            status="scheduled",
            scheduled_at=iso_ms(create.scheduled_at_ms),
            **common,
        )
        stored = store.insert(record)
        return stored, stored.record
    if create.is_async:
        record = _new_record(store, function, principal, **common)
        completed = {
            "status": "completed",
            "responseStatusCode": 200,
            "responseHeaders": header_list([("content-type", "application/json")]),
            "logs": logs,
            "duration": duration,
        }
        stored = store.insert(record, [{"status": "processing"}, completed])
        return stored, stored.record

    body = _echo(create)
    all_headers = [
        ("content-type", "application/json"),
        ("content-length", str(len(body.encode("utf-8")))),
    ]
    record = _new_record(
        store,
        function,
        principal,
        status="completed",
        response_status=200,
        response_headers=header_list(
            [(name, value) for name, value in all_headers if name in RESPONSE_HEADER_ALLOWLIST]
        ),
        logs=logs,
        duration=duration,
        **common,
    )
    stored = store.insert(record)
    shown = dict(stored.record)
    shown["responseBody"] = body
    shown["responseHeaders"] = header_list(
        [*all_headers, ("x-appwrite-execution-id", str(record["$id"]))]
    )
    return stored, shown
