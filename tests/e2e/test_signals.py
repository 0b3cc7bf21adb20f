"""SIGINT and SIGTERM at seeded moments of real runs (issue 22, point 1): `syncer sync` in its own
process, as cron runs it, against `syncer sandbox` in another, the signal sent by the test when
a seeded number of requests has reached the sandbox.

A stopped run ends within 2 s plus one request's timeout with 130 (SIGINT) or 143 (SIGTERM), one
line saying where it stopped, a partial report saying so, and every entry resolved before the
signal cached: the next run searches only the entries the stopped one never resolved (as many
searches as a cold run of just those), and converges with nothing duplicated or lost, the
hand-added track kept. A second Ctrl-C does not wait for the searches in flight.
"""

from __future__ import annotations

import json
import random
import re
import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.sandbox import Sandbox, default_catalog_path, load_catalog
from syncer.state import ListState, load_state, state_path
from syncer.sync import SyncOptions, resolve_entries

from .conftest import REPO, make_client
from .processes import Cron, SandboxProcess
from .test_sync_e2e import SONGS, uris

SEED = 20261206
TIMEOUT_S = 5.0  # SYNCER_TIMEOUT: one request's timeout
LIST = "lists/rock-ballads.toml"  # 25 entries
STOP_LINE = re.compile(
    r"stopped by (SIGINT|SIGTERM) (after (\d+) of \d+ entries|while changing the playlist, "
    r"all \d+ entries resolved); state and report saved; run again to finish$"
)
CODES = {"SIGINT": ExitCode.INTERRUPTED, "SIGTERM": ExitCode.TERMINATED}


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxProcess]:
    with SandboxProcess(tmp_path, "--faults", "latency=150ms") as process:
        yield process


@pytest.fixture
def cron(sandbox: SandboxProcess, tmp_path: Path) -> Cron:
    settings = {"SYNCER_TIMEOUT": str(TIMEOUT_S), "SYNCER_CONCURRENCY": "2"}
    return Cron.home_with(sandbox, tmp_path / "home", [LIST], settings=settings)


def api_requests(sandbox: SandboxProcess, prefix: str = "") -> int:
    """API requests the sandbox has served since its stats were reset (those under `prefix`)."""
    stats = sandbox.control("GET", "/_sandbox/stats")
    return sum(count for endpoint, count in stats.items() if f" /v1/{prefix}" in endpoint)


def stopped_run(
    cron: Cron, sandbox: SandboxProcess, sig: str, after: int, prefix: str = "", twice: bool = False
) -> tuple[Any, float]:
    """Start a sync, send `sig` once `after` API requests (of `prefix`) have arrived; the
    finished process and how long it took to end after the (last) signal."""
    sandbox.control("POST", "/_sandbox/stats/reset")
    process = cron.start("sync", LIST)
    deadline = time.monotonic() + 120
    while api_requests(sandbox, prefix) < after and process.poll() is None:
        assert time.monotonic() < deadline, "the run never reached the seeded moment"
        time.sleep(0.02)
    process.send_signal(getattr(signal, sig))
    if twice:
        time.sleep(0.3)
        process.send_signal(getattr(signal, sig))
    signalled = time.monotonic()
    stdout, stderr = process.communicate(timeout=120)
    process.stdout_text, process.stderr_text = stdout, stderr  # type: ignore[attr-defined]
    return process, time.monotonic() - signalled


def report_of(cron: Cron) -> dict[str, Any]:
    path = cron.home / "lists" / ".syncer" / "reports" / "rock-ballads.json"
    return json.loads(path.read_text(encoding="utf-8"))


