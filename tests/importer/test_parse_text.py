"""Reading text lists: the shapes people write songs in, and what is not a song."""

from __future__ import annotations

import pytest

from syncer.importer.detect import detect_format
from syncer.importer.model import Reading, SourceError
from syncer.importer.text import parse_text, read_song_line
from tests.words import raises_worded


def _pairs(line: str) -> list[tuple[str, str]]:
    shape = read_song_line(line)
    assert shape is not None, f"{line!r} was not read as a song"
    return [(r.title, r.artist) for r in shape.readings]


@pytest.mark.parametrize(
    ("line", "first", "second"),
    [
        pytest.param("X JAPAN - ENDLESS RAIN", ("ENDLESS RAIN", "X JAPAN"), ("X JAPAN", "ENDLESS RAIN"), id="dash"),
        pytest.param("Taion – the GazettE", ("the GazettE", "Taion"), ("Taion", "the GazettE"), id="en-dash"),
        pytest.param("LUNA SEA — I for You", ("I for You", "LUNA SEA"), ("LUNA SEA", "I for You"), id="em-dash"),
        pytest.param("B'z: LOVE PHANTOM", ("LOVE PHANTOM", "B'z"), ("B'z", "LOVE PHANTOM"), id="colon"),
        pytest.param("Pledge / the GazettE", ("Pledge", "the GazettE"), ("the GazettE", "Pledge"), id="slash"),
    ],
)  # fmt: skip
def test_either_side_of_a_separator_may_be_the_artist(
    line: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    assert _pairs(line) == [first, second]


@pytest.mark.parametrize(
    ("line", "pair"),
    [
        pytest.param('"Pledge" — the GazettE', ("Pledge", "the GazettE"), id="quoted-title-first"),
        pytest.param("the GazettE - “Pledge”", ("Pledge", "the GazettE"), id="quoted-title-last"),
        pytest.param("スピッツ「楓」", ("楓", "スピッツ"), id="corner-brackets"),
        pytest.param("中島みゆき『わかれうた』", ("わかれうた", "中島みゆき"), id="double-corner"),
    ],
)
def test_quotes_and_corner_brackets_say_which_side_is_the_title(
    line: str, pair: tuple[str, str]
) -> None:
    assert _pairs(line) == [pair]


def test_title_by_artist_prefers_the_last_by() -> None:
    assert _pairs("Stand by Me by Ben E. King")[0] == ("Stand by Me", "Ben E. King")


@pytest.mark.parametrize(
    "line",
    ["1. GACKT - Last Song", "1) GACKT - Last Song", "- GACKT - Last Song", "• GACKT - Last Song",
     "* GACKT - Last Song", "#1 GACKT - Last Song", "・ GACKT - Last Song"],
)  # fmt: skip
def test_numbers_and_bullets_are_not_part_of_the_song(line: str) -> None:
    assert ("Last Song", "GACKT") in _pairs(line)


def test_a_year_in_brackets_becomes_the_year_and_other_brackets_stay() -> None:
    shape = read_song_line("X JAPAN - ENDLESS RAIN (Live) [1993, Tokyo Dome]")
    assert shape is not None
    assert shape.year == 1993
    assert shape.note == "Tokyo Dome"
    assert shape.readings[0] == Reading("ENDLESS RAIN (Live)", "X JAPAN", title_first=False)


def test_prose_headings_and_blank_lines_around_the_list_are_ignored() -> None:
    text = (
        "# Rainy day songs\n"
        "\n"
        "These are the songs I play when it rains, and I have played them for many years now.\n"
        "X JAPAN - ENDLESS RAIN\n"
        "2. Last Song by GACKT\n"
        "\n"
        "That is all.\n"
    )
    parsed = parse_text(text, "rain.txt")
    assert parsed.name == "Rainy day songs"
    assert [(s.line, s.quote) for s in parsed.songs] == [
        (4, "X JAPAN - ENDLESS RAIN"),
        (5, "2. Last Song by GACKT"),
    ]


def test_a_listed_line_without_an_artist_is_reported_not_dropped_silently() -> None:
    parsed = parse_text("1. X JAPAN - Tears\n2. Yesterday\n3. GACKT - Last Song\n", "l.txt")
    assert [s.line for s in parsed.songs] == [1, 3]
    assert [(s.line, s.reason) for s in parsed.skipped] == [(2, "no artist on this line")]


def test_a_leading_number_is_kept_unless_the_lines_are_numbered() -> None:
    assert read_song_line("99 Luftballons - Nena", strip_numbers=False) is not None
    parsed = parse_text("99 Luftballons - Nena\n", "l.txt")
    assert ("99 Luftballons", "Nena") in [(r.title, r.artist) for r in parsed.songs[0].readings]


def test_text_without_any_song_line_is_an_error() -> None:
    with raises_worded(SourceError, match="no song lines found"):
        parse_text("Just some words.\nAnd more words.\n", "notes.txt")


def test_a_quoted_title_may_be_a_whole_sentence() -> None:
    line = '"He cheated on me, but I still like you." — Riria.'
    assert _pairs(line) == [("He cheated on me, but I still like you.", "Riria.")]


def test_a_list_with_paragraphs_around_it_is_still_read_as_a_text_list() -> None:
    prose = (
        "I made this list over many rainy evenings, and these are the songs I kept coming back to."
    )
    songs = "\n".join(f"Artist {n}: Song {n}" for n in range(1, 11))
    assert detect_format("l.txt", f"{prose}\n{prose}\n{prose}\n{songs}\n") == "text"
    assert detect_format("l.txt", f"{prose}\n{prose}\n{prose}\nX JAPAN - Tears\n") == "article"


@pytest.mark.parametrize(
    "line",
    [
        "Kelvaro: the crowd at the Quillan hall.",  # a made-up label and a sentence
        "Label: text.",
        "Snorvid: Pellimark Archive.",
        "Photo by Drembit Yastor.",  # a credit
        "Zorblat: 静かな港。",
    ],
)
def test_a_caption_or_credit_ending_a_sentence_is_not_a_song(line: str) -> None:
    assert read_song_line(line) is None


@pytest.mark.parametrize(
    ("line", "song"),
    [
        ("Ostrel: Quiet Harbour", ("Quiet Harbour", "Ostrel")),  # no full stop: a song
        ("Ostrel - Quiet Harbour.", ("Quiet Harbour.", "Ostrel")),  # a dash marks a song
        ('Ostrel: "Quiet Harbour."', ("Quiet Harbour.", "Ostrel")),  # so does a quoted title
        ("Quiet Harbour by Grover Washington Jr.", ("Quiet Harbour", "Grover Washington Jr.")),
        ("Ostrel: Quiet Harbour...", ("Quiet Harbour...", "Ostrel")),  # an ellipsis
    ],
)
def test_a_song_line_ending_in_a_name_or_quote_stays_a_song(
    line: str, song: tuple[str, str]
) -> None:
    assert _pairs(line)[0] == song


def test_a_text_list_with_a_photo_caption_keeps_only_its_songs() -> None:
    text = "Rainy songs\n\nOstrel - Quiet Harbour\nKelvaro: the band at the Quillan hall.\n"
    parsed = parse_text(text, "l.txt")
    assert [s.quote for s in parsed.songs] == ["Ostrel - Quiet Harbour"]
