"""Comparing a run's entries with the previous run's report: what is newly (un)matched or changed.

Public API: `changes_since`, `NEEDS_ATTENTION`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from syncer.model import Status
from syncer.normalize import fold_text
from syncer.report.document import EntryChangeDoc, EntryDoc, Report, SincePreviousDoc

_IN_PLAYLIST = (Status.MATCHED, Status.PINNED)
#: Entries that need a person: to review, not found, or Spotify failed them.
NEEDS_ATTENTION = frozenset({Status.REVIEW, Status.UNMATCHED, Status.ERROR})


def changes_since(entries: Sequence[EntryDoc], previous: Report | None) -> SincePreviousDoc | None:
    """What changed for `entries` since the `previous` report; None without a usable one."""
    old_entries = _usable_entries(previous)
    if previous is None or old_entries is None:
        return None
    old_by_key = dict(zip(_entry_keys(old_entries), old_entries, strict=True))
    since: SincePreviousDoc = {
        "previous_finished_at": str(previous.get("finished_at") or ""),
        "newly_unmatched": [],
        "newly_matched": [],
        "match_changed": [],
        "newly_needing_attention": [],
        "no_longer_needing_attention": [],
    }
    for key, entry in zip(_entry_keys(entries), entries, strict=True):
        old = old_by_key.get(key)
        kind = _change_kind(old, entry)
        if kind:
            since[kind].append(_entry_change(old, entry))
        attention = _attention_change(old, entry)
        if attention:
            since[attention].append(_entry_change(old, entry))
    return since


_AttentionChange = Literal["newly_needing_attention", "no_longer_needing_attention"]


def _attention_change(old: EntryDoc | None, new: EntryDoc) -> _AttentionChange | None:
    """Whether the entry joined or left the entries that need a person (`NEEDS_ATTENTION`); an
    entry that needs attention for another reason than before (review, then not found) joined."""
    was = old is not None and old["status"] in NEEDS_ATTENTION
    needs = new["status"] in NEEDS_ATTENTION
    if needs and (not was or (old is not None and old["status"] != new["status"])):
        return "newly_needing_attention"
    if was and not needs:
        return "no_longer_needing_attention"
    return None


def _usable_entries(previous: Report | None) -> list[EntryDoc] | None:
    """The previous run's entries that carry what the diff needs; None without a usable report.

    A report read from disk is checked (`read_report`), but a document handed over in code may
    be partial: entries without a title, artist or status are left out of the comparison.
    """
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


def _entry_keys(entries: Sequence[EntryDoc]) -> list[tuple[str, str, int]]:
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


def _change_kind(old: EntryDoc | None, new: EntryDoc) -> _ChangeKind | None:
    old_status = old["status"] if old else None
    was_in, is_in = old_status in _IN_PLAYLIST, new["status"] in _IN_PLAYLIST
    if is_in and not was_in:
        return "newly_matched"
    if is_in and was_in and old is not None and old.get("uri") != new["uri"]:
        return "match_changed"
    if new["status"] == Status.UNMATCHED and old_status != Status.UNMATCHED:
        return "newly_unmatched"
    return None


def _entry_change(old: EntryDoc | None, new: EntryDoc) -> EntryChangeDoc:
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
