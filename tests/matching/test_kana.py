"""Kana spellings of names written in romaji: per word, in both scripts, Hepburn variants alike."""

from __future__ import annotations

import pytest

from syncer.kana import kana_spellings, loanword_in, romaji_word_spellings


def test_a_romaji_word_is_spelled_in_katakana_and_in_hiragana() -> None:
    assert romaji_word_spellings("makaroni") == ("マカロニ", "まかろに")
    assert romaji_word_spellings("supittsu") == ("スピッツ", "すぴっつ")


@pytest.mark.parametrize("variant", ["empitsu", "enpitsu", "EMPITSU"])
def test_n_and_m_before_p_b_m_are_one_sound(variant: str) -> None:
    assert romaji_word_spellings(variant) == ("エンピツ", "えんぴつ")


@pytest.mark.parametrize("variant", ["toukyou", "tōkyō", "tôkyô", "tohkyoh"])
def test_a_written_long_vowel_is_a_long_mark_in_katakana_and_spelled_out_in_hiragana(
    variant: str,
) -> None:
    assert romaji_word_spellings(variant) == ("トーキョー", "とうきょう")


def test_a_long_vowel_left_unwritten_stays_short() -> None:
    assert romaji_word_spellings("tokyo") == ("トキョ", "ときょ")


@pytest.mark.parametrize("english", ["taylor", "swift", "bump", "chicken", "king", "love", "hy"])
def test_an_english_word_is_not_romaji(english: str) -> None:
    assert romaji_word_spellings(english) == ()


def test_a_name_is_spelled_one_script_per_word_words_run_together_one_script_first() -> None:
    spellings = kana_spellings("makaroni enpitsu", limit=4)
    assert spellings[:2] == ["マカロニエンピツ", "まかろにえんぴつ"]
    assert set(spellings[2:]) == {"マカロニえんぴつ", "まかろにエンピツ"}


def test_the_spellings_stop_at_the_limit() -> None:
    assert kana_spellings("makaroni enpitsu", limit=2) == ["マカロニエンピツ", "まかろにえんぴつ"]


def test_a_letter_or_a_number_that_ends_a_name_stays_as_written() -> None:
    assert "ノギザカ46" in kana_spellings("nogizaka 46", limit=4)
    assert "ももいろクローバーz" in kana_spellings("momoiro kuroobaa Z", limit=4)


@pytest.mark.parametrize(
    "name", ["Taylor Swift", "BUMP OF CHICKEN", "Macaroni Empitsu", "T.O.K.", "X JAPAN", "HY", ""]
)
def test_a_name_with_a_word_that_is_not_romaji_or_no_romaji_word_has_no_kana_spelling(
    name: str,
) -> None:
    assert kana_spellings(name, limit=4) == []


def test_a_title_mixing_romaji_and_english_gives_its_longest_english_word_in_katakana() -> None:
    assert loanword_in("Yon gatsu no love letter") == "レター"
    assert loanword_in("Taiyou knock") == "ノック"


@pytest.mark.parametrize("title", ["Cherry Blossoms", "Blessing", "In that case", "Nagare boshi"])
def test_a_title_all_in_english_or_all_in_romaji_gives_no_loanword(title: str) -> None:
    assert loanword_in(title) is None
