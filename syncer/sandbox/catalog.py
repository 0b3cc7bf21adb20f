"""The sandbox's track catalog: loading, validation and rendering as Web API JSON.

Public API: `load_catalog`, `default_catalog_path`, `Catalog`, `CatalogTrack`, `CatalogArtist`,
`CatalogAlbum`, `CatalogError`, `Provenance`, `pick_language`.

Format (documented for users who bring their own catalog): a JSON array, or JSON Lines, of
Spotify TrackObjects as the Web API returns them; the file may be gzip-compressed.

- Required per track: `id` (22 base62 characters), `name`, `artists` (a non-empty list whose
  entries have a `name`), `duration_ms` (a non-negative integer).
- Optional and kept as given: `explicit`, `external_ids.isrc`, `track_number`, `disc_number`,
  `artists[].id`, `album{id, name, album_type, release_date, release_date_precision, images,
  total_tracks}`.
- Extension: `"names": {"<lang>": "<name>"}` on the track, on each artist and on the album gives
  localised names; responses pick them by `Accept-Language`, search indexes all of them.
- Read but never served (Development Mode removed them from responses): `popularity` (0-100;
  the `realistic` search profile blends it into ranking) and `available_markets` (a list of
  ISO 3166-1 alpha-2 codes; absent means available everywhere, `[]` nowhere; the sandbox answers
  search and `/tracks` for the account's country with it).
- Other unknown keys are ignored.

What is synthesised when absent (and nothing else): artist and album ids, derived
deterministically from the names (so the same artist gets the same id across tracks); an album
named like the track with `album_type` "single" when the track has no album; `album_type`
"album"; `images` three covers the sandbox draws (`syncer.sandbox.covers`); `total_tracks` as the number of catalog tracks on that album;
`track_number` and `disc_number` 1; `explicit` false. A missing ISRC leaves `external_ids` empty,
and a missing release date is served as `"0000"` at `year` precision, which is what Spotify
itself serves for albums without a known date (clients guard against it: "junk release dates
like Spotify's \"0000\""); both fields are required by the spec, and a value the matcher could
trust (a real-looking year) is never invented.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from syncer.errors import UserError
from syncer.sandbox.covers import cover_images
from syncer.sandbox.ids import spotify_like_id

_ID_RE = re.compile(r"^[0-9A-Za-z]{22}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
_MARKET_CODE_RE = re.compile(r"^[A-Z]{2}$")
NO_NAMES: Mapping[str, str] = MappingProxyType({})  # shared by the many unlocalised things
# What Spotify serves for an album whose date it does not know (see the module docs).
UNKNOWN_RELEASE_DATE = ("0000", "year")


class CatalogError(UserError):
    """A catalog file is unreadable or malformed; `position` says where (line or record)."""

    def __init__(self, path: Path, position: str, message: str) -> None:
        self.path = path
        self.position = position
        self.message = message
        where = f"{path}: {position}" if position else str(path)
        super().__init__(f"{where}: {message}")


def default_catalog_path() -> Path:
    """The catalog shipped with the package (JSON Lines, gzip)."""
    return Path(__file__).parent / "data" / "default_catalog.jsonl.gz"


def derived_id(*parts: str) -> str:
    """A stable id for something the catalog gave no id for, shaped as a real one
    (`ids.spotify_like_id`)."""
    return spotify_like_id("derived", *parts)


def pick_language(accept_language: str | None) -> str | None:
    """The first language tag of an `Accept-Language` header, lower-cased (`ja-JP` -> `ja-jp`)."""
    if not accept_language:
        return None
    first = accept_language.split(",")[0].split(";")[0].strip().lower()
    return first or None


def _localised(name: str, names: Mapping[str, str], language: str | None) -> str:
    if language:
        if language in names:
            return names[language]
        primary = language.split("-")[0]
        if primary in names:
            return names[primary]
    return name


@dataclass(frozen=True, slots=True)
class CatalogArtist:
    id: str
    name: str
    names: Mapping[str, str] = field(default_factory=lambda: NO_NAMES)

    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.names.values())))

    def to_json(self, language: str | None, api_base: str) -> dict[str, Any]:
        return {
            "external_urls": {"spotify": f"https://open.spotify.com/artist/{self.id}"},
            "href": f"{api_base}/artists/{self.id}",
            "id": self.id,
            "name": _localised(self.name, self.names, language),
            "type": "artist",
            "uri": f"spotify:artist:{self.id}",
        }


@dataclass(frozen=True, slots=True)
class CatalogAlbum:
    id: str
    name: str
    album_type: str
    release_date: str | None
    release_date_precision: str | None
    images: tuple[Mapping[str, Any], ...]
    artists: tuple[CatalogArtist, ...]
    names: Mapping[str, str] = field(default_factory=lambda: NO_NAMES)
    total_tracks: int | None = None

    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.names.values())))

    @property
    def year(self) -> int | None:
        return int(self.release_date[:4]) if self.release_date else None

    def served_release_date(self) -> tuple[str, str]:
        """The date and precision as served: never null (Spotify always gives both)."""
        if self.release_date is None:
            return UNKNOWN_RELEASE_DATE
        return self.release_date, self.release_date_precision or "day"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a synthetic track is (`syncer.sandbox.densify`): for the evaluation only, through
    `GET /_sandbox/tracks/{id}/provenance`; never served by the API.

    `kind` is densify's kind ("live", "remaster", "compilation", "cover", "filler", ...);
    `parent_id` the catalog track it is a version of (None for fillers, neighbours and songs
    that only share a title); `label` the words naming the version, if any, and `placement`
    where they are written ("title", "album", "live_album" or None); `same_song` whether it is
    a right answer for an entry meaning the parent: a compilation copy, a remaster or an edit
    of the very recording, and no other recording or song.
    """

    kind: str
    parent_id: str | None
    label: str | None
    placement: str | None
    same_song: bool


