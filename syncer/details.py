"""Playlist details as Spotify accepts them: its limits and the marker syncer appends.

Pure constants and checks, shared by list validation (`syncer check` refuses what Spotify would
refuse halfway through a sync), the sync (which writes the description) and the sandbox (which
refuses what Spotify refuses). Sources: `../shared/reference/spotify-api.md`, "Playlist details".

Public API: `MARKER`, `MARKER_EXAMPLE`, `DESCRIPTION_MAX`, `NAME_MAX`, `PLAYLIST_ITEMS_MAX`,
`marker_of`, `marker_identity`, `marked_description`, `without_marker`, `description_room`,
`unfit_character`, `is_line_break`.

The marker names the list a playlist belongs to: `(synced by syncer) [1a2b3c4d]`, the hex being
the list's identity (8 hex digits of a hash of its resolved path, `syncer.state.path_hash`). A
playlist is adopted by a list that lost its state only when its marker names that list, so two
lists of one name (in two state directories) never take over each other's playlist. Playlists
marked by older versions carry the bare marker, which names no list.
"""

from __future__ import annotations

import re
import unicodedata

#: Appended to the description of every playlist syncer manages; how it recognises its own.
MARKER = "(synced by syncer)"
_MARKED = re.compile(re.escape(MARKER) + r"(?: \[([0-9a-f]{8})\])?")
#: Spotify answers a longer description (or one with a line break) with a 500.
DESCRIPTION_MAX = 300
#: Over 200 characters was answered with a 500 (spotify/web-api#456) and tools truncate to 100;
#: syncer (and its sandbox) use the harsher 100 so a name that passes here passes there.
NAME_MAX = 100
#: A playlist holds at most this many items; adds past it are refused.
PLAYLIST_ITEMS_MAX = 10_000

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def marker_of(identity: str) -> str:
    """The marker naming the list whose identity is `identity` (the bare marker for "")."""
    return f"{MARKER} [{identity}]" if identity else MARKER


#: A marker as syncer writes it, for messages: as long as every real one.
MARKER_EXAMPLE = marker_of("1a2b3c4d")


def marker_identity(description: str) -> str | None:
    """The identity of the list the description's marker names (the last marker's): None when
    there is no marker, "" for a bare marker (written by an older version: it names no list)."""
    found = _MARKED.findall(description)
    return found[-1] if found else None


def without_marker(description: str) -> str:
    """The description without syncer's markers (bare or naming a list)."""
    return _MARKED.sub(" ", description)


def marked_description(text: str, identity: str) -> str:
    """A list's description as syncer writes it: shortened to fit, then the marker."""
    text = text.strip()
    room = description_room(marker_of(identity))
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text} {marker_of(identity)}".strip()


def description_room(marker: str = MARKER_EXAMPLE) -> int:
    """How many characters of a list's own description fit beside `marker` (by default one as
    long as every marker syncer appends)."""
    return DESCRIPTION_MAX - len(marker) - 1


def unfit_character(text: str) -> str | None:
    """The first character that makes `text` unfit for a one-line Spotify field: a line break
    or a control character (`is_line_break` tells which), or None when it fits."""
    for char in text:
        if is_line_break(char) or unicodedata.category(char) == "Cc":
            return char
    return None


def is_line_break(char: str) -> bool:
    return char in _LINE_BREAKS
