"""A `TrackLookup` checks pasted links through one Spotify session (for a whole `syncer review`),
opened at the first paste (never for malformed text) and closed when the lookup ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from syncer.application.decisions import TrackLookup
from syncer.cli.messages import describe
from syncer.config import load_settings
from syncer.errors import Refused
from syncer.session import SpotifySession, open_session

WAKAREUTA_LIVE = "spotify:track:6WWVJxaIhkXqn4rbjZ4STg"
UNKNOWN_TRACK = "spotify:track:0000000000000000000000"
HIMAWARI = "spotify:track:45jGOHwYKgsRYbAJ8DR61d"  # ひまわりの約束, in the default catalog


def test_track_lookup_checks_every_pasted_link_through_one_session(tmp_path: Path) -> None:
    opened: list[SpotifySession] = []

    @contextmanager
    def sandbox_session() -> Iterator[SpotifySession]:
        with open_session(load_settings({}), tmp_path / "sandbox", sandbox=True) as session:
            opened.append(session)
            yield session

    with TrackLookup(sandbox_session) as lookup:
        with pytest.raises(Refused) as not_a_track:
            lookup("https://open.spotify.com/album/1234567890123456789012")
        assert "is not a Spotify track URI" in describe(not_a_track.value)
        assert opened == []  # malformed text is refused without connecting

        first = lookup(WAKAREUTA_LIVE)
        second = lookup("https://open.spotify.com/track/45jGOHwYKgsRYbAJ8DR61d?si=x")
        with pytest.raises(Refused) as unknown:
            lookup(UNKNOWN_TRACK)
        assert describe(unknown.value) == f"Spotify has no track {UNKNOWN_TRACK}; check the link"
        again = lookup(WAKAREUTA_LIVE)

        assert len(opened) == 1
        (session,) = opened
        assert session.sandbox is not None
        base_url = session.sandbox.base_url
        assert requests.get(f"{base_url}/_sandbox/stats", timeout=5).ok

    assert (first.uri, second.uri, again.uri) == (WAKAREUTA_LIVE, HIMAWARI, WAKAREUTA_LIVE)
    with pytest.raises(requests.ConnectionError):  # the review's end closed the session
        requests.get(f"{base_url}/_sandbox/stats", timeout=5)
