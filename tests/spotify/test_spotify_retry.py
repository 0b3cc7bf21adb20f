"""The retry layer: what is retried, how long it waits, and when it gives up."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from spotipy.exceptions import SpotifyException

from syncer.cancel import Cancelled, CancelToken
from syncer.errors import RateLimited, SpotifyUnavailable, WriteOutcomeUnknown
from syncer.spotify.retry import RetryLayer, RetryPolicy, parse_retry_after

from .spotify_fakes import (
    FakeClock,
    Script,
    connection_refused,
    connection_reset,
    http_error,
)


def make_layer(clock: FakeClock, **policy: float) -> RetryLayer:
    # rng fixed at 0 makes the jittered backoff exactly half its ceiling.
    return RetryLayer(RetryPolicy(**policy), clock=clock, sleep=clock.sleep, rng=lambda: 0.0)  # type: ignore[arg-type]


def test_retry_honours_retry_after_then_succeeds() -> None:
    clock = FakeClock()
    call = Script([http_error(429, retry_after="3")], clock=clock)

    assert make_layer(clock).call(call) == "ok"

    assert clock.sleeps == [3.0]
    assert call.sent_at == [0.0, 3.0]


def test_retry_after_beyond_budget_stops_at_once_without_sleeping() -> None:
    clock = FakeClock()
    call = Script([http_error(429, retry_after="86400")], clock=clock)
    layer = make_layer(clock, max_wait=120)

    with pytest.raises(RateLimited) as raised:
        layer.call(call)

    assert raised.value.retry_after == 86400
    assert clock.slept == 0
    assert call.calls == 1


def test_quota_exceeded_stops_at_once_even_with_a_short_retry_after() -> None:
    clock = FakeClock()
    call = Script([http_error(429, retry_after="1", reason="QUOTA_EXCEEDED")], clock=clock)

    with pytest.raises(RateLimited) as raised:
        make_layer(clock).call(call)

    assert raised.value.reason == "QUOTA_EXCEEDED"
    assert clock.slept == 0


def test_a_stopped_run_fails_fast_without_sending_again() -> None:
    clock = FakeClock()
    layer = make_layer(clock)
    with pytest.raises(RateLimited):
        layer.call(Script([http_error(429, reason="QUOTA_EXCEEDED")], clock=clock))

    later = Script([], clock=clock)
    with pytest.raises(RateLimited):
        layer.call(later)

    assert later.calls == 0
    assert layer.stopped is not None


def test_the_next_run_on_a_session_held_open_has_a_fresh_budget_and_no_stop() -> None:
    """The review page's "Sync now" twice: the first run spent its wait budget and was stopped
    by a rate limit; the second is not refused for it, but still waits out Spotify's window."""
    clock = FakeClock()
    first = make_layer(clock, max_wait=3)
    with pytest.raises(RateLimited):
        first.call(Script([http_error(429, retry_after="2"), http_error(429, retry_after="2")],
                          clock=clock))  # fmt: skip
    assert (first.budget.remaining, first.stopped is not None) == (1.0, True)
    clock.now = 1.0  # the first run's window is open again at t=2

    second = first.for_run(CancelToken())
    answered = Script([http_error(429, retry_after="2")], clock=clock)

    assert second.call(answered) == "ok"
    assert answered.sent_at == [2.0, 4.0]  # waited for the window it shares, then its own
    assert (second.budget.spent, second.stopped) == (2.0, None)
    assert first.stopped is not None  # the finished run keeps its own record


