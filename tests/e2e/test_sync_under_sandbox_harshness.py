"""syncer against the sandbox's harsher write behaviour (see tests/sandbox/test_sandbox_writes.py):
whatever the knob, a run ends with the playlist a run without it would leave, and nothing a
person added is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncer.exitcodes import ExitCode
from syncer.sandbox import Catalog, Sandbox
from syncer.sandbox.faults import FaultSpec
from syncer.state import load_state, state_path

from .conftest import World, make_client
from .test_sync_e2e import HAND_ADDED, SONGS, list_text


def hand_edited_then_resynced(
    catalog: Catalog, root: Path, spec: str
) -> tuple[list[str], int, bool]:
    """Sync four songs; a person removes one and adds one of their own (the count is the same);
    the list drops another song; sync again under `spec`. The playlist, the exit code, and
    whether a read before the second run showed the snapshot syncer remembered (stale)."""
    with Sandbox(catalog=catalog) as sandbox:
        world = World(sandbox=sandbox, root=root, client=make_client(sandbox, root))
        path = world.write_list("sorrow", list_text(SONGS[:4]))
        world.sync(path)
        playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
        sandbox.set_faults(FaultSpec.parse(spec))
        sandbox.hand_remove(playlist_id, SONGS[1][2])
        sandbox.hand_add(playlist_id, HAND_ADDED)
        path.write_text(list_text(SONGS[:3]), encoding="utf-8")
        remembered = load_state(state_path(world.state_dir, path)).snapshot_id
        playlist = sandbox.library.get(playlist_id)
        stale = playlist is not None and playlist.read_snapshot() == remembered
        result = world.sync(path)
        return sandbox.playlist_uris(playlist_id), int(result.code), stale


@pytest.mark.parametrize("spec", ["snapshot_lag=5", "applied500=1"])
def test_a_harsher_write_knob_changes_nothing_in_the_outcome(
    catalog: Catalog, tmp_path: Path, spec: str
) -> None:
    plain, plain_code, plain_stale = hand_edited_then_resynced(catalog, tmp_path / "plain", "")
    harsh, _, harsh_stale = hand_edited_then_resynced(catalog, tmp_path / "harsh", spec)

    assert plain_code == ExitCode.OK
    assert not plain_stale
    assert harsh_stale is spec.startswith("snapshot_lag")  # the lag really fooled the read
    assert HAND_ADDED in plain
    assert SONGS[3][2] not in plain
    assert harsh == plain


LOCAL_FILE = "spotify:local:Kitchen+Band:Demos:Our+Song:187"


def test_a_hand_added_local_file_survives_syncs_and_mirror_and_keeps_its_place(
    world: World,
) -> None:
    path = world.write_list("sorrow", list_text(SONGS[:4]))
    world.sync(path)
    playlist_id = load_state(state_path(world.state_dir, path)).playlist_id or ""
    world.sandbox.hand_add(playlist_id, LOCAL_FILE, position=1)
    path.write_text(list_text([SONGS[2], SONGS[0], SONGS[1]]), encoding="utf-8")

    reordered = world.sync(path)
    after_sync = world.sandbox.playlist_uris(playlist_id)
    mirrored = world.sync(path, mirror=True)
    after_mirror = world.sandbox.playlist_uris(playlist_id)
    again = world.sync(path, mirror=True)

    assert reordered.code is ExitCode.OK
    assert [u for u in after_sync if u != LOCAL_FILE] == [SONGS[2][2], SONGS[0][2], SONGS[1][2]]
    assert after_sync.count(LOCAL_FILE) == 1
    assert mirrored.code is ExitCode.OK
    assert after_mirror.count(LOCAL_FILE) == 1  # the API cannot remove it; nothing else is lost
    assert [u for u in after_mirror if u != LOCAL_FILE] == [SONGS[2][2], SONGS[0][2], SONGS[1][2]]
    assert again.code is ExitCode.OK
    assert world.sandbox.playlist_uris(playlist_id) == after_mirror
