"""Resolving one list entry to a Spotify track: pins, ISRC, then a search cascade that adapts.

Public API:
- `resolve(entry, search, *, market, weights, thresholds, locales=("ja", "en"),
  budget=None, answers=None) -> Resolution`
- `SharedAnswers`: the answers of one run, shared by its entries: a query another entry of
  the run already asked (the same text, language, market and page) is answered from it, not
  sent again; `Resolution.searches` counts the requests an entry actually sent.
- `SearchBudget`: how many searches one entry may spend, and how deep each kind of paging goes.
- `QueryShape`: how field values are written (a quoted phrase, one `artist:` filter per word,
  or unfielded words).
- `build_query(title, artist, *, album=None, year=None, shape=QueryShape.PHRASE) -> str | None`:
  a safe Spotify search query of at most 100 UTF-8 bytes (None when nothing searchable is left).
- `MAX_QUERY_LENGTH`, `SEARCH_LIMIT`.

Order: `skip` is never searched; a `uri` pin is confirmed with `GET /tracks/{id}`; an `isrc` is
tried with an `isrc:` search; then, for each spelling of the artist (its `feat.` credits left to
scoring) and each title (native script first, decorations stripped):
1. `track:"T" artist:"A"` (`artist:` per word when the field joins several names; `track:` per
   word when the title joins words with "&"/"and"/"+"; `&`, `,` and brackets never inside a
   double-quoted value, where they make Spotify return nothing). A full page without a
   confident match is narrowed by album and year when given, then paged on (offset) while
   pages stay full and hold candidates that could be this song: on Spotify the original
   competes with live takes, remasters and compilations.
2. When the first title finds nothing and a title is Latin (romaji, a translation, a typo): the
   artist alone, once, in its script's language. When the titles are Latin and the artist is
   Japanese (at least half of its own tracks on the page have a Japanese name or album name),
   its tracks are paged, bounded, since the song may be anywhere in them, while each page
   still shows one of them under a Japanese name and the song is not yet among them; before the
   second page, unless the first shows the song, the title as Japan would write it (its kana,
   or its English word's katakana loanword). An artist that finds nothing is not asked about
   again.
3. When no artist spelling found anything: the title alone (`track:"T"`, the artist judged by
   scoring), paged while a page shows a track by an artist that could be the entry's; when
   even that finds nothing, unfielded `T A` (the title and
   the artist may be in each other's places: a swapped entry matches when both agree crosswise);
   when it shows an artist of exactly the title's name (a guest credit), `track:"A" artist:"T"`.
4. When no answer credited the artist and it is written in romaji: its kana spellings
   (`syncer.kana`: one script per word, run together, so マカロニえんぴつ is found from
   "makaroni enpitsu"), two to a query joined by OR, in Japanese, until one is credited; its
   tracks are then read as in 2.
Each query is asked under the entry's most likely locale first (`ja` for Japanese script); the
other locale too when the answer was plausible but not confident and some name is Japanese
(a Latin song has no other name to show), or shows no name in a script the entry writes (names
match in the request's language); but not once a track agrees with the entry's title as written
and its artist as a match needs, seen in an answer in that title's script's language: the other
language shows the song's tracks under other names, and its releases carry its names in the
language asked, so this answer holds them (a romaji title seen under `ja` is only a default
name there: a release whose romaji name is stored for English alone is found in English).

A confident match crediting, after the entry's artist, artists the entry does not name (a
re-recording with a guest, or a collaboration) is taken only when no take of the song
crediting fewer of them is among the answers (`match.decide`); when answers were left unread,
the song is asked once more without them (`NOT` a word of each guest's name) before it is.

The cascade stops at the first confident match of the song's plain release (`is_plain_release`)
or when the budget is spent. A confident match that is a compilation re-release, an edit or a
"(feat. …)" version does not stop it, and stays `matched` only when every answer that could
hold the song was read to its end and no plain title of the song was set aside for its album's
name alone, or when the releases of its recording show that only compilation copies of that
very recording play (the original is not available in this country, where Spotify plays a copy:
track relinking) and no plain release of the song was seen; otherwise it goes to `review`. Those
releases are its ISRC's answer, asked once, unless an answer holding the copy was already read
to its end by a search of names and credits alone (no `album:`, `year:` or `isrc:` filter): the
releases that carry its names and credits are then all among the tracks read. When the song was seen (title and artist agreeing)
but its plain release not taken, its name as Spotify writes it is asked once with its credited
artist, unless that title was already asked with the artist: found by reading among the
artist's tracks, or only as a re-release or another version, its own name answers every
release of it, and that answer read to its end is enough. An entry left unmatched whose
artist was found but no song that could be it gets the artist's songs that could be it as
its candidates, most likely first (`syncer.suggest`): for review, never matched.

Every step is triggered by what the previous answer showed. Queries Spotify would read alike
are sent once per entry, and once per run when the entries share `SharedAnswers` (several
songs of one artist read the artist's pages once; the sync engine shares one per list).
Decisions never depend on whether an answer was shared: the budget counts questions asked. Spotify errors propagate: the sync engine decides what repeated failures mean.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from syncer.kana import kana_spellings, loanword_in
from syncer.match import (
    Thresholds,
    Weights,
    artist_similarity,
    credits_beyond_entry,
    decide,
    is_plain_release,
    only_its_album_says_version,
    title_similarity,
    unwritten_notes,
)
from syncer.model import Entry, Resolution, Status, Track, track_id_of
from syncer.normalize import (
    artist_credits,
    has_japanese,
    normalize,
    strip_decorations,
    version_tags,
)
from syncer.ports import TrackSearch
from syncer.request_reason import (
    OTHER_LANGUAGE,
    PAGING,
    SEARCH_REASON,
    TITLE_IN_KANA,
    search_reason,
)
from syncer.suggest import songs_that_could_be_it

# Spotify refuses queries over 100 characters (spotipy#845); whether it counts characters or
# UTF-8 bytes is unknown, so bytes: a Japanese character is three of them.
MAX_QUERY_LENGTH = 100
SEARCH_LIMIT = 10

# Releases of one recording (one ISRC) differ in length by a gap or a fade at most: an edit
# that changes it by more than 10 s needs an ISRC of its own (RIAA). Beyond that the ISRC is
# not trusted to name one recording.
_SAME_RECORDING_MS = 10_000

# Spotify refuses offset + limit above 1000.
_MAX_OFFSET = 1000 - SEARCH_LIMIT


@dataclass(frozen=True)
class SearchBudget:
    """Searches one entry may spend, and how many pages each kind of paging may read."""

    max_searches: int = 8
    crowded_pages: int = 3  # pages of `track:"T" artist:"A"` (the first included)
    artist_pages: int = 6  # pages of the artist's tracks, for romaji and translated titles
    title_pages: int = 2  # pages of `track:"T"` alone
    kana_spellings: int = 4  # kana spellings of a romaji artist tried when no spelling finds it
    # Searches of these reasons (`syncer.request_reason`) are not sent: the cascade goes on as
    # if that question had not been asked. Only the benchmark sets it, to measure what each
    # reason buys (`bench/eval/reasons.py`); syncer sends every reason.
    switched_off: frozenset[str] = frozenset()


_AnswerKey = tuple[str, str, str | None, int, int]  # query, locale, market, limit, offset


class SharedAnswers:
    """The answers of one run's searches, shared by its entries (thread-safe): a question
    already asked by another entry is answered from here; one asked while another entry's
    identical request is out waits for that answer instead of sending its own. Spotify answers
    the same question alike within a run; the most recent `capacity` answers are kept.

    A request that fails is not remembered: an entry waiting for it sends its own."""

    def __init__(self, capacity: int = 4096) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._answers: OrderedDict[_AnswerKey, Future[list[Track]]] = OrderedDict()

    def ask(self, key: _AnswerKey, send: Callable[[], list[Track]]) -> tuple[list[Track], bool]:
        """The answer to `key`, and whether `send` was called for it (a request sent)."""
        while True:
            with self._lock:
                pending = self._answers.get(key)
                if pending is None:
                    mine: Future[list[Track]] = Future()
                    self._answers[key] = mine
                else:
                    self._answers.move_to_end(key)
            if pending is not None:
                with contextlib.suppress(Exception):
                    return list(pending.result()), False
                continue  # its sender failed: ask again (this entry may send it itself)
            try:
                found = send()
            except BaseException as exc:
                with self._lock:
                    self._answers.pop(key, None)
                mine.set_exception(exc)
                raise
            mine.set_result(list(found))
            with self._lock:
                while len(self._answers) > self._capacity:
                    self._answers.popitem(last=False)
            return found, True


class QueryShape(Enum):
    PHRASE = "phrase"  # field:"value", characters that break filters removed
    WORDS = "words"  # artist:word per word of the artist (any order, connectors dropped)
    PLAIN = "plain"  # unfielded words


# Characters that break Spotify's field filters: quotes end the phrase early, slashes gave 404,
# colons start another filter, `*` is a wildcard. They become spaces.
_FILTER_BREAKERS = re.compile('["“”„/\\\\:*]')

# Inside double quotes `&`, `,` and brackets make Spotify return nothing (beets PRs 6049 and
# 6754); words are what is matched, so they become spaces in a phrase.
_PHRASE_BREAKERS = re.compile(r"[&,()\[\]{}]")

# Apostrophes make a field filter return nothing; they are dropped inside words (B'z -> Bz),
# the way Spotify's own index ignores them.
_APOSTROPHES = re.compile("['’‘`]")

# Uppercase NOT / OR / AND are operators in unfielded queries; lowercase words are not.
_OPERATORS = re.compile(r"\b(NOT|OR|AND)\b")

# Words that join names ("Simon and Garfunkel", "A x B"): not required of a per-word filter.
_CONNECTORS = frozenset({"and", "x", "&", "+", "×", "with", "feat", "feat.", "ft.", "vs", "vs."})

# Words joining two parts of a title: "Sadness & Sorrow" is also written "Sadness and Sorrow".
_JOINERS = frozenset({"and", "&", "+"})
_TITLE_JOINERS = re.compile(r"\s*&\s*|\s+\+\s+")

# A featured credit written into the artist field: searched for the main artist only, the
# featured artists are checked by scoring ("Calvin Harris feat. Rihanna" -> "Calvin Harris").
_FEATURED_TAIL = re.compile(r"\s*[(\[]?\s*\b(?:feat\.?|ft\.|featuring|with)\s.*$", re.IGNORECASE)


def resolve(
    entry: Entry,
    search: TrackSearch,
    *,
    market: str | None,
    weights: Weights,
    thresholds: Thresholds,
    locales: Sequence[str] = ("ja", "en"),
    budget: SearchBudget | None = None,
    answers: SharedAnswers | None = None,
) -> Resolution:
    """Resolve `entry`: skipped, pinned, matched, review or unmatched, with the evidence.
    `answers` shares the run's answers between its entries (see `SharedAnswers`)."""
    if entry.skip is not None:
        return Resolution(Status.SKIPPED, reason=f"skipped: {entry.skip}")
    if entry.uri is not None:
        return _confirm_pin(entry, entry.uri, search, market=market, locale=locales[0])
    cascade = _Cascade(
        entry, search, market, weights, thresholds, budget or SearchBudget(), answers
    )
    return cascade.run(_locale_order(entry, locales))


