"""`syncer review` checks pasted links through one Spotify session for the whole review, opened
at the first paste (never for malformed text) and closed when the review ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from syncer.cli.decide import _TrackLookup
from syncer.cli.messages import Refused
from syncer.config import load_settings
from syncer.session import SpotifySession, open_session

WAKAREUTA_LIVE = "spotify:track:zeqyL3nUHnltFLJdAqddF9"
UNKNOWN_TRACK = "spotify:track:0000000000000000000000"
HIMAWARI = "spotify:track:45jGOHwYKgsRYbAJ8DR61d"  # ひまわりの約束, in the default catalog


def test_every_pasted_link_of_a_review_is_checked_through_one_session(tmp_path: Path) -> None:
    opened: list[SpotifySession] = []

    @contextmanager
    def sandbox_session() -> Iterator[SpotifySession]:
        with open_session(load_settings({}), tmp_path / ".syncer", sandbox=True) as session:
            opened.append(session)
            yield session

    with _TrackLookup(sandbox_session) as lookup:
        with pytest.raises(Refused, match="is not a Spotify track URI"):
            lookup("https://open.spotify.com/album/1234567890123456789012")
        assert opened == []  # malformed text is refused without connecting

        first = lookup(WAKAREUTA_LIVE)
        second = lookup("https://open.spotify.com/track/45jGOHwYKgsRYbAJ8DR61d?si=x")
        with pytest.raises(Refused, match=f"Spotify has no track {UNKNOWN_TRACK}"):
            lookup(UNKNOWN_TRACK)
        again = lookup(WAKAREUTA_LIVE)

        assert len(opened) == 1
        (session,) = opened
        assert session.sandbox is not None
        base_url = session.sandbox.base_url
        assert requests.get(f"{base_url}/_sandbox/stats", timeout=5).ok

    assert (first.uri, second.uri, again.uri) == (WAKAREUTA_LIVE, HIMAWARI, WAKAREUTA_LIVE)
    with pytest.raises(requests.ConnectionError):  # the review's end closed the session
        requests.get(f"{base_url}/_sandbox/stats", timeout=5)
