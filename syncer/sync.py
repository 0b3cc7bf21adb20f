"""Orchestration: one list, from entries to a verified playlist, a saved state and a report.

Public API: `SyncOptions`, `ListResult`, `SpotifyService`, `sync_list`, `resolve_entries`,
`not_reached`, `not_yours`, `MARKER`. The sync use case writes the report
(`syncer.application.syncing`).

The algorithm for one list, under the list's lock:
1. Resolve every entry (`syncer.resolve`), concurrently, reusing the match cache for entries
   whose matching inputs did not change; the list's entries share their search answers
   (`SharedAnswers`: an artist's pages read for one song are not asked again for another). A
   search that keeps failing makes that entry `error`; a rate limit beyond the run's budget
   stops the run early with a partial report. Each answer
   is journaled as it comes (in batches, `StateJournal` rule 0), so even a killed run keeps it.
   A first sync does not wait for matching to end before writing (`_AddWhileMatching`): once
   the playlist listing (read while matching) shows the run is to create the playlist (step 2)
   and the entries resolved at the head of the list want a complete batch of 100 tracks, the
   playlist is created and every complete batch appended, in list order, each request in one
   of the searches' slots and journaled as in step 5; after matching, steps 3-4 start from
   those confirmed writes (no read), so only the last partial batch and the read-back are left.
   A failure there stops it, and the run goes on from what it knows (an unknown outcome: it
   reads the playlist first). Lists of fewer than 100 wanted tracks, dry runs and playlists
   that already exist are written after matching only.
2. Find the playlist: the one remembered in state, else the user's own playlist of that name
   whose marker names this list (`syncer.details`), else a new private one (never someone
   else's, never deleted). A playlist with a bare marker (an older version's) names no list:
   it is never taken over, the run stops with a problem instead.
3. Read what is in it: one metadata read; when its snapshot is the one we left, the contents
   we recorded are still true and the items are not read again.
4. Plan (`syncer.plan`, pure), refuse a plan that would remove more than half the playlist
   without `--force`, apply it step by step, then read the playlist back to verify. A write
   whose outcome is unknown (5xx, timeout, lost response) is never re-sent blindly: the
   playlist is read again and re-planned from what is really there.
5. Save state atomically after every write (so an interrupted run leaves a true record), and
   return the outcome for the report.

Stopping: the run's `CancelToken` is looked at at safe points only: before an entry is
resolved, before every request (the retry layer, whose waits it also cuts short), and before
each playlist write. A stop then ends the run as a rate limit does: every answer so far cached,
the confirmed changes recorded (those made while matching too), state saved, and a `CANCELLED` problem saying where it stopped
(exit 130, or 143 for SIGTERM). A write already sent is never abandoned halfway: the journal
records it around the request (`StateJournal`), and its answer arrives within its timeout.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from syncer.cancel import Cancelled, CancelToken
from syncer.config import DEFAULT_CONCURRENCY
from syncer.details import marked_description, marker_identity, marker_of
from syncer.errors import (
    AuthError,
    RateLimited,
    SpotifyRequestError,
    SpotifyUnavailable,
    SyncerError,
    Unavailable,
    VerifyError,
    WriteOutcomeUnknown,
)
from syncer.exitcodes import ExitCode, stopped_code
from syncer.match import MATCHER_VERSION, DuplicateMarker, Thresholds, Weights, mark_duplicates
from syncer.model import (
    Entry,
    PlaylistInfo,
    PlaylistItem,
    PlaylistSpec,
    RequestCounter,
    Resolution,
    SongList,
    Status,
    Track,
)
from syncer.normalize import load_readers_in_background
from syncer.outcome import ListOutcome, PlaylistChanges, SyncProblem, SyncProblemKind, TrackRef
from syncer.plan import BATCH_LIMIT, PlaylistPlan, plan, removal_share
from syncer.ports import PlaylistStore, TrackSearch
from syncer.resolve import SharedAnswers, resolve
from syncer.state import CACHEABLE, ListState, StateJournal, match_cache_key, open_journal

log = logging.getLogger(__name__)


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
    directory: PlaylistDirectory | None = None,
    cancel: CancelToken | None = None,
) -> ListResult:
    """Sync one list; never raises for problems that belong in the report (see module doc).

    Raises `LockedError` when another run holds the list, `AuthError` when the token is
    unusable, and `StateError` for a corrupt state file: those stop before anything is sent.
    `cancel` stops the run at its next safe point (see the module doc, "Stopping"); give the
    same token to the client's retry layer so that waits and requests heed it too.
    """
    started = _now()
    before = dict(spotify.counter.counts)
    token = cancel or CancelToken()
    with open_journal(state_dir, songlist.path, dry_run=options.dry_run) as journal:
        directory = directory or PlaylistDirectory(spotify)
        run = _ListRun(songlist, spotify, journal, options, directory, token)
        code = run.execute(on_progress)
    requests = _counts_since(before, spotify.counter.counts)
    outcome = ListOutcome(
        songlist=songlist,
        resolutions=tuple(run.resolutions),
        changes=run.changes,
        requests=requests,
        started_at=started,
        finished_at=_now(),
        sandbox_url=sandbox_url,
        file_name=journal.files.name,
        failure=run.problem,
    )
    return ListResult(outcome=outcome, code=code)


def resolve_entries(
    songlist: SongList,
    search: TrackSearch,
    *,
    options: SyncOptions,
    state: ListState,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_answer: Callable[[str, Resolution], None] | None = None,
    alongside: Callable[[], None] | None = None,
    beside: BesideMatching | None = None,
) -> tuple[list[Resolution], BaseException | None]:
    """Every entry's resolution, in list order, and the exception that stopped the run early
    (`RateLimited`, `AuthError`, or `Cancelled` when `cancel` was raised).

    Cached decisions (`state.matches`) are reused unless `options.refresh`; the cache is updated
    in place with every new cacheable decision and forgets entries no longer in the list.
    `on_answer(cache key, resolution)` hears each entry as soon as it is resolved (the journal
    keeps them in batches). Entries left unresolved after an early stop are `error`
    (`not_reached` tells them apart). `alongside`, when some entry is to be searched, is a
    request the run will need next (the playlist listing): it is sent at once, in one of the
    searches' slots, and not waited for here. `beside`, when some entry is to be searched, hears
    every entry resolved (cached ones first) and may send requests in the searches' slots until
    matching ends (`BesideMatching`).
    """
    market = songlist.playlist.market or options.market
    keys = [match_cache_key(e, market, MATCHER_VERSION) for e in songlist.entries]
    cached = state.matches
    results: list[Resolution | None] = [None if options.refresh else cached.get(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    if any(_needs_matching(songlist.entries[i]) for i in todo):
        load_readers_in_background()  # while the first searches are in flight; never when warm
    stop = _StopSignal(cancel)
    done = len(songlist.entries) - len(todo)
    progress_lock = threading.Lock()

    in_flight = SearchesInFlight(search, options.concurrency)
    if alongside is not None and todo:
        threading.Thread(target=in_flight.run, args=(alongside,), daemon=True).start()
    answers = SharedAnswers()  # a question asked for one entry is not sent again for another
    if on_progress:  # before `beside` starts: it must not outlive a failure here
        on_progress(done, len(songlist.entries))

    if beside is not None and todo:
        for i, cached_resolution in enumerate(results):
            if cached_resolution is not None:
                beside.resolved(i, cached_resolution)
        beside.start(lambda request: in_flight.run(request, cancel=cancel))
    else:
        beside = None

    def work(i: int) -> None:
        nonlocal done
        resolution = _resolve_one(songlist, i, in_flight, market, options, stop, answers)
        results[i] = resolution
        if not not_reached(resolution):
            if on_answer is not None:
                on_answer(keys[i], resolution)
            if beside is not None:
                beside.resolved(i, resolution)
        with progress_lock:
            done += 1
            if on_progress:
                on_progress(done, len(songlist.entries))

    try:
        _run_all(work, todo, options.concurrency + _WORKERS_BESIDE_SEARCHES, cancel)
    finally:
        if beside is not None:
            beside.finish()  # before the cache below changes: a write beside may save the state
    final = [r if r is not None else _stopped() for r in results]
    if any(not_reached(r) for r in final):
        stop.heed_cancel()  # a stop that left entries unresolved (a hurry) ends the run
    state.retain_matches(keys)  # forget entries no longer in the list, then remember the new
    for key, resolution in zip(keys, final, strict=True):
        if resolution.status in CACHEABLE:
            state.matches[key] = resolution
    return mark_duplicates(final), stop.reason


class BesideMatching(Protocol):
    """What a run does beside matching (`resolve_entries`): it hears each entry as soon as it is
    resolved, from any matching thread, and sends its requests through `send`, which runs one
    in a searches' slot (raising `Cancelled` when the run stops while it waits for one)."""

    def resolved(self, index: int, resolution: Resolution) -> None: ...

    def start(self, send: Callable[[Callable[[], None]], None]) -> None: ...

    def finish(self) -> None:
        """Matching ended (or stopped): send nothing more, and return once the request in
        flight, if any, is answered."""
        ...


