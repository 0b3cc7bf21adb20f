"""The matcher's memos and shortcuts: the answers of the work they save, in bounded memory."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pykakasi.scripts import IConv

from syncer import kana, match, normalize
from syncer.normalize import _fold, _fold_in_full

ASCII = st.characters(max_codepoint=0x7F)


@given(st.text(alphabet=ASCII))
def test_an_ascii_text_is_folded_as_any_text_is(text: str) -> None:
    assert _fold.__wrapped__(text) == _fold_in_full(text)


def test_pykakasi_s_symbols_step_leaves_ascii_as_it_is() -> None:
    # syncer skips the step for a word already ASCII once read in romaji.
    ascii = "".join(map(chr, range(128)))

    assert IConv()._s2a(ascii) == ascii


@pytest.mark.parametrize("module", [match, normalize, kana])
def test_every_memo_of_the_matcher_holds_a_bounded_number_of_answers(module: ModuleType) -> None:
    memos = {
        name: value.cache_parameters()["maxsize"]
        for name, value in vars(module).items()
        if hasattr(value, "cache_parameters")
    }

    assert memos
    assert [name for name, maxsize in memos.items() if maxsize is None] == []
