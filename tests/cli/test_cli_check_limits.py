"""`syncer check` refuses, with file:line:key and exit 2, what Spotify would refuse halfway
through a sync: a description that does not fit beside syncer's marker, a name over 100
characters, line breaks or control characters in either, more than 10,000 entries to place,
and a list nested too deeply for the TOML reader."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from syncer.details import DESCRIPTION_MAX, MARKER, description_room
from syncer.exitcodes import ExitCode

from .cli_helpers import expect, invoke

ENTRY = '\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\n'


def write_list(tmp_path: Path, playlist_lines: str, tracks: str = ENTRY) -> Path:
    path = tmp_path / "limits.toml"
    path.write_text(f"[playlist]\n{playlist_lines}\n{tracks}", encoding="utf-8")
    return path


def check_fails(runner: CliRunner, path: Path) -> list[str]:
    """The problem lines `syncer check` printed for a list it refused with exit 2."""
    result = expect(invoke(runner, "check", path), ExitCode.BAD_INPUT)
    lines = (line.removeprefix("error: ") for line in result.output.splitlines())
    return [line for line in lines if line.startswith(str(path))]


def test_a_description_that_fits_only_without_the_marker_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    room = description_room()
    assert room == DESCRIPTION_MAX - len(" (synced by syncer) [1a2b3c4d]")
    fits = write_list(tmp_path, f'name = "N"\ndescription = "{"x" * room}"')
    expect(invoke(runner, "check", fits), ExitCode.OK)

    too_long = write_list(tmp_path, f'name = "N"\ndescription = "{"x" * (room + 1)}"')
    [problem] = check_fails(runner, too_long)

    assert problem.startswith(f"{too_long}:3: [playlist.description] is {room + 1} characters")
    assert MARKER in problem
    assert f"at most {room} fit" in problem


def test_a_name_over_100_characters_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    expect(invoke(runner, "check", write_list(tmp_path, f'name = "{"n" * 100}"')), ExitCode.OK)

    path = write_list(tmp_path, f'name = "{"n" * 101}"')
    [problem] = check_fails(runner, path)

    assert problem == f"{path}:2: [playlist.name] is 101 characters; Spotify takes at most 100"


def test_line_breaks_and_control_characters_are_refused_in_name_and_description(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write_list(
        tmp_path,
        'name = """Two\nlines"""\npublic = false\ndescription = "tab\\there, bell\\u0007"',
    )
    problems = check_fails(runner, path)

    assert problems == [
        f"{path}:2: [playlist.name] contains a line break; "
        "Spotify takes a single line of text only",
        f"{path}:5: [playlist.description] contains the control character U+0009; "
        "Spotify takes a single line of text only",
    ]


def test_more_than_10000_entries_to_place_is_refused_at_the_first_one_past_the_limit(
    runner: CliRunner, tmp_path: Path
) -> None:
    def entries(count: int, *, skipped: int = 0) -> str:
        blocks = [
            f'[[tracks]]\ntitle = "Song {i}"\nartist = "A"\n'
            + ('skip = "not on Spotify"\n' if i < skipped else "")
            for i in range(count)
        ]
        return "\n".join(blocks)

    # Skipped entries take no place in the playlist.
    fits = write_list(tmp_path, 'name = "Big"', entries(10_001, skipped=1))
    expect(invoke(runner, "check", fits), ExitCode.OK)

    path = write_list(tmp_path, 'name = "Big"', entries(10_001))
    [problem] = check_fails(runner, path)

    line_of_entry_10000 = 3 + 4 * 10_000  # "[playlist]", name, blank, then 4 lines per entry
    assert problem.startswith(f"{path}:{line_of_entry_10000}: [tracks[10000]] ")
    assert "at most 10,000 items" in problem
    assert "10,001 entries" in problem


def test_a_list_nested_too_deeply_is_a_validation_error_naming_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text('[playlist]\nname = "Deep"\nx = ' + "[" * 5000 + "]" * 5000 + "\n")

    [problem] = check_fails(runner, path)

    assert problem == f"{path}: nested too deeply to read (arrays or tables inside each other)"
