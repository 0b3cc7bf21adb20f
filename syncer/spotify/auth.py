"""OAuth for syncer: the auth manager, the pre-run token check, and the `syncer login` helpers.

spotipy falls back to an interactive `input()` prompt whenever it has no usable token, which
under cron (no terminal) turns a run into a crash or a hang. `SyncerOAuth` never prompts: it
raises `AuthError` instead, and `preflight` checks the cached token before a run starts.
Tokens are never printed or logged: spotipy's debug lines that carry them are redacted.

Spotify ends a login six months after the person signed in (since 2026-07-20), however often
its token is refreshed. syncer records the sign-in in the token file (`signed_in_at`: the `Date`
of Spotify's answer to the sign-in, its own clock, else ours), keeps it through refreshes, and
tells when the login ends (`login_term`). A refresh Spotify refuses with `invalid_grant` (expired
or revoked) is final: never retried, the stored token is discarded, and `AuthError(LOGIN_ENDED)`
asks the person to sign in again.

Public API: `SCOPES`, `AuthSettings`, `SyncerOAuth`, `SecureCacheFileHandler`,
`TokenEndpointError`, `build_auth_manager`, `preflight`, `authorize_url`,
`complete_login_from_redirect`, `login_with_loopback`, `sandbox_login`, `new_state`,
`LoginTerm`, `login_term`, `six_months_after`, `note_expiry_told`, `LOGIN_WARN_DAYS`,
`LOGIN_TELL_EVERY_DAYS`.
"""

from __future__ import annotations

import contextlib
import email.utils
import hmac
import http.server
import json
import logging
import os
import re
import secrets
import threading
import time
import webbrowser
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import requests
from spotipy.cache_handler import CacheFileHandler
from spotipy.exceptions import SpotifyOauthError
from spotipy.oauth2 import SpotifyOAuth

from syncer.atomic import write_text_atomically
from syncer.errors import (
    AuthError,
    LoginProblem,
    LoginSetup,
    LoginSetupError,
    SpotifyUnavailable,
    Unavailable,
)

log = logging.getLogger(__name__)

# What syncer needs and nothing more:
# - playlist-read-private: list the user's playlists and read their items (also public ones);
# - playlist-modify-private / -public: create, rename and edit private and public playlists;
# - user-read-private: the spec lists it for `GET /me`, and Spotify's scopes page is reported to
#   list "Search for an Item" under it; requesting it costs nothing (Development Mode returns no
#   private profile fields anyway) and avoids a 403 on the two reads every run starts with.
SCOPES: tuple[str, ...] = (
    "playlist-modify-private",
    "playlist-modify-public",
    "playlist-read-private",
    "user-read-private",
)

DEFAULT_ACCOUNTS_BASE_URL = "https://accounts.spotify.com"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8888/callback"


@dataclass(frozen=True)
class AuthSettings:
    """Where and how to authenticate. `cache_path` should live in the state directory."""

    client_id: str
    client_secret: str
    cache_path: Path
    redirect_uri: str = DEFAULT_REDIRECT_URI
    accounts_base_url: str = DEFAULT_ACCOUNTS_BASE_URL
    authorize_url: str | None = None  # defaults to {accounts_base_url}/authorize
    token_url: str | None = None  # defaults to {accounts_base_url}/api/token
    connect_timeout: float = 5.0
    read_timeout: float = 20.0


class TokenEndpointError(SpotifyOauthError):  # type: ignore[misc]
    """The token endpoint answered 429 or 5xx: transient, so the retry layer may retry it."""

    def __init__(self, http_status: int, headers: Any, message: str) -> None:
        super().__init__(message, error=f"HTTP {http_status}")
        self.http_status = http_status
        self.headers = headers
        self.reason: str | None = None


#: What syncer keeps in the token file besides spotipy's fields; a refresh keeps them.
SIGNED_IN_AT = "signed_in_at"
EXPIRY_TOLD_AT = "expiry_told_at"
_KEPT_THROUGH_REFRESH = (SIGNED_IN_AT, EXPIRY_TOLD_AT)


