"""No key, JWT or session ever shows, whatever fails; TLS is checked unless told not to.

The credentials are unique markers. Every public method runs, for each credential, on
each server version, through every error path we can cause: the faults of the fault
matrix, unknown ids, refused credentials, bad input, unsupported features, a wait that
times out, and servers or proxies that echo the request's headers back into an error
page, an error message, a redirect or a success body. Everything a user or a log could
see is collected: results' reprs, errors' str, repr, args, attributes and formatted
tracebacks, every log record at DEBUG from every logger (httpx and httpcore included),
the CLI's stdout and stderr (with and without --debug), the CLI's export file and sync
store, and a cassette recorded with the project's recorder. No marker may appear.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import logging
import pickle
import socket
import ssl
import threading
import traceback
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from appwrite_executions import AppwriteError, Client, NetworkError, RetryPolicy, _retry
from appwrite_executions import _transport as transport_module
from appwrite_standin import Reply, Request, StandIn
from test_faults import _TLS as SHARED_TLS
from test_faults import FAULTS, FaultyTransport, Plan, fault_hook

KEY = "KEYMARK-5d1e9b7a"
JWT = "JWTMARK.5d1e9b7a.SIGMARK"
SESSION = "SESSIONMARK-5d1e9b7a"
FRAGMENTS = ("KEYMARK", "JWTMARK", "SIGMARK", "SESSIONMARK", "5d1e9b7a")
"""Any of these in any output means a credential (or a piece of one) leaked."""
CREDENTIALS = {"key": KEY, "jwt": JWT, "session": SESSION}
LEGACY, MODERN = "0.9.4", "1.8.1"
FN = "reports"


def leaks(texts: list[str]) -> list[str]:
    return [t[:300] for t in texts if any(fragment in t for fragment in FRAGMENTS)]


# -- servers and proxies that echo what they were sent ----------------------------------------


def _sent_headers(request: Request) -> str:
    """The request's headers, Appwrite's first (so they make it into a short excerpt)."""
    ordered = sorted(request.headers, key=lambda pair: not pair[0].lower().startswith("x-"))
    return "\n".join(f"{name}: {value}" for name, value in ordered)


def echo_hook(request: Request) -> Reply | None:
    """Function ids named echo-* answer with the request's own headers in the answer."""
    headers = _sent_headers(request)
    secrets = " ".join(
        request.header(name) or ""
        for name in ("x-appwrite-key", "x-appwrite-jwt", "x-appwrite-session")
    )
    if "/echo-502" in request.path:
        page = f"<html><body><h1>502</h1><pre>{headers}</pre></body></html>"
        return Reply(502, page.encode(), content_type="text/html")
    if "/echo-400" in request.path:
        message = f"Invalid credential: {secrets}"
        return Reply(400, json.dumps({"message": message, "code": 400, "type": "x"}).encode())
    if "/echo-200" in request.path:
        return Reply(200, json.dumps({"debug": headers, "executions": secrets}).encode())
    if "/echo-redirect" in request.path:
        return Reply(302, b"", None, headers=(("Location", f"https://x.example/?k={secrets}"),))
    if "/echo-html" in request.path:
        return Reply(200, f"<html>{headers}</html>".encode(), content_type="text/html")
    return fault_hook(request)


ECHO_FUNCTIONS = ["echo-502", "echo-400", "echo-200", "echo-redirect", "echo-html"]


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, StandIn]]:
    """Per version, a server that takes the markers and one that refuses them."""
    with contextlib.ExitStack() as stack:
        found: dict[str, StandIn] = {}
        for version in (LEGACY, MODERN):
            found[version] = stack.enter_context(
                StandIn(version, key=KEY, jwt=JWT, session=SESSION, before_request=echo_hook)
            )
            found[f"{version}-refusing"] = stack.enter_context(StandIn(version))
        yield found


