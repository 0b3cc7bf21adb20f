"""Building the report document from what one list's run did (`syncer.outcome.ListOutcome`).

Public API: `build_report`, `shown_candidates`, `DEFAULT_MAX_CANDIDATES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from syncer.model import Candidate, Entry, Resolution, Status
from syncer.outcome import ListOutcome, PlaylistChanges, SyncProblemKind, TrackRef
from syncer.report.diff import changes_since
from syncer.report.document import (
    SCHEMA_VERSION,
    CandidateDoc,
    EntryDoc,
    PlaylistDoc,
    Report,
    RequestsDoc,
    StoppedDoc,
    TotalsDoc,
    TrackRefDoc,
    pin_line,
)

#: How many candidates an entry lists, best first.
DEFAULT_MAX_CANDIDATES = 5


def build_report(
    outcome: ListOutcome,
    previous: Report | None,
    *,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    resolved_path: str | None = None,
) -> Report:
    """The JSON document for one list's run; `previous` is the last run's document (or None).

    Raises ValueError when the resolutions do not cover the entries one to one, unless the run
    stopped early (`problem` set): entries it never reached are then reported as errors.
    `resolved_path` is the list file's resolved path, which says whose report a file is.
    """
    resolutions = _resolutions_for_every_entry(outcome)
    entries = [
        _entry_doc(entry, resolution, max_candidates)
        for entry, resolution in zip(outcome.songlist.entries, resolutions, strict=True)
    ]
    songlist = outcome.songlist
    return {
        "schema_version": SCHEMA_VERSION,
        "list": {
            "path": songlist.path.as_posix(),
            "stem": songlist.stem,
            "resolved": resolved_path,
        },
        "playlist": _with_known_names(
            _playlist_doc(songlist.playlist.name, outcome.changes, outcome.sandbox_url), previous
        ),
        "started_at": outcome.started_at,
        "finished_at": outcome.finished_at,
        "problem": outcome.problem,
        "stopped": _stopped_doc(outcome),
        "totals": _totals(entries),
        "changes_since_previous": changes_since(entries, previous),
        "requests": _requests_doc(outcome.requests),
        "entries": entries,
    }


#: What stopped a run early, as the report's `stopped.by` names it (a stop's own reason, such as
#: "SIGTERM", otherwise).
_RATE_LIMIT = "rate limit"


def _stopped_doc(outcome: ListOutcome) -> StoppedDoc | None:
    """Where a run that was stopped (a signal, the page) or rate-limited out stopped."""
    failure = outcome.failure
    if failure is None or failure.kind not in (
        SyncProblemKind.CANCELLED,
        SyncProblemKind.STOPPED_EARLY,
    ):
        return None
    details = failure.details
    by = details.get("reason") if failure.kind is SyncProblemKind.CANCELLED else _RATE_LIMIT
    total = len(outcome.songlist.entries)
    return {
        "by": str(by),
        "phase": str(details.get("phase", "matching")),
        "entries_done": int(details.get("done", 0)),
        "entries": int(details.get("total", total)),
    }


def _resolutions_for_every_entry(outcome: ListOutcome) -> tuple[Resolution, ...]:
    entries, resolutions = outcome.songlist.entries, outcome.resolutions
    stopped = outcome.problem or outcome.failure
    if len(resolutions) > len(entries) or (len(resolutions) < len(entries) and not stopped):
        raise ValueError(f"{len(resolutions)} resolutions for {len(entries)} entries")
    # An early stop still owes a complete, adding-up report for the entries it never reached.
    not_reached = Resolution(
        status=Status.ERROR, reason=f"not reached: the run stopped early ({outcome.problem})"
    )
    return resolutions + (not_reached,) * (len(entries) - len(resolutions))


def _entry_doc(entry: Entry, resolution: Resolution, max_candidates: int) -> EntryDoc:
    return {
        "index": entry.index,
        "title": entry.title,
        "artist": entry.artist,
        "status": resolution.status.value,
        "uri": resolution.uri,
        "reason": resolution.reason,
        "line": entry.line,
        "queries": list(resolution.queries),
        "candidates": [_candidate_doc(c) for c in shown_candidates(resolution, max_candidates)],
    }


def shown_candidates(
    resolution: Resolution, limit: int = DEFAULT_MAX_CANDIDATES
) -> list[Candidate]:
    """The first `limit` distinct tracks in the matcher's order, which is most likely first:
    by score for the song's own versions, a near miss on top, and for an entry whose title was
    not found the artist's songs by how likely each is to be the one meant (`syncer.suggest`),
    whose scores do not say it."""
    distinct: dict[str, Candidate] = {}
    for candidate in resolution.candidates:  # a track found by several queries is shown once
        distinct.setdefault(candidate.track.uri, candidate)
    return list(distinct.values())[:limit]


def _candidate_doc(candidate: Candidate) -> CandidateDoc:
    track = candidate.track
    # Worst weighted penalty first, so the first few explain the decision.
    penalties = sorted(candidate.penalties, key=lambda p: -p.weighted)
    return {
        "uri": track.uri,
        "url": track.url,
        "name": track.name,
        "artists": list(track.artists),
        "album": track.album,
        "year": track.year,
        "duration_ms": track.duration_ms,
        "score": round(candidate.score, 3),
        "penalties": {p.name: round(p.value, 3) for p in penalties},
        "rejected_by_user": candidate.rejected_by_user,
        "pin_line": pin_line(track.uri),
    }


def _playlist_doc(
    list_playlist_name: str, changes: PlaylistChanges | None, sandbox_url: str | None
) -> PlaylistDoc:
    if changes is None:
        return {
            "id": None,
            "name": list_playlist_name,
            "url": None,
            "sandbox": sandbox_url is not None,
            "created": False,
            "dry_run": False,
            "changes": None,
        }
    return {
        "id": changes.playlist_id,
        "name": changes.playlist_name,
        "url": _playlist_url(changes.playlist_id, sandbox_url),
        "sandbox": sandbox_url is not None,
        "created": changes.created,
        "dry_run": changes.dry_run,
        "changes": {
            "added": _track_refs(changes.added),
            "removed": _track_refs(changes.removed),
            "moved": changes.moved,
            "kept_unmanaged": _track_refs(changes.kept_unmanaged),
            "restored_copies": _track_refs(changes.restored_copies),
        },
    }


def _playlist_url(playlist_id: str | None, sandbox_url: str | None) -> str | None:
    if not playlist_id:
        return None
    if sandbox_url:  # a sandbox playlist exists only there
        return f"{sandbox_url}/_sandbox/playlists/{playlist_id}"
    return f"https://open.spotify.com/playlist/{playlist_id}"


_REF_GROUPS: tuple[Literal["added", "removed", "kept_unmanaged", "restored_copies"], ...] = (
    "added",
    "removed",
    "kept_unmanaged",
    "restored_copies",
)


def _with_known_names(playlist: PlaylistDoc, previous: Report | None) -> PlaylistDoc:
    """Names the previous report knew for tracks this run could not name: a run that found the
    playlist unchanged does not read its items, so a hand-added track has only its URI."""
    changes = playlist["changes"]
    if changes is None:
        return playlist
    known = _names_in(previous)
    for group in _REF_GROUPS:
        changes[group] = [
            known.get(r["uri"], r) if r["name"] is None else r for r in changes[group]
        ]
    return playlist


def _names_in(previous: object) -> dict[str, TrackRefDoc]:
    """The named tracks of a previous report's changes (which may be damaged: checked here)."""
    playlist = previous.get("playlist") if isinstance(previous, dict) else None
    changes = playlist.get("changes") if isinstance(playlist, dict) else None
    if not isinstance(changes, dict):
        return {}
    known: dict[str, TrackRefDoc] = {}
    for group in _REF_GROUPS:
        refs = changes.get(group)
        for ref in refs if isinstance(refs, list) else []:
            uri, name = (ref.get("uri"), ref.get("name")) if isinstance(ref, dict) else (0, 0)
            artists = ref.get("artists") if isinstance(ref, dict) else None
            if isinstance(uri, str) and isinstance(name, str) and isinstance(artists, list):
                known[uri] = {"uri": uri, "name": name, "artists": [str(a) for a in artists]}
    return known


def _track_refs(refs: Iterable[TrackRef]) -> list[TrackRefDoc]:
    return [{"uri": r.uri, "name": r.name, "artists": list(r.artists)} for r in refs]


def _totals(entries: Sequence[EntryDoc]) -> TotalsDoc:
    counts = Counter(e["status"] for e in entries)
    totals: TotalsDoc = {
        "entries": len(entries),
        "matched": counts[Status.MATCHED],
        "pinned": counts[Status.PINNED],
        "review": counts[Status.REVIEW],
        "unmatched": counts[Status.UNMATCHED],
        "skipped": counts[Status.SKIPPED],
        "duplicate": counts[Status.DUPLICATE],
        "error": counts[Status.ERROR],
    }
    by_status = sum(totals[s.value] for s in Status)
    if by_status != totals["entries"]:
        raise ValueError(f"totals do not add up: {by_status} by status, {len(entries)} entries")
    return totals


def _requests_doc(requests: Mapping[str, int]) -> RequestsDoc:
    return {"total": sum(requests.values()), "by_endpoint": dict(sorted(requests.items()))}
