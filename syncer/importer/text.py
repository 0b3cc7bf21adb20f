"""Plain-text lists: one song per line, in the shapes people write.

Pure. Shapes (each side may hold a bracketed year or note):
`Title - Artist` and `Artist - Title` (any dash: - – — ―), `Title by Artist`,
`"Title" — Artist` (a quoted side is the title), `Artist: Title`, `Title / Artist`,
`Artist「Title」`, numbered (`1.`, `1)`, `#1`, `01 `) or bulleted (`-`, `*`, `•`, `・`).
Lines without a song shape (prose, headings, blank lines) are ignored, as are captions and
credits shaped like a song line but ending a sentence ("Label: text.", "Photo by Someone.");
a short line without an artist is reported. Which side of an `A - B` line is the artist is not knowable from the
text alone: both readings are kept, the usual one first, and search decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from syncer.importer.model import (
    ParsedSource,
    Reading,
    Skipped,
    SourceError,
    SourceProblem,
    SourceSong,
)

_BULLET = re.compile(r"^\s*(?:[-*•·・●▪◦‣+]|\d{1,4}[.)]|#\d{1,4}[.):]?|\(\d{1,4}\))\s+")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s+(?=\S)")
_DASH = re.compile(r"\s+[-–—―‐]{1,2}\s+|\t+")
_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
_COLON = re.compile(r"^([^:：]{1,60})[:：]\s+(.+)$")
_SLASH = re.compile(r"\s+/\s+")
_CORNER = re.compile(r"^(?P<artist>[^「『]+?)\s*[「『](?P<title>[^」』]+)[」』]\s*(?P<rest>.*)$")
_QUOTED = re.compile(r'^["“”„«»\'‘’](?P<inner>.+?)["“”„«»\'‘’]$')
_TRAILING_GROUP = re.compile(r"\s*[(\[（［](?P<inner>[^()\[\]（）［］]*)[)\]）］]\s*$")
_YEAR = re.compile(r"\b(19\d\d|20\d\d|2100)\b")
_SENTENCE_END = re.compile(r"[.!?。！？]$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")

#: More words than this on one line is prose, not a song.
MAX_SONG_WORDS = 16


@dataclass(frozen=True)
class LineShape:
    """A line read as a song: its readings, and what brackets said about year and note."""

    readings: tuple[Reading, ...]
    year: int | None = None
    note: str | None = None


def parse_text(text: str, source: str) -> ParsedSource:
    """Every song line of a text list, in order; raises `SourceError` when there is none."""
    lines = text.split("\n")
    numbered = _numbered_run(lines)
    songs: list[SourceSong] = []
    skipped: list[Skipped] = []
    name: str | None = None
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped:
            continue
        shape = read_song_line(stripped, strip_numbers=numbered)
        if shape is not None:
            songs.append(
                SourceSong(
                    line=number,
                    quote=stripped,
                    readings=shape.readings,
                    year=shape.year,
                    note=shape.note,
                )
            )
        elif not songs and name is None:
            name = heading_text(stripped)
        elif _looks_like_a_bare_title(stripped, numbered):
            skipped.append(Skipped(number, stripped, "no artist on this line"))
    if not songs:
        raise SourceError(source, 0, SourceProblem.NO_TEXT_SONGS)
    return ParsedSource(name=name, songs=tuple(songs), skipped=tuple(skipped))


def read_song_line(line: str, *, strip_numbers: bool = True) -> LineShape | None:
    """The readings of one line, or None when it has no song shape or reads as prose."""
    body = _BULLET.sub("", line, count=1)
    if strip_numbers:
        body = _NUMBER.sub("", body, count=1)
    body = body.strip()
    if not body:
        return None
    body, year, note = _trailing_notes(body)
    pairs = _pairs(body)
    # A quoted title may be a whole sentence ("He cheated on me, but I still like you.").
    if pairs is None or (_is_prose(body) and not _has_quoted_side(pairs)):
        return None
    if _is_caption_or_credit(body) and not _has_quoted_side(pairs):
        return None
    readings = tuple(
        dict.fromkeys(
            Reading(_clean_title(title), _clean_artist(artist), title_first=first)
            for title, artist, first in pairs
        )
    )
    readings = tuple(r for r in readings if r.title and r.artist)
    if not readings:
        return None
    return LineShape(readings=readings, year=year, note=note)


def heading_text(line: str) -> str | None:
    """A heading's text (markdown `#`, or a short line), usable as the playlist's name."""
    match = _HEADING.match(line)
    text = (match.group(1) if match else line).strip().rstrip(":：").strip()
    if not text or len(text.split()) > 12 or _SENTENCE_END.search(text):
        return None
    return text


Pair = tuple[str, str, bool]  # title, artist, title_first


def _pairs(body: str) -> list[Pair] | None:
    """(title, artist) pairs for the line's shape, most plausible first."""
    corner = _CORNER.match(body)
    if corner and corner.group("artist").strip():
        rest = corner.group("rest").strip()
        if not rest or rest.startswith(("(", "[", "（")):
            return [(corner.group("title"), corner.group("artist"), False)]
    dashes = list(_DASH.finditer(body))
    if dashes:
        return _split_pairs(body, dashes, artist_first=True)
    by = list(_BY.finditer(body))
    if by:
        # "Stand by Me by Ben E. King": the last " by " is the likelier split.
        return [(body[: m.start()], body[m.end() :], True) for m in reversed(by)]
    colon = _COLON.match(body)
    if colon and not colon.group(1).lower().endswith(("http", "https", "spotify")):
        return _oriented(colon.group(2), colon.group(1), usual="artist first")
    slashes = list(_SLASH.finditer(body))
    if slashes:
        return _split_pairs(body, slashes, artist_first=False)
    return None


