"""The stand-in in every release line's shape.

For each release line the project knows (``support.lines``) the stand-in is started at
that line's representative version and driven through list (with the line's own paging
parameters), get, create, delete and error cases. Every execution on the wire is
compared with the ground truth ``StandIn.executions()`` (1.8 shape) through
:func:`expected`, an independent statement of the step table in the reference.
``make conformance`` runs these scenarios again with every exchange also checked
against the published slice of its line (``support.exchange_checks``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from appwrite_standin import (
    BUSY_FUNCTION_ID,
    EMPTY_FUNCTION_ID,
    MIXED_FUNCTION_ID,
    REPRESENTATIVE_VERSIONS,
    StandIn,
    generation_for,
)
from support import exchange_checks
from support.lines import RELEASE_LINES

BUSY, MIXED, EMPTY = BUSY_FUNCTION_ID, MIXED_FUNCTION_ID, EMPTY_FUNCTION_ID
# The lines whose shape the step table below states: 1.9 answers in the 1.8 shape, and
# what it does differently (stale runs reported failed) is tested in test_real_servers.py.
LINES = [line for line in RELEASE_LINES if line != "1.9"]
BUSY_COUNT = 237

Line = tuple[int, int]


def key(line: str) -> Line:
    major, minor = line.split(".")
    return int(major), int(minor)


def lines(since: Line = (0, 0), until: Line = (99, 0)) -> list[str]:
    """The release lines from `since` up to, not including, `until`: a test about a
    feature runs on exactly the lines that have it (never skipped elsewhere)."""
    return [line for line in LINES if since <= key(line) < until]


# --------------------------------------------------------------------------- servers


_CLIENT = httpx.Client(timeout=10)
"""One keep-alive client for every exchange (a client per request is slow)."""


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, StandIn]]:
    running = {line: StandIn(REPRESENTATIVE_VERSIONS[line]).start() for line in LINES}
    try:
        yield running
    finally:
        for server in running.values():
            server.stop()
        _CLIENT.close()


@pytest.fixture(params=LINES)
def line(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server(servers: dict[str, StandIn], line: str) -> StandIn:
    standin = servers[line]
    standin.before_request = None
    standin.reset()
    return standin


# --------------------------------------------------------------------------- exchanges


def credentials(server: StandIn, auth: str | None) -> dict[str, str]:
    headers = {"X-Appwrite-Project": server.project}
    if auth == "key":
        headers["X-Appwrite-Key"] = server.key
    elif auth == "jwt":
        headers["X-Appwrite-JWT"] = server.jwt
    elif auth == "session":
        headers["X-Appwrite-Session"] = server.session
    return headers


def problems_of(line: str, response: httpx.Response) -> list[str]:
    return exchange_checks.response_problems(line, response)


RESPONSE_SIDE = ("response", "error body")


def exchange(
    server: StandIn,
    method: str,
    path: str,
    *,
    auth: str | None = "key",
    params: list[tuple[str, str]] | None = None,
    body: Any = None,
    conforming_request: bool = True,
) -> httpx.Response:
    """Send one request and assert the exchange validates against the line's slice.

    With ``conforming_request=False`` (a deliberately invalid request) only the
    response side is checked.
    """
    line = server.generation.key
    response = _CLIENT.request(
        method, server.url + path, headers=credentials(server, auth), params=params, json=body
    )
    problems = problems_of(line, response)
    if not conforming_request:
        problems = [p for p in problems if p.startswith(RESPONSE_SIDE)]
    assert problems == [], f"{line} {method} {path}: {problems}"
    return response


def error_problems(server: StandIn, response: httpx.Response) -> list[str]:
    """The error body checked as an answer to a documented request (the list route)."""
    line = server.generation.key
    return exchange_checks.problems(
        line,
        "GET",
        server.url + f"/functions/{BUSY}/executions",
        credentials(server, "key"),
        None,
        response.status_code,
        dict(response.headers),
        response.content,
    )


# ------------------------------------------------------------------ request spelling


def paging(
    line: str,
    *,
    limit: int,
    offset: int = 0,
    cursor: str | None = None,
    before: bool = False,
) -> list[tuple[str, str]]:
    """The line's own list parameters for one page."""
    k = key(line)
    if k < (0, 12):
        return [("limit", str(limit)), ("offset", str(offset))]
    if k < (1, 0):
        params = [("limit", str(limit)), ("offset", str(offset))]
        if cursor is not None:
            params += [("cursor", cursor), ("cursorDirection", "before" if before else "after")]
        return params
    queries = [query(line, "limit", values=[limit])]
    if offset:
        queries.append(query(line, "offset", values=[offset]))
    if cursor is not None:
        queries.append(query(line, "cursorBefore" if before else "cursorAfter", values=[cursor]))
    return [("queries[]", text) for text in queries]


