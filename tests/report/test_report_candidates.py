"""The candidates a report shows: the matcher's order (most likely first), each track once,
a handful at most; the order `syncer review`, `accept` and the review page read."""

from __future__ import annotations

from syncer.model import Candidate, Resolution, Status, Track
from syncer.report.build import DEFAULT_MAX_CANDIDATES, shown_candidates


def candidate(name: str, score: float) -> Candidate:
    track = Track(id=name.ljust(22, "0"), name=name, artists=("Macaroni Empitsu",))
    return Candidate(track=track, score=score)


def test_candidates_keep_the_matchers_order_not_their_scores() -> None:
    # The artist's songs offered for an entry whose title was not found: the one sharing a
    # word comes first although another of the artist's songs happens to score higher.
    offered = (candidate("bus", 0.78), candidate("shikaraba", 0.84), candidate("mother", 0.8))
    resolution = Resolution(Status.UNMATCHED, reason="below threshold", candidates=offered)

    assert [c.track.name for c in shown_candidates(resolution)] == ["bus", "shikaraba", "mother"]


def test_a_track_found_twice_is_shown_once_where_it_first_came() -> None:
    first, second = candidate("kaede", 0.9), candidate("scarlet", 0.7)
    resolution = Resolution(Status.REVIEW, candidates=(first, second, candidate("kaede", 0.95)))

    assert shown_candidates(resolution) == [first, second]


def test_at_most_a_handful_are_shown() -> None:
    many = tuple(candidate(f"song{n}", 0.5) for n in range(9))

    assert len(shown_candidates(Resolution(Status.UNMATCHED, candidates=many))) == 5
    assert DEFAULT_MAX_CANDIDATES == 5
