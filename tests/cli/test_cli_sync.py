"""`syncer sync`: every exit code, the output modes, and what a run leaves behind.

Everything goes through the built-in sandbox (`--sandbox`), which the command starts
in-process on 127.0.0.1 with the default catalog.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.state import ListLock

from .cli_helpers import expect, invoke, last_report, line_of, sandbox_playlists, sandbox_state


def test_sync_every_entry_matched_exits_0_and_fills_the_playlist(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    result = expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)

    report = last_report(sorrow)
    assert report["totals"]["entries"] == report["totals"]["matched"] == 7
    playlist = sandbox_playlists(sorrow)["Japanese songs of sorrow"]
    assert playlist == [e["uri"] for e in report["entries"]]
    assert "sorrow" in result.stdout  # the summary row
    assert "report in" in result.stdout


def test_sync_entries_needing_attention_exits_1(runner: CliRunner, seed_lists: Path) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"

    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    report = last_report(tearjerkers)
    assert report["totals"]["unmatched"] == 1
    assert report["entries"][2]["status"] == "unmatched"  # REN "Like the beginning" is absent
    assert len(sandbox_playlists(tearjerkers)["Tear-jerking Japanese love songs"]) == 6


def test_sync_several_lists_exits_with_the_worst_outcome_and_one_summary_row_each(
    runner: CliRunner, seed_lists: Path
) -> None:
    lists = [seed_lists / name for name in ("sorrow.toml", "tearjerkers.toml")]

    result = expect(invoke(runner, "sync", *lists, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    rows = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert "sorrow" in rows
    assert "tearjerkers" in rows


def test_sync_invalid_list_exits_2_naming_file_line_and_key_and_sends_nothing(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    text = sorrow.read_text(encoding="utf-8").replace("album = ", "albun = ", 1)
    sorrow.write_text(text, encoding="utf-8")

    result = expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.BAD_INPUT)

    assert f"sorrow.toml:{line_of(text, 'albun = ')}:" in result.stderr
    assert "'albun'" in result.stderr
    assert "did you mean 'album'" in result.stderr
    assert "Nothing was sent to Spotify" in result.stderr
    # The sandbox was never even started: no account, no playlist, no state, no report.
    assert not (seed_lists / ".syncer").exists()
    assert sandbox_playlists(sorrow) == {}


def test_sync_sandbox_options_without_sandbox_exit_2(runner: CliRunner, seed_lists: Path) -> None:
    result = invoke(runner, "sync", seed_lists / "sorrow.toml", "--sandbox-faults", "500=1")

    expect(result, ExitCode.BAD_INPUT)
    assert "need --sandbox" in result.stderr


def test_sync_missing_list_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "sync", tmp_path / "nowhere.toml", "--sandbox")

    expect(result, ExitCode.BAD_INPUT)
    assert "nowhere.toml" in result.stderr


def test_sync_unknown_option_is_a_usage_error_exit_2(runner: CliRunner, seed_lists: Path) -> None:
    expect(invoke(runner, "sync", seed_lists / "sorrow.toml", "--colour"), ExitCode.BAD_INPUT)


@pytest.mark.parametrize(
    ("faults", "said"),
    [
        pytest.param("429=1,retry_after=86400", "Retry-After 86400", id="retry-after-a-day"),
        pytest.param("quota=1,retry_after=86400", "QUOTA_EXCEEDED", id="quota-exceeded"),
    ],
)
def test_sync_rate_limited_beyond_the_budget_exits_3_at_once(
    runner: CliRunner, seed_lists: Path, faults: str, said: str
) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"
    started = time.monotonic()

    result = invoke(
        runner, "sync", tearjerkers, "--sandbox", "--sandbox-faults", faults, "--max-wait", "30"
    )

    expect(result, ExitCode.RATE_LIMITED)
    assert time.monotonic() - started < 15, "a day-long Retry-After must not be waited for"
    assert "rate limited" in result.stderr
    assert said in result.stderr
    assert last_report(tearjerkers)["problem"], "the report says why the run stopped"
    assert (sandbox_state(tearjerkers) / "tearjerkers.state.json").is_file(), "state saved"


def test_sync_spotify_failing_past_the_budget_exits_4(runner: CliRunner, seed_lists: Path) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"

    result = invoke(
        runner, "sync", tearjerkers, "--sandbox", "--sandbox-faults", "500=1", "--max-wait", "0"
    )

    expect(result, ExitCode.SPOTIFY_FAILURE)
    assert "HTTP 500" in result.stderr
    assert last_report(tearjerkers)["totals"]["error"] == 7


def test_sync_list_locked_by_another_run_exits_5_and_leaves_it_alone(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    with ListLock(sandbox_state(sorrow), sorrow):
        result = invoke(runner, "sync", sorrow, "--sandbox")

    expect(result, ExitCode.LOCKED)
    assert "already being synced by another run" in result.stderr
    assert sandbox_playlists(sorrow) == {}


def test_sync_locked_list_does_not_stop_the_other_lists(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow, tearjerkers = seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"

    with ListLock(sandbox_state(sorrow), sorrow):
        result = invoke(runner, "sync", sorrow, tearjerkers, "--sandbox")

    expect(result, ExitCode.LOCKED)  # locked outranks needs-attention
    assert list(sandbox_playlists(tearjerkers)) == ["Tear-jerking Japanese love songs"]


def test_sync_dry_run_with_changes_pending_exits_6_and_changes_nothing(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    expect(invoke(runner, "sync", sorrow, "--sandbox", "--dry-run"), ExitCode.CHANGES_PENDING)

    assert sandbox_playlists(sorrow) == {}
    rehearsal = sandbox_state(sorrow) / "reports" / "sorrow.dry-run.json"  # not the real report
    assert json.loads(rehearsal.read_text(encoding="utf-8"))["playlist"]["dry_run"] is True


def test_sync_dry_run_after_a_sync_has_nothing_pending_and_exits_0(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    before = sandbox_playlists(sorrow)

    expect(invoke(runner, "sync", sorrow, "--sandbox", "--dry-run"), ExitCode.OK)

    assert sandbox_playlists(sorrow) == before


def test_sync_json_prints_parseable_reports_and_nothing_else_on_stdout(
    runner: CliRunner, seed_lists: Path
) -> None:
    lists = [seed_lists / name for name in ("sorrow.toml", "tearjerkers.toml")]

    result = expect(invoke(runner, "sync", *lists, "--sandbox", "--json"), ExitCode.NEEDS_ATTENTION)

    reports = json.loads(result.stdout)
    assert [r["list"]["stem"] for r in reports] == ["sorrow", "tearjerkers"]
    for report in reports:
        assert {"list", "playlist", "totals", "requests", "entries"} <= set(report)
    assert reports[1] == last_report(lists[1])


def test_sync_quiet_prints_nothing_on_success(runner: CliRunner, seed_lists: Path) -> None:
    result = expect(
        invoke(runner, "sync", seed_lists / "sorrow.toml", "--sandbox", "-q"), ExitCode.OK
    )

    assert result.stdout == ""
    assert result.stderr == ""


def test_sync_quiet_still_reports_problems(runner: CliRunner, seed_lists: Path) -> None:
    sorrow = seed_lists / "sorrow.toml"

    with ListLock(sandbox_state(sorrow), sorrow):
        result = invoke(runner, "sync", sorrow, "--sandbox", "--quiet")

    expect(result, ExitCode.LOCKED)
    assert result.stdout == ""
    assert "already being synced" in result.stderr
