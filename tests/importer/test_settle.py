"""Settling songs with search: order learnt, order kept, failures stop the import."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from syncer.errors import RateLimited
from syncer.importer.model import Reading, SourceSong
from syncer.importer.settle import Evidence, settle
from syncer.model import Track


class Catalog:
    """A tiny search over a few tracks: a track is found when every word of the query's
    `track:` and `artist:` values is in its title and artist (a fake of the sandbox's rule)."""

    def __init__(self, tracks: Sequence[Track], *, fail_after: int | None = None) -> None:
        self.tracks = tracks
        self.fail_after = fail_after
        self.queries: list[str] = []

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        self.queries.append(query)
        if self.fail_after is not None and len(self.queries) > self.fail_after:
            raise RateLimited(retry_after=86400)
        words = query.replace('track:"', " ").replace('artist:"', " ").replace('"', " ").lower()
        return [
            t
            for t in self.tracks
            if all(w in f"{t.name} {' '.join(t.artists)}".lower() for w in words.split())
        ][offset : offset + limit]

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)


def _track(number: int, name: str, artist: str) -> Track:
    return Track(id=f"{number:022d}", name=name, artists=(artist,), duration_ms=200_000)


TRACKS = [
    _track(1, "Endless Rain", "X Japan"),
    _track(2, "Tears", "X Japan"),
    _track(3, "Pledge", "the GazettE"),
    _track(4, "Rain", "Pledge"),  # a trap: a band named like a song
]


def _dash_song(line: int, left: str, right: str) -> SourceSong:
    return SourceSong(
        line=line,
        quote=f"{left} - {right}",
        readings=(Reading(right, left, title_first=False), Reading(left, right, title_first=True)),
    )


def test_confirmed_songs_take_spotifys_names_and_the_rest_say_why() -> None:
    songs = [_dash_song(1, "x japan", "endless rain"), _dash_song(2, "Nobody", "Nothing")]

    first, second = settle(songs, Catalog(TRACKS), market=None)

    assert first.confirmed
    assert first.track is not None
    assert first.track.name == "Endless Rain"
    assert second.evidence is Evidence.NOTHING
    assert (
        second.doubt
        == "search found neither this title nor this artist (kept the most plausible reading)"
    )


@pytest.mark.parametrize("concurrency", [1, 4])
def test_the_order_learnt_from_the_first_songs_is_tried_first_for_the_rest(
    concurrency: int,
) -> None:
    # Title first throughout: "Endless Rain - X Japan"...
    songs = [
        _dash_song(1, "Endless Rain", "X Japan"),
        _dash_song(2, "Tears", "X Japan"),
        _dash_song(3, "Pledge", "the GazettE"),
    ]
    catalog = Catalog(TRACKS)

    settled = settle(songs, catalog, market=None, concurrency=concurrency)

    assert [s.reading.title_first for s in settled] == [True, True, True]
    assert [s.track.name if s.track else None for s in settled] == [
        "Endless Rain",
        "Tears",
        "Pledge",
    ]
    # The third song was asked title-first straight away: no artist:"Pledge" query for it.
    assert 'artist:"Pledge"' not in " ".join(catalog.queries[-2:])


def test_a_rate_limit_stops_the_import_instead_of_writing_half_a_list() -> None:
    songs = [_dash_song(n, "X Japan", f"Song {n}") for n in range(1, 30)]

    with pytest.raises(RateLimited):
        settle(songs, Catalog(TRACKS, fail_after=12), market=None, concurrency=4)
