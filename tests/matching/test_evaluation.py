"""The labelled evaluation set and the seed lists, run through the sandbox over real HTTP.

The targets of issue 4 are checked here and by `python -m bench.eval.evaluate`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.eval.evaluate import (
    TARGETS,
    check_targets,
    evaluate,
    load_cases,
    sandbox_search,
    seed_cases,
)
from syncer.spotify.client import SpotifyClient


@pytest.fixture(scope="module")
def search(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpotifyClient]:
    """The real client (spotipy over HTTP) searching a sandbox on the default catalog."""
    with sandbox_search(tmp_path_factory.mktemp("eval")) as client:
        yield client


@pytest.fixture(scope="module")
def seed(search: SpotifyClient) -> dict[str, Any]:
    return evaluate(seed_cases(), search)


@pytest.fixture(scope="module")
def labelled(search: SpotifyClient) -> dict[str, Any]:
    return evaluate(load_cases(), search)


def test_seed_lists_never_get_a_wrong_song(seed: dict[str, Any]) -> None:
    assert seed["wrong"] == []
    assert seed["overall"]["precision"] >= TARGETS["seed_precision"]


def test_labelled_set_meets_every_target(seed: dict[str, Any], labelled: dict[str, Any]) -> None:
    assert check_targets(seed, labelled) == []


def test_labelled_set_covers_every_trap_category(labelled: dict[str, Any]) -> None:
    expected = {
        "exact", "case_width", "artist_spelling", "romaji_title_with_alias",
        "romaji_title_only", "decorated", "english_with_alias", "english_without_alias",
        "version_trap", "only_other_versions", "absent_song_present_artist", "absent_artist",
    }  # fmt: skip
    assert expected <= set(labelled["categories"])
    assert labelled["overall"]["cases"] >= 300


@pytest.mark.parametrize(
    "category",
    ["english_without_alias", "only_other_versions", "absent_song_present_artist", "absent_artist"],
)
def test_gaps_stay_gaps(labelled: dict[str, Any], category: str) -> None:
    assert labelled["categories"][category]["claimed"] == 0


def test_every_seed_entry_gets_a_status_and_a_reason(search: SpotifyClient) -> None:
    from syncer.match import Thresholds, Weights
    from syncer.resolve import resolve

    for case in seed_cases():
        resolution = resolve(
            case.entry, search, market="JP", weights=Weights(), thresholds=Thresholds()
        )
        assert resolution.reason, case.entry.title
