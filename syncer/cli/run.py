"""`syncer sync`, `syncer check` and `syncer report`."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from syncer.application import (
    ListNotRun,
    ListSynced,
    SandboxSetup,
    SyncListener,
    SyncOptions,
    Where,
    find_reports,
    reports_elsewhere,
    run_options,
    sync_lists,
)
from syncer.cancel import CancelToken
from syncer.cli.app import (
    CatalogOpt,
    ListArg,
    ListsArg,
    SandboxOpt,
    SandboxProfile,
    SandboxProfileOpt,
    StateDirOpt,
    app,
    handled,
    load_cli_settings,
)
from syncer.cli.failures import DEBUG, os_error_message, unexpected_message
from syncer.cli.login_notice import tell_if_login_ending
from syncer.cli.messages import describe, exit_meaning, news_line, stop_line, worded
from syncer.cli.signals import exit_now, stopping_on_signals
from syncer.config import DEFAULT_CONCURRENCY
from syncer.console import Console, ProgressBar
from syncer.errors import LockedError, Refusal, Refused, StateError, StateOfAnotherList
from syncer.exitcodes import ExitCode, stopped_code, worst
from syncer.lists import load_lists
from syncer.model import SongList
from syncer.outcome import ListOutcome, SyncProblemKind
from syncer.report import Report
from syncer.report.diff import NEEDS_ATTENTION

_SANDBOX_OPTIONS = ("--catalog", "--sandbox-profile", "--sandbox-faults", "--sandbox-reset")


@app.command()
def sync(
    lists: ListsArg,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Search and plan, change nothing; exit 6 if changes are pending."
        ),
    ] = False,
    mirror: Annotated[
        bool,
        typer.Option(
            "--mirror",
            help="Make the playlist an exact copy of the list (removes hand-added tracks).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Allow a sync that removes more than half a playlist.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ignore the match cache; search every entry again.")
    ] = False,
    accept_review: Annotated[
        bool,
        typer.Option("--accept-review", help="Also add the best candidate of review entries."),
    ] = False,
    recreate: Annotated[
        bool,
        typer.Option("--recreate", help="Create a new playlist if the remembered one was deleted."),
    ] = False,
    market: Annotated[
        str | None, typer.Option("--market", help="Market for lists that set none, e.g. JP.")
    ] = None,
    state_dir: StateDirOpt = None,
    report_dir: Annotated[
        Path | None,
        typer.Option("--report-dir", help="Where reports go (default: <state dir>/reports)."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency",
            min=1,
            max=16,
            help=f"Concurrent searches (default {DEFAULT_CONCURRENCY}).",
        ),
    ] = None,
    max_wait: Annotated[
        float | None,
        typer.Option(
            "--max-wait",
            min=0,
            help="Seconds the run may spend waiting on rate limits and retries (default 120).",
        ),
    ] = None,
    sandbox: SandboxOpt = False,
    catalog: CatalogOpt = None,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
    sandbox_faults: Annotated[
        str | None,
        typer.Option(
            "--sandbox-faults", help="Sandbox fault spec, e.g. '429=0.1,500=0.05,seed=7'."
        ),
    ] = None,
    sandbox_reset: Annotated[
        bool,
        typer.Option(
            "--sandbox-reset", help="Start the sandbox account empty (forget its playlists)."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the run's reports as JSON on stdout.")
    ] = False,
) -> None:
    """Match every entry of each list on Spotify and sync the matches into its playlist.

    Example: syncer sync lists/tearjerkers.toml
    """
    console = Console.for_stdout(quiet=quiet or as_json)
    if quiet:
        logging.getLogger("syncer").setLevel(logging.ERROR)  # retries that worked are not news
    with handled(console):
        realistic = sandbox_profile is not SandboxProfile.SIMPLE
        if (catalog or sandbox_faults or sandbox_reset or realistic) and not sandbox:
            raise Refused(Refusal.SANDBOX_ONLY, options=_SANDBOX_OPTIONS)
        settings = load_cli_settings(market=market, concurrency=concurrency, max_wait=max_wait)
        options = SyncOptions(
            dry_run=dry_run,
            mirror=mirror,
            force=force,
            refresh=refresh,
            accept_review=accept_review,
            recreate=recreate,
            market=settings.market,
            concurrency=settings.concurrency,
        )
        printed = _Printed(console, quiet=quiet, sandbox=sandbox)
        token = CancelToken()  # SIGINT and SIGTERM stop the run at its next safe point
        with stopping_on_signals(token):
            run = sync_lists(
                lists,
                where=Where(state_dir, report_dir, sandbox, sandbox_profile.value),
                settings=settings,
                options=options,
                words=worded,
                setup=SandboxSetup(catalog, sandbox_faults, sandbox_reset),
                listener=printed,
                cancel=token,
            )
        console.summary(run.reports)
        if not sandbox and not as_json:  # after the run: an ended login is told by its failure
            tell_if_login_ending(console, settings, quiet=quiet)
        if as_json:
            typer.echo(json.dumps(run.reports, ensure_ascii=False, indent=2))
        stopped = [stopped_code(run.stopped)] if run.stopped else []  # lists left unstarted
        code = worst(printed.codes + stopped)
        console.note(exit_meaning(code))
        exit_now(token, int(code))  # after a second Ctrl-C, searches in flight are not awaited
        raise typer.Exit(int(code))


class _Printed(SyncListener):
    """Prints a run as it goes: a progress bar per list, then its problems and its report's
    place (a stopped list in one line; under --quiet only news, a list whose entries needing
    attention changed, and failures); collects each list's exit code."""

    def __init__(self, console: Console, *, quiet: bool, sandbox: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.sandbox = sandbox
        self.codes: list[ExitCode] = []
        self._bar = ProgressBar(console)

    def connected(self, description: str) -> None:
        self.console.note(description)

    def list_started(self, songlist: SongList) -> None:
        self._bar.start(f"Matching {songlist.path.name}", len(songlist.entries))

    def progress(self, done: int, total: int) -> None:
        self._bar.advance(done, total)

    def list_finished(self, synced: ListSynced) -> None:
        self._bar.stop()
        self.codes.append(self._told(synced))

    def _told(self, synced: ListSynced) -> ExitCode:
        """Tell one list's part; its exit code."""
        path = synced.songlist.path
        if isinstance(synced, ListNotRun):
            return self._failed(path, synced.failure)
        outcome = synced.outcome
        stop = outcome.problem if _was_stopped(outcome) else None  # a stop asked for
        if outcome.problem and not stop:
            self.console.problem(f"{path}: {outcome.problem}")
        if synced.report_failure is not None:
            # the run itself is done and its state saved; only the report is lost
            if stop:
                self.console.problem(f"{path}: {stop}; state saved")
            reason = os_error_message(synced.report_failure)
            self.console.problem(f"{path}: the report could not be written: {reason}")
            return worst([synced.code, ExitCode.BAD_INPUT])
        if stop:
            self.console.problem(f"{path}: {stop_line(stop)}")
            return synced.code
        self.console.note(f"{path}: report in {synced.report_file}")
        if self.quiet and synced.report is not None and not outcome.problem:
            self._news(path, synced.report)  # a failure was told already
        return synced.code

    def _news(self, path: Path, report: Report) -> None:
        """Under --quiet: one line when the list's entries needing attention changed."""
        look = f"syncer report {path}" + (" --sandbox" if self.sandbox else "")
        attention = sum(report["totals"][s.value] for s in NEEDS_ATTENTION)
        line = news_line(path, report["changes_since_previous"], attention, look)
        if line:
            self.console.news(line)

    def _failed(self, path: Path, failure: Exception) -> ExitCode:
        """A list that could not run; the other lists went on."""
        if isinstance(failure, LockedError):
            self.console.problem(f"{path}: {describe(failure)}")
            return ExitCode.LOCKED
        if isinstance(failure, StateOfAnotherList):
            self.console.problem(describe(failure))
            return ExitCode.BAD_INPUT
        if isinstance(failure, StateError):
            self.console.problem(f"{path}: {describe(failure)}")
            return ExitCode.BAD_INPUT
        if isinstance(failure, OSError):  # the state directory cannot be written
            self.console.problem(f"{path}: {os_error_message(failure)}")
            return ExitCode.BAD_INPUT
        if DEBUG["enabled"]:
            raise failure
        self.console.problem(f"{path}: {unexpected_message(failure)}")  # a bug, in one line
        return ExitCode.UNEXPECTED


def _was_stopped(outcome: ListOutcome) -> bool:
    return outcome.failure is not None and outcome.failure.kind is SyncProblemKind.CANCELLED


@app.command()
def check(lists: ListsArg) -> None:
    """Validate list files without touching the network, and count their entries.

    Example: syncer check lists/*.toml
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        songlists = load_lists(lists)
        total = 0
        for songlist in songlists:
            entries = songlist.entries
            pinned = sum(1 for e in entries if e.uri)
            skipped = sum(1 for e in entries if e.skip)
            total += len(entries)
            typer.echo(
                f"{songlist.path}: {len(entries)} entries ({pinned} pinned, {skipped} skipped)"
                f" -> playlist {songlist.playlist.name!r}"
            )
        typer.echo(f"{len(songlists)} list(s) OK, {total} entries in all.")


@app.command()
def report(
    list_file: ListArg,
    state_dir: StateDirOpt = None,
    report_dir: Annotated[
        Path | None, typer.Option("--report-dir", help="Where reports are.")
    ] = None,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="Show the report of the last sandbox run.")
    ] = False,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report instead of Markdown.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the report of the last --dry-run instead.")
    ] = False,
) -> None:
    """Print the last report of a list.

    Example: syncer report lists/tearjerkers.toml
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        where = Where(state_dir, report_dir, sandbox, sandbox_profile.value)
        settings = load_cli_settings()
        files = find_reports(list_file, where, settings, dry_run=dry_run)
        path = files.json if as_json else files.markdown
        if not path.exists():
            elsewhere = reports_elsewhere(
                list_file, where, settings, dry_run=dry_run, markdown=not as_json
            )
            raise Refused(
                Refusal.NO_REPORT_YET,
                list_file=list_file,
                path=path,
                options=run_options(where) + ("--dry-run",) * dry_run,
                command="report",
                elsewhere=elsewhere,
            )
        typer.echo(path.read_text(encoding="utf-8"), nl=False)