def _needs_matching(entry: Entry) -> bool:
    return not entry.uri and not entry.skip


#: Entries resolved at once beyond the searches allowed in flight: while one scores the answer
#: it got (CPU, holding the interpreter, which one thread has at a time), another's search
#: takes its place. More only hand the interpreter to each other around every socket call and
#: queue for slots: twice as many as the searches made about a quarter more context switches.
_WORKERS_BESIDE_SEARCHES = 1


class SearchesInFlight:
    """`search` with at most `limit` requests in flight at once, however many threads use it:
    an entry holds a slot only while its request is out, never while it scores the answer, so
    the next search is sent as soon as one is known and scoring overlaps the waiting."""

    def __init__(self, search: TrackSearch, limit: int) -> None:
        self._search = search
        # One token per slot. Taking and giving back a token is one C call each, and giving it
        # back wakes exactly one waiting thread; a `threading.Semaphore` does both through a
        # Condition in Python (a new lock per wait), once per search.
        self._slots: queue.SimpleQueue[None] = queue.SimpleQueue()
        for _ in range(max(1, limit)):
            self._slots.put(None)

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        with self._slot():
            return self._search.search_tracks(
                query, locale=locale, market=market, limit=limit, offset=offset
            )

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        with self._slot():
            return self._search.get_track(track_id, locale=locale, market=market)

    def run(self, request: Callable[[], None], *, cancel: CancelToken | None = None) -> None:
        """Another request, in one of the same slots. Given the run's `cancel`, a stop while it
        waits for a slot raises `Cancelled` instead of sending it."""
        with self._slot(cancel):
            request()

    @contextlib.contextmanager
    def _slot(self, cancel: CancelToken | None = None) -> Iterator[None]:
        """One slot while the request is out. Once it is given back, this thread lets the
        interpreter go (`time.sleep(0)`) before it scores the answer: the thread woken for the
        slot then sends its request at once, instead of waiting up to the interpreter's switch
        interval (5 ms, an eighth of a request) for this one to finish scoring."""
        if cancel is None:
            self._slots.get()
        else:
            while True:
                try:
                    self._slots.get(timeout=_SLOT_WAIT)
                    break
                except queue.Empty:
                    cancel.raise_if_cancelled()
        try:
            yield
        finally:
            self._slots.put(None)
            time.sleep(0)


