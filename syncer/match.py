"""Scoring Spotify tracks against a list entry, and deciding what the entry resolves to.

Pure: no I/O, no globals read at call time (weights and thresholds are parameters).

Public API:
- `MATCHER_VERSION`: part of the match-cache key; bump it whenever scoring or decisions change.
- `Weights`, `Thresholds`: frozen parameter sets with sensible defaults.
- `UnmatchedReason`: the closed set of reasons an entry stays unmatched (reasons start with it).
- `score(entry, track, weights, *, reference_ms=None) -> Candidate`: named penalties in [0, 1].
- `decide(entry, tracks, weights, thresholds) -> Resolution`: matched / review / unmatched.
- `title_similarity(a, b) -> float`, `artist_similarity(entry_artists, track_artists) -> float`.
- `near_miss(entry_titles, track_names) -> str | None`: why a title that is not quite this one
  may still be it (a typo or two, or the same reading), for `review`; None otherwise.
- `mark_duplicates(resolutions) -> list[Resolution]`: later repeats of a URI become duplicates
  (`DuplicateMarker`: the same, one entry at a time).
- `only_its_album_says_version(entry, track) -> bool`: a plain title on a live or karaoke album.
- `is_plain_release(entry, track) -> bool`: the song's own release, not a compilation, an edit
  or remaster the entry did not ask for, or a "(feat. …)" version of it; matching one that is
  not plain is only safe once no plain release can be further down the answers (resolve).
- `unwritten_notes(entry, track) -> tuple[str, ...]`: what the track's title (or an album
  named after it) adds that the entry does not write and that is not a same-song note: such a
  track is another recording until a person says otherwise, so at most `review`.
- `credits_beyond_entry(entry, track) -> bool`: the track credits artists the entry does not
  name (a re-recording with a guest, a collaboration): not the song when one credited as the
  entry names it is among the answers.

Precision comes first: a candidate is `matched` only when title and artist agree closely, the
version is right, the score passes the accept threshold and no different song comes close.
Anything plausible but short of that is `review`; a gap beats a wrong track. A title that
carries words the entry does not write ("Song - Ao Vivo", "Song (Tokyo Sessions)", "Song
〜Blue Night〜", "Song (Are Made of This)") is another recording unless the words are a known
same-song note (a closed allowlist in `syncer.normalize`): whatever the words, it is at most
`review`, offered first, never `matched`. Unknown words are the rule, not a list of them, and so
is their shape: words written around the whole of the entry's title in no known shape ("Song /
Kyoto", "Song vs Someone", "Kyoto - Song") count the same, and a title that holds the entry's
with words added is no rival to one that is exactly the entry's. A
near miss (a title a typo or two away, or read the same, by the artist in full agreement) is
`review` too, never `matched`: it is shown to a person instead of being reported as not found.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from syncer.model import Candidate, Entry, Penalty, Resolution, Status, Track, track_id_of
from syncer.normalize import (
    artist_credits,
    fold_romaji,
    fold_text,
    has_feat_credit,
    has_japanese,
    has_katakana,
    known_notes,
    loanword_readings,
    name_key,
    normalize,
    replace_whole_word,
    romaji_readings,
    same_song_edits,
    title_forms,
    unknown_album_notes,
    unknown_notes,
    version_tags,
)

MATCHER_VERSION = "20"


@dataclass(frozen=True)
class Weights:
    """How much each penalty counts towards a candidate's score."""

    title: float = 3.0
    artist: float = 2.5
    album: float = 1.0
    year: float = 0.5
    version: float = 3.0
    edit: float = 0.3  # a remaster or a same-song edit (radio edit, mono, ...) not asked for
    duration: float = 1.0


@dataclass(frozen=True)
class Thresholds:
    """Where the decision tiers start. Similarities and scores are in [0, 1]."""

    accept: float = 0.85  # score needed for `matched`
    review: float = 0.6  # score needed for `review`
    gap: float = 0.08  # lead over the best *different* song needed for `matched`
    title_match: float = 0.9  # title similarity needed for `matched`
    title_full: float = 0.97  # the same words (a name given only in part needs this)
    artist_match: float = 0.85  # artist similarity needed for `matched`
    artist_full: float = 0.95  # every credited artist agrees (a near miss needs this)
    title_plausible: float = 0.7  # below this a candidate is not this song at all
    artist_plausible: float = 0.7  # below this a candidate is not by this artist
    duration_tolerance: float = 0.05  # relative difference to the usual length not penalised
    duration_scale: float = 0.3  # relative difference that counts as fully wrong
    length_doubt: float = 0.1  # relative difference to the list's `duration` that is for review


class UnmatchedReason(StrEnum):
    NO_RESULTS = "no results"
    ARTIST_NOT_FOUND = "artist never found"
    ONLY_OTHER_VERSIONS = "only other versions"
    BELOW_THRESHOLD = "below threshold"
    ALL_REJECTED = "every candidate rejected"


# Latin-vs-Latin romaji folding (shi/si, chi/ti) can merge English words ("Chime"/"Time"), so
# such a fold never counts as a perfect written match.
_LATIN_ROMAJI_DISCOUNT = 0.93

# A name given by its leading word(s), as people write a given or stage name ("Miliyah" for
# Miliyah Kato, "King" for King Gnu): agreement, but `matched` only with the title in full.
_SUBSET_SIMILARITY = 0.9

# The entry gives an inner word or the surname of a credited name ("Jackson" for Michael
# Jackson): plausibly the artist, worth showing for review, never agreement.
_PART_OF_A_NAME = 0.8

# The entry's name has a word the credited name lacks ("Malcolm X" / Malcolm): below agreement.
_NAME_MISSING_A_WORD = 0.8

# The entry names several artists and only the main one is credited ("Calvin Harris feat.
# Rihanna" against Calvin Harris alone): agreement, but not full agreement.
_MAIN_ARTIST_ONLY = 0.9

# A credited name counts as present when spelled this closely (no word-subset shortcut: a
# single word such as "Simon" must not find Paul Simon).
_CREDIT_PRESENT = 0.9

# Typos tolerated in a near miss: one in a short title, two from this many characters on.
_NEAR_MISS_TWO_EDITS_FROM = 8
_NEAR_MISS_MIN_LENGTH = 4

# Titles with the same words once "&"/"and" and a leading article are set aside.
_SAME_WORDS = 0.97
_TITLE_CONNECTORS = frozenset({"and", "n"})
_ARTICLES = frozenset({"the", "a", "an"})

# Just at the title agreement `matched` needs: one typo in a Latin title of this many letters.
_WRITTEN_ALIKE = 0.9
# Below it: a last word left off a title of this many words (the entry has one fewer) is often
# another song ("I Want You" / "I Want You Back"), so at most `review`.
_LAST_WORD_LEFT_OFF = 0.85
_TRUNCATED_MIN_WORDS = 3
_TYPO_MIN_LENGTH = 8

# A Latin title whose romaji reading is this close to a Japanese title's reads the same.
_SAME_READING = 0.9

# A match found only once decorations are stripped ("X - Diamond Eyes" / "X") ranks just below
# a match of the titles as written.
_DECORATION_DISCOUNT = 0.98

