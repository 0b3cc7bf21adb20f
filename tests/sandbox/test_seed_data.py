"""Specification of the shipped seed data: the three seed lists, the sandbox's default catalog
and the labelled ground truth that ties them together."""

from __future__ import annotations

import gzip
import json
import os
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from syncer.sandbox.build_catalog import (
    CuratedPopularity,
    build_catalog,
    build_seed_truth,
    load_kaggle_rows,
    synthetic_id,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "syncer" / "sandbox" / "data"
# The shared reference material sits beside the repository (override: SYNCER_REFERENCE_DIR).
REFERENCE = Path(os.environ.get("SYNCER_REFERENCE_DIR") or REPO.parent / "shared" / "reference")
KAGGLE_CSV = REFERENCE / "catalog" / "kaggle_spotify_tracks_japanese.csv"
ID_RE = re.compile(r"^[0-9A-Za-z]{22}$")

LIST_SIZES = {"tearjerkers": 7, "sorrow": 7, "rock-ballads": 25}


def _load_list(stem: str) -> dict[str, Any]:
    with (REPO / "lists" / f"{stem}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _catalog() -> list[dict[str, Any]]:
    with gzip.open(DATA / "default_catalog.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _curated() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "curated.json").read_text(encoding="utf-8"))
    return document


def _truth() -> list[dict[str, Any]]:
    document = json.loads((DATA / "seed_truth.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = document["entries"]
    return entries


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _artist_spellings(track: dict[str, Any]) -> set[str]:
    spellings = set()
    for artist in track["artists"]:
        spellings.add(_fold(artist["name"]))
        spellings.update(_fold(name) for name in artist.get("names", {}).values())
    return spellings


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    return _catalog()


@pytest.mark.parametrize(("stem", "size"), LIST_SIZES.items(), ids=list(LIST_SIZES))
def test_seed_list_has_every_article_song_with_title_and_artist(stem: str, size: int) -> None:
    document = _load_list(stem)
    assert document["playlist"]["name"]
    assert document["playlist"]["market"] == "JP"
    assert document["playlist"]["public"] is False
    tracks = document["tracks"]
    assert len(tracks) == size
    for track in tracks:
        assert track["title"].strip()
        assert track["artist"].strip()


@pytest.mark.parametrize(
    ("stem", "index", "title", "artist", "article_wording"),
    [
        ("sorrow", 2, "楓", "スピッツ", "supittsu"),
        ("tearjerkers", 0, "会いたい", "加藤ミリヤ", "Miliyah Kato"),
        ("rock-ballads", 3, "体温", "the GazettE", "Taion"),
        ("rock-ballads", 20, "Sympathia", "Versailles", None),
        ("rock-ballads", 24, "風の塔", "Creature Creature", "Kaze No Tou"),
    ],
    ids=["glued-romaji", "glued-english", "swapped", "swapped-latin", "last"],
)
def test_seed_list_entry_uses_real_names_and_keeps_article_wording(
    stem: str, index: int, title: str, artist: str, article_wording: str | None
) -> None:
    entry = _load_list(stem)["tracks"][index]
    assert (entry["title"], entry["artist"]) == (title, artist)
    if article_wording is not None:
        assert article_wording in entry.get("aliases", []) + entry.get("artist_aliases", [])


def test_catalog_lines_are_track_objects_with_unique_base62_ids(
    catalog: list[dict[str, Any]],
) -> None:
    assert len(catalog) > 5000
    for track in catalog:
        assert ID_RE.match(track["id"]), track
        assert isinstance(track["name"], str)
        assert track["artists"]
        assert all(isinstance(a["name"], str) for a in track["artists"])
        assert isinstance(track["duration_ms"], int)
        assert track["duration_ms"] >= 0
        assert not {"available_markets", "linked_from"} & track.keys()
        assert 0 <= track["popularity"] <= 100  # read by the realistic ranking, never served
    ids = [track["id"] for track in catalog]
    assert len(ids) == len(set(ids))


def test_catalog_invents_no_isrc_and_no_kaggle_release_date(
    catalog: list[dict[str, Any]],
) -> None:
    kaggle_ids = {row["track_id"] for row in _kaggle_rows_or_skip()}
    for track in catalog:
        assert "isrc" not in track.get("external_ids", {})
        if track["id"] in kaggle_ids:
            assert "release_date" not in track["album"]


def test_seed_artist_is_the_same_artist_object_as_its_kaggle_rows(
    catalog: list[dict[str, Any]],
) -> None:
    by_title = {(t["name"], t["artists"][0]["name"]): t for t in catalog}
    kaede = by_title[("楓", "SPITZ")]
    scarlet = by_title[("スカーレット", "SPITZ")]
    assert kaede["artists"][0]["id"] == scarlet["artists"][0]["id"]
    assert kaede["artists"][0]["names"] == {"ja": "スピッツ", "en": "SPITZ"}
    aitai = by_title[("会いたい", "Miliyah Kato")]
    assert aitai["artists"][0]["id"] == by_title[("20-CRY-", "Miliyah Kato")]["artists"][0]["id"]


def test_romanised_kaggle_titles_and_albums_carry_their_japanese_names(
    catalog: list[dict[str, Any]],
) -> None:
    guren = next(t for t in catalog if t["id"] == "70p3HYq9iHZisJqpDmWd1U")
    assert guren["name"] == "Guren no Yumiya"
    assert guren["names"] == {"ja": "紅蓮の弓矢", "en": "Guren no Yumiya"}
    assert guren["album"]["names"]["ja"] == "進撃の軌跡"
    be_the_light = next(t for t in catalog if t["name"] == "Be the light")
    the_beginning = next(t for t in catalog if t["name"] == "The Beginning")
    assert be_the_light["album"]["id"] == the_beginning["album"]["id"]
    assert be_the_light["album"]["names"]["ja"] == "人生×僕="


def test_kaggle_tracks_keep_their_popularity(catalog: list[dict[str, Any]]) -> None:
    by_id = {track["id"]: track for track in catalog}
    for row in _kaggle_rows_or_skip():
        assert by_id[row["track_id"]]["popularity"] == int(row["popularity"]), row


def _row(artist: str, name: str, popularity: int) -> dict[str, str]:
    return {"artists": artist, "track_name": name, "popularity": str(popularity)}


def test_a_curated_track_takes_its_popularity_by_the_stated_rule() -> None:
    rule = CuratedPopularity(
        [
            _row("SPITZ", "チェリー", 58),
            _row("SPITZ", "スカーレット", 37),
            _row("SPITZ;Guest", "ロビンソン - Live", 30),
            _row("LiSA", "紅蓮華", 74),
            _row("LiSA", "炎 (TV size)", 44),
            _row("Nobody Famous", "Song", 10),
        ]
    )

    assert rule.of("楓", "SPITZ") == 58  # the artist's best-known song
    assert rule.of("会いたい", "Chikako Sawada") == 58  # median of the artists' highest
    assert rule.of("楓 (カラオケ) [原曲歌手:スピッツ]", "Utacchao") == 37  # versions' median
    assert rule.of("Tears - Live", "Nobody Famous") == 9  # never as much as its song


def test_same_name_different_artists_keep_different_ids(catalog: list[dict[str, Any]]) -> None:
    artist_ids = {a["name"]: a["id"] for t in catalog for a in t["artists"]}
    assert artist_ids["Sasuke"] != artist_ids["SASUKE"]


def test_seed_truth_labels_every_list_entry_in_order() -> None:
    truth = _truth()
    expected = [(f"lists/{stem}.toml", i) for stem, n in LIST_SIZES.items() for i in range(n)]
    assert [(record["list"], record["index"]) for record in truth] == expected
    for record in truth:
        entry = _load_list(Path(record["list"]).stem)["tracks"][record["index"]]
        assert (record["title"], record["artist"]) == (entry["title"], entry["artist"])


def test_seed_truth_points_at_catalog_tracks_by_the_seed_artist(
    catalog: list[dict[str, Any]],
) -> None:
    by_id = {track["id"]: track for track in catalog}
    for record in _truth():
        if record["track_id"] is None:
            continue
        track = by_id[record["track_id"]]
        entry = _load_list(Path(record["list"]).stem)["tracks"][record["index"]]
        seed_artists = {_fold(a) for a in [entry["artist"], *entry.get("artist_aliases", [])]}
        assert seed_artists & _artist_spellings(track), (record, track["artists"])


def test_absent_seed_songs_are_really_absent(catalog: list[dict[str, Any]]) -> None:
    absent = [record for record in _truth() if record["track_id"] is None]
    assert 3 <= len(absent) <= 5
    for record in absent:
        entry = _load_list(Path(record["list"]).stem)["tracks"][record["index"]]
        titles = {_fold(t) for t in [entry["title"], *entry.get("aliases", [])]}
        artists = {_fold(a) for a in [entry["artist"], *entry.get("artist_aliases", [])]}
        for track in catalog:
            same_artist = bool(artists & _artist_spellings(track))
            assert not (same_artist and any(t in _fold(track["name"]) for t in titles)), track


def test_only_version_seeds_match_a_remaster() -> None:
    only = _curated()["only_version"]
    assert len(only) >= 2
    truth = {f"{Path(r['list']).stem}#{r['index']}": r["track_id"] for r in _truth()}
    by_id = {track["id"]: track for track in _catalog()}
    for item in only:
        assert "Remaster" in by_id[truth[item["seed"]]]["name"]


def test_synthetic_id_is_stable_base62_and_distinguishes_parts() -> None:
    first = synthetic_id("track", "SPITZ", "楓", "フェイクファー")
    assert ID_RE.match(first)
    assert first == synthetic_id("track", "SPITZ", "楓", "フェイクファー")
    assert first != synthetic_id("track", "SPITZ", "楓 - Live", "フェイクファー")


def test_seed_truth_build_rejects_an_unlabelled_entry(tmp_path: Path) -> None:
    curated = _curated()
    curated["absent"] = [a for a in curated["absent"] if a["seed"] != "rock-ballads#24"]
    with pytest.raises(ValueError, match="rock-ballads#24"):
        build_seed_truth(curated, REPO / "lists")


def _kaggle_rows_or_skip() -> list[dict[str, str]]:
    if not KAGGLE_CSV.exists():
        pytest.skip("the Kaggle CSV is not available on this machine")
    return load_kaggle_rows(KAGGLE_CSV)


def test_rebuilding_from_the_csv_reproduces_the_committed_catalog(
    catalog: list[dict[str, Any]],
) -> None:
    rebuilt = build_catalog(_kaggle_rows_or_skip(), _curated())
    assert rebuilt == catalog


def test_rebuilding_the_seed_truth_reproduces_the_committed_file() -> None:
    assert build_seed_truth(_curated(), REPO / "lists") == _truth()
