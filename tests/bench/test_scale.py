"""The benchmark's scale run (issue 23.4, `bench.run --only scale`), on a tiny list: it syncs a
generated list in a process of its own against a sandbox process, and reports wall time, the
syncer process's CPU and peak memory, the requests, and what saving answers as they come cost."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import main
from syncer.sandbox import default_catalog_path


def test_the_scale_option_syncs_a_generated_list_and_measures_the_syncer_process(
    tmp_path: Path,
) -> None:
    results = tmp_path / "results.json"

    code = main(
        ["--only", "scale", "--scale-size", "40", "--latency", "0",
         "--scale-catalog", str(default_catalog_path()), "--json", str(results)]
    )  # fmt: skip

    assert code == 0
    scale = json.loads(results.read_text(encoding="utf-8"))["scale"]
    assert scale["exit_code"] in (0, 1)
    assert scale["totals"]["entries"] == 40
    assert scale["requests"]["GET /v1/search"] >= 30  # a few entries are pinned
    assert scale["wall_s"] > 0 < scale["cpu_s"]
    assert 30 < scale["peak_rss_mb"] < 2000
    journal = scale["journal"]
    assert 0 < journal["batches"] <= journal["answers"] <= 40
    assert scale["timings"]["answers journal append"]["calls"] == journal["batches"]
    assert scale["timings"]["matching"]["calls"] == 1
    assert scale["timings"]["state file save"]["calls"] >= 2
    assert not scale["answers_journal_left_behind"]  # the state file took them in
