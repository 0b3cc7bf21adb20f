"""`syncer review` in a real terminal: a pseudo-terminal drives the command as a person would
(read the screen, type an answer), then the next sync shows each decision took effect."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import (
    ATTENTION_LIST,
    assert_only_entries_changed,
    expect,
    invoke,
    last_report,
    report_entry,
    sandbox_playlists,
)

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A command running on a pseudo-terminal; every wait has a deadline, so it cannot hang."""

    def __init__(self, args: list[str], cwd: Path, timeout: float = 15) -> None:
        self.timeout = timeout
        self.screen = ""  # everything shown so far, escape sequences removed
        self._unread = 0  # where the next `wait_for` starts looking
        master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIPY_", "SYNCER_"))}
        env.update(TERM="xterm", COLUMNS="120", LINES="40")
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=5)
        os.close(self.master)

    def wait_for(self, text: str) -> str:
        """Read until `text` appears after what was already consumed; return the new screen part."""
        deadline = time.monotonic() + self.timeout
        while (found := self.screen.find(text, self._unread)) < 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                raise AssertionError(
                    f"{text!r} did not appear on the terminal; it shows:\n{self.screen[self._unread :]}"
                )
        part = self.screen[self._unread : found + len(text)]
        self._unread = found + len(text)
        return part

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def exit_code(self) -> int:
        deadline = time.monotonic() + self.timeout
        while self._read(max(0.0, deadline - time.monotonic())):
            pass  # drain, so the process is never blocked writing
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: the command exited and closed the terminal
            return False
        self.screen += _ANSI.sub("", data.decode("utf-8", errors="replace")).replace("\r\n", "\n")
        return bool(data)


def test_review_in_a_terminal_pins_rejects_and_skips_and_the_next_sync_follows(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = tmp_path / "attention.toml"
    songs.write_text(ATTENTION_LIST, encoding="utf-8")
    expect(invoke(runner, "sync", songs, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    attention = {
        e["index"]: e
        for e in last_report(songs)["entries"]
        if e["status"] in ("review", "unmatched", "error")
    }
    # What the list is built to produce against the default catalog.
    assert sorted(attention) == [1, 2, 3, 4], _statuses(last_report(songs))
    finally_, tear, maple = attention[1], attention[2], attention[3]
    assert finally_["candidates"]
    assert tear["candidates"]
    rejected = {c["uri"] for c in tear["candidates"]}
    before = songs.read_text(encoding="utf-8")

    with Terminal(
        [sys.executable, "-m", "syncer", "review", str(songs), "--sandbox"], tmp_path
    ) as tty:
        card = tty.wait_for("Choice (? for help)")
        assert "[1/4] Finally — L'Arc~en~Ciel" in card
        assert f"1. {finally_['candidates'][0]['name']}" in card
        assert finally_["candidates"][0]["url"] in card
        tty.type("?")
        assert "paste a Spotify link" in tty.wait_for("Choice (? for help)")
        tty.type("1")  # pin the first candidate
        assert "Pinned to" in tty.wait_for("[2/4] Tear — X JAPAN")

        tty.wait_for("Choice (? for help)")
        tty.type("r")  # reject every candidate
        assert f"Rejected {len(rejected)} candidate(s)." in tty.wait_for("[3/4] Maple — Spitz")

        tty.wait_for("Choice (? for help)")
        tty.type("s")  # not on Spotify
        tty.wait_for("Reason")
        tty.type("not on Spotify in JP")
        assert "Skipped: not on Spotify in JP." in tty.wait_for("[4/4] Love Phantom Song")

        tty.wait_for("Choice (? for help)")
        tty.type("n")  # leave it
        done = tty.wait_for("to apply.")
        assert "Done: 1 pinned, 1 rejected, 1 skipped." in done
        assert f"Run `syncer sync {songs} --sandbox` to apply." in done
        assert tty.exit_code() == ExitCode.OK

    pinned, with_rejects, skipped = assert_only_entries_changed(
        before, songs.read_text(encoding="utf-8"), {1, 2, 3}
    )
    assert f'uri = "{finally_["candidates"][0]["uri"]}"' in pinned
    assert all(uri in with_rejects for uri in rejected)
    assert 'skip = "not on Spotify in JP"' in skipped
    assert maple["status"] == "unmatched"

    expect(invoke(runner, "sync", songs, "--sandbox"), ExitCode.NEEDS_ATTENTION)

    assert (report_entry(songs, 1)["status"], report_entry(songs, 1)["uri"]) == (
        "pinned",
        finally_["candidates"][0]["uri"],
    )
    assert report_entry(songs, 2)["uri"] not in rejected
    assert report_entry(songs, 3)["status"] == "skipped"
    assert report_entry(songs, 4)["status"] == "review"  # left for later
    playlist = sandbox_playlists(songs)["Needs attention"]
    assert finally_["candidates"][0]["uri"] in playlist
    assert not rejected & set(playlist)


def test_review_in_a_terminal_quits_on_q_without_editing(runner: CliRunner, tmp_path: Path) -> None:
    songs = tmp_path / "attention.toml"
    songs.write_text(ATTENTION_LIST, encoding="utf-8")
    expect(invoke(runner, "sync", songs, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    before = songs.read_bytes()

    with Terminal(
        [sys.executable, "-m", "syncer", "review", str(songs), "--sandbox"], tmp_path
    ) as tty:
        tty.wait_for("Choice (? for help)")
        tty.type("q")
        assert "Done: no changes." in tty.wait_for("to apply.")
        assert tty.exit_code() == ExitCode.OK

    assert songs.read_bytes() == before


def _statuses(report: dict[str, Any]) -> str:
    return "\n".join(
        f"{e['index']} {e['status']} {e['title']}: {e['reason']}" for e in report["entries"]
    )
