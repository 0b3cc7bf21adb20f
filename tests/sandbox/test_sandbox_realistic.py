"""The `realistic` search profile: Spotify's crowded, popularity-blended, fuzzy search.

Each test names the behaviour and the evidence `syncer/sandbox/search.py` cites for it. Real
spotipy over HTTP wherever the behaviour is visible on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
import spotipy

from syncer.sandbox import Catalog, Sandbox, default_catalog_path, load_catalog
from syncer.sandbox.catalog import CatalogTrack, derived_id
from syncer.sandbox.densify import densify
from syncer.sandbox.finish import is_withheld
from syncer.sandbox.popularity import standing
from syncer.sandbox.search import SearchRequest, TrackSearch, make_search

from .sandbox_helpers import FULL_SCOPE, SMALL_CATALOG, client_for

ORIGINAL = "1mYyQ2YkCSvjJeMaYkCLjA"  # X JAPAN "Tears" in small_catalog.json


def track_record(
    name: str,
    artist: str,
    *,
    duration_ms: int = 240_000,
    popularity: int | None = None,
    names: dict[str, str] | None = None,
    markets: list[str] | None = None,
    album: str | None = None,
    year: str | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": derived_id("test-track", name, artist, str(duration_ms)),
        "name": name,
        "artists": [{"name": artist}],
        "duration_ms": duration_ms,
        "album": {"name": album or name, "release_date": year},
    }
    if popularity is not None:
        record["popularity"] = popularity
    if names:
        record["names"] = names
    if markets is not None:
        record["available_markets"] = markets
    return record


def catalog_of(tmp_path: Path, records: list[dict[str, Any]]) -> Catalog:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return load_catalog(path)


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_catalog(SMALL_CATALOG)


@pytest.fixture
def realistic(small: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=small, profile="realistic") as sb:
        yield sb


def search_all(sp: spotipy.Spotify, query: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Every result of a query, page by page (10 at a time, as Development Mode allows)."""
    page = sp.search(query, type="track", limit=10, **kwargs)["tracks"]
    items = list(page["items"])
    while page["next"]:
        page = sp.next(page)["tracks"]
        items.extend(page["items"])
    return items


def all_ids(engine: TrackSearch, query: str, country: str | None = None) -> list[str]:
    """Every id a query finds, best first, fetched 10 at a time."""
    ids: list[str] = []
    while page := engine.find(SearchRequest(query, len(ids), 10, country=country)).ids:
        ids.extend(page)
    return ids


def names_of(items: list[dict[str, Any]]) -> list[str]:
    return [f"{t['name']} / {', '.join(a['name'] for a in t['artists'])}" for t in items]


# --- the profile itself -------------------------------------------------------------------


def test_the_default_profile_is_simple_and_serves_only_the_catalog(small: Catalog) -> None:
    with Sandbox(catalog=small) as sb:
        assert sb.profile == "simple"
        assert len(sb.search.catalog) == len(small)