#: How often a request waiting for a slot with the run's `CancelToken` looks at it (seconds).
_SLOT_WAIT = 0.1


def _run_all(
    work: Callable[[int], None], todo: list[int], concurrency: int, cancel: CancelToken | None
) -> None:
    """`work(i)` for every index, `concurrency` at a time. After a second stop request the
    searches still in flight are abandoned (their entries count as not reached); a worker's
    unexpected exception is raised here, as `pool.map` would, once the entries being resolved
    are done, and no entry is started after it.

    A fixed set of threads takes the indices from a queue (no future, work item and wake-up
    per entry). The workers say when they are all done or one failed (an event): waiting on a
    thousand futures every tenth of a second (`concurrent.futures.wait`) held the interpreter
    for a millisecond or two each time, while answers waited for it."""
    ended = threading.Event()
    failed: list[BaseException] = []
    left = len(todo)
    lock = threading.Lock()
    indices: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in todo:
        indices.put(i)
    closed = False  # set on a failure or a hurry: no entry is started after it

    def worker() -> None:
        nonlocal left, closed
        while not closed:
            try:
                i = indices.get_nowait()
            except queue.Empty:
                return
            try:
                work(i)
            except BaseException as exc:
                with lock:
                    failed.append(exc)
                closed = True  # here, not when the waiting thread wakes: this one goes on at once
                ended.set()
            finally:
                with lock:
                    left -= 1
                    if left == 0:
                        ended.set()

    workers = min(max(1, concurrency), left)
    threads = [threading.Thread(target=worker, name="matching") for _ in range(workers)]
    for thread in threads:
        thread.start()
    if not todo:
        ended.set()
    hurried = False
    try:
        while not ended.wait(timeout=0.1):
            if cancel is not None and cancel.hurried:
                hurried = True
                break
        if failed:
            raise failed[0]
    finally:
        closed = True
        if not hurried:
            for thread in threads:
                thread.join()


class _StopSignal:
    """Set by the first worker that hits a run-ending error, or by the run's `CancelToken`; the
    workers then stop starting entries."""

    def __init__(self, cancel: CancelToken | None = None) -> None:
        self.reason: BaseException | None = None
        self._cancel = cancel
        self._lock = threading.Lock()

    def set(self, exc: BaseException) -> None:
        with self._lock:
            if self.reason is None:
                self.reason = exc

    @property
    def is_set(self) -> bool:
        self.heed_cancel()
        return self.reason is not None

    def heed_cancel(self) -> None:
        """A stop asked for on the token becomes the reason (unless another came first)."""
        if self.reason is None and self._cancel is not None and self._cancel.cancelled:
            self.set(Cancelled(self._cancel.reason or "cancelled"))


def _resolve_one(
    songlist: SongList,
    index: int,
    search: TrackSearch,
    market: str | None,
    options: SyncOptions,
    stop: _StopSignal,
    answers: SharedAnswers | None = None,
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
            answers=answers,
        )
    except (RateLimited, AuthError, Cancelled) as exc:
        stop.set(exc)
        return _stopped()
    except (SpotifyUnavailable, SpotifyRequestError) as exc:
        return Resolution(status=Status.ERROR, error=exc)  # the CLI words the reason


_NOT_REACHED = "not searched: the run stopped early"


def _stopped() -> Resolution:
    return Resolution(status=Status.ERROR, reason=_NOT_REACHED)


def not_reached(resolution: Resolution) -> bool:
    """Whether the run stopped before this entry was resolved."""
    return resolution.status is Status.ERROR and resolution.reason == _NOT_REACHED


class PlaylistDirectory:
    """The user's playlists as `GET /me/playlists` lists them (pages of 50), read at most once
    per run and shared by every list of the run.

    It says whether each list's remembered playlist is still followed and gives its snapshot,
    details and size, so a warm re-sync of N unchanged lists costs ceil(playlists / 50)
    requests in all. The request is counted in the report of the first list that needed it.
    """

    def __init__(self, store: PlaylistStore) -> None:
        self._store = store
        self._playlists: list[PlaylistInfo] | None = None
        self._lock = threading.Lock()  # a read ahead (`read_ahead`) and the run's own call

    def playlists(self) -> list[PlaylistInfo]:
        with self._lock:
            if self._playlists is None:
                self._playlists = self._store.my_playlists()
            return self._playlists

    def read_ahead(self) -> None:
        """Read the listing now, while a list's entries are being matched, so the run does not
        wait for it afterwards. A failure is left for the run's own call to meet (it asks
        again): the listing is only needed once matching is done."""
        try:
            self.playlists()
        except Exception as exc:  # the run's own call asks again and meets it, if it lasts
            log.debug("reading the playlists ahead failed: %s", exc)


@dataclass(frozen=True)
class Target:
    """The playlist a run syncs into: `info` is None when it is to be created; "created" when
    this run created it while matching (`_AddWhileMatching`)."""

    how: Literal["remembered", "adopted", "create", "created"]
    info: PlaylistInfo | None = None

    @property
    def new(self) -> bool:
        """Whether this run creates the playlist (or did)."""
        return self.how in ("create", "created")


@dataclass(frozen=True)
class Facts:
    """Everything gathered before deciding (`_ListRun._gather`): the playlist chosen from the
    remembered, marked and bare-marked ones (`choose_playlist`), or the problem, and its items."""

    user_id: str | None
    target: Target | SyncProblem
    items: list[str | None]  # the target's current items ([] when it is to be created)
    identity: str = ""  # the list's identity, which its playlist's marker names


