"""Recording decisions (`syncer.application.decisions`), the use cases behind `syncer pin`,
`reject`, `skip`, `alias`, `accept`, `review` and the page's buttons: each changes the list
file at the addressed entry only, and refuses to land on another entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncer.application import SyncOptions, Where, decisions, sync_lists
from syncer.application.decisions import ReportedEntry
from syncer.cli.messages import worded
from syncer.config import Settings
from syncer.errors import FileChanged, LockedError, Refusal, Refused
from syncer.lists import load_list
from syncer.model import Track
from syncer.state import ListLock

from ..cli.cli_helpers import ATTENTION_LIST

WAKAREUTA_LIVE = "spotify:track:6WWVJxaIhkXqn4rbjZ4STg"
HIMAWARI = "spotify:track:45jGOHwYKgsRYbAJ8DR61d"
SANDBOX = Where(sandbox=True)


@pytest.fixture
def tearjerkers(seed_lists: Path) -> Path:
    return seed_lists / "tearjerkers.toml"


def blocks(path: Path) -> list[str]:
    """The file's text cut at each entry: to see which parts an edit changed."""
    return path.read_text(encoding="utf-8").split("[[tracks]]")


def changed_blocks(before: list[str], after: list[str]) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def test_each_decision_changes_the_addressed_entry_only(tearjerkers: Path) -> None:
    before = blocks(tearjerkers)

    pinned = decisions.pin(tearjerkers, "4", WAKAREUTA_LIVE)
    rejected = decisions.reject(tearjerkers, "1", [HIMAWARI, WAKAREUTA_LIVE])
    skipped = decisions.skip(tearjerkers, "2", "not on Spotify in JP")
    aliased = decisions.alias(tearjerkers, "3", "Ren", artist=True)

    entries = load_list(tearjerkers).entries
    assert [e.index for e in (pinned, rejected, skipped, aliased)] == [4, 1, 2, 3]
    assert entries[4].uri == WAKAREUTA_LIVE
    assert set(entries[1].reject) == {HIMAWARI, WAKAREUTA_LIVE}
    assert entries[2].skip == "not on Spotify in JP"
    assert "Ren" in entries[3].artist_aliases
    assert changed_blocks(before, blocks(tearjerkers)) == [2, 3, 4, 5]  # block 0 is the header


def test_an_entry_is_addressed_by_index_or_title(tearjerkers: Path) -> None:
    title = load_list(tearjerkers).entries[4].title

    assert decisions.skip(tearjerkers, title).index == 4


def test_a_decision_on_an_entry_the_list_no_longer_has_where_the_report_saw_it_is_refused(
    tearjerkers: Path,
) -> None:
    entry = load_list(tearjerkers).entries[4]
    reported = ReportedEntry(4, entry.title, entry.artist)
    text = tearjerkers.read_text(encoding="utf-8")
    first = text.index("[[tracks]]")
    tearjerkers.write_text(
        text[:first] + '[[tracks]]\ntitle = "新しい曲"\nartist = "誰か"\n\n' + text[first:],
        encoding="utf-8",
    )
    edited = tearjerkers.read_bytes()

    with pytest.raises(Refused) as refused:
        decisions.pin(tearjerkers, reported, WAKAREUTA_LIVE)

    assert refused.value.refusal is Refusal.REPORT_OUTDATED
    assert tearjerkers.read_bytes() == edited


def test_a_pasted_link_is_checked_first_and_a_file_edited_meanwhile_is_left_alone(
    tearjerkers: Path,
) -> None:
    def lookup_while_someone_edits(link: str) -> Track:
        tearjerkers.write_text(tearjerkers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return Track(id=WAKAREUTA_LIVE.rsplit(":", 1)[1], name="別れ歌", artists=("someone",))

    with pytest.raises(FileChanged):
        decisions.pin_pasted(tearjerkers, "4", WAKAREUTA_LIVE, lookup_while_someone_edits)

    assert load_list(tearjerkers).entries[4].uri is None


def test_a_pasted_link_pins_the_track_spotify_confirmed(tearjerkers: Path) -> None:
    confirmed = Track(id=WAKAREUTA_LIVE.rsplit(":", 1)[1], name="別れ歌", artists=("someone",))

    pinned = decisions.pin_pasted(tearjerkers, "4", "pasted text", lambda _text: confirmed)

    assert (pinned.entry.index, pinned.track) == (4, confirmed)
    assert load_list(tearjerkers).entries[4].uri == WAKAREUTA_LIVE


def test_accept_best_pins_each_review_entry_to_its_first_candidate(tmp_path: Path) -> None:
    songs = tmp_path / "attention.toml"
    songs.write_text(ATTENTION_LIST, encoding="utf-8")
    sync_lists([songs], where=SANDBOX, settings=Settings(), options=SyncOptions(), words=worded)
    waiting = decisions.needing_attention(songs, SANDBOX, Settings())
    review = [item for item in waiting if item["status"] == "review"]
    assert len(review) >= 2

    accepted = list(decisions.accept_best(songs, SANDBOX, Settings()))

    assert [(a.entry.index, a.candidate["uri"]) for a in accepted] == [
        (item["index"], item["candidates"][0]["uri"]) for item in review
    ]
    entries = load_list(songs).entries
    assert all(entries[a.entry.index].uri == a.candidate["uri"] for a in accepted)


def test_needing_attention_without_a_report_is_refused(tearjerkers: Path) -> None:
    with pytest.raises(Refused) as refused:
        decisions.needing_attention(tearjerkers, SANDBOX, Settings())

    assert refused.value.refusal is Refusal.NO_REPORT_TO_READ


def test_a_decision_under_the_lists_lock_is_refused_while_a_sync_holds_it(
    tearjerkers: Path,
) -> None:
    state = tearjerkers.parent / ".syncer" / "sandbox"
    before = tearjerkers.read_bytes()

    with (
        ListLock(state, tearjerkers),  # a sync of the list runs
        pytest.raises(LockedError),
        decisions.list_locked(tearjerkers, SANDBOX, Settings()),
    ):
        decisions.skip(tearjerkers, "2")

    assert tearjerkers.read_bytes() == before
    with decisions.list_locked(tearjerkers, SANDBOX, Settings()):  # no sync: it goes through
        decisions.skip(tearjerkers, "2")
    assert load_list(tearjerkers).entries[2].skip == "not on Spotify"