def build_query(
    title: str,
    artist: str,
    *,
    album: str | None = None,
    year: int | None = None,
    shape: QueryShape = QueryShape.PHRASE,
) -> str | None:
    """A search query of at most `MAX_QUERY_LENGTH` UTF-8 bytes with no empty or broken
    filter."""
    values = {
        "track": _clean(_TITLE_JOINERS.sub(" and ", title)),
        "artist": _clean(artist),
        "album": _clean(album or ""),
    }
    while True:
        query = _assemble(values, year, shape)
        if len(query.encode("utf-8")) <= MAX_QUERY_LENGTH:
            return query or None
        values = _shorten_longest(values)


def _assemble(values: dict[str, str], year: int | None, shape: QueryShape) -> str:
    if shape is QueryShape.PLAIN:
        words = f"{values['track']} {values['artist']}"
        return _OPERATORS.sub(lambda m: m.group(0).lower(), words).strip()
    if shape is QueryShape.WORDS:
        parts = [f'{f}:"{v}"' for f, v in values.items() if v and f != "artist"]
        parts[1:1] = [f"artist:{word}" for word in _without_connectors(values["artist"])]
    else:
        parts = [_filter(field, value) for field, value in values.items() if value]
    if year and parts:
        parts.append(f"year:{year}")
    return " ".join(parts)


