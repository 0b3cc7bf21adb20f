"""Fixtures for the CLI tests: an isolated environment, a CliRunner, the seed lists."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .cli_helpers import REPO

SEED_LISTS = sorted((REPO / "lists").glob("*.toml"))


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No SPOTIPY_*/SYNCER_* settings from the outside, and no stray `.env` (cwd is tmp_path)."""
    for name in list(os.environ):
        if name.startswith(("SPOTIPY_", "SYNCER_")):
            monkeypatch.delenv(name)
    # Per-user directories (login, crash log) inside the test's own folder, never the real home.
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "home" / variable.lower()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_lists(tmp_path: Path) -> Path:
    """The three seed lists, copied into `tmp_path/lists`."""
    directory = tmp_path / "lists"
    directory.mkdir()
    for path in SEED_LISTS:
        shutil.copy(path, directory / path.name)
    return directory
