"""The fault soak with signals (issue 22, point 1), kept small here: `bench/soak.py` runs it
1,000 times (`python -m bench.run --only soak --soak 1000`)."""

from __future__ import annotations

from bench.soak import run_soak
from syncer.sandbox import default_catalog_path, load_catalog


def test_seeded_runs_stopped_by_sigint_or_sigterm_converge_and_search_nothing_twice() -> None:
    summary = run_soak(12, catalog=load_catalog(default_catalog_path()), first_seed=1)

    assert [r.problem for r in summary.failed] == []
    stopped = [r for r in summary.runs if r.stopped]
    assert {r.signal for r in stopped} == {"SIGINT", "SIGTERM"}
    assert all(r.attempts >= 2 for r in stopped)  # the stopped run, then the one that finished
    assert sum(r.repeated_searches for r in summary.runs) == 0
    assert sum(r.duplicates + r.lost_hand_added for r in summary.runs) == 0
