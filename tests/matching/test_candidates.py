"""A candidate for every undecided entry: an artist written in romaji is asked in kana, and an
entry whose title search does not find gets the artist's songs that could be it, never a match.
"""

from __future__ import annotations

from typing import Any

from syncer.match import Thresholds, Weights
from syncer.model import Resolution, Status, Track
from syncer.request_reason import SEARCH_REASON, TITLE_IN_KANA
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

    assert [c.track.name for c in songs] == ["働く女", "悲しみはバスに乗って", "然らば", "mother"]


def test_a_song_named_in_the_entrys_script_with_no_evidence_comes_last() -> None:
    # "mother" is written as the entry would have written it: another song. 然らば may be
    # the one meant, translated.
    entry = make_entry("In that case", "makaroni enpitsu")
    seen = [MOTHER[1], SHIKARABA[1]]

    songs = songs_that_could_be_it(entry, seen, Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["然らば", "mother"]


def test_without_evidence_the_artists_songs_keep_spotifys_order() -> None:
    entry = make_entry("In that case", "makaroni enpitsu")
    seen = [ja for _, ja in (HATARAKU, SHIKARABA, MOTHER)]

    songs = songs_that_could_be_it(entry, seen, Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["働く女", "然らば", "mother"]


def test_without_evidence_a_song_seen_in_more_releases_comes_first() -> None:
    # A well-known song has live takes, remasters and compilation re-releases.
    entry = make_entry("In that case", "makaroni enpitsu")
    seen = [
        HATARAKU[1],
        SHIKARABA[1],
        make_track("live", "然らば (Live)", MACARONI_JA),
        make_track("remaster", "然らば - Remastered 2025", MACARONI_JA),
        MOTHER[1],
    ]

    songs = songs_that_could_be_it(entry, seen, Weights(), Thresholds())

    assert [c.track.name for c in songs] == ["然らば", "働く女", "mother"]


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


# --- a Latin title's English word, as the katakana loanword Japanese titles write ------------


def seiko_catalog(song: Track) -> FakeSearch:
    """An artist with more songs than its pages read, the one meant last."""
    others = [make_track(f"seiko{n:02}", f"恋の歌{n}", "松田聖子") for n in range(45)]
    return FakeSearch(tracks=[*others, song])


def test_a_title_mixing_romaji_and_english_is_asked_by_its_english_word_in_katakana() -> None:
    love_letter = make_track("loveletter", "四月のラブレター", "松田聖子")
    search = seiko_catalog(love_letter)

    resolution = run(search, "Yon gatsu no love letter", "松田聖子")

    assert ("ja", 'track:"レター" artist:"松田聖子"') in search.queries
    assert offered(resolution)[0] == "四月のラブレター"
    assert resolution.status is not Status.MATCHED  # 四月 reads "shigatsu": not the same title


def test_a_title_all_in_english_is_not_asked_by_a_loanword() -> None:
    # A translation: the Japanese title (祝福) does not hold the English word's loanword.
    search = seiko_catalog(make_track("blessing", "祝福", "松田聖子"))

    run(search, "Blessing", "松田聖子")

    assert not [q for _, q in search.queries if "ブレッシング" in q]


def spitz_with_a_feat_take_first() -> FakeSearch:
    """The artist's page is full (more may follow) and holds only a "(feat. …)" take of 楓;
    the plain 楓 is further down."""
    feat = make_track("feat", "楓 (feat. Someone)", "スピッツ;Someone")
    fillers = [make_track(f"spitz{n}", f"歌{n}", "スピッツ") for n in range(9)]
    return FakeSearch(tracks=[feat, *fillers, make_track("plain", "楓", "スピッツ")])


def resolve_kaede(search: FakeSearch, budget: SearchBudget) -> Resolution:
    return resolve(
        make_entry("Kaede", "スピッツ"),
        search,
        market="JP",
        weights=Weights(),
        thresholds=Thresholds(),
        budget=budget,
    )


def test_a_feat_version_is_not_matched_when_the_budget_cuts_off_asking_its_own_name() -> None:
    # The song's own name would be asked next, but the budget is spent: review, not matched.
    budget = SearchBudget(max_searches=2, artist_pages=1)

    resolution = resolve_kaede(spitz_with_a_feat_take_first(), budget)

    assert resolution.searches == 2
    assert resolution.status is Status.REVIEW


def test_once_the_artists_page_shows_the_song_its_own_name_is_asked_not_its_kana() -> None:
    # 楓 is on the page (in a "(feat. …)" take): its name is known, so no kana spelling of
    # "Kaede" is guessed; the name it is written in is asked, and finds the plain 楓.
    search = spitz_with_a_feat_take_first()

    resolution = resolve_kaede(search, SearchBudget(artist_pages=1))

    assert not [q for _, q in search.queries if "カエデ" in q or "かえで" in q]
    assert ("ja", 'track:"楓" artist:"スピッツ"') in search.queries
    assert resolution.status is Status.MATCHED
    assert resolution.uri == make_track("plain", "楓", "スピッツ").uri


def test_a_title_all_in_romaji_is_asked_by_its_kana_spellings_before_further_pages() -> None:
    nagareboshi = make_track("nagareboshi", "ナガレボシ", "松田聖子")
    search = seiko_catalog(nagareboshi)

    resolution = run(search, "Nagare boshi", "松田聖子")

    kana = 'artist:"松田聖子" track:"ナガレボシ" OR track:"ながれぼし"'
    assert ("ja", kana) in search.queries
    assert resolution.uri == nagareboshi.uri
    assert not [q for _, q in search.queries if "@" in q]  # found before the further pages


class ReasonRecordingSearch(FakeSearch):
    """Records the request reason the resolver set for each search, as a counter would."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reasons: dict[str, str] = {}

    def search_tracks(self, query: str, **kwargs: Any) -> list[Track]:
        self.reasons.setdefault(query, SEARCH_REASON.get())
        return super().search_tracks(query, **kwargs)


def test_the_title_asked_in_kana_is_counted_under_its_own_request_reason() -> None:
    others = [make_track(f"seiko{n:02}", f"恋の歌{n}", "松田聖子") for n in range(45)]
    nagareboshi = make_track("nagareboshi", "ナガレボシ", "松田聖子")
    search = ReasonRecordingSearch(tracks=[*others, nagareboshi])

    run(search, "Nagare boshi", "松田聖子")

    kana = 'artist:"松田聖子" track:"ナガレボシ" OR track:"ながれぼし"'
    assert search.reasons[kana] == TITLE_IN_KANA
    assert TITLE_IN_KANA not in [r for q, r in search.reasons.items() if q != kana]
