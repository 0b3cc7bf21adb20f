"""The report for people: the document rendered as Markdown, verdict first, details last.

Public API: `render_markdown`, `verdict`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from syncer.model import TRACK_URI_RE, Status
from syncer.report.document import CandidateDoc, EntryChangeDoc, EntryDoc, Report, TrackRefDoc

_ATTENTION = (Status.REVIEW, Status.UNMATCHED, Status.ERROR)
_IN_PLAYLIST = (Status.MATCHED, Status.PINNED)


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
    if report["playlist"]["sandbox"]:
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
    lines += _md_track_group(
        "Put back (your copies of a track that left the list: Spotify's removal takes every copy)",
        changes["restored_copies"],
    )
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


# --- entries that need attention -----------------------------------------------------------------


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


# --- the rest ------------------------------------------------------------------------------------


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


# --- text helpers --------------------------------------------------------------------------------

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
