"""Adoption after lost state (issue 12, point 2, "whatever the state directory"): a list without
state adopts only the playlist whose marker names it, so two lists of one playlist name in two
state directories never take over each other's playlist, and a playlist whose bare marker (an
older version's) names no list is never taken over: the run stops with a problem instead."""

from __future__ import annotations

from pathlib import Path

from syncer.cli.messages import worded
from syncer.details import MARKER, marker_identity, marker_of
from syncer.exitcodes import ExitCode
from syncer.importer.playlist import own_description
from syncer.outcome import SyncProblemKind
from syncer.state import load_state, path_hash, save_state, state_path

from .conftest import World
from .test_sync_e2e import HAND_ADDED, SONGS, list_text, uris

HOME_HAND_ADDED = SONGS[6][2]


def write(world: World, relative: str, text: str) -> Path:
    path = world.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def playlist_id_of(path: Path) -> str:
    playlist_id = load_state(state_path(path.parent / ".syncer", path)).playlist_id
    assert playlist_id is not None
    return playlist_id


def test_two_lists_of_one_name_in_two_state_dirs_never_adopt_each_others_playlist(
    world: World,
) -> None:
    work = write(world, "work/sorrow.toml", list_text(SONGS[:3]))
    home = write(world, "home/sorrow.toml", list_text(SONGS[3:6]))
    for path in (work, home):
        assert world.sync_in(path, path.parent / ".syncer").code is ExitCode.OK
    work_id, home_id = playlist_id_of(work), playlist_id_of(home)
    assert work_id != home_id  # home did not adopt work's marked "Sorrow"
    world.sandbox.hand_add(work_id, HAND_ADDED)
    world.sandbox.hand_add(home_id, HOME_HAND_ADDED)

    # Both lose their state; both sync again, in turns, twice.
    for path in (work, home):
        state_path(path.parent / ".syncer", path).unlink()
    results = [world.sync_in(p, p.parent / ".syncer") for p in (home, work, home, work)]

    assert [r.code for r in results] == [ExitCode.OK] * 4
    assert (playlist_id_of(work), playlist_id_of(home)) == (work_id, home_id)
    assert len(world.sandbox.playlists()) == 2
    assert world.sandbox.playlist_uris(work_id) == [*uris(SONGS[:3]), HAND_ADDED]
    assert world.sandbox.playlist_uris(home_id) == [*uris(SONGS[3:6]), HOME_HAND_ADDED]
    descriptions = {p["id"]: p["description"] for p in world.sandbox.playlists()}
    assert marker_identity(descriptions[work_id]) == path_hash(work.resolve())
    assert marker_identity(descriptions[home_id]) == path_hash(home.resolve())


def test_a_bare_marker_names_no_list_and_is_never_taken_over(world: World) -> None:
    older = world.client.create_playlist("Sorrow", description=f"Mine {MARKER}", public=False)
    world.sandbox.hand_add(older.id, HAND_ADDED)
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sandbox.reset_stats()

    result = world.sync(path)

    assert result.code is ExitCode.BAD_INPUT
    assert world.writes() == {}
    assert world.sandbox.playlist_uris(older.id) == [HAND_ADDED]
    assert len(world.sandbox.playlists()) == 1
    assert result.outcome.failure is not None
    assert result.outcome.failure.kind is SyncProblemKind.UNCLAIMED
    problem = worded(result.outcome).problem or ""
    identity = path_hash(path.resolve())
    assert older.id in problem
    assert f"'{marker_of(identity)}'" in problem
    assert load_state(state_path(world.state_dir, path)).playlist_id is None

    # Doing what the problem says makes it the list's: adopted, the hand-added track kept.
    world.client.change_details(
        older.id, name="Sorrow", description=f"Mine {marker_of(identity)}", public=False
    )
    assert world.sync(path).code is ExitCode.OK
    assert load_state(state_path(world.state_dir, path)).playlist_id == older.id
    assert world.sandbox.playlist_uris(older.id) == [*uris(SONGS[:3]), HAND_ADDED]


def test_a_remembered_playlist_with_a_bare_marker_is_marked_with_its_list_once(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    playlist_id = playlist_id_of_world(world, path)
    world.client.change_details(playlist_id, name="Sorrow", description=MARKER, public=False)
    world.sandbox.reset_stats()

    world.sync(path)

    assert world.writes() == {"PUT /v1/playlists/{id}": 1}
    [playlist] = world.sandbox.playlists()
    assert playlist["description"] == marker_of(path_hash(path.resolve()))
    world.sandbox.reset_stats()
    world.sync(path)
    assert world.writes() == {}


def playlist_id_of_world(world: World, path: Path) -> str:
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id
    assert playlist_id is not None
    return playlist_id


def test_a_marker_names_its_list_and_an_imported_description_drops_it() -> None:
    assert marker_identity("Sad songs") is None
    assert marker_identity(f"Sad songs {MARKER}") == ""
    assert marker_identity(f"a {marker_of('0a1b2c3d')} then {marker_of('1a2b3c4d')}") == "1a2b3c4d"
    assert own_description(f"Sad songs {marker_of('1a2b3c4d')}") == "Sad songs"
    assert own_description(f"Sad songs {MARKER}") == "Sad songs"


def test_a_list_moving_to_another_playlist_forgets_its_marks_on_the_old_one(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state_file = state_path(world.state_dir, path)
    state = load_state(state_file)
    old_id = state.playlist_id or ""
    # A run on the old playlist stopped mid-way (an addition pending, a copy to put back)...
    state.pending, state.restore = {SONGS[3][2]}, [SONGS[4][2]]
    save_state(state_file, state)
    world.sandbox.delete_playlist(old_id)  # ...then the playlist was deleted in the app.
    # The playlist the list moves to (its marker names the list) holds a person's tracks that
    # the old playlist's marks name: none of them is syncer's here.
    theirs = [SONGS[0][2], SONGS[3][2], SONGS[4][2]]
    marker = marker_of(path_hash(path.resolve()))
    new = world.client.create_playlist("Sorrow", description=marker, public=False)
    for uri in theirs:
        world.sandbox.hand_add(new.id, uri)
    path.write_text(list_text(SONGS[1:3]), encoding="utf-8")  # and the list drops SONGS[0]

    result = world.sync(path, recreate=True)

    assert result.code is ExitCode.OK
    state = load_state(state_file)
    assert state.playlist_id == new.id
    assert world.sandbox.playlist_uris(new.id) == [*uris(SONGS[1:3]), *theirs]
    assert state.managed == set(uris(SONGS[1:3]))
    assert (state.pending, state.restore) == (set(), [])