class SecureCacheFileHandler(CacheFileHandler):  # type: ignore[misc]
    """spotipy's file cache, written atomically and created with mode 0600 from the start.

    spotipy writes in place and chmods afterwards, leaving a moment where the token is readable
    by others and where a concurrent reader (spotipy reads the cache on every request) can see a
    half-written file, take it for "no token" and fall into the login flow. A refreshed token
    keeps what syncer recorded of the login (when the person signed in).
    """

    def __init__(self, cache_path: Path) -> None:
        super().__init__(cache_path=str(cache_path))
        self.path = cache_path
        self._read: tuple[tuple[int, ...], dict[str, Any]] | None = None  # (file identity, token)
        self._read_lock = threading.Lock()

    def get_cached_token(self) -> Any:
        """The token in the file, read again only when the file changed (spotipy asks before
        every request; another process may replace the file at any time, which changes its
        identity: inode, size, times). A copy: callers may change what they are given."""
        try:
            status = os.stat(self.path)
        except OSError:
            return super().get_cached_token()  # logs why
        identity = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        with self._read_lock:
            if self._read is not None and self._read[0] == identity:
                return dict(self._read[1])
        token = super().get_cached_token()
        if isinstance(token, dict):
            with self._read_lock:
                self._read = (identity, dict(token))
        return token

    def last_read(self) -> dict[str, Any] | None:
        """The token the file held when it was last read (not a copy: not to be changed)."""
        with self._read_lock:
            return self._read[1] if self._read is not None else None

    def save_token_to_cache(self, token_info: dict[str, Any]) -> None:
        previous = self.get_cached_token() or {}
        kept = {k: previous[k] for k in _KEPT_THROUGH_REFRESH if k in previous}
        try:
            _write_private_file(self.path, json.dumps({**kept, **token_info}))
        except OSError as exc:
            # A failed save only costs an extra refresh later; never log the token itself.
            log.warning("could not write the token cache at %s: %s", self.path, exc.strerror)

    def replace(self, token_info: dict[str, Any]) -> None:
        """A new login's token, keeping nothing of the old one's."""
        _write_private_file(self.path, json.dumps(token_info))

    def discard(self) -> None:
        """Spotify ended the login: its token is of no use any more."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def tighten_permissions(self) -> None:
        """Make an existing cache file private again if something loosened its mode."""
        with contextlib.suppress(FileNotFoundError):
            if self.path.stat().st_mode & 0o077:
                os.chmod(self.path, 0o600)


def _write_private_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_text_atomically(path, text)  # created 0600: the token never exists readable by others


#: How long (seconds) a token read from the file is handed out again without reading it.
_TOKEN_RECHECK_S = 0.5


@dataclass(frozen=True)
class _HandedToken:
    access: str
    token: dict[str, int]  # its expiry, as spotipy's `is_token_expired` reads it
    until: float  # `time.monotonic()` after which the file is looked at again

    def usable(self) -> bool:
        """Within its time and not about to expire (spotipy's margin, 60 s)."""
        return time.monotonic() < self.until and not SpotifyOAuth.is_token_expired(self.token)


class SyncerOAuth(SpotifyOAuth):  # type: ignore[misc]
    """`SpotifyOAuth` that never prompts, serialises refreshes, and keeps the granted scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._token_lock = threading.RLock()
        self._issued = threading.local()
        self._ended: AuthError | None = None  # Spotify ended the login: every call says so
        self._handed: _HandedToken | None = None  # handed out again without reading the file
        self.answered_at: str | None = None  # the `Date` of the token endpoint's last answer
        self._session.hooks["response"].append(self._note_answer_date)

    def _note_answer_date(self, response: requests.Response, *_: Any, **__: Any) -> None:
        if response.url.split("?")[0] == self.OAUTH_TOKEN_URL and response.ok:
            self.answered_at = response.headers.get("Date")

    def refresh_access_token(self, refresh_token: str) -> Any:
        """spotipy's refresh; `invalid_grant` (the login expired or was revoked) is final."""
        self._handed = None
        if self._ended is not None:
            raise self._ended
        try:
            return super().refresh_access_token(refresh_token)
        except SpotifyOauthError as exc:
            if exc.error != "invalid_grant":
                raise
            self._end_login(exc.error, exc.error_description)
            raise self._ended from exc  # type: ignore[misc]

    def _end_login(self, error: str, description: str | None) -> None:
        self._handed = None
        self._ended = AuthError(
            LoginProblem.LOGIN_ENDED, error=error, description=description or "no reason given"
        )
        handler = self.cache_handler
        if isinstance(handler, SecureCacheFileHandler):
            handler.discard()

    # spotipy calls these when it has no usable token; under cron there is nobody to answer.
    def get_auth_response(self, open_browser: bool | None = None) -> str:
        raise AuthError(LoginProblem.NO_LOGIN)

    @staticmethod
    def _get_user_input(prompt: str) -> str:
        raise AuthError(LoginProblem.NO_LOGIN)

    def get_access_token(
        self, code: str | None = None, as_dict: bool = True, check_cache: bool = True
    ) -> Any:
        """spotipy's, which asks before every request (`as_dict=False`): the token handed out
        less than `_TOKEN_RECHECK_S` ago is handed out again, while it is not about to expire,
        without looking at the token file. That look (a `stat`, under the lock every request
        waits for) made each request hand the interpreter to another thread and back. Another
        process's new token is seen that much later; the one this process holds stays valid
        until it expires, and a refresh here forgets it at once."""
        handed = self._handed
        if handed is not None and code is None and check_cache and not as_dict and handed.usable():
            self._issued.token = handed.access
            return handed.access
        # One refresh at a time: concurrent workers would otherwise refresh in parallel.
        with self._token_lock:
            if self._ended is not None:
                raise self._ended
            token = super().get_access_token(code=code, as_dict=as_dict, check_cache=check_cache)
            access = token if isinstance(token, str) else (token or {}).get("access_token")
            self._handed = self._to_hand_again(access)
        self._issued.token = access
        return token

    def _to_hand_again(self, access: str | None) -> _HandedToken | None:
        """`access` with the expiry the file gave it, when it is the token last read there."""
        handler = self.cache_handler
        read = handler.last_read() if isinstance(handler, SecureCacheFileHandler) else None
        if not access or read is None or read.get("access_token") != access:
            return None
        if not isinstance(read.get("expires_at"), int):
            return None
        expiry = {"expires_at": read["expires_at"]}
        return _HandedToken(access, expiry, time.monotonic() + _TOKEN_RECHECK_S)

    def last_access_token(self) -> str | None:
        """The access token this thread was last handed (the one a 401 just rejected)."""
        token = getattr(self._issued, "token", None)
        return token if isinstance(token, str) else None

    def force_refresh(self, rejected_access_token: str | None) -> None:
        """Refresh after a 401, unless another worker already replaced the rejected token."""
        with self._token_lock:
            if self._ended is not None:
                raise self._ended
            cached = self.cache_handler.get_cached_token()
            if not cached or not cached.get("refresh_token"):
                raise AuthError(LoginProblem.INCOMPLETE)
            if rejected_access_token and cached.get("access_token") != rejected_access_token:
                return
            self.refresh_access_token(cached["refresh_token"])

    def _add_custom_values_to_token_info(self, token_info: dict[str, Any]) -> dict[str, Any]:
        # spotipy records the scope it asked for; keep what the server actually granted.
        granted = token_info.get("scope")
        token_info["expires_at"] = int(time.time()) + int(token_info["expires_in"])
        token_info["scope"] = _normal_scope(granted) if granted else self.scope
        return token_info

    def _handle_oauth_error(self, http_error: requests.HTTPError) -> None:
        response = http_error.response
        if response is not None and (response.status_code == 429 or response.status_code >= 500):
            raise TokenEndpointError(
                response.status_code,
                response.headers,
                f"token endpoint answered HTTP {response.status_code}",
            )
        super()._handle_oauth_error(http_error)


def _normal_scope(scope: str | list[str] | tuple[str, ...] | None) -> str:
    if not scope:
        return ""
    parts = scope if isinstance(scope, list | tuple) else re.split(r"[\s,]+", scope)
    return " ".join(sorted({part for part in parts if part}))


def build_auth_manager(
    settings: AuthSettings, *, session: requests.Session | None = None
) -> SyncerOAuth:
    """The auth manager for a run or a login: no browser, no prompt, bounded timeouts."""
    _redact_spotipy_logs()
    base = settings.accounts_base_url.rstrip("/")
    cache_path = Path(settings.cache_path).expanduser().absolute()
    try:
        manager = SyncerOAuth(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            redirect_uri=settings.redirect_uri,
            scope=" ".join(SCOPES),
            cache_handler=SecureCacheFileHandler(cache_path),
            requests_session=session or requests.Session(),
            requests_timeout=(settings.connect_timeout, settings.read_timeout),
            open_browser=False,
        )
    except SpotifyOauthError as exc:
        raise LoginSetupError(LoginSetup.CLIENT_SETTINGS, detail=str(exc)) from exc
    manager.scope = _normal_scope(SCOPES)
    manager.OAUTH_AUTHORIZE_URL = settings.authorize_url or f"{base}/authorize"
    manager.OAUTH_TOKEN_URL = settings.token_url or f"{base}/api/token"
    return manager


def preflight(auth_manager: SyncerOAuth) -> None:
    """Check the cached token before a run; refresh it if it is about to expire.

    Raises `AuthError` (naming `syncer login`) for a missing cache, a token without the needed
    scopes, or a refresh Spotify refuses (revoked); `SpotifyUnavailable` when the token
    endpoint cannot be reached. Never prompts.
    """
    handler = auth_manager.cache_handler
    if isinstance(handler, SecureCacheFileHandler):
        handler.tighten_permissions()
    cached = handler.get_cached_token()
    if not cached or not cached.get("access_token"):
        raise AuthError(LoginProblem.NOT_SAVED)
    missing = _missing_scopes(auth_manager.scope, cached.get("scope"))
    if missing:
        raise AuthError(LoginProblem.MISSING_SCOPES, scopes=tuple(missing))
    if not auth_manager.is_token_expired(cached):
        return
    if not cached.get("refresh_token"):
        raise AuthError(LoginProblem.EXPIRED)
    _refresh_or_explain(auth_manager, cached["refresh_token"])


def _missing_scopes(needed: str | None, granted: str | None) -> list[str]:
    have = set(_normal_scope(granted).split())
    return sorted(set(_normal_scope(needed).split()) - have)


def _refresh_or_explain(auth_manager: SyncerOAuth, refresh_token: str) -> None:
    try:
        auth_manager.refresh_access_token(refresh_token)
    except TokenEndpointError as exc:
        raise SpotifyUnavailable("", Unavailable.TOKEN_ENDPOINT_FAILED, str(exc)) from exc
    except requests.RequestException as exc:
        raise SpotifyUnavailable(
            "", Unavailable.TOKEN_ENDPOINT_UNREACHABLE, type(exc).__name__
        ) from exc
    except SpotifyOauthError as exc:
        raise AuthError(
            LoginProblem.SAVED_REFUSED, error=exc.error, description=exc.error_description
        ) from exc


def new_state() -> str:
    """An unguessable OAuth `state` value."""
    return secrets.token_urlsafe(16)


def authorize_url(auth_manager: SyncerOAuth, state: str) -> str:
    """The URL the user opens to grant syncer access."""
    url: str = auth_manager.get_authorize_url(state=state)
    return url


def complete_login_from_redirect(
    auth_manager: SyncerOAuth, pasted_url: str, expected_state: str
) -> None:
    """Finish a headless login: the user pasted the URL Spotify redirected their browser to."""
    query = dict(parse_qsl(urlparse(pasted_url.strip()).query))
    if "error" in query:
        raise AuthError(LoginProblem.NOT_GRANTED, error=query["error"])
    if not hmac.compare_digest(query.get("state", ""), expected_state):
        raise AuthError(LoginProblem.STATE_MISMATCH)
    code = query.get("code")
    if not code:
        raise AuthError(LoginProblem.NO_CODE)
    _exchange_code(auth_manager, code)


def _exchange_code(auth_manager: SyncerOAuth, code: str) -> None:
    try:
        auth_manager.get_access_token(code=code, as_dict=False, check_cache=False)
    except SpotifyOauthError as exc:
        raise AuthError(
            LoginProblem.LOGIN_REFUSED, error=exc.error, description=exc.error_description
        ) from exc
    except requests.RequestException as exc:
        raise SpotifyUnavailable(
            "", Unavailable.TOKEN_ENDPOINT_UNREACHABLE, type(exc).__name__
        ) from exc
    token = auth_manager.cache_handler.get_cached_token()
    if not token:
        raise LoginSetupError(LoginSetup.CANNOT_SAVE, location=_cache_location(auth_manager))
    token[SIGNED_IN_AT] = _signed_in_at(auth_manager.answered_at)
    token.pop(EXPIRY_TOLD_AT, None)  # a new login: nothing told of it yet
    handler = auth_manager.cache_handler
    if isinstance(handler, SecureCacheFileHandler):
        handler.replace(token)
    else:
        handler.save_token_to_cache(token)


def _signed_in_at(answer_date: str | None) -> str:
    """When the person signed in: the sign-in answer's `Date` (Spotify's clock, which counts the
    six months), else this machine's clock; ISO 8601 in UTC."""
    moment = datetime.now(UTC)
    if answer_date:
        with contextlib.suppress(TypeError, ValueError):
            moment = email.utils.parsedate_to_datetime(answer_date).astimezone(UTC)
    return moment.isoformat(timespec="seconds")


#: From this many days before the login ends, a run says so ...
LOGIN_WARN_DAYS = 30
#: ... and a `--quiet` run (cron) says it once in this many days, as news.
LOGIN_TELL_EVERY_DAYS = 7


@dataclass(frozen=True)
class LoginTerm:
    """When the saved login began and when Spotify ends it (six months later); `told_at` is
    when a run last said it is ending (None: never)."""

    signed_in_at: datetime
    expires_at: datetime
    told_at: datetime | None = None

    def days_left(self, now: datetime) -> int:
        return max(0, (self.expires_at - now).days)

    def ending(self, now: datetime, *, warn_days: int = LOGIN_WARN_DAYS) -> bool:
        """Whether the login ends within `warn_days` (or has ended)."""
        return self.expires_at - now <= timedelta(days=warn_days)

    def told_lately(self, now: datetime, *, every_days: int = LOGIN_TELL_EVERY_DAYS) -> bool:
        """Whether a quiet run said it is ending less than `every_days` ago."""
        return self.told_at is not None and now - self.told_at < timedelta(days=every_days)


def six_months_after(moment: datetime) -> datetime:
    """The same time six calendar months later (the 31st becomes the month's last day)."""
    month0 = moment.month - 1 + 6
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def login_term(token_path: Path) -> LoginTerm | None:
    """The saved login's term; None without a token file or a recorded sign-in (a login made by
    an older syncer: its end is unknown until the person signs in again)."""
    try:
        token = json.loads(token_path.read_text(encoding="utf-8"))
        signed_in = datetime.fromisoformat(token[SIGNED_IN_AT]).astimezone(UTC)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    told: datetime | None = None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        told = datetime.fromisoformat(token[EXPIRY_TOLD_AT]).astimezone(UTC)
    return LoginTerm(signed_in, six_months_after(signed_in), told)


def note_expiry_told(token_path: Path, when: datetime) -> None:
    """Record that a run told the person the login is ending (so `--quiet` says it weekly)."""
    handler = SecureCacheFileHandler(token_path)
    token = handler.get_cached_token()
    if token:
        token[EXPIRY_TOLD_AT] = when.astimezone(UTC).isoformat(timespec="seconds")
        handler.save_token_to_cache(token)


def _cache_location(auth_manager: SyncerOAuth) -> str:
    return str(getattr(auth_manager.cache_handler, "cache_path", "the token cache"))


def login_with_loopback(
    auth_manager: SyncerOAuth,
    port: int | None = None,
    *,
    open_browser: bool = True,
    timeout: float = 300.0,
    show_url: Callable[[str], None] | None = None,
) -> None:
    """Log in through a one-shot HTTP server on `http://127.0.0.1:PORT/callback`.

    `port=None` uses the redirect URI's port; `0` picks a free one (Spotify accepts any port on
    a loopback redirect URI, but not `localhost`). `show_url` receives the authorize URL, for
    the CLI to print when no browser is opened.
    """
    path = urlparse(auth_manager.redirect_uri).path or "/callback"
    chosen_port = urlparse(auth_manager.redirect_uri).port if port is None else port
    server = _CallbackServer(chosen_port or 0, path)
    try:
        auth_manager.redirect_uri = f"http://127.0.0.1:{server.port}{path}"
        state = new_state()
        url = authorize_url(auth_manager, state)
        if show_url is not None:
            show_url(url)
        if open_browser:
            webbrowser.open(url)
        callback = server.wait_for_callback(timeout)
    finally:
        server.close()
    complete_login_from_redirect(auth_manager, callback, state)


class _CallbackServer:
    """Serves GETs on 127.0.0.1 until one hits the callback path; remembers that URL."""

    def __init__(self, port: int, path: str) -> None:
        self.captured: str | None = None
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if urlparse(self.path).path != path:
                    self.send_error(404)
                    return
                owner.captured = f"http://127.0.0.1{self.path}"
                body = b"<html><body>syncer: you can close this window.</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return  # the query string holds the authorization code

        try:
            self._server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        except OSError as exc:
            raise LoginSetupError(LoginSetup.CANNOT_LISTEN, port=port, detail=str(exc)) from exc
        self.port: int = self._server.server_address[1]

    def wait_for_callback(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while self.captured is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AuthError(LoginProblem.TIMED_OUT)
            self._server.timeout = remaining
            self._server.handle_request()
        return self.captured

    def close(self) -> None:
        self._server.server_close()


def sandbox_login(auth_manager: SyncerOAuth, *, session: requests.Session | None = None) -> None:
    """Log in to the local sandbox without a browser: follow its authorize redirect by hand."""
    state = new_state()
    http = session or requests.Session()
    response = http.get(
        authorize_url(auth_manager, state),
        allow_redirects=False,
        timeout=auth_manager.requests_timeout,
    )
    location = response.headers.get("Location")
    if response.status_code not in (301, 302, 303, 307, 308) or not location:
        raise AuthError(LoginProblem.SANDBOX_AUTHORIZE, status=response.status_code)
    complete_login_from_redirect(auth_manager, location, state)


_SECRET_PATTERNS = (
    re.compile(r"(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(r"""(['"]?(?:access_token|refresh_token|code)['"]?\s*[:=]\s*['"]?)[^'",&\s}]+"""),
)


class _RedactSecrets(logging.Filter):
    """Blanks tokens, client secrets and codes out of spotipy's debug lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern in _SECRET_PATTERNS:
            message = pattern.sub(lambda m: f"{m.group(1)} [redacted]", message)
        record.msg, record.args = message, ()
        return True


def _redact_spotipy_logs() -> None:
    for name in ("spotipy.client", "spotipy.oauth2"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactSecrets) for f in logger.filters):
            logger.addFilter(_RedactSecrets())
