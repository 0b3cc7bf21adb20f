"""Articles: find the song lines among the prose and read each as a title and an artist.

Pure. Articles like the seed articles name each song on a line of its own, often with title
and artist glued together ("AitaiMiliyah Kato", "Sorrow Rides the Busmakaroni enpitsu") and
repeated around a video caption, or as "1 X Japan - Endless Rain". A line is a song line when
it is short, is not a sentence, a caption or a heading, and either has a song shape
(`Artist - Title`, `"Title" by Artist`...), or is glued (a capital letter straight after a
lower-case letter or punctuation inside a word, "PartingMiyuki"), or repeats, or stands where
the article's songs stand (between paragraphs of prose). Repeats are merged. A caption (a
video's, or a label and its text: "Photo: the stage") is never a song; one that names a song
on the line next to it (its artist, then a quoted title) gives that song its quoted title to
search with.

A glued line is split at the plausible points, each giving two readings (title first, then
artist first): where the capital letter starts, where a suffix shared with another song line
starts ("…makaroni enpitsu" twice is an artist), and where the longest run of romaji words at
the end starts ("Maple|supittsu"); a romaji artist is also searched in katakana (スピッツ).
Search picks the reading (`syncer.importer.settle`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import jaconv

from syncer.importer.model import (
    ParsedSource,
    Reading,
    Skipped,
    SourceError,
    SourceProblem,
    SourceSong,
)
from syncer.importer.text import heading_text, read_song_line
from syncer.match import Thresholds, artist_similarity
from syncer.normalize import fold_text

#: Song lines are short; a glued one is at most this many words.
MAX_GLUED_WORDS = 8
#: A suffix shared by two glued lines must be this long to be read as an artist.
MIN_SHARED_SUFFIX = 4
#: The most split points tried per glued line (each gives two readings).
MAX_SPLITS = 3

_CAPTION = re.compile(
    r"(?:\b(?:music|lyric|official|live)\s+video|\bMV|\bPV|\bvideo)\s*\)?\s*$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?。！？…:]$")
# A label and its text, as photo captions and credits are written ("Photo: the stage",
# "(Source: a site)"): up to three words, a colon, then the text.
_LABELLED = re.compile(r"^\(?\s*[^\s:：]+(?:\s+[^\s:：]+){0,2}\s*[:：]\s+\S")
# A caption naming a song: its artist, then its title in quotes, then anything ("Macaroni
# Empitsu “Saraba” Music Video", "HY - “In Love” (Theme song ...) MV").
_QUOTED_TITLE = re.compile(
    r"^(?P<artist>[^\"“”「『‘’']+?)[\s\-–—―:]*[\"“「『‘'](?P<title>[^\"“”」』‘’']+)[\"”」』’']"
)
_RANGE_HEADING = re.compile(r"\(\s*\d+\s*[–—-]\s*\d+\s*\)\s*$")
# A capital letter glued to what precedes it: "PartingMiyuki", "why?Mao", "(s)Koresawa",
# "WHYMiliyah" (the last capital of a run, before lower case).
_GLUE = re.compile(r"(?<=[a-z0-9)\]?!’'”.,])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ROMAJI_WORD = re.compile(
    r"^(?:(?:([kgsztdhbpmrfj])(?=\1))?"
    r"(?:ky|gy|sh|sy|jy|ch|ts|ty|dy|ny|hy|by|py|my|ry|[kgsztdnhbpmyrwfjv])?[aiueoāīūēō]"
    r"|n'?)+$"
)
_PLURAL = re.compile(r"^(?P<stem>\w+)\(s\)$")


def parse_article(text: str, source: str) -> ParsedSource:
    """The article's songs, in order, repeats merged; the first heading names it."""
    lines = [line.strip() for line in text.split("\n")]
    numbered = _numbered(lines)
    kinds = [_kind(line, numbered) for line in lines]
    glued_texts = [line for line, kind in zip(lines, kinds, strict=True) if kind == "glued?"]
    seen: dict[str, int] = {}
    songs: list[SourceSong] = []
    skipped: list[Skipped] = []
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if index == 0 or kind not in ("shaped", "glued?") or line in seen:
            continue
        if kind == "glued?" and not _is_song_slot(line, index, lines, kinds):
            continue
        seen[line] = index + 1
        song = _song(line, index + 1, kind, glued_texts, numbered)
        if song is None:
            skipped.append(Skipped(index + 1, line, "could not tell the title from the artist"))
        else:
            songs.append(song)
    if not songs:
        raise SourceError(source, 0, SourceProblem.NO_ARTICLE_SONGS)
    songs = _with_caption_titles(songs, lines, seen)
    return ParsedSource(name=_name(lines, seen), songs=tuple(songs), skipped=tuple(skipped))


