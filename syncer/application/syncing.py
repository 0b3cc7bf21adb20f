"""Syncing lists: the use case behind `syncer sync` (and the review page's "Sync now").

Public API: `SyncListener`, `ListRan`, `ListNotRun`, `ListSynced`, `SyncRun`, `sync_lists`,
`Words`.

One session (real Spotify, or the sandbox started in the first list's directories) and one
listing of the user's playlists serve every list of the run. Each list is synced under its own
lock in its own state directory and its report is written where `find_reports` finds it
(`list_dirs`). A list that cannot run (another run holds it, its state cannot be used, a
directory cannot be written, a bug) is told on its `ListSynced` and the other lists go on;
errors of the whole run (a login Spotify refuses...) are raised. Nothing here prints or words:
the face hears the run through a `SyncListener` and supplies the words reports carry (`words`,
e.g. `syncer.cli.messages.worded`).

Stopping: the run's `CancelToken` (a signal handler's, the page's "stop") reaches the run's
retry layer (whose waits it cuts short) and `sync_list`, which stops at its next safe point with a `CANCELLED` problem in that
list's report (see `syncer.sync`); the lists after it are not started, and `SyncRun.stopped`
says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from syncer.application.connection import SandboxSetup, connect
from syncer.application.dirs import Where, list_dirs
from syncer.application.reports import write_report
from syncer.cancel import Cancelled, CancelToken
from syncer.config import Settings
from syncer.errors import LockedError, StateError, SyncerError
from syncer.exitcodes import ExitCode
from syncer.lists import load_lists
from syncer.model import SongList
from syncer.outcome import ListOutcome
from syncer.report import Report
from syncer.session import SpotifySession
from syncer.sync import PlaylistDirectory, SyncOptions, sync_list

#: How a face words a run's outcome for its report (the layer itself never words).
Words = Callable[[ListOutcome], ListOutcome]


class SyncListener:
    """What a face hears of a run while it goes; every method does nothing unless overridden."""

    def connected(self, description: str) -> None:
        """The session is open; `description` says which Spotify it is (and where its state is)."""

    def list_started(self, songlist: SongList) -> None:
        """A list starts matching its entries."""

    def progress(self, done: int, total: int) -> None:
        """`done` of the current list's `total` entries are resolved."""

    def list_finished(self, synced: ListSynced) -> None:
        """A list is done (or could not run); its report is written, if it could be."""


@dataclass(frozen=True)
class ListRan:
    """A list that ran: its `outcome` (worded by the face), the exit code its run asks for,
    and its `report` with the report's Markdown file, unless writing the report failed
    (`report_failure`; the run itself is done and its state saved)."""

    songlist: SongList
    outcome: ListOutcome
    code: ExitCode
    report: Report | None = None
    report_file: Path | None = None
    report_failure: OSError | None = None


@dataclass(frozen=True)
class ListNotRun:
    """A list that could not run: `failure` is a `LockedError`, a `StateError`, an `OSError`
    (a directory that cannot be used) or, for a bug, any other exception."""

    songlist: SongList
    failure: Exception


#: One list's part of a run.
ListSynced = ListRan | ListNotRun


@dataclass(frozen=True)
class SyncRun:
    """A run over lists: each list's part, in order; `stopped` is the cancellation's reason
    when the run was stopped before its remaining lists."""

    lists: tuple[ListSynced, ...]
    stopped: str | None = None

    @property
    def reports(self) -> list[Report]:
        return [s.report for s in self.lists if isinstance(s, ListRan) and s.report is not None]


def sync_lists(
    list_paths: Sequence[Path],
    *,
    where: Where,
    settings: Settings,
    options: SyncOptions,
    words: Words,
    setup: SandboxSetup | None = None,
    listener: SyncListener | None = None,
    cancel: CancelToken | None = None,
    session: SpotifySession | None = None,
) -> SyncRun:
    """Sync every list (checked first: an invalid list raises `ListError` before anything is
    sent) into its playlist, writing each list's report; see the module doc.

    `session` is one the face holds open already (the review page's): the run gets its own
    retry layer on it (`SpotifySession.for_run`), so `cancel` cuts its Retry-After waits short
    and its wait budget and rate-limit stop are its own, as in a run that opens its own session
    in the first list's directories (`connect`) and closes it at the end.
    """
    songlists = load_lists(list_paths)
    hears = listener or SyncListener()
    token = cancel or CancelToken()
    done: list[ListSynced] = []
    first = songlists[0].path if songlists else None
    opened = (
        nullcontext(session.for_run(token))
        if session
        else connect(first, where, settings, setup, token)
    )
    try:
        with opened as live:
            hears.connected(live.description)
            run = _ListRuns(live, where, settings, options, words, token)
            for songlist in songlists:
                token.raise_if_cancelled()  # the lists after a stop are not started
                hears.list_started(songlist)
                done.append(run.sync(songlist, hears.progress))
                hears.list_finished(done[-1])
    except Cancelled as stop:
        return SyncRun(tuple(done), stopped=stop.reason)
    return SyncRun(tuple(done))


@dataclass
class _ListRuns:
    """What every list of a run shares: the session, one listing of the user's playlists, the
    options, the face's words and the run's `CancelToken`."""

    session: SpotifySession
    where: Where
    settings: Settings
    options: SyncOptions
    words: Words
    cancel: CancelToken
    directory: PlaylistDirectory = field(init=False)

    def __post_init__(self) -> None:
        self.directory = PlaylistDirectory(self.session.spotify)  # one listing for every list

    def sync(self, songlist: SongList, on_progress: Callable[[int, int], None]) -> ListSynced:
        """One list's run and its report; a list that cannot run is told, not raised."""
        dirs = list_dirs(songlist.path, self.where, self.settings)
        sandbox = self.session.sandbox
        try:
            result = sync_list(
                songlist,
                self.session.spotify,
                state_dir=dirs.state,
                options=self.options,
                on_progress=on_progress,
                sandbox_url=sandbox.base_url if sandbox else None,
                directory=self.directory,
                cancel=self.cancel,
            )
        except (LockedError, StateError, OSError) as exc:
            return ListNotRun(songlist, exc)
        except SyncerError:
            raise  # run-wide (a login Spotify refuses...): the face words it
        except Exception as exc:  # a bug: the face tells it, and the other lists go on
            return ListNotRun(songlist, exc)
        outcome = self.words(result.outcome)
        try:
            report_file, report = write_report(outcome, dirs.reports, dry_run=self.options.dry_run)
        except OSError as exc:
            return ListRan(songlist, outcome, result.code, report_failure=exc)
        return ListRan(songlist, outcome, result.code, report, report_file)
