"""`syncer check` refuses, with file:line:key and exit 2, entries search would misread and lists
that would empty their playlist: a line break or control character in a title, artist, album,
alias or artist alias (a "Mir\\nror" matched "Mirror"), a title or artist over 1,000
characters, a list with no entry to place unless it says `allow_empty = true`, and a `duration`
that is not a length."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke, line_of


def write_list(tmp_path: Path, tracks: str, playlist: str = 'name = "Names"') -> Path:
    path = tmp_path / "names.toml"
    path.write_text(f"[playlist]\n{playlist}\n\n{tracks}", encoding="utf-8")
    return path


def check_fails(runner: CliRunner, path: Path) -> list[str]:
    """The problem lines `syncer check` printed for a list it refused with exit 2."""
    result = expect(invoke(runner, "check", path), ExitCode.BAD_INPUT)
    lines = (line.removeprefix("error: ") for line in result.output.splitlines())
    return [line for line in lines if line.startswith(str(path))]


ONE_LINE = "a name is one line of plain text (search would read it as another name): remove it"


@pytest.mark.parametrize(
    ("entry_line", "key", "what"),
    [
        ('title = "Mir\\nror"', "tracks[0].title", "a line break"),
        ('title = """Mir\nror"""', "tracks[0].title", "a line break"),
        ('artist = "A\\rdo"', "tracks[0].artist", "a line break"),
        ('album = "A\\u0007B"', "tracks[0].album", "the control character U+0007"),
        ('aliases = ["ok", "ta\\tb"]', "tracks[0].aliases[1]", "the control character U+0009"),
        ('artist_aliases = ["x\\u2028y"]', "tracks[0].artist_aliases[0]", "a line break"),
    ],
    ids=["title-escaped", "title-multiline", "artist-cr", "album-bell", "alias-tab", "ls"],
)
def test_check_refuses_a_line_break_or_control_character_in_a_name(
    runner: CliRunner, tmp_path: Path, entry_line: str, key: str, what: str
) -> None:
    fields = {"title": 'title = "Mirror"', "artist": 'artist = "Ado"'}
    fields[key.split(".")[1].split("[")[0]] = entry_line
    path = write_list(tmp_path, "[[tracks]]\n" + "\n".join(fields.values()) + "\n")

    [problem] = check_fails(runner, path)

    line = line_of(path.read_text(encoding="utf-8"), entry_line.split(" = ")[0] + " = ")
    assert problem == f"{path}:{line}: [{key}] contains {what}; {ONE_LINE}"


def test_check_refuses_a_title_or_artist_over_1000_characters(
    runner: CliRunner, tmp_path: Path
) -> None:
    fits = write_list(tmp_path, f'[[tracks]]\ntitle = "{"t" * 1000}"\nartist = "{"a" * 1000}"\n')
    expect(invoke(runner, "check", fits), ExitCode.OK)

    path = write_list(tmp_path, f'[[tracks]]\ntitle = "{"t" * 100_000}"\nartist = "{"a" * 1001}"\n')
    problems = check_fails(runner, path)

    tail = "(search reads only the first 100 bytes, and no song's name comes near this)"
    assert problems == [
        f"{path}:5: [tracks[0].title] is 100,000 characters; at most 1,000 are taken {tail}",
        f"{path}:6: [tracks[0].artist] is 1,001 characters; at most 1,000 are taken {tail}",
    ]


@pytest.mark.parametrize(
    ("tracks", "what"),
    [
        ("", "the list has no entries"),
        ("tracks = []\n", "the list has no entries"),
        (
            '[[tracks]]\ntitle = "A"\nartist = "B"\nskip = "gone"\n\n'
            '[[tracks]]\ntitle = "C"\nartist = "D"\nskip = "gone"\n',
            "every one of the list's 2 entries is skipped",
        ),
    ],
    ids=["no-tracks", "empty-array", "all-skipped"],
)
def test_check_refuses_a_list_with_nothing_to_place_unless_it_allows_it(
    runner: CliRunner, tmp_path: Path, tracks: str, what: str
) -> None:
    if tracks.startswith("tracks ="):  # a top-level key must come before [playlist]
        path = tmp_path / "names.toml"
        path.write_text(f'{tracks}[playlist]\nname = "Names"\n', encoding="utf-8")
        line = 2
    else:
        path = write_list(tmp_path, tracks)
        line = 1

    [problem] = check_fails(runner, path)

    assert problem == (
        f"{path}:{line}: [playlist.allow_empty] {what}, so a sync would empty the playlist; "
        "add an entry, or set allow_empty = true in [playlist] if an empty playlist is "
        "what you want"
    )
    allowed = path.read_text(encoding="utf-8").replace(
        'name = "Names"\n', 'name = "Names"\nallow_empty = true\n'
    )
    path.write_text(allowed, encoding="utf-8")
    expect(invoke(runner, "check", path), ExitCode.OK)


def test_check_takes_a_duration_in_seconds_or_as_a_clock_and_refuses_anything_else(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = write_list(
        tmp_path,
        '[[tracks]]\ntitle = "A"\nartist = "B"\nduration = 245\n\n'
        '[[tracks]]\ntitle = "C"\nartist = "D"\nduration = "4:05"\n',
    )
    expect(invoke(runner, "check", good), ExitCode.OK)

    bad = write_list(
        tmp_path,
        '[[tracks]]\ntitle = "A"\nartist = "B"\nduration = "four minutes"\n\n'
        '[[tracks]]\ntitle = "C"\nartist = "D"\nduration = 0\n\n'
        '[[tracks]]\ntitle = "E"\nartist = "F"\nduration = 4.5\n',
    )
    problems = check_fails(runner, bad)

    assert problems == [
        f"{bad}:7: [tracks[0].duration] must be the song's length in seconds (245) or as "
        '"m:ss" ("4:05"), not \'four minutes\'',
        f"{bad}:12: [tracks[1].duration] 0 is not a plausible length (more than 0 seconds, "
        "at most 86,400)",
        f'{bad}:17: [tracks[2].duration] must be the song\'s length in seconds (245) or as "m:ss" '
        '("4:05"), not 4.5',
    ]
