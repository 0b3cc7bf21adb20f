"""Real rows, through spotipy over HTTP against a sandbox, under both search profiles: songs an
artist has both plainly and under a label naming another recording (the plain original there,
then removed), copies of real songs under labels made up for the run, and subtitles left out.
A small version of `python -m bench.eval.real_rows` (see bench/eval/README.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from bench.eval import real_rows
from bench.eval.evaluate import PROFILES
from bench.eval.real_rows import SHAPES, TARGETS, RealRows, build, load_rows, made_up_labels

REPO = Path(__file__).resolve().parents[2]
SUITE_SIZES = {"labelled": 40, "made_up": 21, "subtitles": 20}


@pytest.fixture(scope="module")
def rows() -> RealRows:
    return build(load_rows(), SUITE_SIZES)


@pytest.fixture(scope="module", params=PROFILES)
def summary(request: pytest.FixtureRequest, rows: RealRows) -> dict[str, Any]:
    return real_rows.run(rows, request.param)


def test_no_labelled_recording_is_taken(summary: dict[str, Any]) -> None:
    assert summary["wrong"] == []
    assert summary["precision"] == TARGETS["precision"]


def test_the_plain_original_is_taken_when_it_is_there(summary: dict[str, Any]) -> None:
    assert summary["plain_present_recall"] >= TARGETS["plain_present_recall"]


def test_a_subtitle_left_out_is_offered_first(summary: dict[str, Any]) -> None:
    assert summary["subtitles_offered_first"] >= TARGETS["subtitles_offered_first"]


def test_the_cases_cover_every_variant(rows: RealRows) -> None:
    categories = [c.category for c in (*rows.present_cases, *rows.removed_cases)]
    assert categories.count("plain_present") == categories.count("plain_removed") == 40
    assert categories.count("made_up") == 21
    assert categories.count("subtitles") == 20
    assert all(c.expected for c in rows.present_cases)
    assert not any(c.expected for c in rows.removed_cases)


def test_the_removed_catalog_holds_no_release_of_a_removed_song(rows: RealRows) -> None:
    removed_ids = {r.id for r in rows.removed}
    for case in rows.present_cases:
        if case.category == "plain_present":
            assert not case.expected & removed_ids, case.entry.title


def test_made_up_labels_come_in_every_shape() -> None:
    copies = [
        shape.format(title="T", label=label, glued=label.replace(" ", ""))
        for shape, label in zip(SHAPES, made_up_labels(len(SHAPES)), strict=True)
    ]
    assert len(set(copies)) == len(SHAPES)
    scripts = {
        "latin": r"[A-Za-z]",
        "katakana": r"[ァ-ヺ]",
        "hangul": r"[가-힣]",
        "cyrillic": r"[А-я]",
    }
    for pattern in scripts.values():
        assert any(re.search(pattern, label) for label in made_up_labels(40)), pattern


def test_at_least_a_third_of_the_made_up_labels_appear_nowhere_in_the_matcher() -> None:
    source = " ".join(
        (REPO / "syncer" / name).read_text(encoding="utf-8").casefold()
        for name in ("match.py", "normalize.py")
    )
    labels = made_up_labels(60)
    unknown = [label for label in labels if not any(w.casefold() in source for w in label.split())]
    assert len(unknown) * 3 >= len(labels), unknown


def test_the_run_imports_none_of_the_matchers_rules() -> None:
    tree = ast.parse(Path(real_rows.__file__).read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in imported if m in ("syncer.match", "syncer.normalize", "syncer.resolve")]
