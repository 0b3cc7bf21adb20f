"""The resolution order and the search cascade, against an in-memory fake search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from syncer.match import Thresholds, Weights
from syncer.model import Resolution, Status, Track
from syncer.request_reason import PAGING
from syncer.resolve import MAX_QUERY_LENGTH, QueryShape, SearchBudget, build_query, resolve

from .matching_fakes import FakeSearch, make_entry, make_track

KAEDE_JA = make_track("kaede", "楓", "スピッツ", album="フェイクファー")
KAEDE_EN = Track(id=KAEDE_JA.id, name="Kaede", artists=("Spitz",), album="Fake Fur")
SCARLET = make_track("scarlet", "スカーレット", "スピッツ")


def run(
    search: FakeSearch,
    title: str,
    artist: str,
    budget: SearchBudget | None = None,
    **fields: object,
) -> Resolution:
    return resolve(
        make_entry(title, artist, **fields),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
        budget=budget,
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
    # Native script first; then (a title being Latin) the artist alone, word by word, in the
    # language of its script; once it proves absent its other titles are not asked: only the
    # first title alone (the artist may be spelled otherwise), then plain words (the title
    # and the artist may be in each other's places).
    assert search.queries == [
        ("ja", 'track:"涙" artist:"X JAPAN"'),
        ("en", "artist:X artist:JAPAN"),
        ("ja", 'track:"涙"'),
        ("ja", "涙 X JAPAN"),
    ]


def test_resolve_tries_unfielded_last_when_no_artist_was_found() -> None:
    search = spitz_catalog()
    run(search, "Nothing Like It", "Nobody")
    assert [q for _, q in search.queries] == [
        'track:"Nothing Like It" artist:"Nobody"',
        'artist:"Nobody"',
        'track:"Nothing Like It"',
        "Nothing Like It Nobody",
    ]


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
            self,
            query: str,
            *,
            locale: str,
            market: str | None = None,
            limit: int = 10,
            offset: int = 0,
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
        budget=SearchBudget(max_searches=3),
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


def test_build_query_counts_the_limit_in_bytes_so_a_long_japanese_title_is_shortened() -> None:
    title = "会いたくて会いたくて震える夜に君のことを思い出している"
    query = build_query(title, "西野カナ")
    assert query is not None
    assert len(query.encode("utf-8")) <= MAX_QUERY_LENGTH
    assert query.startswith('track:"会いたくて会いたくて')
    assert 'artist:"西野カナ"' in query


def test_build_query_unfielded_lowercases_operators() -> None:
    assert build_query("NOT OR AND", "X", shape=QueryShape.PLAIN) == "not or and X"


def test_build_query_adds_album_and_year_when_given() -> None:
    assert (
        build_query("楓", "スピッツ", album="フェイクファー", year=1998)
        == 'track:"楓" artist:"スピッツ" album:"フェイクファー" year:1998'
    )


# --- Retrieval that adapts: every extra query is triggered by what the previous one showed ---


def crowded_tears(original_at: int) -> list[Track]:
    """Other versions of "Tears" by X JAPAN filling the first pages, the original at a place."""
    versions = ["Live", "Acoustic", "Instrumental", "Karaoke", "Remix", "TV Size", "Demo"]
    others = [
        make_track(f"v{i}", f"Tears ({versions[i % len(versions)]} {i})", "X JAPAN")
        for i in range(30)
    ]
    original = make_track("original", "Tears", "X JAPAN")
    return [*others[:original_at], original, *others[original_at:]]


def test_resolve_pages_on_while_the_page_is_full_of_other_versions() -> None:
    search = FakeSearch(tracks=crowded_tears(original_at=15))
    resolution = run(search, "Tears", "X JAPAN")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("original", "Tears", "X JAPAN").uri
    assert [q for _, q in search.queries] == [
        'track:"Tears" artist:"X JAPAN"',
        'track:"Tears" artist:"X JAPAN" @10',
    ]


def test_resolve_pages_no_further_than_the_budget_allows() -> None:
    search = FakeSearch(tracks=crowded_tears(original_at=25))
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=2))
    assert resolution.status is not Status.MATCHED
    assert [q for _, q in search.queries][:2] == [
        'track:"Tears" artist:"X JAPAN"',
        'track:"Tears" artist:"X JAPAN" @10',
    ]
    assert not any("@20" in q for _, q in search.queries)


def test_resolve_stops_paging_when_a_page_holds_nothing_like_the_song() -> None:
    # "Love" by Crowd fills pages with songs whose titles merely contain the word.
    crowd = [make_track(f"c{i}", f"Lovely Thing {i}", "Crowd") for i in range(25)]
    search = FakeSearch(tracks=crowd)
    resolution = run(search, "Love", "Crowd")
    assert resolution.status is not Status.MATCHED
    assert not any("@" in q for _, q in search.queries)


def test_resolve_pages_the_artist_for_a_romaji_title() -> None:
    # The track filter cannot find a romaji title among Japanese names, nor its kana
    # spellings one written in kanji; the artist's tracks can.
    others = [make_track(f"s{i}", f"曲{i}", "スピッツ") for i in range(24)]
    kaede = make_track("kaede", "楓", "スピッツ")
    search = FakeSearch(tracks=[*others, kaede])
    resolution = run(search, "Kaede", "スピッツ")
    assert resolution.uri == kaede.uri
    assert ("ja", 'artist:"スピッツ" @20') in search.queries


def test_resolve_does_not_page_a_latin_artist_for_a_latin_title_it_did_not_find() -> None:
    # An artist whose own tracks are mostly Latin-named: one Japanese-named track (a stray
    # compilation) does not make "Gatinha Manhosa" a romaji title; the song is absent.
    others = [make_track(f"s{i}", f"Cancao {i}", "Leo Jaime") for i in range(24)]
    stray = make_track("stray", "さよならの星", "Leo Jaime", album="夜空")
    search = FakeSearch(tracks=[stray, *others])
    resolution = run(search, "Gatinha Manhosa", "Leo Jaime")
    assert resolution.status is Status.UNMATCHED
    assert not any("@" in q for _, q in search.queries)
    assert resolution.searches == 2


def test_resolve_stops_paging_the_artist_at_a_page_without_its_japanese_names() -> None:
    # Its tracks are read for a Latin title because their names are Japanese; once a page
    # shows only Latin names (its Latin catalog, or other artists' tracks), reading on is
    # looking for a translation among songs that are not named in Japanese.
    japanese = [make_track(f"j{i}", f"星の歌{i}", "Leo Jaime", album="夜空") for i in range(10)]
    latin = [make_track(f"l{i}", f"Cancao {i}", "Leo Jaime") for i in range(20)]
    search = FakeSearch(tracks=[*japanese, *latin])
    resolution = run(search, "Gatinha Manhosa", "Leo Jaime")
    assert resolution.status is not Status.MATCHED
    assert ("en", "artist:Leo artist:Jaime @10") in search.queries
    assert not any("@20" in q for _, q in search.queries)


def test_resolve_pages_a_japanese_artist_whose_tracks_have_latin_names_on_japanese_albums() -> None:
    # A Japanese group's singles are often named in English; its albums tell it is Japanese.
    others = [
        make_track(f"s{i}", f"SONG {i}", "Momoiro Clover Z", album="白金の夜明け")
        for i in range(24)
    ]
    song = make_track("song", "愛を継ぐもの", "Momoiro Clover Z")
    search = FakeSearch(tracks=[*others, song])
    resolution = run(search, "Ai wo tsugu mono", "Momoiro Clover Z")
    assert resolution.uri == song.uri
    assert any("@20" in q for _, q in search.queries)


def test_resolve_asks_the_name_found_by_reading_to_reach_the_songs_own_release() -> None:
    # The romaji title is found among the artist's tracks only as a compilation re-release;
    # its Japanese name, now known, finds every release of it, the original included.
    # (In kanji, so the title's kana spellings do not find it.)
    others = [make_track(f"s{i}", f"曲{i}", "スピッツ") for i in range(45)]
    best_of = make_track("best", "楓", "スピッツ", album="CYCLE HIT", album_type="compilation")
    original = make_track("original", "楓", "スピッツ", album="フェイクファー")
    search = FakeSearch(tracks=[*others[:5], best_of, *others[5:], original])
    resolution = run(search, "Kaede", "スピッツ")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == original.uri
    assert ("ja", 'track:"楓" artist:"スピッツ"') in search.queries


def test_resolve_takes_the_re_release_once_the_songs_own_name_answers_no_other() -> None:
    others = [make_track(f"s{i}", f"曲{i}", "スピッツ") for i in range(45)]
    best_of = make_track(
        "best", "スカーレット", "スピッツ", album="CYCLE HIT", album_type="compilation"
    )
    search = FakeSearch(tracks=[*others[:5], best_of, *others[5:]])
    resolution = run(search, "Sukaaretto", "スピッツ")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == best_of.uri


def test_resolve_does_not_page_the_artist_for_a_native_title_it_did_not_find() -> None:
    # A Japanese title the track filter did not find is absent, not hidden among the tracks.
    others = [make_track(f"s{i}", f"曲{i}", "スピッツ") for i in range(24)]
    search = FakeSearch(tracks=others)
    resolution = run(search, "楓", "スピッツ")
    assert resolution.status is Status.UNMATCHED
    assert not any("@" in q for _, q in search.queries)


def test_resolve_asks_word_by_word_when_the_artist_field_joins_names() -> None:
    boxer = make_track("boxer", "The Boxer", "Simon & Garfunkel")
    search = FakeSearch(tracks=[boxer])
    resolution = run(search, "The Boxer", "Simon and Garfunkel")
    assert resolution.uri == boxer.uri
    assert [q for _, q in search.queries] == ['track:"The Boxer" artist:Simon artist:Garfunkel']


def test_resolve_searches_the_main_artist_and_scores_the_featured_one() -> None:
    song = make_track("song", "This Is What You Came For", "Calvin Harris;Rihanna")
    search = FakeSearch(tracks=[song])
    resolution = run(search, "This Is What You Came For", "Calvin Harris feat. Rihanna")
    assert resolution.status is Status.MATCHED
    assert search.queries[0][1] == 'track:"This Is What You Came For" artist:"Calvin Harris"'


def test_resolve_asks_a_title_joined_by_and_word_by_word() -> None:
    song = make_track("song", "Sadness and Sorrow", "Feora")
    search = FakeSearch(tracks=[song])
    resolution = run(search, "Sadness & Sorrow", "Feora")
    assert resolution.uri == song.uri
    assert search.queries == [("en", 'track:Sadness track:Sorrow artist:"Feora"')]


def test_resolve_matches_an_entry_with_title_and_artist_swapped() -> None:
    song = make_track("song", "Tainted Love", "Marilyn Manson")
    search = FakeSearch(tracks=[song])
    resolution = run(search, "Marilyn Manson", "Tainted Love")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == song.uri
    assert "swapped" in resolution.reason
    assert search.queries[-1] == ("en", "Marilyn Manson Tainted Love")


def test_resolve_asks_the_swapped_fields_when_the_title_is_credited_as_an_artist() -> None:
    # The title alone finds songs merely containing it and a guest credit to an artist of
    # that name: the entry's title is an artist, so the fields are asked the other way round.
    song = make_track("song", "Lovely Day", "Sunny Band")
    guest = make_track("guest", "Other Song (feat. Sunny Band)", "Someone;Sunny Band")
    longer = make_track("longer", "Sunny Band Forever", "Someone")
    search = FakeSearch(tracks=[guest, longer, song])
    resolution = run(search, "Sunny Band", "Lovely Day")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == song.uri
    assert "swapped" in resolution.reason
    assert search.queries[-1] == ("en", 'track:"Lovely Day" artist:"Sunny Band"')


def test_resolve_never_takes_a_swapped_reading_that_only_half_agrees() -> None:
    # The song's artist is the entry's title, but its title is not the entry's artist.
    song = make_track("song", "Personal Jesus", "Marilyn Manson")
    search = FakeSearch(tracks=[song])
    resolution = run(search, "Marilyn Manson", "Tainted Love")
    assert resolution.status is not Status.MATCHED
    assert not resolution.wanted


def test_resolve_asks_the_title_alone_when_the_artist_is_spelled_otherwise() -> None:
    # "Spotz" finds no artist; the title alone finds 楓, and scoring judges the artist (a
    # typo that reads スポッツ, not スピッツ: review).
    search = spitz_catalog()
    resolution = run(search, "楓", "Spotz")
    assert ("ja", 'track:"楓"') in search.queries
    assert resolution.status is Status.REVIEW
    assert resolution.uri == KAEDE_JA.uri


def covers_of_tainted_love(*first: Track) -> list[Track]:
    """`first`, then twelve same-title covers by other artists, then Imelda May's own."""
    covers = [make_track(f"cover{i}", "Tainted Love", f"Cover Band {i}") for i in range(12)]
    return [*first, *covers, make_track("imelda", "Tainted Love", "Imelda May")]


