"""The wake-up benchmark reports, for every gap, the work's CPU time and the sleep's own."""

from __future__ import annotations

from bench.wakeups import measure, render, work_unit


def test_the_work_unit_does_the_same_work_every_time() -> None:
    assert work_unit() == work_unit() == 310


def test_every_gap_gets_a_figure_after_the_back_to_back_one() -> None:
    figures = measure(units=5, passes=1, gaps_ms=(0.5, 1.0))

    assert list(figures["work unit"]) == [0.0, 0.5, 1.0]
    assert list(figures["bare sleep"]) == [0.5, 1.0]
    assert all(cost > 0 for cost in figures["work unit"].values())
    text = render(figures)
    assert text.splitlines()[0].startswith("work unit back to back:")
    assert "after a    1 ms sleep:" in text
