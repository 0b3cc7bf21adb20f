"""What syncer remembers about each list between runs, and the lock that keeps runs apart.

One human-readable JSON file per list, `<state dir>/<name>.state.json`, holding the list's
path, the playlist it syncs to, the tracks syncer itself added (`managed`: only those may ever
be removed in default mode) and those whose addition is not yet confirmed (`pending`), the match
cache, the last known playlist contents and snapshot, and timestamps. A list is identified by
its resolved path: `<name>` is the list's file stem, or the stem and a short hash of the path
when another list of the same file name already uses the directory (`list_files`). A state file
that records another list is refused (`StateOfAnotherList`), never adopted. `StateJournal` is
the only writer during a run and documents the order of writes that makes a crash safe. It is written atomically (temp file, fsync, rename), so a crash leaves the old file
or the new one, never half of one. A corrupt, unreadable or unknown-format file is a
`StateError` and is never overwritten: forgetting `managed` could strip hand-added tracks.

The match cache maps `match_cache_key(entry, market, matcher_version)` to the entry's
`Resolution`; only stable decisions are stored (never `error`, never `duplicate`, which depends
on other entries). `searches` is not stored: a cached decision costs no search. While a run
matches, its answers are appended in batches to `<state dir>/<name>.answers.jsonl`, folded into
the cache when the list is next opened and removed by every save (`StateJournal`, rule 0).

`ListLock` is an exclusive, non-blocking `flock` on `<state dir>/<name>.lock`. A second
run (another process, or another `ListLock` in this one) gets `LockedError` at once. The kernel
drops the lock when its holder dies, so a lock file left behind never blocks.

Public API: `FORMAT_VERSION`, `CACHEABLE`, `ListState`, `ListFiles`, `list_files`,
`path_hash`, `state_path`, `lock_path`, `load_state`, `save_state`, `StateJournal`,
`ANSWER_BATCH`, `ANSWER_BATCH_SECONDS`, `fold_answers`, `open_journal`, `match_cache_key`,
`resolution_to_json`, `resolution_from_json`, `ListLock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from syncer.atomic import write_text_atomically
from syncer.errors import LockedError, StateError, StateOfAnotherList, StateProblem
from syncer.model import Candidate, Entry, Penalty, Resolution, Status, Track

#: The state file format this code reads and writes; bump it on incompatible changes.
FORMAT_VERSION = 1

#: Decisions worth caching: they only change when the entry, the market or the matcher does.
CACHEABLE = frozenset(
    {Status.MATCHED, Status.PINNED, Status.SKIPPED, Status.UNMATCHED, Status.REVIEW}
)

_KIND = "syncer list state"


@dataclass
class ListState:
    """Everything remembered about one list. A missing state file gives `ListState()`.

    `contents` is the playlist's items as last written or read (None for items without a
    URI) and `snapshot_id` the snapshot they belong to; `last_run` maps event names (e.g.
    "finished_at") to ISO-8601 timestamps. `managed` holds the tracks Spotify confirmed syncer
    added; `pending` the tracks of an addition that was sent (or about to be) but not yet
    confirmed: the next read of the playlist settles them (see `StateJournal`); `restore` the
    hand-added copies a removal takes away and the same run puts back (rule 3), kept until the
    playlist is seen with them again, so a crash in between cannot lose them. `list_path` is
    the list's path relative to the state directory (None in files from before it was kept).
    """

    playlist_id: str | None = None
    managed: set[str] = field(default_factory=set)
    matches: dict[str, Resolution] = field(default_factory=dict)
    user_id: str | None = None
    snapshot_id: str | None = None
    contents: list[str | None] | None = None
    list_path: str | None = None
    last_run: dict[str, str] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    restore: list[str] = field(default_factory=list)
    # Each cached match's JSON as last saved, with the resolution it was made from: a long
    # list's state is saved around every write to its playlist, and a resolution never changes,
    # so each is serialised once rather than at every save.
    _saved_json: dict[str, tuple[Resolution, str, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def retain_matches(self, keys: Iterable[str]) -> None:
        """Forget cached matches of entries no longer in the list (keeps the file small)."""
        wanted = set(keys)
        self.matches = {k: r for k, r in self.matches.items() if k in wanted}

    def match_json(self, key: str, resolution: Resolution) -> str:
        """The JSON text of `resolution`, the match of `key` (as `resolution_to_json` makes
        it), made once: kept for the next journal line or save that writes it."""
        saved = self._saved_json.get(key)
        if saved is None or saved[0] is not resolution:
            saved = (resolution, _dumps(resolution_to_json(resolution)), f"    {_dumps(key)}: ")
            self._saved_json[key] = saved
        return saved[1]

    def match_lines(self) -> list[str]:
        """The state file's line of each cacheable match (`"key": {...}`, indented)."""
        lines = []
        for key, resolution in self.matches.items():
            if resolution.status in CACHEABLE:
                self.match_json(key, resolution)
                _, text, prefix = self._saved_json[key]
                lines.append(prefix + text)
        return lines


