"""The sandbox account's playlists, with optional persistence to a JSON state file.

Public API: `Library`, `Playlist`, `PlaylistEntry`, `LibraryError`, `new_playlist_id`,
`escaped_description`, `check_details`.

Every write bumps the playlist's version, which changes its `snapshot_id`; with a state file the
whole library is written atomically (temp file + `os.replace`) after each write, so consecutive
sandbox runs behave like consecutive runs against one real account.

Details as Spotify keeps them: a description is stored HTML-escaped (`'` as `&#x27;`, `/` as
`&#x2F;`, `&` as `&amp;`, `"`, `<`, `>`) and comes back that way; a description over 300
characters, a name over 100 (Spotify was seen failing over 200: the sandbox is harsher), a line
break or control character in either, and adds past 10,000 items are refused with the 500
Spotify was reported to answer (see `syncer.details`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from syncer.atomic import write_text_atomically
from syncer.details import DESCRIPTION_MAX, NAME_MAX, PLAYLIST_ITEMS_MAX, unfit_character
from syncer.errors import StateError, StateProblem
from syncer.sandbox.ids import spotify_like_id

_STATE_VERSION = 1


class LibraryError(Exception):
    """A write the API must refuse, with the API's status (400 unless said) and message."""

    def __init__(self, message: str, status: int = 400) -> None:
        self.status = status
        super().__init__(message)


def _refused_as_spotify_does() -> LibraryError:
    # What Spotify was reported to answer for over-long or multi-line details and full playlists
    # (metabrainz/troi PRs 146 and 155, spotify/web-api#456 and #1179): a bare server error.
    return LibraryError("Server error.", status=500)


_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "/": "&#x2F;"}
)


def escaped_description(text: str) -> str:
    """A description as Spotify stores and returns it: HTML-escaped (spotify/web-api#980)."""
    return text.translate(_ESCAPES)


def check_details(changes: dict[str, Any]) -> None:
    """Refuse, as Spotify does, a name or description it would not take."""
    name, description = changes.get("name"), changes.get("description")
    texts = [t for t in (name, description) if isinstance(t, str)]
    if any(unfit_character(t) for t in texts):
        raise _refused_as_spotify_does()
    if isinstance(name, str) and len(name) > NAME_MAX:
        raise _refused_as_spotify_does()
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        raise _refused_as_spotify_does()


def new_playlist_id() -> str:
    """A fresh playlist id, shaped as a real one (`ids.spotify_like_id` of 128 random bits)."""
    return spotify_like_id("playlist", secrets.token_hex(16))


@dataclass
class PlaylistEntry:
    uri: str
    added_at: str
    added_by: str


@dataclass
class Playlist:
    id: str
    name: str
    owner_id: str
    owner_name: str
    description: str = ""
    public: bool = True
    collaborative: bool = False
    version: int = 1
    entries: list[PlaylistEntry] = field(default_factory=list)
    # False once the user deleted it: on Spotify that only unfollows it, so the playlist still
    # answers by id but leaves /me/playlists and /me/library/contains says false.
    followed: bool = True
    # Snapshot lag (a fault knob): the version reads still show, and for how many more reads.
    shown_version: int | None = None
    lag_reads: int = 0

    @property
    def snapshot_id(self) -> str:
        """The current snapshot, as a write answers it."""
        return _snapshot_of(self.id, self.version)

    def read_snapshot(self) -> str:
        """The snapshot a metadata read shows: under lag, the one before the last writes."""
        if self.shown_version is None or self.lag_reads <= 0:
            self.shown_version = None
            return self.snapshot_id
        self.lag_reads -= 1
        return _snapshot_of(self.id, self.shown_version)

    @property
    def uris(self) -> list[str]:
        return [entry.uri for entry in self.entries]


def _snapshot_of(playlist_id: str, version: int) -> str:
    digest = hashlib.sha1(f"{playlist_id}:{version}".encode()).digest()
    return base64.b64encode(version.to_bytes(4, "big") + digest[:20]).decode()


