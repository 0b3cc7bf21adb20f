"""SpotifyClient through real spotipy over HTTP against the sandbox."""

from __future__ import annotations

import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

import pytest
import requests

from syncer.errors import RateLimited, SpotifyRequestError, SpotifyUnavailable, WriteOutcomeUnknown
from syncer.model import track_uri
from syncer.sandbox import FaultSpec, Sandbox
from syncer.spotify.auth import SyncerOAuth
from syncer.spotify.client import SpotifyClient

from .spotify_fakes import FakeClock
from .spotify_world import FILLER_COUNT, ROBINSON_ID, client_for, filler_id

ROBINSON = track_uri(ROBINSON_ID)


def new_playlist(client: SpotifyClient, name: str = "泣けるラブソング") -> str:
    return client.create_playlist(name, description="test", public=False).id


@pytest.mark.parametrize(
    ("locale", "query", "name", "artist", "album"),
    [
        pytest.param("ja", "ロビンソン", "ロビンソン", "スピッツ", "ハチミツ", id="ja"),
        pytest.param("en", "Robinson", "Robinson", "SPITZ", "Hachimitsu", id="en"),
    ],
)
def test_search_returns_names_in_the_requested_locale(
    client: SpotifyClient, locale: str, query: str, name: str, artist: str, album: str
) -> None:
    found = client.search_tracks(query, locale=locale, limit=10)

    robinson = next(t for t in found if t.id == ROBINSON_ID)
    assert (robinson.name, robinson.artists, robinson.album) == (name, (artist,), album)
    assert (robinson.isrc, robinson.year) == ("JPPO09500221", 1995)
    assert client.counter.counts == {"GET /search": 1}


def test_search_never_asks_for_more_than_ten(client: SpotifyClient, sandbox: Sandbox) -> None:
    found = client.search_tracks("Filler", locale="en", limit=50)

    assert 0 < len(found) <= 10


def test_get_track_finds_a_track_and_answers_none_for_unknown_or_malformed_ids(
    client: SpotifyClient,
) -> None:
    found = client.get_track(ROBINSON_ID, locale="ja")

    assert found is not None
    assert found.name == "ロビンソン"
    assert client.get_track("0" * 22, locale="ja") is None
    assert client.get_track("not-an-id", locale="ja") is None


def test_playlist_items_pages_beyond_fifty_in_order(client: SpotifyClient) -> None:
    playlist_id = new_playlist(client)
    uris = [track_uri(filler_id(n)) for n in range(FILLER_COUNT)]
    client.add_items(playlist_id, uris[:100], position=None)
    client.add_items(playlist_id, uris[100:], position=None)

    items = client.playlist_items(playlist_id)

    assert [item.uri for item in items] == uris
    assert client.counter.counts["GET /playlists/{id}/items"] == 3  # 50 + 50 + 20
    assert client.counter.counts["POST /playlists/{id}/items"] == 2


@pytest.mark.parametrize(
    ("expected", "requests"),
    [
        pytest.param(120, 3, id="as-expected"),
        pytest.param(60, 3, id="more-than-expected"),
        pytest.param(170, 4, id="fewer-than-expected"),
        pytest.param(None, 3, id="nothing-expected"),
    ],
)
def test_playlist_items_asks_for_the_expected_pages_at_once_and_reads_what_is_there(
    client: SpotifyClient, expected: int | None, requests: int
) -> None:
    playlist_id = new_playlist(client)
    uris = [track_uri(filler_id(n)) for n in range(FILLER_COUNT)]
    client.add_items(playlist_id, uris[:100], position=None)
    client.add_items(playlist_id, uris[100:], position=None)

    items = client.playlist_items(playlist_id, expected=expected)

    assert [item.uri for item in items] == uris
    assert client.counter.counts["GET /playlists/{id}/items"] == requests


