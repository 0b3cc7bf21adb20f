"""Importing a Spotify playlist (the sandbox's, through spotipy): pins in order, unusable items
reported, and `--adopt` making the next sync a no-op."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import syncer.application.connection as connection
from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.sandbox import DEFAULT_USER_ID
from syncer.sandbox.library import Library
from syncer.session import SpotifySession, open_session
from syncer.state import StateJournal, path_hash

from .import_helpers import expect, invoke, real_rows

# A well-formed track id that is not in the catalog: the playlist shows it as unavailable.
GONE = "spotify:track:0000000000000000000000"


def _account(root: Path) -> Path:
    """Where `--sandbox` runs from `root` keep the sandbox account (see `list_dirs`)."""
    return root / ".syncer" / "sandbox" / "account.json"


def _make_playlist(
    root: Path, uris: list[str], *, owner: str = DEFAULT_USER_ID, description: str = ""
) -> str:
    library = Library(
        user_id=DEFAULT_USER_ID, display_name="Sandbox User", state_file=_account(root)
    )
    playlist = library.create("Night drive", description=description, public=False, owner_id=owner)
    library.add(playlist, uris, None, owner)
    return playlist.id


def _playlist(root: Path, playlist_id: str) -> dict[str, Any]:
    data = json.loads(_account(root).read_text(encoding="utf-8"))
    found: dict[str, Any] = next(p for p in data["playlists"] if p["id"] == playlist_id)
    return found


def test_a_playlist_imports_as_pins_in_order_with_album_and_year_and_reports_what_it_cannot_hold(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = real_rows(6, start=5)
    uris = [row["uri"] for row in rows]
    playlist_id = _make_playlist(tmp_path, [*uris[:3], GONE, *uris[3:]], description="Late.")

    result = expect(
        invoke(runner, "import", f"https://open.spotify.com/playlist/{playlist_id}?si=x", "-o",
               "night.toml", "--sandbox"),
        ExitCode.OK,
    )  # fmt: skip

    songlist = load_list(tmp_path / "night.toml")
    assert [e.uri for e in songlist.entries] == uris
    assert [(e.title, e.artist, e.album) for e in songlist.entries] == [
        (r["name"], r["artists"][0]["name"], r["album"]["name"]) for r in rows
    ]
    assert (songlist.playlist.name, songlist.playlist.description) == ("Night drive", "Late.")
    assert "left out, item 4" in result.stdout
    assert "unavailable" in result.stdout
    assert "6 pinned" in result.stdout


def test_importing_your_playlist_without_adopt_says_a_sync_makes_another_and_how_to_adopt(
    runner: CliRunner, tmp_path: Path
) -> None:
    uris = [row["uri"] for row in real_rows(3, start=21)]
    playlist_id = _make_playlist(tmp_path, uris)

    result = expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "night.toml",
               "--sandbox"),
        ExitCode.OK,
    )  # fmt: skip

    adopt = (
        f"syncer import spotify:playlist:{playlist_id} --output night.toml --sandbox --adopt "
        "--force"
    )
    assert (
        f"You already have a playlist named 'Night drive' ({playlist_id}); the list's first "
        "sync creates another of that name beside it. To have the list manage that one "
        f"instead, import it with --adopt: {adopt}\n"
    ) in result.stdout
    # ...and what it says to run does that: the next sync then creates nothing
    expect(invoke(runner, *adopt.split()[1:]), ExitCode.OK)
    expect(invoke(runner, "sync", "night.toml", "--sandbox"), ExitCode.OK)
    account = json.loads(_account(tmp_path).read_text(encoding="utf-8"))
    assert [p["id"] for p in account["playlists"] if p["name"] == "Night drive"] == [playlist_id]


def test_importing_under_another_name_says_nothing_of_adopting(
    runner: CliRunner, tmp_path: Path
) -> None:
    playlist_id = _make_playlist(tmp_path, [row["uri"] for row in real_rows(2, start=21)])

    result = expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "day.toml",
               "--sandbox", "--name", "Day drive"),
        ExitCode.OK,
    )  # fmt: skip

    assert "--adopt" not in result.stdout


def test_adopt_makes_the_list_manage_the_playlist_and_the_next_sync_changes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    uris = [row["uri"] for row in real_rows(5, start=9)]
    playlist_id = _make_playlist(tmp_path, uris, description="Mine")

    expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "night.toml",
               "--sandbox", "--adopt"),
        ExitCode.OK,
    )  # fmt: skip
    adopted = _playlist(tmp_path, playlist_id)
    night = path_hash((tmp_path / "night.toml").resolve())  # the marker names the new list
    assert adopted["description"] == f"Mine (synced by syncer) [{night}]"

    expect(invoke(runner, "sync", "night.toml", "--sandbox"), ExitCode.OK)

    after = _playlist(tmp_path, playlist_id)
    assert after["version"] == adopted["version"]  # not one write
    assert [e["uri"] for e in after["entries"]] == uris
    state = json.loads((tmp_path / ".syncer/sandbox/night.state.json").read_text("utf-8"))
    assert state["playlist_id"] == playlist_id
    assert sorted(state["managed"]) == sorted(uris)  # the existing tracks count as syncer's

    # ...and, being syncer's own, a track dropped from the list leaves the playlist.
    text = (tmp_path / "night.toml").read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    first = next(i for i, block in enumerate(blocks) if block.startswith("# item 1:"))
    (tmp_path / "night.toml").write_text("\n\n".join(blocks[:first] + blocks[first + 1 :]))
    expect(invoke(runner, "sync", "night.toml", "--sandbox"), ExitCode.OK)
    assert [e["uri"] for e in _playlist(tmp_path, playlist_id)["entries"]] == uris[1:]


def test_without_adopt_the_playlist_is_left_alone_and_sync_makes_its_own(
    runner: CliRunner, tmp_path: Path
) -> None:
    uris = [row["uri"] for row in real_rows(3, start=13)]
    playlist_id = _make_playlist(tmp_path, uris)

    expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "copy.toml", "--sandbox"),
        ExitCode.OK,
    )
    expect(invoke(runner, "sync", "copy.toml", "--sandbox"), ExitCode.OK)

    data = json.loads(_account(tmp_path).read_text(encoding="utf-8"))
    night = [p for p in data["playlists"] if p["name"] == "Night drive"]
    assert len(night) == 2  # the original, untouched, and the list's own
    assert [e["uri"] for e in night[0]["entries"]] == [e["uri"] for e in night[1]["entries"]]
    assert _playlist(tmp_path, playlist_id)["version"] == 2  # created, filled; nothing since


def test_missing_and_foreign_playlists_are_clear_errors_and_write_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    foreign = _make_playlist(tmp_path, [real_rows(1)[0]["uri"]], owner="someone-else")
    cases = {
        "spotify:playlist:1234567890123456789012": "no such playlist",
        f"spotify:playlist:{foreign}": "only of playlists you own or collaborate on",
        "https://open.spotify.com/album/1234567890123456789012": "not a Spotify playlist link",
    }
    for source, message in cases.items():
        result = expect(
            invoke(runner, "import", source, "-o", "out.toml", "--sandbox"), ExitCode.BAD_INPUT
        )
        assert message in result.stderr
        assert not (tmp_path / "out.toml").exists()


def test_a_playlist_another_list_manages_is_not_adopted_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    playlist_id = _make_playlist(tmp_path, [row["uri"] for row in real_rows(2, start=17)])
    link = f"spotify:playlist:{playlist_id}"
    expect(invoke(runner, "import", link, "-o", "a.toml", "--sandbox", "--adopt"), ExitCode.OK)

    result = expect(
        invoke(runner, "import", link, "-o", "b.toml", "--sandbox", "--adopt"), ExitCode.BAD_INPUT
    )

    assert f"cannot adopt playlist {playlist_id}: the list a.toml already manages it" in (
        result.stderr
    )
    assert "two lists cannot manage one playlist; edit that list instead" in result.stderr
    assert not (tmp_path / "b.toml").exists()


def _faulty_sessions(monkeypatch: pytest.MonkeyPatch, faults: str) -> None:
    """The import's sandbox runs with `faults` (as `syncer sync --sandbox-faults` would)."""

    def faulty_session(*args: Any, **kwargs: Any) -> AbstractContextManager[SpotifySession]:
        return open_session(*args, **{**kwargs, "faults": faults})

    monkeypatch.setattr(connection, "open_session", faulty_session)
    monkeypatch.setenv("SYNCER_MAX_WAIT", "1")  # give up on the lost writes quickly