def test_a_stop_of_the_next_run_cuts_its_wait_short_and_not_the_first_runs() -> None:
    first = RetryLayer(RetryPolicy(max_wait=60))
    token = CancelToken()
    second = first.for_run(token)
    second.gate.close_for(30, second.budget)  # Spotify asked for 30 s
    threading.Timer(0.2, lambda: token.cancel("stopped from the page")).start()
    started = time.monotonic()

    with pytest.raises(Cancelled):
        second.call(lambda: "sent")

    assert time.monotonic() - started < 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_until_attempts_run_out_raise_unavailable(status: int) -> None:
    clock = FakeClock()
    call = Script([http_error(status)] * 10, clock=clock)

    with pytest.raises(SpotifyUnavailable):
        make_layer(clock, max_attempts=4, backoff_base=1).call(call)

    assert call.calls == 4
    # Exponential backoff at half its ceiling (rng = 0): 0.5, 1, 2.
    assert clock.sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: requests.ReadTimeout("slow"), id="read-timeout"),
        pytest.param(lambda: requests.ConnectTimeout("slow"), id="connect-timeout"),
        pytest.param(connection_reset, id="reset"),
        pytest.param(connection_refused, id="refused"),
    ],
)
def test_network_failures_on_reads_are_retried(failure: object) -> None:
    clock = FakeClock()
    call = Script([failure(), failure()], clock=clock)  # type: ignore[operator]

    assert make_layer(clock).call(call) == "ok"
    assert call.calls == 3


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried_and_surface_unchanged(status: int) -> None:
    clock = FakeClock()
    call = Script([http_error(status)], clock=clock)

    with pytest.raises(SpotifyException) as raised:
        make_layer(clock).call(call)

    assert raised.value.http_status == status
    assert call.calls == 1
    assert clock.slept == 0


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: http_error(500), id="500"),
        pytest.param(lambda: http_error(503), id="503"),
        pytest.param(lambda: requests.ReadTimeout("slow"), id="read-timeout"),
        pytest.param(connection_reset, id="reset-after-send"),
    ],
)
def test_a_write_that_may_have_landed_is_never_resent(failure: object) -> None:
    clock = FakeClock()
    call = Script([failure()], clock=clock)  # type: ignore[operator]

    with pytest.raises(WriteOutcomeUnknown) as raised:
        make_layer(clock).call(call, write=True, what="POST /playlists/{id}/items")

    assert call.calls == 1
    assert raised.value.endpoint == "POST /playlists/{id}/items"


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: http_error(429, retry_after="2"), id="429"),
        pytest.param(connection_refused, id="refused"),
        pytest.param(lambda: requests.ConnectTimeout("no route"), id="connect-timeout"),
    ],
)
def test_a_write_that_never_reached_spotify_is_retried(failure: object) -> None:
    clock = FakeClock()
    call = Script([failure()], clock=clock)  # type: ignore[operator]

    assert make_layer(clock).call(call, write=True) == "ok"
    assert call.calls == 2


@pytest.mark.parametrize(
    ("header", "expected_wait"),
    [
        pytest.param(None, 0.25, id="missing-uses-backoff"),
        pytest.param("0", 0.25, id="zero-uses-backoff"),
        pytest.param("garbage", 0.25, id="unparseable-uses-backoff"),
        pytest.param("2.5", 2.5, id="fractional"),
    ],
)
def test_unusable_retry_after_falls_back_to_backoff(
    header: str | None, expected_wait: float
) -> None:
    clock = FakeClock()
    call = Script([http_error(429, retry_after=header)], clock=clock)

    make_layer(clock, backoff_base=0.5).call(call)

    assert clock.sleeps == [expected_wait]


def test_repeated_429s_until_attempts_run_out_raise_rate_limited() -> None:
    clock = FakeClock()
    call = Script([http_error(429, retry_after="1")] * 10, clock=clock)

    with pytest.raises(RateLimited):
        make_layer(clock, max_attempts=3).call(call)

    assert call.calls == 3
    assert clock.sleeps == [1.0, 1.0]


def test_budget_is_shared_by_every_call_of_the_run() -> None:
    clock = FakeClock()
    layer = make_layer(clock, max_wait=10)
    layer.call(Script([http_error(429, retry_after="6")], clock=clock))

    second = Script([http_error(429, retry_after="6")], clock=clock)
    with pytest.raises(RateLimited):
        layer.call(second)

    assert clock.slept == 6
    assert second.calls == 1


def test_backoff_that_would_overrun_the_budget_gives_up_as_unavailable() -> None:
    clock = FakeClock()
    call = Script([http_error(503)] * 10, clock=clock)

    with pytest.raises(SpotifyUnavailable):
        make_layer(clock, max_wait=1.2, backoff_base=1, max_attempts=10).call(call)

    assert clock.sleeps == [0.5]  # the next wait (1.0) would exceed what is left (0.7)


