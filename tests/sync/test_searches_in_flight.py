"""Entries are resolved by more threads than searches may be in flight: while one entry scores
the answer it got, another's search takes its slot; `--concurrency` still bounds the requests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from syncer.model import Entry, PlaylistSpec, SongList, Status, Track
from syncer.state import ListState
from syncer.sync import SearchesInFlight, SyncOptions, resolve_entries


class SlowSearch:
    """Every search takes 20 ms and answers the song asked for; records the most at once."""

    def __init__(self) -> None:
        self.answered = threading.Condition()
        self.in_flight = 0
        self.most_in_flight = 0
        self.searches = 0
        self._lock = threading.Lock()

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        with self._lock:
            self.in_flight += 1
            self.searches += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(0.02)
        with self._lock:
            self.in_flight -= 1
        with self.answered:
            self.answered.notify_all()
        number = query.split('"')[1].split()[-1]
        return [Track(id=f"{int(number):022d}", name=f"Song {number}", artists=("Band",))]

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        return None


def a_list(size: int) -> SongList:
    entries = tuple(
        Entry(index=i, title=f"Song {i}", artist="Band", line=i + 1) for i in range(size)
    )
    return SongList(Path("songs.toml"), PlaylistSpec(name="Songs"), entries)


def test_no_more_searches_are_in_flight_than_the_concurrency_allows() -> None:
    search = SlowSearch()

    resolutions, stopped = resolve_entries(
        a_list(24), search, options=SyncOptions(concurrency=3), state=ListState()
    )

    assert stopped is None
    assert [r.status for r in resolutions] == [Status.MATCHED] * 24
    assert search.searches == 24
    assert search.most_in_flight == 3


def test_a_search_slot_is_held_only_while_its_request_is_out() -> None:
    search = SlowSearch()
    in_flight = SearchesInFlight(search, 2)
    threads = [
        threading.Thread(
            target=in_flight.search_tracks, args=(f'track:"Song {i}"',), kwargs={"locale": "en"}
        )
        for i in range(8)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert search.searches == 8
    assert search.most_in_flight == 2


def test_an_entry_busy_after_its_search_leaves_the_slot_to_another_entrys_search() -> None:
    """One search at a time: while the first entry is still busy with its answer (here the
    answer's journaling, standing for scoring), the second entry's search goes out."""
    search = SlowSearch()
    saw_second_search: list[bool] = []
    first = threading.Lock()

    def busy_after_the_first_answer(key: str, resolution: object) -> None:
        if first.acquire(blocking=False):  # the first entry answered, and only it, waits
            with search.answered:
                saw_second_search.append(
                    search.answered.wait_for(lambda: search.searches >= 2, timeout=5)
                )

    resolve_entries(
        a_list(2),
        search,
        options=SyncOptions(concurrency=1),
        state=ListState(),
        on_answer=busy_after_the_first_answer,
    )

    assert saw_second_search == [True]
    assert search.most_in_flight == 1


def test_the_entries_of_a_list_share_their_answers() -> None:
    search = SlowSearch()
    entries = tuple(
        Entry(index=i, title=f"Song {n}", artist="Band", line=i + 1)
        for i, n in enumerate([1, 2, 1, 3, 2, 1])
    )
    songlist = SongList(Path("songs.toml"), PlaylistSpec(name="Songs"), entries)

    resolutions, _ = resolve_entries(
        songlist, search, options=SyncOptions(concurrency=3), state=ListState()
    )

    assert [r.status for r in resolutions[:2]] == [Status.MATCHED] * 2
    assert search.searches == 3  # one question per song, however many entries ask it
    assert sum(r.searches for r in resolutions) == 3


class SearchWithABug(SlowSearch):
    """SlowSearch, except that the search for Song 0 fails after 20 ms as a bug would (an
    exception no Spotify failure maps to); records the songs asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        number = int(query.split('"')[1].split()[-1])
        self.asked.append(number)
        if number == 0:
            time.sleep(0.02)
            raise RuntimeError("a bug")
        return super().search_tracks(
            query, locale=locale, market=market, limit=limit, offset=offset
        )


def test_a_bug_in_one_entry_is_raised_and_no_entry_is_started_after_it() -> None:
    """Two entries at a time, one search in flight: the bug in the first entry's search is
    raised once the second entry (already being resolved) is done; no other entry is started
    after the bug, and no matching thread is left behind."""
    search = SearchWithABug()

    with pytest.raises(RuntimeError, match="a bug"):
        resolve_entries(a_list(8), search, options=SyncOptions(concurrency=1), state=ListState())

    assert set(search.asked) <= {0, 1}
    assert not [t for t in threading.enumerate() if t.name == "matching"]
