"""What the page says about a candidate, made from the report (pure)."""

from __future__ import annotations

from syncer.model import Entry
from syncer.report.document import CandidateDoc, EntryDoc
from syncer.web.views import candidate_view, entry_view, length, why_not

URI = "spotify:track:4uLU6hMCjMI75M1A2tKUQC"


def candidate(**changes: object) -> CandidateDoc:
    doc: CandidateDoc = {
        "uri": URI,
        "url": "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        "name": "ロビンソン (Live)",
        "artists": ["スピッツ"],
        "album": "ハチミツ",
        "year": 1995,
        "duration_ms": 261_400,
        "score": 0.71,
        "penalties": {"version": 1.0, "duration": 0.2, "title": 0.01},
        "rejected_by_user": False,
        "pin_line": f'uri = "{URI}"',
    }
    return {**doc, **changes}  # type: ignore[typeddict-item]


def test_penalties_are_said_in_words_worst_first_and_tiny_ones_left_out() -> None:
    assert why_not({"version": 1.0, "duration": 0.2, "title": 0.01}, rejected=False) == (
        "another version (1.00)",
        "length differs (0.20)",
    )
    assert why_not({}, rejected=True) == ("you rejected it",)


def test_a_candidate_shows_its_length_year_and_version_labels() -> None:
    view = candidate_view(candidate(), rejected=())

    assert (view.length, view.year, view.labels) == ("4:21", "1995", ("live",))
    assert view.track_id == "4uLU6hMCjMI75M1A2tKUQC"
    assert length(0) == ""


def test_what_the_file_says_now_wins_over_the_report() -> None:
    item: EntryDoc = {
        "index": 2,
        "title": "Robinson",
        "artist": "Spitz",
        "status": "review",
        "uri": None,
        "reason": "not confident",
        "line": 9,
        "queries": [],
        "candidates": [candidate()],
    }
    now = Entry(index=2, title="Robinson", artist="Spitz", uri=URI, line=11)

    view = entry_view(0, item, now)

    assert view.decided == "Pinned to ロビンソン (Live) — スピッツ"
    assert (view.line, view.anchor) == (11, "l0e2")
