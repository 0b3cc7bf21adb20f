"""Report files through the CLI: a `--dry-run` never replaces the last real report; a report read
back must be one this version reads, or the command stops with an error naming the file and what
is wrong, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import ATTENTION_LIST, expect, invoke, last_report, sandbox_state


@pytest.fixture
def attention_list(tmp_path: Path) -> Path:
    path = tmp_path / "attention.toml"
    path.write_text(ATTENTION_LIST, encoding="utf-8")
    return path


def json_report(list_path: Path) -> Path:
    return sandbox_state(list_path) / "reports" / f"{list_path.stem}.json"


def rewrite_report(list_path: Path, **top_level: object) -> None:
    path = json_report(list_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(document | top_level), encoding="utf-8")


def test_accept_refuses_a_report_of_another_schema_version_naming_file_and_versions(
    runner: CliRunner, attention_list: Path
) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    rewrite_report(attention_list, schema_version=2)
    before = attention_list.read_text(encoding="utf-8")

    result = expect(
        invoke(runner, "accept", attention_list, "--all-review", "--sandbox"), ExitCode.BAD_INPUT
    )

    assert str(json_report(attention_list)) in result.stderr
    assert "schema_version 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert attention_list.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("damage", "named"),
    [("{not json", "not JSON"), ('{"schema_version": 1, "list": {}}', "list.path: missing")],
    ids=["not-json", "missing-key"],
)
def test_accept_refuses_a_damaged_report_naming_file_and_key(
    runner: CliRunner, attention_list: Path, damage: str, named: str
) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    json_report(attention_list).write_text(damage, encoding="utf-8")
    before = attention_list.read_text(encoding="utf-8")

    result = expect(
        invoke(runner, "accept", attention_list, "--all-review", "--sandbox"), ExitCode.BAD_INPUT
    )

    assert str(json_report(attention_list)) in result.stderr
    assert named in result.stderr
    assert attention_list.read_text(encoding="utf-8") == before


def report_files(list_path: Path) -> dict[str, bytes]:
    reports = sandbox_state(list_path) / "reports"
    return {p.name: p.read_bytes() for p in sorted(reports.iterdir())} if reports.exists() else {}


def test_dry_run_leaves_the_last_real_report_and_previous_json_alone(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    real = report_files(sorrow)
    assert set(real) == {"sorrow.md", "sorrow.json", "sorrow.previous.json"}

    result = expect(invoke(runner, "sync", sorrow, "--sandbox", "--dry-run"), ExitCode.OK)

    after = report_files(sorrow)
    assert {name: after[name] for name in real} == real
    assert set(after) - set(real) == {"sorrow.dry-run.md", "sorrow.dry-run.json"}
    rehearsal = json.loads(after["sorrow.dry-run.json"])
    assert rehearsal["playlist"]["dry_run"] is True
    since = rehearsal["changes_since_previous"]  # compared with the last real run
    assert since["previous_finished_at"] == last_report(sorrow)["finished_at"]
    assert "sorrow.dry-run.md" in result.stdout


def test_dry_run_before_any_sync_writes_only_its_own_report(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"

    expect(invoke(runner, "sync", sorrow, "--sandbox", "--dry-run"), ExitCode.CHANGES_PENDING)

    assert set(report_files(sorrow)) == {"sorrow.dry-run.md", "sorrow.dry-run.json"}
    missing = expect(invoke(runner, "report", sorrow, "--sandbox"), ExitCode.BAD_INPUT)
    assert f"syncer sync {sorrow} --sandbox" in missing.stderr
    shown = expect(invoke(runner, "report", sorrow, "--sandbox", "--dry-run"), ExitCode.OK)
    assert shown.stdout == report_files(sorrow)["sorrow.dry-run.md"].decode("utf-8")
    assert "Dry run:" in shown.stdout
