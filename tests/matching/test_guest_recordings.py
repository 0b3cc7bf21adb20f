"""A take crediting artists the entry does not name (a re-recording with a guest, or a
collaboration the list names by its main artist) is the song only when the artists the entry
names never recorded it alone; when the answers were not read to their end, the song is asked
once more without the guests (`NOT` their names) before it is taken."""

from __future__ import annotations

from syncer.match import Thresholds, Weights, decide
from syncer.model import Resolution, Status, Track
from syncer.resolve import SearchBudget, resolve

from .matching_fakes import FakeSearch, make_entry, make_track

# Made-up names: a guest, a recording series, a band.
ORIGINAL = make_track("original", "Lanternfall", "Kumo Sisters", album="Weather Diary")
GUESTED = make_track(
    "guested", "Lanternfall", "Kumo Sisters;Orvell Dace", album="Tsukimori Recordings"
)
LIVE_ALONE = make_track(
    "livealone", "Lanternfall - Hoshimichi Live ver.", "Kumo Sisters", album="Hoshimichi 2019"
)


def decide_for(tracks: list[Track]) -> Resolution:
    return decide(make_entry("Lanternfall", "Kumo Sisters"), tracks, Weights(), Thresholds())


def run(search: FakeSearch, budget: SearchBudget | None = None) -> Resolution:
    return resolve(
        make_entry("Lanternfall", "Kumo Sisters"),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
        budget=budget,
    )


def guest_takes(count: int) -> list[Track]:
    """Other takes of the song, each crediting the guest too (a collaboration's crowd)."""
    return [
        make_track(f"g{i}", f"Lanternfall (Tsukimori Take {i})", "Kumo Sisters;Orvell Dace")
        for i in range(count)
    ]


def other_songs(count: int, artist: str = "Kumo Sisters;Orvell Dace") -> list[Track]:
    """Songs sharing the title's word, not this song (a crowded answer)."""
    return [make_track(f"o{i}", f"Lanternfall Waltz {i}", artist) for i in range(count)]


def test_a_guests_take_is_reviewed_when_the_artist_also_recorded_the_song_alone() -> None:
    resolution = decide_for([GUESTED, LIVE_ALONE])
    assert resolution.status is Status.REVIEW
    assert resolution.uri == GUESTED.uri
    assert "without them" in resolution.reason


def test_the_plain_original_is_taken_over_the_guests_take() -> None:
    resolution = decide_for([GUESTED, LIVE_ALONE, ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri


def test_a_collaboration_never_recorded_alone_is_matched() -> None:
    resolution = decide_for([GUESTED])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == GUESTED.uri


def test_the_song_is_asked_without_the_guest_when_the_original_is_off_the_pages_read() -> None:
    # The guest's take leads; nothing else on the pages read is a take of the song.
    search = FakeSearch(tracks=[GUESTED, *other_songs(40), ORIGINAL])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri
    asked = [q for _, q in search.queries]
    assert 'track:"Lanternfall" artist:"Kumo Sisters" NOT Orvell' in asked


def test_a_collaboration_whose_answer_without_the_guest_is_empty_is_matched() -> None:
    search = FakeSearch(tracks=[GUESTED, *other_songs(40)])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    assert resolution.uri == GUESTED.uri
    assert any("NOT Orvell" in q for _, q in search.queries)


def test_a_guests_take_is_reviewed_when_the_question_without_the_guest_cannot_be_asked() -> None:
    search = FakeSearch(tracks=[GUESTED, *other_songs(40), ORIGINAL])
    resolution = run(search, budget=SearchBudget(max_searches=1))
    assert resolution.status is Status.REVIEW
    assert resolution.uri == GUESTED.uri
    assert not any("NOT" in q for _, q in search.queries)


def test_a_collaboration_released_again_and_again_is_matched_once_asked_without_them() -> None:
    search = FakeSearch(tracks=[GUESTED, *guest_takes(40)])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    assert resolution.uri == GUESTED.uri
    assert any("NOT Orvell" in q for _, q in search.queries)


def test_a_guests_take_with_a_crowd_of_its_own_is_not_taken_for_the_artists_song() -> None:
    # Its own live takes and re-releases fill the pages read; the artist's own take of the
    # song (only a live one here: the original is gone) is found without the guest.
    search = FakeSearch(tracks=[GUESTED, *guest_takes(40), LIVE_ALONE])
    resolution = run(search)
    assert resolution.status is Status.REVIEW
    assert resolution.uri == GUESTED.uri


def test_one_word_of_each_guest_is_enough_and_many_guests_still_fit_in_a_query() -> None:
    many = ";".join(f"Guestname{i} Longsurname{i}" for i in range(12))
    crowded = make_track("crowd", "Lanternfall", f"Kumo Sisters;{many}")
    takes = [
        make_track(f"t{i}", f"Lanternfall (Take {i})", f"Kumo Sisters;{many}") for i in range(30)
    ]
    search = FakeSearch(tracks=[crowded, *takes])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    (without,) = [q for _, q in search.queries if "NOT" in q]
    assert "NOT Longsurname0" in without
    assert len(without.encode()) <= 100


def test_an_answer_read_to_its_end_needs_no_further_question() -> None:
    search = FakeSearch(tracks=[GUESTED])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    assert not any("NOT" in q for _, q in search.queries)


def test_an_entry_naming_a_later_credit_asks_nothing_more() -> None:
    # The lead's song featuring the entry's artist: no re-recording of the entry's own song.
    featuring = make_track("feat", "Lanternfall", "Orvell Dace;Kumo Sisters")
    search = FakeSearch(tracks=[featuring, *other_songs(40, "Orvell Dace;Kumo Sisters")])
    resolution = run(search)
    assert resolution.status is Status.MATCHED
    assert resolution.uri == featuring.uri
    assert not any("NOT" in q for _, q in search.queries)
