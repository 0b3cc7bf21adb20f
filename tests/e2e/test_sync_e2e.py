"""End-to-end syncs through real spotipy over HTTP against the sandbox (issue 5's "Done when").

Expected track ids come from the catalog's labelled ground truth (seed_truth.json), so these
tests check that the right songs arrive, not only that some songs do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from syncer.cli.messages import worded
from syncer.details import MARKER, marker_of
from syncer.errors import LockedError
from syncer.exitcodes import ExitCode
from syncer.report import build_report
from syncer.sandbox import FaultSpec, Sandbox
from syncer.state import ListLock, load_state, path_hash, save_state, state_path

from .conftest import World, make_client

TRUTH = json.loads(
    (Path(__file__).resolve().parents[2] / "syncer/sandbox/data/seed_truth.json").read_text()
)["entries"]
# Seven songs that are on Spotify (the sandbox's default catalog), with their right track ids.
SONGS = [
    (e["title"], e["artist"], f"spotify:track:{e['track_id']}")
    for e in TRUTH
    if e["list"].endswith("sorrow.toml")
]
HAND_ADDED = "spotify:track:2i4DNxEjTT5gjk7wgfSpFq"  # X JAPAN, ENDLESS RAIN - Remaster


def list_text(songs: list[tuple[str, str, str]], *, name: str = "Sorrow", extra: str = "") -> str:
    entries = "\n".join(
        f'[[tracks]]\ntitle = "{title}"\nartist = "{artist}"\n' for title, artist, _ in songs
    )
    return f'[playlist]\nname = "{name}"\nmarket = "JP"\n{extra}\n{entries}'


def uris(songs: list[tuple[str, str, str]]) -> list[str]:
    return [uri for _, _, uri in songs]


def playlist_of(world: World, path: Path) -> list[str]:
    state = load_state(state_path(world.state_dir, path))
    assert state.playlist_id is not None
    return world.sandbox.playlist_uris(state.playlist_id)


def test_first_sync_creates_private_playlist_with_matched_tracks_in_list_order(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS))

    result = world.sync(path)

    assert result.code is ExitCode.OK
    assert playlist_of(world, path) == uris(SONGS)
    [playlist] = [p for p in world.sandbox.playlists() if p["name"] == "Sorrow"]
    assert playlist["public"] is False
    assert MARKER in playlist["description"]
    assert world.writes().get("POST /v1/playlists/{id}/items") == 1


def test_second_sync_of_unchanged_list_sends_no_write_and_no_search(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS))
    world.sync(path)
    world.sandbox.reset_stats()

    result = world.sync(path)

    assert result.code is ExitCode.OK
    assert world.writes() == {}
    assert world.searches() == 0
    assert sum(world.sandbox.stats().values()) <= 2


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda s: [*s[:3], *s[4:]], id="remove-an-entry"),
        pytest.param(lambda s: [s[6], *s[:6]], id="move-last-to-first"),
        pytest.param(lambda s: list(reversed(s)), id="reverse-everything"),
        pytest.param(lambda s: [*s[:2], *s[5:], s[3]], id="remove-two-and-move"),
    ],
)
def test_editing_the_list_gives_exactly_the_new_playlist(world: World, edit) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:5]))
    world.sync(path)
    changed = edit(SONGS)
    path.write_text(list_text(changed), encoding="utf-8")

    result = world.sync(path)

    assert result.code is ExitCode.OK
    assert playlist_of(world, path) == uris(changed)


def test_unchanged_tracks_keep_their_added_at_when_the_list_grows(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    before = {i["uri"]: i["added_at"] for i in _items(world, path)}

    path.write_text(list_text([SONGS[3], *SONGS[:3]]), encoding="utf-8")
    world.sync(path)

    after = {i["uri"]: i["added_at"] for i in _items(world, path)}
    assert all(after[uri] == added for uri, added in before.items())
    assert world.writes().get("DELETE /v1/playlists/{id}/items") is None


def test_hand_added_track_survives_a_sync_and_mirror_removes_it(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:4]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id
    assert playlist_id is not None
    world.sandbox.hand_add(playlist_id, HAND_ADDED, position=1)

    path.write_text(list_text(SONGS[:3]), encoding="utf-8")  # the list drops one song
    kept = world.sync(path)

    assert playlist_of(world, path) == [*uris(SONGS[:3]), HAND_ADDED]
    assert kept.outcome.changes is not None
    assert [t.uri for t in kept.outcome.changes.kept_unmanaged] == [HAND_ADDED]

    mirrored = world.sync(path, mirror=True)

    assert mirrored.code is ExitCode.OK
    assert playlist_of(world, path) == uris(SONGS[:3])


def test_guard_refuses_to_remove_more_than_half_without_force(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS))
    world.sync(path)
    path.write_text(list_text(SONGS[:2]), encoding="utf-8")

    refused = world.sync(path)

    assert refused.code is ExitCode.BAD_INPUT
    problem = worded(refused.outcome).problem
    assert problem is not None
    assert "--force" in problem
    assert playlist_of(world, path) == uris(SONGS)

    forced = world.sync(path, force=True)

    assert forced.code is ExitCode.OK
    assert playlist_of(world, path) == uris(SONGS[:2])


def test_overlapping_run_is_refused_at_once(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS))
    world.sandbox.reset_stats()

    with ListLock(world.state_dir, path), pytest.raises(LockedError):
        world.sync(path)

    assert world.sandbox.stats() == {}


def test_dry_run_writes_nothing_and_says_changes_are_pending(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS))

    result = world.sync(path, dry_run=True)

    assert result.code is ExitCode.CHANGES_PENDING
    assert world.writes() == {}
    assert world.sandbox.playlists() == []
    assert not state_path(world.state_dir, path).exists()
    assert result.outcome.changes is not None
    assert [t.uri for t in result.outcome.changes.added] == uris(SONGS)


def test_dry_run_of_a_synced_list_reports_nothing_pending(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS))
    world.sync(path)

    assert world.sync(path, dry_run=True).code is ExitCode.OK


def test_without_state_the_marked_playlist_is_adopted_not_duplicated(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state_path(world.state_dir, path).unlink()

    world.sync(path)

    assert len(world.sandbox.playlists()) == 1
    assert playlist_of(world, path) == uris(SONGS[:3])


def test_two_marked_playlists_of_the_same_name_is_an_error_naming_both(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state_path(world.state_dir, path).unlink()
    first_id = world.sandbox.playlists()[0]["id"]
    marker = marker_of(path_hash(path.resolve()))  # a second one naming this list
    second = world.client.create_playlist("Sorrow", description=f"x {marker}", public=False)

    result = world.sync(path)

    assert result.code is ExitCode.BAD_INPUT
    problem = worded(result.outcome).problem
    assert problem is not None
    assert first_id in problem
    assert second.id in problem


def test_same_name_without_marker_is_left_alone_and_a_new_playlist_created(world: World) -> None:
    mine = world.client.create_playlist("Sorrow", description="my own", public=False)
    path = world.write_list("sorrow", list_text(SONGS[:3]))

    world.sync(path)

    assert world.sandbox.playlist_uris(mine.id) == []
    assert load_state(state_path(world.state_dir, path)).playlist_id != mine.id


def test_a_playlist_the_user_does_not_own_is_never_edited(world: World) -> None:
    foreign = world.sandbox.create_foreign_playlist("Sorrow", uris=[HAND_ADDED])
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    state = load_state(state_path(world.state_dir, path))
    state.playlist_id = foreign
    save_state(state_path(world.state_dir, path), state)
    world.sandbox.reset_stats()

    result = world.sync(path)

    assert result.code is ExitCode.BAD_INPUT
    assert world.writes() == {}
    assert world.sandbox.playlist_uris(foreign) == [HAND_ADDED]


def test_changed_name_description_and_public_flag_are_applied(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:2]))
    world.sync(path)
    path.write_text(
        list_text(SONGS[:2], name="Sad songs", extra='description = "new words"\npublic = true'),
        encoding="utf-8",
    )

    world.sync(path)

    [playlist] = world.sandbox.playlists()
    assert playlist["name"] == "Sad songs"
    assert playlist["public"] is True
    assert playlist["description"] == f"new words {marker_of(path_hash(path.resolve()))}"


def test_a_changed_entry_is_searched_again_and_the_others_are_not(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    changed = [SONGS[0], SONGS[1], SONGS[4]]
    path.write_text(list_text(changed), encoding="utf-8")
    world.sandbox.reset_stats()

    result = world.sync(path)

    searched = [r for r in result.outcome.resolutions if r.searches > 0]
    assert [r.uri for r in searched] == [SONGS[4][2]]
    assert playlist_of(world, path) == uris(changed)


def _items(world: World, path: Path) -> list[dict[str, str | None]]:
    state = load_state(state_path(world.state_dir, path))
    assert state.playlist_id is not None
    return [
        {"uri": item.uri, "added_at": item.added_at}
        for item in world.client.playlist_items(state.playlist_id)
    ]


def test_a_deleted_playlist_is_reported_and_recreated_only_when_asked(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    old_id = load_state(state_path(world.state_dir, path)).playlist_id
    assert old_id is not None
    world.sandbox.delete_playlist(old_id)  # in the app: Spotify only unfollows it
    world.sandbox.reset_stats()

    refused = world.sync(path)

    assert refused.code is ExitCode.BAD_INPUT
    problem = worded(refused.outcome).problem
    assert problem is not None
    assert "--recreate" in problem
    assert world.writes() == {}

    recreated = world.sync(path, recreate=True)

    new_id = load_state(state_path(world.state_dir, path)).playlist_id
    assert recreated.code is ExitCode.OK
    assert new_id not in (None, old_id)
    assert world.sandbox.playlist_uris(new_id) == uris(SONGS[:3])
    assert world.sandbox.playlist_uris(old_id) == uris(SONGS[:3])  # never deleted or emptied


def test_after_a_hand_edit_the_next_runs_are_cheap_again(world: World) -> None:
    # Regression: the snapshot seen after a hand edit was not remembered when nothing needed
    # writing, so every later run read the whole playlist again.
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id
    assert playlist_id is not None
    world.sandbox.hand_add(playlist_id, HAND_ADDED)
    world.sync(path)  # sees the edit, keeps the hand-added track, writes nothing
    world.sandbox.reset_stats()

    world.sync(path)

    assert sum(world.sandbox.stats().values()) <= 2
    assert world.sandbox.playlist_uris(playlist_id) == [*uris(SONGS[:3]), HAND_ADDED]


def test_first_sync_creates_without_asking_who_the_user_is(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sandbox.reset_stats()

    world.sync(path)

    assert "GET /v1/me" not in world.sandbox.stats()
    assert "GET /v1/playlists/{id}" not in world.sandbox.stats()


def test_a_rate_limit_past_the_budget_stops_early_keeping_what_was_resolved(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    # The rolling window lets 4 requests through, then asks for ~30 s: more than the 1 s budget.
    world = World(sandbox=sandbox, root=tmp_path, client=make_client(sandbox, tmp_path, max_wait=1))
    path = world.write_list("sorrow", list_text(SONGS))
    sandbox.set_faults(FaultSpec.parse("window=4"))

    stopped = world.sync(path)

    assert stopped.code is ExitCode.RATE_LIMITED
    problem = worded(stopped.outcome).problem
    assert problem is not None
    assert problem.startswith("stopped early")
    report = build_report(stopped.outcome, None)
    assert report["totals"]["entries"] == len(SONGS)
    kept = load_state(state_path(world.state_dir, path)).matches
    assert 1 <= len(kept) < len(SONGS)

    sandbox.set_faults(None)
    world.client = make_client(sandbox, tmp_path)  # the next run: a new process, a new budget
    finished = world.sync(path)

    assert finished.code is ExitCode.OK
    searched = [r for r in finished.outcome.resolutions if r.searches > 0]
    assert len(searched) == len(SONGS) - len(kept)  # the saved decisions were not searched again
    assert playlist_of(world, path) == uris(SONGS)