# Latin titles that differ in one word from its first letter on are different songs.
_OTHER_WORD_SIMILARITY = 0.85

# "Yesterday's" once normalised: the possessive's "s" joined back to its word.
_POSSESSIVE = re.compile(r"(?<=\w) s\b")

# Titles that differ in a number are different songs (366日 / 365日, 桜 / 桜 2).
_NUMBER = re.compile(r"\d+")
_OTHER_NUMBER_SIMILARITY = 0.75

# An album that is a performance rather than a studio release, by what such albums have in
# common rather than by venue: it says live (a word of its own at either end, or "live at/in/
# from/on"; "Up & Live Riddim" is a name), in the languages that say it in two words ("ao
# vivo", "en vivo", "en directo"); it names the occasion (a concert, a session, unplugged, a
# tour with its year, ツアー, コンサート, 公演); or the day it was recorded ("2022.5.15", "7/2/93").
_LIVE_ALBUM = re.compile(
    r"^live\b|\blive$|\blive (?:at|in|from|on|at the)\b|\bin concert\b|(?<![ァ-ヺ])(?:ライブ|ライヴ)"
    r"|\b(?:ao|en|al|dal) vivo\b|\ben directo\b|\bconcerts?\b|\bsessions?\b|\bunplugged\b"
    r"|\btour\b.*\b\d{4}\b|\b\d{4}\b.*\btour\b|ツアー|コンサート|公演"
)
_RECORDING_DAY = re.compile(r"\b\d{1,4}[./]\d{1,2}[./]\d{1,4}\b")

# Album names of compilations: a song's original release is preferred over these.
_COMPILATION = re.compile(
    r"\bbest\b|\bhits\b|\bcollection\b|\bgreatest\b|\bcomplete\b|\banthology\b|\btunes\b"
    r"|\bfavou?rites\b|\bessentials?\b|\bplaylist\b|ベスト|\bvarious\b|\bsongs for\b"
)


def score(
    entry: Entry, track: Track, weights: Weights, *, reference_ms: int | None = None
) -> Candidate:
    """How well `track` fits `entry`, with each part of the distance named."""
    if reference_ms is None:
        return _score_once(entry, track, weights)
    return _score(entry, track, weights, reference_ms)


# An entry's cascade decides after every answer, over every track seen so far: each track is
# scored once (a few entries are resolved at a time; the memo holds far more than their tracks).
@lru_cache(maxsize=4096)
def _score_once(entry: Entry, track: Track, weights: Weights) -> Candidate:
    return _score(entry, track, weights, None)


def _score(entry: Entry, track: Track, weights: Weights, reference_ms: int | None) -> Candidate:
    penalties = [
        Penalty("title", 1 - _best_title_similarity(entry, track), weights.title),
        Penalty("artist", 1 - artist_similarity(entry.artists, track.all_artists), weights.artist),
        Penalty("version", _version_penalty(entry, track), weights.version),
        Penalty("edit", _edit_penalty(entry, track), weights.edit),
        Penalty("duration", _duration_penalty(track, reference_ms), weights.duration),
    ]
    if entry.album:
        album = _max_until_one(
            title_similarity(entry.album, name) for name in track.all_album_names
        )
        penalties.append(Penalty("album", 1 - album, weights.album))
    if entry.year and track.year:
        penalties.append(Penalty("year", min(1.0, abs(entry.year - track.year) / 5), weights.year))
    return Candidate(track=track, score=_combine(penalties), penalties=tuple(penalties))


@lru_cache(maxsize=65536)
def title_similarity(a: str, b: str) -> float:
    """Best similarity of two titles over their written and core forms, as written and as romaji."""
    forms_a, forms_b = title_forms(a), title_forms(b)
    if not forms_a or not forms_b:
        return 0.0
    as_written = _form_similarity(forms_a[-1], forms_b[-1])
    if as_written >= 1.0:
        return as_written  # the cores, discounted, cannot beat it
    cores = max(_form_similarity(fa, fb) for fa in forms_a for fb in forms_b)
    return max(as_written, cores * _DECORATION_DISCOUNT)


def artist_similarity(
    entry_artists: Iterable[str], track_artists: Iterable[str], *, short_forms: bool = True
) -> float:
    """How well the best of the entry's artist fields (the artist and its aliases) agrees with
    the credited artists: 1 when every artist it names is credited; 0.9 when only its main
    artist is, or when it gives a credited name by its leading word(s) ("Miliyah" for Miliyah
    Kato; not with `short_forms=False`); otherwise the closest spelling of the whole field to
    one credited name."""
    return _artist_similarity(tuple(entry_artists), tuple(track_artists), short_forms)


# Asked of the same names again and again: by every decision of an entry's cascade, and by its
# checks of what each answer showed (about 3 times a pair on the benchmark lists).
@lru_cache(maxsize=65536)
def _artist_similarity(
    entry_artists: tuple[str, ...], track_artists: tuple[str, ...], short_forms: bool
) -> float:
    theirs = [key for key in map(name_key, track_artists) if key]
    if not theirs:
        return 0.0
    if not set(theirs).isdisjoint(map(name_key, entry_artists)):
        return 1.0  # a field names a credited artist exactly (what `_field_similarity` gives)
    return _max_until_one(
        (_field_similarity(field, theirs, short_forms) for field in entry_artists), default=0.0
    )


def names_only_part_of_a_credit(
    entry_artists: Iterable[str], track_artists: Iterable[str], thresholds: Thresholds
) -> bool:
    """Whether the entry's artist agrees with the credits only as the leading word(s) of a
    credited name ("Miliyah" for Miliyah Kato): a given or stage name, which other artists
    may share, so the title must agree in full for `matched`."""
    entry_artists = list(entry_artists)
    track_artists = list(track_artists)
    strict = artist_similarity(entry_artists, track_artists, short_forms=False)
    return (
        strict < thresholds.artist_match
        and artist_similarity(entry_artists, track_artists) >= thresholds.artist_match
    )


def near_miss(entry_titles: Iterable[str], track_names: Iterable[str]) -> str | None:
    """Why `track_names` may still be the song `entry_titles` mean although no title agrees:
    a Latin title a typo or two away (one under 8 characters), or a Latin title whose romaji
    reading is within a typo of a Japanese title's. Numbers must agree. None otherwise."""
    return _near_miss(tuple(entry_titles), tuple(track_names))


# Asked of the same candidates by every decision of an entry's cascade.
@lru_cache(maxsize=16384)
def _near_miss(entry_titles: tuple[str, ...], track_names: tuple[str, ...]) -> str | None:
    for mine in entry_titles:
        for theirs in track_names:
            a, b = _core(mine), _core(theirs)
            if not a or not b or _NUMBER.findall(a) != _NUMBER.findall(b):
                continue
            if not has_japanese(a) and not has_japanese(b) and _within_typos(a, b):
                return f"title {theirs!r} is a typo or two away from {mine!r}"
            if not has_japanese(a) and has_japanese(b) and _reads_alike(a, b):
                return f"title {theirs!r} reads like {mine!r}"
    return None


