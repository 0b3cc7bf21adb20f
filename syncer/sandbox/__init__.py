"""A local, Spotify-compatible Web API for tests, benchmarks and trying syncer offline.

Public API: `Sandbox`, `FaultSpec`, `FaultSpecError`, `load_catalog`, `default_catalog_path`,
`Catalog`, `CatalogError`, `DEFAULT_USER_ID`.

The server (`server.py`) is stdlib only and listens on 127.0.0.1; `routes/` holds the endpoints,
a module per resource (its `__init__` maps them); `catalog.py` documents the
catalog format, `search.py` what the search does and does not emulate, `faults.py` the fault
spec, and `server.py` the inspection endpoints outside `/v1`.
"""

from __future__ import annotations

from syncer.sandbox.catalog import Catalog, CatalogError, default_catalog_path, load_catalog
from syncer.sandbox.faults import FaultSpec, FaultSpecError
from syncer.sandbox.server import DEFAULT_USER_ID, Sandbox

__all__ = [
    "DEFAULT_USER_ID",
    "Catalog",
    "CatalogError",
    "FaultSpec",
    "FaultSpecError",
    "Sandbox",
    "default_catalog_path",
    "load_catalog",
]
