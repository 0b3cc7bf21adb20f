"""CSV exports of playlists (Exportify, TuneMyMusic, Soundiiz and the like), read by header.

Pure. The delimiter is whichever of `,` `;` tab `|` splits the header into the most known
columns. Columns are found by name, ignoring case, spacing and punctuation: the track name,
the artist name(s), album, ISRC, Spotify URI/id/link, duration (ms, seconds or m:ss), release
date or year, and the playlist's name. A Spotify URI becomes a pin; an ISRC is kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from syncer.importer.model import (
    ParsedSource,
    Reading,
    Skipped,
    SourceError,
    SourceProblem,
    SourceSong,
)
from syncer.lists import normalize_isrc, normalize_track_uri
from syncer.model import track_uri

# Known header names per field, compared after `_key` (lower case, letters and digits only).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("trackname", "tracktitle", "title", "songname", "songtitle", "song", "track",
              "name", "titel", "nom", "titre"),
    "artist": ("artistnames", "artistname", "artists", "artist", "trackartist", "performer",
               "artiste", "interpret", "albumartistnames"),
    "album": ("albumname", "albumtitle", "album"),
    "isrc": ("isrc", "trackisrc"),
    "uri": ("trackuri", "spotifyuri", "spotifytrackuri", "uri", "spotifyid", "spotifytrackid",
            "trackid", "spotifyurl", "spotifylink", "tracklink", "url", "link", "id"),
    "duration": ("trackdurationms", "durationms", "duration", "length", "time", "trackduration"),
    "year": ("albumreleasedate", "releasedate", "year", "releaseyear", "date"),
    "playlist": ("playlistname", "playlist", "playlisttitle"),
}  # fmt: skip
_DELIMITERS = (",", ";", "\t", "|")
_BARE_ID = re.compile(r"^[0-9A-Za-z]{22}$")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_YEAR = re.compile(r"^(\d{4})")


@dataclass(frozen=True)
class _Header:
    columns: dict[str, int]
    delimiter: str


def parse_csv(text: str, source: str) -> ParsedSource:
    """Every row with a title and an artist, in order; the header names the columns."""
    first_line = text.split("\n", 1)[0]
    header = _find_header(first_line)
    if "title" not in header.columns:
        raise SourceError(
            source,
            1,
            SourceProblem.NO_TITLE_COLUMN,
            header=_show(first_line),
        )
    if "artist" not in header.columns:
        raise SourceError(
            source,
            1,
            SourceProblem.NO_ARTIST_COLUMN,
            header=_show(first_line),
        )
    rows = csv.reader(io.StringIO(text), delimiter=header.delimiter)
    next(rows)
    songs: list[SourceSong] = []
    skipped: list[Skipped] = []
    playlist_names: list[str] = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = _Cells(row, header.columns)
        quote = header.delimiter.join(row).strip()
        title, artist = cells.get("title"), cells.get("artist")
        if not title or not artist:
            missing = "title" if not title else "artist"
            skipped.append(Skipped(line, quote, f"no {missing} in this row"))
            continue
        playlist_names.append(cells.get("playlist") or "")
        songs.append(
            SourceSong(
                line=line,
                quote=quote,
                readings=(Reading(title, artist),),
                album=cells.get("album") or None,
                year=_year(cells.get("year")),
                isrc=normalize_isrc(cells.get("isrc")) if cells.get("isrc") else None,
                uri=_uri(cells.get("uri")),
                duration_ms=_duration_ms(cells.get("duration")),
            )
        )
    if not songs:
        raise SourceError(source, 0, SourceProblem.NO_CSV_ROWS)
    name = next((n for n in playlist_names if n), None)
    return ParsedSource(name=name, songs=tuple(songs), skipped=tuple(skipped))


def looks_like_csv(text: str) -> bool:
    """Whether the first line is a header naming a title column and another known column."""
    header = _find_header(text.split("\n", 1)[0])
    return "title" in header.columns and len(header.columns) >= 2


class _Cells:
    def __init__(self, row: Sequence[str], columns: dict[str, int]) -> None:
        self.row = row
        self.columns = columns

    def get(self, field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(self.row):
            return ""
        return self.row[index].strip()


def _find_header(line: str) -> _Header:
    best = _Header({}, ",")
    for delimiter in _DELIMITERS:
        names = next(csv.reader([line.removeprefix("\ufeff")], delimiter=delimiter), [])
        columns = _columns(names)
        if len(columns) > len(best.columns):
            best = _Header(columns, delimiter)
    return best


def _columns(names: Sequence[str]) -> dict[str, int]:
    """The column index of each field, the most specific header name winning."""
    keys = [_key(name) for name in names]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for field, candidates in _COLUMNS.items():
        for candidate in candidates:
            index = next((i for i, k in enumerate(keys) if k == candidate and i not in taken), -1)
            if index >= 0:
                found[field] = index
                taken.add(index)
                break
    return found


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _show(line: str) -> str:
    return line if len(line) <= 80 else line[:77] + "..."


def _uri(text: str) -> str | None:
    if not text:
        return None
    if _BARE_ID.match(text):
        return track_uri(text)
    return normalize_track_uri(text)


def _year(text: str) -> int | None:
    match = _YEAR.match(text or "")
    if match is None:
        return None
    year = int(match.group(1))
    return year if 1900 <= year <= 2100 else None


def _duration_ms(text: str) -> int | None:
    """Milliseconds from "238000", "238", "3:58" or "1:03:58" (a bare number under 10,000 is
    seconds: no song lasts under ten seconds in milliseconds)."""
    text = (text or "").strip()
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(clock.group(i) or 0) for i in (1, 2, 3))
        return ((hours * 60 + minutes) * 60 + seconds) * 1000
    try:
        value = float(text)
    except ValueError:
        return None
    if value <= 0:
        return None
    return int(value * 1000) if value < 10_000 else int(value)
