"""The catalog format: what loads, what is filled in, what is refused and where."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from syncer.sandbox import CatalogError, load_catalog
from syncer.sandbox.catalog import derived_id, pick_language

from .sandbox_helpers import SMALL_CATALOG

MINIMAL = {
    "id": "4uLU6hMCjMI75M1A2tKUQC",
    "name": "Song",
    "artists": [{"name": "Band"}],
    "duration_ms": 1000,
}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


def test_json_lines_gzip_and_array_load_the_same_tracks(tmp_path: Path) -> None:
    records = json.loads(SMALL_CATALOG.read_text(encoding="utf-8"))
    jsonl = write_jsonl(tmp_path / "c.jsonl", records)
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(gzip.compress(jsonl.read_bytes()))

    from_array = list(load_catalog(SMALL_CATALOG))
    from_lines = list(load_catalog(jsonl))
    from_gzip = list(load_catalog(gz))

    assert len(from_array) == len(records)
    assert from_array == from_lines == from_gzip


def test_minimal_track_gets_only_honest_fill_ins(tmp_path: Path) -> None:
    catalog = load_catalog(
        write_jsonl(tmp_path / "c.jsonl", [MINIMAL, {**MINIMAL, "id": "1" * 22}])
    )
    track = catalog.get(str(MINIMAL["id"]))
    assert track is not None

    body = catalog.track_json(track, None, "http://127.0.0.1:1/v1")

    assert body["external_ids"] == {}
    # Spotify's own answer for an unknown date: never null, never a year a matcher would trust.
    assert (body["album"]["release_date"], body["album"]["release_date_precision"]) == (
        "0000",
        "year",
    )
    assert body["album"]["name"] == "Song"
    assert body["album"]["album_type"] == "single"
    assert body["artists"][0]["id"] == derived_id("artist", "Band")
    assert body["explicit"] is False
    assert "popularity" not in body


def test_derived_ids_are_stable_base62() -> None:
    assert derived_id("artist", "Band") == derived_id("artist", "Band")
    assert derived_id("artist", "Band") != derived_id("artist", "Other")
    assert len(derived_id("artist", "Band")) == 22
    assert derived_id("artist", "Band").isalnum()


def test_unknown_keys_are_ignored_and_real_values_kept(catalog: Any) -> None:
    track = catalog.get("0SKZjKXaUHFIAhHLtAETVM")

    body = catalog.track_json(track, None, "http://x/v1")

    assert body["external_ids"] == {"isrc": "JPWB00500001"}
    assert body["album"]["total_tracks"] == 2  # two catalog tracks share that album
    assert "available_markets" not in body


@pytest.mark.parametrize(
    ("language", "title", "artist", "album"),
    [
        pytest.param("ja", "楓", "スピッツ", "フェイクファー", id="ja"),
        pytest.param("en-US", "Kaede", "Spitz", "Fake Fur", id="en-region-falls-back-to-en"),
        pytest.param("fr", "楓", "Spitz", "フェイクファー", id="unknown-language-plain-names"),
    ],
)
def test_localised_names_follow_the_language(
    catalog: Any, language: str, title: str, artist: str, album: str
) -> None:
    body = catalog.track_json(
        catalog.get("3GhbeYiwQdEkbRBnBUYV1d"), pick_language(language), "http://x/v1"
    )

    assert (body["name"], body["artists"][0]["name"], body["album"]["name"]) == (
        title,
        artist,
        album,
    )


def test_accept_language_takes_the_first_tag() -> None:
    assert pick_language("ja-JP,en;q=0.8") == "ja-jp"
    assert pick_language(None) is None


@pytest.mark.parametrize(
    ("lines", "position", "message"),
    [
        pytest.param([json.dumps(MINIMAL), "{not json"], "line 2", "Expecting", id="bad-json"),
        pytest.param([json.dumps({**MINIMAL, "id": "short"})], "line 1", "`id`", id="bad-id"),
        pytest.param(
            [json.dumps(MINIMAL), "", json.dumps({**MINIMAL, "duration_ms": "3:00"})],
            "line 3",
            "`duration_ms`",
            id="bad-duration",
        ),
        pytest.param(
            [json.dumps({**MINIMAL, "artists": []})], "line 1", "`artists`", id="no-artists"
        ),
        pytest.param(
            [json.dumps({k: v for k, v in MINIMAL.items() if k != "name"})],
            "line 1",
            "`name`",
            id="no-name",
        ),
        pytest.param(
            [json.dumps({**MINIMAL, "album": {"name": "A", "release_date": "March 1999"}})],
            "line 1",
            "release_date",
            id="bad-date",
        ),
        pytest.param(
            [json.dumps({**MINIMAL, "names": ["x"]})], "line 1", "`names`", id="bad-names"
        ),
    ],
)
def test_malformed_records_name_their_line(
    tmp_path: Path, lines: list[str], position: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")

    with pytest.raises(CatalogError) as caught:
        load_catalog(path)

    assert caught.value.position.startswith(position)
    assert message in caught.value.message
    assert str(path) in str(caught.value)


def test_malformed_array_record_names_its_index(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([MINIMAL, {**MINIMAL, "artists": "Band"}]), encoding="utf-8")

    with pytest.raises(CatalogError) as caught:
        load_catalog(path)

    assert caught.value.position == "record 2"


def test_missing_file_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalog(tmp_path / "absent.json")
