"""Comment- and format-preserving edits of one entry of a list file (tomlkit).

Every edit reads the file, changes one entry, re-validates the whole result with `parse_list`,
and replaces the file atomically (a temporary file in the same directory, then `os.replace`,
keeping the file's mode). Everything outside the edited entry stays byte for byte as it was.
An edit is refused with `FileChanged` when the file differs from what the caller last read
(`expected`, from `fingerprint`) or changes while the edit is being made. Each function returns
whether it wrote anything: asking for what the file already says is not an error.

Public API: `pin`, `unpin`, `add_reject`, `set_skip`, `add_alias`, `add_artist_alias`,
`edit_entry`, `EntryEditor`, `fingerprint`, `EditError`, `FileChanged`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import InlineTable, Item, Table

from syncer.atomic import write_bytes_atomically
from syncer.errors import EditError as EditError  # re-exported: part of this API
from syncer.errors import EntryNotFound
from syncer.errors import FileChanged as FileChanged
from syncer.lists import (
    BOM,
    decode_list,
    normalize_track_uri,
    parse_list,
    read_list_bytes,
)


def fingerprint(path: Path) -> str:
    """A digest of the file's content, to pass as `expected` to an edit made later."""
    return _digest(read_list_bytes(path))


# --- the edits ---------------------------------------------------------------------------


def pin(path: Path, index: int, uri: str, *, expected: str | None = None) -> bool:
    """Pin entry `index` to a track (URI or link, stored as a URI); drops skip and its reject."""
    track = _track_uri(uri)

    def change(entry: EntryEditor) -> None:
        if not _same_track(entry.get("uri"), track):
            entry.set("uri", track)
        entry.remove("skip")
        entry.remove_where("reject", lambda rejected: _same_track(rejected, track) is True)

    return edit_entry(path, index, change, expected=expected)


def unpin(path: Path, index: int, *, expected: str | None = None) -> bool:
    """Remove entry `index`'s pin, so it is searched for again."""
    return edit_entry(path, index, lambda entry: entry.remove("uri"), expected=expected)


def add_reject(path: Path, index: int, uri: str, *, expected: str | None = None) -> bool:
    """Never match entry `index` to this track again; a pin on that same track is removed."""
    track = _track_uri(uri)

    def change(entry: EntryEditor) -> None:
        if not any(_same_track(rejected, track) for rejected in entry.get("reject") or ()):
            entry.append("reject", track)
        if _same_track(entry.get("uri"), track):
            entry.remove("uri")

    return edit_entry(path, index, change, expected=expected)


def set_skip(path: Path, index: int, reason: str, *, expected: str | None = None) -> bool:
    """Mark entry `index` as not on Spotify, with a reason; a pin is removed."""
    reason = _non_empty(reason, "a skip reason")

    def change(entry: EntryEditor) -> None:
        entry.set("skip", reason)
        entry.remove("uri")

    return edit_entry(path, index, change, expected=expected)


def add_alias(path: Path, index: int, alias: str, *, expected: str | None = None) -> bool:
    """Add another title for entry `index` (unless it is already its title or an alias)."""
    return _add_name(path, index, "title", "aliases", alias, expected)


def add_artist_alias(path: Path, index: int, alias: str, *, expected: str | None = None) -> bool:
    """Add another artist name for entry `index` (unless it already has it)."""
    return _add_name(path, index, "artist", "artist_aliases", alias, expected)


def _add_name(
    path: Path, index: int, name_key: str, aliases_key: str, alias: str, expected: str | None
) -> bool:
    alias = _non_empty(alias, "an alias")

    def change(entry: EntryEditor) -> None:
        if alias != entry.get(name_key) and alias not in (entry.get(aliases_key) or ()):
            entry.append(aliases_key, alias)

    return edit_entry(path, index, change, expected=expected)


def _track_uri(text: str) -> str:
    uri = normalize_track_uri(text)
    if uri is None:
        raise EditError("not_a_track", text)
    return uri


def _same_track(written: object, uri: str) -> bool | None:
    """Whether a URI or link written in the file is `uri` (None when nothing is written)."""
    if not isinstance(written, str):
        return None
    return normalize_track_uri(written) == uri


def _non_empty(text: str, what: str) -> str:
    if not text.strip():
        raise EditError("empty", what)
    return text.strip()


