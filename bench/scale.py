"""A cold sync at scale (issue 23, point 4): a 10,000-entry list drawn from the full reference
catalog, synced by `syncer sync` in a process of its own, measured from outside.

Run `.venv/bin/python -m bench.run --only scale` (`--scale-size N`, default 10,000;
`--scale-catalog FILE`, default the full reference catalog; `--latency`, `--concurrency`).

- The catalog: every unique track of `../shared/reference/catalog/kaggle_spotify_tracks_114k.csv`
  (89,741) plus the sandbox's hand-written tracks, built by `syncer.sandbox.build_catalog`'s
  own functions into `bench/results/` once (the default catalog, the Japanese part only, has
  too few distinct recordings for 10,000 entries). `syncer sandbox --catalog` serves it in its
  own process, `--latency` added to every request, the `simple` search profile as for the
  1,000-entry run.
- The list: `bench.workload.generate_list_text` over that catalog (the same mix as the 1,000-entry
  list; deterministic).
- The run: `syncer login`, then `syncer sync LIST --quiet` as a child process (through
  `bench.scale_child`, which times the state writes), with the settings pointing at the sandbox
  as at Spotify. **wall** = seconds from start to exit; **CPU** = the child's own `rusage`
  (`os.wait4`: user + system time), so the sandbox is not counted; **peak RSS** = the child's
  `VmHWM` read by itself at its end (`ru_maxrss` would report the benchmark's own memory,
  which Linux carries across the fork and exec); **requests** = what the sandbox received, by
  endpoint.
- The cost of saving resolved entries as they come: every batch appended to the answers
  journal (`<name>.answers.jsonl`, at most 25 answers or 2 s per batch, one append and one
  fsync each) and every rewrite of the state file, counted and timed in the child.

Public API: `full_catalog`, `measure_scale`, `render_scale`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.server import sandbox_process
from bench.workload import generate_list_text
from syncer.config import DEFAULT_CONCURRENCY
from syncer.sandbox import load_catalog
from syncer.sandbox.build_catalog import DATA_DIR, build_catalog, load_kaggle_rows, write_catalog

REPO = Path(__file__).resolve().parent.parent
KAGGLE_ALL = REPO.parent / "shared" / "reference" / "catalog" / "kaggle_spotify_tracks_114k.csv"
BUILT = REPO / "bench" / "results" / "full_catalog.jsonl.gz"
SIZE = 10_000


def full_catalog(csv_path: Path = KAGGLE_ALL, out: Path = BUILT) -> Path:
    """The full reference catalog as a sandbox catalog file, built once (deterministic)."""
    if out.exists() and out.stat().st_mtime >= csv_path.stat().st_mtime:
        return out
    curated = json.loads((DATA_DIR / "curated.json").read_text(encoding="utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    write_catalog(build_catalog(load_kaggle_rows(csv_path), curated), partial)
    partial.replace(out)
    return out


def measure_scale(
    *,
    size: int = SIZE,
    latency_ms: float = 40.0,
    concurrency: int = DEFAULT_CONCURRENCY,
    catalog: Path | None = None,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """One cold sync of a generated `size`-entry list; the figures (see the module doc)."""
    catalog = catalog or full_catalog()
    with tempfile.TemporaryDirectory(prefix="syncer-scale-") as tmp:
        home = Path(tmp)
        list_path = home / "lists" / f"generated-{size}.toml"
        list_path.parent.mkdir()
        list_path.write_text(generate_list_text(load_catalog(catalog), size), encoding="utf-8")
        say(f"Starting the sandbox on {catalog.name} ...")
        with sandbox_process(latency_ms, catalog=catalog) as sandbox:
            env = _cron_env(home, sandbox.api_url, sandbox.base_url, concurrency)
            _syncer(["login"], env, home)
            sandbox.reset_stats()
            say(f"Syncing {size:,} entries cold at {latency_ms:g} ms, {concurrency} at a time ...")
            run = _measured_sync(list_path, env, home)
            requests = dict(sorted(sandbox.stats().items()))
        report_file = list_path.parent / ".syncer" / "reports" / f"{list_path.stem}.json"
        report = json.loads(report_file.read_text(encoding="utf-8"))
        state_dir = list_path.parent / ".syncer"
        answers_left = (state_dir / f"{list_path.stem}.answers.jsonl").exists()
        state_mb = (state_dir / f"{list_path.stem}.state.json").stat().st_size / 1e6
    return {
        "entries": size,
        "catalog": str(catalog),
        "latency_ms": latency_ms,
        "concurrency": concurrency,
        **run,
        "requests": requests,
        "requests_total": sum(requests.values()),
        "totals": report["totals"],
        "answers_journal_left_behind": answers_left,
        "state_file_mb": state_mb,
    }


def _cron_env(home: Path, api_url: str, accounts_url: str, concurrency: int) -> dict[str, str]:
    """syncer's settings as a person (or cron) gives them, pointed at the sandbox."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "SYNCER_API_URL": api_url,
        "SYNCER_ACCOUNTS_URL": accounts_url,
        "SPOTIPY_CLIENT_ID": "bench",
        "SPOTIPY_CLIENT_SECRET": "bench",
        "SYNCER_LOGIN_DIR": str(home / "login"),
        "SYNCER_CONCURRENCY": str(concurrency),
    }


