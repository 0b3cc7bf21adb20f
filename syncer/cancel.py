"""Stopping a run from outside it: a signal handler in the CLI, the review page's "stop" button.

Public API: `CancelToken`, `Cancelled`, `HURRY`.

One token per run. Whoever wants the run to stop calls `cancel(reason)`; the run looks at the
token only at safe points (before sending a search, between playlist writes, while it would
sleep for a retry), so nothing is left half-written. The first reason given wins, so a second
Ctrl-C does not rename the stop. `wait(seconds)` is the interruptible sleep the retry layer
uses instead of `time.sleep`, so a stop during a Retry-After wait takes effect at once.
A second request to stop (a second Ctrl-C) means "hurry" (`hurried`): the run stops waiting for
the searches in flight (`syncer.sync`) and the CLI leaves as soon as the report is written.
"""

from __future__ import annotations

import threading

from syncer.errors import SyncerError

#: How many stop requests mean "hurry" (`CancelToken.hurried`).
HURRY = 2


class Cancelled(SyncerError):
    """The run was asked to stop (`reason`: e.g. "SIGINT", "SIGTERM", "stopped from the page")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CancelToken:
    """A thread-safe, one-way flag with the reason it was raised."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._reason: str | None = None
        self._requests = 0

    def cancel(self, reason: str = "cancelled") -> None:
        """Ask the run to stop; the first reason is kept, later calls only count."""
        with self._lock:
            self._requests += 1
            if self._reason is None:
                self._reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    @property
    def reason(self) -> str | None:
        return self._reason

    @property
    def requests(self) -> int:
        """How many times `cancel` was called (a second Ctrl-C means "hurry")."""
        return self._requests

    @property
    def hurried(self) -> bool:
        """Whether stopping was asked for again: do not wait for searches in flight."""
        return self._requests >= HURRY

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking early when cancelled; True if cancelled."""
        if seconds <= 0:
            return self.cancelled
        return self._event.wait(seconds)

    def raise_if_cancelled(self) -> None:
        """At a safe point: stop here if asked to."""
        if self._reason is not None:
            raise Cancelled(self._reason)
