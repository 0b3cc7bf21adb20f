"""SIGKILL at random points of real runs, with the list changing between runs (issue 12, point 7).

Each run is a forked process syncing through spotipy against a sandbox that this test keeps
alive; the sandbox kills the process (SIGKILL) when a seeded request arrives, before or after
carrying it out. Then a clean run must converge: the playlist is exactly the list (no
duplicate, no syncer track orphaned as "added by hand"), and the state marks exactly the list's
tracks as syncer's, with nothing pending.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from syncer.cli.messages import worded
from syncer.lists import load_list
from syncer.sandbox import Sandbox
from syncer.state import load_state, state_path
from syncer.sync import SyncOptions, sync_list

from .conftest import World, make_client
from .test_sync_e2e import SONGS, list_text, uris

KILLS = 50
SEED = 20261130


class Killer:
    """Wraps the sandbox's `serve`: SIGKILLs the run's process at its `at`-th API request."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.pid = 0
        self.at = 0
        self.after = False
        self.seen = 0
        self.killed = False
        self._serve = sandbox.serve
        sandbox.serve = self.serve  # type: ignore[method-assign]

    def arm(self, pid: int, at: int, after: bool) -> None:
        self.pid, self.at, self.after, self.seen, self.killed = pid, at, after, 0, False

    def serve(self, request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if self.pid and "/v1/" in request.path:
            self.seen += 1
            if self.seen == self.at and not self.after:
                self._kill()
                drop()
                return
            if self.seen == self.at:

                def kill_then_send(response: Any) -> None:
                    self._kill()  # carried out, the answer never arrives
                    drop()

                self._serve(request, kill_then_send, drop)
                return
        self._serve(request, send, drop)

    def _kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.killed = True


def run_in_child(world: World, path: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child: one sync, then out without any cleanup of the parent's
        code = 1
        try:
            client = make_client(world.sandbox, world.root)
            sync_list(load_list(path), client, state_dir=world.state_dir, options=SyncOptions())
            code = 0
        finally:
            os._exit(code)
    return pid


def wait(pid: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)  # a run that hangs is killed too
    os.waitpid(pid, 0)


def check_converged(world: World, path: Path, songs: list[tuple[str, str, str]]) -> None:
    result = world.sync(path, force=True)
    state = load_state(state_path(world.state_dir, path))
    assert worded(result.outcome).problem is None
    assert state.playlist_id is not None
    assert world.sandbox.playlist_uris(state.playlist_id) == uris(songs)
    assert state.managed == set(uris(songs))
    assert state.pending == set()
    assert len(world.sandbox.playlists()) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_at_seeded_points_never_orphans_or_duplicates_and_the_next_run_converges(
    world: World,
) -> None:
    rng = random.Random(SEED)
    killer = Killer(world.sandbox)
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    songs = SONGS[:3]
    kills = 0
    for step in range(KILLS * 3):
        if kills >= KILLS:
            break
        songs = rng.sample(SONGS, rng.randint(2, len(SONGS)))
        path.write_text(list_text(songs), encoding="utf-8")
        pid = run_in_child(world, path)
        killer.arm(pid, at=rng.randint(1, 5), after=rng.random() < 0.5)
        wait(pid, time.monotonic() + 20)
        killer.pid = 0
        kills += killer.killed
        if step % 6 == 5:
            check_converged(world, path, songs)
    assert kills >= KILLS
    check_converged(world, path, songs)
