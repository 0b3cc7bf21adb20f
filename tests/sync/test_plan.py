"""Specification of the playlist planner: what a sync does to a playlist, request by request."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.plan import (
    Addition,
    Move,
    PlaylistPlan,
    Removal,
    apply_plan,
    plan,
    removal_share,
)


def spotify_after(current: Sequence[str | None], edits: PlaylistPlan) -> list[str | None]:
    """An independent, deliberately naive model of how Spotify applies the plan's requests."""
    playlist = list(current)
    for removal in edits.removals:
        assert 1 <= len(removal.uris) <= 100
        playlist = [item for item in playlist if item not in removal.uris]
    for move in edits.moves:
        start, length, before = move.range_start, move.range_length, move.insert_before
        assert start >= 0
        assert start + length <= len(playlist)
        assert 0 <= before <= len(playlist)
        assert not start < before < start + length
        moving = playlist[start : start + length]
        # Mark the old places, insert before the item that was at `before`, drop the marks.
        marked = [*playlist[:before], *moving, *playlist[before:]]
        shift = length if before <= start else 0
        del marked[start + shift : start + shift + length]
        playlist = marked
    for addition in edits.additions:
        assert 1 <= len(addition.uris) <= 100
        assert 0 <= addition.position <= len(playlist)
        playlist[addition.position : addition.position] = list(addition.uris)
    return playlist


def tracks(playlist: Sequence[str | None]) -> list[str]:
    return [item for item in playlist if item is not None]


def expected_target(
    desired: Sequence[str], current: Sequence[str | None], managed: set[str], mirror: bool
) -> list[str]:
    """The issue's rule, restated: desired, then (default mode) hand-added copies as they are:
    every copy but one of a managed track and one of a desired track."""
    if mirror:
        return list(desired)
    ours_or_wanted = {t for t in tracks(current) if t in desired or t in managed}
    copies = []
    for item in tracks(current):
        if item in ours_or_wanted:
            ours_or_wanted.discard(item)
        else:
            copies.append(item)
    return list(desired) + copies


# --- Specification by example -------------------------------------------------------------


def test_plan_should_add_missing_at_their_positions() -> None:
    edits = plan(["a", "b", "c", "d"], ["a", "c"], managed={"a", "c"}, mirror=False)

    assert edits.additions == (Addition(1, ("b",)), Addition(3, ("d",)))
    assert edits.removals == ()
    assert edits.moves == ()
    assert edits.added == ("b", "d")
    assert spotify_after(["a", "c"], edits) == ["a", "b", "c", "d"]


def test_plan_should_keep_hand_added_after_managed() -> None:
    current = ["mine1", "a", "mine2"]

    edits = plan(["a", "b"], current, managed={"a"}, mirror=False)

    assert edits.result == ("a", "b", "mine1", "mine2")
    assert edits.kept_unmanaged == ("mine1", "mine2")
    assert edits.removals == ()
    assert spotify_after(current, edits) == list(edits.result)


def test_plan_should_put_back_hand_added_copies_a_stopped_run_lost() -> None:
    current = ["a", "mine1"]  # a run deleted "x" (two hand-added copies) and then stopped

    edits = plan(["a"], current, managed={"a"}, mirror=False, restore=["x", "mine1", "x"])

    assert edits.result == ("a", "mine1", "x", "x")  # "mine1" is still there: not doubled
    assert spotify_after(current, edits) == list(edits.result)


def test_plan_should_mirror_removes_hand_added() -> None:
    current = ["mine", "a"]

    edits = plan(["a"], current, managed={"a"}, mirror=True)

    assert edits.removals == (Removal(("mine",)),)
    assert edits.removed == ("mine",)
    assert edits.kept_unmanaged == ()
    assert spotify_after(current, edits) == ["a"]


def test_plan_should_remove_only_managed_tracks_no_longer_wanted() -> None:
    current = ["a", "old", "mine", "b"]

    edits = plan(["a", "b"], current, managed={"a", "b", "old"}, mirror=False)

    assert edits.removals == (Removal(("old",)),)
    assert edits.result == ("a", "b", "mine")
    assert spotify_after(current, edits) == ["a", "b", "mine"]


def test_plan_should_fix_order_with_range_moves() -> None:
    current = ["d", "e", "f", "a", "b", "c"]

    edits = plan(["a", "b", "c", "d", "e", "f"], current, managed=set(current), mirror=False)

    assert len(edits.moves) == 1
    assert edits.moves[0].range_length == 3
    assert edits.removals == ()
    assert edits.additions == ()
    assert spotify_after(current, edits) == ["a", "b", "c", "d", "e", "f"]


