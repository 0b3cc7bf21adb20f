"""On the wire, the API session's short path answers and fails as requests' full path does.

`ApiSession` sends a request of plain parts (a URL of plain characters, a dict query, text
headers, a text body, no cookies, proxies or hooks) without requests' per-request merging and
re-parsing; everything is compared here with a plain `requests.Session` against a real server
on 127.0.0.1: what the server received, and the `Response` spotipy reads (status, reason,
headers, URL, encoding, body, cookies, redirects), or the `requests` exception raised, which
spotipy and the retry layer classify.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from syncer.spotify.api_session import ApiSession, _LeanRequest, _target_of

SPOTIPY_HEADERS = {
    "Authorization": "Bearer T0KEN",
    "Content-Type": "application/json",
    "Accept-Language": "ja",
}
ERROR = {"error": {"status": 0, "message": "no"}}


class Handler(BaseHTTPRequestHandler):
    """Answers by path: `/v1/echo...` echoes the request; the others answer or fail one way."""

    protocol_version = "HTTP/1.1"  # keep-alive, as Spotify
    server: Server

    def do_GET(self) -> None:
        self.answer()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    def answer(self) -> None:
        received = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        name = self.path.split("?")[0].removeprefix("/v1/").split("/")[0]
        route = ROUTES.get(name, echo)
        route(self, received)

    def send(self, status: int, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response(status)
        for header in headers:
            self.send_header(*header)
        if not any(name.lower() == "transfer-encoding" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return "Mon, 07 Dec 2026 04:00:00 GMT"  # the same for both sides

    def version_string(self) -> str:
        return "wire-test"

    def log_message(self, *args: Any) -> None:
        pass


JSON = ("Content-Type", "application/json; charset=utf-8")


def echo(handler: Handler, received: bytes) -> None:
    heard = {
        "method": handler.command,
        "target": handler.path,
        "headers": list(handler.headers.items()),
        "body": received.decode("utf-8"),
    }
    handler.send(200, json.dumps(heard, ensure_ascii=False).encode("utf-8"), JSON)


def peer(handler: Handler, received: bytes) -> None:
    handler.send(200, json.dumps(handler.client_address[1]).encode(), JSON)


def status(handler: Handler, received: bytes) -> None:
    code = int(handler.path.split("?")[0].rsplit("/", 1)[1])
    extra = [("Retry-After", "7")] if code == 429 else []
    handler.send(code, json.dumps(ERROR).encode(), JSON, *extra)


def gzipped(handler: Handler, received: bytes) -> None:
    body = gzip.compress(json.dumps({"tracks": ["夜に駆ける"] * 50}).encode())
    handler.send(200, body, JSON, ("Content-Encoding", "gzip"))


def deflated(handler: Handler, received: bytes) -> None:
    body = zlib.compress(b'{"deflated": true}')
    handler.send(200, body, JSON, ("Content-Encoding", "deflate"))


def chunked(handler: Handler, received: bytes) -> None:
    handler.send(200, b"", JSON, ("Transfer-Encoding", "chunked"))
    for part in (b'{"a": ', b'"chunked', b'"}'):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
    handler.wfile.write(b"0\r\n\r\n")


def redirect(handler: Handler, received: bytes) -> None:
    handler.send(302, b"", ("Location", "/v1/echo?from=redirect"))


def cookie(handler: Handler, received: bytes) -> None:
    handler.send(200, b"{}", JSON, ("Set-Cookie", "sp_t=abc; Path=/"))


def text(handler: Handler, received: bytes) -> None:
    handler.send(200, "café, not JSON".encode("latin-1"), ("Content-Type", "text/plain"))


def no_content(handler: Handler, received: bytes) -> None:
    handler.send_response(204)
    handler.end_headers()


def cut(handler: Handler, received: bytes) -> None:
    """Promises 100 bytes, sends 10 and hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b'{"tracks":')
    handler.close_connection = True


def cut_chunked(handler: Handler, received: bytes) -> None:
    handler.send(200, b"", JSON, ("Transfer-Encoding", "chunked"))
    handler.wfile.write(b'a\r\n{"tracks":\r\n')
    handler.close_connection = True


def bad_chunk(handler: Handler, received: bytes) -> None:
    handler.send(200, b"", JSON, ("Transfer-Encoding", "chunked"))
    handler.wfile.write(b"zz\r\n{}\r\n0\r\n\r\n")
    handler.close_connection = True


def bad_gzip(handler: Handler, received: bytes) -> None:
    handler.send(200, b"not gzip at all", JSON, ("Content-Encoding", "gzip"))


def silent(handler: Handler, received: bytes) -> None:
    """Never answers (until the test's server stops)."""
    handler.server.stopping.wait(10)
    handler.close_connection = True


def stalls_in_body(handler: Handler, received: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b'{"tracks":')
    handler.wfile.flush()
    handler.server.stopping.wait(10)
    handler.close_connection = True