def _split_pairs(
    body: str, separators: Iterable[re.Match[str]], *, artist_first: bool
) -> list[Pair]:
    pairs: list[Pair] = []
    for match in separators:
        left, right = body[: match.start()], body[match.end() :]
        if artist_first:
            pairs.extend(_oriented(right, left, usual="artist first"))
        else:
            pairs.extend(_oriented(left, right, usual="title first"))
    return pairs


def _oriented(title: str, artist: str, *, usual: str) -> list[Pair]:
    """The pair as given and swapped, unless quotes say which side is the title."""
    title_first = usual == "title first"
    title_quoted, artist_quoted = _is_quoted(title), _is_quoted(artist)
    if title_quoted and not artist_quoted:
        return [(title, artist, title_first)]
    if artist_quoted and not title_quoted:
        return [(artist, title, not title_first)]
    return [(title, artist, title_first), (artist, title, not title_first)]


def _has_quoted_side(pairs: list[Pair]) -> bool:
    return len(pairs) == 1 and any(_is_quoted(side) for side in pairs[0][:2])


def _is_quoted(text: str) -> bool:
    return _QUOTED.match(text.strip()) is not None


def _clean_title(text: str) -> str:
    text = text.strip()
    quoted = _QUOTED.match(text)
    return (quoted.group("inner") if quoted else text).strip()


def _clean_artist(text: str) -> str:
    text = _clean_title(text)
    return text.rstrip(",;").strip()


def _trailing_notes(body: str) -> tuple[str, int | None, str | None]:
    """Strip trailing bracket groups holding a year (and any note with it): "(1998)",
    "[from the album X, 2003]". Other brackets stay: "(Live)" says which version."""
    year: int | None = None
    notes: list[str] = []
    while True:
        match = _TRAILING_GROUP.search(body)
        if match is None:
            break
        inner = match.group("inner").strip()
        found = _YEAR.search(inner)
        if found is None:
            break
        year = year or int(found.group(1))
        rest = inner.replace(found.group(1), "").strip(" ,;-–")
        if rest:
            notes.insert(0, rest)
        body = body[: match.start()].rstrip()
    return body, year, ("; ".join(notes) or None)


def _is_caption_or_credit(body: str) -> bool:
    """A label and a sentence ("Photo: the band on stage.", "Label: text.") or a credit
    ("Photo by Someone."): shaped like `Artist: Title` or `Title by Artist`, but ending a
    sentence, which a song line does not. A dash or a quoted side still makes a song line."""
    if _DASH.search(body) or not ends_a_sentence(body):
        return False
    return _COLON.match(body) is not None or _BY.search(body) is not None


def ends_a_sentence(text: str) -> bool:
    """Whether `text` ends with a full stop (or 。) that closes a sentence: not an ellipsis, and
    not an abbreviation such as "Jr." or "B.B." that ends a name."""
    text = text.rstrip()
    if text.endswith("。"):
        return True
    if not text.endswith(".") or text.endswith(".."):
        return False
    last = text[:-1].split()[-1] if text[:-1].split() else ""
    abbreviation = "." in last or (len(last) <= 3 and last[:1].isupper() and last[1:].islower())
    return not abbreviation


def _is_prose(body: str) -> bool:
    words = body.split()
    if len(words) > MAX_SONG_WORDS:
        return True
    return len(words) > 8 and _SENTENCE_END.search(body) is not None


def _numbered_run(lines: list[str]) -> bool:
    """Whether lines are numbered "1 Song", "2 Song"...: only then is a leading number not part
    of a title ("99 Luftballons - Nena" keeps its 99 otherwise)."""
    numbers = [int(m.group(1)) for line in lines if (m := _NUMBER.match(line))]
    return len(numbers) >= 3 and {1, 2, 3} <= set(numbers)


def _looks_like_a_bare_title(line: str, numbered: bool) -> bool:
    """A short list-item-like line without an artist: worth reporting, unlike prose."""
    body = _BULLET.sub("", line, count=1)
    listed = body != line or (numbered and _NUMBER.match(line) is not None)
    return listed and len(body.split()) <= 8 and not _SENTENCE_END.search(body)
