"""The sandbox ends logins as Spotify does since 2026-07-20: six months after signing in, however
often refreshed; `set_login_age` and `POST /_sandbox/login-age` age its logins to test that."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import parsedate_to_datetime

import pytest
import requests
from spotipy.oauth2 import SpotifyOauthError

from syncer.sandbox import Sandbox, load_catalog

from .sandbox_helpers import SMALL_CATALOG
from .test_sandbox_auth import log_in, oauth_for

DAY = 86400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0  # 2026-05-28

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sb(clock: Clock) -> Iterator[Sandbox]:
    with Sandbox(catalog=load_catalog(SMALL_CATALOG), clock=clock) as server:
        yield server


def test_refreshes_work_until_six_months_after_signing_in_then_are_refused(
    sb: Sandbox, clock: Clock
) -> None:
    am = oauth_for(sb)
    log_in(am)
    refresh = am.cache_handler.get_cached_token()["refresh_token"]
    clock.now += 182 * DAY  # 2026-11-26: before 2026-11-28
    am.refresh_access_token(refresh)
    clock.now += 3 * DAY

    with pytest.raises(SpotifyOauthError) as refused:
        am.refresh_access_token(refresh)

    assert refused.value.error == "invalid_grant"
    assert refused.value.error_description == "Refresh token expired"


def test_aging_the_logins_past_six_months_ends_them_and_their_access_tokens(sb: Sandbox) -> None:
    am = oauth_for(sb)
    log_in(am)
    access = am.cache_handler.get_cached_token()["access_token"]

    answer = requests.post(f"{sb.base_url}/_sandbox/login-age", json={"days": 190}, timeout=5)

    assert answer.json() == {"days": 190.0}
    me = requests.get(f"{sb.api_url}me", headers={"Authorization": f"Bearer {access}"}, timeout=5)
    assert me.status_code == 401
    with pytest.raises(SpotifyOauthError, match="invalid_grant"):
        am.refresh_access_token(am.cache_handler.get_cached_token()["refresh_token"])


def test_a_sign_in_on_an_aged_sandbox_is_dated_back(sb: Sandbox, clock: Clock) -> None:
    sb.set_login_age(160)
    am = oauth_for(sb)
    code_answer: dict[str, str] = {}

    def note(response: requests.Response, *_a: object, **_k: object) -> None:
        if response.url == sb.token_url:
            code_answer["date"] = response.headers["Date"]

    am._session.hooks["response"].append(note)
    log_in(am)

    dated = parsedate_to_datetime(code_answer["date"]).timestamp()
    assert dated == pytest.approx(clock.now - 160 * DAY, abs=1)


@pytest.mark.parametrize("body", [{"days": -1}, {"days": "soon"}])
def test_a_bad_age_is_refused(sb: Sandbox, body: dict[str, object]) -> None:
    answer = requests.post(f"{sb.base_url}/_sandbox/login-age", json=body, timeout=5)

    assert answer.status_code == 400
    assert sb.login_age_days == 0
