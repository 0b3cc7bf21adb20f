"""The realistic profile is calibrated to Spotify in both directions: a popular song's own
recording is usually first on `track:"T" artist:"A"`, though not always (issue 20's bands,
measured in full by `python -m bench.calibration`; figures in syncer/sandbox/data/README.md)."""

from __future__ import annotations

from bench.calibration import FIRST_BAND, PAGE_ONE_BAND, calibrate, originals
from syncer.sandbox import default_catalog_path, load_catalog


def test_a_popular_original_is_usually_but_not_always_first_on_title_and_artist() -> None:
    catalog = load_catalog(default_catalog_path())
    sample = originals(catalog, every=2)

    result = calibrate(catalog, sample)

    assert result.asked >= 150
    assert FIRST_BAND[0] <= result.first_share <= FIRST_BAND[1], result.first_share
    assert PAGE_ONE_BAND[0] <= result.page_one_share, result.page_one_share