@dataclass(frozen=True, slots=True)
class CatalogTrack:
    id: str
    name: str
    artists: tuple[CatalogArtist, ...]
    album: CatalogAlbum
    duration_ms: int
    explicit: bool = False
    isrc: str | None = None
    track_number: int = 1
    disc_number: int = 1
    names: Mapping[str, str] = field(default_factory=lambda: NO_NAMES)
    popularity: int | None = None  # never served
    available_markets: frozenset[str] | None = None  # never served; None = everywhere
    provenance: Provenance | None = None  # never served; None = a track of the catalog itself

    @property
    def uri(self) -> str:
        return f"spotify:track:{self.id}"

    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.names.values())))

    def available_in(self, country: str | None) -> bool:
        """Whether the track can be played in `country` (no country: no restriction)."""
        return (
            country is None
            or self.available_markets is None
            or (country.upper() in self.available_markets)
        )


class Catalog:
    """The tracks the sandbox knows, by id, in file order (duplicate ids: the first wins)."""

    def __init__(self, tracks: list[CatalogTrack]) -> None:
        by_id: dict[str, CatalogTrack] = {}
        for track in tracks:
            by_id.setdefault(track.id, track)
        self._by_id = by_id
        self._album_sizes = Counter(t.album.id for t in by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[CatalogTrack]:
        return iter(self._by_id.values())

    def get(self, track_id: str) -> CatalogTrack | None:
        return self._by_id.get(track_id)

    def track_json(
        self, track: CatalogTrack, language: str | None, api_base: str
    ) -> dict[str, Any]:
        """A Development-Mode TrackObject (no popularity, available_markets, linked_from)."""
        return {
            "album": self._album_json(track.album, language, api_base),
            "artists": [a.to_json(language, api_base) for a in track.artists],
            "disc_number": track.disc_number,
            "duration_ms": track.duration_ms,
            "explicit": track.explicit,
            "external_ids": {"isrc": track.isrc} if track.isrc else {},
            "external_urls": {"spotify": f"https://open.spotify.com/track/{track.id}"},
            "href": f"{api_base}/tracks/{track.id}",
            "id": track.id,
            "is_local": False,
            "name": _localised(track.name, track.names, language),
            "preview_url": None,
            "track_number": track.track_number,
            "type": "track",
            "uri": track.uri,
        }

    def _album_json(
        self, album: CatalogAlbum, language: str | None, api_base: str
    ) -> dict[str, Any]:
        return {
            "album_type": album.album_type,
            "artists": [a.to_json(language, api_base) for a in album.artists],
            "external_urls": {"spotify": f"https://open.spotify.com/album/{album.id}"},
            "href": f"{api_base}/albums/{album.id}",
            "id": album.id,
            # Covers as given, else drawn by the sandbox (offline; see syncer.sandbox.covers).
            "images": [dict(image) for image in album.images]
            or cover_images(album.id, api_base.removesuffix("/v1")),
            "name": _localised(album.name, album.names, language),
            "release_date": album.served_release_date()[0],
            "release_date_precision": album.served_release_date()[1],
            "total_tracks": album.total_tracks or self._album_sizes[album.id],
            "type": "album",
            "uri": f"spotify:album:{album.id}",
        }


def load_catalog(path: Path | str) -> Catalog:
    """Read a catalog file (JSON array or JSON Lines, optionally gzip); see the module docs."""
    path = Path(path)
    text = _read_text(path)
    records = _records(path, text)
    tracks = [_track(path, position, record) for position, record in records]
    return Catalog(tracks)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except (OSError, EOFError) as exc:
        raise CatalogError(path, "", f"cannot read catalog: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(path, f"byte {exc.start}", "not UTF-8 text") from exc


def _records(path: Path, text: str) -> list[tuple[str, Any]]:
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CatalogError(path, f"line {exc.lineno}, column {exc.colno}", exc.msg) from exc
        return [(f"record {i + 1}", record) for i, record in enumerate(data)]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            raise CatalogError(path, f"line {number}, column {exc.colno}", exc.msg) from exc
    return records


class _Invalid(Exception):
    pass


def _track(path: Path, position: str, record: Any) -> CatalogTrack:
    try:
        return _parse_track(record)
    except _Invalid as exc:
        raise CatalogError(path, position, str(exc)) from exc


def _parse_track(record: Any) -> CatalogTrack:
    if not isinstance(record, dict):
        raise _Invalid("a track must be a JSON object")
    track_id = record.get("id")
    if not isinstance(track_id, str) or not _ID_RE.match(track_id):
        raise _Invalid(f"`id` must be a 22-character base62 Spotify id, got {track_id!r}")
    name = _string(record, "name", required=True)
    duration = record.get("duration_ms")
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
        raise _Invalid("`duration_ms` must be a non-negative integer")
    artists = _artists(record.get("artists"), "artists", required=True)
    album = _album(record.get("album"), name, artists)
    return CatalogTrack(
        id=track_id,
        name=name,
        artists=artists,
        album=album,
        duration_ms=duration,
        explicit=bool(record.get("explicit", False)),
        isrc=_isrc(record.get("external_ids")),
        track_number=_positive_int(record, "track_number"),
        disc_number=_positive_int(record, "disc_number"),
        names=_names(record),
        popularity=_popularity(record.get("popularity")),
        available_markets=_markets(record.get("available_markets")),
    )


def _popularity(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise _Invalid("`popularity` must be an integer from 0 to 100")
    return value


def _markets(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(m, str) and _MARKET_CODE_RE.match(m.upper()) for m in value
    ):
        raise _Invalid('`available_markets` must be a list of country codes, e.g. ["JP", "US"]')
    return frozenset(m.upper() for m in value)


def _string(record: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Invalid(f"`{key}` must be a string")
    return value


def _positive_int(record: dict[str, Any], key: str) -> int:
    value = record.get(key)
    if value is None:
        return 1
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _Invalid(f"`{key}` must be a positive integer")
    return value


def _names(record: dict[str, Any]) -> dict[str, str]:
    names = record.get("names")
    if names is None:
        return {}
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        raise _Invalid('`names` must map language tags to strings, e.g. {"ja": "…"}')
    return {k.lower(): v for k, v in names.items() if v}


def _artists(value: Any, key: str, *, required: bool) -> tuple[CatalogArtist, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value:
        raise _Invalid(f"`{key}` must be a non-empty list of artists")
    artists = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _Invalid(f"`{key}[{index}].name` must be a string")
        artist_id = item.get("id")
        if not (isinstance(artist_id, str) and _ID_RE.match(artist_id)):
            artist_id = derived_id("artist", item["name"])
        artists.append(CatalogArtist(id=artist_id, name=item["name"], names=_names(item)))
    return tuple(artists)


def _album(value: Any, track_name: str, track_artists: tuple[CatalogArtist, ...]) -> CatalogAlbum:
    if value is None:
        value = {"name": track_name, "album_type": "single"}
    if not isinstance(value, dict):
        raise _Invalid("`album` must be an object")
    name = _string(value, "name")
    artists = _artists(value.get("artists"), "album.artists", required=False) or track_artists
    album_id = value.get("id")
    if not (isinstance(album_id, str) and _ID_RE.match(album_id)):
        album_id = derived_id("album", name, artists[0].name)
    release_date, precision = _release_date(value)
    images = value.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, dict) for i in images):
        raise _Invalid("`album.images` must be a list of image objects")
    total = value.get("total_tracks")
    return CatalogAlbum(
        id=album_id,
        name=name,
        album_type=_string(value, "album_type") or "album",
        release_date=release_date,
        release_date_precision=precision,
        images=tuple(images),
        artists=artists,
        names=_names(value),
        total_tracks=total if isinstance(total, int) and total > 0 else None,
    )


def _release_date(album: dict[str, Any]) -> tuple[str | None, str | None]:
    date = album.get("release_date")
    if date in (None, ""):
        return None, None
    if not isinstance(date, str) or not _DATE_RE.match(date):
        raise _Invalid("`album.release_date` must look like YYYY, YYYY-MM or YYYY-MM-DD")
    precision = album.get("release_date_precision")
    if not isinstance(precision, str):
        precision = _PRECISION_BY_LENGTH[len(date)]
    return date, precision


def _isrc(external_ids: Any) -> str | None:
    if isinstance(external_ids, dict):
        isrc = external_ids.get("isrc")
        if isinstance(isrc, str) and isrc.strip():
            return isrc.strip().upper()
    return None