# -- paths -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFiles:
    """Where one list's state and lock live in a state directory, and how the list is recorded.

    `name` is the list's file stem (`sorrow`) unless another list of the same file name already
    uses the directory: then it is the stem and a short hash of the list's resolved path
    (`sorrow-1a2b3c4d`). Reports are named after it too. `recorded` is the list's path as the
    state file records it: relative to the state directory, so moving a folder together with its
    `.syncer/` keeps the state.
    """

    state_dir: Path
    list_path: Path  # resolved
    name: str

    @property
    def state(self) -> Path:
        return self.state_dir / f"{self.name}.state.json"

    @property
    def lock(self) -> Path:
        return self.state_dir / f"{self.name}.lock"

    @property
    def answers(self) -> Path:
        """The append-only batches of entries resolved since the state file was last saved."""
        return self.state_dir / f"{self.name}.answers.jsonl"

    @property
    def identity(self) -> str:
        """The list's identity in its playlist's marker (`syncer.details.marker_of`)."""
        return path_hash(self.list_path)

    @property
    def recorded(self) -> str:
        return os.path.relpath(self.list_path, self.state_dir.resolve())

    def owns(self, state: ListState) -> bool:
        """Whether `state` belongs to this list (a state from before paths were recorded does)."""
        if state.list_path is None:
            return True
        return _resolved_from(self.state_dir, state.list_path) == self.list_path


def list_files(state_dir: Path, list_path: Path) -> ListFiles:
    """The files of the list at `list_path` in `state_dir` (see `ListFiles`); reads, never writes.

    The plain name belongs to the first list that used it. Another list of the same file name
    gets the hashed name, as long as the plain name's list still exists; if that list is gone,
    the plain name is returned and `open_journal` refuses its state (it belongs to another list).
    """
    path = list_path.resolve()
    plain = ListFiles(state_dir, path, list_path.stem)
    hashed = ListFiles(state_dir, path, f"{list_path.stem}-{path_hash(path)}")
    if hashed.state.exists():
        return hashed
    owner = _recorded_list(plain.state, state_dir)
    if owner is not None and owner != path and owner.is_file():
        return hashed
    return plain


def state_path(state_dir: Path, list_path: Path) -> Path:
    return list_files(state_dir, list_path).state


def lock_path(state_dir: Path, list_path: Path) -> Path:
    return list_files(state_dir, list_path).lock


def path_hash(path: Path) -> str:
    """A short hash of a list's resolved path: its identity in file names (and markers)."""
    return hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:8]


def _resolved_from(state_dir: Path, recorded: str) -> Path:
    return (state_dir.resolve() / recorded).resolve()


