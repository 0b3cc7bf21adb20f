"""SIGKILL at random points of real runs, with the list changing between runs (issue 12, point 7).

Each run is a forked process syncing through spotipy against a sandbox that this test keeps
alive; the sandbox kills the process (SIGKILL) when a seeded request arrives, before or after
carrying it out. Then a clean run must converge: the playlist is exactly the list (no
duplicate, no syncer track orphaned as "added by hand"), and the state marks exactly the list's
tracks as syncer's, with nothing pending.

A second test adds what a person does by hand (issue 12, point 6): a copy of a managed track
added in the app, then the list drops that track. Spotify's DELETE takes every copy, so the run
journals the person's copy before the DELETE and puts it back after; kills land before and
after each of those requests, and the next clean run must still leave the person's copy and
nothing of syncer's.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.workload import pinned_list_text
from syncer.cli.messages import worded
from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.sandbox import Sandbox
from syncer.state import load_state, state_path
from syncer.sync import SyncOptions, sync_list

from .conftest import World, make_client
from .sandbox_hooks import Held
from .test_sync_e2e import SONGS, list_text, uris

KILLS = 50
SEED = 20261130


class Killer:
    """Wraps the sandbox's `serve`: SIGKILLs the run's process at its `at`-th API request."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.pid = 0
        self.at = 0
        self.after = False
        self.only = ""  # when set, only requests "METHOD path-part" like it are counted
        self.seen = 0
        self.killed = False
        self.killed_on = ""  # the method of the request the kill came with
        self._serve = sandbox.serve
        sandbox.serve = self.serve  # type: ignore[method-assign]

    def arm(self, pid: int, at: int, after: bool, *, only: str = "") -> None:
        self.pid, self.at, self.after, self.seen, self.killed = pid, at, after, 0, False
        self.only = only

    def counts(self, request: Any) -> bool:
        if "/v1/" not in request.path:
            return False
        if not self.only:
            return True
        method, part = self.only.split(" ", 1)
        return bool(request.method == method and part in request.path)

    def serve(self, request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if self.pid and self.counts(request):
            self.seen += 1
            if self.seen == self.at:
                self.killed_on = request.method
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


HAND_ROUNDS = 12  # lists, each with one hand-added copy of a track the list then drops
KILLED_RUNS = 3  # killed runs of each list after the drop, then one clean run
# The first run after the drop reads (requests 1, 2), DELETEs every copy (3), POSTs the person's
# back (4) and reads back (5): its kill is aimed at each of these in turn, before the request is
# carried out (False) or after; later runs' kills fall anywhere (seeded).
AIMED = [(3, False), (3, True), (4, False), (4, True), (2, True), (5, True)]


def check_hand_copy_kept(
    world: World, path: Path, songs: list[tuple[str, str, str]], copy: str
) -> None:
    """After a clean run: the list's tracks (syncer's, in the state) and the person's copy."""
    result = world.sync(path, force=True)
    state = load_state(state_path(world.state_dir, path))
    assert worded(result.outcome).problem is None
    assert state.playlist_id is not None
    held = world.sandbox.playlist_uris(state.playlist_id)
    assert Counter(held) == Counter([*uris(songs), copy])  # nothing lost, nothing doubled
    assert [u for u in held if u != copy] == uris(songs)
    assert state.managed == set(uris(songs))
    assert (state.pending, state.restore) == (set(), [])
    world.sync(path)  # and the copy is the person's for good: the run after leaves it
    assert world.sandbox.playlist_uris(state.playlist_id) == held


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_while_a_dropped_track_leaves_never_loses_the_copy_a_person_added(
    world: World,
) -> None:
    rng = random.Random(SEED + 1)
    killer = Killer(world.sandbox)
    kills = Counter[tuple[str, bool]]()
    for round_ in range(HAND_ROUNDS):
        songs = rng.sample(SONGS, rng.randint(3, len(SONGS)))
        path = world.write_list(f"round{round_}", list_text(songs, name=f"Sorrow {round_}"))
        assert world.sync(path).code is ExitCode.OK
        playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
        dropped = rng.choice(songs)
        world.sandbox.hand_add(playlist_id, dropped[2], position=rng.randint(0, len(songs)))
        songs = [s for s in songs if s != dropped]
        for run in range(KILLED_RUNS):
            if run:  # the list keeps changing (its order), never taking the track back
                rng.shuffle(songs)
            path.write_text(list_text(songs, name=f"Sorrow {round_}"), encoding="utf-8")
            pid = run_in_child(world, path)
            at, after = (
                AIMED[round_ % len(AIMED)] if run == 0 else (rng.randint(1, 6), rng.random() < 0.5)
            )
            killer.arm(pid, at=at, after=after)
            wait(pid, time.monotonic() + 20)
            killer.pid = 0
            if killer.killed:
                kills[(killer.killed_on, after)] += 1
        check_hand_copy_kept(world, path, songs, dropped[2])
    print("kills (method, after it was carried out):", sorted(kills.items()))
    assert sum(kills.values()) >= HAND_ROUNDS * KILLED_RUNS // 2
    # Kills landed before and after the DELETE that takes the copy and the POST that puts it back.
    assert {("DELETE", False), ("DELETE", True), ("POST", False), ("POST", True)} <= set(kills)


# A list growing by three songs in three places (before, between and after the tracks already
# there) is three POSTs. The run marks all three additions' tracks pending in one save before
# the first POST, then each addition's tracks syncer's once Spotify confirms it; kills land
# before and after each POST: after the pending save with nothing sent, between additions, and
# after the last.
BASE = [SONGS[0], SONGS[2], SONGS[4]]
GROWN = [SONGS[1], SONGS[0], SONGS[2], SONGS[3], SONGS[4], SONGS[5]]
HAND = SONGS[6][2]  # a track a person added at the end; the list never names it
POSTS = [(n, after) for n in (1, 2, 3) for after in (False, True)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize(
    ("post", "after"), POSTS, ids=[f"post{n}-{'after' if a else 'before'}" for n, a in POSTS]
)
def test_sigkill_around_each_of_several_additions_leaves_no_orphan_and_no_duplicate(
    world: World, post: int, after: bool
) -> None:
    path = world.write_list("grow", list_text(BASE, name="Grow"))
    assert world.sync(path).code is ExitCode.OK
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.hand_add(playlist_id, HAND)
    path.write_text(list_text(GROWN, name="Grow"), encoding="utf-8")
    killer = Killer(world.sandbox)

    pid = run_in_child(world, path)
    killer.arm(pid, at=post, after=after, only="POST /items")
    wait(pid, time.monotonic() + 20)
    killer.pid = 0

    assert killer.killed, "the run was killed at its POST"
    held = world.sandbox.playlist_uris(playlist_id)
    assert held.count(HAND) == 1
    on_disk = load_state(state_path(world.state_dir, path))
    # Every track syncer may have added is marked (pending until a read settles it), never
    # left to look hand-added; and nothing sent is missing from the marks.
    assert set(held) - {HAND} <= on_disk.managed | on_disk.pending
    assert HAND not in on_disk.managed | on_disk.pending
    confirmed_adds = post - 1 + after  # POSTs Spotify carried out before the kill
    assert len(held) == len(BASE) + 1 + confirmed_adds
    result = world.sync(path)
    state = load_state(state_path(world.state_dir, path))
    assert worded(result.outcome).problem is None
    assert world.sandbox.playlist_uris(playlist_id) == [*uris(GROWN), HAND]
    assert state.managed == set(uris(GROWN))
    assert (state.pending, state.restore) == (set(), [])


# A first sync of a long list creates its playlist and adds complete batches of 100 while the
# last entry is still being matched (issue 23): kills land around the creation and around the
# additions made then, before and after each is carried out. The killed run has marked what it
# may have added (pending until a read settles it); the next run adopts the playlist or goes on
# with it, and neither leaves a second playlist, a duplicate, nor a track of its own unmarked.
LONG = 250
WHILE_MATCHING = [
    ("POST /me/playlists", 1, False),
    ("POST /me/playlists", 1, True),
    ("POST /items", 1, False),
    ("POST /items", 1, True),
    ("POST /items", 2, False),
    ("POST /items", 2, True),
]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize(
    ("only", "at", "after"),
    WHILE_MATCHING,
    ids=[f"{o.split()[1]}{n}-{'after' if a else 'before'}" for o, n, a in WHILE_MATCHING],
)
def test_sigkill_around_a_write_made_while_matching_leaves_no_orphan_and_no_duplicate(
    world: World, only: str, at: int, after: bool
) -> None:
    path = world.write_list("long", pinned_list_text(world.sandbox.catalog, LONG))
    wanted = [e.uri or "" for e in load_list(path).entries]
    killer = Killer(world.sandbox)
    held = Held(world.sandbox, wanted[-1:], additions=2)  # matching lasts past the writes

    pid = run_in_child(world, path)
    killer.arm(pid, at=at, after=after, only=only)
    wait(pid, time.monotonic() + 30)
    killer.pid = 0
    held.off()
    held.release()

    assert killer.killed, f"the run was killed at {only} {at}"
    on_disk = load_state(state_path(world.state_dir, path))
    made = world.sandbox.playlists()
    created = after or "/items" in only  # a kill before the creation leaves no playlist
    assert len(made) == int(created)  # never two
    if on_disk.playlist_id is not None:
        assert set(world.sandbox.playlist_uris(made[0]["id"])) <= on_disk.managed | on_disk.pending
    result = world.sync(path)
    state = load_state(state_path(world.state_dir, path))
    assert worded(result.outcome).problem is None
    assert len(world.sandbox.playlists()) == 1
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert state.managed == set(wanted)
    assert (state.pending, state.restore) == (set(), [])
