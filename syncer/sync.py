"""Orchestration: one list, from entries to a verified playlist, a saved state and a report.

Public API: `SyncOptions`, `ListResult`, `SpotifyService`, `sync_list`, `resolve_entries`,
`MARKER`. The CLI writes the report (`syncer.cli.report_files`).

The algorithm for one list, under the list's lock:
1. Resolve every entry (`syncer.resolve`), concurrently, reusing the match cache for entries
   whose matching inputs did not change. A search that keeps failing makes that entry `error`;
   a rate limit beyond the run's budget stops the run early with a partial report.
2. Find the playlist: the one remembered in state, else the user's own playlist of that name
   carrying our marker, else a new private one (never someone else's, never deleted).
3. Read what is in it: one metadata read; when its snapshot is the one we left, the contents
   we recorded are still true and the items are not read again.
4. Plan (`syncer.plan`, pure), refuse a plan that would remove more than half the playlist
   without `--force`, apply it step by step, then read the playlist back to verify. A write
   whose outcome is unknown (5xx, timeout, lost response) is never re-sent blindly: the
   playlist is read again and re-planned from what is really there.
5. Save state atomically after every write (so an interrupted run leaves a true record), and
   return the outcome for the report.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from syncer.config import DEFAULT_CONCURRENCY
from syncer.details import DESCRIPTION_MAX, MARKER
from syncer.errors import (
    AuthError,
    PlaylistProblem,
    RateLimited,
    SpotifyRequestError,
    SpotifyUnavailable,
    VerifyError,
    WriteOutcomeUnknown,
)
from syncer.exitcodes import ExitCode
from syncer.match import MATCHER_VERSION, Thresholds, Weights, mark_duplicates
from syncer.model import (
    Entry,
    PlaylistInfo,
    PlaylistItem,
    RequestCounter,
    Resolution,
    SongList,
    Status,
    Track,
)
from syncer.outcome import ListOutcome, PlaylistChanges, TrackRef
from syncer.plan import PlaylistPlan, plan, removal_share
from syncer.ports import PlaylistStore, TrackSearch
from syncer.resolve import resolve
from syncer.state import ListState, StateJournal, match_cache_key, open_journal

log = logging.getLogger(__name__)

_DESCRIPTION_LIMIT = DESCRIPTION_MAX
_CACHEABLE = frozenset(
    {Status.MATCHED, Status.PINNED, Status.REVIEW, Status.UNMATCHED, Status.SKIPPED}
)


class SpotifyService(TrackSearch, PlaylistStore, Protocol):
    """What a sync needs from Spotify: search and playlists, with a request counter."""

    counter: RequestCounter


@dataclass(frozen=True)
class SyncOptions:
    dry_run: bool = False
    mirror: bool = False
    force: bool = False
    refresh: bool = False
    accept_review: bool = False
    recreate: bool = False
    market: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    weights: Weights = field(default_factory=Weights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    max_replans: int = 8
    guard_share: float = 0.5


@dataclass(frozen=True)
class ListResult:
    outcome: ListOutcome
    code: ExitCode


ProgressCallback = Callable[[int, int], None]


def sync_list(
    songlist: SongList,
    spotify: SpotifyService,
    *,
    state_dir: Path,
    options: SyncOptions,
    on_progress: ProgressCallback | None = None,
    sandbox_url: str | None = None,
) -> ListResult:
    """Sync one list; never raises for problems that belong in the report (see module doc).

    Raises `LockedError` when another run holds the list, `AuthError` when the token is
    unusable, and `StateError` for a corrupt state file: those stop before anything is sent.
    """
    started = _now()
    before = dict(spotify.counter.counts)
    with open_journal(state_dir, songlist.path, dry_run=options.dry_run) as journal:
        run = _ListRun(songlist, spotify, journal, options)
        code = run.execute(on_progress)
    requests = _counts_since(before, spotify.counter.counts)
    outcome = ListOutcome(
        songlist=songlist,
        resolutions=tuple(run.resolutions),
        changes=run.changes,
        requests=requests,
        problem=run.problem,
        started_at=started,
        finished_at=_now(),
        sandbox_url=sandbox_url,
        file_name=journal.files.name,
    )
    return ListResult(outcome=outcome, code=code)


def resolve_entries(
    songlist: SongList,
    search: TrackSearch,
    *,
    options: SyncOptions,
    state: ListState,
    on_progress: ProgressCallback | None = None,
) -> tuple[list[Resolution], BaseException | None]:
    """Every entry's resolution, in list order, and the exception that stopped the run early.

    Cached decisions (`state.matches`) are reused unless `options.refresh`; the cache is updated
    in place with every new cacheable decision and forgets entries no longer in the list. Entries left unresolved after an early stop are `error`.
    """
    market = songlist.playlist.market or options.market
    keys = [match_cache_key(e, market, MATCHER_VERSION) for e in songlist.entries]
    cached = state.matches
    results: list[Resolution | None] = [None if options.refresh else cached.get(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    stop = _StopSignal()
    done = len(songlist.entries) - len(todo)
    progress_lock = threading.Lock()

    def work(i: int) -> None:
        nonlocal done
        results[i] = _resolve_one(songlist, i, search, market, options, stop)
        with progress_lock:
            done += 1
            if on_progress:
                on_progress(done, len(songlist.entries))

    if on_progress:
        on_progress(done, len(songlist.entries))
    with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        list(pool.map(work, todo))
    final = [r if r is not None else _stopped() for r in results]
    state.retain_matches(keys)  # forget entries no longer in the list, then remember the new
    for key, resolution in zip(keys, final, strict=True):
        if resolution.status in _CACHEABLE:
            state.matches[key] = resolution
    return mark_duplicates(final), stop.reason


class _StopSignal:
    """Set by the first worker that hits a run-ending error; the others then stop starting."""

    def __init__(self) -> None:
        self.reason: BaseException | None = None
        self._lock = threading.Lock()

    def set(self, exc: BaseException) -> None:
        with self._lock:
            if self.reason is None:
                self.reason = exc

    @property
    def is_set(self) -> bool:
        return self.reason is not None


def _resolve_one(
    songlist: SongList,
    index: int,
    search: TrackSearch,
    market: str | None,
    options: SyncOptions,
    stop: _StopSignal,
) -> Resolution:
    if stop.is_set:
        return _stopped()
    entry = songlist.entries[index]
    try:
        return resolve(
            entry,
            search,
            market=market,
            weights=options.weights,
            thresholds=options.thresholds,
        )
    except (RateLimited, AuthError) as exc:
        stop.set(exc)
        return _stopped()
    except (SpotifyUnavailable, SpotifyRequestError) as exc:
        return Resolution(status=Status.ERROR, reason=f"Spotify kept failing: {exc}")


def _stopped() -> Resolution:
    return Resolution(status=Status.ERROR, reason="not searched: the run stopped early")


class _ListRun:
    """The mutable bookkeeping of one list's run; `execute` is the algorithm."""

    def __init__(
        self,
        songlist: SongList,
        spotify: SpotifyService,
        journal: StateJournal,
        options: SyncOptions,
    ) -> None:
        self.songlist = songlist
        self.spotify = spotify
        self.journal = journal
        self.state = journal.state
        self.options = options
        self.resolutions: list[Resolution] = []
        self.changes: PlaylistChanges | None = None
        self.problem: str | None = None
        self._item_names: dict[str, TrackRef] = {}
        self._chosen: dict[str, TrackRef] = {}  # names of the tracks entries resolved to
        self._snapshot: str | None = None  # the playlist version known to match what we saw

    def execute(self, on_progress: ProgressCallback | None) -> ExitCode:
        self.resolutions, stopped_by = resolve_entries(
            self.songlist,
            self.spotify,
            options=self.options,
            state=self.state,
            on_progress=on_progress,
        )
        if stopped_by is not None:
            return self._stop_early(stopped_by)
        try:
            code = self._sync_playlist()
        except RateLimited as exc:
            return self._stop_early(exc)
        except PlaylistProblem as exc:
            self.problem = str(exc)
            return ExitCode.BAD_INPUT
        except (SpotifyUnavailable, SpotifyRequestError, VerifyError) as exc:
            self.problem = f"the playlist could not be synced: {exc}"
            self._save()
            return ExitCode.SPOTIFY_FAILURE
        self._save()
        return code

    def _stop_early(self, exc: BaseException) -> ExitCode:
        if isinstance(exc, AuthError):
            raise exc
        self.problem = (
            f"stopped early: {exc}. Everything resolved so far is saved; run again later to finish."
        )
        self._save()
        return ExitCode.RATE_LIMITED

    def _save(self) -> None:
        self.journal.save()

    # -- the playlist -------------------------------------------------------------------------

    def _sync_playlist(self) -> ExitCode:
        desired = self._desired()
        info, created = self._playlist()
        if info is None:  # dry run, no playlist yet
            return self._dry_run_report(desired, current=[], created=True)
        current = self._current_uris(info, created)
        self._snapshot = info.snapshot_id or None
        first = self._plan(desired, current)
        self._guard(first, current)
        details_pending = self._details_differ(info)
        if self.options.dry_run:
            pending = not first.is_empty or details_pending
            self._record_changes(first, current, list(first.result), created=False)
            return ExitCode.CHANGES_PENDING if pending else self._entries_code()
        if details_pending:
            self._apply_details(info)
        final = self._write_until_converged(info.id, desired, current, first)
        self._record_changes(first, current, final, created)
        self._remember(info.id, final)
        return self._entries_code()

    def _desired(self) -> list[str]:
        wanted: list[str] = []
        for entry, r in zip(self.songlist.entries, self.resolutions, strict=True):
            if r.status is Status.ERROR:
                # Spotify failed us this time: keep the last known decision rather than
                # removing a track only because a search errored.
                r = self._last_known(entry) or r
            accepted = r.wanted or (
                self.options.accept_review and r.status is Status.REVIEW and r.uri
            )
            if accepted and r.uri and r.uri not in wanted:
                wanted.append(r.uri)
        return wanted

    def _last_known(self, entry: Entry) -> Resolution | None:
        return self.state.matches.get(match_cache_key(entry, self._market, MATCHER_VERSION))

    @property
    def _market(self) -> str | None:
        return self.songlist.playlist.market or self.options.market

    def _entries_code(self) -> ExitCode:
        statuses = {r.status for r in self.resolutions}
        if Status.ERROR in statuses:
            return ExitCode.SPOTIFY_FAILURE
        attention = {Status.UNMATCHED} | (set() if self.options.accept_review else {Status.REVIEW})
        return ExitCode.NEEDS_ATTENTION if statuses & attention else ExitCode.OK

    def _playlist(self) -> tuple[PlaylistInfo | None, bool]:
        """The playlist to sync into and whether it was created now (None only in dry runs)."""
        if self.state.playlist_id:
            info = self.spotify.get_playlist(self.state.playlist_id)
            if info is not None and self.spotify.is_following(info.id):
                self._check_owner(info)
                return info, False
            if not self.options.recreate:
                raise PlaylistProblem(
                    f"the playlist this list syncs to ({self.state.playlist_id}) no longer "
                    "exists: it was deleted or unfollowed. Run again with --recreate to "
                    "create a new one."
                )
        adopted = self._adoptable()
        if adopted is not None:
            return adopted, False
        if self.options.dry_run:
            return None, True
        info = self._create()
        self.state.playlist_id = info.id
        self.state.user_id = self.state.user_id or info.owner_id
        self._save()
        return info, True

    def _create(self) -> PlaylistInfo:
        """Create the playlist; if the answer is lost, look for it before creating again."""
        spec = self.songlist.playlist
        for _ in range(2):
            try:
                return self.spotify.create_playlist(
                    spec.name, description=self._description(), public=spec.public
                )
            except WriteOutcomeUnknown:
                created = self._adoptable()
                if created is not None:
                    return created
        raise SpotifyUnavailable("could not create the playlist; run again later")

    def _check_owner(self, info: PlaylistInfo) -> None:
        me = self._user_id()
        if info.owner_id != me and not info.collaborative:
            raise PlaylistProblem(
                f"playlist {info.name!r} ({info.id}) belongs to {info.owner_id}, not to you "
                f"({me}); syncer only edits your own playlists."
            )

    def _user_id(self) -> str:
        if not self.state.user_id:
            self.state.user_id = self.spotify.current_user_id()
        return self.state.user_id

    def _adoptable(self) -> PlaylistInfo | None:
        """The user's own playlist of this name that carries our marker, if exactly one."""
        name = self.songlist.playlist.name
        taken = self.journal.playlists_of_other_lists()
        named = [
            p
            for p in self.spotify.my_playlists()
            if p.name == name and MARKER in p.description and p.id not in taken
        ]
        if not named:
            return None  # nothing to adopt: no need to ask who the user is
        me = self._user_id()
        marked = [p for p in named if p.owner_id == me]
        if len(marked) > 1:
            ids = ", ".join(p.id for p in marked)
            raise PlaylistProblem(
                f"two or more of your playlists are named {name!r} and managed by syncer "
                f"({ids}); delete or rename all but one, then sync again."
            )
        if marked:
            self.state.playlist_id = marked[0].id
            return marked[0]
        return None

    def _description(self) -> str:
        text = self.songlist.playlist.description.strip()
        room = _DESCRIPTION_LIMIT - len(MARKER) - 1
        if len(text) > room:
            text = text[: room - 1].rstrip() + "…"
        return f"{text} {MARKER}".strip()

    def _details_differ(self, info: PlaylistInfo) -> bool:
        spec = self.songlist.playlist
        return (
            info.name != spec.name
            or info.description != self._description()
            or info.public != spec.public
        )

    def _apply_details(self, info: PlaylistInfo) -> None:
        self._snapshot = None  # this write answers with no snapshot
        spec = self.songlist.playlist
        self.spotify.change_details(
            info.id, name=spec.name, description=self._description(), public=spec.public
        )

    def _current_uris(self, info: PlaylistInfo, created: bool) -> list[str | None]:
        if created:
            return []
        unchanged = (
            self.state.snapshot_id
            and info.snapshot_id == self.state.snapshot_id
            and self.state.contents is not None
            and len(self.state.contents) == info.total
        )
        if unchanged and self.state.contents is not None:
            return list(self.state.contents)
        return self._read_items(info.id)

    def _read_items(self, playlist_id: str) -> list[str | None]:
        items = self.spotify.playlist_items(playlist_id)
        self._item_names.update(_names_of(items))
        return [i.uri for i in items]

    def _plan(self, desired: Sequence[str], current: Sequence[str | None]) -> PlaylistPlan:
        return plan(desired, current, managed=self.state.managed, mirror=self.options.mirror)

    def _guard(self, first: PlaylistPlan, current: Sequence[str | None]) -> None:
        share = removal_share(first, current)
        if share > self.options.guard_share and not self.options.force:
            raise PlaylistProblem(
                f"this sync would remove {len(first.removed)} of the playlist's "
                f"{sum(1 for u in current if u)} tracks ({share:.0%}), more than the "
                f"{self.options.guard_share:.0%} allowed without --force. Check the list; if "
                "this is intended, run again with --force."
            )

    def _write_until_converged(
        self,
        playlist_id: str,
        desired: list[str],
        current: list[str | None],
        first: PlaylistPlan,
    ) -> list[str | None]:
        """Apply plans until the playlist reads back as planned; see the module doc, step 4."""
        step = first
        verify_misses = 0
        for _ in range(self.options.max_replans + 1):
            if step.is_empty:
                return current
            try:
                self._apply(playlist_id, step)
            except (WriteOutcomeUnknown, SpotifyUnavailable) as exc:
                log.warning("a write's outcome is unknown (%s); re-reading the playlist", exc)
                self._snapshot = None
                current = self._read_items(playlist_id)
                step = self._plan(desired, current)
                continue
            after = self._read_items(playlist_id)
            if [u for u in after if u] == list(step.result):  # local/unplayable items: None
                return after
            verify_misses += 1
            if verify_misses > 1:
                raise VerifyError(_describe_difference(step.result, after))
            current, step = after, self._plan(desired, after)
        raise SpotifyUnavailable(
            f"the playlist still differed from the plan after {self.options.max_replans} "
            "attempts; run again later"
        )

    def _apply(self, playlist_id: str, step: PlaylistPlan) -> None:
        for removal in step.removals:
            self._snapshot = self.spotify.remove_items(playlist_id, removal.uris)
            self.state.managed.difference_update(removal.uris)
            self._note_write()
        for move in step.moves:
            self._snapshot = self.spotify.move_items(
                playlist_id,
                range_start=move.range_start,
                insert_before=move.insert_before,
                range_length=move.range_length,
            )
            self._note_write()
        for addition in step.additions:
            # Recorded before sending: if the response is lost, the track is still ours.
            self.state.managed.update(addition.uris)
            self._note_write()
            self._snapshot = self.spotify.add_items(
                playlist_id, addition.uris, position=addition.position
            )

    def _note_write(self) -> None:
        self.state.snapshot_id = None  # contents are no longer known to match any snapshot
        self._save()

    def _remember(self, playlist_id: str, final: list[str | None]) -> None:
        """Record what the playlist now holds and the version that says so, for the next run."""
        self.state.playlist_id = playlist_id
        self.state.managed.intersection_update(u for u in final if u)
        if self._snapshot is None:
            info = self.spotify.get_playlist(playlist_id)
            self._snapshot = info.snapshot_id if info is not None else None
        self.state.snapshot_id = self._snapshot
        self.state.contents = list(final)

    # -- reporting ----------------------------------------------------------------------------

    def _dry_run_report(
        self, desired: list[str], current: list[str | None], created: bool
    ) -> ExitCode:
        first = self._plan(desired, current)
        self._record_changes(first, current, list(first.result), created=created)
        return ExitCode.CHANGES_PENDING

    def _record_changes(
        self,
        first: PlaylistPlan,
        before: Sequence[str | None],
        after: Sequence[str | None],
        created: bool,
    ) -> None:
        added, removed = _multiset_difference(after, before), _multiset_difference(before, after)
        self.changes = PlaylistChanges(
            playlist_id=self.state.playlist_id,
            playlist_name=self.songlist.playlist.name,
            created=created,
            added=tuple(self._ref(u) for u in added),
            removed=tuple(self._ref(u) for u in removed),
            moved=first.moved,
            kept_unmanaged=tuple(self._ref(u) for u in first.kept_unmanaged),
            dry_run=self.options.dry_run,
        )

    def _ref(self, uri: str) -> TrackRef:
        if not self._chosen:
            for r in self.resolutions:
                track = _chosen_track(r)
                if r.uri is not None and track is not None:
                    self._chosen.setdefault(r.uri, TrackRef(r.uri, track.name, track.artists))
        return self._chosen.get(uri) or self._item_names.get(uri, TrackRef(uri=uri))


