"""Fixtures for the Spotify edge: a small sandbox catalog, a running sandbox, a logged-in client.

Everything goes through real spotipy over real HTTP to the sandbox on 127.0.0.1; only the retry
layer's clock and sleep are fake, so a Retry-After never makes a test wait.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from syncer.sandbox import Catalog, Sandbox, load_catalog
from syncer.spotify.auth import SCOPES, SyncerOAuth
from syncer.spotify.client import SpotifyClient

from .spotify_fakes import FakeClock
from .spotify_world import auth_manager_for, catalog_records, client_for


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = tmp_path_factory.mktemp("catalog") / "catalog.json"
    path.write_text(json.dumps(catalog_records(), ensure_ascii=False), encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def sandbox(catalog: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=catalog) as sb:
        yield sb


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def auth_manager(sandbox: Sandbox, tmp_path: Path) -> SyncerOAuth:
    """An auth manager whose cache holds a fresh token with every scope syncer asks for."""
    manager = auth_manager_for(sandbox, tmp_path / "state" / "token.json")
    manager.cache_handler.save_token_to_cache(sandbox.issue_token(scope=" ".join(SCOPES)))
    return manager


@pytest.fixture
def client(sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock) -> SpotifyClient:
    return client_for(sandbox, auth_manager, clock)
