"""The `requests.Session` spotipy is given for API requests, with less of requests' CPU per request.

A plain `Session.request` merges the session's settings, cookies, hooks and the environment into
every request, parses the URL it was given four times (requests' `prepare_url`, the adapter's
pool lookup and path, urllib3's check of the target), gives each answer to two cookie jars and
to the redirect machinery, and reads the body 10 KiB at a time: about a third of a Spotify
request's CPU in syncer, beyond what urllib3 itself takes.

`ApiSession` keeps requests' and urllib3's own code where the behaviour lives and skips the
repeated work around it:

- the environment's proxies (for the API's host: this session asks one) and CA bundle are read
  once, a `.netrc` is not read (the token authenticates), no cookie is kept or sent (the Web API
  sets none that matter; the jar refuses them all);
- a URL spotipy builds (http or https, a host, a port, a path of characters that need no
  quoting) is prepared by requests once and remembered with its pool key and path; the query,
  encoded as requests encodes it, is appended (the URL requests makes of the two);
- the request is prepared by requests (method, headers, body) and sent by the mounted adapter's
  own `HTTPAdapter.send` (urllib3's pool: keep-alive, TLS verification, timeouts, and urllib3's
  errors turned into `requests` exceptions), which `_LeanAdapter` spares only the URL parsing
  (and asks requests' TLS settings for the pool once per CA bundle setting); the answer is
  requests' `Response` with the same fields, its own cookie jar filled only when there is a
  `Set-Cookie`, a redirect followed by requests' `resolve_redirects`, the body read by
  requests' `iter_content` in one piece.

Anything else (cookies, files, auth, hooks, a proxy for the host, a query that is not a dict of
text and numbers, a URL of other characters, another adapter mounted...) takes requests' path.
`tests/spotify/test_api_session_wire.py` holds both paths to a plain `requests.Session` over
real HTTP: the same request on the wire, the same `Response`, the same exception.

Public API: `ApiSession`, `ApiResponse`, `encoded_params`.
"""

from __future__ import annotations

import functools
import http.cookiejar
import os
import re
import urllib.parse
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar
from requests.sessions import preferred_clock
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from syncer.spotify import headers as response_headers


class ApiSession(requests.Session):
    """The session spotipy is given for API requests (see the module's doc)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.trust_env = False
        self.proxies.update(requests.utils.get_environ_proxies(url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            self.verify = bundle
        self.cookies.set_policy(_NO_COOKIES)
        self.mount("https://", _LeanAdapter())
        self.mount("http://", _LeanAdapter())
        response_headers.install()  # response headers parsed without the email package when plain

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: Any = None,
        proxies: MutableMapping[str, str] | None = None,
        **other: Any,
    ) -> requests.Response:
        given = any(value is not None for value in other.values()) or proxies
        if given or self.auth or self.params or any(self.hooks.values()):
            response = super().request(
                method, url, params, data, headers, timeout=timeout, proxies=proxies, **other
            )
            response.__class__ = ApiResponse
            return response
        query = encoded_params(params or {})
        target = _target_of(url) if type(query) is str else None
        adapter = self.get_adapter(url)
        if target is None or type(adapter) is not _LeanAdapter or not self._lean_allowed():
            return self._prepared_send(method, url, query, data, headers, timeout)
        prepared = _LeanRequest(target, query)
        prepared.prepare_method(method.upper())
        prepared.prepare_headers({**self.headers, **(headers or {})})
        prepared.prepare_body(data or {}, None, None)
        return self._lean_send(adapter, prepared, timeout)

    def _prepared_send(
        self,
        method: str,
        url: str,
        query: Any,
        data: Any,
        headers: Mapping[str, str] | None,
        timeout: Any,
    ) -> requests.Response:
        """requests' own preparation of each part and `Session.send`, nothing merged in."""
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method.upper())
        prepared.prepare_url(url, query)
        prepared.prepare_headers({**self.headers, **(headers or {})})
        prepared.prepare_cookies(None)
        prepared.prepare_body(data or {}, None, None)
        prepared.prepare_auth(None, url)
        prepared.prepare_hooks(None)
        response = self.send(
            prepared,
            timeout=timeout,
            allow_redirects=True,
            proxies=self.proxies,
            stream=False,
            verify=self.verify,
            cert=self.cert,
        )
        response.__class__ = ApiResponse
        return response

    def _lean_send(
        self, adapter: _LeanAdapter, prepared: _LeanRequest, timeout: Any
    ) -> requests.Response:
        """`Session.send` for a request with no hooks, no cookies and no proxy: the adapter's
        `send`, the time taken, requests' redirects if the answer is one, the body read."""
        settings: dict[str, Any] = {
            "stream": False,
            "timeout": timeout,
            "verify": self.verify,
            "cert": self.cert,
            "proxies": self.proxies,
        }
        start = preferred_clock()
        response = adapter.send(prepared, **settings)
        response.elapsed = timedelta(seconds=preferred_clock() - start)
        if response.is_redirect:
            history = [response, *self.resolve_redirects(response, prepared, **settings)]
            response = history.pop()
            response.history = history
        _read_body(response)
        return response

    def _lean_allowed(self) -> bool:
        """Whether no proxy applies to any URL (`select_proxy` never picks "no") and the jar
        still refuses every cookie (so `Session.send` would keep none)."""
        no_proxy = not self.proxies or self.proxies.keys() <= {"no"}
        return no_proxy and self.cookies.get_policy() is _NO_COOKIES


