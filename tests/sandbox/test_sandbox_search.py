"""Search behaves like a search engine over every name, not like an exact lookup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.sandbox import Catalog
from syncer.sandbox.search import SearchIndex, units

KAEDE, KAEDE_LIVE, CHERRY = (
    "3GhbeYiwQdEkbRBnBUYV1d",
    "1Vjg6rKdQqmXDD1Bpg5p6w",
    "7uS3r0MwPNyDJGbElAcEuY",
)
ENDLESS, ENDLESS_LIVE = "2i4DNxEjTT5gjk7wgfSpFq", "5gtHVqWmVg7ZRE0pUgnZ3k"
TEARS_XJ, TEARS_OTHER = "1mYyQ2YkCSvjJeMaYkCLjA", "6l9OAJXbXj0RcWJt2kLvYH"
ULTRA_SOUL, YORU, LOVE_SONG = (
    "2C0oA1aT9lj0c1WD5YRnNq",
    "3dPtXHP0oXQ4HCWHsOA9js",
    "0jWMmIYEYpiWzqy1fK9EHk",
)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex(catalog)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    from syncer.sandbox import load_catalog

    from .sandbox_helpers import SMALL_CATALOG

    return load_catalog(SMALL_CATALOG)


def test_units_split_latin_words_and_cjk_characters() -> None:
    assert units("Ｂ'z — ULTRA Soul") == ["bz", "ultra", "soul"]
    assert units("夜に駆ける (Live)") == ["夜", "に", "駆", "け", "る", "live"]
    assert units("Beyoncé") == ["beyonce"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("endless rain", {ENDLESS, ENDLESS_LIVE}, id="case-insensitive"),
        pytest.param("ＥＮＤＬＥＳＳ　ｒａｉｎ", {ENDLESS, ENDLESS_LIVE}, id="full-width"),
        pytest.param("rain endless", {ENDLESS, ENDLESS_LIVE}, id="any-order"),
        pytest.param('"rain endless"', set(), id="phrase-is-ordered"),
        pytest.param("blue blood", {ENDLESS}, id="unfielded-hits-album"),
        pytest.param("x japan tears", {TEARS_XJ}, id="unfielded-hits-artist-and-title"),
        pytest.param("artist:tears", set(), id="field-filter-restricts"),
        pytest.param("album:dahlia", {TEARS_XJ}, id="album-filter"),
        pytest.param("year:1996", {CHERRY, TEARS_XJ}, id="single-year"),
        pytest.param("year:2000-2030 tears", set(), id="year-range-excludes"),
        pytest.param("isrc:jpbm00100001", {ULTRA_SOUL}, id="isrc-any-case"),
        pytest.param("夜に駆ける", {YORU}, id="japanese-title"),
        pytest.param("に駆け", {YORU}, id="japanese-substring"),
        pytest.param("コブクロ 桜", {"0SKZjKXaUHFIAhHLtAETVM"}, id="japanese-artist-and-title"),
        pytest.param("kobukuro sakura", {"0SKZjKXaUHFIAhHLtAETVM"}, id="english-names"),
        pytest.param("B'z ultra soul", {ULTRA_SOUL}, id="apostrophe-unfielded"),
        pytest.param("artist:B'z", set(), id="apostrophe-in-filter-quirk"),
        pytest.param("featured singer", {LOVE_SONG}, id="second-artist"),
        pytest.param("genre:rock tears", set(), id="genre-not-emulated"),
        pytest.param("title:tears", set(), id="unknown-filter-is-required-words"),
        pytest.param("isrc:jpbm00100001 OR isrc:jpbm00100002", set(), id="isrc-or-fails"),
    ],
)
def test_search_matches(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(index.search(query)) == expected


def test_apostrophe_quirk_can_be_turned_off(catalog: Catalog) -> None:
    assert SearchIndex(catalog, apostrophe_quirk=False).search("artist:B'z") == [ULTRA_SOUL]


def test_whole_title_ranks_above_versions(index: SearchIndex) -> None:
    assert index.search("楓 スピッツ") == [KAEDE, KAEDE_LIVE]
    assert index.search("kaede live") == [KAEDE_LIVE]


def test_equal_scores_break_ties_by_title_then_id(index: SearchIndex) -> None:
    assert index.search("tears") == sorted([TEARS_XJ, TEARS_OTHER])


def test_results_do_not_depend_on_earlier_queries(catalog: Catalog) -> None:
    fresh = SearchIndex(catalog)
    used = SearchIndex(catalog)
    for query in ["tears", "x japan", "楓", "year:1996"]:
        used.search(query)

    assert used.search("tears") == fresh.search("tears")
    assert used.search("x japan") == fresh.search("x japan")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_odd_queries_never_crash(index: SearchIndex, query: str) -> None:
    results = index.search(query)

    assert len(results) == len(set(results))
