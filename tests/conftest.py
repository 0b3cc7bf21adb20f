"""Session-wide test settings: nothing a test runs may read or write the user's own cache."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from syncer.sandbox.crowd import CACHE_DIR_ENV

# Several fixtures clear every SYNCER_* variable to start from a bare environment, so the
# platform's cache location (XDG_CACHE_HOME, read by platformdirs) is redirected too.
_REDIRECTED = (CACHE_DIR_ENV, "XDG_CACHE_HOME")


@pytest.fixture(scope="session", autouse=True)
def _temporary_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test (and every process a test starts) keeps the sandbox's crowd in a temporary
    cache directory, shared by the session so the crowd is generated once."""
    root = tmp_path_factory.mktemp("user-cache")
    before = {name: os.environ.get(name) for name in _REDIRECTED}
    os.environ[CACHE_DIR_ENV] = str(root / "syncer" / "sandbox")
    os.environ["XDG_CACHE_HOME"] = str(root)
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
