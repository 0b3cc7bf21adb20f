"""Report files: where a list's reports live, writing them after a run and reading the last one.

Public API: `ReportFiles`, `report_paths`, `report_name`, `find_reports`, `write_report`,
`read_last_report`, `last_report`, `reports_elsewhere`, `OtherReport`, `run_of`, `run_options`.

A reports directory may be shared by lists of several state directories (`--report-dir`,
`SYNCER_REPORT_DIR`), so a list's name in its state directory is not enough to keep reports
apart. Every JSON report records its list's resolved path (`list.resolved`); `report_name` picks
a name whose reports are this list's or free, so a report of another list is never overwritten
nor read as this list's previous one. Choosing and writing happen under a lock on the directory.

The only place that reads or writes report files; `syncer.report` builds and renders the
document without I/O.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from syncer.application.dirs import Where, list_dirs
from syncer.atomic import write_text_atomically
from syncer.config import Settings
from syncer.errors import Refusal, Refused, ReportUnreadable
from syncer.outcome import ListOutcome
from syncer.report import (
    Report,
    build_report,
    parse_report,
    read_report,
    render_json,
    render_markdown,
)
from syncer.state import list_files, path_hash


class ReportFiles(NamedTuple):
    """A list's Markdown and JSON report files (either may not exist yet)."""

    markdown: Path
    json: Path


def report_paths(report_dir: Path, name: str, *, dry_run: bool = False) -> ReportFiles:
    """Where a list's Markdown and JSON reports live: `<report_dir>/<name>.md` and `.json`, or
    for a `--dry-run`, `<name>.dry-run.md` and `.dry-run.json` (never the real run's files).

    `name` is the list's name in the reports directory (`report_name`).
    """
    stem = f"{name}.dry-run" if dry_run else name
    return ReportFiles(report_dir / f"{stem}.md", report_dir / f"{stem}.json")


def report_name(report_dir: Path, list_path: Path, preferred: str) -> str:
    """The name of `list_path`'s reports in `report_dir`; reads, never writes.

    `preferred` is the list's name in its state directory (`<stem>`, or `<stem>-<hash>` when
    another list of that file name shares the state directory). When the reports of that name
    belong to another list (another state directory sharing this reports directory), the name
    is `<stem>-<8 hex of the resolved path>` (the full hash in the one-in-four-billion case
    that this too is taken). Reports already written under one of these names keep it.
    """
    resolved = list_path.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()
    names = [preferred, f"{list_path.stem}-{path_hash(resolved)}", f"{list_path.stem}-{digest}"]
    owners = {name: _owners(report_dir, name) for name in dict.fromkeys(names)}
    mine = str(resolved)
    for fits in (
        lambda found: mine in found and found <= {mine, None},  # this list's reports
        lambda found: found == {None},  # an older version's, which recorded no owner
        lambda found: not found,  # free
    ):
        for name, found in owners.items():
            if fits(found):
                return name
    raise AssertionError("the full hash of the list's path names no other list's reports")


def _owners(report_dir: Path, name: str) -> set[str | None]:
    """Whose reports are `<name>.json` and `<name>.dry-run.json`: their lists' resolved paths,
    None for a report without one (an older version's, or a file that is not a report)."""
    owners: set[str | None] = set()
    for dry_run in (False, True):
        _, path = report_paths(report_dir, name, dry_run=dry_run)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            owners.add(None)
            continue
        owner = document.get("list", {}).get("resolved") if isinstance(document, dict) else None
        owners.add(owner if isinstance(owner, str) else None)
    return owners