def test_my_playlists_pages_by_offset_and_includes_followed_ones(
    client: SpotifyClient, sandbox: Sandbox
) -> None:
    created = {new_playlist(client, "made by syncer")}
    created |= {sandbox.library.create(f"list {n}", owner_id=sandbox.user_id).id for n in range(54)}
    followed = sandbox.create_foreign_playlist("someone else's")

    found = client.my_playlists()

    assert {p.id for p in found} == created | {followed}
    assert client.counter.counts["GET /me/playlists"] == 2
    assert {p.owner_id for p in found if p.id == followed} == {"someone-else"}


def test_get_playlist_reads_metadata_and_answers_none_when_gone(client: SpotifyClient) -> None:
    playlist_id = new_playlist(client, "泣ける")
    client.add_items(playlist_id, [ROBINSON], position=None)
    client.change_details(playlist_id, name="泣ける歌", description="ja", public=False)

    info = client.get_playlist(playlist_id)

    assert info is not None
    assert (info.name, info.description, info.public, info.total) == ("泣ける歌", "ja", False, 1)
    assert info.owner_id == client.current_user_id()
    assert client.get_playlist("0" * 22) is None


def test_writes_add_at_a_position_move_and_remove_every_occurrence(
    client: SpotifyClient, sandbox: Sandbox
) -> None:
    playlist_id = new_playlist(client)
    a, b, c = (track_uri(filler_id(n)) for n in range(3))
    client.add_items(playlist_id, [a, b, a], position=None)
    client.add_items(playlist_id, [c], position=0)  # c a b a

    client.move_items(playlist_id, range_start=0, insert_before=4, range_length=1)  # a b a c
    client.remove_items(playlist_id, [a])

    assert sandbox.playlist_uris(playlist_id) == [b, c]


def test_items_of_a_playlist_the_user_does_not_own_is_a_request_error(
    client: SpotifyClient, sandbox: Sandbox
) -> None:
    foreign = sandbox.create_foreign_playlist("theirs", uris=[ROBINSON])

    with pytest.raises(SpotifyRequestError) as raised:
        client.playlist_items(foreign)

    assert raised.value.status == 403
    assert raised.value.endpoint == "GET /playlists/{id}/items"


def test_a_lost_post_raises_outcome_unknown_and_is_sent_exactly_once(
    client: SpotifyClient, sandbox: Sandbox
) -> None:
    playlist_id = new_playlist(client)
    sandbox.reset_stats()
    sandbox.set_faults(FaultSpec.parse("lost=1"))

    with pytest.raises(WriteOutcomeUnknown):
        client.add_items(playlist_id, [ROBINSON], position=None)

    sandbox.set_faults(None)
    assert sandbox.stats()["POST /v1/playlists/{id}/items"] == 1
    assert sandbox.playlist_uris(playlist_id) == [ROBINSON]  # applied once, never duplicated
    assert [item.uri for item in client.playlist_items(playlist_id)] == [ROBINSON]


@pytest.mark.parametrize("fault", ["500=1", "503=1", "reset=1"])
def test_a_failed_write_is_not_resent(client: SpotifyClient, sandbox: Sandbox, fault: str) -> None:
    playlist_id = new_playlist(client)
    sandbox.reset_stats()
    sandbox.set_faults(FaultSpec.parse(fault))

    with pytest.raises(WriteOutcomeUnknown):
        client.remove_items(playlist_id, [ROBINSON])

    assert sandbox.stats()["DELETE /v1/playlists/{id}/items"] == 1


def test_a_rate_limited_write_waits_and_is_sent_again(
    client: SpotifyClient, sandbox: Sandbox, clock: FakeClock
) -> None:
    playlist_id = new_playlist(client)
    sandbox.reset_stats()
    sandbox.set_faults(FaultSpec.parse("429=1,retry_after=2"))
    faults_off_after_first = FaultSpec.parse("429=0")

    original_sleep = clock.sleep

    def sleep_then_lift_the_limit(seconds: float) -> None:
        sandbox.set_faults(faults_off_after_first)
        original_sleep(seconds)

    client._retry._sleep = sleep_then_lift_the_limit
    client.add_items(playlist_id, [ROBINSON], position=None)

    assert clock.sleeps == [2.0]
    assert sandbox.stats()["POST /v1/playlists/{id}/items"] == 2
    assert sandbox.playlist_uris(playlist_id) == [ROBINSON]


