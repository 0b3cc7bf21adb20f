"""Specification of the per-list state file, the match cache and the list lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncer.cli.messages import describe
from syncer.errors import LockedError, StateError, StateOfAnotherList
from syncer.model import Candidate, Entry, Penalty, Resolution, Status, Track
from syncer.state import (
    ListLock,
    ListState,
    StateJournal,
    list_files,
    load_state,
    lock_path,
    match_cache_key,
    open_journal,
    resolution_from_json,
    resolution_to_json,
    save_state,
    state_path,
)
from tests.words import raises_worded

SPITZ = Track(
    id="6rqhFgbbKwnb9MLmUQDhG6",
    name="チェリー",
    artists=("スピッツ",),
    album="インディゴ地平線",
    duration_ms=262_000,
    release_date="1996-10-23",
    isrc="JPPO09600250",
    artist_ids=("0ra3x1AyLcV0OBfnQmgHpr",),
    explicit=False,
    alt_names=("Cherry",),
    alt_artists=("Spitz",),
    alt_album_names=("Indigo Chiheisen",),
)
COVER = Track(id="1111111111111111111111", name="チェリー", artists=("Someone",))

MATCHED = Resolution(
    status=Status.MATCHED,
    uri=SPITZ.uri,
    reason="title and artist agree",
    candidates=(
        Candidate(SPITZ, 0.97, (Penalty("title", 0.0, 3.0), Penalty("year", 0.125, 0.5)), False),
        Candidate(COVER, 0.41, (Penalty("artist", 1.0, 3.0),), rejected_by_user=True),
    ),
    queries=('track:"チェリー" artist:"スピッツ"', "チェリー スピッツ"),
)

ENTRY = Entry(
    index=3,
    title="チェリー",
    artist="スピッツ",
    album="インディゴ地平線",
    year=1996,
    isrc="JPPO09600250",
    aliases=("Cherry",),
    artist_aliases=("Spitz",),
    uri=None,
    skip=None,
    reject=("spotify:track:1111111111111111111111",),
    note="karaoke favourite",
    line=12,
)

FIXED_NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def a_state() -> ListState:
    return ListState(
        playlist_id="37i9dQZF1DXcBWIGoYBM5M",
        managed={SPITZ.uri, COVER.uri},
        matches={"k1": MATCHED, "k2": Resolution(Status.UNMATCHED, reason="no candidate")},
        user_id="hana",
        snapshot_id="AAAACG9jmE4O/USJ4XSA7mfhfXkaxawY",
        contents=[SPITZ.uri, None, COVER.uri],
        list_path="lists/tearjerkers.toml",
        last_run={"finished_at": "2026-11-20T03:00:00+00:00"},
        pending={COVER.uri},
    )


# --- paths ----------------------------------------------------------------------------------


def test_state_paths_are_per_list_inside_the_state_dir(tmp_path: Path) -> None:
    list_file = tmp_path / "lists" / "tearjerkers.toml"

    assert state_path(tmp_path / "s", list_file) == tmp_path / "s" / "tearjerkers.state.json"
    assert lock_path(tmp_path / "s", list_file) == tmp_path / "s" / "tearjerkers.lock"


def make_list(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[playlist]\nname = "x"\n', encoding="utf-8")
    return path


def claim(state_dir: Path, list_file: Path) -> None:
    with open_journal(state_dir, list_file):
        pass


def test_a_list_whose_file_name_is_unique_keeps_the_plain_names(tmp_path: Path) -> None:
    work = make_list(tmp_path / "work" / "sorrow.toml")

    claim(tmp_path / "s", work)

    files = list_files(tmp_path / "s", work)
    assert files.name == "sorrow"
    assert load_state(tmp_path / "s" / "sorrow.state.json").list_path == "../work/sorrow.toml"


def test_a_second_list_of_the_same_file_name_gets_a_name_of_its_own(tmp_path: Path) -> None:
    work = make_list(tmp_path / "work" / "sorrow.toml")
    home = make_list(tmp_path / "home" / "sorrow.toml")
    claim(tmp_path / "s", work)

    claim(tmp_path / "s", home)

    work_files, home_files = list_files(tmp_path / "s", work), list_files(tmp_path / "s", home)
    assert work_files.name == "sorrow"
    assert home_files.name.startswith("sorrow-")
    assert len(home_files.name) == len("sorrow-") + 8
    assert home_files.state.is_file()
    assert home_files.lock != work_files.lock
    assert load_state(home_files.state).list_path == "../home/sorrow.toml"


def test_a_list_whose_state_records_a_list_that_is_gone_is_refused(tmp_path: Path) -> None:
    old = make_list(tmp_path / "old" / "sorrow.toml")
    new = make_list(tmp_path / "new" / "sorrow.toml")
    claim(tmp_path / "s", old)
    before = (tmp_path / "s" / "sorrow.state.json").read_bytes()
    old.unlink()

    with pytest.raises(StateOfAnotherList) as refused:
        claim(tmp_path / "s", new)

    assert (refused.value.owner, refused.value.list_path) == (old.resolve(), new.resolve())
    assert (tmp_path / "s" / "sorrow.state.json").read_bytes() == before


def test_a_dry_run_journal_creates_and_writes_nothing(tmp_path: Path) -> None:
    work = make_list(tmp_path / "work" / "sorrow.toml")

    with open_journal(tmp_path / "s", work, dry_run=True) as journal:
        journal.before_add(["spotify:track:" + "a" * 22])
        journal.after_add(["spotify:track:" + "a" * 22])
        journal.remember([], "snap")

    assert not (tmp_path / "s").exists()


def journal_in(tmp_path: Path) -> StateJournal:
    work = make_list(tmp_path / "work" / "sorrow.toml")
    return StateJournal(list_files(tmp_path / "s", work), ListState(snapshot_id="s1", contents=[]))


def saved(journal: StateJournal) -> ListState:
    return load_state(journal.files.state)


def test_journal_forgets_the_snapshot_on_disk_before_the_first_write(tmp_path: Path) -> None:
    journal = journal_in(tmp_path)

    journal.before_write()

    assert saved(journal).snapshot_id is None
    assert saved(journal).contents is None


def test_journal_marks_an_addition_pending_before_sending_and_managed_once_confirmed(
    tmp_path: Path,
) -> None:
    journal = journal_in(tmp_path)

    journal.before_add([SPITZ.uri])
    assert (saved(journal).pending, saved(journal).managed) == ({SPITZ.uri}, set())

    journal.after_add([SPITZ.uri])
    assert (saved(journal).pending, saved(journal).managed) == (set(), {SPITZ.uri})


def test_journal_leaves_no_mark_for_a_refused_addition(tmp_path: Path) -> None:
    journal = journal_in(tmp_path)
    journal.before_add([SPITZ.uri])

    journal.add_refused([SPITZ.uri])

    assert (saved(journal).pending, saved(journal).managed) == (set(), set())


@pytest.mark.parametrize(
    ("playlist", "managed"),
    [
        pytest.param([SPITZ.uri, None], {SPITZ.uri}, id="landed-is-ours"),
        pytest.param([COVER.uri], set(), id="absent-was-never-added"),
    ],
)
def test_journal_settles_pending_additions_by_what_a_read_shows(
    tmp_path: Path, playlist: list[str | None], managed: set[str]
) -> None:
    journal = journal_in(tmp_path)
    journal.before_add([SPITZ.uri])

    journal.settle(playlist)

    assert journal.state.pending == set()
    assert journal.state.managed == managed


def test_playlists_of_other_lists_follow_each_save_of_their_state(tmp_path: Path) -> None:
    state_dir = tmp_path / "s"
    mine, other, third = (make_list(tmp_path / f"{n}.toml") for n in ("a", "b", "c"))
    for path, playlist_id in ((mine, "mine"), (other, "p1"), (third, "p3")):
        save_state(list_files(state_dir, path).state, ListState(playlist_id=playlist_id))
    journal = StateJournal(list_files(state_dir, mine), ListState(playlist_id="mine"))
    assert journal.playlists_of_other_lists() == {"p1", "p3"}

    for moved_to in ("p2", "p4", None, "p5"):  # the other list moves on, save after save
        save_state(list_files(state_dir, other).state, ListState(playlist_id=moved_to))
        expected = {"p3"} | ({moved_to} if moved_to else set())
        assert journal.playlists_of_other_lists() == expected
    list_files(state_dir, third).state.write_text("{not json", encoding="utf-8")
    assert journal.playlists_of_other_lists() == {"p5"}
    list_files(state_dir, other).state.unlink()
    assert journal.playlists_of_other_lists() == set()


# --- load and save --------------------------------------------------------------------------


def test_load_state_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_state(tmp_path / "nothing.state.json") == ListState()


def test_save_then_load_round_trips_every_field(tmp_path: Path) -> None:
    path = tmp_path / ".syncer" / "tearjerkers.state.json"
    state = a_state()

    save_state(path, state, now=lambda: FIXED_NOW)

    loaded = load_state(path)
    assert loaded == state


def test_save_state_writes_readable_json_with_japanese_as_is(tmp_path: Path) -> None:
    path = tmp_path / "l.state.json"

    save_state(path, a_state(), now=lambda: FIXED_NOW)

    text = path.read_text(encoding="utf-8")
    assert "チェリー" in text
    document = json.loads(text)
    lines = text.splitlines()
    # One top-level key a line and one cached match a line, for people and diffs.
    assert [line.split(":")[0].strip() for line in lines[1:-1] if line.startswith('  "')] == [
        json.dumps(key) for key in document
    ]
    for key in document["matches"]:
        assert sum(line.startswith(f"    {json.dumps(key)}: {{") for line in lines) == 1
    assert document["version"] == 1
    assert document["saved_at"] == "2026-11-21T03:00:00+00:00"
    assert document["managed"] == sorted(a_state().managed)


def test_save_state_never_stores_an_error_decision(tmp_path: Path) -> None:
    path = tmp_path / "l.state.json"
    state = ListState(
        matches={
            "ok": MATCHED,
            "failed": Resolution(Status.ERROR, reason="HTTP 503"),
            "dup": Resolution(Status.DUPLICATE, uri=SPITZ.uri),
        }
    )

    save_state(path, state)

    assert set(load_state(path).matches) == {"ok"}


def test_a_cached_match_replaced_between_saves_is_saved_anew(tmp_path: Path) -> None:
    path = tmp_path / "l.state.json"
    state = ListState(matches={"k": MATCHED})
    save_state(path, state)
    rematched = replace(MATCHED, uri=COVER.uri, reason="chosen by hand")

    state.matches["k"] = rematched
    save_state(path, state)

    assert load_state(path).matches == {"k": replace(rematched, searches=0)}


def test_save_state_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "l.state.json"
    save_state(path, ListState(playlist_id="first"))

    save_state(path, ListState(playlist_id="second"))

    assert [p.name for p in tmp_path.iterdir()] == ["l.state.json"]
    assert load_state(path).playlist_id == "second"


def test_save_state_failing_keeps_the_previous_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "l.state.json"
    save_state(path, ListState(playlist_id="kept"))

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with raises_worded(StateError, match="cannot write state file .*No space left"):
        save_state(path, ListState(playlist_id="lost"))

    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["l.state.json"]
    assert load_state(path).playlist_id == "kept"


CORRUPT_FILES = [
    pytest.param(
        b'{"format": "syncer list state", "version": 1, "manag', "not valid JSON", id="truncated"
    ),
    pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="binary"),
    pytest.param(b"[1, 2, 3]", "must be a JSON object", id="not-an-object"),
    pytest.param(b'{"playlist_id": "x"}', "not a syncer state file", id="no-format"),
    pytest.param(
        b'{"format": "syncer list state", "version": 99}',
        "unknown format version 99",
        id="newer-version",
    ),
    pytest.param(
        b'{"format": "syncer list state", "version": 1, "managed": "spotify:track:x"}',
        "managed must be a list of strings",
        id="managed-not-a-list",
    ),
    pytest.param(
        b'{"format": "syncer list state", "version": 1, "matches": {"k": {"status": "great"}}}',
        "matches.k: unknown status 'great'",
        id="bad-status",
    ),
]


@pytest.mark.parametrize(("content", "problem"), CORRUPT_FILES)
def test_load_state_of_a_corrupt_file_is_an_error_and_leaves_it_untouched(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "l.state.json"
    path.write_bytes(content)

    with pytest.raises(StateError) as caught:
        load_state(path)

    assert caught.value.path == path
    assert str(path) in describe(caught.value)
    assert problem in describe(caught.value)
    assert path.read_bytes() == content


def test_load_state_of_an_unreadable_path_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "l.state.json"
    path.mkdir()

    with raises_worded(StateError, match="cannot read state file"):
        load_state(path)


# --- the match cache ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "resolution",
    [
        pytest.param(MATCHED, id="matched-with-candidates"),
        pytest.param(Resolution(Status.PINNED, uri=SPITZ.uri), id="pinned"),
        pytest.param(Resolution(Status.SKIPPED, reason="not on Spotify"), id="skipped"),
        pytest.param(
            Resolution(Status.REVIEW, uri=COVER.uri, candidates=MATCHED.candidates[1:]),
            id="review",
        ),
        pytest.param(Resolution(Status.UNMATCHED, reason="nothing close"), id="unmatched"),
    ],
)
def test_resolution_json_round_trips_through_text(resolution: Resolution) -> None:
    text = json.dumps(resolution_to_json(resolution), ensure_ascii=False)

    assert resolution_from_json(json.loads(text)) == resolution


def test_resolution_json_does_not_keep_the_search_count() -> None:
    searched = replace(MATCHED, searches=4)

    assert resolution_from_json(resolution_to_json(searched)) == replace(searched, searches=0)


def test_resolution_from_json_rejects_a_malformed_track() -> None:
    document = resolution_to_json(MATCHED)
    document["candidates"][0]["track"]["duration_ms"] = "long"

    with pytest.raises(ValueError, match="duration_ms"):
        resolution_from_json(document)


def test_match_cache_key_is_stable_and_hex() -> None:
    key = match_cache_key(ENTRY, "JP", "1")

    assert key == match_cache_key(replace(ENTRY), "JP", "1")
    assert len(key) == 32
    int(key, 16)


def test_match_cache_key_is_the_one_state_files_already_hold() -> None:
    # Keys written by earlier versions must still be found: a changed encoding would make
    # every cached match a miss (a full cold run) without any test noticing otherwise.
    assert match_cache_key(ENTRY, "JP", "1") == "e48b8caed7d2da2d5b3d64a93b4d3976"
    timed = replace(ENTRY, duration_ms=215000)
    assert match_cache_key(timed, None, "17") == "480f7cef6c6e952f46653d8c37a56596"


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param(replace(ENTRY, title="チェリー (Live)"), id="title"),
        pytest.param(replace(ENTRY, artist="Spitz"), id="artist"),
        pytest.param(replace(ENTRY, aliases=()), id="aliases"),
        pytest.param(replace(ENTRY, artist_aliases=("spitz",)), id="artist_aliases"),
        pytest.param(replace(ENTRY, album=None), id="album"),
        pytest.param(replace(ENTRY, year=1997), id="year"),
        pytest.param(replace(ENTRY, isrc=None), id="isrc"),
        pytest.param(replace(ENTRY, uri=SPITZ.uri), id="uri"),
        pytest.param(replace(ENTRY, reject=()), id="reject"),
        pytest.param(replace(ENTRY, skip="not on Spotify"), id="skip"),
    ],
)
def test_match_cache_key_changes_with_each_field_that_can_change_the_match(
    changed: Entry,
) -> None:
    assert match_cache_key(changed, "JP", "1") != match_cache_key(ENTRY, "JP", "1")


def test_match_cache_key_changes_with_market_and_matcher_version() -> None:
    key = match_cache_key(ENTRY, "JP", "1")

    assert match_cache_key(ENTRY, "US", "1") != key
    assert match_cache_key(ENTRY, None, "1") != key
    assert match_cache_key(ENTRY, "JP", "2") != key


def test_match_cache_key_ignores_note_index_and_line() -> None:
    moved = replace(ENTRY, index=40, line=300, note="moved to the end")

    assert match_cache_key(moved, "JP", "1") == match_cache_key(ENTRY, "JP", "1")


def test_retain_matches_forgets_entries_no_longer_listed() -> None:
    state = a_state()

    state.retain_matches(["k2", "gone"])

    assert set(state.matches) == {"k2"}


# --- the lock -------------------------------------------------------------------------------

LIST_FILE = Path("lists/tearjerkers.toml")


def test_list_lock_refuses_a_second_holder_in_the_same_process(tmp_path: Path) -> None:
    with ListLock(tmp_path, LIST_FILE):
        with pytest.raises(LockedError) as caught, ListLock(tmp_path, LIST_FILE):
            pass
        assert caught.value.holder == os.getpid()
        assert "tearjerkers.toml" in describe(caught.value)
        assert f"pid {os.getpid()}" in describe(caught.value)


def test_list_lock_is_released_on_exit_and_on_error(tmp_path: Path) -> None:
    with ListLock(tmp_path, LIST_FILE):
        pass
    with pytest.raises(RuntimeError, match="boom"), ListLock(tmp_path, LIST_FILE):
        raise RuntimeError("boom")

    with ListLock(tmp_path, LIST_FILE) as again:
        assert again.path.exists()


def test_list_lock_is_per_list(tmp_path: Path) -> None:
    with ListLock(tmp_path, LIST_FILE), ListLock(tmp_path, Path("lists/rock-ballads.toml")):
        pass


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from syncer.state import ListLock

    with ListLock(Path(sys.argv[1]), Path("lists/tearjerkers.toml")):
        print("locked", flush=True)
        sys.stdin.read()
    """
)


def start_holder(state_dir: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(state_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_list_lock_refuses_while_another_process_holds_it_and_names_its_pid(
    tmp_path: Path,
) -> None:
    holder = start_holder(tmp_path)
    try:
        with (
            raises_worded(LockedError, match=f"pid {holder.pid}"),
            ListLock(tmp_path, LIST_FILE),
        ):
            pass
    finally:
        holder.communicate("", timeout=10)

    with ListLock(tmp_path, LIST_FILE):
        pass


def test_list_lock_left_behind_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    holder = start_holder(tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path(tmp_path, LIST_FILE).read_text().strip() == str(holder.pid)

    with ListLock(tmp_path, LIST_FILE):
        pass
