"""The review page's side of syncer: the lists it may show, their reports, decisions, search,
covers and "Sync now". HTTP stays in `syncer.web.app`; this module knows nothing of it.

Public API: `ReviewSetup`, `Desk`, `Action`, `SyncJob`, `SyncStatus`, `PageRefusal`,
`report_exists`.

Only the lists given at start can be read or edited: requests name a list by its number in
that tuple, never by a path. A decision goes through the same list-editing code as `syncer pin`,
`reject`, `skip` and `alias` (`syncer.editing`: the file changes only at the addressed entry),
checked first to be about the entry the page showed, and under the list's lock, so it never
lands while a sync of that list runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from syncer.application import (
    ListNotRun,
    ListSynced,
    SyncListener,
    SyncOptions,
    SyncRun,
    Where,
    decisions,
    find_reports,
    read_last_report,
    run_options,
    sync_lists,
)
from syncer.application.decisions import ReportedEntry
from syncer.cancel import CancelToken
from syncer.cli.failures import os_error_message, unexpected_message
from syncer.cli.messages import describe, stop_line, worded
from syncer.config import Settings
from syncer.errors import Refusal, Refused, SyncerError, UserError
from syncer.lists import load_list
from syncer.model import SongList, Track
from syncer.outcome import SyncProblemKind
from syncer.report.document import Report
from syncer.session import SpotifySession
from syncer.spotify.client import SpotifyClient
from syncer.web.views import (
    ATTENTION,
    CandidateView,
    ListView,
    entry_view,
    track_view,
)

_SEARCH_LIMIT = 10
_STOPPED_FROM_PAGE = "stopped from the page"


@dataclass(frozen=True)
class ReviewSetup:
    """What `syncer review --web` was started with."""

    lists: tuple[Path, ...]
    state_dir: Path | None = None
    report_dir: Path | None = None
    sandbox: bool = False
    catalog: Path | None = None
    profile: str = "simple"

    @property
    def where(self) -> Where:
        return Where(self.state_dir, self.report_dir, self.sandbox, self.profile)


class Action(StrEnum):
    PIN = "pin"
    ACCEPT = "accept"  # pin the best candidate of the last report
    REJECT = "reject"
    SKIP = "skip"
    ALIAS = "alias"
    ARTIST_ALIAS = "artist-alias"


class Desk:
    def __init__(self, setup: ReviewSetup, settings: Settings, session: SpotifySession) -> None:
        self.setup = setup
        self.settings = settings
        self.session = session
        self.sync = SyncJob(self)
        self._covers: dict[str, str] = {}
        self._covers_lock = threading.Lock()

    # --- reading ---------------------------------------------------------------------------

    def overview(self) -> list[ListView]:
        return [self._list_view(n, path) for n, path in enumerate(self.setup.lists)]

    def _list_view(self, list_no: int, path: Path) -> ListView:
        try:
            songlist = load_list(path)
            report = self.last_report(path)
        except UserError as exc:
            return ListView(list_no, str(path), problem=describe(exc))
        entries = songlist.entries
        items = [
            entry_view(
                list_no, item, entries[item["index"]] if item["index"] < len(entries) else None
            )
            for item in report["entries"]
            if item["status"] in ATTENTION
        ]
        return ListView(
            list_no,
            str(path),
            playlist=songlist.playlist.name,
            entries=tuple(items),
            totals=report["totals"],
        )

    def last_report(self, path: Path) -> Report:
        where = self.setup.where
        json_path = find_reports(path, where, self.settings).json
        return read_last_report(path, json_path, options=run_options(where), command="review --web")

    def list_path(self, list_no: int) -> Path:
        if not 0 <= list_no < len(self.setup.lists):
            raise IndexError(list_no)
        return self.setup.lists[list_no]

    # --- deciding --------------------------------------------------------------------------

    def decide(
        self, list_no: int, index: int, action: Action, value: str, shown: tuple[str, str]
    ) -> str:
        """Write one decision into the list file; the words saying what was done.

        `shown` is the (title, artist) the page showed for entry `index`: the edit is refused
        if the file says otherwise now (it was edited meanwhile; another entry could be hit).
        """
        path = self.list_path(list_no)
        reported = ReportedEntry(index, *shown)
        with decisions.list_locked(path, self.setup.where, self.settings), _as_shown():
            entry = decisions.check_reported(path, reported)
            if action is Action.ACCEPT:
                value = self._best_candidate(path, index)
            _DECISIONS[action](path, reported, value)
        return f"{_DONE[action]} — {entry.title} ({value})"

    def _best_candidate(self, path: Path, index: int) -> str:
        for item in self.last_report(path)["entries"]:
            if item["index"] == index and item["candidates"]:
                return item["candidates"][0]["uri"]
        raise PageRefusal("This entry has no candidate to accept.")

    # --- Spotify ---------------------------------------------------------------------------

    def search(self, text: str, field: str) -> list[CandidateView]:
        """A Spotify search through the session's client: a free query, a title or an artist."""
        text = " ".join(text.split())
        if not text:
            return []
        query = {"title": f'track:"{text}"', "artist": f'artist:"{text}"'}.get(field, text)
        tracks = self._spotify().search_tracks(
            query, locale="ja", market=self.settings.market, limit=_SEARCH_LIMIT
        )
        self._remember_covers(tracks)
        return [track_view(t) for t in tracks]

    def cover_of(self, track_id: str) -> str:
        """The album cover of a track ("" when it has none), looked up once per track."""
        with self._covers_lock:
            known = self._covers.get(track_id)
        if known is not None:
            return known
        track = self._spotify().get_track(track_id, locale="ja", market=self.settings.market)
        self._remember_covers([track] if track else [])
        with self._covers_lock:
            return self._covers.setdefault(track_id, "")

    def _spotify(self) -> SpotifyClient:
        """A search or a cover is a run of its own: a rate limit that stopped one (or a sync)
        does not refuse the next for the rest of the page's life."""
        return self.session.for_run(None).spotify

    def _remember_covers(self, tracks: list[Track]) -> None:
        with self._covers_lock:
            self._covers.update({t.id: t.cover_url for t in tracks})

    # --- syncing -----------------------------------------------------------------------------

    def run_sync(
        self, paths: Sequence[Path], cancel: CancelToken, listener: SyncListener
    ) -> SyncRun:
        """One run over `paths` with the page's session, as `syncer sync` runs them: one wait
        budget, `cancel` as its Ctrl-C (see `sync_lists`)."""
        return sync_lists(
            paths,
            where=self.setup.where,
            settings=self.settings,
            options=SyncOptions(market=self.settings.market, concurrency=self.settings.concurrency),
            words=worded,
            listener=listener,
            cancel=cancel,
            session=self.session,
        )


