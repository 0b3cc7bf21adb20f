"""A run that is right by construction (issue 12, points 6, 7 and 8), through spotipy and the
sandbox: hand-added copies survive, syncer's marks follow confirmed additions only, and the
read-back check is not fooled by local or unplayable items.
"""

from __future__ import annotations

from syncer.exitcodes import ExitCode
from syncer.state import load_state, state_path

from .conftest import World
from .sandbox_hooks import on_request
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

    assert result.code is ExitCode.OK, result.outcome.problem
    tracks = [u for u in world.sandbox.playlist_uris(playlist_id) if u != UNPLAYABLE]
    assert tracks == [*uris(SONGS[:4]), HAND_ADDED]
    assert UNPLAYABLE in world.sandbox.playlist_uris(playlist_id)
    assert playlist_of(world, path)[-1] == HAND_ADDED
