"""Report names through the CLI (issue 12, point 2, "whatever the state directory"): two lists of
the same file name whose state directories differ but whose reports share one directory
(`SYNCER_REPORT_DIR` or `--report-dir`) never overwrite each other's reports, never diff against
each other's, and `report`, `accept` find each list's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from syncer.application.reports import report_name
from syncer.exitcodes import ExitCode
from syncer.state import path_hash

from .cli_helpers import ATTENTION_LIST, entry_blocks, expect, invoke

# The same playlist name, other entries: entry 0 of this list is a review entry ("Love Phantom
# Song"), where entry 0 of ATTENTION_LIST matches cleanly ("WHY").
HOME_LIST = entry_blocks(ATTENTION_LIST)[0] + "".join(
    entry_blocks(ATTENTION_LIST)[i] for i in (5, 3)
)


@pytest.fixture
def two_sorrows(tmp_path: Path) -> tuple[Path, Path]:
    """work/sorrow.toml and home/sorrow.toml, each with its own default state directory."""
    work, home = tmp_path / "work" / "sorrow.toml", tmp_path / "home" / "sorrow.toml"
    for path, text in ((work, ATTENTION_LIST), (home, HOME_LIST)):
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return work, home


def files_in(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def report_of(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_lists_of_one_file_name_keep_their_own_reports_in_a_shared_report_dir(
    runner: CliRunner,
    two_sorrows: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work, home = two_sorrows
    shared = tmp_path / "reports"
    monkeypatch.setenv("SYNCER_REPORT_DIR", str(shared))
    home_name = f"sorrow-{path_hash(home.resolve())}"

    expect(invoke(runner, "sync", work, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    work_files = files_in(shared)
    expect(invoke(runner, "sync", home, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    # The first keeps today's names; the second gets its own and leaves the first's alone.
    assert {k: v for k, v in files_in(shared).items() if k in work_files} == work_files
    assert set(files_in(shared)) - set(work_files) == {f"{home_name}.md", f"{home_name}.json"}
    assert report_of(shared / "sorrow.json")["list"]["resolved"] == str(work.resolve())
    assert report_of(shared / f"{home_name}.json")["list"]["resolved"] == str(home.resolve())
    assert len(report_of(shared / f"{home_name}.json")["entries"]) == 2

    # Each list's next run is compared with its own previous report, never the other's.
    expect(invoke(runner, "sync", work, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    expect(invoke(runner, "sync", home, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    for name, path in (("sorrow", work), (home_name, home)):
        previous = report_of(shared / f"{name}.previous.json")
        assert previous["list"]["resolved"] == str(path.resolve())
        since = report_of(shared / f"{name}.json")["changes_since_previous"]
        assert since["previous_finished_at"] == previous["finished_at"]
        assert since["newly_unmatched"] == since["newly_matched"] == since["match_changed"] == []

    # `report` shows each list's own, the dry run too.
    expect(invoke(runner, "sync", home, "--sandbox", "--dry-run"), ExitCode.NEEDS_ATTENTION)
    assert not (shared / "sorrow.dry-run.json").exists()
    for name, path in (("sorrow", work), (home_name, home)):
        shown = expect(invoke(runner, "report", path, "--sandbox"), ExitCode.OK)
        assert shown.stdout == (shared / f"{name}.md").read_text(encoding="utf-8")
    rehearsal = expect(invoke(runner, "report", home, "--sandbox", "--dry-run"), ExitCode.OK)
    assert rehearsal.stdout == (shared / f"{home_name}.dry-run.md").read_text(encoding="utf-8")

    # `accept` reads home's report: its entry 0 is a review entry (work's entry 0 is matched).
    work_text = work.read_text(encoding="utf-8")
    expect(invoke(runner, "accept", home, "0", "--sandbox"), ExitCode.OK)
    assert "uri = " in entry_blocks(home.read_text(encoding="utf-8"))[1]
    assert work.read_text(encoding="utf-8") == work_text


def test_report_dir_option_shared_by_lists_of_two_state_dirs(
    runner: CliRunner, two_sorrows: tuple[Path, Path], tmp_path: Path
) -> None:
    work, home = two_sorrows
    shared = tmp_path / "reports"
    home_name = f"sorrow-{path_hash(home.resolve())}"

    for path in (work, home, work):
        expect(
            invoke(runner, "sync", path, "--sandbox", "--report-dir", shared),
            ExitCode.NEEDS_ATTENTION,
        )

    assert set(files_in(shared)) == {
        "sorrow.md",
        "sorrow.json",
        "sorrow.previous.json",
        f"{home_name}.md",
        f"{home_name}.json",
    }
    for name, path in (("sorrow", work), (home_name, home)):
        shown = expect(
            invoke(runner, "report", path, "--sandbox", "--json", "--report-dir", shared),
            ExitCode.OK,
        )
        assert json.loads(shown.stdout)["list"]["resolved"] == str(path.resolve())
        assert shown.stdout == (shared / f"{name}.json").read_text(encoding="utf-8")


def write_report_file(path: Path, owner: Path | None) -> None:
    listed: dict[str, object] = {"path": "x.toml", "stem": "x"}
    if owner is not None:
        listed["resolved"] = str(owner.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 1, "list": listed}), encoding="utf-8")


def test_report_name_keeps_own_and_older_reports_and_never_takes_another_lists(
    tmp_path: Path,
) -> None:
    reports = tmp_path / "reports"
    mine, other = tmp_path / "a" / "x.toml", tmp_path / "b" / "x.toml"
    hashed = f"x-{path_hash(mine.resolve())}"

    assert report_name(reports, mine, "x") == "x"  # nothing there yet: today's name
    write_report_file(reports / "x.json", None)
    assert report_name(reports, mine, "x") == "x"  # an older version's report: still its name
    write_report_file(reports / "x.json", other)
    assert report_name(reports, mine, "x") == hashed
    write_report_file(reports / "x.dry-run.json", mine)  # a dry run does not claim a taken name
    write_report_file(reports / "x.json", other)
    assert report_name(reports, mine, "x") == hashed
    write_report_file(reports / f"{hashed}.json", other)  # the 8-hex hash taken too
    assert report_name(reports, mine, "x") not in {"x", hashed}
    assert report_name(reports, mine, "x").startswith(f"{hashed}")
