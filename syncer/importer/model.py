"""What every source format is parsed into, before search settles it.

Pure data. A `SourceSong` is one song found in the source: where it is (`line`, 1-based), the
source's own words (`quote`), and one or more `Reading`s: ways to read those words as a title
and an artist, most plausible first. A line like "Taion - the GazettE" has two readings (either
side may be the artist); a glued article line like "AitaiMiliyah Kato" has one per plausible
split point. Search picks among them (`syncer.importer.settle`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


class SourceError(UserError):
    """The source cannot be imported: empty, binary, unreadable, no title column..."""

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