def test_an_unknown_profile_is_refused(small: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown search profile 'kind'"):
        Sandbox(catalog=small, profile="kind")


def test_realistic_serves_every_catalog_track_under_its_id_with_an_isrc(
    small: Catalog, realistic: Sandbox
) -> None:
    served = realistic.search.catalog
    assert len(served) > 10 * len(small)
    for track in small:
        as_served = served.get(track.id)
        assert as_served is not None
        assert as_served.isrc
        # Only what the catalog does not say: an ISRC it lacks, markets for a withheld song.
        assert replace(as_served, isrc=track.isrc or None, available_markets=None) == replace(
            track, available_markets=None
        )
    assert client_for(realistic).track(ORIGINAL)["name"] == "Tears"


def test_the_crowd_is_the_same_every_time(small: Catalog) -> None:
    assert list(densify(small)) == list(densify(load_catalog(SMALL_CATALOG)))


# --- density (spotify-search-behaviour.md, "Density") --------------------------------------


def test_every_song_gets_versions_a_remaster_with_a_later_year_and_compilations(
    small: Catalog,
) -> None:
    served = make_search(small, "realistic").catalog
    original = small.get(ORIGINAL)
    assert original is not None
    family = [t for t in served if "tears" in t.name.casefold()]
    by_x_japan = [t for t in family if "X JAPAN" in [a.name for a in t.artists]]
    titles = {t.name for t in by_x_japan}

    for tag in ("- Live", "(Live at", "- Remastered", "(Acoustic Version)", "(Instrumental)"):
        assert any(tag in title for title in titles), tag
    assert any(" Remix" in t and len(ts.artists) > 1 for ts in by_x_japan for t in [ts.name])
    assert any("(feat. " in t.name and len(t.artists) == 2 for t in by_x_japan)
    assert any("- Sped Up" in t for t in titles)
    karaoke = [t for t in family if "Originally Performed by X JAPAN" in t.name]
    assert karaoke
    assert all("X JAPAN" not in [a.name for a in t.artists] for t in karaoke)
    compilations = [
        t for t in by_x_japan if t.name == "Tears" and t.album.album_type == "compilation"
    ]
    assert len(compilations) >= 2
    remaster = next(t for t in by_x_japan if "Remastered" in t.name)
    assert remaster.album.year is not None
    assert remaster.album.year > (original.album.year or 0)
    covers = [
        t for t in family if t.name == "Tears" and "X JAPAN" not in [a.name for a in t.artists]
    ]
    assert len(covers) >= 2  # covers and a same-title song by other artists


def test_no_synthetic_track_duplicates_a_catalog_track(tmp_path: Path) -> None:
    # The catalog already has the compilation re-releases densify would make (+1 s .. +3 s).
    records = [track_record("Glass", "Mirror", duration_ms=200_000 + 1000 * k) for k in range(6)]
    records[1:] = [{**r, "album": {"name": f"Best {i}"}} for i, r in enumerate(records[1:])]
    catalog = catalog_of(tmp_path, records)
    served = make_search(catalog, "realistic").catalog

    keys = [(t.name, tuple(a.name for a in t.artists), t.duration_ms) for t in served]
    assert len(keys) == len(set(keys))


def test_artist_only_and_title_only_queries_are_crowded_and_paged(realistic: Sandbox) -> None:
    sp = client_for(realistic)

    by_artist = sp.search('artist:"X JAPAN"', type="track", limit=10)["tracks"]
    by_title = sp.search("track:Tears", type="track", limit=10)["tracks"]

    assert by_artist["total"] > 10
    assert by_artist["next"] is not None
    assert by_title["total"] > 20
    assert by_title["next"] is not None
    artists = {a["name"] for t in search_all(sp, "track:Tears") for a in t["artists"]}
    assert len(artists) > 5  # covers, karaoke labels, same-title songs


# --- ranking (spotipy#489, spotify/web-api#145) ---------------------------------------------


def _versions_of(served: Catalog, song: dict[str, Any]) -> list[CatalogTrack]:
    """The generated tracks crediting the song's artist under a title containing its title."""
    return [
        t
        for t in served
        if t.id != song["id"]
        and song["name"].casefold() in t.name.casefold()
        and song["artists"][0]["name"] in [a.name for a in t.artists]
    ]


def test_an_undated_songs_versions_all_sit_below_it(tmp_path: Path) -> None:
    song = track_record("Tears", "X JAPAN", popularity=62)
    served = make_search(catalog_of(tmp_path, [song]), "realistic").catalog

    versions = _versions_of(served, song)

    assert len(versions) >= 10
    assert all(t.popularity is not None and t.popularity < 62 for t in versions)


def test_a_remaster_outranks_its_song_only_when_the_song_is_dated_before_2000(
    tmp_path: Path,
) -> None:
    old = track_record("Tears", "X JAPAN", popularity=50, album="Jealousy", year="1991")
    new = track_record("Rain", "Nightfall", popularity=50, album="Clouds", year="2005")
    catalog = catalog_of(tmp_path, [old, new])
    engine = make_search(catalog, "realistic")

    old_page = engine.find(SearchRequest('track:"Tears" artist:"X JAPAN"', limit=10)).ids
    new_page = engine.find(SearchRequest('track:"Rain" artist:"Nightfall"', limit=10)).ids

    above_old = [t for t in _versions_of(engine.catalog, old) if (t.popularity or 0) > 50]
    assert above_old
    assert all("remaster" in t.name.casefold() for t in above_old)
    assert all((t.popularity or 0) < 50 for t in _versions_of(engine.catalog, new))
    assert old_page[0] != old["id"]  # played through its remaster
    assert old["id"] in old_page
    assert new_page[0] == new["id"]


def test_live_takes_and_karaoke_sit_well_below_their_song(tmp_path: Path) -> None:
    song = track_record("Tears", "X JAPAN", popularity=80, album="Jealousy", year="1991")
    served = make_search(catalog_of(tmp_path, [song]), "realistic").catalog

    live = [t for t in _versions_of(served, song) if "live" in t.name.casefold()]
    karaoke = [t for t in served if "Originally Performed by X JAPAN" in t.name]

    assert live
    assert karaoke
    assert all((t.popularity or 0) <= 0.6 * 80 for t in [*live, *karaoke])


def test_an_undated_songs_versions_are_undated_so_year_finds_none_of_them(
    tmp_path: Path,
) -> None:
    song = track_record("Tears", "X JAPAN", popularity=60)
    engine = make_search(catalog_of(tmp_path, [song]), "realistic")

    versions = _versions_of(engine.catalog, song)
    covers = [t for t in engine.catalog if t.name == "Tears" and t.album.album_type == "album"]

    assert all(t.album.year is None for t in versions)
    assert all(t.album.year is None for t in covers if "X JAPAN" in t.album.name)
    assert all_ids(engine, 'track:"Tears" artist:"X JAPAN" year:1900-2100') == []


def test_a_dated_songs_versions_are_never_dated_before_it(tmp_path: Path) -> None:
    songs = [
        track_record(f"Song {n}", "Nightfall", popularity=50, album=f"A{n}", year=str(year))
        for n, year in enumerate((1975, 1999, 2019, 2025))
    ]
    served = make_search(catalog_of(tmp_path, songs), "realistic").catalog

    for song in songs:
        dated = [t.album.year for t in _versions_of(served, song) if t.album.year is not None]
        assert dated
        assert min(dated) >= int(song["album"]["release_date"]), song["name"]


def test_popularity_lifts_a_near_match_above_an_exact_title(tmp_path: Path) -> None:
    exact = track_record("Aurora", "Nightfall", popularity=20)
    near = track_record("Aurora Borealis", "Nightfall", popularity=58, duration_ms=250_000)
    engine = make_search(catalog_of(tmp_path, [exact, near]), "realistic")

    ids = all_ids(engine, "track:Aurora artist:Nightfall")

    assert ids.index(near["id"]) < ids.index(exact["id"])


def test_with_equal_popularity_the_exact_title_wins(tmp_path: Path) -> None:
    exact = track_record("Aurora", "Nightfall", popularity=40)
    near = track_record("Aurora Borealis", "Nightfall", popularity=40, duration_ms=250_000)
    engine = make_search(catalog_of(tmp_path, [near, exact]), "realistic")

    ids = all_ids(engine, "track:Aurora artist:Nightfall")

    assert ids.index(exact["id"]) < ids.index(near["id"])


# --- expansion (spotipy#489, spotify/web-api#1587, recordings) -----------------------------


@pytest.fixture
def fuzzy(tmp_path: Path) -> Sandbox:
    records = [
        track_record("Harbor", "LEA", popularity=10),
        track_record("Legends Never Die", "League of Legends", popularity=80),
        track_record("Rain", "Christian Leave", popularity=70),
        track_record("Never Gunna Give You Up", "Cover Kids", popularity=30),
        track_record("Blue Sky", "Diverse Path", popularity=50),
        track_record("Ocean", "Mellow", popularity=50, album="Deep Diver"),
    ]
    return Sandbox(catalog=catalog_of(tmp_path, records), profile="realistic")


def test_a_short_artist_name_expands_to_longer_ones(fuzzy: Sandbox) -> None:
    with fuzzy:
        found = names_of(search_all(client_for(fuzzy), "artist:LEA"))

    assert "Harbor / LEA" in found
    assert "Legends Never Die / League of Legends" in found
    assert "Rain / Christian Leave" in found
    assert found.index("Harbor / LEA") > 0  # the exact artist is not first: popularity


def test_one_typo_away_is_found_and_a_quoted_word_expands_too(fuzzy: Sandbox) -> None:
    with fuzzy:
        sp = client_for(fuzzy)
        typo = names_of(search_all(sp, "Never Gonna Give You Up"))
        quoted = names_of(search_all(sp, '"diver"'))

    assert "Never Gunna Give You Up / Cover Kids" in typo
    assert "Blue Sky / Diverse Path" in quoted
    assert "Ocean / Mellow" in quoted


def test_expanded_matches_score_below_exact_ones(tmp_path: Path) -> None:
    exact = track_record("Rain", "Mirai", popularity=50)
    prefix = track_record("Rain", "Miraiko", popularity=50, duration_ms=200_000)
    typo = track_record("Rain", "Mirae", popularity=50, duration_ms=210_000)
    # Level what ranking weighs besides relevance: each popularity offsets the track's stable
    # +/-8 (a hash of its id), so the three stand within a point of each other.
    for record in (exact, prefix, typo):
        track = catalog_of(tmp_path, [record]).get(record["id"])
        assert track is not None
        record["popularity"] = round(100 - standing(track))
    engine = make_search(catalog_of(tmp_path, [typo, prefix, exact]), "realistic")

    ids = all_ids(engine, "track:Rain artist:Mirai")
    catalog_ids = [i for i in ids if i in {exact["id"], prefix["id"], typo["id"]}]

    assert catalog_ids[0] == exact["id"]
    assert set(catalog_ids) == {exact["id"], prefix["id"], typo["id"]}


def test_totals_are_approximate_for_large_results() -> None:
    catalog = load_catalog(default_catalog_path())
    engine = make_search(catalog, "realistic")
    counts = {  # as the sandbox account (JP) sees them
        a: len(all_ids(engine, f'artist:"{a}"', country="JP"))
        for a in ("ONE OK ROCK", "YOASOBI", "LiSA")
    }
    artist = next(a for a, n in counts.items() if int(float(f"{n:.2g}")) != n)  # not round
    with Sandbox(catalog=catalog, profile="realistic") as sb:
        sp = client_for(sb)
        first = sp.search(f'artist:"{artist}"', type="track", limit=10)["tracks"]
        few = sp.search('track:"Tears" artist:"X JAPAN"', type="track", limit=10)["tracks"]
        few_count = len(search_all(sp, 'track:"Tears" artist:"X JAPAN"'))

    assert 100 <= counts[artist] < 1000
    assert first["total"] == int(float(f"{counts[artist]:.2g}")) != counts[artist]
    assert few["total"] == few_count < 50  # small counts are exact


# --- language (spotify/web-api#1095, spotify-web-api-node#489) ------------------------------


@pytest.fixture
def localised(tmp_path: Path) -> Catalog:
    record = track_record("Kaede", "Spitz", names={"ja": "楓"})
    record["artists"][0]["names"] = {"ja": "スピッツ"}
    return catalog_of(tmp_path, [record])


@pytest.mark.parametrize(
    ("language", "query", "found"),
    [
        ("ja", "楓 スピッツ", True),
        ("ja-JP", "楓", True),
        ("ja", "Kaede Spitz", True),  # the default name always matches
        (None, "楓", False),
        ("en", "スピッツ", False),
        (None, "Kaede", True),
    ],
)
def test_names_match_only_in_the_requested_language(
    localised: Catalog, language: str | None, query: str, found: bool
) -> None:
    with Sandbox(catalog=localised, profile="realistic") as sb:
        items = client_for(sb, language=language).search(query, type="track")["tracks"]["items"]
    assert any(t["name"] in {"Kaede", "楓"} and t["album"]["name"] for t in items) is found


def test_the_simple_profile_still_matches_every_localised_name(localised: Catalog) -> None:
    with Sandbox(catalog=localised) as sb:
        items = client_for(sb).search("楓 スピッツ", type="track")["tracks"]["items"]
    assert [t["name"] for t in items] == ["Kaede"]


# --- markets (the spec's `market` text; Development Mode's /me) ------------------------------


@pytest.fixture
def regional(tmp_path: Path) -> Catalog:
    return catalog_of(
        tmp_path,
        [
            track_record("Only Abroad", "Far Band", markets=["US", "GB"]),
            # Not one of the originals the profile withholds (`finish.is_withheld`): its id
            # comes from the duration.
            track_record("Everywhere", "Far Band", duration_ms=201_000),
            track_record("At Home", "Far Band", markets=["JP"], duration_ms=210_000),
        ],
    )


def app_client(sb: Sandbox) -> spotipy.Spotify:
    token = requests.post(
        sb.token_url, data={"grant_type": "client_credentials"}, auth=("any", "any"), timeout=5
    ).json()["access_token"]
    sp = spotipy.Spotify(auth=token, requests_session=requests.Session())
    sp.prefix = sb.api_url
    return sp


def catalog_names(items: list[dict[str, Any]], catalog: Catalog) -> set[str]:
    """The names of the catalog's own tracks among the results (not their versions)."""
    return {t["name"] for t in items if catalog.get(t["id"]) is not None}


def test_a_user_token_gets_the_account_countrys_results_whatever_the_market(
    regional: Catalog,
) -> None:
    everywhere = next(t for t in regional if t.name == "Everywhere")
    assert not is_withheld(everywhere.id)
    with Sandbox(catalog=regional, profile="realistic", country="JP") as sb:
        sp = client_for(sb)
        asked_us = catalog_names(search_all(sp, "artist:Far", market="US"), regional)
        plain = catalog_names(search_all(sp, "artist:Far"), regional)
        me = sp.me()

    assert asked_us == plain == {"Everywhere", "At Home"}
    assert "country" not in me  # Development Mode does not show it


def test_an_app_token_gets_the_market_it_asks_for(regional: Catalog) -> None:
    with Sandbox(catalog=regional, profile="realistic", country="JP") as sb:
        sp = app_client(sb)
        asked_us = catalog_names(search_all(sp, "artist:Far", market="US"), regional)
        anywhere = catalog_names(search_all(sp, "artist:Far"), regional)

    assert asked_us == {"Only Abroad", "Everywhere"}
    assert anywhere == {"Only Abroad", "Everywhere", "At Home"}


def test_a_track_not_available_in_the_account_country_is_served_unplayable(
    regional: Catalog,
) -> None:
    abroad = next(t for t in regional if t.name == "Only Abroad")
    home = next(t for t in regional if t.name == "At Home")
    with Sandbox(catalog=regional, profile="realistic", country="JP") as sb:
        sp = client_for(sb)
        unplayable = sp.track(abroad.id)
        playable = sp.track(home.id)
        from_us = app_client(sb).track(abroad.id, market="US")

    assert unplayable["is_playable"] is False
    assert unplayable["restrictions"] == {"reason": "market"}
    assert playable["is_playable"] is True
    assert "restrictions" not in playable
    assert from_us["is_playable"] is True


def test_available_markets_is_never_served(regional: Catalog) -> None:
    with Sandbox(catalog=regional, profile="realistic") as sb:
        body = requests.get(
            sb.api_url + "search?q=Far&type=track&limit=10",
            headers={"Authorization": f"Bearer {sb.issue_token(FULL_SCOPE)['access_token']}"},
            timeout=5,
        ).text
    assert "available_markets" not in body
    assert "popularity" not in body


# --- quoting quirk (beets PRs 6049 and 6754) -------------------------------------------------


@pytest.fixture
def duo(tmp_path: Path) -> Catalog:
    return catalog_of(
        tmp_path,
        [
            track_record("Bridge (Over Water)", "Simon & Garfunkel"),
            track_record("Hello, Goodbye", "Beatles", duration_ms=200_000),
        ],
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('artist:"Simon & Garfunkel"', False),
        ('track:"Hello, Goodbye"', False),
        ('track:"Bridge (Over Water)"', False),
        ("artist:'Simon & Garfunkel'", True),
        ("track:'Hello, Goodbye'", True),
        ("track:'Bridge (Over Water)'", True),
        ('track:"Hello Goodbye"', True),
        ('"Hello, Goodbye"', True),  # a bare phrase is not a field value
    ],
)
def test_double_quoted_field_values_with_ampersand_comma_or_brackets_find_nothing(
    duo: Catalog, query: str, found: bool
) -> None:
    with Sandbox(catalog=duo, profile="realistic") as sb:
        items = search_all(client_for(sb), query)
    assert bool(catalog_originals(items, duo)) is found


