"""Issue 22, points 4-6, through the real process: the installed `syncer` executable run as a
person or cron runs it (no stdin, no terminal, a home and XDG directories of its own), against
`syncer sandbox` in its own process where Spotify is needed.

4. Messages blame what the person did and name what exists: a taken `--port`, a wrong
   `--market`, `report` after a `--sandbox` run, `accept` of an entry not in review.
5. `check` refuses a line break in a title, a 100,000-character title and a list with no
   entries, with file:line and exit 2.
6. `import` reads an article as a person does (a "Label: text." caption is no song; a video
   caption gives a listed song its title as an alias) and carries an M3U length into the list,
   so the sync leaves a track of another length for review.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from syncer.exitcodes import ExitCode

from .processes import Cron, SandboxProcess

SYNCER_EXECUTABLE = Path(sys.executable).parent / "syncer"  # what `pip install` put on PATH
KAEDE = "spotify:track:16zYvWYxcHfj4NVBZuRCwv"  # スピッツ「楓」, 4:26
WAKAREUTA = "spotify:track:168waWDKxHxei8dYL3nfAe"  # 中島みゆき「わかれうた」, 3:41

ATTENTION_LIST = """\
[playlist]
name = "Needs attention"
market = "JP"

# 0: matches cleanly
[[tracks]]
title = "WHY"
artist = "加藤ミリヤ"

# 1: "Tear" for X JAPAN's "Tears": review
[[tracks]]
title = "Tear"
artist = "X JAPAN"
"""

PROSE = "A ballad the writer has loved for years, and still plays at night when it rains."

ARTICLE = f"""Songs for a slow rainy evening

{PROSE}

Brannoch: the audience at the Tovell hall, after the encore.

{PROSE}

Parting SongMiyuki Nakajima

Miyuki Nakajima "Wakareuta" Music Video
Parting SongMiyuki Nakajima

{PROSE}

MapleSpitz

{PROSE}
"""


class Person:
    """Runs the installed `syncer` in `home` with nothing of the caller's environment but PATH."""

    def __init__(self, home: Path, settings: dict[str, str] | None = None) -> None:
        self.home = home
        self.settings = settings or {}

    @property
    def env(self) -> dict[str, str]:
        xdg = {
            f"XDG_{kind}_HOME": str(self.home / f".xdg-{kind.lower()}")
            for kind in ("CONFIG", "DATA", "STATE", "CACHE")
        }
        return {"PATH": str(SYNCER_EXECUTABLE.parent), "HOME": str(self.home), **xdg,
                **self.settings}  # fmt: skip

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SYNCER_EXECUTABLE), *map(str, args)],
            env=self.env,
            cwd=self.home,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )


def expect(ran: subprocess.CompletedProcess[str], code: int) -> subprocess.CompletedProcess[str]:
    assert ran.returncode == code, f"exit {ran.returncode}\n{ran.stdout}\n{ran.stderr}"
    return ran


def tracks_of(path: Path) -> list[dict[str, Any]]:
    tracks: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["tracks"]
    return tracks


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    with SandboxProcess(tmp_path_factory.mktemp("sandbox")) as process:
        yield process


@pytest.fixture
def person(tmp_path: Path) -> Person:
    assert SYNCER_EXECUTABLE.is_file(), "install syncer (pip install -e .) to run these tests"
    (tmp_path / "lists").mkdir()
    return Person(tmp_path)


@pytest.fixture
def spotify_user(sandbox: SandboxProcess, tmp_path: Path) -> Person:
    """A person whose Spotify is the sandbox process, signed in with `syncer login`."""
    (tmp_path / "lists").mkdir()
    user = Person(tmp_path, Cron.against(sandbox, tmp_path).settings)
    expect(user.run("login"), ExitCode.OK)
    return user


# -- 4. messages that mislead --------------------------------------------------------------


def test_sandbox_on_a_taken_port_names_the_port_not_a_file(person: Person) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = expect(person.run("sandbox", "--port", str(port)), ExitCode.BAD_INPUT)

    assert f"--port {port}" in ran.stderr
    assert f"127.0.0.1:{port} is already in use" in ran.stderr
    assert "--port 0" in ran.stderr
    assert "file" not in ran.stderr
    assert "directory" not in ran.stderr


def test_a_wrong_market_option_blames_the_option_not_the_variable(person: Person) -> None:
    songs = person.home / "lists" / "attention.toml"
    songs.write_text(ATTENTION_LIST, encoding="utf-8")

    ran = expect(person.run("sync", songs, "--sandbox", "--market", "JPN"), ExitCode.BAD_INPUT)

    assert "--market JPN: not a two-letter country code" in ran.stderr
    assert "SYNCER_MARKET" not in ran.stderr


