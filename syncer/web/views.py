"""What the review page shows, as plain data made from a report and the list file (pure).

Public API: `ATTENTION`, `ListView`, `EntryView`, `CandidateView`, `entry_view`,
`candidate_view`, `track_view`, `length`, `why_not`.

An entry needs attention when the last report says `review`, `unmatched`, `error` or
`duplicate`. What the list file says *now* wins over the report: an entry pinned, skipped or
given an alias since the report is shown as decided ("applies at the next sync").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from syncer.model import Entry, Track, track_id_of
from syncer.normalize import version_tags
from syncer.report.document import CandidateDoc, EntryDoc, TotalsDoc

ATTENTION = ("review", "unmatched", "error", "duplicate")

# How each named penalty of the matcher reads to a person (see syncer.match.score).
_PENALTY_WORDS = {
    "title": "title differs",
    "artist": "artist differs",
    "version": "another version",
    "edit": "an edit of the song",
    "duration": "length differs",
    "album": "album differs",
    "year": "year differs",
}
_SHOWN_PENALTY = 0.05  # smaller ones cost next to nothing: not worth a word


@dataclass(frozen=True)
class CandidateView:
    uri: str
    track_id: str
    name: str
    artists: str
    album: str
    year: str
    length: str
    labels: tuple[str, ...]
    why_not: tuple[str, ...]
    score: str
    url: str
    cover_url: str  # "" when the page must look it up (report candidates carry none)
    rejected: bool = False


@dataclass(frozen=True)
class EntryView:
    list_no: int
    index: int
    title: str
    artist: str
    line: int
    status: str
    reason: str
    candidates: tuple[CandidateView, ...]
    decided: str = ""  # what the file says since the report ("pinned to ...", "skipped: ...")
    aliases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return f"l{self.list_no}e{self.index}"


@dataclass(frozen=True)
class ListView:
    list_no: int
    path: str
    playlist: str = ""
    entries: tuple[EntryView, ...] = ()
    problem: str = ""  # the list fails `syncer check`, or has no readable report
    totals: TotalsDoc | None = None


def entry_view(list_no: int, item: EntryDoc, now: Entry | None) -> EntryView:
    """One entry needing attention; `now` is the entry as the list file says it today."""
    rejected = set(now.reject) if now else set()
    candidates = tuple(candidate_view(c, rejected) for c in item["candidates"])
    return EntryView(
        list_no=list_no,
        index=item["index"],
        title=now.title if now else item["title"],
        artist=now.artist if now else item["artist"],
        line=now.line if now and now.line else item["line"],
        status=item["status"],
        reason=item["reason"],
        candidates=candidates,
        decided=_decided(now, candidates),
        aliases=(*now.aliases, *now.artist_aliases) if now else (),
    )


def _decided(now: Entry | None, candidates: tuple[CandidateView, ...]) -> str:
    if now is None:
        return ""
    if now.skip:
        return f"Not on Spotify: {now.skip}"
    if now.uri:
        named = next((c for c in candidates if c.uri == now.uri), None)
        return f"Pinned to {named.name} — {named.artists}" if named else f"Pinned to {now.uri}"
    return ""


def candidate_view(doc: CandidateDoc, rejected: Collection[str]) -> CandidateView:
    return CandidateView(
        uri=doc["uri"],
        track_id=track_id_of(doc["uri"]),
        name=doc["name"],
        artists=", ".join(doc["artists"]),
        album=doc["album"],
        year=str(doc["year"] or ""),
        length=length(doc["duration_ms"]),
        labels=_labels(doc["name"], doc["album"]),
        why_not=why_not(doc["penalties"], doc["rejected_by_user"] or doc["uri"] in rejected),
        score=f"{doc['score']:.2f}",
        url=doc["url"],
        cover_url="",
        rejected=doc["rejected_by_user"] or doc["uri"] in rejected,
    )


def track_view(track: Track, rejected: Collection[str] = ()) -> CandidateView:
    """A search result, shown like a candidate (it has no score: nobody matched it)."""
    return CandidateView(
        uri=track.uri,
        track_id=track.id,
        name=track.name,
        artists=", ".join(track.artists),
        album=track.album,
        year=str(track.year or ""),
        length=length(track.duration_ms),
        labels=_labels(track.name, track.album),
        why_not=("you rejected it",) if track.uri in rejected else (),
        score="",
        url=track.url,
        cover_url=track.cover_url,
        rejected=track.uri in rejected,
    )


def why_not(penalties: dict[str, float], rejected: bool) -> tuple[str, ...]:
    """The named penalties in words, worst first (the report orders them so)."""
    words = [
        f"{_PENALTY_WORDS.get(name, name)} ({value:.2f})"
        for name, value in penalties.items()
        if value >= _SHOWN_PENALTY
    ]
    return ("you rejected it", *words) if rejected else tuple(words)


def _labels(name: str, album: str) -> tuple[str, ...]:
    return tuple(sorted(version_tags(name) | version_tags(album)))


def length(duration_ms: int) -> str:
    if duration_ms <= 0:
        return ""
    minutes, seconds = divmod(round(duration_ms / 1000), 60)
    return f"{minutes}:{seconds:02d}"