@dataclass(frozen=True)
class Decision:
    """What the run will do: plain data, from `decide`."""

    target: Target
    details_differ: bool
    plan: PlaylistPlan
    user_id: str | None
    problem: SyncProblem | None = None

    @property
    def changes_anything(self) -> bool:
        return self.details_differ or not self.plan.is_empty


def choose_playlist(
    remembered_id: str | None,
    remembered: PlaylistInfo | None,
    marked: Sequence[PlaylistInfo],
    user_id: str | None,
    *,
    recreate: bool,
) -> Target | SyncProblem:
    """Pure: the remembered playlist, else the one marked playlist of the user, else a new one."""
    if remembered is not None:
        return not_yours(remembered, user_id) or Target("remembered", remembered)
    if remembered_id and not recreate:
        return SyncProblem(SyncProblemKind.PLAYLIST_GONE, {"playlist_id": remembered_id})
    mine = [p for p in marked if p.owner_id == user_id]
    if len(mine) > 1:
        return SyncProblem(
            SyncProblemKind.SAME_NAMED,
            {"name": mine[0].name, "ids": tuple(p.id for p in mine)},
        )
    return Target("adopted", mine[0]) if mine else Target("create")


def not_yours(info: PlaylistInfo, user_id: str | None) -> SyncProblem | None:
    """Pure: the one rule on whose playlists syncer may take (sync into, or adopt on import):
    the user's own, or one they collaborate on. The problem when `info` is neither."""
    if info.owner_id == user_id or info.collaborative:
        return None
    details = {"name": info.name, "playlist_id": info.id, "owner_id": info.owner_id}
    return SyncProblem(SyncProblemKind.NOT_YOURS, details | {"user_id": user_id})


def decide(
    spec: PlaylistSpec,
    desired: Sequence[str],
    facts: Facts,
    *,
    managed: Collection[str],
    options: SyncOptions,
    restore: Sequence[str] = (),
) -> Decision:
    """Pure: the playlist, its detail change and its item changes, or the problem that stops."""
    if isinstance(facts.target, SyncProblem):
        return Decision(Target("create"), False, PlaylistPlan(), facts.user_id, facts.target)
    target = facts.target
    edits = plan(desired, facts.items, managed=managed, mirror=options.mirror, restore=restore)
    info = None if target.new else target.info  # a playlist created now has the list's details
    details = info is not None and details_differ(info, spec, facts.identity)
    decision = Decision(target, details, edits, facts.user_id)
    share = removal_share(edits, facts.items)
    if share > options.guard_share and not options.force:
        problem = SyncProblem(
            SyncProblemKind.REMOVAL_GUARD,
            {
                "removed": len(edits.removed),
                "tracks": sum(1 for u in facts.items if u),
                "share": share,
                "allowed": options.guard_share,
            },
        )
        return replace(decision, problem=problem)
    return decision


def playlist_description(spec: PlaylistSpec, identity: str = "") -> str:
    """The list's description as syncer writes it: shortened to fit, with the marker naming
    the list whose identity is `identity`."""
    return marked_description(spec.description, identity)


def details_differ(info: PlaylistInfo, spec: PlaylistSpec, identity: str = "") -> bool:
    return (
        info.name != spec.name
        or info.description != playlist_description(spec, identity)
        or info.public != spec.public
    )


def adoptable(
    listing: Sequence[PlaylistInfo], name: str, identity: str, taken: Collection[str]
) -> tuple[tuple[PlaylistInfo, ...], tuple[PlaylistInfo, ...]]:
    """Pure: the playlists named `name` whose marker names this list (adoptable), and those
    whose bare marker names no list (an older version's: never adopted, see `unclaimed`).
    Playlists other lists of the state directory sync to (`taken`) are neither."""
    named = [p for p in listing if p.name == name and p.id not in taken]
    own = tuple(p for p in named if marker_identity(p.description) == identity)
    bare = tuple(p for p in named if marker_identity(p.description) == "")
    return own, bare


def unclaimed(bare: Sequence[PlaylistInfo], identity: str) -> SyncProblem:
    """Pure: why a list without state stops at playlists of its name with a bare marker."""
    details = {"name": bare[0].name, "ids": tuple(p.id for p in bare)}
    return SyncProblem(SyncProblemKind.UNCLAIMED, details | {"marker": marker_of(identity)})


