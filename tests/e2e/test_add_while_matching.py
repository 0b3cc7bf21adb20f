"""A first sync fills the playlist it creates while entries are still being matched (issue 23).

Through spotipy and the sandbox. The lists are long (more than one addition of 100) and pinned
(each entry is one `GET /tracks/{id}`), so matching is quick; the sandbox holds back the last
entries' requests until the run has added to the playlist (`Held`), so "before
matching ends" is observed, never timed. Whatever happens meanwhile (a stop, a lost answer, a
refusal), the playlist ends as a clean run leaves it, without a duplicate, and the report says
what Spotify confirmed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.workload import pinned_list_text
from syncer.cancel import CancelToken
from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.outcome import SyncProblemKind
from syncer.sandbox import Sandbox
from syncer.sandbox.routes.wire import error_response
from syncer.state import load_state, state_path
from syncer.sync import SyncOptions, sync_list

from .conftest import World, make_client
from .sandbox_hooks import Held, lose_answer, refuse_request

SIZE = 250  # two complete additions of 100 while matching, the last 50 after
TRACKS = "/v1/tracks/"
ITEMS = "/items"


def long_list(world: World, name: str = "pinned", size: int = SIZE) -> tuple[Path, list[str]]:
    path = world.write_list(name, pinned_list_text(world.sandbox.catalog, size))
    return path, [e.uri or "" for e in load_list(path).entries]


class RequestLog:
    """The sandbox's requests in the order their answers were sent ("METHOD /path")."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.answered: list[str] = []
        self._lock = threading.Lock()
        original = sandbox.serve

        def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
            def logged(response: Any) -> None:
                with self._lock:
                    self.answered.append(f"{request.method} {request.path.split('?')[0]}")
                send(response)

            original(request, logged, drop)

        sandbox.serve = serve  # type: ignore[method-assign]

    def index(self, method: str, part: str, *, last: bool = False) -> int:
        hits = [i for i, r in enumerate(self.answered) if r.startswith(method) and part in r]
        assert hits, (method, part, self.answered[-5:])
        return hits[-1] if last else hits[0]


def on_nth(sandbox: Sandbox, method: str, part: str, nth: int, action: Callable[[], None]) -> None:
    """`action` when the `nth` request like this has been carried out, before its answer."""
    original = sandbox.serve
    seen = [0]

    def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if request.method == method and part in request.path:
            seen[0] += 1
            if seen[0] == nth:

                def acted(response: Any) -> None:
                    action()
                    send(response)

                original(request, acted, drop)
                return
        original(request, send, drop)

    sandbox.serve = serve  # type: ignore[method-assign]


def sync(world: World, path: Path, **options: Any) -> Any:
    return sync_list(
        load_list(path), world.client, state_dir=world.state_dir, options=SyncOptions(**options)
    )


def test_a_first_sync_of_a_long_list_adds_its_batches_before_matching_ends(world: World) -> None:
    path, wanted = long_list(world)
    log = RequestLog(world.sandbox)
    Held(world.sandbox, wanted[-2:], additions=2)

    result = sync(world, path)

    assert result.code is ExitCode.OK
    last_pin = log.index("GET", TRACKS, last=True)
    assert log.index("POST", "/me/playlists") < log.index("POST", ITEMS) < last_pin
    additions = [i for i, r in enumerate(log.answered) if r.startswith("POST") and ITEMS in r]
    assert len(additions) == 3  # ceil(250 / 100), as when every addition came after matching
    assert sum(i < last_pin for i in additions) == 2  # the two complete batches, while matching
    assert log.index("GET", ITEMS) > additions[-1]  # then the playlist is read back, once
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert (state.managed, state.pending) == (set(wanted), set())


