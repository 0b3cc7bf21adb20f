"""The two seams between the core and Spotify, as Protocols.

`TrackSearch` is all the matcher needs; `PlaylistStore` is all the sync engine needs. The real
implementation is `syncer.spotify.client.SpotifyClient` (spotipy over HTTP); tests may use any
object with the same methods, but the end-to-end tests go through the real client and the
sandbox.

Glossary:
- *URI*: `spotify:track:<22 base62 chars>`; the only form the core passes around.
- *locale*: the `Accept-Language` a request is made under (`ja`, `en`); it changes the names
  Spotify returns, not which tracks exist.
- *market*: an ISO 3166-1 alpha-2 country; only tracks playable there are returned.
- *snapshot_id*: Spotify's opaque playlist version; it changes on every write. Not used as a guard
  (conditional edits are unreliable on the real API).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from syncer.model import PlaylistInfo, PlaylistItem, Track


class TrackSearch(Protocol):
    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        """`GET /search?type=track`: at most `limit` (<= 10) tracks, best first, from the
        `offset`-th result on (Spotify refuses offset + limit above 1000)."""
        ...

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        """`GET /tracks/{id}`; None when Spotify answers 404 (or 400 for a malformed id)."""
        ...


class PlaylistStore(Protocol):
    def current_user_id(self) -> str:
        """`GET /me` -> the user's id."""
        ...

    def my_playlists(self) -> list[PlaylistInfo]:
        """Every playlist in `GET /me/playlists` (owned and followed), paged by offset."""
        ...

    def get_playlist(self, playlist_id: str) -> PlaylistInfo | None:
        """`GET /playlists/{id}` metadata; None when it no longer exists (404)."""
        ...

    def is_following(self, playlist_id: str) -> bool:
        """`GET /me/library/contains?uris=spotify:playlist:{id}`: False once the user deleted it
        (Spotify keeps a deleted playlist answering by id; deleting only unfollows it)."""
        ...

    def create_playlist(self, name: str, *, description: str, public: bool) -> PlaylistInfo:
        """`POST /me/playlists`."""
        ...

    def change_details(
        self, playlist_id: str, *, name: str, description: str, public: bool
    ) -> None:
        """`PUT /playlists/{id}`."""
        ...

    def playlist_items(
        self, playlist_id: str, *, expected: int | None = None
    ) -> list[PlaylistItem]:
        """Every item of `GET /playlists/{id}/items`, in order (pages of 50). `expected`, how
        many the caller believes there are, only lets the pages be asked for at once."""
        ...

    def add_items(
        self, playlist_id: str, uris: Sequence[str], *, position: int | None
    ) -> str | None:
        """`POST /playlists/{id}/items` with at most 100 URIs; the new snapshot_id, if given."""
        ...

    def remove_items(self, playlist_id: str, uris: Sequence[str]) -> str | None:
        """`DELETE /playlists/{id}/items`: removes every occurrence of each of <= 100 URIs;
        the new snapshot_id, if given."""
        ...

    def move_items(
        self, playlist_id: str, *, range_start: int, insert_before: int, range_length: int
    ) -> str | None:
        """`PUT /playlists/{id}/items` reorder; the new snapshot_id, if given."""
        ...
