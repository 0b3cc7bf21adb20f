"""`key_lines` finds the line of every key path, whatever shape TOML allows the key to take.

Generated documents record the line each path was written on while they are rendered; the
scanner must report exactly those lines, and exactly the paths `tomllib` sees in the document.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.toml_lines import KeyPath, key_lines

_BARE = string.ascii_letters + string.digits + "_-"
_NAME_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_SCALARS = [
    "1",
    "-17",
    "+3",
    "1_000",
    "0xff",
    "0o17",
    "0b101",
    "3.14",
    "-0.0",
    "6.02e+23",
    "1E3",
    "inf",
    "-nan",
    "true",
    "false",
    "1979-05-27",
    "07:32:00",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00",
    "1979-05-27 07:32:00.999-07:00",
]
_STRINGS = [
    '""',
    "''",
    '"a \\" quote and \\\\ backslash"',
    '"# not a comment, ] not a bracket, = not a sign"',
    "'C:\\path\\[x]'",
    '"""\nmulti\n[[tracks]]\ntitle = "not a key" \\""" still text\n"""',
    '"""a"""""',
    "'''\n[table]\n# no comment\n'''",
    "''''quoted'''''",
    '"""\\\n   folded"""',
]


@dataclass
class Doc:
    """A document being rendered, with the line every path was first written on."""

    eol: str
    parts: list[str] = field(default_factory=list)
    line: int = 1
    lines: dict[KeyPath, int] = field(default_factory=dict)
    names: int = 0

    def emit(self, text: str) -> None:
        text = text.replace("\n", self.eol)
        self.parts.append(text)
        self.line += text.count("\n")

    def at(self, path: KeyPath, *, first: bool = False) -> None:
        if first:
            self.lines.setdefault(path, self.line)
        else:
            self.lines[path] = self.line

    def text(self) -> str:
        return "".join(self.parts)


