"""`syncer import`: start a list from a playlist, a CSV export, an M3U file, a pasted list or
an article.

Parsing is pure and per format (`text`, `csvfile`, `m3u`, `article`, `playlist`), each giving
a `ParsedSource` of `SourceSong`s with their possible readings; `settle` is the one part that
searches (through the `TrackSearch` port, with the sync's own `resolve`); `render` writes the
list file's text. The use case (`syncer.application.importing`) reads the source, opens the
session and writes the file atomically.

Public API: `parse_source`, `decode_source`, `detect_format`, `playlist_id`, `FORMATS`, and the
types in `syncer.importer.model`.
"""

from __future__ import annotations

from syncer.importer.article import parse_article
from syncer.importer.csvfile import parse_csv
from syncer.importer.decode import decode_source
from syncer.importer.detect import FORMATS, detect_format, playlist_id
from syncer.importer.m3u import parse_m3u
from syncer.importer.model import ParsedSource, Reading, Skipped, SourceError, SourceSong
from syncer.importer.text import parse_text

__all__ = [
    "FORMATS",
    "ParsedSource",
    "Reading",
    "Skipped",
    "SourceError",
    "SourceSong",
    "decode_source",
    "detect_format",
    "parse_source",
    "playlist_id",
]

_PARSERS = {"csv": parse_csv, "m3u": parse_m3u, "text": parse_text, "article": parse_article}


def parse_source(text: str, source: str, file_format: str) -> ParsedSource:
    """Parse decoded `text` as `file_format` (one of `FORMATS` except "playlist")."""
    return _PARSERS[file_format](text, source)
