"""Settling each source song with search: which reading is right, and how Spotify names it.

The only part of the importer that talks to Spotify, through the `TrackSearch` port and the
same `resolve` a sync uses. For each song, its readings are tried in order (at most
`max_readings`) until one is `matched` confidently; otherwise the reading with the best
evidence wins (a close candidate, then "the artist exists"), and the song is marked uncertain
with the reason. A source keeps one order of title and artist: once more songs have been
confirmed in one order than in the other, the remaining songs try that order first. Pinned songs (a URI in the
source) are not searched: a sync confirms pins anyway. Once the order is learnt, songs are
settled concurrently (like a sync's searches).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from enum import IntEnum

from syncer.importer.model import Reading, SourceSong
from syncer.match import Thresholds, UnmatchedReason, Weights, artist_similarity
from syncer.model import Entry, Resolution, Status, Track
from syncer.ports import TrackSearch
from syncer.resolve import resolve

#: A matched track this much shorter or longer than the source's duration is another version.
DURATION_TOLERANCE = 0.1


class Evidence(IntEnum):
    """How far search backs one reading of a song."""

    NOTHING = 0
    ARTIST = 1  # the artist exists, this title was not found
    CLOSE = 2  # a plausible candidate, short of a confident match
    CONFIRMED = 3  # a confident match


@dataclass(frozen=True)
class Settled:
    """A song as it will be written: the reading chosen, and the track search confirmed."""

    song: SourceSong
    reading: Reading
    evidence: Evidence
    track: Track | None = None
    doubt: str | None = None
    searches: int = 0
    artist_name: str | None = None  # the artist as Spotify names it, when search found them

    @property
    def confirmed(self) -> bool:
        return self.track is not None and self.doubt is None


@dataclass(frozen=True)
class _Attempt:
    reading: Reading
    evidence: Evidence
    resolution: Resolution
    track: Track | None
    artist_name: str | None


def settle(
    songs: Sequence[SourceSong],
    search: TrackSearch,
    *,
    market: str | None,
    max_readings: int = 6,
    concurrency: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Settled]:
    """Settle every song (see the module doc); the result is in the songs' order.

    The first songs go one by one until the source's order of title and artist is clear
    (`ORDER_EVIDENCE` more confirmations one way, or `WARM_UP` songs); the rest then run
    `concurrency` at a time with that order fixed, so the result does not depend on timing.
    """
    results: dict[int, Settled] = {}
    orders = {True: 0, False: 0}
    done = 0

    def finish(index: int, result: Settled) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if on_progress is not None:
            on_progress(done, len(songs))

    def run(index: int, preferred: bool | None) -> Settled:
        song = songs[index]
        if song.uri is not None:
            return Settled(song, song.readings[0], Evidence.CONFIRMED)
        return _settle_one(song, search, market, max_readings, preferred)

    index = 0
    while index < len(songs) and index < WARM_UP and not _clear(orders):
        result = run(index, _preferred(orders))
        if result.evidence is Evidence.CONFIRMED and len(result.song.readings) > 1:
            orders[result.reading.title_first] += 1
        finish(index, result)
        index += 1
    preferred = _preferred(orders)
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(run, i, preferred): i for i in range(index, len(songs))}
        try:
            for future in as_completed(futures):
                finish(futures[future], future.result())
        except BaseException:
            # Spotify failed for good (or the run was interrupted): search no further.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [results[i] for i in range(len(songs))]


#: Songs settled one by one at most, to learn the source's order before going concurrent.
WARM_UP = 8
#: Confirmations one way more than the other that make the order clear.
ORDER_EVIDENCE = 2


def _clear(orders: dict[bool, int]) -> bool:
    return abs(orders[True] - orders[False]) >= ORDER_EVIDENCE


def _preferred(orders: dict[bool, int]) -> bool | None:
    """The order most confirmed songs used so far, if any."""
    if orders[True] != orders[False]:
        return orders[True] > orders[False]
    return None


def _settle_one(
    song: SourceSong,
    search: TrackSearch,
    market: str | None,
    max_readings: int,
    preferred: bool | None,
) -> Settled:
    readings = list(song.readings)
    if preferred is not None:
        readings.sort(key=lambda r: r.title_first != preferred)
    attempts: list[_Attempt] = []
    searches = 0
    for reading in readings[:max_readings]:
        attempt = _attempt(song, reading, search, market)
        searches += attempt.resolution.searches
        attempts.append(attempt)
        if attempt.evidence is Evidence.CONFIRMED:
            break
    best = max(attempts, key=lambda a: a.evidence)  # the first of the best
    doubt = _doubt(best, song, several=len(song.readings) > 1)
    return Settled(song, best.reading, best.evidence, best.track, doubt, searches, best.artist_name)


def _attempt(
    song: SourceSong, reading: Reading, search: TrackSearch, market: str | None
) -> _Attempt:
    entry = Entry(
        index=0,
        title=reading.title,
        artist=reading.artist,
        album=song.album,
        year=song.year,
        isrc=song.isrc,
        aliases=tuple(v for v in reading.title_variants if v != reading.title),
        artist_aliases=reading.artist_guesses,
    )
    resolution = resolve(entry, search, market=market, weights=Weights(), thresholds=Thresholds())
    track = _chosen(resolution)
    artist_name = _artist_found(entry, resolution)
    if resolution.status is Status.MATCHED and track is not None:
        evidence = Evidence.CONFIRMED
        if _sides_swapped(reading, track):  # `resolve` also tries the sides the other way
            reading = _other_way_round(song, reading)
    elif resolution.status is Status.REVIEW:
        evidence = Evidence.CLOSE
    elif artist_name is not None:
        evidence = Evidence.ARTIST
    else:
        evidence = Evidence.NOTHING
    return _Attempt(reading, evidence, resolution, track, artist_name)


def _sides_swapped(reading: Reading, track: Track) -> bool:
    """Whether `track` credits the reading's title as its artist, and not its artist."""
    threshold = Thresholds().artist_match
    return (
        artist_similarity((reading.artist,), track.all_artists) < threshold
        and artist_similarity((reading.title,), track.all_artists) >= threshold
    )