def test_gate_makes_a_concurrent_caller_wait_for_the_same_window() -> None:
    clock = FakeClock()
    layer = make_layer(clock, max_wait=5)
    other_worker = Script([], clock=clock)
    first_sleep_seen = False

    def sleep_while_other_worker_arrives(seconds: float) -> None:
        # While the first worker sleeps out the window, a second worker makes its request.
        nonlocal first_sleep_seen
        start = clock.now
        if not first_sleep_seen:
            first_sleep_seen = True
            layer.call(other_worker)
        clock.sleeps.append(seconds)
        clock.now = max(clock.now, start + seconds)

    layer._sleep = sleep_while_other_worker_arrives
    first_worker = Script([http_error(429, retry_after="3")], clock=clock)

    layer.call(first_worker)

    assert other_worker.sent_at == [3.0]  # it waited for the window instead of firing into it
    assert first_worker.sent_at == [0.0, 3.0]
    assert layer.budget.spent == 3.0  # one window, charged once


def test_overlapping_429s_extend_the_window_and_charge_only_the_extension() -> None:
    clock = FakeClock()
    layer = make_layer(clock, max_wait=10)

    assert layer.gate.close_for(3, layer.budget)
    clock.now = 1.0
    assert layer.gate.close_for(4, layer.budget)  # until t=5: 2 s more than the open window

    assert layer.budget.spent == 5.0
    assert layer.gate.seconds_until_open() == 4.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (" 7 ", 7.0), ("-5", 0.0), ("soon", None), (None, None), ("nan", None)],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


@settings(max_examples=60, deadline=None)
@given(
    failures=st.lists(
        st.one_of(
            st.sampled_from(["500", "503", "reset", "timeout"]),
            st.integers(min_value=0, max_value=200).map(lambda s: f"429:{s}"),
        ),
        max_size=12,
    ),
    max_wait=st.floats(min_value=0, max_value=60),
)
def test_total_sleep_never_exceeds_the_budget(failures: list[str], max_wait: float) -> None:
    clock = FakeClock()
    layer = make_layer(clock, max_wait=max_wait, max_attempts=4, backoff_base=1)
    script = Script([_failure_from(code) for code in failures], clock=clock)

    for _ in range(len(failures) + 1):
        with contextlib.suppress(RateLimited, SpotifyUnavailable):
            layer.call(script)

    assert clock.slept <= max_wait + 1e-6


def _failure_from(code: str) -> BaseException:
    if code.startswith("429:"):
        return http_error(429, retry_after=code.split(":")[1])
    if code == "reset":
        return connection_reset()
    if code == "timeout":
        return requests.ReadTimeout("slow")
    return http_error(int(code))


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: http_error(503), id="503-then-a-backoff"),
        pytest.param(lambda: http_error(429, retry_after="5"), id="429-then-a-window"),
        pytest.param(connection_reset, id="reset"),
    ],
)
def test_a_stop_while_the_first_attempt_is_out_sends_nothing_more(failure: object) -> None:
    """The signal comes while the first request is on the wire (the request is not cut): once
    it has failed, the call ends with `Cancelled`, without a wait and without sending again."""
    clock = FakeClock()
    token = CancelToken()
    layer = RetryLayer(RetryPolicy(), clock=clock, sleep=clock.sleep, rng=lambda: 0.0, cancel=token)
    call = Script([failure()], clock=clock)  # type: ignore[operator]

    def stopped_while_out() -> object:
        token.cancel("SIGTERM")
        return call()

    with pytest.raises(Cancelled):
        layer.call(stopped_while_out)

    assert call.calls == 1
    assert clock.slept == 0


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        pytest.param(lambda: http_error(503), SpotifyUnavailable, id="503"),
        pytest.param(lambda: http_error(429, retry_after="1"), RateLimited, id="429"),
        pytest.param(connection_reset, SpotifyUnavailable, id="reset"),
    ],
)
def test_one_attempt_allowed_gives_up_at_the_first_failure_without_waiting(
    failure: object, raised: type[Exception]
) -> None:
    clock = FakeClock()
    layer = make_layer(clock, max_attempts=1)
    call = Script([failure()], clock=clock)  # type: ignore[operator]

    with pytest.raises(raised):
        layer.call(call)

    assert call.calls == 1
    assert (clock.slept, layer.budget.spent) == (0, 0)