def decide(
    entry: Entry, tracks: Sequence[Track], weights: Weights, thresholds: Thresholds
) -> Resolution:
    """The decision for `entry` given every track its searches returned (any order)."""
    unique = _merge_by_id(tracks)
    if not unique:
        return _unmatched(UnmatchedReason.NO_RESULTS, "Spotify returned nothing for any query", ())
    ranked = _rank(entry, _score_all(entry, unique, weights, thresholds))
    top = tuple(ranked[:3])
    eligible = [c for c in ranked if not c.rejected_by_user]
    if not eligible:
        return _unmatched(UnmatchedReason.ALL_REJECTED, "every candidate is in `reject`", top)
    by_isrc = [c for c in eligible if entry.isrc and _same_isrc(entry.isrc, c.track.isrc)]
    if by_isrc and _value(by_isrc[0], "version") == 0:
        reason = f"matched by ISRC {entry.isrc}: {_describe(by_isrc[0])}"
        return Resolution(Status.MATCHED, uri=by_isrc[0].track.uri, reason=reason, candidates=top)
    by_artist = [c for c in eligible if _sim(c, "artist") >= thresholds.artist_plausible]
    if not by_artist:
        return _unmatched(
            UnmatchedReason.ARTIST_NOT_FOUND, f"best was {_describe(eligible[0])}", top
        )
    this_song = [c for c in by_artist if _sim(c, "title") >= thresholds.title_plausible]
    right_version = [c for c in this_song if _value(c, "version") == 0]
    # The same-song note the entry writes ("Song - Original Mix") names the release before
    # its credits do: a take carrying it by the artist is the song's, whoever else it credits.
    asked = [
        c for c in _as_asked(entry, right_version) if _sim(c, "artist") >= thresholds.artist_match
    ]
    right_version = asked if _asked_edits(entry) and asked else _as_credited(entry, right_version)
    plain = _as_asked(entry, [c for c in right_version if not _notes_apart(entry, c.track)])
    judged = _judge(entry, plain[0], eligible, top, thresholds) if plain else None
    if judged is not None and judged.status is Status.MATCHED:
        judged = _unless_recorded_without_guests(entry, plain[0], this_song, judged, thresholds)
    if judged is not None and judged.status is Status.MATCHED:
        return judged
    noted = _noted_review(entry, right_version, plain, top, thresholds)
    if noted is not None:
        return noted
    if judged is not None and judged.status is not Status.UNMATCHED:
        return judged
    near = _near_miss_review(entry, by_artist, top, thresholds)
    if near is not None:
        return near
    if judged is not None:
        return judged
    if not this_song:
        detail = f"no song with this title by the artist; best was {_describe(by_artist[0])}"
        return _unmatched(UnmatchedReason.BELOW_THRESHOLD, detail, top)
    detail = f"found only {_describe(this_song[0])}"
    return _unmatched(UnmatchedReason.ONLY_OTHER_VERSIONS, detail, top)


def mark_duplicates(resolutions: Sequence[Resolution]) -> list[Resolution]:
    """Entries (in list order) resolving to a URI an earlier entry already has: `duplicate`."""
    marker = DuplicateMarker()
    return [marker.mark(index, resolution) for index, resolution in enumerate(resolutions)]


class DuplicateMarker:
    """`mark_duplicates` one entry at a time, in list order: an entry's label depends only on
    the entries before it, so a prefix of the list is labelled as the whole list labels it."""

    def __init__(self) -> None:
        self._first_index: dict[str, int] = {}

    def mark(self, index: int, resolution: Resolution) -> Resolution:
        """Entry `index`'s resolution, `duplicate` when an earlier entry claimed its URI."""
        uri = resolution.uri
        if uri is None or resolution.status not in _CLAIMING:
            return resolution
        first = self._first_index.setdefault(uri, index)
        if first == index:
            return resolution
        reason = f"same track as entry {first}; added once"
        return replace(resolution, status=Status.DUPLICATE, reason=reason)


_CLAIMING = (Status.MATCHED, Status.PINNED, Status.REVIEW)


def _judge(
    entry: Entry,
    best: Candidate,
    eligible: list[Candidate],
    top: tuple[Candidate, ...],
    thresholds: Thresholds,
) -> Resolution:
    rivals = [
        c
        for c in eligible
        if not _same_song(best, c)
        and not _adds_to(entry, best.track, c.track)
        and not _spelt_otherwise(entry, best.track, c.track)
    ]
    runner_up = rivals[0].score if rivals else 0.0
    title_needed = (
        thresholds.title_full
        if names_only_part_of_a_credit(entry.artists, best.track.all_artists, thresholds)
        else thresholds.title_match
    )
    close_enough = (
        _sim(best, "title") >= title_needed
        and _sim(best, "artist") >= thresholds.artist_match
        and not _credits_instead(entry, best.track)
    )
    confident = (
        best.score >= thresholds.accept
        and close_enough
        and best.score - runner_up >= thresholds.gap
    )
    length = _length_doubt(entry, best.track, thresholds)
    if confident and length is None:
        reason = f"matched {_describe(best)}"
        return Resolution(Status.MATCHED, uri=best.track.uri, reason=reason, candidates=top)
    if confident:
        reason = f"{length}: {_describe(best)}"
        return Resolution(Status.REVIEW, uri=best.track.uri, reason=reason, candidates=top)
    if best.score >= thresholds.review:
        why = (
            "another song scores close"
            if best.score - runner_up < thresholds.gap
            else "not confident"
        )
        reason = f"{why}: {_describe(best)}"
        return Resolution(Status.REVIEW, uri=best.track.uri, reason=reason, candidates=top)
    return _unmatched(UnmatchedReason.BELOW_THRESHOLD, f"best was {_describe(best)}", top)


def _adds_to(entry: Entry, best: Track, other: Track) -> bool:
    """`other`'s title is the entry's as written with words added ("Song x Someone", "Song：
    Subtitle", "Bad Man Song") while `best`'s title is exactly the entry's: the entry names
    `best`, and `other` is no rival to it, however close it scores (a title with words the entry
    does not write is at most `review` on its own)."""
    mine = [_spaceless(t) for t in entry.titles]
    if not any(_spaceless(name) in mine for name in best.all_names):
        return False
    return any(
        _holds_title(normalize(name), normalize(t))
        for name in other.all_names
        for t in entry.titles
    )


def _spelt_otherwise(entry: Entry, best: Track, other: Track) -> bool:
    """`best`'s title is the entry's as written and `other`'s only reads like it in another
    Japanese spelling (the entry writes 楓; かえで also reads "kaede"): the entry names
    `best`, and `other` is no rival."""
    mine = {_spaceless(t) for t in entry.titles}
    if mine.isdisjoint(_spaceless(name) for name in best.all_names):
        return False
    return mine.isdisjoint(_spaceless(name) for name in other.all_names) and any(
        _written_apart(name, title) for name in other.all_names for title in entry.titles
    )


def _spaceless(text: str) -> str:
    return normalize(text).replace(" ", "")


def _holds_title(longer: str, title: str) -> bool:
    """`longer` (normalised) writes every word of `title` in order with more besides, set apart
    by a space or a mark ("桜 vs 北夏", "桜〜北夏〜"); not a Japanese word that merely begins the
    same (モンスタ is not held by モンスター, nor 桜 by 桜坂)."""
    if not title or len(longer.replace(" ", "")) <= len(title.replace(" ", "")):
        return False
    return f" {title} " in f" {longer} "


