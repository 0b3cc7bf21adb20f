"""Every decision the matcher makes on the evaluation and benchmark sets, dumped for comparison.

A change meant to make matching cheaper (memos, cheaper gates, fewer calls) must not change
what it decides. This module resolves, one entry at a time as `resolve` does in a sync:

- the frozen development set (`bench/eval/labelled.json`) under each sandbox profile, and
- the benchmark's four lists (the three seed lists and `bench/run.py`'s generated 1,000-entry
  list) under the simple profile, as `bench/run.py` syncs them,

through the real client over HTTP against an in-process sandbox (no latency), and writes one
JSON line per entry: its outcome, the chosen id, the reason, the queries sent and every shown
candidate (id, score, each penalty's value) in order. Two dumps are compared with `diff`.

    .venv/bin/python -m bench.decisions OUT.jsonl [--sets frozen-simple,frozen-realistic,bench]
    diff <(git stash ...) ...   # or: dump on two commits and `cmp` the files

`--record FILE` also pickles every answer the sandbox gave (by query, locale, market, limit and
offset), and `--replay FILE` answers from such a file instead of a sandbox: a deterministic,
single-threaded replay of the matching alone, e.g. to profile it with cProfile
(`--profile OUT.prof`). A query the file does not hold is an error (the cascade changed), and
so is a set it does not hold.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.eval.evaluate import LABELLED_PATH, MARKET, load_cases, sandbox_search
from bench.workload import SEED_LISTS, write_generated_list
from syncer.lists import load_list
from syncer.match import Thresholds, Weights
from syncer.model import Entry, Resolution, Track
from syncer.ports import TrackSearch
from syncer.resolve import resolve
from syncer.sandbox import default_catalog_path, load_catalog

SETS = ("bench", "frozen-simple", "frozen-realistic")
_Key = tuple[str, str, str, str | None, int, int]


class _Recording:
    """A TrackSearch that answers from `answers`, or asks `search` and keeps its answer."""

    def __init__(self, answers: dict[_Key, Any], search: TrackSearch | None) -> None:
        self.answers = answers
        self.search = search

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        key: _Key = ("search", query, locale, market, limit, offset)
        if key not in self.answers:
            if self.search is None:
                raise KeyError(f"not recorded: {key}")
            self.answers[key] = self.search.search_tracks(
                query, locale=locale, market=market, limit=limit, offset=offset
            )
        return list(self.answers[key])

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        key: _Key = ("track", track_id, locale, market, 0, 0)
        if key not in self.answers:
            if self.search is None:
                raise KeyError(f"not recorded: {key}")
            self.answers[key] = self.search.get_track(track_id, locale=locale, market=market)
        answer: Track | None = self.answers[key]
        return answer


def entries_of(name: str) -> list[tuple[str, Entry]]:
    """The entries of one set, each with a stable label."""
    if name == "bench":
        scratch = Path(tempfile.mkdtemp(prefix="syncer-decisions-"))
        catalog = load_catalog(default_catalog_path())
        paths = [*SEED_LISTS, write_generated_list(scratch, catalog, 1000)]
        return [
            (f"{path.stem}#{entry.index}", entry)
            for path in paths
            for entry in load_list(path).entries
        ]
    return [(f"frozen#{case.entry.index}", case.entry) for case in load_cases(LABELLED_PATH)]


def describe(label: str, resolution: Resolution) -> dict[str, Any]:
    return {
        "entry": label,
        "status": resolution.status.value,
        "uri": resolution.uri,
        "reason": resolution.reason,
        "queries": list(resolution.queries),
        "candidates": [
            [c.track.id, c.score, [[p.name, p.value] for p in c.penalties], c.rejected_by_user]
            for c in resolution.candidates
        ],
    }


def decide_all(entries: Sequence[tuple[str, Entry]], search: TrackSearch) -> list[dict[str, Any]]:
    weights, thresholds = Weights(), Thresholds()
    return [
        describe(
            label,
            resolve(entry, search, market=MARKET, weights=weights, thresholds=thresholds),
        )
        for label, entry in entries
    ]


@contextmanager
def _search(profile: str, replay: dict[_Key, Any] | None) -> Iterator[TrackSearch]:
    if replay is not None:
        yield _Recording(replay, None)
        return
    with (
        tempfile.TemporaryDirectory() as scratch,
        sandbox_search(Path(scratch), profile=profile) as client,
    ):
        yield client


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.decisions")
    parser.add_argument("out", type=Path, help="where the JSON lines go")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated of {SETS}")
    parser.add_argument("--record", type=Path, help="pickle every answer here")
    parser.add_argument("--replay", type=Path, help="answer from this pickle, no sandbox")
    parser.add_argument("--profile", type=Path, help="cProfile the matching into this file")
    args = parser.parse_args(argv)
    answers: dict[str, dict[_Key, Any]] = (
        pickle.loads(args.replay.read_bytes()) if args.replay else {}
    )
    sets = args.sets.split(",")
    if args.replay and (missing := [name for name in sets if name not in answers]):
        # Without this a missing set would be answered by a live sandbox, silently.
        parser.error(
            f"--replay {args.replay} holds no answers for {', '.join(missing)} "
            f"(it holds: {', '.join(sorted(answers)) or 'nothing'})"
        )
    profiler = cProfile.Profile() if args.profile else None
    lines: list[dict[str, Any]] = []
    cpu = 0.0
    for name in sets:
        profile = name.split("-")[1] if "-" in name else "simple"
        entries = entries_of(name)
        with _search(profile, answers.get(name) if args.replay else None) as live:
            recording = _Recording(answers.setdefault(name, {}), live)
            started = time.process_time()
            if profiler:
                profiler.enable()
            lines.extend({"set": name, **d} for d in decide_all(entries, recording))
            if profiler:
                profiler.disable()
            cpu += time.process_time() - started
        print(f"{name}: {len(entries)} entries", file=sys.stderr)
    args.out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    print(f"{len(lines)} decisions in {args.out}; {cpu:.2f} s CPU resolving", file=sys.stderr)
    if args.record:
        args.record.write_bytes(pickle.dumps(answers))
    if profiler and args.profile:
        profiler.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
