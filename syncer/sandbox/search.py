"""Track search for the sandbox: a small inverted index that behaves like a search engine.

Public API: `SearchIndex(catalog, apostrophe_quirk=True)`, `SearchIndex.search(q) -> list[str]`
(track ids, best first), `units`.

What it does:
- Text is NFKC-normalised, case-folded and stripped of Latin accents; apostrophes vanish (B'z
  matches "Bz"). Latin text is split into words; CJK text (kana, kanji, hangul) into single
  characters, and a query's CJK run is matched by its character bigrams, so 駆ける finds
  夜に駆ける the way a real engine finds substrings of unsegmented Japanese.
- Every query word must match (AND). An unfielded word may hit the title, an artist or the
  album; `track:`, `artist:`, `album:` restrict to that field; `"…"` requires the words to be
  contiguous; `year:1998` and `year:1990-1999` filter on the album's release year; `isrc:`
  matches the ISRC exactly. Every localised name of a track, artist or album is searchable.
- Ranking: words weigh by field (title > artist > album) and by rarity (idf); a track whose whole
  title appears in the query ranks higher, shorter titles break near-ties; final ties go by
  normalised title, then id. No state carries over between queries.
- Known quirk, on by default: a field filter whose value contains an apostrophe (' or ’) matches
  nothing, as on the real API (`artist:B'z` returns nothing; plain `B'z` works).

What it does not emulate: popularity (never used for ranking), typo tolerance and prefix
matching, `NOT`/`OR` operators (read as ordinary words), `*` wildcards, `genre:`, `upc:` and
`tag:` filters (they match nothing), markets and availability, and the real engine's exact
`total` estimates.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from syncer.sandbox.catalog import Catalog, CatalogTrack

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


def units(text: str) -> list[str]:
    """The comparable pieces of a text: Latin words and single CJK characters, in order."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    result: list[str] = []
    word: list[str] = []
    for char in folded:
        if char in _APOSTROPHES:
            continue
        if _is_cjk(char):
            if word:
                result.append("".join(word))
                word = []
            result.append(char)
        elif char.isalnum():
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
        if _is_cjk(a[0]) and _is_cjk(b[0]):
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
        text_clauses = [c for c in clauses if isinstance(c, _TextClause)]
        if not clauses or any(c.impossible for c in text_clauses):
            return []
        candidates = self._candidates(text_clauses)
        matches = [n for n in candidates if self._satisfies(self._docs[n], clauses)]
        scored = sorted(matches, key=lambda n: self._rank_key(n, text_clauses))
        return [self._docs[n].track.id for n in scored]

    def _parse(self, query: str) -> list[_Clause]:
        clauses: list[_Clause] = []
        for match in _QUERY_RE.finditer(query):
            field = (match.group("field") or match.group("field2") or "").lower()
            value = match.group("quoted") if match.group("field") else match.group("value")
            if field:
                clauses.extend(self._field_clause(field, value, bool(match.group("field"))))
            elif match.group("phrase") is not None:
                clauses.append(_TextClause(tuple(units(match.group("phrase"))), ANY_FIELD, True))
            else:
                clauses.append(_TextClause(tuple(units(match.group("word"))), ANY_FIELD, False))
        return [c for c in clauses if not isinstance(c, _TextClause) or c.pieces or c.impossible]

    def _field_clause(self, field: str, value: str, quoted: bool) -> list[_Clause]:
        if field in _TEXT_FIELDS:
            impossible = self._apostrophe_quirk and any(a in value for a in _APOSTROPHES)
            return [_TextClause(tuple(units(value)), _TEXT_FIELDS[field], quoted, impossible)]
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

    def _candidates(self, clauses: Iterable[_TextClause]) -> Iterable[int]:
        result: set[int] | None = None
        for clause in clauses:
            for term in _query_terms(clause.pieces):
                postings = self._postings.get(term, {})
                hits = {n for n, mask in postings.items() if mask & clause.fields}
                result = hits if result is None else result & hits
                if not result:
                    return []
        return range(len(self._docs)) if result is None else sorted(result)

    def _satisfies(self, doc: _Doc, clauses: Iterable[_Clause]) -> bool:
        for clause in clauses:
            if isinstance(clause, _YearClause):
                year = doc.track.album.year
                if year is None or not clause.first <= year <= clause.last:
                    return False
            elif isinstance(clause, _IsrcClause):
                if doc.track.isrc != clause.isrc:
                    return False
            elif clause.phrase and not self._has_phrase(doc, clause):
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
                mask = self._postings[term][number] & clause.fields
                best = max(w for bit, w in _FIELD_WEIGHTS.items() if mask & bit)
                score += best * math.log(1 + len(self._docs) / len(self._postings[term]))
        title_words = [p for c in clauses if c.fields & TITLE for p in c.pieces]
        if any(t and _contains_run(title_words, t) for t in doc.names[TITLE]):
            score += _WHOLE_TITLE_BONUS
        score -= _LENGTH_PENALTY * len(doc.sort_key[0])
        return (-round(score, 9), *doc.sort_key)