@pytest.fixture(scope="module")
def sockets() -> Iterator[tuple[int, int]]:
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))
    blackhole = socket.create_server(("127.0.0.1", 0), backlog=256)
    with refused, blackhole:
        yield refused.getsockname()[1], blackhole.getsockname()[1]


# -- every public method ----------------------------------------------------------------------

Call = Callable[[Client, str, str], Any]
CALLS: dict[str, Call] = {
    "server_version": lambda c, fn, ex: c.server_version,
    "api": lambda c, fn, ex: c.api,
    "list": lambda c, fn, ex: c.list_executions(fn),
    "list_search": lambda c, fn, ex: c.list_executions(fn, search="x", status="failed"),
    "iterate": lambda c, fn, ex: list(c.iter_executions(fn, page_size=100)),
    "get": lambda c, fn, ex: c.get_execution(fn, ex),
    "create": lambda c, fn, ex: c.create_execution(fn, "{}"),
    "create_full": lambda c, fn, ex: c.create_execution(
        fn, "{}", async_=True, path="/x", method="PUT", headers={"x-a": "b"}
    ),
    "wait": lambda c, fn, ex: c.wait_for_execution(fn, ex, timeout=0, poll_interval=0),
    "delete": lambda c, fn, ex: c.delete_execution(fn, ex),
    "bad_input": lambda c, fn, ex: c.get_execution(fn, "../" + ex),
    "repr": lambda c, fn, ex: (repr(c), repr(c._transport)),
}


TARGETED = {"list", "list_search", "iterate", "get", "create", "create_full", "wait", "delete"}
"""The calls whose outcome depends on the function and execution they name."""


def outputs_of(call: Callable[[], Any]) -> list[str]:
    """Everything a user could print of a call's result or error."""
    try:
        result = call()
    except AppwriteError as error:
        return [
            str(error),
            repr(error),
            repr(error.args),
            repr(vars(error)),
            "".join(traceback.format_exception(error)),
            pickle.dumps(error).decode("latin-1"),
        ]
    texts = [repr(result)]
    items = result if isinstance(result, list) else [result]
    for item in items:
        if hasattr(item, "to_dict"):
            texts.append(json.dumps(item.to_dict()))
    return texts


def log_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return [formatter.format(record) for record in caplog.records]


def shared_http() -> httpx.Client:
    """One connection pool for many clients: building one per client costs 50 ms."""
    return httpx.Client(transport=httpx.HTTPTransport(verify=SHARED_TLS))


def client_for(server: StandIn, kind: str, **options: Any) -> Client:
    return Client(
        server.url,
        project=server.project,
        retries=RetryPolicy(retries=1, sleep=lambda s: None),
        **{kind: CREDENTIALS[kind]},
        **options,
    )


VERSIONS = pytest.mark.parametrize("version", [LEGACY, MODERN], ids=["0.9", "1.8"])
KINDS = pytest.mark.parametrize("kind", list(CREDENTIALS))


