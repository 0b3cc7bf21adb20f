"""The mismatch report: one document per list per run, for people (Markdown) and scripts (JSON).

`build_report` turns a run's `ListOutcome` (`syncer.outcome`; and the previous run's JSON, for
the diff) into the JSON document described in `docs/report-schema.md`; `render_markdown` and `render_json` turn that
document into text. Nothing here does I/O: `cli.py` reads the previous report and writes the files
at `report_paths(...)`.

Public API: `SCHEMA_VERSION`, `Report`,
`build_report`, `render_markdown`, `render_json`, `parse_report`, `verdict`, `pin_line`,
`summary_row`, `report_paths`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypedDict

from syncer.model import TRACK_URI_RE, Candidate, Entry, Resolution, Status
from syncer.normalize import fold_text
from syncer.outcome import ListOutcome, PlaylistChanges, TrackRef

#: Bumped only for incompatible changes; adding keys keeps the version.
SCHEMA_VERSION = 1
#: How many candidates an entry lists, best first.
DEFAULT_MAX_CANDIDATES = 5

_ATTENTION = (Status.REVIEW, Status.UNMATCHED, Status.ERROR)
_IN_PLAYLIST = (Status.MATCHED, Status.PINNED)


# --- the JSON document (see docs/report-schema.md) ----------------------------------------------


class TrackRefDoc(TypedDict):
    uri: str
    name: str | None
    artists: list[str]


class ChangesDoc(TypedDict):
    added: list[TrackRefDoc]
    removed: list[TrackRefDoc]
    moved: int
    kept_unmanaged: list[TrackRefDoc]


class PlaylistDoc(TypedDict):
    id: str | None
    name: str
    url: str | None
    sandbox: bool
    created: bool
    dry_run: bool
    changes: ChangesDoc | None


class ListDoc(TypedDict):
    path: str
    stem: str


class TotalsDoc(TypedDict):
    entries: int
    matched: int
    pinned: int
    review: int
    unmatched: int
    skipped: int
    duplicate: int
    error: int


class RequestsDoc(TypedDict):
    total: int
    by_endpoint: dict[str, int]


class CandidateDoc(TypedDict):
    uri: str
    url: str
    name: str
    artists: list[str]
    album: str
    year: int | None
    duration_ms: int
    score: float
    penalties: dict[str, float]
    rejected_by_user: bool
    pin_line: str


class EntryDoc(TypedDict):
    index: int
    title: str
    artist: str
    status: str
    uri: str | None
    reason: str
    line: int
    queries: list[str]
    candidates: list[CandidateDoc]


class EntryChangeDoc(TypedDict):
    index: int
    title: str
    artist: str
    old_status: str | None
    new_status: str
    old_uri: str | None
    new_uri: str | None


class SincePreviousDoc(TypedDict):
    previous_finished_at: str
    newly_unmatched: list[EntryChangeDoc]
    newly_matched: list[EntryChangeDoc]
    match_changed: list[EntryChangeDoc]


class Report(TypedDict):
    schema_version: int
    list: ListDoc
    playlist: PlaylistDoc
    started_at: str
    finished_at: str
    problem: str | None
    totals: TotalsDoc
    changes_since_previous: SincePreviousDoc | None
    requests: RequestsDoc
    entries: list[EntryDoc]


# --- small public helpers ----------------------------------------------------------------------


def pin_line(uri: str) -> str:
    """The TOML line that pins an entry to `uri`, exactly as it goes into the list file."""
    return f'uri = "{uri}"'


def report_paths(report_dir: Path, name: str) -> tuple[Path, Path]:
    """Where a list's Markdown and JSON reports live: `<report_dir>/<name>.md` and `.json`.

    `name` is the list's file name in its state directory (`syncer.state.list_files`).
    """
    return report_dir / f"{name}.md", report_dir / f"{name}.json"


def render_json(report: Report) -> str:
    """The report as JSON: keys in schema order, UTF-8 text kept as is, a trailing newline."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def parse_report(text: str) -> dict[str, Any] | None:
    """A previous report read back for the diff; None when it is not a usable report.

    A damaged or foreign file must not stop a run: the diff is simply left out.
    """
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        return None
    if document.get("schema_version") != SCHEMA_VERSION:
        return None
    return document