def test_resolve_does_not_page_a_title_alone_full_of_other_artists() -> None:
    # "Imelda Mae" finds no artist; the title alone shows only covers by artists that cannot
    # be hers: where she ranks among them is unknown, so no later page is read for it.
    search = FakeSearch(tracks=covers_of_tainted_love())
    resolution = run(search, "Tainted Love", "Imelda Mae")
    assert ("en", 'track:"Tainted Love"') in search.queries
    assert not any("@" in query for _, query in search.queries)
    assert resolution.status is not Status.MATCHED


def test_resolve_pages_a_title_alone_that_shows_the_song_by_an_artist_like_the_entrys() -> None:
    # Her live take on the first page: her studio recording may be on the next.
    live = make_track("imelda-live", "Tainted Love - Live", "Imelda May")
    search = FakeSearch(tracks=covers_of_tainted_love(live))
    run(search, "Tainted Love", "Imelda Mae")
    assert ("en", 'track:"Tainted Love" @10') in search.queries


def test_resolve_asks_the_other_language_when_the_answer_shows_no_name_in_the_entrys_script() -> (
    None
):
    # 楓 / 青い鳥 are the default names, "Bluebird" only the English one (a translation, not
    # a reading): a Japanese request cannot see it. The title alone finds 楓 by 青い鳥; no
    # artist name in Latin letters is shown, so the English names are asked for.
    default = make_track("kaede", "楓", "青い鳥", album="フェイクファー")
    english = Track(id=default.id, name="Kaede", artists=("Bluebird",), album="Fake Fur")
    search = FakeSearch(
        tracks=[default], en_views={default.id: english}, request_language_only=True
    )
    resolution = run(search, "楓", "Bluebird")
    assert resolution.uri == default.uri
    assert search.queries == [
        ("ja", 'track:"楓" artist:"Bluebird"'),
        ("ja", 'track:"楓"'),
        ("en", 'track:"楓"'),
    ]