@VERSIONS
@KINDS
def test_every_method_on_every_plain_error_path_keeps_secrets(
    servers: dict[str, StandIn], version: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    server = servers[version]
    server.reset()
    seen: list[str] = []
    targets = [(FN, server.executions(FN)[3]["$id"]), ("no-such-function", "no-such-execution")]
    targets += [(fn, "x") for fn in ECHO_FUNCTIONS]
    with caplog.at_level(logging.DEBUG), shared_http() as http:
        for name, call in CALLS.items():
            for fn, ex in targets if name in TARGETED else targets[:1]:
                for host in (server, servers[f"{version}-refusing"]):
                    with client_for(host, kind, http_client=http) as client:
                        seen += outputs_of(partial(call, client, fn, ex))
                        seen.append(repr(client))
    seen += log_texts(caplog)
    assert len(seen) > 200
    assert leaks(seen) == []


@VERSIONS
def test_every_method_through_every_fault_keeps_secrets(
    servers: dict[str, StandIn],
    sockets: tuple[int, int],
    version: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = servers[version]
    server.reset()
    target = server.executions(FN)[5]["$id"]
    seen: list[str] = []
    with caplog.at_level(logging.DEBUG):
        for number, fault in enumerate(FAULTS):
            kind = list(CREDENTIALS)[number % len(CREDENTIALS)]  # each kind meets many faults
            # a stall costs its timeout: two calls (one retried, one not) say what it says
            calls = [CALLS["list"], CALLS["create"]] if fault.name == "stall" else CALLS.values()
            for call in calls:
                transport = FaultyTransport(*sockets)
                transport.plan = Plan(fault, lambda r: "/health/" not in r.url.path)
                with (
                    httpx.Client(transport=transport) as http,
                    client_for(server, kind, http_client=http, server_version=version) as client,
                ):
                    seen += outputs_of(partial(call, client, FN, target))
    seen += log_texts(caplog)
    assert any("HTTP Request" in text for text in seen), "httpx's own logs were captured"
    assert leaks(seen) == []


def test_echoed_secrets_are_masked_not_just_absent(servers: dict[str, StandIn]) -> None:
    """The echo paths really carried the key: the masking is what kept it out."""
    with client_for(servers[MODERN], "key", server_version=MODERN) as client:
        with pytest.raises(AppwriteError) as echoed:
            client.list_executions("echo-400")
        with pytest.raises(AppwriteError) as page:
            client.list_executions("echo-502")
    assert "Invalid credential: ***" in echoed.value.message
    assert "x-appwrite-key: ***" in (page.value.excerpt or "").lower()


# -- credentials that cannot travel ------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CREDENTIALS))
@pytest.mark.parametrize("bad", ["\n", "\r\n", "\x00", "é", "\x7f"], ids=repr)
def test_a_credential_that_cannot_be_a_header_is_refused_without_echo(kind: str, bad: str) -> None:
    secret = CREDENTIALS[kind] + bad
    with pytest.raises(AppwriteError) as caught:
        Client("http://appwrite.invalid/v1", project="p", **{kind: secret})
    texts = [
        str(caught.value),
        repr(caught.value),
        "".join(traceback.format_exception(caught.value)),
    ]
    assert caught.value.argument == kind
    assert leaks(texts) == []


# -- the CLI ------------------------------------------------------------------------------------


def cli_commands(tmp: Path, fn: str, ex: str) -> dict[str, list[str]]:
    return {
        "version": ["version", "--json"],
        "list": ["list", fn, "--json", "--status", "failed", "--search", "x"],
        "get": ["get", fn, ex, "--legacy-json"],
        "create": ["create", fn, "--body", "{}"],
        "create-full": ["create", fn, "--body", "{}", "--header", "x-a:b", "--async"],
        "wait": ["wait", fn, ex, "--timeout", "0", "--interval", "0"],
        "delete": ["delete", fn, ex],
        "export": ["export", fn, "--out", str(tmp / "out.jsonl")],
        "sync": ["sync", "--function", fn, "--db", str(tmp / "store.sqlite")],
    }


@pytest.mark.parametrize(("version", "kind"), [(LEGACY, "key"), (MODERN, "jwt"), (MODERN, "key")])
def test_every_cli_command_on_every_error_path_keeps_secrets(
    servers: dict[str, StandIn],
    sockets: tuple[int, int],
    version: str,
    kind: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from appwrite_executions.cli import main  # noqa: PLC0415 - written concurrently

    monkeypatch.setattr(_retry.time, "sleep", lambda seconds: None)  # retries, unslept
    server = servers[version]
    server.reset()
    refused, blackhole = sockets
    variable = "APPWRITE_KEY" if kind == "key" else "APPWRITE_JWT"
    execution = server.executions(FN)[3]["$id"]
    every = list(cli_commands(tmp_path, FN, execution))
    reading = ["list", "get", "create", "export", "sync"]
    unreachable = ["version", "list", "export", "sync"]
    good, refusing = server.url, servers[f"{version}-refusing"].url
    # (endpoint, function, execution, commands, flags): every command on the success
    # and not-found paths, the reading ones on every echo, the first ones elsewhere
    plan: list[tuple[str, str, str, list[str], list[str]]] = [
        (good, FN, execution, every, []),
        (good, FN, execution, every, ["--debug"]),
        (good, "no-such-function", "nope", every, ["--debug"]),
        *[(good, fn, "x", reading, ["--debug"]) for fn in ECHO_FUNCTIONS],
        (refusing, FN, execution, unreachable, ["--debug"]),
        (f"http://127.0.0.1:{refused}/v1", FN, execution, unreachable, ["--debug"]),
        (f"http://127.0.0.1:{blackhole}/v1", FN, execution, unreachable, ["--debug"]),
    ]
    seen: list[str] = []
    runs = 0
    flag = "--key" if kind == "key" else "--jwt"
    with caplog.at_level(logging.DEBUG):
        for endpoint, fn, ex, names, options in plan:
            env = {"APPWRITE_ENDPOINT": endpoint, "APPWRITE_PROJECT": server.project}
            flags = list(options)
            if endpoint == good and fn == "echo-502":
                flags += [flag, CREDENTIALS[kind]]  # the credential as a flag
            else:
                env[variable] = CREDENTIALS[kind]
            commands = cli_commands(tmp_path, fn, ex)
            for name in names:
                stdout, stderr = io.StringIO(), io.StringIO()
                wait = "0.05" if endpoint.endswith(f":{blackhole}/v1") else "10"
                argv = [*commands[name], *flags, "--request-timeout", wait]
                main(argv, stdout=stdout, stderr=stderr, env=env)
                seen += [stdout.getvalue(), stderr.getvalue()]
                runs += 1
    for written in tmp_path.rglob("*"):
        if written.is_file():
            seen.append(written.read_bytes().decode("utf-8", "replace"))
    seen += log_texts(caplog)
    assert runs == 2 * len(every) + len(every) + 5 * len(reading) + 3 * len(unreachable)
    assert any("Traceback" in text for text in seen), "--debug tracebacks were captured"
    assert leaks(seen) == []


# -- cassettes ---------------------------------------------------------------------------------


@VERSIONS
def test_a_recorded_cassette_holds_no_secret(
    servers: dict[str, StandIn], version: str, tmp_path: Path
) -> None:
    from recording.vcr_config import Scrubber, recorder  # noqa: PLC0415

    server = servers[version]
    server.reset()
    vcr = recorder(tmp_path, Scrubber(server.url, server.project, hide_project=False))
    ex = server.executions(FN)[2]["$id"]
    for kind in ("key", "jwt"):
        with (
            vcr.use_cassette(f"{kind}.yaml"),
            shared_http() as http,
            client_for(server, kind, http_client=http) as client,
        ):
            for call in CALLS.values():
                for fn, execution in ((FN, ex), ("no-such-function", "nope")):
                    outputs_of(partial(call, client, fn, execution))
    other = servers[f"{version}-refusing"]  # refuses the markers: 401s recorded too
    refusing = recorder(tmp_path, Scrubber(other.url, other.project, hide_project=False))
    with refusing.use_cassette("refused.yaml"), client_for(other, "key") as client:
        outputs_of(partial(client.list_executions, FN))
    texts = [path.read_text() for path in tmp_path.glob("*.yaml")]
    assert len(texts) == 3 and all("interactions" in text for text in texts)
    assert leaks(texts) == []


# -- TLS ----------------------------------------------------------------------------------------

# A self-signed certificate for 127.0.0.1 (valid to 2126), made for this test only.
CERTIFICATE = """\
-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUTSF58T8Sts3bx2Yd+Na5BVyXog8wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyODA5NTc1NVoYDzIxMjYxMTA0
MDk1NzU1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAR/5sIKtUiUWMNG/lhpuAKpjZaNj1qYNvF09OK+rzZFqNXR1IuPckrZ
8UcStRaqcoQXlQ1sbljt3nnmOGKs3ZV2o2QwYjAdBgNVHQ4EFgQU1w5zpqL2VLOI
x0FbkaoVyNzmjoQwHwYDVR0jBBgwFoAU1w5zpqL2VLOIx0FbkaoVyNzmjoQwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQCmGTONSE08gNrBd8bVC2hIUhoa3e/DVMYpAB6c1AVHOAIgKUUoYDonx+RgsLcS
z5b+CdPFC8xKQGnmcTxr6UHVrEU=
-----END CERTIFICATE-----
"""
PRIVATE_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5K5Mg1Q21o3fu18B
KVHiy2coOp+OTWhpR0LfrfPPCiWhRANCAAR/5sIKtUiUWMNG/lhpuAKpjZaNj1qY
NvF09OK+rzZFqNXR1IuPckrZ8UcStRaqcoQXlQ1sbljt3nnmOGKs3ZV2
-----END PRIVATE KEY-----
"""


class _Healthy(http.server.BaseHTTPRequestHandler):
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
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An HTTPS server whose certificate no public authority signed."""
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_text(CERTIFICATE)
    (folder / "key.pem").write_text(PRIVATE_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Healthy)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/v1", folder / "cert.pem"
    finally:
        server.shutdown()
        server.server_close()


def test_tls_is_verified_by_default(tls_server: tuple[str, Path]) -> None:
    url, _ = tls_server
    sleeps: list[float] = []
    client = Client(url, project="p", key=KEY, retries=RetryPolicy(sleep=sleeps.append))
    with client, pytest.raises(NetworkError) as caught:
        _ = client.server_version
    assert "TLS certificate verification failed" in str(caught.value)
    assert "verify=" in str(caught.value)
    assert sleeps == [], "a certificate does not fix itself: no retry"
    assert leaks([str(caught.value), repr(caught.value)]) == []


def test_tls_with_the_signing_certificate_works(tls_server: tuple[str, Path]) -> None:
    url, certificate = tls_server
    with Client(url, project="p", key=KEY, verify=str(certificate)) as client:
        assert client.server_version == "1.8.1"


def test_turning_tls_checks_off_needs_the_flag_and_warns_once(
    tls_server: tuple[str, Path], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport_module, "_insecure_warned", False)
    url, _ = tls_server
    with caplog.at_level(logging.WARNING, logger="appwrite_executions"):
        for _ in range(3):
            with Client(url, project="p", key=KEY, verify=False) as client:
                assert client.server_version == "1.8.1"
    warnings = [r for r in caplog.records if "verification is off" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert leaks(log_texts(caplog)) == []


def test_a_password_in_the_endpoint_is_refused_and_never_shown(tmp_path: Path) -> None:
    """A proxy's user:password@ in the endpoint would show in reprs, errors and the
    CLI's output; it is refused, in words that leave the password out."""
    from appwrite_executions import InvalidArgument  # noqa: PLC0415
    from appwrite_executions.cli import main  # noqa: PLC0415

    endpoint = "https://proxy-user:PROXY-PASSWORD-123@appwrite.example/v1"
    with pytest.raises(InvalidArgument) as caught:
        Client(endpoint, project="p", key="k")
    texts = [
        str(caught.value),
        repr(caught.value),
        "".join(traceback.format_exception(caught.value)),
    ]
    assert "http_client" in texts[0]
    out, err = io.StringIO(), io.StringIO()
    env = {"APPWRITE_ENDPOINT": endpoint, "APPWRITE_PROJECT": "p", "APPWRITE_KEY": "k"}
    code = main(["version"], stdout=out, stderr=err, env=env)
    assert code == 2
    texts += [out.getvalue(), err.getvalue()]
    assert "must not carry a user name or password" in err.getvalue()
    assert not [text for text in texts if "PROXY-PASSWORD-123" in text]
