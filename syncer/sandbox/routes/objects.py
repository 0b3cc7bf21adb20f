"""The JSON objects the sandbox serves (user, track, paging, playlist, playlist item).

Public API: `Objects`.

Shapes follow Development Mode of the 2026 Web API: no popularity or available_markets on
tracks, paging objects with all seven keys and absolute links back to the sandbox. The catalog
is the search profile's (the `realistic` one adds synthetic tracks), looked up per request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode

from syncer.model import TRACK_URI_RE
from syncer.sandbox.catalog import Catalog
from syncer.sandbox.library import Library, Playlist, PlaylistEntry
from syncer.sandbox.search import TrackSearch


class Objects:
    def __init__(self, search: TrackSearch, library: Library, base_url: Callable[[], str]) -> None:
        self.search = search
        self.library = library
        self._base_url = base_url

    @property
    def catalog(self) -> Catalog:
        return self.search.catalog

    @property
    def api_base(self) -> str:
        return self._base_url() + "/v1"

    def user(self, user_id: str, display_name: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {} if display_name is None else {"display_name": display_name}
        return {
            **user,
            "external_urls": {"spotify": f"https://open.spotify.com/user/{user_id}"},
            "href": f"{self.api_base}/users/{user_id}",
            "id": user_id,
            "type": "user",
            "uri": f"spotify:user:{user_id}",
        }

    def track(
        self,
        track_id: str,
        language: str | None,
        *,
        playable: bool = True,
        country: str | None = None,
    ) -> dict[str, Any]:
        """A TrackObject. Search and track lookups carry `is_playable` as recorded (playlist
        items do not): false, with `restrictions.reason` "market", when the search profile
        says the track is not available in `country` (the simple profile never does)."""
        catalog = self.catalog
        track = catalog.get(track_id)
        assert track is not None
        body = catalog.track_json(track, language, self.api_base)
        if playable:
            available = self.search.playable(track, country)
            body["is_playable"] = available
            body["album"]["is_playable"] = available
            if not available:
                body["restrictions"] = {"reason": "market"}
        return body

    def paging(
        self,
        path: str,
        params: Mapping[str, str],
        items: list[Any],
        offset: int,
        limit: int,
        total: int,
    ) -> dict[str, Any]:
        def link(at: int) -> str:
            query = urlencode({"offset": at, "limit": limit, **params}, quote_via=quote)
            return f"{self.api_base}{path}?{query}"

        return {
            "href": link(offset),
            "items": items,
            "limit": limit,
            "next": link(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "total": total,
        }

    def simple_playlist(self, playlist: Playlist) -> dict[str, Any]:
        body = self._playlist_base(playlist)
        for key in ("items", "tracks"):
            body[key] = {"href": f"{body['href']}/{key}", "total": len(playlist.entries)}
        return body

    def playlist_json(self, playlist: Playlist) -> dict[str, Any]:
        """The full playlist object (first 100 items), as `GET /playlists/{id}` gives it."""
        with self.library.lock:
            return self.playlist(playlist, None)

    def playlist(self, playlist: Playlist, language: str | None) -> dict[str, Any]:
        """The full playlist object; the caller holds the library lock."""
        body = self._playlist_base(playlist)
        body["followers"] = {"href": None, "total": 0}
        if self.library.can_edit(playlist):
            for key in ("items", "tracks"):
                body[key] = self.entries_paging(playlist, key, 0, 100, language)
        return body

    def entries_paging(
        self, playlist: Playlist, key: str, offset: int, limit: int, language: str | None
    ) -> dict[str, Any]:
        entries = playlist.entries[offset : offset + limit]
        items = [self._entry(e, language) for e in entries]
        path = f"/playlists/{playlist.id}/{key}"
        return self.paging(path, {}, items, offset, limit, len(playlist.entries))

    def _playlist_base(self, playlist: Playlist) -> dict[str, Any]:
        return {
            "collaborative": playlist.collaborative,
            "description": playlist.description,
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{playlist.id}"},
            "href": f"{self.api_base}/playlists/{playlist.id}",
            "id": playlist.id,
            "images": [],
            "name": playlist.name,
            "owner": self.user(playlist.owner_id, playlist.owner_name),
            "primary_color": None,
            "public": playlist.public,
            "snapshot_id": playlist.read_snapshot(),
            "type": "playlist",
            "uri": f"spotify:playlist:{playlist.id}",
        }

    def _entry(self, entry: PlaylistEntry, language: str | None) -> dict[str, Any]:
        match = TRACK_URI_RE.match(entry.uri)
        track = self.catalog.get(match.group(1)) if match else None
        item: dict[str, Any] | None = None
        if track is not None:
            item = {
                **self.track(track.id, language, playable=False),
                "episode": False,
                "track": True,
            }
        local = entry.uri.startswith(LOCAL_URI_PREFIX)
        if local:
            item = local_track(entry.uri)
        return {
            "added_at": entry.added_at,
            "added_by": self.user(entry.added_by),
            "is_local": local,
            "primary_color": None,
            "item": item,
            "track": item,
            "video_thumbnail": {"url": None},
        }


LOCAL_URI_PREFIX = "spotify:local:"


def local_track(uri: str) -> dict[str, Any]:
    """A local file a person added in the app, as Spotify serves it in a playlist: no ids or
    links, `is_local: true`, names and duration read from its URI
    (`spotify:local:{artist}:{album}:{title}:{seconds}`, each part URL-encoded with `+`)."""
    parts = [unquote_plus(part) for part in uri[len(LOCAL_URI_PREFIX) :].split(":")]
    artist, album, title, seconds = [*parts, "", "", "", ""][:4]
    nobody: dict[str, Any] = {"external_urls": {}, "href": None, "id": None, "type": "artist"}
    nobody["uri"] = None
    return {
        "album": {
            "album_type": None,
            "artists": [],
            "external_urls": {},
            "href": None,
            "id": None,
            "images": [],
            "name": album,
            "release_date": None,
            "release_date_precision": None,
            "type": "album",
            "uri": None,
        },
        "artists": [{**nobody, "name": artist}] if artist else [],
        "disc_number": 0,
        "duration_ms": int(seconds) * 1000 if seconds.isdigit() else 0,
        "explicit": False,
        "external_ids": {},
        "external_urls": {},
        "href": None,
        "id": None,
        "is_local": True,
        "name": title,
        "preview_url": None,
        "track_number": 0,
        "type": "track",
        "uri": uri,
        "episode": False,
        "track": True,
    }
