"""An entry whose title search did not find, by an artist written in romaji, gets the artist's
songs that could be it as candidates: in the report, in `syncer review` (one key pins one),
and so on the review page, which reads the same report."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, report_entry
from .test_cli_review_terminal import Terminal

# The seed article's wording: a translated title, the artist in romaji (マカロニえんぴつ).
ARTICLE_LIST = """\
[playlist]
name = "Sorrow"

[[tracks]]
title = "Sorrow Rides the Bus"
artist = "makaroni enpitsu"
"""


def test_the_artists_song_offered_first_is_pinned_with_one_key_in_review(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = tmp_path / "sorrow.toml"
    songs.write_text(ARTICLE_LIST, encoding="utf-8")
    expect(invoke(runner, "sync", songs, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    entry = report_entry(songs, 0)
    assert entry["status"] == "unmatched"
    offered = entry["candidates"][0]
    assert offered["name"] == "悲しみはバスに乗って"
    assert "the artist's songs that could be it" in entry["reason"]

    with Terminal(
        [sys.executable, "-m", "syncer", "review", str(songs), "--sandbox"], tmp_path
    ) as tty:
        card = tty.wait_for("Choice (? for help)")
        assert "1. 悲しみはバスに乗って" in card
        tty.type("1")
        assert "Pinned to 悲しみはバスに乗って" in tty.wait_for("to apply.")
        assert tty.exit_code() == ExitCode.OK

    expect(invoke(runner, "sync", songs, "--sandbox"), ExitCode.OK)
    assert (report_entry(songs, 0)["status"], report_entry(songs, 0)["uri"]) == (
        "pinned",
        offered["uri"],
    )
