"""The artist's songs that could be the one an entry means, when search found the artist but
not the title: candidates for a person to review, never a match.

Pure: no I/O. Public API: `songs_that_could_be_it(entry, seen, weights, thresholds, *, limit)`,
`MAX_SUGGESTIONS`.

Ranked by the evidence there is, strongest first:
1. the title reads like one of the entry's (as written, as romaji, as the katakana loanwords
   of its English words: `match.title_similarity`, or a near miss);
2. a word of the entry's title is in the song's name, as written, as romaji or as a loanword
   ("Blue Bench" and 青いベンチ share ベンチ, "Sorrow Rides the Bus" and 悲しみはバスに乗って
   share バス);
3. otherwise popularity as the answers show it, a song whose names are all in the entry's
   script last (the entry would have written that title as it is) (the API no longer serves `popularity`): the
   songs seen in more releases first (live takes, remasters, re-releases: a well-known song
   has many), then Spotify's own order, which ranks an artist's popular songs first.
A translation would come before popularity if a maintained bilingual dictionary shipped its
data offline; none does (jmdictpy downloads JMdict at run time, jamdict-data is a 2021
snapshot no longer maintained), so a translated title is left to the artist's order.

Only the artist's own songs (the artist agreeing as a match needs), in the version the entry
asks for, one release per song (its plain release when seen), rejected tracks left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from syncer.match import (
    Thresholds,
    Weights,
    artist_similarity,
    is_plain_release,
    near_miss,
    rejected_ids,
    title_similarity,
)
from syncer.match import score as score_track
from syncer.model import Candidate, Entry, Track
from syncer.normalize import (
    fold_romaji,
    has_japanese,
    has_katakana,
    loanword_readings,
    normalize,
    romaji_readings,
    title_forms,
)

#: A handful: enough to hold the song when it is there, few enough to read.
MAX_SUGGESTIONS = 5

# A shared word counts from this many letters of its romaji reading ("no", "ni", "the" do not).
_MIN_SHARED_READING = 4


def songs_that_could_be_it(
    entry: Entry,
    seen: Sequence[Track],
    weights: Weights,
    thresholds: Thresholds,
    *,
    limit: int = MAX_SUGGESTIONS,
) -> list[Candidate]:
    """Up to `limit` of the artist's songs among `seen` (in the order search returned them),
    most likely first, each scored against the entry so its penalties can be shown."""
    songs = _the_artists_songs(entry, seen, weights, thresholds)
    releases = _releases_seen(entry, seen, thresholds)
    ranked = sorted(
        enumerate(songs),
        key=lambda item: (
            *_evidence(entry, item[1].track, thresholds),
            -releases[_song_key(item[1].track)],
            item[0],
        ),
    )
    return [candidate for _, candidate in ranked[:limit]]


def _the_artists_songs(
    entry: Entry, seen: Sequence[Track], weights: Weights, thresholds: Thresholds
) -> list[Candidate]:
    """One candidate per song by the entry's artist in the version it asks for, first seen
    first; a song's plain release stands for it when one was seen."""
    rejected = rejected_ids(entry)
    by_song: dict[str, Candidate] = {}
    for track in seen:
        if track.id in rejected or not _by_the_artist(entry, track, thresholds):
            continue
        candidate = score_track(entry, track, weights)
        if any(p.name == "version" and p.value > 0 for p in candidate.penalties):
            continue
        song = _song_key(track)
        kept = by_song.get(song)
        if kept is None or (
            not is_plain_release(entry, kept.track) and is_plain_release(entry, track)
        ):
            by_song[song] = candidate
    return list(by_song.values())


def _releases_seen(entry: Entry, seen: Sequence[Track], thresholds: Thresholds) -> Counter[str]:
    """How many distinct tracks of each of the artist's songs the answers held, in any version
    (live takes, re-releases, compilations): a well-known song has many."""
    ids_by_song: dict[str, set[str]] = {}
    for track in seen:
        if _by_the_artist(entry, track, thresholds):
            ids_by_song.setdefault(_song_key(track), set()).add(track.id)
    return Counter({song: len(ids) for song, ids in ids_by_song.items()})


def _evidence(entry: Entry, track: Track, thresholds: Thresholds) -> tuple[int, float]:
    """(tier, minus the title similarity): 0 reads like the title, 1 shares a word, 2 none,
    3 none and written in the entry's script only: the entry would have written the title as
    it is, so it is another song; a name in another script may be the one meant, translated
    or romanised."""
    similarity = max(
        title_similarity(mine, theirs) for mine in entry.titles for theirs in track.all_names
    )
    if similarity >= thresholds.title_plausible or near_miss(entry.titles, track.all_names):
        return 0, -similarity
    if _shares_a_word(entry.titles, track.all_names):
        return 1, -similarity
    if not _in_another_script(entry.titles, track.all_names):
        return 3, 0.0
    return 2, 0.0


def _in_another_script(titles: Iterable[str], names: Iterable[str]) -> bool:
    """Whether some name is in a script (Japanese or Latin) no title of the entry is in."""
    written = {has_japanese(title) for title in titles}
    return any(has_japanese(name) not in written for name in names)


def _shares_a_word(titles: Iterable[str], names: Iterable[str]) -> bool:
    """Whether a word of a title, as written, as romaji or as a loanword (in a name that
    writes katakana, where loanwords are), is in a name."""
    names = list(names)
    return any(
        _in_name(word, name)
        for title in titles
        for word in normalize(title).split()
        for name in names
    )


def _in_name(word: str, name: str) -> bool:
    normalized = normalize(name)
    if has_japanese(word):
        return word in normalized
    if not has_japanese(name):
        return word in normalized.split() and len(word) >= 3
    loanwords = loanword_readings(word) if has_katakana(normalized) else frozenset()
    readings = {r for r in (fold_romaji(word), *loanwords) if len(r) >= _MIN_SHARED_READING}
    return any(r in reading for r in readings for reading in romaji_readings(normalized))


def _by_the_artist(entry: Entry, track: Track, thresholds: Thresholds) -> bool:
    return artist_similarity(entry.artists, track.all_artists) >= thresholds.artist_match


def _song_key(track: Track) -> str:
    forms = title_forms(track.name)
    return forms[0] if forms else track.id
