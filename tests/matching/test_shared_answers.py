"""The answers of one run are shared by its entries (`SharedAnswers`): a question another entry
already asked is not sent again, and no decision depends on whether an answer was shared."""

from __future__ import annotations

import threading

import pytest

from syncer.match import Thresholds, Weights
from syncer.model import Resolution, Track
from syncer.resolve import SharedAnswers, resolve

from .matching_fakes import FakeSearch, make_entry, make_track

SPITZ = [
    make_track(f"spitz{i}", name, "スピッツ", album="フェイクファー")
    for i, name in enumerate(["楓", "スカーレット", "ロビンソン", "空も飛べるはず", "チェリー"])
]
# Songs the catalog lacks by an artist it holds, and songs it has, written as lists write them:
# each absent one reads the artist's own tracks (its title may be romaji or a translation).
ENTRIES = [("Haru no uta", "スピッツ"), ("Aoi kuruma", "スピッツ"), ("楓", "スピッツ")] * 2


def resolve_all(search: FakeSearch, answers: SharedAnswers | None) -> list[Resolution]:
    return [
        resolve(
            make_entry(title, artist),
            search,
            market="JP",
            weights=Weights(),
            thresholds=Thresholds(),
            answers=answers,
        )
        for title, artist in ENTRIES
    ]


def test_a_question_another_entry_asked_is_not_sent_again() -> None:
    alone = FakeSearch(tracks=list(SPITZ))
    shared = FakeSearch(tracks=list(SPITZ))

    each_alone = resolve_all(alone, None)
    one_run = resolve_all(shared, SharedAnswers())

    assert len(set(shared.queries)) == len(shared.queries), "every question sent once"
    assert set(shared.queries) == set(alone.queries)
    assert len(shared.queries) < len(alone.queries)
    assert sum(r.searches for r in one_run) == len(shared.queries)
    assert sum(r.searches for r in each_alone) == len(alone.queries)


def test_sharing_answers_changes_no_decision_and_no_query_shown() -> None:
    each_alone = resolve_all(FakeSearch(tracks=list(SPITZ)), None)
    one_run = resolve_all(FakeSearch(tracks=list(SPITZ)), SharedAnswers())

    assert [(r.status, r.uri, r.reason, r.queries) for r in one_run] == [
        (r.status, r.uri, r.reason, r.queries) for r in each_alone
    ]
    # The repeated entries sent nothing: their questions were all answered already.
    assert [r.searches for r in one_run[3:]] == [0, 0, 0]


def test_entries_asking_at_once_wait_for_one_request() -> None:
    answers = SharedAnswers()
    release = threading.Event()
    sent: list[int] = []
    got: list[list[Track]] = []

    def send() -> list[Track]:
        sent.append(1)
        release.wait(5)
        return [SPITZ[0]]

    def ask() -> None:
        found, _ = answers.ask(("artist:x", "ja", "JP", 10, 0), send)
        got.append(found)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)

    assert sent == [1]
    assert got == [[SPITZ[0]]] * 4


def test_a_failed_request_is_not_remembered() -> None:
    answers = SharedAnswers()
    key = ("artist:x", "ja", "JP", 10, 0)

    def fail() -> list[Track]:
        raise ConnectionError("reset")

    with pytest.raises(ConnectionError):
        answers.ask(key, fail)

    assert answers.ask(key, lambda: [SPITZ[1]]) == ([SPITZ[1]], True)
    assert answers.ask(key, fail) == ([SPITZ[1]], False)


def test_only_the_most_recent_answers_are_kept() -> None:
    answers = SharedAnswers(capacity=2)
    for query in ("a", "b", "c"):
        answers.ask((query, "ja", None, 10, 0), lambda: [])

    assert answers.ask(("c", "ja", None, 10, 0), lambda: [SPITZ[0]]) == ([], False)
    assert answers.ask(("a", "ja", None, 10, 0), lambda: [SPITZ[0]]) == ([SPITZ[0]], True)