def _filter(field: str, value: str) -> str:
    """`field:"value"`; one filter per word, the joining words left out, when a title joins
    words with "&", "and" or "+" (a phrase would demand the one the list happened to use)."""
    words = value.split()
    if field == "track" and len(words) > 2 and any(w.casefold() in _JOINERS for w in words[1:-1]):
        return " ".join(f"{field}:{w}" for w in _without_connectors(value))
    return f'{field}:"{value}"'


def _shorten_longest(values: dict[str, str]) -> dict[str, str]:
    """Drop the last word (or, for one long word, the last character) of the longest value."""
    longest = max(values, key=lambda k: len(values[k]))
    text = values[longest]
    shorter = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
    return {**values, longest: shorter}


@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    """`text` without the characters that break a filter or a phrase (memoised: asked of the
    same names several times a search)."""
    cleaned = _FILTER_BREAKERS.sub(" ", _APOSTROPHES.sub("", text))
    return " ".join(_PHRASE_BREAKERS.sub(" ", cleaned).split())


def _without_connectors(names: str) -> list[str]:
    """The words of an artist field without the words joining two names (not X of X JAPAN)."""
    words = names.split()
    inner = range(1, len(words) - 1)
    return [w for i, w in enumerate(words) if not (i in inner and w.casefold() in _CONNECTORS)]


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


_Relevant = Callable[[list[Track]], bool]


