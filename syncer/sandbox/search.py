"""Track search for the sandbox, in two profiles: `simple` (kind) and `realistic` (Spotify-like).

Public API: `make_search(catalog, profile)`, `TrackSearch` (what the routes use: `catalog`,
`find(SearchRequest) -> SearchPage`, `playable`, `prepare`), `SimpleSearch`, `RealisticSearch`,
`SearchRequest`, `SearchPage`, `SearchRefused`, `PROFILES`, `SearchIndex` (the simple index,
also used directly by tools), `parse_query`, `units`.

Both profiles share the text handling and the query syntax:
- Text is NFKC-normalised, case-folded and stripped of Latin accents; apostrophes vanish (B'z
  matches "Bz"). Latin text is split into words; CJK text (kana, kanji, hangul) into single
  characters, and a query's CJK run is matched by its character bigrams, so 駆ける finds
  夜に駆ける the way a real engine finds substrings of unsegmented Japanese.
- Every query word must match (AND). An unfielded word may hit the title, an artist or the
  album; `track:`, `artist:`, `album:` restrict to that field; `"…"` requires the words to be
  contiguous; `year:1998` and `year:1990-1999` filter on the album's release year; `isrc:`
  matches the ISRC exactly.
- Known quirk, on by default: a field filter whose value contains an apostrophe (' or ’) matches
  nothing, as on the real API (`artist:B'z` returns nothing; plain `B'z` works; evidence:
  spotify/web-api#1041 and #1212, spotipy#726).
- Operators: an upper-case `NOT` excludes the clause after it, and so does a leading `-` on a
  bare word, so `-M-` cannot be found by its bare name (the old query guidelines in
  spotify-api.md §3.4; spotify/web-api#140). A query of exclusions alone finds nothing. The
  first upper-case `OR` lets the clause before it or the one after it match ("only one `OR`
  per query", ibid.: a second is the word "or"); lower-case `not`/`or` are ordinary words.
- Refused: a `/` inside a field filter, and `:+`, are answered 404 "Not found." whatever the
  catalog holds (spotify/web-api#191, #187, #311; spotify-search-behaviour.md, "`/`, leading
  `-`, `:+`"), in both profiles.

`simple` (the default; what every figure before the realistic profile was measured on): every
localised name of a track, artist or album is searchable whatever the request's language;
ranking weighs words by field (title > artist > album) and rarity (idf), a track whose whole
title appears in the query ranks higher, shorter titles break near-ties, final ties go by
normalised title, then id; the catalog alone is searched; `total` is exact; no query is refused
for its length or depth.

`realistic` (evidence from `../shared/reference/spotify-search-behaviour.md`, whose sources are
cited here; every behaviour has a test in `tests/sandbox/test_sandbox_realistic.py`):
- **Density**: the catalog plus a deterministic crowd (`syncer.sandbox.densify`; kept in the
  user cache directory between runs and read only when needed, `syncer.sandbox.crowd`): for
  every song live takes, remasters with later years, acoustic, instrumental, karaoke, TV-size, remix,
  sped-up and "(feat. …)" versions, re-releases on compilations, covers and same-title songs
  by other artists, filler songs per artist and artists whose names extend theirs. Evidence:
  "a well-known song has many versions competing for the same 10 results" (the same title and
  artist on several albums in `catalog/`); the issue's measurement (eleven versions per track
  with random popularity took exact-title recall from 1.00 to 0.68).
- **Ranking blends relevance with popularity** (60 % popularity): the catalog's `popularity`
  when present, else a stable pseudo-random one (5-85); a generated version's is drawn relative
  to its song's, and each track's standing moves by a stable +/-8 (`syncer.sandbox.popularity`,
  with its evidence). An exact whole title helps by 15 %. Calibrated by `bench/calibration.py`:
  a popular original is first on `track:"T" artist:"A"` most of the time, not always. Evidence: spotipy#489 (the
  exact artist "LEA" not in the top 50 for `artist:LEA`), spotify/web-api#145 (a popularity-58
  near match above a popularity-20 exact title), the 2026 search recording in `responses/`.
- **Prefix and one-edit typo expansion** of every Latin query word (prefix from 2 letters, up to
  40 words; one deletion, insertion, substitution or transposition from 4 letters), scored
  below exact matches (0.55 and 0.4 of an exact word), inside quoted phrases too. Evidence:
  `artist:LEA` returns League of Legends and Christian Leave (spotipy#489); a quoted `"diver"`
  returns Diverse Path (spotify/web-api#1587); a 2026 recording returns "Never Gunna Give You
  Up"; spotDL recordings turn `test` into Testify, TESTING.
- **Results without the words**: a query of one field filter or one bare word (or phrase)
  also serves the other tracks of the artists of its 10 best matches (at a quarter of the best
  relevance) and the 20 most popular tracks of all (at none), so popularity can put them above
  real matches. Evidence: the recordings in `catalog/spotify_api/` (`album: yeezus` returns
  Kanye West's "ye", "808s & Heartbreak" and "Graduation"; `test` returns "Praise The Lord"
  at 6th; `artist: gorillaz` returns unrelated artists). A query of several words or filters
  serves only tracks with every word: "Never Gonna Give You Up" (five words) was answered with
  16 results, all with the words (`responses/`), and a search without hits is 200 with
  `total: 0` (spotify-api.md §3.4), so an absent song still finds nothing.
- **Exact ties** go by a hash of the id, not by title: nothing in Spotify's ranking puts the
  shorter or alphabetically first title first (harsher where the references are silent).
- **Approximate `total`**: exact below 50, else two significant digits (1,234 -> 1,200).
  Evidence: recordings in `responses/` ("`total` is approximate").
- **Names in the request's language only**: the default name plus `names[lang]` for the
  `Accept-Language` asked (`ja-JP` also reads `ja`); without a header, default names only.
  Evidence: spotify-web-api-node#489 (results depend on the request's language),
  spotify/web-api#1095 (a romanised name is searchable); NextFire/apple-music-discord-rpc#78
  (romaji finds a kanji title only when Spotify stores it).
- **Markets**: catalog records may carry `available_markets` (never served); synthetic tracks
  are sometimes regional. With a user token the account's country (`Sandbox(country=…)`,
  default JP, not shown on `/me` in Development Mode) overrides `market`; with an app token
  the `market` asked for applies. Search leaves out what is unavailable there, `/tracks/{id}`
  serves it with `is_playable: false` and `restrictions.reason: "market"`. Evidence: the spec's
  text of `market` ("the country associated with the user account will take priority").
- **Quoting quirk**: a double-quoted field value containing `&`, `,`, `(`, `)`, `[` or `]`
  returns nothing; the same value single-quoted (`artist:'Simon & Garfunkel'`) is read as the
  field's words. Evidence: beets PR 6049 (2025-09) and PR 6754 (merged 2026-06).
- **Limits**: a query over 100 bytes of UTF-8 is answered 404 "Not found." (spotipy#845, 2022,
  says 100 characters; whether Spotify counts characters or bytes is unknown, so the harsher
  reading is emulated: a Japanese query is refused from 34 characters; the body as
  spotify/web-api#409 recorded it); offset + limit above 1000 is answered 400 "Bad
  request." (spotipy#868, 2022-10; felix-hilden/tekore#275: it changed from 404 to 400 then).

Not emulated (either profile): results lacking some words of a query of several words (no
recording shows it); `*` wildcards (dropped: the realistic prefix expansion covers `lov*`);
which clauses an `OR` joins, as Spotify's precedence is unknown (here the two next to it);
`NOT year:`/`NOT isrc:`; CJK tokenisation as Spotify does it (no public source; bigrams
here); track relinking (`linked_from`); albums, artists and playlists as search types (always
empty pages); typo expansion of CJK text; and in `simple`, everything `realistic` adds.
Harsher where the references are silent: `genre:`, `upc:` and `tag:` match nothing; an
unknown filter (`title:x`) is read as the words "title x", both required; `isrc:A OR isrc:B`
finds nothing (spotify/web-api#1310 reports that it fails); exact ties go by a hash of the id.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Protocol

from syncer.sandbox.catalog import Catalog, CatalogTrack
from syncer.sandbox.crowd import ServedCatalog, served_catalog
from syncer.sandbox.popularity import standing

TITLE, ARTIST, ALBUM = 1, 2, 4
ANY_FIELD = TITLE | ARTIST | ALBUM
_FIELD_WEIGHTS = {TITLE: 3.0, ARTIST: 2.0, ALBUM: 1.0}
_TEXT_FIELDS = {"track": TITLE, "artist": ARTIST, "album": ALBUM}
_UNSUPPORTED_FIELDS = {"genre", "upc", "tag"}
_APOSTROPHES = "'’‘`"
_WHOLE_TITLE_BONUS = 4.0
_LENGTH_PENALTY = 0.01
_QUERY_RE = re.compile(
    r'(?P<field>[A-Za-z]+):"(?P<quoted>[^"]*)"?'
    r"|(?P<field2>[A-Za-z]+):(?P<value>\S+)"
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<word>\S+)"
)
# The realistic profile also reads single-quoted field values (field:'a, b').
_REALISTIC_QUERY_RE = re.compile(
    r"(?P<field>[A-Za-z]+):\"(?P<quoted>[^\"]*)\"?"
    r"|(?P<field3>[A-Za-z]+):'(?P<single>[^']*)'"
    r"|(?P<field2>[A-Za-z]+):(?P<value>\S+)"
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<word>\S+)"
)
_YEAR_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xAC00 <= code <= 0xD7AF  # hangul
        or 0x20000 <= code <= 0x2FFFF
        or char in "々〆ヵヶ"
    )


def _fold_latin(char: str) -> str:
    if char.isascii():
        return char
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_ASCII_APOSTROPHES = str.maketrans("", "", "'`")
# The characters `_is_cjk` accepts, as runs (kept in step with it).
_CJK_RUN_RE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
    "\U00020000-\U0002ffff\u3005\u3006]+"
)


def units(text: str) -> list[str]:
    """The comparable pieces of a text: Latin words and single CJK characters, in order."""
    if text.isascii():  # the common case
        return _ASCII_WORD_RE.findall(text.translate(_ASCII_APOSTROPHES).lower())
    folded = unicodedata.normalize("NFKC", text).casefold()
    result: list[str] = []
    position = 0
    for run in _CJK_RUN_RE.finditer(folded):
        result.extend(_words(folded[position : run.start()]))
        result.extend(run.group())
        position = run.end()
    result.extend(_words(folded[position:]))
    return result


def _words(folded: str) -> list[str]:
    """The words of folded text without CJK characters (apostrophes vanish, accents fold)."""
    if folded.isascii():
        return _ASCII_WORD_RE.findall(folded.translate(_ASCII_APOSTROPHES))
    result: list[str] = []
    word: list[str] = []
    for char in folded:
        if char in _APOSTROPHES:
            continue
        if char.isalnum():
            word.append(_fold_latin(char))
        elif word:
            result.append("".join(word))
            word = []
    if word:
        result.append("".join(word))
    return result


def _query_terms(pieces: Sequence[str]) -> list[str]:
    """Terms that must all be in the index: words, and bigrams of each CJK run."""
    terms: list[str] = []
    run: list[str] = []
    for piece in [*pieces, ""]:
        if piece and _is_cjk(piece[0]):
            run.append(piece)
            continue
        if run:
            terms.extend(run if len(run) == 1 else [a + b for a, b in itertools.pairwise(run)])
            run = []
        if piece:
            terms.append(piece)
    return terms


def _index_terms(pieces: Sequence[str]) -> set[str]:
    terms = set(pieces)
    for a, b in itertools.pairwise(pieces):
        if len(a) == 1 == len(b) and _is_cjk(a) and _is_cjk(b):
            terms.add(a + b)
    return terms


def _contains_run(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    size = len(needle)
    return any(
        list(haystack[i : i + size]) == list(needle) for i in range(len(haystack) - size + 1)
    )


@dataclass(frozen=True)
class _TextClause:
    pieces: tuple[str, ...]
    fields: int
    phrase: bool
    impossible: bool = False
    raw: str = ""  # a field's value as typed (the realistic profile's quoting quirk reads it)
    excluded: bool = False  # after `NOT` or a leading `-`: results must not match it
    or_previous: bool = False  # after `OR`: this clause or the one before it must match


@dataclass(frozen=True)
class _YearClause:
    first: int
    last: int


@dataclass(frozen=True)
class _IsrcClause:
    isrc: str


_Clause = _TextClause | _YearClause | _IsrcClause


@dataclass(frozen=True)
class _Doc:
    track: CatalogTrack
    names: dict[int, tuple[tuple[str, ...], ...]]  # field -> the units of each name
    sort_key: tuple[str, str]


class SearchIndex:
    """An inverted index over every name of every catalog track."""

    def __init__(self, catalog: Catalog, *, apostrophe_quirk: bool = True) -> None:
        self._apostrophe_quirk = apostrophe_quirk
        self._docs: list[_Doc] = []
        self._postings: dict[str, dict[int, int]] = {}
        for track in catalog:
            self._add(track)

    def _add(self, track: CatalogTrack) -> None:
        number = len(self._docs)
        names = {
            TITLE: track.all_names(),
            ARTIST: tuple(n for artist in track.artists for n in artist.all_names()),
            ALBUM: track.album.all_names(),
        }
        name_units = {f: tuple(tuple(units(n)) for n in ns) for f, ns in names.items()}
        self._docs.append(_Doc(track, name_units, (" ".join(units(track.name)), track.id)))
        for field_bit, all_units in name_units.items():
            for pieces in all_units:
                for term in _index_terms(pieces):
                    postings = self._postings.setdefault(term, {})
                    postings[number] = postings.get(number, 0) | field_bit

    def search(self, query: str) -> list[str]:
        """Ids of every matching track, best first."""
        clauses = self._parse(query)
        every_text = [c for c in clauses if isinstance(c, _TextClause)]
        text_clauses = [c for c in every_text if not c.excluded]
        only_exclusions = bool(every_text) and not text_clauses
        if not clauses or only_exclusions or any(c.impossible for c in text_clauses):
            return []
        groups = groups_of(text_clauses)
        candidates = self._candidates(groups)
        unwanted = [c for c in every_text if c.excluded]
        matches = [
            n
            for n in candidates
            if self._satisfies(self._docs[n], clauses)
            and all(any(self._matches(n, c) for c in group) for group in groups)
            and not any(self._matches_all_terms(n, c) for c in unwanted)
        ]
        scored = sorted(matches, key=lambda n: self._rank_key(n, text_clauses))
        return [self._docs[n].track.id for n in scored]

    def _parse(self, query: str) -> list[_Clause]:
        return parse_query(query, apostrophe_quirk=self._apostrophe_quirk)

    def _candidates(self, groups: Iterable[Sequence[_TextClause]]) -> Iterable[int]:
        result: set[int] | None = None
        for group in groups:
            hits = set().union(*(self._clause_hits(clause) for clause in group))
            result = hits if result is None else result & hits
            if not result:
                return []
        return range(len(self._docs)) if result is None else sorted(result)

    def _clause_hits(self, clause: _TextClause) -> set[int]:
        """Tracks with every term of the clause in its fields (phrases are checked later)."""
        result: set[int] | None = None
        for term in _query_terms(clause.pieces):
            postings = self._postings.get(term, {})
            hits = {n for n, mask in postings.items() if mask & clause.fields}
            result = hits if result is None else result & hits
            if not result:
                return set()
        return result or set()

    def _matches(self, number: int, clause: _TextClause) -> bool:
        return self._matches_all_terms(number, clause) and (
            not clause.phrase or self._has_phrase(self._docs[number], clause)
        )

    def _matches_all_terms(self, number: int, clause: _TextClause) -> bool:
        return all(
            self._postings.get(term, {}).get(number, 0) & clause.fields
            for term in _query_terms(clause.pieces)
        )

    def _satisfies(self, doc: _Doc, clauses: Iterable[_Clause]) -> bool:
        for clause in clauses:
            if isinstance(clause, _TextClause):
                continue  # text: `_matches`, per group
            if isinstance(clause, _YearClause):
                year = doc.track.album.year
                if year is None or not clause.first <= year <= clause.last:
                    return False
            elif doc.track.isrc != clause.isrc:
                return False
        return True

    @staticmethod
    def _has_phrase(doc: _Doc, clause: _TextClause) -> bool:
        return any(
            _contains_run(pieces, clause.pieces)
            for field_bit, all_units in doc.names.items()
            if field_bit & clause.fields
            for pieces in all_units
        )

    def _rank_key(self, number: int, clauses: Sequence[_TextClause]) -> tuple[float, str, str]:
        doc = self._docs[number]
        score = 0.0
        for clause in clauses:
            for term in _query_terms(clause.pieces):
                mask = self._postings.get(term, {}).get(number, 0) & clause.fields
                if not mask:
                    continue  # the other side of an `OR`
                best = max(w for bit, w in _FIELD_WEIGHTS.items() if mask & bit)
                score += best * math.log(1 + len(self._docs) / len(self._postings[term]))
        title_words = [p for c in clauses if c.fields & TITLE for p in c.pieces]
        if any(t and _contains_run(title_words, t) for t in doc.names[TITLE]):
            score += _WHOLE_TITLE_BONUS
        score -= _LENGTH_PENALTY * len(doc.sort_key[0])
        return (-round(score, 9), *doc.sort_key)


def parse_query(
    query: str, *, apostrophe_quirk: bool = True, single_quotes: bool = False
) -> list[_Clause]:
    """The clauses of a query; `single_quotes` reads field:'a b' as one field value.

    Operators (both profiles): an upper-case `NOT` excludes what follows it, and so does a
    leading `-` on a bare word (`-M-` cannot be found: spotify/web-api#140; "Operators must be
    uppercase: `NOT` excludes", the old query guidelines quoted in spotify-api.md §3.4). The
    first upper-case `OR` between two clauses lets either match ("only one `OR` per query",
    ibid.); another `OR` is an ordinary word.
    """
    clauses: list[_Clause] = []
    pattern = _REALISTIC_QUERY_RE if single_quotes else _QUERY_RE
    negate_next = either_next = or_used = False
    for match in pattern.finditer(query):
        groups = match.groupdict()
        field = (groups["field"] or groups.get("field3") or groups["field2"] or "").lower()
        word = groups["word"]
        found: list[_Clause]
        if word == "NOT":
            negate_next = True
            continue
        if word == "OR" and not or_used and _can_take_or(clauses):
            either_next = or_used = True
            continue
        if groups["field"]:
            found = _field_clause(field, groups["quoted"], True, apostrophe_quirk)
        elif groups.get("field3"):
            found = _field_clause(field, groups["single"], False, apostrophe_quirk)
        elif field:
            found = _field_clause(field, groups["value"], False, apostrophe_quirk)
        elif groups["phrase"] is not None:
            found = [_TextClause(tuple(units(groups["phrase"])), ANY_FIELD, True)]
        elif word.startswith("-") and len(word) > 1:
            found = [_TextClause(tuple(units(word[1:])), ANY_FIELD, False, excluded=True)]
        else:
            found = [_TextClause(tuple(units(word)), ANY_FIELD, False)]
        if negate_next:
            found = [_negated(c) for c in found]
            negate_next = False
        if either_next:
            found = [_or_previous(c) for c in found[:1]] + found[1:]
            either_next = False
        clauses.extend(found)
    return [c for c in clauses if not isinstance(c, _TextClause) or c.pieces or c.impossible]


def _can_take_or(clauses: Sequence[_Clause]) -> bool:
    """`OR` joins two matching clauses: the one before it must be one."""
    last = clauses[-1] if clauses else None
    return isinstance(last, _TextClause) and not last.excluded and bool(last.pieces)


def _or_previous(clause: _Clause) -> _Clause:
    if isinstance(clause, _TextClause) and not clause.excluded and clause.pieces:
        return replace(clause, or_previous=True)
    return clause  # `OR` before a year:, isrc: or an exclusion is not emulated: dropped


def groups_of(clauses: Sequence[_TextClause]) -> list[list[_TextClause]]:
    """The matching clauses in groups that must each match: an `OR` pair is one group."""
    grouped: list[list[_TextClause]] = []
    for clause in clauses:
        if clause.or_previous and grouped:
            grouped[-1].append(clause)
        else:
            grouped.append([clause])
    return grouped


def _negated(clause: _Clause) -> _Clause:
    if isinstance(clause, _TextClause) and not clause.impossible:
        return replace(clause, excluded=True)
    return clause  # NOT year:… / NOT isrc:… are not emulated: read as the filter itself


_SLASH_IN_FILTER_RE = re.compile(r'[A-Za-z]+:(?:"[^"]*/|\S*/)')


def refusal(query: str) -> SearchRefused | None:
    """The error Spotify answers a query with, whatever is in the catalog (both profiles).

    A `/` inside a field filter gave 404 (spotify/web-api#191 and #187; spotify-api.md §3.4,
    spotify-search-behaviour.md "`/`, leading `-`, `:+`"), and so did `:+` (spotify/web-api#311).
    """
    if _SLASH_IN_FILTER_RE.search(query) or ":+" in query:
        return SearchRefused(404, "Not found.")
    return None


def _field_clause(field: str, value: str, quoted: bool, apostrophe_quirk: bool) -> list[_Clause]:
    if field in _TEXT_FIELDS:
        impossible = apostrophe_quirk and any(a in value for a in _APOSTROPHES)
        return [_TextClause(tuple(units(value)), _TEXT_FIELDS[field], quoted, impossible, value)]
    if field == "year":
        years = _YEAR_RE.match(value)
        if years is None:
            return [_TextClause((), ANY_FIELD, False, impossible=True)]
        first = int(years.group(1))
        return [_YearClause(first, int(years.group(2) or first))]
    if field == "isrc":
        return [_IsrcClause(value.strip().upper())]
    if field in _UNSUPPORTED_FIELDS:
        return [_TextClause((), ANY_FIELD, False, impossible=True)]
    return [_TextClause(tuple(units(f"{field} {value}")), ANY_FIELD, quoted)]


# --- the engines the routes use -------------------------------------------------------------

PROFILES = ("simple", "realistic")
# Spotify refuses a query over 100 "characters" (spotipy#845); whether it counts characters or
# bytes is unknown (spotify-search-behaviour.md: "bytes or characters unknown"), so the harsher
# reading is emulated: 100 bytes of UTF-8, about 33 kana or kanji.
MAX_QUERY_BYTES = 100
MAX_OFFSET_PLUS_LIMIT = 1000


class SearchRefused(Exception):
    """Spotify answers this query with an error instead of results."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    query: str
    offset: int = 0
    limit: int = 10
    language: str | None = None  # from Accept-Language, lower-cased (`ja`, `ja-jp`)
    country: str | None = None  # the market results must be available in (None: any)


@dataclass(frozen=True)
class SearchPage:
    ids: list[str]
    total: int


class TrackSearch(Protocol):
    """What the routes need from a search profile."""

    profile: str

    @property
    def catalog(self) -> Catalog:
        """Every track served (the loaded catalog, plus synthetic ones for `realistic`)."""

    def find(self, request: SearchRequest) -> SearchPage: ...

    def playable(self, track: CatalogTrack, country: str | None) -> bool: ...

    def prepare(self) -> None: ...


class SimpleSearch:
    """Today's sandbox search: every name matches, no popularity, no markets, no refusals."""

    profile = "simple"

    def __init__(self, catalog: Catalog, *, apostrophe_quirk: bool = True) -> None:
        self._catalog = catalog
        self.index = SearchIndex(catalog, apostrophe_quirk=apostrophe_quirk)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def find(self, request: SearchRequest) -> SearchPage:
        refused = refusal(request.query)
        if refused is not None:
            raise refused
        ids = self.index.search(request.query)
        return SearchPage(ids[request.offset : request.offset + request.limit], len(ids))

    def playable(self, track: CatalogTrack, country: str | None) -> bool:
        return True

    def prepare(self) -> None:
        """Nothing to do: the index is built with the engine."""


def make_search(
    catalog: Catalog, profile: str = "simple", *, apostrophe_quirk: bool = True
) -> TrackSearch:
    """The search engine of a profile (`simple` or `realistic`) over a catalog."""
    if profile == "simple":
        return SimpleSearch(catalog, apostrophe_quirk=apostrophe_quirk)
    if profile == "realistic":
        return RealisticSearch(catalog)
    raise ValueError(f"unknown search profile {profile!r} (expected one of {', '.join(PROFILES)})")


# --- the realistic profile ------------------------------------------------------------------

_EXACT, _PREFIX, _TYPO = 1.0, 0.55, 0.4
_MIN_PREFIX_CHARS = 2
_MIN_TYPO_CHARS = 4
_MAX_PREFIX_TERMS = 40
_POPULARITY_WEIGHT = 0.6
_TITLE_BONUS = 0.15  # relative: an exact whole title helps, but popularity can outweigh it
# Results without the words (one-filter or one-word queries only): the other tracks of the
# artists of the best 10 matches, at a quarter of the best relevance, and the 20 most popular
# tracks of all, at none.
_RELATED_FROM_TOP = 10
_RELATED_RELEVANCE = 0.25
_UNRELATED_POPULAR = 20
_QUIRK_CHARS = "&,()[]"
_EDIT_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_RESULT_CACHE_SIZE = 512
_EXACT_TOTAL_BELOW = 50
_NO_UNITS: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class _NameTable:
    """Term -> keys (track numbers, artist ids or album ids): default names, and per language."""

    def __init__(self) -> None:
        self.default: dict[str, list[Any]] = {}
        self.localised: dict[str, dict[str, list[Any]]] = {}

    def add(self, key: Any, default: Sequence[str], localised: Mapping[str, Sequence[str]]) -> None:
        for term in _index_terms(default):
            self.default.setdefault(term, []).append(key)
        for lang, pieces in localised.items():
            table = self.localised.setdefault(lang, {})
            for term in _index_terms(pieces):
                table.setdefault(term, []).append(key)

    def lookup(self, term: str, langs: Sequence[str]) -> list[Any]:
        found = self.default.get(term, [])
        for lang in langs:
            more = self.localised.get(lang, {}).get(term)
            if more:
                found = [*found, *more]
        return found

    def terms(self) -> Iterable[str]:
        yield from self.default
        for table in self.localised.values():
            yield from table


@dataclass(frozen=True)
class _Names:
    """The units of one thing's default name and of its localised names, by language."""

    default: tuple[str, ...]
    localised: Mapping[str, tuple[str, ...]]

    def visible(self, langs: Sequence[str]) -> list[tuple[str, ...]]:
        return [self.default, *(self.localised[lang] for lang in langs if lang in self.localised)]


class RealisticSearch:
    """Spotify-like search over the catalog and its deterministic crowd (see the module docs)."""

    profile = "realistic"

    def __init__(self, catalog: Catalog) -> None:
        self._source = catalog
        self._served: ServedCatalog | None = None
        self._index: _RealisticIndex | None = None
        self._build_lock = threading.Lock()
        self._results: dict[tuple[str, tuple[str, ...], str | None], list[str]] = {}
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Ready the crowd before a server listens. When it had to be generated (not in the
        cache), index it now too, so no client's first search waits for both and times out;
        from the cache, nothing is read until a search or a generated track needs it (a
        warm run searches nothing)."""
        if not self._served_catalog().crowd_loaded:
            return
        self._built()

    def _served_catalog(self) -> ServedCatalog:
        with self._build_lock:
            if self._served is None:
                self._served = served_catalog(self._source)
            return self._served

    def _built(self) -> _RealisticIndex:
        served = self._served_catalog()
        with self._build_lock:
            if self._index is None:
                self._index = _realistic_index(self._source, served)
            return self._index

    @property
    def catalog(self) -> Catalog:
        return self._served_catalog()

    def playable(self, track: CatalogTrack, country: str | None) -> bool:
        return track.available_in(country)

    def find(self, request: SearchRequest) -> SearchPage:
        if len(request.query.encode()) > MAX_QUERY_BYTES:
            raise SearchRefused(404, "Not found.")
        if request.offset + request.limit > MAX_OFFSET_PLUS_LIMIT:
            raise SearchRefused(400, "Bad request.")
        refused = refusal(request.query)
        if refused is not None:
            raise refused
        langs = _languages(request.language)
        key = (request.query, langs, request.country)
        with self._lock:
            ids = self._results.get(key)
        if ids is None:
            ids = self._built().search(request.query, langs, request.country)
            with self._lock:
                if len(self._results) >= _RESULT_CACHE_SIZE:
                    self._results.pop(next(iter(self._results)))
                self._results[key] = ids
        return SearchPage(
            ids[request.offset : request.offset + request.limit], _approximate(len(ids))
        )


def _languages(language: str | None) -> tuple[str, ...]:
    """The `names` keys a request language selects: `ja-jp` -> (`ja-jp`, `ja`)."""
    if not language:
        return ()
    primary = language.split("-")[0]
    return (language,) if primary == language else (language, primary)


def _approximate(count: int) -> int:
    """Spotify's `total` is an estimate: exact when small, else two significant digits."""
    if count < _EXACT_TOTAL_BELOW:
        return count
    return int(float(f"{count:.2g}"))


_INDEX_CACHE: dict[tuple[int, int], _RealisticIndex] = {}
_INDEX_CACHE_LOCK = threading.Lock()
_INDEX_CACHE_SIZE = 2


def _realistic_index(catalog: Catalog, served: ServedCatalog) -> _RealisticIndex:
    """Built once per catalog content in a process (the test suite starts many sandboxes)."""
    key = (len(catalog), hash(tuple(_fingerprint(t) for t in catalog)))
    with _INDEX_CACHE_LOCK:
        index = _INDEX_CACHE.get(key)
        if index is None:
            index = _RealisticIndex(served.whole())
            if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
                _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
            _INDEX_CACHE[key] = index
        return index


def _fingerprint(track: CatalogTrack) -> tuple[Any, ...]:
    return (
        track.id,
        track.name,
        track.duration_ms,
        track.popularity,
        track.available_markets,
        tuple(sorted(track.names.items())),
        tuple((a.id, a.name, tuple(sorted(a.names.items()))) for a in track.artists),
        (track.album.id, track.album.name, track.album.release_date),
        tuple(sorted(track.album.names.items())),
        track.isrc,
    )


class _RealisticIndex:
    def __init__(self, served: Catalog) -> None:
        self.served = served
        self._docs = list(served)
        cache: dict[str, tuple[str, ...]] = {}

        def names(default: str, localised: Mapping[str, str]) -> _Names:
            def cut(text: str) -> tuple[str, ...]:
                found = cache.get(text)
                if found is None:
                    found = cache[text] = tuple(units(text))
                return found

            if not localised:
                return _Names(cut(default), _NO_UNITS)
            return _Names(cut(default), {lang: cut(n) for lang, n in localised.items()})

        self._titles = _NameTable()
        self._artists = _NameTable()
        self._albums = _NameTable()
        self._title_names: list[_Names] = []
        self._artist_names: dict[str, _Names] = {}
        self._album_names: dict[str, _Names] = {}
        self._by_artist: dict[str, list[int]] = {}
        self._by_album: dict[str, list[int]] = {}
        self._by_isrc: dict[str, list[int]] = {}
        for number, track in enumerate(self._docs):
            if track.isrc:
                self._by_isrc.setdefault(track.isrc, []).append(number)
            title = names(track.name, track.names)
            self._title_names.append(title)
            self._titles.add(number, title.default, title.localised)
            for artist in track.artists:
                if artist.id not in self._artist_names:
                    artist_names = names(artist.name, artist.names)
                    self._artist_names[artist.id] = artist_names
                    self._artists.add(artist.id, artist_names.default, artist_names.localised)
                self._by_artist.setdefault(artist.id, []).append(number)
            album = track.album
            if album.id not in self._album_names:
                album_names = names(album.name, album.names)
                self._album_names[album.id] = album_names
                self._albums.add(album.id, album_names.default, album_names.localised)
            self._by_album.setdefault(album.id, []).append(number)
        vocabulary = {
            term
            for table in (self._titles, self._artists, self._albums)
            for term in table.terms()
            if not _is_cjk(term[0])
        }
        self._vocabulary = vocabulary
        self._sorted_vocabulary = sorted(vocabulary)
        self._variants_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._standing = [standing(t) for t in self._docs]
        self._popular: list[int] | None = None

    # --- query ------------------------------------------------------------------------------

    def search(self, query: str, langs: tuple[str, ...], country: str | None) -> list[str]:
        clauses = parse_query(query, apostrophe_quirk=True, single_quotes=True)
        every_text = [c for c in clauses if isinstance(c, _TextClause)]
        wanted = [c for c in every_text if not c.excluded]
        if (
            not clauses
            or (every_text and not wanted)
            or any(c.impossible or _hits_quoting_quirk(c) for c in every_text)
        ):
            return []
        unwanted = self._excluded([c for c in every_text if c.excluded], langs)
        filters = [c for c in clauses if not isinstance(c, _TextClause)]

        def eligible(number: int) -> bool:
            return (
                number not in unwanted
                and self._satisfies(number, filters, langs)
                and self._docs[number].available_in(country)
            )

        if not wanted:  # year: or isrc: alone
            relevance = {n: 1.0 for n in self._filtered(filters) if eligible(n)}
            return self._ranked(relevance, relevance)
        scores = self._group_scores(groups_of(wanted), langs)
        strict = {
            n: self._relevance(n, score, wanted, langs)
            for n, score in scores.items()
            if eligible(n)
        }
        if len(wanted) != 1 or not strict:
            return self._ranked(strict, strict)
        return self._ranked({**self._padding(strict, eligible), **strict}, strict)

    def _filtered(self, filters: Sequence[_Clause]) -> Iterable[int]:
        """The tracks filters alone may select: an ISRC's, else every one."""
        isrcs = {c.isrc for c in filters if isinstance(c, _IsrcClause)}
        if len(isrcs) == 1:
            return list(self._by_isrc.get(isrcs.pop(), ()))
        return range(len(self._docs))

    def _group_scores(
        self, groups: Sequence[Sequence[_TextClause]], langs: Sequence[str]
    ) -> dict[int, float]:
        """Tracks that match every group (one of its clauses: every term, exactly or expanded,
        and the phrase in order), with the summed score of what they matched."""
        result: dict[int, float] | None = None
        for group in groups:
            matched: dict[int, float] = {}
            for clause in group:
                for number, score in self._clause_scores(clause, langs, result).items():
                    if number not in matched or matched[number] < score:
                        matched[number] = score
            result = (
                matched
                if result is None
                else {n: s + matched[n] for n, s in result.items() if n in matched}
            )
            if not result:
                return {}
        return result or {}

    def _clause_scores(
        self, clause: _TextClause, langs: Sequence[str], among: Mapping[int, float] | None
    ) -> dict[int, float]:
        found: dict[int, float] | None = None
        for term in _query_terms(clause.pieces):
            hits = self._term_hits(term, clause.fields, langs)
            idf = math.log(1 + len(self._docs) / (1 + len(hits)))
            if found is None:
                found = {n: w * idf for n, w in hits.items() if among is None or n in among}
            else:
                found = {n: s + hits[n] * idf for n, s in found.items() if n in hits}
            if not found:
                return {}
        if clause.phrase and found:
            found = {n: s for n, s in found.items() if self._has_phrase(n, clause, langs)}
        return found or {}

    def _padding(
        self, strict: Mapping[int, float], eligible: Callable[[int], bool]
    ) -> dict[int, float]:
        """Results without the query's words, for a one-filter or one-word query: the other
        tracks of the best matches' artists, and the most popular tracks of all, with little
        or no relevance, so popularity decides where they land."""
        best = max(strict.values()) or 1.0
        top = self._ranked_numbers(strict, strict)[:_RELATED_FROM_TOP]
        found: dict[int, float] = {}
        for artist_id in dict.fromkeys(self._docs[n].artists[0].id for n in top):
            for number in self._by_artist[artist_id]:
                if number not in strict and eligible(number):
                    found[number] = best * _RELATED_RELEVANCE
        unrelated = (n for n in self._most_popular() if n not in strict and eligible(n))
        for number in itertools.islice(unrelated, _UNRELATED_POPULAR):
            found.setdefault(number, 0.0)
        return found

    def _most_popular(self) -> list[int]:
        if self._popular is None:
            order = sorted(range(len(self._docs)), key=lambda n: -self._standing[n])
            self._popular = order[: _UNRELATED_POPULAR * 20]
        return self._popular

    def _ranked(self, relevance: Mapping[int, float], best_of: Mapping[int, float]) -> list[str]:
        return [self._docs[n].id for n in self._ranked_numbers(relevance, best_of)]

    def _ranked_numbers(
        self, relevance: Mapping[int, float], best_of: Mapping[int, float]
    ) -> list[int]:
        """Relevance blended with popularity, best first, at most 1,000 (the deepest page
        Spotify serves); exact ties go by a hash of the id, not by title (nothing in Spotify's
        ranking puts the shorter title first)."""
        if not relevance:
            return []
        best = max(best_of.values()) or 1.0

        def key(number: int) -> tuple[float, int]:
            blended = (1 - _POPULARITY_WEIGHT) * relevance[number] / best
            blended += _POPULARITY_WEIGHT * self._standing[number] / 100
            return (-round(blended, 9), zlib.crc32(self._docs[number].id.encode()))

        return heapq.nsmallest(MAX_OFFSET_PLUS_LIMIT, relevance, key=key)

    def _excluded(self, clauses: Sequence[_TextClause], langs: Sequence[str]) -> set[int]:
        """Tracks a `NOT` or `-` clause rules out: those matching all its words (expanded)."""
        found: set[int] = set()
        for clause in clauses:
            matching: set[int] | None = None
            for term in _query_terms(clause.pieces):
                hits = set(self._term_hits(term, clause.fields, langs))
                matching = hits if matching is None else matching & hits
            found |= matching or set()
        return found

    def _term_hits(self, term: str, fields: int, langs: Sequence[str]) -> dict[int, float]:
        hits: dict[int, float] = {}

        def credit(numbers: Iterable[int], weight: float) -> None:
            for n in numbers:
                if hits.get(n, 0.0) < weight:
                    hits[n] = weight

        for variant, closeness in self._variants(term):
            if fields & TITLE:
                credit(self._titles.lookup(variant, langs), _FIELD_WEIGHTS[TITLE] * closeness)
            if fields & ARTIST:
                for artist_id in self._artists.lookup(variant, langs):
                    credit(self._by_artist[artist_id], _FIELD_WEIGHTS[ARTIST] * closeness)
            if fields & ALBUM:
                for album_id in self._albums.lookup(variant, langs):
                    credit(self._by_album[album_id], _FIELD_WEIGHTS[ALBUM] * closeness)
        return hits

    def _variants(self, term: str) -> tuple[tuple[str, float], ...]:
        """The term itself, the words it begins, and the words one edit away."""
        cached = self._variants_cache.get(term)
        if cached is not None:
            return cached
        found: dict[str, float] = {term: _EXACT}
        if not _is_cjk(term[0]):
            if len(term) >= _MIN_PREFIX_CHARS:
                start = bisect.bisect_right(self._sorted_vocabulary, term)
                for word in itertools.islice(self._sorted_vocabulary, start, None):
                    if not word.startswith(term) or len(found) > _MAX_PREFIX_TERMS:
                        break
                    found[word] = _PREFIX
            if len(term) >= _MIN_TYPO_CHARS and not term.isdigit():
                for word in _one_edit(term):
                    if word in self._vocabulary and word not in found:
                        found[word] = _TYPO
        variants = tuple(found.items())
        self._variants_cache[term] = variants
        return variants

    def _satisfies(self, number: int, clauses: Iterable[_Clause], langs: Sequence[str]) -> bool:
        track = self._docs[number]
        for clause in clauses:
            if isinstance(clause, _YearClause):
                year = track.album.year
                if year is None or not clause.first <= year <= clause.last:
                    return False
            elif isinstance(clause, _IsrcClause):
                if track.isrc != clause.isrc:
                    return False
            elif clause.phrase and not self._has_phrase(number, clause, langs):
                return False
        return True

    def _field_names(self, number: int, fields: int, langs: Sequence[str]) -> list[tuple[str, ...]]:
        track = self._docs[number]
        found: list[tuple[str, ...]] = []
        if fields & TITLE:
            found.extend(self._title_names[number].visible(langs))
        if fields & ARTIST:
            for artist in track.artists:
                found.extend(self._artist_names[artist.id].visible(langs))
        if fields & ALBUM:
            found.extend(self._album_names[track.album.id].visible(langs))
        return found

    def _has_phrase(self, number: int, clause: _TextClause, langs: Sequence[str]) -> bool:
        allowed = [
            {piece} if _is_cjk(piece[0]) else {v for v, _ in self._variants(piece)}
            for piece in clause.pieces
        ]
        size = len(allowed)
        return any(
            all(name[i + k] in allowed[k] for k in range(size))
            for name in self._field_names(number, clause.fields, langs)
            for i in range(len(name) - size + 1)
        )

    def _relevance(
        self, number: int, score: float, clauses: Sequence[_TextClause], langs: Sequence[str]
    ) -> float:
        title_words = [p for c in clauses if c.fields & TITLE for p in c.pieces]
        if any(
            t and _contains_run(title_words, t) for t in self._title_names[number].visible(langs)
        ):
            score *= 1 + _TITLE_BONUS
        return score


def _hits_quoting_quirk(clause: _TextClause) -> bool:
    """A double-quoted field value with `&`, `,` or brackets returns nothing (beets PR 6049)."""
    return (
        clause.phrase and clause.fields != ANY_FIELD and any(c in clause.raw for c in _QUIRK_CHARS)
    )


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, substitution, insertion or transposition away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _EDIT_ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _EDIT_ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}