def test_resolve_never_asks_another_language_about_a_latin_song_it_would_show_for_review() -> None:
    # A Latin song has no other name in Japanese: a second language cannot change the review.
    longer = make_track("longer", "Across the Violet Sky", "Evan Call")
    search = FakeSearch(tracks=[longer])
    resolution = run(search, "Across the Violet", "Evan Call")
    assert resolution.status is Status.REVIEW
    assert [locale for locale, _ in search.queries] == ["en"]


def test_resolve_never_asks_another_language_when_one_script_found_nothing() -> None:
    search = spitz_catalog()
    run(search, "楓", "存在しない歌手")
    first = [locale for locale, q in search.queries if q.startswith('track:"楓" artist:')]
    assert first == ["ja"]


# --- A re-release is taken only when the song's own release cannot be further down ---


def crowd_with_reissues(original_at: int) -> list[Track]:
    """Other versions and compilation re-releases of "Tears" ahead of the original."""
    kinds = ["Live", "Acoustic", "Karaoke", "Demo"]
    others = [
        make_track(f"v{i}", f"Tears ({kinds[i % len(kinds)]} {i})", "X JAPAN") for i in range(20)
    ]
    reissue = make_track(
        "best", "Tears", "X JAPAN", album="Ballads", album_type="compilation", duration_ms=243_000
    )
    original = make_track("original", "Tears", "X JAPAN", album="Art of Life")
    return [reissue, *others[:original_at], original, *others[original_at:]]


