"""Helpers shared by the sandbox tests: catalog ids, real spotipy clients, raw requests,
and OpenAPI validation against the reference spec (Development-Mode adjusted)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest
import requests
import spotipy
import yaml

from syncer.sandbox import Sandbox

SMALL_CATALOG = Path(__file__).parent / "small_catalog.json"
FULL_SCOPE = (
    "playlist-modify-private playlist-modify-public playlist-read-private user-read-private"
)

# Ids from small_catalog.json, named for readability.
KAEDE = "spotify:track:3GhbeYiwQdEkbRBnBUYV1d"
KAEDE_LIVE = "spotify:track:1Vjg6rKdQqmXDD1Bpg5p6w"
CHERRY = "spotify:track:7uS3r0MwPNyDJGbElAcEuY"
SAKURA = "spotify:track:0SKZjKXaUHFIAhHLtAETVM"
ENDLESS_RAIN = "spotify:track:2i4DNxEjTT5gjk7wgfSpFq"
ENDLESS_RAIN_LIVE = "spotify:track:5gtHVqWmVg7ZRE0pUgnZ3k"
TEARS = "spotify:track:1mYyQ2YkCSvjJeMaYkCLjA"
ULTRA_SOUL = "spotify:track:2C0oA1aT9lj0c1WD5YRnNq"
YORU = "spotify:track:3dPtXHP0oXQ4HCWHsOA9js"


def client_for(
    sb: Sandbox, *, scope: str = FULL_SCOPE, language: str | None = None, timeout: float = 5
) -> spotipy.Spotify:
    """Real spotipy, no retry adapter, pointed at the sandbox with a freshly issued token."""
    token = sb.issue_token(scope)["access_token"]
    sp = spotipy.Spotify(
        auth=token,
        requests_session=requests.Session(),
        requests_timeout=(2, timeout),
        language=language,
    )
    sp.prefix = sb.api_url
    return sp


def raw(sb: Sandbox, method: str, path: str, **kwargs: object) -> requests.Response:
    """A plain HTTP request to the sandbox with a full-scope token (for bodies spotipy never sends)."""
    token = sb.issue_token(FULL_SCOPE)["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    return requests.request(method, sb.base_url + path, headers=headers, timeout=5, **kwargs)  # type: ignore[arg-type]


# The shared reference material sits next to the repository (`../shared/reference`).
REFERENCE = Path(
    os.environ.get("SYNCER_REFERENCE_DIR")
    or Path(__file__).resolve().parents[3] / "shared" / "reference"
)
OPENAPI_SPEC = REFERENCE / "spotify-openapi.yml"
RESPONSES = REFERENCE / "responses"
# Fields Development Mode removed (Feb 2026): absent from our answers, so not required of them.
DEV_MODE_REMOVED = {
    "available_markets",
    "linked_from",
    "popularity",
    "album_group",
    "label",
    "followers",
    "genres",
    "country",
    "email",
    "explicit_content",
    "product",
}


@functools.cache
def _components() -> dict[str, Any]:
    spec = yaml.load(OPENAPI_SPEC.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    components: dict[str, Any] = spec["components"]
    _adapt_to_dev_mode(components)
    return components


def _adapt_to_dev_mode(node: Any) -> None:
    if isinstance(node, dict):
        # The spec's discriminator mappings name schemas that do not exist; plain oneOf suffices.
        node.pop("discriminator", None)
        if isinstance(node.get("required"), list):
            node["required"] = [r for r in node["required"] if r not in DEV_MODE_REMOVED]
        for value in node.values():
            _adapt_to_dev_mode(value)
    elif isinstance(node, list):
        for value in node:
            _adapt_to_dev_mode(value)


def assert_matches_schema(body: Any, ref: str) -> None:
    """Validate against `#/components/<ref>` of the reference OpenAPI spec (skip if absent)."""
    if not OPENAPI_SPEC.exists():
        pytest.skip(f"reference OpenAPI spec not found at {OPENAPI_SPEC} (CI has it)")
    from openapi_schema_validator import OAS30Validator

    schema = {"$ref": f"#/components/{ref}", "components": _components()}
    OAS30Validator(schema).validate(body)
