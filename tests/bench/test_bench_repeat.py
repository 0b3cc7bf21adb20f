"""`bench.run --repeat N` runs each perf run in a fresh process and reads its results file back:
what a run measured must come back from that file unchanged."""

from __future__ import annotations

import json

from bench.run import Measured, Report, _as_json, measured_from_json, median_runs


def _sync(wall_s: float, cpu_s: float) -> Measured:
    return Measured(
        workload="generated-1000",
        system="syncer",
        phase="cold",
        entries=1000,
        wall_s=wall_s,
        requests={"GET /v1/search": 989, "GET /v1/tracks/{id}": 107},
        outcome="980 matched",
        concurrency=6,
        cpu_s=cpu_s,
        reasons={"search: first query": 893, "pin confirmation": 107},
    )


def test_a_results_file_gives_back_the_syncs_it_was_written_from() -> None:
    measured = [_sync(9.6, 2.4)]
    written = json.loads(json.dumps(_as_json(Report(latency_ms=40, syncs=measured))))

    assert measured_from_json(written) == measured


def test_runs_read_back_from_files_give_the_median_wall_and_cpu() -> None:
    runs = [
        measured_from_json(json.loads(json.dumps(_as_json(Report(syncs=[_sync(w, c)])))))
        for w, c in ((9.0, 2.9), (11.0, 2.2), (10.0, 2.5))
    ]

    (median,) = median_runs(runs)

    assert (median.wall_s, median.cpu_s) == (10.0, 2.5)
    assert median.searches == 989