def test_resolve_pages_past_a_compilation_to_the_original() -> None:
    search = FakeSearch(tracks=crowd_with_reissues(original_at=12))
    resolution = run(search, "Tears", "X JAPAN")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("original", "Tears", "X JAPAN").uri
    assert ("en", 'track:"Tears" artist:"X JAPAN" @10') in search.queries


def test_resolve_sends_a_compilation_to_review_when_the_original_may_be_further_down() -> None:
    search = FakeSearch(tracks=crowd_with_reissues(original_at=15))
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.REVIEW
    assert "further down" in resolution.reason
    assert not resolution.wanted


def test_a_reason_switched_off_is_not_sent_and_its_question_counts_as_unasked() -> None:
    # The benchmark's counterfactual (what paging buys): no later page goes out, and the
    # unread rest of the answer keeps the compilation on page 1 from being taken.
    search = FakeSearch(tracks=crowd_with_reissues(original_at=12))
    budget = SearchBudget(switched_off=frozenset({PAGING}))
    resolution = run(search, "Tears", "X JAPAN", budget=budget)
    assert not any("@" in query for _, query in search.queries)
    assert resolution.status is Status.REVIEW
    assert resolution.searches == len(search.queries)


def test_resolve_takes_a_compilation_when_the_answer_is_complete_and_has_no_original() -> None:
    reissue = make_track("best", "Tears", "X JAPAN", album="Ballads", album_type="compilation")
    search = FakeSearch(tracks=[reissue, make_track("live", "Tears - Live", "X JAPAN")])
    resolution = run(search, "Tears", "X JAPAN")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == reissue.uri


