"""`syncer check` (offline validation) and `syncer report` (the last report)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, last_report, sandbox_state


def test_check_counts_the_entries_of_each_seed_list(runner: CliRunner, seed_lists: Path) -> None:
    result = expect(invoke(runner, "check", *sorted(seed_lists.glob("*.toml"))), ExitCode.OK)

    lines = result.stdout.splitlines()
    assert any(
        line.startswith(str(seed_lists / "rock-ballads.toml")) and ": 25 entries" in line
        for line in lines
    )
    assert any(
        line.startswith(str(seed_lists / "sorrow.toml")) and ": 7 entries" in line for line in lines
    )
    assert any(
        line.startswith(str(seed_lists / "tearjerkers.toml")) and ": 7 entries" in line
        for line in lines
    )
    assert lines[-1] == "3 list(s) OK, 39 entries in all."


def test_check_never_touches_the_network_or_writes_state(
    runner: CliRunner, seed_lists: Path
) -> None:
    expect(invoke(runner, "check", seed_lists / "sorrow.toml"), ExitCode.OK)

    assert not (seed_lists / ".syncer").exists()


def test_check_invalid_list_exits_2_naming_the_problem(runner: CliRunner, seed_lists: Path) -> None:
    sorrow = seed_lists / "sorrow.toml"
    sorrow.write_text(sorrow.read_text(encoding="utf-8") + "\n[[tracks]]\ntitle = 3\n")

    result = expect(invoke(runner, "check", sorrow), ExitCode.BAD_INPUT)

    assert "sorrow.toml:" in result.stderr
    assert "artist" in result.stderr  # the missing required key


def test_report_before_any_sync_exits_2_saying_what_to_run(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    result = expect(invoke(runner, "report", sorrow, "--sandbox"), ExitCode.BAD_INPUT)

    assert f"syncer sync {sorrow} --sandbox" in result.stderr


def test_report_prints_the_last_markdown_report(runner: CliRunner, seed_lists: Path) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    result = expect(invoke(runner, "report", tearjerkers, "--sandbox"), ExitCode.OK)

    written = (sandbox_state(tearjerkers) / "reports" / "tearjerkers.md").read_text(
        encoding="utf-8"
    )
    assert result.stdout == written
    assert "Like the beginning" in result.stdout  # the entry that needs attention


def test_report_json_prints_the_last_json_report(runner: CliRunner, seed_lists: Path) -> None:
    tearjerkers = seed_lists / "tearjerkers.toml"
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    result = expect(invoke(runner, "report", tearjerkers, "--sandbox", "--json"), ExitCode.OK)

    assert json.loads(result.stdout) == last_report(tearjerkers)


def test_report_honours_report_dir(runner: CliRunner, seed_lists: Path, tmp_path: Path) -> None:
    sorrow, reports = seed_lists / "sorrow.toml", tmp_path / "reports"
    expect(invoke(runner, "sync", sorrow, "--sandbox", "--report-dir", reports), ExitCode.OK)

    result = expect(
        invoke(runner, "report", sorrow, "--sandbox", "--report-dir", reports), ExitCode.OK
    )

    assert result.stdout == (reports / "sorrow.md").read_text(encoding="utf-8")
