"""Auth against the sandbox: refresh on 401, revoked logins, no prompts, the login helpers."""

from __future__ import annotations

import builtins
import io
import stat
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from syncer.cli.messages import describe
from syncer.errors import AuthError
from syncer.model import track_uri
from syncer.sandbox import Sandbox
from syncer.spotify import auth as auth_module
from syncer.spotify.auth import (
    _TOKEN_RECHECK_S,
    SCOPES,
    SecureCacheFileHandler,
    SyncerOAuth,
    authorize_url,
    complete_login_from_redirect,
    login_with_loopback,
    preflight,
    sandbox_login,
)
from tests.words import raises_worded

from .spotify_fakes import FakeClock
from .spotify_world import ROBINSON_ID, auth_manager_for, client_for


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Like cron: stdin is closed, and any prompt fails the test instead of blocking."""

    def no_prompt(*_args: object) -> str:
        raise AssertionError("spotipy tried to prompt")

    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    monkeypatch.setattr(builtins, "input", no_prompt)


def expire_cached_token(manager: SyncerOAuth) -> None:
    token = manager.cache_handler.get_cached_token()
    manager.cache_handler.save_token_to_cache({**token, "expires_at": 0})


def test_a_401_refreshes_the_token_once_and_retries(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, auth_manager, clock)
    before = auth_manager.cache_handler.get_cached_token()["access_token"]
    sandbox.expire_access_tokens()  # the server rejects the token the cache still trusts

    assert client.current_user_id() == sandbox.user_id

    assert auth_manager.cache_handler.get_cached_token()["access_token"] != before
    assert sandbox.stats()["GET /v1/me"] == 2
    assert sandbox.stats()["POST /api/token"] == 1


def test_the_request_after_a_refresh_carries_the_new_token_at_once(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, auth_manager, clock)
    client.current_user_id()
    sandbox.expire_access_tokens()
    client.current_user_id()  # 401, refresh, sent again

    client.current_user_id()

    assert (
        auth_manager.last_access_token()
        == auth_manager.cache_handler.get_cached_token()["access_token"]
    )
    assert sandbox.stats()["GET /v1/me"] == 4  # the rejected one, then no other
    assert sandbox.stats()["POST /api/token"] == 1


def test_a_token_another_process_wrote_is_used_within_half_a_second(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    client = client_for(sandbox, auth_manager, clock)
    client.current_user_id()
    first = auth_manager.last_access_token()
    another_login = sandbox.issue_token(scope=" ".join(SCOPES))
    SecureCacheFileHandler(tmp_path / "state" / "token.json").save_token_to_cache(another_login)

    client.current_user_id()  # at once: the token handed out a moment ago, file not read
    handed_at_once = auth_manager.last_access_token()
    time.sleep(_TOKEN_RECHECK_S + 0.05)
    client.current_user_id()

    assert handed_at_once == first
    assert auth_manager.last_access_token() == another_login["access_token"]
    assert sandbox.stats().get("POST /api/token") is None


def test_a_token_about_to_expire_is_not_handed_out_again(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """spotipy refreshes a token within 60 s of its expiry before using it; one handed out a
    moment earlier, when it was not yet that close, is refreshed too."""
    monkeypatch.setattr(auth_module, "_TOKEN_RECHECK_S", 10.0)  # the wait below stays within
    client = client_for(sandbox, auth_manager, clock)
    token = auth_manager.cache_handler.get_cached_token()
    handed_at = int(time.time())
    auth_manager.cache_handler.save_token_to_cache({**token, "expires_at": handed_at + 61})
    client.current_user_id()
    assert auth_manager.last_access_token() == token["access_token"]

    while int(time.time()) < handed_at + 2:  # now within 60 s of the expiry
        time.sleep(0.05)
    client.current_user_id()

    assert sandbox.stats()["POST /api/token"] == 1
    assert auth_manager.last_access_token() != token["access_token"]


def test_a_write_rejected_with_401_is_applied_once_after_the_refresh(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, auth_manager, clock)
    playlist_id = client.create_playlist("list", description="", public=False).id
    sandbox.expire_access_tokens()
    uri = track_uri(ROBINSON_ID)

    client.add_items(playlist_id, [uri], position=None)

    assert sandbox.playlist_uris(playlist_id) == [uri]


def test_a_revoked_refresh_token_mid_run_is_an_auth_error_without_prompt(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock, no_terminal: None
) -> None:
    client = client_for(sandbox, auth_manager, clock)
    sandbox.expire_access_tokens()
    sandbox.revoke_refresh_tokens()

    with raises_worded(AuthError, match="syncer login"):
        client.current_user_id()


def test_preflight_with_a_revoked_refresh_token_names_syncer_login(
    sandbox: Sandbox, auth_manager: SyncerOAuth, no_terminal: None
) -> None:
    expire_cached_token(auth_manager)
    sandbox.revoke_refresh_tokens()

    with raises_worded(AuthError, match="syncer login") as raised:
        preflight(auth_manager)

    assert "invalid_grant" in describe(raised.value)


def test_preflight_refreshes_an_expiring_token(sandbox: Sandbox, auth_manager: SyncerOAuth) -> None:
    expire_cached_token(auth_manager)

    preflight(auth_manager)

    assert not auth_manager.is_token_expired(auth_manager.cache_handler.get_cached_token())
    assert sandbox.stats()["POST /api/token"] == 1


def test_a_missing_cache_mid_run_is_an_auth_error_without_prompt(
    sandbox: Sandbox, tmp_path: Path, clock: FakeClock, no_terminal: None
) -> None:
    client = client_for(sandbox, auth_manager_for(sandbox, tmp_path / "none.json"), clock)

    with raises_worded(AuthError, match="syncer login"):
        client.search_tracks("Robinson", locale="en")

    assert sandbox.stats() == {}  # nothing was sent


def test_a_token_without_the_needed_scopes_is_refused_before_and_during_a_run(
    sandbox: Sandbox, tmp_path: Path, clock: FakeClock, no_terminal: None
) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "token.json")
    manager.cache_handler.save_token_to_cache(sandbox.issue_token(scope="playlist-read-private"))

    with raises_worded(AuthError, match="syncer login"):
        preflight(manager)
    with raises_worded(AuthError, match="syncer login"):
        client_for(sandbox, manager, clock).current_user_id()


def test_refreshed_tokens_stay_in_a_private_cache_file(
    sandbox: Sandbox, auth_manager: SyncerOAuth
) -> None:
    expire_cached_token(auth_manager)

    preflight(auth_manager)

    path = Path(auth_manager.cache_handler.cache_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sandbox_login_needs_no_setup(
    sandbox: Sandbox, tmp_path: Path, clock: FakeClock, no_terminal: None
) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "state" / "token.json")

    sandbox_login(manager)

    preflight(manager)
    assert client_for(sandbox, manager, clock).current_user_id() == sandbox.user_id
    assert set(manager.cache_handler.get_cached_token()["scope"].split()) == set(SCOPES)


def test_headless_login_from_a_pasted_redirect(sandbox: Sandbox, tmp_path: Path) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "token.json")
    url = authorize_url(manager, "state-1")
    redirect = requests.get(url, allow_redirects=False, timeout=5).headers["Location"]

    complete_login_from_redirect(manager, redirect, "state-1")

    preflight(manager)


def test_a_pasted_redirect_with_an_unknown_code_is_refused(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "token.json")
    pasted = f"{manager.redirect_uri}?code=forged&state=s"

    with raises_worded(AuthError, match="invalid_grant"):
        complete_login_from_redirect(manager, pasted, "s")

    assert manager.cache_handler.get_cached_token() is None


def test_loopback_login_captures_the_code_on_127_0_0_1(sandbox: Sandbox, tmp_path: Path) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "token.json")
    browser_errors: list[BaseException] = []

    def act_as_browser(url: str) -> None:
        def visit() -> None:
            try:
                location = requests.get(url, allow_redirects=False, timeout=5).headers["Location"]
                requests.get(location, timeout=5)
            except BaseException as exc:  # surfaced below, not lost in the thread
                browser_errors.append(exc)

        threading.Thread(target=visit, daemon=True).start()

    login_with_loopback(manager, 0, open_browser=False, timeout=10, show_url=act_as_browser)

    assert browser_errors == []
    assert manager.redirect_uri.startswith("http://127.0.0.1:")
    preflight(manager)


def test_loopback_login_gives_up_after_its_timeout(sandbox: Sandbox, tmp_path: Path) -> None:
    manager = auth_manager_for(sandbox, tmp_path / "token.json")

    with raises_worded(AuthError, match="Timed out"):
        login_with_loopback(manager, 0, open_browser=False, timeout=0.2)