def test_reads_survive_transient_faults(client: SpotifyClient, sandbox: Sandbox) -> None:
    playlist_id = new_playlist(client)
    client.add_items(playlist_id, [ROBINSON], position=None)
    sandbox.set_faults(
        FaultSpec.parse("500=0.1,503=0.05,reset=0.05,timeout=0.02,timeout_s=5,seed=3")
    )

    for _ in range(20):
        assert [item.uri for item in client.playlist_items(playlist_id)] == [ROBINSON]


def test_retry_after_beyond_the_budget_ends_the_run_without_waiting(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, auth_manager, clock, max_wait=120)
    sandbox.set_faults(FaultSpec.parse("429=1,retry_after=86400"))
    started = time.monotonic()

    with pytest.raises(RateLimited) as raised:
        client.search_tracks("Robinson", locale="en")

    assert raised.value.retry_after == 86400
    assert clock.slept == 0
    assert time.monotonic() - started < 5


def test_quota_exceeded_ends_the_run(client: SpotifyClient, sandbox: Sandbox) -> None:
    sandbox.set_faults(FaultSpec.parse("quota=1,retry_after=1"))

    with pytest.raises(RateLimited) as raised:
        client.current_user_id()

    assert raised.value.reason == "QUOTA_EXCEEDED"


def test_a_response_slower_than_the_read_timeout_ends_within_the_timeout(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    client = client_for(sandbox, auth_manager, clock, read_timeout=0.3, max_attempts=2)
    sandbox.set_faults(FaultSpec.parse("timeout=1,timeout_s=30"))
    started = time.monotonic()

    with pytest.raises(SpotifyUnavailable):
        client.search_tracks("Robinson", locale="en")

    assert time.monotonic() - started < 3  # two attempts of 0.3 s, not 30 s
    assert sandbox.stats()["GET /v1/search"] == 2


def test_concurrent_searches_share_one_client(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock
) -> None:
    # Threads make the fault order vary; ten attempts make a spurious give-up vanishingly rare.
    client = client_for(sandbox, auth_manager, clock, max_attempts=10)
    sandbox.set_faults(FaultSpec.parse("429=0.2,503=0.1,seed=11"))
    queries = [("ロビンソン", "ja"), ("Robinson", "en")] * 8

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda q: client.search_tracks(q[0], locale=q[1]), queries))

    names = {t.name for found in results for t in found if t.id == ROBINSON_ID}
    assert names == {"ロビンソン", "Robinson"}
    assert all(any(t.id == ROBINSON_ID for t in found) for found in results)


class _Forwarding(http.server.BaseHTTPRequestHandler):
    """An HTTP proxy: records each request line and fetches the absolute URL it names."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(f"{self.command} {self.path}")
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        answer = requests.get(self.path, headers=headers, timeout=5, proxies={"http": ""})
        self.send_response(answer.status_code)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args: object) -> None:
        pass


def test_requests_go_through_the_proxy_the_environment_names(
    sandbox: Sandbox, auth_manager: SyncerOAuth, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Forwarding)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    try:
        client = client_for(sandbox, auth_manager, clock)
        found = client.search_tracks("Robinson", locale="en")
        client.search_tracks("Robinson", locale="en", offset=10)
    finally:
        proxy.shutdown()

    assert any(t.id == ROBINSON_ID for t in found)
    asked = [line for line in _Forwarding.seen if "/v1/search" in line]
    assert len(asked) == 2
    assert all(line.startswith(f"GET {sandbox.api_url}") for line in asked)