def _with_caption_titles(
    songs: list[SourceSong], lines: list[str], seen: dict[str, int]
) -> list[SourceSong]:
    """Songs whose caption names them (the artist, then a quoted title, on a line next to the
    song's line) with that title as one more to search for: a video caption often gives the
    original or romaji title of a song the article names in English ("Saraba")."""
    by_line = {song.line: song for song in songs}
    for index, line in enumerate(lines):
        caption = _QUOTED_TITLE.match(line)
        if caption is None or line in seen:
            continue
        artist, title = caption.group("artist").strip(), caption.group("title").strip()
        song = _captioned_song(artist, index, lines, seen, by_line)
        if song is not None and artist and title:
            by_line[song.line] = _also_titled(song, artist, title)
    return [by_line[song.line] for song in songs]


def _captioned_song(
    artist: str, index: int, lines: list[str], seen: dict[str, int], by_line: dict[int, SourceSong]
) -> SourceSong | None:
    """The song on the nearest non-blank line above or below the caption, when the caption's
    artist is one reading of that song's artist."""
    neighbours = [_nearest(lines, index, +1), _nearest(lines, index, -1)]  # below first
    found = [
        (abs(other - index), by_line[seen[lines[other]]])
        for other in neighbours
        if other is not None and lines[other] in seen
    ]
    matching = [(gap, song) for gap, song in found if _credited(artist, song.readings)]
    return min(matching, key=lambda pair: pair[0])[1] if matching else None


def _nearest(lines: list[str], index: int, step: int) -> int | None:
    index += step
    while 0 <= index < len(lines) and not lines[index]:
        index += step
    return index if 0 <= index < len(lines) else None


def _credited(artist: str, readings: Iterable[Reading]) -> bool:
    return any(_same_artist(artist, reading) for reading in readings)


def _same_artist(artist: str, reading: Reading) -> bool:
    names = (reading.artist, *reading.artist_guesses)
    return artist_similarity((artist,), names) >= Thresholds().artist_match


def _also_titled(song: SourceSong, artist: str, title: str) -> SourceSong:
    """The song with `title` among the title spellings of the readings that credit `artist`,
    those readings first (the caption tells which side of a glued line is the artist)."""
    readings = [
        replace(r, title_variants=(*r.title_variants, title))
        if _same_artist(artist, r)
        and fold_text(title) not in {fold_text(t) for t in (r.title, *r.title_variants)}
        else r
        for r in song.readings
    ]
    readings.sort(key=lambda r: not _same_artist(artist, r))
    return replace(song, readings=tuple(readings))


def _kind(line: str, numbered: bool) -> str:
    """blank, caption, prose, heading, shaped (a song shape) or glued? (short, no shape)."""
    if not line:
        return "blank"
    words = line.split()
    if _CAPTION.search(line) or (_LABELLED.match(line) and _colon_or_slash_only(line)):
        return "caption"
    if len(words) > 12 or (len(words) > 3 and _SENTENCE_END.search(line)):
        return "prose"
    if _RANGE_HEADING.search(line) or line.startswith(("#", "- ", "* ", "• ")):
        return "heading"
    shape = read_song_line(line, strip_numbers=numbered)
    if shape is not None and not _colon_or_slash_only(line):
        return "shaped"
    if len(words) <= MAX_GLUED_WORDS and not _SENTENCE_END.search(line):
        return "glued?"
    return "prose"


def _colon_or_slash_only(line: str) -> bool:
    """Headings use colons and slashes ("Love songs: classic hits"); in an article only the
    dash, "by", quotes and corner brackets mark a song."""
    return not re.search(r"\s[-–—―]\s|\sby\s|[「『\"“]", line)


def _is_song_slot(line: str, index: int, lines: list[str], kinds: list[str]) -> bool:
    """A glued line, a repeated line, or a short line standing between paragraphs of prose
    (or a caption), where the article's songs stand."""
    if _GLUE.search(line) or lines.count(line) > 1:
        return True
    before = _neighbour(kinds, index, -1)
    after = _neighbour(kinds, index, +1)
    return before in ("prose", "caption") and after in ("prose", "caption")