def _spaces(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", " ", "  ", "\t"]))


def _gap(draw: st.DrawFn, doc: Doc) -> None:
    """Blank and comment lines between statements."""
    for filler in draw(
        st.lists(st.sampled_from(["", "  ", "# a = 1", "\t# [[x]] '''"]), max_size=2)
    ):
        doc.emit(filler + "\n")


def _name(draw: st.DrawFn, doc: Doc) -> tuple[str, str]:
    """A fresh key (unique in the document) and its source text: bare, basic or literal."""
    doc.names += 1
    name = draw(st.text(_NAME_CHARS, max_size=4)) + f"_{doc.names}"  # unique: the last "_"
    if all(c in _BARE for c in name) and draw(st.booleans()):
        return name, name
    if "'" not in name and draw(st.booleans()):
        return name, f"'{name}'"
    return name, _basic(name, escape_all=draw(st.booleans()))


def _basic(text: str, *, escape_all: bool = False) -> str:
    """A TOML basic string; `escape_all` writes every non-ASCII character as an escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F or (escape_all and ord(char) > 0x7F):
            out.append(f"\\U{ord(char):08X}" if ord(char) > 0xFFFF else f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _dotted(draw: st.DrawFn, doc: Doc, size: int) -> tuple[list[str], str]:
    names, sources = [], []
    for _ in range(size):
        name, source = _name(draw, doc)
        names.append(name)
        sources.append(source)
    joiner = draw(st.sampled_from([".", " . ", ".\t"]))
    return names, joiner.join(sources)


def _value(draw: st.DrawFn, doc: Doc, path: KeyPath, depth: int, *, inline: bool) -> None:
    kinds = ["scalar", "string"] + (["array", "table"] if depth < 3 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        doc.emit(draw(st.sampled_from(_SCALARS)))
    elif kind == "string":
        strings = [s for s in _STRINGS if not inline or "\n" not in s]
        doc.emit(draw(st.sampled_from(strings)))
    elif kind == "array":
        _array(draw, doc, path, depth, inline=inline)
    else:
        _inline_table(draw, doc, path, depth)


def _array(draw: st.DrawFn, doc: Doc, path: KeyPath, depth: int, *, inline: bool) -> None:
    multiline = not inline and draw(st.booleans())
    doc.emit("[")
    size = draw(st.integers(0, 3))
    for index in range(size):
        doc.emit("\n  " if multiline else _spaces(draw))
        if multiline and draw(st.booleans()):
            doc.emit("# an element below\n  ")
        doc.at((*path, index))
        _value(draw, doc, (*path, index), depth + 1, inline=inline)
        if index < size - 1 or draw(st.booleans()):
            doc.emit(_spaces(draw) + ",")
            if multiline and draw(st.booleans()):
                doc.emit(" # after a comma")
    doc.emit(("\n" if multiline else _spaces(draw)) + "]")


def _inline_table(draw: st.DrawFn, doc: Doc, path: KeyPath, depth: int) -> None:
    doc.emit("{" + _spaces(draw))
    size = draw(st.integers(0, 3))
    for index in range(size):
        _key_value(draw, doc, path, depth + 1, inline=True)
        if index < size - 1:
            doc.emit(_spaces(draw) + "," + _spaces(draw))
    doc.emit(_spaces(draw) + "}")


def _key_value(draw: st.DrawFn, doc: Doc, table: KeyPath, depth: int, *, inline: bool) -> None:
    names, source = _dotted(draw, doc, draw(st.integers(1, 3)))
    if not inline:
        doc.emit(_spaces(draw))
    for end in range(1, len(names)):
        doc.at((*table, *names[:end]), first=True)
    path = (*table, *names)
    doc.at(path)
    doc.emit(source + _spaces(draw) + "=" + _spaces(draw))
    _value(draw, doc, path, depth, inline=inline)
    if not inline:
        doc.emit(draw(st.sampled_from(["", "  # why", " #"])) + "\n")


def _body(draw: st.DrawFn, doc: Doc, table: KeyPath) -> None:
    for _ in range(draw(st.integers(0, 3))):
        _gap(draw, doc)
        _key_value(draw, doc, table, 0, inline=False)


def _header(draw: st.DrawFn, doc: Doc, parent: KeyPath, *, array: bool) -> KeyPath:
    """`[parent.new]` or `[[parent.new]]`; returns the new table's own path."""
    names, source = _dotted(draw, doc, draw(st.integers(1, 2)))
    path: KeyPath = (*parent, *names)
    for end in range(len(parent) + 1, len(path)):
        doc.at(path[:end], first=True)
    open_, close = ("[[", "]]") if array else ("[", "]")
    doc.at(path, first=array)
    prefix = _source_of(parent)
    inner = f"{prefix}.{source}" if prefix else source
    doc.emit(_spaces(draw) + open_ + _spaces(draw) + inner + _spaces(draw) + close)
    doc.emit(draw(st.sampled_from(["", " # header"])) + "\n")
    return path


def _source_of(path: KeyPath) -> str:
    """The header text naming `path` (indexes of arrays of tables are implied: the last one)."""
    return ".".join(_basic(part) for part in path if isinstance(part, str))


def _section(draw: st.DrawFn, doc: Doc) -> None:
    _gap(draw, doc)
    if draw(st.booleans()):
        table = _header(draw, doc, (), array=False)
        _body(draw, doc, table)
        if draw(st.booleans()):  # a sub-table of it
            _body(draw, doc, _header(draw, doc, table, array=False))
        return
    array_path: KeyPath | None = None
    for index in range(draw(st.integers(1, 3))):
        header_line = doc.line
        if array_path is None:
            array_path = _header(draw, doc, (), array=True)
        else:
            doc.emit(f"[[{_source_of(array_path)}]]\n")
        element = (*array_path, index)
        doc.lines[element] = header_line
        _body(draw, doc, element)
        if draw(st.booleans()):  # a table, or an array of tables, inside this element
            nested_array = draw(st.booleans())
            header_line = doc.line
            nested = _header(draw, doc, element, array=nested_array)
            if nested_array:
                nested = (*nested, 0)
                doc.lines[nested] = header_line
            _body(draw, doc, nested)


@st.composite
def documents(draw: st.DrawFn) -> Doc:
    doc = Doc(eol=draw(st.sampled_from(["\n", "\r\n"])))
    if draw(st.booleans()):
        doc.emit("\ufeff")
    _body(draw, doc, ())
    for _ in range(draw(st.integers(0, 4))):
        _section(draw, doc)
    return doc


def _paths(value: Any, path: KeyPath = ()) -> set[KeyPath]:
    """Every key path and array index below `value`, as tomllib parsed it."""
    found: set[KeyPath] = set()
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found.add((*path, key))
        found |= _paths(child, (*path, key))
    return found


@settings(max_examples=300, deadline=None)
@given(documents())
def test_key_lines_gives_the_line_every_path_was_written_on(doc: Doc) -> None:
    text = doc.text()
    parsed = tomllib.loads(text.removeprefix("\ufeff"))
    lines = key_lines(text)
    assert set(lines) == _paths(parsed)
    assert lines == doc.lines
