"""Normalisation: which spellings of a title or a name count as the same."""

from __future__ import annotations

import csv
import gc
import gzip
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pykakasi
import pytest

from syncer.match import Thresholds, artist_similarity, title_similarity
from syncer.normalize import (
    _VERSION_PATTERNS,
    _VERSION_WORDS,
    artist_credits,
    fold_romaji,
    hepburn_words,
    is_remaster,
    load_readers_in_background,
    normalize,
    readers_loaded,
    replace_whole_word,
    romaji_readings,
    same_song_edits,
    title_forms,
    unknown_notes,
    unload_readers,
    version_tags,
)
from syncer.sandbox import default_catalog_path

SAME_TITLE = [
    pytest.param("Ｌｏｖｅ", "love", id="full-width-and-case"),
    pytest.param("「楓」", "楓", id="japanese-quotes"),
    pytest.param("『花』", "花", id="double-japanese-quotes"),
    pytest.param("Hana", "花", id="romaji-of-kanji"),
    pytest.param("Kaede", "楓", id="second-reading-of-kanji"),
    pytest.param("Kowareteiku Sekai", "壊れていく世界", id="romaji-of-kanji-and-kana"),
    pytest.param("Gekkouka", "月光花", id="on-reading-in-compound"),
    pytest.param("Jojoushi", "叙情詩", id="jo-jyo-and-long-vowel"),
    pytest.param("Jyojyoushi", "叙情詩", id="wapuro-jyo"),
    pytest.param("Taion", "体温", id="taion"),
    pytest.param("Kaze No Tou", "風の塔", id="particle-and-long-vowel"),
    pytest.param("Kaze no To", "風の塔", id="long-vowel-dropped"),
    pytest.param("Kaze no Tō", "風の塔", id="macron"),
    pytest.param("supittsu", "スピッツ", id="katakana-romaji"),
    pytest.param("ENDLESS RAIN", "ENDLESS RAIN - Remaster", id="remaster-suffix"),
    pytest.param("Forever Love", "Forever Love - Remastered 2011", id="remastered-year-suffix"),
    pytest.param("YELL", "YELL〜エール〜", id="wave-dash-subtitle"),
    pytest.param("YELL～エール～", "YELL〜エール〜", id="full-width-tilde"),
    pytest.param("Aitai (From 'Villain')", "Aitai", id="from-drama-decoration"),
    pytest.param("Sakura [Album Version]", "Sakura", id="album-version-decoration"),
    pytest.param("Aitai feat. Someone", "Aitai", id="feat-tail"),
    pytest.param("Aitai ft. Someone", "Aitai", id="ft-tail"),
    pytest.param("Don't  Stop!", "dont stop", id="punctuation-and-spacing"),
    pytest.param("ｶﾀｶﾅ", "カタカナ", id="half-width-katakana"),
    pytest.param("Kimi wa", "君は", id="particle-wa"),
    pytest.param("Kimi no Knife", "君のナイフ", id="romaji-with-an-english-loanword"),
    pytest.param("Hoshi no Story", "星のストーリー", id="loanword-after-a-particle"),
]

DIFFERENT_TITLE = [
    pytest.param("Maple", "楓", id="english-translation"),
    pytest.param("足跡", "時の足音", id="near-miss-kanji"),
    pytest.param("Ashiato", "時の足音", id="near-miss-romaji"),
    pytest.param("Tears", "Forever Love", id="other-english-title"),
    pytest.param("Sakura", "Sakuranbo", id="longer-word"),
    pytest.param("花", "花火", id="kanji-prefix"),
    pytest.param("366日", "365日", id="other-number"),
    pytest.param("桜", "桜 2", id="sequel-number"),
    pytest.param("Sweet", "スイーツ", id="loanword-of-another-word"),
    pytest.param("Love Letters", "ラブレター", id="loanword-of-the-singular"),
    pytest.param("Dream", "ドリーミング", id="loanword-of-a-longer-word"),
]


@pytest.mark.parametrize(("written", "catalog"), SAME_TITLE)
def test_title_similarity_treats_spellings_as_the_same(written: str, catalog: str) -> None:
    assert title_similarity(written, catalog) >= Thresholds().title_match


@pytest.mark.parametrize(("written", "catalog"), DIFFERENT_TITLE)
def test_title_similarity_keeps_different_songs_apart(written: str, catalog: str) -> None:
    assert title_similarity(written, catalog) < Thresholds().title_match