def summary_row(report: Report) -> dict[str, int | str]:
    """One list's line in the CLI's end-of-run summary table."""
    changes, totals = report["playlist"]["changes"], report["totals"]
    row: dict[str, int | str] = {
        "list": report["list"]["stem"],
        "playlist": report["playlist"]["name"],
        "entries": totals["entries"],
    }
    row.update({status.value: totals[status.value] for status in Status})
    row["added"] = len(changes["added"]) if changes else 0
    row["removed"] = len(changes["removed"]) if changes else 0
    row["moved"] = changes["moved"] if changes else 0
    row["kept_unmanaged"] = len(changes["kept_unmanaged"]) if changes else 0
    row["problem"] = report["problem"] or ""
    return row


# --- building ----------------------------------------------------------------------------------


def build_report(
    outcome: ListOutcome,
    previous: Mapping[str, Any] | None,
    *,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> Report:
    """The JSON document for one list's run; `previous` is the last run's document (or None).

    Raises ValueError when the resolutions do not cover the entries one to one, unless the run
    stopped early (`problem` set): entries it never reached are then reported as errors.
    """
    resolutions = _resolutions_for_every_entry(outcome)
    entries = [
        _entry_doc(entry, resolution, max_candidates)
        for entry, resolution in zip(outcome.songlist.entries, resolutions, strict=True)
    ]
    songlist = outcome.songlist
    return {
        "schema_version": SCHEMA_VERSION,
        "list": {"path": songlist.path.as_posix(), "stem": songlist.stem},
        "playlist": _playlist_doc(songlist.playlist.name, outcome.changes, outcome.sandbox_url),
        "started_at": outcome.started_at,
        "finished_at": outcome.finished_at,
        "problem": outcome.problem,
        "totals": _totals(entries),
        "changes_since_previous": _changes_since(entries, previous),
        "requests": _requests_doc(outcome.requests),
        "entries": entries,
    }


def _resolutions_for_every_entry(outcome: ListOutcome) -> tuple[Resolution, ...]:
    entries, resolutions = outcome.songlist.entries, outcome.resolutions
    if len(resolutions) > len(entries) or (len(resolutions) < len(entries) and not outcome.problem):
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
        "candidates": [_candidate_doc(c) for c in _best_candidates(resolution, max_candidates)],
    }


def _best_candidates(resolution: Resolution, limit: int) -> list[Candidate]:
    """The best `limit` distinct tracks, best first (ties keep the matcher's order)."""
    distinct: dict[str, Candidate] = {}
    for candidate in resolution.candidates:  # a track found by several queries is shown once
        seen = distinct.get(candidate.track.uri)
        if seen is None or candidate.score > seen.score:
            distinct[candidate.track.uri] = candidate
    return sorted(distinct.values(), key=lambda c: -c.score)[:limit]


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
        },
    }


def _playlist_url(playlist_id: str | None, sandbox_url: str | None) -> str | None:
    if not playlist_id:
        return None
    if sandbox_url:  # a sandbox playlist exists only there
        return f"{sandbox_url}/_sandbox/playlists/{playlist_id}"
    return f"https://open.spotify.com/playlist/{playlist_id}"


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


# --- the diff against the previous run ---------------------------------------------------------


def _changes_since(
    entries: Sequence[EntryDoc], previous: Mapping[str, Any] | None
) -> SincePreviousDoc | None:
    old_entries = _usable_entries(previous)
    if previous is None or old_entries is None:
        return None
    old_by_key = dict(zip(_entry_keys(old_entries), old_entries, strict=True))
    since: SincePreviousDoc = {
        "previous_finished_at": str(previous.get("finished_at") or ""),
        "newly_unmatched": [],
        "newly_matched": [],
        "match_changed": [],
    }
    for key, entry in zip(_entry_keys(entries), entries, strict=True):
        kind = _change_kind(old_by_key.get(key), entry)
        if kind:
            since[kind].append(_entry_change(old_by_key.get(key), entry))
    return since


