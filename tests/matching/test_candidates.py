"""A candidate for every undecided entry: an artist written in romaji is asked in kana, and an
entry whose title search does not find gets the artist's songs that could be it, never a match.
"""

from __future__ import annotations

from syncer.match import Thresholds, Weights
from syncer.model import Resolution, Status, Track
from syncer.resolve import SearchBudget, resolve
from syncer.suggest import MAX_SUGGESTIONS, songs_that_could_be_it

from .matching_fakes import FakeSearch, make_entry, make_track

MACARONI_JA = "マカロニえんぴつ"
MACARONI_EN = "Macaroni Empitsu"


def macaroni(track_id: str, ja_name: str, en_name: str | None = None) -> tuple[Track, Track]:
    """A track as Spotify shows it under English names, and its Japanese view."""
    ja = make_track(track_id, ja_name, MACARONI_JA)
    en = Track(id=ja.id, name=en_name or ja_name, artists=(MACARONI_EN,), album=ja.album)
    return en, ja


def macaroni_catalog(*songs: tuple[Track, Track], language_only: bool = True) -> FakeSearch:
    return FakeSearch(
        tracks=[en for en, _ in songs],
        ja_views={ja.id: ja for _, ja in songs},
        en_views={en.id: en for en, _ in songs},
        request_language_only=language_only,
    )


BUS = macaroni("bus", "悲しみはバスに乗って")
SHIKARABA = macaroni("shikaraba", "然らば")
MOTHER = macaroni("mother", "mother")
HATARAKU = macaroni("hataraku", "働く女")


def run(search: FakeSearch, title: str, artist: str, **fields: object) -> Resolution:
    return resolve(
        make_entry(title, artist, **fields),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
    )


def offered(resolution: Resolution) -> list[str]:
    return [c.track.name for c in resolution.candidates]


# --- an artist written in romaji, asked in kana ---------------------------------------------


def test_an_artist_in_romaji_whose_name_mixes_scripts_is_found_by_its_kana_spelling() -> None:
    search = macaroni_catalog(SHIKARABA, BUS, MOTHER)

    resolution = run(search, "Sorrow Rides the Bus", "makaroni enpitsu")

    asked_in_kana = [(locale, q) for locale, q in search.queries if not q.isascii()]
    assert asked_in_kana[-1] == ("ja", f'artist:"{MACARONI_JA}" OR artist:"まかろにエンピツ"')
    assert {locale for locale, _ in asked_in_kana} == {"ja"}
    assert resolution.status is Status.UNMATCHED
    assert offered(resolution)[0] == "悲しみはバスに乗って"  # shares バス with "Bus"


def test_the_kana_spellings_go_two_a_query_and_stop_at_the_first_that_credits_the_artist() -> None:
    search = FakeSearch(tracks=[make_track("hira", "ナニカ", "まかろにえんぴつ")])

    run(search, "Sorrow Rides the Bus", "makaroni enpitsu")

    kana = [q for _, q in search.queries if not q.isascii()]
    assert kana == ['artist:"マカロニエンピツ" OR artist:"まかろにえんぴつ"']


def test_an_artist_in_romaji_with_a_title_search_finds_is_not_asked_in_kana() -> None:
    search = macaroni_catalog(BUS, SHIKARABA, language_only=False)

    resolution = run(search, "悲しみはバスに乗って", "makaroni enpitsu")

    assert resolution.status is Status.MATCHED
    assert not [q for _, q in search.queries if "えんぴつ" in q or "エンピツ" in q]


def test_an_artist_name_that_is_not_romaji_is_not_asked_in_kana() -> None:
    search = FakeSearch(tracks=[make_track("x", "Shake It Off", "Taylor Swift")])

    run(search, "Unknown Song", "Tailor Swifte")

    assert all(q.isascii() for _, q in search.queries)


def test_the_kana_spellings_are_bounded_by_the_budget() -> None:
    search = FakeSearch(tracks=[])
    budget = SearchBudget(kana_spellings=2)

    resolution = resolve(
        make_entry("Nanika", "makaroni enpitsu"),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
        budget=budget,
    )

    kana = [q for _, q in search.queries if not q.isascii()]
    assert kana == ['artist:"マカロニエンピツ" OR artist:"まかろにえんぴつ"']
    assert resolution.status is Status.UNMATCHED


