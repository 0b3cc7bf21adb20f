"""The one retry layer between syncer and Spotify: tenacity, a per-run wait budget, a shared gate.

spotipy is built with a plain `requests.Session`, so nothing below this layer retries or sleeps.
Here, reads are retried on 429 (honouring `Retry-After`), 500/502/503/504, connection errors,
timeouts and answers broken in transit (cut short, undecodable compression, redirect loops), with exponential backoff and jitter, a bounded number of attempts, and one wait budget
shared by every request of the run. Writes are retried only when the request provably never
reached Spotify (a 429, a failed connect); otherwise their outcome is unknown and they raise
`WriteOutcomeUnknown` so the caller re-reads and re-plans instead of re-sending.

When any request gets a 429, the shared `RateLimitGate` closes for its `Retry-After` and every
worker waits for that same window before sending again (no thundering herd); the window is
charged to the budget once. A wait that would overrun the budget, or a `QUOTA_EXCEEDED` 429,
stops the run: `RateLimited` is raised at once and every later call fails fast without sending.

A run's `CancelToken` (Ctrl-C, SIGTERM, the review page's "stop") is looked at before every
attempt and after every wait, and the real waits are `token.wait`: a stop during a Retry-After
wait or a backoff takes effect at once (`Cancelled`), and nothing is sent after it. A request
already on the wire is not cut: it ends within its timeout.

A layer belongs to one run: its budget, its rate-limit stop and its token. A face that holds one
session open for several runs (the review page) gives each run its own layer, `for_run(token)`:
a fresh budget and no stop carried over, the same `RateLimitGate` (Spotify's window is the
app's, not the run's, so a new run still waits out a window the last one was told of).

Public API: `RetryPolicy`, `RetryLayer`, `RateLimitGate`, `WaitBudget`, `Failure`, `classify`.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

import requests
import tenacity
from spotipy.exceptions import SpotifyBaseException, SpotifyException
from urllib3.exceptions import NewConnectionError

from syncer.cancel import CancelToken
from syncer.errors import RateLimited, SpotifyUnavailable, Unavailable, WriteOutcomeUnknown

log = logging.getLogger(__name__)

T = TypeVar("T")

Clock = Callable[[], float]
Sleep = Callable[[float], None]

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# requests' exceptions for an answer that broke in transit; spotipy passes them on unwrapped.
_BROKEN_ANSWERS: tuple[tuple[type[Exception], str], ...] = (
    (requests.exceptions.ChunkedEncodingError, "answer cut short"),
    (requests.exceptions.ContentDecodingError, "answer could not be decompressed"),
    (requests.exceptions.TooManyRedirects, "redirect loop"),
)
QUOTA_EXCEEDED = "QUOTA_EXCEEDED"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. `max_wait` is the total seconds of waiting allowed for the whole run."""

    max_attempts: int = 5
    max_wait: float = 120.0
    backoff_base: float = 0.5
    backoff_cap: float = 16.0


class FailureKind(Enum):
    RATE_LIMITED = "rate limited"
    SERVER_ERROR = "server error"
    NETWORK = "network error"


@dataclass(frozen=True)
class Failure:
    """A transient failure worth retrying, as far as the exception lets us tell."""

    kind: FailureKind
    description: str
    retry_after: float | None = None
    reason: str | None = None
    # False only when the request provably never reached Spotify, so even a write may be re-sent.
    may_have_reached_server: bool = True


def classify(exc: BaseException) -> Failure | None:
    """The transient failure `exc` stands for, or None when retrying cannot help."""
    if isinstance(exc, SpotifyBaseException):
        return _classify_http(exc)
    broken = next((text for kind, text in _BROKEN_ANSWERS if isinstance(exc, kind)), None)
    if broken is not None:
        # The answer broke on the way (cut short, mangled, looping): a reset by another name.
        return Failure(FailureKind.NETWORK, broken)
    if isinstance(exc, requests.ConnectTimeout):
        return Failure(FailureKind.NETWORK, "connect timeout", may_have_reached_server=False)
    if isinstance(exc, requests.Timeout):
        return Failure(FailureKind.NETWORK, "read timeout")
    if isinstance(exc, requests.ConnectionError):
        never_sent = _is_connect_failure(exc)
        description = "connection refused" if never_sent else "connection lost"
        return Failure(FailureKind.NETWORK, description, may_have_reached_server=not never_sent)
    return None


