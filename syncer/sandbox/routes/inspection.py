"""`/_sandbox`: inspection and control for tests, outside the API (no token, never faulted).

Public API: `routes`, `Controls` (what the sandbox offers these routes; `Sandbox` is one).
The endpoints are listed in `syncer.sandbox.server`'s docstring.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from syncer.sandbox.catalog import CatalogTrack
from syncer.sandbox.covers import COVER_SIZES, cover_svg
from syncer.sandbox.faults import FaultSpec, FaultSpecError
from syncer.sandbox.library import Library, LibraryError, Playlist
from syncer.sandbox.routes.router import Route, inspection
from syncer.sandbox.routes.wire import Request, Response, error_response


class Controls(Protocol):
    @property
    def library(self) -> Library: ...
    def stats(self) -> dict[str, int]: ...
    def reset_stats(self) -> None: ...
    def playlists(self) -> list[dict[str, Any]]: ...
    def playlist_summary(self, playlist: Playlist) -> dict[str, Any]: ...
    def hand_add(self, playlist_id: str, uri: str, position: int | None = None) -> None: ...
    def hand_remove(self, playlist_id: str, uri: str) -> None: ...
    def set_faults(self, faults: FaultSpec | None) -> None: ...
    def expire_access_tokens(self) -> None: ...
    def revoke_refresh_tokens(self) -> None: ...
    def set_login_age(self, days: float) -> None: ...
    @property
    def login_age_days(self) -> float: ...
    def served_track(self, track_id: str) -> CatalogTrack | None: ...


def routes(sandbox: Controls) -> list[Route]:
    def done(action: Any) -> Response:
        action()
        return Response(200, {})

    items = "/_sandbox/playlists/{id}/items"
    return [
        inspection("GET", "/_sandbox/stats", lambda _call: Response(200, sandbox.stats())),
        inspection("POST", "/_sandbox/stats/reset", lambda _call: done(sandbox.reset_stats)),
        inspection("GET", "/_sandbox/playlists", lambda _call: Response(200, sandbox.playlists())),
        inspection("GET", "/_sandbox/playlists/{id}", lambda call: playlist(sandbox, call.id)),
        inspection("POST", items, lambda call: hand_edit(sandbox, call.id, call.request, add=True)),
        inspection(
            "DELETE", items, lambda call: hand_edit(sandbox, call.id, call.request, add=False)
        ),
        inspection("DELETE", "/_sandbox/playlists/{id}", lambda call: delete(sandbox, call.id)),
        inspection("PUT", "/_sandbox/faults", lambda call: set_faults(sandbox, call.request)),
        inspection(
            "POST", "/_sandbox/tokens/expire", lambda _c: done(sandbox.expire_access_tokens)
        ),
        inspection(
            "POST", "/_sandbox/tokens/revoke", lambda _c: done(sandbox.revoke_refresh_tokens)
        ),
        inspection("GET", "/_sandbox/login-age", lambda _c: login_age(sandbox)),
        inspection("POST", "/_sandbox/login-age", lambda call: age_login(sandbox, call.request)),
        inspection("GET", "/_sandbox/covers/{id}", lambda call: cover(call.id, call.request)),
        inspection(
            "GET", "/_sandbox/tracks/{id}/provenance", lambda call: provenance(sandbox, call.id)
        ),
    ]


def provenance(sandbox: Controls, track_id: str) -> Response:
    """What a served track is, for the evaluation: `{"kind": "original"}` for a track of the
    catalog itself, else its `Provenance` (kind, parent_id, label, placement, same_song)."""
    track = sandbox.served_track(track_id)
    if track is None:
        return error_response(404, "Resource not found")
    if track.provenance is None:
        return Response(200, {"kind": "original"})
    found = track.provenance
    return Response(
        200,
        {
            "kind": found.kind,
            "parent_id": found.parent_id,
            "label": found.label,
            "placement": found.placement,
            "same_song": found.same_song,
        },
    )


def login_age(sandbox: Controls) -> Response:
    return Response(200, {"days": sandbox.login_age_days})


def age_login(sandbox: Controls, request: Request) -> Response:
    """Age the sandbox's logins to `days` (`?days=` or a JSON body `{"days": N}`)."""
    text = request.param("days")
    if text is None:
        try:
            text = str(json.loads(request.body or b"{}").get("days"))
        except (ValueError, AttributeError):
            return error_response(400, 'the body must be JSON like {"days": 160}')
    try:
        sandbox.set_login_age(float(text))
    except ValueError:
        return error_response(400, f"days must be a number of days, 0 or more, not {text!r}")
    return login_age(sandbox)


def cover(album_id: str, request: Request) -> Response:
    """A generated album cover (SVG), cacheable for a day: it never changes."""
    size = request.param("size") or str(COVER_SIZES[0])
    if not size.isdigit() or not 1 <= int(size) <= 2000:
        return error_response(400, "size must be a number of pixels")
    headers = {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"}
    return Response(200, cover_svg(album_id, int(size)), headers)


def playlist(sandbox: Controls, playlist_id: str) -> Response:
    found = sandbox.library.get(playlist_id)
    if found is None:
        return error_response(404, "Resource not found")
    return Response(200, sandbox.playlist_summary(found))


def hand_edit(sandbox: Controls, playlist_id: str, request: Request, *, add: bool) -> Response:
    """Add or remove a track as the user would in the Spotify app."""
    uri = request.param("uri")
    if sandbox.library.get(playlist_id) is None:
        return error_response(404, "Resource not found")
    if not uri:
        return error_response(400, "Missing parameter uri")
    try:
        if add:
            position = request.param("position")
            sandbox.hand_add(playlist_id, uri, int(position) if position else None)
        else:
            sandbox.hand_remove(playlist_id, uri)
    except (LibraryError, ValueError) as exc:
        return error_response(400, str(exc))
    return playlist(sandbox, playlist_id)


def delete(sandbox: Controls, playlist_id: str) -> Response:
    """The user deletes a playlist: Spotify only unfollows it."""
    found = sandbox.library.get(playlist_id)
    if found is None:
        return error_response(404, "Resource not found")
    sandbox.library.unfollow(found)
    return Response(200, {"deleted": found.id})


def set_faults(sandbox: Controls, request: Request) -> Response:
    """Faults from `?spec=` or the body; an empty spec turns them off."""
    text = request.param("spec")
    if text is None:
        text = request.body.decode(errors="replace")
    try:
        sandbox.set_faults(FaultSpec.parse(text) if text.strip() else None)
    except FaultSpecError as exc:
        return error_response(400, str(exc))
    return Response(200, {"faults": text.strip() or None})
