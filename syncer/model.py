"""Plain data shared by the core: list entries, Spotify tracks as we see them, match decisions.

Nothing here does I/O. Spotify's JSON is translated into `Track` at the client boundary
(`syncer.spotify.client`); the matcher, the planner and the report only ever see these types.

Public API: `PlaylistSpec`, `Entry`, `SongList`, `Track`, `Status`, `Penalty`, `Candidate`,
`Resolution`, `PlaylistInfo`, `PlaylistItem`, `track_uri`, `track_id_of`, `TRACK_URI_RE`,
`TRACK_ID_RE` (its id alone), `MARKET_RE`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from syncer.errors import SyncerError

#: A Spotify track URI: `spotify:track:` and a 22-character base62 id.
_TRACK_ID = r"[0-9A-Za-z]{22}"  # base62, 22 characters
TRACK_ID_RE = re.compile(rf"^{_TRACK_ID}$")
TRACK_URI_RE = re.compile(rf"^spotify:track:({_TRACK_ID})$")
#: A market as lists and settings take it: an ISO 3166-1 alpha-2 country code, upper case.
MARKET_RE = re.compile(r"^[A-Z]{2}$")


def track_uri(track_id: str) -> str:
    """The URI of a track id."""
    return f"spotify:track:{track_id}"


def track_id_of(uri: str) -> str:
    """The id inside a `spotify:track:` URI (the URI must be well-formed)."""
    match = TRACK_URI_RE.match(uri)
    if match is None:
        raise ValueError(f"not a Spotify track URI: {uri!r}")
    return match.group(1)


@dataclass(frozen=True)
class PlaylistSpec:
    """The `[playlist]` table of a list file."""

    name: str
    description: str = ""
    public: bool = False
    market: str | None = None
    allow_empty: bool = False  # the list may place no entry (it empties the playlist)


@dataclass(frozen=True)
class Entry:
    """One `[[tracks]]` entry of a list file, validated.

    `uri` is always normalised to `spotify:track:<id>`, even when the file gave an
    open.spotify.com link. `duration_ms` is the `duration` key (seconds or "m:ss") in
    milliseconds. `index` is the 0-based position in the list; `line` the 1-based line
    of the entry's `[[tracks]]` header in the file (0 when the entry was built in code).
    """

    index: int
    title: str
    artist: str
    album: str | None = None
    year: int | None = None
    isrc: str | None = None
    aliases: tuple[str, ...] = ()
    artist_aliases: tuple[str, ...] = ()
    uri: str | None = None
    skip: str | None = None
    reject: tuple[str, ...] = ()
    note: str | None = None
    line: int = 0
    duration_ms: int | None = None  # the song's length as the list gives it (`duration`)

    @property
    def titles(self) -> tuple[str, ...]:
        """The title followed by its aliases."""
        return (self.title, *self.aliases)

    @property
    def artists(self) -> tuple[str, ...]:
        """The artist followed by its aliases."""
        return (self.artist, *self.artist_aliases)


@dataclass(frozen=True)
class SongList:
    """A whole list file: the playlist it describes and its entries in playlist order."""

    path: Path
    playlist: PlaylistSpec
    entries: tuple[Entry, ...]

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Track:
    """A Spotify track, as much of it as matching and reporting need.

    `alt_names`, `alt_artists` and `alt_album_names` hold the other localised spellings seen for
    the same track id (e.g. スピッツ under `ja`, Spitz under `en`); see `Track.merged`.
    """

    id: str
    name: str
    artists: tuple[str, ...]
    album: str = ""
    duration_ms: int = 0
    release_date: str | None = None
    isrc: str | None = None
    artist_ids: tuple[str, ...] = ()
    explicit: bool = False
    album_type: str = ""  # "album", "single" or "compilation" (empty when unknown)
    cover_url: str = ""  # the album cover nearest 300 px (empty when none; not cached)
    alt_names: tuple[str, ...] = ()
    alt_artists: tuple[str, ...] = ()
    alt_album_names: tuple[str, ...] = ()

    @property
    def uri(self) -> str:
        return track_uri(self.id)

    @property
    def url(self) -> str:
        return f"https://open.spotify.com/track/{self.id}"

    @property
    def year(self) -> int | None:
        if self.release_date and self.release_date[:4].isdigit():
            return int(self.release_date[:4])
        return None

    @cached_property
    def all_names(self) -> tuple[str, ...]:
        return _unique((self.name, *self.alt_names))

    @cached_property
    def all_artists(self) -> tuple[str, ...]:
        return _unique((*self.artists, *self.alt_artists))

    @cached_property
    def all_album_names(self) -> tuple[str, ...]:
        return _unique((self.album, *self.alt_album_names))

    def merged(self, other: Track) -> Track:
        """This track with `other`'s spellings (the same id seen under another locale) added."""
        if other.id != self.id:
            raise ValueError("can only merge two views of the same track")
        return Track(
            id=self.id,
            name=self.name,
            artists=self.artists,
            album=self.album,
            duration_ms=self.duration_ms,
            release_date=self.release_date,
            isrc=self.isrc or other.isrc,
            artist_ids=self.artist_ids,
            explicit=self.explicit,
            album_type=self.album_type or other.album_type,
            cover_url=self.cover_url or other.cover_url,
            alt_names=_without(_unique((*self.alt_names, *other.all_names)), (self.name,)),
            alt_artists=_without(_unique((*self.alt_artists, *other.all_artists)), self.artists),
            alt_album_names=_without(
                _unique((*self.alt_album_names, *other.all_album_names)), (self.album,)
            ),
        )


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _without(values: tuple[str, ...], drop: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v for v in values if v not in drop)


