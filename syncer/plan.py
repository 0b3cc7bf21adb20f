"""The playlist planner: the fewest Spotify edits that turn a playlist into the wanted one.

Pure, no I/O. `plan` compares the wanted URIs with the playlist's current items and returns a
`PlaylistPlan`: removals, then range moves, then additions, each one Spotify request, in the
order they must be sent. Unchanged tracks are never removed and re-added, so they keep their
`added_at`; the playlist is never wiped.

Spotify semantics the plan is written against:
- DELETE removes *every* occurrence of a URI (positions are ignored), at most 100 URIs a call.
- A reorder moves `range_length` items starting at `range_start` to before the item that is at
  `insert_before` *before* the move.
- POST inserts at most 100 URIs at `position`.

Items without a URI (unavailable or local tracks) are never touched or counted; they keep
their place among the items that are not moved, and `result` leaves them out.

Public API: `BATCH_LIMIT`, `Removal`, `Move`, `Addition`, `PlaylistPlan`, `target_order`,
`hand_copies`, `plan`, `apply_plan`, `removal_share`.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

#: Spotify's limit on URIs in one add or remove request.
BATCH_LIMIT = 100


@dataclass(frozen=True)
class Removal:
    """One DELETE: removes every occurrence of each URI (at most `BATCH_LIMIT`)."""

    uris: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    """One reorder PUT, with positions as Spotify reads them at the moment it is sent."""

    range_start: int
    insert_before: int
    range_length: int = 1


@dataclass(frozen=True)
class Addition:
    """One POST: inserts the URIs (at most `BATCH_LIMIT`) at `position`."""

    position: int
    uris: tuple[str, ...]


@dataclass(frozen=True)
class PlaylistPlan:
    """The edits to send, in order (removals, moves, additions), and what they amount to.

    `result` is the playlist's tracks after the edits (items without a URI left out).
    `added` lists URIs new to the playlist, `removed` URIs that leave it entirely, `moved` the
    number of tracks moved by range moves, `kept_unmanaged` the hand-added tracks kept (each
    once, in playlist order), `restored` the hand-added copies that a removal takes away with
    syncer's own copy (DELETE removes every copy) and that the additions put back (one per copy).
    """

    removals: tuple[Removal, ...] = ()
    moves: tuple[Move, ...] = ()
    additions: tuple[Addition, ...] = ()
    result: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: int = 0
    kept_unmanaged: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.removals or self.moves or self.additions)

    @property
    def requests(self) -> int:
        """How many write requests applying the plan sends."""
        return len(self.removals) + len(self.moves) + len(self.additions)


def target_order(
    desired: Sequence[str],
    current: Sequence[str | None],
    *,
    managed: Collection[str],
    mirror: bool,
    restore: Sequence[str] = (),
) -> list[str]:
    """The playlist's tracks as they should be after syncing.

    Mirror: exactly `desired`. Default: `desired`, then the copies a person added
    (`hand_copies`) in their current order, then any copies `restore` names that the playlist
    lost (a run stopped between a removal and putting them back).
    """
    wanted = list(dict.fromkeys(desired))
    if mirror:
        return wanted
    copies = hand_copies(current, wanted, managed)
    lost = Counter(restore) - Counter(copies)
    return wanted + copies + [u for u in restore if u not in wanted and _take(lost, u)]


def _take(counts: Counter[str], uri: str) -> bool:
    if counts[uri] > 0:
        counts[uri] -= 1
        return True
    return False


def hand_copies(
    current: Sequence[str | None], desired: Collection[str], managed: Collection[str]
) -> list[str]:
    """The copies in `current` that a person added, in playlist order.

    syncer adds at most one copy of a track, and only of a wanted one. So every copy is
    hand-added except one of a `managed` track (syncer's own) and one of a desired track (it
    stands for the wanted copy); a hand-added second copy of a managed track is kept, even when
    the track leaves the list.
    """
    skip = {u: 1 for u in current if u is not None and (u in managed or u in desired)}
    copies: list[str] = []
    for uri in current:
        if uri is None:
            continue
        if skip.get(uri):
            skip[uri] -= 1
        else:
            copies.append(uri)
    return copies


def plan(
    desired: Sequence[str],
    current: Sequence[str | None],
    *,
    managed: Collection[str],
    mirror: bool,
    restore: Sequence[str] = (),
) -> PlaylistPlan:
    """Plan the edits turning `current` into `target_order(desired, current, ...)`."""
    target = target_order(desired, current, managed=managed, mirror=mirror, restore=restore)
    doomed = _uris_to_remove(current, target)
    survivors = [u for u in current if u is None or u not in doomed]
    target_index_of = _assign_target_indices(survivors, target)
    moves, final_position = _plan_moves(target_index_of, len(target))
    additions = _plan_additions(target, final_position)
    present = {u for u in current if u is not None}
    in_result = set(target)
    wanted_set = set(desired)
    restored = [u for u in target if u in doomed and u not in wanted_set]
    return PlaylistPlan(
        removals=tuple(Removal(batch) for batch in _batches(list(doomed))),
        moves=tuple(moves),
        additions=tuple(additions),
        result=tuple(target),
        added=tuple(dict.fromkeys(u for u in target if u not in present)),
        removed=tuple(u for u in doomed if u not in in_result),
        moved=sum(m.range_length for m in moves),
        kept_unmanaged=tuple(dict.fromkeys(u for u in target if u not in wanted_set)),
        restored=tuple(restored),
    )


def _uris_to_remove(current: Sequence[str | None], target: Sequence[str]) -> dict[str, None]:
    """URIs with more copies than the target wants, in playlist order (an ordered set).

    Since DELETE removes every copy, a URI wanted fewer times than it is present goes entirely
    and its wanted copies are added back.
    """
    have = Counter(u for u in current if u is not None)
    want = Counter(target)
    return dict.fromkeys(u for u in current if u is not None and have[u] > want[u])


def _assign_target_indices(
    survivors: Sequence[str | None], target: Sequence[str]
) -> list[int | None]:
    """For each surviving item, the target position it fills (the k-th copy fills the k-th)."""
    slots: defaultdict[str, deque[int]] = defaultdict(deque)
    for index, uri in enumerate(target):
        slots[uri].append(index)
    return [None if uri is None else slots[uri].popleft() for uri in survivors]


def _plan_moves(
    target_index_of: Sequence[int | None], target_length: int
) -> tuple[list[Move], dict[int, int]]:
    """Range moves putting the surviving items in target order; and where each one ends up.

    A longest subsequence already in target order stays put. The others are taken in target order
    and each is moved to just after the item that precedes it in the target; consecutive ones
    that sit side by side go in one move. Positions are tracked with a Fenwick tree over slots
    (the front gap, then for every original item its own slot and the gap after it), so each
    lookup costs O(log n) instead of a list simulation.
    """
    staying = _longest_increasing(target_index_of)
    tree = _Fenwick([0] + [1, 0] * len(target_index_of))
    origin_of: list[int | None] = [None] * target_length
    for origin, index in enumerate(target_index_of):
        if index is not None:
            origin_of[index] = origin
    kept = [(index, origin) for index, origin in enumerate(origin_of) if origin is not None]
    moves: list[Move] = []
    gap = 0  # the slot moved items go into: after the last item placed in target order
    gap_of: dict[int, tuple[int, int]] = {}  # origin -> (gap slot, rank in the gap)
    i = 0
    while i < len(kept):
        origin = kept[i][1]
        if origin in staying:
            gap = 2 * origin + 2
            i += 1
            continue
        run = _contiguous_run(kept, i, staying, tree)
        start = tree.before(2 * origin + 1)
        insert_before = tree.before(gap + 1)
        if start != insert_before:
            moves.append(Move(start, insert_before, len(run)))
        for member in run:
            gap_of[member] = (gap, tree.value(gap))
            tree.add(2 * member + 1, -1)
            tree.add(gap, 1)
        i += len(run)
    return moves, _final_positions(kept, gap_of, tree)


def _contiguous_run(
    kept: Sequence[tuple[int, int]], first: int, staying: Collection[int], tree: _Fenwick
) -> list[int]:
    """Origins of the items from `kept[first]` on that follow each other in both orders."""
    run = [kept[first][1]]
    position = tree.before(2 * run[0] + 1)
    for next_index in range(first + 1, len(kept)):
        origin = kept[next_index][1]
        if origin in staying or tree.before(2 * origin + 1) != position + 1:
            break
        run.append(origin)
        position += 1
    return run


def _final_positions(
    kept: Sequence[tuple[int, int]], gap_of: dict[int, tuple[int, int]], tree: _Fenwick
) -> dict[int, int]:
    """Target index -> playlist position after the moves, for every surviving item."""
    positions: dict[int, int] = {}
    for index, origin in kept:
        if origin in gap_of:
            gap, rank = gap_of[origin]
            positions[index] = tree.before(gap) + rank
        else:
            positions[index] = tree.before(2 * origin + 1)
    return positions


def _plan_additions(target: Sequence[str], final_position: dict[int, int]) -> list[Addition]:
    """POSTs inserting each run of missing target items right after its predecessor."""
    additions: list[Addition] = []
    added_so_far = 0
    index = 0
    while index < len(target):
        if index in final_position:
            index += 1
            continue
        end = index
        while end < len(target) and end not in final_position:
            end += 1
        base = (final_position[index - 1] + 1 if index else 0) + added_so_far
        for offset, batch in enumerate(_batches(target[index:end])):
            additions.append(Addition(base + offset * BATCH_LIMIT, batch))
        added_so_far += end - index
        index = end
    return additions


def _batches(uris: Sequence[str]) -> Iterator[tuple[str, ...]]:
    for start in range(0, len(uris), BATCH_LIMIT):
        yield tuple(uris[start : start + BATCH_LIMIT])


def _longest_increasing(values: Sequence[int | None]) -> set[int]:
    """Positions of a longest strictly increasing subsequence of the non-None values."""
    tails: list[int] = []  # tails[k]: smallest value ending an increasing run of length k + 1
    tail_at: list[int] = []  # position of that value
    previous: dict[int, int | None] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        k = bisect.bisect_left(tails, value)
        previous[position] = tail_at[k - 1] if k else None
        if k == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[k] = value
            tail_at[k] = position
    chosen: set[int] = set()
    cursor = tail_at[-1] if tail_at else None
    while cursor is not None:
        chosen.add(cursor)
        cursor = previous[cursor]
    return chosen


class _Fenwick:
    """Prefix sums over slot counts with O(log n) updates."""

    def __init__(self, counts: Sequence[int]) -> None:
        self._values = list(counts)
        self._tree = [0] * (len(counts) + 1)
        for slot, count in enumerate(counts):
            self._tree[slot + 1] += count
            parent = slot + 1 + ((slot + 1) & -(slot + 1))
            if parent <= len(counts):
                self._tree[parent] += self._tree[slot + 1]

    def add(self, slot: int, delta: int) -> None:
        self._values[slot] += delta
        node = slot + 1
        while node < len(self._tree):
            self._tree[node] += delta
            node += node & -node

    def value(self, slot: int) -> int:
        return self._values[slot]

    def before(self, slot: int) -> int:
        """The sum of the counts in slots `0 .. slot - 1`."""
        total = 0
        node = slot
        while node > 0:
            total += self._tree[node]
            node -= node & -node
        return total


def apply_plan(current: Sequence[str | None], plan: PlaylistPlan) -> list[str]:
    """Apply the plan the way Spotify would, request by request; the tracks left, in order.

    A plain list simulation (O(n) a step), meant for checking a plan, not for planning. Raises
    ValueError for a request Spotify would refuse (a batch over 100, a position out of range).
    """
    items = list(current)
    for removal in plan.removals:
        _check_batch(removal.uris)
        gone = set(removal.uris)
        items = [u for u in items if u is None or u not in gone]
    for move in plan.moves:
        _apply_move(items, move)
    for addition in plan.additions:
        _check_batch(addition.uris)
        if not 0 <= addition.position <= len(items):
            raise ValueError(f"add position {addition.position} out of range 0..{len(items)}")
        items[addition.position : addition.position] = addition.uris
    return [u for u in items if u is not None]


def _check_batch(uris: Sequence[str]) -> None:
    if not 0 < len(uris) <= BATCH_LIMIT:
        raise ValueError(f"a batch must hold 1 to {BATCH_LIMIT} URIs, not {len(uris)}")


def _apply_move(items: list[str | None], move: Move) -> None:
    start, length, before = move.range_start, move.range_length, move.insert_before
    if length < 1 or start < 0 or start + length > len(items) or not 0 <= before <= len(items):
        raise ValueError(f"{move} out of range for {len(items)} items")
    if start < before < start + length:
        raise ValueError(f"{move} would insert the range inside itself")
    block = items[start : start + length]
    del items[start : start + length]
    at = before if before <= start else before - length
    items[at:at] = block


def removal_share(plan: PlaylistPlan, current: Sequence[str | None]) -> float:
    """The share of the current playlist's tracks that leave it (for the mass-removal guard).

    Copies of a track that stays in the playlist do not count, nor do items without a URI.
    """
    tracks = [u for u in current if u is not None]
    if not tracks:
        return 0.0
    removed = set(plan.removed)
    return sum(1 for u in tracks if u in removed) / len(tracks)