def catalog_originals(items: list[dict[str, Any]], catalog: Catalog) -> list[str]:
    return [t["id"] for t in items if catalog.get(t["id"]) is not None]


def test_the_simple_profile_has_no_quoting_quirk(duo: Catalog) -> None:
    with Sandbox(catalog=duo) as sb:
        items = client_for(sb).search('artist:"Simon & Garfunkel"', type="track")["tracks"]
    assert len(items["items"]) == 1


# --- limits (spotipy#845, spotipy#868) -------------------------------------------------------


def test_a_query_over_100_characters_is_404(realistic: Sandbox) -> None:
    sp = client_for(realistic)
    at_limit = "track:Tears " + "x" * 88

    assert len(at_limit) == 100
    assert sp.search(at_limit, type="track")["tracks"]["total"] == 0
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.search(at_limit + "x", type="track")
    assert caught.value.http_status == 404
    assert "Not found." in caught.value.msg


def test_the_query_limit_counts_bytes_so_a_japanese_query_is_refused_sooner(
    realistic: Sandbox,
) -> None:
    # Characters or bytes is unknown (spotify-search-behaviour.md): the harsher reading.
    sp = client_for(realistic)
    at_limit = "track:" + "涙" * 31  # 6 + 93 = 99 bytes, 37 characters
    over = at_limit + "涙"  # 102 bytes, 38 characters

    assert sp.search(at_limit, type="track")["tracks"]["total"] == 0
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.search(over, type="track")
    assert caught.value.http_status == 404


