"""Playlist details against a sandbox that stores them as Spotify does (descriptions
HTML-escaped): a warm re-sync of a list whose description has an apostrophe writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, last_report, sandbox_state

WRITES = ("POST", "PUT", "DELETE")


def test_a_warm_resync_of_a_description_with_an_apostrophe_sends_no_write(
    runner: CliRunner, seed_lists: Path
) -> None:
    sorrow = seed_lists / "sorrow.toml"
    assert "Spitz's" in sorrow.read_text(encoding="utf-8")
    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)
    account = json.loads((sandbox_state(sorrow) / "account.json").read_text(encoding="utf-8"))
    [stored] = [p["description"] for p in account["playlists"]]
    assert "Spitz&#x27;s" in stored  # kept escaped, as Spotify keeps it

    expect(invoke(runner, "sync", sorrow, "--sandbox"), ExitCode.OK)

    requests = last_report(sorrow)["requests"]["by_endpoint"]
    assert [endpoint for endpoint in requests if endpoint.startswith(WRITES)] == []
