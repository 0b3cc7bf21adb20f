"""`syncer sync`, `syncer check` and `syncer report`."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

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
    report_dir_for,
    state_dir_for,
)
from syncer.cli.failures import DEBUG, os_error_message, unexpected_message
from syncer.cli.login_notice import tell_if_login_ending
from syncer.cli.messages import Refusal, Refused, describe, worded
from syncer.cli.report_files import (
    last_report_paths,
    reports_elsewhere,
    run_options,
    write_report,
)
from syncer.config import DEFAULT_CONCURRENCY, Settings
from syncer.console import Console
from syncer.errors import LockedError, StateError, StateOfAnotherList, SyncerError
from syncer.exitcodes import ExitCode, worst
from syncer.lists import load_lists
from syncer.model import SongList
from syncer.report import Report
from syncer.session import SpotifySession, open_session
from syncer.sync import PlaylistDirectory, SyncOptions, sync_list

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
        songlists = load_lists(lists)
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
        base = state_dir_for(songlists[0].path if songlists else None, state_dir, settings)
        reports: list[Report] = []
        codes: list[ExitCode] = []
        with open_session(
            settings,
            base,
            sandbox=sandbox,
            catalog=catalog,
            faults=sandbox_faults,
            reset=sandbox_reset,
            profile=sandbox_profile.value,
        ) as session:
            console.note(session.description)
            directory = PlaylistDirectory(session.spotify)  # one listing serves every list
            for songlist in songlists:
                code, report = _sync_one(
                    songlist, session, options, console, settings, state_dir, report_dir, directory
                )
                codes.append(code)
                if report is not None:
                    reports.append(report)
        console.summary(reports)
        if not sandbox and not as_json:  # after the run: an ended login is told by its failure
            tell_if_login_ending(console, settings, quiet=quiet)
        if as_json:
            typer.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        raise typer.Exit(int(worst(codes)))


def _sync_one(
    songlist: SongList,
    session: SpotifySession,
    options: SyncOptions,
    console: Console,
    settings: Settings,
    state_dir: Path | None,
    report_dir: Path | None,
    directory: PlaylistDirectory,
) -> tuple[ExitCode, Report | None]:
    """Sync one list; its failures are reported and the other lists go on."""
    list_state = session.state_dir_for(state_dir_for(songlist.path, state_dir, settings))
    try:
        with console.progress(f"Matching {songlist.path.name}", len(songlist.entries)) as advance:
            result = sync_list(
                songlist,
                session.spotify,
                state_dir=list_state,
                options=options,
                on_progress=advance,
                sandbox_url=session.sandbox.base_url if session.sandbox else None,
                directory=directory,
            )
    except LockedError as exc:
        console.problem(f"{songlist.path}: {describe(exc)}")
        return ExitCode.LOCKED, None
    except StateOfAnotherList as exc:
        console.problem(describe(exc))
        return ExitCode.BAD_INPUT, None
    except StateError as exc:
        console.problem(f"{songlist.path}: {describe(exc)}")
        return ExitCode.BAD_INPUT, None
    except OSError as exc:  # the state directory cannot be written: the other lists go on
        console.problem(f"{songlist.path}: {os_error_message(exc)}")
        return ExitCode.BAD_INPUT, None
    except SyncerError:
        raise  # run-wide (a login Spotify refuses...): `handled` words it
    except Exception as exc:  # a bug: told in one line, and the other lists go on
        if DEBUG["enabled"]:
            raise
        console.problem(f"{songlist.path}: {unexpected_message(exc)}")
        return ExitCode.UNEXPECTED, None
    outcome = worded(result.outcome)
    if outcome.problem:
        console.problem(f"{songlist.path}: {outcome.problem}")
    try:
        reports = report_dir_for(list_state, report_dir, settings)
        md_path, report = write_report(outcome, reports, dry_run=options.dry_run)
    except OSError as exc:  # the run itself is done and its state saved; only the report is lost
        console.problem(
            f"{songlist.path}: the report could not be written: {os_error_message(exc)}"
        )
        return worst([result.code, ExitCode.BAD_INPUT]), None
    console.note(f"{songlist.path}: report in {md_path}")
    return result.code, report


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
        md_path, json_path = last_report_paths(
            list_file, state_dir, report_dir, sandbox, sandbox_profile.value, dry_run=dry_run
        )
        path = json_path if as_json else md_path
        if not path.exists():
            profile = sandbox_profile.value
            raise Refused(
                Refusal.NO_REPORT_YET,
                list_file=list_file,
                path=path,
                options=run_options(sandbox, profile) + ("--dry-run",) * dry_run,
                command="report",
                elsewhere=reports_elsewhere(
                    list_file,
                    state_dir,
                    report_dir,
                    (sandbox, profile),
                    dry_run=dry_run,
                    markdown=not as_json,
                ),
            )
        typer.echo(path.read_text(encoding="utf-8"), nl=False)