def test_offset_plus_limit_above_1000_is_400(realistic: Sandbox) -> None:
    sp = client_for(realistic)

    assert sp.search("live", type="track", limit=10, offset=990)["tracks"]["offset"] == 990
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.search("live", type="track", limit=10, offset=991)
    assert caught.value.http_status == 400
    assert "Bad request." in caught.value.msg


def test_the_simple_profile_keeps_its_limits(small: Catalog) -> None:
    with Sandbox(catalog=small) as sb:
        sp = client_for(sb)
        assert sp.search("x" * 150, type="track")["tracks"]["total"] == 0
        assert sp.search("Tears", type="track", limit=10, offset=995)["tracks"]["items"] == []


# --- results without the words (recordings in catalog/spotify_api: `album: yeezus`, `test`) --


@pytest.fixture
def kanye(tmp_path: Path) -> Catalog:
    return catalog_of(
        tmp_path,
        [
            track_record("Black Skinhead", "Kanye West", popularity=60, album="Yeezus"),
            track_record("Ghost Town", "Kanye West", popularity=75, album="ye"),
            track_record("Heartless", "Kanye West", popularity=80, album="808s & Heartbreak"),
            track_record("Yeezus Christ", "Itz Poppa", popularity=10),
            track_record("Blinding Lights", "The Weeknd", popularity=95, album="After Hours"),
        ],
    )