def test_the_report_of_a_first_sync_that_added_while_matching_is_the_one_it_planned(
    world: World,
) -> None:
    path, wanted = long_list(world)
    planned = sync(world, path, dry_run=True)  # what the run would do, all of it after matching
    Held(world.sandbox, wanted[-1:])

    done = sync(world, path)

    assert done.code is ExitCode.OK
    assert planned.outcome.changes is not None
    assert done.outcome.changes is not None
    added = done.outcome.changes.added
    assert [t.uri for t in added] == [t.uri for t in planned.outcome.changes.added] == wanted
    assert all(t.name and t.artists for t in added)  # named (a dry run has no names for pins)
    assert done.outcome.changes.created
    playlist_id = done.outcome.changes.playlist_id
    assert replace(done.outcome.changes, added=()) == replace(
        planned.outcome.changes, added=(), dry_run=False, playlist_id=playlist_id
    )
    assert world.sandbox.playlist_uris(playlist_id or "") == wanted


def test_a_list_with_songs_it_cannot_add_adds_each_wanted_track_once_in_order(
    world: World,
) -> None:
    path, pinned = long_list(world, size=230)
    header, *entries = path.read_text(encoding="utf-8").split("\n\n")
    missing = '[[tracks]]\ntitle = "Nothing Like It Anywhere"\nartist = "Nobody At All"'
    skipped = '[[tracks]]\ntitle = "Left Out On Purpose"\nartist = "Nobody"\nskip = "not for this playlist"'
    # A song the catalog lacks and one the list skips, inside the first batches.
    mixed = [*entries[:50], missing, *entries[50:120], skipped, *entries[120:]]
    path.write_text("\n\n".join([header, *mixed]) + "\n", encoding="utf-8")
    log = RequestLog(world.sandbox)
    Held(world.sandbox, pinned[-1:], additions=2)

    result = sync(world, path)

    assert result.code is ExitCode.NEEDS_ATTENTION  # the missing song
    assert log.index("POST", ITEMS) < log.index("GET", TRACKS, last=True)
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == pinned
    assert result.outcome.changes is not None
    assert [t.uri for t in result.outcome.changes.added] == pinned


def test_a_stop_while_matching_keeps_the_batches_added_and_the_next_run_completes_the_list(
    world: World,
) -> None:
    path, wanted = long_list(world)
    token = CancelToken()
    client = make_client(world.sandbox, world.root, cancel=token)
    # Five entries near the end wait until the run is stopped, which is when the second
    # addition has been carried out (before its answer arrives); then they fail, and the stopped
    # run does not ask again: they are left unresolved, so the stop came during matching.
    held = Held(world.sandbox, wanted[-10:-5], additions=10**6, failing=True)

    def stop() -> None:
        token.cancel("SIGINT")
        held.release()

    on_nth(world.sandbox, "POST", ITEMS, 2, stop)

    stopped = sync_list(
        load_list(path), client, state_dir=world.state_dir, options=SyncOptions(), cancel=token
    )

    assert stopped.code is ExitCode.INTERRUPTED
    assert stopped.outcome.failure is not None
    assert stopped.outcome.failure.kind is SyncProblemKind.CANCELLED
    assert stopped.outcome.failure.details["phase"] == "matching"
    assert 200 <= stopped.outcome.failure.details["done"] <= SIZE - 5
    changes = stopped.outcome.changes
    assert changes is not None
    assert changes.created
    assert [t.uri for t in changes.added] == wanted[:200]  # what Spotify confirmed
    state = load_state(state_path(world.state_dir, path))
    assert changes.playlist_id == state.playlist_id
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted[:200]
    assert (state.managed, state.pending) == (set(wanted[:200]), set())

    held.off()
    again = sync(world, path)

    assert again.code is ExitCode.OK
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert len(world.sandbox.playlists()) == 1
    assert again.outcome.changes is not None
    assert [t.uri for t in again.outcome.changes.added] == wanted[200:]
    assert load_state(state_path(world.state_dir, path)).managed == set(wanted)


