"""Playlist details as Spotify accepts them: its limits and the marker syncer appends.

Pure constants and checks, shared by list validation (`syncer check` refuses what Spotify would
refuse halfway through a sync), the sync (which writes the description) and the sandbox (which
refuses what Spotify refuses). Sources: `../shared/reference/spotify-api.md`, "Playlist details".

Public API: `MARKER`, `DESCRIPTION_MAX`, `NAME_MAX`, `PLAYLIST_ITEMS_MAX`, `description_room`,
`unfit_character`, `is_line_break`.
"""

from __future__ import annotations

import unicodedata

#: Appended to the description of every playlist syncer manages; how it recognises its own.
MARKER = "(synced by syncer)"
#: Spotify answers a longer description (or one with a line break) with a 500.
DESCRIPTION_MAX = 300
#: Over 200 characters was answered with a 500 (spotify/web-api#456) and tools truncate to 100;
#: syncer (and its sandbox) use the harsher 100 so a name that passes here passes there.
NAME_MAX = 100
#: A playlist holds at most this many items; adds past it are refused.
PLAYLIST_ITEMS_MAX = 10_000

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def description_room() -> int:
    """How many characters of a list's own description fit beside " (synced by syncer)"."""
    return DESCRIPTION_MAX - len(MARKER) - 1


def unfit_character(text: str) -> str | None:
    """The first character that makes `text` unfit for a one-line Spotify field: a line break
    or a control character (`is_line_break` tells which), or None when it fits."""
    for char in text:
        if is_line_break(char) or unicodedata.category(char) == "Cc":
            return char
    return None


def is_line_break(char: str) -> bool:
    return char in _LINE_BREAKS
