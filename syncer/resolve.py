"""Resolving one list entry to a Spotify track: pins, ISRC, then a search cascade.

Public API:
- `resolve(entry, search, *, market, weights, thresholds, locales=("ja", "en"),
  max_searches=12) -> Resolution`
- `build_query(title, artist, *, album=None, year=None, fielded=True) -> str | None`: a safe
  Spotify search query (None when nothing searchable is left).
- `plan_queries(entry) -> list[str]`: the cascade's queries in the order they are tried.
- `MAX_QUERY_LENGTH`, `SEARCH_LIMIT`.

Order: `skip` is never searched; a `uri` pin is confirmed with `GET /tracks/{id}`; an `isrc` is
tried with an `isrc:` search; then fielded (`track:"T" artist:"A"` with album and year),
relaxed (album and year dropped) and unfielded (`T A`) queries over the title and artist
aliases. Each query is asked under the entry's most likely locale first and, when it found
something but nothing confident, under the other locale too, so scoring sees both the native
and the English names (merged per track id). The cascade stops at the first confident match.
Spotify errors propagate: the sync engine decides what repeated failures mean.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from syncer.match import Thresholds, Weights, decide
from syncer.model import Entry, Resolution, Status, Track, track_id_of
from syncer.normalize import has_japanese
from syncer.ports import TrackSearch

MAX_QUERY_LENGTH = 100
SEARCH_LIMIT = 10

# Characters that break Spotify's field filters: quotes end the phrase early, slashes gave 404,
# colons start another filter, `*` is a wildcard. They become spaces.
_FILTER_BREAKERS = re.compile('["“”„/\\\\:*]')

# Apostrophes make a field filter return nothing; they are dropped inside words (B'z -> Bz),
# the way Spotify's own index ignores them.
_APOSTROPHES = re.compile("['’‘`]")

# Uppercase NOT / OR / AND are operators in unfielded queries; lowercase words are not.
_OPERATORS = re.compile(r"\b(NOT|OR|AND)\b")


def resolve(
    entry: Entry,
    search: TrackSearch,
    *,
    market: str | None,
    weights: Weights,
    thresholds: Thresholds,
    locales: Sequence[str] = ("ja", "en"),
    max_searches: int = 12,
) -> Resolution:
    """Resolve `entry`: skipped, pinned, matched, review or unmatched, with the evidence."""
    if entry.skip is not None:
        return Resolution(Status.SKIPPED, reason=f"skipped: {entry.skip}")
    if entry.uri is not None:
        return _confirm_pin(entry, entry.uri, search, market=market, locale=locales[0])
    return _Cascade(entry, search, market, weights, thresholds, max_searches).run(
        _locale_order(entry, locales)
    )


def plan_queries(entry: Entry) -> list[str]:
    """Every query of the cascade for `entry`, most likely first, without repeats."""
    queries: list[str | None] = []
    if entry.isrc:
        queries.append(f"isrc:{_clean(entry.isrc).replace(' ', '')}")
    pairs = [(t, a) for t in entry.titles for a in entry.artists]
    for title, artist in pairs:
        queries.append(build_query(title, artist, album=entry.album, year=entry.year))
        queries.append(build_query(title, artist))
    queries.extend(build_query(title, artist, fielded=False) for title, artist in pairs)
    return list(dict.fromkeys(q for q in queries if q))


def build_query(
    title: str,
    artist: str,
    *,
    album: str | None = None,
    year: int | None = None,
    fielded: bool = True,
) -> str | None:
    """A search query no longer than `MAX_QUERY_LENGTH` with no empty or broken filter."""
    values = {"track": _clean(title), "artist": _clean(artist), "album": _clean(album or "")}
    while True:
        query = _assemble(values, year, fielded)
        if len(query) <= MAX_QUERY_LENGTH:
            return query or None
        values = _shorten_longest(values)


def _assemble(values: dict[str, str], year: int | None, fielded: bool) -> str:
    if not fielded:
        words = f"{values['track']} {values['artist']}"
        return _OPERATORS.sub(lambda m: m.group(0).lower(), words).strip()
    parts = [f'{field}:"{value}"' for field, value in values.items() if value]
    if year and parts:
        parts.append(f"year:{year}")
    return " ".join(parts)


def _shorten_longest(values: dict[str, str]) -> dict[str, str]:
    """Drop the last word (or, for one long word, the last character) of the longest value."""
    longest = max(values, key=lambda k: len(values[k]))
    text = values[longest]
    shorter = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
    return {**values, longest: shorter}


def _clean(text: str) -> str:
    return " ".join(_FILTER_BREAKERS.sub(" ", _APOSTROPHES.sub("", text)).split())


def _locale_order(entry: Entry, locales: Sequence[str]) -> list[str]:
    """Native-script entries first under `ja`, Latin-script entries first under `en`."""
    japanese = any(has_japanese(text) for text in (*entry.titles, *entry.artists))
    preferred = "ja" if japanese else "en"
    return sorted(locales, key=lambda locale: locale != preferred)


def _confirm_pin(
    entry: Entry, uri: str, search: TrackSearch, *, market: str | None, locale: str
) -> Resolution:
    track = search.get_track(track_id_of(uri), locale=locale, market=market)
    query = f"GET /tracks/{track_id_of(uri)}"
    if track is None:
        return Resolution(
            Status.UNMATCHED, reason="pinned track not found", queries=(query,), searches=1
        )
    reason = f"pinned: {track.name} by {', '.join(track.artists)}"
    return Resolution(Status.PINNED, uri=uri, reason=reason, queries=(query,), searches=1)


class _Cascade:
    """The search part of `resolve`: tracks every query sent and every track seen."""

    def __init__(
        self,
        entry: Entry,
        search: TrackSearch,
        market: str | None,
        weights: Weights,
        thresholds: Thresholds,
        max_searches: int,
    ) -> None:
        self.entry = entry
        self.search = search
        self.market = market
        self.weights = weights
        self.thresholds = thresholds
        self.max_searches = max_searches
        self.sent: list[str] = []
        self.seen: list[Track] = []

    def run(self, locales: list[str]) -> Resolution:
        decision = decide(self.entry, (), self.weights, self.thresholds)
        for query in plan_queries(self.entry):
            for locale in locales:
                if len(self.sent) >= self.max_searches:
                    return self._finish(decision)
                found = self._ask(query, locale)
                decision = decide(self.entry, self.seen, self.weights, self.thresholds)
                if decision.status is Status.MATCHED or not found:
                    break  # confident, or this query finds nothing in any language
            if decision.status is Status.MATCHED:
                break
        return self._finish(decision)

    def _ask(self, query: str, locale: str) -> list[Track]:
        self.sent.append(f"[{locale}] {query}")
        found = self.search.search_tracks(
            query, locale=locale, market=self.market, limit=SEARCH_LIMIT
        )
        self.seen.extend(found)
        return found

    def _finish(self, decision: Resolution) -> Resolution:
        return replace(decision, queries=tuple(self.sent), searches=len(self.sent))