def test_an_addition_while_matching_whose_answer_is_lost_is_settled_by_reading(
    world: World,
) -> None:
    path, wanted = long_list(world)
    lose_answer(world.sandbox, "POST", ITEMS)  # the first addition is carried out, unanswered
    Held(world.sandbox, wanted[-1:])
    world.sandbox.reset_stats()

    result = sync(world, path)

    assert result.code is ExitCode.OK
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted  # not added twice
    assert (state.managed, state.pending) == (set(wanted), set())
    assert result.outcome.changes is not None
    assert [t.uri for t in result.outcome.changes.added] == wanted
    assert world.sandbox.stats()["POST /v1/playlists/{id}/items"] == 3  # none sent again


def test_a_refused_addition_while_matching_is_sent_again_after_matching(world: World) -> None:
    path, wanted = long_list(world)
    refuse_request(world.sandbox, "POST", ITEMS, status=400)
    Held(world.sandbox, wanted[-1:])  # waits out its 20 s only if nothing is added

    result = sync(world, path)

    assert result.code is ExitCode.OK
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert (state.managed, state.pending) == (set(wanted), set())


def test_a_long_list_whose_playlist_exists_is_written_after_matching_as_before(
    world: World,
) -> None:
    path, wanted = long_list(world)
    short = pinned_list_text(world.sandbox.catalog, 20)
    path.write_text(short, encoding="utf-8")
    assert sync(world, path).code is ExitCode.OK
    path.write_text(pinned_list_text(world.sandbox.catalog, SIZE), encoding="utf-8")
    log = RequestLog(world.sandbox)

    result = sync(world, path)

    assert result.code is ExitCode.OK
    assert log.index("POST", ITEMS) > log.index("GET", TRACKS, last=True)
    assert "POST /v1/me/playlists" not in log.answered
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted


def test_a_track_an_entry_in_review_claims_is_not_added_while_matching_by_a_later_entry(
    world: World,
) -> None:
    """An entry left for review claims its candidate: a later entry resolving to the same track
    is its duplicate, so the track is not in the playlist (until the review is accepted). Added
    while matching, it would be there for a while, then removed: a wrong song, if only briefly."""
    review = '[[tracks]]\ntitle = "Tear"  # sic\nartist = "X JAPAN"'  # review: "Tears"
    path, pinned = long_list(world, size=231)
    header, *entries = path.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join([header, entries[0], review]) + "\n", encoding="utf-8")
    claimed = sync(world, path, dry_run=True).outcome.resolutions[1]
    assert claimed.status.value == "review"
    assert claimed.uri is not None
    kept = [(e, u) for e, u in zip(entries, pinned, strict=True) if u != claimed.uri][:230]
    later = f'[[tracks]]\ntitle = "Tears"\nartist = "X JAPAN"\nuri = "{claimed.uri}"'
    mixed = [e for e, _ in kept[:10]] + [review] + [e for e, _ in kept[10:60]] + [later]
    path.write_text(
        "\n\n".join([header, *mixed, *(e for e, _ in kept[60:])]) + "\n", encoding="utf-8"
    )
    wanted = [u for _, u in kept]
    log = RequestLog(world.sandbox)
    Held(world.sandbox, wanted[-1:], additions=2)

    result = sync(world, path)

    assert result.code is ExitCode.NEEDS_ATTENTION  # the entry in review
    assert [r.status.value for r in result.outcome.resolutions[10:12]] == ["review", "pinned"]
    assert result.outcome.resolutions[61].status.value == "duplicate"
    assert log.index("POST", ITEMS) < log.index("GET", TRACKS, last=True)
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert not [r for r in log.answered if r.startswith("DELETE")]  # never added, so never removed


