"""What the shims keep from the official SDKs, and what they fix.

Kept: the SDK's exception type and its fields (compared with the official SDK
against its own line), the query strings ``Query`` builds, the setters' chaining,
the SDK's own argument errors. Fixed: TLS is verified unless ``set_self_signed()``
is called (0.4.0 verified only after it), requests time out, reads are retried while
a create is never sent twice, and no credential reaches an error or a repr.
"""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from appwrite_executions.compat import sdk_0_4, sdk_16
from appwrite_standin import (
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    MIXED_FUNCTION_ID,
    REPRESENTATIVE_VERSIONS,
    Reply,
    Request,
    StandIn,
)
from support.official_sdk import run_script, sdk_python
from test_secrets import CERTIFICATE, PRIVATE_KEY

LEGACY = REPRESENTATIVE_VERSIONS["0.9"]
MODERN = REPRESENTATIVE_VERSIONS["1.8"]
VERSIONS = sorted(REPRESENTATIVE_VERSIONS.values(), key=lambda v: tuple(map(int, v.split("."))))
SECRET = "sk-behaviour-7f3a9c"  # a key no server knows, to see where it shows up


def sdk04(url: str, key: str = DEFAULT_KEY) -> sdk_0_4.Functions:
    return sdk_0_4.Functions(
        sdk_0_4.Client().set_endpoint(url).set_project(DEFAULT_PROJECT).set_key(key)
    )


def sdk16(url: str, key: str = DEFAULT_KEY) -> sdk_16.Functions:
    return sdk_16.Functions(
        sdk_16.Client().set_endpoint(url).set_project(DEFAULT_PROJECT).set_key(key)
    )


# -- errors, as the official SDKs report them --------------------------------------------

ERROR_04 = """
import json, sys
from appwrite.client import Client
from appwrite.services.functions import Functions
from appwrite.exception import AppwriteException
client = Client().set_endpoint(sys.argv[1] if len(sys.argv) > 1 else '{url}')
functions = Functions(client.set_project('{project}').set_key('{key}'))
try:
    functions.get_execution('{function}', 'missing')
except AppwriteException as error:
    print(json.dumps([error.message, error.code, error.response]))
"""
ERROR_16 = """
import json
from appwrite.client import Client
from appwrite.services.functions import Functions
from appwrite.exception import AppwriteException
client = Client().set_endpoint('{url}')
functions = Functions(client.set_project('{project}').set_key('{key}'))
try:
    functions.get_execution('{function}', 'missing')
except AppwriteException as error:
    print(json.dumps([error.message, error.code, error.type, error.response]))
"""


def _filled(script: str, url: str) -> str:
    return script.format(
        url=url, project=DEFAULT_PROJECT, key=DEFAULT_KEY, function=MIXED_FUNCTION_ID
    )


def test_sdk_0_4_errors_carry_what_the_official_sdk_puts_in_them() -> None:
    with StandIn(LEGACY) as server:
        theirs = json.loads(run_script(sdk_python("0.4.0"), _filled(ERROR_04, server.url)))
        with pytest.raises(sdk_0_4.AppwriteException) as caught:
            sdk04(server.url).get_execution(MIXED_FUNCTION_ID, "missing")
    error = caught.value
    assert [error.message, error.code, error.response] == theirs
    assert theirs[1] == 404


def test_sdk_16_errors_carry_what_the_official_sdk_puts_in_them() -> None:
    with StandIn(MODERN) as server:
        theirs = json.loads(run_script(sdk_python("16.0.0"), _filled(ERROR_16, server.url)))
        with pytest.raises(sdk_16.AppwriteException) as caught:
            sdk16(server.url).get_execution(MIXED_FUNCTION_ID, "missing")
    error = caught.value
    assert [error.message, error.code, error.type, error.response] == theirs
    assert theirs[2] == "execution_not_found"


@pytest.mark.parametrize("version", VERSIONS)
def test_errors_of_every_line_come_as_the_sdk_exception(version: str) -> None:
    with StandIn(version) as server:
        with pytest.raises(sdk_0_4.AppwriteException) as old:
            sdk04(server.url).get_execution(MIXED_FUNCTION_ID, "missing")
        with pytest.raises(sdk_16.AppwriteException) as new:
            sdk16(server.url).get_execution(MIXED_FUNCTION_ID, "missing")
    assert old.value.code == new.value.code == 404
    assert old.value.response["version"] == version
    assert json.loads(new.value.response)["code"] == 404
    # Servers name error types from 0.13 on; older ones send none and none is invented.
    has_type = tuple(map(int, version.split(".")[:2])) >= (0, 13)
    assert (new.value.type is not None) == has_type
    assert ("type" in old.value.response) == has_type