# --- the machinery -----------------------------------------------------------------------


class EntryEditor:
    """Changes to one `[[tracks]]` table (or inline table) that keep the rest of it intact."""

    def __init__(self, table: Table | InlineTable, newline: str) -> None:
        self._table = table
        self._newline = newline
        self.changed = False

    def get(self, key: str) -> Any:
        """The plain value of `key`, or None."""
        item = self._table.get(key)
        return item.unwrap() if isinstance(item, Item) else item

    def set(self, key: str, value: str) -> None:
        """Replace the value (keeping its comment), or add `key` on a line after the last key."""
        if self.get(key) == value:
            return
        if key in self._table:
            self._table[key] = value
        else:
            self._insert_after_last_key(key, tomlkit.item(value))
        self.changed = True

    def remove(self, key: str) -> None:
        if key in self._table:
            del self._table[key]
            self.changed = True

    def append(self, key: str, value: str) -> None:
        """Append to the list at `key`, creating `key = [value]` when it is absent."""
        if key in self._table:
            self._table[key].append(value)
        else:
            self._insert_after_last_key(key, tomlkit.item([value]))
        self.changed = True

    def remove_where(self, key: str, condition: Callable[[Any], bool]) -> None:
        """Remove the list elements meeting `condition`, and the key once the list is empty."""
        array = self._table.get(key)
        if array is None:
            return
        doomed = [position for position, value in enumerate(array) if condition(value)]
        for position in reversed(doomed):
            del array[position]
        self.changed = self.changed or bool(doomed)
        if doomed and len(array) == 0:
            self.remove(key)

    def _insert_after_last_key(self, key: str, item: Item) -> None:
        # tomlkit's own `add` appends after trailing comments and blank lines, which belong to
        # whatever follows; the new key goes right after the entry's last key instead.
        body = self._table.value.body
        last = max(i for i, (k, _) in enumerate(body) if k is not None)
        previous = body[last][1]
        if isinstance(self._table, InlineTable):
            item.trivia.indent = " "
        else:
            item.trivia.indent = previous.trivia.indent.lstrip("\r\n")
            item.trivia.trail = self._newline
            if not previous.trivia.trail.endswith("\n"):  # the last line of the file
                previous.trivia.trail += self._newline
                item.trivia.trail = ""
        if last + 1 < len(body):
            self._table.value._insert_at(last + 1, key, item)
        else:
            self._table.append(key, item)


def edit_entry(
    path: Path,
    index: int,
    change: Callable[[EntryEditor], object],
    *,
    expected: str | None = None,
) -> bool:
    """Apply `change` to entry `index` and write the file if it changed anything.

    Raises `ListError` if the file is invalid before or after the change, `EntryNotFound` for a
    bad index, and `FileChanged` if the file is not what the caller (or this edit) read.
    """
    original = read_list_bytes(path)
    if expected is not None and _digest(original) != expected:
        raise FileChanged(path)
    text = decode_list(original, path)
    songlist = parse_list(text, path)
    if not 0 <= index < len(songlist.entries):
        raise EntryNotFound(str(index), songlist, songlist.entries, ambiguous=False)
    newline = "\r\n" if "\r\n" in text and "\n" not in text.replace("\r\n", "") else "\n"
    document = tomlkit.parse(text.removeprefix(BOM))
    editor = EntryEditor(document["tracks"][index], newline)
    change(editor)
    if not editor.changed:
        return False
    edited = _keep_newlines(document.as_string(), newline)
    if text.startswith(BOM):
        edited = BOM + edited
    parse_list(edited, path)
    _replace_if_unchanged(path, original, edited.encode("utf-8"))
    return True


def _keep_newlines(text: str, newline: str) -> str:
    """tomlkit writes "\\n" in what it adds; a CRLF file stays CRLF."""
    return re.sub(r"(?<!\r)\n", "\r\n", text) if newline == "\r\n" else text


def _replace_if_unchanged(path: Path, original: bytes, content: bytes) -> None:
    target = Path(os.path.realpath(path))  # edit through a symlink, not over it
    if read_list_bytes(target) != original:
        raise FileChanged(path)
    write_bytes_atomically(target, content, mode=stat.S_IMODE(target.stat().st_mode))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
