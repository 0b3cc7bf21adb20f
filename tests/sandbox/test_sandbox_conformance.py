"""Conformance: real spotipy 2.26 against the sandbox, for every endpoint syncer uses.

Bodies are validated against the reference OpenAPI spec (Development-Mode fields excepted) and
their key sets compared with recorded real responses.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import spotipy

from syncer.sandbox import Sandbox

from .sandbox_helpers import (
    CHERRY,
    DEV_MODE_REMOVED,
    ENDLESS_RAIN,
    ENDLESS_RAIN_LIVE,
    KAEDE,
    KAEDE_LIVE,
    RESPONSES,
    SAKURA,
    TEARS,
    YORU,
    assert_matches_schema,
    client_for,
    raw,
)


def recorded(name: str) -> Any:
    path = RESPONSES / f"joostlek-python-spotify__{name}.json"
    if not path.exists():
        pytest.skip(f"recorded response {path} not found (CI has it)")
    return json.loads(path.read_text(encoding="utf-8"))


def dev_mode_keys(obj: dict[str, Any]) -> set[str]:
    return set(obj) - DEV_MODE_REMOVED


def new_playlist(sp: spotipy.Spotify, uris: list[str] | None = None) -> str:
    playlist_id: str = sp.current_user_playlist_create("Test list", public=False)["id"]
    if uris:
        sp.playlist_add_items(playlist_id, uris)
    return playlist_id


# --- search ------------------------------------------------------------------------------------


def test_search_returns_a_track_paging_object_shaped_like_the_real_one(sp: spotipy.Spotify) -> None:
    result = sp.search("ENDLESS RAIN", type="track", limit=1)

    paging = result["tracks"]
    assert_matches_schema(result, "responses/SearchItems/content/application~1json/schema")
    real = recorded("search")["tracks"]
    assert set(paging) == set(real)
    assert dev_mode_keys(paging["items"][0]) == dev_mode_keys(real["items"][0])
    assert dev_mode_keys(paging["items"][0]["album"]) <= dev_mode_keys(real["items"][0]["album"])
    assert {"popularity", "available_markets", "linked_from"}.isdisjoint(paging["items"][0])


def test_search_paging_follows_the_query_alias_in_next_links(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    first = sp.search("X JAPAN", type="track", limit=2)["tracks"]
    second = sp.next(first)["tracks"]

    assert first["next"].startswith(sandbox.api_url + "search?offset=2&limit=2&query=X%20JAPAN")
    assert first["total"] == 3
    assert second["offset"] == 2
    assert second["previous"] is not None
    assert second["next"] is None
    ids = [t["id"] for t in first["items"] + second["items"]]
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            'track:"ENDLESS RAIN" artist:"X JAPAN"',
            {ENDLESS_RAIN, ENDLESS_RAIN_LIVE},
            id="track-and-artist-filter",
        ),
        pytest.param("track:Tears year:1990-1999", {TEARS}, id="year-range"),
        pytest.param("isrc:JPPO09600456", {CHERRY}, id="isrc"),
        pytest.param("artist:スピッツ", {KAEDE, KAEDE_LIVE, CHERRY}, id="japanese-artist-name"),
        pytest.param("artist:Spitz track:Kaede", {KAEDE, KAEDE_LIVE}, id="english-localised-names"),
        pytest.param("駆ける", {YORU}, id="japanese-substring"),
    ],
)
def test_search_field_filters(sp: spotipy.Spotify, query: str, expected: set[str]) -> None:
    items = sp.search(query, type="track", limit=10)["tracks"]["items"]

    assert {t["uri"] for t in items} == expected


@pytest.mark.parametrize(
    ("language", "artist", "title"),
    [
        pytest.param("ja", "スピッツ", "楓", id="ja"),
        pytest.param("en", "Spitz", "Kaede", id="en"),
        pytest.param(None, "Spitz", "楓", id="no-language-plain-names"),
    ],
)
def test_search_answers_in_the_requested_language(
    sandbox: Sandbox, language: str | None, artist: str, title: str
) -> None:
    sp = client_for(sandbox, language=language)

    track = sp.search("isrc:JPPO09800123", type="track")["tracks"]["items"][0]

    assert track["artists"][0]["name"] == artist
    assert track["name"] == title


@pytest.mark.parametrize("limit", [0, 11, 50])
def test_search_rejects_a_limit_outside_1_to_10(sp: spotipy.Spotify, limit: int) -> None:
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.search("Tears", type="track", limit=limit)

    assert caught.value.http_status == 400
    assert "Invalid limit" in caught.value.msg


def test_search_defaults_to_five_results(sandbox: Sandbox) -> None:
    response = raw(sandbox, "GET", "/v1/search", params={"q": "a", "type": "track"})

    assert response.status_code == 200
    assert response.json()["tracks"]["limit"] == 5


def test_search_without_hits_is_an_empty_page_not_an_error(sp: spotipy.Spotify) -> None:
    paging = sp.search("nothing like this exists", type="track")["tracks"]

    assert (paging["items"], paging["total"], paging["next"]) == ([], 0, None)


# --- tracks and user -----------------------------------------------------------------------------


def test_track_is_a_dev_mode_track_object(sp: spotipy.Spotify) -> None:
    track = sp.track(SAKURA)

    assert_matches_schema(track, "schemas/TrackObject")
    assert track["uri"] == SAKURA
    assert track["external_ids"] == {"isrc": "JPWB00500001"}
    assert track["album"]["release_date"] == "2018-03-28"


def test_unknown_track_is_404_and_malformed_id_is_400(sandbox: Sandbox) -> None:
    missing = raw(sandbox, "GET", "/v1/tracks/0000000000000000000000")
    malformed = raw(sandbox, "GET", "/v1/tracks/not-an-id")

    assert missing.status_code == 404
    assert missing.json() == recorded("playlist_not_found")
    assert malformed.status_code == 400


def test_me_has_the_dev_mode_user_shape(sp: spotipy.Spotify) -> None:
    me = sp.me()

    assert_matches_schema(me, "schemas/PrivateUserObject")
    assert me["id"] == "sandbox-user"
    assert dev_mode_keys(me) | {"account_id"} == dev_mode_keys(recorded("current_user")) | {
        "account_id"
    }
    assert "account_id" in me


# --- playlists -----------------------------------------------------------------------------------


def test_create_playlist_answers_201_with_a_full_playlist(sandbox: Sandbox) -> None:
    response = raw(
        sandbox, "POST", "/v1/me/playlists", json={"name": "Tear-jerkers", "public": False}
    )

    body = response.json()
    assert response.status_code == 201
    assert_matches_schema(body, "schemas/PlaylistObject")
    assert set(recorded("playlist_1")) == set(body)
    assert (body["name"], body["public"], body["owner"]["id"]) == (
        "Tear-jerkers",
        False,
        "sandbox-user",
    )
    assert len(body["id"]) == 22
    assert body["items"]["total"] == 0


def test_my_playlists_pages_owned_and_followed_playlists(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    for n in range(3):
        sp.current_user_playlist_create(f"List {n}", public=False)
    sandbox.create_foreign_playlist("Someone's mix", uris=[SAKURA])

    first = sp.current_user_playlists(limit=2)
    rest = sp.current_user_playlists(limit=2, offset=2)

    assert_matches_schema(first, "responses/PagedPlaylists/content/application~1json/schema")
    real = recorded("current_user_playlist_1")
    assert set(first) == set(real)
    assert set(first["items"][0]) == set(real["items"][0])
    assert first["total"] == 4
    assert first["next"].startswith(sandbox.base_url + "/v1/")
    owners = {p["owner"]["id"] for p in first["items"] + rest["items"]}
    assert owners == {"sandbox-user", "someone-else"}
    assert sp.next(first)["items"] == rest["items"]  # the real link: /users/{me}/playlists


def test_get_and_change_playlist_details(sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE])
    before = sp.playlist(playlist_id)

    result = sp.playlist_change_details(playlist_id, name="Renamed", description="Tears")
    after = sp.playlist(playlist_id)

    assert result is None
    assert (after["name"], after["description"]) == ("Renamed", "Tears")
    assert after["snapshot_id"] != before["snapshot_id"]
    assert after["items"]["items"][0]["item"]["uri"] == KAEDE
    assert after["tracks"] == after["items"] | {
        "href": after["tracks"]["href"],
        "next": None,
        "previous": None,
    }


def test_get_playlist_with_fields_keeps_only_those(sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA])

    body = sp.playlist(playlist_id, fields="name,items(total,items(item(uri)))")

    assert body == {
        "name": "Test list",
        "items": {"total": 2, "items": [{"item": {"uri": KAEDE}}, {"item": {"uri": SAKURA}}]},
    }


def test_missing_playlist_is_404_resource_not_found(sandbox: Sandbox) -> None:
    response = raw(sandbox, "GET", "/v1/playlists/0000000000000000000000")

    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "Resource not found"}}


# --- playlist items ------------------------------------------------------------------------------


def test_playlist_items_have_item_and_track_and_page_by_50(sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA, TEARS])

    page = sp.playlist_items(playlist_id, limit=2)

    assert_matches_schema(page, "schemas/PagingPlaylistTrackObject")
    real = recorded("playlist_items")
    assert set(page) == set(real)
    assert set(page["items"][0]) == set(real["items"][0])
    assert dev_mode_keys(page["items"][0]["item"]) == dev_mode_keys(real["items"][0]["item"])
    assert page["items"][0]["item"] == page["items"][0]["track"]
    assert page["items"][0]["added_at"].endswith("Z")
    assert page["items"][0]["added_by"]["id"] == "sandbox-user"
    assert [i["item"]["uri"] for i in sp.next(page)["items"]] == [TEARS]


def test_playlist_items_limit_above_50_is_400(sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp)

    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.playlist_items(playlist_id, limit=51)

    assert caught.value.http_status == 400


def test_add_items_as_spotipy_sends_them_with_a_position(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA])

    result = sp.playlist_add_items(playlist_id, [TEARS], position=1)

    assert sandbox.playlist_uris(playlist_id) == [KAEDE, TEARS, SAKURA]
    assert result == {"snapshot_id": sp.playlist(playlist_id)["snapshot_id"]}


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"json": {"uris": [KAEDE, SAKURA]}}, id="uris-object"),
        pytest.param({"params": {"uris": f"{KAEDE},{SAKURA}"}}, id="uris-query"),
        pytest.param({"json": [KAEDE, SAKURA]}, id="bare-array"),
    ],
)
def test_add_items_accepts_every_body_form(
    sandbox: Sandbox, sp: spotipy.Spotify, how: dict[str, Any]
) -> None:
    playlist_id = new_playlist(sp)

    response = raw(sandbox, "POST", f"/v1/playlists/{playlist_id}/items", **how)

    assert response.status_code == 201
    assert set(response.json()) == set(recorded("playlist_update_items"))
    assert sandbox.playlist_uris(playlist_id) == [KAEDE, SAKURA]


def test_add_of_101_items_is_400_and_changes_nothing(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp)

    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.playlist_add_items(playlist_id, [KAEDE] * 101)

    assert caught.value.http_status == 400
    assert "maximum of 100" in caught.value.msg
    assert sandbox.playlist_uris(playlist_id) == []


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        pytest.param("3GhbeYiwQdEkbRBnBUYV1d", "Invalid track uri", id="bare-id"),
        pytest.param("spotify:track:0000000000000000000000", "non-existing ID", id="unknown-track"),
    ],
)
def test_add_rejects_bad_uris(
    sandbox: Sandbox, sp: spotipy.Spotify, uri: str, message: str
) -> None:
    playlist_id = new_playlist(sp)

    response = raw(sandbox, "POST", f"/v1/playlists/{playlist_id}/items", json={"uris": [uri]})

    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_reorder_moves_a_range(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA, TEARS, CHERRY])

    sp.playlist_reorder_items(playlist_id, range_start=0, insert_before=4, range_length=2)

    assert sandbox.playlist_uris(playlist_id) == [TEARS, CHERRY, KAEDE, SAKURA]


def test_replace_sets_the_contents_and_empty_clears(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA])

    sp.playlist_replace_items(playlist_id, [TEARS, CHERRY])
    replaced = sandbox.playlist_uris(playlist_id)
    sp.playlist_replace_items(playlist_id, [])

    assert replaced == [TEARS, CHERRY]
    assert sandbox.playlist_uris(playlist_id) == []


def test_delete_removes_every_occurrence(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp, [KAEDE, SAKURA, KAEDE, TEARS])
    before = sp.playlist(playlist_id)["snapshot_id"]

    result = sp.playlist_remove_all_occurrences_of_items(playlist_id, [KAEDE])

    assert sandbox.playlist_uris(playlist_id) == [SAKURA, TEARS]
    assert result["snapshot_id"] != before


def test_items_of_a_playlist_the_user_does_not_own_are_403(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    foreign = sandbox.create_foreign_playlist("Not mine", uris=[SAKURA])

    with pytest.raises(spotipy.SpotifyException) as reading:
        sp.playlist_items(foreign)
    with pytest.raises(spotipy.SpotifyException) as adding:
        sp.playlist_add_items(foreign, [KAEDE])
    metadata = sp.playlist(foreign)

    assert (reading.value.http_status, adding.value.http_status) == (403, 403)
    assert "items" not in metadata
    assert sandbox.playlist_uris(foreign) == [SAKURA]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", "/v1/users/x/playlists", id="create-for-user"),
        pytest.param("GET", "/v1/users/x/playlists", id="list-for-user"),
        pytest.param("GET", f"/v1/tracks?ids={SAKURA[14:]}", id="batch-tracks"),
        pytest.param("GET", "/v1/playlists/0000000000000000000000/tracks", id="old-tracks-path"),
    ],
)
def test_endpoints_removed_in_development_mode_are_403(
    sandbox: Sandbox, method: str, path: str
) -> None:
    response = raw(sandbox, method, path, json={"name": "x"})

    assert response.status_code == 403
    assert response.json() == {"error": {"status": 403, "message": "Forbidden"}}


def test_spotipy_deprecated_calls_hit_the_removed_endpoints(sp: spotipy.Spotify) -> None:
    with (
        pytest.raises(spotipy.SpotifyException) as caught,
        pytest.warns(DeprecationWarning, match="deprecated"),
    ):
        sp.user_playlist_create("x", "Old way")

    assert caught.value.http_status == 403


def test_every_write_changes_the_snapshot(sp: spotipy.Spotify) -> None:
    playlist_id = new_playlist(sp)
    snapshots = [sp.playlist(playlist_id)["snapshot_id"]]

    snapshots.append(sp.playlist_add_items(playlist_id, [KAEDE, SAKURA])["snapshot_id"])
    snapshots.append(sp.playlist_reorder_items(playlist_id, 1, 0)["snapshot_id"])
    snapshots.append(sp.playlist_replace_items(playlist_id, [TEARS])["snapshot_id"])
    sp.playlist_change_details(playlist_id, description="new")
    snapshots.append(sp.playlist(playlist_id)["snapshot_id"])

    assert len(set(snapshots)) == len(snapshots)


# --- tokens and scopes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="missing"),
        pytest.param("Bearer not-a-token", id="invalid"),
    ],
)
def test_requests_without_a_valid_token_are_401(
    sandbox: Sandbox, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = requests.get(sandbox.api_url + "me", headers=headers, timeout=5)

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Missing/invalid/expired access token"
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="spotify"')


def test_expired_access_tokens_are_401(sandbox: Sandbox, sp: spotipy.Spotify) -> None:
    sandbox.expire_access_tokens()

    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.me()

    assert caught.value.http_status == 401


def test_writes_need_the_modify_scope(sandbox: Sandbox) -> None:
    reader = client_for(sandbox, scope="playlist-read-private")

    with pytest.raises(spotipy.SpotifyException) as caught:
        reader.current_user_playlist_create("Nope", public=False)

    assert caught.value.http_status == 403
    assert sandbox.playlists() == []