@contextlib.contextmanager
def _directory_locked(report_dir: Path) -> Iterator[None]:
    """Keeps two runs sharing `report_dir` from choosing the same free name at once."""
    report_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(report_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def find_reports(
    list_path: Path, where: Where, settings: Settings, *, dry_run: bool = False
) -> ReportFiles:
    """Where the last sync (or `--dry-run`) of `list_path` wrote its reports."""
    dirs = list_dirs(list_path, where, settings)
    name = report_name(dirs.reports, list_path, list_files(dirs.state, list_path).name)
    return report_paths(dirs.reports, name, dry_run=dry_run)


@dataclass(frozen=True)
class OtherReport:
    """A report of the list's run elsewhere (`run`: "spotify", "sandbox" or
    "sandbox-realistic") and the options that reach it."""

    run: str
    options: tuple[str, ...]
    path: Path


def run_of(where: Where) -> str:
    """Which run a command's options reach: "spotify", "sandbox" or "sandbox-realistic"."""
    if not where.sandbox:
        return "spotify"
    return "sandbox" if where.profile == "simple" else f"sandbox-{where.profile}"


def run_options(where: Where) -> tuple[str, ...]:
    """The options that reach that run (for a `syncer sync` hint)."""
    return next(options for run, *_, options in _RUNS if run == run_of(where))


_RUNS = (
    ("spotify", False, "simple", ()),
    ("sandbox", True, "simple", ("--sandbox",)),
    ("sandbox-realistic", True, "realistic", ("--sandbox", "--sandbox-profile", "realistic")),
)


def reports_elsewhere(
    list_path: Path,
    where: Where,
    settings: Settings,
    *,
    dry_run: bool = False,
    markdown: bool = False,
) -> tuple[OtherReport, ...]:
    """The list's reports of the runs `where` does not reach: right after the README's main
    job (a sandbox run), `syncer report LIST` finds none of Spotify, and the sandbox's is what
    the person means. `markdown`: name the Markdown reports, not the JSON."""
    found = []
    for run, sandbox, profile, options in _RUNS:
        if run == run_of(where):
            continue
        other = Where(where.state_dir, where.report_dir, sandbox, profile)
        files = find_reports(list_path, other, settings, dry_run=dry_run)
        path = files.markdown if markdown else files.json
        if path.is_file():
            found.append(OtherReport(run, (*options, *("--dry-run",) * dry_run), path))
    return tuple(found)


def write_report(
    outcome: ListOutcome, report_dir: Path, *, dry_run: bool = False
) -> tuple[Path, Report]:
    """Write `<name>.md` and `<name>.json` atomically, keeping the previous JSON for the diff.

    `<name>` is the list's name in `report_dir` (`report_name`). A dry run writes
    `<name>.dry-run.md` and `.dry-run.json` instead, compared with the last real run's report,
    and leaves that report and `<name>.previous.json` alone.
    Returns the Markdown report's path and the report document.
    """
    with _directory_locked(report_dir):
        return _write_report(outcome, report_dir, dry_run=dry_run)


def _write_report(outcome: ListOutcome, report_dir: Path, *, dry_run: bool) -> tuple[Path, Report]:
    list_path = outcome.songlist.path
    name = report_name(report_dir, list_path, outcome.report_name)
    md_path, json_path = report_paths(report_dir, name, dry_run=dry_run)
    _, real_json_path = report_paths(report_dir, name)
    previous = None
    try:
        previous_text = real_json_path.read_text(encoding="utf-8")
    except OSError:
        pass  # none yet, or unreadable: that only loses the diff, nothing else
    else:
        previous = parse_report(previous_text)
        if previous is not None and not dry_run:
            write_text_atomically(json_path.with_suffix(".previous.json"), previous_text)
    report = build_report(outcome, previous, resolved_path=str(list_path.resolve()))
    write_text_atomically(json_path, render_json(report))
    write_text_atomically(md_path, render_markdown(report))
    return md_path, report


def last_report(list_path: Path, where: Where, settings: Settings, command: str) -> Report:
    """The last real run's JSON report of `list_path` (see `read_last_report`); `command` is
    the one a person runs to read a report (`review`, `accept`...), for the refusal's hint."""
    return read_last_report(
        list_path,
        find_reports(list_path, where, settings).json,
        options=run_options(where),
        command=command,
        elsewhere=lambda: reports_elsewhere(list_path, where, settings),
    )


def read_last_report(
    list_file: Path,
    json_path: Path,
    *,
    options: tuple[str, ...],
    command: str,
    elsewhere: Callable[[], tuple[OtherReport, ...]] = tuple,
) -> Report:
    """The last JSON report of `list_file`, checked against the model.

    Raises Refused when there is none yet (naming the reports `elsewhere` finds, reached by
    `syncer COMMAND`; `options` reach this one's run), ReportUnreadable (with the path) when
    the file is not a report this version reads.
    """
    try:
        text = json_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Refused(
            Refusal.NO_REPORT_TO_READ,
            list_file=list_file,
            path=json_path,
            options=options,
            command=command,
            elsewhere=elsewhere(),
        ) from None
    except OSError as exc:
        raise ReportUnreadable(key="", problem=exc.strerror or str(exc), path=json_path) from None
    try:
        return read_report(text)
    except ReportUnreadable as exc:
        exc.path = json_path
        raise
