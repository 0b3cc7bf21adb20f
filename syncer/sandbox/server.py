"""The sandbox server: a local Spotify Web API on 127.0.0.1, with faults and inspection.

Public API: `Sandbox`, `DEFAULT_USER_ID`, `DEFAULT_DISPLAY_NAME`, `DEFAULT_COUNTRY`.

    with Sandbox(catalog=load_catalog(path)) as sb:   # or profile="realistic"
        sp = spotipy.Spotify(auth=sb.issue_token(SCOPE)["access_token"])
        sp.prefix = sb.api_url

The default account is `sandbox-user` ("Sandbox User"); any client id and secret are accepted
unless the sandbox was started with specific ones. Inspection lives outside `/v1`, never faulted:
`GET /_sandbox/stats`, `POST /_sandbox/stats/reset`, `GET /_sandbox/playlists[/{id}]`,
`POST|DELETE /_sandbox/playlists/{id}/items?uri=…[&position=N]` (a hand edit, as in the Spotify
app), `DELETE /_sandbox/playlists/{id}` (the user deletes it: Spotify only unfollows it), `PUT /_sandbox/faults?spec=…` (empty spec turns faults off),
`POST /_sandbox/tokens/expire`, `POST /_sandbox/tokens/revoke`, `GET|POST /_sandbox/login-age`
(`{"days": N}`: the sandbox's logins become N days old; past six months Spotify ends a login),
`GET /_sandbox/covers/{album id}?size=N` (a generated album cover, SVG; see `syncer.sandbox.covers`),
`GET /_sandbox/tracks/{id}/provenance` (what a track is, for the evaluation only: `{"kind":
"original"}` for the catalog's own, else the generated track's `Provenance`: kind, parent_id,
label, placement, same_song; 404 for an id the API does not serve).

`profile` picks the search (`syncer.sandbox.search`): `simple` (the default) or `realistic`
(Spotify-like ranking, a synthetic crowd of versions and covers, word expansion, the
request's language only, markets, quoting quirk and limits). The account's `country`
(default JP) is what the realistic profile answers search and `/tracks` for.
"""

from __future__ import annotations

import logging
import math
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from syncer.model import TRACK_URI_RE, RequestCounter
from syncer.sandbox.broken import BrokenResponse, broken_answer
from syncer.sandbox.catalog import Catalog, CatalogTrack
from syncer.sandbox.faults import BROKEN_ANSWERS, Fault, FaultPlan, FaultSpec, WindowLimiter
from syncer.sandbox.library import Library, Playlist
from syncer.sandbox.routes import Request, Response, Route, build_router, error_response
from syncer.sandbox.routes.objects import LOCAL_URI_PREFIX
from syncer.sandbox.search import TrackSearch, make_search
from syncer.sandbox.tokens import TokenStore

_log = logging.getLogger(__name__)

DEFAULT_USER_ID = "sandbox-user"
DEFAULT_DISPLAY_NAME = "Sandbox User"
# The sandbox account's country: search and track lookups with its token answer for it (the
# `realistic` profile; /me does not show it, as Development Mode removed `country` there).
DEFAULT_COUNTRY = "JP"
_STATUS_FAULTS = {
    Fault.SERVER_500: (500, "Server error."),
    Fault.SERVER_502: (502, "Bad gateway."),
    Fault.SERVER_503: (503, "Service unavailable"),
    Fault.SERVER_504: (504, "Gateway timeout"),
}


