"""Fault injection: the spec, its determinism, and every fault kind as spotipy sees it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
import spotipy

from syncer.sandbox import Catalog, FaultSpec, FaultSpecError, Sandbox
from syncer.sandbox.faults import Fault, FaultPlan, WindowLimiter, fault_for

from .sandbox_helpers import KAEDE, SAKURA, client_for

# --- the spec ------------------------------------------------------------------------------------


def test_spec_parses_the_documented_example() -> None:
    spec = FaultSpec.parse(
        "429=0.1,500=0.05,503=0.02,reset=0.02,timeout=0.01,lost=0.02,latency=40ms,retry_after=2,seed=7"
    )

    assert spec.probabilities == {
        Fault.RATE_LIMIT: 0.1,
        Fault.SERVER_500: 0.05,
        Fault.SERVER_503: 0.02,
        Fault.RESET: 0.02,
        Fault.TIMEOUT: 0.01,
        Fault.LOST: 0.02,
    }
    assert (spec.latency_s, spec.retry_after, spec.seed) == (0.04, 2, 7)


def test_spec_seed_argument_overrides_the_text() -> None:
    assert FaultSpec.parse("429=0.5,seed=7", seed=11).seed == 11


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param("429=2", "429=2", id="probability-above-1"),
        pytest.param("500=abc", "500=abc", id="not-a-number"),
        pytest.param("429=0.6,500=0.6", "500=0.6", id="sum-above-1"),
        pytest.param("bogus=1", "bogus=1", id="unknown-key"),
        pytest.param("latency", "latency", id="no-value"),
        pytest.param("retry_after=-1", "retry_after=-1", id="negative"),
    ],
)
def test_spec_errors_name_the_bad_item(text: str, named: str) -> None:
    with pytest.raises(FaultSpecError, match=repr(named)):
        FaultSpec.parse(text)


@pytest.mark.parametrize(
    ("text", "retry_after"),
    [("retry_after=none", None), ("retry_after=0", 0), ("retry_after=86400", 86400)],
)
def test_spec_retry_after_values(text: str, retry_after: int | None) -> None:
    assert FaultSpec.parse(text).retry_after == retry_after


def test_same_seed_gives_the_same_faults_and_another_seed_others() -> None:
    spec = FaultSpec.parse("429=0.2,500=0.2,reset=0.1,seed=7")

    first = [fault_for(spec, n) for n in range(1, 201)]
    again = [fault_for(spec, n) for n in range(1, 201)]
    other = [fault_for(spec.with_seed(8), n) for n in range(1, 201)]

    assert first == again
    assert first != other
    assert 20 < first.count(Fault.RATE_LIMIT) < 60


def test_lost_applies_only_to_writes() -> None:
    plan = FaultPlan(FaultSpec.parse("lost=1"))

    assert plan.next_fault(is_write=False) is None
    assert plan.next_fault(is_write=True) is Fault.LOST


def test_window_limiter_admits_n_per_rolling_window() -> None:
    now = [100.0]
    limiter = WindowLimiter(2, 30.0, clock=lambda: now[0])

    admitted = [limiter.admit(), limiter.admit()]
    refused = limiter.admit()
    now[0] += 10
    still_refused = limiter.admit()
    now[0] += 20.5
    admitted_again = limiter.admit()

    assert admitted == [None, None]
    assert refused == pytest.approx(30.0)
    assert still_refused == pytest.approx(20.0)
    assert admitted_again is None


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def faulty(catalog: Catalog) -> Iterator[Sandbox]:
    """A clean sandbox: set up what the test needs, then `set_faults`."""
    with Sandbox(catalog=catalog) as sb:
        yield sb


def search_error(sp: spotipy.Spotify) -> spotipy.SpotifyException:
    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.search("Tears", type="track")
    return caught.value


@pytest.mark.parametrize(
    ("spec", "retry_after"),
    [
        pytest.param("429=1,retry_after=2", "2", id="two-seconds"),
        pytest.param("429=1,retry_after=0", "0", id="zero"),
        pytest.param("429=1,retry_after=86400", "86400", id="a-day"),
        pytest.param("429=1,retry_after=none", None, id="missing"),
    ],
)
def test_429_carries_the_configured_retry_after(
    faulty: Sandbox, spec: str, retry_after: str | None
) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse(spec))

    error = search_error(sp)

    assert error.http_status == 429
    assert error.headers.get("Retry-After") == retry_after
    assert "API rate limit exceeded" in error.msg


def test_quota_429_has_reason_quota_exceeded(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse("quota=1"))

    error = search_error(sp)

    assert (error.http_status, error.reason) == (429, "QUOTA_EXCEEDED")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors(faulty: Sandbox, status: int) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse(f"{status}=1"))

    assert search_error(sp).http_status == status


def test_reset_closes_the_connection_unanswered(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse("reset=1"))

    with pytest.raises(requests.ConnectionError):
        sp.search("Tears", type="track")


def test_timeout_holds_the_answer_past_the_client_timeout(faulty: Sandbox) -> None:
    sp = client_for(faulty, timeout=0.3)
    faulty.set_faults(FaultSpec.parse("timeout=1,timeout_s=5"))
    started = time.monotonic()

    with pytest.raises(requests.ReadTimeout):
        sp.search("Tears", type="track")

    assert time.monotonic() - started < 2


def test_timeout_gives_up_with_504_and_does_not_apply_a_write(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    playlist_id = sp.current_user_playlist_create("Slow", public=False)["id"]
    faulty.set_faults(FaultSpec.parse("timeout=1,timeout_s=0.1"))

    with pytest.raises(spotipy.SpotifyException) as caught:
        sp.playlist_add_items(playlist_id, [KAEDE])

    assert caught.value.http_status == 504
    assert faulty.playlist_uris(playlist_id) == []


def test_lost_write_is_applied_but_never_answered(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    playlist_id = sp.current_user_playlist_create("Lost", public=False)["id"]
    faulty.set_faults(FaultSpec.parse("lost=1"))

    with pytest.raises(requests.ConnectionError):
        sp.playlist_add_items(playlist_id, [KAEDE])
    items = sp.playlist_items(playlist_id)["items"]

    assert [i["item"]["uri"] for i in items] == [KAEDE]


def test_latency_slows_every_request(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse("latency=150ms"))
    started = time.monotonic()

    sp.search("Tears", type="track")

    assert time.monotonic() - started >= 0.15


def test_window_limiter_answers_429_past_n_requests(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse("window=3"))

    for _ in range(3):
        sp.search("Tears", type="track")
    error = search_error(sp)

    assert error.http_status == 429
    assert 29 <= int(error.headers["Retry-After"]) <= 30


def test_faults_spare_inspection_and_accounts_unless_asked(faulty: Sandbox) -> None:
    faulty.set_faults(FaultSpec.parse("500=1"))
    form = {"grant_type": "client_credentials"}
    auth = ("app", "secret")

    stats = requests.get(faulty.base_url + "/_sandbox/stats", timeout=5)
    token = requests.post(faulty.token_url, data=form, auth=auth, timeout=5)
    faulty.set_faults(FaultSpec.parse("500=1,accounts=1"))
    faulted_token = requests.post(faulty.token_url, data=form, auth=auth, timeout=5)

    assert (stats.status_code, token.status_code, faulted_token.status_code) == (200, 200, 500)


def statuses_under(catalog: Catalog, spec: str, count: int = 40) -> list[int]:
    with Sandbox(catalog=catalog, faults=FaultSpec.parse(spec)) as sb:
        token = sb.issue_token()["access_token"]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        url = sb.api_url + "search?q=Tears&type=track"
        return [session.get(url, timeout=5).status_code for _ in range(count)]


def test_same_seed_gives_the_same_fault_sequence_over_http(catalog: Catalog) -> None:
    spec = "429=0.25,500=0.15,503=0.1,seed=7"

    first = statuses_under(catalog, spec)
    again = statuses_under(catalog, spec)
    other = statuses_under(catalog, spec.replace("seed=7", "seed=8"))

    assert first == again
    assert first != other
    assert {200, 429, 500, 503} <= set(first)


def test_set_faults_none_turns_them_off(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    faulty.set_faults(FaultSpec.parse("500=1"))
    search_error(sp)

    faulty.set_faults(None)

    assert sp.search("Tears", type="track")["tracks"]["total"] == 2


def test_faults_can_be_changed_over_http(faulty: Sandbox) -> None:
    sp = client_for(faulty)
    playlist_id = sp.current_user_playlist_create("Mine", public=False)["id"]

    changed = requests.put(
        faulty.base_url + "/_sandbox/faults", params={"spec": "503=1"}, timeout=5
    )
    error = search_error(sp)
    bad = requests.put(faulty.base_url + "/_sandbox/faults", params={"spec": "nope=1"}, timeout=5)
    requests.put(faulty.base_url + "/_sandbox/faults", params={"spec": ""}, timeout=5)
    sp.playlist_add_items(playlist_id, [SAKURA])

    assert changed.status_code == 200
    assert error.http_status == 503
    assert bad.status_code == 400
    assert faulty.playlist_uris(playlist_id) == [SAKURA]