def _length_doubt(entry: Entry, track: Track, thresholds: Thresholds) -> str | None:
    """Why the track's length says it may be another recording than the list's `duration`
    (a live take, an edit), or None when the lengths agree or either is unknown."""
    wanted = entry.duration_ms
    if not wanted or track.duration_ms <= 0:
        return None
    if abs(track.duration_ms - wanted) / wanted <= thresholds.length_doubt:
        return None
    return f"the list says it lasts {_clock(wanted)}, this lasts {_clock(track.duration_ms)}"


def _clock(milliseconds: int) -> str:
    minutes, seconds = divmod(round(milliseconds / 1000), 60)
    return f"{minutes}:{seconds:02d}"


def _as_credited(entry: Entry, right_version: list[Candidate]) -> list[Candidate]:
    """A recording crediting artists the entry does not name (a re-recording with a guest) is
    not the song when one credited as the entry names it is among the answers; nor, when every
    take credits more than the entry names, when another take of the same title credits fewer
    of them (the song's own release, "A, B" against its re-recording "A, B, Guest")."""
    written = [c for c in right_version if not _notes_apart(entry, c.track)]
    plainly = [c for c in written if not credits_beyond_entry(entry, c.track)]
    if any(_sim(c, "title") >= _SAME_WORDS for c in plainly):
        return plainly
    fewer = [c for c in written if _sim(c, "title") >= _SAME_WORDS]
    return [
        c
        for c in right_version
        if not any(
            _credits(other.track) < _credits(c.track) and _same_name(other.track, c.track)
            for other in fewer
        )
    ]


def _credits(track: Track) -> frozenset[str]:
    return frozenset(name_key(a) for a in track.artists)


def _same_name(a: Track, b: Track) -> bool:
    return title_similarity(a.name, b.name) >= _SAME_WORDS


def _unless_recorded_without_guests(
    entry: Entry,
    best: Candidate,
    this_song: list[Candidate],
    judged: Resolution,
    thresholds: Thresholds,
) -> Resolution:
    """A match crediting artists the entry does not name (a re-recording with a guest, or a
    collaboration the list names by its main artist) is the song only when its artists never
    recorded it without some of them: any take of it crediting fewer of them (live,
    remastered, labelled: whatever the version) shows that the guest's is another recording,
    and the song's own release may be one not shown. Then `review`, the guest's offered first."""
    if not credits_beyond_entry(entry, best.track):
        return judged
    credited = {name_key(a) for a in best.track.artists}
    alone = [
        c
        for c in this_song
        if _credited_with_title(c.track, credited) < credited
        and _sim(c, "title") >= thresholds.title_match
        and _sim(c, "artist") >= thresholds.artist_match
    ]
    if not alone:
        return judged
    reason = (
        f"credits artists the list does not name, and {_describe(alone[0])} shows the song"
        f" recorded without them: another recording? {_describe(best)}"
    )
    return replace(judged, status=Status.REVIEW, reason=reason)


def _credited_with_title(track: Track, names: set[str]) -> set[str]:
    """The track's credited artists, and those of `names` its title credits ("Song (feat.
    Sara)" credits Sara although only the lead is in its artist field)."""
    in_title = f" {name_key(track.name)} " if has_feat_credit(track.name) else ""
    return {name_key(a) for a in track.artists} | {n for n in names if n and f" {n} " in in_title}


def _noted_review(
    entry: Entry,
    right_version: list[Candidate],
    plain: list[Candidate],
    top: tuple[Candidate, ...],
    thresholds: Thresholds,
) -> Resolution | None:
    """`review` with the best candidate whose title carries words the entry does not write
    offered first, when it outranks every plain one: it may be the song under a subtitle the
    list left out, or another recording under a label no rule knows; a person decides."""
    noted = [c for c in right_version if _notes_apart(entry, c.track)]
    if not noted or (plain and plain[0].score >= noted[0].score):
        return None
    # Of those about as close, the one adding fewest notes: "Song (Subtitle)" before its
    # "Song (Subtitle) - 2007 Version".
    close = [c for c in noted if noted[0].score - c.score < thresholds.gap]
    best = min(close, key=lambda c: len(_notes_apart(entry, c.track)))
    if best.score < thresholds.review:
        return None
    words = "; ".join(f"'{note}'" for note in _notes_apart(entry, best.track))
    reason = (
        f"its title and the list's differ by words ({words}) that the other does not write:"
        f" a subtitle left out, or another recording: {_describe(best)}"
    )
    others = tuple(c for c in top if c.track.id != best.track.id)
    return Resolution(
        Status.REVIEW, uri=best.track.uri, reason=reason, candidates=(best, *others)[:3]
    )


def _notes_apart(entry: Entry, track: Track) -> tuple[str, ...]:
    """Notes one side writes and the other does not: the track's (`unwritten_notes`), and the
    entry title's own ("Song (Tokyo Version)") that no name of the track carries."""
    carried = " ".join(normalize(n) for n in (*track.all_names, *track.all_album_names))
    wanted = [note for note in unknown_notes(entry.title) if not _written(note, carried)]
    return (*unwritten_notes(entry, track), *wanted)


def _written(note: str, text: str) -> bool:
    """Every word of the note is a word of `text`, or a Japanese note is in it (Japanese has
    no spaces between words; a Latin letter inside a word is no word of it: "My Dearest：D")."""
    if set(note.split()) <= set(text.split()):
        return True
    return has_japanese(note) and note.replace(" ", "") in text.replace(" ", "")


def unwritten_notes(entry: Entry, track: Track) -> tuple[str, ...]:
    """The notes of the track's titles (or of an album named after the song) that the entry
    does not write and that are not a same-song note."""
    return _unwritten_notes(entry.titles, entry.album, track.all_names, track.album)


@lru_cache(maxsize=65536)
def _unwritten_notes(
    titles: tuple[str, ...], album: str | None, names: tuple[str, ...], track_album: str
) -> tuple[str, ...]:
    written = " ".join(normalize(t) for t in (*titles, album or ""))
    notes: list[str] = []
    for name in names:
        beyond = _beyond_the_core(written, name)
        found = (*unknown_notes(name), *_words_around(titles, name))
        notes.extend(note for note in found if not _written(note, beyond))
    if _named_after(track_album, names):
        notes.extend(
            note for note in unknown_album_notes(track_album) if not _written(note, written)
        )
    return tuple(dict.fromkeys(notes))


def _words_around(titles: tuple[str, ...], name: str) -> tuple[str, ...]:
    """What a track's title writes around the whole of an entry's title, in no shape a note is
    known by ("Song / Kyoto", "Song ~ Kyoto", "Song vs Someone", "Kyoto - Song", "Song:
    Kyoto"), less its known same-song notes and credits: words the entry does not write. None
    when the title does not hold the entry's, or adds only what people leave out anyway (a
    leading article, "and")."""
    full = normalize(name)
    found: list[str] = []
    for title in titles:
        found.extend(_credit_added(title, name))
        mine = normalize(title)
        if not _holds_title(full, mine):
            continue
        # "Edge of Glory" for "The Edge of Glory", "Across the Violet" for "Across the Violet
        # Sky": as people write it, unless what the track adds is set apart by a mark.
        as_people_write_it = _people_drop(full.split(), mine.split()) or _last_word_left_off(
            _title_words(mine), _title_words(full)
        )
        if as_people_write_it and not _set_apart(name, title):
            continue
        rest = (
            f" {full} ".replace(f" {mine} ", " ", 1)
            if mine.isascii()
            else full.replace(mine, " ", 1)
        )
        for note in known_notes(name):
            rest = f" {rest} ".replace(f" {note} ", " ", 1)
        if rest.split():
            found.append(" ".join(rest.split()))
    return tuple(found)