def _recorded_list(path: Path, state_dir: Path) -> Path | None:
    """The list a state file records, or None (no file, an old file, or one that cannot be read:
    reading it for real then says what is wrong)."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8")).get("list")
    except (OSError, ValueError, AttributeError):
        return None
    return _resolved_from(state_dir, recorded) if isinstance(recorded, str) else None


# -- load and save ---------------------------------------------------------------------------


class _Invalid(Exception):
    """A problem inside the JSON document; `load_state` adds the file name."""


def load_state(path: Path) -> ListState:
    """The state in `path`; an empty state when the file does not exist.

    Raises `StateError` naming the file and the problem when it cannot be read, is not valid
    JSON, has an unknown format version or malformed fields.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ListState()
    except UnicodeDecodeError:
        raise StateError(StateProblem.NOT_UTF8, path) from None
    except OSError as exc:
        raise StateError(StateProblem.UNREADABLE, path, exc.strerror or str(exc)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise StateError(StateProblem.NOT_JSON, path, where) from None
    try:
        return _state_from_json(document)
    except _Invalid as exc:
        raise StateError(StateProblem.MALFORMED, path, str(exc)) from None


def save_state(
    path: Path, state: ListState, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> None:
    """Write `state` to `path` atomically: a temp file in the same directory, fsync, rename.

    Creates the state directory when needed. Raises `StateError` when it cannot be written
    (the previous file, if any, is then left as it was).
    """
    text = _readable_json(_state_to_json(state, now()), state.match_lines())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, text)
    except OSError as exc:
        raise StateError(StateProblem.UNWRITABLE, path, exc.strerror or str(exc)) from None


def _readable_json(document: dict[str, Any], match_lines: list[str]) -> str:
    """One top-level key per line, then the matches (`ListState.match_lines`) one per line.

    Readable and diffable, and fast: `indent=` would switch json to its pure-Python encoder,
    which made saving a 1,000-entry list's state take a quarter of a second, several times a run.
    """
    lines = [f"  {_dumps(key)}: {_dumps(value)}" for key, value in document.items()]
    if match_lines:
        inner = ",\n".join(match_lines)
        lines.append(f'  "matches": {{\n{inner}\n  }}')
    else:
        lines.append('  "matches": {}')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _state_to_json(state: ListState, saved_at: datetime) -> dict[str, Any]:
    return {
        "format": _KIND,
        "version": FORMAT_VERSION,
        "saved_at": saved_at.isoformat(timespec="seconds"),
        "list": state.list_path,
        "playlist_id": state.playlist_id,
        "user_id": state.user_id,
        "snapshot_id": state.snapshot_id,
        "last_run": dict(state.last_run),
        "managed": sorted(state.managed),
        "pending": sorted(state.pending),
        "restore": list(state.restore),
        "contents": state.contents,
    }


def _state_from_json(document: object) -> ListState:
    data = _object(document, "the document")
    if data.get("format") != _KIND or "version" not in data:
        raise _Invalid("not a syncer state file (no format and version)")
    version = data["version"]
    if version != FORMAT_VERSION:
        raise _Invalid(f"unknown format version {version!r} (this syncer reads {FORMAT_VERSION})")
    contents = data.get("contents")
    matches = _object(data.get("matches", {}), "matches")
    return ListState(
        playlist_id=_optional_str(data, "playlist_id"),
        managed=set(_strings(data.get("managed", []), "managed")),
        pending=set(_strings(data.get("pending", []), "pending")),
        restore=_strings(data.get("restore", []), "restore"),
        matches={key: _resolution_at(value, f"matches.{key}") for key, value in matches.items()},
        user_id=_optional_str(data, "user_id"),
        snapshot_id=_optional_str(data, "snapshot_id"),
        contents=None if contents is None else _contents(contents),
        list_path=_optional_str(data, "list"),
        last_run=_string_map(data.get("last_run", {}), "last_run"),
    )


def _contents(value: object) -> list[str | None]:
    if not isinstance(value, list) or not all(v is None or isinstance(v, str) for v in value):
        raise _Invalid("contents must be a list of URIs and nulls")
    return list(value)


def _resolution_at(value: object, where: str) -> Resolution:
    try:
        return resolution_from_json(value)
    except ValueError as exc:
        raise _Invalid(f"{where}: {exc}") from None


# -- the match cache -------------------------------------------------------------------------


#: `json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))`, built once.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def match_cache_key(entry: Entry, market: str | None, matcher_version: str) -> str:
    """A digest of everything that can change the entry's match (not its place, line or note)."""
    identity = {
        "title": entry.title,
        "artist": entry.artist,
        "aliases": list(entry.aliases),
        "artist_aliases": list(entry.artist_aliases),
        "album": entry.album,
        "year": entry.year,
        "isrc": entry.isrc,
        "uri": entry.uri,
        "reject": list(entry.reject),
        "skip": entry.skip,
        "market": market,
        "matcher": matcher_version,
    }
    if entry.duration_ms is not None:  # only when the list gives one
        identity["duration_ms"] = entry.duration_ms
    canonical = _CANONICAL.encode(identity)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def resolution_to_json(resolution: Resolution) -> dict[str, Any]:
    """A JSON-ready dict of the decision and its evidence (`searches` is not kept)."""
    document: dict[str, Any] = {"status": resolution.status.value, "uri": resolution.uri}
    if resolution.reason:
        document["reason"] = resolution.reason
    if resolution.queries:
        document["queries"] = list(resolution.queries)
    if resolution.candidates:
        document["candidates"] = [_candidate_to_json(c) for c in resolution.candidates]
    return document


def resolution_from_json(document: object) -> Resolution:
    """The `Resolution` saved by `resolution_to_json` (with `searches=0`); ValueError if bad."""
    try:
        return _resolution_from_json(document)
    except _Invalid as exc:
        raise ValueError(str(exc)) from None


def _resolution_from_json(document: object) -> Resolution:
    data = _object(document, "a match")
    status_text = data.get("status")
    if not isinstance(status_text, str) or status_text not in {s.value for s in Status}:
        raise _Invalid(f"unknown status {status_text!r}")
    status = Status(status_text)
    candidates = data.get("candidates", [])
    if not isinstance(candidates, list):
        raise _Invalid("candidates must be a list")
    return Resolution(
        status=status,
        uri=_optional_str(data, "uri"),
        reason=_optional_str(data, "reason") or "",
        candidates=tuple(_candidate_from_json(c) for c in candidates),
        queries=tuple(_strings(data.get("queries", []), "queries")),
    )


def _candidate_to_json(candidate: Candidate) -> dict[str, Any]:
    document: dict[str, Any] = {
        "track": _track_to_json(candidate.track),
        "score": candidate.score,
        "penalties": [
            {"name": p.name, "value": p.value, "weight": p.weight} for p in candidate.penalties
        ],
    }
    if candidate.rejected_by_user:
        document["rejected_by_user"] = True
    return document


def _candidate_from_json(document: object) -> Candidate:
    data = _object(document, "a candidate")
    penalties = data.get("penalties", [])
    if not isinstance(penalties, list):
        raise _Invalid("penalties must be a list")
    rejected = data.get("rejected_by_user", False)
    if not isinstance(rejected, bool):
        raise _Invalid("rejected_by_user must be true or false")
    return Candidate(
        track=_track_from_json(data.get("track")),
        score=_number(data, "score"),
        penalties=tuple(_penalty_from_json(p) for p in penalties),
        rejected_by_user=rejected,
    )


def _penalty_from_json(document: object) -> Penalty:
    data = _object(document, "a penalty")
    name = data.get("name")
    if not isinstance(name, str):
        raise _Invalid("a penalty needs a name")
    return Penalty(name=name, value=_number(data, "value"), weight=_number(data, "weight"))


_TRACK_TEXT = ("name", "album")
_TRACK_OPTIONAL_TEXT = ("release_date", "isrc")
_TRACK_LISTS = ("artists", "artist_ids", "alt_names", "alt_artists", "alt_album_names")


def _track_to_json(track: Track) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": track.id,
        "name": track.name,
        "artists": list(track.artists),
        "album": track.album,
        "duration_ms": track.duration_ms,
    }
    for key in _TRACK_OPTIONAL_TEXT:
        if getattr(track, key) is not None:
            document[key] = getattr(track, key)
    for key in _TRACK_LISTS:
        if key not in document and getattr(track, key):
            document[key] = list(getattr(track, key))
    if track.explicit:
        document["explicit"] = True
    return document