@pytest.mark.parametrize(
    ("entry_artist", "credited"),
    [
        pytest.param("spitz", "SPITZ", id="case"),
        pytest.param("ＳＰＩＴＺ", "SPITZ", id="width"),
        pytest.param("Macaroni Enpitsu", "Macaroni Empitsu", id="m-n-before-p"),
        pytest.param("supittsu", "スピッツ", id="romaji-of-native-name"),
        pytest.param("Miliyah", "Miliyah Kato", id="short-form"),
        pytest.param("YOASOBI", "YOASOBI;Ayase", id="one-of-several-credited"),
        pytest.param("Golden Bomber", "ゴールデンボンバー", id="english-name-in-katakana"),
    ],
)
def test_artist_similarity_accepts_other_spellings(entry_artist: str, credited: str) -> None:
    assert artist_similarity([entry_artist], credited.split(";")) >= Thresholds().artist_match


def test_artist_similarity_rejects_other_artists() -> None:
    assert artist_similarity(["Spitz"], ["ORANGE RANGE"]) < 0.5


@pytest.mark.parametrize(
    ("entry_artist", "credited"),
    [
        pytest.param("Jackson", "Michael Jackson", id="surname"),
        pytest.param("Green Apple", "Mrs. Green Apple", id="inner-words"),
        pytest.param("Chicken", "Bump of Chicken", id="last-word"),
        pytest.param("Golden", "ゴールデンボンバー", id="first-word-in-katakana"),
    ],
)
def test_artist_similarity_does_not_take_part_of_a_name_for_the_artist(
    entry_artist: str, credited: str
) -> None:
    assert artist_similarity([entry_artist], [credited]) < Thresholds().artist_match


def test_romaji_readings_never_read_kanji_as_chinese() -> None:
    readings = romaji_readings("盗作")
    assert "daozuo" not in readings
    assert any(r.startswith("to") for r in readings)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("toukyou", "tokyo", id="ou-o"),
        pytest.param("Tōkyō", "tokyo", id="macron"),
        pytest.param("tsunami", "tunami", id="tsu-tu"),
        pytest.param("shinjuku", "sinzyuku", id="shi-si-ji-zi"),
        pytest.param("chikyuu", "tikyu", id="chi-ti-uu"),
        pytest.param("fuji", "huzi", id="fu-hu"),
        pytest.param("kon'ya", "konya", id="n-apostrophe"),
        pytest.param("shimbun", "shinbun", id="m-before-b"),
        pytest.param("matcha", "maccha", id="tch"),
        pytest.param("kippu", "kipu", id="double-consonant"),
    ],
)
def test_fold_romaji_folds_spelling_variants(a: str, b: str) -> None:
    assert fold_romaji(a) == fold_romaji(b)


def test_title_forms_keep_the_whole_title_when_it_is_all_brackets() -> None:
    assert title_forms("「楓」") == ("楓",)
    assert title_forms("*〜アスタリスク〜") == ("アスタリスク",)


def test_normalize_folds_width_case_and_punctuation() -> None:
    assert normalize("  ＬＯＶＥ　PHANTOM!! ") == "love phantom"


@pytest.mark.parametrize(
    ("title", "tags"),
    [
        pytest.param("楓 (Live at Budokan)", {"live"}, id="live"),
        pytest.param("楓 - ライブ", {"live"}, id="live-katakana"),
        pytest.param("Sakura (Remix)", {"remix"}, id="remix"),
        pytest.param("Sakura - Extended Mix", {"remix"}, id="named-mix"),
        pytest.param("Sakura (Acoustic Ver.)", {"acoustic"}, id="acoustic"),
        pytest.param("Sakura (Instrumental)", {"instrumental"}, id="instrumental"),
        pytest.param("Sakura (カラオケ)", {"karaoke"}, id="karaoke-katakana"),
        pytest.param("Sakura (Karaoke Version)", {"karaoke"}, id="karaoke"),
        pytest.param("Sakura (Cover)", {"cover"}, id="cover"),
        pytest.param("Sakura (TV Size)", {"tv size"}, id="tv-size"),
        pytest.param("Sakura (TVサイズ)", {"tv size"}, id="tv-size-katakana"),
        pytest.param("Sakura (Off Vocal)", {"off vocal"}, id="off-vocal"),
        pytest.param("Sakura (オフボーカル)", {"off vocal"}, id="off-vocal-katakana"),
        pytest.param("Sakura (Demo)", {"demo"}, id="demo"),
        pytest.param("ENDLESS RAIN - Remaster", set(), id="remaster-is-not-a-version"),
        pytest.param("Sakura", set(), id="plain"),
        pytest.param("Alive", set(), id="live-inside-a-word"),
        pytest.param("MY HEART DRAWS A DREAM (hydeless version)", set(), id="named-is-a-note"),
        pytest.param("Sakura (Album Version)", set(), id="album-version-is-neutral"),
    ],
)
def test_version_tags_name_the_version(title: str, tags: set[str]) -> None:
    assert version_tags(title) == tags