def _chosen_track(resolution: Resolution) -> Track | None:
    for candidate in resolution.candidates:
        if candidate.track.uri == resolution.uri:
            return candidate.track
    return None


def _names_of(items: Sequence[PlaylistItem]) -> dict[str, TrackRef]:
    return {i.uri: TrackRef(uri=i.uri, name=i.name, artists=i.artists) for i in items if i.uri}


def _multiset_difference(a: Sequence[str | None], b: Sequence[str | None]) -> list[str]:
    left = Counter(u for u in a if u) - Counter(u for u in b if u)
    return [u for u in dict.fromkeys(u for u in a if u) for _ in range(left[u])]


def _describe_difference(expected: Sequence[str], actual: Sequence[str | None]) -> str:
    missing = _multiset_difference(expected, actual)
    extra = _multiset_difference(actual, expected)
    parts = [f"expected {len(expected)} tracks, found {len([u for u in actual if u])}"]
    if missing:
        parts.append(f"missing {', '.join(missing[:5])}")
    if extra:
        parts.append(f"unexpected {', '.join(extra[:5])}")
    if not missing and not extra:
        parts.append("same tracks in a different order")
    return "after writing, the playlist differs from the plan: " + "; ".join(parts)


def _counts_since(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    delta = {k: v - before.get(k, 0) for k, v in after.items()}
    return {k: v for k, v in sorted(delta.items()) if v}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
