"""Writing the imported songs as a list file: pure, from settled songs to TOML text.

Each entry is introduced by a comment quoting its source line (and, when search could not
confirm it, one saying why). A confirmed entry takes the title and artist as Spotify shows
them and keeps the source's wording as aliases; an unconfirmed one keeps the source's title
(and its artist, unless search found that artist: then Spotify's name, the source's as alias).
A length the source gives (M3U, CSV) is written as the entry's `duration`, which the matcher
reads: a track of another length is left for review.
A later song that is the same as an earlier one (same title and artist, or same pin) is left
out and reported, as the list format allows each song once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from syncer.details import unfit_character
from syncer.importer.model import Skipped
from syncer.importer.settle import Settled
from syncer.lists import DURATION_MAX_SECONDS, TEXT_MAX, clock
from syncer.model import Entry, PlaylistSpec
from syncer.normalize import fold_text


@dataclass(frozen=True)
class Drafted:
    """One entry to write, as the list model holds it, with the comments above it and the
    settled song it comes from (for the summary)."""

    entry: Entry
    comments: tuple[str, ...]
    settled: Settled


def list_entries(
    settled: Sequence[Settled], *, unit: str = "line"
) -> tuple[list[Drafted], list[Skipped]]:
    """The entries to write, in source order, and the repeats left out. `unit` names what a
    song's number counts in comments ("line" of a file, "item" of a playlist)."""
    drafted: list[Drafted] = []
    repeats: list[Skipped] = []
    seen_songs: dict[tuple[str, str], int] = {}
    seen_uris: dict[str, int] = {}
    for item in settled:
        entry = _entry(item, len(drafted))
        song_key = (fold_text(entry.title), fold_text(entry.artist))
        first = seen_songs.get(song_key) or (seen_uris.get(entry.uri) if entry.uri else None)
        if first is not None:
            reason = f"the same song as {unit} {first}; listed once"
            repeats.append(Skipped(item.song.line, item.song.quote, reason))
            continue
        seen_songs[song_key] = item.song.line
        if entry.uri:
            seen_uris[entry.uri] = item.song.line
        drafted.append(Drafted(entry, _comments(item, unit), item))
    return drafted, repeats


def _comments(item: Settled, unit: str) -> tuple[str, ...]:
    quoted = f"{unit} {item.song.line}: {item.song.quote}"
    return (quoted, f"uncertain: {item.doubt}") if item.doubt else (quoted,)


def _entry(item: Settled, index: int) -> Entry:
    song, reading, track = item.song, item.reading, item.track
    wording = (reading.title, *reading.title_variants)
    if item.confirmed and track is not None:
        title, artist = song_title(track.name), track.artists[0]
    else:
        title, artist = reading.title, item.artist_name or reading.artist
    album, year = song.album, song.year
    if song.uri is not None and track is not None:
        album, year = album or track.album or None, year or track.year
    title, artist = plain_name(title), plain_name(artist)
    return Entry(
        index=index,
        title=title,
        artist=artist,
        album=plain_name(album) if album else None,
        year=year,
        isrc=song.isrc,
        aliases=_others(map(plain_name, wording), title),
        artist_aliases=_others((plain_name(reading.artist),), artist),
        uri=song.uri,
        note=song.note if song.note and song.note.strip() else None,  # a blank one is none
        duration_ms=_listed_length(song.duration_ms) if song.uri is None else None,
    )


def _listed_length(milliseconds: int | None) -> int | None:
    """The source's length of the song, as the list's `duration` holds it (whole seconds), so
    the matcher leaves a track of another length for review; None when there is none or it is
    no plausible length. A pin needs none: it is never searched."""
    if milliseconds is None:
        return None
    seconds = round(milliseconds / 1000)
    return seconds * 1000 if 0 < seconds <= DURATION_MAX_SECONDS else None


# " - Remastered 2011", " - 2023 Remaster", " (Remastered)": a release's label, not the song's.
_REMASTER_TAIL = re.compile(
    r"\s*(?:[-–—]\s*(?:\d{4}\s+)?remaster(?:ed)?(?:\s+\d{4})?(?:\s+version)?"
    r"|[(\[]\s*(?:\d{4}\s+)?remaster(?:ed)?(?:\s+\d{4})?(?:\s+version)?\s*[)\]])\s*$",
    re.IGNORECASE,
)


def song_title(name: str) -> str:
    """A track's name without a remaster label: the list names the song, and the matcher
    finds its remaster when that is the only release. Other labels (live, remix...) stay: they
    say which version is wanted."""
    return _REMASTER_TAIL.sub("", name).strip() or name


def plain_name(text: str) -> str:
    """A name as the list format takes it: one line without control characters (a source's
    tab or line break becomes a space; a name of nothing else is shown as its escapes), at
    most `TEXT_MAX` characters. `syncer check` refuses anything else."""
    spaced = "".join(" " if unfit_character(char) else char for char in text)
    name = " ".join(spaced.split()) or _one_line(text).strip()
    return name[:TEXT_MAX].rstrip()


def _others(names: Iterable[str], main: str) -> tuple[str, ...]:
    """`names` that differ from `main` (as the list format compares them), once each."""
    kept: dict[str, str] = {}
    for name in names:
        if name.strip() and fold_text(name) != fold_text(main):
            kept.setdefault(fold_text(name), name.strip())
    return tuple(kept.values())


def render_list(playlist: PlaylistSpec, drafted: Sequence[Drafted], header: Sequence[str]) -> str:
    """The whole list file."""
    lines = [f"# {_one_line(text)}" for text in header]
    lines += ["", "[playlist]", f"name = {toml_string(playlist.name)}"]
    if playlist.description:
        lines.append(f"description = {toml_string(playlist.description)}")
    lines.append(f"public = {'true' if playlist.public else 'false'}")
    for item in drafted:
        lines.append("")
        lines.extend(f"# {_one_line(text)}" for text in item.comments)
        lines.append("[[tracks]]")
        lines.extend(_entry_lines(item.entry))
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Entry) -> list[str]:
    lines = [f"title = {toml_string(entry.title)}", f"artist = {toml_string(entry.artist)}"]
    if entry.album:
        lines.append(f"album = {toml_string(entry.album)}")
    if entry.year:
        lines.append(f"year = {entry.year}")
    if entry.duration_ms:
        lines.append(f"duration = {toml_string(clock(entry.duration_ms))}")
    if entry.isrc:
        lines.append(f"isrc = {toml_string(entry.isrc)}")
    if entry.aliases:
        lines.append(f"aliases = {_toml_array(entry.aliases)}")
    if entry.artist_aliases:
        lines.append(f"artist_aliases = {_toml_array(entry.artist_aliases)}")
    if entry.uri:
        lines.append(f"uri = {toml_string(entry.uri)}")
    if entry.note:
        lines.append(f"note = {toml_string(entry.note)}")
    return lines


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_array(values: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def _one_line(text: str) -> str:
    """A comment's text: one line, its control characters shown as escapes (TOML refuses them
    in comments; a quoted playlist item may hold one)."""
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cc" else char
        for char in " ".join(text.split())
    )