def _track_from_json(document: object) -> Track:
    data = _object(document, "a track")
    track_id = data.get("id")
    if not isinstance(track_id, str):
        raise _Invalid("a track needs an id")
    duration = data.get("duration_ms", 0)
    explicit = data.get("explicit", False)
    if not isinstance(duration, int) or isinstance(duration, bool):
        raise _Invalid("duration_ms must be an integer")
    if not isinstance(explicit, bool):
        raise _Invalid("explicit must be true or false")
    texts = {key: _optional_str(data, key) or "" for key in _TRACK_TEXT}
    optional = {key: _optional_str(data, key) for key in _TRACK_OPTIONAL_TEXT}
    lists = {key: tuple(_strings(data.get(key, []), key)) for key in _TRACK_LISTS}
    return Track(
        id=track_id,
        name=texts["name"],
        album=texts["album"],
        duration_ms=duration,
        release_date=optional["release_date"],
        isrc=optional["isrc"],
        explicit=explicit,
        artists=lists["artists"],
        artist_ids=lists["artist_ids"],
        alt_names=lists["alt_names"],
        alt_artists=lists["alt_artists"],
        alt_album_names=lists["alt_album_names"],
    )


# -- JSON shape checks -----------------------------------------------------------------------


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"{what} must be a JSON object")
    return value


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _Invalid(f"{key} must be a string or null")
    return value


