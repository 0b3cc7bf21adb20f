"""The Web API's `fields` parameter: pick parts of a JSON response.

Public API: `parse_fields(text) -> FieldSelection`, `select(value, selection)`, `FieldsError`.

Syntax: a comma list of names; `a.b` for a sub-field, `a(b,c)` for several (nestable, and
applied to each element of a list); a leading `!` excludes a field instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class FieldsError(ValueError):
    pass


@dataclass
class FieldSelection:
    include: dict[str, FieldSelection | None] = field(default_factory=dict)
    exclude: set[str] = field(default_factory=set)


def parse_fields(text: str) -> FieldSelection:
    parser = _Parser(text.replace(" ", ""))
    selection = parser.selection()
    if parser.position != len(parser.text):
        raise FieldsError(f"unexpected {parser.text[parser.position]!r} in fields")
    return selection


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def _peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def selection(self) -> FieldSelection:
        result = FieldSelection()
        while True:
            self._item(result)
            if self._peek() != ",":
                return result
            self.position += 1

    def _item(self, into: FieldSelection) -> None:
        excluded = self._peek() == "!"
        if excluded:
            self.position += 1
        name = self._name()
        sub: FieldSelection | None = None
        if self._peek() == ".":
            self.position += 1
            sub = FieldSelection()
            self._item(sub)
        elif self._peek() == "(":
            self.position += 1
            sub = self.selection()
            if self._peek() != ")":
                raise FieldsError("unbalanced parentheses in fields")
            self.position += 1
        if excluded:
            into.exclude.add(name)
        else:
            into.include[name] = _merge(into.include.get(name), sub, name in into.include)

    def _name(self) -> str:
        start = self.position
        while self._peek() and self._peek() not in ",.()!":
            self.position += 1
        if start == self.position:
            raise FieldsError("empty field name in fields")
        return self.text[start : self.position]


def _merge(
    old: FieldSelection | None, new: FieldSelection | None, existed: bool
) -> FieldSelection | None:
    if not existed:
        return new
    if old is None or new is None:
        return None  # one of them asked for the whole field
    return FieldSelection({**old.include, **new.include}, old.exclude | new.exclude)


def select(value: Any, selection: FieldSelection | None) -> Any:
    """The parts of `value` the selection asks for (lists are filtered element by element)."""
    if selection is None:
        return value
    if isinstance(value, list):
        return [select(item, selection) for item in value]
    if not isinstance(value, dict):
        return value
    if selection.include:
        kept = {
            k: select(v, selection.include[k]) for k, v in value.items() if k in selection.include
        }
    else:
        kept = dict(value)
    return {k: v for k, v in kept.items() if k not in selection.exclude}
