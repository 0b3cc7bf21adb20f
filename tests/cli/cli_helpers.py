"""Helpers shared by the CLI tests: invoking the app, reading what a sandbox run left behind
(its report and the sandbox account's playlists), and comparing list files entry by entry."""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from syncer.cli import app
from syncer.exitcodes import ExitCode

REPO = Path(__file__).resolve().parents[2]


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    """Run `syncer ARGS...` in-process; unexpected exceptions propagate (a test failure)."""
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def expect(result: Result, code: ExitCode) -> Result:
    """Assert the exit code, showing everything the command printed when it differs."""
    assert result.exit_code == code, (
        f"exit {result.exit_code}, expected {int(code)} ({code.name})\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    return result


def login_file() -> Path:
    """Where `syncer login` saves the token by default: the per-user config directory, which
    the CLI tests' `isolated_env` points into the test's own folder (XDG_CONFIG_HOME)."""
    return Path(os.environ["XDG_CONFIG_HOME"]) / "syncer" / "token.json"


def sandbox_state(list_path: Path) -> Path:
    """Where a `--sandbox` run of this list keeps its state (the default state directory)."""
    return list_path.parent / ".syncer" / "sandbox"


def last_report(list_path: Path) -> dict[str, Any]:
    """The JSON report of the last `--sandbox` run of this list."""
    path = sandbox_state(list_path) / "reports" / f"{list_path.stem}.json"
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def report_entry(list_path: Path, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = last_report(list_path)["entries"][index]
    assert entry["index"] == index
    return entry


def sandbox_playlists(list_path: Path) -> dict[str, list[str]]:
    """The sandbox account's playlists after a run (name -> track URIs), read from the state
    file the in-process sandbox keeps in `<state dir>/sandbox/account.json`."""
    account = sandbox_state(list_path) / "account.json"
    if not account.exists():
        return {}
    data = json.loads(account.read_text(encoding="utf-8"))
    return {p["name"]: [e["uri"] for e in p["entries"]] for p in data["playlists"]}


_ENTRY_HEADER = re.compile(r"^\[\[tracks\]\]", re.MULTILINE)


def entry_blocks(text: str) -> list[str]:
    """The file cut at each `[[tracks]]` header: [before the first entry, entry 0, entry 1, ...].

    A block runs from its header to the next one, so comments that introduce the next entry
    belong to the block before; an edit of one entry changes exactly one block.
    """
    starts = [m.start() for m in _ENTRY_HEADER.finditer(text)]
    bounds = [0, *starts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def assert_only_entries_changed(before: str, after: str, indexes: set[int]) -> list[str]:
    """Everything outside the given entries is byte for byte the same; those entries changed.
    Returns the changed entries' new text, in index order."""
    old, new = entry_blocks(before), entry_blocks(after)
    assert len(old) == len(new), "the number of entries changed"
    assert old[0] == new[0], "the text before the first entry changed"
    changed = {i for i in range(len(old) - 1) if old[i + 1] != new[i + 1]}
    assert changed == indexes, f"entries {sorted(changed)} changed, expected {sorted(indexes)}"
    return [new[i + 1] for i in sorted(indexes)]


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


# A small list whose entries need attention against the default sandbox catalog (misspelled
# title, a near-miss title, an English translation without alias), written the way people
# write lists: comments, odd spacing, trailing comments.
ATTENTION_LIST = """\
# Songs picked for the review tests.

[playlist]
name = "Needs attention"   # a playlist of its own
market = "JP"

# 0: matches cleanly (and stays untouched)
[[tracks]]
title = "WHY"
artist   =   "加藤ミリヤ"

# 1: misspelled title of L'Arc~en~Ciel's "finale": review
[[tracks]]
title = "Finally"
artist = "L'Arc~en~Ciel"
note    = "rank 3 in the article"

# 2: "Tear" for X JAPAN's "Tears": review
[[tracks]]
title = "Tear"  # sic
artist = "X JAPAN"

# 3: the English translation of スピッツ「楓」 with no alias: unmatched
[[tracks]]
title = "Maple"
artist = "Spitz"

# 4: near-miss of B'z "LOVE PHANTOM": review
[[tracks]]
title  = "Love Phantom Song"
artist = "B'z"
"""
