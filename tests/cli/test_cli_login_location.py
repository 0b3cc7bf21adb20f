"""One login that every command finds, whatever the working directory and wherever the lists
are: the per-user config directory by default, SYNCER_LOGIN_DIR to choose another; `syncer
doctor` shows where; a token saved by an older syncer (beside ./lists, or beside the list) is
moved there and still works. Against a sandbox reached as a Spotify-compatible server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.sandbox import Sandbox, default_catalog_path, load_catalog

from .cli_helpers import REPO, expect, invoke, login_file


@pytest.fixture
def spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox(catalog=load_catalog(default_catalog_path())) as server:
        monkeypatch.setenv("SYNCER_API_URL", server.api_url)
        monkeypatch.setenv("SYNCER_ACCOUNTS_URL", server.base_url)
        monkeypatch.setenv("SPOTIPY_CLIENT_ID", "my-client-id")
        monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "my-client-secret")
        yield server


@pytest.fixture
def list_elsewhere(tmp_path: Path) -> Path:
    """sorrow.toml in a folder of its own, away from where login runs."""
    folder = tmp_path / "music" / "lists"
    folder.mkdir(parents=True)
    return Path(shutil.copy(REPO / "lists" / "sorrow.toml", folder / "sorrow.toml"))


def test_a_login_made_in_one_directory_is_found_by_a_sync_run_from_another(
    runner: CliRunner,
    spotify: Sandbox,
    list_elsewhere: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expect(invoke(runner, "login"), ExitCode.OK)
    assert login_file().is_file()

    monkeypatch.chdir(list_elsewhere.parent.parent)
    result = invoke(runner, "sync", list_elsewhere)

    expect(result, ExitCode.OK)
    assert [p["name"] for p in spotify.playlists()] == ["Japanese songs of sorrow"]


def test_syncer_login_dir_chooses_where_the_login_lives_and_doctor_shows_it(
    runner: CliRunner, spotify: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "my-login"
    monkeypatch.setenv("SYNCER_LOGIN_DIR", str(chosen))

    login = expect(invoke(runner, "login"), ExitCode.OK)
    doctor = expect(invoke(runner, "doctor"), ExitCode.OK)

    assert (chosen / "token.json").stat().st_mode & 0o777 == 0o600
    assert not login_file().exists()
    assert str(chosen / "token.json") in login.stdout
    assert f"Login (token): {chosen / 'token.json'}" in doctor.stdout


@pytest.mark.parametrize("old_place", ["beside ./lists", "beside the list"])
def test_a_token_saved_by_an_older_syncer_is_moved_to_the_login_location_and_works(
    runner: CliRunner,
    spotify: Sandbox,
    list_elsewhere: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old_place: str,
) -> None:
    # Where the previous version's `syncer login` wrote it: lists/.syncer in the working
    # directory, or the state directory beside the list (`--state-dir` / SYNCER_STATE_DIR).
    old_dir = (
        tmp_path / "lists" / ".syncer"
        if old_place == "beside ./lists"
        else (list_elsewhere.parent / ".syncer")
    )
    monkeypatch.setenv("SYNCER_LOGIN_DIR", str(old_dir))
    expect(invoke(runner, "login"), ExitCode.OK)
    monkeypatch.delenv("SYNCER_LOGIN_DIR")

    result = invoke(runner, "sync", list_elsewhere)

    expect(result, ExitCode.OK)
    assert login_file().is_file()
    assert not (old_dir / "token.json").exists()
    assert login_file().stat().st_mode & 0o777 == 0o600
    expect(invoke(runner, "doctor"), ExitCode.OK)