def test_missing_required_parameters_are_the_sdks_own_errors() -> None:
    with pytest.raises(sdk_0_4.AppwriteException, match='"function_id"') as old:
        sdk04("http://127.0.0.1:9/v1").list_executions(None)  # type: ignore[arg-type]
    with pytest.raises(sdk_16.AppwriteException, match='"execution_id"') as new:
        sdk16("http://127.0.0.1:9/v1").get_execution("f", None)  # type: ignore[arg-type]
    assert old.value.code == new.value.code == 0


def test_sdk_16_refuses_an_endpoint_without_a_scheme_as_the_sdk_does() -> None:
    with pytest.raises(sdk_16.AppwriteException, match=r"Invalid endpoint URL: example\.com"):
        sdk_16.Client().set_endpoint("example.com")


def test_the_setters_chain() -> None:
    client = sdk_16.Client()
    assert client.set_endpoint("https://h/v1").set_project("p").set_jwt("j") is client
    assert client.set_session("s").set_key("k").set_self_signed().set_locale("en") is client
    old = sdk_0_4.Client()
    assert old.set_endpoint("https://h/v1").set_project("p").set_jwt("j").set_key("k") is old


def test_without_credentials_nothing_is_sent() -> None:
    with StandIn(MODERN) as server:
        client = sdk_16.Client().set_endpoint(server.url).set_project(DEFAULT_PROJECT)
        with pytest.raises(sdk_16.AppwriteException, match="no credentials"):
            sdk_16.Functions(client.set_session("")).list_executions(MIXED_FUNCTION_ID)
        assert server.requests_seen == 0


def test_a_jwt_or_a_session_works_where_the_line_takes_it() -> None:
    with StandIn(MODERN) as server:
        for setter, value in (("set_jwt", server.jwt), ("set_session", server.session)):
            client = sdk_16.Client().set_endpoint(server.url).set_project(DEFAULT_PROJECT)
            getattr(client, setter)(value)
            page = sdk_16.Functions(client).list_executions(MIXED_FUNCTION_ID)
            assert page.total == 41.0
            assert {e.logs for e in page.executions} == {""}  # users do not see logs


# -- Query -----------------------------------------------------------------------------

QUERY_CALLS = [
    ("equal", ("status", ["failed"])),
    ("equal", ("status", "failed")),
    ("not_equal", ("status", "ünïcode")),
    ("regex", ("requestPath", "^/a")),
    ("less_than", ("duration", 1.5)),
    ("less_than_equal", ("responseStatusCode", 200)),
    ("greater_than", ("duration", 2)),
    ("greater_than_equal", ("duration", 2)),
    ("is_null", ("scheduledAt",)),
    ("is_not_null", ("scheduledAt",)),
    ("exists", (["status"],)),
    ("not_exists", (["status"],)),
    ("between", ("duration", 1, 2)),
    ("not_between", ("duration", 1, 2)),
    ("starts_with", ("requestPath", "/a")),
    ("not_starts_with", ("requestPath", "/a")),
    ("ends_with", ("requestPath", "z")),
    ("not_ends_with", ("requestPath", "z")),
    ("select", (["status", "duration"],)),
    ("search", ("status", "failed")),
    ("not_search", ("status", "failed")),
    ("order_asc", ("duration",)),
    ("order_desc", ("$createdAt",)),
    ("order_random", ()),
    ("cursor_before", ("abc",)),
    ("cursor_after", ("abc",)),
    ("limit", (25,)),
    ("offset", (0,)),
    ("contains", ("requestPath", "x")),
    ("contains_any", ("status", ["a", "b"])),
    ("contains_all", ("status", ["a", "b"])),
    ("not_contains", ("requestPath", "x")),
    ("created_before", ("2026-01-01T00:00:00.000+00:00",)),
    ("created_after", ("2026-01-01T00:00:00.000+00:00",)),
    ("created_between", ("2026-01-01", "2026-02-01")),
    ("updated_before", ("2026-01-01",)),
    ("updated_after", ("2026-01-01",)),
    ("updated_between", ("2026-01-01", "2026-02-01")),
    ("distance_equal", ("loc", [1, 2], 3)),
    ("distance_not_equal", ("loc", [1, 2], 3, False)),
    ("distance_greater_than", ("loc", [1, 2], 3)),
    ("distance_less_than", ("loc", [1, 2], 3)),
    ("intersects", ("loc", [1, 2])),
    ("not_intersects", ("loc", [1, 2])),
    ("crosses", ("loc", [1, 2])),
    ("not_crosses", ("loc", [1, 2])),
    ("overlaps", ("loc", [1, 2])),
    ("not_overlaps", ("loc", [1, 2])),
    ("touches", ("loc", [1, 2])),
    ("not_touches", ("loc", [1, 2])),
]
NESTED = [
    ("or_queries", [("equal", ("status", ["failed"])), ("greater_than", ("duration", 2))]),
    ("and_queries", [("equal", ("status", ["failed"])), ("limit", (3,))]),
]


