"""syncer: keep hand-written TOML song lists in sync with real Spotify playlists."""

from __future__ import annotations

__version__ = "0.1.0"