def _classify_http(exc: SpotifyBaseException) -> Failure | None:
    # SpotifyException and our TokenEndpointError both carry `http_status` and `headers`.
    status = getattr(exc, "http_status", None)
    if status not in RETRYABLE_STATUSES:
        return None
    if status == 429:
        headers = getattr(exc, "headers", None) or {}
        reason = getattr(exc, "reason", None)
        return Failure(
            FailureKind.RATE_LIMITED,
            "HTTP 429",
            retry_after=parse_retry_after(headers.get("Retry-After")),
            reason=reason if isinstance(reason, str) else None,
            may_have_reached_server=False,  # rejected before it was processed
        )
    # A TokenEndpointError happened while fetching a token, before the API request was sent.
    sent = isinstance(exc, SpotifyException)
    return Failure(FailureKind.SERVER_ERROR, f"HTTP {status}", may_have_reached_server=sent)


def _is_connect_failure(exc: requests.ConnectionError) -> bool:
    """Whether the connection could not even be opened (refused, unreachable, DNS)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return True
        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return False


def parse_retry_after(value: object) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date); None if unusable."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.now(UTC)).total_seconds()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


class WaitBudget:
    """Seconds of waiting left for the whole run; thread-safe."""

    def __init__(self, total: float) -> None:
        self.total = total
        self._spent = 0.0
        self._lock = threading.Lock()

    @property
    def spent(self) -> float:
        with self._lock:
            return self._spent

    @property
    def remaining(self) -> float:
        with self._lock:
            return self.total - self._spent

    def try_spend(self, seconds: float) -> bool:
        """Reserve `seconds` of waiting; False (and nothing reserved) if it would overrun."""
        with self._lock:
            if self._spent + seconds > self.total + 1e-9:
                return False
            self._spent += seconds
            return True


class RateLimitGate:
    """A window shared by every worker: closed after a 429 until its `Retry-After` has passed."""

    def __init__(self, *, clock: Clock) -> None:
        self._clock = clock
        self._opens_at = -math.inf
        self._lock = threading.Lock()

    def close_for(self, seconds: float, budget: WaitBudget) -> bool:
        """Close the gate for `seconds` from now, charging the budget only for the extension.

        Returns False, leaving the gate as it was, when the budget cannot cover the extension.
        """
        with self._lock:
            now = self._clock()
            target = now + seconds
            extension = target - max(self._opens_at, now)
            if extension <= 0:
                return True
            if not budget.try_spend(extension):
                return False
            self._opens_at = target
            return True

    def seconds_until_open(self) -> float:
        with self._lock:
            return max(0.0, self._opens_at - self._clock())

    def wait_until_open(self, sleep: Sleep) -> None:
        """`sleep` (the waiting caller's own, which its run's stop cuts short) until the gate is
        open; re-checks because another 429 may extend the window."""
        while (remaining := self.seconds_until_open()) > 0:
            log.info("Spotify rate limit: waiting %.1f s for the shared window", remaining)
            sleep(remaining)


class RetryLayer:
    """Runs Spotify calls under the retry policy. One instance per run, shared by all workers."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep | None = None,
        rng: Callable[[], float] | None = None,
        cancel: CancelToken | None = None,
        gate: RateLimitGate | None = None,
    ) -> None:
        """`sleep` defaults to a real wait, cut short by `cancel` when there is one; `gate` is
        the window of the runs before this one on the same session (`for_run`)."""
        self.policy = policy or RetryPolicy()
        self.budget = WaitBudget(self.policy.max_wait)
        self.cancel = cancel
        self._clock = clock
        self._given_sleep = sleep
        self._sleep = sleep or _real_wait(cancel)
        self.gate = gate or RateLimitGate(clock=clock)
        self._rng = rng or random.Random().random
        self._stopped: RateLimited | None = None
        self._stop_lock = threading.Lock()

    def for_run(self, cancel: CancelToken | None) -> RetryLayer:
        """A layer for a new run on the same session: this policy, clock and rate-limit gate;
        its own budget, no stop carried over, waits cut short by `cancel`."""
        return RetryLayer(
            self.policy,
            clock=self._clock,
            sleep=self._given_sleep,
            rng=self._rng,
            cancel=cancel,
            gate=self.gate,
        )

    @property
    def stopped(self) -> RateLimited | None:
        """The `RateLimited` that stopped this run, if any."""
        return self._stopped

    def call(self, fn: Callable[[], T], *, write: bool = False, what: str = "request") -> T:
        """`fn()` with retries. Raises `RateLimited`, `SpotifyUnavailable`, `WriteOutcomeUnknown`,
        or `fn`'s own non-transient exception unchanged (the caller maps those).

        The first attempt is made here; tenacity takes over only after a failure worth
        retrying, as its own first attempt, so every later step (the waits, the attempts
        counted, the stop) is tenacity's as if it had made that attempt (building tenacity's
        machinery for every request was a tenth of the layer's and client's own CPU)."""
        try:
            try:
                return self._attempt(fn)
            except Exception as exc:
                if not self._should_retry(exc, write=write):
                    raise
                first_failure: Exception | None = exc
            retrying = tenacity.Retrying(
                retry=tenacity.retry_if_exception(lambda e: self._should_retry(e, write=write)),
                stop=tenacity.stop_after_attempt(self.policy.max_attempts),
                wait=lambda state: self._plan_wait(state, what),
                sleep=self._sleep_if_positive,
                reraise=True,
            )

            def attempt() -> T:
                nonlocal first_failure
                if first_failure is not None:  # tenacity's first attempt: the one made above
                    failure, first_failure = first_failure, None
                    raise failure
                return self._attempt(fn)

            result: T = retrying(attempt)
        except (RateLimited, SpotifyUnavailable):
            raise
        except Exception as exc:
            final = self._final_error(exc, write=write, what=what)
            if final is exc:
                raise
            raise final from exc
        return result

    def _attempt(self, fn: Callable[[], T]) -> T:
        self._raise_if_cancelled()
        self._raise_if_stopped()
        self.gate.wait_until_open(self._pause)
        self._raise_if_stopped()
        return fn()

    def _should_retry(self, exc: BaseException, *, write: bool) -> bool:
        failure = classify(exc)
        if failure is None or failure.reason == QUOTA_EXCEEDED:
            return False
        return not (write and failure.may_have_reached_server)

    def _plan_wait(self, state: tenacity.RetryCallState, what: str) -> float:
        # tenacity computes the wait before checking `stop`: charge nothing for the last attempt.
        if state.attempt_number >= self.policy.max_attempts or state.outcome is None:
            return 0.0
        exc = state.outcome.exception()
        failure = classify(exc) if exc is not None else None
        if failure is None:
            return 0.0
        if failure.kind is FailureKind.RATE_LIMITED:
            return self._close_gate(failure, state.attempt_number, what)
        delay = self._backoff(state.attempt_number)
        if not self.budget.try_spend(delay):
            raise SpotifyUnavailable(what, Unavailable.BUDGET_SPENT, failure.description) from exc
        log.warning(
            "%s: %s (attempt %d); retrying in %.1f s",
            what,
            failure.description,
            state.attempt_number,
            delay,
        )
        return delay

    def _close_gate(self, failure: Failure, attempt: int, what: str) -> float:
        """Close the shared window; the next attempt waits at the gate, so tenacity sleeps 0."""
        has_usable_retry_after = failure.retry_after is not None and failure.retry_after > 0
        delay = failure.retry_after if has_usable_retry_after else self._backoff(attempt)
        assert delay is not None
        if not self.gate.close_for(delay, self.budget):
            raise self._stop(RateLimited(failure.retry_after, failure.reason))
        log.warning("%s: rate limited; Spotify asked to wait %.1f s", what, delay)
        return 0.0

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        ceiling = min(self.policy.backoff_cap, self.policy.backoff_base * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + 0.5 * self._rng())

    def _sleep_if_positive(self, seconds: float) -> None:
        if seconds > 0:
            self._pause(seconds)

    def _pause(self, seconds: float) -> None:
        """Every wait of the layer: a stop asked for meanwhile ends the call here."""
        self._raise_if_cancelled()
        self._sleep(seconds)
        self._raise_if_cancelled()

    def _raise_if_cancelled(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    def _final_error(self, exc: Exception, *, write: bool, what: str) -> Exception:
        failure = classify(exc)
        if failure is None:
            return exc
        if failure.kind is FailureKind.RATE_LIMITED:
            return self._stop(RateLimited(failure.retry_after, failure.reason))
        if write and failure.may_have_reached_server:
            return WriteOutcomeUnknown(what, failure.description)
        return SpotifyUnavailable(what, Unavailable.RETRIES_SPENT, failure.description)

    def _stop(self, error: RateLimited) -> RateLimited:
        with self._stop_lock:
            if self._stopped is None:
                self._stopped = error
            return error

    def _raise_if_stopped(self) -> None:
        if self._stopped is not None:
            raise RateLimited(self._stopped.retry_after, self._stopped.reason)


def _real_wait(cancel: CancelToken | None) -> Sleep:
    """A real sleep; with a token, one that wakes as soon as the run is asked to stop."""
    if cancel is None:
        return time.sleep
    token = cancel

    def wait(seconds: float) -> None:
        token.wait(seconds)

    return wait