def test_an_adoption_whose_spotify_write_fails_leaves_no_list_file_and_no_state(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uris = [row["uri"] for row in real_rows(3, start=21)]
    playlist_id = _make_playlist(tmp_path, uris, description="Mine")
    _faulty_sessions(monkeypatch, "lost=1")  # every write is dropped unanswered; reads work

    result = expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "night.toml",
               "--sandbox", "--adopt"),
        ExitCode.SPOTIFY_FAILURE,
    )  # fmt: skip

    assert "PUT /playlists/{id}" in result.stderr
    assert not (tmp_path / "night.toml").exists()
    state_file = tmp_path / ".syncer/sandbox/night.state.json"
    if state_file.exists():  # at most the list's claim on its name, never a playlist
        state = json.loads(state_file.read_text("utf-8"))
        assert (state.get("playlist_id"), state.get("managed", [])) == (None, [])


def test_an_adoption_whose_state_cannot_be_saved_puts_the_replaced_list_file_back(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uris = [row["uri"] for row in real_rows(3, start=25)]
    playlist_id = _make_playlist(tmp_path, uris)
    earlier = '[playlist]\nname = "Earlier"\n'
    (tmp_path / "night.toml").write_text(earlier, encoding="utf-8")

    def disk_full(self: StateJournal, playlist_id: str, user_id: str | None) -> None:
        raise OSError(28, "No space left on device", str(self.files.state))

    monkeypatch.setattr(StateJournal, "remember_playlist", disk_full)

    result = expect(
        invoke(runner, "import", f"spotify:playlist:{playlist_id}", "-o", "night.toml",
               "--sandbox", "--adopt", "--force"),
        ExitCode.BAD_INPUT,
    )  # fmt: skip

    assert "No space left on device" in result.stderr
    assert (tmp_path / "night.toml").read_text(encoding="utf-8") == earlier


def test_a_link_to_something_else_or_with_a_broken_id_says_what_is_wrong_with_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    cases = {
        "https://open.spotify.com/album/1234567890123456789012": "a Spotify album link, not a "
        "Spotify playlist link",
        "spotify:track:1234567890123456789012": "a Spotify track link, not a Spotify playlist",
        "https://open.spotify.com/playlist/37i9dQZF1DX0XUsux": "the playlist id "
        "'37i9dQZF1DX0XUsux' is not 22 letters and digits (copy the playlist's link again)",
    }
    for source, message in cases.items():
        result = expect(
            invoke(runner, "import", source, "-o", "out.toml", "--sandbox"), ExitCode.BAD_INPUT
        )
        assert f"{source}: " in result.stderr
        assert message in result.stderr
        assert not (tmp_path / "out.toml").exists()


def test_adopting_another_playlist_forgets_what_the_list_knew_of_its_old_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    old_songs = [row["uri"] for row in real_rows(2, start=29)]
    new_songs = [row["uri"] for row in real_rows(2, start=33)]
    old_id = _make_playlist(tmp_path, old_songs)
    new_id = _make_playlist(tmp_path, new_songs)
    expect(
        invoke(runner, "import", f"spotify:playlist:{old_id}", "-o", "night.toml", "--sandbox",
               "--adopt"),
        ExitCode.OK,
    )  # fmt: skip
    # A person's copy of an old track that a run took away and had still to put back (sync's
    # `restore`): it belongs to the old playlist.
    state_file = tmp_path / ".syncer/sandbox/night.state.json"
    state = json.loads(state_file.read_text("utf-8"))
    state["restore"] = [old_songs[0]]
    state_file.write_text(json.dumps(state), encoding="utf-8")

    expect(
        invoke(runner, "import", f"spotify:playlist:{new_id}", "-o", "night.toml", "--sandbox",
               "--adopt", "--force"),
        ExitCode.OK,
    )  # fmt: skip
    expect(invoke(runner, "sync", "night.toml", "--sandbox"), ExitCode.OK)

    state = json.loads(state_file.read_text("utf-8"))
    assert (state["playlist_id"], state["restore"]) == (new_id, [])
    assert sorted(state["managed"]) == sorted(new_songs)
    assert [e["uri"] for e in _playlist(tmp_path, new_id)["entries"]] == new_songs