def test_a_named_version_no_tag_knows_is_an_unknown_note() -> None:
    assert unknown_notes("MY HEART DRAWS A DREAM (hydeless version)") == ("hydeless version",)


def test_is_remaster_spots_remasters() -> None:
    assert is_remaster("ENDLESS RAIN - Remastered 2011")
    assert is_remaster("楓 (リマスター)")
    assert not is_remaster("楓")


@pytest.mark.parametrize(
    ("entry_artist", "credited"),
    [
        pytest.param("Beyonce", "Beyoncé", id="accent-dropped"),
        pytest.param("Sigur Ros", "Sigur Rós", id="acute-dropped"),
        pytest.param("Royksopp", "Røyksopp", id="o-slash-by-anyascii"),
        pytest.param("Motley Crue", "Mötley Crüe", id="umlauts"),
        pytest.param("Simon and Garfunkel", "Simon & Garfunkel", id="and-for-ampersand"),
        pytest.param("Mumford & Sons", "Mumford and Sons", id="ampersand-for-and"),
        pytest.param("Earth Wind and Fire", "Earth, Wind & Fire", id="commas-and-ampersand"),
        pytest.param("Kesha", "Ke$ha", id="dollar-as-s"),
        pytest.param("P!nk", "Pink", id="bang-as-i"),
        pytest.param("ACDC", "AC/DC", id="run-together"),
        pytest.param("Utada Hikaru", "Hikaru Utada", id="name-order"),
        pytest.param("Calvin Harris feat. Rihanna", "Calvin Harris;Rihanna", id="feat-credits"),
        pytest.param("Calvin Harris & Rihanna", "Rihanna;Calvin Harris", id="ampersand-credits"),
        pytest.param("Calvin Harris x Rihanna", "Calvin Harris;Rihanna", id="x-credits"),
        pytest.param("Calvin Harris, Rihanna", "Calvin Harris;Rihanna", id="comma-credits"),
        pytest.param("Calvin Harris with Rihanna", "Calvin Harris;Rihanna", id="with-credits"),
        pytest.param("Calvin Harris + Rihanna", "Calvin Harris;Rihanna", id="plus-credits"),
        pytest.param("Calvin Harris × Rihanna", "Calvin Harris;Rihanna", id="times-credits"),
    ],
)
def test_artist_similarity_agrees_fully_on_names_people_mean_alike(
    entry_artist: str, credited: str
) -> None:
    assert artist_similarity([entry_artist], credited.split(";")) >= Thresholds().artist_full


def test_artist_similarity_agrees_partly_when_only_the_main_artist_is_credited() -> None:
    similarity = artist_similarity(["Calvin Harris feat. Rihanna"], ["Calvin Harris"])
    assert Thresholds().artist_match <= similarity < Thresholds().artist_full


@pytest.mark.parametrize(
    ("entry_artist", "credited"),
    [
        pytest.param("Calvin Harris feat. Rihanna", "Rihanna", id="only-the-featured-artist"),
        pytest.param("Calvin Harris & Rihanna", "Rihanna", id="only-the-second-artist"),
        pytest.param("Simon & Garfunkel", "Paul Simon", id="one-word-of-a-duo"),
        pytest.param("Simon and Garfunkel", "Art Garfunkel", id="other-half-of-a-duo"),
        pytest.param("Bump of Chicken", "Chicken", id="contained-shorter-name"),
        pytest.param("AC/DC", "AC Slater", id="stylised-against-a-prefix"),
        pytest.param("Kesha", "Kasha", id="one-letter-off"),
        pytest.param("Malcolm X", "Malcolm", id="x-that-is-part-of-a-name"),
    ],
)
def test_artist_similarity_never_fully_agrees_with_another_artist(
    entry_artist: str, credited: str
) -> None:
    assert artist_similarity([entry_artist], credited.split(";")) < Thresholds().artist_match


