"""SIGINT and SIGTERM stop a run cleanly (issue 22, point 1): they cancel the run's `CancelToken`.

Public API: `stopping_on_signals`, `exit_now`.

The run then ends at its next safe point (`syncer.sync`, "Stopping"): every answer so far cached,
confirmed changes and state saved, the lock released, a partial report written, exit 130 (Ctrl-C)
or 143 (SIGTERM). A second signal asks it to hurry: matching stops waiting for the searches in
flight (their answers are dropped; a write in flight is still waited for, so the state records
it), and the process exits as soon as the report is written (`exit_now`).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from syncer.cancel import CancelToken

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stopping_on_signals(token: CancelToken) -> Iterator[CancelToken]:
    """Within the block, SIGINT and SIGTERM cancel `token` (named "SIGINT" / "SIGTERM") instead
    of raising KeyboardInterrupt or killing the process; the old handlers come back after."""

    def cancel(signum: int, _frame: FrameType | None) -> None:
        token.cancel(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, cancel) for sig in _SIGNALS}
    try:
        yield token
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def exit_now(token: CancelToken, code: int) -> None:
    """After a second stop request, leave at once: searches abandoned in flight must not keep
    the process waiting for their timeouts (their threads are not joined). Output is flushed."""
    if token.hurried:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
