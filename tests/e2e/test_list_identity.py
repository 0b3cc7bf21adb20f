"""A list is identified by its resolved path (issue 12, points 2 and 9's state half).

Two lists with the same file name never share state, lock, report or playlist, whatever the
state directory; a state file of another list is refused; a dry run writes no state at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from syncer.application.reports import write_report
from syncer.details import marker_identity
from syncer.errors import StateOfAnotherList
from syncer.exitcodes import ExitCode
from syncer.state import ListLock, list_files, load_state, path_hash, state_path

from .conftest import World
from .test_sync_e2e import SONGS, list_text, uris


def write(world: World, relative: str, text: str) -> Path:
    path = world.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_two_lists_of_the_same_file_name_in_one_state_dir_never_share_anything(
    world: World,
) -> None:
    work = write(world, "work/sorrow.toml", list_text(SONGS[:3], name="Sorrow"))
    home = write(world, "home/sorrow.toml", list_text(SONGS[3:6], name="Sorrow"))

    first = world.sync(work)
    second = world.sync(home)

    assert first.code is ExitCode.OK
    assert second.code is ExitCode.OK
    work_state = load_state(state_path(world.state_dir, work))
    home_state = load_state(state_path(world.state_dir, home))
    assert work_state.playlist_id != home_state.playlist_id
    assert world.sandbox.playlist_uris(work_state.playlist_id or "") == uris(SONGS[:3])
    assert world.sandbox.playlist_uris(home_state.playlist_id or "") == uris(SONGS[3:6])
    # The first keeps today's names; the second gets its own, with a hash of its path.
    work_files, home_files = list_files(world.state_dir, work), list_files(world.state_dir, home)
    assert work_files.state == world.state_dir / "sorrow.state.json"
    assert home_files.name.startswith("sorrow-")
    assert home_files.state.is_file()
    assert work_files.lock != home_files.lock
    # Each state records its own list.
    for path, files in ((work, work_files), (home, home_files)):
        recorded = json.loads(files.state.read_text(encoding="utf-8"))["list"]
        assert (world.state_dir / recorded).resolve() == path.resolve()
    # Reports are named like the state, so neither replaces the other.
    reports = world.state_dir / "reports"
    work_md, _ = write_report(first.outcome, reports)
    home_md, _ = write_report(second.outcome, reports)
    assert work_md == reports / "sorrow.md"
    assert home_md == reports / f"{home_files.name}.md"

    world.sync(work)  # the first list again: its playlist is untouched by the second

    assert world.sandbox.playlist_uris(work_state.playlist_id or "") == uris(SONGS[:3])
    assert len(world.sandbox.playlists()) == 2


def test_lists_of_the_same_file_name_can_run_at_the_same_time(world: World) -> None:
    work = write(world, "work/sorrow.toml", list_text(SONGS[:3]))
    home = write(world, "home/sorrow.toml", list_text(SONGS[3:6]))
    world.sync(work)

    with ListLock(world.state_dir, work):
        assert world.sync(home).code is ExitCode.OK


def test_a_state_file_of_another_list_is_refused_and_nothing_is_sent(world: World) -> None:
    old = write(world, "old/sorrow.toml", list_text(SONGS[:3]))
    world.sync(old)
    new = write(world, "new/sorrow.toml", list_text(SONGS[3:6]))
    old.unlink()  # the list that owned the state is gone; this is another list
    world.sandbox.reset_stats()

    with pytest.raises(StateOfAnotherList) as refused:
        world.sync(new)

    assert refused.value.owner == old.resolve()
    assert refused.value.list_path == new.resolve()
    assert refused.value.state_file == world.state_dir / "sorrow.state.json"
    assert world.sandbox.stats() == {}
    assert load_state(world.state_dir / "sorrow.state.json").list_path is not None


def test_a_state_file_from_before_paths_were_recorded_is_kept_and_claimed(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state_file = world.state_dir / "sorrow.state.json"
    document = json.loads(state_file.read_text(encoding="utf-8"))
    document["list"] = None  # as written by earlier versions
    state_file.write_text(json.dumps(document), encoding="utf-8")
    playlist_id = document["playlist_id"]

    result = world.sync(path)

    assert result.code is ExitCode.OK
    state = load_state(state_file)
    assert state.playlist_id == playlist_id
    assert state.list_path is not None
    assert (world.state_dir / state.list_path).resolve() == path.resolve()


def test_moving_a_folder_with_its_state_dir_keeps_the_state(world: World) -> None:
    path = write(world, "music/sorrow.toml", list_text(SONGS[:3]))
    state_dir = path.parent / ".syncer"
    world.sync_in(path, state_dir)
    playlist_id = load_state(state_path(state_dir, path)).playlist_id
    moved = path.parent.rename(world.root / "Music") / "sorrow.toml"
    world.sandbox.reset_stats()

    result = world.sync_in(moved, moved.parent / ".syncer")

    assert result.code is ExitCode.OK
    assert result.outcome.changes is not None
    assert result.outcome.changes.playlist_id == playlist_id
    # The tracks stay; only the marker is rewritten, to name the list at its new path.
    assert world.writes() == {"PUT /v1/playlists/{id}": 1}
    [playlist] = world.sandbox.playlists()
    assert marker_identity(playlist["description"]) == path_hash(moved.resolve())
    assert world.sandbox.playlist_uris(playlist_id or "") == uris(SONGS[:3])


def test_dry_run_of_a_new_list_creates_no_state_dir_at_all(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))

    result = world.sync(path, dry_run=True)

    assert result.code is ExitCode.CHANGES_PENDING
    assert not world.state_dir.exists()


def test_dry_run_of_a_changed_list_leaves_the_state_file_as_it_was(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state_file = state_path(world.state_dir, path)
    before = state_file.read_bytes()
    path.write_text(list_text(SONGS[1:5]), encoding="utf-8")  # new entries: searches, a plan

    result = world.sync(path, dry_run=True)

    assert result.code is ExitCode.CHANGES_PENDING
    assert state_file.read_bytes() == before
    assert sorted(p.name for p in world.state_dir.iterdir()) == ["sorrow.lock", "sorrow.state.json"]