def _syncer(args: list[str], env: dict[str, str], home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "syncer", *args], env=env, cwd=home, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"syncer {' '.join(args)} failed: {done.stderr or done.stdout}")


def _measured_sync(list_path: Path, env: dict[str, str], home: Path) -> dict[str, Any]:
    """`syncer sync LIST --quiet` in its own process: wall time, its own CPU and peak RSS, its
    exit code, and the state writes `bench.scale_child` timed."""
    timings = home / "timings.json"
    output = home / "output.txt"
    command = [sys.executable, "-m", "bench.scale_child", str(timings), "sync", str(list_path)]
    with output.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*command, "--quiet"],
            env={**env, "PYTHONPATH": str(REPO)},
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    measured = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    return {
        "exit_code": child.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "cpu_user_s": usage.ru_utime,
        "cpu_system_s": usage.ru_stime,
        "output_tail": output.read_text(encoding="utf-8").splitlines()[-5:],
        "peak_rss_mb": None,  # unless the child could read its own (VmHWM)
        **measured,
    }


def _mb(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0f} MB"


def render_scale(result: dict[str, Any]) -> str:
    timings = result.get("timings", {})
    journal = result.get("journal", {})
    lines = [
        f"Cold sync of {result['entries']:,} entries ({Path(result['catalog']).name}, "
        f"{result['latency_ms']:g} ms, {result['concurrency']} at a time): "
        f"exit {result['exit_code']}, wall {result['wall_s']:.1f} s, "
        f"CPU {result['cpu_s']:.1f} s (user {result['cpu_user_s']:.1f}, system "
        f"{result['cpu_system_s']:.1f}), peak RSS {_mb(result['peak_rss_mb'])}, "
        f"{result['requests_total']:,} requests",
        "Requests: " + ", ".join(f"{k} {v:,}" for k, v in result["requests"].items()),
        "Report totals: "
        + ", ".join(f"{k} {v:,}" for k, v in result["totals"].items() if isinstance(v, int)),
    ]
    for name, t in timings.items():
        cpu = "" if name == "matching" else f", {t['cpu_s']:.2f} s CPU"  # in its own thread
        lines.append(
            f"{name}: {t['calls']:,} calls, {t['wall_s']:.2f} s wall (longest "
            f"{t['max_s'] * 1000:.0f} ms){cpu}"
        )
    if journal:
        lines.append(
            f"answers journal: {journal['answers']:,} answers in {journal['batches']:,} batches; "
            f"the state file at the end: {result['state_file_mb']:.1f} MB"
        )
    if result["exit_code"] not in (0, 1):
        lines.append("syncer's last lines: " + " | ".join(result["output_tail"]))
    return "\n".join(lines)