class _ListRun:
    """The mutable bookkeeping of one list's run; `execute` is the algorithm."""

    def __init__(
        self,
        songlist: SongList,
        spotify: SpotifyService,
        journal: StateJournal,
        options: SyncOptions,
        directory: PlaylistDirectory,
        cancel: CancelToken,
    ) -> None:
        self.songlist = songlist
        self.cancel = cancel
        self.spotify = spotify
        self.directory = directory
        self.journal = journal
        self.state = journal.state
        self.options = options
        self.resolutions: list[Resolution] = []
        self.changes: PlaylistChanges | None = None
        self.problem: SyncProblem | None = None
        self._item_names: dict[str, TrackRef] = {}
        self._chosen: dict[str, TrackRef] = {}  # names of the tracks entries resolved to
        self._snapshot: str | None = None  # the playlist version known to match what we saw
        self._confirmed: _Confirmed | None = None  # None until the run writes to the playlist
        self._decision: Decision | None = None  # what is being applied, and to what
        self._before: list[str | None] = []
        self._beside = None if options.dry_run else _AddWhileMatching(self)
        self._unverified = False  # the playlist holds writes not read back yet (created now)

    def execute(self, on_progress: ProgressCallback | None) -> ExitCode:
        try:
            with self.journal.matching():
                self.resolutions, stopped_by = resolve_entries(
                    self.songlist,
                    self.spotify,
                    options=self.options,
                    state=self.state,
                    on_progress=on_progress,
                    cancel=self.cancel,
                    on_answer=self.journal.answered,
                    alongside=self.directory.read_ahead,
                    beside=self._beside,
                )
        finally:
            self.journal.flush_answers()  # even when a bug ends matching, its answers are kept
        if stopped_by is not None:
            self._record_confirmed()  # what was added while matching, if anything
            return self._stop_early(stopped_by, phase="matching")
        try:
            self.cancel.raise_if_cancelled()
            code = self._sync_playlist()
        except (RateLimited, Cancelled) as exc:
            self._record_confirmed()
            return self._stop_early(exc, phase="playlist")
        except (SpotifyUnavailable, SpotifyRequestError, VerifyError) as exc:
            self.problem = SyncProblem(SyncProblemKind.SPOTIFY_FAILED, {"error": exc})
            self._record_confirmed()
            self._save()
            return ExitCode.SPOTIFY_FAILURE
        # Nothing is saved here: the playlist cannot be used (a problem), or it is a dry run,
        # or `_apply` ended with `StateJournal.remember`, which saved everything the run knows.
        return code

    def _stop_early(self, exc: BaseException, *, phase: str) -> ExitCode:
        if isinstance(exc, AuthError):
            raise exc
        done = sum(1 for r in self.resolutions if not not_reached(r))
        where = {"done": done, "total": len(self.songlist.entries), "phase": phase}
        self._save()
        if isinstance(exc, Cancelled):
            self.problem = SyncProblem(SyncProblemKind.CANCELLED, {"reason": exc.reason, **where})
            return stopped_code(exc.reason)
        self.problem = SyncProblem(SyncProblemKind.STOPPED_EARLY, {"error": exc, **where})
        return ExitCode.RATE_LIMITED

    def _save(self) -> None:
        self.journal.save()

    # -- the playlist -------------------------------------------------------------------------

    def _sync_playlist(self) -> ExitCode:
        desired = self._desired()
        facts = self._created_facts() or self._gather()
        decision = decide(
            self.songlist.playlist,
            desired,
            facts,
            managed=self.state.managed,
            options=self.options,
            restore=self.state.restore,
        )
        if decision.problem is not None:
            self.problem = decision.problem
            return ExitCode.BAD_INPUT
        if self.options.dry_run:
            self._record_changes(decision, facts.items, list(decision.plan.result))
            pending = decision.target.info is None or decision.changes_anything
            return ExitCode.CHANGES_PENDING if pending else self._entries_code()
        before = [] if decision.target.how == "created" else facts.items
        self._decision, self._before = decision, before
        final = self._apply(decision, desired, facts.items)
        self._record_changes(decision, before, final)
        return self._entries_code()

    def _created_facts(self) -> Facts | None:
        """The playlist created while matching (`_AddWhileMatching`) with what it holds: the
        additions Spotify confirmed, or a read when one's outcome is unknown. None when no
        playlist was created; a failure to create it is raised here, as `_apply` would."""
        beside = self._beside
        if beside is None:
            return None
        if beside.failure is not None:
            raise beside.failure
        if beside.created is None or self._confirmed is None:
            return None
        if beside.unsure:
            self._snapshot = None
            items = self._read_items(beside.created.id)
        else:
            items = list(self._confirmed.items)
            self._unverified = bool(items)  # the read-back verifies them even with nothing left
        target = Target("created", beside.created)
        return Facts(self.state.user_id, target, items, self.journal.files.identity)

    def _desired(self) -> list[str]:
        wanted = _Desired(self._last_known, accept_review=self.options.accept_review)
        for index, (entry, r) in enumerate(
            zip(self.songlist.entries, self.resolutions, strict=True)
        ):
            wanted.add(index, entry, r)
        return wanted.uris

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

    # -- gather: every read the decision needs ------------------------------------------------

    def _gather(self) -> Facts:
        user_id, target = self._choose(self.directory.playlists())
        if isinstance(target, Target) and target.how != "remembered":
            self.journal.forget_playlist()  # the old playlist's marks are not the new one's
        info = target.info if isinstance(target, Target) else None
        items = self._current_items(info) if info is not None else []
        return Facts(user_id, target, items, self.journal.files.identity)

    def _choose(self, listing: Sequence[PlaylistInfo]) -> tuple[str | None, Target | SyncProblem]:
        """The user and the playlist to sync into (or the problem), from the user's playlists;
        asks for the user only when a playlist found needs it (and remembers them)."""
        remembered_id = self.state.playlist_id
        remembered = next((p for p in listing if p.id == remembered_id), None)
        marked: tuple[PlaylistInfo, ...] = ()
        bare: tuple[PlaylistInfo, ...] = ()
        identity = self.journal.files.identity
        if remembered is None:
            taken = self.journal.playlists_of_other_lists()
            name = self.songlist.playlist.name
            marked, bare = adoptable(listing, name, identity, taken)
        user_id = self.state.user_id
        if user_id is None and (remembered is not None or marked or bare):
            user_id = self.spotify.current_user_id()
            self.state.user_id = user_id
        target = choose_playlist(
            remembered_id, remembered, marked, user_id, recreate=self.options.recreate
        )
        bare = tuple(p for p in bare if p.owner_id == user_id)  # yours only, as for adoption
        if isinstance(target, Target) and target.how == "create" and bare:
            target = unclaimed(bare, identity)
        return user_id, target

    def _current_items(self, info: PlaylistInfo) -> list[str | None]:
        unchanged = (
            info.id == self.state.playlist_id
            and self.state.snapshot_id
            and info.snapshot_id == self.state.snapshot_id
            and self.state.contents is not None
            and len(self.state.contents) == info.total
        )
        if unchanged and self.state.contents is not None:
            self._snapshot = info.snapshot_id
            return list(self.state.contents)
        self._snapshot = info.snapshot_id or None
        return self._read_items(info.id, expected=info.total)

    def _read_items(self, playlist_id: str, *, expected: int | None = None) -> list[str | None]:
        items = self.spotify.playlist_items(playlist_id, expected=expected)
        self._item_names.update(_names_of(items))
        current = [i.uri for i in items]
        self.journal.settle(current)
        if self._confirmed is not None:
            self._confirmed.items = list(current)
        return current

    # -- apply: the decision's writes, in order, through the journal -------------------------

    def _apply(
        self, decision: Decision, desired: list[str], current: list[str | None]
    ) -> list[str | None]:
        info = decision.target.info
        self._confirmed = _Confirmed(items=list(current), created=decision.target.how == "created")
        if info is None:
            info = self._create()
            self._confirmed.created = True
            self.journal.remember_playlist(info.id, info.owner_id)
        elif decision.target.how == "adopted":
            self.journal.remember_playlist(info.id, decision.user_id)
        if decision.details_differ:
            self._apply_details(info)
        final = self._write_until_converged(
            info.id, desired, current, decision.plan, unverified=self._unverified
        )
        if self._snapshot is None:
            read = self.spotify.get_playlist(info.id)
            self._snapshot = read.snapshot_id if read is not None else None
        self.journal.remember(final, self._snapshot)
        return final

    def _create(self) -> PlaylistInfo:
        """Create the playlist; if the answer is lost, look for it before creating again."""
        spec = self.songlist.playlist
        for _ in range(2):
            try:
                return self.spotify.create_playlist(
                    spec.name,
                    description=playlist_description(spec, self.journal.files.identity),
                    public=spec.public,
                )
            except WriteOutcomeUnknown:
                created = self._created_meanwhile()
                if created is not None:
                    return created
        raise SpotifyUnavailable("POST /me/playlists", Unavailable.CREATE_UNCONFIRMED)

    def _created_meanwhile(self) -> PlaylistInfo | None:
        taken = self.journal.playlists_of_other_lists()
        name, identity = self.songlist.playlist.name, self.journal.files.identity
        mine, _ = adoptable(self.spotify.my_playlists(), name, identity, taken)
        return mine[0] if len(mine) == 1 else None

    def _apply_details(self, info: PlaylistInfo) -> None:
        self._snapshot = None  # this write answers with no snapshot
        spec = self.songlist.playlist
        self.journal.before_write()
        description = playlist_description(spec, self.journal.files.identity)
        self.spotify.change_details(
            info.id, name=spec.name, description=description, public=spec.public
        )

    def _write_until_converged(
        self,
        playlist_id: str,
        desired: list[str],
        current: list[str | None],
        first: PlaylistPlan,
        *,
        unverified: bool = False,
    ) -> list[str | None]:
        """Apply plans until the playlist reads back as planned; see the module doc, step 4.
        `unverified`: `current` holds writes not read back yet, read back even if none is left."""
        step = first
        verify_misses = 0
        for _ in range(self.options.max_replans + 1):
            if step.is_empty and not unverified:
                return current
            unverified = False
            try:
                if not step.is_empty:
                    self._write(playlist_id, step, set(desired))
            except (WriteOutcomeUnknown, SpotifyUnavailable) as exc:
                log.warning("a write's outcome is unknown (%s); re-reading the playlist", exc)
                self._snapshot = None
                current = self._read_items(playlist_id)
                step = self._plan(desired, current)
                continue
            after = self._read_items(playlist_id, expected=len(step.result))
            if [u for u in after if u] == list(step.result):  # local/unplayable items: None
                return after
            verify_misses += 1
            if verify_misses > 1:
                raise _difference(step.result, after)
            current, step = after, self._plan(desired, after)
        raise SpotifyUnavailable(
            f"/playlists/{playlist_id}/items",
            Unavailable.NOT_CONVERGED,
            str(self.options.max_replans),
        )

    def _plan(self, desired: Sequence[str], current: Sequence[str | None]) -> PlaylistPlan:
        return plan(
            desired,
            current,
            managed=self.state.managed,
            mirror=self.options.mirror,
            restore=self.state.restore,
        )

    def _write(self, playlist_id: str, step: PlaylistPlan, desired: set[str]) -> None:
        """Send one plan's requests; the journal records each around it (`StateJournal`)."""
        confirmed = self._confirmed or _Confirmed()
        self.cancel.raise_if_cancelled()
        self.journal.before_write()
        if step.removals:
            self.journal.before_remove(step.restored)
        for removal in step.removals:
            self.cancel.raise_if_cancelled()  # a safe point: the last write is recorded
            self._snapshot = self.spotify.remove_items(playlist_id, removal.uris)
            self.journal.after_remove(removal.uris)
            confirmed.removed(removal.uris)
        for move in step.moves:
            self.cancel.raise_if_cancelled()
            self._snapshot = self.spotify.move_items(
                playlist_id,
                range_start=move.range_start,
                insert_before=move.insert_before,
                range_length=move.range_length,
            )
            confirmed.moved += move.range_length
        # Every addition's own tracks (not restored hand-added copies) are pending in one save
        # before the first is sent, not one save before each: a track pending but never sent
        # is settled like one whose answer was lost (absent from the next read, never added).
        self.journal.before_add([u for a in step.additions for u in a.uris if u in desired])
        for addition in step.additions:
            own = [u for u in addition.uris if u in desired]
            self.cancel.raise_if_cancelled()
            try:
                self._snapshot = self.spotify.add_items(
                    playlist_id, addition.uris, position=addition.position
                )
            except SpotifyRequestError:
                self.journal.add_refused(own)  # a definite no: leave no mark
                raise
            self.journal.after_add(own)
            confirmed.added(addition.uris, restored=[u for u in addition.uris if u not in desired])

    # -- reporting ----------------------------------------------------------------------------

    def _record_changes(
        self,
        decision: Decision,
        before: Sequence[str | None],
        after: Sequence[str | None],
        *,
        done: _Confirmed | None = None,
    ) -> None:
        """What the run did (`after` read back), would do (a dry run: `after` as planned), or,
        when it failed halfway, `done`: only the writes Spotify confirmed."""
        first = decision.plan
        added, removed = _multiset_difference(after, before), _multiset_difference(before, after)
        info = decision.target.info
        self.changes = PlaylistChanges(
            playlist_id=self.state.playlist_id or (info.id if info else None),
            playlist_name=self.songlist.playlist.name,
            created=done.created if done else decision.target.new,
            added=tuple(self._ref(u) for u in added),
            removed=tuple(self._ref(u) for u in removed),
            moved=done.moved if done else first.moved,
            kept_unmanaged=tuple(self._ref(u) for u in first.kept_unmanaged),
            dry_run=self.options.dry_run,
            restored_copies=tuple(
                self._ref(u) for u in (done.restored if done else first.restored)
            ),
        )

    def _record_confirmed(self) -> None:
        """After a failed apply: the changes Spotify confirmed, none if nothing was written."""
        done, decision = self._confirmed, self._decision
        if done is None or decision is None:
            return
        if done.created or done.moved or done.items != self._before:
            self._record_changes(decision, self._before, done.items, done=done)

    def _ref(self, uri: str) -> TrackRef:
        if not self._chosen:
            for r in self.resolutions:
                track = _chosen_track(r)
                if r.uri is not None and track is not None:
                    self._chosen.setdefault(r.uri, TrackRef(r.uri, track.name, track.artists))
        return self._chosen.get(uri) or self._item_names.get(uri, TrackRef(uri=uri))


