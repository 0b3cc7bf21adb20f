"""`GET /v1/search`: tracks from the catalog's search index, in Spotify's paging shape.

Public API: `routes`. What the search itself emulates is in `syncer.sandbox.search`.
"""

from __future__ import annotations

from typing import Any

from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import int_param, language, market
from syncer.sandbox.routes.router import Route, v1
from syncer.sandbox.routes.wire import Request, Response, error_response
from syncer.sandbox.search import SearchIndex

_SEARCH_TYPES = {"album", "artist", "playlist", "track", "show", "episode", "audiobook"}


def routes(index: SearchIndex, objects: Objects) -> list[Route]:
    return [
        v1("GET", "/v1/search", lambda call: search(index, objects, call.request), needs_user=False)
    ]


def search(index: SearchIndex, objects: Objects, request: Request) -> Response:
    query = request.param("q") or request.param("query")
    if not query or not query.strip():
        return error_response(400, "No search query")
    types = [t.strip() for t in (request.param("type") or "").split(",") if t.strip()]
    if not types:
        return error_response(400, "Missing parameter type")
    if any(t not in _SEARCH_TYPES for t in types):
        return error_response(400, "Bad search type field")
    limit = int_param(request, "limit", default=5, low=1, high=10, message="Invalid limit")
    offset = int_param(request, "offset", default=0, low=0, high=1000, message="Invalid offset")
    chosen_market = market(request)
    chosen_language = language(request)
    body: dict[str, Any] = {}
    for kind in types:
        ids = index.search(query) if kind == "track" else []
        items = [objects.track(i, chosen_language) for i in ids[offset : offset + limit]]
        params = {"query": query, "type": ",".join(types)}
        if chosen_market:
            params["market"] = chosen_market
        body[kind + "s"] = objects.paging("/search", params, items, offset, limit, len(ids))
    return Response(200, body)
