"""The shipped table of the loanword model's answers: the model's own answers, without its CPU.

`katakana_of` reads a common English word from `syncer/data/loanwords.tsv.gz` and any other word
with kanalizer's model; a table the installed model did not make is not used at all.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.loanwords import write_table
from syncer import normalize
from syncer.normalize import (
    LOANWORD_TABLE_PATH,
    katakana_of,
    loanword_table_header,
    read_with_loanword_model,
    unload_readers,
)


def shipped_rows() -> list[tuple[str, str]]:
    with gzip.open(LOANWORD_TABLE_PATH, "rt", encoding="utf-8") as lines:
        next(lines)
        return [tuple(line.rstrip("\n").split("\t")) for line in lines]  # type: ignore[misc]


@pytest.fixture(autouse=True)
def fresh_readers() -> Iterator[None]:
    """Each test starts with no reader loaded and nothing remembered, and leaves it so."""

    def forget() -> None:
        unload_readers()
        katakana_of.cache_clear()

    forget()
    yield
    forget()


def table_at(path: Path, header: str, rows: list[str]) -> Path:
    path.write_bytes(gzip.compress(("\n".join([header, *rows]) + "\n").encode("utf-8")))
    return path


def test_the_shipped_table_was_made_by_the_installed_loanword_model() -> None:
    # Fails after a kanalizer upgrade: rebuild with `python -m bench.loanwords`.
    with gzip.open(LOANWORD_TABLE_PATH, "rt", encoding="utf-8") as lines:
        assert lines.readline().rstrip("\n") == loanword_table_header()
    assert len(shipped_rows()) > 20_000


def test_the_tables_answers_are_the_models_own() -> None:
    rows = shipped_rows()
    sample = rows[:100] + random.Random(23).sample(rows, 200)

    differing = [(w, k) for w, k in sample if read_with_loanword_model(w) != k]

    assert differing == []


def test_a_common_word_is_read_from_the_table_without_loading_the_model() -> None:
    assert katakana_of("love") == "ラブ"
    assert katakana_of("midnight") == "ミッドナイト"
    assert not normalize._loanword_model.loaded


def test_a_word_the_table_lacks_is_read_by_the_model() -> None:
    word = "zorblaxian"
    assert word not in dict(shipped_rows())

    assert katakana_of(word) == read_with_loanword_model(word) != ""
    assert normalize._loanword_model.loaded


def test_a_table_another_model_made_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = table_at(tmp_path / "t.tsv.gz", "# kanalizer 0.0.1 on_invalid_input=ignore", ["love\tX"])
    monkeypatch.setattr(normalize, "LOANWORD_TABLE_PATH", path)

    assert katakana_of("love") == "ラブ"  # the model's, not the table's "X"


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(["love\tX", "broken line"], id="a-line-without-a-tab"),
        pytest.param(["love\tX", "Time\tY"], id="a-word-the-matcher-never-asks"),
        pytest.param(["love\tX\tZ"], id="a-line-of-three-fields"),
    ],
)
def test_a_malformed_table_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str]
) -> None:
    path = table_at(tmp_path / "t.tsv.gz", loanword_table_header(), rows)
    monkeypatch.setattr(normalize, "LOANWORD_TABLE_PATH", path)

    assert katakana_of("love") == "ラブ"


def test_without_a_table_every_word_is_read_by_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(normalize, "LOANWORD_TABLE_PATH", tmp_path / "missing.tsv.gz")

    assert katakana_of("love") == "ラブ"
    assert normalize._loanword_model.loaded


def test_the_builder_writes_the_models_answers_under_its_header_the_same_bytes_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"

    assert write_table(["love", "orbit", "love"], first) == 2
    write_table(["love", "orbit"], second)

    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setattr(normalize, "LOANWORD_TABLE_PATH", first)
    assert normalize._read_loanword_table() == {
        "love": read_with_loanword_model("love"),
        "orbit": read_with_loanword_model("orbit"),
    }
