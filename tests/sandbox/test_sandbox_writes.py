"""Playlist writes as Spotify answers them when things are not simple (spotify-api.md §3.6, §5).

- `applied500`: the write is carried out, then answered 500 ("5xx injection, including
  'applied, then 500' to expose duplicate adds", §5).
- `snapshot_lag=N`: items are current at once, but metadata reads keep showing the snapshot
  from before a burst of writes ("Reads can lag writes", §3.6; eXPerience83/news-bulletin-
  playlist#101 and #134), while the write itself answers the new one.
- A DELETE or reorder that carries `snapshot_id` is answered 502 and does nothing (§3.6,
  jwilsson/spotify-web-api-php#284: "Do not rely on conditional edits").
"""

from __future__ import annotations

import pytest
import spotipy

from syncer.sandbox import Sandbox
from syncer.sandbox.faults import FaultSpec, FaultSpecError

from .sandbox_helpers import CHERRY, KAEDE, SAKURA, TEARS, client_for, raw


def test_applied500_carries_the_write_out_then_answers_500(sandbox: Sandbox) -> None:
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]
    sandbox.set_faults(FaultSpec.parse("applied500=1"))

    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.playlist_add_items(playlist_id, [KAEDE])
    read = sp.playlist_items(playlist_id)  # reads are never faulted by it

    assert caught.value.http_status == 500
    assert sandbox.playlist_uris(playlist_id) == [KAEDE]
    assert [e["item"]["uri"] for e in read["items"]] == [KAEDE]


def test_metadata_reads_lag_the_writes_while_items_do_not(sandbox: Sandbox) -> None:
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]
    before = sp.playlist(playlist_id)["snapshot_id"]
    sandbox.set_faults(FaultSpec.parse("snapshot_lag=2"))

    first = sp.playlist_add_items(playlist_id, [KAEDE])["snapshot_id"]
    second = sp.playlist_add_items(playlist_id, [SAKURA])["snapshot_id"]  # the same burst
    items = [e["item"]["uri"] for e in sp.playlist_items(playlist_id)["items"]]
    shown = [sp.playlist(playlist_id)["snapshot_id"] for _ in range(3)]
    listed = next(p for p in sp.current_user_playlists()["items"] if p["id"] == playlist_id)

    assert before != first != second
    assert items == [KAEDE, SAKURA]
    assert shown == [before, before, second]  # two reads lag, then the truth
    assert listed["snapshot_id"] == second


def test_without_the_knob_a_read_shows_the_new_snapshot_at_once(sandbox: Sandbox) -> None:
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]

    written = sp.playlist_add_items(playlist_id, [KAEDE])["snapshot_id"]

    assert sp.playlist(playlist_id)["snapshot_id"] == written


def test_a_delete_or_reorder_carrying_snapshot_id_is_502_and_does_nothing(
    sandbox: Sandbox,
) -> None:
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]
    snapshot = sp.playlist_add_items(playlist_id, [KAEDE, CHERRY, TEARS])["snapshot_id"]
    path = f"/v1/playlists/{playlist_id}/items"

    delete = raw(sandbox, "DELETE", path, json={"items": [{"uri": KAEDE}], "snapshot_id": snapshot})
    reorder = raw(
        sandbox,
        "PUT",
        path,
        json={"range_start": 0, "insert_before": 3, "snapshot_id": snapshot},
    )
    unchanged = sandbox.playlist_uris(playlist_id)
    plain = sp.playlist_remove_all_occurrences_of_items(playlist_id, [KAEDE])

    assert (delete.status_code, reorder.status_code) == (502, 502)
    assert delete.json() == {"error": {"status": 502, "message": "Error while loading resource"}}
    assert unchanged == [KAEDE, CHERRY, TEARS]
    assert plain["snapshot_id"] != snapshot
    assert sandbox.playlist_uris(playlist_id) == [CHERRY, TEARS]


def test_the_new_knobs_parse_and_are_refused_when_malformed() -> None:
    spec = FaultSpec.parse("applied500=0.2,snapshot_lag=3")

    assert spec.snapshot_lag == 3
    assert spec.total_probability == pytest.approx(0.2)
    with pytest.raises(FaultSpecError, match="snapshot_lag"):
        FaultSpec.parse("snapshot_lag=-1")


LOCAL_FILE = "spotify:local:Kitchen+Band:Demos:Our+Song:187"


def test_a_hand_added_local_file_is_served_as_spotify_serves_one(sandbox: Sandbox) -> None:
    # A person's playlist can hold local files; the API serves them without ids (§3.6) and
    # cannot remove them by URI (only track URIs are accepted).
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]
    sp.playlist_add_items(playlist_id, [KAEDE])
    sandbox.hand_add(playlist_id, LOCAL_FILE, position=0)

    entries = sp.playlist_items(playlist_id)["items"]
    removal = raw(
        sandbox,
        "DELETE",
        f"/v1/playlists/{playlist_id}/items",
        json={"items": [{"uri": LOCAL_FILE}]},
    )

    local = entries[0]
    assert local["is_local"] is True
    assert local["item"]["uri"] == LOCAL_FILE
    assert local["item"]["id"] is None
    assert (local["item"]["name"], local["item"]["artists"][0]["name"]) == (
        "Our Song",
        "Kitchen Band",
    )
    assert local["item"]["duration_ms"] == 187_000
    assert entries[1]["is_local"] is False
    assert removal.status_code == 400
    assert sandbox.playlist_uris(playlist_id) == [LOCAL_FILE, KAEDE]


def test_the_same_track_can_be_added_twice(sandbox: Sandbox) -> None:
    sp = client_for(sandbox)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]

    sp.playlist_add_items(playlist_id, [KAEDE, KAEDE])
    sp.playlist_add_items(playlist_id, [KAEDE], position=1)

    assert sandbox.playlist_uris(playlist_id) == [KAEDE, KAEDE, KAEDE]
