"""Why a search was sent, for whoever counts requests (the benchmark's per-reason table).

Public API: `SEARCH_REASON` (a context variable the resolver sets just before each search; the
search runs in the same thread, so a counter wrapped around the search reads it there),
`search_reason(query, *, locale, offset, asked_before)` (the pure classification) and
`REASONS` (every value it returns, in the order the benchmark prints them, and
`TITLE_IN_KANA`, which the resolver names itself since the query's shape cannot tell it).

Nothing in syncer's behaviour reads it: it only labels requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar

FIRST = "first query"
PAGING = "paging"
OTHER_LANGUAGE = "other language"
ARTIST_ONLY = "artist only"
TITLE_ONLY = "title only"
ISRC = "isrc"
OTHER_SHAPE = "other query shape"
# Told by the resolver, not by the query's shape: a Latin title asked as Japan writes it
# (its English word's katakana loanword, or its kana spellings) against a Japanese artist.
TITLE_IN_KANA = "title in kana"
REASONS = (
    FIRST,
    PAGING,
    OTHER_LANGUAGE,
    ARTIST_ONLY,
    TITLE_ONLY,
    ISRC,
    TITLE_IN_KANA,
    OTHER_SHAPE,
)

SEARCH_REASON: ContextVar[str] = ContextVar("search_reason", default=FIRST)


def search_reason(query: str, *, locale: str, offset: int, asked_before: Sequence[str]) -> str:
    """The reason for sending `query` in `locale` at `offset`, given the searches this entry
    sent before it (as `[locale] query` lines, the resolver's record)."""
    if offset:
        return PAGING
    if any(
        line.endswith(f"] {query}") and not line.startswith(f"[{locale}]") for line in asked_before
    ):
        return OTHER_LANGUAGE
    if not asked_before:
        return FIRST
    if query.startswith("isrc:"):
        return ISRC
    has_track, has_artist = "track:" in query, "artist:" in query
    if has_artist and not has_track:
        return ARTIST_ONLY
    if has_track and not has_artist:
        return TITLE_ONLY
    return OTHER_SHAPE
