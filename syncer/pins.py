"""Whether a track pinned by hand plausibly is the entry's song: pure.

A pin is never searched again, so a slip (the wrong entry's number, a link copied from the
wrong tab) would stay in the playlist unseen. `pin_doubts` names what speaks against a pin:
the track is already another entry's (its pin, or what it resolved to), or its title or its
artist scores below the matcher's review threshold against the entry (`syncer.match.score`,
the same comparison a search result gets). The CLI asks for `--force` when there is any.

Public API: `PinDoubt`, `PinDoubtKind`, `pin_doubts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from syncer.match import Thresholds, Weights, score
from syncer.model import Entry, Track


class PinDoubtKind(StrEnum):
    PINNED_BY_OTHER = "pinned_by_other"  # another entry pins this track (a list pins it once)
    OTHER_ENTRY = "other_entry"  # another entry resolved to this track in the last run
    TITLE = "title"  # the track's title is not this entry's
    ARTIST = "artist"  # the track's artist is not this entry's


@dataclass(frozen=True)
class PinDoubt:
    """One thing that speaks against a pin: `similarity` for a title or artist (0..1), the
    other `entry` for a track another entry already has."""

    kind: PinDoubtKind
    similarity: float = 0.0
    entry: Entry | None = None


def pin_doubts(
    entries: Sequence[Entry],
    entry: Entry,
    track: Track,
    resolved: Mapping[str, int],
    thresholds: Thresholds,
    weights: Weights | None = None,
) -> tuple[PinDoubt, ...]:
    """What speaks against pinning `track` to `entry` of the list `entries`; () when nothing.

    `resolved` maps a track URI to the index of the entry the last run resolved to it (empty
    when there was no run).
    """
    doubts: list[PinDoubt] = []
    pinner = next((e for e in entries if e.uri == track.uri and e.index != entry.index), None)
    if pinner is not None:
        doubts.append(PinDoubt(PinDoubtKind.PINNED_BY_OTHER, entry=pinner))
    elif resolved.get(track.uri, entry.index) != entry.index:
        other = next((e for e in entries if e.index == resolved[track.uri]), None)
        if other is not None:
            doubts.append(PinDoubt(PinDoubtKind.OTHER_ENTRY, entry=other))
    candidate = score(entry, track, weights or Weights())
    for kind in (PinDoubtKind.TITLE, PinDoubtKind.ARTIST):
        similarity = 1 - next(p.value for p in candidate.penalties if p.name == kind.value)
        if similarity < thresholds.review:
            doubts.append(PinDoubt(kind, similarity=round(similarity, 2)))
    return tuple(doubts)