def synced_line(synced: ListSynced) -> str:
    """What the page says of one list's part of a run, in the words the CLI uses."""
    name = synced.songlist.path.name
    if isinstance(synced, ListNotRun):
        return f"{name}: {_failure_words(synced.failure)}"
    outcome = synced.outcome
    stopped = outcome.failure is not None and outcome.failure.kind is SyncProblemKind.CANCELLED
    if synced.report is None:
        assert synced.report_failure is not None
        lost = f"the report could not be written: {os_error_message(synced.report_failure)}"
        return f"{name}: {outcome.problem}; state saved; {lost}" if stopped else f"{name}: {lost}"
    if stopped and outcome.problem:
        return f"{name}: {stop_line(outcome.problem)}"
    if outcome.problem:
        return f"{name}: {outcome.problem}"
    totals = synced.report["totals"]
    return f"{name}: {totals['matched'] + totals['pinned']} of {totals['entries']} placed"


def _failure_words(failure: Exception) -> str:
    if isinstance(failure, SyncerError):
        return describe(failure)
    if isinstance(failure, OSError):
        return os_error_message(failure)
    return unexpected_message(failure)


def report_exists(path: Path, setup: ReviewSetup, settings: Settings) -> bool:
    """Whether `path` has a report where the page would read it."""
    return find_reports(path, setup.where, settings).json.exists()


