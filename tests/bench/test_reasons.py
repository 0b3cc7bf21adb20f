"""What each reason for a request buys (issue 23.3): the counterfactual tool of
`bench/eval/reasons.py`, on the seed lists and a small generated list, simple profile."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.eval.evaluate import sandbox_search, seed_cases
from bench.eval.reasons import PIN_CONFIRMATION, SetFigures, generated_cases, measure_set
from syncer.sandbox.catalog import default_catalog_path, load_catalog
from syncer.spotify.client import SpotifyClient


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpotifyClient]:
    with sandbox_search(tmp_path_factory.mktemp("reasons"), profile="simple") as client:
        yield client


@pytest.fixture(scope="module")
def seed(client: SpotifyClient) -> SetFigures:
    return measure_set("seed lists", seed_cases(), client)


def test_every_request_is_counted_under_one_reason(seed: SetFigures) -> None:
    assert sum(seed.by_reason.values()) == seed.requests
    assert seed.by_reason["first query"] == seed.cases
    assert seed.right == 35
    assert seed.wrong == 0


def test_a_reason_switched_off_sends_none_of_its_requests(seed: SetFigures) -> None:
    assert seed.reasons, "the seed lists use reasons beyond the first query"
    for figures in seed.reasons:
        assert figures.sent_anyway == 0, figures.reason
        assert figures.requests == seed.by_reason[figures.reason]


def test_a_right_match_bought_is_one_the_full_cascade_makes(seed: SetFigures) -> None:
    # The seed lists hold romaji titles found only among the artist's own tracks.
    bought = {f.reason: f for f in seed.reasons}["artist only"]
    assert bought.bought == len(bought.lost_entries) >= 1
    assert all(f.bought <= seed.right for f in seed.reasons)


def test_generated_cases_carry_the_track_each_entry_was_written_from() -> None:
    catalog = load_catalog(default_catalog_path())
    cases = generated_cases(catalog, 60)
    assert len(cases) == 60
    answerable = [c for c in cases if c.answerable]
    assert 0 < len(answerable) < 60  # some songs are made up to be absent
    for case in answerable:
        track = catalog.get(min(case.expected))
        assert track is not None
        assert case.recording is not None
        assert case.recording.title == track.name


def test_pin_confirmations_buy_no_right_match_but_turn_away_no_valid_pin(
    client: SpotifyClient,
) -> None:
    cases = generated_cases(load_catalog(default_catalog_path()), 60)
    pinned = [c for c in cases if c.entry.uri is not None]
    assert pinned
    figures = measure_set("generated", pinned, client)
    (pins,) = [f for f in figures.reasons if f.reason == PIN_CONFIRMATION]
    assert pins.requests == len(pinned)
    assert pins.bought == 0
    assert pins.wrong_without == 0
    assert figures.right == len(pinned)
