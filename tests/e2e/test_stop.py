"""Stopping a run (issue 22, point 1) below the CLI: the run's `CancelToken` raised at seeded
moments of real syncs (real spotipy over HTTP against the sandbox), cold and warm.

Whatever the moment: the run ends with 130 (or 143 for SIGTERM), a `CANCELLED` problem that says
how far it got, every entry resolved before the stop cached (the next run sends no search for
it), the playlist and state as a clean run leaves them after the next run: nothing duplicated,
nothing lost, the hand-added track kept.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from syncer.cancel import Cancelled, CancelToken
from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.outcome import SyncProblemKind
from syncer.report import build_report
from syncer.sandbox import FaultSpec
from syncer.spotify.retry import RetryLayer
from syncer.state import list_files, load_state, resolution_to_json, save_state, state_path
from syncer.sync import SyncOptions, not_reached, sync_list

from .conftest import World, make_client
from .sandbox_hooks import on_request
from .test_sync_e2e import HAND_ADDED, SONGS, list_text, uris

SEED = 20261206


def stop_at(
    world: World, token: CancelToken, method: str, path_part: str, nth: int, reason: str
) -> None:
    """Raise `token` when the `nth` matching request has been carried out, before its answer."""
    on_request(world.sandbox, method, path_part, lambda: None, times=nth - 1)
    on_request(world.sandbox, method, path_part, lambda: token.cancel(reason))


def stopped_sync(world: World, path: Path, token: CancelToken):
    # One search in flight: a stop at the nth search leaves the later entries unsent however
    # the threads that resolve entries are scheduled (they outnumber the searches in flight).
    return sync_list(
        load_list(path), world.client, state_dir=world.state_dir,
        options=SyncOptions(concurrency=1), cancel=token,
    )  # fmt: skip


@pytest.mark.parametrize(("reason", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_stop_during_a_cold_sync_keeps_every_answer_and_the_next_run_searches_only_the_rest(
    world: World, reason: str, code: int
) -> None:
    rng = random.Random(f"{SEED}-{reason}")
    path = world.write_list("sorrow", list_text(SONGS))
    token = CancelToken()
    stop_at(world, token, "GET", "/v1/search", rng.randint(1, 6), reason)

    stopped = stopped_sync(world, path, token)

    assert int(stopped.code) == code
    assert stopped.outcome.failure is not None
    assert stopped.outcome.failure.kind is SyncProblemKind.CANCELLED
    answered = [i for i, r in enumerate(stopped.outcome.resolutions) if not not_reached(r)]
    assert 0 < len(answered) < len(SONGS)  # the stop came mid-matching
    assert stopped.outcome.failure.details["done"] == len(answered)
    assert world.sandbox.playlists() == []  # no playlist write after the stop
    report = build_report(stopped.outcome, None)
    assert report["stopped"] == {
        "by": reason,
        "phase": "matching",
        "entries_done": len(answered),
        "entries": len(SONGS),
    }

    again = world.sync(path)

    assert again.code is ExitCode.OK
    searched_again = [i for i, r in enumerate(again.outcome.resolutions) if r.searches]
    assert not set(searched_again) & set(answered)  # no search repeated for a cached entry
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == uris(SONGS)


@pytest.mark.parametrize("seed", range(6))
def test_a_stop_between_playlist_writes_leaves_nothing_half_done(world: World, seed: int) -> None:
    rng = random.Random(SEED + seed)
    songs = rng.sample(SONGS, 5)
    path = world.write_list("sorrow", list_text(songs))
    assert world.sync(path).code is ExitCode.OK
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.hand_add(playlist_id, HAND_ADDED, position=2)
    changed = [*rng.sample(songs, 3), *[s for s in SONGS if s not in songs]]  # drops, adds, moves
    rng.shuffle(changed)
    path.write_text(list_text(changed), encoding="utf-8")
    token = CancelToken()
    method = rng.choice(["DELETE", "POST", "PUT"])
    stop_at(world, token, method, "/items", 1, "SIGTERM")

    stopped = stopped_sync(world, path, token)

    if stopped.outcome.failure is not None:  # the plan had such a write: stopped after it
        assert stopped.code is ExitCode.TERMINATED
        assert stopped.outcome.failure.details["phase"] == "playlist"
    final = world.sync(path)
    held = world.sandbox.playlist_uris(playlist_id)
    assert final.code is ExitCode.OK
    assert Counter(held) == Counter([*uris(changed), HAND_ADDED])  # nothing lost or doubled
    state = load_state(state_path(world.state_dir, path))
    assert state.managed == set(uris(changed))
    assert (state.pending, state.restore) == (set(), [])


def test_a_stop_during_a_retry_after_wait_ends_the_run_at_once(world: World) -> None:
    """A 429 asking for 30 s: the run waits (really), a stop 0.3 s later ends it within ~1 s."""
    path = world.write_list("sorrow", list_text(SONGS))
    token = CancelToken()
    client = make_client(world.sandbox, world.root, max_wait=120.0, cancel=token)
    world.sandbox.set_faults(FaultSpec.parse("429=1.0,retry_after=30"))
    threading.Timer(0.3, lambda: token.cancel("SIGINT")).start()
    started = time.monotonic()

    result = sync_list(
        load_list(path), client, state_dir=world.state_dir, options=SyncOptions(), cancel=token
    )

    assert time.monotonic() - started < 2.0
    assert result.code is ExitCode.INTERRUPTED
    assert result.outcome.failure is not None
    assert result.outcome.failure.details["done"] == 0


def test_the_retry_layer_sends_nothing_once_cancelled() -> None:
    token = CancelToken()
    token.cancel("SIGTERM")
    sent: list[int] = []

    with pytest.raises(Cancelled) as stopped:
        RetryLayer(cancel=token).call(lambda: sent.append(1))

    assert stopped.value.reason == "SIGTERM"
    assert sent == []


def test_answers_a_killed_run_appended_are_cached_for_the_next_run(world: World) -> None:
    """The journal's batches (rule 0): the answers file alone, as a SIGKILL leaves it (its last
    line torn), is folded into the match cache; the next run searches nothing for those."""
    path = world.write_list("sorrow", list_text(SONGS))
    world.sync(path)
    files = list_files(world.state_dir, path)
    state = load_state(files.state)
    cached = dict(state.matches)
    lines = [json.dumps({"key": k, "match": resolution_to_json(r)}) for k, r in cached.items()]
    save_state(files.state, replace(state, matches={}))  # the state file never got them
    files.answers.write_text("\n".join(lines) + '\n{"key": "torn', encoding="utf-8")
    world.sandbox.reset_stats()

    again = world.sync(path)

    assert again.code is ExitCode.OK
    assert world.searches() == 0
    assert not files.answers.exists()  # folded into the state file, which now holds them
    assert set(load_state(files.state).matches) == set(cached)
