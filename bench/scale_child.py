"""`syncer` in the process `bench/scale.py` measures, with its state writes timed.

Run as `python -m bench.scale_child TIMINGS.json ARGS...`: the command line `syncer ARGS...`,
exactly as `python -m syncer` runs it, except that three functions are wrapped to time them:
`StateJournal._append_batch` (one batch of resolved entries appended to the answers journal,
`<name>.answers.jsonl`, with its fsync; issue 22's "saved as they come"), `save_state` (an
atomic rewrite of the whole state file) and `resolve_entries` (matching every entry). Their
counts and seconds, and the process's peak resident memory, go to TIMINGS.json when the
command ends. Nothing else changes.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import syncer.state
import syncer.sync
from syncer.cli import main

F = TypeVar("F", bound=Callable[..., Any])


class Timings:
    """Calls, wall seconds (sum and longest) and CPU seconds of the calling thread, by name."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls: dict[str, dict[str, float]] = {}

    def timed(self, name: str, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self._add(name, time.perf_counter() - started, time.thread_time() - cpu)

        return wrapper  # type: ignore[return-value]

    def _add(self, name: str, wall: float, cpu: float) -> None:
        with self._lock:
            seen = self.calls.setdefault(
                name, {"calls": 0, "wall_s": 0.0, "max_s": 0.0, "cpu_s": 0}
            )
            seen["calls"] += 1
            seen["wall_s"] += wall
            seen["max_s"] = max(seen["max_s"], wall)
            seen["cpu_s"] += cpu


def run(timings_path: Path, argv: list[str]) -> None:
    timings = Timings()
    answers = {"batches": 0, "answers": 0}
    append_batch = syncer.state.StateJournal._append_batch
    timed_append = timings.timed("answers journal append", append_batch)

    def counted_append(journal: syncer.state.StateJournal) -> None:
        size = len(journal._batch)
        if not size:  # nothing to write: not a batch
            append_batch(journal)
            return
        timed_append(journal)
        answers["batches"] += 1
        answers["answers"] += size

    syncer.state.StateJournal._append_batch = counted_append  # type: ignore[method-assign,assignment]
    syncer.state.save_state = timings.timed("state file save", syncer.state.save_state)
    syncer.sync.resolve_entries = timings.timed("matching", syncer.sync.resolve_entries)
    sys.argv = ["syncer", *argv]
    try:
        main()
    finally:
        document = {"timings": timings.calls, "journal": answers, "peak_rss_mb": _peak_rss_mb()}
        timings_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux). Not `ru_maxrss`: Linux carries that
    across exec from the forked parent, here the benchmark holding a 90,000-track catalog."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return None


if __name__ == "__main__":
    run(Path(sys.argv[1]), sys.argv[2:])