def cold_searches(indices: list[int], directory: Path) -> int:
    """What a cold run of just these entries costs in searches (an in-process sandbox)."""
    songlist = load_list(REPO / LIST)
    subset = replace(songlist, entries=tuple(songlist.entries[i] for i in indices))
    with Sandbox(catalog=load_catalog(default_catalog_path())) as sb:
        client = make_client(sb, directory)
        resolutions, _ = resolve_entries(subset, client, options=SyncOptions(), state=ListState())
    return sum(r.searches for r in resolutions)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_during_a_cold_sync_keeps_every_answer_and_says_where_it_stopped(
    cron: Cron, sandbox: SandboxProcess, sig: str, tmp_path: Path
) -> None:
    after = random.Random(f"{SEED}-cold-{sig}").randint(3, 25)

    process, took = stopped_run(cron, sandbox, sig, after, prefix="search")

    assert process.returncode == CODES[sig]
    assert took < 2 + TIMEOUT_S
    [line] = process.stderr_text.strip().splitlines()
    found = STOP_LINE.search(line)
    assert found is not None, line
    report = report_of(cron)
    stopped = report["stopped"]
    assert (stopped["by"], stopped["phase"], stopped["entries"]) == (sig, "matching", 25)
    assert found.group(3) == str(stopped["entries_done"])
    not_reached = [
        e["index"]
        for e in report["entries"]
        if e["reason"] == "not searched: the run stopped early"
    ]
    assert len(not_reached) == 25 - stopped["entries_done"] > 0
    state = load_state(state_path(cron.home / "lists" / ".syncer", cron.home / LIST))
    assert len(state.matches) >= stopped["entries_done"] - report["totals"]["error"]
    sandbox.control("POST", "/_sandbox/stats/reset")

    again = cron.run("sync", LIST, "--quiet")

    assert again.returncode in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    assert api_requests(sandbox, "search") == cold_searches(not_reached, tmp_path / "cold")


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_during_a_warm_sync_leaves_nothing_half_done(
    cron: Cron, sandbox: SandboxProcess, sig: str
) -> None:
    assert cron.run("sync", LIST).returncode in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    [playlist] = sandbox.control("GET", "/_sandbox/playlists")
    hand_added = next(uri for uri in uris(SONGS) if uri not in playlist["items"])
    sandbox.control(
        "POST", f"/_sandbox/playlists/{playlist['id']}/items?uri={hand_added}&position=3"
    )
    rng = random.Random(f"{SEED}-warm-{sig}")
    path = cron.home / LIST
    blocks = path.read_text(encoding="utf-8").split("[[tracks]]")
    kept = [blocks[0], *rng.sample(blocks[1:], 18)]  # drops seven, reorders the rest
    path.write_text("[[tracks]]".join(kept), encoding="utf-8")
    after = rng.randint(1, 6)

    process, took = stopped_run(cron, sandbox, sig, after)

    assert process.returncode in (CODES[sig], ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    assert took < 2 + TIMEOUT_S
    if process.returncode == CODES[sig]:
        [line] = process.stderr_text.strip().splitlines()
        assert STOP_LINE.search(line), line
        assert report_of(cron)["stopped"]["by"] == sig
    final = cron.run("sync", LIST)
    assert final.returncode in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    held = sandbox.control("GET", f"/_sandbox/playlists/{playlist['id']}")["items"]
    assert [u for u, n in Counter(held).items() if n > 1] == []
    assert hand_added in held
    state = load_state(state_path(cron.home / "lists" / ".syncer", path))
    assert state.managed == set(held) - {hand_added}
    assert (state.pending, state.restore) == (set(), [])
    wanted = [e["uri"] for e in report_of(cron)["entries"] if e["status"] in ("matched", "pinned")]
    assert [u for u in held if u != hand_added] == wanted


def test_a_second_ctrl_c_does_not_wait_for_searches_in_flight(
    cron: Cron, sandbox: SandboxProcess
) -> None:
    """Every search held 30 s by the sandbox: one Ctrl-C would wait for them (up to the
    timeout); a second one leaves at once, with the report written."""
    cron.settings["SYNCER_TIMEOUT"] = "60"
    sandbox.control("PUT", "/_sandbox/faults?spec=timeout%3D1%2Ctimeout_s%3D30")

    process, took = stopped_run(cron, sandbox, "SIGINT", 2, prefix="search", twice=True)

    assert process.returncode == ExitCode.INTERRUPTED
    assert took < 5
    assert report_of(cron)["stopped"] == {
        "by": "SIGINT",
        "phase": "matching",
        "entries_done": 0,
        "entries": 25,
    }
