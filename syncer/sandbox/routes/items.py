"""A playlist's items: read, add, replace or reorder, remove (`/v1/playlists/{id}/items`).

Public API: `routes`. The old `/tracks` paths answer 403, as they do in Development Mode.
"""

from __future__ import annotations

from typing import Any

from syncer.model import TRACK_URI_RE
from syncer.sandbox.catalog import Catalog
from syncer.sandbox.library import Library, LibraryError
from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import (
    NOT_ADHERING,
    apply_fields,
    as_dict,
    int_param,
    json_body,
    language,
    market,
    optional_int,
    query_uris,
    required_int,
)
from syncer.sandbox.routes.playlists import editable, find
from syncer.sandbox.routes.router import Route, v1
from syncer.sandbox.routes.wire import ApiError, Request, Response, error_response, forbidden
from syncer.sandbox.tokens import Grant

_MAX_ITEMS_PER_WRITE = 100


def routes(library: Library, objects: Objects) -> list[Route]:
    path = "/v1/playlists/{id}/items"
    return [
        v1("GET", path, lambda call: read(library, objects, call.id, call.request)),
        v1(
            "POST",
            path,
            lambda call: add(library, objects.catalog, call.id, call.request, call.grant),
        ),
        v1(
            "PUT",
            path,
            lambda call: replace_or_reorder(
                library, objects.catalog, call.id, call.request, call.grant
            ),
        ),
        v1("DELETE", path, lambda call: remove(library, call.id, call.request, call.grant)),
        *(
            v1(method, "/v1/playlists/{id}/tracks", lambda _call: forbidden())
            for method in ("GET", "POST", "PUT", "DELETE")
        ),
    ]


def read(library: Library, objects: Objects, playlist_id: str, request: Request) -> Response:
    playlist = find(library, playlist_id)
    if not library.can_edit(playlist):
        return forbidden()
    limit = int_param(request, "limit", default=20, low=1, high=50, message="Invalid limit")
    offset = int_param(
        request, "offset", default=0, low=0, high=10_000_000, message="Invalid offset"
    )
    chosen_language = language(request)
    with library.lock:
        market(request)  # validated, though markets are not emulated
        body = objects.entries_paging(playlist, "items", offset, limit, chosen_language)
    return Response(200, apply_fields(request, body))


def add(
    library: Library, catalog: Catalog, playlist_id: str, request: Request, grant: Grant | None
) -> Response:
    playlist = editable(library, playlist_id, grant)
    body = json_body(request)
    uris = query_uris(request)
    if uris is None:
        uris = body if isinstance(body, list) else as_dict(body).get("uris")
    position = request.param("position") or as_dict(body).get("position")
    uris = _valid_uris(catalog, uris)
    if not uris:
        return error_response(400, "No uris provided.")
    at = optional_int(position, "Invalid position")
    try:
        library.add(playlist, uris, at, library.user_id)
    except LibraryError as exc:
        return error_response(exc.status, str(exc))
    return Response(201, {"snapshot_id": playlist.snapshot_id})


def replace_or_reorder(
    library: Library, catalog: Catalog, playlist_id: str, request: Request, grant: Grant | None
) -> Response:
    playlist = editable(library, playlist_id, grant)
    body = as_dict(json_body(request))
    if "range_start" in body and body.get("snapshot_id"):
        return _conditional_edit_refused()
    try:
        if "range_start" in body:
            library.reorder(
                playlist,
                required_int(body, "range_start"),
                required_int(body, "insert_before"),
                optional_int(body.get("range_length", 1), "Invalid range_length") or 0,
            )
        else:
            uris = query_uris(request)
            if uris is None and "uris" not in body:
                return error_response(400, "No uris provided.")
            valid = _valid_uris(catalog, uris if uris is not None else body["uris"])
            library.replace(playlist, valid, library.user_id)
    except LibraryError as exc:
        return error_response(exc.status, str(exc))
    return Response(200, {"snapshot_id": playlist.snapshot_id})


def remove(library: Library, playlist_id: str, request: Request, grant: Grant | None) -> Response:
    playlist = editable(library, playlist_id, grant)
    body = as_dict(json_body(request))
    if body.get("snapshot_id"):
        return _conditional_edit_refused()
    items = body.get("items")
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and isinstance(i.get("uri"), str) for i in items
    ):
        return error_response(400, NOT_ADHERING)
    if len(items) > _MAX_ITEMS_PER_WRITE:
        return error_response(400, "You can remove a maximum of 100 tracks per request.")
    for item in items:
        if not TRACK_URI_RE.match(item["uri"]):
            return error_response(400, f"Invalid track uri: {item['uri']}")
    library.remove(playlist, [i["uri"] for i in items])
    return Response(200, {"snapshot_id": playlist.snapshot_id})


def _conditional_edit_refused() -> Response:
    """A DELETE or reorder carrying `snapshot_id` was answered 502, nothing done (spotify-api.md
    §3.6: jwilsson/spotify-web-api-php#284, April 2025: "Do not rely on conditional edits")."""
    return error_response(502, "Error while loading resource")


def _valid_uris(catalog: Catalog, uris: Any) -> list[str]:
    if uris is None:
        return []
    if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
        raise ApiError(400, NOT_ADHERING)
    if len(uris) > _MAX_ITEMS_PER_WRITE:
        raise ApiError(400, "You can add a maximum of 100 tracks per request.")
    for uri in uris:
        match = TRACK_URI_RE.match(uri)
        if match is None:
            raise ApiError(400, f"Invalid track uri: {uri}")
        if catalog.get(match.group(1)) is None:
            raise ApiError(400, "Payload contains a non-existing ID")
    return list(uris)
