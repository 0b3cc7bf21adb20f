"""Fixtures for the Spotify edge: a small sandbox catalog, a running sandbox, a logged-in client.

Everything goes through real spotipy over real HTTP to the sandbox on 127.0.0.1; only the retry
layer's clock and sleep are fake, so a Retry-After never makes a test wait.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spotify_fakes import FakeClock

from syncer.model import RequestCounter
from syncer.sandbox import Catalog, Sandbox, load_catalog
from syncer.sandbox.catalog import derived_id
from syncer.spotify.auth import SCOPES, AuthSettings, SyncerOAuth, build_auth_manager
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

ROBINSON_ID = derived_id("test", "robinson")
FILLER_COUNT = 120


def filler_id(number: int) -> str:
    return derived_id("test", "filler", str(number))


def _catalog_records() -> list[dict[str, object]]:
    robinson = {
        "id": ROBINSON_ID,
        "name": "Robinson",
        "names": {"ja": "ロビンソン", "en": "Robinson"},
        "artists": [{"name": "SPITZ", "names": {"ja": "スピッツ", "en": "SPITZ"}}],
        "album": {"name": "Hachimitsu", "names": {"ja": "ハチミツ"}, "release_date": "1995"},
        "duration_ms": 261000,
        "external_ids": {"isrc": "JPPO09500221"},
    }
    fillers = [
        {
            "id": filler_id(n),
            "name": f"Filler {n:03d}",
            "artists": [{"name": "Test Band"}],
            "duration_ms": 180000 + n,
        }
        for n in range(FILLER_COUNT)
    ]
    return [robinson, *fillers]


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = tmp_path_factory.mktemp("catalog") / "catalog.json"
    path.write_text(json.dumps(_catalog_records(), ensure_ascii=False), encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def sandbox(catalog: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=catalog) as sb:
        yield sb


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def auth_manager_for(sb: Sandbox, cache_path: Path, *, timeout: float = 2.0) -> SyncerOAuth:
    settings = AuthSettings(
        client_id="syncer-tests",
        client_secret="not-a-secret",
        cache_path=cache_path,
        accounts_base_url=sb.base_url,
        connect_timeout=timeout,
        read_timeout=timeout,
    )
    return build_auth_manager(settings)


@pytest.fixture
def auth_manager(sandbox: Sandbox, tmp_path: Path) -> SyncerOAuth:
    """An auth manager whose cache holds a fresh token with every scope syncer asks for."""
    manager = auth_manager_for(sandbox, tmp_path / "state" / "token.json")
    manager.cache_handler.save_token_to_cache(sandbox.issue_token(scope=" ".join(SCOPES)))
    return manager


def client_for(
    sb: Sandbox,
    manager: SyncerOAuth,
    clock: FakeClock,
    *,
    read_timeout: float = 2.0,
    **policy: float,
) -> SpotifyClient:
    retry = RetryLayer(RetryPolicy(**policy), clock=clock, sleep=clock.sleep, rng=lambda: 0.0)  # type: ignore[arg-type]
    config = ClientConfig(api_base_url=sb.api_url, connect_timeout=2.0, read_timeout=read_timeout)
    return SpotifyClient(manager, retry, config=config, counter=RequestCounter())


@pytest.fixture
def client(sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock) -> SpotifyClient:
    return client_for(sandbox, auth_manager, clock)