class _Cascade:
    """The search part of `resolve`: decides after every answer, stops at a confident match."""

    def __init__(
        self,
        entry: Entry,
        search: TrackSearch,
        market: str | None,
        weights: Weights,
        thresholds: Thresholds,
        budget: SearchBudget,
        answers: SharedAnswers | None = None,
    ) -> None:
        self.entry = entry
        self.search = search
        self.answers = answers
        self.requests = 0  # searches sent (not answered from the run's shared answers)
        self.market = market
        self.weights = weights
        self.thresholds = thresholds
        self.budget = budget
        self.locales: list[str] = []
        self.sent: list[str] = []
        self.asked: set[str] = set()
        self.seen: list[Track] = []
        # Queries whose last page was full: more may follow.
        self.unfinished: set[tuple[str, str]] = set()  # (query, locale) with a full last page
        self.by_name: str | None = None  # the song's own name and credited artist, when asked
        self.answered: set[str] = set()  # queries Spotify answered (casefolded)
        self.found_with_artist: set[str] = set()  # titles whose track+artist query found tracks
        # The tracks each (query, locale) answered, over all its pages read.
        self.holding: dict[tuple[str, str], set[str]] = {}
        self.decision = decide(entry, (), weights, thresholds)

    def run(self, locales: list[str]) -> Resolution:
        self.locales = locales
        with contextlib.suppress(_Done):
            self._by_isrc()
            found_an_artist = False
            for artist in _distinct([_main_artist(a) for a in self.entry.artists]):
                found_an_artist = self._by_artist(artist) or found_an_artist
                if found_an_artist:
                    # A copy matched: its recording's ISRC answers for every release of it
                    # that plays here, which another spelling of the artist cannot; asked
                    # before the budget goes to those spellings.
                    self._by_its_recording()
            if not found_an_artist:
                self._without_artist()
            if not self._artist_seen():
                self._by_kana_spellings()
            self._by_the_name_found()
            self._by_its_recording()
        decision = self.decision
        if decision.status is Status.MATCHED and self._guests(decision):
            decision = self._checked_without_guests(decision)
        if decision.status is not Status.MATCHED:
            decision = self._swapped() or decision
        elif not self._plain(decision) and (
            (self._answers_left_unread() and not self._only_copies_play(decision))
            or self._plain_title_on_odd_album(decision)
        ):
            why = "the song's own release may be further down the answers or mislabelled"
            decision = replace(decision, status=Status.REVIEW, reason=f"{why}: {decision.reason}")
        if decision.status is Status.UNMATCHED:
            decision = self._offer_the_artists_songs(decision)
        return replace(decision, queries=tuple(self.sent), searches=self.requests)

    def _guests(self, decision: Resolution) -> list[str]:
        """The artists the decision's track credits that the entry does not name."""
        chosen = [c.track for c in decision.candidates if c.track.uri == decision.uri]
        if not chosen or not credits_beyond_entry(self.entry, chosen[0]):
            return []
        guests = [
            name
            for name in chosen[0].artists
            if artist_similarity(self.entry.artists, [name]) < self.thresholds.artist_match
        ]
        # A guest is credited after the artist whose song it is; an entry naming a later
        # credit names a guest itself (the lead's song featuring it), not a re-recording.
        return [] if chosen[0].artists[0] in guests else guests

    def _checked_without_guests(self, decision: Resolution) -> Resolution:
        """A match crediting, after the entry's artist, artists the entry does not name (a
        re-recording with a guest, or a collaboration named by its main artist) while answers
        were left unread: the song asked once more without them (`NOT` the longest word of
        each). Matched only when that answer shows no take of the song crediting fewer of them
        (`decide`) and was read to its end or has no take of the song left on its page (then
        it is a collaboration); otherwise `review`, with the guest's take first."""
        if not self.unfinished:
            return decision  # every answer was read to its end: the artist's takes are known
        guests = self._guests(decision)
        chosen = next(c.track for c in decision.candidates if c.track.uri == decision.uri)
        credited = [a for a in chosen.artists if a not in guests]
        base = _track_and_artist_query(strip_decorations(chosen.name), credited[0])
        query = _excluding(base, guests, [*self.entry.titles, *self.entry.artists])
        page: list[Track] = []
        with contextlib.suppress(_Done):
            page = self._try(query)
        after = self.decision
        answered = query is not None and query.casefold() in self.answered
        # Read to its end, or its page holds no take of the song any more: the takes of the
        # song come first, so the rest of the answer is other songs sharing its words.
        shown = answered and (
            all((query, locale) not in self.unfinished for locale in self.locales)
            or not self._holds_this_song(page, self.thresholds.title_match)
        )
        if after.status is not Status.MATCHED or not self._guests(after) or shown:
            return after
        why = "credits artists the list does not name, and a take without them may exist"
        return replace(after, status=Status.REVIEW, reason=f"{why}: {after.reason}")

    def _by_the_name_found(self) -> None:
        """The song seen, but not its plain release taken: under a name the entry does not
        write (its Japanese title, found by reading among the artist's tracks) or only as a
        re-release or another version. Its name as Spotify writes it, with its credited
        artist, is asked once: that answer holds every release of it. The best candidates
        first, then any track seen (a song seen only in other versions may score below the
        artist's other songs)."""
        for track in [*(c.track for c in self.decision.candidates), *self.seen]:
            if self._title_agrees(track, self.thresholds.title_match) and self._artist_agrees(
                track, self.thresholds.artist_match
            ):
                name, artist = strip_decorations(track.name), track.artists[0]
                if _clean(name).casefold() in self.found_with_artist:
                    return  # asked already: another spelling of the artist answers the same
                # In the language of the names asked: a name seen under one language (マカロニ
                # えんぴつ from a Japanese answer) is not searchable under the other, and an
                # answer read to its end must have been able to hold every release.
                self._title_and_artist(name, artist, locales=_script_first(artist, self.locales))
                # Only once answered: a question the budget cut off answers nothing.
                self.by_name = _track_and_artist_query(name, artist)
                return

    def _by_its_recording(self) -> None:
        """A compilation copy matched, and the song's own release may be further down the
        answers: its ISRC is asked, once, as soon as a spelling of the artist found the copy. The answer holds every release of that recording
        that plays here: the plain release, when it plays (then taken), or only copies
        (`_only_copies_play`), as when the original is not available in this country and
        Spotify plays a compilation copy of it instead (track relinking). Not asked when an
        answer holding the copy was read to its end (`_releases_read_in_full`)."""
        chosen = self._chosen(self.decision)
        if (
            self.decision.status is Status.MATCHED
            and chosen is not None
            and chosen.isrc
            and not self._plain(self.decision)
            and (self._answers_left_unread() or self._plain_title_on_odd_album(self.decision))
            and not self._releases_read_in_full(chosen)
        ):
            self._try(f"isrc:{_clean(chosen.isrc).replace(' ', '')}", locales=self.locales[:1])

    def _only_copies_play(self, decision: Resolution) -> bool:
        """Whether the chosen track is provably the very recording of the song, and no plain
        release of it plays: its releases are known (its ISRC asked and answered in full, or an
        answer holding it read to its end, `_releases_read_in_full`), every release
        is a compilation copy under the song's own title by the artists as credited, of one
        length (within `_SAME_RECORDING_MS`), and no plain release of the song was seen on
        any page read. A live take or a re-recording has an ISRC of its own, and one on a
        live or re-recorded album sharing this ISRC makes the recording another one."""
        chosen = self._chosen(decision)
        if chosen is None or not chosen.isrc:
            return False
        query = f"isrc:{_clean(chosen.isrc).replace(' ', '')}"
        asked = (
            query.casefold() in self.answered and (query, self.locales[0]) not in self.unfinished
        )
        if not asked and not self._releases_read_in_full(chosen):
            return False
        releases = [t for t in self.seen if t.isrc == chosen.isrc]
        return (
            all(
                not is_plain_release(self.entry, t)
                and not version_tags(t.name)
                and not only_its_album_says_version(self.entry, t)
                and self._title_agrees(t, self.thresholds.title_match)
                and not credits_beyond_entry(self.entry, t)
                and abs(t.duration_ms - chosen.duration_ms) <= _SAME_RECORDING_MS
                for t in releases
            )
            and not credits_beyond_entry(self.entry, chosen)
            and not self._plain_release_seen(chosen)
        )

    def _releases_read_in_full(self, chosen: Track) -> bool:
        """Whether an answer holding `chosen` was read to its end (in the language it was
        asked in) by a search of names and credits alone, with no `album:`, `year:` or `isrc:`
        filter: the releases of its recording that carry its names and credits match that
        search as it does, so every one of them that plays here is among the tracks seen, and
        its ISRC, asked, would show no other release under those names."""
        return any(
            chosen.uri in uris
            and (query, locale) not in self.unfinished
            and not any(f in query for f in ("album:", "year:", "isrc:"))
            for (query, locale), uris in self.holding.items()
        )

    def _plain_release_seen(self, chosen: Track) -> bool:
        """A plain release of the song (title and artist agreeing) among the tracks seen; a
        title with a label the entry does not write, or a plain title on a live album with an
        ISRC of its own, is another recording, not the song's release."""
        return any(
            is_plain_release(self.entry, t)
            and not version_tags(t.name)
            and not unwritten_notes(self.entry, t)  # a label the entry does not write
            and not (
                only_its_album_says_version(self.entry, t) and t.isrc and t.isrc != chosen.isrc
            )
            and self._title_agrees(t, self.thresholds.title_match)
            and self._artist_agrees(t, self.thresholds.artist_match)
            for t in self.seen
        )

    def _chosen(self, decision: Resolution) -> Track | None:
        chosen = [c.track for c in decision.candidates if c.track.uri == decision.uri]
        return chosen[0] if chosen else None

    def _artist_seen(self) -> bool:
        """Whether any answer credited the entry's artist (under any spelling)."""
        return any(self._artist_agrees(t, self.thresholds.artist_match) for t in self.seen)

    def _by_kana_spellings(self) -> None:
        """No answer credited the artist, written in romaji: its name as Japan writes it, one
        kana script per word (マカロニえんぴつ mixes katakana and hiragana; "makaroni enpitsu"
        finds it in neither script alone), asked in Japanese, two spellings a query joined by
        OR, until one is credited. Its tracks are read as for any artist found alone (paged
        when the titles are Latin)."""
        spellings = kana_spellings(self.entry.artist, limit=self.budget.kana_spellings)
        for query in _either_artist(spellings):
            self._artists_tracks(query, ("ja",))
            if self._artist_seen():
                return

    def _offer_the_artists_songs(self, decision: Resolution) -> Resolution:
        """An unmatched entry whose artist search found, but no song that could be this one:
        the artist's songs that could be it, for a person to review (never matched)."""
        if any(
            self._title_agrees(c.track) and self._artist_agrees(c.track)
            for c in decision.candidates
        ):
            return decision  # other versions of this song, or a rejected one: shown as they are
        songs = songs_that_could_be_it(self.entry, self.seen, self.weights, self.thresholds)
        if not songs:
            return decision
        why = decision.reason.split(":", 1)[0]
        reason = (
            f"{why}: search found the artist but no song with this title; candidates: the "
            "artist's songs that could be it, most likely first (read alike, a shared word, "
            "then popularity)"
        )
        return replace(decision, candidates=tuple(songs), reason=reason)

    def _answers_left_unread(self) -> bool:
        """Whether an answer that could hold the song's own release was not read to its end.
        The song's own name asked with its credited artist and read to the end answers for
        every release of it, whatever other answers left unread."""
        if (
            self.by_name is not None
            and self.by_name.casefold() in self.answered
            and all((self.by_name, locale) not in self.unfinished for locale in self.locales)
        ):
            return False
        return bool(self.unfinished)

    def _plain_title_on_odd_album(self, decision: Resolution) -> bool:
        """A track of this song with a plain title that only its album calls another version:
        it may be the original, so a re-release is not taken in its place unasked; unless
        the re-release's recording, its releases known in full (`_only_copies_play`), plays
        only as copies and the track has an ISRC of its own (a live take on a live album, not
        the original)."""
        chosen = self._chosen(decision)
        proven = chosen is not None and chosen.isrc and self._only_copies_play(decision)
        return any(
            only_its_album_says_version(self.entry, track)
            and self._title_agrees(track)
            and self._artist_agrees(track)
            and not (proven and chosen is not None and track.isrc and track.isrc != chosen.isrc)
            for track in self.seen
        )

    def _plain(self, decision: Resolution) -> bool:
        """Whether the decision's track is the song's plain release (see `is_plain_release`)."""
        chosen = [c.track for c in decision.candidates if c.track.uri == decision.uri]
        return bool(chosen) and is_plain_release(self.entry, chosen[0])

    def _by_isrc(self) -> None:
        if self.entry.isrc:
            self._try(f"isrc:{_clean(self.entry.isrc).replace(' ', '')}")

    def _by_artist(self, artist: str) -> bool:
        """Every title under one spelling of the artist; whether the artist was found. When
        the first title finds nothing and a title is Latin (romaji, a translation, a typo),
        the artist's own tracks, once: they may show the song, and when there are none the
        artist is absent under this spelling and its other titles are not asked. Japanese
        titles the track filter did not find are not looked for among the artist's tracks
        (the title alone is asked later instead)."""
        first, *others = _search_titles(self.entry)
        if self._title_and_artist(first, artist) > 0:
            if self.decision.status is not Status.MATCHED:
                self._other_titles(others, artist)
            return True
        if all(has_japanese(title) for title in (first, *others)):
            return self._other_titles(others, artist)
        credited = self._artist_alone(artist)
        if not credited:
            return False
        if len(_clean(artist).split()) > 1 and not _phrase_credited(artist, credited):
            # Found only word by word (another word order): the titles deserve the same.
            for title in (first, *others):
                self._try(build_query(title, artist, shape=QueryShape.WORDS))
        self._other_titles(others, artist)
        return True

    def _other_titles(self, titles: list[str], artist: str) -> bool:
        found = [self._title_and_artist(title, artist) for title in titles]
        return any(n > 0 for n in found)

    def _title_and_artist(self, title: str, artist: str, *, locales: Sequence[str] = ()) -> int:
        """`track:"T" artist:"A"` (one `artist:` filter per word when the field joins several
        names: "A & B", "A and B", "A x B" may be one name or co-artists credited separately),
        narrowed and paged when crowded; the number of tracks found, -1 when already asked."""
        query = _track_and_artist_query(title, artist)
        if query is None or query.casefold() in self.asked:
            return -1  # nothing new to learn: neither "found nothing" nor "crowded"
        shape = QueryShape.WORDS if len(artist_credits(artist)) > 1 else QueryShape.PHRASE
        page = self._try(query, locales=locales)
        if page:
            self.found_with_artist.add(_clean(title).casefold())
        if len(page) >= SEARCH_LIMIT:
            if self.entry.album or self.entry.year:
                album, year = self.entry.album, self.entry.year
                self._try(build_query(title, artist, album=album, year=year, shape=shape))
            first = (locales or self.locales)[0]
            self._page_on(
                query, page, self.budget.crowded_pages, self._holds_this_song, locale=first
            )
        return len(page)

    def _artist_alone(self, artist: str, *, locales: Sequence[str] = ()) -> list[Track]:
        """The artist's tracks (once; word by word, so word order and connectors do not
        matter): a romaji or translated title may be among them. Paged, bounded, when the
        titles are Latin and the artist's tracks carry Japanese names. The first page."""
        shape = QueryShape.WORDS if len(_clean(artist).split()) > 1 else QueryShape.PHRASE
        query = build_query("", artist, shape=shape)
        return self._artists_tracks(query, locales or _script_first(artist, self.locales))

    def _artists_tracks(self, query: str | None, locales: Sequence[str]) -> list[Track]:
        """An artist's tracks, paged (bounded, in the locale asked first) when the titles are
        Latin and the artist's tracks carry Japanese names. The first page."""
        page = self._try(query, locales=locales)
        if len(page) >= SEARCH_LIMIT and self._may_be_romaji_or_translated(page):
            if not self._song_seen():  # its name is known: no spelling of it to guess
                self._by_the_title_as_japan_writes_it(page, locales)
            self._page_on(
                query, page, self.budget.artist_pages, self._song_not_yet_seen, locale=locales[0]
            )
        return page

    def _by_the_title_as_japan_writes_it(self, page: list[Track], locales: Sequence[str]) -> None:
        """A Latin title against a Japanese artist, asked with the artist as the page credits
        it, in the page's language, before the artist's further pages (the song may be
        anywhere in them, but few of its titles hold these words): a title mixing romaji and
        English by its longest English word as the katakana loanword Japanese titles write
        ("love letter" in 四月のラブレター, "knock" in 太陽ノック); a title all in romaji by
        its kana spellings, all katakana or all hiragana (ナガレボシ for "Nagare boshi")."""
        credited = _best_credited(self.entry.artists, page)
        if credited is None:
            return
        for title in _search_titles(self.entry):
            loanword = loanword_in(title)
            if loanword:
                query = _track_and_artist_query(loanword, credited)
            else:
                query = _either_title(kana_spellings(title, limit=2), credited)
            self._try(query, locales=locales, reason=TITLE_IN_KANA)

    def _without_artist(self) -> None:
        """No spelling of the artist found anything: the title alone, the artist judged by
        scoring (romanised or in another script, or mistyped); when that finds nothing, plain
        words: the title and the artist may be in each other's places, or in another field."""
        title = _search_titles(self.entry)[0]
        query = build_query(title, "")
        page = self._try(query)
        if len(page) >= SEARCH_LIMIT:
            # Paged only while a page shows a track this song could be (its title by an
            # artist that could be the entry's): one full of this title by other artists
            # (covers, same-title songs) says nothing of where the entry's artist ranks.
            self._page_on(query, page, self.budget.title_pages, self._holds_this_song)
        if self._credits_an_artist_named(title):
            # The title is an artist's name (credited as a guest): the fields are swapped.
            self._try(_track_and_artist_query(_main_artist(self.entry.artist), title))
        elif not self._has_this_title(page):
            # Nothing titled so (word expansion may still fill the page with other songs).
            self._try(build_query(title, self.entry.artist, shape=QueryShape.PLAIN))

    def _credits_an_artist_named(self, name: str) -> bool:
        """Whether a track seen credits an artist of exactly this name (every word of it)."""
        return any(
            artist_similarity([name], track.all_artists, short_forms=False)
            >= self.thresholds.artist_full
            for track in self.seen
        )

    def _swapped(self) -> Resolution | None:
        """A confident match for the entry with its title and artist swapped (a list written
        "artist - title" read the other way round), or None."""
        swapped = replace(self.entry, title=self.entry.artist, artist=self.entry.title)
        swapped = replace(swapped, aliases=(), artist_aliases=())
        if not swapped.isrc and not self._credited_as(swapped.artist):
            return None  # `matched` needs a track crediting the title as its artist
        decision = decide(swapped, self.seen, self.weights, self.thresholds)
        if decision.status is not Status.MATCHED:
            return None
        return replace(decision, reason=f"title and artist swapped in the list: {decision.reason}")

    def _credited_as(self, name: str) -> bool:
        """Whether a track seen credits `name` as closely as `matched` needs (less a rounding
        error: a score keeps 1 - similarity)."""
        at_least = self.thresholds.artist_match - 1e-9
        return any(artist_similarity([name], t.all_artists) >= at_least for t in self.seen)

    def _may_be_romaji_or_translated(self, page: list[Track]) -> bool:
        """Latin titles against a Japanese artist (at least half of its own tracks on the
        page have a Japanese name or album name): the track filter could not have found the
        song, so it may be anywhere among the artist's tracks. One Japanese name among an
        artist's Latin ones (a stray compilation) does not make a Latin title likely to be
        romaji or a translation, and an absent song is not looked for pages deep."""
        if any(has_japanese(t) for t in self.entry.titles):
            return False
        own = [t for t in page if self._artist_agrees(t, self.thresholds.artist_match)]
        japanese = [t for t in own if any(map(has_japanese, (*t.all_names, *t.all_album_names)))]
        return bool(own) and 2 * len(japanese) >= len(own)

    def _shows_japanese_names_of_the_artist(self, page: list[Track]) -> bool:
        """Whether one of the artist's own tracks on the page has a Japanese name or album."""
        return any(
            self._artist_agrees(t, self.thresholds.artist_match)
            and any(map(has_japanese, (*t.all_names, *t.all_album_names)))
            for t in page
        )

    def _holds_this_song(self, page: list[Track], at_least: float | None = None) -> bool:
        """A page still worth turning: some track on it could be this song (any version)."""
        return any(
            self._title_agrees(track, at_least) and self._artist_agrees(track) for track in page
        )

    def _has_this_title(self, page: list[Track]) -> bool:
        return any(map(self._title_agrees, page))

    def _by_this_artist(self, page: list[Track]) -> bool:
        return any(map(self._artist_agrees, page))

    def _song_not_yet_seen(self, page: list[Track]) -> bool:
        """The artist's pages are read on until the song appears (in any release): its own
        name then answers for every release of it, in one question. And only while the page
        just read still shows the artist's own tracks under Japanese names, the reason they
        are read at all: a page of its Latin names, or of other artists (word expansion),
        says the Japanese part of its catalog has been read."""
        return self._shows_japanese_names_of_the_artist(page) and not self._song_seen()

    def _song_seen(self) -> bool:
        """Whether a track seen agrees with the entry's title and artist as a match needs."""
        return any(self._agrees(t) for t in self.seen)

    def _agrees(self, track: Track) -> bool:
        return self._title_agrees(track, self.thresholds.title_match) and self._artist_agrees(
            track, self.thresholds.artist_match
        )

    def _song_seen_as_written(self) -> bool:
        """Whether a track seen agrees with the entry's title and artist as a match needs, its
        title in the script the entry writes it in (Latin or Japanese), not only by reading
        one as the other: "Kaede" reads as 楓 and as かえで, two songs another language's
        names may tell apart. Seen in an answer in that script's language (`ja` for Japanese,
        another for Latin): an answer in the other one matches default names only in that
        script, so a Latin title shown under `ja` says nothing of the releases whose Latin
        name is stored for English alone (楓, "Kaede" in English)."""
        threshold = self.thresholds.title_match
        answered_in = {japanese: self._answered_in(japanese=japanese) for japanese in (True, False)}
        return any(
            self._agrees(track)
            and any(
                has_japanese(mine) is has_japanese(theirs)
                and track.uri in answered_in[has_japanese(mine)]
                and title_similarity(mine, theirs) >= threshold
                for mine in self.entry.titles
                for theirs in track.all_names
            )
            for track in self.seen
        )

    def _answered_in(self, *, japanese: bool) -> set[str]:
        """The tracks answers in Japanese (or in another language) held."""
        return {
            uri
            for (_, locale), uris in self.holding.items()
            if (locale == "ja") is japanese
            for uri in uris
        }

    def _title_agrees(self, track: Track, at_least: float | None = None) -> bool:
        threshold = self.thresholds.title_plausible if at_least is None else at_least
        return any(
            title_similarity(mine, theirs) >= threshold
            for mine in self.entry.titles
            for theirs in track.all_names
        )

    def _artist_agrees(self, track: Track, at_least: float | None = None) -> bool:
        similarity = artist_similarity(self.entry.artists, track.all_artists)
        return similarity >= (self.thresholds.artist_plausible if at_least is None else at_least)

    def _page_on(
        self,
        query: str | None,
        page: list[Track],
        max_pages: int,
        relevant: _Relevant,
        *,
        locale: str | None = None,
    ) -> None:
        """Pages after `page` (the first), under the locale it was asked in (default: the
        first), while each is full and relevant, up to `max_pages` pages in all: names match
        in the request's language, so another locale's pages may not hold the name asked."""
        if query is None:
            return
        for number in range(1, max_pages):
            offset = number * SEARCH_LIMIT
            if len(page) < SEARCH_LIMIT or not relevant(page) or offset > _MAX_OFFSET:
                return
            page = self._ask(query, locale or self.locales[0], offset=offset)

    def _try(
        self, query: str | None, *, locales: Sequence[str] = (), reason: str | None = None
    ) -> list[Track]:
        """Ask `query` (first locale, then the other when it may help); the fuller answer.
        A query already asked (or None) answers nothing new: an empty list that does not mean
        "Spotify has nothing". Raises `_Done` when matched or out of budget. `reason` names
        why it is asked when its shape cannot tell (see `_ask`)."""
        if query is None or query.casefold() in self.asked:
            return []
        self.asked.add(query.casefold())
        fullest: list[Track] = []
        for locale in locales or self.locales:
            page = self._ask(query, locale, reason=reason)
            fullest = page if len(page) > len(fullest) else fullest
            if not page or not self._other_locale_may_help(locale):
                break
        return fullest

    def _other_locale_may_help(self, asked: str) -> bool:
        """Another language's names may turn what was found into a match: a plausible
        candidate, or an entry written in the other language's script where the answers show
        no name in it (Momoiro Clover Z / ももいろクローバーZ, Kaede / 楓). Not once a track
        seen agrees with the entry's title and artist as a match needs, the title as written:
        the other language shows the same tracks under other names (the reference's
        "Localised names"), and what still keeps the entry from `matched` is then which release
        or take it is, which no name in another language changes; the song's other releases
        carry its names in this language, so this answer and its later pages hold them."""
        if self._song_seen_as_written():
            return False
        if self.decision.status is Status.REVIEW and self._written_in_japanese_somewhere():
            return True
        other_is_japanese = asked != "ja"
        titles = [n for t in self.seen for n in t.all_names]
        artists = [n for t in self.seen for n in t.all_artists]
        return _script_missing(self.entry.titles, titles, japanese=other_is_japanese) or (
            _script_missing(self.entry.artists, artists, japanese=other_is_japanese)
        )

    def _written_in_japanese_somewhere(self) -> bool:
        """Whether the entry or the candidates on top have a name in Japanese script: only
        then do the two languages show different names (a Latin song keeps its Latin name)."""
        tracks = [c.track for c in self.decision.candidates]
        names = [*self.entry.titles, *self.entry.artists]
        names += [n for t in tracks for n in (*t.all_names, *t.all_artists)]
        return any(map(has_japanese, names))

    def _ask(
        self, query: str, locale: str, *, offset: int = 0, reason: str | None = None
    ) -> list[Track]:
        if len(self.sent) >= self.budget.max_searches:
            raise _Done
        at = f" (offset {offset})" if offset else ""
        by_shape = search_reason(query, locale=locale, offset=offset, asked_before=self.sent)
        # A further page or the other language stays so; otherwise the caller's reason wins.
        told = reason if reason and by_shape not in (PAGING, OTHER_LANGUAGE) else None
        if (told or by_shape) in self.budget.switched_off:
            return []
        SEARCH_REASON.set(told or by_shape)
        self.sent.append(f"[{locale}] {query}{at}")

        def send() -> list[Track]:
            return self.search.search_tracks(
                query, locale=locale, market=self.market, limit=SEARCH_LIMIT, offset=offset
            )

        if self.answers is None:
            found, sent = send(), True
        else:
            key = (query, locale, self.market, SEARCH_LIMIT, offset)
            found, sent = self.answers.ask(key, send)
        self.requests += sent
        self.seen.extend(found)
        self.holding.setdefault((query, locale), set()).update(t.uri for t in found)
        self.answered.add(query.casefold())
        if len(found) >= SEARCH_LIMIT:
            self.unfinished.add((query, locale))
        else:
            self.unfinished.discard((query, locale))
        self.decision = decide(self.entry, self.seen, self.weights, self.thresholds)
        if self.decision.status is Status.MATCHED and self._plain(self.decision):
            raise _Done
        return found


