"""No traceback ever reaches the user: every failure is one line saying what and where, with
a documented exit code other than 1, and a failure in one list never loses the other lists'
results or the matches already made."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import syncer.application.syncing
import syncer.sync
from syncer.exitcodes import ExitCode
from syncer.model import SongList

from .cli_helpers import expect, invoke, last_report, sandbox_state


def cached_statuses(list_path: Path) -> list[str]:
    state = sandbox_state(list_path) / f"{list_path.stem}.state.json"
    matches = json.loads(state.read_text(encoding="utf-8"))["matches"]
    return sorted({m["status"] for m in matches.values()})


def problem_lines(output: str, path: Path) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(str(path))]


def test_an_unwritable_report_dir_is_one_line_per_list_exit_2_and_the_matches_are_kept(
    runner: CliRunner, seed_lists: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the report directory should be\n")
    lists = [seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"]

    result = invoke(runner, "sync", *lists, "--sandbox", "--report-dir", blocker / "reports")

    expect(result, ExitCode.BAD_INPUT)
    assert "Traceback" not in result.output
    for path in lists:
        [line] = problem_lines(result.stderr, path)
        assert f"cannot use {blocker / 'reports'}" in line
        assert "matched" in cached_statuses(path)  # the run's matches were saved


def test_an_unwritable_state_dir_for_one_list_leaves_the_other_lists_results(
    runner: CliRunner, seed_lists: Path, tmp_path: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    tearjerkers = elsewhere / "tearjerkers.toml"
    tearjerkers.write_text((seed_lists / "tearjerkers.toml").read_text(encoding="utf-8"))
    (elsewhere / ".syncer").write_text("a file where the state directory should be\n")

    result = invoke(runner, "sync", sorrow, tearjerkers, "--sandbox")

    expect(result, ExitCode.BAD_INPUT)
    assert "Traceback" not in result.output
    [line] = problem_lines(result.stderr, tearjerkers)
    assert str(elsewhere / ".syncer") in line
    assert last_report(sorrow)["totals"]["matched"] == 7


def test_an_unwritable_state_dir_for_the_run_is_one_line_and_exit_2(
    runner: CliRunner, seed_lists: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")

    result = invoke(
        runner, "sync", seed_lists / "sorrow.toml", "--sandbox", "--state-dir", blocker / "state"
    )

    expect(result, ExitCode.BAD_INPUT)
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"error: cannot use {blocker / 'state'}")


@pytest.fixture
def a_bug_in_one_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure nobody foresaw, while syncing tearjerkers.toml only."""
    real_sync_list = syncer.sync.sync_list  # the function the sync use case calls

    def sync_list(songlist: SongList, *args: object, **kwargs: object) -> object:
        if songlist.path.name == "tearjerkers.toml":
            raise RuntimeError("a failure nobody foresaw")
        return real_sync_list(songlist, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(syncer.application.syncing, "sync_list", sync_list)


@pytest.mark.usefixtures("a_bug_in_one_list")
def test_an_unexpected_failure_is_one_line_exit_7_with_the_traceback_in_the_log(
    runner: CliRunner, seed_lists: Path, tmp_path: Path
) -> None:
    tearjerkers, sorrow = seed_lists / "tearjerkers.toml", seed_lists / "sorrow.toml"

    result = invoke(runner, "sync", tearjerkers, sorrow, "--sandbox")

    expect(result, ExitCode.UNEXPECTED)
    assert "Traceback" not in result.output
    [line] = problem_lines(result.stderr, tearjerkers)
    assert "unexpected failure: RuntimeError: a failure nobody foresaw" in line
    assert "--debug" in line
    log = Path(os.environ["XDG_STATE_HOME"]) / "syncer" / "log" / "syncer.log"
    assert str(log) in line
    assert "RuntimeError: a failure nobody foresaw" in log.read_text(encoding="utf-8")
    assert last_report(sorrow)["totals"]["matched"] == 7  # the other list was synced


@pytest.mark.usefixtures("a_bug_in_one_list")
def test_debug_shows_the_traceback_of_an_unexpected_failure(
    runner: CliRunner, seed_lists: Path
) -> None:
    with pytest.raises(RuntimeError, match="a failure nobody foresaw"):
        invoke(runner, "--debug", "sync", seed_lists / "tearjerkers.toml", "--sandbox")
