"""Answers that break on the way, through real spotipy over HTTP against the sandbox.

A 2xx that is not JSON, or JSON of the wrong shape, is a `MalformedAnswer` (never "nothing
found"); an answer cut short, mangled by its compression or caught in a redirect loop is retried
like a reset and, if it persists, becomes `SpotifyUnavailable`: never a raw requests exception.
"""

from __future__ import annotations

import pytest

from syncer.errors import MalformedAnswer, SpotifyUnavailable, WriteOutcomeUnknown
from syncer.sandbox import FaultSpec, Sandbox
from syncer.sandbox.faults import Fault, fault_for
from syncer.spotify.client import SpotifyClient
from syncer.spotify.retry import RetryPolicy
from tests.words import raises_worded

from .spotify_fakes import FakeClock
from .spotify_world import ROBINSON_ID

ATTEMPTS = RetryPolicy().max_attempts


@pytest.mark.parametrize("kind", ["garbage", "shapeless"])
def test_a_search_answered_with_an_unusable_2xx_is_an_error_not_an_empty_page(
    client: SpotifyClient, sandbox: Sandbox, kind: str
) -> None:
    sandbox.set_faults(FaultSpec.parse(f"{kind}=1"))

    with raises_worded(MalformedAnswer, match=r"GET /search: unusable answer"):
        client.search_tracks("ロビンソン", locale="ja")


@pytest.mark.parametrize("kind", ["garbage", "shapeless"])
def test_reads_answered_with_an_unusable_2xx_are_errors_not_empty_or_false(
    client: SpotifyClient, sandbox: Sandbox, kind: str
) -> None:
    playlist_id = client.create_playlist("P", description="d", public=False).id
    sandbox.set_faults(FaultSpec.parse(f"{kind}=1"))

    reads = {
        "GET /tracks/{id}": lambda: client.get_track(ROBINSON_ID, locale="ja"),
        "GET /me": client.current_user_id,
        "GET /me/playlists": client.my_playlists,
        "GET /playlists/{id}": lambda: client.get_playlist(playlist_id),
        "GET /me/library/contains": lambda: client.is_following(playlist_id),
        "GET /playlists/{id}/items": lambda: client.playlist_items(playlist_id),
    }
    for endpoint, read in reads.items():
        with pytest.raises(MalformedAnswer) as raised:
            read()
        assert raised.value.endpoint == endpoint


@pytest.mark.parametrize("kind", ["truncated", "gzip", "redirects"])
def test_an_answer_broken_in_transit_is_retried_then_a_typed_error(
    client: SpotifyClient, sandbox: Sandbox, clock: FakeClock, kind: str
) -> None:
    sandbox.set_faults(FaultSpec.parse(f"{kind}=1"))

    with raises_worded(SpotifyUnavailable, match="after every allowed retry"):
        client.search_tracks("ロビンソン", locale="ja")

    assert client.counter.counts == {"GET /search": ATTEMPTS}
    assert len(clock.sleeps) == ATTEMPTS - 1  # backed off between attempts, like a reset


@pytest.mark.parametrize("kind", ["truncated", "gzip"])  # one redirect is simply followed
def test_an_answer_broken_once_is_retried_and_the_search_succeeds(
    client: SpotifyClient, sandbox: Sandbox, kind: str
) -> None:
    spec = _spec_breaking_only_the_first_request(kind)
    sandbox.set_faults(spec)

    found = client.search_tracks("ロビンソン", locale="ja")

    assert ROBINSON_ID in [t.id for t in found]
    assert client.counter.counts == {"GET /search": 2}


def test_a_write_whose_answer_is_cut_short_is_an_unknown_outcome_never_re_sent(
    client: SpotifyClient, sandbox: Sandbox
) -> None:
    playlist_id = client.create_playlist("P", description="d", public=False).id
    sandbox.set_faults(FaultSpec.parse("truncated=1"))

    with pytest.raises(WriteOutcomeUnknown):
        client.add_items(playlist_id, [f"spotify:track:{ROBINSON_ID}"], position=None)

    assert client.counter.counts["POST /playlists/{id}/items"] == 1
    assert sandbox.library.get(playlist_id).uris == [f"spotify:track:{ROBINSON_ID}"]  # type: ignore[union-attr]


def _spec_breaking_only_the_first_request(kind: str) -> FaultSpec:
    """A seed under which request 1 gets `kind` and request 2 gets no fault."""
    for seed in range(1000):
        spec = FaultSpec.parse(f"{kind}=0.5,seed={seed}")
        if fault_for(spec, 1) is Fault(kind) and fault_for(spec, 2) is None:
            return spec
    raise AssertionError("no such seed below 1000")