def test_after_a_sandbox_run_report_names_the_flag_and_accept_refuses_an_entry_not_in_review(
    person: Person,
) -> None:
    songs = Path("lists/attention.toml")
    (person.home / songs).write_text(ATTENTION_LIST, encoding="utf-8")
    expect(person.run("sync", songs, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    before = (person.home / songs).read_bytes()

    report = expect(person.run("report", songs), ExitCode.BAD_INPUT)
    accept = expect(person.run("accept", songs, "0", "--sandbox"), ExitCode.BAD_INPUT)

    assert "the last sandbox run wrote one (" in report.stderr
    assert f"`syncer report {songs} --sandbox` reads it" in report.stderr
    shown = expect(person.run("report", songs, "--sandbox"), ExitCode.OK)
    assert "WHY" in shown.stdout
    assert "Tear" in shown.stdout
    assert "entry 0 (WHY — 加藤ミリヤ) is matched in the last report, not in review" in (
        accept.stderr
    )
    assert f"syncer pin {songs} 0 <track link>" in accept.stderr
    assert "accepted" not in accept.stdout + accept.stderr
    assert (person.home / songs).read_bytes() == before


# -- 5. inputs check lets through -------------------------------------------------------------


@pytest.mark.parametrize(
    ("tracks", "line", "words"),
    [
        ('[[tracks]]\ntitle = "Mir\\nror"\nartist = "Ado"\n', 5, "[tracks[0].title] contains a line break"),
        (f'[[tracks]]\ntitle = "{"t" * 100_000}"\nartist = "Ado"\n', 5, "[tracks[0].title] is 100,000 characters; at most 1,000"),
        ("", 1, "[playlist.allow_empty] the list has no entries, so a sync would empty the playlist"),
    ],
    ids=["line-break", "100000-characters", "no-entries"],
)  # fmt: skip
def test_check_refuses_with_file_line_and_exit_2(
    person: Person, tracks: str, line: int, words: str
) -> None:
    songs = person.home / "lists" / "songs.toml"
    songs.write_text(f'[playlist]\nname = "Songs"\n\n{tracks}', encoding="utf-8")

    ran = expect(person.run("check", songs), ExitCode.BAD_INPUT)

    assert f"{songs}:{line}: {words}" in ran.stdout + ran.stderr


# -- 6. import keeping prose ------------------------------------------------------------------


def test_an_article_import_keeps_no_caption_and_takes_a_captions_title_as_an_alias(
    spotify_user: Person,
) -> None:
    (spotify_user.home / "rain.txt").write_text(ARTICLE, encoding="utf-8")

    ran = expect(spotify_user.run("import", "rain.txt", "-o", "rain.toml"), ExitCode.OK)

    assert "Wrote rain.toml: 2 songs from rain.txt (article)" in ran.stdout
    written = (spotify_user.home / "rain.toml").read_text(encoding="utf-8")
    assert "Brannoch" not in written.split("[[tracks]]", 1)[1]  # at most the header's comment
    parting, maple = tracks_of(spotify_user.home / "rain.toml")
    assert parting["title"] == "わかれうた"
    assert "Wakareuta" in parting["aliases"]
    assert maple["artist"] in ("スピッツ", "SPITZ", "Spitz")
    assert all(entry["artist"] != "Brannoch" for entry in (parting, maple))


def test_an_m3u_of_a_wrong_length_imports_its_duration_and_the_sync_leaves_it_for_review(
    spotify_user: Person, sandbox: SandboxProcess
) -> None:
    (spotify_user.home / "rain.m3u8").write_text(
        "#EXTM3U\n#PLAYLIST:Rain by process\n"
        "#EXTINF:266,スピッツ - 楓\n/music/kaede.mp3\n"
        "#EXTINF:443,中島みゆき - わかれうた\n/music/wakareuta.mp3\n",  # twice its length
        encoding="utf-8",
    )
    songs = spotify_user.home / "rain.toml"

    imported = expect(spotify_user.run("import", "rain.m3u8", "-o", songs), ExitCode.OK)
    kaede, wakareuta = tracks_of(songs)
    synced = expect(spotify_user.run("sync", songs), ExitCode.NEEDS_ATTENTION)

    assert "lasts 3:41, not 7:23: perhaps another version" in imported.stdout
    assert (kaede["duration"], wakareuta["duration"]) == ("4:26", "7:23")
    assert "uri" not in wakareuta  # a doubt is not a pin
    report = json.loads((spotify_user.home / ".syncer/reports/rain.json").read_text("utf-8"))
    placed = {entry["index"]: (entry["status"], entry.get("uri")) for entry in report["entries"]}
    assert placed[0] == ("matched", KAEDE)
    assert placed[1][0] == "review"
    markdown = (spotify_user.home / ".syncer/reports/rain.md").read_text(encoding="utf-8")
    assert "the list says it lasts 7:23, this lasts 3:41" in markdown
    assert synced.stderr == ""
    [playlist] = [
        p for p in sandbox.control("GET", "/_sandbox/playlists") if p["name"] == "Rain by process"
    ]
    assert playlist["items"] == [KAEDE]  # the doubtful length is not added
