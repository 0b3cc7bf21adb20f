"""Report files: where a list's reports live, writing them after a run and reading the last one.

Public API: `report_paths`, `last_report_paths`, `write_report`, `read_last_report`.

The only place that reads or writes report files; `syncer.report` builds and renders the
document without I/O.
"""

from __future__ import annotations

from pathlib import Path

from syncer.atomic import write_text_atomically
from syncer.cli.app import load_cli_settings, report_dir_for, state_dir_for
from syncer.cli.messages import Refusal, Refused
from syncer.errors import ReportUnreadable
from syncer.outcome import ListOutcome
from syncer.report import (
    Report,
    build_report,
    parse_report,
    read_report,
    render_json,
    render_markdown,
)
from syncer.session import sandbox_dirname
from syncer.state import list_files


def report_paths(report_dir: Path, name: str, *, dry_run: bool = False) -> tuple[Path, Path]:
    """Where a list's Markdown and JSON reports live: `<report_dir>/<name>.md` and `.json`, or
    for a `--dry-run`, `<name>.dry-run.md` and `.dry-run.json` (never the real run's files).

    `name` is the list's file name in its state directory (`syncer.state.list_files`).
    """
    stem = f"{name}.dry-run" if dry_run else name
    return report_dir / f"{stem}.md", report_dir / f"{stem}.json"


def last_report_paths(
    list_file: Path,
    state_dir: Path | None,
    report_dir: Path | None,
    sandbox: bool,
    profile: str = "simple",
    *,
    dry_run: bool = False,
) -> tuple[Path, Path]:
    """Where the last sync (or `--dry-run`) of `list_file` wrote its Markdown and JSON reports."""
    settings = load_cli_settings()
    base = state_dir_for(list_file, state_dir, settings)
    if sandbox:
        base = base / sandbox_dirname(profile)
    name = list_files(base, list_file).name
    return report_paths(report_dir_for(base, report_dir, settings), name, dry_run=dry_run)


def write_report(
    outcome: ListOutcome, report_dir: Path, *, dry_run: bool = False
) -> tuple[Path, Report]:
    """Write `<name>.md` and `<name>.json` atomically, keeping the previous JSON for the diff.

    A dry run writes `<name>.dry-run.md` and `.dry-run.json` instead, compared with the last
    real run's report, and leaves that report and `<name>.previous.json` alone.
    Returns the Markdown report's path and the report document.
    """
    md_path, json_path = report_paths(report_dir, outcome.report_name, dry_run=dry_run)
    _, real_json_path = report_paths(report_dir, outcome.report_name)
    report_dir.mkdir(parents=True, exist_ok=True)
    previous = None
    try:
        previous_text = real_json_path.read_text(encoding="utf-8")
    except OSError:
        pass  # none yet, or unreadable: that only loses the diff, nothing else
    else:
        previous = parse_report(previous_text)
        if previous is not None and not dry_run:
            write_text_atomically(json_path.with_suffix(".previous.json"), previous_text)
    report = build_report(outcome, previous)
    write_text_atomically(json_path, render_json(report))
    write_text_atomically(md_path, render_markdown(report))
    return md_path, report


def read_last_report(list_file: Path, json_path: Path, *, sandbox: bool) -> Report:
    """The last JSON report of `list_file`, checked against the model.

    Raises Refused when there is none yet, ReportUnreadable (with the path) when the file
    is not a report this version reads.
    """
    try:
        text = json_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        options = ("--sandbox",) * sandbox
        raise Refused(
            Refusal.NO_REPORT_TO_READ, list_file=list_file, path=json_path, options=options
        ) from None
    except OSError as exc:
        raise ReportUnreadable(key="", problem=exc.strerror or str(exc), path=json_path) from None
    try:
        return read_report(text)
    except ReportUnreadable as exc:
        exc.path = json_path
        raise