def test_plan_should_move_only_what_is_out_of_place() -> None:
    current = ["a", "b", "z", "c", "d"]

    edits = plan(["z", "a", "b", "c", "d"], current, managed=set(current), mirror=False)

    assert edits.moves == (Move(range_start=2, insert_before=0, range_length=1),)
    assert edits.moved == 1


def test_plan_should_readd_wanted_copy_after_removing_duplicates_in_mirror_mode() -> None:
    current = ["a", "b", "a"]

    edits = plan(["a", "b"], current, managed={"a", "b"}, mirror=True)

    # DELETE takes every copy, so the one wanted copy goes back in at its place.
    assert edits.removals == (Removal(("a",)),)
    assert edits.additions == (Addition(0, ("a",)),)
    assert edits.removed == ()
    assert edits.added == ()
    assert spotify_after(current, edits) == ["a", "b"]


def test_plan_should_keep_a_hand_added_copy_of_a_wanted_track() -> None:
    current = ["a", "b", "a"]

    edits = plan(["a", "b"], current, managed={"a", "b"}, mirror=False)

    assert edits.is_empty
    assert edits.result == ("a", "b", "a")


def test_plan_should_restore_hand_added_copies_of_a_managed_track_leaving_the_list() -> None:
    current = ["a", "x", "b", "x", "x"]

    edits = plan(["a", "b"], current, managed={"a", "b", "x"}, mirror=False)

    # DELETE takes every copy of x: syncer's own and the two a person added; those two go back.
    assert edits.removals == (Removal(("x",)),)
    assert edits.result == ("a", "b", "x", "x")
    assert edits.restored == ("x", "x")
    assert edits.removed == ()
    assert spotify_after(current, edits) == ["a", "b", "x", "x"]


def test_plan_should_keep_duplicated_hand_added_tracks_as_they_are() -> None:
    current = ["mine", "a", "mine"]

    edits = plan(["a"], current, managed={"a"}, mirror=False)

    assert edits.removals == ()
    assert edits.result == ("a", "mine", "mine")


@pytest.mark.parametrize(
    ("size", "batch_sizes"),
    [(1, [1]), (100, [100]), (101, [100, 1]), (250, [100, 100, 50])],
    ids=["one", "exactly-100", "101", "250"],
)
def test_plan_should_batch_additions_by_100(size: int, batch_sizes: list[int]) -> None:
    desired = [f"t{i}" for i in range(size)]

    edits = plan(desired, [], managed=set(), mirror=False)

    assert [len(a.uris) for a in edits.additions] == batch_sizes
    assert [a.position for a in edits.additions] == [100 * i for i in range(len(batch_sizes))]
    assert spotify_after([], edits) == desired


def test_plan_should_batch_removals_by_100() -> None:
    current = [f"t{i}" for i in range(230)]

    edits = plan([], current, managed=set(current), mirror=False)

    assert [len(r.uris) for r in edits.removals] == [100, 100, 30]
    assert spotify_after(current, edits) == []


def test_plan_should_ignore_unavailable_items() -> None:
    current = [None, "b", None, "a"]

    edits = plan(["a", "b"], current, managed={"a", "b"}, mirror=True)

    assert all(None not in r.uris for r in edits.removals)
    assert edits.result == ("a", "b")
    after = spotify_after(current, edits)
    assert tracks(after) == ["a", "b"]
    assert after.count(None) == 2
    assert removal_share(edits, current) == 0.0


def test_plan_should_be_empty_for_an_unchanged_playlist() -> None:
    current = ["a", None, "b", "mine"]

    edits = plan(["a", "b"], current, managed={"a", "b"}, mirror=False)

    assert edits.is_empty
    assert edits.requests == 0


def test_removal_share_should_count_tracks_leaving_the_playlist() -> None:
    current = ["a", "b", "c", "d", None]

    edits = plan(["a"], current, managed={"a", "b", "c"}, mirror=False)

    assert removal_share(edits, current) == pytest.approx(2 / 4)


def test_apply_plan_should_refuse_a_request_spotify_would_refuse() -> None:
    too_far = PlaylistPlan(additions=(Addition(5, ("a",)),))

    with pytest.raises(ValueError, match="out of range"):
        apply_plan(["x"], too_far)


# --- Properties ---------------------------------------------------------------------------

