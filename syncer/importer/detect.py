"""Which format a source is in, from its name and its first lines. Pure.

A Spotify playlist link or URI is a playlist; `.csv`/`.tsv` files or a header naming a title
column are CSV; `#EXTM3U`/`#EXTINF` (or `.m3u`/`.m3u8`) is M3U; text with paragraphs of prose
is an article, unless song lines outnumber the prose (a list with an introduction); any other
text is a plain list.
"""

from __future__ import annotations

import re

from syncer.importer.csvfile import looks_like_csv
from syncer.importer.m3u import looks_like_m3u
from syncer.importer.text import read_song_line

FORMATS = ("playlist", "csv", "m3u", "text", "article")

_PLAYLIST_LINK = re.compile(
    r"^(?:spotify:(?:user:[^:\s]+:)?playlist:|"
    r"https?://open\.spotify\.com/(?:intl-[a-z]{2}(?:-[a-z]{2,4})?/)?(?:user/[^/\s]+/)?playlist/)"
    r"(?P<id>[0-9A-Za-z]{22})(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
#: Lines this long that end a sentence are prose; an article has several.
_PROSE_LENGTH = 80
_PROSE_LINES = 3


def playlist_id(source: str) -> str | None:
    """The playlist id of a Spotify playlist link or URI, else None."""
    match = _PLAYLIST_LINK.match(source.strip())
    return match.group("id") if match else None


def looks_like_spotify_link(source: str) -> bool:
    return source.strip().lower().startswith(("spotify:", "https://open.spotify.com/"))


_ANY_LINK = re.compile(
    r"^(?:spotify:(?:user:[^:\s]+:)?(?P<uri_kind>[a-z]+)(?::(?P<uri_id>[^:\s]*))?|"
    r"https?://open\.spotify\.com/(?:intl-[a-z]{2}(?:-[a-z]{2,4})?/)?(?:user/[^/\s]+/)?"
    r"(?P<link_kind>[a-z]+)(?:/(?P<link_id>[^/?#\s]*))?)",
    re.IGNORECASE,
)


def link_parts(source: str) -> tuple[str, str] | None:
    """What a Spotify link or URI points at and the id it gives (perhaps malformed), e.g.
    ("album", "1234"), or None when `source` is not shaped like one."""
    match = _ANY_LINK.match(source.strip())
    if match is None:
        return None
    kind = match.group("uri_kind") or match.group("link_kind")
    return kind.lower(), match.group("uri_id") or match.group("link_id") or ""


def detect_format(name: str, text: str) -> str:
    """`csv`, `m3u`, `article` or `text` for the file `name` holding `text`."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in ("m3u", "m3u8") or looks_like_m3u(text):
        return "m3u"
    if suffix in ("csv", "tsv") or looks_like_csv(text):
        return "csv"
    prose = [
        line
        for line in text.split("\n")
        if len(line) >= _PROSE_LENGTH and line.rstrip().endswith((".", "!", "?", "”", '"'))
    ]
    if len(prose) < _PROSE_LINES:
        return "text"
    # A list with a few paragraphs around it is still a list: more song lines than prose.
    songs = sum(1 for line in text.split("\n") if line.strip() and read_song_line(line.strip()))
    return "text" if songs > 2 * len(prose) else "article"
