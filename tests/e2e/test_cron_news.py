"""Cron hears news (issue 22, point 2): `syncer sync --quiet` run as cron runs it (`env -i` with
PATH, HOME and the settings it needs, no terminal, a real process) against `syncer sandbox`.

The first night tells each list that needs attention; a night with nothing new prints nothing at
all, whatever the exit code (it still tells the state); a list whose entries needing attention
change gets one line; a failure always gets its line. Without --quiet, a run ends with one line
saying what its exit code means.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from syncer.exitcodes import ExitCode

from .processes import Cron, SandboxProcess

LISTS = ["lists/sorrow.toml", "lists/tearjerkers.toml"]
NOT_ON_SPOTIFY = '\n[[tracks]]\ntitle = "Glass Lantern Harbour"\nartist = "Nobody Ever Heard"\n'


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxProcess]:
    with SandboxProcess(tmp_path) as process:
        yield process


@pytest.fixture
def cron(sandbox: SandboxProcess, tmp_path: Path) -> Cron:
    return Cron.home_with(sandbox, tmp_path / "home", LISTS)


def test_quiet_nights_print_only_news(cron: Cron) -> None:
    first = cron.run("sync", *LISTS, "--quiet")
    second = cron.run("sync", *LISTS, "--quiet")
    (cron.home / LISTS[1]).write_text(
        (cron.home / LISTS[1]).read_text(encoding="utf-8") + NOT_ON_SPOTIFY, encoding="utf-8"
    )
    third = cron.run("sync", *LISTS, "--quiet")
    fourth = cron.run("sync", *LISTS, "--quiet")

    assert first.returncode == ExitCode.NEEDS_ATTENTION
    assert first.stdout.splitlines() != []  # the lists' songs absent from Spotify
    assert all(line.endswith("(first run): syncer report " + line.split(":")[0]) for line in
               first.stdout.splitlines())  # fmt: skip
    assert (second.returncode, second.stdout, second.stderr) == (ExitCode.NEEDS_ATTENTION, "", "")
    assert third.returncode == ExitCode.NEEDS_ATTENTION
    assert third.stderr == ""
    [news] = third.stdout.splitlines()
    assert news.startswith(f"{LISTS[1]}: 1 new to look at ('Glass Lantern Harbour');")
    assert news.endswith(f"attention in all: syncer report {LISTS[1]}")
    assert (fourth.stdout, fourth.stderr) == ("", "")


def test_a_failing_list_always_gets_its_line(cron: Cron) -> None:
    cron.run("sync", *LISTS, "--quiet")
    state = cron.home / "lists" / ".syncer" / "sorrow.state.json"
    state.write_text("{ not json", encoding="utf-8")

    night = cron.run("sync", *LISTS, "--quiet")

    assert night.returncode == ExitCode.BAD_INPUT
    assert night.stdout == ""
    [line] = night.stderr.splitlines()
    assert line.startswith(f"{LISTS[0]}:")


def test_a_run_by_hand_ends_saying_what_its_exit_code_means(cron: Cron) -> None:
    ran = cron.run("sync", *LISTS)

    assert ran.returncode == ExitCode.NEEDS_ATTENTION
    assert ran.stdout.splitlines()[-1] == (
        "exit 1: synced, but some entries need review or were not found (see the reports)."
    )