class Sandbox:
    """A sandbox server and its account; start it, point spotipy at it, inspect, stop it."""

    def __init__(
        self,
        *,
        catalog: Catalog,
        faults: FaultSpec | None = None,
        state_file: Path | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_expires_in: int = 3600,
        port: int = 0,
        user_id: str = DEFAULT_USER_ID,
        display_name: str = DEFAULT_DISPLAY_NAME,
        apostrophe_quirk: bool = True,
        profile: str = "simple",
        country: str = DEFAULT_COUNTRY,
        clock: Callable[[], float] = time.time,
        login_age_days: float = 0.0,
    ) -> None:
        self.catalog = catalog
        self.profile = profile
        self.country = country
        self.search: TrackSearch = make_search(catalog, profile, apostrophe_quirk=apostrophe_quirk)
        self.user_id = user_id
        self._port = port
        self._clock = clock
        self._server: _QuietServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._counter = RequestCounter()
        self.library = Library(
            user_id=user_id, display_name=display_name, state_file=state_file, clock=clock
        )
        self.tokens = TokenStore(
            user_id=user_id,
            client_id=client_id,
            client_secret=client_secret,
            expires_in=token_expires_in,
            clock=clock,
        )
        self.tokens.set_login_age(login_age_days)
        self.api = build_router(
            search_engine=self.search,
            user_library=self.library,
            tokens=self.tokens,
            base_url=lambda: self.base_url,
            controls=self,
            country=country,
        )
        self._plan: FaultPlan | None = None
        self._limiter: WindowLimiter | None = None
        self.set_faults(faults)

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Bind 127.0.0.1:port (0 = ephemeral) and serve in a daemon thread."""
        self.search.prepare()
        handler = type("_BoundHandler", (_Handler,), {"sandbox": self})
        server = _QuietServer(("127.0.0.1", self._port), handler)
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The spotipy `prefix` (with its trailing slash)."""
        return self.base_url + "/v1/"

    @property
    def authorize_url(self) -> str:
        return self.base_url + "/authorize"

    @property
    def token_url(self) -> str:
        return self.base_url + "/api/token"

    # --- inspection and control -------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """API and accounts requests received per endpoint, keyed like "GET /v1/search"
        (faulted ones too; `/_sandbox` inspection is not counted)."""
        with self._counter._lock:
            return dict(self._counter.counts)

    def reset_stats(self) -> None:
        with self._counter._lock:
            self._counter.counts.clear()

    def set_faults(self, faults: FaultSpec | None) -> None:
        """Change the faults at run time (None turns them off); request numbering restarts."""
        self._plan = FaultPlan(faults) if faults else None
        self.library.snapshot_lag = faults.snapshot_lag if faults else 0
        self._limiter = (
            WindowLimiter(faults.window, faults.window_s)
            if faults is not None and faults.window is not None
            else None
        )

    def playlists(self) -> list[dict[str, Any]]:
        return [self.playlist_summary(p) for p in self.library.all()]

    def playlist_uris(self, playlist_id: str) -> list[str]:
        return self._playlist(playlist_id).uris

    def hand_add(self, playlist_id: str, uri: str, position: int | None = None) -> None:
        """Add a track as the user would in the Spotify app: a catalog track, or a local file
        (`spotify:local:{artist}:{album}:{title}:{seconds}`), which the API can neither add
        nor remove but serves in the playlist with `is_local: true`."""
        if TRACK_URI_RE.match(uri) is None and not uri.startswith(LOCAL_URI_PREFIX):
            raise ValueError(f"not a Spotify track URI: {uri!r}")
        self.library.add(self._playlist(playlist_id), [uri], position, self.user_id)

    def delete_playlist(self, playlist_id: str) -> None:
        """Delete a playlist as the user would in the app: Spotify only unfollows it."""
        self.library.unfollow(self._playlist(playlist_id))

    def hand_remove(self, playlist_id: str, uri: str) -> None:
        """Remove every occurrence of a track as the user would in the Spotify app."""
        self.library.remove(self._playlist(playlist_id), [uri])

    def create_foreign_playlist(
        self, name: str, owner_id: str = "someone-else", uris: Sequence[str] = ()
    ) -> str:
        """A playlist the user follows but neither owns nor collaborates on."""
        playlist = self.library.create(name, owner_id=owner_id)
        if uris:
            self.library.add(playlist, list(uris), None, owner_id)
        return playlist.id

    def issue_token(self, scope: str = "") -> dict[str, Any]:
        """A token_info dict like spotipy caches, for tests that skip the OAuth dance."""
        return self.tokens.issue(scope)

    def revoke_refresh_tokens(self) -> None:
        self.tokens.revoke_refresh_tokens()

    def expire_access_tokens(self) -> None:
        self.tokens.expire_access_tokens()

    def set_login_age(self, days: float) -> None:
        """Age the sandbox's logins (see `syncer.sandbox.tokens`)."""
        self.tokens.set_login_age(days)

    @property
    def login_age_days(self) -> float:
        return self.tokens.login_age_days

    def served_track(self, track_id: str) -> CatalogTrack | None:
        """A track the API serves (under `realistic`, the generated crowd's too)."""
        return self.search.catalog.get(track_id)

    def _playlist(self, playlist_id: str) -> Playlist:
        playlist = self.library.get(playlist_id)
        if playlist is None:
            raise KeyError(f"no sandbox playlist {playlist_id!r}")
        return playlist

    def playlist_summary(self, playlist: Playlist) -> dict[str, Any]:
        with self.library.lock:
            return {
                "id": playlist.id,
                "name": playlist.name,
                "owner": playlist.owner_id,
                "public": playlist.public,
                "collaborative": playlist.collaborative,
                "description": playlist.description,
                "snapshot_id": playlist.snapshot_id,
                "items": playlist.uris,
            }

    # --- request flow (called by the HTTP handler) ------------------------------------------

    def serve(
        self, request: Request, send: Callable[[Response], None], drop: Callable[[], None]
    ) -> None:
        """Count, apply faults, answer: `send` writes a response, `drop` kills the connection."""
        route, args = self.api.route(request)
        if route is None or route.area != "sandbox":  # inspection is not API traffic
            self._counter.add(route.key if route else f"{request.method} {request.path}")
        plan, limiter = self._plan, self._limiter
        faulted = route is not None and plan is not None and _subject_to_faults(route, plan.spec)
        if not faulted or plan is None:
            send(self.api.handle(request, route, args))
            return
        assert route is not None
        if limiter is not None:
            wait = limiter.admit()
            if wait is not None:
                send(_rate_limited(math.ceil(wait), None))
                return
        if plan.spec.latency_s and self._stopping.wait(plan.spec.latency_s):
            return
        self._serve_with_fault(plan, route, request, args, send, drop)

    def _serve_with_fault(
        self,
        plan: FaultPlan,
        route: Route,
        request: Request,
        args: dict[str, str],
        send: Callable[[Response], None],
        drop: Callable[[], None],
    ) -> None:
        fault = plan.next_fault(is_write=route.is_write)
        if fault is Fault.RATE_LIMIT:
            send(_rate_limited(plan.spec.retry_after, None))
        elif fault is Fault.QUOTA:
            send(_rate_limited(plan.spec.retry_after, "QUOTA_EXCEEDED"))
        elif fault in _STATUS_FAULTS:
            send(error_response(*_STATUS_FAULTS[fault]))
        elif fault is Fault.RESET:
            drop()
        elif fault is Fault.LOST:
            self.api.handle(request, route, args)
            drop()
        elif fault is Fault.APPLIED_500:
            self.api.handle(request, route, args)
            send(error_response(500, "Server error."))
        elif fault in BROKEN_ANSWERS:
            send(broken_answer(fault, request, lambda: self.api.handle(request, route, args)))
        elif fault is Fault.TIMEOUT:
            # Hold, then give up like a gateway would, without carrying the request out: a
            # slow write that lands later is `lost`'s job, and it keeps runs deterministic.
            if not self._stopping.wait(plan.spec.timeout_s):
                send(error_response(504, "Gateway timeout"))
        else:
            send(self.api.handle(request, route, args))


