"""What syncer remembers about each list between runs, and the lock that keeps runs apart.

One human-readable JSON file per list, `<state dir>/<list stem>.state.json`, holding the
playlist it syncs to, the tracks syncer itself added (`managed`: only those may ever be removed
in default mode), the match cache, the last known playlist contents and snapshot, and
timestamps. It is written atomically (temp file, fsync, rename), so a crash leaves the old file
or the new one, never half of one. A corrupt, unreadable or unknown-format file is a
`StateError` and is never overwritten: forgetting `managed` could strip hand-added tracks.

The match cache maps `match_cache_key(entry, market, matcher_version)` to the entry's
`Resolution`; only stable decisions are stored (never `error`, never `duplicate`, which depends
on other entries). `searches` is not stored: a cached decision costs no search.

`ListLock` is an exclusive, non-blocking `flock` on `<state dir>/<list stem>.lock`. A second
run (another process, or another `ListLock` in this one) gets `LockedError` at once. The kernel
drops the lock when its holder dies, so a lock file left behind never blocks.

Public API: `FORMAT_VERSION`, `CACHEABLE`, `ListState`, `default_state_dir`, `state_path`,
`lock_path`, `load_state`, `save_state`, `match_cache_key`, `resolution_to_json`,
`resolution_from_json`, `ListLock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from syncer.atomic import write_text_atomically
from syncer.errors import LockedError, StateError
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
    "finished_at") to ISO-8601 timestamps.
    """

    playlist_id: str | None = None
    managed: set[str] = field(default_factory=set)
    matches: dict[str, Resolution] = field(default_factory=dict)
    user_id: str | None = None
    snapshot_id: str | None = None
    contents: list[str | None] | None = None
    list_path: str | None = None
    last_run: dict[str, str] = field(default_factory=dict)

    def retain_matches(self, keys: Iterable[str]) -> None:
        """Forget cached matches of entries no longer in the list (keeps the file small)."""
        wanted = set(keys)
        self.matches = {k: r for k, r in self.matches.items() if k in wanted}


# -- paths -----------------------------------------------------------------------------------


def default_state_dir(list_path: Path) -> Path:
    """`.syncer/` beside the list file."""
    return list_path.parent / ".syncer"


def state_path(state_dir: Path, list_path: Path) -> Path:
    return state_dir / f"{list_path.stem}.state.json"


def lock_path(state_dir: Path, list_path: Path) -> Path:
    return state_dir / f"{list_path.stem}.lock"


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
        raise StateError(f"state file {path} is corrupt: not UTF-8 text") from None
    except OSError as exc:
        raise StateError(f"cannot read state file {path}: {exc.strerror or exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(
            f"state file {path} is corrupt: not valid JSON "
            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    try:
        return _state_from_json(document)
    except _Invalid as exc:
        raise StateError(f"state file {path} is corrupt: {exc}") from None


def save_state(
    path: Path, state: ListState, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> None:
    """Write `state` to `path` atomically: a temp file in the same directory, fsync, rename.

    Creates the state directory when needed. Raises `StateError` when it cannot be written
    (the previous file, if any, is then left as it was).
    """
    text = _readable_json(_state_to_json(state, now()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, text)
    except OSError as exc:
        raise StateError(f"cannot write state file {path}: {exc.strerror or exc}") from None


def _readable_json(document: dict[str, Any]) -> str:
    """One top-level key per line and one cached match per line.

    Readable and diffable, and fast: `indent=` would switch json to its pure-Python encoder,
    which made saving a 1,000-entry list's state take a quarter of a second, several times a run.
    """

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in document.items():
        if isinstance(value, dict) and key == "matches" and value:
            inner = ",\n".join(f"    {dumps(k)}: {dumps(v)}" for k, v in value.items())
            lines.append(f"  {dumps(key)}: {{\n{inner}\n  }}")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


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
        "contents": state.contents,
        "matches": {
            key: resolution_to_json(r) for key, r in state.matches.items() if r.status in CACHEABLE
        },
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
    canonical = json.dumps(identity, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
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


# -- the lock --------------------------------------------------------------------------------


class ListLock:
    """Holds `<state dir>/<list stem>.lock` exclusively for one run of one list.

    Entering fails at once with `LockedError` (naming the list and the holder's pid when it
    is known) if anyone else holds it; the lock is released on exit, and by the kernel if the
    process dies. The file itself stays; an unlocked file means nothing.
    """

    def __init__(self, state_dir: Path, list_path: Path) -> None:
        self.path = lock_path(state_dir, list_path)
        self.list_path = list_path
        self._fd: int | None = None

    def __enter__(self) -> ListLock:
        if self._fd is not None:
            raise RuntimeError("this ListLock is already held")
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            by = f" (pid {holder})" if holder else ""
            raise LockedError(
                f"{self.list_path} is already being synced by another run{by}"
            ) from None
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
            raise StateError(f"cannot open lock file {self.path}: {exc.strerror or exc}") from None


def _read_pid(fd: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    return None