def _neighbour(kinds: list[str], index: int, step: int) -> str:
    index += step
    while 0 <= index < len(kinds) and kinds[index] == "blank":
        index += step
    return kinds[index] if 0 <= index < len(kinds) else "none"


def _song(line: str, number: int, kind: str, glued: list[str], numbered: bool) -> SourceSong | None:
    if kind == "shaped":
        shape = read_song_line(line, strip_numbers=numbered)
        assert shape is not None
        shaped = tuple(_with_variants(r) for r in shape.readings)
        return SourceSong(number, line, shaped, year=shape.year, note=shape.note)
    splits = _split_points(line, [other for other in glued if other != line])
    readings = [
        reading
        for point in splits[:MAX_SPLITS]
        for reading in _readings(line[:point].strip(), line[point:].strip())
    ]
    return SourceSong(number, line, tuple(readings)) if readings else None


def _readings(left: str, right: str) -> list[Reading]:
    if not left or not right:
        return []
    return [
        _with_variants(Reading(left, right, title_first=True, artist_guesses=_kana(right))),
        _with_variants(Reading(right, left, title_first=False, artist_guesses=_kana(left))),
    ]


def _split_points(line: str, others: Iterable[str]) -> list[int]:
    """Where a glued line may divide into title and artist, most plausible first."""
    points = [m.start() for m in _GLUE.finditer(line) if 0 < m.start() < len(line)]
    for other in others:
        shared = _shared_suffix(line, other)
        if len(shared.strip()) >= MIN_SHARED_SUFFIX and len(shared) < len(line):
            points.append(len(line) - len(shared))
    romaji = _romaji_tail(line)
    if romaji is not None:
        points.append(romaji)
    return list(dict.fromkeys(points))


def _shared_suffix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return a[len(a) - size :]


def _romaji_tail(line: str) -> int | None:
    """Where the longest run of romaji words at the end of the line starts, beginning with a
    consonant ("Maple|supittsu"); None when there is none or it is the whole line."""
    words = line.split(" ")
    tail_start = len(line)
    offset = len(line)
    for word in reversed(words):
        offset -= len(word)
        if _is_romaji(word):
            tail_start = offset
            offset -= 1
            continue
        # The last non-romaji word may end in a glued romaji part: find its longest one.
        for cut in range(1, len(word)):
            if _is_romaji(word[cut:]) and word[cut].lower() not in "aiueon":
                return offset + cut
        break
    return tail_start if 0 < tail_start < len(line) else None


def _is_romaji(word: str) -> bool:
    return bool(word) and _ROMAJI_WORD.match(word.lower()) is not None


def _kana(name: str) -> tuple[str, ...]:
    """The katakana of a romaji name (supittsu -> スピッツ), for search; () when not romaji."""
    if not all(_is_romaji(word) for word in name.split()):
        return ()
    katakana = jaconv.hira2kata(jaconv.alphabet2kana(name.lower()))
    if re.search("[a-z]", katakana):
        return ()
    return (katakana.replace(" ", ""),)


def _with_variants(reading: Reading) -> Reading:
    """Alternatives the title spells out: "tobacco / cigarette(s)" names tobacco, cigarette
    and cigarettes."""
    parts = [p.strip() for p in re.split(r"\s+/\s+", reading.title) if p.strip()]
    variants: list[str] = []
    for part in parts if len(parts) > 1 else [reading.title]:
        plural = _PLURAL.match(part)
        variants.extend([plural.group("stem"), plural.group("stem") + "s"] if plural else [part])
    kept = tuple(v for v in dict.fromkeys(variants) if v != reading.title)
    return Reading(reading.title, reading.artist, reading.title_first, reading.artist_guesses, kept)


def _numbered(lines: list[str]) -> bool:
    numbers = {int(m.group(1)) for line in lines if (m := re.match(r"^(\d{1,3})\s+\S", line))}
    return {1, 2, 3} <= numbers


def _name(lines: list[str], songs: dict[str, int]) -> str | None:
    """The article's heading: the first short, heading-like line of three words or more
    before its first song."""
    first_song = min(songs.values(), default=len(lines)) - 1
    for line in lines[:first_song]:
        text = heading_text(line) if line else None
        if text and len(text.split()) >= 3:
            return text
    return None