def _subject_to_faults(route: Route, spec: FaultSpec) -> bool:
    return route.area == "v1" or (route.area == "accounts" and spec.accounts)


def _rate_limited(retry_after: int | None, reason: str | None) -> Response:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    message = "Too many requests" if reason else "API rate limit exceeded"
    return error_response(429, message, reason, headers)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (timeouts, dropped connections) are normal here."""


class _Handler(BaseHTTPRequestHandler):
    sandbox: Sandbox
    protocol_version = "HTTP/1.1"
    server_version = "syncer-sandbox"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox must not spam the terminal or test output."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        request = Request(
            method=self.command,
            path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        try:
            self.sandbox.serve(request, self._send, self._drop)
        except OSError:
            pass  # the client went away (e.g. it timed out); nobody is left to answer
        except Exception:
            _log.exception("sandbox bug while serving %s %s", request.method, request.path)
            self._send(error_response(500, "Server error."))

    def _send(self, response: Response) -> None:
        payload = response.encoded()
        if "Date" in response.headers:  # dated by the handler (a token answer): not twice
            self.log_request(response.status)
            self.send_response_only(response.status)
            self.send_header("Server", self.version_string())
        else:
            self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.body is not None and "Content-Type" not in response.headers:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        declared = response.declared_length if isinstance(response, BrokenResponse) else None
        self.send_header("Content-Length", str(declared or len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        if declared is not None and declared > len(payload):
            self.close_connection = True  # a `truncated` fault: the rest never comes

    def _drop(self) -> None:
        """Close the connection with a reset and no answer at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
