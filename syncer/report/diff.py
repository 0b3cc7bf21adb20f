"""Comparing a run's entries with the previous run's report: what is newly (un)matched or changed.

Public API: `changes_since`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from syncer.model import Status
from syncer.normalize import fold_text
from syncer.report.document import EntryChangeDoc, EntryDoc, Report, SincePreviousDoc

_IN_PLAYLIST = (Status.MATCHED, Status.PINNED)


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
    }
    for key, entry in zip(_entry_keys(entries), entries, strict=True):
        kind = _change_kind(old_by_key.get(key), entry)
        if kind:
            since[kind].append(_entry_change(old_by_key.get(key), entry))
    return since


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