class _Done(Exception):
    """The cascade has its answer (or has spent its budget)."""


def _search_titles(entry: Entry) -> list[str]:
    """Titles to search, decorations stripped, native script first (Spotify mostly indexes
    Japanese songs under their Japanese names)."""
    titles = sorted(entry.titles, key=lambda t: not has_japanese(t))
    return _distinct([strip_decorations(t) for t in titles])


def _track_and_artist_query(title: str, artist: str) -> str | None:
    """`track:"T" artist:"A"`, with one `artist:` filter per word when the field joins names."""
    shape = QueryShape.WORDS if len(artist_credits(artist)) > 1 else QueryShape.PHRASE
    return build_query(title, artist, shape=shape)


def _excluding(query: str | None, names: Sequence[str], written: Sequence[str]) -> str | None:
    """`query` with `NOT word` for the longest word of each of `names` that the entry does not
    write itself, as many as fit in a query (one is enough to rule out every track crediting
    that artist); None when not one fits."""
    if query is None:
        return None
    own = {w.casefold() for text in written for w in _clean(text).split()}
    result = query
    for name in names:
        words = [w for w in _clean(name).split() if w.casefold() not in own]
        if not words:
            continue
        word = _OPERATORS.sub(lambda m: m.group(0).lower(), max(words, key=len))
        longer = f"{result} NOT {word}"
        if len(longer.encode("utf-8")) <= MAX_QUERY_LENGTH:
            result = longer
    return None if result == query else result


