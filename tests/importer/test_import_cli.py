"""`syncer import` end to end: the CLI through spotipy against the sandbox, then `syncer sync`."""

from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.lists import load_list

from .import_helpers import (
    expect,
    invoke,
    playlist_of,
    playlist_uris,
    real_rows,
    same_song,
    tracks_of,
)

# The shapes people write a song in, cycled over the rows.
_SHAPES = (
    "{artist} - {title}",
    "{title} - {artist}",
    "{title} by {artist}",
    '"{title}" — {artist}',
    "{artist}: {title}",
    "{title} / {artist}",
    "{artist}「{title}」",
)


def _precision(list_path: Path, rows: list[dict[str, object]], name: str) -> tuple[float, int]:
    """Right songs / songs placed in the playlist, and how many were placed."""
    placed = playlist_uris(list_path, name)
    by_row = list(rows)
    right = sum(1 for uri in placed if any(same_song(uri, row) for row in by_row))
    return (right / len(placed) if placed else 0.0), len(placed)


def test_a_text_list_from_real_catalog_rows_imports_and_syncs_with_precision_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = real_rows(30, start=3, step=47)
    lines = ["My imported list", ""]
    for number, row in enumerate(rows, 1):
        shape = _SHAPES[number % len(_SHAPES)]
        song = shape.format(title=row["name"], artist=row["artists"][0]["name"])
        lines.append(f"{number}. {song}")
    (tmp_path / "songs.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = expect(
        invoke(runner, "import", "songs.txt", "-o", "mine.toml", "--sandbox"), ExitCode.OK
    )

    written = tracks_of(tmp_path / "mine.toml")
    assert len(written) == len(rows)
    assert playlist_of(tmp_path / "mine.toml")["name"] == "My imported list"
    assert f"{len(rows)} confirmed by search, 0 pinned, 0 uncertain" in result.stdout
    expect(invoke(runner, "sync", "mine.toml", "--sandbox"), ExitCode.OK)
    precision, placed = _precision(tmp_path / "mine.toml", rows, "My imported list")
    assert (precision, placed) == (1.0, len(rows))


def test_a_csv_export_from_real_catalog_rows_imports_and_syncs_with_precision_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = real_rows(30, start=11, step=47)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Track URI", "Track Name", "Artist Name(s)", "Album Name", "Track Duration (ms)"]
    )
    for number, row in enumerate(rows):
        uri = row["uri"] if number % 3 == 0 else ""  # some rows carry their URI: a pin
        artists = ", ".join(a["name"] for a in row["artists"])
        writer.writerow([uri, row["name"], artists, row["album"]["name"], row["duration_ms"]])
    (tmp_path / "export.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))

    result = expect(
        invoke(
            runner, "import", "export.csv", "-o", "export.toml", "--sandbox", "--name", "Export"
        ),
        ExitCode.OK,
    )
    pinned = len(range(0, len(rows), 3))
    assert (
        f"{len(rows) - pinned} confirmed by search, {pinned} pinned, 0 uncertain" in result.stdout
    )

    songlist = load_list(tmp_path / "export.toml")
    assert [e.uri for e in songlist.entries] == [
        row["uri"] if number % 3 == 0 else None for number, row in enumerate(rows)
    ]
    expect(invoke(runner, "sync", "export.toml", "--sandbox"), ExitCode.OK)
    precision, placed = _precision(tmp_path / "export.toml", rows, "Export")
    assert (precision, placed) == (1.0, len(rows))


def test_each_entry_quotes_its_source_line_and_keeps_the_source_wording(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "l.txt").write_text("Taion - the GazettE\nスピッツ「楓」\n", encoding="utf-8")

    expect(invoke(runner, "import", "l.txt", "-o", "l.toml", "--sandbox"), ExitCode.OK)

    text = (tmp_path / "l.toml").read_text(encoding="utf-8")
    assert "# line 1: Taion - the GazettE\n[[tracks]]" in text
    first, second = tracks_of(tmp_path / "l.toml")
    assert (first["title"], first["artist"], first["aliases"]) == ("体温", "the GazettE", ["Taion"])
    assert (second["title"], second["artist"]) == ("楓", "スピッツ")
    assert "aliases" not in second


def test_standard_input_and_an_unconfirmed_line_reported_with_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = "Rainy songs\nX JAPAN - Tears\nThe Nonexistent Band - Nobody Knows This\n"

    result = expect(
        invoke(runner, "import", "-", "-o", "rain.toml", "--sandbox", stdin=source), ExitCode.OK
    )

    assert "1 confirmed by search" in result.stdout
    assert "uncertain, line 3" in result.stdout
    assert "search found neither this title nor this artist" in result.stdout
    tracks = tracks_of(tmp_path / "rain.toml")
    assert [t["title"] for t in tracks] == ["Tears", "Nobody Knows This"]
    assert "# uncertain: search found neither" in (tmp_path / "rain.toml").read_text("utf-8")


def test_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "l.txt").write_text("X JAPAN - Tears\n", encoding="utf-8")
    (tmp_path / "l.toml").write_text("# mine\n", encoding="utf-8")

    result = expect(
        invoke(runner, "import", "l.txt", "-o", "l.toml", "--no-search"), ExitCode.BAD_INPUT
    )

    assert "l.toml already exists; use --force" in result.stderr
    assert (tmp_path / "l.toml").read_text(encoding="utf-8") == "# mine\n"
    expect(invoke(runner, "import", "l.txt", "-o", "l.toml", "--no-search", "--force"), ExitCode.OK)
    assert tracks_of(tmp_path / "l.toml")[0]["title"] == "Tears"


