"""Shared pieces of the Spotify-edge tests: the small catalog and ways to build clients.

A module of its own (not conftest) so tests can import it by a name no other folder uses.
"""

from __future__ import annotations

from pathlib import Path

from syncer.model import RequestCounter
from syncer.sandbox import Sandbox
from syncer.sandbox.catalog import derived_id
from syncer.spotify.auth import AuthSettings, SyncerOAuth, build_auth_manager
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

from .spotify_fakes import FakeClock

ROBINSON_ID = derived_id("test", "robinson")
FILLER_COUNT = 120


def filler_id(number: int) -> str:
    return derived_id("test", "filler", str(number))


def catalog_records() -> list[dict[str, object]]:
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
