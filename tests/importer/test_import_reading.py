"""`syncer import` reads a source as a person does (issue 22, point 6), end to end against the
sandbox: an article's photo captions and credits are never songs, a video caption naming a
listed song gives it the title to search with, and an M3U length travels into the list as the
entry's `duration`, so the sync leaves a track of another length for review."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.lists import load_list

from .import_helpers import expect, invoke, playlist_uris, sandbox_account, tracks_of

KAEDE = "spotify:track:16zYvWYxcHfj4NVBZuRCwv"  # スピッツ「楓」, 4:26
WAKAREUTA = "spotify:track:168waWDKxHxei8dYL3nfAe"  # 中島みゆき「わかれうた」, 3:41

PROSE = (
    "A ballad the writer has loved for many years, and still plays at night when it rains "
    "on the harbour."
)


def article(caption: str) -> str:
    return f"""Songs for a slow rainy evening

{PROSE}
{PROSE}

Kelvaro: the crowd at the Quillan hall, after the encore.

{PROSE}

Photo by Drembit Yastor.

{PROSE}

Parting SongMiyuki Nakajima

{caption}
Parting SongMiyuki Nakajima

{PROSE}

MapleSpitz

{PROSE}

(Snorvid: Pellimark archive)

{PROSE}
"""


def test_an_articles_captions_and_credits_are_never_songs_and_a_caption_gives_its_title(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "rain.txt").write_text(
        article('Miyuki Nakajima "Wakareuta" Music Video'), encoding="utf-8"
    )

    result = expect(
        invoke(runner, "import", "rain.txt", "-o", "rain.toml", "--sandbox"), ExitCode.OK
    )

    assert "Wrote rain.toml: 2 songs from rain.txt (article)" in result.stdout
    assert "left out" not in result.stdout  # captions are not even song lines
    parting, maple = tracks_of(tmp_path / "rain.toml")
    # the caption's title found the song: named as Spotify names it, the article's words kept
    assert parting["title"] == "わかれうた"
    assert parting["artist"] in ("中島みゆき", "Miyuki Nakajima")
    assert parting["aliases"] == ["Parting Song", "Wakareuta"]
    assert maple["artist"] in ("スピッツ", "SPITZ")  # "Maple" alone is not 楓: uncertain
    assert "Kelvaro" not in (tmp_path / "rain.toml").read_text(encoding="utf-8").split("[[")[1]


def test_without_the_caption_the_same_song_stays_uncertain(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The control: it is the caption's title that confirms the song."""
    (tmp_path / "rain.txt").write_text(article(""), encoding="utf-8")

    result = expect(
        invoke(runner, "import", "rain.txt", "-o", "rain.toml", "--sandbox"), ExitCode.OK
    )

    parting, _ = tracks_of(tmp_path / "rain.toml")
    assert parting["title"] == "Parting Song"
    assert "uncertain, line 14 'Parting SongMiyuki Nakajima': the artist is on Spotify" in (
        result.stdout
    )


def test_an_m3u_length_becomes_the_entrys_duration_and_sync_leaves_another_length_for_review(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "rain.m3u8").write_text(
        "#EXTM3U\n#PLAYLIST:Rain\n"
        "#EXTINF:266,スピッツ - 楓\n/music/kaede.mp3\n"
        "#EXTINF:443.4,中島みゆき - わかれうた\n/music/wakareuta.mp3\n",  # twice its length
        encoding="utf-8",
    )

    imported = expect(
        invoke(runner, "import", "rain.m3u8", "-o", "rain.toml", "--sandbox"), ExitCode.OK
    )

    kaede, wakareuta = tracks_of(tmp_path / "rain.toml")
    assert (kaede["duration"], wakareuta["duration"]) == ("4:26", "7:23")
    assert "lasts 3:41, not 7:23: perhaps another version" in imported.stdout
    assert [e.duration_ms for e in load_list(tmp_path / "rain.toml").entries] == [
        266_000,
        443_000,
    ]
    expect(invoke(runner, "check", "rain.toml"), ExitCode.OK)

    synced = invoke(runner, "sync", "rain.toml", "--sandbox")

    assert synced.exit_code == ExitCode.NEEDS_ATTENTION, synced.output
    assert playlist_uris(tmp_path / "rain.toml", "Rain") == [KAEDE]  # the doubtful one is not
    report = (tmp_path / ".syncer/sandbox/reports/rain.md").read_text(encoding="utf-8")
    assert "the list says it lasts 7:23, this lasts 3:41: わかれうた by" in report
    assert sandbox_account(tmp_path / "rain.toml")["playlists"][0]["name"] == "Rain"
