"""The matcher's memos and shortcuts: the answers of the work they save, in bounded memory."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pykakasi.scripts import IConv

from syncer import kana, match, normalize, resolve
from syncer.match import Thresholds, Weights, artist_similarity, decide, is_plain_release, score
from syncer.model import Entry, Track, track_uri
from syncer.normalize import _fold, _fold_in_full

ASCII = st.characters(max_codepoint=0x7F)


@given(st.text(alphabet=ASCII))
def test_an_ascii_text_is_folded_as_any_text_is(text: str) -> None:
    assert _fold.__wrapped__(text) == _fold_in_full(text)


def test_pykakasi_s_symbols_step_leaves_ascii_as_it_is() -> None:
    # syncer skips the step for a word already ASCII once read in romaji.
    ascii = "".join(map(chr, range(128)))

    assert IConv()._s2a(ascii) == ascii


@pytest.mark.parametrize("module", [match, normalize, resolve, kana])
def test_every_memo_of_the_matcher_holds_a_bounded_number_of_answers(module: ModuleType) -> None:
    memos = {
        name: value.cache_parameters()["maxsize"]
        for name, value in vars(module).items()
        if hasattr(value, "cache_parameters")
    }

    assert memos
    assert [name for name, maxsize in memos.items() if maxsize is None] == []


def test_artist_similarity_reads_names_given_once_as_it_reads_a_tuple() -> None:
    entry_artists, credited = ("Utada Hikaru",), ("宇多田ヒカル", "Hikaru Utada")

    once = artist_similarity(iter(entry_artists), (name for name in credited))

    assert once == artist_similarity(entry_artists, credited) == 1.0


def _track(
    letter: str,
    *,
    duration_ms: int = 200_000,
    name: str = "Song",
    album: str = "Song",
    album_type: str = "single",
) -> Track:
    return Track(
        id=letter * 22,
        name=name,
        artists=("Artist",),
        album=album,
        duration_ms=duration_ms,
        album_type=album_type,
    )


def test_a_decision_rescores_only_lengths_off_the_usual_one_and_notes_every_rejection() -> None:
    usual, rejected, longer = _track("a"), _track("b"), _track("c", duration_ms=300_000)
    entry = Entry(index=0, title="Song", artist="Artist", reject=(track_uri(rejected.id),))

    resolution = decide(entry, [usual, rejected, longer], Weights(), Thresholds())

    shown = {c.track.id: c for c in resolution.candidates}
    assert shown[usual.id] == score(entry, usual, Weights())
    assert shown[rejected.id].rejected_by_user
    assert [p.value for p in shown[longer.id].penalties if p.name == "duration"] == [1.0]


@pytest.mark.parametrize(
    ("fields", "plain"),
    [
        pytest.param({}, True, id="the-single"),
        pytest.param({"album_type": "compilation"}, False, id="a-compilation"),
        pytest.param({"album_type": "", "album": "Greatest Hits"}, False, id="named-a-best-of"),
        pytest.param({"album_type": "", "album": "Blue"}, True, id="named-otherwise"),
        pytest.param({"name": "Song - Radio Edit"}, False, id="an-edit-not-asked-for"),
    ],
)
def test_a_plain_release_is_told_by_each_field_it_reads(
    fields: dict[str, Any], plain: bool
) -> None:
    entry = Entry(index=0, title="Song", artist="Artist")

    assert is_plain_release(entry, _track("a", **fields)) is plain
