"""Test helpers that act at a precise moment of the sandbox's work (a hand edit, a crash).

`on_request` wraps the sandbox's `serve` for the rest of a test: when a request matching
`method` and `path_part` has been carried out, `action` runs before the answer goes back, as
if the user (or a crash) struck between Spotify applying a write and syncer hearing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from syncer.sandbox import Sandbox


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
