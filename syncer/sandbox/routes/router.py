"""The route table and dispatch: match method and path, authenticate `/v1`, answer errors.

Public API: `Router`, `Route`, `Call`, `Handler`, `v1`, `accounts`, `inspection`.

A handler is a function of one `Call`; each route binds it to a small typed function that takes
only what it uses (a playlist id, the request, the grant). Faults are applied by the transport
around `Router.handle` (see `syncer.sandbox.server`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from syncer.sandbox.routes.wire import ApiError, Request, Response, error_response
from syncer.sandbox.tokens import Grant, TokenStore

_ID = r"(?P<id>[^/]+)"


@dataclass(frozen=True)
class Call:
    """One matched request: the request, the path's `{id}` (if any) and the caller's grant."""

    request: Request
    args: Mapping[str, str]
    grant: Grant | None

    @property
    def id(self) -> str:
        return self.args["id"]


Handler = Callable[[Call], Response]


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


def v1(method: str, template: str, handler: Handler, *, needs_user: bool = True) -> Route:
    """A Web API route: needs a valid token, and a user's token unless `needs_user` is False."""
    return _route(method, template, handler, "v1", needs_user)


def accounts(method: str, template: str, handler: Handler) -> Route:
    """An accounts-service (OAuth) route: no token needed."""
    return _route(method, template, handler, "accounts", False)


def inspection(method: str, template: str, handler: Handler) -> Route:
    """A `/_sandbox` route: no token needed, never counted or faulted."""
    return _route(method, template, handler, "sandbox", False)


def _route(method: str, template: str, handler: Handler, area: str, needs_user: bool) -> Route:
    pattern = re.compile("^" + re.escape(template).replace(r"\{id\}", _ID) + "$")
    return Route(method, pattern, template, handler, area, needs_user)


class Router:
    def __init__(self, routes: Sequence[Route], tokens: TokenStore) -> None:
        self.routes = list(routes)
        self._tokens = tokens

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
            return route.handler(Call(request, args, grant))
        except ApiError as exc:
            return error_response(exc.status, exc.message, headers=exc.headers)

    def _authenticate(self, request: Request, route: Route) -> Grant | None:
        if route.area != "v1":
            return None
        grant = self._tokens.grant_for(request.header("authorization"))
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