def test_resolve_never_prefers_a_compilation_to_a_plain_title_on_a_live_album() -> None:
    # The plain title may be the original, mislabelled by its album's name.
    reissue = make_track("best", "Sunny", "Band", album="Hits", album_type="compilation")
    on_live_album = make_track("live", "Sunny", "Band", album="Live at Life is good")
    search = FakeSearch(tracks=[reissue, on_live_album])
    resolution = run(search, "Sunny", "Band")
    assert resolution.status is Status.REVIEW
    assert not resolution.wanted


# --- The original does not play here, a compilation copy of its very recording does ---


def withheld_original_crowd(copy_album: str = "Ballads", **copy: object) -> list[Track]:
    """ "Tears" as search shows it where the original is not available: twenty other versions
    on the first pages, and compilation copies of the original's recording (its ISRC)."""
    kinds = ["Live", "Acoustic", "Karaoke", "Demo"]
    others = [
        make_track(f"v{i}", f"Tears ({kinds[i % len(kinds)]} {i})", "X JAPAN", isrc=f"JPX{i:09d}")
        for i in range(20)
    ]
    fields: dict[str, object] = {
        "album": copy_album,
        "album_type": "compilation",
        "isrc": "JPXJ09100001",
        "duration_ms": 240_120,
    } | copy
    best = make_track("best", "Tears", "X JAPAN", **fields)  # type: ignore[arg-type]
    various = make_track(
        "various", "Tears", "X JAPAN", album="J-ROCK ANTHEMS", album_type="compilation",
        isrc="JPXJ09100001", duration_ms=240_133,
    )  # fmt: skip
    return [best, *others, various]


def test_resolve_takes_a_compilation_copy_when_only_copies_of_the_recording_play() -> None:
    # As Spotify relinks a track not available in the account's country to a playable copy.
    search = FakeSearch(tracks=withheld_original_crowd())
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("best", "Tears", "X JAPAN").uri
    assert ("en", "isrc:JPXJ09100001") in search.queries


