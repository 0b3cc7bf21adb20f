"""Playlists themselves: create one, read one, change its details (`/v1/playlists/{id}`).

Public API: `routes`, `find`, `editable`, `require_scope`, `MODIFY_PUBLIC`, `MODIFY_PRIVATE`.
The lookups are shared with `items` (a playlist's items).
"""

from __future__ import annotations

from syncer.sandbox.library import Library, LibraryError, Playlist
from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import NOT_ADHERING, apply_fields, json_object, language
from syncer.sandbox.routes.router import Route, v1
from syncer.sandbox.routes.tracks import BASE62_ID_RE
from syncer.sandbox.routes.wire import ApiError, Request, Response, error_response, forbidden
from syncer.sandbox.tokens import Grant

MODIFY_PUBLIC = "playlist-modify-public"
MODIFY_PRIVATE = "playlist-modify-private"
_DETAILS = {"name": str, "description": str, "public": bool, "collaborative": bool}


def routes(library: Library, objects: Objects) -> list[Route]:
    return [
        v1(
            "POST",
            "/v1/me/playlists",
            lambda call: create(library, objects, call.request, call.grant),
        ),
        v1(
            "GET",
            "/v1/playlists/{id}",
            lambda call: playlist(library, objects, call.id, call.request),
            needs_user=False,
        ),
        v1(
            "PUT",
            "/v1/playlists/{id}",
            lambda call: change_details(library, call.id, call.request, call.grant),
        ),
    ]


def create(library: Library, objects: Objects, request: Request, grant: Grant | None) -> Response:
    body = json_object(request)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        return error_response(400, "Missing required field: name")
    public = body.get("public", True)
    collaborative = body.get("collaborative", False)
    description = body.get("description") or ""
    if (
        not isinstance(public, bool)
        or not isinstance(collaborative, bool)
        or not isinstance(description, str)
    ):
        return error_response(400, NOT_ADHERING)
    if collaborative and public:
        return error_response(400, "Collaborative playlists can only be private.")
    require_scope(grant, MODIFY_PUBLIC if public else MODIFY_PRIVATE)
    try:
        created = library.create(
            name, description=description, public=public, collaborative=collaborative
        )
    except LibraryError as exc:  # details Spotify refuses
        return error_response(exc.status, str(exc))
    return Response(201, objects.playlist(created, None))


def playlist(library: Library, objects: Objects, playlist_id: str, request: Request) -> Response:
    found = find(library, playlist_id)
    chosen_language = language(request)
    with library.lock:
        body = objects.playlist(found, chosen_language)
    return Response(200, apply_fields(request, body))


def change_details(
    library: Library, playlist_id: str, request: Request, grant: Grant | None
) -> Response:
    found = find(library, playlist_id)
    if found.owner_id != library.user_id:
        return forbidden()
    body = json_object(request)
    changes = {k: v for k, v in body.items() if k in _DETAILS}
    if any(not isinstance(v, _DETAILS[k]) for k, v in changes.items()):
        return error_response(400, NOT_ADHERING)
    require_scope(grant, MODIFY_PUBLIC if found.public else MODIFY_PRIVATE)
    try:
        library.change_details(found, changes)
    except LibraryError as exc:  # details Spotify refuses
        return error_response(exc.status, str(exc))
    return Response(200, None)


def find(library: Library, playlist_id: str) -> Playlist:
    if not BASE62_ID_RE.match(playlist_id):
        raise ApiError(400, "Invalid base62 id")
    found = library.get(playlist_id)
    if found is None:
        raise ApiError(404, "Resource not found")
    return found


def editable(library: Library, playlist_id: str, grant: Grant | None) -> Playlist:
    """The playlist, if the user may change its items with this grant's scopes."""
    found = find(library, playlist_id)
    if not library.can_edit(found):
        raise ApiError(403, "Forbidden")
    require_scope(grant, MODIFY_PUBLIC if found.public else MODIFY_PRIVATE)
    return found


def require_scope(grant: Grant | None, scope: str) -> None:
    if grant is not None and scope not in grant.scopes:
        raise ApiError(403, "Insufficient client scope")
