"""Test helpers that act at a precise moment of the sandbox's work (a hand edit, a crash).

`on_request` wraps the sandbox's `serve` for the rest of a test: when a request matching
`method` and `path_part` has been carried out, `action` runs before the answer goes back, as
if the user (or a crash) struck between Spotify applying a write and syncer hearing of it.
"""

from __future__ import annotations

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
