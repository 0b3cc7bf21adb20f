"""`syncer pin`, `reject`, `skip`, `alias`, `accept` (and `review` outside a terminal).

Each decision edits only the addressed entry of the list file (everything else stays byte for
byte), and the next `syncer sync --sandbox` acts on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.model import Track

from .cli_helpers import (
    ATTENTION_LIST,
    assert_only_entries_changed,
    expect,
    invoke,
    last_report,
    report_entry,
    sandbox_playlists,
)

TEARJERKERS_PLAYLIST = "Tear-jerking Japanese love songs"
# 中島みゆき「わかれうた (ライブ)」 in the default catalog: the live trap next to entry 4.
WAKAREUTA_LIVE = "spotify:track:6WWVJxaIhkXqn4rbjZ4STg"
UNKNOWN_TRACK = "spotify:track:0000000000000000000000"


@pytest.fixture
def tearjerkers(seed_lists: Path) -> Path:
    return seed_lists / "tearjerkers.toml"


@pytest.fixture
def attention_list(tmp_path: Path) -> Path:
    path = tmp_path / "attention.toml"
    path.write_text(ATTENTION_LIST, encoding="utf-8")
    return path


def test_pin_a_link_writes_the_uri_into_that_entry_only_and_sync_uses_it(
    runner: CliRunner, tearjerkers: Path
) -> None:
    before = tearjerkers.read_text(encoding="utf-8")
    link = f"https://open.spotify.com/track/{WAKAREUTA_LIVE.rsplit(':', 1)[1]}?si=abc"

    expect(invoke(runner, "pin", tearjerkers, "4", link, "--sandbox"), ExitCode.OK)

    [entry] = assert_only_entries_changed(before, tearjerkers.read_text(encoding="utf-8"), {4})
    assert f'uri = "{WAKAREUTA_LIVE}"' in entry
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    pinned = report_entry(tearjerkers, 4)
    assert (pinned["status"], pinned["uri"]) == ("pinned", WAKAREUTA_LIVE)
    assert WAKAREUTA_LIVE in sandbox_playlists(tearjerkers)[TEARJERKERS_PLAYLIST]


@pytest.mark.parametrize(
    "uri",
    [
        pytest.param(UNKNOWN_TRACK, id="track-the-sandbox-does-not-know"),
        pytest.param("spotify:album:3JPE0rAfu0MYWL9dCEff4t", id="album-not-track"),
        pytest.param("not a link", id="not-a-link"),
    ],
)
def test_pin_anything_but_a_known_track_exits_2_and_leaves_the_file_alone(
    runner: CliRunner, tearjerkers: Path, uri: str
) -> None:
    before = tearjerkers.read_bytes()

    result = expect(invoke(runner, "pin", tearjerkers, "4", uri, "--sandbox"), ExitCode.BAD_INPUT)

    assert tearjerkers.read_bytes() == before
    assert "error:" in result.stderr


def test_reject_by_title_adds_the_reject_and_sync_never_chooses_that_track_again(
    runner: CliRunner, tearjerkers: Path
) -> None:
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    studio = report_entry(tearjerkers, 4)["uri"]
    assert studio is not None
    before = tearjerkers.read_text(encoding="utf-8")

    expect(invoke(runner, "reject", tearjerkers, "わかれうた", studio), ExitCode.OK)

    [entry] = assert_only_entries_changed(before, tearjerkers.read_text(encoding="utf-8"), {4})
    assert studio in entry
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    after = report_entry(tearjerkers, 4)
    assert after["uri"] != studio
    assert after["status"] != "matched" or after["uri"] != WAKAREUTA_LIVE, "never the live trap"
    assert studio not in sandbox_playlists(tearjerkers)[TEARJERKERS_PLAYLIST]
    assert [c["rejected_by_user"] for c in after["candidates"] if c["uri"] == studio] in (
        [],
        [True],
    )


def test_skip_marks_the_entry_and_sync_stops_reporting_it(
    runner: CliRunner, tearjerkers: Path
) -> None:
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    before = tearjerkers.read_text(encoding="utf-8")

    expect(
        invoke(runner, "skip", tearjerkers, "2", "--reason", "not on Spotify in JP"), ExitCode.OK
    )

    [entry] = assert_only_entries_changed(before, tearjerkers.read_text(encoding="utf-8"), {2})
    assert 'skip = "not on Spotify in JP"' in entry
    # The only entry that needed attention is now skipped: the run is clean.
    expect(invoke(runner, "sync", tearjerkers, "--sandbox"), ExitCode.OK)
    assert report_entry(tearjerkers, 2)["status"] == "skipped"
    assert last_report(tearjerkers)["totals"]["skipped"] == 1


def test_alias_adds_a_title_to_search_with_and_sync_then_finds_the_song(
    runner: CliRunner, attention_list: Path
) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    assert report_entry(attention_list, 3)["status"] == "unmatched"  # "Maple" by "Spitz"
    before = attention_list.read_text(encoding="utf-8")

    expect(invoke(runner, "alias", attention_list, "Maple", "楓"), ExitCode.OK)

    [entry] = assert_only_entries_changed(before, attention_list.read_text(encoding="utf-8"), {3})
    assert 'aliases = ["楓"]' in entry
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    found = report_entry(attention_list, 3)
    assert found["status"] == "matched"
    assert found["candidates"][0]["name"] == "楓"


def test_alias_artist_adds_an_artist_alias(runner: CliRunner, attention_list: Path) -> None:
    before = attention_list.read_text(encoding="utf-8")

    expect(invoke(runner, "alias", attention_list, "3", "スピッツ", "--artist"), ExitCode.OK)

    [entry] = assert_only_entries_changed(before, attention_list.read_text(encoding="utf-8"), {3})
    assert 'artist_aliases = ["スピッツ"]' in entry


def test_accept_all_review_pins_each_review_entry_to_its_best_candidate_only(
    runner: CliRunner, attention_list: Path
) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    review = {
        e["index"]: e["candidates"][0]["uri"]
        for e in last_report(attention_list)["entries"]
        if e["status"] == "review"
    }
    assert review, "the attention list should leave entries for review"
    before = attention_list.read_text(encoding="utf-8")

    result = expect(
        invoke(runner, "accept", attention_list, "--all-review", "--sandbox"), ExitCode.OK
    )

    changed = assert_only_entries_changed(
        before, attention_list.read_text(encoding="utf-8"), set(review)
    )
    for text, uri in zip(changed, review.values(), strict=True):
        assert f'uri = "{uri}"' in text
    assert f"{len(review)} review entries accepted" in result.stdout
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    playlist = sandbox_playlists(attention_list)["Needs attention"]
    for index, uri in review.items():
        assert (
            report_entry(attention_list, index)["status"],
            report_entry(attention_list, index)["uri"],
        ) == ("pinned", uri)
        assert uri in playlist


def test_accept_one_entry_pins_only_that_entry(runner: CliRunner, attention_list: Path) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    first_review = next(
        e for e in last_report(attention_list)["entries"] if e["status"] == "review"
    )
    before = attention_list.read_text(encoding="utf-8")

    expect(
        invoke(runner, "accept", attention_list, str(first_review["index"]), "--sandbox"),
        ExitCode.OK,
    )

    [entry] = assert_only_entries_changed(
        before, attention_list.read_text(encoding="utf-8"), {first_review["index"]}
    )
    assert first_review["candidates"][0]["uri"] in entry


def test_accept_needs_an_entry_or_all_review(runner: CliRunner, attention_list: Path) -> None:
    result = expect(invoke(runner, "accept", attention_list, "--sandbox"), ExitCode.BAD_INPUT)

    assert "--all-review" in result.stderr


def test_accept_before_any_sync_exits_2(runner: CliRunner, attention_list: Path) -> None:
    result = expect(
        invoke(runner, "accept", attention_list, "--all-review", "--sandbox"), ExitCode.BAD_INPUT
    )

    assert "syncer sync" in result.stderr


def test_accept_refuses_when_the_list_changed_since_the_report(
    runner: CliRunner, attention_list: Path
) -> None:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    moved = attention_list.read_text(encoding="utf-8").replace('title = "Finally"', 'title = "Fin"')
    attention_list.write_text(moved, encoding="utf-8")

    result = expect(
        invoke(runner, "accept", attention_list, "--all-review", "--sandbox"), ExitCode.BAD_INPUT
    )

    assert "changed since the last sync" in result.stderr
    assert attention_list.read_text(encoding="utf-8") == moved


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["reject", "9", UNKNOWN_TRACK], id="reject-index-out-of-range"),
        pytest.param(["skip", "No Such Song"], id="skip-unknown-title"),
        pytest.param(["alias", "-1", "x"], id="alias-negative-index"),
        pytest.param(["pin", "99", UNKNOWN_TRACK, "--sandbox"], id="pin-index-out-of-range"),
    ],
)
def test_decisions_on_an_entry_that_does_not_exist_exit_2_and_edit_nothing(
    runner: CliRunner, tearjerkers: Path, args: list[str]
) -> None:
    before = tearjerkers.read_bytes()

    result = invoke(runner, args[0], tearjerkers, *args[1:])

    expect(result, ExitCode.BAD_INPUT)
    assert tearjerkers.read_bytes() == before


def test_reject_something_that_is_not_a_track_exits_2(runner: CliRunner, tearjerkers: Path) -> None:
    before = tearjerkers.read_bytes()

    result = expect(
        invoke(runner, "reject", tearjerkers, "4", "https://open.spotify.com/album/x"),
        ExitCode.BAD_INPUT,
    )

    assert "not a Spotify track" in result.stderr
    assert tearjerkers.read_bytes() == before


def test_review_outside_a_terminal_exits_2_and_points_to_the_script_commands(
    runner: CliRunner, tearjerkers: Path
) -> None:
    result = expect(invoke(runner, "review", tearjerkers, "--sandbox"), ExitCode.BAD_INPUT)

    assert "needs a terminal" in result.stderr
    assert "syncer pin" in result.stderr


def test_pin_refuses_when_the_list_changes_while_the_track_is_checked(
    runner: CliRunner, tearjerkers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone inserts an entry above entry 4 while `pin` asks Spotify about the track: index 4
    # now names another song, so writing the pin would put it on the wrong entry.
    from syncer.application.decisions import TrackLookup

    confirm = TrackLookup.__call__

    def confirm_while_the_user_edits(lookup: TrackLookup, text: str) -> Track:
        track = confirm(lookup, text)
        text = tearjerkers.read_text(encoding="utf-8")
        first = text.index("[[tracks]]")
        inserted = '[[tracks]]\ntitle = "新しい曲"\nartist = "誰か"\n\n'
        tearjerkers.write_text(text[:first] + inserted + text[first:], encoding="utf-8")
        return track

    monkeypatch.setattr(TrackLookup, "__call__", confirm_while_the_user_edits)

    result = expect(
        invoke(runner, "pin", tearjerkers, "4", WAKAREUTA_LIVE, "--sandbox"), ExitCode.BAD_INPUT
    )

    assert "changed" in result.stderr
    assert WAKAREUTA_LIVE not in tearjerkers.read_text(encoding="utf-8")
