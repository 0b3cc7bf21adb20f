"""`GET /v1/tracks/{id}`; the batch `GET /v1/tracks` is forbidden in Development Mode.

Public API: `routes`.
"""

from __future__ import annotations

import re

from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import language, market
from syncer.sandbox.routes.router import Route, v1
from syncer.sandbox.routes.wire import Request, Response, error_response, forbidden

BASE62_ID_RE = re.compile(r"^[0-9A-Za-z]{22}$")


def routes(objects: Objects) -> list[Route]:
    return [
        v1("GET", "/v1/tracks", lambda _call: forbidden(), needs_user=False),
        v1(
            "GET",
            "/v1/tracks/{id}",
            lambda call: track(objects, call.id, call.request),
            needs_user=False,
        ),
    ]


def track(objects: Objects, track_id: str, request: Request) -> Response:
    if not BASE62_ID_RE.match(track_id):
        return error_response(400, "Invalid base62 id")
    if objects.catalog.get(track_id) is None:
        return error_response(404, "Resource not found")
    chosen_language = language(request)
    market(request)  # validated, though markets are not emulated
    return Response(200, objects.track(track_id, chosen_language))
