"""Inspection outside /v1, hand edits, persistence, and the default catalog."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests
import spotipy

from syncer.errors import StateError
from syncer.sandbox import Catalog, Sandbox, default_catalog_path, load_catalog

from .sandbox_helpers import KAEDE, SAKURA, TEARS, client_for


def test_stats_count_requests_per_method_and_endpoint(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    playlist_id = sp.current_user_playlist_create("Counted", public=False)["id"]
    sp.playlist_add_items(playlist_id, [KAEDE])
    sp.playlist_add_items(playlist_id, [SAKURA])
    sp.search("Tears", type="track")

    over_http = requests.get(sandbox.base_url + "/_sandbox/stats", timeout=5).json()

    assert sandbox.stats() == {
        "POST /v1/me/playlists": 1,
        "POST /v1/playlists/{id}/items": 2,
        "GET /v1/search": 1,
    }
    assert over_http == sandbox.stats()


def test_stats_reset(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    sp.me()

    requests.post(sandbox.base_url + "/_sandbox/stats/reset", timeout=5)
    sp.me()

    assert sandbox.stats() == {"GET /v1/me": 1}


def test_playlists_show_contents_over_http(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = sp.current_user_playlist_create("Shown", public=False, description="d")["id"]
    sp.playlist_add_items(playlist_id, [KAEDE, SAKURA])

    listed = requests.get(sandbox.base_url + "/_sandbox/playlists", timeout=5).json()

    assert listed == sandbox.playlists()
    assert listed[0]["id"] == playlist_id
    assert (listed[0]["name"], listed[0]["owner"], listed[0]["items"]) == (
        "Shown",
        "sandbox-user",
        [KAEDE, SAKURA],
    )


def test_hand_edits_over_http_are_seen_by_the_api(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = sp.current_user_playlist_create("Edited", public=False)["id"]
    sp.playlist_add_items(playlist_id, [KAEDE, SAKURA])
    items_url = f"{sandbox.base_url}/_sandbox/playlists/{playlist_id}/items"

    at_start: dict[str, str | int] = {"uri": TEARS, "position": 0}
    added = requests.post(items_url, params=at_start, timeout=5)
    removed = requests.delete(items_url, params={"uri": SAKURA}, timeout=5)
    seen = [i["item"]["uri"] for i in sp.playlist_items(playlist_id)["items"]]

    assert (added.status_code, removed.status_code) == (200, 200)
    assert removed.json()["items"] == [TEARS, KAEDE]
    assert seen == [TEARS, KAEDE]


def test_hand_add_in_python_changes_the_snapshot(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = sp.current_user_playlist_create("By hand", public=False)["id"]
    before = sp.playlist(playlist_id)["snapshot_id"]

    sandbox.hand_add(playlist_id, TEARS)
    sandbox.hand_add(playlist_id, KAEDE, position=0)
    sandbox.hand_remove(playlist_id, TEARS)

    assert sandbox.playlist_uris(playlist_id) == [KAEDE]
    assert sp.playlist(playlist_id)["snapshot_id"] != before


def test_foreign_playlist_is_followed_but_not_editable(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    foreign = sandbox.create_foreign_playlist("Their mix", owner_id="dj", uris=[SAKURA, TEARS])

    listed = sp.current_user_playlists()["items"]

    assert [(p["id"], p["owner"]["id"]) for p in listed] == [(foreign, "dj")]
    assert sandbox.playlist_uris(foreign) == [SAKURA, TEARS]


def test_state_file_makes_consecutive_runs_share_an_account(
    catalog: Catalog, tmp_path: Path
) -> None:
    state = tmp_path / "state" / "sandbox.json"
    with Sandbox(catalog=catalog, state_file=state) as first:
        sp = client_for(first)
        playlist_id = sp.current_user_playlist_create("Kept", public=False)["id"]
        sp.playlist_add_items(playlist_id, [KAEDE, SAKURA])
        snapshot = sp.playlist(playlist_id)["snapshot_id"]

    with Sandbox(catalog=catalog, state_file=state) as second:
        sp = client_for(second)
        kept = sp.playlist(playlist_id)
        sp.playlist_add_items(playlist_id, [TEARS])

        assert [i["item"]["uri"] for i in kept["items"]["items"]] == [KAEDE, SAKURA]
        assert kept["snapshot_id"] == snapshot
        assert sp.playlist(playlist_id)["snapshot_id"] != snapshot
    assert [p.name for p in state.parent.iterdir()] == ["sandbox.json"]  # no temp files left


def test_corrupt_state_file_is_refused_not_overwritten(catalog: Catalog, tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text("{not json", encoding="utf-8")

    with pytest.raises(StateError):
        Sandbox(catalog=catalog, state_file=state)

    assert state.read_text(encoding="utf-8") == "{not json"


def test_state_file_records_playlists_as_json(catalog: Catalog, tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    with Sandbox(catalog=catalog, state_file=state) as sb:
        playlist_id = client_for(sb).current_user_playlist_create("Saved", public=False)["id"]

    saved = json.loads(state.read_text(encoding="utf-8"))

    assert [p["id"] for p in saved["playlists"]] == [playlist_id]


@pytest.mark.skipif(not default_catalog_path().exists(), reason="default catalog not built yet")
def test_default_catalog_serves_a_search_within_two_seconds() -> None:
    # CPU time of this process (client and server threads alike): wall time on a machine
    # shared by many test runs measures the neighbours, not the sandbox.
    started = time.process_time()
    with Sandbox(catalog=load_catalog(default_catalog_path())) as sb:
        sp = client_for(sb)
        hits = sp.search("桜", type="track")["tracks"]["items"]
        elapsed = time.process_time() - started

    assert hits
    assert elapsed < 2.0
