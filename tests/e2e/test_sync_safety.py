"""A run that is right by construction (issue 12, points 6, 7 and 8), through spotipy and the
sandbox: hand-added copies survive, syncer's marks follow confirmed additions only, and the
read-back check is not fooled by local or unplayable items.
"""

from __future__ import annotations

from syncer.cli.messages import worded
from syncer.exitcodes import ExitCode
from syncer.report import build_report, render_markdown
from syncer.state import load_state, state_path

from .conftest import World
from .sandbox_hooks import lose_answer, on_request, refuse_request
from .test_sync_e2e import HAND_ADDED, SONGS, list_text, playlist_of, uris

UNPLAYABLE = "spotify:track:0000000000000000000000"  # not in the catalog: the item reads as null


def test_read_back_with_an_unplayable_item_and_a_hand_edit_meanwhile_is_not_a_miss(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.hand_add(playlist_id, UNPLAYABLE, position=1)
    path.write_text(list_text(SONGS[:4]), encoding="utf-8")
    # While syncer adds the fourth song, the user adds a track at the top in the app.
    on_request(
        world.sandbox,
        "POST",
        "/items",
        lambda: world.sandbox.hand_add(playlist_id, HAND_ADDED, position=0),
    )

    result = world.sync(path)

    assert result.code is ExitCode.OK, worded(result.outcome).problem
    tracks = [u for u in world.sandbox.playlist_uris(playlist_id) if u != UNPLAYABLE]
    assert tracks == [*uris(SONGS[:4]), HAND_ADDED]
    assert UNPLAYABLE in world.sandbox.playlist_uris(playlist_id)
    assert playlist_of(world, path)[-1] == HAND_ADDED


def test_hand_added_copies_of_a_track_that_leaves_the_list_are_put_back(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:4]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    leaving = SONGS[3][2]
    world.sandbox.hand_add(playlist_id, leaving, position=1)  # a person's own copies
    world.sandbox.hand_add(playlist_id, HAND_ADDED)
    world.sandbox.hand_add(playlist_id, leaving)
    path.write_text(list_text(SONGS[:3]), encoding="utf-8")  # the list drops the song

    result = world.sync(path)

    assert result.code is ExitCode.OK
    # DELETE took all three copies; the two a person added are back, in their order.
    assert world.sandbox.playlist_uris(playlist_id) == [
        *uris(SONGS[:3]),
        leaving,
        HAND_ADDED,
        leaving,
    ]
    assert result.outcome.changes is not None
    assert [t.uri for t in result.outcome.changes.restored_copies] == [leaving, leaving]
    # The report names the person's tracks, as the read of the playlist gave them.
    kept = {t.uri: (t.name, t.artists) for t in result.outcome.changes.kept_unmanaged}
    assert kept[HAND_ADDED] == ("ENDLESS RAIN - Remaster", ("X JAPAN",))
    assert {t.name for t in result.outcome.changes.restored_copies} == {SONGS[3][0]}
    assert all(t.artists for t in result.outcome.changes.restored_copies)
    report = build_report(worded(result.outcome), None)
    assert report["playlist"]["changes"] is not None
    assert [t["uri"] for t in report["playlist"]["changes"]["restored_copies"]] == [leaving] * 2
    assert "- Put back (your copies of a track that left the list" in render_markdown(report)
    assert [t.uri for t in result.outcome.changes.removed] == [leaving]
    assert leaving not in load_state(state_path(world.state_dir, path)).managed

    again = world.sync(path)  # the copies are the person's now: left alone

    assert world.writes().get("DELETE /v1/playlists/{id}/items") == 1
    assert again.outcome.changes is not None
    assert again.outcome.changes.restored_copies == ()


def test_hand_added_copies_lost_between_the_delete_and_their_re_addition_come_back_next_run(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:4]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    leaving = SONGS[3][2]
    world.sandbox.hand_add(playlist_id, leaving)  # a person's own copy
    path.write_text(list_text(SONGS[:3]), encoding="utf-8")  # the list drops the song
    refuse_request(world.sandbox, "POST", "/items")  # the run stops after the DELETE

    stopped = world.sync(path)

    assert stopped.code is ExitCode.SPOTIFY_FAILURE
    assert world.sandbox.playlist_uris(playlist_id) == uris(SONGS[:3])  # DELETE took both
    assert load_state(state_path(world.state_dir, path)).restore == [leaving]

    world.sync(path)  # the next run puts the person's copy back, as a person's copy

    assert world.sandbox.playlist_uris(playlist_id) == [*uris(SONGS[:3]), leaving]
    state = load_state(state_path(world.state_dir, path))
    assert leaving not in state.managed
    assert state.restore == []


def test_a_removal_whose_answer_is_lost_leaves_the_persons_copy_theirs(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:4]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    leaving = SONGS[3][2]
    world.sandbox.hand_add(playlist_id, leaving)  # a person's own copy
    path.write_text(list_text(SONGS[:3]), encoding="utf-8")  # the list drops the song
    lose_answer(world.sandbox, "DELETE", "/items")  # carried out (both copies), never answered

    world.sync(path)

    assert world.sandbox.playlist_uris(playlist_id) == [*uris(SONGS[:3]), leaving]
    assert leaving not in load_state(state_path(world.state_dir, path)).managed

    world.sync(path)  # the copy is the person's: the next run leaves it

    assert world.sandbox.playlist_uris(playlist_id) == [*uris(SONGS[:3]), leaving]


def test_an_addition_spotify_refuses_leaves_no_mark(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    path.write_text(list_text(SONGS[:4]), encoding="utf-8")
    refuse_request(world.sandbox, "POST", "/items")

    result = world.sync(path)

    assert result.code is ExitCode.SPOTIFY_FAILURE
    state = load_state(state_path(world.state_dir, path))
    assert SONGS[3][2] not in state.managed
    assert state.pending == set()
    assert playlist_of(world, path) == uris(SONGS[:3])

    world.sync(path)  # the next run adds it, once, and only then it is syncer's

    assert playlist_of(world, path) == uris(SONGS[:4])
    assert SONGS[3][2] in load_state(state_path(world.state_dir, path)).managed


def test_an_addition_whose_answer_is_lost_is_syncers_once_a_read_shows_it(world: World) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    path.write_text(list_text(SONGS[:4]), encoding="utf-8")
    lose_answer(world.sandbox, "POST", "/items")

    result = world.sync(path)

    assert result.code is ExitCode.OK
    assert playlist_of(world, path) == uris(SONGS[:4])  # never added twice
    state = load_state(state_path(world.state_dir, path))
    assert SONGS[3][2] in state.managed
    assert state.pending == set()

    path.write_text(list_text(SONGS[:3]), encoding="utf-8")
    world.sync(path)  # so it is removed when the list drops it: no orphan

    assert playlist_of(world, path) == uris(SONGS[:3])


def test_a_hand_added_track_stays_named_in_the_report_of_a_run_that_reads_no_items(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:3]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.hand_add(playlist_id, HAND_ADDED)
    read = build_report(worded(world.sync(path).outcome), None)

    warm = world.sync(path)  # the playlist is as syncer left it: its items are not read

    assert warm.outcome.requests == {"GET /me/playlists": 1}
    report = build_report(worded(warm.outcome), read)
    assert report["playlist"]["changes"] is not None
    [kept] = report["playlist"]["changes"]["kept_unmanaged"]
    assert (kept["uri"], kept["name"]) == (HAND_ADDED, "ENDLESS RAIN - Remaster")
