"""Fault injection for the sandbox, deterministic under a seed.

Public API: `FaultSpec` (`FaultSpec.parse(text)`), `FaultSpecError`, `Fault`, `FaultPlan`,
`WindowLimiter`, `BROKEN_ANSWERS` (answered by `syncer.sandbox.broken`).

Spec syntax: comma-separated `key=value` items, e.g.
`429=0.1,500=0.05,503=0.02,reset=0.02,timeout=0.01,lost=0.02,latency=40ms,retry_after=2,seed=7`.

- `429`, `quota` (a 429 with reason QUOTA_EXCEEDED), `500`, `502`, `503`, `504`, `reset` (the
  socket is closed with no answer), `timeout` (held `timeout_s` seconds, then a 504, nothing done),
  `lost` (writes only: the write is applied, then the connection is dropped unanswered):
  probabilities in [0, 1], together at most 1.
- Broken answers, as proxies, gateways and half-closed connections produce them (the request is
  carried out first, except for `redirects`): `truncated` (a 200 whose body stops short of its
  Content-Length, then the connection closes: requests' ChunkedEncodingError), `gzip` (a 200
  that claims gzip and is not: ContentDecodingError), `garbage` (a 200 whose body is not JSON:
  spotipy returns None), `shapeless` (a 200 with JSON of the wrong shape, `{}`), `redirects` (a
  302 to itself, forever: TooManyRedirects).
- `applied500` (writes only): the write is applied, then answered 500, the case that exposes
  duplicate adds (spotify-api.md §5, "5xx injection, including 'applied, then 500'").
- `snapshot_lag=N`: after a write, `GET /playlists/{id}` and `/me/playlists` keep showing the
  snapshot the playlist had before that burst of writes for the next N reads of it (each
  write starts the count again), while its items are current and the write itself answers
  the new snapshot (spotify-api.md §3.6: "items become visible before GET /playlists/{id}
  shows the new snapshot_id", eXPerience83/news-bulletin-playlist#101 and #134).
- `retry_after=N` seconds for 429s (default 1; `none` omits the header; 0 and 86400 are fine).
- `latency=40ms` (or `0.04s`, or plain milliseconds): added to every request.
- `timeout_s=N` seconds (default 30).
- `window=N`: a rolling-window limiter, more than N requests in `window_s` (default 30)
  seconds answer 429 with a Retry-After of the time until the window frees up.
- `seed=N` (default 0); `accounts=1` also applies faults to `/authorize` and `/api/token`.

The n-th request's fault depends only on the seed and n: the same seed and the same sequence of
requests give the same faults.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from syncer.errors import UserError


class FaultSpecError(UserError):
    """A fault spec could not be parsed; the message names the bad item."""


class Fault(StrEnum):
    RATE_LIMIT = "429"
    QUOTA = "quota"
    SERVER_500 = "500"
    SERVER_502 = "502"
    SERVER_503 = "503"
    SERVER_504 = "504"
    RESET = "reset"
    TIMEOUT = "timeout"
    LOST = "lost"
    # Appended after the older kinds, so a seed keeps meaning what it meant for those.
    TRUNCATED = "truncated"
    BAD_GZIP = "gzip"
    GARBAGE = "garbage"
    SHAPELESS = "shapeless"
    REDIRECTS = "redirects"
    APPLIED_500 = "applied500"


#: Faults answered with a broken response (see `broken_answer`).
BROKEN_ANSWERS = frozenset(
    {Fault.TRUNCATED, Fault.BAD_GZIP, Fault.GARBAGE, Fault.SHAPELESS, Fault.REDIRECTS}
)


# The order in which probabilities are laid out on [0, 1); fixed so a seed means the same thing.
_FAULT_ORDER = tuple(Fault)


@dataclass(frozen=True)
class FaultSpec:
    probabilities: dict[Fault, float] = field(default_factory=dict)
    retry_after: int | None = 1
    latency_s: float = 0.0
    timeout_s: float = 30.0
    window: int | None = None
    window_s: float = 30.0
    seed: int = 0
    accounts: bool = False
    snapshot_lag: int = 0

    @classmethod
    def parse(cls, text: str, *, seed: int | None = None) -> FaultSpec:
        """Parse a spec; `seed` (e.g. from `--seed`) overrides any `seed=` in the text."""
        spec = cls()
        for item in (part.strip() for part in text.split(",")):
            if item:
                spec = _apply_item(spec, item)
        return replace(spec, seed=seed) if seed is not None else spec

    def with_seed(self, seed: int) -> FaultSpec:
        return replace(self, seed=seed)

    @property
    def total_probability(self) -> float:
        return sum(self.probabilities.values())


def _apply_item(spec: FaultSpec, item: str) -> FaultSpec:
    key, sep, value = item.partition("=")
    key, value = key.strip().lower(), value.strip().lower()
    if not sep or not value:
        raise FaultSpecError(f"fault spec item {item!r}: expected key=value")
    try:
        return _apply_value(spec, key, value)
    except ValueError as exc:
        raise FaultSpecError(f"fault spec item {item!r}: {exc}") from exc


def _apply_value(spec: FaultSpec, key: str, value: str) -> FaultSpec:
    if key in {f.value for f in Fault}:
        probability = float(value)
        if not 0.0 <= probability <= 1.0:
            raise ValueError("a probability must be between 0 and 1")
        probabilities = {**spec.probabilities, Fault(key): probability}
        if sum(probabilities.values()) > 1.0 + 1e-9:
            raise ValueError("the fault probabilities add up to more than 1")
        return replace(spec, probabilities=probabilities)
    if key == "retry_after":
        return replace(spec, retry_after=None if value == "none" else _non_negative_int(value))
    if key == "latency":
        return replace(spec, latency_s=_duration(value, default_unit="ms"))
    if key == "timeout_s":
        return replace(spec, timeout_s=_duration(value, default_unit="s"))
    if key == "window":
        return replace(spec, window=_non_negative_int(value))
    if key == "window_s":
        return replace(spec, window_s=_duration(value, default_unit="s"))
    if key == "snapshot_lag":
        return replace(spec, snapshot_lag=_non_negative_int(value))
    if key == "seed":
        return replace(spec, seed=int(value))
    if key == "accounts":
        return replace(spec, accounts=value in {"1", "true", "yes", "on"})
    raise ValueError(f"unknown key {key!r}")


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def _duration(value: str, *, default_unit: str) -> float:
    for unit, factor in (("ms", 0.001), ("s", 1.0)):
        if value.endswith(unit):
            return _non_negative_float(value[: -len(unit)]) * factor
    return _non_negative_float(value) * (0.001 if default_unit == "ms" else 1.0)


def _non_negative_float(value: str) -> float:
    number = float(value)
    if number < 0 or math.isnan(number):
        raise ValueError("must not be negative")
    return number


class FaultPlan:
    """Numbers the requests subject to faults and decides each one's fault from (seed, n)."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._count = 0
        self._lock = threading.Lock()

    def next_fault(self, *, is_write: bool) -> Fault | None:
        with self._lock:
            self._count += 1
            number = self._count
        fault = fault_for(self.spec, number)
        if fault in (Fault.LOST, Fault.APPLIED_500) and not is_write:
            return None
        return fault


def fault_for(spec: FaultSpec, number: int) -> Fault | None:
    """The fault drawn for the `number`-th request (1-based) under `spec`."""
    if not spec.probabilities:
        return None
    draw = random.Random(f"{spec.seed}:{number}").random()
    edge = 0.0
    for fault in _FAULT_ORDER:
        edge += spec.probabilities.get(fault, 0.0)
        if draw < edge:
            return fault
    return None


class WindowLimiter:
    """At most `limit` accepted requests in any rolling `window_s` seconds."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit = limit
        self._window_s = window_s
        self._clock = clock
        self._accepted: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self) -> float | None:
        """None when the request may go ahead, else the seconds until a slot frees up."""
        with self._lock:
            now = self._clock()
            while self._accepted and self._accepted[0] <= now - self._window_s:
                self._accepted.popleft()
            if len(self._accepted) < self._limit:
                self._accepted.append(now)
                return None
            return self._accepted[0] + self._window_s - now
