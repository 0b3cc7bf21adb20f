"""The run summary: one row per list, narrow enough for an 80-column terminal or a cron log."""

from __future__ import annotations

import io
from typing import Any

from syncer.console import Console, summary_cells
from syncer.model import Status


def report(stem: str, **totals: int) -> Any:
    """The parts of a report document the summary reads (see docs/report-schema.md)."""
    counts = dict.fromkeys(["entries", *(status.value for status in Status)], 0) | totals
    return {
        "list": {"stem": stem},
        "playlist": {
            "name": stem,
            "changes": {
                "added": [{}] * 22,
                "removed": [{}],
                "moved": 3,
                "kept_unmanaged": [{}],
            },
        },
        "totals": counts,
        "problem": None,
    }


def test_summary_row_counts_pinned_tracks_as_in_the_playlist_and_shows_changes() -> None:
    row = summary_cells(report("rock-ballads", entries=25, matched=20, pinned=2, unmatched=3))

    assert row["in playlist"] == "22"
    assert row["not found"] == "3"
    assert row["changes"] == "+22 -1 ~3"
    assert row["yours kept"] == "1"


def test_columns_with_nothing_in_them_are_left_out() -> None:
    out = io.StringIO()
    console = Console(out=out, err=io.StringIO(), quiet=False, interactive=False)

    console.summary([report("sorrow", entries=7, matched=7)])

    header = out.getvalue().splitlines()[0]
    assert "review" not in header
    assert "errors" not in header
    assert "yours kept" in header  # the sample report kept one hand-added track


def test_plain_summary_fits_80_columns_and_has_no_colour() -> None:
    out = io.StringIO()
    console = Console(out=out, err=io.StringIO(), quiet=False, interactive=False)

    console.summary([report("rock-ballads", entries=1000, matched=990, review=10)])

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["list", "songs", "in", "playlist", "review", "not", "found",
                                "changes", "yours", "kept"]  # fmt: skip
    assert all(len(line) <= 80 for line in lines)
    assert "\x1b[" not in out.getvalue()


def test_quiet_summary_prints_nothing() -> None:
    out = io.StringIO()
    console = Console(out=out, err=io.StringIO(), quiet=True, interactive=False)

    console.summary([report("sorrow", entries=7, matched=7)])

    assert out.getvalue() == ""


def test_a_run_that_never_reached_the_playlist_shows_no_changes() -> None:
    stopped = report("sorrow", entries=7, error=7)
    stopped["playlist"]["changes"] = None

    row = summary_cells(stopped)

    assert (row["changes"], row["errors"], row["yours kept"]) == ("-", "7", "0")