def _people_drop(full: list[str], mine: list[str]) -> bool:
    """`mine` is `full` without a leading article ("Edge of Glory") or an "and"/"n" between two
    of its words ("Rock Roll"): what people leave out, not words added to a title."""
    if full[:1] and full[0] in _ARTICLES and full[1:] == mine:
        return True
    inner = [
        w for i, w in enumerate(full) if not (0 < i < len(full) - 1 and w in _TITLE_CONNECTORS)
    ]
    return inner == mine and len(inner) < len(full)


_CREDIT_TAIL = re.compile(r"(?:^|[\s(\[-])(?:feat\.?|ft\.|featuring)\s(.*)$")


def _credit_added(title: str, name: str) -> tuple[str, ...]:
    """When the entry writes a featured credit itself ("Song ft. X"), what the track's credit
    writes besides ("Song ft. X / '01", "Song ft. X & Y"): another recording's credit."""
    mine, theirs = _CREDIT_TAIL.search(fold_text(title)), _CREDIT_TAIL.search(fold_text(name))
    if mine is None or theirs is None:
        return ()
    written = set(normalize(title.replace(":", " ")).split()) | set(name_key(title).split())
    added = [w for w in _squash_words(theirs.group(1)) if w not in written]
    return (" ".join(added),) if added else ()


def _squash_words(text: str) -> list[str]:
    return re.sub(r"[^\w]+", " ", text).replace("_", " ").split()


def _set_apart(name: str, title: str) -> bool:
    """`name` writes a mark the entry's `title` does not (a slash, a tilde, a colon, a dash, a
    bracket, "&"): what it adds is set apart from the title, not the title's own last word."""
    marks = {c for c in fold_text(name) if not (c.isalnum() or c.isspace() or c in "'’")}
    return bool(marks - set(fold_text(title)))


def _beyond_the_core(written: str, name: str) -> str:
    """What the entry writes besides the track's own title: a note the track adds is written by
    the entry only there ("Live Some Life - Live" adds "live", which "Live Some Life" does not
    write as a note)."""
    core = _core(name)
    return _blank_out(core, written) if core else written


def _blank_out(core: str, text: str, *, count: int = 0) -> str:
    """`text` (normalised) with the title core `core` replaced by a space, as a whole word in
    Latin script and anywhere in Japanese (no spaces between words): every time, or the first
    `count` times."""
    if core.isascii():
        return replace_whole_word(text, core, " ", count=count)
    return text.replace(core, " ", count or -1)


def _named_after(album: str, names: tuple[str, ...]) -> bool:
    """An album named after the song (a single), in the song's script or another ("Boku no
    Sensou (Acústico)" for 僕の戦争): its notes label this recording."""
    core = title_forms(album)[:1]
    if not core or not unknown_notes(album):
        return False
    cores = [title_forms(name)[0] for name in names if title_forms(name)]
    return core[0] in cores or any(
        has_japanese(c) != has_japanese(core[0]) and _read_alike(core[0], c) for c in cores
    )


def _read_alike(a: str, b: str) -> bool:
    """`_form_similarity(a, b) >= _SAME_READING`, known to be False without reading the two
    when their numbers differ (which caps the similarity below it): the loanword model takes
    ms a word, and an album's words are often read nowhere else."""
    if _OTHER_NUMBER_SIMILARITY < _SAME_READING and _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    return _form_similarity(a, b) >= _SAME_READING


def credits_beyond_entry(entry: Entry, track: Track) -> bool:
    """Whether the track credits more artists than the entry names: in the best of its artist
    fields (each a spelling of the same artists; localised names count as the same artist), or
    as a credit its title writes beside the song's name ("Tears (feat. hide)"). An artist named
    in both counts once, and a name that is part of the song's own name ("Intence vs Tashawn")
    credits no one."""
    if len(track.artists) <= 1:
        return False  # whatever the entry names (at least one artist counts)
    credited = [name_key(a) for a in track.artists]
    theirs = [key for key in map(name_key, track.all_artists) if key]
    named = max(
        (
            [credit for credit in artist_credits(field) if _credited(credit, theirs)]
            for field in entry.artists
        ),
        key=len,
        default=[],
    )
    beside = " ".join(f" {_beside_the_name(t, track)} " for t in entry.titles)
    in_titles = [
        key
        for key in credited
        if key
        and f" {key} " in beside
        and not any(_short_form_similarity(n, key, True) >= _CREDIT_PRESENT for n in named)
    ]
    return len(track.artists) > max(len(named), 1) + len(in_titles)


def _beside_the_name(title: str, track: Track) -> str:
    """The entry's title (as a name key) without the track's own name: what it writes beside
    the song's name, such as a credit."""
    written = name_key(title)
    for name in track.all_names:
        core = name_key(_core(name))
        if core and core in written:
            return written.replace(core, " ", 1)
    return written


def _credits_instead(entry: Entry, track: Track) -> bool:
    """The entry names several artists and the track, crediting its main one, credits others
    in place of the rest: another performance of the piece (a classical work under other
    performers), not the one the entry names."""
    theirs = [key for key in map(name_key, track.all_artists) if key]
    missing = all(
        any(not _credited(credit, theirs) for credit in artist_credits(field))
        for field in entry.artists
    )
    return missing and credits_beyond_entry(entry, track)


def _credited(name: str, credited: list[str]) -> bool:
    return name in credited or any(
        _short_form_similarity(name, key, True) >= _CREDIT_PRESENT for key in credited
    )


def _near_miss_review(
    entry: Entry, by_artist: list[Candidate], top: tuple[Candidate, ...], thresholds: Thresholds
) -> Resolution | None:
    """`review` with the best near miss on top: right version, every artist credited, a title
    a typo away or read alike. Never `matched`: a typo can also be another song."""
    for candidate in by_artist:
        if _value(candidate, "version") or _sim(candidate, "artist") < thresholds.artist_full:
            continue
        why = near_miss(entry.titles, candidate.track.all_names)
        if why is not None:
            others = tuple(c for c in top if c.track.id != candidate.track.id)
            reason = f"near miss ({why}): {_describe(candidate)}"
            return Resolution(
                Status.REVIEW,
                uri=candidate.track.uri,
                reason=reason,
                candidates=(candidate, *others)[:3],
            )
    return None


def _unmatched(why: UnmatchedReason, detail: str, top: tuple[Candidate, ...]) -> Resolution:
    return Resolution(Status.UNMATCHED, reason=f"{why.value}: {detail}", candidates=top)


def _describe(candidate: Candidate) -> str:
    track = candidate.track
    worst = ", ".join(p.name for p in candidate.worst_penalties()[:2])
    off = f"; off on {worst}" if worst and candidate.score < 1 else ""
    return f"{track.name} by {', '.join(track.artists)} (score {candidate.score:.2f}{off})"


