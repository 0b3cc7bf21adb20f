"""A list whose playlist cannot be synced as it is: the same words in the terminal and the report.

The core hands the CLI a typed problem (`syncer.outcome.SyncProblem`); these check the sentence
a person reads, end to end through the sandbox.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, last_report, sandbox_playlists

GUARD = (
    "this sync would remove 5 of the playlist's 7 tracks (71%), more than the 50% allowed "
    "without --force. Check the list; if this is intended, run again with --force."
)


def keep_first_entries(path: Path, count: int) -> None:
    head, *entries = path.read_text(encoding="utf-8").split("[[tracks]]")
    path.write_text("[[tracks]]".join([head, *entries[:count]]), encoding="utf-8")


def test_the_removal_guard_is_worded_alike_on_the_terminal_and_in_the_report(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    keep_first_entries(sorrow, 2)

    refused = expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.BAD_INPUT)

    assert f"{sorrow}: {GUARD}" in refused.stderr.splitlines()
    assert last_report(sorrow)["problem"] == GUARD
    assert len(sandbox_playlists(sorrow)["Japanese songs of sorrow"]) == 7


def test_a_run_with_no_problem_reports_none(runner: CliRunner, seed_lists: Path) -> None:
    sorrow = seed_lists / "sorrow.toml"

    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)

    assert last_report(sorrow)["problem"] is None


def test_entries_spotify_failed_are_worded_in_the_report_and_the_run_too(
    runner: CliRunner, seed_lists: Path
) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"

    result = invoke(
        runner, "sync", tearjerkers, "--sandbox", "--sandbox-faults", "500=1", "--max-wait", "0"
    )

    expect(result, ExitCode.SPOTIFY_FAILURE)
    report = last_report(tearjerkers)
    reasons = {e["reason"] for e in report["entries"] if e["status"] == "error"}
    assert reasons == {"Spotify kept failing: GET /search: HTTP 500; wait budget spent"}
    assert report["problem"].startswith("the playlist could not be synced: GET /me/playlists: ")
    assert f"{tearjerkers}: {report['problem']}" in result.stderr.splitlines()
