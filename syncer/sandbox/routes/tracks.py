"""`GET /v1/tracks/{id}`; the batch `GET /v1/tracks` is forbidden in Development Mode.

Public API: `routes`.
"""

from __future__ import annotations

import re

from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.params import answering_country, language, market
from syncer.sandbox.routes.router import Call, Route, v1
from syncer.sandbox.routes.wire import Response, error_response, forbidden

BASE62_ID_RE = re.compile(r"^[0-9A-Za-z]{22}$")


def routes(objects: Objects, account_country: str | None) -> list[Route]:
    return [
        v1("GET", "/v1/tracks", lambda _call: forbidden(), needs_user=False),
        v1(
            "GET",
            "/v1/tracks/{id}",
            lambda call: track(objects, call, account_country),
            needs_user=False,
        ),
    ]


def track(objects: Objects, call: Call, account_country: str | None) -> Response:
    """The track, marked unplayable where the answering country cannot play it."""
    if not BASE62_ID_RE.match(call.id):
        return error_response(400, "Invalid base62 id")
    if objects.catalog.get(call.id) is None:
        return error_response(404, "Resource not found")
    chosen_language = language(call.request)
    country = answering_country(call.grant, market(call.request), account_country)
    return Response(200, objects.track(call.id, chosen_language, country=country))