def _score_all(
    entry: Entry, tracks: list[Track], weights: Weights, thresholds: Thresholds
) -> list[Candidate]:
    """Score, then score the length again knowing the usual length of this song among the
    candidates (the other penalties do not depend on it)."""
    rejected = rejected_ids(entry)
    first = [score(entry, t, weights) for t in tracks]
    # The list's own `duration` says which length is this song; else the candidates' usual one.
    reference = entry.duration_ms or _usual_duration(_as_asked(entry, first), thresholds)
    return [_with_length(c, reference, thresholds, c.track.id in rejected) for c in first]


def _with_length(
    candidate: Candidate, reference_ms: int | None, thresholds: Thresholds, rejected: bool
) -> Candidate:
    """The candidate with its duration penalty measured against `reference_ms`, rescaled by
    the tolerance and scale of the thresholds, and the user's rejection noted."""
    duration = _rescaled(_duration_penalty(candidate.track, reference_ms), thresholds)
    if duration == _value(candidate, "duration") and rejected == candidate.rejected_by_user:
        return candidate  # most lengths: within the tolerance, or unknown
    penalties = [
        Penalty(p.name, duration, p.weight) if p.name == "duration" else p
        for p in candidate.penalties
    ]
    return Candidate(candidate.track, _combine(penalties), tuple(penalties), rejected)


