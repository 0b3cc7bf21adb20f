"""A warm run of the three seed lists under each sandbox profile, side by side.

Run: `.venv/bin/python -m bench.warm_start [--runs 3]`

For each profile (simple, realistic): one run to warm up (it resolves every entry, writes the
playlists and, for realistic, generates the crowd into the cache), then `--runs` timed runs of

    syncer sync lists/tearjerkers.toml lists/sorrow.toml lists/rock-ballads.toml \\
        --sandbox --sandbox-profile PROFILE

as separate processes, with a fresh temporary state directory and cache directory
(`SYNCER_CACHE_DIR`) per profile, so nothing of the user's is read or written. Prints the
median wall time and the median CPU time (user + system of the process) per profile and the
realistic/simple ratio of each (issue 20's target: at most 1.5). CPU time is the figure to
trust on a loaded machine; wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LISTS = ("lists/tearjerkers.toml", "lists/sorrow.toml", "lists/rock-ballads.toml")
PROFILES = ("simple", "realistic")
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def _syncer() -> list[str]:
    script = Path(sys.executable).with_name("syncer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "syncer.cli.app"]


def _run(profile: str, state: Path, environment: dict[str, str]) -> Timing:
    command = [*_syncer(), "sync", *LISTS, "--sandbox", "--sandbox-profile", profile]
    command += ["--state-dir", str(state), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=environment, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def measure(profile: str, runs: int) -> list[Timing]:
    """Warm-run timings of one profile (after one run that warms state and cache)."""
    with tempfile.TemporaryDirectory(prefix=f"syncer-warm-{profile}-") as scratch:
        root = Path(scratch)
        environment = {**os.environ, "SYNCER_CACHE_DIR": str(root / "cache")}
        _run(profile, root / "state", environment)
        return [_run(profile, root / "state", environment) for _ in range(runs)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.warm_start")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    medians: dict[str, Timing] = {}
    for profile in PROFILES:
        timings = measure(profile, args.runs)
        medians[profile] = Timing(
            statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
        )
        runs = ", ".join(f"{t.wall:.2f} s / {t.cpu:.2f} s" for t in timings)
        print(f"{profile:9} warm runs (wall / CPU): {runs}")
    simple, realistic = medians["simple"], medians["realistic"]
    wall_ratio, cpu_ratio = realistic.wall / simple.wall, realistic.cpu / simple.cpu
    print(
        f"median wall: simple {simple.wall:.2f} s, realistic {realistic.wall:.2f} s "
        f"(x{wall_ratio:.2f})"
    )
    print(
        f"median CPU:  simple {simple.cpu:.2f} s, realistic {realistic.cpu:.2f} s "
        f"(x{cpu_ratio:.2f}; target at most x{TARGET_RATIO})"
    )
    return 0 if cpu_ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
