"""Fixtures for the sandbox tests: a small catalog, a running sandbox, real spotipy clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spotipy

from syncer.sandbox import Catalog, Sandbox, load_catalog

from .sandbox_helpers import SMALL_CATALOG, client_for


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(SMALL_CATALOG)


@pytest.fixture
def sandbox(catalog: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=catalog) as sb:
        yield sb


@pytest.fixture
def sp(sandbox: Sandbox) -> spotipy.Spotify:
    return client_for(sandbox)
