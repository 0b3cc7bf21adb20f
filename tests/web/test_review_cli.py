"""`syncer review --web` from the command line: what it serves, prints and refuses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from syncer.cli import app

from .conftest import SEEDS, import_and_sync_seeds


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith(("SPOTIPY_", "SYNCER_")):
            monkeypatch.delenv(name)
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "home" / variable.lower()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_lists_it_serves_the_lists_that_have_a_report_and_stops_on_ctrl_c(
    home: Path,
) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    lists = import_and_sync_seeds(home)
    (home / "lists" / "never-synced.toml").write_bytes(lists[0].read_bytes())
    command = [sys.executable, "-m", "syncer", "review", "--web", "--sandbox", "--no-browser"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        address = first.split(" at ", 1)[1].strip()
        page = requests.get(address, timeout=30)

        assert first.startswith("Reviewing 3 list(s) at http://127.0.0.1:")
        assert page.status_code == 200
        assert "seed0.toml" in page.text
        assert "never-synced" not in page.text
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 130  # interrupted, as every command stopped by Ctrl-C


def test_the_terminal_review_takes_one_list(home: Path) -> None:
    done = CliRunner().invoke(app, ["review", "a.toml", "b.toml"])

    assert done.exit_code == 2
    assert "takes one list (2 given)" in done.output


def test_with_no_list_synced_yet_it_says_what_to_do(home: Path) -> None:
    (home / "lists").mkdir()

    done = CliRunner().invoke(app, ["review", "--web", "--sandbox", "--no-browser"])

    assert done.exit_code == 2
    assert "no list under lists has a report yet" in done.output
