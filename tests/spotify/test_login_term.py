"""The login's six months at the Spotify edge (issue 22, point 3): what the token file records,
and a refresh Spotify refuses for good (`invalid_grant`), against the sandbox over HTTP."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from syncer.errors import AuthError, LoginProblem
from syncer.sandbox import Sandbox
from syncer.spotify.auth import (
    LoginTerm,
    SyncerOAuth,
    login_term,
    note_expiry_told,
    sandbox_login,
    six_months_after,
)

from .spotify_fakes import FakeClock
from .spotify_world import auth_manager_for, client_for


@pytest.fixture
def signed_in(sandbox: Sandbox, tmp_path: Path) -> SyncerOAuth:
    """An auth manager after a real sign-in (code exchanged) on the sandbox."""
    manager = auth_manager_for(sandbox, tmp_path / "token.json")
    sandbox_login(manager)
    return manager


def cached(manager: SyncerOAuth) -> dict[str, object]:
    return json.loads(Path(manager.cache_handler.cache_path).read_text(encoding="utf-8"))


def test_a_sign_in_is_recorded_with_the_date_of_spotifys_answer(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.set_login_age(40)
    manager = auth_manager_for(sandbox, tmp_path / "token.json")

    sandbox_login(manager)

    term = login_term(tmp_path / "token.json")
    assert term is not None
    expected = datetime.now(UTC) - timedelta(days=40)
    assert abs(term.signed_in_at - expected) < timedelta(minutes=1)
    assert term.expires_at == six_months_after(term.signed_in_at)


def test_a_refresh_keeps_the_recorded_sign_in(signed_in: SyncerOAuth) -> None:
    before = cached(signed_in)["signed_in_at"]

    signed_in.refresh_access_token(str(cached(signed_in)["refresh_token"]))

    assert cached(signed_in)["signed_in_at"] == before


def test_an_expired_login_is_refused_once_discarded_and_never_retried(
    sandbox: Sandbox, signed_in: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, signed_in, clock)
    sandbox.set_login_age(200)  # six months and more: the access token died long ago too
    sandbox.reset_stats()

    with pytest.raises(AuthError) as ended:
        client.current_user_id()

    assert ended.value.problem is LoginProblem.LOGIN_ENDED
    assert ended.value.details["description"] == "Refresh token expired"
    assert sandbox.stats().get("POST /api/token") == 1  # asked once, never again
    assert not Path(signed_in.cache_handler.cache_path).exists()


def test_concurrent_workers_all_hear_that_the_login_ended(
    sandbox: Sandbox, signed_in: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, signed_in, clock)
    sandbox.set_login_age(200)
    heard: list[LoginProblem] = []

    def work() -> None:
        try:
            client.current_user_id()
        except AuthError as exc:
            heard.append(exc.problem)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert heard == [LoginProblem.LOGIN_ENDED] * 4  # none says "no login" instead


@pytest.mark.parametrize(
    ("signed_in_days_ago", "told_days_ago", "ending", "told_lately"),
    [
        pytest.param(100, None, False, False, id="four-months-old"),
        pytest.param(160, None, True, False, id="past-five-months-never-told"),
        pytest.param(160, 2, True, True, id="told-two-days-ago"),
        pytest.param(160, 7, True, False, id="told-a-week-ago"),
        pytest.param(200, None, True, False, id="ended"),
    ],
)
def test_when_a_login_is_ending_and_was_told(
    signed_in_days_ago: int, told_days_ago: int | None, ending: bool, told_lately: bool
) -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    began = now - timedelta(days=signed_in_days_ago)
    told = None if told_days_ago is None else now - timedelta(days=told_days_ago)
    term = LoginTerm(began, six_months_after(began), told)

    assert (term.ending(now), term.told_lately(now)) == (ending, told_lately)


def test_telling_the_end_is_recorded_in_the_token_file(signed_in: SyncerOAuth) -> None:
    path = Path(signed_in.cache_handler.cache_path)
    when = datetime(2026, 12, 6, 3, 17, tzinfo=UTC)

    note_expiry_told(path, when)
    signed_in.refresh_access_token(str(cached(signed_in)["refresh_token"]))

    term = login_term(path)
    assert term is not None
    assert term.told_at == when


@pytest.mark.parametrize(
    ("began", "ends"),
    [
        ("2026-06-12T08:00:00", "2026-12-12T08:00:00"),
        ("2026-08-31T08:00:00", "2027-02-28T08:00:00"),
        ("2027-09-30T08:00:00", "2028-03-30T08:00:00"),
    ],
)
def test_six_months_are_calendar_months(began: str, ends: str) -> None:
    start = datetime.fromisoformat(began).replace(tzinfo=UTC)

    assert six_months_after(start) == datetime.fromisoformat(ends).replace(tzinfo=UTC)