def _best_credited(artists: Sequence[str], tracks: Sequence[Track]) -> str | None:
    """The credited name that agrees best with the entry's artist (not one that merely
    resembles it, as "Shiritsusu Ebisu Chugaku" resembles Shiritsu Ebisu Chugaku)."""
    names = [name for track in tracks for name in track.artists]
    return max(names, key=lambda name: artist_similarity(artists, [name]), default=None)


def _either_title(titles: Sequence[str], artist: str) -> str | None:
    """`artist:"A" track:"T1" OR track:"T2"` (the OR joins the two clauses next to it), or
    one title when two would exceed the query limit; None without titles."""
    if not titles:
        return None
    both = f'artist:"{_clean(artist)}" ' + " OR ".join(f'track:"{_clean(t)}"' for t in titles)
    if len(both.encode("utf-8")) <= MAX_QUERY_LENGTH:
        return both
    return build_query(titles[0], artist)


def _either_artist(names: Sequence[str]) -> list[str]:
    """`artist:"A" OR artist:"B"` for each two names (Spotify reads one upper-case OR per
    query; spotify/web-api#187), a name alone when two would exceed the query limit."""
    filters = [f'artist:"{_clean(name)}"' for name in names if _clean(name)]
    queries: list[str] = []
    while filters:
        pair = " OR ".join(filters[:2])
        fits = len(pair.encode("utf-8")) <= MAX_QUERY_LENGTH
        queries.append(pair if fits else filters[0])
        filters = filters[2:] if fits else filters[1:]
    return [q for q in queries if len(q.encode("utf-8")) <= MAX_QUERY_LENGTH]