def _usable_entries(previous: Mapping[str, Any] | None) -> list[Mapping[str, Any]] | None:
    """The previous run's entries that carry what the diff needs; None without a usable report."""
    if previous is None or not isinstance(previous.get("entries"), list):
        return None
    return [
        e
        for e in previous["entries"]
        if isinstance(e, Mapping)
        and isinstance(e.get("title"), str)
        and isinstance(e.get("artist"), str)
        and isinstance(e.get("status"), str)
    ]


def _entry_keys(entries: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, int]]:
    """Stable identities across runs: title and artist, then the order among equal pairs.

    Inserting, deleting or reordering entries leaves the others' keys alone; only a list that
    repeats the same song tells its copies apart by position (among themselves).
    """
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for entry in entries:
        pair = (fold_text(entry["title"]), fold_text(entry["artist"]))
        keys.append((*pair, seen[pair]))
        seen[pair] += 1
    return keys


_ChangeKind = Literal["newly_unmatched", "newly_matched", "match_changed"]


def _change_kind(old: Mapping[str, Any] | None, new: EntryDoc) -> _ChangeKind | None:
    old_status = old["status"] if old else None
    was_in, is_in = old_status in _IN_PLAYLIST, new["status"] in _IN_PLAYLIST
    if is_in and not was_in:
        return "newly_matched"
    if is_in and was_in and old is not None and old.get("uri") != new["uri"]:
        return "match_changed"
    if new["status"] == Status.UNMATCHED and old_status != Status.UNMATCHED:
        return "newly_unmatched"
    return None


def _entry_change(old: Mapping[str, Any] | None, new: EntryDoc) -> EntryChangeDoc:
    old_uri = old.get("uri") if old else None
    return {
        "index": new["index"],
        "title": new["title"],
        "artist": new["artist"],
        "old_status": old["status"] if old else None,
        "new_status": new["status"],
        "old_uri": old_uri if isinstance(old_uri, str) else None,
        "new_uri": new["uri"],
    }


# --- Markdown ----------------------------------------------------------------------------------


def verdict(report: Report) -> str:
    """One sentence a person can act on, e.g. "34 of 39 songs are in the playlist; 2 could not
    be found."."""
    totals, playlist = report["totals"], report["playlist"]
    placed = totals["matched"] + totals["pinned"]
    if playlist["changes"] is None:
        where = "were found" if placed != 1 else "was found"
    elif playlist["dry_run"]:
        where = "would be in the playlist"
    else:
        where = "are in the playlist" if placed != 1 else "is in the playlist"
    parts = [f"{placed} of {_songs(totals['entries'])} {where}"]
    parts += [
        f"{count} {phrase[count != 1]}"
        for count, phrase in (
            (totals["review"], ("needs your review", "need your review")),
            (totals["unmatched"], ("could not be found", "could not be found")),
            (totals["error"], ("failed (Spotify errors)", "failed (Spotify errors)")),
            (totals["skipped"], ("is skipped as not on Spotify", "are skipped as not on Spotify")),
            (totals["duplicate"], ("is a duplicate", "are duplicates")),
        )
        if count
    ]
    return "; ".join(parts) + "."