class Library:
    """All playlists the sandbox user owns or follows, newest first."""

    def __init__(
        self,
        *,
        user_id: str,
        display_name: str,
        state_file: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.user_id = user_id
        self.display_name = display_name
        self._state_file = state_file
        self._clock = clock
        self._playlists: dict[str, Playlist] = {}
        self.lock = threading.RLock()
        self.snapshot_lag = 0  # reads that still show the old snapshot after writes (faults)
        if state_file is not None and state_file.exists():
            self._load(state_file)

    # --- reads ------------------------------------------------------------------------------

    def all(self) -> list[Playlist]:
        with self.lock:
            return list(reversed(self._playlists.values()))

    def followed(self) -> list[Playlist]:
        """What `GET /me/playlists` lists: every playlist the user still follows."""
        with self.lock:
            return [p for p in reversed(self._playlists.values()) if p.followed]

    def get(self, playlist_id: str) -> Playlist | None:
        with self.lock:
            return self._playlists.get(playlist_id)

    def can_edit(self, playlist: Playlist) -> bool:
        return playlist.owner_id == self.user_id or playlist.collaborative

    # --- writes -----------------------------------------------------------------------------

    def create(
        self,
        name: str,
        *,
        description: str = "",
        public: bool = True,
        collaborative: bool = False,
        owner_id: str | None = None,
    ) -> Playlist:
        check_details({"name": name, "description": description})
        owner = owner_id or self.user_id
        playlist = Playlist(
            id=new_playlist_id(),
            name=name,
            owner_id=owner,
            owner_name=self.display_name if owner == self.user_id else owner,
            description=escaped_description(description),
            public=public,
            collaborative=collaborative,
        )
        with self.lock:
            self._playlists[playlist.id] = playlist
            self._save()
        return playlist

    def unfollow(self, playlist: Playlist) -> None:
        """The user deletes the playlist in the app (Spotify keeps it, unfollowed)."""
        with self.lock:
            playlist.followed = False
            self._save()

    def change_details(self, playlist: Playlist, changes: dict[str, Any]) -> None:
        check_details(changes)
        if isinstance(changes.get("description"), str):
            changes = {**changes, "description": escaped_description(changes["description"])}
        with self.lock:
            for key in ("name", "description", "public", "collaborative"):
                if key in changes:
                    setattr(playlist, key, changes[key])
            self._written(playlist)

    def add(
        self, playlist: Playlist, uris: Sequence[str], position: int | None, added_by: str
    ) -> None:
        with self.lock:
            if position is not None and not 0 <= position <= len(playlist.entries):
                raise LibraryError("Index out of bounds")
            if len(playlist.entries) + len(uris) > PLAYLIST_ITEMS_MAX:
                raise _refused_as_spotify_does()
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock()))
            new = [PlaylistEntry(uri, now, added_by) for uri in uris]
            at = len(playlist.entries) if position is None else position
            playlist.entries[at:at] = new
            self._written(playlist)

    def replace(self, playlist: Playlist, uris: Sequence[str], added_by: str) -> None:
        with self.lock:
            playlist.entries.clear()
            self.add(playlist, uris, None, added_by)

    def reorder(
        self, playlist: Playlist, range_start: int, insert_before: int, range_length: int
    ) -> None:
        with self.lock:
            size = len(playlist.entries)
            if range_length < 1 or not 0 <= range_start <= size - range_length:
                raise LibraryError("Range out of bounds")
            if not 0 <= insert_before <= size:
                raise LibraryError("Index out of bounds")
            moved = playlist.entries[range_start : range_start + range_length]
            moved_ids = {id(entry) for entry in moved}
            before = [e for e in playlist.entries[:insert_before] if id(e) not in moved_ids]
            after = [e for e in playlist.entries[insert_before:] if id(e) not in moved_ids]
            playlist.entries[:] = before + moved + after
            self._written(playlist)

    def remove(self, playlist: Playlist, uris: Sequence[str]) -> None:
        """Remove every occurrence of each URI (Spotify ignores positions)."""
        with self.lock:
            unwanted = set(uris)
            playlist.entries[:] = [e for e in playlist.entries if e.uri not in unwanted]
            self._written(playlist)

    def _written(self, playlist: Playlist) -> None:
        if self.snapshot_lag:
            if playlist.shown_version is None or playlist.lag_reads <= 0:
                playlist.shown_version = playlist.version
            playlist.lag_reads = self.snapshot_lag
        playlist.version += 1
        self._save()

    # --- persistence ------------------------------------------------------------------------

    def _save(self) -> None:
        if self._state_file is None:
            return
        data = {
            "version": _STATE_VERSION,
            "user_id": self.user_id,
            "playlists": [asdict(p) for p in self._playlists.values()],
        }
        self._state_file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1)
        write_text_atomically(self._state_file, text)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != _STATE_VERSION:
                raise ValueError(f"unsupported version {data.get('version')!r}")
            for raw in data["playlists"]:
                entries = [PlaylistEntry(**e) for e in raw.pop("entries")]
                playlist = Playlist(**raw, entries=entries)
                self._playlists[playlist.id] = playlist
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StateError(StateProblem.SANDBOX_UNREADABLE, path, str(exc)) from exc
