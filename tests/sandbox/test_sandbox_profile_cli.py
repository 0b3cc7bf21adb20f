"""`--sandbox-profile` on the commands: a realistic run works and keeps its own state."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from syncer.cli import app
from syncer.exitcodes import ExitCode

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sorrow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith(("SPOTIPY_", "SYNCER_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lists").mkdir()
    return Path(shutil.copy(REPO / "lists" / "sorrow.toml", tmp_path / "lists" / "sorrow.toml"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_a_realistic_sandbox_run_syncs_and_keeps_its_state_apart(sorrow: Path) -> None:
    result = run("sync", sorrow, "--sandbox", "--sandbox-profile", "realistic")

    assert result.exit_code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION), result.stdout
    assert "realistic search" in result.stdout
    state = sorrow.parent / ".syncer"
    report = json.loads((state / "sandbox-realistic" / "reports" / "sorrow.json").read_text())
    assert report["totals"]["entries"] == 7
    assert not (state / "sandbox").exists()  # the simple profile's state is untouched
    shown = run("report", sorrow, "--sandbox", "--sandbox-profile", "realistic", "--json")
    assert shown.exit_code == ExitCode.OK
    assert json.loads(shown.stdout)["totals"]["entries"] == 7


def test_the_profile_needs_the_sandbox(sorrow: Path) -> None:
    result = run("sync", sorrow, "--sandbox-profile", "realistic")

    assert result.exit_code == ExitCode.BAD_INPUT
    assert "--sandbox-profile" in result.stdout + result.stderr


def test_an_unknown_profile_is_a_usage_error(sorrow: Path) -> None:
    result = run("sync", sorrow, "--sandbox", "--sandbox-profile", "cruel")

    assert result.exit_code == ExitCode.BAD_INPUT
    assert "cruel" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["sync", "pin", "review", "accept", "report"])
def test_every_command_that_takes_sandbox_takes_the_profile(command: str) -> None:
    assert "--sandbox-profile" in run(command, "--help").stdout


def test_the_sandbox_server_takes_a_profile() -> None:
    assert "--profile" in run("sandbox", "--help").stdout
