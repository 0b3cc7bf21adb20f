"""Playlist details as Spotify stores them, through real spotipy: descriptions come back
HTML-escaped; over-long or multi-line names and descriptions, and adds past 10,000 items, are
refused with the 500 Spotify was reported to answer, and nothing changes."""

from __future__ import annotations

import pytest
import spotipy
from spotipy.exceptions import SpotifyException

from syncer.sandbox import Sandbox

from .sandbox_helpers import KAEDE

WRITTEN = """Spitz's 楓 & "Kobukuro" <3 / AC/DC"""
STORED = "Spitz&#x27;s 楓 &amp; &quot;Kobukuro&quot; &lt;3 &#x2F; AC&#x2F;DC"


def test_a_description_comes_back_html_escaped_wherever_it_is_read(sp: spotipy.Spotify) -> None:
    created = sp.current_user_playlist_create("Escaped", public=False, description=WRITTEN)

    assert created["description"] == STORED
    assert sp.playlist(created["id"])["description"] == STORED
    listed = sp.current_user_playlists(limit=50)["items"]
    assert [p["description"] for p in listed if p["id"] == created["id"]] == [STORED]


def test_a_changed_description_is_stored_escaped_too(sp: spotipy.Spotify) -> None:
    created = sp.current_user_playlist_create("Escaped", public=False, description="plain")

    sp.playlist_change_details(created["id"], description=WRITTEN)

    assert sp.playlist(created["id"])["description"] == STORED


@pytest.mark.parametrize(
    ("name", "description"),
    [
        pytest.param("n" * 101, "", id="name over 100"),
        pytest.param("Two\nlines", "", id="line break in name"),
        pytest.param("N", "d" * 301, id="description over 300"),
        pytest.param("N", "one\ntwo", id="line break in description"),
        pytest.param("N", "tab\there", id="control character in description"),
    ],
)
def test_details_spotify_refuses_are_a_500_and_change_nothing(
    sandbox: Sandbox, sp: spotipy.Spotify, name: str, description: str
) -> None:
    kept = sp.current_user_playlist_create("Kept", public=False, description="kept")

    with pytest.raises(SpotifyException) as on_create:
        sp.current_user_playlist_create(name, public=False, description=description)
    with pytest.raises(SpotifyException) as on_change:
        sp.playlist_change_details(kept["id"], name=name, description=description)

    assert on_create.value.http_status == on_change.value.http_status == 500
    assert [p.name for p in sandbox.library.all()] == ["Kept"]
    assert sp.playlist(kept["id"])["description"] == "kept"


def test_the_longest_details_spotify_takes_are_accepted(sp: spotipy.Spotify) -> None:
    created = sp.current_user_playlist_create("n" * 100, public=False, description="d" * 300)

    assert (len(created["name"]), len(created["description"])) == (100, 300)


def test_adds_past_10000_items_are_refused_and_the_playlist_stays_full(
    sandbox: Sandbox, sp: spotipy.Spotify
) -> None:
    created = sp.current_user_playlist_create("Full", public=False)
    playlist = sandbox.library.get(created["id"])
    assert playlist is not None
    sandbox.library.add(playlist, [KAEDE] * 9_999, None, sandbox.user_id)

    sp.playlist_add_items(created["id"], [KAEDE])  # the 10,000th fits
    with pytest.raises(SpotifyException) as refused:
        sp.playlist_add_items(created["id"], [KAEDE])

    assert refused.value.http_status == 500
    assert len(playlist.entries) == 10_000
