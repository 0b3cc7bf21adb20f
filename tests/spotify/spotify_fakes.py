"""Test doubles for the Spotify edge: a fake clock whose sleep advances time, scripted calls."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import requests
from requests.structures import CaseInsensitiveDict
from spotipy.exceptions import SpotifyException
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError


@dataclass
class FakeClock:
    """Monotonic time that only moves when someone sleeps; every sleep is recorded."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


def http_error(
    status: int, *, retry_after: str | None = None, reason: str | None = None
) -> SpotifyException:
    """What spotipy raises for an HTTP error when it has a plain `requests.Session`."""
    headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return SpotifyException(
        status, -1, f"http://127.0.0.1/v1/x:\n HTTP {status}", reason=reason, headers=headers
    )


def connection_refused() -> requests.ConnectionError:
    cause = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] refused")  # type: ignore[arg-type]
    return requests.ConnectionError(MaxRetryError(None, "/v1/x", cause))  # type: ignore[arg-type]


def connection_reset() -> requests.ConnectionError:
    return requests.ConnectionError(
        ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
    )


class Script:
    """A callable that raises the scripted exceptions in turn, then returns `result`.

    `sent_at` records the clock at every call, i.e. when each request would hit the wire.
    """

    def __init__(
        self,
        failures: Iterable[BaseException],
        result: object = "ok",
        clock: FakeClock | None = None,
    ) -> None:
        self.failures = list(failures)
        self.result = result
        self.clock = clock
        self.sent_at: list[float] = []

    @property
    def calls(self) -> int:
        return len(self.sent_at)

    def __call__(self) -> object:
        self.sent_at.append(self.clock.now if self.clock else 0.0)
        if self.failures:
            raise self.failures.pop(0)
        return self.result
