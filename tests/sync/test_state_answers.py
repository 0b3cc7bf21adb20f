"""The journal's batches of resolved entries (`StateJournal` rule 0, issue 22 point 1)."""

from __future__ import annotations

from pathlib import Path

from syncer.model import Resolution, Status
from syncer.state import (
    ANSWER_BATCH,
    ANSWER_BATCH_SECONDS,
    ListState,
    StateJournal,
    fold_answers,
    list_files,
    open_journal,
)


def matched(n: int) -> Resolution:
    return Resolution(status=Status.MATCHED, uri=f"spotify:track:{n:022d}")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def journal_in(tmp_path: Path, clock: Clock) -> StateJournal:
    files = list_files(tmp_path / ".syncer", tmp_path / "songs.toml")
    files.state_dir.mkdir()
    return StateJournal(files, ListState(), clock=clock)


def lines_on_disk(journal: StateJournal) -> int:
    path = journal.files.answers
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def test_answers_are_appended_a_full_batch_at_a_time(tmp_path: Path) -> None:
    journal = journal_in(tmp_path, Clock())

    for n in range(2 * ANSWER_BATCH + 3):
        journal.answered(f"k{n}", matched(n))

    assert lines_on_disk(journal) == 2 * ANSWER_BATCH  # a kill now loses the last 3 only
    journal.flush_answers()
    assert lines_on_disk(journal) == 2 * ANSWER_BATCH + 3


def test_a_batch_is_written_once_its_first_answer_is_old_enough(tmp_path: Path) -> None:
    clock = Clock()
    journal = journal_in(tmp_path, clock)
    journal.answered("a", matched(1))
    clock.now += ANSWER_BATCH_SECONDS

    journal.answered("b", matched(2))

    assert lines_on_disk(journal) == 2


def test_errors_are_not_answers_worth_keeping(tmp_path: Path) -> None:
    journal = journal_in(tmp_path, Clock())

    journal.answered("a", Resolution(status=Status.ERROR, reason="HTTP 503"))
    journal.flush_answers()

    assert lines_on_disk(journal) == 0


def test_a_save_holds_the_answers_and_removes_the_file(tmp_path: Path) -> None:
    journal = journal_in(tmp_path, Clock())
    for n in range(ANSWER_BATCH):
        journal.answered(f"k{n}", matched(n))
        journal.state.matches[f"k{n}"] = matched(n)

    journal.save()

    assert not journal.files.answers.exists()


def test_a_save_while_matching_keeps_the_answers_the_state_file_does_not_hold_yet(
    tmp_path: Path,
) -> None:
    """A first sync's playlist writes save the state while matching goes on (`syncer.sync`);
    the match cache is only updated when matching ends, so a kill after such a save must still
    find every answer appended so far, and those still waiting in the batch are kept too."""
    journal = journal_in(tmp_path, Clock())
    for n in range(ANSWER_BATCH + 2):
        journal.answered(f"k{n}", matched(n))

    with journal.matching():
        journal.state.pending.add(matched(0).uri or "")
        journal.save()
    assert lines_on_disk(journal) == ANSWER_BATCH
    journal.flush_answers()  # matching ended: the 2 still in memory go out

    with open_journal(journal.files.state_dir, tmp_path / "songs.toml") as reopened:
        assert set(reopened.state.matches) == {f"k{n}" for n in range(ANSWER_BATCH + 2)}
        assert reopened.state.pending == {matched(0).uri}


def test_opening_the_list_folds_a_killed_runs_answers_and_skips_a_torn_line(
    tmp_path: Path,
) -> None:
    journal = journal_in(tmp_path, Clock())
    for n in range(ANSWER_BATCH):
        journal.answered(f"k{n}", matched(n))
    with journal.files.answers.open("a", encoding="utf-8") as torn:
        torn.write('{"key": "k99", "match": {"sta')

    with open_journal(journal.files.state_dir, tmp_path / "songs.toml") as reopened:
        assert set(reopened.state.matches) == {f"k{n}" for n in range(ANSWER_BATCH)}
        assert reopened.state.matches["k3"].uri == matched(3).uri
    assert not journal.files.answers.exists()


def test_a_dry_run_reads_the_answers_and_writes_nothing(tmp_path: Path) -> None:
    journal = journal_in(tmp_path, Clock())
    for n in range(ANSWER_BATCH):
        journal.answered(f"k{n}", matched(n))
    state = ListState()

    assert fold_answers(journal.files, state) == ANSWER_BATCH
    dry = StateJournal(journal.files, state, dry_run=True)
    dry.answered("new", matched(7))
    dry.flush_answers()
    assert lines_on_disk(journal) == ANSWER_BATCH
