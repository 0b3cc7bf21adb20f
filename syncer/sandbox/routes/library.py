"""The user and what they follow: `/v1/me`, their playlists, `/v1/me/library/contains`.

Public API: `routes`.
"""

from __future__ import annotations

from syncer.sandbox.catalog import derived_id
from syncer.sandbox.library import Library
from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import int_param
from syncer.sandbox.routes.router import Route, v1
from syncer.sandbox.routes.wire import Request, Response, error_response, forbidden

_LIBRARY_CONTAINS_MAX = 40  # the spec's limit for /me/library/contains


def routes(library: Library, objects: Objects) -> list[Route]:
    return [
        v1("GET", "/v1/me", lambda _call: me(library, objects)),
        v1("GET", "/v1/me/playlists", lambda call: my_playlists(library, objects, call.request)),
        v1(
            "GET",
            "/v1/users/{id}/playlists",
            lambda call: user_playlists(library, objects, call.id, call.request),
        ),
        v1("POST", "/v1/users/{id}/playlists", lambda _call: forbidden()),
        v1("GET", "/v1/me/library/contains", lambda call: contains(library, call.request)),
    ]


def me(library: Library, objects: Objects) -> Response:
    user = objects.user(library.user_id, library.display_name)
    return Response(
        200, {"account_id": derived_id("account", library.user_id), **user, "images": []}
    )


def my_playlists(library: Library, objects: Objects, request: Request) -> Response:
    limit = int_param(request, "limit", default=20, low=1, high=50, message="Invalid limit")
    offset = int_param(request, "offset", default=0, low=0, high=100_000, message="Invalid offset")
    playlists = library.followed()
    items = [objects.simple_playlist(p) for p in playlists[offset : offset + limit]]
    # As recorded from the real API, the links point at /users/{id}/playlists.
    path = f"/users/{library.user_id}/playlists"
    return Response(200, objects.paging(path, {}, items, offset, limit, len(playlists)))


def user_playlists(library: Library, objects: Objects, user_id: str, request: Request) -> Response:
    if user_id != library.user_id:
        return forbidden()
    return my_playlists(library, objects, request)


def contains(library: Library, request: Request) -> Response:
    """Whether the user follows (has in their library) each URI; playlists only here."""
    uris = [u for u in (request.param("uris") or "").split(",") if u]
    if not uris:
        return error_response(400, "Missing required parameter: uris")
    if len(uris) > _LIBRARY_CONTAINS_MAX:
        return error_response(400, "Too many ids requested")
    return Response(200, [_follows(library, uri) for uri in uris])


def _follows(library: Library, uri: str) -> bool:
    kind, _, playlist_id = uri.partition(":")[2].partition(":")
    playlist = library.get(playlist_id) if kind == "playlist" else None
    return playlist is not None and playlist.followed
