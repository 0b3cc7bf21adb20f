"""Playlist details as Spotify accepts them: its limits and the marker syncer appends.

Pure constants and checks, shared by list validation (`syncer check` refuses what Spotify would
refuse halfway through a sync), the sync (which writes the description) and the sandbox (which
refuses what Spotify refuses). Sources: `../shared/reference/spotify-api.md`, "Playlist details".

Public API: `MARKER`, `DESCRIPTION_MAX`, `NAME_MAX`, `PLAYLIST_ITEMS_MAX`, `description_room`,
`line_break_or_control`.
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


def line_break_or_control(text: str) -> str | None:
    """What makes `text` unfit for a one-line Spotify field: a line break or a control
    character, named for a person (e.g. "a line break", "the control character U+0009")."""
    for char in text:
        if char in _LINE_BREAKS:
            return "a line break"
        if unicodedata.category(char) == "Cc":
            return f"the control character U+{ord(char):04X}"
    return None
