"""The sandbox's HTTP endpoints as one route table, a module per resource.

Public API: `build_router`, `Router`, `Route`, `Request`, `Response`, `error_response`,
`Objects`, `Controls`.

    wire.py        Request, Response, the error shape     router.py   matching, auth, dispatch
    params.py      typed request parameters and bodies    objects.py  the JSON objects served
    auth.py        /authorize, /api/token                 search.py   /v1/search
    tracks.py      /v1/tracks                             library.py  /v1/me and what it follows
    playlists.py   /v1/playlists/{id}                     items.py    /v1/playlists/{id}/items
    inspection.py  /_sandbox (tests' inspection and control)

No sockets here (see `syncer.sandbox.server`); faults are applied by the transport around
`Router.handle`.
"""

from __future__ import annotations

from collections.abc import Callable

from syncer.sandbox.library import Library
from syncer.sandbox.routes import auth, inspection, items, library, playlists, search, tracks
from syncer.sandbox.routes.inspection import Controls
from syncer.sandbox.routes.objects import Objects
from syncer.sandbox.routes.router import Route, Router
from syncer.sandbox.routes.wire import Request, Response, error_response
from syncer.sandbox.search import TrackSearch
from syncer.sandbox.tokens import TokenStore

__all__ = [
    "Controls",
    "Objects",
    "Request",
    "Response",
    "Route",
    "Router",
    "build_router",
    "error_response",
]


def build_router(
    *,
    search_engine: TrackSearch,
    user_library: Library,
    tokens: TokenStore,
    base_url: Callable[[], str],
    controls: Controls,
    country: str | None = None,
) -> Router:
    """The route table; `country` is the account's (search and tracks answer for it)."""
    objects = Objects(search_engine, user_library, base_url)
    table = [
        *library.routes(user_library, objects),
        *search.routes(search_engine, objects, country),
        *tracks.routes(objects, country),
        *playlists.routes(user_library, objects),
        *items.routes(user_library, objects),
        *auth.routes(tokens),
        *inspection.routes(controls),
    ]
    return Router(table, tokens)