def _main_artist(artist: str) -> str:
    """The artist field without its featured credits (kept when nothing would be left)."""
    main = _FEATURED_TAIL.sub("", artist).strip()
    return main or artist


def _script_missing(wanted: Sequence[str], shown: Sequence[str], *, japanese: bool) -> bool:
    """The entry writes these names in a script (Japanese or Latin) none of the shown do."""
    in_script = [has_japanese(name) is japanese for name in wanted]
    return any(in_script) and not any(has_japanese(name) is japanese for name in shown)


def _phrase_credited(artist: str, tracks: list[Track]) -> bool:
    """Whether `artist`, as one phrase, is (part of) a name credited on one of `tracks`."""
    phrase = f" {normalize(artist)} "
    return any(phrase in f" {normalize(name)} " for t in tracks for name in t.all_artists)


def _script_first(name: str, locales: Sequence[str]) -> list[str]:
    """The locale of `name`'s script first: Spotify matches names in the request's language,
    so an artist written in Latin letters is asked for in English, in kana or kanji in
    Japanese (after a title in the other script found nothing with it)."""
    preferred = "ja" if has_japanese(name) else "en"
    return sorted(locales, key=lambda locale: locale != preferred)


def _distinct(names: Sequence[str]) -> list[str]:
    """Names in order without the ones Spotify would read the same (case, filter breakers)."""
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(_clean(name).casefold(), name)
    return [name for key, name in kept.items() if key]
