"""A run that fails halfway reports only what Spotify confirmed, never its plan as done (#12).

Through spotipy and the sandbox; the sandbox refuses the one write each test names.
"""

from __future__ import annotations

from syncer.exitcodes import ExitCode
from syncer.state import load_state, state_path

from .conftest import World
from .sandbox_hooks import refuse_request
from .test_sync_e2e import HAND_ADDED, SONGS, list_text, playlist_of, uris


def test_a_refused_addition_after_a_removal_reports_the_removal_only(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:2]))
    world.sync(path)
    path.write_text(list_text(SONGS[1:4]), encoding="utf-8")  # one song leaves, two arrive
    refuse_request(world.sandbox, "POST", "/items")

    stopped = world.sync(path)

    assert stopped.code is ExitCode.SPOTIFY_FAILURE
    assert playlist_of(world, path) == uris(SONGS[1:2])
    changes = stopped.outcome.changes
    assert changes is not None
    assert [r.uri for r in changes.removed] == uris(SONGS[:1])
    assert changes.added == ()  # the plan's two additions were refused: not reported as done
    assert not changes.created


def test_a_refused_first_addition_reports_the_created_playlist_empty(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    refuse_request(world.sandbox, "POST", "/items")

    stopped = world.sync(path)

    assert stopped.code is ExitCode.SPOTIFY_FAILURE
    assert playlist_of(world, path) == []
    changes = stopped.outcome.changes
    assert changes is not None
    assert changes.created
    assert changes.playlist_id == load_state(state_path(world.state_dir, path)).playlist_id
    assert (changes.added, changes.removed, changes.restored_copies) == ((), (), ())


def test_a_refused_removal_reports_nothing_done(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:2]))
    world.sync(path)
    path.write_text(list_text(SONGS[1:3]), encoding="utf-8")
    refuse_request(world.sandbox, "DELETE", "/items")

    stopped = world.sync(path)

    assert stopped.code is ExitCode.SPOTIFY_FAILURE
    assert playlist_of(world, path) == uris(SONGS[:2])
    assert stopped.outcome.changes is None  # the report says the playlist was not touched


def test_a_run_that_succeeds_still_reports_every_change(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:2]))
    world.sync(path)
    world.sandbox.hand_add(
        load_state(state_path(world.state_dir, path)).playlist_id or "", HAND_ADDED
    )
    path.write_text(list_text(SONGS[1:4]), encoding="utf-8")

    done = world.sync(path)

    assert done.code is ExitCode.OK
    changes = done.outcome.changes
    assert changes is not None
    assert [r.uri for r in changes.removed] == uris(SONGS[:1])
    assert [r.uri for r in changes.added] == uris(SONGS[2:4])
    assert [r.uri for r in changes.kept_unmanaged] == [HAND_ADDED]