def test_a_one_filter_query_also_serves_the_artists_other_work_and_popular_tracks(
    kanye: Catalog,
) -> None:
    with Sandbox(catalog=kanye, profile="realistic") as sb:
        found = names_of(search_all(client_for(sb), "album:yeezus"))

    assert "Black Skinhead / Kanye West" in found
    assert "Heartless / Kanye West" in found  # on "808s & Heartbreak", as recorded
    assert "Ghost Town / Kanye West" in found  # on "ye"
    assert "Blinding Lights / The Weeknd" in found  # popular, unrelated
    # popularity can put a result without the word above a real match
    assert found.index("Heartless / Kanye West") < found.index("Yeezus Christ / Itz Poppa")


def test_a_query_of_several_filters_or_words_serves_only_tracks_with_every_word(
    kanye: Catalog,
) -> None:
    # "Never Gonna Give You Up" (five words) was answered with 16 results, all with the words.
    with Sandbox(catalog=kanye, profile="realistic") as sb:
        sp = client_for(sb)
        fielded = names_of(search_all(sp, 'album:"Yeezus" artist:"Kanye West"'))
        words = names_of(search_all(sp, "Black Skinhead Kanye"))

    assert fielded
    assert all("Kanye West" in name for name in fielded)
    assert all("Blinding Lights" not in name and "Heartless" not in name for name in fielded)
    assert words
    assert all("Black Skinhead" in name for name in words)


def test_an_absent_song_still_finds_nothing(kanye: Catalog) -> None:
    engine = make_search(kanye, "realistic")

    assert all_ids(engine, 'track:"Nowhere Song" artist:"Kanye West"') == []
    assert all_ids(engine, "track:qqqzzz") == []


def test_exact_ties_are_not_broken_by_title(tmp_path: Path) -> None:
    records = [
        track_record(f"Rain {n:02d}", "Same Band", popularity=50, duration_ms=200_000 + n)
        for n in range(1, 21)
    ]
    engine = make_search(catalog_of(tmp_path, records), "realistic")
    catalog_ids = {r["id"]: r["name"] for r in records}

    order = [catalog_ids[i] for i in all_ids(engine, "track:Rain artist:Band") if i in catalog_ids]
    again = [catalog_ids[i] for i in all_ids(engine, "track:Rain artist:Band") if i in catalog_ids]

    assert sorted(order) == sorted(catalog_ids.values())
    assert order != sorted(order)  # not shortest or alphabetical first
    assert order == again  # but stable
