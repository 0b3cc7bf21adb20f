"""The resolution order and the search cascade, against an in-memory fake search."""

from __future__ import annotations

import pytest
from matching_fakes import FakeSearch, make_entry, make_track

from syncer.match import Thresholds, Weights
from syncer.model import Resolution, Status, Track
from syncer.resolve import MAX_QUERY_LENGTH, build_query, resolve

KAEDE_JA = make_track("kaede", "楓", "スピッツ", album="フェイクファー")
KAEDE_EN = Track(id=KAEDE_JA.id, name="Kaede", artists=("Spitz",), album="Fake Fur")
SCARLET = make_track("scarlet", "スカーレット", "スピッツ")


def run(search: FakeSearch, title: str, artist: str, **fields: object) -> Resolution:
    return resolve(
        make_entry(title, artist, **fields),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
    )


def spitz_catalog() -> FakeSearch:
    return FakeSearch(tracks=[KAEDE_EN, SCARLET], ja_views={KAEDE_JA.id: KAEDE_JA})


def test_resolve_skips_without_searching() -> None:
    search = spitz_catalog()
    resolution = run(search, "楓", "スピッツ", skip="not on Spotify")
    assert resolution.status is Status.SKIPPED
    assert "not on Spotify" in resolution.reason
    assert search.queries == []


def test_resolve_confirms_a_pin_without_searching() -> None:
    search = spitz_catalog()
    resolution = run(search, "whatever", "whoever", uri=KAEDE_JA.uri)
    assert resolution.status is Status.PINNED
    assert resolution.uri == KAEDE_JA.uri
    assert [q for _, q in search.queries] == [f"GET /tracks/{KAEDE_JA.id}"]


def test_resolve_reports_a_pin_that_no_longer_exists() -> None:
    resolution = run(spitz_catalog(), "楓", "スピッツ", uri="spotify:track:" + "x" * 22)
    assert resolution.status is Status.UNMATCHED
    assert resolution.reason == "pinned track not found"


def test_resolve_tries_the_isrc_first_and_stops_there() -> None:
    track = make_track("isrc", "楓", "スピッツ", isrc="JPPO09800123")
    search = FakeSearch(tracks=[track])
    resolution = run(search, "楓", "スピッツ", isrc="JPPO09800123")
    assert resolution.status is Status.MATCHED
    assert search.queries[0][1] == "isrc:JPPO09800123"
    assert resolution.searches == 1


def test_resolve_stops_after_the_first_confident_match() -> None:
    search = spitz_catalog()
    resolution = run(search, "楓", "スピッツ")
    assert resolution.status is Status.MATCHED
    assert resolution.searches == 1
    assert search.queries == [("ja", 'track:"楓" artist:"スピッツ"')]
    assert resolution.queries == ('[ja] track:"楓" artist:"スピッツ"',)


def test_resolve_asks_latin_entries_in_english_first() -> None:
    search = spitz_catalog()
    resolution = run(search, "Kaede", "Spitz")
    assert resolution.status is Status.MATCHED
    assert search.queries[0] == ("en", 'track:"Kaede" artist:"Spitz"')


def test_resolve_merges_both_locales_so_romaji_meets_native_names() -> None:
    # The official Latin name is "Spitz", so a Hepburn-spelled artist only matches スピッツ.
    search = spitz_catalog()
    resolution = run(search, "Kaede", "Spitz", artist_aliases=("supittsu",), album="Wrong Album")
    assert resolution.uri == KAEDE_JA.uri
    locales = {locale for locale, _ in search.queries}
    assert locales <= {"ja", "en"}


def test_resolve_falls_back_to_aliases_when_the_title_finds_nothing() -> None:
    # The artist has more tracks than one page, so probing the artist alone does not show 楓.
    others = [make_track(f"other{i}", f"曲{i}", "スピッツ") for i in range(12)]
    search = FakeSearch(tracks=[*others, KAEDE_JA])
    resolution = run(search, "Maple", "スピッツ", aliases=("楓",))
    assert resolution.uri == KAEDE_JA.uri
    assert search.queries[-1] == ("ja", 'track:"楓" artist:"スピッツ"')


def test_resolve_leaves_album_and_year_out_of_the_first_query() -> None:
    search = spitz_catalog()
    resolution = run(search, "楓", "スピッツ", album="Wrong Album", year=1998)
    assert resolution.status is Status.MATCHED
    assert [q for _, q in search.queries] == ['track:"楓" artist:"スピッツ"']


def test_resolve_narrows_a_crowded_answer_by_album_and_year() -> None:
    many = [make_track(f"love{i}", f"Love {i}", "Crowd", album="Other") for i in range(12)]
    wanted = make_track("wanted", "Love", "Crowd", album="The Album", release_date="1999-01-01")
    search = FakeSearch(tracks=[*many, wanted])
    resolution = run(search, "Love", "Crowd", album="The Album", year=1999)
    assert resolution.uri == wanted.uri
    assert ("en", 'track:"Love" artist:"Crowd" album:"The Album" year:1999') in search.queries


