"""What waking up costs this machine: the CPU time of one fixed piece of Python work done back
to back, and done after each of a series of short sleeps.

Run: `.venv/bin/python -m bench.wakeups [--units 100]` (about 20 s)

A cold sync at 40 ms per request is mostly waiting: its process sleeps and wakes once or more
for every answer. On the 2-core virtual machine these benchmarks run on, work done just after a
wake-up costs several times the CPU time of the same work done back to back (caches and the
virtual CPU start cold), and the sleep itself is charged to the process. So CPU time measured
here depends on how often a run sleeps, not only on what it computes, and moves with what else
the host runs; `bench/README.md` gives the figures next to syncer's.

The work unit decodes a small JSON answer and sorts a few hundred strings (about what one
search answer costs to read, in kind); every figure is the median of three passes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence

GAPS_MS = (1.0, 7.0, 20.0)  # 7 ms: the gap between answers at 40 ms, 6 in flight

_ANSWER = json.dumps(
    {
        "tracks": {
            "items": [
                {"name": "x" * 20, "id": str(n), "artists": [{"name": "y"}]} for n in range(10)
            ]
        }
    }
)


def work_unit() -> int:
    """One fixed piece of Python work (a decoded answer, a sort)."""
    decoded = json.loads(_ANSWER)
    ordered = sorted(str(n) for n in range(300))
    return len(decoded["tracks"]["items"]) + len(ordered)


def cpu_per_unit(gap_ms: float, units: int, work: Callable[[], object] = work_unit) -> float:
    """CPU seconds per unit of `work`, with a sleep of `gap_ms` after each (none for 0)."""
    started = time.process_time()
    for _ in range(units):
        work()
        if gap_ms:
            time.sleep(gap_ms / 1000)
    return (time.process_time() - started) / units


def cpu_per_sleep(gap_ms: float, units: int) -> float:
    """CPU seconds charged for one sleep of `gap_ms` with no work around it."""
    return cpu_per_unit(gap_ms, units, work=lambda: None)


def measure(
    units: int, passes: int = 3, gaps_ms: Sequence[float] = GAPS_MS
) -> dict[str, dict[float, float]]:
    """Median CPU microseconds per unit (back to back, and after each gap) and per bare sleep."""
    after_gap = {
        gap: statistics.median(cpu_per_unit(gap, units) for _ in range(passes)) * 1e6
        for gap in (0.0, *gaps_ms)
    }
    bare_sleep = {
        gap: statistics.median(cpu_per_sleep(gap, units) for _ in range(passes)) * 1e6
        for gap in gaps_ms
    }
    return {"work unit": after_gap, "bare sleep": bare_sleep}


def render(figures: dict[str, dict[float, float]]) -> str:
    unit = figures["work unit"]
    back_to_back = unit[0.0]
    lines = [f"work unit back to back: {back_to_back:7.1f} us CPU"]
    for gap, cost in unit.items():
        if gap:
            sleep = figures["bare sleep"][gap]
            lines.append(
                f"after a {gap:4.0f} ms sleep: {cost:7.1f} us CPU ({cost / back_to_back:.1f}x), "
                f"of which the sleep alone {sleep:5.1f} us"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wakeups", description=__doc__)
    parser.add_argument("--units", type=int, default=100, help="work units per pass")
    args = parser.parse_args(argv)
    print(render(measure(args.units)))


if __name__ == "__main__":
    main()
