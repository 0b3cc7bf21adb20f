"""The Spotify edge: the spotipy adapter, the one retry layer, and OAuth.

- `syncer.spotify.client`: `SpotifyClient` (implements `TrackSearch` and `PlaylistStore`),
  `ClientConfig`.
- `syncer.spotify.retry`: `RetryLayer`, `RetryPolicy` (per-run wait budget, shared rate-limit
  gate; clock and sleep injectable).
- `syncer.spotify.auth`: `build_auth_manager`, `AuthSettings`, `preflight`, the `syncer login`
  helpers and `sandbox_login`.
"""

from __future__ import annotations