def _read_body(response: requests.Response) -> None:
    """`response.content`, read in one piece where requests reads 10 KiB at a time: the same
    bytes, decoded the same way, and urllib3's errors turned into the same requests exceptions
    (requests' own `iter_content`)."""
    if response._content is False:  # type: ignore[comparison-overlap]  # not read yet
        response._content = b"".join(response.iter_content(None)) or b""
    response._content_consumed = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Target:
    """A URL as requests prepares it, with what the adapter would parse it again for."""

    url: str
    path_url: str
    host: tuple[str, str | None, int | None]  # scheme, host and port, as requests reads them


# An absolute http(s) URL of a name or address, an optional port and a path of characters that
# need no quoting (RFC 3986's unreserved and sub-delims, ":", "@", "/"): no "%", "?" or "#", so
# requests prepares it with a query as it prepares it alone, followed by the query.
_PLAIN_URL = re.compile(
    r"(?i:https?)://[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]{1,5})?/[\w.~!$&'()*+,;=:@/-]*", re.ASCII
)


@functools.lru_cache(maxsize=1024)
def _target_of(url: str) -> _Target | None:
    """The prepared form of `url` when it is a plain one, else None (requests' full path)."""
    if not _PLAIN_URL.fullmatch(url):
        return None
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, None)
    assert prepared.url is not None
    parsed = urllib.parse.urlparse(prepared.url)
    host = (parsed.scheme.lower(), parsed.hostname, parsed.port)
    return _Target(prepared.url, prepared.path_url, host)


class _LeanRequest(requests.PreparedRequest):
    """A request whose URL is a plain one with an encoded query appended."""

    url: str

    def __init__(self, target: _Target, query: str) -> None:
        super().__init__()
        self.target = target
        self.path = target.path_url + "?" + query if query else target.path_url
        self.url = target.url + "?" + query if query else target.url
        # What `prepare_cookies(None)` leaves: an empty jar of its own (read only by a redirect's
        # copy) and no Cookie header, without asking the empty jar for one.
        self._cookies = requests.cookies.RequestsCookieJar()


