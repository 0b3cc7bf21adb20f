"""Auth checks that need no server: the token cache, preflight's refusals, log redaction."""

from __future__ import annotations

import json
import logging
import stat
import time
from pathlib import Path

import pytest

from syncer.cli.messages import describe
from syncer.errors import AuthError
from syncer.spotify.auth import (
    SCOPES,
    AuthSettings,
    SecureCacheFileHandler,
    SyncerOAuth,
    build_auth_manager,
    complete_login_from_redirect,
    preflight,
)
from tests.words import raises_worded

# Nothing listens here: a test that reached the network would fail loudly.
UNREACHABLE = "http://127.0.0.1:9"


def manager_at(tmp_path: Path) -> SyncerOAuth:
    settings = AuthSettings(
        client_id="client",
        client_secret="secret",
        cache_path=tmp_path / "state" / "token.json",
        accounts_base_url=UNREACHABLE,
        connect_timeout=0.5,
        read_timeout=0.5,
    )
    return build_auth_manager(settings)


def cached_token(scope: str, *, expires_in: float = 3600) -> dict[str, object]:
    return {
        "access_token": "A" * 20,
        "refresh_token": "R" * 20,
        "token_type": "Bearer",
        "expires_in": 3600,
        "expires_at": int(time.time() + expires_in),
        "scope": scope,
    }


def test_token_cache_is_written_private(tmp_path: Path) -> None:
    handler = SecureCacheFileHandler(tmp_path / "state" / "token.json")

    handler.save_token_to_cache(cached_token(" ".join(SCOPES)))

    mode = stat.S_IMODE((tmp_path / "state" / "token.json").stat().st_mode)
    assert mode == 0o600
    assert handler.get_cached_token()["refresh_token"] == "R" * 20
    assert list((tmp_path / "state").iterdir()) == [tmp_path / "state" / "token.json"]


def test_preflight_tightens_a_loosened_cache_file(tmp_path: Path) -> None:
    manager = manager_at(tmp_path)
    manager.cache_handler.save_token_to_cache(cached_token(" ".join(SCOPES)))
    path = Path(manager.cache_handler.cache_path)
    path.chmod(0o644)

    preflight(manager)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_cache_path_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = AuthSettings(client_id="c", client_secret="s", cache_path=Path("token.json"))

    manager = build_auth_manager(settings)

    assert Path(manager.cache_handler.cache_path).is_absolute()


def test_preflight_without_a_cache_names_syncer_login(tmp_path: Path) -> None:
    with raises_worded(AuthError, match="syncer login"):
        preflight(manager_at(tmp_path))


def test_preflight_with_a_token_missing_scopes_names_syncer_login(tmp_path: Path) -> None:
    manager = manager_at(tmp_path)
    manager.cache_handler.save_token_to_cache(cached_token("playlist-read-private"))

    with raises_worded(AuthError, match="syncer login") as raised:
        preflight(manager)

    assert "playlist-modify-private" in describe(raised.value)


def test_preflight_accepts_a_fresh_token_with_every_scope(tmp_path: Path) -> None:
    manager = manager_at(tmp_path)
    manager.cache_handler.save_token_to_cache(cached_token(" ".join(reversed(SCOPES))))

    preflight(manager)  # no network: the token is valid for another hour


def test_spotipy_never_prompts_when_it_has_no_token(tmp_path: Path) -> None:
    manager = manager_at(tmp_path)

    with raises_worded(AuthError, match="syncer login"):
        manager.get_access_token(as_dict=False)


@pytest.mark.parametrize(
    ("pasted", "complaint"),
    [
        pytest.param(
            "http://127.0.0.1:8888/callback?code=abc&state=other", "state", id="wrong-state"
        ),
        pytest.param(
            "http://127.0.0.1:8888/callback?state=expected", "no authorization code", id="no-code"
        ),
        pytest.param(
            "http://127.0.0.1:8888/callback?error=access_denied&state=expected",
            "access_denied",
            id="denied",
        ),
    ],
)
def test_a_bad_pasted_redirect_is_refused_before_any_exchange(
    tmp_path: Path, pasted: str, complaint: str
) -> None:
    manager = manager_at(tmp_path)

    with raises_worded(AuthError, match=complaint):
        complete_login_from_redirect(manager, pasted, "expected")

    assert manager.cache_handler.get_cached_token() is None


def test_spotipy_debug_lines_never_carry_tokens(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    manager_at(tmp_path)  # installs the redaction
    caplog.set_level(logging.DEBUG, logger="spotipy")

    logging.getLogger("spotipy.client").debug(
        "Sending GET with Headers: {'Authorization': 'Bearer sEcReT.tok-en'}"
    )
    logging.getLogger("spotipy.oauth2").debug(
        "Sending POST with Headers: {'Authorization': 'Basic Y2xpZW50OnNlY3JldA=='} "
        "and Body: {'refresh_token': 'rEfReSh', 'grant_type': 'refresh_token'}"
    )

    logged = caplog.text
    assert "sEcReT" not in logged
    assert "Y2xpZW50OnNlY3JldA" not in logged
    assert "rEfReSh" not in logged
    assert "grant_type" in logged  # the rest of the line survives


def test_cached_scope_records_what_was_granted(tmp_path: Path) -> None:
    manager = manager_at(tmp_path)

    token = manager._add_custom_values_to_token_info(
        {"access_token": "x", "expires_in": 3600, "scope": "playlist-read-private"}
    )

    assert token["scope"] == "playlist-read-private"
    assert json.dumps(token)  # still plain JSON for the cache


def test_token_cache_is_read_again_whenever_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "state" / "token.json"
    handler = SecureCacheFileHandler(path)
    handler.save_token_to_cache({"access_token": "A1", "expires_at": 1})
    assert handler.get_cached_token() == {"access_token": "A1", "expires_at": 1}

    other = SecureCacheFileHandler(path)  # another process's login, same length, at once
    other.save_token_to_cache({"access_token": "B2", "expires_at": 1})
    assert handler.get_cached_token() == {"access_token": "B2", "expires_at": 1}

    given = handler.get_cached_token()
    assert given is not None
    given["access_token"] = "changed by a caller"
    assert handler.get_cached_token() == {"access_token": "B2", "expires_at": 1}

    path.unlink()
    assert handler.get_cached_token() is None

    path.write_text("{not json", encoding="utf-8")
    assert handler.get_cached_token() is None