@pytest.mark.parametrize(
    ("text", "edits"),
    [
        pytest.param("Song - Radio Edit", {"radio edit"}, id="radio-edit"),
        pytest.param("Song (Radio Version)", {"radio edit"}, id="radio-version"),
        pytest.param("Song - Single Version", {"single version"}, id="single-version"),
        pytest.param("Song (Album Version)", {"album version"}, id="album-version"),
        pytest.param("Song - Original Mix", {"original mix"}, id="original-mix"),
        pytest.param("Song - Mono", {"mono"}, id="mono"),
        pytest.param("Song - Stereo Mix", {"stereo"}, id="stereo-mix"),
        pytest.param("Song - Remastered 2011", {"remaster"}, id="remaster"),
        pytest.param("Song (Edit)", {"edit"}, id="bare-edit"),
        pytest.param("Mono", set(), id="a-song-called-mono"),
        pytest.param("Stereo Love", set(), id="a-song-with-stereo-in-its-title"),
        pytest.param("Song - Extended Mix", set(), id="extended-mix-is-a-version"),
        pytest.param("Song (TV Edit)", set(), id="tv-edit-is-a-version"),
    ],
)
def test_same_song_edits_are_found_in_decorations_only(text: str, edits: set[str]) -> None:
    assert same_song_edits(text) == edits


@pytest.mark.parametrize(
    "title",
    ["Song - Radio Edit", "Song (Single Version)", "Song - Original Mix", "Song - Mono"],
)
def test_same_song_edits_are_not_versions(title: str) -> None:
    assert version_tags(title) == set()


def test_normalize_transliterates_other_scripts_but_not_japanese() -> None:
    assert normalize("Beyoncé") == "beyonce"
    assert normalize("Røyksopp") == "royksopp"
    assert normalize("Тату") == "tatu"
    assert normalize("楓") == "楓"
    assert normalize("スピッツ") == "スピッツ"


@pytest.mark.parametrize(
    ("field", "credits"),
    [
        pytest.param("Calvin Harris feat. Rihanna", ("calvin harris", "rihanna"), id="feat"),
        pytest.param("A x B", ("a", "b"), id="x"),
        pytest.param("X JAPAN", ("x japan",), id="x-starting-a-name"),
        pytest.param("Malcolm X", ("malcolm x",), id="x-ending-a-name"),
        pytest.param("AC/DC", ("ac dc",), id="slash-inside-a-name"),
        pytest.param("A / B", ("a", "b"), id="slash-between-names"),
        pytest.param("ゆず、宇多田", ("ゆず", "宇多田"), id="japanese-comma"),
    ],
)
def test_artist_credits_split_the_names_one_field_gives(
    field: str, credits: tuple[str, ...]
) -> None:
    assert artist_credits(field) == credits


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        pytest.param("Song - Sped Up", {"sped up"}, id="sped-up-is-a-version"),
        pytest.param("Song (Slowed + Reverb)", {"sped up"}, id="slowed-is-a-version"),
        pytest.param("ダブルドライブ", set(), id="drive-is-not-live"),
        pytest.param("デモクラシー", set(), id="democracy-is-not-a-demo"),
        pytest.param("桜 - デモ", {"demo"}, id="demo-katakana"),
        pytest.param("ライブ・アット・武道館", {"live"}, id="live-katakana-word"),
    ],
)
def test_version_tags_read_katakana_markers_as_words(text: str, tags: set[str]) -> None:
    assert version_tags(text) == tags


def test_loading_the_readers_leaves_the_garbage_collector_running_and_reads_japanese() -> None:
    unload_readers()
    assert gc.isenabled()

    load_readers_in_background().join()

    assert readers_loaded()
    assert gc.isenabled()  # paused while the dictionary loads, never left off
    assert "kaede" in romaji_readings("楓")


@pytest.mark.parametrize(
    ("english", "katakana", "kanji"),
    [("Time", "タイム", "大夢"), ("Love", "ラブ", "羅部"), ("Name", "ネーム", "寝夢")],
)
def test_an_english_title_is_read_as_a_loanword_only_where_japanese_writes_loanwords(
    english: str, katakana: str, kanji: str
) -> None:
    # Loanwords are written in katakana; a kanji title that happens to read like one (大夢,
    # taimu) is another word.
    assert title_similarity(english, katakana) >= Thresholds().title_match
    assert title_similarity(english, kanji) < Thresholds().title_plausible


