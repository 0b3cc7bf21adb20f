"""Reading request parameters and JSON bodies into typed values; bad input raises `ApiError`.

Public API: `int_param`, `market`, `answering_country`, `language`, `json_body`, `json_object`, `as_dict`,
`query_uris`, `optional_int`, `required_int`, `apply_fields`, `NOT_ADHERING`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from syncer.sandbox.catalog import pick_language
from syncer.sandbox.fields import FieldsError, parse_fields, select
from syncer.sandbox.routes.wire import ApiError, Request
from syncer.sandbox.tokens import Grant

_MARKET_RE = re.compile(r"^([A-Za-z]{2}|from_token)$")
NOT_ADHERING = "JSON body does not adhere to the defined endpoint parameters"


def int_param(
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


def market(request: Request) -> str | None:
    """The `market` parameter, validated."""
    value = request.param("market")
    if value is None:
        return None
    if not _MARKET_RE.match(value):
        raise ApiError(400, "Invalid market code")
    return value


def answering_country(
    grant: Grant | None, requested_market: str | None, account_country: str | None
) -> str | None:
    """The country content must be available in. With a user token the account's country takes
    priority over `market` (the spec's text of `market`); with an app token, the market asked
    for; `from_token` without a user, or no market at all, means no restriction here."""
    if grant is not None and grant.user_id is not None and account_country:
        return account_country.upper()
    if requested_market and requested_market != "from_token":
        return requested_market.upper()
    return None


def language(request: Request) -> str | None:
    """The catalog language the `Accept-Language` header asks for."""
    return pick_language(request.header("accept-language"))


def json_body(request: Request) -> Any:
    if not request.body.strip():
        return None
    try:
        return json.loads(request.body)
    except ValueError as exc:
        raise ApiError(400, "Error parsing JSON.") from exc


def json_object(request: Request) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "Error parsing JSON.")
    return body


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def query_uris(request: Request) -> list[str] | None:
    raw = request.param("uris")
    if raw is None:
        return None
    return [u.strip() for u in raw.split(",") if u.strip()]


def optional_int(value: Any, message: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ApiError(400, message)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, message) from exc


def required_int(body: dict[str, Any], key: str) -> int:
    value = optional_int(body.get(key), f"Invalid {key}")
    if value is None:
        raise ApiError(400, f"Missing required field: {key}")
    return value


def apply_fields(request: Request, body: dict[str, Any]) -> Any:
    """The body narrowed to the `fields` parameter, if any."""
    fields = request.param("fields")
    if not fields:
        return body
    try:
        return select(body, parse_fields(fields))
    except FieldsError as exc:
        raise ApiError(400, "Invalid fields") from exc