def test_a_list_whose_wanted_tracks_all_went_in_while_matching_is_still_read_back(
    world: World,
) -> None:
    """200 wanted tracks, both batches added while matching (the last entry, a pin of a track
    Spotify does not have, is held): nothing is left to add after matching, yet the additions
    are verified by one read of the playlist, as any write is."""
    path, wanted = long_list(world, size=200)
    gone = "spotify:track:0000000000000000000000"
    text = path.read_text(encoding="utf-8")
    path.write_text(f'{text}\n[[tracks]]\ntitle = "Gone"\nartist = "Nobody"\nuri = "{gone}"\n')
    log = RequestLog(world.sandbox)
    Held(world.sandbox, [gone], additions=2)

    result = sync(world, path)

    assert result.outcome.resolutions[-1].uri in (None, gone)
    assert not result.outcome.resolutions[-1].wanted
    additions = [i for i, r in enumerate(log.answered) if r.startswith("POST") and ITEMS in r]
    assert len(additions) == 2
    assert additions[-1] < log.index("GET", TRACKS, last=True)  # both while matching
    assert log.index("GET", ITEMS, last=True) > additions[-1]  # then read back
    state = load_state(state_path(world.state_dir, path))
    assert world.sandbox.playlist_uris(state.playlist_id or "") == wanted
    assert (state.managed, state.pending) == (set(wanted), set())


def test_a_rate_limit_past_the_budget_on_an_addition_while_matching_stops_the_run_cleanly(
    world: World,
) -> None:
    """Spotify answers the first addition (made while matching) with a 429 asking for 30 s, more
    than the run's 1 s budget: the run stops at once (nothing more is sent, matching included)
    with what it did saved, and the next run completes the playlist."""
    path, wanted = long_list(world)
    original = world.sandbox.serve
    asked = [0]

    def serve(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
        if request.method == "POST" and ITEMS in request.path and not asked[0]:
            asked[0] += 1
            send(error_response(429, "Too many", headers={"Retry-After": "30"}))
            return
        original(request, send, drop)

    world.sandbox.serve = serve  # type: ignore[method-assign]
    held = Held(world.sandbox, wanted[-1:])
    client = make_client(world.sandbox, world.root, max_wait=1)

    stopped = sync_list(load_list(path), client, state_dir=world.state_dir, options=SyncOptions())

    assert stopped.code is ExitCode.RATE_LIMITED
    assert stopped.outcome.failure is not None
    assert stopped.outcome.failure.kind is SyncProblemKind.STOPPED_EARLY
    changes = stopped.outcome.changes
    assert changes is not None
    assert changes.created
    assert changes.added == ()
    state = load_state(state_path(world.state_dir, path))
    assert changes.playlist_id == state.playlist_id is not None
    assert world.sandbox.playlist_uris(state.playlist_id) == []

    held.off()
    again = sync(world, path)

    assert again.code is ExitCode.OK
    assert world.sandbox.playlist_uris(state.playlist_id) == wanted
    assert len(world.sandbox.playlists()) == 1
    final = load_state(state_path(world.state_dir, path))
    assert (final.managed, final.pending) == (set(wanted), set())


def test_a_run_that_fails_before_matching_starts_leaves_no_thread_adding_behind(
    world: World,
) -> None:
    """The progress display fails at once (a closed terminal): the run raises, and nothing is
    left adding to a playlist after it, though 150 remembered matches want a batch of 100."""
    path, _ = long_list(world, size=151)
    header, *entries = path.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join([header, *entries[:150]]) + "\n", encoding="utf-8")
    assert sync(world, path).code is ExitCode.OK
    first = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.delete_playlist(first)
    path.write_text("\n\n".join([header, *entries]) + "\n", encoding="utf-8")  # one to search

    def progress(done: int, total: int) -> None:
        raise BrokenPipeError("the terminal is gone")

    with pytest.raises(BrokenPipeError):
        sync_list(
            load_list(path),
            world.client,
            state_dir=world.state_dir,
            options=SyncOptions(recreate=True),
            on_progress=progress,
        )

    assert not [t for t in threading.enumerate() if t.name == "adding beside"]
    assert [p["id"] for p in world.sandbox.playlists()] == [first]  # none created again
