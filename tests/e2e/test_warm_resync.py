"""A warm re-sync costs one listing for all lists of a run (issue 12, point 11).

One page of `GET /me/playlists` gives every remembered playlist's snapshot and whether it is
still followed; the request is counted once, in the report of the first list it served.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from syncer.cli.messages import worded
from syncer.exitcodes import ExitCode
from syncer.normalize import readers_loaded, unload_readers
from syncer.sync import PlaylistDirectory

from .conftest import REPO, World

SEED_LISTS = sorted((REPO / "lists").glob("*.toml"))


def copy_seed_lists(world: World) -> list[Path]:
    return [Path(shutil.copy(path, world.root / path.name)) for path in SEED_LISTS]


def api_requests(world: World) -> dict[str, int]:
    return {k: v for k, v in world.sandbox.stats().items() if " /v1/" in k}


def test_re_syncing_the_three_seed_lists_unchanged_makes_at_most_two_requests_in_all(
    world: World,
) -> None:
    lists = copy_seed_lists(world)
    assert len(lists) >= 3
    cold = PlaylistDirectory(world.client)
    for path in lists:
        world.sync(path, directory=cold)
    world.sandbox.reset_stats()

    directory = PlaylistDirectory(world.client)  # a new run
    results = [world.sync(path, directory=directory) for path in lists]

    assert all(r.code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION) for r in results)
    assert api_requests(world) == {"GET /v1/me/playlists": 1}
    # Counted once, in the report of the first list it served.
    assert results[0].outcome.requests == {"GET /me/playlists": 1}
    assert all(r.outcome.requests == {} for r in results[1:])


def test_a_deleted_playlist_is_still_noticed_from_the_listing(world: World) -> None:
    first, second, *_ = copy_seed_lists(world)
    directory = PlaylistDirectory(world.client)
    world.sync(first, directory=directory)
    gone = world.sync(second, directory=directory)
    assert gone.outcome.changes is not None
    world.sandbox.delete_playlist(gone.outcome.changes.playlist_id or "")

    again = PlaylistDirectory(world.client)
    kept = world.sync(first, directory=again)
    refused = world.sync(second, directory=again)

    assert kept.code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    assert refused.code is ExitCode.BAD_INPUT
    problem = worded(refused.outcome).problem
    assert problem is not None
    assert "--recreate" in problem


def test_the_romaniser_and_loanword_model_load_on_a_cold_run_and_never_on_a_warm_one(
    world: World,
) -> None:
    first, *_ = copy_seed_lists(world)
    unload_readers()
    world.sync(first)
    assert _eventually(readers_loaded)  # an entry needed matching: loading started with it

    unload_readers()
    world.sync(first)  # unchanged: every entry answered by the match cache

    assert not readers_loaded()


def _eventually(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()