ALPHABET = [f"t{i}" for i in range(12)]
playlists = st.lists(st.sampled_from([*ALPHABET, None]), max_size=25)
wanted_lists = st.lists(st.sampled_from(ALPHABET), unique=True, max_size=12)
managed_sets = st.sets(st.sampled_from(ALPHABET))


@given(wanted_lists, playlists, managed_sets, st.booleans())
def test_plan_property_applying_the_plan_gives_the_target(
    desired: list[str], current: list[str | None], managed: set[str], mirror: bool
) -> None:
    edits = plan(desired, current, managed=managed, mirror=mirror)

    target = expected_target(desired, current, managed, mirror)
    assert list(edits.result) == target
    after = spotify_after(current, edits)
    assert tracks(after) == target
    assert after.count(None) == current.count(None)
    assert apply_plan(current, edits) == target
    assert all(
        m.insert_before not in (m.range_start, m.range_start + m.range_length) for m in edits.moves
    )


@given(wanted_lists, playlists, managed_sets, st.booleans())
def test_plan_property_resyncing_the_result_is_empty(
    desired: list[str], current: list[str | None], managed: set[str], mirror: bool
) -> None:
    edits = plan(desired, current, managed=managed, mirror=mirror)

    after = spotify_after(current, edits)
    removed = {uri for removal in edits.removals for uri in removal.uris}
    again = plan(desired, after, managed=(managed - removed) | set(desired), mirror=mirror)

    assert again.is_empty


@given(wanted_lists, managed_sets, st.booleans())
def test_plan_property_a_playlist_against_itself_is_empty(
    desired: list[str], managed: set[str], mirror: bool
) -> None:
    assert plan(desired, desired, managed=managed, mirror=mirror).is_empty


@given(wanted_lists, playlists, managed_sets)
def test_plan_property_default_mode_never_removes_a_hand_added_track(
    desired: list[str], current: list[str | None], managed: set[str]
) -> None:
    edits = plan(desired, current, managed=managed, mirror=False)

    present = Counter(tracks(current))
    hand_added = {t: n - (t in desired or t in managed) for t, n in present.items()}
    result = Counter(edits.result)
    assert all(result[t] >= n for t, n in hand_added.items())
    removed = {uri for removal in edits.removals for uri in removal.uris}
    restored = Counter(edits.restored)
    assert all(restored[t] == hand_added[t] for t in removed if t not in desired)


@given(wanted_lists, playlists, managed_sets, st.booleans())
def test_plan_property_unchanged_single_tracks_keep_their_place_in_the_playlist(
    desired: list[str], current: list[str | None], managed: set[str], mirror: bool
) -> None:
    edits = plan(desired, current, managed=managed, mirror=mirror)

    removed = {uri for removal in edits.removals for uri in removal.uris}
    once = [t for t, n in Counter(tracks(current)).items() if n == 1 and t in edits.result]
    # Never removed and re-added: they keep Spotify's added_at.
    assert not removed & set(once)


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(260)), st.integers(0, 260), st.integers(0, 260))
def test_plan_property_every_batch_holds_at_most_100(
    order: list[int], keep_from: int, drop_to: int
) -> None:
    desired = [f"t{i}" for i in order[:drop_to]]
    current: list[str | None] = [f"t{i}" for i in range(keep_from, 260)]

    edits = plan(desired, current, managed={f"t{i}" for i in range(260)}, mirror=False)

    assert all(1 <= len(r.uris) <= 100 for r in edits.removals)
    assert all(1 <= len(a.uris) <= 100 for a in edits.additions)
    assert tracks(spotify_after(current, edits)) == desired


def test_plan_should_write_a_new_playlist_in_ceil_n_over_100_requests() -> None:
    desired = [f"t{i}" for i in range(1234)]

    edits = plan(desired, [], managed=set(), mirror=False)

    assert edits.requests == 13
    assert apply_plan([], edits) == desired


@pytest.mark.parametrize("overlap", ["shuffled", "half-overlapping"])
def test_plan_should_plan_10000_tracks_well_under_a_second(overlap: str) -> None:
    rng = random.Random(5)
    desired = [f"t{i}" for i in range(10_000)]
    if overlap == "shuffled":
        current: list[str | None] = list(desired)
        rng.shuffle(current)
    else:
        current = [f"t{i}" for i in range(5_000, 15_000)]

    started = time.process_time()
    edits = plan(desired, current, managed=set(desired) | set(tracks(current)), mirror=False)
    elapsed = time.process_time() - started

    assert elapsed < 2.0  # generous: about 0.1 s on a shared 2-core machine
    assert apply_plan(current, edits) == desired
