"""Finding song lines in an article and the ways to split a glued one."""

from __future__ import annotations

import pytest

from syncer.importer.article import parse_article
from syncer.importer.detect import detect_format
from syncer.importer.model import SourceError
from tests.words import raises_worded

PROSE = "A gem of a ballad that the writer has loved for many years, and still plays at night."
ARTICLE = f"""Sad songs to sink into tonight

{PROSE}
{PROSE}

Songs of sorrow (21–30)

In loveHY

HY - “In Love” (Theme song for the film ‘366 Days’) Music Video
In loveHY

{PROSE}

Maplesupittsu

{PROSE}

Sorrow Rides the Busmakaroni enpitsu

{PROSE}

In that casemakaroni enpitsu

{PROSE}
Which are you?
"""


def _first_reading(song_quote: str) -> tuple[str, str]:
    parsed = parse_article(ARTICLE, "a.txt")
    song = next(s for s in parsed.songs if s.quote == song_quote)
    return song.readings[0].title, song.readings[0].artist


def test_song_lines_are_found_among_prose_captions_and_headings_and_repeats_merged() -> None:
    parsed = parse_article(ARTICLE, "a.txt")
    assert [(s.line, s.quote) for s in parsed.songs] == [
        (8, "In loveHY"),
        (15, "Maplesupittsu"),
        (19, "Sorrow Rides the Busmakaroni enpitsu"),
        (23, "In that casemakaroni enpitsu"),
    ]
    assert parsed.name == "Sad songs to sink into tonight"
    assert detect_format("a.txt", ARTICLE) == "article"


@pytest.mark.parametrize(
    ("quote", "split"),
    [
        ("In loveHY", ("In love", "HY")),  # a capital glued to lower case
        ("Maplesupittsu", ("Maple", "supittsu")),  # a romaji tail
        ("In that casemakaroni enpitsu", ("In that case", "makaroni enpitsu")),  # shared
    ],
)
def test_a_glued_line_is_first_split_at_its_most_plausible_point(
    quote: str, split: tuple[str, str]
) -> None:
    assert _first_reading(quote) == split


def test_every_split_is_tried_both_ways_round_and_romaji_is_also_searched_in_katakana() -> None:
    parsed = parse_article(ARTICLE, "a.txt")
    maple = next(s for s in parsed.songs if s.quote == "Maplesupittsu")
    first, second = maple.readings[:2]
    assert (first.title_first, second.title_first) == (True, False)
    assert (second.title, second.artist) == ("supittsu", "Maple")
    assert first.artist_guesses == ("スピッツ",)


def test_title_alternatives_written_in_the_title_become_variants() -> None:
    text = f"{PROSE}\n\ntobacco / cigarette(s)Koresawa\n\n{PROSE}\n"
    (song,) = parse_article(text, "a.txt").songs
    assert song.readings[0].title_variants == ("tobacco", "cigarette", "cigarettes")


def test_an_article_without_song_lines_is_an_error() -> None:
    with raises_worded(SourceError, match="no song lines found in the article"):
        parse_article(f"Heading\n\n{PROSE}\n{PROSE}\n", "a.txt")


# -- captions, credits and sentences are never songs; a caption naming a song gives its title --

# Made-up labels and names: the rule reads the line's shape, not a list of words.
CAPTIONED = f"""Zorblat's songs for a rainy night

{PROSE}

Kelvaro: the crowd at the Quillan hall in 2019.

{PROSE}

Snorvid: Pellimark archive

{PROSE}

(Drembit: Yastor)

{PROSE}

Mirrorglass RainVelmora Tusk

Velmora Tusk "Kagami no Ame" Music Video
Mirrorglass RainVelmora Tusk

{PROSE}

Quiet HarbourOstrel

Brannigan "Something Else" Music Video

{PROSE}
"""


def test_a_line_that_reads_as_a_caption_or_credit_is_never_a_song() -> None:
    parsed = parse_article(CAPTIONED, "a.txt")

    assert [s.quote for s in parsed.songs] == [
        "Mirrorglass RainVelmora Tusk",
        "Quiet HarbourOstrel",
    ]
    assert parsed.skipped == ()  # not even "left out": a caption is not a song line


def test_a_caption_naming_a_listed_song_gives_it_the_quoted_title_to_search_with() -> None:
    mirror, harbour = parse_article(CAPTIONED, "a.txt").songs

    first = mirror.readings[0]
    assert (first.title, first.artist) == ("Mirrorglass Rain", "Velmora Tusk")
    assert first.title_variants == ("Kagami no Ame",)
    # a caption whose artist is not the song's names another song: nothing is added
    assert all(not r.title_variants for r in harbour.readings)


def test_a_caption_reorders_a_glued_lines_readings_to_the_artist_it_credits() -> None:
    text = f"{PROSE}\n\nOstrelQuiet Harbour\n\nOstrel 'Shizuka na Minato' MV\n\n{PROSE}\n"
    (unaided,) = parse_article(text.replace("Ostrel 'Shizuka na Minato' MV", ""), "a.txt").songs
    assert unaided.readings[0].artist == "Quiet Harbour"  # title first, as glued lines mostly are

    (song,) = parse_article(text, "a.txt").songs

    assert (song.readings[0].title, song.readings[0].artist) == ("Quiet Harbour", "Ostrel")
    assert song.readings[0].title_variants == ("Shizuka na Minato",)