def test_resolve_asks_the_copys_recording_before_other_spellings_of_the_artist() -> None:
    # Another spelling of the artist asks again what the first asked; the copy's ISRC is what
    # shows that only copies play, so it is asked before the budget goes to the spellings.
    search = FakeSearch(tracks=withheld_original_crowd())
    budget = SearchBudget(crowded_pages=1, max_searches=3)
    resolution = run(
        search, "Tears", "X JAPAN", budget=budget, artist_aliases=("X-JAPAN", "エックス")
    )
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("best", "Tears", "X JAPAN").uri
    queries = [query for _, query in search.queries]
    assert queries[:2] == ['track:"Tears" artist:"X JAPAN"', "isrc:JPXJ09100001"]
    assert resolution.searches <= budget.max_searches


def test_resolve_finds_the_original_by_its_recording_when_it_plays_further_down() -> None:
    tracks = withheld_original_crowd()
    original = make_track(
        "original", "Tears", "X JAPAN", album="Art of Life", isrc="JPXJ09100001",
        duration_ms=240_100,
    )  # fmt: skip
    search = FakeSearch(tracks=[*tracks[:-1], original, tracks[-1]])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.MATCHED
    assert resolution.uri == original.uri


def test_resolve_never_takes_a_copy_whose_recording_is_a_live_take() -> None:
    # Trap: the best-of holds the live recording under the plain title; the same ISRC on a
    # live album says what it is.
    tracks = withheld_original_crowd()
    live = make_track(
        "livealbum", "Tears", "X JAPAN", album="Live at Tokyo Dome", isrc="JPXJ09100001",
        duration_ms=240_200,
    )  # fmt: skip
    search = FakeSearch(tracks=[*tracks, live])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.REVIEW
    assert not resolution.wanted


def test_resolve_never_takes_a_copy_whose_recording_is_a_re_recording() -> None:
    # Trap: the same ISRC on a single naming the re-recording.
    tracks = withheld_original_crowd()
    rerecorded = make_track(
        "rerec", "Tears (2015 Version)", "X JAPAN", isrc="JPXJ09100001", duration_ms=240_150,
        album_type="single",
    )  # fmt: skip
    search = FakeSearch(tracks=[*tracks, rerecorded])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.REVIEW
    assert not resolution.wanted


def test_resolve_never_takes_a_copy_whose_isrc_names_recordings_of_other_lengths() -> None:
    # Trap: one ISRC on a copy a minute longer: not one recording, whatever the ISRC says.
    tracks = withheld_original_crowd()
    longer = make_track(
        "longer", "Tears", "X JAPAN", album="Complete Best", album_type="compilation",
        isrc="JPXJ09100001", duration_ms=300_000,
    )  # fmt: skip
    search = FakeSearch(tracks=[*tracks, longer])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.REVIEW


def test_resolve_never_takes_a_copy_crediting_a_guest_the_entry_does_not_name() -> None:
    # Trap: a copy of the recording credits someone else too: the ISRC is not trusted.
    tracks = withheld_original_crowd()
    guest = make_track(
        "guest",
        "Tears",
        "X JAPAN;Guest Singer",
        album="Ballads",
        album_type="compilation",
        isrc="JPXJ09100001",
        duration_ms=240_120,
    )
    search = FakeSearch(tracks=[guest, *tracks[1:]])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.REVIEW
    assert not resolution.wanted  # offered for review (the guest's take first), never taken


def test_resolve_takes_the_copy_beside_a_plain_title_on_a_live_album_of_another_recording() -> None:
    # The live album's plain title has an ISRC of its own: another recording, not the original
    # mislabelled, once the copy's ISRC shows only copies of the song's recording.
    live = make_track(
        "livetake", "Tears", "X JAPAN", album="X JAPAN Ao Vivo", isrc="JPXJ09900099",
        duration_ms=281_000,
    )  # fmt: skip
    search = FakeSearch(tracks=[*withheld_original_crowd(), live])
    resolution = run(search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1))
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("best", "Tears", "X JAPAN").uri


