"""Query syntax both profiles share with Spotify: operators and the queries it refuses.

Evidence (cited in `syncer/sandbox/search.py`): upper-case `NOT` excludes, one upper-case `OR`
broadens, and a leading `-` means NOT, so `-M-` cannot be found (the old query guidelines, spotify-api.md §3.4;
spotify/web-api#140); `/` inside a field filter and `:+` were answered 404
(spotify/web-api#191, #187, #311; spotify-search-behaviour.md "`/`, leading `-`, `:+`").
"""

from __future__ import annotations

import json

import pytest
import spotipy

from syncer.sandbox import Catalog, Sandbox, load_catalog
from syncer.sandbox.catalog import derived_id

from .sandbox_helpers import client_for

PROFILES = ["simple", "realistic"]


def record(name: str, artist: str) -> dict[str, object]:
    return {
        "id": derived_id("syntax-test", name, artist),
        "name": name,
        "artists": [{"name": artist}],
        "duration_ms": 200_000,
        "album": {"name": name, "release_date": "2001"},
    }


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    records = [
        record("Rain Song", "Cloudburst"),
        record("Rain Song Live", "Cloudburst"),
        record("Sunny Song", "Cloudburst"),
        record("Mon Amour", "-M-"),
    ]
    path = tmp_path_factory.mktemp("syntax") / "catalog.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return load_catalog(path)


def titles(sb: Sandbox, catalog: Catalog, query: str) -> set[str]:
    """The catalog titles a query finds on any page (the realistic crowd left out)."""
    sp = client_for(sb)
    page = sp.search(query, type="track", limit=10)["tracks"]
    items = list(page["items"])
    while page["next"]:
        page = sp.next(page)["tracks"]
        items.extend(page["items"])
    return {t["name"] for t in items if catalog.get(t["id"]) is not None}


@pytest.mark.parametrize("profile", PROFILES)
def test_upper_case_not_and_a_leading_minus_exclude_words(catalog: Catalog, profile: str) -> None:
    with Sandbox(catalog=catalog, profile=profile) as sb:
        plain = titles(sb, catalog, "rain song")
        without_live = titles(sb, catalog, "rain song NOT live")
        minus_live = titles(sb, catalog, "rain song -live")
        lower_not = titles(sb, catalog, "rain song not live")

    assert plain == {"Rain Song", "Rain Song Live"}
    assert without_live == minus_live == {"Rain Song"}
    assert lower_not == set()  # a lower-case "not" is an ordinary word


@pytest.mark.parametrize("profile", PROFILES)
def test_an_artist_named_with_a_leading_minus_cannot_be_found_by_its_bare_name(
    catalog: Catalog, profile: str
) -> None:
    with Sandbox(catalog=catalog, profile=profile) as sb:
        bare = titles(sb, catalog, "-M- Mon Amour")
        quoted = titles(sb, catalog, 'track:"Mon Amour"')

    assert "Mon Amour" not in bare
    assert "Mon Amour" in quoted


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    "query", ['track:"Rain/Song"', "artist:AC/DC", 'track:"Rain Song" artist:+Cloudburst x:+']
)
def test_a_slash_in_a_field_filter_or_colon_plus_is_404(
    catalog: Catalog, profile: str, query: str
) -> None:
    with Sandbox(catalog=catalog, profile=profile) as sb:
        sp = client_for(sb)
        with pytest.raises(spotipy.SpotifyException) as caught:
            sp.search(query, type="track")
        unfielded = sp.search("Rain/Song", type="track")["tracks"]

    assert caught.value.http_status == 404
    assert unfielded["items"] is not None  # a bare slash is only punctuation


def test_a_query_of_exclusions_alone_finds_nothing(catalog: Catalog) -> None:
    for profile in PROFILES:
        with Sandbox(catalog=catalog, profile=profile) as sb:
            assert titles(sb, catalog, "NOT live") == set()
            assert titles(sb, catalog, "-live") == set()


@pytest.mark.parametrize("profile", PROFILES)
def test_an_empty_query_is_400_no_search_query(catalog: Catalog, profile: str) -> None:
    with (
        Sandbox(catalog=catalog, profile=profile) as sb,
        pytest.raises(spotipy.SpotifyException) as caught,
    ):
        client_for(sb).search("  ", type="track")

    assert caught.value.http_status == 400
    assert "No search query" in caught.value.msg


@pytest.mark.parametrize("profile", PROFILES)
def test_the_first_upper_case_or_lets_either_clause_match(catalog: Catalog, profile: str) -> None:
    with Sandbox(catalog=catalog, profile=profile) as sb:
        either = titles(sb, catalog, "rain OR sunny song")
        fielded = titles(sb, catalog, 'track:"Sunny Song" OR track:"Rain Song Live"')
        lower = titles(sb, catalog, "rain or sunny song")
        second = titles(sb, catalog, "rain OR sunny OR song")

    assert either == {"Rain Song", "Rain Song Live", "Sunny Song"}
    assert fielded == {"Sunny Song", "Rain Song Live"}
    assert lower == set()  # a lower-case "or" is an ordinary word
    assert second == set()  # only one OR per query: the second is the word "or"
