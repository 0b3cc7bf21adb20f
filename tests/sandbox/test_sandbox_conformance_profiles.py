"""Every object the sandbox serves validates against the reference OpenAPI spec, in both search
profiles (the fields Development Mode removed are taken out of the spec's `required` lists).

One walk over every endpoint per profile, through raw HTTP so error bodies are seen as sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from syncer.sandbox import Sandbox, load_catalog
from syncer.sandbox.search import PROFILES

from .sandbox_helpers import FULL_SCOPE, KAEDE, SAKURA, SMALL_CATALOG, TEARS, assert_matches_schema


def response(name: str) -> str:
    return f"responses/{name}/content/application~1json/schema"


ERROR = "schemas/ErrorObject"


class Walk:
    """Calls endpoints and records each answer's body with the schema it must satisfy."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.token = sb.issue_token(FULL_SCOPE)["access_token"]
        self.served: list[tuple[str, Any, str]] = []

    def call(
        self, method: str, path: str, ref: str, *, status: int, token: str | None = None, **kw: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        answer = requests.request(
            method, self.sb.base_url + path, headers=headers, timeout=30, **kw
        )
        assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text}"
        body = answer.json() if answer.content else None
        if ref == ERROR:
            assert body is not None
            self.served.append((f"{method} {path} -> {status}", body["error"], ref))
        elif body is not None:
            self.served.append((f"{method} {path}", body, ref))
        return body


def walk_every_endpoint(sb: Sandbox) -> list[tuple[str, Any, str]]:
    walk = Walk(sb)
    kaede, sakura, tears = (uri.rsplit(":", 1)[1] for uri in (KAEDE, SAKURA, TEARS))
    search = walk.call(
        "GET", "/v1/search?q=Tears&type=track&limit=10", response("SearchItems"), status=200
    )
    walk.call(
        "GET",
        "/v1/search?q=Tears&type=track,album,artist&limit=3&market=JP",
        response("SearchItems"),
        status=200,
    )
    walk.call(
        "GET", "/v1/search?q=nothing+at+all+zzqx&type=track", response("SearchItems"), status=200
    )
    for item in search["tracks"]["items"]:  # synthetic ones too, under `realistic`
        walk.call("GET", f"/v1/tracks/{item['id']}", response("OneTrack"), status=200)
    walk.call("GET", f"/v1/tracks/{kaede}?market=US", response("OneTrack"), status=200)
    walk.call("GET", "/v1/me", response("OnePrivateUser"), status=200)
    created = walk.call(
        "POST",
        "/v1/me/playlists",
        response("OnePlaylist"),
        status=201,
        json={"name": "Walk", "public": False, "description": "Tom's & Jerry's"},
    )
    playlist = created["id"]
    walk.call(
        "POST",
        f"/v1/playlists/{playlist}/items",
        response("PlaylistSnapshotId"),
        status=201,
        json=[f"spotify:track:{i}" for i in (kaede, sakura, tears)],
    )
    walk.call(
        "PUT",
        f"/v1/playlists/{playlist}/items",
        response("PlaylistSnapshotId"),
        status=200,
        json={"range_start": 0, "insert_before": 3},
    )
    walk.call("GET", f"/v1/playlists/{playlist}", response("OnePlaylist"), status=200)
    walk.call(
        "GET",
        f"/v1/playlists/{playlist}/items?limit=2",
        response("PagingPlaylistTrackObject"),
        status=200,
    )
    walk.call("GET", "/v1/me/playlists?limit=1", response("PagedPlaylists"), status=200)
    walk.call("GET", f"/v1/users/{sb.user_id}/playlists", response("PagedPlaylists"), status=200)
    walk.call(
        "GET",
        f"/v1/me/library/contains?uris=spotify:playlist:{playlist}",
        response("ArrayOfBooleans"),
        status=200,
    )
    walk.call("PUT", f"/v1/playlists/{playlist}", "", status=200, json={"name": "Walked"})
    walk.call(
        "DELETE",
        f"/v1/playlists/{playlist}/items",
        response("PlaylistSnapshotId"),
        status=200,
        json={"items": [{"uri": f"spotify:track:{kaede}"}]},
    )
    walk.call(
        "PUT",
        f"/v1/playlists/{playlist}/items",
        response("PlaylistSnapshotId"),
        status=200,
        json={"uris": []},
    )
    foreign = sb.create_foreign_playlist("Not mine", uris=[f"spotify:track:{sakura}"])
    walk.call("GET", f"/v1/playlists/{foreign}", response("OnePlaylist"), status=200)
    # Errors: Spotify's shape whatever went wrong.
    walk.call("GET", "/v1/search?q=Tears&type=track&limit=11", ERROR, status=400)
    walk.call("GET", "/v1/tracks/" + "0" * 22, ERROR, status=404)
    walk.call("GET", f"/v1/playlists/{foreign}/items", ERROR, status=403)
    walk.call("GET", "/v1/tracks?ids=" + kaede, ERROR, status=403)
    walk.call("GET", "/v1/me", ERROR, status=401, token="not-a-token")
    if sb.profile == "realistic":
        walk.call("GET", "/v1/search?type=track&q=" + "x" * 101, ERROR, status=404)
        walk.call("GET", "/v1/search?type=track&q=Tears&offset=995&limit=10", ERROR, status=400)
    return walk.served


@pytest.fixture(params=PROFILES)
def any_profile(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(catalog=load_catalog(SMALL_CATALOG), profile=request.param) as sb:
        yield sb


def test_every_served_object_validates_against_the_openapi_spec(any_profile: Sandbox) -> None:
    served = walk_every_endpoint(any_profile)

    failures = []
    for label, body, ref in served:
        try:
            assert_matches_schema(body, ref)
        except ValidationError as exc:
            failures.append(f"{label} ({ref}): {exc.message} at {list(exc.absolute_path)}")
    assert len(served) > 20
    assert not failures, "\n".join(failures)


def test_albums_always_carry_a_release_date_and_precision(any_profile: Sandbox) -> None:
    albums = []
    for _label, body, ref in walk_every_endpoint(any_profile):
        if ref == response("OneTrack"):
            albums.append(body["album"])
        elif ref == response("SearchItems"):
            albums.extend(item["album"] for item in body["tracks"]["items"])

    assert albums
    for album in albums:
        assert album["release_date"] is not None
        assert album["release_date_precision"] in {"year", "month", "day"}
