"""`GET /v1/search`: tracks from the search profile's engine, in Spotify's paging shape.

Public API: `routes`. What the search itself emulates (and refuses) is in
`syncer.sandbox.search`.
"""

from __future__ import annotations

from typing import Any

from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import answering_country, int_param, language, market
from syncer.sandbox.routes.router import Call, Route, v1
from syncer.sandbox.routes.wire import Response, error_response
from syncer.sandbox.search import SearchRefused, SearchRequest, TrackSearch

_SEARCH_TYPES = {"album", "artist", "playlist", "track", "show", "episode", "audiobook"}


def routes(engine: TrackSearch, objects: Objects, account_country: str | None) -> list[Route]:
    return [
        v1(
            "GET",
            "/v1/search",
            lambda call: search(engine, objects, call, account_country),
            needs_user=False,
        )
    ]


def search(
    engine: TrackSearch, objects: Objects, call: Call, account_country: str | None
) -> Response:
    request = call.request
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
    country = answering_country(call.grant, chosen_market, account_country)
    wanted = SearchRequest(query, offset, limit, chosen_language, country)
    body: dict[str, Any] = {}
    for kind in types:
        try:
            page = engine.find(wanted) if kind == "track" else None
        except SearchRefused as refused:
            return error_response(refused.status, refused.message)
        ids = page.ids if page else []
        items = [objects.track(i, chosen_language, country=country) for i in ids]
        params = {"query": query, "type": ",".join(types)}
        if chosen_market:
            params["market"] = chosen_market
        total = page.total if page else 0
        body[kind + "s"] = objects.paging("/search", params, items, offset, limit, total)
    return Response(200, body)