def test_resolve_probes_the_artist_when_the_title_finds_nothing() -> None:
    # Nobody spells スカーレット as "Sukaretto" on Spotify, but the artist's tracks show it.
    search = spitz_catalog()
    resolution = run(search, "Sukaretto", "スピッツ")
    assert resolution.uri == SCARLET.uri
    assert ("ja", 'artist:"スピッツ"') in search.queries


def test_resolve_stops_asking_about_an_artist_that_is_absent() -> None:
    search = spitz_catalog()
    resolution = run(search, "Tears", "X JAPAN", aliases=("Namida", "涙"))
    assert resolution.status is Status.UNMATCHED
    sent = [q for _, q in search.queries]
    # Native script first; once the artist proves absent its other titles are not asked.
    assert sent == ['track:"涙" artist:"X JAPAN"', 'artist:"X JAPAN"', "涙 X JAPAN"]


def test_resolve_tries_unfielded_last_when_no_artist_was_found() -> None:
    search = spitz_catalog()
    run(search, "Nothing Like It", "Nobody")
    assert search.queries[-1][1] == "Nothing Like It Nobody"


def test_resolve_strips_decorations_from_queries() -> None:
    search = spitz_catalog()
    resolution = run(search, "楓 (From 'Drama') [Album Version]", "スピッツ")
    assert resolution.uri == KAEDE_JA.uri
    assert search.queries[0] == ("ja", 'track:"楓" artist:"スピッツ"')


def test_resolve_sends_queries_spotify_reads_alike_once() -> None:
    search = spitz_catalog()
    run(search, "Tears", "GACKT", aliases=("TEARS",), artist_aliases=("Gackt",))
    sent = [q.casefold() for _, q in search.queries]
    assert len(sent) == len(set(sent))


def test_resolve_reports_an_absent_artist() -> None:
    search = spitz_catalog()
    resolution = run(search, "Ain't Afraid to Die", "DIR EN GREY")
    assert resolution.status is Status.UNMATCHED
    assert resolution.searches == len(search.queries)
    assert resolution.searches >= 1


def test_resolve_lets_spotify_errors_through() -> None:
    class Failing(FakeSearch):
        def search_tracks(
            self, query: str, *, locale: str, market: str | None = None, limit: int = 10
        ) -> list[Track]:
            raise TimeoutError("Spotify is down")

    with pytest.raises(TimeoutError):
        run(Failing(tracks=[]), "楓", "スピッツ")


def test_resolve_stays_within_the_search_budget() -> None:
    search = spitz_catalog()
    resolution = resolve(
        make_entry("Nothing", "Nobody", aliases=("a", "b", "c"), artist_aliases=("d", "e")),
        search,
        market=None,
        weights=Weights(),
        thresholds=Thresholds(),
        max_searches=3,
    )
    assert resolution.searches == 3
    assert len(search.queries) == 3


@pytest.mark.parametrize(
    ("title", "artist", "expected"),
    [
        pytest.param("楓", "スピッツ", 'track:"楓" artist:"スピッツ"', id="plain"),
        pytest.param('Say "Yes"', "CHAGE", 'track:"Say Yes" artist:"CHAGE"', id="double-quotes"),
        pytest.param("LOVE PHANTOM", "B'z", 'track:"LOVE PHANTOM" artist:"Bz"', id="apostrophe"),
        pytest.param("Don’t", "X", 'track:"Dont" artist:"X"', id="curly-apostrophe"),
        pytest.param(
            "tobacco / cigarette",
            "Koresawa",
            'track:"tobacco cigarette" artist:"Koresawa"',
            id="slash",
        ),
        pytest.param("Re:Zero", "X", 'track:"Re Zero" artist:"X"', id="colon"),
        pytest.param(
            "*〜アスタリスク〜",
            "ORANGE RANGE",
            'track:"〜アスタリスク〜" artist:"ORANGE RANGE"',
            id="wildcard",
        ),
        pytest.param('""', "Spitz", 'artist:"Spitz"', id="empty-title-filter-dropped"),
    ],
)
def test_build_query_is_safe_for_field_filters(title: str, artist: str, expected: str) -> None:
    assert build_query(title, artist) == expected


def test_build_query_returns_none_when_nothing_is_searchable() -> None:
    assert build_query('"', "/") is None


def test_build_query_never_exceeds_the_length_limit() -> None:
    query = build_query("word " * 40, "artist " * 20, album="album " * 20, year=1999)
    assert query is not None
    assert len(query) <= MAX_QUERY_LENGTH
    assert 'track:"' in query
    assert '""' not in query


def test_build_query_unfielded_lowercases_operators() -> None:
    assert build_query("NOT OR AND", "X", fielded=False) == "not or and X"


def test_build_query_adds_album_and_year_when_given() -> None:
    assert (
        build_query("楓", "スピッツ", album="フェイクファー", year=1998)
        == 'track:"楓" artist:"スピッツ" album:"フェイクファー" year:1998'
    )