class _LeanAdapter(HTTPAdapter):
    """requests' adapter, told a `_LeanRequest`'s pool and path instead of parsing its URL."""

    def __init__(self) -> None:
        super().__init__()
        self._known_pool_kwargs: dict[bool | str, Any] = {}

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: Any = None,
    ) -> Any:
        if type(request) is not _LeanRequest or (proxies and proxies.keys() - {"no"}):
            return super().get_connection_with_tls_context(request, verify, proxies, cert)
        scheme, host, port = request.target.host
        pool_kwargs = self._pool_kwargs(request, verify, cert)
        return self.poolmanager.connection_from_host(host, port, scheme, pool_kwargs=pool_kwargs)

    def _pool_kwargs(self, request: requests.PreparedRequest, verify: Any, cert: Any) -> Any:
        """requests' TLS settings for the pool (`build_connection_pool_key_attributes`), which
        depend on `verify`, `cert` and, for a CA bundle path, whether it is a directory, not on
        the URL: asked once for each. requests looks at the path on disk for every request; here
        once per adapter (a `stat` per request hands the interpreter to another thread and
        back; a bundle that turns from a file into a directory mid-run is not followed)."""
        if cert is not None or type(verify) not in (bool, str):
            return self.build_connection_pool_key_attributes(request, verify, cert)[1]
        known = self._known_pool_kwargs.get(verify)
        if known is None:
            known = self.build_connection_pool_key_attributes(request, verify, cert)[1]
            self._known_pool_kwargs[verify] = known
        return dict(known)

    def request_url(
        self, request: requests.PreparedRequest, proxies: Mapping[str, str] | None
    ) -> str:
        if type(request) is not _LeanRequest or (proxies and proxies.keys() - {"no"}):
            return super().request_url(request, proxies)
        return request.path

    def build_response(self, req: requests.PreparedRequest, resp: Any) -> requests.Response:
        if type(req) is not _LeanRequest:
            return super().build_response(req, resp)
        response = ApiResponse()
        response.status_code = resp.status
        headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
        for name, value in resp.headers.itermerged():  # as `CaseInsensitiveDict(resp.headers)`
            headers[name] = value
        response.headers = headers
        response.encoding = _encoding_of(headers.get("content-type"))
        response.raw = resp
        response.reason = resp.reason
        response.url = req.url
        if "set-cookie" in resp.headers:  # a jar of its own, as requests fills for every answer
            extract_cookies_to_jar(response.cookies, req, resp)  # type: ignore[no-untyped-call]
        response.request = req
        response.connection = self
        return response


@functools.lru_cache(maxsize=64)
def _encoding_of(content_type: str | None) -> str | None:
    """`get_encoding_from_headers` of headers with this Content-Type (the only one it reads)."""
    if not content_type:
        return None
    return get_encoding_from_headers(CaseInsensitiveDict({"content-type": content_type}))


def encoded_params(params: Any) -> Any:
    """The query requests would make of `params` (`RequestEncodingMixin._encode_params`: None
    values left out, the others UTF-8, `urlencode`), for a dict of text keys and text or number
    values (all spotipy passes); anything else as it is, for requests to encode. requests
    treats a string as already encoded, and skips its own encoding's checks (against protocols
    checked at run time: a twentieth of a request's CPU)."""
    if type(params) is not dict:
        return params
    pairs: list[str] = []
    for key, value in params.items():
        if value is None:
            continue
        kind = type(value)
        if type(key) is not str or kind not in _SCALARS:
            return params
        pairs.append(_quoted_key(key) + "=" + _quoted_value(value, kind))
    return "&".join(pairs)


def _quoted_value(value: Any, kind: type) -> str:
    """What `urlencode` makes of one value: `quote_plus` of its UTF-8 text, or of `str(value)`
    for a number, whose digits, signs and letters need no quoting unless a float's exponent has a
    "+" (`urlencode` tries `len(value)` first: an exception raised and caught per number)."""
    if kind is int or kind is bool:
        return str(value)
    return urllib.parse.quote_plus(value if kind is str else str(value))


_quoted_key = functools.lru_cache(maxsize=256)(urllib.parse.quote_plus)
_SCALARS = frozenset({str, int, float, bool})


class ApiResponse(requests.Response):
    """requests' response, its JSON object an `Answer`."""

    def json(self, **kwargs: Any) -> Any:
        value = super().json(**kwargs)
        return Answer(value) if type(value) is dict else value


class Answer(dict[str, Any]):
    """A decoded JSON object that an f-string names in a few characters.

    spotipy formats every answer it decodes into a debug line (`f"RESULTS: {results}"`), which
    Python builds whether or not debug logging is on: a search's ten tracks written out as text,
    about a tenth of syncer's CPU per request. `repr` and `str` still give the whole object."""

    def __format__(self, spec: str) -> str:
        return f"<JSON object, {len(self)} keys>" if not spec else super().__format__(spec)


_NO_COOKIES = http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