def query(
    line: str, method: str, attribute: str | None = None, values: list[Any] | None = None
) -> str:
    """One query in the line's syntax: call-like strings until 1.4, JSON from 1.5."""
    if key(line) >= (1, 5):
        document: dict[str, Any] = {"method": method}
        if attribute is not None:
            document["attribute"] = attribute
        if values is not None:
            document["values"] = values
        return json.dumps(document, separators=(",", ":"))
    arguments = [] if attribute is None else [json.dumps(attribute)]
    if values is not None:
        if method in ("limit", "offset", "cursorAfter", "cursorBefore"):
            arguments += [json.dumps(value) for value in values]
        else:
            arguments.append(json.dumps(values))
    return f"{method}({', '.join(arguments)})"


def create_body(line: str, text: str = "hello", **extra: Any) -> dict[str, Any] | None:
    """A create body in the line's spelling (0.7 takes none)."""
    k = key(line)
    if k < (0, 8):
        return None
    if k < (1, 4):
        return {"data": text, **extra}
    return {"body": text, **extra}


# --------------------------------------------------------- the step table, restated


_ROLES_0X = {"any": "role:all", "users": "role:member", "guests": "role:guest"}


def _seconds(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def _roles(permissions: list[str]) -> list[str]:
    roles = []
    for permission in permissions:
        assert permission.startswith('read("') and permission.endswith('")'), permission
        role = permission[len('read("') : -2]
        roles.append(_ROLES_0X.get(role, role))
    return roles


def expected(line: str, record: dict[str, Any], *, privileged: bool = True) -> dict[str, Any]:
    """How a line shows one 1.8-shaped execution (the reference page's step table)."""
    k = key(line)
    status = record["status"]
    if status == "scheduled" and k < (1, 6):  # scheduled exists from 1.6
        status = "waiting"
    # Output kept by 0.x: the last 4,000 chars (0.7-0.11), 8,000 (0.12), 16,384 (0.13);
    # 0.14 on keep up to 1,000,000.
    cap = 4000 if k < (0, 12) else 8000 if k < (0, 13) else 16384 if k < (0, 14) else 10**6
    if k < (1, 0):
        out: dict[str, Any] = {"$id": record["$id"]}
        if k >= (0, 15):
            out["$createdAt"] = _seconds(record["$createdAt"])
            out["$updatedAt"] = _seconds(record["$updatedAt"])
        if (0, 10) <= k < (0, 12):
            out["$permissions"] = {"read": _roles(record["$permissions"]), "write": []}
        elif k >= (0, 12):
            out["$read"] = _roles(record["$permissions"])
        out["functionId"] = record["functionId"]
        if k < (0, 15):
            out["dateCreated"] = _seconds(record["$createdAt"])
        out["trigger"] = record["trigger"]
        out["status"] = status
        out["statusCode" if k >= (0, 13) else "exitCode"] = record["responseStatusCode"]
        out["response" if k >= (0, 14) else "stdout"] = record["responseBody"][-cap:]
        out["stderr"] = record["errors"][-cap:]
        out["time"] = float(record["duration"])
        return out
    hidden = not privileged
    if k < (1, 4):
        return {
            "$id": record["$id"],
            "$createdAt": record["$createdAt"],
            "$updatedAt": record["$updatedAt"],
            "$permissions": record["$permissions"],
            "functionId": record["functionId"],
            "trigger": record["trigger"],
            "status": status,
            "statusCode": record["responseStatusCode"],
            "response": record["responseBody"],
            "stdout": "" if hidden else record["logs"],
            "stderr": "" if hidden else record["errors"],
            "duration": record["duration"],
        }
    out = dict(record)
    out["status"] = status
    out["responseBody"] = ""  # from 1.4 only a synchronous create's answer carries it
    if hidden:
        out["logs"] = out["errors"] = ""
    if k < (1, 8):  # no released 1.7 sends deploymentId
        del out["deploymentId"]
    if k < (1, 6):
        del out["scheduledAt"]
    return out


def assert_shows(line: str, wire: dict[str, Any], record: dict[str, Any], **view: bool) -> None:
    want = expected(line, record, **view)
    assert wire == want
    assert list(wire) == list(want), "property order"


def count_key(line: str) -> str:
    return "total" if key(line) >= (0, 13) else "sum"


def assert_error(server: StandIn, response: httpx.Response, status: int, type_: str) -> None:
    """Status, the line's error shape (type from 0.13), and slice conformance of the body."""
    line = server.generation.key
    assert response.status_code == status, response.text
    body = response.json()
    if key(line) >= (0, 13):
        assert list(body) == ["message", "code", "type", "version"]
        assert body["type"] == type_
    else:
        assert list(body) == ["message", "code", "version"]
    assert body["code"] == status
    assert body["version"] == server.version
    assert error_problems(server, response) == []


# --------------------------------------------------------------------------- versions


def test_each_representative_version_is_served_by_its_own_line() -> None:
    for line, version in REPRESENTATIVE_VERSIONS.items():
        assert generation_for(version).key == line
    assert generation_for("1.9.2").key == "1.9"
    assert generation_for("3.0.0").key == "2.0"


def test_health_version(server: StandIn, line: str) -> None:
    response = exchange(server, "GET", "/health/version", auth=None)
    assert response.json() == {"version": REPRESENTATIVE_VERSIONS[line]}


# ----------------------------------------------------------------------------- lists


def test_first_page(server: StandIn, line: str) -> None:
    truth = server.executions(BUSY)
    response = exchange(
        server, "GET", f"/functions/{BUSY}/executions", params=paging(line, limit=10)
    )
    page = response.json()
    assert list(page) == [count_key(line), "executions"]
    assert page[count_key(line)] == BUSY_COUNT
    # 0.12-0.15 list newest first; the other lines oldest first.
    ordered = truth[::-1] if (0, 12) <= key(line) < (1, 0) else truth
    assert len(page["executions"]) == 10
    for wire, record in zip(page["executions"], ordered[:10], strict=True):
        assert_shows(line, wire, record)


def test_default_page_and_empty_function(server: StandIn, line: str) -> None:
    page = exchange(server, "GET", f"/functions/{BUSY}/executions").json()
    assert len(page["executions"]) == 25
    empty = exchange(server, "GET", f"/functions/{EMPTY}/executions").json()
    assert empty == {count_key(line): 0, "executions": []}


@pytest.mark.parametrize("function_id", [BUSY, MIXED])
def test_paging_through_everything(server: StandIn, line: str, function_id: str) -> None:
    """Offset paging before 0.12, cursor paging from 0.12; every execution exactly once."""
    truth = server.executions(function_id)
    k = key(line)
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        if k < (0, 12):
            params = paging(line, limit=100, offset=len(seen))
        else:
            params = paging(line, limit=100, cursor=cursor)
        page = exchange(server, "GET", f"/functions/{function_id}/executions", params=params)
        executions = page.json()["executions"]
        assert page.json()[count_key(line)] == len(truth)
        seen += executions
        if len(executions) < 100:
            break
        cursor = executions[-1]["$id"]
    ordered = truth[::-1] if (0, 12) <= k < (1, 0) else truth
    assert len(seen) == len(ordered)
    for wire, record in zip(seen, ordered, strict=True):
        assert_shows(line, wire, record)


def test_user_view(server: StandIn, line: str) -> None:
    """JWT from 0.8, session from 1.5; from 1.0 users see log output and errors blank."""
    truth = server.executions(MIXED)
    k = key(line)
    for auth, accepted in (("jwt", k >= (0, 8)), ("session", k >= (1, 5))):
        params = paging(line, limit=100)
        path = f"/functions/{MIXED}/executions"
        if not accepted:
            response = exchange(server, "GET", path, auth=auth, conforming_request=False)
            assert_error(server, response, 401, "general_unauthorized_scope")
            continue
        page = exchange(server, "GET", path, auth=auth, params=params).json()
        ordered = truth[::-1] if (0, 12) <= k < (1, 0) else truth
        for wire, record in zip(page["executions"], ordered, strict=True):
            assert_shows(line, wire, record, privileged=k < (1, 0))


def test_search(server: StandIn, line: str) -> None:
    """0.7-0.11 search every string property (whole words); 0.12 the function and
    execution ids (whole words), 0.13-1.6 the same by word prefix; 1.7+ none."""
    truth = server.executions(BUSY)
    k = key(line)
    some = truth[17]["$id"]
    needle = some[:17] if k >= (0, 13) else some  # prefix match from 0.13
    params = [*paging(line, limit=100), ("search", needle.upper())]
    response = exchange(
        server,
        "GET",
        f"/functions/{BUSY}/executions",
        params=params,
        conforming_request=k < (1, 7),
    )
    page = response.json()
    if k >= (1, 7):
        assert page[count_key(line)] == BUSY_COUNT  # undeclared: ignored
        return
    assert [e["$id"] for e in page["executions"]] == [some]
    by_function = exchange(
        server,
        "GET",
        f"/functions/{BUSY}/executions",
        params=[*paging(line, limit=1), ("search", BUSY)],
    ).json()
    assert by_function[count_key(line)] == BUSY_COUNT


# --------------------------------------------------------------- line-specific lists


def test_legacy_order_type(server: StandIn, line: str) -> None:
    truth = [r["$id"] for r in server.executions(BUSY)]
    params = [*paging(line, limit=5), ("orderType", "DESC")]
    if key(line) >= (0, 12):  # orderType went in 0.12: ignored
        response = exchange(
            server, "GET", f"/functions/{BUSY}/executions", params=params, conforming_request=False
        )
        assert response.status_code == 200
        return
    page = exchange(server, "GET", f"/functions/{BUSY}/executions", params=params).json()
    assert [e["$id"] for e in page["executions"]] == truth[::-1][:5]


@pytest.mark.parametrize("line", lines((0, 12), (1, 0)))
def test_cursor_params(server: StandIn, line: str) -> None:
    """0.12-0.15: ``cursor`` + ``cursorDirection`` over a newest-first list."""
    newest_first = [r["$id"] for r in server.executions(BUSY)][::-1]
    path = f"/functions/{BUSY}/executions"
    after = exchange(server, "GET", path, params=paging(line, limit=5, cursor=newest_first[10]))
    assert [e["$id"] for e in after.json()["executions"]] == newest_first[11:16]
    before = exchange(
        server, "GET", path, params=paging(line, limit=5, cursor=newest_first[10], before=True)
    )
    assert [e["$id"] for e in before.json()["executions"]] == newest_first[5:10]
    missing = exchange(
        server,
        "GET",
        path,
        params=paging(line, limit=5, cursor="nosuchexecution"),
        conforming_request=False,
    )
    assert_error(server, missing, 400, "general_cursor_not_found")
    assert (
        missing.json()["message"] == "Execution 'nosuchexecution' for the 'cursor' value not found."
    )
    sideways = exchange(
        server,
        "GET",
        path,
        params=[("cursor", newest_first[0]), ("cursorDirection", "sideways")],
        conforming_request=False,
    )
    assert_error(server, sideways, 400, "general_argument_invalid")
    assert sideways.json()["message"] == (
        "Invalid cursorDirection: Value must be one of (after, before)"
    )


@pytest.mark.parametrize("line", lines((1, 0)))
def test_query_syntax_and_attributes(server: StandIn, line: str) -> None:
    """Strings 1.0-1.4, JSON 1.5+; ``statusCode`` until 1.3, request attributes from 1.6."""
    k = key(line)
    mixed = server.executions(MIXED)
    path = f"/functions/{MIXED}/executions"
    code_name = "statusCode" if k < (1, 4) else "responseStatusCode"
    failed = exchange(
        server,
        "GET",
        path,
        params=[
            ("queries[]", query(line, "equal", code_name, [500])),
            ("queries[]", query(line, "orderDesc", "$createdAt")),
        ],
    ).json()
    wanted = [r for r in mixed if r["responseStatusCode"] == 500][::-1]
    assert failed["total"] == len(wanted) > 0
    for wire, record in zip(failed["executions"], wanted, strict=True):
        assert_shows(line, wire, record)

    other_name = "responseStatusCode" if k < (1, 4) else "statusCode"
    unknown = exchange(
        server,
        "GET",
        path,
        params=[("queries[]", query(line, "equal", other_name, [500]))],
    )
    assert_error(server, unknown, 400, "general_argument_invalid")
    assert unknown.json()["message"] == (
        f"Invalid `queries` param: Invalid query: Attribute not found in schema: {other_name}"
    )

    by_method = exchange(
        server, "GET", path, params=[("queries[]", query(line, "equal", "requestMethod", ["GET"]))]
    )
    if k >= (1, 6):
        assert by_method.json()["total"] == sum(r["requestMethod"] == "GET" for r in mixed)
    else:
        assert_error(server, by_method, 400, "general_argument_invalid")

    other_syntax = (
        '{"method":"limit","values":[1]}' if k < (1, 5) else "limit(1)"
    )  # the other generation's spelling
    wrong = exchange(server, "GET", path, params=[("queries[]", other_syntax)])
    assert_error(server, wrong, 400, "general_argument_invalid")


@pytest.mark.parametrize("line", lines((1, 0)))
def test_total_flag(server: StandIn, line: str) -> None:
    """``total=false`` skips counting on 1.8; earlier lines do not declare it (ignored)."""
    params = [*paging(line, limit=5), ("total", "false")]
    response = exchange(
        server,
        "GET",
        f"/functions/{BUSY}/executions",
        params=params,
        conforming_request=key(line) >= (1, 8),
    )
    assert response.json()["total"] == (0 if key(line) >= (1, 8) else BUSY_COUNT)


# ------------------------------------------------------------------------------- get


def test_get(server: StandIn, line: str) -> None:
    records = server.executions(MIXED)
    chosen = [
        next(r for r in records if r["status"] == "scheduled"),
        max(records, key=lambda r: len(r["errors"])),
        max(records, key=lambda r: len(r["logs"])),
        next(r for r in records if "🎉" in r["responseBody"]),
    ]
    for record in chosen:
        response = exchange(server, "GET", f"/functions/{MIXED}/executions/{record['$id']}")
        assert_shows(line, response.json(), record)


# ---------------------------------------------------------------------------- create


def _get(server: StandIn, execution_id: str) -> dict[str, Any]:
    response = exchange(server, "GET", f"/functions/{BUSY}/executions/{execution_id}")
    body: dict[str, Any] = response.json()
    return body


def test_create_default(server: StandIn, line: str) -> None:
    """Before 0.13 and on 0.13-0.15 (async defaults to true) a run is asynchronous:
    waiting -> processing -> completed on successive reads; from 1.0 it is synchronous."""
    k = key(line)
    body = create_body(line)
    response = exchange(server, "POST", f"/functions/{BUSY}/executions", body=body)
    assert response.status_code == 201
    created = response.json()
    record = server.executions(BUSY)[-1]
    assert record["$id"] == created["$id"]
    assert len(server.executions(BUSY)) == BUSY_COUNT + 1
    if k < (1, 4):
        assert_shows(line, created, record)
    synchronous = k >= (1, 0)
    output = "received 0 chars: " if k < (0, 8) else "received 5 chars: hello"
    if not synchronous:
        assert created["status"] == "waiting"
        assert _get(server, created["$id"])["status"] == "processing"
        done = _get(server, created["$id"])
        record = server.executions(BUSY)[-1]
        assert_shows(line, done, record)
        assert record["status"] == "completed"
        assert record["responseBody"] == output
        assert record["responseStatusCode"] == (0 if k < (0, 13) else 200)
        assert _get(server, created["$id"]) == done
        return
    assert created["status"] == "completed"
    assert record["responseStatusCode"] == 200
    if k < (1, 4):
        assert record["responseBody"] == output  # 0.x/1.0-1.3 keep the output
        assert created["stdout"] == "received 5 chars\n"
    else:
        assert json.loads(created["responseBody"])["body"] == "hello"
        assert record["responseBody"] == ""  # 1.4+ do not persist it
        assert created["requestMethod"] == "POST"  # the 1.4 code's default too
    assert_shows(line, _get(server, created["$id"]), server.executions(BUSY)[-1])


@pytest.mark.parametrize("line", lines((0, 13)))
def test_create_async_flag(server: StandIn, line: str) -> None:
    """``async`` from 0.13: false runs at once, true queues."""
    k = key(line)
    path = f"/functions/{BUSY}/executions"
    now = exchange(server, "POST", path, body=create_body(line, **{"async": False})).json()
    assert now["status"] == "completed"
    assert (now["statusCode"] if k < (1, 4) else now["responseStatusCode"]) == 200
    later = exchange(server, "POST", path, body=create_body(line, **{"async": True})).json()
    assert later["status"] == "waiting"
    assert _get(server, later["$id"])["status"] == "processing"
    assert _get(server, later["$id"])["status"] == "completed"
    invalid = exchange(
        server, "POST", path, body=create_body(line, **{"async": "maybe"}), conforming_request=False
    )
    assert_error(server, invalid, 400, "general_argument_invalid")


@pytest.mark.parametrize("line", lines((0, 8), (1, 4)))
def test_create_data_validation(server: StandIn, line: str) -> None:
    k = key(line)
    response = exchange(
        server,
        "POST",
        f"/functions/{BUSY}/executions",
        body={"data": 5},
        conforming_request=False,
    )
    assert_error(server, response, 400, "general_argument_invalid")
    wording = "Invalid `data` param: " if k >= (1, 0) else "Invalid data: "
    assert response.json()["message"] == (
        wording + "Value must be a valid string and no longer than 8192 chars"
    )
    assert len(server.executions(BUSY)) == BUSY_COUNT


@pytest.mark.parametrize("line", lines((0, 7), (0, 8)))
def test_create_0_7_ignores_data(server: StandIn, line: str) -> None:
    response = exchange(
        server,
        "POST",
        f"/functions/{BUSY}/executions",
        body={"data": "ignored"},
        conforming_request=False,
    )
    assert response.status_code == 201
    _get(server, response.json()["$id"])
    assert _get(server, response.json()["$id"])["stdout"] == "received 0 chars: "


@pytest.mark.parametrize("line", lines((1, 4)))
def test_create_http_request(server: StandIn, line: str) -> None:
    """1.4+: body, path, method, headers (a string in the 1.6/1.7 slices)."""
    k = key(line)
    headers: Any = {"x-trace": "abc", "content-type": "application/json"}
    if (1, 6) <= k < (1, 8):
        headers = json.dumps(headers)
    body = create_body(line, "ü", path="/r?x=1", method="PUT", headers=headers)
    created = exchange(server, "POST", f"/functions/{BUSY}/executions", body=body).json()
    assert created["requestMethod"] == "PUT"
    assert created["requestPath"] == "/r?x=1"
    assert created["requestHeaders"] == [{"name": "content-type", "value": "application/json"}]
    assert json.loads(created["responseBody"]) == {"method": "PUT", "path": "/r?x=1", "body": "ü"}
    assert_shows(line, _get(server, created["$id"]), server.executions(BUSY)[-1])


@pytest.mark.parametrize("line", lines((1, 4)))
def test_create_head_method(server: StandIn, line: str) -> None:
    k = key(line)
    path = f"/functions/{BUSY}/executions"
    response = exchange(
        server,
        "POST",
        path,
        body=create_body(line, method="HEAD"),
        conforming_request=k >= (1, 8),
    )
    if k >= (1, 8):
        assert response.json()["requestMethod"] == "HEAD"
        return
    assert_error(server, response, 400, "general_argument_invalid")
    assert response.json()["message"] == (
        "Invalid `method` param: Value must be one of (GET, POST, PUT, PATCH, DELETE, OPTIONS)"
    )


@pytest.mark.parametrize("line", lines((1, 4)))
def test_create_scheduled(server: StandIn, line: str) -> None:
    """``scheduledAt`` from 1.6; the ``scheduled`` status from 1.8 (``waiting`` before)."""
    k = key(line)
    body = create_body(line, **{"async": True, "scheduledAt": "2026-03-05T10:00:00+00:00"})
    response = exchange(
        server, "POST", f"/functions/{BUSY}/executions", body=body, conforming_request=k >= (1, 6)
    )
    created = response.json()
    if k < (1, 6):  # undeclared: an ordinary async run
        assert created["status"] == "waiting"
        assert server.executions(BUSY)[-1]["scheduledAt"] is None
        return
    assert created["scheduledAt"] == "2026-03-05T10:00:00.000+00:00"
    assert created["trigger"] == "schedule"
    assert created["status"] == "scheduled"  # from 1.6
    assert_shows(line, _get(server, created["$id"]), server.executions(BUSY)[-1])


@pytest.mark.parametrize("line", lines((0, 8)))
def test_created_by_a_user(server: StandIn, line: str) -> None:
    """A JWT-created execution is readable by its user; roles in the line's spelling."""
    k = key(line)
    created = exchange(
        server, "POST", f"/functions/{BUSY}/executions", auth="jwt", body=create_body(line)
    ).json()
    record = server.executions(BUSY)[-1]
    assert record["$permissions"] == ['read("user:standin-user")']
    if (0, 10) <= k < (0, 12):
        assert created["$permissions"] == {"read": ["user:standin-user"], "write": []}
    elif (0, 12) <= k < (1, 0):
        assert created["$read"] == ["user:standin-user"]
    elif k >= (1, 0):
        assert created["$permissions"] == ['read("user:standin-user")']
    again = exchange(server, "GET", f"/functions/{BUSY}/executions/{created['$id']}", auth="jwt")
    assert again.json()["$id"] == created["$id"]


# ---------------------------------------------------------------------------- delete


def test_delete(server: StandIn, line: str) -> None:
    victim = server.executions(BUSY)[10]["$id"]
    path = f"/functions/{BUSY}/executions/{victim}"
    if key(line) < (1, 6):
        response = _CLIENT.delete(server.url + path, headers=credentials(server, "key"))
        assert_error(server, response, 404, "general_route_not_found")
        assert len(server.executions(BUSY)) == BUSY_COUNT
        return
    response = exchange(server, "DELETE", path)
    assert response.status_code == 204
    assert response.content == b""
    gone = exchange(server, "GET", path)
    assert_error(server, gone, 404, "execution_not_found")
    assert len(server.executions(BUSY)) == BUSY_COUNT - 1


# ---------------------------------------------------------------------------- errors


def test_not_found(server: StandIn, line: str) -> None:
    catalogue = key(line) >= (1, 0)
    function = exchange(
        server, "GET", "/functions/nosuchfunction/executions", params=paging(line, limit=5)
    )
    assert_error(server, function, 404, "function_not_found")
    assert function.json()["message"] == (
        "Function with the requested ID could not be found." if catalogue else "Function not found"
    )
    execution = exchange(server, "GET", f"/functions/{BUSY}/executions/nosuchexecution")
    assert_error(server, execution, 404, "execution_not_found")
    assert execution.json()["message"] == (
        "Execution with the requested ID could not be found."
        if catalogue
        else "Execution not found"
    )
    other = server.executions(MIXED)[0]["$id"]
    assert_error(
        server,
        exchange(server, "GET", f"/functions/{BUSY}/executions/{other}"),
        404,
        "execution_not_found",
    )
    create = exchange(
        server, "POST", "/functions/nosuchfunction/executions", body=create_body(line)
    )
    assert_error(server, create, 404, "function_not_found")


def test_unauthorised(server: StandIn, line: str) -> None:
    path = f"/functions/{BUSY}/executions"
    guest = exchange(server, "GET", path, auth=None, conforming_request=False)
    assert_error(server, guest, 401, "general_unauthorized_scope")
    assert guest.json()["message"] == (
        'User (role: guests) missing scopes (["execution.read"])'
        if key(line) >= (1, 0)
        else "User (role: guest) missing scope (execution.read)"
    )
    writer = exchange(server, "POST", path, auth=None, conforming_request=False)
    assert_error(server, writer, 401, "general_unauthorized_scope")
    project = _CLIENT.get(
        server.url + path, headers={"X-Appwrite-Project": "nope", "X-Appwrite-Key": server.key}
    )
    assert_error(server, project, 404, "project_not_found")
    assert problems_of(line, project) == []


def test_invalid_list_parameter(server: StandIn, line: str) -> None:
    k = key(line)
    path = f"/functions/{BUSY}/executions"
    if k < (1, 0):
        response = exchange(server, "GET", path, params=[("limit", "101")])
        assert_error(server, response, 400, "general_argument_invalid")
        wording = "Invalid limit: "
        assert (
            response.json()["message"] == wording + "Value must be a valid range between 0 and 100"
        )
        offset = exchange(server, "GET", path, params=[("offset", "999999")])
        assert_error(server, offset, 400, "general_argument_invalid")
        return
    # limit(): Range(0, 100) on 1.0-1.2, Range(0, PHP_INT_MAX) on 1.3 (1.2.1 and 1.3.8:
    # src/Appwrite/Utopia/Database/Validator/Query/Limit.php); Range(1, PHP_INT_MAX) from
    # 1.4 (utopia-php/database's Query/Limit.php).
    bad, bounds = (
        (101, "0 and 100")
        if k < (1, 3)
        else (-1, "0 and 9,223,372,036,854,775,807")
        if k < (1, 4)
        else (0, "1 and 9,223,372,036,854,775,807")
    )
    response = exchange(
        server, "GET", path, params=[("queries[]", query(line, "limit", values=[bad]))]
    )
    assert_error(server, response, 400, "general_argument_invalid")
    assert response.json()["message"] == (
        "Invalid `queries` param: Invalid query: Invalid limit: "
        f"Value must be a valid range between {bounds}"
    )


# ----------------------------------------------------------------------- determinism


def _script(server: StandIn, line: str) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []

    def keep(response: httpx.Response) -> httpx.Response:
        out.append((response.status_code, response.content))
        return response

    path = f"/functions/{BUSY}/executions"
    keep(exchange(server, "GET", path, params=paging(line, limit=50)))
    made = keep(exchange(server, "POST", path, body=create_body(line, "ü"))).json()
    for _ in range(3):
        keep(exchange(server, "GET", f"{path}/{made['$id']}"))
    keep(exchange(server, "GET", f"/functions/{MIXED}/executions", params=paging(line, limit=100)))
    keep(exchange(server, "GET", path, auth=None, conforming_request=False))
    return out


def test_byte_identical_after_reset(server: StandIn, line: str) -> None:
    first = _script(server, line)
    server.reset()
    assert _script(server, line) == first
    with StandIn(REPRESENTATIVE_VERSIONS[line]) as fresh:
        assert _script(fresh, line) == first
