"""What every source format is parsed into, before search settles it.

Pure data. A `SourceSong` is one song found in the source: where it is (`line`, 1-based), the
source's own words (`quote`), and one or more `Reading`s: ways to read those words as a title
and an artist, most plausible first. A line like "Taion - the GazettE" has two readings (either
side may be the artist); a glued article line like "AitaiMiliyah Kato" has one per plausible
split point. Search picks among them (`syncer.importer.settle`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from syncer.errors import UserError


@dataclass(frozen=True)
class Reading:
    """One way to read a source line: which words are the title and which the artist.

    `title_first` says whether this reading takes the title to come first in the line (a source
    keeps one order throughout; search learns which); `artist_guesses` are spellings to search
    the artist under too (the katakana of a romaji name), never written unless confirmed.
    """

    title: str
    artist: str
    title_first: bool = False
    artist_guesses: tuple[str, ...] = ()
    title_variants: tuple[str, ...] = ()  # spellings the title's own words allow ("footprints")


@dataclass(frozen=True)
class SourceSong:
    """One song of the source, with everything the source says about it."""

    line: int
    quote: str
    readings: tuple[Reading, ...]
    album: str | None = None
    year: int | None = None
    isrc: str | None = None
    uri: str | None = None
    duration_ms: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A line of the source that holds no usable song, and why (shown in the summary)."""

    line: int
    quote: str
    reason: str


@dataclass(frozen=True)
class ParsedSource:
    """A whole source: its name (heading, playlist column...), its songs in order, and the
    lines that looked like songs but could not be used."""

    name: str | None
    songs: tuple[SourceSong, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    description: str = ""


class SourceProblem(StrEnum):
    """Why a source cannot be imported; `syncer.cli.messages` words each one."""

    EMPTY = "empty"
    BINARY_NUL = "binary_nul"
    BINARY_CONTROL = "binary_control"  # detail: code
    UNDECODABLE = "undecodable"  # details: encoding, byte
    NO_TITLE_COLUMN = "no_title_column"  # detail: header
    NO_ARTIST_COLUMN = "no_artist_column"  # detail: header
    NO_CSV_ROWS = "no_csv_rows"
    NO_TEXT_SONGS = "no_text_songs"
    NO_M3U_SONGS = "no_m3u_songs"
    NO_ARTICLE_SONGS = "no_article_songs"
    NO_SUCH_FILE = "no_such_file"
    IS_DIRECTORY = "is_directory"
    CANNOT_READ = "cannot_read"  # detail: reason
    NOT_A_PLAYLIST_LINK = "not_a_playlist_link"
    OTHER_SPOTIFY_LINK = "other_spotify_link"  # detail: kind (album, track, ...)
    BAD_PLAYLIST_ID = "bad_playlist_id"  # detail: value
    NO_SUCH_PLAYLIST = "no_such_playlist"
    PLAYLIST_NOT_READABLE = "playlist_not_readable"  # details: name, status
    PLAYLIST_EMPTY = "playlist_empty"  # detail: name
    INVALID_LIST = "invalid_list"  # detail: problems (the ListError of the list it would write)


class SourceError(UserError):
    """The source cannot be imported: empty, binary, unreadable, no title column...

    `problem` is a `SourceProblem` with its `details` (worded in the CLI).
    """

    def __init__(self, source: str, line: int, problem: SourceProblem, **details: Any) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        self.details = details
        super().__init__(source, line, problem)
