"""The naive baseline: how many existing playlist scripts sync a list, written with spotipy.

Public API: `naive_client(api_url, token) -> spotipy.Spotify`,
`naive_sync(sp, songlist) -> NaiveResult`.

For each entry: one search `q = f"{title} {artist}"` and the first hit taken (pins, aliases and
markets are ignored), `concurrency` searches at a time (the benchmark gives it syncer's, so the
comparison is of the work done, not of the threads), results kept in list order. Then the playlist of that name is found in
`GET /me/playlists` (created if missing) and wiped and replaced: `PUT /items` with the first 100
tracks, then `POST /items` with the rest, 100 at a time. A re-sync does all of it again.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
import spotipy

from syncer.model import Entry, SongList

NAIVE_SUFFIX = " (naive)"


@dataclass(frozen=True)
class NaiveResult:
    playlist_id: str
    uris: tuple[str, ...]
    searches: int


def naive_client(api_url: str, token: str) -> spotipy.Spotify:
    """spotipy with an access token, a plain session, no retries."""
    sp = spotipy.Spotify(auth=token, requests_session=requests.Session(), retries=0)
    sp.prefix = api_url
    return sp


def naive_sync(sp: spotipy.Spotify, songlist: SongList, *, concurrency: int = 1) -> NaiveResult:
    def first_hit(entry: Entry) -> str | None:
        found = sp.search(q=f"{entry.title} {entry.artist}", type="track", limit=10)
        items = found["tracks"]["items"]
        return str(items[0]["uri"]) if items else None

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        uris = [uri for uri in pool.map(first_hit, songlist.entries) if uri]
    name = songlist.playlist.name + NAIVE_SUFFIX
    playlist_id = _find_playlist(sp, name) or _create_playlist(sp, name)
    sp._put(f"playlists/{playlist_id}/items", payload={"uris": uris[:100]})
    for start in range(100, len(uris), 100):
        sp._post(f"playlists/{playlist_id}/items", payload={"uris": uris[start : start + 100]})
    return NaiveResult(playlist_id, tuple(uris), len(songlist.entries))


def _find_playlist(sp: spotipy.Spotify, name: str) -> str | None:
    offset = 0
    while True:
        page: dict[str, Any] = sp.current_user_playlists(limit=50, offset=offset)
        for playlist in page["items"]:
            if playlist["name"] == name:
                return str(playlist["id"])
        if len(page["items"]) < 50:
            return None
        offset += 50


def _create_playlist(sp: spotipy.Spotify, name: str) -> str:
    created: dict[str, Any] = sp._post("me/playlists", payload={"name": name, "public": False})
    return str(created["id"])
