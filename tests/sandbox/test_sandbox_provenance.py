"""`GET /_sandbox/tracks/{id}/provenance`: what a served track is, for the evaluation only.

The realistic profile's generated tracks carry their provenance (kind, the song they are a
version of, the label naming the version and where it is written, whether they are that
song's very recording); the API serves none of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import spotipy

from syncer.sandbox import Catalog, Sandbox, load_catalog

from .sandbox_helpers import KAEDE_LIVE, SMALL_CATALOG, client_for

TEARS_ID = "1mYyQ2YkCSvjJeMaYkCLjA"  # X JAPAN "Tears" in small_catalog.json
PROVENANCE_FIELDS = {"kind", "parent_id", "label", "placement", "same_song"}


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_catalog(SMALL_CATALOG)


@pytest.fixture
def realistic(small: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=small, profile="realistic") as sb:
        yield sb


def provenance_of(sandbox: Sandbox, track_id: str) -> requests.Response:
    return requests.get(f"{sandbox.base_url}/_sandbox/tracks/{track_id}/provenance", timeout=30)


def releases_of_tears(sp: spotipy.Spotify) -> list[dict[str, Any]]:
    """Every track the API finds for X JAPAN's "Tears", page by page."""
    page = sp.search('track:"Tears" artist:"X JAPAN"', type="track", limit=10)["tracks"]
    items = list(page["items"])
    while page["next"]:
        page = sp.next(page)["tracks"]
        items.extend(page["items"])
    return items


def by_kind(sandbox: Sandbox, tracks: list[dict[str, Any]]) -> dict[str, list[tuple[dict, dict]]]:
    """The tracks found, grouped by the kind their provenance names."""
    grouped: dict[str, list[tuple[dict, dict]]] = {}
    for track in tracks:
        answer = provenance_of(sandbox, track["id"])
        assert answer.status_code == 200
        grouped.setdefault(answer.json()["kind"], []).append((track, answer.json()))
    return grouped


def test_a_catalog_track_is_an_original(realistic: Sandbox) -> None:
    answer = provenance_of(realistic, TEARS_ID)
    live_row_of_the_catalog = provenance_of(realistic, KAEDE_LIVE.rsplit(":", 1)[1])

    assert (answer.status_code, answer.json()) == (200, {"kind": "original"})
    assert live_row_of_the_catalog.json() == {"kind": "original"}  # a real row, whatever its title


def test_a_live_take_is_another_recording_of_its_song(realistic: Sandbox) -> None:
    found = by_kind(realistic, releases_of_tears(client_for(realistic)))

    track, provenance = found["live"][0]

    assert set(provenance) == PROVENANCE_FIELDS
    assert provenance["parent_id"] == TEARS_ID
    assert provenance["same_song"] is False
    assert provenance["label"]
    if provenance["placement"] == "title":
        assert provenance["label"] in track["name"]
    assert track["name"].startswith("Tears")


def test_a_compilation_copy_is_the_song_itself(realistic: Sandbox) -> None:
    found = by_kind(realistic, releases_of_tears(client_for(realistic)))

    track, provenance = found["compilation"][0]

    assert provenance == {
        "kind": "compilation",
        "parent_id": TEARS_ID,
        "label": None,
        "placement": None,
        "same_song": True,
    }
    assert track["name"] == "Tears"
    assert track["album"]["album_type"] == "compilation"
    assert track["id"] != TEARS_ID


def test_a_song_sharing_only_the_title_is_no_version_of_it(realistic: Sandbox) -> None:
    page = client_for(realistic).search('track:"Tears"', type="track", limit=10)["tracks"]
    kinds = by_kind(realistic, page["items"])
    for _track, provenance in kinds.get("same_title", []):
        assert (provenance["parent_id"], provenance["same_song"]) == (None, False)


def test_an_unknown_id_is_not_found(realistic: Sandbox, sandbox: Sandbox) -> None:
    unknown = "0" * 22

    assert provenance_of(realistic, unknown).status_code == 404
    assert provenance_of(sandbox, unknown).status_code == 404
    assert provenance_of(sandbox, TEARS_ID).json() == {"kind": "original"}  # simple profile


def test_no_api_response_carries_provenance(realistic: Sandbox) -> None:
    sp = client_for(realistic)
    found = releases_of_tears(sp)
    synthetic = [t for t in found if provenance_of(realistic, t["id"]).json()["kind"] != "original"]
    playlist = sp.current_user_playlist_create("Versions", public=False)["id"]
    sp.playlist_add_items(playlist, [t["uri"] for t in synthetic[:5]])

    answers = [
        sp.search('track:"Tears" artist:"X JAPAN"', type="track", limit=10),
        *(sp.track(t["id"]) for t in synthetic[:5]),
        sp.playlist_items(playlist),
    ]
    original_keys = set(sp.track(TEARS_ID))

    assert len(synthetic) >= 5
    for answer in answers:
        text = json.dumps(answer)
        assert "provenance" not in text
        assert "same_song" not in text
        assert "parent_id" not in text
    assert all(set(sp.track(t["id"])) == original_keys for t in synthetic[:5])
