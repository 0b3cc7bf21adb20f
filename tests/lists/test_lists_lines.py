"""Line numbers stay exact whatever the layout: generated files, the lines recorded as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.errors import ListError
from syncer.lists import parse_list

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
filler = st.lists(
    st.sampled_from(["", "   ", "# [[tracks]]", '# title = "x" """', "\t# [playlist]"]),
    max_size=3,
)
indent = st.sampled_from(["", "  ", "\t"])


def basic(value: str) -> str:
    """A TOML basic string (JSON's escapes are all valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def entry_lines(draw: st.DrawFn, index: int) -> tuple[list[str], int, int | None]:
    """The lines of one `[[tracks]]` entry, its header's offset, and its typo's offset if any."""
    lines = list(draw(filler))
    header = len(lines)
    lines.append(draw(st.sampled_from(["[[tracks]]", "[[ tracks ]]", "[[tracks]]  # ♪"])))
    pad = draw(indent)
    lines.append(f"{pad}title = {basic(f'S{index} ' + draw(text))}")
    lines.append(f"{pad}artist   =   {basic('A' + draw(text))}  # who")
    if draw(st.booleans()):
        lines += ['note = """', "[[tracks]]", 'title = "not a key" \\""" still text', '"""']
    if draw(st.booleans()):
        lines += ["aliases = [", f"  {basic('x' + draw(text))},", "  # [[tracks]]", "]"]
    typo = None
    if draw(st.booleans()):
        typo = len(lines)
        lines.append(f"{pad}titel = {basic('x')}")
    lines += draw(filler)
    return lines, header, typo


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[int], list[tuple[int, str]]]:
    """A list file, the 1-based header line of each entry, and each typo's (line, key)."""
    # allow_empty: a generated list may have no entries (a list that says nothing is refused)
    lines = ["# generated", *draw(filler), "[playlist]", 'name = "Generated"', "allow_empty = true"]
    headers: list[int] = []
    typos: list[tuple[int, str]] = []
    for index in range(draw(st.integers(0, 5))):
        entry, header, typo = draw(entry_lines(index))
        headers.append(len(lines) + header + 1)
        if typo is not None:
            typos.append((len(lines) + typo + 1, f"tracks[{index}].titel"))
        lines += entry
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"])), headers, typos


@settings(max_examples=60, deadline=None)
@given(documents())
def test_parse_list_reports_the_lines_things_were_written_on(
    document: tuple[str, list[int], list[tuple[int, str]]],
) -> None:
    source, headers, typos = document
    if not typos:
        assert [entry.line for entry in parse_list(source, Path("gen.toml")).entries] == headers
        return
    with pytest.raises(ListError) as raised:
        parse_list(source, Path("gen.toml"))
    assert [(p.line, p.key) for p in raised.value.problems] == typos
