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
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from syncer import editing
from syncer.cancel import Cancelled, CancelToken
from syncer.cli.messages import describe, worded
from syncer.cli.report_files import (
    last_report_paths,
    read_last_report,
    run_options,
    write_report,
)
from syncer.config import Settings
from syncer.errors import LockedError, SyncerError, UserError
from syncer.lists import load_list
from syncer.model import Entry, SongList, Track
from syncer.report.document import Report
from syncer.session import SpotifySession
from syncer.state import ListLock, default_state_dir
from syncer.sync import PlaylistDirectory, SyncOptions, sync_list
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
        _, json_path = last_report_paths(
            path,
            self.setup.state_dir,
            self.setup.report_dir,
            self.setup.sandbox,
            self.setup.profile,
        )
        options = run_options(self.setup.sandbox, self.setup.profile)
        return read_last_report(path, json_path, options=options, command="review --web")

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
        with ListLock(self._state_dir(path), path, create=False):
            expected = editing.fingerprint(path)
            entry = _the_entry(load_list(path), index, shown)
            if action is Action.ACCEPT:
                value = self._best_candidate(path, index)
            _EDITS[action](path, index, value, expected)
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
        tracks = self.session.spotify.search_tracks(
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
        track = self.session.spotify.get_track(track_id, locale="ja", market=self.settings.market)
        self._remember_covers([track] if track else [])
        with self._covers_lock:
            return self._covers.setdefault(track_id, "")

    def _remember_covers(self, tracks: list[Track]) -> None:
        with self._covers_lock:
            self._covers.update({t.id: t.cover_url for t in tracks})

    # --- where things are --------------------------------------------------------------------

    def _state_dir(self, path: Path) -> Path:
        base = self.setup.state_dir or self.settings.state_dir or default_state_dir(path)
        return self.session.state_dir_for(base)

    def _report_dir(self, path: Path) -> Path:
        state = self._state_dir(path)
        return self.setup.report_dir or self.settings.report_dir or state / "reports"

    # --- syncing -----------------------------------------------------------------------------

    def sync_one(
        self, songlist: SongList, cancel: CancelToken, progress: Callable[[int, int], None]
    ) -> str:
        """Sync one list with the page's session and write its reports; a line saying how."""

        result = sync_list(
            songlist,
            self.session.spotify,
            state_dir=self._state_dir(songlist.path),
            options=SyncOptions(market=self.settings.market, concurrency=self.settings.concurrency),
            on_progress=progress,
            cancel=cancel,
            sandbox_url=self.session.sandbox.base_url if self.session.sandbox else None,
            directory=PlaylistDirectory(self.session.spotify),
        )
        outcome = worded(result.outcome)
        _, report = write_report(outcome, self._report_dir(songlist.path))
        totals = report["totals"]
        placed = totals["matched"] + totals["pinned"]
        stopped = " (stopped)" if cancel.cancelled else ""
        return f"{songlist.path.name}: {placed} of {totals['entries']} placed{stopped}"


def report_exists(path: Path, setup: ReviewSetup) -> bool:
    """Whether `path` has a report where the page would read it."""
    _, json_path = last_report_paths(
        path, setup.state_dir, setup.report_dir, setup.sandbox, setup.profile
    )
    return json_path.exists()


class PageRefusal(UserError):
    """A request the page cannot carry out, in words for the person."""

    def __init__(self, words: str) -> None:
        super().__init__(words)
        self.words = words


def _the_entry(songlist: SongList, index: int, shown: tuple[str, str]) -> Entry:
    entries = songlist.entries
    if not 0 <= index < len(entries) or (entries[index].title, entries[index].artist) != shown:
        raise PageRefusal(
            "The list file changed since this page was shown; reload the page and decide again."
        )
    return entries[index]


def _pin(path: Path, index: int, value: str, expected: str) -> None:
    editing.pin(path, index, value, expected=expected)


_EDITS: dict[Action, Callable[[Path, int, str, str], object]] = {
    Action.PIN: _pin,
    Action.ACCEPT: _pin,
    Action.REJECT: lambda p, i, v, e: editing.add_reject(p, i, v, expected=e),
    Action.SKIP: lambda p, i, v, e: editing.set_skip(p, i, v or "not on Spotify", expected=e),
    Action.ALIAS: lambda p, i, v, e: editing.add_alias(p, i, v, expected=e),
    Action.ARTIST_ALIAS: lambda p, i, v, e: editing.add_artist_alias(p, i, v, expected=e),
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
    """One sync of every list at a time, in a thread, with progress and a stop."""

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
        lines: list[str] = []
        for path in self._desk.setup.lists:
            if self._cancel.cancelled:
                break
            self._update(list_name=path.name, done=0, total=0)
            lines.append(self._sync_path(path))
            self._update(lines=tuple(lines))
        with self._lock:
            self._status = replace(
                self._status, running=False, finished=True, stopped=self._cancel.cancelled
            )

    def _sync_path(self, path: Path) -> str:
        try:
            songlist = load_list(path)
            return self._desk.sync_one(
                songlist, self._cancel, lambda done, total: self._update(done=done, total=total)
            )
        except Cancelled:
            return f"{path.name}: stopped"
        except LockedError as exc:
            return f"{path.name}: {describe(exc)}"
        except SyncerError as exc:
            return f"{path.name}: {describe(exc)}"

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