def test_resolve_reads_the_copys_releases_from_an_answer_read_to_its_end() -> None:
    # The whole answer fits on one page: every release of the copy's recording under its name
    # and credits is on it, so its ISRC would show nothing more and is not asked.
    copies = withheld_original_crowd()[:1] + withheld_original_crowd()[-1:]
    live = make_track(
        "livetake", "Tears", "X JAPAN", album="X JAPAN Ao Vivo", isrc="JPXJ09900099",
        duration_ms=281_000,
    )  # fmt: skip
    search = FakeSearch(
        tracks=[*copies, live, make_track("acoustic", "Tears (Acoustic)", "X JAPAN")]
    )
    resolution = run(search, "Tears", "X JAPAN")
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("best", "Tears", "X JAPAN").uri
    assert not [query for _, query in search.queries if query.startswith("isrc:")]


def test_resolve_never_takes_a_copy_whose_recording_a_complete_answer_shows_live() -> None:
    # Trap: read to its end, the answer holds the copy's recording on a live album too.
    copies = withheld_original_crowd()[:1] + withheld_original_crowd()[-1:]
    live = make_track(
        "livealbum", "Tears", "X JAPAN", album="Live at Tokyo Dome", isrc="JPXJ09100001",
        duration_ms=240_200,
    )  # fmt: skip
    resolution = run(FakeSearch(tracks=[*copies, live]), "Tears", "X JAPAN")
    assert resolution.status is Status.REVIEW
    assert not resolution.wanted


def test_resolve_asks_the_copys_recording_when_only_an_album_narrowed_answer_was_read_in_full() -> (
    None
):
    # Trap: the entry's album narrows a crowded answer to the copy on that album alone; the
    # recording's other releases are on other albums, so its ISRC is still asked.
    search = FakeSearch(tracks=withheld_original_crowd())
    resolution = run(
        search, "Tears", "X JAPAN", budget=SearchBudget(crowded_pages=1), album="Ballads"
    )
    assert ("en", 'track:"Tears" artist:"X JAPAN" album:"Ballads"') in search.queries
    assert ("en", "isrc:JPXJ09100001") in search.queries
    assert resolution.status is Status.MATCHED


def test_resolve_asks_no_other_language_once_the_title_as_written_and_the_artist_agree() -> None:
    # The title agrees as written, the artist by reading (井上陽水 for "Yosui Inoue"): English
    # names would show the same remaster under other names; whether to take it is a matter
    # of its release, not of its names.
    remaster = make_track(
        "remaster", "神無月にかこまれて - 2012 Remaster", "井上陽水", album_type="compilation"
    )
    english = replace(remaster, artists=("Yosui Inoue",))
    search = FakeSearch(tracks=[remaster], en_views={remaster.id: english})
    run(search, "神無月にかこまれて", "Yosui Inoue")
    assert [locale for locale, _ in search.queries] == ["ja"]


def test_resolve_asks_the_other_language_when_the_title_agrees_only_by_reading() -> None:
    # Trap: "Kaede" agrees with 楓 only by reading it: the English names are asked for, as a
    # reading may name another song.
    best = make_track("best", "楓", "スピッツ", album="Best", album_type="compilation")
    search = FakeSearch(tracks=[best], en_views={best.id: replace(best, name="Kaede")})
    run(search, "Kaede", "スピッツ")
    assert ("en", 'track:"Kaede" artist:"スピッツ"') in search.queries


def test_resolve_asks_english_names_when_only_a_default_name_showed_the_romaji_title() -> None:
    # Asked in Japanese, names match in Japanese and as their default: a romaji title shows
    # only on a release whose default name is romaji (here another recording, of another
    # length). The song's own release is 楓 there, its romaji name stored for English only
    # (the reference's "Localised names"), so English is still asked, and finds it.
    original = make_track("orig", "楓", "スピッツ", album="フェイクファー", duration_ms=266_000)
    later = make_track(
        "later", "Kaede", "スピッツ", album="Spitz Best (International)", duration_ms=301_000,
        release_date="2010-01-01",
    )  # fmt: skip
    search = FakeSearch(
        tracks=[later, original],
        en_views={original.id: replace(original, name="Kaede")},
        request_language_only=True,
    )
    resolution = run(search, "Kaede", "スピッツ", duration_ms=266_000)
    assert ("en", 'track:"Kaede" artist:"スピッツ"') in search.queries
    assert resolution.status is Status.MATCHED
    assert resolution.uri == original.uri