class Status(StrEnum):
    """What became of one list entry. The values are part of the report's JSON schema."""

    MATCHED = "matched"  # found by search, confidently
    PINNED = "pinned"  # the entry's `uri` pin, confirmed to exist
    REVIEW = "review"  # a plausible candidate, not confident enough to add unasked
    UNMATCHED = "unmatched"  # nothing acceptable found (the reason says why)
    SKIPPED = "skipped"  # the entry says the song is not on Spotify
    DUPLICATE = "duplicate"  # resolves to the same track as an earlier entry; added once
    ERROR = "error"  # Spotify kept failing for this entry


@dataclass(frozen=True)
class Penalty:
    """One named part of a candidate's distance from an entry: 0 is perfect, 1 is worst."""

    name: str
    value: float
    weight: float

    @property
    def weighted(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Candidate:
    """A track considered for an entry, its score in [0, 1] (1 is best) and why."""

    track: Track
    score: float
    penalties: tuple[Penalty, ...] = ()
    rejected_by_user: bool = False

    def worst_penalties(self) -> tuple[Penalty, ...]:
        """Penalties that count, worst first, for explaining a decision."""
        return tuple(
            sorted((p for p in self.penalties if p.weighted > 0), key=lambda p: -p.weighted)
        )


@dataclass(frozen=True)
class Resolution:
    """The decision for one entry: status, the chosen URI, the reason and the evidence.

    `error` is what Spotify did to an `error` entry; its words are the CLI's, which fill in the
    reason (`syncer.cli.messages.worded`). Never saved, never compared.
    """

    status: Status
    uri: str | None = None
    reason: str = ""
    candidates: tuple[Candidate, ...] = ()
    queries: tuple[str, ...] = ()
    searches: int = 0
    error: SyncerError | None = field(default=None, compare=False)

    @property
    def wanted(self) -> bool:
        """Whether the URI belongs in the playlist without asking (review needs --accept-review)."""
        return self.uri is not None and self.status in (Status.MATCHED, Status.PINNED)


@dataclass(frozen=True)
class PlaylistInfo:
    """A playlist's metadata as the sync engine needs it."""

    id: str
    name: str
    owner_id: str
    description: str = ""
    public: bool = False
    collaborative: bool = False
    snapshot_id: str = ""
    total: int = 0


@dataclass(frozen=True)
class PlaylistItem:
    """One entry of a playlist's contents, in order. `uri` is None for unavailable items."""

    uri: str | None
    added_at: str | None = None
    added_by: str | None = None
    is_local: bool = False
    name: str | None = None
    artists: tuple[str, ...] = ()
    # The track as the playlist gave it (None for local files, episodes and unavailable items);
    # what `syncer import` reads. Not part of the item's identity.
    track: Track | None = field(default=None, compare=False)


@dataclass
class RequestCounter:
    """Counts the API requests a run makes, keyed like "GET /search"."""

    counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, key: str) -> None:
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())