def test_a_kana_spelling_that_finds_only_another_artist_offers_none_of_its_songs() -> None:
    # The realistic sandbox, like Spotify, has artists whose names extend another's.
    other = make_track("other", "ナニカ", "マカロニえんぴつと愉快な仲間たち")
    search = FakeSearch(tracks=[other])

    resolution = run(search, "Nanika", "makaroni enpitsu")

    assert resolution.status is Status.UNMATCHED
    assert len([q for _, q in search.queries if not q.isascii()]) == 2  # four spellings asked
    assert resolution.reason.startswith("artist never found")
    assert "candidates: the artist's songs" not in resolution.reason


# --- the artist's songs that could be it ----------------------------------------------------


def test_the_artists_other_song_that_reads_alike_is_offered_never_matched() -> None:
    # "Kanashimi" reads like the start of 悲しみはバスに乗って: another song may share it.
    search = macaroni_catalog(SHIKARABA, BUS, MOTHER)

    resolution = run(search, "Kanashimi", "makaroni enpitsu")

    assert resolution.status is not Status.MATCHED
    assert resolution.uri is None or resolution.status is Status.REVIEW
    assert "悲しみはバスに乗って" in offered(resolution)


def test_a_song_that_reads_like_the_title_comes_first_then_a_shared_word_then_search_order() -> (
    None
):
    entry = make_entry("Hatarakuonna no Bus", "makaroni enpitsu")
    seen = [ja for _, ja in (MOTHER, SHIKARABA, BUS, HATARAKU)]

    songs = songs_that_could_be_it(entry, seen, Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["働く女", "悲しみはバスに乗って", "mother", "然らば"]


def test_without_evidence_the_artists_songs_keep_spotifys_order() -> None:
    entry = make_entry("In that case", "makaroni enpitsu")
    seen = [ja for _, ja in (HATARAKU, SHIKARABA, MOTHER)]

    songs = songs_that_could_be_it(entry, seen, Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["働く女", "然らば", "mother"]


def test_only_the_artists_own_songs_in_the_version_asked_one_release_each_are_offered() -> None:
    entry = make_entry("In that case", "makaroni enpitsu")
    live = make_track("live", "然らば (Live)", MACARONI_JA)
    karaoke = make_track("karaoke", "mother", MACARONI_JA, album="mother (カラオケ)")
    remaster = make_track("remaster", "然らば - Remastered 2025", MACARONI_JA)
    other_artist = make_track("cover", "然らば", "スピッツ")
    plain = SHIKARABA[1]

    songs = songs_that_could_be_it(
        entry, [live, karaoke, remaster, other_artist, plain], Weights(), Thresholds()
    )

    assert [c.track.id for c in songs] == [plain.id]  # the plain release stands for the song


def test_a_rejected_track_is_not_offered() -> None:
    entry = make_entry("In that case", "makaroni enpitsu", reject=(SHIKARABA[1].uri,))

    songs = songs_that_could_be_it(entry, [SHIKARABA[1], MOTHER[1]], Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["mother"]


def test_a_handful_at_most_are_offered() -> None:
    entry = make_entry("In that case", "makaroni enpitsu")
    seen = [make_track(f"song{n}", f"曲{n}", MACARONI_JA) for n in range(12)]

    assert len(songs_that_could_be_it(entry, seen, Weights(), Thresholds())) == MAX_SUGGESTIONS


def test_an_unmatched_entry_whose_artist_was_found_offers_the_artists_songs() -> None:
    kaede = make_track("kaede", "楓", "スピッツ")
    scarlet = make_track("scarlet", "スカーレット", "スピッツ")
    search = FakeSearch(tracks=[scarlet, kaede])

    resolution = run(search, "Maple", "スピッツ")

    assert resolution.status is Status.UNMATCHED
    assert resolution.uri is None
    assert offered(resolution) == ["スカーレット", "楓"]  # no evidence: Spotify's order
    assert "candidates: the artist's songs that could be it" in resolution.reason
    assert resolution.reason.startswith("below threshold")


def test_other_versions_of_the_song_stay_the_candidates_of_an_unmatched_entry() -> None:
    live = make_track("live", "楓 (Live)", "スピッツ")
    scarlet = make_track("scarlet", "スカーレット", "スピッツ")
    search = FakeSearch(tracks=[live, scarlet])

    resolution = run(search, "楓", "スピッツ")

    assert resolution.status is Status.UNMATCHED
    assert offered(resolution)[0] == "楓 (Live)"
    assert resolution.reason.startswith("only other versions")
