"""The review page's guard: who may talk to it, and what a page may load.

Public API: `Guard`, `new_token`.

The server listens on 127.0.0.1 only, but any local process and any web page the person has
open can reach 127.0.0.1. So, for every request (an ASGI middleware, in front of every route):
- the `Host` header must name this server (`127.0.0.1:<port>` or `localhost:<port>`): a page of
  another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name;
- the request must carry the session: either the one-time token of the printed address (spent
  at its first use and swapped for a cookie, then redirected to the address without it, so it
  stays out of history and logs) or that cookie (HttpOnly, SameSite=Strict);
- a change (POST; no other method changes anything) must come from this server's own page:
  `Origin` is required and must be this server's origin, and `Sec-Fetch-Site`, when the browser
  sends it, must say same-origin. Without this, any site could post a form here (CSRF).
Every answer forbids framing, sniffing, referrers to other sites and caching, and a Content-Security-Policy
allows scripts and styles from this server only and images from the cover hosts given.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SAFE_METHODS = frozenset({"GET", "HEAD"})
_CHANGE_METHODS = frozenset({"POST"})
TOKEN_PARAM = "token"


def new_token() -> str:
    """A fresh unguessable token (256 bits)."""
    return secrets.token_urlsafe(32)


class Guard:
    """ASGI middleware refusing every request that is not this page's (see the module doc)."""

    def __init__(
        self, app: ASGIApp, *, port: int, url_token: str, image_origins: Sequence[str] = ()
    ) -> None:
        self.app = app
        self.port = port
        self.cookie_name = f"syncer_review_{port}"  # cookies are per host, not per port
        self._url_token: str | None = url_token
        self._session = new_token()
        self._hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        images = " ".join(["'self'", "data:", *image_origins])
        self._headers = [
            (b"content-security-policy", _csp(images).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),  # no-referrer would make Origin "null"
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _plain(send, *refusal, extra=self._headers)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if TOKEN_PARAM in query:
            await self._exchange(scope, query, send)
            return

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._headers]
            await send(message)

        await self.app(scope, receive, guarded_send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        method = scope["method"]
        if headers.get("host") not in self._hosts:
            return 421, "This page answers only as 127.0.0.1 or localhost."
        if method not in _SAFE_METHODS | _CHANGE_METHODS:
            return 405, "Method not allowed."
        if not self._has_session(headers, scope):
            return 403, (
                "Open the address `syncer review --web` printed (it carries a one-time token); "
                "this browser has not been given access."
            )
        if method in _CHANGE_METHODS and not self._same_origin(headers):
            return 403, "Changes are accepted only from this page itself."
        return None

    def _has_session(self, headers: dict[str, str], scope: Scope) -> bool:
        cookie = SimpleCookie()
        cookie.load(headers.get("cookie", ""))
        morsel = cookie.get(self.cookie_name)
        if morsel is not None and hmac.compare_digest(morsel.value, self._session):
            return True
        given = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get(TOKEN_PARAM)
        return (
            scope["method"] == "GET"
            and given is not None
            and self._url_token is not None
            and hmac.compare_digest(given, self._url_token)
        )

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is None or origin.removeprefix("http://") not in self._hosts:
            return False
        if origin.removeprefix("http://") != headers.get("host"):
            return False
        return headers.get("sec-fetch-site", "same-origin") == "same-origin"

    async def _exchange(self, scope: Scope, query: dict[str, str], send: Send) -> None:
        """The printed address's token becomes the session cookie; the token is spent."""
        self._url_token = None
        rest = urlencode({k: v for k, v in query.items() if k != TOKEN_PARAM})
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = (f"{self.cookie_name}={self._session}; HttpOnly; SameSite=Strict; Path=/").encode()
        headers = [(b"location", location.encode()), (b"set-cookie", cookie), *self._headers]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def _csp(images: str) -> str:
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src {images}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


async def _plain(
    send: Send, status: int, text: str, *, extra: Sequence[tuple[bytes, bytes]]
) -> None:
    body = (text + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *extra]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
