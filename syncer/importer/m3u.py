"""M3U and M3U8 playlists: `#EXTINF:<seconds>,Artist - Title` before each file or link.

Pure. `#PLAYLIST:` names the playlist. An entry without `#EXTINF` is read from its file name
("Artist - Title.mp3"); an `open.spotify.com/track/…` link or `spotify:track:` URI as the
location becomes a pin. The duration is kept: a match of a very different length is reported
as uncertain, and the entry is written with it as its `duration`, so a sync leaves a track of
another length for review instead of adding it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote

from syncer.importer.model import (
    ParsedSource,
    Reading,
    Skipped,
    SourceError,
    SourceProblem,
    SourceSong,
)
from syncer.importer.text import read_song_line
from syncer.lists import normalize_track_uri

_EXTINF = re.compile(r"^#EXTINF:\s*(?P<seconds>-?\d+(?:\.\d+)?)(?P<attrs>[^,]*),(?P<info>.*)$")
_PLAYLIST = re.compile(r"^#PLAYLIST:\s*(?P<name>.+)$")
_MEDIA_SUFFIX = re.compile(r"\.(?:mp3|m4a|flac|ogg|opus|wav|aac|wma|alac|aiff?)$", re.IGNORECASE)


def looks_like_m3u(text: str) -> bool:
    return text.lstrip().startswith("#EXTM3U") or "\n#EXTINF:" in f"\n{text}"


def parse_m3u(text: str, source: str) -> ParsedSource:
    name: str | None = None
    songs: list[SourceSong] = []
    skipped: list[Skipped] = []
    info: tuple[int, str, int | None] | None = None  # line, text, duration
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        playlist = _PLAYLIST.match(line)
        extinf = _EXTINF.match(line)
        if playlist:
            name = playlist.group("name").strip()
        elif extinf:
            seconds = float(extinf.group("seconds"))
            duration = int(seconds * 1000) if seconds > 0 else None
            info = (number, extinf.group("info").strip(), duration)
        elif line.startswith("#"):
            continue
        else:
            song = _song(info, number, line)
            info = None
            if isinstance(song, Skipped):
                skipped.append(song)
            else:
                songs.append(song)
    if not songs:
        raise SourceError(source, 0, SourceProblem.NO_M3U_SONGS)
    return ParsedSource(name=name, songs=tuple(songs), skipped=tuple(skipped))


def _song(
    info: tuple[int, str, int | None] | None, number: int, location: str
) -> SourceSong | Skipped:
    uri = normalize_track_uri(location)
    line, words, duration = info if info is not None else (number, _file_stem(location), None)
    shape = read_song_line(words, strip_numbers=False) if words else None
    if shape is None:
        return Skipped(line, words or location, "no 'Artist - Title' in this entry")
    # M3U writers put the artist first: that reading leads.
    readings = tuple(sorted(shape.readings, key=lambda r: r.title_first))
    return SourceSong(
        line=line,
        quote=words,
        readings=tuple(Reading(r.title, r.artist, r.title_first) for r in readings),
        year=shape.year,
        note=shape.note,
        uri=uri,
        duration_ms=duration,
    )


def _file_stem(location: str) -> str:
    path = unquote(location.split("?", 1)[0])
    name = PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name
    return _MEDIA_SUFFIX.sub("", name).replace("_", " ").strip()