def render_markdown(report: Report) -> str:
    """The report for people: verdict first, then what needs attention, details at the end."""
    sections = [
        _md_title(report),
        _md_intro(report),
        _md_totals(report),
        _md_playlist_changes(report),
        _md_attention(report),
        _md_since_previous(report),
        _md_requests(report),
        _md_skipped_and_duplicates(report),
        _md_in_playlist(report),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _md_title(report: Report) -> str:
    playlist = report["playlist"]
    name = _text(playlist["name"])
    target = f"[{name}]({playlist['url']})" if playlist["url"] else name
    return f"# {_text(report['list']['stem'])} → {target}"


def _md_intro(report: Report) -> str:
    lines = [f"**{_text(verdict(report))}**"]
    if report["problem"]:
        lines.append(f"> **Problem:** {_text(report['problem'])}")
    if report["playlist"]["dry_run"]:
        lines.append("> **Dry run:** nothing was changed; below is what a real run would do.")
    if report["playlist"].get("sandbox"):
        lines.append(
            "> **Sandbox:** this run used syncer's built-in Spotify sandbox, not a Spotify "
            "account; the playlist exists only there."
        )
    when = f", {report['started_at']} to {report['finished_at']}" if report["started_at"] else ""
    lines.append(f"List file {_code(report['list']['path'])}{when}.")
    return "\n\n".join(lines)


_STATUS_MEANINGS = {
    Status.MATCHED: ("Matched", "found on Spotify with confidence"),
    Status.PINNED: ("Pinned", "the track the list names with `uri`"),
    Status.REVIEW: ("Needs review", "a likely match, not added until you confirm it"),
    Status.UNMATCHED: ("Not found", "nothing on Spotify was close enough"),
    Status.SKIPPED: ("Skipped", "marked in the list as not on Spotify"),
    Status.DUPLICATE: ("Duplicate", "the same track as an earlier entry; added once"),
    Status.ERROR: ("Error", "Spotify kept failing; the next run tries again"),
}


def _md_totals(report: Report) -> str:
    totals = report["totals"]
    rows = ["| Status | Entries | Meaning |", "|---|---:|---|"]
    for status, (label, meaning) in _STATUS_MEANINGS.items():
        rows.append(f"| {label} | {totals[status.value]} | {meaning} |")
    rows.append(f"| **Total** | **{totals['entries']}** | |")
    return "## Totals\n\n" + "\n".join(rows)


_CHANGE_VERBS = {  # (done, dry run)
    "create": ("Created the playlist.", "Would create the playlist."),
    "add": ("Added", "Would add"),
    "remove": ("Removed", "Would remove"),
    "move": ("Moved", "Would move"),
}


def _md_playlist_changes(report: Report) -> str:
    playlist, changes = report["playlist"], report["playlist"]["changes"]
    dry_run = playlist["dry_run"]
    heading = "## Playlist changes" + (" (dry run: nothing was applied)" if dry_run else "")
    if changes is None:
        return f"{heading}\n\nThe playlist was not touched: the run stopped before syncing."
    verb = {action: forms[dry_run] for action, forms in _CHANGE_VERBS.items()}
    lines = [f"- {verb['create']}"] if playlist["created"] else []
    lines += _md_track_group(verb["add"], changes["added"])
    lines += _md_track_group(verb["remove"], changes["removed"])
    if changes["moved"]:
        lines.append(f"- {verb['move']} {_tracks(changes['moved'])} to follow the list's order.")
    lines += _md_track_group("Kept (added by hand, left alone)", changes["kept_unmanaged"])
    body = "\n".join(lines) if lines else "No changes: the playlist already matched the list."
    return f"{heading}\n\n{body}"


def _md_track_group(verb: str, refs: Sequence[TrackRefDoc]) -> list[str]:
    if not refs:
        return []
    items = "\n".join(f"  - {_md_track_ref(r)}" for r in refs)
    return [f"- {verb}: {_tracks(len(refs))}\n{items}"]


def _md_track_ref(ref: TrackRefDoc) -> str:
    label = _text(_song(ref["name"] or ref["uri"], ref["artists"]))
    url = _track_url(ref["uri"])
    return f"[{label}]({url})" if url else label


# --- Markdown: entries that need attention -----------------------------------------------------


def _md_attention(report: Report) -> str:
    entries = [e for e in report["entries"] if e["status"] in _ATTENTION]
    if not entries:
        return "## Needs your attention\n\nNothing: every entry is settled."
    path = report["list"]["path"]
    sections = [_md_attention_entry(e, path) for e in entries]
    return f"## Needs your attention ({len(entries)})\n\n" + "\n\n".join(sections)


_ATTENTION_HEADLINES = {
    Status.REVIEW: "Needs review: a likely match, not added until you confirm it.",
    Status.UNMATCHED: "Not found: nothing on Spotify was close enough to add.",
    Status.ERROR: "Error: Spotify kept failing while this entry was looked up.",
}


def _md_attention_entry(entry: EntryDoc, path: str) -> str:
    where = f"entry {entry['index']}" + (f", line {entry['line']}" if entry["line"] else "")
    parts = [
        f"### {_text(entry['title'])} — {_text(entry['artist'])}",
        f"*{_ATTENTION_HEADLINES[Status(entry['status'])]}* ({where} of {_code(path)})",
    ]
    if entry["reason"]:
        parts.append(f"**Why:** {_text(entry['reason'])}")
    parts.append(f"**What to do:** {_md_advice(entry, path)}")
    parts += [_md_queries(entry["queries"]), _md_candidates(entry["candidates"])]
    return "\n\n".join(p for p in parts if p)


def _md_advice(entry: EntryDoc, path: str) -> str:
    if entry["status"] == Status.ERROR:
        return "Nothing for now; the next run tries again. If this keeps happening, pin the song."
    advice = []
    if entry["candidates"]:
        best = entry["candidates"][0]["uri"]
        advice.append(
            "If one of the candidates below is the right recording, pin it by adding its line "
            f"to the entry in `{path}`, or run `syncer pin {path} {entry['index']} {best}` "
            "(with that candidate's URI)."
        )
    if entry["status"] == Status.REVIEW:
        advice.append(f"To go through every review at once: `syncer review {path}`.")
    if entry["status"] == Status.UNMATCHED:
        advice.append(
            'If the song is not on Spotify, add `skip = "not on Spotify"` to the entry. '
            "Otherwise add other spellings (original script, romaji, English) as `aliases` or "
            "`artist_aliases`, or pin the right track's URI."
        )
    return " ".join(advice)


def _md_queries(queries: Sequence[str]) -> str:
    if not queries:
        return ""
    items = "\n".join(f"- {_code(q)}" for q in queries)
    return f"<details><summary>Searches tried ({len(queries)})</summary>\n\n{items}\n\n</details>"


def _md_candidates(candidates: Sequence[CandidateDoc]) -> str:
    if not candidates:
        return "No candidates came back from Spotify."
    header = [
        "| # | Title | Artists | Album | Year | Length | Score | Main penalties | Link |",
        "|---:|---|---|---|---:|---:|---:|---|---|",
    ]
    rows = [_md_candidate_row(n, c) for n, c in enumerate(candidates, start=1)]
    pins = "\n".join(_md_pin_item(n, c) for n, c in enumerate(candidates, start=1))
    return (
        "\n".join(header + rows) + "\n\nTo pin a candidate, add its line to the entry:\n\n" + pins
    )


def _md_candidate_row(number: int, candidate: CandidateDoc) -> str:
    rejected = " (rejected in your list)" if candidate["rejected_by_user"] else ""
    cells = [
        str(number),
        _text(candidate["name"]) + rejected,
        _text(", ".join(candidate["artists"])),
        _text(candidate["album"]),
        str(candidate["year"] or ""),
        _duration(candidate["duration_ms"]),
        f"{candidate['score']:.2f}",
        _main_penalties(candidate["penalties"]),
        f"[open]({candidate['url']})",
    ]
    return "| " + " | ".join(cells) + " |"


def _md_pin_item(number: int, candidate: CandidateDoc) -> str:
    song = _text(_song(candidate["name"], candidate["artists"]))
    return f"{number}. {song}\n   ```toml\n   {candidate['pin_line']}\n   ```"


def _main_penalties(penalties: Mapping[str, float], shown: int = 3) -> str:
    """The first few non-zero penalties (the document keeps them worst first)."""
    worst = [f"{_text(name)} {value:.2f}" for name, value in penalties.items() if value > 0]
    return ", ".join(worst[:shown]) or "none"


# --- Markdown: the rest ------------------------------------------------------------------------


def _md_since_previous(report: Report) -> str:
    since = report["changes_since_previous"]
    heading = "## Since the previous run"
    if since is None:
        return f"{heading}\n\nNo earlier report to compare with."
    if since["previous_finished_at"]:
        heading += f" ({since['previous_finished_at']})"
    groups = [
        ("Newly not found", since["newly_unmatched"]),
        ("Newly matched", since["newly_matched"]),
        ("Match changed", since["match_changed"]),
    ]
    lines = [_md_change_group(label, items) for label, items in groups if items]
    return heading + "\n\n" + ("\n".join(lines) if lines else "Nothing changed.")


def _md_change_group(label: str, items: Sequence[EntryChangeDoc]) -> str:
    rows = "\n".join(f"  - {_md_change(c)}" for c in items)
    return f"- {label} ({len(items)}):\n{rows}"


def _md_change(change: EntryChangeDoc) -> str:
    song = f"{_text(change['title'])} — {_text(change['artist'])} (entry {change['index']})"
    before = _md_uri_or_status(change["old_uri"], change["old_status"] or "new entry")
    after = _md_uri_or_status(change["new_uri"], change["new_status"])
    return f"{song}: {before} → {after}"


def _md_uri_or_status(uri: str | None, status: str) -> str:
    url = _track_url(uri) if uri else None
    return f"[{status}]({url})" if url else status


def _md_requests(report: Report) -> str:
    requests = report["requests"]
    rows = [f"| {_code(endpoint)} | {n} |" for endpoint, n in requests["by_endpoint"].items()]
    table = [
        "| Endpoint | Requests |",
        "|---|---:|",
        *rows,
        f"| **Total** | **{requests['total']}** |",
    ]
    return "## Spotify API requests\n\n" + "\n".join(table)


def _md_skipped_and_duplicates(report: Report) -> str:
    settled = [e for e in report["entries"] if e["status"] in (Status.SKIPPED, Status.DUPLICATE)]
    if not settled:
        return ""
    lines = [
        f"- {_text(e['title'])} — {_text(e['artist'])}: {e['status']}"
        + (f" ({_text(e['reason'])})" if e["reason"] else "")
        for e in settled
    ]
    return "## Skipped and duplicate entries\n\n" + "\n".join(lines)


def _md_in_playlist(report: Report) -> str:
    placed = [e for e in report["entries"] if e["status"] in _IN_PLAYLIST]
    if not placed:
        return ""
    items = "\n".join(
        f"1. [{_text(e['title'])} — {_text(e['artist'])}]({_track_url(e['uri'] or '')})"
        + (" (pinned)" if e["status"] == Status.PINNED else "")
        for e in placed
    )
    summary = f"All {_songs(len(placed))} matched or pinned"
    return f"<details><summary>{summary}</summary>\n\n{items}\n\n</details>"


# --- Markdown: text helpers --------------------------------------------------------------------

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#~!])")


def _text(value: str) -> str:
    """Plain text made safe inside Markdown paragraphs, headings and table cells."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(value.split()))


def _code(value: str) -> str:
    """An inline code span that survives backticks inside `value`."""
    value = " ".join(value.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _track_url(uri: str) -> str | None:
    match = TRACK_URI_RE.match(uri)
    return f"https://open.spotify.com/track/{match.group(1)}" if match else None


def _song(name: str, artists: Sequence[str]) -> str:
    return f"{name} — {', '.join(artists)}" if artists else name


def _duration(duration_ms: int) -> str:
    if duration_ms <= 0:
        return ""
    seconds = round(duration_ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _songs(count: int) -> str:
    return f"{count} song" if count == 1 else f"{count} songs"


def _tracks(count: int) -> str:
    return f"{count} track" if count == 1 else f"{count} tracks"
