"""Invalid list files: every problem is named by file, exact line and key, all at once.

The corpus lives in tests/lists/invalid/, one file per problem. The expectations below were
written by reading those files, not by running the parser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from syncer.cli.messages import describe, located_problem, problem_message
from syncer.errors import ListError, UserError
from syncer.lists import load_list, load_lists, parse_list

INVALID = Path(__file__).parent / "invalid"
VALID_TEXT = '[playlist]\nname = "Fine"\n\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\n'

# file -> every problem expected in it: (line, key, a fragment of the message)
CORPUS: dict[str, list[tuple[int, str, str]]] = {
    "typo_key.toml": [
        (4, "tracks[0].title", "missing required key 'title'"),
        (5, "tracks[0].titel", "did you mean 'title'?"),
    ],
    "typo_optional_key.toml": [(7, "tracks[0].albun", "did you mean 'album'?")],
    "typo_after_multiline_note.toml": [(11, "tracks[0].yaer", "did you mean 'year'?")],
    "wrong_type_title.toml": [(5, "tracks[0].title", "must be a string, not an integer")],
    "empty_title.toml": [(5, "tracks[0].title", "must not be empty")],
    "empty_artist_alias.toml": [(7, "tracks[0].artist_aliases[1]", "must not be empty")],
    "bad_uri.toml": [(7, "tracks[0].uri", "is not a Spotify track")],
    "bad_url.toml": [(7, "tracks[0].uri", "an album")],
    "bad_isrc.toml": [(7, "tracks[0].isrc", "'JP-PO1-98' is not an ISRC")],
    "isrc_wrong_type.toml": [(7, "tracks[0].isrc", "must be a string, not an integer")],
    "bad_year.toml": [(7, "tracks[0].year", "19998 is not a plausible year")],
    "year_as_string.toml": [(7, "tracks[0].year", "must be an integer year, not a string")],
    "bad_market.toml": [(3, "playlist.market", "'Japan' is not a country code")],
    "lowercase_market.toml": [(4, "playlist.market", "did you mean 'JP'?")],
    "duplicate_song.toml": [(12, "tracks[2]", "the same song as tracks[0] on line 4")],
    "duplicate_pin.toml": [(12, "tracks[1].uri", "already pinned by tracks[0] on line 4")],
    "uri_in_reject.toml": [(7, "tracks[0].uri", "pinned and also listed in reject")],
    "skip_with_uri.toml": [(8, "tracks[0].skip", "both skipped and pinned")],
    "skip_not_string.toml": [(7, "tracks[0].skip", 'skip = "not on Spotify"')],
    "missing_title.toml": [(8, "tracks[1].title", "missing required key 'title'")],
    "missing_artist.toml": [(4, "tracks[0].artist", "missing required key 'artist'")],
    "missing_playlist.toml": [(0, "playlist", "missing [playlist] table")],
    "missing_name.toml": [(1, "playlist.name", "missing required key 'name'")],
    "playlist_not_table.toml": [(1, "playlist", "must be a table, not a string")],
    "public_not_boolean.toml": [(3, "playlist.public", "must be true or false")],
    "not_toml.toml": [(6, "", "not valid TOML: Expected '='")],
    "duplicate_key.toml": [(7, "", "not valid TOML: Cannot overwrite a value")],
    "non_utf8.toml": [(5, "", "not UTF-8 text: byte 53 (0x95)")],
    "reject_not_list.toml": [(7, "tracks[0].reject", "must be a list of strings")],
    "reject_bad_element.toml": [(9, "tracks[0].reject[1]", "a playlist")],
    "aliases_non_string.toml": [(9, "tracks[0].aliases[1]", "must be a string, not an integer")],
    "dotted_key.toml": [(7, "tracks[0].album", "must be a string, not a table")],
    "unknown_table.toml": [(4, "options", "unknown key 'options'; known keys: playlist, tracks")],
    "misspelt_playlist_table.toml": [
        (0, "playlist", "missing [playlist] table"),
        (1, "playlists", "did you mean 'playlist'?"),
    ],
    "tracks_not_tables.toml": [
        (1, "tracks[0]", "must be a table, not a string"),
        (1, "tracks[1]", "must be a table, not a string"),
    ],
    "tracks_inside_playlist.toml": [(4, "playlist.tracks", "move it above [playlist]")],
    "inline_tracks_typo.toml": [
        (4, "tracks[1].artst", "did you mean 'artist'?"),
        (4, "tracks[1].artist", "missing required key 'artist'"),
    ],
}


def problems_of(path: Path) -> list[tuple[Path, int, str, str]]:
    with pytest.raises(ListError) as raised:
        load_list(path)
    return [(p.path, p.line, p.key, problem_message(p)) for p in raised.value.problems]


def test_corpus_is_covered_by_the_table() -> None:
    assert sorted(p.name for p in INVALID.glob("*.toml")) == sorted(CORPUS)
    assert len(CORPUS) >= 20


@pytest.mark.parametrize(("name", "expected"), CORPUS.items(), ids=list(CORPUS))
def test_load_list_reports_every_problem_with_file_line_and_key(
    name: str, expected: list[tuple[int, str, str]]
) -> None:
    path = INVALID / name
    found = problems_of(path)
    assert [(where, line, key) for where, line, key, _ in found] == [
        (path, line, key) for line, key, _ in expected
    ]
    for (*_, message), (*_, fragment) in zip(found, expected, strict=True):
        assert fragment in message


def test_load_list_typo_on_line_5_names_file_line_and_key() -> None:
    path = INVALID / "typo_key.toml"
    with pytest.raises(ListError) as raised:
        load_list(path)
    typo = [p for p in raised.value.problems if p.key == "tracks[0].titel"]
    assert len(typo) == 1
    assert (typo[0].path, typo[0].line) == (path, 5)
    assert located_problem(typo[0]).startswith(f"{path}:5: [tracks[0].titel] ")


def test_list_error_is_a_user_error_listing_every_problem() -> None:
    text = (
        "[playlist]\n"  # 1
        'name = ""\n'  # 2
        'market = "jp"\n'  # 3
        "\n"  # 4
        "[[tracks]]\n"  # 5
        'title = "楓"\n'  # 6
        "year = 98\n"  # 7
        "\n"  # 8
        "[[tracks]]\n"  # 9
        'title = "ハナミズキ"\n'  # 10
        'artist = "一青窈"\n'  # 11
        'uri = "spotify:track:x"\n'  # 12
    )
    with pytest.raises(ListError) as raised:
        parse_list(text, Path("sad.toml"))
    assert isinstance(raised.value, UserError)
    assert [(p.line, p.key) for p in raised.value.problems] == [
        (2, "playlist.name"),
        (3, "playlist.market"),
        (5, "tracks[0].artist"),
        (7, "tracks[0].year"),
        (12, "tracks[1].uri"),
    ]
    assert describe(raised.value).count("sad.toml:") == 5


def test_load_lists_validates_every_file_before_returning_any(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(VALID_TEXT, encoding="utf-8")
    paths = [good, INVALID / "bad_year.toml", INVALID / "missing_artist.toml"]
    with pytest.raises(ListError) as raised:
        load_lists(paths)
    assert [(p.path.name, p.line, p.key) for p in raised.value.problems] == [
        ("bad_year.toml", 7, "tracks[0].year"),
        ("missing_artist.toml", 4, "tracks[0].artist"),
    ]


def test_load_lists_returns_every_list_when_all_are_valid(tmp_path: Path) -> None:
    paths = [tmp_path / "a.toml", tmp_path / "b.toml"]
    for path in paths:
        path.write_text(VALID_TEXT, encoding="utf-8")
    assert [songlist.path for songlist in load_lists(paths)] == paths


def test_load_list_missing_file_is_a_problem_of_that_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    assert problems_of(path) == [(path, 0, "", "file not found")]


def test_load_list_directory_is_an_unreadable_file(tmp_path: Path) -> None:
    [(path, line, key, message)] = problems_of(tmp_path)
    assert (path, line, key) == (tmp_path, 0, "")
    assert message.startswith("cannot read the file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_load_list_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(VALID_TEXT, encoding="utf-8")
    path.chmod(0)
    [(_, line, _, message)] = problems_of(path)
    assert line == 0
    assert "Permission denied" in message


def test_parse_list_not_toml_at_end_of_file_names_the_last_line() -> None:
    with pytest.raises(ListError) as raised:
        parse_list('[playlist]\nname = "x"\nmarket = ', Path("cut.toml"))
    [problem] = raised.value.problems
    assert problem.line == 3
    assert problem_message(problem).startswith("not valid TOML")
