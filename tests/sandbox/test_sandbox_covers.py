"""Album covers: the sandbox draws one for every album the catalog gives none, and serves it."""

from __future__ import annotations

import requests
import spotipy

from syncer.sandbox import Sandbox

from .sandbox_helpers import assert_matches_schema

NO_IMAGES_IN_CATALOG = "6l9OAJXbXj0RcWJt2kLvYH"  # small_catalog.json gives its album no images
IMAGES_IN_CATALOG = "1mYyQ2YkCSvjJeMaYkCLjA"  # ...and this one's album a recorded image


def test_an_album_without_images_gets_three_generated_covers_like_spotify(
    sp: spotipy.Spotify, sandbox: Sandbox
) -> None:
    album = sp.track(NO_IMAGES_IN_CATALOG)["album"]
    assert [(i["height"], i["width"]) for i in album["images"]] == [
        (640, 640),
        (300, 300),
        (64, 64),
    ]
    assert all(i["url"].startswith(sandbox.base_url + "/_sandbox/covers/") for i in album["images"])
    assert_matches_schema(album, "schemas/SimplifiedAlbumObject")


def test_the_catalogs_own_images_are_served_as_given(sp: spotipy.Spotify) -> None:
    images = sp.track(IMAGES_IN_CATALOG)["album"]["images"]
    assert images
    assert all(i["url"].startswith("https://i.scdn.co/") for i in images)


def test_a_cover_is_an_svg_of_the_asked_size_the_same_every_time(
    sp: spotipy.Spotify, sandbox: Sandbox
) -> None:
    url = sp.track(NO_IMAGES_IN_CATALOG)["album"]["images"][1]["url"]
    before = sandbox.stats()
    first, again = requests.get(url, timeout=5), requests.get(url, timeout=5)
    assert sandbox.stats() == before  # covers are not API requests
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "image/svg+xml"
    assert b'width="300" height="300"' in first.content
    assert first.content == again.content


def test_different_albums_get_different_covers(sandbox: Sandbox) -> None:
    one = requests.get(sandbox.base_url + "/_sandbox/covers/aaaa", timeout=5).content
    other = requests.get(sandbox.base_url + "/_sandbox/covers/bbbb", timeout=5).content
    assert one != other


def test_a_cover_of_a_silly_size_is_refused(sandbox: Sandbox) -> None:
    answer = requests.get(sandbox.base_url + "/_sandbox/covers/aaaa?size=huge", timeout=5)
    assert answer.status_code == 400