def test_bad_sources_are_clear_errors_and_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "no-title.csv").write_text("Artist,Album\nX JAPAN,BLUE BLOOD\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"Title\n\x89PNG\x00\x00\x01")
    cases = {
        "empty.txt": "empty.txt: the source is empty",
        "no-title.csv": "no-title.csv:1: no title column",
        "image.txt": "image.txt:2: this is a binary file",
        "missing.txt": "missing.txt: no such file",
    }
    for source, message in cases.items():
        result = expect(
            invoke(runner, "import", source, "-o", "out.toml", "--no-search"), ExitCode.BAD_INPUT
        )
        assert message in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert not (tmp_path / "out.toml").exists()
        assert not list(tmp_path.glob(".out.toml.*"))


def test_an_m3u_playlist_imports_and_a_match_of_another_length_is_uncertain(
    runner: CliRunner, tmp_path: Path
) -> None:
    right, wrong = real_rows(2, start=21)
    seconds = right["duration_ms"] // 1000
    far_off = wrong["duration_ms"] // 1000 * 2  # twice as long: another version, if any
    (tmp_path / "trip.m3u8").write_text(
        "#EXTM3U\n#PLAYLIST:Road trip\n"
        f"#EXTINF:{seconds},{right['artists'][0]['name']} - {right['name']}\n/music/a.mp3\n"
        f"#EXTINF:{far_off},{wrong['artists'][0]['name']} - {wrong['name']}\n/music/b.mp3\n",
        encoding="utf-8",
    )

    result = expect(
        invoke(runner, "import", "trip.m3u8", "-o", "trip.toml", "--sandbox"), ExitCode.OK
    )

    assert playlist_of(tmp_path / "trip.toml")["name"] == "Road trip"
    first, second = tracks_of(tmp_path / "trip.toml")
    assert (first["title"], first["artist"]) == (right["name"], right["artists"][0]["name"])
    assert "1 confirmed by search" in result.stdout
    assert "perhaps another version" in result.stdout
    assert second["title"] == wrong["name"]


def test_the_realistic_sandbox_profile_is_available_and_needs_sandbox(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "l.txt").write_text("X JAPAN - Tears\nTaion - the GazettE\n", encoding="utf-8")

    refused = expect(
        invoke(runner, "import", "l.txt", "-o", "l.toml", "--sandbox-profile", "realistic"),
        ExitCode.BAD_INPUT,
    )
    assert "--sandbox-profile need --sandbox" in refused.stderr
    result = expect(
        invoke(runner, "import", "l.txt", "-o", "l.toml", "--sandbox", "--sandbox-profile",
               "realistic"),
        ExitCode.OK,
    )  # fmt: skip

    assert "2 confirmed by search" in result.stdout
    assert [(t["title"], t["artist"]) for t in tracks_of(tmp_path / "l.toml")] == [
        ("Tears", "X JAPAN"),
        ("体温", "the GazettE"),
    ]


def test_a_bad_name_option_is_blamed_on_the_option_not_the_source(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "l.txt").write_text("X JAPAN - Tears\n", encoding="utf-8")
    cases = {
        "": "--name must not be empty",
        " \t ": "--name must not be empty",
        "Bell\x07": "--name contains the control character U+0007",
    }
    for name, message in cases.items():
        result = expect(
            invoke(runner, "import", "l.txt", "-o", "l.toml", "--no-search", "--name", name),
            ExitCode.BAD_INPUT,
        )
        assert message in result.stderr
        assert "l.txt" not in result.stderr  # the source is fine
        assert not (tmp_path / "l.toml").exists()

    expect(
        invoke(runner, "import", "l.txt", "-o", "l.toml", "--no-search", "--name", " Rainy \n "),
        ExitCode.OK,
    )
    assert playlist_of(tmp_path / "l.toml")["name"] == "Rainy"


def test_the_summary_counts_a_repeated_song_once_and_says_which_lines_were_dropped(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = (
        "X JAPAN - Tears\nThe Nonexistent Band - Nobody Knows This\nX JAPAN - Tears\n"
        "The Nonexistent Band - Nobody Knows This\nx japan - tears\n"
    )

    result = expect(
        invoke(runner, "import", "-", "-o", "rain.toml", "--sandbox", stdin=source), ExitCode.OK
    )

    assert [t["title"] for t in tracks_of(tmp_path / "rain.toml")] == [
        "Tears",
        "Nobody Knows This",
    ]
    assert (
        "2 songs from <stdin> (text); 1 confirmed by search, 0 pinned, 1 uncertain; "
        "3 repeated lines left out (lines 3, 4, 5)."
    ) in result.stdout
    assert "left out, line 3 'X JAPAN - Tears': the same song as line 1" in result.stdout
    assert "uncertain, line 4" not in result.stdout  # a dropped repeat is not an entry to check


def test_the_next_step_it_prints_syncs_with_the_same_sandbox_and_state_directory(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "l.txt").write_text("X JAPAN - Tears\n", encoding="utf-8")

    result = expect(
        invoke(runner, "import", "l.txt", "-o", "my list.toml", "--sandbox", "--sandbox-profile",
               "realistic", "--state-dir", "st"),
        ExitCode.OK,
    )  # fmt: skip

    command = "syncer sync 'my list.toml' --sandbox --sandbox-profile realistic --state-dir st"
    assert f"Next: {command} --dry-run (see what it would do)" in result.stdout
    synced = expect(invoke(runner, *shlex.split(command)[1:]), ExitCode.OK)
    assert "+1 -0" in synced.stdout
    assert (tmp_path / "st/sandbox-realistic/reports/my list.md").exists()


def test_a_playlist_named_after_the_file_says_so_and_how_to_name_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "2024_mix-b.txt").write_text("X JAPAN - Tears\n", encoding="utf-8")
    (tmp_path / "headed.txt").write_text("Rainy day\n\nX JAPAN - Tears\n", encoding="utf-8")

    unnamed = expect(
        invoke(runner, "import", "2024_mix-b.txt", "-o", "a.toml", "--no-search"), ExitCode.OK
    )
    headed = expect(
        invoke(runner, "import", "headed.txt", "-o", "b.toml", "--no-search"), ExitCode.OK
    )

    assert playlist_of(tmp_path / "a.toml")["name"] == "2024 mix b"
    assert "named '2024 mix b' after the file; give another with --name" in unnamed.stdout
    assert playlist_of(tmp_path / "b.toml")["name"] == "Rainy day"
    assert "after the file" not in headed.stdout
