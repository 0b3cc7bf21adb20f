"""Test helpers that act at a precise moment of the sandbox's work (a hand edit, a crash).

`on_request` wraps the sandbox's `serve` for the rest of a test: when a request matching
`method` and `path_part` has been carried out, `action` runs before the answer goes back, as
if the user (or a crash) struck between Spotify applying a write and syncer hearing of it.
`Held` keeps a run matching until it has written to its playlist (a first sync's additions
made while matching, issue 23), without timing anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from syncer.sandbox import Sandbox
from syncer.sandbox.routes.wire import error_response


def on_request(
    sandbox: Sandbox,
    method: str,
    path_part: str,
    action: Callable[[], None],
    *,
    times: int = 1,
) -> None:
    original = sandbox.serve
    left = [times]

    def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if request.method != method or path_part not in request.path or left[0] <= 0:
            original(request, send, drop)
            return
        left[0] -= 1

        def send_after_action(response: Any) -> None:
            action()
            send(response)

        original(request, send_after_action, drop)

    sandbox.serve = serve  # type: ignore[method-assign]


def refuse_request(sandbox: Sandbox, method: str, path_part: str, status: int = 400) -> None:
    """The next matching request is refused with `status` and not carried out."""
    original = sandbox.serve
    left = [1]

    def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if request.method == method and path_part in request.path and left[0] > 0:
            left[0] -= 1
            send(error_response(status, "Refused by the test"))
            return
        original(request, send, drop)

    sandbox.serve = serve  # type: ignore[method-assign]


def lose_answer(sandbox: Sandbox, method: str, path_part: str) -> None:
    """The next matching request is carried out, then its connection dropped unanswered."""
    original = sandbox.serve
    left = [1]

    def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if request.method == method and path_part in request.path and left[0] > 0:
            left[0] -= 1
            original(request, lambda _response: drop(), drop)
            return
        original(request, send, drop)

    sandbox.serve = serve  # type: ignore[method-assign]


class Held:
    """Matching that lasts until the run has written: the pin confirmations (`GET /tracks/{id}`)
    of `held` (URIs) wait until `additions` POST .../items have been
    answered (or refused, or dropped), or until `release()`: at most 20 s, after which they go
    on and the test's assertions fail. `failing`: once let go, they are answered 503."""

    def __init__(
        self, sandbox: Sandbox, held: list[str], *, additions: int = 1, failing: bool = False
    ) -> None:
        self._event = threading.Event()
        self._seen = 0
        self._lock = threading.Lock()
        self._needed = additions
        self._on = True
        ids = {uri.rsplit(":", 1)[1] for uri in held}
        original = sandbox.serve

        def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
            path = request.path.split("?")[0]
            held_here = self._on and path.rsplit("/", 1)[1] in ids
            if request.method == "GET" and "/v1/tracks/" in path and held_here:
                self._event.wait(timeout=20)
                if failing:
                    send(error_response(503, "Held by the test"))
                    return
            if request.method == "POST" and path.endswith("/items"):

                def counted(response: Any) -> None:
                    send(response)
                    self._count()

                def dropped() -> None:
                    drop()
                    self._count()

                original(request, counted, dropped)
                return
            original(request, send, drop)

        sandbox.serve = serve  # type: ignore[method-assign]

    def release(self) -> None:
        self._event.set()

    def off(self) -> None:
        """Nothing is held any more (for the runs after)."""
        self._on = False

    def _count(self) -> None:
        with self._lock:
            self._seen += 1
            if self._seen >= self._needed:
                self._event.set()
