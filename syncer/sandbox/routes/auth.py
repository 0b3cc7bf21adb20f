"""The accounts service's OAuth endpoints: `GET /authorize` and `POST /api/token`.

Public API: `routes`.
"""

from __future__ import annotations

from email.utils import formatdate
from urllib.parse import parse_qs, urlencode

from syncer.sandbox.routes.router import Route, accounts
from syncer.sandbox.routes.wire import Request, Response, error_response
from syncer.sandbox.tokens import OAuthError, TokenStore


def routes(tokens: TokenStore) -> list[Route]:
    return [
        accounts("GET", "/authorize", lambda call: authorize(tokens, call.request)),
        accounts("POST", "/api/token", lambda call: token(tokens, call.request)),
    ]


def authorize(tokens: TokenStore, request: Request) -> Response:
    """Approve at once and redirect back with a code (or an OAuth error) and the state."""
    redirect_uri = request.param("redirect_uri")
    if not redirect_uri:
        return error_response(400, "Missing required parameter: redirect_uri")
    state = request.param("state")
    try:
        code = tokens.authorize(
            request.param("client_id") or "", redirect_uri, request.param("scope") or ""
        )
        params = {"code": code}
    except OAuthError as exc:
        params = {"error": exc.code}
    if state is not None:
        params["state"] = state
    separator = "&" if "?" in redirect_uri else "?"
    return Response(302, None, {"Location": redirect_uri + separator + urlencode(params)})


def token(tokens: TokenStore, request: Request) -> Response:
    """A token answer, dated (`Date`) as the store dates it: an aged login's sign-in is old."""
    form = {k: v[0] for k, v in parse_qs(request.body.decode(errors="replace")).items()}
    try:
        body = tokens.token(form, request.header("authorization"))
    except OAuthError as exc:
        return Response(exc.status, {"error": exc.code, "error_description": exc.description})
    return Response(200, body, {"Date": formatdate(tokens.answer_time(form), usegmt=True)})
