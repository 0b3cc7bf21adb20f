"""OAuth for the sandbox: authorization codes, access and refresh tokens, client checks.

Public API: `TokenStore`, `Grant`, `OAuthError`, `six_months_after`.

Being a sandbox, any client id and secret are accepted unless the store was given specific ones.
Refresh responses carry no new `refresh_token` (allowed by Spotify; spotipy keeps the old one).

Logins end as Spotify's do since 2026-07-20: a refresh token is refused six months after the
person signed in (`invalid_grant`, "Refresh token expired"), however often it was used. To test
that without waiting, the store's logins can be aged (`set_login_age`): every login it holds
becomes that many days old (time passes for it, so the access tokens it was given have
expired), and a login made afterwards is dated that many days back, its token answer too
(`answer_time`: the answer's `Date`, which is when syncer records that the person signed in).
"""

from __future__ import annotations

import base64
import calendar
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class OAuthError(Exception):
    """An OAuth-shaped failure: `{"error": code, "error_description": description}`."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        self.code = code
        self.description = description
        self.status = status
        super().__init__(f"{code}: {description}")


@dataclass(frozen=True)
class Grant:
    """What an access token allows: its scopes, whose it is (None for client credentials)."""

    scopes: frozenset[str]
    user_id: str | None
    expires_at: float


@dataclass(frozen=True)
class _Code:
    client_id: str
    redirect_uri: str
    scope: str


@dataclass(frozen=True)
class _Login:
    """What a refresh token stands for: the scope granted, and when the person signed in."""

    scope: str
    signed_in_at: float


_DAY = 86400.0


def six_months_after(moment: float) -> float:
    """The same time of day six calendar months later (the 31st becomes the month's last day)."""
    when = time.gmtime(moment)
    month0 = when.tm_mon - 1 + 6
    year, month = when.tm_year + month0 // 12, month0 % 12 + 1
    day = min(when.tm_mday, calendar.monthrange(year, month)[1])
    later = (year, month, day, when.tm_hour, when.tm_min, when.tm_sec, 0, 0, 0)
    return calendar.timegm(later) + (moment % 1)


class TokenStore:
    def __init__(
        self,
        *,
        user_id: str,
        client_id: str | None = None,
        client_secret: str | None = None,
        expires_in: int = 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.user_id = user_id
        self.expires_in = expires_in
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, _Login] = {}
        self._login_age = 0.0  # seconds: how old logins are made (`set_login_age`)
        self._lock = threading.Lock()

    # --- /authorize -------------------------------------------------------------------------

    def authorize(self, client_id: str, redirect_uri: str, scope: str) -> str:
        """Auto-approve: a one-time code for this client, redirect URI and scope."""
        if self._client_id is not None and client_id != self._client_id:
            raise OAuthError("invalid_client", "Invalid client")
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Code(client_id, redirect_uri, _normal_scope(scope))
        return code

    # --- /api/token -------------------------------------------------------------------------

    def token(self, form: dict[str, str], authorization: str | None) -> dict[str, Any]:
        """Answer a token request (form fields and the Authorization header)."""
        client_id = self._check_client(form, authorization)
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            return self._exchange_code(client_id, form)
        if grant_type == "refresh_token":
            return self._refresh_grant(form.get("refresh_token", ""))
        if grant_type == "client_credentials":
            return self._new_access("", user_id=None, with_refresh=False)
        raise OAuthError(
            "unsupported_grant_type",
            f"grant_type must be one of authorization_code, refresh_token, client_credentials, got {grant_type!r}",
        )

    def _check_client(self, form: dict[str, str], authorization: str | None) -> str:
        client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode()
            except ValueError as exc:
                raise OAuthError("invalid_client", "Invalid client") from exc
            client_id, _, secret = decoded.partition(":")
        if not client_id:
            raise OAuthError("invalid_client", "Invalid client")
        if self._client_id is not None and client_id != self._client_id:
            raise OAuthError("invalid_client", "Invalid client")
        if self._client_secret is not None and secret not in (None, self._client_secret):
            raise OAuthError("invalid_client", "Invalid client secret")
        return client_id

    def _exchange_code(self, client_id: str, form: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            code = self._codes.pop(form.get("code", ""), None)
        if code is None or code.client_id != client_id:
            raise OAuthError("invalid_grant", "Invalid authorization code")
        if code.redirect_uri != form.get("redirect_uri", ""):
            raise OAuthError("invalid_grant", "Invalid redirect URI")
        return self._new_access(code.scope, user_id=self.user_id, with_refresh=True)

    def _refresh_grant(self, refresh_token: str) -> dict[str, Any]:
        with self._lock:
            login = self._refresh.get(refresh_token)
            if login is not None and self._clock() >= six_months_after(login.signed_in_at):
                del self._refresh[refresh_token]  # Spotify: discard it, sign in again
                raise OAuthError("invalid_grant", "Refresh token expired")
        if login is None:
            raise OAuthError("invalid_grant", "Invalid refresh token")
        return self._new_access(login.scope, user_id=self.user_id, with_refresh=False)

    # --- the login's age --------------------------------------------------------------------

    @property
    def login_age_days(self) -> float:
        return self._login_age / _DAY

    def set_login_age(self, days: float) -> None:
        """Every login held becomes `days` old, its access tokens aged alike (expired when that
        is older than they were); a login made later is dated `days` back."""
        if days < 0:
            raise ValueError("a login's age cannot be negative")
        with self._lock:
            now = self._clock()
            dated = now - days * _DAY
            aged_by = max(
                (login.signed_in_at - dated for login in self._refresh.values()), default=0.0
            )
            self._refresh = {t: _Login(g.scope, dated) for t, g in self._refresh.items()}
            self._login_age = days * _DAY
            if aged_by > 0:
                self._access = {
                    token: Grant(g.scopes, g.user_id, g.expires_at - aged_by)
                    for token, g in self._access.items()
                }

    def answer_time(self, form: dict[str, str]) -> float:
        """When a token answer is dated: a sign-in (a code exchanged) as old as logins are made."""
        if form.get("grant_type") == "authorization_code":
            return self._clock() - self._login_age
        return self._clock()

    def _new_access(self, scope: str, *, user_id: str | None, with_refresh: bool) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        expires_at = self._clock() + self.expires_in
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "scope": scope,
        }
        with self._lock:
            self._access[access] = Grant(frozenset(scope.split()), user_id, expires_at)
            if with_refresh:
                refresh = secrets.token_urlsafe(32)
                self._refresh[refresh] = _Login(scope, self._clock() - self._login_age)
                body["refresh_token"] = refresh
        return body

    # --- API side ---------------------------------------------------------------------------

    def issue(self, scope: str) -> dict[str, Any]:
        """A user token as spotipy caches it (with `expires_at`), skipping the OAuth dance."""
        body = self._new_access(_normal_scope(scope), user_id=self.user_id, with_refresh=True)
        return {**body, "expires_at": int(self._clock()) + self.expires_in}

    def grant_for(self, authorization: str | None) -> Grant | None:
        """The grant behind a `Bearer` header, or None if missing, unknown or expired."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        with self._lock:
            grant = self._access.get(authorization[7:].strip())
        if grant is None or grant.expires_at <= self._clock():
            return None
        return grant

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh.clear()

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._access = {
                token: Grant(g.scopes, g.user_id, expires_at=0.0)
                for token, g in self._access.items()
            }


def _normal_scope(scope: str) -> str:
    return " ".join(sorted(set(scope.replace(",", " ").split())))
