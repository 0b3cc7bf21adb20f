"""Deleting a playlist in the app, and `GET /me/library/contains`, as Spotify behaves in 2026."""

from __future__ import annotations

import spotipy

from syncer.sandbox import Sandbox

from .sandbox_helpers import raw


def test_deleted_playlist_still_answers_by_id_but_is_no_longer_followed(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    created = sp.current_user_playlist_create("Gone soon", public=False)
    uri = f"spotify:playlist:{created['id']}"
    assert sp.current_user_saved_items([uri]) == [True]

    sandbox.delete_playlist(created["id"])

    assert sp.current_user_saved_items([uri]) == [False]
    assert sp.playlist(created["id"])["id"] == created["id"]
    listed = sp.current_user_playlists(limit=50)["items"]
    assert created["id"] not in [p["id"] for p in listed]


def test_library_contains_answers_per_uri_and_refuses_more_than_40(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    created = sp.current_user_playlist_create("Kept", public=False)
    uris = [f"spotify:playlist:{created['id']}", "spotify:playlist:0000000000000000000000"]

    assert sp.current_user_saved_items(uris) == [True, False]
    too_many = raw(sandbox, "GET", "/v1/me/library/contains", params={"uris": ",".join(uris * 21)})
    assert too_many.status_code == 400
    assert too_many.json()["error"]["status"] == 400


def test_deleting_over_http_is_an_inspection_endpoint(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    created = sp.current_user_playlist_create("Via HTTP", public=False)

    answer = raw(sandbox, "DELETE", f"/_sandbox/playlists/{created['id']}")

    assert answer.status_code == 200
    assert sp.current_user_saved_items([f"spotify:playlist:{created['id']}"]) == [False]
