"""Fixtures for the application layer's tests: the CLI tests' isolated environment (no
SPOTIPY_*/SYNCER_* settings from the outside, per-user directories and the working directory
in the test's folder) and their copy of the seed lists."""

from __future__ import annotations

from ..cli.conftest import isolated_env, seed_lists

__all__ = ["isolated_env", "seed_lists"]