def _as_asked(entry: Entry, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates whose title carries exactly the same-song note the entry writes ("Re:Re:
    (Single ver.)") and every other note it writes ("Konoha Peace (Naruto)", not the plain
    title on a "Naruto" album; "ON MY BEAT - FROM "GIGS" CASE OF BOØWY", not the plain title),
    when it writes one and some do; else all: a release asked for is that recording, and its
    length the one measured from."""
    asked = _asked_edits(entry)
    notes = (*unknown_notes(entry.title), *known_notes(entry.title))
    if not asked and not notes:
        return candidates
    exact = [
        c
        for c in candidates
        if same_song_edits(c.track.name) == asked
        and all(_written(note, normalize(c.track.name)) for note in notes)
    ]
    return exact or candidates


def _asked_edits(entry: Entry) -> frozenset[str]:
    return _edits_of(entry.titles)


@lru_cache(maxsize=4096)
def _edits_of(titles: tuple[str, ...]) -> frozenset[str]:
    """The same-song edits the titles ask for (asked for every candidate of every decision)."""
    return frozenset().union(*(same_song_edits(t) for t in titles))


def _usual_duration(candidates: list[Candidate], thresholds: Thresholds) -> int | None:
    """Median length of the candidates that look like this song in the right version."""
    lengths = [
        c.track.duration_ms
        for c in candidates
        if c.track.duration_ms > 0
        and _value(c, "version") == 0
        and _sim(c, "title") >= thresholds.title_plausible
        and _sim(c, "artist") >= thresholds.artist_plausible
    ]
    return int(statistics.median(lengths)) if lengths else None


def _duration_penalty(track: Track, reference_ms: int | None) -> float:
    """Relative distance from the usual length (rescaled by `_rescale_duration`)."""
    if not reference_ms or track.duration_ms <= 0:
        return 0.0
    return min(1.0, abs(track.duration_ms - reference_ms) / reference_ms)


def _rescaled(distance: float, thresholds: Thresholds) -> float:
    """A raw relative length distance through the tolerance and scale of the thresholds."""
    excess = max(0.0, distance - thresholds.duration_tolerance)
    return min(1.0, excess / thresholds.duration_scale)


def _rank(entry: Entry, candidates: list[Candidate]) -> list[Candidate]:
    """Best first; ties go to the song's plain release, then to a title written as the entry
    writes it (楓 for 楓, not かえで, which reads alike), then the earliest date, then the id."""
    mine = {_spaceless(t) for t in entry.titles}
    return sorted(
        candidates,
        key=lambda c: (
            -c.score,
            _value(c, "version"),
            not is_plain_release(entry, c.track),
            mine.isdisjoint(_spaceless(name) for name in c.track.all_names),
            c.track.release_date or "9999",
            c.track.id,
        ),
    )


def _same_song(a: Candidate, b: Candidate) -> bool:
    """Two releases of one recording (single and album) are not a rival to each other."""
    if a.track.id == b.track.id:
        return True
    same_title = title_similarity(a.track.name, b.track.name) >= 0.95
    same_artist = _credits_overlap(a.track.all_artists, b.track.all_artists) >= 0.95
    same_version = version_tags(a.track.name) == version_tags(b.track.name)
    return (
        same_title and same_artist and same_version and not _japanese_names_apart(a.track, b.track)
    )


def _japanese_names_apart(a: Track, b: Track) -> bool:
    """Both tracks show Japanese names (in any language they were seen in) and no two of them
    are written alike: two songs, though both may show one romanised name ("Kaede" under
    English for 楓 and for かえで)."""
    mine = [name for name in a.all_names if has_japanese(name)]
    theirs = [name for name in b.all_names if has_japanese(name)]
    return bool(mine and theirs) and all(_written_apart(x, y) for x in mine for y in theirs)


def _written_apart(a: str, b: str) -> bool:
    """Two Japanese titles that read alike but are written apart (楓 and かえで, both "kaede"):
    as far as their names tell, two songs, not two releases of one; an entry written in
    neither script ("Kaede") cannot choose between them. A space or a mark between words is
    no spelling (ラブ・ストーリー and ラブストーリー, 愛の　うた and 愛のうた are written alike)."""
    return (
        has_japanese(a)
        and has_japanese(b)
        and not {f.replace(" ", "") for f in title_forms(a)}
        & {f.replace(" ", "") for f in title_forms(b)}
    )


def _same_isrc(wanted: str, offered: str | None) -> bool:
    return (
        offered is not None and wanted.replace("-", "").upper() == offered.replace("-", "").upper()
    )


def only_its_album_says_version(entry: Entry, track: Track) -> bool:
    """The track's title is plain but its album marks it (a live album, a karaoke album): the
    one sign that can be wrong, so a re-release must not be preferred to it unasked."""
    wanted = frozenset().union(*(version_tags(t) for t in entry.titles))
    return not version_tags(track.name) and bool(_album_version_tags(track) - wanted)


def is_plain_release(entry: Entry, track: Track) -> bool:
    """Not a compilation, and no edit, remaster or featured credit the entry did not ask for."""
    return _plain_release(entry.titles, track.name, track.album_type, track.album)


# Asked of each candidate by every decision of the entry's cascade (its ranking among them).
@lru_cache(maxsize=65536)
def _plain_release(titles: tuple[str, ...], name: str, album_type: str, album: str) -> bool:
    """`is_plain_release` of the entry's titles and the track's name, album type and album."""
    asked_feat = any(has_feat_credit(t) for t in titles)
    return (
        not _is_compilation(album_type, album)
        and same_song_edits(name) <= _edits_of(titles)
        and (asked_feat or not has_feat_credit(name))
    )


def _is_compilation(album_type: str, album: str) -> bool:
    """Spotify's album type when known ("… (Complete Edition)" can be the original album),
    else the album's name."""
    if album_type:
        return album_type == "compilation"
    return _COMPILATION.search(normalize(album)) is not None


def _combine(penalties: Sequence[Penalty]) -> float:
    # Lists rather than generators, and `weighted` spelt out: asked for every candidate of
    # every decision (the same sums, in the same order).
    total_weight = sum([p.weight for p in penalties])
    if total_weight <= 0:
        return 1.0
    return round(1 - sum([p.value * p.weight for p in penalties]) / total_weight, 4)


def _value(candidate: Candidate, name: str) -> float:
    for penalty in candidate.penalties:  # a loop: asked 10 times a candidate per decision
        if penalty.name == name:
            return penalty.value
    return 0.0


def _sim(candidate: Candidate, name: str) -> float:
    return 1 - _value(candidate, name)


def _best_title_similarity(entry: Entry, track: Track) -> float:
    return _max_until_one(
        _written_or_as_people_write_it(mine, theirs)
        for mine in entry.titles
        for theirs in track.all_names
    )


def _written_or_as_people_write_it(mine: str, theirs: str) -> float:
    similarity = title_similarity(mine, theirs)
    if similarity >= 1.0:
        return similarity  # `_as_people_write_it` gives at most 0.97
    return max(similarity, _as_people_write_it(mine, theirs))


def _max_until_one(values: Iterable[float], *, default: float | None = None) -> float:
    """`max(values)` of similarities, which are at most 1: the values after a 1 are not
    computed (they cannot beat it)."""
    best: float | None = None
    for value in values:
        if best is None or value > best:
            best = value
            if best >= 1.0:
                break
    if best is None:
        if default is None:
            raise ValueError("no values")
        return default
    return best


@lru_cache(maxsize=65536)
def _as_people_write_it(mine: str, theirs: str) -> float:
    """An entry's title against a catalog title, allowing what people do when writing a list:
    "&" for "and" and a leading article dropped ("Edge of Glory") count as the same words; the
    last word of a title of four or more words left off ("Across the Violet" for "Across the
    Violet Sky") and one typo in a Latin title of 8 or more letters ("OVERTIRE") count as
    agreement, just enough to match when nothing else comes close."""
    best = 0.0
    for a in title_forms(mine):
        for b in title_forms(theirs):
            if _NUMBER.findall(a) != _NUMBER.findall(b):
                continue
            words_a, words_b = _title_words(a), _title_words(b)
            if words_a and words_a == words_b:
                best = max(best, _SAME_WORDS)
            elif _one_typo(a, b):
                best = max(best, _WRITTEN_ALIKE)
            elif _last_word_left_off(words_a, words_b):
                best = max(best, _LAST_WORD_LEFT_OFF)
    return best


def _title_words(form: str) -> list[str]:
    words = [w for w in form.split() if w not in _TITLE_CONNECTORS]
    return words[1:] if len(words) > 1 and words[0] in _ARTICLES else words


def _last_word_left_off(mine: list[str], theirs: list[str]) -> bool:
    return len(mine) >= _TRUNCATED_MIN_WORDS and theirs[:-1] == mine


def _one_typo(a: str, b: str) -> bool:
    if has_japanese(a) or has_japanese(b) or min(len(a), len(b)) < _TYPO_MIN_LENGTH:
        return False
    return OSA.distance(a, b) == 1 and not _another_word(a, b) and not _another_word_form(a, b)


def _version_penalty(entry: Entry, track: Track) -> float:
    """1 when a version marker (live, karaoke, ...) is on one side only. A marker word that is
    part of the song's own name (ライブハウスで会おうぜ, "Live Some Life") marks no version on
    either side: it neither asks for a live take nor makes the studio one a match for a live
    album's."""
    wanted = frozenset().union(*(_tags_beside_the_name(t, track.name) for t in entry.titles))
    offered = _tags_beside_the_name(track.name, track.name)
    if not _names_the_release(entry, track):
        offered |= _album_version_tags(track)
    return 1.0 if wanted != offered else 0.0


def _names_the_release(entry: Entry, track: Track) -> bool:
    """The entry writes the track's whole title, a note beside the song's name included
    ('ON MY BEAT - FROM "GIGS" CASE OF BOOWY'): it names that release, so its album's marks
    (a live album) were asked for with it. A plain title names no release."""
    name = normalize(track.name)
    return any(
        normalize(title) == name and bool(unknown_notes(title) or known_notes(title))
        for title in entry.titles
    )


@lru_cache(maxsize=65536)
def _tags_beside_the_name(text: str, name: str) -> frozenset[str]:
    """The version markers of `text` outside the core of the track title `name`, when `text`
    writes that core (else all of them)."""
    core = _core(name)
    written = normalize(text)
    if not core or not version_tags(core):
        return version_tags(text)
    beside = _blank_out(core, written, count=1)
    return version_tags(beside) if beside != written else version_tags(text)


def _album_version_tags(track: Track) -> frozenset[str]:
    """Live, karaoke and re-recorded albums mark their tracks even when the title does not; an
    album is live when it says so ("Live at Budokan", "(Live)", ライブ, "(Ao Vivo)"), names the
    occasion (a tour, a session, a concert, unplugged), the day it was recorded, or the artist
    at a place ("Cheap Trick at Budokan"); not when "Live" is a word of its name ("Up & Live
    Riddim")."""
    return _album_tags(track.album, track.all_artists)


@lru_cache(maxsize=65536)
def _album_tags(album: str, artists: tuple[str, ...]) -> frozenset[str]:
    tags = version_tags(album) & {"karaoke", "off vocal", "instrumental", "re-recording"}
    return tags | ({"live"} if _is_performance_album(album, artists) else set())


def _is_performance_album(album: str, artists: tuple[str, ...]) -> bool:
    normalized = normalize(album)
    if _LIVE_ALBUM.search(normalized) or _RECORDING_DAY.search(album):
        return True
    return any(normalized.startswith(f"{normalize(name)} at ") for name in artists)


def _edit_penalty(entry: Entry, track: Track) -> float:
    """A remaster or edit of the same song: 1 when the track is one the entry did not ask for,
    0.5 when the entry asked for one the track is not; small weight, so it decides only between
    releases of the same song."""
    wanted = _edits_of(entry.titles)
    offered = same_song_edits(track.name)
    if offered - wanted:
        return 1.0
    return 0.5 if wanted - offered else 0.0


def rejected_ids(entry: Entry) -> frozenset[str]:
    """The track ids an entry's `reject` names (a value that is no track URI kept as given)."""
    ids = set()
    for uri in entry.reject:
        try:
            ids.add(track_id_of(uri))
        except ValueError:
            ids.add(uri)
    return frozenset(ids)


def _merge_by_id(tracks: Sequence[Track]) -> list[Track]:
    merged: dict[str, Track] = {}
    for track in tracks:
        merged[track.id] = merged[track.id].merged(track) if track.id in merged else track
    return list(merged.values())


@lru_cache(maxsize=65536)
def _form_similarity(a: str, b: str) -> float:
    written = fuzz.ratio(a, b) / 100
    if written == 1.0:
        return 1.0
    romaji = max(fuzz.ratio(ra, rb) / 100 for ra in romaji_readings(a) for rb in romaji_readings(b))
    other_number = _NUMBER.findall(a) != _NUMBER.findall(b)
    if not (has_japanese(a) or has_japanese(b)):
        romaji *= _LATIN_ROMAJI_DISCOUNT
    elif not (has_japanese(a) and has_japanese(b)):
        # Other readings only while they can still raise it: the loanword model takes ms a word.
        ceiling = _OTHER_NUMBER_SIMILARITY if other_number else 1.0
        for reading in (_without_l, _as_loanwords):
            if romaji < ceiling:
                romaji = max(romaji, reading(a, b))
    similarity = max(written, romaji)
    if other_number:
        similarity = min(similarity, _OTHER_NUMBER_SIMILARITY)
    if _another_word(a, b) or _another_word_form(a, b):
        similarity = min(similarity, _OTHER_WORD_SIMILARITY)
    return similarity


def _another_word(a: str, b: str) -> bool:
    """One word of two Latin texts differs from its first letter on: another word, not a typo
    ("Light Song" / "Right Song")."""
    words_a, words_b = a.split(), b.split()
    if has_japanese(a) or has_japanese(b) or len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return len(differing) == 1 and differing[0][0][:1] != differing[0][1][:1]


def _another_word_form(a: str, b: str) -> bool:
    """Two Latin texts alike but for a letter at the end of one word: a plural, a possessive
    or another form of the word ("Yesterday" / "Yesterdays" / "Yesterday's", "Angel" /
    "Angels", "Love" / "Lover"), another song as often as not."""
    if has_japanese(a) or has_japanese(b):
        return False
    short, long = sorted((_POSSESSIVE.sub("s", a), _POSSESSIVE.sub("s", b)), key=len)
    if len(long) != len(short) + 1:
        return False
    return any(
        (i + 1 == len(long) or long[i + 1] == " ")  # the letter ends a word
        and long[i].isalpha()
        and long[i - 1].isalpha()
        and long[:i] + long[i + 1 :] == short
        for i in range(1, len(long))
    )


def _without_l(a: str, b: str) -> float:
    """Japanese has no "l": a Latin spelling against a Japanese reading is also compared with
    "l" read as "r" ("Polaris" / ポラリス)."""
    latin, japanese = (a, b) if has_japanese(b) else (b, a)
    if "l" not in latin:
        return 0.0
    mine = fold_romaji(latin.replace("l", "r"))
    return max(fuzz.ratio(mine, reading) / 100 for reading in romaji_readings(japanese))


def _as_loanwords(a: str, b: str) -> float:
    """A Latin text against a Japanese one, its English words read as the katakana loanwords
    Japanese writes for them: fans romanise 大人サバイバー "Otona survivor", サザンオールスターズ
    "Southern All Stars". Only against Japanese that writes katakana: a loanword's reading
    found in kanji or kana alone would be a coincidence (and reading a word costs ms)."""
    latin, japanese = (a, b) if has_japanese(b) else (b, a)
    if not has_katakana(japanese):
        return 0.0
    mine = loanword_readings(latin)
    if not mine:
        return 0.0
    return max(fuzz.ratio(m, reading) / 100 for m in mine for reading in romaji_readings(japanese))


def _field_similarity(field: str, theirs: list[str], short_forms: bool) -> float:
    """One artist field (maybe naming several artists) against the credited names' keys."""
    whole_key = name_key(field)
    credits = artist_credits(field)
    if len(credits) < 2:
        return _max_until_one(
            _short_form_similarity(whole_key, name, short_forms) for name in theirs
        )
    whole = _max_until_one(_spelling_similarity(whole_key, name) for name in theirs)
    present = [_max_until_one(_spelling_similarity(c, name) for name in theirs) for c in credits]
    if min(present) >= _CREDIT_PRESENT:
        return max(whole, min(present))
    if present[0] >= _CREDIT_PRESENT:
        return max(whole, min(present[0], _MAIN_ARTIST_ONLY))
    return whole


def _short_form_similarity(mine: str, theirs: str, short_forms: bool) -> float:
    """An entry's name against a credited one. The entry may drop or add a leading "the", or
    give the name by its leading word(s) ("Miliyah" for Miliyah Kato, "King" for King Gnu;
    only with `short_forms`); a surname or another inner word is not the artist ("Jackson" is
    not Michael Jackson: Janet and Alan are Jacksons too), nor is a longer name that merely
    contains the credited one ("Bump of Chicken" is not "Chicken")."""
    similarity = _spelling_similarity(mine, theirs)
    words_mine, words_theirs = _without_article(mine.split()), _without_article(theirs.split())
    if words_mine == words_theirs and words_mine:
        return max(similarity, _SUBSET_SIMILARITY)  # "Beatles" / "The Beatles"
    if set(words_mine) < set(words_theirs):
        if short_forms and words_theirs[: len(words_mine)] == words_mine:
            return max(similarity, _SUBSET_SIMILARITY)
        return _PART_OF_A_NAME
    if words_theirs and set(words_theirs) < set(words_mine):
        return min(similarity, _NAME_MISSING_A_WORD)  # "X JAPAN" is not Japan
    return similarity


def _without_article(words: list[str]) -> list[str]:
    return words[1:] if len(words) > 1 and words[0] in _ARTICLES else words


def _credits_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Two tracks' credits: the closest pair of names."""
    keys_b = [name_key(n) for n in b]
    return max((_name_similarity(name_key(x), y) for x in a for y in keys_b), default=0.0)


def _name_similarity(a: str, b: str) -> float:
    similarity = _spelling_similarity(a, b)
    words_a, words_b = set(a.split()), set(b.split())
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        similarity = max(similarity, _SUBSET_SIMILARITY)
    return similarity


@lru_cache(maxsize=65536)
def _spelling_similarity(a: str, b: str) -> float:
    """Two name keys: as written and as romaji; run together (AC/DC, ACDC) counts as equal."""
    if a.replace(" ", "") == b.replace(" ", "") or sorted(a.split()) == sorted(b.split()):
        return 1.0  # run together (AC/DC, ACDC) or in another order (Utada Hikaru)
    similarity = _form_similarity(a, b)
    if has_japanese(a) != has_japanese(b):
        latin, japanese = (b, a) if has_japanese(a) else (a, b)
        words = latin.split()
        if len(words) == 2:  # a Japanese name in Western order: "Seiko Matsuda" is 松田聖子
            similarity = max(similarity, _form_similarity(f"{words[1]} {words[0]}", japanese))
    return similarity


def _core(title: str) -> str:
    forms = title_forms(title)
    return forms[0] if forms else ""


def _within_typos(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    if shorter < _NEAR_MISS_MIN_LENGTH:
        return False
    allowed = 2 if shorter >= _NEAR_MISS_TWO_EDITS_FROM else 1
    return 0 < OSA.distance(a, b) <= allowed


def _reads_alike(latin: str, japanese: str) -> bool:
    loanwords = loanword_readings(latin) if has_katakana(japanese) else frozenset()
    mine = {fold_romaji(latin), *loanwords}
    return any(
        fuzz.ratio(m, reading) / 100 >= _SAME_READING or _within_typos(m, reading)
        for m in mine
        for reading in romaji_readings(japanese)
    )