ROUTES: dict[str, Callable[[Handler, bytes], None]] = {
    "status": status,
    "peer": peer,
    "gzip": gzipped,
    "deflate": deflated,
    "chunked": chunked,
    "redirect": redirect,
    "cookie": cookie,
    "text": text,
    "no-content": no_content,
    "cut": cut,
    "cut-chunked": cut_chunked,
    "bad-chunk": bad_chunk,
    "bad-gzip": bad_gzip,
    "silent": silent,
    "stalls-in-body": stalls_in_body,
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    stopping = threading.Event()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = Server(("127.0.0.1", 0), Handler)
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def plain_session() -> requests.Session:
    """requests' full path, as a session of its own would take it."""
    session = requests.Session()
    session.trust_env = False
    return session


def answer_fields(response: requests.Response) -> dict[str, Any]:
    sent = response.request
    return {
        "status": response.status_code,
        "reason": response.reason,
        "headers": dict(response.headers),
        "url": response.url,
        "encoding": response.encoding,
        "body": response.content,
        "cookies": response.cookies.get_dict(),
        "history": [(r.status_code, r.url) for r in response.history],
        "sent": (sent.method, sent.url, dict(sent.headers), sent.body),
    }


Call = tuple[str, str, dict[str, Any]]  # method, path, the keywords spotipy passes
NOT_PLAIN_PATH = "echo/a b/%7Eme/é"  # requests quotes it: the short path leaves it to requests

ANSWERS: dict[str, Call] = {
    "search": (
        "GET",
        "search",
        {
            "params": {
                "q": 'track:"夜に駆ける" artist:"YOASOBI" NOT live',
                "limit": 10,
                "offset": 0,
                "type": "track",
                "market": "JP",
            }
        },
    ),
    "odd-query": (
        "GET",
        "echo",
        {"params": {"q": "a&b=c %20+d/é~\n#?%zz \U0001f3b5", "f": 1e20, "n": -1, "t": True}},
    ),
    "no-query": ("GET", "echo", {}),
    "all-none": ("GET", "echo", {"params": {"market": None}}),
    "path-with-marks": ("GET", "echo/p1;x=1,2/items:all@~", {"params": {"limit": 50}}),
    "not-plain-path-falls-back": ("GET", NOT_PLAIN_PATH, {"params": {"q": "x"}}),
    "post-json": ("POST", "echo", {"data": json.dumps({"name": "泣ける", "public": False})}),
    "post-empty": ("POST", "echo", {}),
    "put": ("PUT", "echo", {"data": json.dumps({"range_start": 1, "insert_before": 0})}),
    "delete-with-body": ("DELETE", "echo", {"data": json.dumps({"items": [{"uri": "u"}]})}),
    "head": ("HEAD", "echo", {}),
    "404": ("GET", "status/404", {}),
    "500": ("GET", "status/500", {}),
    "429-retry-after": ("GET", "status/429", {}),
    "gzip": ("GET", "gzip", {}),
    "deflate": ("GET", "deflate", {}),
    "chunked": ("GET", "chunked", {}),
    "redirect": ("GET", "redirect", {"params": {"q": "x"}}),
    "set-cookie": ("GET", "cookie", {}),
    "text-no-charset": ("GET", "text", {}),
    "no-content": ("PUT", "no-content", {"data": "{}"}),
}


def call(session: requests.Session, base: str, spec: Call, **extra: Any) -> requests.Response:
    method, path, keywords = spec
    return session.request(
        method,
        base + path,
        headers=dict(SPOTIPY_HEADERS),
        timeout=extra.pop("timeout", (2, 5)),
        **keywords,
        **extra,
    )


@pytest.mark.parametrize("spec", ANSWERS.values(), ids=ANSWERS.keys())
def test_the_short_path_answers_as_requests_full_path(base: str, spec: Call) -> None:
    session = ApiSession(base)

    short = call(session, base, spec)
    again = call(session, base, spec)  # on a kept-alive connection
    full = call(plain_session(), base, spec)

    assert answer_fields(short) == answer_fields(full)
    assert answer_fields(again) == answer_fields(full)
    first_request = (short.history[0] if short.history else short).request
    assert isinstance(first_request, _LeanRequest) == (spec[1] != NOT_PLAIN_PATH)


def test_connections_are_kept_alive_and_dropped_with_the_sessions_pools(base: str) -> None:
    def client_ports(session: requests.Session) -> list[int]:
        """The client port of three requests: the third after the session's `close()`."""
        ports = [call(session, base, ("GET", "peer", {})).json() for _ in range(2)]
        session.close()  # the adapter's pool manager forgets its pools
        return [*ports, call(session, base, ("GET", "peer", {})).json()]

    def reused(ports: list[int]) -> tuple[bool, bool]:
        return ports[0] == ports[1], ports[1] == ports[2]

    short, full = client_ports(ApiSession(base)), client_ports(plain_session())

    assert reused(short) == reused(full) == (True, False)


def test_what_spotipy_reads_of_an_answer_is_the_same(base: str) -> None:
    spec = ANSWERS["429-retry-after"]

    short, full = call(ApiSession(base), base, spec), call(plain_session(), base, spec)

    assert (short.json(), short.headers["retry-after"], short.text) == (
        full.json(),
        full.headers["Retry-After"],
        full.text,
    )
    with pytest.raises(requests.HTTPError):
        short.raise_for_status()


def test_a_proxy_for_the_host_takes_requests_full_path_through_it(
    base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The environment's proxy for the API's host, read when the session is made, is used as
    requests uses it (the test server stands in for the proxy; the host is never looked up)."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", base.removesuffix("/v1/"))
    api = "http://api.spotify.invalid/v1/"
    full = plain_session()
    full.proxies = {"http": base.removesuffix("/v1/")}

    short = call(ApiSession(api), api, ANSWERS["search"])

    assert answer_fields(short) == answer_fields(call(full, api, ANSWERS["search"]))
    assert short.json()["target"].startswith(api + "search?q=track")
    assert not isinstance(short.request, _LeanRequest)


def refused_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


FAILURES: dict[str, tuple[Call, type[Exception]]] = {
    "read-timeout": (("GET", "silent", {}), requests.ReadTimeout),
    "cut-mid-body": (("GET", "cut", {}), requests.exceptions.ChunkedEncodingError),
    "cut-mid-chunks": (("GET", "cut-chunked", {}), requests.exceptions.ChunkedEncodingError),
    "bad-chunk-size": (("GET", "bad-chunk", {}), requests.exceptions.ChunkedEncodingError),
    "bad-gzip": (("GET", "bad-gzip", {}), requests.exceptions.ContentDecodingError),
    "stall-mid-body": (("GET", "stalls-in-body", {}), requests.ConnectionError),
}


@pytest.mark.parametrize(("spec", "expected"), FAILURES.values(), ids=FAILURES.keys())
def test_the_short_path_fails_as_requests_full_path(
    base: str, spec: Call, expected: type[Exception]
) -> None:
    def failure(session: requests.Session) -> type[Exception]:
        with pytest.raises(requests.RequestException) as raised:
            call(session, base, spec, timeout=(2, 0.3))
        return type(raised.value)

    assert failure(ApiSession(base)) is failure(plain_session()) is expected


def test_a_refused_connection_fails_as_on_requests_full_path() -> None:
    base = f"http://127.0.0.1:{refused_port()}/v1/"

    def failure(session: requests.Session) -> type[Exception]:
        with pytest.raises(requests.RequestException) as raised:
            call(session, base, ANSWERS["search"])
        return type(raised.value)

    assert failure(ApiSession(base)) is failure(plain_session()) is requests.ConnectionError


def test_a_header_requests_refuses_is_refused_on_the_short_path_too(base: str) -> None:
    def failure(session: requests.Session) -> type[Exception]:
        # InvalidHeader is a ValueError, which spotipy reads as "no JSON": the same on both.
        with pytest.raises(ValueError, match="Invalid leading whitespace") as raised:
            session.request("GET", base + "echo", headers={"Authorization": "Bearer a\r\nX: y"})
        return type(raised.value)

    assert (
        failure(ApiSession(base)) is failure(plain_session()) is requests.exceptions.InvalidHeader
    )


@pytest.mark.parametrize("verify", ["file", "directory", True, False])
@pytest.mark.parametrize("cert", [None, "client.pem", ("client.pem", "client.key")])
def test_the_short_path_gets_the_pool_requests_would_get(
    tmp_path: Path, verify: str | bool, cert: Any
) -> None:
    """The pool (host, port, TLS settings) is the one requests' own adapter picks, twice over
    (the second time from settings remembered), for each kind of CA bundle and client cert."""
    bundles = {"file": tmp_path / "ca.pem", "directory": tmp_path}
    bundles["file"].write_text("")
    verify = str(bundles[verify]) if isinstance(verify, str) else verify
    url = "https://api.spotify.invalid:8443/v1/search?q=x"

    def pool_settings(adapter: Any, sent: Any) -> list[Any]:
        pool = adapter.get_connection_with_tls_context(sent, verify, {}, cert)
        names = ("host", "port", "scheme", "ca_certs", "ca_cert_dir", "cert_reqs", "cert_file")
        return [type(pool), *(getattr(pool, name, None) for name in names)]

    short_adapter = ApiSession(url).get_adapter(url)
    target = _target_of(url.split("?")[0])
    assert target is not None
    full = requests.Request("GET", url).prepare()

    expected = pool_settings(requests.adapters.HTTPAdapter(), full)
    assert pool_settings(short_adapter, _LeanRequest(target, "q=x")) == expected
    assert pool_settings(short_adapter, _LeanRequest(target, "q=y")) == expected