def _other_way_round(song: SourceSong, reading: Reading) -> Reading:
    for other in song.readings:
        if (other.title, other.artist) == (reading.artist, reading.title):
            return other
    return Reading(reading.artist, reading.title, title_first=not reading.title_first)


def _chosen(resolution: Resolution) -> Track | None:
    for candidate in resolution.candidates:
        if candidate.track.uri == resolution.uri:
            return candidate.track
    return None


def _artist_found(entry: Entry, resolution: Resolution) -> str | None:
    """The credited name, as Spotify gives it, of a candidate artist who is confidently the
    entry's artist (the same name, or its romaji or katakana); None when there is none."""
    if resolution.reason.startswith(UnmatchedReason.ARTIST_NOT_FOUND):
        return None
    threshold = Thresholds().artist_match
    scored = [
        (artist_similarity(entry.artists, (name,)), name)
        for candidate in resolution.candidates
        for name in candidate.track.artists
    ]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= threshold else None


def _doubt(best: _Attempt, song: SourceSong, *, several: bool) -> str | None:
    kept = " (kept the most plausible reading)" if several else ""
    if best.evidence is Evidence.CONFIRMED and best.track is not None:
        if song.duration_ms and best.track.duration_ms:
            off = abs(best.track.duration_ms - song.duration_ms) / song.duration_ms
            if off > DURATION_TOLERANCE:
                return (
                    f"search found {_describe(best.track)}, but it lasts "
                    f"{_clock(best.track.duration_ms)}, not {_clock(song.duration_ms)}: "
                    "perhaps another version"
                )
        return None
    if best.evidence is Evidence.CLOSE:
        candidate = best.resolution.candidates[0]
        return (
            f"search found only a close candidate: {_describe(candidate.track)} "
            f"(score {candidate.score:.2f}){kept}"
        )
    if best.evidence is Evidence.ARTIST:
        return f"the artist is on Spotify, but search did not find this title{kept}"
    return f"search found neither this title nor this artist{kept}"


def _describe(track: Track) -> str:
    return f"{track.name!r} by {', '.join(track.artists)}"


def _clock(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"