class _Desired:
    """The desired URIs of entries fed in list order: each entry's wanted URI (`_wanted`) once,
    at its first occurrence, duplicates labelled as `mark_duplicates` labels them. A prefix of
    the list gives the first URIs of the whole list's desired list: an entry's label and its
    wanted URI depend only on it and the entries before it."""

    def __init__(
        self, last_known: Callable[[Entry], Resolution | None], *, accept_review: bool
    ) -> None:
        self.uris: list[str] = []
        self._last_known = last_known
        self._accept_review = accept_review
        self._duplicates = DuplicateMarker()
        self._seen: set[str] = set()

    def add(self, index: int, entry: Entry, resolution: Resolution) -> None:
        uri = _wanted(
            self._duplicates.mark(index, resolution),
            lambda: self._last_known(entry),
            accept_review=self._accept_review,
        )
        if uri is not None and uri not in self._seen:
            self._seen.add(uri)
            self.uris.append(uri)


def _wanted(
    resolution: Resolution,
    last_known: Callable[[], Resolution | None],
    *,
    accept_review: bool,
) -> str | None:
    """The URI an entry's resolution puts in the playlist, if any."""
    r = resolution
    if r.status is Status.ERROR:
        # Spotify failed us this time: keep the last known decision rather than removing a
        # track only because a search errored.
        r = last_known() or r
    accepted = r.wanted or (accept_review and r.status is Status.REVIEW)
    return r.uri if accepted else None


