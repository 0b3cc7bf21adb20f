"""The sandbox's accounts service, driven by spotipy's own auth managers."""

from __future__ import annotations

import pytest
import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials, SpotifyOAuth, SpotifyOauthError

from syncer.sandbox import Sandbox, load_catalog

from .sandbox_helpers import FULL_SCOPE, SMALL_CATALOG

REDIRECT_URI = "http://127.0.0.1:8765/callback"


def oauth_for(
    sb: Sandbox, client_id: str = "any-client", secret: str = "any-secret"
) -> SpotifyOAuth:
    am = SpotifyOAuth(
        client_id=client_id,
        client_secret=secret,
        redirect_uri=REDIRECT_URI,
        scope=FULL_SCOPE,
        cache_handler=MemoryCacheHandler(),
        open_browser=False,
        requests_session=requests.Session(),
        requests_timeout=5,
    )
    am.OAUTH_AUTHORIZE_URL = sb.authorize_url
    am.OAUTH_TOKEN_URL = sb.token_url
    return am


def log_in(am: SpotifyOAuth) -> None:
    """The browser step: follow the authorize URL, take the code from the redirect."""
    answer = requests.get(am.get_authorize_url(state="s123"), allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    assert "state=s123" in location
    am.get_access_token(am.parse_response_code(location), as_dict=False)


def api_client(sb: Sandbox, am: spotipy.oauth2.SpotifyAuthBase) -> spotipy.Spotify:
    sp = spotipy.Spotify(auth_manager=am, requests_session=requests.Session(), requests_timeout=5)
    sp.prefix = sb.api_url
    return sp


def test_authorization_code_flow_gives_a_working_user_token(sandbox: Sandbox) -> None:
    am = oauth_for(sandbox)

    log_in(am)
    me = api_client(sandbox, am).me()

    token = am.cache_handler.get_cached_token()
    assert me["id"] == "sandbox-user"
    assert token["refresh_token"]
    assert token["expires_in"] == 3600


def test_short_lived_tokens_make_spotipy_refresh(catalog: object) -> None:
    with Sandbox(catalog=load_catalog(SMALL_CATALOG), token_expires_in=30) as sb:
        am = oauth_for(sb)
        log_in(am)
        first = am.cache_handler.get_cached_token()["access_token"]
        sb.reset_stats()

        api_client(sb, am).me()

        stats = sb.stats()
        assert stats["GET /v1/me"] == 1
        assert stats["POST /api/token"] >= 1  # spotipy refreshes within 60 s of expiry
        assert am.cache_handler.get_cached_token()["access_token"] != first


def test_revoked_refresh_token_is_invalid_grant(sandbox: Sandbox) -> None:
    am = oauth_for(sandbox)
    log_in(am)
    refresh_token = am.cache_handler.get_cached_token()["refresh_token"]
    sandbox.revoke_refresh_tokens()

    with pytest.raises(SpotifyOauthError) as caught:
        am.refresh_access_token(refresh_token)

    assert caught.value.error == "invalid_grant"


def test_a_code_works_only_once(sandbox: Sandbox) -> None:
    am = oauth_for(sandbox)
    answer = requests.get(am.get_authorize_url(), allow_redirects=False, timeout=5)
    code = am.parse_response_code(answer.headers["Location"])
    am.get_access_token(code, as_dict=False, check_cache=False)

    with pytest.raises(SpotifyOauthError) as caught:
        am.get_access_token(code, as_dict=False, check_cache=False)

    assert caught.value.error == "invalid_grant"


def test_specific_credentials_reject_other_clients(catalog: object) -> None:
    with Sandbox(
        catalog=load_catalog(SMALL_CATALOG), client_id="mine", client_secret="s3cret"
    ) as sb:
        cc = SpotifyClientCredentials(
            client_id="mine",
            client_secret="wrong",
            requests_session=requests.Session(),
            cache_handler=MemoryCacheHandler(),
        )
        cc.OAUTH_TOKEN_URL = sb.token_url

        with pytest.raises(SpotifyOauthError) as caught:
            cc.get_access_token(as_dict=False)

        assert caught.value.error == "invalid_client"


def test_client_credentials_can_search_but_not_act_as_a_user(sandbox: Sandbox) -> None:
    cc = SpotifyClientCredentials(
        client_id="app",
        client_secret="secret",
        requests_session=requests.Session(),
        cache_handler=MemoryCacheHandler(),
    )
    cc.OAUTH_TOKEN_URL = sandbox.token_url
    sp = api_client(sandbox, cc)

    hits = sp.search("Tears", type="track")["tracks"]["items"]
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.me()

    assert hits
    assert caught.value.http_status == 403


def test_issued_token_is_shaped_like_spotipys_cache(sandbox: Sandbox) -> None:
    token = sandbox.issue_token("playlist-modify-public,playlist-read-private")

    assert set(token) == {
        "access_token",
        "token_type",
        "expires_in",
        "scope",
        "refresh_token",
        "expires_at",
    }
    assert token["scope"] == "playlist-modify-public playlist-read-private"
