"""The sandbox's endpoints as plain functions of a request: accounts, `/v1` and `/_sandbox`.

Public API: `Request`, `Response`, `SandboxApi` (`route(request)`, `handle(request, route)`),
`Route`, `error_response`.

No sockets here (see `syncer.sandbox.server`); faults are applied by the transport around
`handle`. Responses follow the Development-Mode shapes of the 2026 Web API: no popularity or
available_markets on tracks, errors as `{"error": {"status", "message"[, "reason"]}}`, paging
objects with all seven keys and absolute links back to the sandbox.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from syncer.sandbox.catalog import Catalog, derived_id, pick_language
from syncer.sandbox.fields import FieldsError, parse_fields, select
from syncer.sandbox.library import Library, LibraryError, Playlist, PlaylistEntry
from syncer.sandbox.search import SearchIndex
from syncer.sandbox.tokens import Grant, OAuthError, TokenStore

_ID = r"(?P<id>[^/]+)"
_TRACK_URI_RE = re.compile(r"^spotify:track:([0-9A-Za-z]{22})$")
_BASE62_ID_RE = re.compile(r"^[0-9A-Za-z]{22}$")
_MARKET_RE = re.compile(r"^([A-Za-z]{2}|from_token)$")
_MAX_ITEMS_PER_WRITE = 100
_SEARCH_TYPES = {"album", "artist", "playlist", "track", "show", "episode", "audiobook"}
MODIFY_PUBLIC = "playlist-modify-public"
MODIFY_PRIVATE = "playlist-modify-private"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-cased names
    body: bytes = b""

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: Any = None  # JSON-able; None for an empty body
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        if self.body is None:
            return b""
        return json.dumps(self.body, ensure_ascii=False).encode()


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


def error_response(
    status: int, message: str, reason: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    error: dict[str, Any] = {"status": status, "message": message}
    if reason:
        error["reason"] = reason
    return Response(status, {"error": error}, dict(headers or {}))


Handler = Callable[[Request, dict[str, str], Grant | None], Response]


_LIBRARY_CONTAINS_MAX = 40  # the spec's limit for /me/library/contains


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    template: str
    handler: Handler
    area: str  # "accounts", "v1" or "sandbox"
    needs_user: bool = True

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def is_write(self) -> bool:
        return self.area == "v1" and self.method in {"POST", "PUT", "DELETE"}


_FORBIDDEN: Handler = lambda _request, _args, _grant: error_response(403, "Forbidden")  # noqa: E731


class SandboxApi:
    def __init__(
        self,
        *,
        catalog: Catalog,
        index: SearchIndex,
        library: Library,
        tokens: TokenStore,
        base_url: Callable[[], str],
        inspection: Mapping[tuple[str, str], Handler],
    ) -> None:
        self.catalog = catalog
        self.index = index
        self.library = library
        self.tokens = tokens
        self._base_url = base_url
        self.routes = self._routes(inspection)

    @property
    def api_base(self) -> str:
        return self._base_url() + "/v1"

    def _routes(self, inspection: Mapping[tuple[str, str], Handler]) -> list[Route]:
        v1: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/v1/me", self._me, True),
            ("GET", "/v1/search", self._search, False),
            ("GET", "/v1/tracks", _FORBIDDEN, False),
            ("GET", "/v1/tracks/{id}", self._track, False),
            ("GET", "/v1/me/playlists", self._my_playlists, True),
            ("GET", "/v1/me/library/contains", self._library_contains, True),
            ("POST", "/v1/me/playlists", self._create_playlist, True),
            ("GET", "/v1/users/{id}/playlists", self._user_playlists, True),
            ("POST", "/v1/users/{id}/playlists", _FORBIDDEN, True),
            ("GET", "/v1/playlists/{id}", self._playlist, False),
            ("PUT", "/v1/playlists/{id}", self._change_details, True),
            ("GET", "/v1/playlists/{id}/items", self._items, True),
            ("POST", "/v1/playlists/{id}/items", self._add_items, True),
            ("PUT", "/v1/playlists/{id}/items", self._replace_or_reorder, True),
            ("DELETE", "/v1/playlists/{id}/items", self._remove_items, True),
            *(
                (method, "/v1/playlists/{id}/tracks", _FORBIDDEN, True)
                for method in ("GET", "POST", "PUT", "DELETE")
            ),
        ]
        routes = [_route(m, t, h, "v1", u) for m, t, h, u in v1]
        routes.append(_route("GET", "/authorize", self._authorize, "accounts", False))
        routes.append(_route("POST", "/api/token", self._token, "accounts", False))
        routes.extend(_route(m, t, h, "sandbox", False) for (m, t), h in inspection.items())
        return routes

    # --- dispatch ---------------------------------------------------------------------------

    def route(self, request: Request) -> tuple[Route | None, dict[str, str]]:
        """The route for a request (None if nothing matches the method and path)."""
        for route in self.routes:
            match = route.pattern.match(request.path)
            if match and route.method == request.method:
                return route, match.groupdict()
        return None, {}

    def handle(self, request: Request, route: Route | None, args: dict[str, str]) -> Response:
        if route is None:
            if any(r.pattern.match(request.path) for r in self.routes):
                return error_response(405, "Method not allowed")
            return error_response(404, "Service not found")
        try:
            grant = self._authenticate(request, route)
            return route.handler(request, args, grant)
        except ApiError as exc:
            return error_response(exc.status, exc.message, headers=exc.headers)

    def _authenticate(self, request: Request, route: Route) -> Grant | None:
        if route.area != "v1":
            return None
        grant = self.tokens.grant_for(request.header("authorization"))
        if grant is None:
            missing = not request.header("authorization")
            challenge = (
                'Bearer realm="spotify", error="'
                + ("missing_token" if missing else "invalid_token")
                + '", error_description="Missing/invalid/expired access token"'
            )
            raise ApiError(
                401, "Missing/invalid/expired access token", {"WWW-Authenticate": challenge}
            )
        if route.needs_user and grant.user_id is None:
            raise ApiError(403, "Forbidden")
        return grant

    # --- accounts ---------------------------------------------------------------------------

    def _authorize(self, request: Request, _args: dict[str, str], _grant: Grant | None) -> Response:
        redirect_uri = request.param("redirect_uri")
        if not redirect_uri:
            return error_response(400, "Missing required parameter: redirect_uri")
        state = request.param("state")
        try:
            code = self.tokens.authorize(
                request.param("client_id") or "", redirect_uri, request.param("scope") or ""
            )
            params = {"code": code}
        except OAuthError as exc:
            params = {"error": exc.code}
        if state is not None:
            params["state"] = state
        separator = "&" if "?" in redirect_uri else "?"
        location = redirect_uri + separator + urlencode(params)
        return Response(302, None, {"Location": location})

    def _token(self, request: Request, _args: dict[str, str], _grant: Grant | None) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.body.decode(errors="replace")).items()}
        try:
            return Response(200, self.tokens.token(form, request.header("authorization")))
        except OAuthError as exc:
            body = {"error": exc.code, "error_description": exc.description}
            return Response(exc.status, body)

    # --- user -------------------------------------------------------------------------------

    def _me(self, _request: Request, _args: dict[str, str], _grant: Grant | None) -> Response:
        user = self._user_json(self.library.user_id, self.library.display_name)
        return Response(
            200, {"account_id": derived_id("account", self.library.user_id), **user, "images": []}
        )

    def _user_json(self, user_id: str, display_name: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {} if display_name is None else {"display_name": display_name}
        return {
            **user,
            "external_urls": {"spotify": f"https://open.spotify.com/user/{user_id}"},
            "href": f"{self.api_base}/users/{user_id}",
            "id": user_id,
            "type": "user",
            "uri": f"spotify:user:{user_id}",
        }

    # --- search and tracks ------------------------------------------------------------------

    def _search(self, request: Request, _args: dict[str, str], _grant: Grant | None) -> Response:
        query = request.param("q") or request.param("query")
        if not query or not query.strip():
            return error_response(400, "No search query")
        types = [t.strip() for t in (request.param("type") or "").split(",") if t.strip()]
        if not types:
            return error_response(400, "Missing parameter type")
        if any(t not in _SEARCH_TYPES for t in types):
            return error_response(400, "Bad search type field")
        limit = _int_param(request, "limit", default=5, low=1, high=10, message="Invalid limit")
        offset = _int_param(
            request, "offset", default=0, low=0, high=1000, message="Invalid offset"
        )
        market = _market(request)
        language = pick_language(request.header("accept-language"))
        body: dict[str, Any] = {}
        for kind in types:
            ids = self.index.search(query) if kind == "track" else []
            items = [self._track_json(i, language) for i in ids[offset : offset + limit]]
            params = {"query": query, "type": ",".join(types)}
            if market:
                params["market"] = market
            body[kind + "s"] = self._paging("/search", params, items, offset, limit, len(ids))
        return Response(200, body)

    def _track_json(
        self, track_id: str, language: str | None, *, playable: bool = True
    ) -> dict[str, Any]:
        """A TrackObject. Search and track lookups carry `is_playable` as recorded (playlist
        items do not); markets are not emulated, so every catalog track is playable."""
        track = self.catalog.get(track_id)
        assert track is not None
        body = self.catalog.track_json(track, language, self.api_base)
        if playable:
            body["is_playable"] = True
            body["album"]["is_playable"] = True
        return body

    def _track(self, request: Request, args: dict[str, str], _grant: Grant | None) -> Response:
        track_id = args["id"]
        if not _BASE62_ID_RE.match(track_id):
            return error_response(400, "Invalid base62 id")
        if self.catalog.get(track_id) is None:
            return error_response(404, "Resource not found")
        language = pick_language(request.header("accept-language"))
        _market(request)  # validated, though markets are not emulated
        return Response(200, self._track_json(track_id, language))

    # --- paging -----------------------------------------------------------------------------

    def _paging(
        self,
        path: str,
        params: Mapping[str, str],
        items: list[Any],
        offset: int,
        limit: int,
        total: int,
    ) -> dict[str, Any]:
        def link(at: int) -> str:
            query = urlencode({"offset": at, "limit": limit, **params}, quote_via=quote)
            return f"{self.api_base}{path}?{query}"

        return {
            "href": link(offset),
            "items": items,
            "limit": limit,
            "next": link(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "total": total,
        }

    # --- playlists --------------------------------------------------------------------------

    def _my_playlists(
        self, request: Request, _args: dict[str, str], _grant: Grant | None
    ) -> Response:
        limit = _int_param(request, "limit", default=20, low=1, high=50, message="Invalid limit")
        offset = _int_param(
            request, "offset", default=0, low=0, high=100_000, message="Invalid offset"
        )
        playlists = self.library.followed()
        items = [self._simple_playlist_json(p) for p in playlists[offset : offset + limit]]
        # As recorded from the real API, the links point at /users/{id}/playlists.
        path = f"/users/{self.library.user_id}/playlists"
        return Response(200, self._paging(path, {}, items, offset, limit, len(playlists)))

    def _library_contains(
        self, request: Request, _args: dict[str, str], _grant: Grant | None
    ) -> Response:
        """Whether the user follows (has in their library) each URI; playlists only here."""
        uris = [u for u in (request.param("uris") or "").split(",") if u]
        if not uris:
            return error_response(400, "Missing required parameter: uris")
        if len(uris) > _LIBRARY_CONTAINS_MAX:
            return error_response(400, "Too many ids requested")
        return Response(200, [self._follows(uri) for uri in uris])

    def _follows(self, uri: str) -> bool:
        kind, _, playlist_id = uri.partition(":")[2].partition(":")
        playlist = self.library.get(playlist_id) if kind == "playlist" else None
        return playlist is not None and playlist.followed

    def _user_playlists(
        self, request: Request, args: dict[str, str], grant: Grant | None
    ) -> Response:
        if args["id"] != self.library.user_id:
            return error_response(403, "Forbidden")
        return self._my_playlists(request, args, grant)

    def _create_playlist(
        self, request: Request, _args: dict[str, str], grant: Grant | None
    ) -> Response:
        body = _json_object(request)
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
            return error_response(
                400, "JSON body does not adhere to the defined endpoint parameters"
            )
        if collaborative and public:
            return error_response(400, "Collaborative playlists can only be private.")
        _require_scope(grant, MODIFY_PUBLIC if public else MODIFY_PRIVATE)
        playlist = self.library.create(
            name, description=description, public=public, collaborative=collaborative
        )
        return Response(201, self._playlist_json(playlist, None))

    def _find(self, playlist_id: str) -> Playlist:
        if not _BASE62_ID_RE.match(playlist_id):
            raise ApiError(400, "Invalid base62 id")
        playlist = self.library.get(playlist_id)
        if playlist is None:
            raise ApiError(404, "Resource not found")
        return playlist

    def _editable(self, playlist_id: str, grant: Grant | None) -> Playlist:
        playlist = self._find(playlist_id)
        if not self.library.can_edit(playlist):
            raise ApiError(403, "Forbidden")
        if grant is not None:
            _require_scope(grant, MODIFY_PUBLIC if playlist.public else MODIFY_PRIVATE)
        return playlist

    def _playlist(self, request: Request, args: dict[str, str], _grant: Grant | None) -> Response:
        playlist = self._find(args["id"])
        language = pick_language(request.header("accept-language"))
        with self.library.lock:
            body = self._playlist_json(playlist, language)
        return Response(200, _apply_fields(request, body))

    def _change_details(
        self, request: Request, args: dict[str, str], grant: Grant | None
    ) -> Response:
        playlist = self._find(args["id"])
        if playlist.owner_id != self.library.user_id:
            return error_response(403, "Forbidden")
        body = _json_object(request)
        expected = {"name": str, "description": str, "public": bool, "collaborative": bool}
        changes = {k: v for k, v in body.items() if k in expected}
        if any(not isinstance(v, expected[k]) for k, v in changes.items()):
            return error_response(
                400, "JSON body does not adhere to the defined endpoint parameters"
            )
        _require_scope(grant, MODIFY_PUBLIC if playlist.public else MODIFY_PRIVATE)
        self.library.change_details(playlist, changes)
        return Response(200, None)

    def _items(self, request: Request, args: dict[str, str], _grant: Grant | None) -> Response:
        playlist = self._find(args["id"])
        if not self.library.can_edit(playlist):
            return error_response(403, "Forbidden")
        limit = _int_param(request, "limit", default=20, low=1, high=50, message="Invalid limit")
        offset = _int_param(
            request, "offset", default=0, low=0, high=10_000_000, message="Invalid offset"
        )
        language = pick_language(request.header("accept-language"))
        with self.library.lock:
            _market(request)  # validated, though markets are not emulated
            body = self._entries_paging(playlist, "items", offset, limit, language)
        return Response(200, _apply_fields(request, body))

    def _add_items(self, request: Request, args: dict[str, str], grant: Grant | None) -> Response:
        playlist = self._editable(args["id"], grant)
        body = _json_body(request)
        uris = _query_uris(request)
        if uris is None:
            uris = body if isinstance(body, list) else _dict(body).get("uris")
        position = request.param("position") or _dict(body).get("position")
        uris = self._valid_uris(uris)
        if not uris:
            return error_response(400, "No uris provided.")
        at = _optional_int(position, "Invalid position")
        try:
            self.library.add(playlist, uris, at, self.library.user_id)
        except LibraryError as exc:
            return error_response(400, str(exc))
        return Response(201, {"snapshot_id": playlist.snapshot_id})

    def _replace_or_reorder(
        self, request: Request, args: dict[str, str], grant: Grant | None
    ) -> Response:
        playlist = self._editable(args["id"], grant)
        body = _dict(_json_body(request))
        try:
            if "range_start" in body:
                self.library.reorder(
                    playlist,
                    _required_int(body, "range_start"),
                    _required_int(body, "insert_before"),
                    _optional_int(body.get("range_length", 1), "Invalid range_length") or 0,
                )
            else:
                uris = _query_uris(request)
                if uris is None and "uris" not in body:
                    return error_response(400, "No uris provided.")
                valid = self._valid_uris(uris if uris is not None else body["uris"])
                self.library.replace(playlist, valid, self.library.user_id)
        except LibraryError as exc:
            return error_response(400, str(exc))
        return Response(200, {"snapshot_id": playlist.snapshot_id})

    def _remove_items(
        self, request: Request, args: dict[str, str], grant: Grant | None
    ) -> Response:
        playlist = self._editable(args["id"], grant)
        body = _dict(_json_body(request))
        items = body.get("items")
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("uri"), str) for i in items
        ):
            return error_response(
                400, "JSON body does not adhere to the defined endpoint parameters"
            )
        if len(items) > _MAX_ITEMS_PER_WRITE:
            return error_response(400, "You can remove a maximum of 100 tracks per request.")
        for item in items:
            if not _TRACK_URI_RE.match(item["uri"]):
                return error_response(400, f"Invalid track uri: {item['uri']}")
        self.library.remove(playlist, [i["uri"] for i in items])
        return Response(200, {"snapshot_id": playlist.snapshot_id})

    def _valid_uris(self, uris: Any) -> list[str]:
        if uris is None:
            return []
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise ApiError(400, "JSON body does not adhere to the defined endpoint parameters")
        if len(uris) > _MAX_ITEMS_PER_WRITE:
            raise ApiError(400, "You can add a maximum of 100 tracks per request.")
        for uri in uris:
            match = _TRACK_URI_RE.match(uri)
            if match is None:
                raise ApiError(400, f"Invalid track uri: {uri}")
            if self.catalog.get(match.group(1)) is None:
                raise ApiError(400, "Payload contains a non-existing ID")
        return list(uris)

    # --- playlist JSON ----------------------------------------------------------------------

    def _playlist_base(self, playlist: Playlist) -> dict[str, Any]:
        return {
            "collaborative": playlist.collaborative,
            "description": playlist.description,
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{playlist.id}"},
            "href": f"{self.api_base}/playlists/{playlist.id}",
            "id": playlist.id,
            "images": [],
            "name": playlist.name,
            "owner": self._user_json(playlist.owner_id, playlist.owner_name),
            "primary_color": None,
            "public": playlist.public,
            "snapshot_id": playlist.snapshot_id,
            "type": "playlist",
            "uri": f"spotify:playlist:{playlist.id}",
        }

    def _simple_playlist_json(self, playlist: Playlist) -> dict[str, Any]:
        body = self._playlist_base(playlist)
        for key in ("items", "tracks"):
            body[key] = {"href": f"{body['href']}/{key}", "total": len(playlist.entries)}
        return body

    def playlist_json(self, playlist: Playlist) -> dict[str, Any]:
        """The full playlist object (first 100 items), as `GET /playlists/{id}` gives it."""
        with self.library.lock:
            return self._playlist_json(playlist, None)

    def _playlist_json(self, playlist: Playlist, language: str | None) -> dict[str, Any]:
        body = self._playlist_base(playlist)
        body["followers"] = {"href": None, "total": 0}
        if self.library.can_edit(playlist):
            for key in ("items", "tracks"):
                body[key] = self._entries_paging(playlist, key, 0, 100, language)
        return body

    def _entries_paging(
        self,
        playlist: Playlist,
        key: str,
        offset: int,
        limit: int,
        language: str | None,
    ) -> dict[str, Any]:
        entries = playlist.entries[offset : offset + limit]
        items = [self._entry_json(e, language) for e in entries]
        path = f"/playlists/{playlist.id}/{key}"
        return self._paging(path, {}, items, offset, limit, len(playlist.entries))

    def _entry_json(self, entry: PlaylistEntry, language: str | None) -> dict[str, Any]:
        match = _TRACK_URI_RE.match(entry.uri)
        track = self.catalog.get(match.group(1)) if match else None
        item: dict[str, Any] | None = None
        if track is not None:
            item = {
                **self._track_json(track.id, language, playable=False),
                "episode": False,
                "track": True,
            }
        return {
            "added_at": entry.added_at,
            "added_by": self._user_json(entry.added_by),
            "is_local": False,
            "primary_color": None,
            "item": item,
            "track": item,
            "video_thumbnail": {"url": None},
        }


def _route(method: str, template: str, handler: Handler, area: str, needs_user: bool) -> Route:
    pattern = re.compile("^" + re.escape(template).replace(r"\{id\}", _ID) + "$")
    return Route(method, pattern, template, handler, area, needs_user)


def _int_param(
    request: Request, name: str, *, default: int, low: int, high: int, message: str
) -> int:
    raw = request.param(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(400, message) from exc
    if not low <= value <= high:
        raise ApiError(400, message)
    return value


def _market(request: Request) -> str | None:
    market = request.param("market")
    if market is None:
        return None
    if not _MARKET_RE.match(market):
        raise ApiError(400, "Invalid market code")
    return market


def _json_body(request: Request) -> Any:
    if not request.body.strip():
        return None
    try:
        return json.loads(request.body)
    except ValueError as exc:
        raise ApiError(400, "Error parsing JSON.") from exc


def _json_object(request: Request) -> dict[str, Any]:
    body = _json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "Error parsing JSON.")
    return body


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _query_uris(request: Request) -> list[str] | None:
    raw = request.param("uris")
    if raw is None:
        return None
    return [u.strip() for u in raw.split(",") if u.strip()]


def _optional_int(value: Any, message: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ApiError(400, message)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, message) from exc


def _required_int(body: dict[str, Any], key: str) -> int:
    value = _optional_int(body.get(key), f"Invalid {key}")
    if value is None:
        raise ApiError(400, f"Missing required field: {key}")
    return value


def _require_scope(grant: Grant | None, scope: str) -> None:
    if grant is not None and scope not in grant.scopes:
        raise ApiError(403, "Insufficient client scope")


def _apply_fields(request: Request, body: dict[str, Any]) -> Any:
    fields = request.param("fields")
    if not fields:
        return body
    try:
        return select(body, parse_fields(fields))
    except FieldsError as exc:
        raise ApiError(400, "Invalid fields") from exc