class _AddWhileMatching:
    """A first sync's playlist, created and filled while its entries are still being matched
    (the module doc, step 1), so that after matching only the last partial batch and the
    read-back are left.

    A thread beside matching (`BesideMatching`) takes the entries in list order as they are
    resolved: whenever the resolved entries at the head of the list want at least another
    `BATCH_LIMIT` tracks, and the run's playlist is one it creates (the choice `_gather`
    makes from the listing, read while matching), it creates the playlist (once) and appends
    every complete batch, in order, each request in one of the searches' slots. An entry's
    resolution is final once made, so these are the first tracks of the final desired list.
    Every write goes through the journal as `_ListRun._write`'s do: the batches ready together
    are marked pending in one save, each confirmed one is saved as syncer's.

    Any failure stops it: an unknown outcome (`unsure`) makes the run read the playlist after
    matching, a definite refusal leaves what was confirmed, a failure to create (`failure`) is
    raised after matching, as creating it then would have. Whatever it did is recorded in the
    run's `_Confirmed`, so a stop during matching reports it.
    """

    def __init__(self, run: _ListRun) -> None:
        self._run = run
        self._ready = threading.Condition()
        self._resolved: dict[int, Resolution] = {}  # resolved, not yet taken in order
        self._next = 0  # the first entry not taken: every one before it is resolved
        self._desired = _Desired(run._last_known, accept_review=run.options.accept_review)
        self._sent = 0  # how many of `_desired.uris` were added
        self._ended = False
        self._send: Callable[[Callable[[], None]], None] = lambda request: request()
        self._thread: threading.Thread | None = None
        self.created: PlaylistInfo | None = None
        self.unsure = False
        self.failure: BaseException | None = None

    # -- BesideMatching ------------------------------------------------------------------------

    def resolved(self, index: int, resolution: Resolution) -> None:
        with self._ready:
            self._resolved[index] = resolution
            if index == self._next:
                self._ready.notify()

    def start(self, send: Callable[[Callable[[], None]], None]) -> None:
        self._send = send
        self._thread = threading.Thread(target=self._work, name="adding beside", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        with self._ready:
            self._ended = True
            self._ready.notify()
        if self._thread is not None:
            self._thread.join()

    # -- the thread ----------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            into: tuple[str, _Confirmed] | None = None
            while (uris := self._next_batches()) is not None:
                into = into or self._create()
                if into is None:
                    return
                self._add(uris, *into)
        except _StopAdding:
            return
        except Exception as exc:  # a bug: the run meets it after matching
            log.error("adding while matching failed: %r", exc)
            self.failure = exc

    def _next_batches(self) -> list[str] | None:
        """The next complete batches of desired URIs (a multiple of `BATCH_LIMIT`), once the
        entries that want them and every entry before them are resolved; None when matching
        has ended."""
        entries = self._run.songlist.entries
        with self._ready:
            while not self._ended:
                while self._next in self._resolved:
                    self._desired.add(
                        self._next, entries[self._next], self._resolved.pop(self._next)
                    )
                    self._next += 1
                ready = (len(self._desired.uris) - self._sent) // BATCH_LIMIT * BATCH_LIMIT
                if ready:
                    return self._desired.uris[self._sent : self._sent + ready]
                self._ready.wait()
            return None

    def _create(self) -> tuple[str, _Confirmed] | None:
        """Create the playlist if the run is to (see the class doc): its id and what it holds
        (the run's `_Confirmed`); None when it is not created."""
        run = self._run
        if run.state.playlist_id and not run.options.recreate:
            return None  # the remembered playlist, or the problem that it is gone: never created
        choice: list[Target | SyncProblem] = []
        try:
            self._send(lambda: choice.append(run._choose(run.directory.playlists())[1]))
        except SyncerError as exc:  # left for the run to meet after matching, if it lasts
            log.debug("no playlist created while matching: %s", exc)
            return None
        if not (isinstance(choice[0], Target) and choice[0].how == "create"):
            return None
        run.journal.forget_playlist()  # as `_gather` does: the old marks say nothing of it
        made: list[PlaylistInfo] = []
        try:
            self._send(lambda: made.append(self._created_now()))
        except (RateLimited, Cancelled) as exc:  # nothing was created: the run creates it later
            log.debug("no playlist created while matching: %s", exc)
            return None
        except SyncerError as exc:
            self.failure = exc
            return None
        info = self.created = made[0]
        run._decision = Decision(Target("created", info), False, PlaylistPlan(), run.state.user_id)
        run._before = []
        confirmed = run._confirmed = _Confirmed(created=True)
        run.journal.remember_playlist(info.id, info.owner_id)
        return info.id, confirmed

    def _created_now(self) -> PlaylistInfo:
        self._run.cancel.raise_if_cancelled()
        return self._run._create()

    def _add(self, uris: list[str], playlist_id: str, confirmed: _Confirmed) -> None:
        """Append `uris`, `BATCH_LIMIT` at a time, marked pending in one save before the first."""
        run = self._run
        run.journal.before_add(uris)
        for start in range(0, len(uris), BATCH_LIMIT):
            batch = uris[start : start + BATCH_LIMIT]

            def add(batch: list[str] = batch) -> None:
                run.cancel.raise_if_cancelled()  # a safe point: the last write is recorded
                position = len(confirmed.items)
                try:
                    run._snapshot = run.spotify.add_items(playlist_id, batch, position=position)
                except SpotifyRequestError:
                    run.journal.add_refused(batch)  # a definite no: leave no mark
                    raise
                run.journal.after_add(batch)
                confirmed.added(batch, restored=[])

            try:
                self._send(add)
            except SpotifyRequestError as exc:  # the run adds them again after matching
                log.warning("adding while matching was refused (%s)", exc)
                raise _StopAdding from None
            except SyncerError as exc:  # unknown, or not sent: read before planning
                log.warning("adding while matching stopped (%s); the run reads the playlist", exc)
                self.unsure = True
                raise _StopAdding from None
            self._sent += len(batch)


class _StopAdding(Exception):
    """A write beside matching failed: nothing more is added until matching ends."""


@dataclass
class _Confirmed:
    """The playlist as the run knows it while writing: the last read, then each write Spotify
    confirmed (item order aside). A failed run reports only these changes."""

    items: list[str | None] = field(default_factory=list)
    created: bool = False
    moved: int = 0
    restored: list[str] = field(default_factory=list)

    def removed(self, uris: Sequence[str]) -> None:
        gone = set(uris)  # Spotify's DELETE takes every copy
        self.items = [u for u in self.items if u not in gone]

    def added(self, uris: Sequence[str], *, restored: Sequence[str]) -> None:
        self.items.extend(uris)
        self.restored.extend(restored)


def _chosen_track(resolution: Resolution) -> Track | None:
    for candidate in resolution.candidates:
        if candidate.track.uri == resolution.uri:
            return candidate.track
    return None


def _names_of(items: Sequence[PlaylistItem]) -> dict[str, TrackRef]:
    """Names for the report of the tracks a read showed (a hand-added one has no entry)."""
    return {
        i.uri: TrackRef(i.uri, i.track.name, i.track.artists)
        if i.track is not None
        else TrackRef(i.uri, i.name, i.artists)
        for i in items
        if i.uri
    }


def _multiset_difference(a: Sequence[str | None], b: Sequence[str | None]) -> list[str]:
    left = Counter(u for u in a if u) - Counter(u for u in b if u)
    return [u for u in dict.fromkeys(u for u in a if u) for _ in range(left[u])]


def _difference(expected: Sequence[str], actual: Sequence[str | None]) -> VerifyError:
    """How the playlist read back differs from the plan (the first five URIs each way)."""
    return VerifyError(
        expected=len(expected),
        found=len([u for u in actual if u]),
        missing=_multiset_difference(expected, actual)[:5],
        unexpected=_multiset_difference(actual, expected)[:5],
    )


def _counts_since(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    delta = {k: v - before.get(k, 0) for k, v in after.items()}
    return {k: v for k, v in sorted(delta.items()) if v}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
