"""The cancel token: the one way a run is asked to stop (signals, the review page)."""

from __future__ import annotations

import threading
import time

import pytest

from syncer.cancel import Cancelled, CancelToken


def test_cancel_token_keeps_the_first_reason_and_counts_every_request() -> None:
    token = CancelToken()
    assert not token.cancelled
    token.cancel("SIGINT")
    token.cancel("SIGTERM")
    assert token.cancelled
    assert token.reason == "SIGINT"
    assert token.requests == 2


def test_cancel_token_raises_only_once_cancelled() -> None:
    token = CancelToken()
    token.raise_if_cancelled()  # not cancelled: a safe point passes
    token.cancel("stopped from the page")
    with pytest.raises(Cancelled) as caught:
        token.raise_if_cancelled()
    assert caught.value.reason == "stopped from the page"


def test_cancel_token_wait_wakes_as_soon_as_another_thread_cancels() -> None:
    token = CancelToken()
    threading.Timer(0.05, token.cancel, args=("SIGTERM",)).start()
    started = time.monotonic()
    assert token.wait(30.0) is True
    assert time.monotonic() - started < 5.0


def test_cancel_token_wait_runs_out_when_nobody_cancels() -> None:
    token = CancelToken()
    assert token.wait(0.01) is False
    assert token.wait(0) is False
