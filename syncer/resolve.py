"""Resolving one list entry to a Spotify track: pins, ISRC, then a search cascade.

Public API:
- `resolve(entry, search, *, market, weights, thresholds, locales=("ja", "en"),
  max_searches=8) -> Resolution`
- `build_query(title, artist, *, album=None, year=None, fielded=True) -> str | None`: a safe
  Spotify search query (None when nothing searchable is left).
- `MAX_QUERY_LENGTH`, `SEARCH_LIMIT`.

Order: `skip` is never searched; a `uri` pin is confirmed with `GET /tracks/{id}`; an `isrc` is
tried with an `isrc:` search; then the cascade over the title and artist aliases:
1. fielded `track:"T" artist:"A"` (narrowed by `album:`/`year:` only when the answer is a full
   page, since compilations and remasters make album and year filters miss the right track);
2. when that finds nothing, `artist:"A"` alone, once per artist: the artist's tracks may still
   match a romaji title, and an artist that finds nothing is not asked about again;
3. unfielded `T A` as a last resort (the words may sit in the album or another credit).
Each query is asked under the entry's most likely locale first (`ja` for Japanese script) and,
when it found something but nothing confident, under the other locale too, so scoring sees the
native and the English names (merged per track id). The cascade stops at the first confident
match or when `max_searches` is spent. Queries Spotify would read alike are sent once.
Spotify errors propagate: the sync engine decides what repeated failures mean.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import replace

from syncer.match import Thresholds, UnmatchedReason, Weights, decide
from syncer.model import Entry, Resolution, Status, Track, track_id_of
from syncer.normalize import has_japanese, strip_decorations
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
    max_searches: int = 8,
) -> Resolution:
    """Resolve `entry`: skipped, pinned, matched, review or unmatched, with the evidence."""
    if entry.skip is not None:
        return Resolution(Status.SKIPPED, reason=f"skipped: {entry.skip}")
    if entry.uri is not None:
        return _confirm_pin(entry, entry.uri, search, market=market, locale=locales[0])
    return _Cascade(entry, search, market, weights, thresholds, max_searches).run(
        _locale_order(entry, locales)
    )


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
    """The search part of `resolve`: decides after every answer, stops at a confident match."""

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
        self.locales: list[str] = []
        self.sent: list[str] = []
        self.asked: set[str] = set()
        self.seen: list[Track] = []
        self.decision = decide(entry, (), weights, thresholds)

    def run(self, locales: list[str]) -> Resolution:
        self.locales = locales
        with contextlib.suppress(_Done):
            self._by_isrc()
            live_artists = self._fielded()
            self._unfielded(live_artists)
        return replace(self.decision, queries=tuple(self.sent), searches=len(self.sent))

    def _by_isrc(self) -> None:
        if self.entry.isrc:
            self._try(f"isrc:{_clean(self.entry.isrc).replace(' ', '')}")

    def _fielded(self) -> list[str]:
        """`track:"T" artist:"A"` over the aliases; an artist that finds nothing is probed alone
        once (`artist:"A"`: its tracks can still match a romaji or translated title) and, when
        absent, not asked about again. A crowded answer is narrowed by album and year."""
        live_artists = []
        for artist in _distinct(self.entry.artists):
            for title in _search_titles(self.entry):
                found = self._try(build_query(title, artist))
                if found == 0 and self._try(build_query("", artist)) == 0:
                    break  # nothing by this artist (under this name): skip its other titles
                if found >= SEARCH_LIMIT and (self.entry.album or self.entry.year):
                    album, year = self.entry.album, self.entry.year
                    self._try(build_query(title, artist, album=album, year=year))
            else:
                live_artists.append(artist)
        return live_artists

    def _unfielded(self, live_artists: list[str]) -> None:
        """Last resort when no artist name was found in the artist field: plain words, which
        may also hit the album or another credit."""
        if not live_artists:
            title = _search_titles(self.entry)[0]
            self._try(build_query(title, self.entry.artist, fielded=False))

    def _try(self, query: str | None) -> int:
        """Ask `query` (first locale, then the other when it found something unconvincing);
        the number of tracks found. Raises `_Done` when matched or out of budget."""
        if query is None or query.casefold() in self.asked:
            return -1  # neither "found nothing" nor "crowded": nothing to learn
        self.asked.add(query.casefold())
        most = 0
        for locale in self.locales:
            if len(self.sent) >= self.max_searches:
                raise _Done
            found = self._ask(query, locale)
            most = max(most, found)
            if self.decision.status is Status.MATCHED:
                raise _Done
            if not self._other_locale_may_help():
                break
        return most

    def _other_locale_may_help(self) -> bool:
        """Another language's names may turn what was found into a match: a plausible
        candidate, an artist written in another script (Momoiro Clover Z / ももいろクローバーZ),
        or titles all in another script. Finding nothing is not language-dependent."""
        if not self.seen:
            return False
        if self.decision.status is Status.REVIEW:
            return True
        if self.decision.reason.startswith(UnmatchedReason.ARTIST_NOT_FOUND):
            return True
        wanted = {has_japanese(t) for t in self.entry.titles}
        return not wanted & {has_japanese(n) for t in self.seen for n in t.all_names}

    def _ask(self, query: str, locale: str) -> int:
        self.sent.append(f"[{locale}] {query}")
        found = self.search.search_tracks(
            query, locale=locale, market=self.market, limit=SEARCH_LIMIT
        )
        self.seen.extend(found)
        self.decision = decide(self.entry, self.seen, self.weights, self.thresholds)
        return len(found)


class _Done(Exception):
    """The cascade has its answer (or has spent its budget)."""


def _search_titles(entry: Entry) -> list[str]:
    """Titles to search, decorations stripped, native script first (Spotify mostly indexes
    Japanese songs under their Japanese names)."""
    titles = sorted(entry.titles, key=lambda t: not has_japanese(t))
    return _distinct([strip_decorations(t) for t in titles])


def _distinct(names: Sequence[str]) -> list[str]:
    """Names in order without the ones Spotify would read the same (case, filter breakers)."""
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(_clean(name).casefold(), name)
    return [name for key, name in kept.items() if key]
