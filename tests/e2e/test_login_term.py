"""The login's six months (issue 22, point 3), end to end: `syncer sandbox` in its own process
ages its logins (`--login-age`, `POST /_sandbox/login-age`), syncer runs as cron does.

A login signed in five months and more ago is announced (doctor shows when it ends); one past
six months is refused by the sandbox as Spotify refuses it (`invalid_grant`, "Refresh token
expired"): the run ends with exit 4 and one line naming `syncer login`, the token is discarded,
and a fresh `syncer login` works.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from syncer.exitcodes import ExitCode
from syncer.spotify.auth import six_months_after

from .processes import Cron, SandboxProcess


@pytest.fixture
def aged_sandbox(tmp_path: Path) -> Iterator[SandboxProcess]:
    with SandboxProcess(tmp_path, "--login-age", "160") as sandbox:
        yield sandbox


@pytest.fixture
def cron(aged_sandbox: SandboxProcess, tmp_path: Path) -> Cron:
    return Cron.home_with(aged_sandbox, tmp_path / "home", ["lists/sorrow.toml"], login=False)


def token_file(cron: Cron) -> Path:
    return Path(cron.settings["SYNCER_LOGIN_DIR"]) / "token.json"


def test_a_login_signed_in_160_days_ago_is_recorded_and_doctor_says_when_it_ends(
    cron: Cron,
) -> None:
    assert cron.run("login").returncode == ExitCode.OK
    signed_in = datetime.fromisoformat(json.loads(token_file(cron).read_text())["signed_in_at"])
    assert abs(signed_in - (datetime.now(UTC) - timedelta(days=160))) < timedelta(minutes=5)

    doctor = cron.run("doctor")

    assert doctor.returncode == ExitCode.OK
    ends = six_months_after(signed_in).date()
    days = (six_months_after(signed_in) - datetime.now(UTC)).days
    assert f"Spotify ends this login on {ends.isoformat()} (in {days} days)" in doctor.stdout
    assert "Run `syncer login` before then" in doctor.stdout


def test_a_login_past_five_months_is_announced_by_a_run_and_weekly_under_quiet(
    cron: Cron,
) -> None:
    assert cron.run("login").returncode == ExitCode.OK

    by_hand = cron.run("sync", "lists/sorrow.toml")
    first_night = cron.run("sync", "lists/sorrow.toml", "--quiet")
    second_night = cron.run("sync", "lists/sorrow.toml", "--quiet")

    assert by_hand.returncode in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    assert login_lines(by_hand.stdout) == [login_lines(first_night.stdout)[0]]
    [told] = login_lines(first_night.stdout)
    assert "Run `syncer login` before then" in told
    assert login_lines(second_night.stdout + second_night.stderr) == []  # told this week


def login_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "The Spotify login ends on" in line]


def test_a_login_past_six_months_ends_the_run_with_exit_4_and_a_fresh_login_works(
    cron: Cron, aged_sandbox: SandboxProcess
) -> None:
    assert cron.run("login").returncode == ExitCode.OK
    aged_sandbox.control("POST", "/_sandbox/login-age", {"days": 190})  # a month goes by

    ran = cron.run("sync", "lists/sorrow.toml", "--quiet")

    assert ran.returncode == ExitCode.SPOTIFY_FAILURE
    assert ran.stdout == ""
    [line] = ran.stderr.strip().splitlines()
    assert "Refresh token expired" in line
    assert "Run `syncer login` to sign in to Spotify again." in line
    assert not token_file(cron).exists()  # discarded: Spotify will never take it again

    aged_sandbox.control("POST", "/_sandbox/login-age", {"days": 0})
    assert cron.run("login").returncode == ExitCode.OK
    again = cron.run("sync", "lists/sorrow.toml", "--quiet")

    assert again.returncode in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    signed_in = json.loads(token_file(cron).read_text())["signed_in_at"]
    assert date.fromisoformat(signed_in[:10]) >= date.today() - timedelta(days=1)
