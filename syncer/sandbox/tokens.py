"""OAuth for the sandbox: authorization codes, access and refresh tokens, client checks.

Public API: `TokenStore`, `Grant`, `OAuthError`.

Being a sandbox, any client id and secret are accepted unless the store was given specific ones.
Refresh responses carry no new `refresh_token` (allowed by Spotify; spotipy keeps the old one).
"""

from __future__ import annotations

import base64
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
        self._refresh: dict[str, str] = {}  # refresh token -> scope
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
            scope = self._refresh.get(refresh_token)
        if scope is None:
            raise OAuthError("invalid_grant", "Invalid refresh token")
        return self._new_access(scope, user_id=self.user_id, with_refresh=False)

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
                self._refresh[refresh] = scope
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
