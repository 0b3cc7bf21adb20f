"""`syncer sync` when Spotify's answers break: a failed search is an error, never "not found".

The entry becomes `error` (its previous track stays), nothing about it is cached, and the next
healthy run searches it again. Answers cut short end the run with exit 4 and one line, never a
traceback. Everything goes through the in-process sandbox and its broken-answer faults.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, last_report, sandbox_playlists, sandbox_state


def cached_matches(list_path: Path) -> dict[str, object]:
    state = sandbox_state(list_path) / f"{list_path.stem}.state.json"
    matches: dict[str, object] = json.loads(state.read_text(encoding="utf-8"))["matches"]
    return matches


@pytest.mark.parametrize("kind", ["garbage", "shapeless", "truncated"])
def test_searches_that_fail_are_errors_not_cached_and_searched_again_next_run(
    runner: CliRunner, seed_lists: Path, kind: str
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    broken = invoke(
        runner, "sync", sorrow, "--sandbox", "--sandbox-faults", f"{kind}=1", "--max-wait", "0"
    )

    expect(broken, ExitCode.SPOTIFY_FAILURE)
    report = last_report(sorrow)
    assert [e["status"] for e in report["entries"]] == ["error"] * 7
    assert "no results" not in json.dumps(report["entries"])
    assert cached_matches(sorrow) == {}

    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)

    healed = last_report(sorrow)
    assert [e["status"] for e in healed["entries"]] == ["matched"] * 7
    assert healed["requests"]["by_endpoint"]["GET /search"] >= 7
    assert len(sandbox_playlists(sorrow)["Japanese songs of sorrow"]) == 7


def test_answers_cut_short_end_with_exit_4_and_one_line_never_a_traceback(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    result = invoke(
        runner, "sync", sorrow, "--sandbox", "--sandbox-faults", "truncated=1", "--max-wait", "0"
    )

    expect(result, ExitCode.SPOTIFY_FAILURE)
    assert "Traceback" not in result.output
    assert "ChunkedEncodingError" not in result.output
    problem = [line for line in result.stderr.splitlines() if line.startswith(str(sorrow))]
    assert len(problem) == 1
    assert "answer cut short" in problem[0]


def test_a_failed_search_keeps_the_previous_track_in_the_playlist(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    before = sandbox_playlists(sorrow)["Japanese songs of sorrow"]

    # --refresh searches every entry again, and every search now gets a non-JSON 200.
    broken = invoke(
        runner, "sync", sorrow, "--sandbox", "--refresh", "--sandbox-faults", "garbage=1"
    )

    expect(broken, ExitCode.SPOTIFY_FAILURE)
    assert [e["status"] for e in last_report(sorrow)["entries"]] == ["error"] * 7
    assert sandbox_playlists(sorrow)["Japanese songs of sorrow"] == before