def _catalog_names() -> list[str]:
    """Every name in the sandbox's catalog and, when beside the repository, in the reference
    catalog's Japanese tracks, with each one's normalised form and core."""
    names: set[str] = set()
    with gzip.open(default_catalog_path(), "rt", encoding="utf-8") as lines:
        for line in lines:
            names.update(_names_in(json.loads(line)))
    if REFERENCE_JAPANESE.is_file():
        with REFERENCE_JAPANESE.open(newline="", encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                names.update((row["track_name"], row["album_name"], *row["artists"].split(";")))
    forms = {form for name in names for form in (name, normalize(name), *title_forms(name))}
    return sorted(forms)


def _names_in(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _names_in(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _names_in(inner, key)
    elif isinstance(value, str) and "name" in key:
        yield value


REFERENCE_JAPANESE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "reference"
    / "catalog"
    / "kaggle_spotify_tracks_japanese.csv"
)


def test_names_are_spelt_in_hepburn_word_for_word_as_pykakasi_spells_them() -> None:
    # syncer asks pykakasi for the Hepburn spelling alone; pykakasi's own converter, which also
    # spells every word four other ways, must read every catalog name the same.
    own = pykakasi.kakasi()
    names = _catalog_names()

    differ = [
        name
        for name in names
        if hepburn_words(name) != [(w["orig"], w["hepburn"]) for w in own.convert(name)]
    ]

    assert len(names) > 5000
    assert differ == []


@pytest.mark.parametrize(
    ("text", "word", "count", "replaced"),
    [
        pytest.param("love love me do", "love", 0, "_ _ me do", id="every-time"),
        pytest.param("love love me do", "love", 1, "_ love me do", id="first-only"),
        pytest.param("lovely love", "love", 0, "lovely _", id="not-inside-a-word"),
        pytest.param("glove love", "love", 0, "glove _", id="not-at-a-word-s-end"),
        pytest.param("love_me love2 love", "love", 0, "love_me love2 _", id="underscore-digit"),
        pytest.param("café love", "caf", 0, "café love", id="a-letter-outside-ascii"),
        pytest.param("ab ab", "ab ab", 0, "_", id="words-with-a-space"),
        pytest.param("aaa", "a", 0, "aaa", id="touching-itself"),
        pytest.param("-love-", "love", 0, "-_-", id="marks-around"),
        pytest.param("", "love", 0, "", id="empty-text"),
    ],
)
def test_replace_whole_word_replaces_as_the_regular_expression_does(
    text: str, word: str, count: int, replaced: str
) -> None:
    pattern = rf"(?<!\w){re.escape(word)}(?!\w)"

    assert replace_whole_word(text, word, "_", count=count) == replaced
    assert re.sub(pattern, "_", text, count=count) == replaced


def test_a_word_character_is_one_the_regular_expression_reads_as_one() -> None:
    # Every code point, next to the word: the word is replaced only when it is no word character.
    word_character = re.compile(r"\w")

    differ = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if (replace_whole_word(f"{c}x", "x", "_") == f"{c}x") != bool(word_character.match(c))
    ]

    assert differ == []


def test_every_spelling_of_a_version_tag_writes_one_of_the_tag_s_words() -> None:
    # version_tags tries the patterns only on a title writing one of these words: every
    # alternative of a tag's pattern must write one (read from the pattern's parse tree).
    missing = {
        tag: pattern.pattern
        for tag, pattern in _VERSION_PATTERNS.items()
        if not _writes_one_of(_PARSER.parse(pattern.pattern), _VERSION_WORDS[tag])
    }

    assert missing == {}
    assert version_tags("Song (Live at Budokan) [Remix] ~Sped Up~") == {"live", "remix", "sped up"}


_PARSER: Any = importlib.import_module("re._parser")
_OP: Any = importlib.import_module("re._constants")


def _writes_one_of(items: Any, words: tuple[str, ...]) -> bool:
    """Whether every text the parsed sequence `items` matches holds one of `words`."""
    if any(all(any(w in s for w in words) for s in run) for run in _letter_runs(items)):
        return True
    for op, value in items:
        if op is _OP.BRANCH and all(_writes_one_of(alt, words) for alt in value[1]):
            return True
        if op is _OP.SUBPATTERN and _writes_one_of(value[-1], words):
            return True
        repeated = op in (_OP.MAX_REPEAT, _OP.MIN_REPEAT) and value[0] >= 1
        if repeated and _writes_one_of(value[2], words):
            return True
    return False


def _letter_runs(items: Any) -> list[set[str]]:
    """The spellings of each stretch of letters a match writes in a row (zero-width checks
    inside a stretch do not end it)."""
    runs: list[set[str]] = []
    run = {""}
    for op, value in items:
        if op is _OP.LITERAL:
            run = {s + chr(value) for s in run}
        elif op is _OP.IN and all(inner is _OP.LITERAL for inner, _ in value):
            run = {s + chr(letter) for s in run for _, letter in value}
        elif op not in (_OP.AT, _OP.ASSERT, _OP.ASSERT_NOT):
            runs.append(run)
            run = {""}
    return [*runs, run]