def _strings(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f"{key} must be a list of strings")
    return list(value)


def _string_map(value: object, key: str) -> dict[str, str]:
    data = _object(value, key)
    if not all(isinstance(v, str) for v in data.values()):
        raise _Invalid(f"{key} must map names to strings")
    return dict(data)


def _number(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _Invalid(f"{key} must be a number")
    return float(value)


# -- the journal: the only writer of a list's state ------------------------------------------


class StateJournal:
    """The one writer of a list's state during a run; nothing else saves it.

    The ordering rule that makes a crash (SIGKILL included) at any moment safe:

    1. Before the first playlist write of a run, the remembered snapshot is forgotten on disk,
       so a crashed run's next run re-reads the items instead of trusting old contents (reads
       of the snapshot may lag writes).
    2. Before an addition is sent, its tracks are saved as `pending`, never as `managed` (one
       save before the first of a plan's additions marks every addition's tracks).
       After Spotify confirms it they move to `managed`; after a definite refusal they are
       dropped. An unknown outcome leaves them pending, and the next read of the playlist
       settles them (`settle`): present means added by syncer, absent means not added. So a
       track is syncer's own only once Spotify said so or a read shows it, and a crash between
       sending and saving neither orphans it as "added by hand" nor adds it twice.
    3. Before a removal is sent, the hand-added copies it takes away with it (Spotify deletes
       every copy) are saved as `restore`; the planner puts back any of them a read does not
       show, so a crash between the delete and the re-addition loses none. After a removal is
       confirmed, its tracks leave `managed` (before, a crash would turn a track that is still
       there into a hand-added one); a removal whose answer was lost (or a crash before saving)
       is settled by the next read: a managed track the playlist no longer holds leaves
       `managed`, so the person's copy put back from `restore` is never taken for syncer's.
    4. At the end, `remember` keeps the contents and their snapshot, forgets managed tracks
       that are no longer in the playlist, and clears `restore` (the playlist holds them).

    Every step is one atomic save (`save_state`). Under `dry_run` nothing is ever written.

    0. Matching comes first and may run long (a first sync of a long list under rate limits),
       so the entries it resolves are kept as they come without rewriting the state file per
       answer: each cacheable answer is appended to `<name>.answers.jsonl` in batches of at most
       `ANSWER_BATCH` answers, a batch also written once `ANSWER_BATCH_SECONDS` have passed since
       its first answer (at the next answer) and when matching ends or stops. Each batch is
       one append and one fsync. Opening the journal folds the file into the match cache (a
       line torn by a crash is skipped), and every save of the state file, which then holds
       those answers, removes it; a save while matching goes on (a first sync's playlist
       writes) keeps it, the cache being updated only when matching ends (`matching`). A
       SIGKILL therefore loses at most the answers of one unwritten batch; those entries are
       simply searched again. Answers are only cache: a stale or lost one can never mark a
       track as syncer's or lose one.
    """

    def __init__(
        self,
        files: ListFiles,
        state: ListState,
        *,
        dry_run: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.files = files
        self.state = state
        self.dry_run = dry_run
        self._clock = clock
        self._batch: list[tuple[str, Resolution]] = []
        self._batch_started = 0.0
        # Held while the state is saved or an answer kept: a save may come from the thread
        # that adds to the playlist while matching goes on (`syncer.sync`), answers from every
        # matching thread.
        self._answers_lock = threading.Lock()
        self._matching = False

    @contextlib.contextmanager
    def matching(self) -> Iterator[None]:
        """While matching goes on, the match cache (`ListState.matches`) is only updated when
        it ends, so a save meanwhile (a playlist write's, see rule 2) keeps the answers file and
        the batch: the state file does not hold those answers yet (rule 0)."""
        self._matching = True
        try:
            yield
        finally:
            self._matching = False

    def save(self) -> None:
        if self.dry_run:
            return
        with self._answers_lock:
            save_state(self.files.state, self.state)
            if self._matching:
                return
            self._batch.clear()  # the state file now holds every answer
            with contextlib.suppress(FileNotFoundError):
                self.files.answers.unlink()

    def answered(self, key: str, resolution: Resolution) -> None:
        """Rule 0: an entry was resolved (any thread); kept in the current batch, which is
        appended when full or old enough."""
        if self.dry_run or resolution.status not in CACHEABLE:
            return
        with self._answers_lock:
            if not self._batch:
                self._batch_started = self._clock()
            self._batch.append((key, resolution))
            full = len(self._batch) >= ANSWER_BATCH
            if full or self._clock() - self._batch_started >= ANSWER_BATCH_SECONDS:
                self._append_batch()

    def flush_answers(self) -> None:
        """Rule 0: write the current batch now (matching ended or stopped)."""
        if self.dry_run:
            return
        with self._answers_lock:
            self._append_batch()

    def _append_batch(self) -> None:
        if not self._batch:
            return
        # The match's JSON is the state file's own (kept for the next save, made once).
        lines = "".join(
            f'{{"key": {_dumps(k)}, "match": {self.state.match_json(k, r)}}}\n'
            for k, r in self._batch
        )
        try:
            _append_synced(self.files.answers, lines)
        except OSError as exc:
            raise StateError(
                StateProblem.UNWRITABLE, self.files.answers, exc.strerror or str(exc)
            ) from None
        self._batch.clear()

    def remember_playlist(self, playlist_id: str, user_id: str | None) -> None:
        """The playlist this list syncs to (created or adopted now); saved at once."""
        self.state.playlist_id = playlist_id
        self.state.user_id = self.state.user_id or user_id
        self.save()

    def forget_playlist(self) -> None:
        """The list moves to another playlist (created, or adopted after the remembered one
        went): what syncer knew of the old one (its tracks, pending additions, copies to put
        back, contents) says nothing of the new one and is forgotten (saved with the next save)."""
        self.state.managed.clear()
        self.state.pending.clear()
        self.state.restore.clear()
        self.state.snapshot_id = None
        self.state.contents = None

    def playlists_of_other_lists(self) -> set[str]:
        """Playlists other lists of this state directory sync to: never adopted by this one."""
        taken = set()
        for path in self.files.state_dir.glob("*.state.json"):
            if path != self.files.state:
                playlist_id = _playlist_recorded_in(path)
                if playlist_id is not None:
                    taken.add(playlist_id)
        return taken

    def list_syncing_to(self, playlist_id: str) -> tuple[Path, Path | None] | None:
        """The state file of another list of this state directory that syncs to `playlist_id`,
        and the list it records (None when it records none); None when no other list does."""
        for path in sorted(self.files.state_dir.glob("*.state.json")):
            if path != self.files.state and _playlist_recorded_in(path) == playlist_id:
                return path, _recorded_list(path, self.files.state_dir)
        return None

    def settle(self, current: Iterable[str | None]) -> None:
        """Settle pending additions and unconfirmed removals against the playlist as just read
        (rules 2 and 3)."""
        present = {u for u in current if u}
        if self.state.pending:
            self.state.managed.update(self.state.pending & present)
            self.state.pending.clear()
        self.state.managed.intersection_update(present)

    def before_write(self) -> None:
        """Rule 1: forget the snapshot on disk before the playlist changes."""
        if self.state.snapshot_id is not None or self.state.contents is not None:
            self.state.snapshot_id = None
            self.state.contents = None
            self.save()

    def before_add(self, own: Iterable[str]) -> None:
        """Rule 2: the tracks syncer is about to add for the list are pending, then sent."""
        self.before_write()
        new = set(own) - self.state.pending
        if new:
            self.state.pending.update(new)
            self.save()

    def after_add(self, own: Iterable[str]) -> None:
        """Rule 2: Spotify confirmed the addition; the tracks are syncer's own."""
        tracks = set(own)
        self.state.managed.update(tracks)
        self.state.pending.difference_update(tracks)
        self.save()

    def add_refused(self, own: Iterable[str]) -> None:
        """Rule 2: Spotify definitely did not add them; no mark is left."""
        self.state.pending.difference_update(own)
        self.save()

    def before_remove(self, copies: Sequence[str]) -> None:
        """Rule 3: the hand-added copies a removal takes away are saved before it is sent."""
        wanted = Counter(copies)
        have = Counter(self.state.restore)
        missing = wanted - have
        if missing:
            self.state.restore.extend(missing.elements())
            self.save()

    def after_remove(self, uris: Iterable[str]) -> None:
        """Rule 3: the removal is confirmed; the tracks are no longer syncer's."""
        self.state.managed.difference_update(uris)
        self.save()

    def remember(self, contents: Sequence[str | None], snapshot_id: str | None) -> None:
        """Rule 4: what the playlist now holds, and the version that says so."""
        present = {u for u in contents if u}
        self.state.managed.intersection_update(present)
        self.state.restore.clear()
        self.state.contents = list(contents)
        self.state.snapshot_id = snapshot_id
        self.save()


#: Rule 0 of `StateJournal`: at most this many resolved entries wait in memory (a SIGKILL loses
#: at most one batch) ...
ANSWER_BATCH = 25
#: ... and a batch is written once its first answer is this old (checked at each answer).
ANSWER_BATCH_SECONDS = 2.0


def _append_synced(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def fold_answers(files: ListFiles, state: ListState) -> int:
    """Rule 0: the answers a previous run appended (and never saved into the state file) go into
    the match cache; a line a crash tore (or damaged) is skipped. Returns how many were folded."""
    try:
        text = files.answers.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise StateError(StateProblem.UNREADABLE, files.answers, exc.strerror or str(exc)) from None
    folded = 0
    for line in text.splitlines():
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            answer = json.loads(line)
            key, resolution = answer["key"], resolution_from_json(answer["match"])
            if isinstance(key, str) and resolution.status in CACHEABLE:
                state.matches[key] = resolution
                folded += 1
    return folded


#: The playlist each state file read so far records, by the file's identity and version: every
#: new list of a run looks at every other list's state, and a state file with its match cache
#: can be large, so each version of a file is parsed once per process, not once per list.
_RECORDED_PLAYLISTS: dict[Path, tuple[tuple[int, int, int], str | None]] = {}


def _playlist_recorded_in(path: Path) -> str | None:
    """The playlist id a state file records; None when it records none or cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return None
    version = (status.st_ino, status.st_mtime_ns, status.st_size)  # a save renames a new file
    known = _RECORDED_PLAYLISTS.get(path)
    if known is not None and known[0] == version:
        return known[1]
    playlist_id = None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        recorded = json.loads(path.read_text(encoding="utf-8")).get("playlist_id")
        playlist_id = recorded if isinstance(recorded, str) else None
    _RECORDED_PLAYLISTS[path] = (version, playlist_id)
    return playlist_id


@contextlib.contextmanager
def open_journal(
    state_dir: Path, list_path: Path, *, dry_run: bool = False
) -> Iterator[StateJournal]:
    """Lock the list, load its state and yield its journal; the lock is held until the end.

    A real run claims its file name at once (the state is saved, recording the list's path),
    with the state directory locked meanwhile so two lists of the same file name starting
    together cannot both take the plain name. A dry run creates nothing: no directory, no
    lock file, no state (it only locks when a lock file is already there).

    Raises `LockedError` when another run holds the list, `StateError` for a corrupt state
    file, and `StateOfAnotherList` when the state file records another list.
    """
    with contextlib.ExitStack() as stack:
        if dry_run:
            files = list_files(state_dir, list_path)
            stack.enter_context(ListLock(state_dir, list_path, files=files, create=False))
            state = _owned_state(files)
            fold_answers(files, state)  # read, never written by a dry run
            yield StateJournal(files, state, dry_run=True)
            return
        with _DirectoryLock(state_dir):
            files = list_files(state_dir, list_path)
            stack.enter_context(ListLock(state_dir, list_path, files=files))
            state = _owned_state(files)
            journal = StateJournal(files, state)
            if fold_answers(files, state) or state.list_path is None or not files.state.exists():
                state.list_path = state.list_path or files.recorded
                journal.save()  # claims the name; answers a killed run appended join the file
        yield journal


def _owned_state(files: ListFiles) -> ListState:
    state = load_state(files.state)
    if not files.owns(state):
        raise StateOfAnotherList(
            state_file=files.state,
            owner=_resolved_from(files.state_dir, state.list_path or ""),
            list_path=files.list_path,
        )
    return state


class _DirectoryLock:
    """A short exclusive lock on the state directory itself, while a list claims its name."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._fd: int | None = None

    def __enter__(self) -> None:
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.state_dir, os.O_RDONLY)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StateError(StateProblem.DIRECTORY_UNUSABLE, self.state_dir, reason) from None
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


# -- the lock --------------------------------------------------------------------------------


class ListLock:
    """Holds the list's lock file (`ListFiles.lock`) exclusively for one run of one list.

    Entering fails at once with `LockedError` (naming the list and the holder's pid when it
    is known) if anyone else holds it; the lock is released on exit, and by the kernel if the
    process dies. The file itself stays; an unlocked file means nothing.
    """

    def __init__(
        self,
        state_dir: Path,
        list_path: Path,
        *,
        files: ListFiles | None = None,
        create: bool = True,
    ) -> None:
        self.path = (files or list_files(state_dir, list_path)).lock
        self.list_path = list_path
        self.create = create
        self._fd: int | None = None

    def __enter__(self) -> ListLock:
        if self._fd is not None:
            raise RuntimeError("this ListLock is already held")
        if not self.create and not self.path.exists():
            return self  # a dry run before any real run: nothing to lock, nothing to create
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise LockedError(self.list_path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StateError(StateProblem.LOCK_UNOPENABLE, self.path, reason) from None


def _read_pid(fd: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    return None
