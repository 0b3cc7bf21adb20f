"""Helpers for the import tests: running the CLI, reading what it wrote, real catalog rows."""

from __future__ import annotations

import gzip
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from syncer.cli import app
from syncer.exitcodes import ExitCode
from syncer.sandbox import default_catalog_path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def invoke(runner: CliRunner, *args: str | Path, stdin: str | bytes | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)


def expect(result: Result, code: ExitCode) -> Result:
    assert result.exit_code == code, (
        f"exit {result.exit_code}, expected {int(code)} ({code.name})\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    return result


def tracks_of(path: Path) -> list[dict[str, Any]]:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    tracks: list[dict[str, Any]] = document.get("tracks", [])
    return tracks


def playlist_of(path: Path) -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))["playlist"]
    return table


@cache
def catalog_rows() -> tuple[dict[str, Any], ...]:
    with gzip.open(default_catalog_path(), "rt", encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle)


def real_rows(count: int, *, start: int = 0, step: int = 97) -> list[dict[str, Any]]:
    """`count` real (Kaggle) catalog tracks spread over the catalog, distinct songs with plain
    titles, so a list written from them has one right answer per line."""
    # The Kaggle rows have no release date; the hand-written seed songs and traps do.
    rows = [t for t in catalog_rows() if not t["album"].get("release_date")]
    seen: set[tuple[str, str]] = set()
    chosen: list[dict[str, Any]] = []
    for track in rows[start::step]:
        key = (track["name"].casefold(), track["artists"][0]["name"].casefold())
        if key in seen or " - " in track["name"] or not track["name"].isascii():
            continue
        seen.add(key)
        chosen.append(track)
        if len(chosen) == count:
            break
    return chosen


def same_song(uri: str, row: dict[str, Any]) -> bool:
    """Whether `uri` is the row's song: its track, or the same title by the same artist on
    another release (the catalog, like Spotify, holds some songs twice)."""
    track = next((t for t in catalog_rows() if t["uri"] == uri), None)
    return track is not None and (
        track["name"].casefold(),
        track["artists"][0]["name"].casefold(),
    ) == (row["name"].casefold(), row["artists"][0]["name"].casefold())


def sandbox_account(list_path: Path) -> dict[str, Any]:
    account = list_path.parent / ".syncer" / "sandbox" / "account.json"
    data: dict[str, Any] = json.loads(account.read_text(encoding="utf-8"))
    return data


def playlist_uris(list_path: Path, name: str) -> list[str]:
    playlists = [p for p in sandbox_account(list_path)["playlists"] if p["name"] == name]
    assert len(playlists) == 1, f"expected one playlist named {name!r}"
    return [e["uri"] for e in playlists[0]["entries"]]
