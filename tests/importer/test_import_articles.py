"""Importing the three seed articles: every song found, split as the article means it.

The expected split comes from the hand-written seed lists (`lists/*.toml`): each entry quotes
its article line in a comment, and its artist spellings tell which part of that line is the
artist. The right track of each song comes from the sandbox's labelled truth.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .import_helpers import REPO, SEEDS, catalog_rows, expect, invoke

ARTICLES = {"000": ("tearjerkers", 7), "001": ("sorrow", 7), "002": ("rock-ballads", 25)}
_ARTICLE_COMMENT = re.compile(r'^# article: (?:\d+ )?"(?P<line>.*)"', re.MULTILINE)


def _expected_splits(stem: str) -> list[tuple[str, str]]:
    """(title part, artist part) of each article line, as the seed list's author read it."""
    text = (REPO / "lists" / f"{stem}.toml").read_text(encoding="utf-8")
    lines = [m.group("line") for m in _ARTICLE_COMMENT.finditer(text)]
    tracks = tomllib.loads(text)["tracks"]
    assert len(lines) == len(tracks)
    return [_split(line, track) for line, track in zip(lines, tracks, strict=True)]


def _split(line: str, track: dict[str, Any]) -> tuple[str, str]:
    spellings = sorted([track["artist"], *track.get("artist_aliases", [])], key=len, reverse=True)
    for artist in spellings:
        if line.lower().endswith(artist.lower()):
            return line[: -len(artist)].strip(" -"), line[-len(artist) :]
        if line.lower().startswith(artist.lower()):
            return line[len(artist) :].strip(" -"), line[: len(artist)]
    raise AssertionError(f"no artist spelling of {track['artist']!r} ends or starts {line!r}")


def _fold(text: str) -> str:
    return text.casefold()


def _folds(*texts: str) -> set[str]:
    return {_fold(t) for t in texts}


def _truth(stem: str) -> list[dict[str, Any] | None]:
    document = json.loads((REPO / "syncer/sandbox/data/seed_truth.json").read_text("utf-8"))
    by_id = {t["id"]: t for t in catalog_rows()}
    entries = [e for e in document["entries"] if e["list"] == f"lists/{stem}.toml"]
    return [by_id.get(e["track_id"]) if e["track_id"] else None for e in entries]


def _entries_with_doubts(path: Path) -> list[tuple[dict[str, Any], bool]]:
    """Each written entry and whether a comment above it marks it uncertain."""
    text = path.read_text(encoding="utf-8")
    tracks = tomllib.loads(text)["tracks"]
    blocks = text.split("[[tracks]]")[:-1]  # the text before each entry's header
    doubts = ["# uncertain:" in block.rsplit("\n\n", 1)[-1] for block in blocks]
    return list(zip(tracks, doubts, strict=True))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not present")
@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_a_seed_article_imports_every_song_split_as_the_article_means_it(
    runner: CliRunner, tmp_path: Path, number: str
) -> None:
    stem, size = ARTICLES[number]
    (article,) = SEEDS.glob(f"{number}_*.txt")

    result = expect(
        invoke(runner, "import", article, "-o", "imported.toml", "--sandbox"), ExitCode.OK
    )

    written = _entries_with_doubts(tmp_path / "imported.toml")
    assert len(written) == size, result.stdout
    for (entry, uncertain), (title_part, artist_part), right in zip(
        written, _expected_splits(stem), _truth(stem), strict=True
    ):
        # The article's wording, kept where it differs from the entry's (case aside).
        assert _fold(title_part) in _folds(entry["title"], *entry.get("aliases", [])), entry
        assert _fold(artist_part) in _folds(entry["artist"], *entry.get("artist_aliases", []))
        if not uncertain:  # confirmed by search: named as Spotify names the right track
            assert right is not None, f"{entry} confirmed, but the song is not in the catalog"
            # Spotify's name, less a remaster label ("ENDLESS RAIN - Remaster").
            assert right["name"].startswith(entry["title"])
            assert entry["artist"] in [a["name"] for a in right["artists"]] + [
                n for a in right["artists"] for n in a.get("names", {}).values()
            ]
    assert f"Wrote imported.toml: {size} songs" in result.stdout


def test_a_swapped_line_is_read_the_right_way_round(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "ballads.txt"
    prose = "This is a sentence about the band and how much the writer loves this song. " * 2
    article.write_text(
        f"{prose}\n1 X Japan - Endless Rain\n\n{prose}\n2 Taion - the GazettE\n"
        f"3 LUNA SEA - I for You\n\n{prose}\n",
        encoding="utf-8",
    )

    expect(invoke(runner, "import", article, "-o", "b.toml", "--sandbox"), ExitCode.OK)

    written = [t for t, _ in _entries_with_doubts(tmp_path / "b.toml")]
    assert [(t["title"], t["artist"]) for t in written][1] == ("体温", "the GazettE")
    assert written[1]["aliases"] == ["Taion"]