def _ours() -> list[str]:
    query = sdk_16.Query
    built = [getattr(query, name)(*args) for name, args in QUERY_CALLS]
    for name, parts in NESTED:
        built.append(getattr(query, name)([getattr(query, n)(*a) for n, a in parts]))
    built.append(query.elem_match("items", [query.equal("a", ["b"])]))
    return built


def test_every_query_helper_builds_the_sdks_string() -> None:
    script = f"""
import json
from appwrite.query import Query
calls = {QUERY_CALLS!r}
nested = {NESTED!r}
built = [getattr(Query, name)(*args) for name, args in calls]
for name, parts in nested:
    built.append(getattr(Query, name)([getattr(Query, n)(*a) for n, a in parts]))
built.append(Query.elem_match("items", [Query.equal("a", ["b"])]))
print(json.dumps(built))
"""
    theirs = json.loads(run_script(sdk_python("16.0.0"), script))
    helpers = {
        name
        for name in vars(sdk_16.Query)
        if not name.startswith("_") and callable(getattr(sdk_16.Query, name))
    }
    assert helpers == {n for n, _ in QUERY_CALLS} | {n for n, _ in NESTED} | {"elem_match"}
    assert _ours() == theirs


# -- TLS --------------------------------------------------------------------------------


class _Version(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"version": "1.8.1"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An HTTPS server with a certificate no authority signed; it answers every GET
    with a version document, so a list reaches it but gets no list back."""
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_text(CERTIFICATE)
    (folder / "key.pem").write_text(PRIVATE_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Version)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("sdk", [sdk_0_4, sdk_16])
def test_tls_is_verified_unless_set_self_signed(self_signed: str, sdk: Any) -> None:
    def functions(trusting: bool) -> Any:
        client = sdk.Client().set_endpoint(self_signed).set_project("p").set_key(SECRET)
        if trusting:
            client.set_self_signed()
        return sdk.Functions(client)

    with pytest.raises(sdk.AppwriteException) as refused:
        functions(False).list_executions("f")
    assert "certificate verification failed" in refused.value.message
    with pytest.raises(sdk.AppwriteException) as reached:  # it got through, to a non-list
        functions(True).list_executions("f")
    assert "certificate" not in reached.value.message
    assert reached.value.code == 0
    for error in (refused.value, reached.value):
        assert SECRET not in f"{error} {error!r} {error.message} {error.response}"


# -- time-outs --------------------------------------------------------------------------


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


@pytest.mark.parametrize("sdk", [sdk_0_4, sdk_16])
def test_a_silent_server_times_out(silent: str, sdk: Any) -> None:
    client = sdk.Client().set_endpoint(silent).set_project("p").set_key(SECRET).set_timeout(0.2)
    with pytest.raises(sdk.AppwriteException) as caught:
        sdk.Functions(client).get_execution("f", "e")
    assert "timed out" in caught.value.message or "did not answer" in caught.value.message
    assert caught.value.code == 0 and caught.value.response is None
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("sdk", [sdk_0_4, sdk_16])
def test_requests_have_timeouts_by_default(sdk: Any) -> None:
    client = sdk.Client().set_endpoint("http://127.0.0.1:9/v1").set_project("p").set_key("k")
    timeout = client._client()._transport._http.timeout
    assert None not in (timeout.connect, timeout.read, timeout.write, timeout.pool)


# -- retries -----------------------------------------------------------------------------


class Faults:
    """A stand-in hook that fails chosen requests and counts what arrived."""

    def __init__(self, fail: str, reply: Reply, times: int = 1) -> None:
        self.fail, self.reply, self.left = fail, reply, times
        self.seen: list[str] = []

    def __call__(self, request: Request) -> Reply | None:
        key = f"{request.method} {request.path}"
        self.seen.append(key)
        if self.left and key.startswith(self.fail):
            self.left -= 1
            return self.reply
        return None

    def count(self, prefix: str) -> int:
        return sum(1 for key in self.seen if key.startswith(prefix))


CREATE = f"POST /v1/functions/{MIXED_FUNCTION_ID}/executions"
LIST = f"GET /v1/functions/{MIXED_FUNCTION_ID}/executions"


@pytest.mark.parametrize("version", [LEGACY, MODERN])
@pytest.mark.parametrize(
    "reply", [Reply(503, b'{"message":"busy","code":503}'), Reply(0, drop_connection=True)]
)
def test_a_create_is_never_sent_twice(version: str, reply: Reply) -> None:
    faults = Faults(CREATE, reply)
    with StandIn(version, before_request=faults) as server:
        before = len(server.executions(MIXED_FUNCTION_ID))
        with pytest.raises(sdk_0_4.AppwriteException):
            sdk04(server.url).create_execution(MIXED_FUNCTION_ID, "x")
        with pytest.raises(sdk_16.AppwriteException):
            faults.left = 1
            sdk16(server.url).create_execution(MIXED_FUNCTION_ID, "x", xasync=True)
        assert faults.count(CREATE) == 2  # one for each SDK, never a second one
        assert len(server.executions(MIXED_FUNCTION_ID)) == before


@pytest.mark.parametrize("version", [LEGACY, MODERN])
def test_reads_are_retried(version: str) -> None:
    faults = Faults(LIST, Reply(0, drop_connection=True))
    with StandIn(version, before_request=faults) as server:
        assert sdk04(server.url).list_executions(MIXED_FUNCTION_ID)["executions"]
        assert faults.count(LIST) == 2
        faults.left = 1
        assert sdk16(server.url).list_executions(MIXED_FUNCTION_ID).executions
        assert faults.count(LIST) == 4


# -- credentials ------------------------------------------------------------------------


@pytest.mark.parametrize("version", [LEGACY, MODERN])
def test_credentials_never_reach_errors_or_reprs(version: str) -> None:
    with StandIn(version) as server:
        shown: list[str] = []
        for sdk in (sdk_0_4, sdk_16):
            client = sdk.Client().set_endpoint(server.url).set_project(DEFAULT_PROJECT)
            client.set_key(SECRET).set_jwt(SECRET + "-jwt")
            shown.append(repr(client))
            with pytest.raises(sdk.AppwriteException) as caught:
                sdk.Functions(client).list_executions(MIXED_FUNCTION_ID)
            error = caught.value
            assert error.code == 401
            shown += [str(error), repr(error), str(error.message), str(error.response)]
            shown += [repr(error.__cause__), repr(error.__context__)]
    assert not [text for text in shown if SECRET in text]


def test_a_refused_connection_is_the_sdk_exception(tmp_path: Path) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{closed.getsockname()[1]}/v1"
    closed.close()
    for sdk in (sdk_0_4, sdk_16):
        client = sdk.Client().set_endpoint(url).set_project("p").set_key(SECRET)
        with pytest.raises(sdk.AppwriteException) as caught:
            sdk.Functions(client).get_execution("f", "e")
        assert caught.value.code == 0
        assert SECRET not in f"{caught.value!r} {caught.value.message}"


# -- what each call means on other lines ---------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_sdk_0_4_search_is_sent_where_the_line_has_it(version: str) -> None:
    with StandIn(version) as server:
        functions = sdk04(server.url)
        before = server.requests_seen
        if tuple(map(int, version.split(".")[:2])) < (1, 7):
            page = functions.list_executions(MIXED_FUNCTION_ID, search="695bf524543a8efcb11b")
            assert "695bf524543a8efcb11b" in [e["$id"] for e in page["executions"]]
        else:  # gone in 1.7: refused, naming the server, before the list is sent
            with pytest.raises(sdk_0_4.AppwriteException, match=version) as caught:
                functions.list_executions(MIXED_FUNCTION_ID, search="x")
            assert caught.value.code == 0
            assert server.requests_seen - before == 1  # the version probe only


@pytest.mark.parametrize("version", VERSIONS)
def test_sdk_16_create_answers_the_finished_execution_on_every_line(version: str) -> None:
    line = tuple(map(int, version.split(".")[:2]))
    with StandIn(version) as server:
        functions = sdk16(server.url)
        body = "" if line < (0, 8) else "{}"  # 0.7 takes no body
        done = functions.create_execution(MIXED_FUNCTION_ID, body=body)
        assert done.status in (sdk_16.ExecutionStatus.COMPLETED, sdk_16.ExecutionStatus.FAILED)
        queued = functions.create_execution(MIXED_FUNCTION_ID, body=body, xasync=True)
        assert queued.status in (sdk_16.ExecutionStatus.WAITING, sdk_16.ExecutionStatus.PROCESSING)
        assert functions.get_execution(MIXED_FUNCTION_ID, queued.id).id == queued.id


@pytest.mark.parametrize("version", [LEGACY, "1.3.8"])
def test_sdk_16_create_options_an_old_line_lacks_are_refused(version: str) -> None:
    with StandIn(version) as server:
        functions = sdk16(server.url)
        for options in ({"path": "/report"}, {"method": sdk_16.ExecutionMethod.GET}):
            before = server.requests_seen
            with pytest.raises(sdk_16.AppwriteException, match=version):
                functions.create_execution(MIXED_FUNCTION_ID, body="{}", **options)
            assert server.requests_seen - before <= 1  # at most the version probe