class PageRefusal(UserError):
    """A request the page cannot carry out, in words for the person."""

    def __init__(self, words: str) -> None:
        super().__init__(words)
        self.words = words


@contextmanager
def _as_shown() -> Iterator[None]:
    """A decision on an entry the list no longer has where the page showed it is refused in
    the page's words."""
    try:
        yield
    except Refused as refused:
        if refused.refusal is not Refusal.REPORT_OUTDATED:
            raise
        raise PageRefusal(
            "The list file changed since this page was shown; reload the page and decide again."
        ) from None


_DECISIONS: dict[Action, Callable[[Path, ReportedEntry, str], object]] = {
    Action.PIN: decisions.pin,
    Action.ACCEPT: decisions.pin,
    Action.REJECT: lambda p, e, v: decisions.reject(p, e, [v]),
    Action.SKIP: lambda p, e, v: decisions.skip(p, e, v or "not on Spotify"),
    Action.ALIAS: lambda p, e, v: decisions.alias(p, e, v),
    Action.ARTIST_ALIAS: lambda p, e, v: decisions.alias(p, e, v, artist=True),
}
_DONE = {
    Action.PIN: "Pinned",
    Action.ACCEPT: "Accepted",
    Action.REJECT: "Rejected",
    Action.SKIP: "Skipped",
    Action.ALIAS: "Alias added",
    Action.ARTIST_ALIAS: "Artist alias added",
}


# --- "Sync now" ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    running: bool = False
    list_name: str = ""
    done: int = 0
    total: int = 0
    lines: tuple[str, ...] = ()
    stopped: bool = False
    finished: bool = False


class SyncJob:
    """One run over every list at a time, in a thread, with progress and a stop. Each run has
    its own `CancelToken`, and so its own retry layer: a stop cuts a Retry-After wait short,
    and the next run starts with a fresh wait budget."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._cancel = CancelToken()
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def start(self) -> bool:
        """Start a sync of every list; False when one is already running."""
        with self._lock:
            if self._status.running:
                return False
            self._cancel = CancelToken()
            self._status = SyncStatus(running=True)
            self._thread = threading.Thread(target=self._run, name="review-sync", daemon=True)
            self._thread.start()
        return True

    def stop(self) -> None:
        self._cancel.cancel(_STOPPED_FROM_PAGE)

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        """Lists that fail `check` are told and left out, as on the page; the rest run as one."""
        paths = self._desk.setup.lists
        lines: dict[Path, str] = {}
        runnable = []
        for path in paths:
            try:
                load_list(path)
                runnable.append(path)
            except UserError as exc:
                lines[path] = f"{path.name}: {describe(exc)}"
        job = self

        class Heard(SyncListener):
            def list_started(self, songlist: SongList) -> None:
                job._update(list_name=songlist.path.name, done=0, total=len(songlist.entries))

            def progress(self, done: int, total: int) -> None:
                job._update(done=done, total=total)

            def list_finished(self, synced: ListSynced) -> None:
                lines[synced.songlist.path] = synced_line(synced)
                job._update(lines=tuple(lines[p] for p in paths if p in lines))

        failed: list[str] = []
        try:
            if runnable:
                self._desk.run_sync(runnable, self._cancel, Heard())
        except SyncerError as exc:  # the whole run failed (a login Spotify refuses...)
            failed.append(describe(exc))
        with self._lock:
            self._status = replace(
                self._status,
                lines=(*(lines[p] for p in paths if p in lines), *failed),
                running=False,
                finished=True,
                stopped=self._cancel.cancelled,
            )

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
