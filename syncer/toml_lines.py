"""The 1-based source line of every key path in a TOML document that `tomllib` accepted.

Public API: `key_lines`, `KeyPath`.

Paths are tuples of keys and 0-based indexes, as `syncer.lists` names problems: `("playlist",)`,
`("tracks", 3)` (the fourth `[[tracks]]` header or array element), `("tracks", 3, "title")`. A
key-value's line is where its (first) key starts; a table's is its header's, or for a table only
implied (`a` in `[a.b]` or `a.b = 1`) the first line that implied it; an array element's is where
the element starts.

Why a scanner of our own: neither `tomllib` nor `tomlkit` (0.15: items and containers carry no
source positions) says where anything was written. This scanner only runs on text `tomllib` has
already accepted, so it finds where things start and rejects nothing. `tests/lists/
test_toml_lines.py` checks it, with Hypothesis, against every key shape TOML allows: bare,
quoted and dotted keys, tables and arrays of tables (nested too), inline tables, arrays, the
four string kinds (multi-line ones holding `[[x]]`, `=`, `#` and quotes), comments, CRLF, BOM.
"""

from __future__ import annotations

import re
import tomllib

KeyPath = tuple[str | int, ...]


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line of every key, table, array-of-tables element and array element of a
    document `tomllib` accepts (a leading BOM is allowed)."""
    scanner = _KeyScanner(text.removeprefix("\ufeff"))
    scanner.document()
    return scanner.lines


_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\r\n \t")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}$")


class _KeyScanner:
    """One pass over the text; `lines` fills in as keys, headers and elements are met."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.table_sizes: dict[KeyPath, int] = {}  # arrays of tables seen so far

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[", self.pos):
                table = self.header()
            else:
                self.key_value(table)

    def header(self) -> KeyPath:
        line = self.line
        is_array = self.text.startswith("[[", self.pos)
        self.advance(2 if is_array else 1)
        keys = self.dotted_key()
        self.advance(2 if is_array else 1)
        path = self.resolve(keys, new_element=is_array)
        self.lines[path] = line
        return path

    def resolve(self, keys: list[str], *, new_element: bool) -> KeyPath:
        """The full path of a header: keys of arrays of tables get their current element."""
        path: KeyPath = ()
        for position, key in enumerate(keys):
            path = (*path, key)
            self.lines.setdefault(path, self.line)
            is_last = position == len(keys) - 1
            if is_last and new_element:
                index = self.table_sizes.get(path, 0)
                self.table_sizes[path] = index + 1
                path = (*path, index)
            elif path in self.table_sizes:
                path = (*path, self.table_sizes[path] - 1)
        return path

    def key_value(self, table: KeyPath) -> None:
        line = self.line
        path = table
        for key in self.dotted_key():
            path = (*path, key)
            self.lines.setdefault(path, line)
        self.lines[path] = line
        self.skip_blank(newlines=False)
        self.advance(1)  # "="
        self.skip_blank(newlines=False)
        self.value(path)

    def dotted_key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            keys.append(self.key())
            self.skip_blank(newlines=False)
            if not self.text.startswith(".", self.pos):
                return keys
            self.advance(1)

    def key(self) -> str:
        if self.text[self.pos] in "\"'":
            raw = self.string()
            return str(tomllib.loads(f"k = {raw}")["k"])
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY:
            self.pos += 1
        return self.text[start : self.pos]

    def value(self, path: KeyPath) -> None:
        char = self.text[self.pos]
        if char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        elif char in "\"'":
            self.string()
        else:
            self.scalar()

    def array(self, path: KeyPath) -> None:
        self.advance(1)
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.text.startswith("]", self.pos):
                self.advance(1)
                return
            self.lines[(*path, index)] = self.line
            self.value((*path, index))
            index += 1
            self.skip_blank(newlines=True)
            if self.text.startswith(",", self.pos):
                self.advance(1)

    def inline_table(self, path: KeyPath) -> None:
        self.advance(1)
        while True:
            self.skip_blank(newlines=True)
            if self.text.startswith("}", self.pos):
                self.advance(1)
                return
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.text.startswith(",", self.pos):
                self.advance(1)

    def string(self) -> str:
        """Skips a string of any of the four kinds and returns its source text."""
        start = self.pos
        quote = self.text[self.pos]
        size = 3 if self.text.startswith(quote * 3, self.pos) else 1
        end = self.pos + size
        while not self.text.startswith(quote * size, end):
            end += 2 if quote == '"' and self.text[end] == "\\" else 1
        # A multi-line string may end with up to two quotes of content: """a"""""
        while size == 3 and self.text.startswith(quote, end + 3):
            end += 1
        self.advance(end + size - self.pos)
        return self.text[start : self.pos]

    def scalar(self) -> None:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _SCALAR_END:
            self.pos += 1
        # A date-time may use a space instead of "T": 1979-05-27 07:32:00.
        if _DATE_RE.match(self.text[start : self.pos]) and re.match(
            r" \d", self.text[self.pos : self.pos + 2]
        ):
            self.pos += 1
            self.scalar()

    def skip_blank(self, *, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self.advance(1)
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def advance(self, count: int) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + count)
        self.pos += count
