"""Issue 21's new user: the three seed articles imported and synced against the sandbox. Every
song the catalog holds is placed in its playlist, or its right track is among the first three
candidates the report (and so `syncer review` and the review page) offers for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .import_helpers import REPO, SEEDS, expect, invoke

ARTICLES = {"000": "tearjerkers", "001": "sorrow", "002": "rock-ballads"}
SONGS_IN_THE_CATALOG = 35
FIRST_CANDIDATES = 3


def _right_tracks(stem: str) -> list[str | None]:
    """The right track id of each song of the article, in order (None: not in the catalog)."""
    truth = json.loads((REPO / "syncer/sandbox/data/seed_truth.json").read_text("utf-8"))
    return [e["track_id"] for e in truth["entries"] if e["list"] == f"lists/{stem}.toml"]


def _report(tmp_path: Path, list_stem: str) -> dict[str, Any]:
    (path,) = tmp_path.glob(f".syncer/**/reports/{list_stem}.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not present")
def test_every_song_of_the_seed_articles_is_placed_or_offered_among_the_first_three(
    runner: CliRunner, tmp_path: Path
) -> None:
    for number in ARTICLES:
        (article,) = SEEDS.glob(f"{number}_*.txt")
        invoke(runner, "import", article, "-o", f"article{number}.toml", "--sandbox")
    lists = [f"article{number}.toml" for number in ARTICLES]
    expect(invoke(runner, "sync", *lists, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    songs, not_offered = 0, []
    for number, stem in ARTICLES.items():
        entries = _report(tmp_path, f"article{number}")["entries"]
        for entry, right in zip(entries, _right_tracks(stem), strict=True):
            if right is None:
                continue
            songs += 1
            uri = f"spotify:track:{right}"
            placed = entry["status"] in ("matched", "pinned") and entry["uri"] == uri
            offered = [c["uri"] for c in entry["candidates"][:FIRST_CANDIDATES]]
            if not placed and uri not in offered:
                not_offered.append((entry["title"], entry["artist"], entry["status"]))
    assert songs == SONGS_IN_THE_CATALOG
    assert not_offered == []
