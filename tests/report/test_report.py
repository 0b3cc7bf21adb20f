"""Specification of the mismatch report: the JSON document, its Markdown, and the run-to-run diff."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.application.reports import report_paths
from syncer.model import (
    Candidate,
    Entry,
    Penalty,
    PlaylistSpec,
    Resolution,
    SongList,
    Status,
    Track,
)
from syncer.outcome import ListOutcome, PlaylistChanges, TrackRef
from syncer.report import (
    Report,
    build_report,
    parse_report,
    pin_line,
    render_json,
    render_markdown,
    summary_row,
    verdict,
)

LIST_PATH = Path("lists/tearjerkers.toml")
SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "report-schema.md"


# --- factories ---------------------------------------------------------------------------------


def track_id(seed: str) -> str:
    """A well-formed 22-character track id derived from a readable seed."""
    return (re.sub(r"[^0-9A-Za-z]", "", seed) + "0" * 22)[:22]


def make_track(seed: str, **fields: Any) -> Track:
    defaults: dict[str, Any] = {
        "name": seed,
        "artists": ("Artist",),
        "album": "Album",
        "duration_ms": 245_000,
        "release_date": "2003-10-01",
    }
    return Track(id=track_id(seed), **(defaults | fields))


def make_candidate(seed: str, score: float = 0.7, **fields: Any) -> Candidate:
    penalties = (
        Penalty("title", 0.0, 3.0),
        Penalty("artist", 0.4, 3.0),
        Penalty("duration", 0.5, 1.0),
    )
    return Candidate(track=make_track(seed, **fields), score=score, penalties=penalties)


def make_entry(index: int, title: str, artist: str = "Artist", **fields: Any) -> Entry:
    return Entry(index=index, title=title, artist=artist, line=3 + 4 * index, **fields)


def matched(seed: str) -> Resolution:
    candidate = make_candidate(seed, score=0.97)
    return Resolution(
        Status.MATCHED, uri=candidate.track.uri, candidates=(candidate,), queries=(seed,)
    )


def resolution(status: Status, *candidates: Candidate, reason: str = "") -> Resolution:
    return Resolution(status, reason=reason, candidates=candidates, queries=("q1", "q2"))


def make_outcome(
    rows: list[tuple[Entry, Resolution]],
    *,
    changes: PlaylistChanges | None = None,
    requests: dict[str, int] | None = None,
    problem: str | None = None,
) -> ListOutcome:
    songlist = SongList(
        path=LIST_PATH,
        playlist=PlaylistSpec(name="Tear-jerkers"),
        entries=tuple(entry for entry, _ in rows),
    )
    return ListOutcome(
        songlist=songlist,
        resolutions=tuple(res for _, res in rows),
        changes=changes,
        requests=requests if requests is not None else {"GET /search": 4, "GET /me": 1},
        problem=problem,
        started_at="2026-11-21T03:00:00Z",
        finished_at="2026-11-21T03:00:09Z",
    )


def make_changes(**fields: Any) -> PlaylistChanges:
    defaults: dict[str, Any] = {
        "playlist_id": "37i9dQZF1DXcBWIGoYBM5M",
        "playlist_name": "Tear-jerkers",
        "created": False,
        "added": (TrackRef(make_track("Yuki no Hana").uri, "雪の華", ("中島美嘉",)),),
        "removed": (),
        "moved": 0,
        "kept_unmanaged": (TrackRef("spotify:local:Someone:Demo:Demo:200"),),
        "dry_run": False,
    }
    return PlaylistChanges(**(defaults | fields))


def one_of_each_status() -> list[tuple[Entry, Resolution]]:
    """Seven entries, one per status, with the evidence each status typically carries."""
    pinned_uri = make_track("pinned").uri
    return [
        (make_entry(0, "雪の華", "中島美嘉"), matched("Yuki no Hana")),
        (
            make_entry(1, "First Love", "宇多田ヒカル", uri=pinned_uri),
            Resolution(Status.PINNED, uri=pinned_uri),
        ),
        (
            make_entry(2, "楓", "スピッツ"),
            resolution(
                Status.REVIEW,
                make_candidate("Kaede", 0.78, name="楓"),
                make_candidate("KaedeLive", 0.61, name="楓 (Live)"),
                reason="best score 0.78 is below 0.85",
            ),
        ),
        (
            make_entry(3, "Hanamizuki", "一青窈"),
            resolution(
                Status.UNMATCHED,
                make_candidate("Hanamizuki Karaoke", 0.42, name="ハナミズキ (カラオケ)"),
                reason="every candidate was vetoed (karaoke)",
            ),
        ),
        (make_entry(4, "Demo Tape", "Nobody", skip="not on Spotify"), Resolution(Status.SKIPPED)),
        (
            make_entry(5, "雪の華", "中島美嘉"),
            Resolution(Status.DUPLICATE, reason="same track as entry 0"),
        ),
        (
            make_entry(6, "M", "プリンセス プリンセス"),
            Resolution(Status.ERROR, reason="Spotify answered 503 five times"),
        ),
    ]


def report_of(rows: list[tuple[Entry, Resolution]], previous: Report | None = None) -> Report:
    return build_report(make_outcome(rows, changes=make_changes()), previous)


# --- totals and statuses -----------------------------------------------------------------------


def test_report_totals_add_up_and_count_each_status() -> None:
    report = report_of(one_of_each_status())

    totals = report["totals"]
    assert totals == {
        "entries": 7,
        "matched": 1,
        "pinned": 1,
        "review": 1,
        "unmatched": 1,
        "skipped": 1,
        "duplicate": 1,
        "error": 1,
    }
    assert totals["entries"] == sum(totals[s.value] for s in Status)


def test_report_lists_every_entry_with_its_status_in_list_order() -> None:
    report = report_of(one_of_each_status())

    assert [(e["index"], e["status"]) for e in report["entries"]] == list(
        enumerate(s.value for s in Status)
    )
    assert report["entries"][3]["reason"] == "every candidate was vetoed (karaoke)"
    assert report["entries"][3]["line"] == 15


def test_report_refuses_resolutions_that_do_not_cover_the_entries() -> None:
    rows = one_of_each_status()
    outcome = make_outcome(rows)

    with pytest.raises(ValueError, match="6 resolutions for 7 entries"):
        build_report(replace(outcome, resolutions=outcome.resolutions[:-1]), None)


def test_report_of_an_early_stop_reports_unreached_entries_as_errors() -> None:
    rows = one_of_each_status()
    outcome = make_outcome(rows[:2], problem="rate limited by Spotify (Retry-After 86400s)")
    outcome = replace(outcome, songlist=make_outcome(rows).songlist)

    report = build_report(outcome, None)

    assert report["totals"]["entries"] == 7
    assert report["totals"]["error"] == 5
    assert report["entries"][6]["reason"].startswith("not reached: the run stopped early")
    assert report["playlist"]["changes"] is None


# --- candidates --------------------------------------------------------------------------------


def test_candidates_keep_the_matchers_order_distinct_and_capped() -> None:
    # The matcher orders them most likely first, which a score does not always say (the
    # artist's songs offered for a title not found); a track seen twice is shown once.
    weak, strong = make_candidate("weak", 0.3), make_candidate("strong", 0.8)
    seen_twice = make_candidate("twice", 0.5)
    res = resolution(Status.UNMATCHED, weak, seen_twice, strong, replace(seen_twice, score=0.6))
    outcome = make_outcome([(make_entry(0, "Song"), res)])

    entry = build_report(outcome, None, max_candidates=2)["entries"][0]

    assert [(c["name"], c["score"]) for c in entry["candidates"]] == [
        ("weak", 0.3),
        ("twice", 0.5),
    ]


def test_candidate_carries_links_details_and_penalties_worst_first() -> None:
    report = report_of(one_of_each_status())

    candidate = report["entries"][2]["candidates"][0]

    kaede = make_track("Kaede")
    assert candidate["uri"] == kaede.uri
    assert candidate["url"] == f"https://open.spotify.com/track/{kaede.id}"
    assert (candidate["name"], candidate["year"], candidate["duration_ms"]) == ("楓", 2003, 245_000)
    assert list(candidate["penalties"].items()) == [
        ("artist", 0.4),
        ("duration", 0.5),
        ("title", 0.0),
    ]
    assert candidate["pin_line"] == pin_line(kaede.uri)


# --- pin lines and paths -----------------------------------------------------------------------


def test_pin_line_is_the_exact_toml_line_for_the_uri() -> None:
    uri = make_track("Kaede").uri

    line = pin_line(uri)

    assert line == f'uri = "{uri}"'
    assert tomllib.loads(line) == {"uri": uri}


def test_report_paths_are_named_after_the_lists_file_name_in_its_state_dir() -> None:
    assert report_paths(Path("/state/reports"), "jp-love") == (
        Path("/state/reports/jp-love.md"),
        Path("/state/reports/jp-love.json"),
    )


# --- JSON --------------------------------------------------------------------------------------

TOP_LEVEL_KEYS = {
    "schema_version",
    "stopped",
    "list",
    "playlist",
    "started_at",
    "finished_at",
    "problem",
    "totals",
    "changes_since_previous",
    "requests",
    "entries",
}
ENTRY_KEYS = {
    "index",
    "title",
    "artist",
    "status",
    "uri",
    "reason",
    "line",
    "queries",
    "candidates",
}
CANDIDATE_KEYS = {
    "uri",
    "url",
    "name",
    "artists",
    "album",
    "year",
    "duration_ms",
    "score",
    "penalties",
    "rejected_by_user",
    "pin_line",
}
PLAYLIST_KEYS = {"id", "name", "url", "sandbox", "created", "dry_run", "changes"}
CHANGES_KEYS = {"added", "removed", "moved", "kept_unmanaged", "restored_copies"}
SINCE_KEYS = {
    "previous_finished_at",
    "newly_unmatched",
    "newly_matched",
    "match_changed",
    "newly_needing_attention",
    "no_longer_needing_attention",
}
ENTRY_CHANGE_KEYS = {"index", "title", "artist", "old_status", "new_status", "old_uri", "new_uri"}


def test_json_round_trips_with_exactly_the_documented_keys() -> None:
    previous = report_of(one_of_each_status())
    report = report_of(one_of_each_status()[:4], previous)

    document = json.loads(render_json(report))

    assert document == report
    assert set(document) == TOP_LEVEL_KEYS
    assert set(document["list"]) == {"path", "stem", "resolved"}
    assert set(document["playlist"]) == PLAYLIST_KEYS
    assert set(document["playlist"]["changes"]) == CHANGES_KEYS
    assert set(document["requests"]) == {"total", "by_endpoint"}
    assert all(set(e) == ENTRY_KEYS for e in document["entries"])
    assert all(set(c) == CANDIDATE_KEYS for e in document["entries"] for c in e["candidates"])
    assert set(document["changes_since_previous"]) == SINCE_KEYS
    assert document["schema_version"] == 1


def test_json_keeps_japanese_text_and_ends_with_a_newline() -> None:
    text = render_json(report_of(one_of_each_status()))

    assert "中島美嘉" in text
    assert text.endswith("}\n")


def test_requests_are_totalled_and_sorted_by_endpoint() -> None:
    requests = {"POST /playlists/{id}/items": 1, "GET /search": 12, "GET /me": 1}
    outcome = make_outcome(one_of_each_status(), requests=requests)

    report = build_report(outcome, None)

    assert report["requests"] == {
        "total": 14,
        "by_endpoint": {"GET /me": 1, "GET /search": 12, "POST /playlists/{id}/items": 1},
    }


def test_schema_document_names_every_key() -> None:
    documented = set(re.findall(r"`([a-z_]+)`", SCHEMA_DOC.read_text(encoding="utf-8")))
    every_key = (
        TOP_LEVEL_KEYS
        | ENTRY_KEYS
        | CANDIDATE_KEYS
        | PLAYLIST_KEYS
        | CHANGES_KEYS
        | SINCE_KEYS
        | ENTRY_CHANGE_KEYS
        | {"path", "stem", "total", "by_endpoint"}
        | {s.value for s in Status}
    )

    assert every_key - documented == set()


def test_parse_report_reads_back_a_report_and_rejects_anything_else() -> None:
    report = report_of(one_of_each_status())

    assert parse_report(render_json(report)) == report
    assert parse_report("{not json") is None
    assert parse_report('{"entries": []}') is None  # no schema_version
    assert parse_report("[1, 2]") is None


# --- the diff against the previous run ---------------------------------------------------------


def entry_names(items: list[Any]) -> list[str]:
    return [item["title"] for item in items]


def test_diff_finds_newly_unmatched_newly_matched_and_changed_matches() -> None:
    before = [
        (make_entry(0, "Kept"), matched("Kept")),
        (make_entry(1, "Lost"), matched("Lost")),
        (make_entry(2, "Found"), resolution(Status.UNMATCHED)),
        (make_entry(3, "Swapped"), matched("Swapped")),
    ]
    after = [
        (make_entry(0, "Kept"), matched("Kept")),
        (make_entry(1, "Lost"), resolution(Status.UNMATCHED, reason="track gone")),
        (make_entry(2, "Found"), matched("Found")),
        (make_entry(3, "Swapped"), matched("Swapped Remaster")),
    ]

    since = report_of(after, report_of(before))["changes_since_previous"]

    assert since is not None
    assert entry_names(since["newly_unmatched"]) == ["Lost"]
    assert entry_names(since["newly_matched"]) == ["Found"]
    assert since["match_changed"] == [
        {
            "index": 3,
            "title": "Swapped",
            "artist": "Artist",
            "old_status": "matched",
            "new_status": "matched",
            "old_uri": make_track("Swapped").uri,
            "new_uri": make_track("Swapped Remaster").uri,
        }
    ]
    assert since["previous_finished_at"] == "2026-11-21T03:00:09Z"


def test_diff_tells_which_entries_began_or_stopped_needing_attention() -> None:
    before = [
        (make_entry(0, "Still to review"), resolution(Status.REVIEW)),
        (make_entry(1, "Now found"), resolution(Status.UNMATCHED)),
        (make_entry(2, "Now lost"), matched("Now lost")),
        (make_entry(3, "Review, then gone"), resolution(Status.REVIEW)),
        (make_entry(4, "Kept"), matched("Kept")),
    ]
    after = [
        (make_entry(0, "Still to review"), resolution(Status.REVIEW)),
        (make_entry(1, "Now found"), matched("Now found")),
        (make_entry(2, "Now lost"), resolution(Status.ERROR, reason="HTTP 503")),
        (make_entry(3, "Review, then gone"), resolution(Status.UNMATCHED)),
        (make_entry(4, "Kept"), matched("Kept")),
        (make_entry(5, "New and unknown"), resolution(Status.UNMATCHED)),
    ]

    since = report_of(after, report_of(before))["changes_since_previous"]

    assert since is not None
    assert entry_names(since["newly_needing_attention"]) == [
        "Now lost",
        "Review, then gone",
        "New and unknown",
    ]
    assert entry_names(since["no_longer_needing_attention"]) == ["Now found"]


def test_diff_ignores_reordering_and_sees_only_an_inserted_entry() -> None:
    before = [(make_entry(i, f"Song {i}"), matched(f"Song {i}")) for i in range(4)]
    shuffled = [before[2], before[0], before[3], before[1]]
    inserted = [(make_entry(0, "New"), resolution(Status.UNMATCHED)), *shuffled]
    after = [(replace(entry, index=i), res) for i, (entry, res) in enumerate(inserted)]

    since = report_of(after, report_of(before))["changes_since_previous"]

    assert since is not None
    assert entry_names(since["newly_unmatched"]) == ["New"]
    assert since["newly_unmatched"][0]["old_status"] is None
    assert since["newly_matched"] == since["match_changed"] == []


def test_diff_matches_entries_by_folded_title_and_artist() -> None:
    before = [(make_entry(0, "ＦＩＲＳＴ  Love", "宇多田ヒカル"), matched("First Love"))]
    after = [(make_entry(0, "first love", "宇多田ヒカル"), matched("First Love"))]

    since = report_of(after, report_of(before))["changes_since_previous"]

    assert since is not None
    assert (since["newly_unmatched"], since["newly_matched"], since["match_changed"]) == (
        [],
        [],
        [],
    )


def test_diff_tells_repeated_songs_apart_by_their_order() -> None:
    before = [
        (make_entry(0, "Twice"), matched("Twice")),
        (make_entry(1, "Twice"), resolution(Status.DUPLICATE)),
    ]
    after = [
        (make_entry(0, "Twice"), matched("Twice")),
        (make_entry(1, "Twice"), resolution(Status.UNMATCHED)),
    ]

    since = report_of(after, report_of(before))["changes_since_previous"]

    assert since is not None
    assert [c["index"] for c in since["newly_unmatched"]] == [1]
    assert since["newly_unmatched"][0]["old_status"] == "duplicate"


@pytest.mark.parametrize(
    "previous",
    [None, {"entries": "nope"}, {}],
    ids=["first-run", "damaged-entries", "empty-document"],
)
def test_diff_is_null_without_a_usable_previous_report(previous: Any) -> None:
    assert report_of(one_of_each_status(), previous)["changes_since_previous"] is None


def test_diff_skips_malformed_previous_entries() -> None:
    previous: Any = {"finished_at": "x", "entries": [{"title": 3}, "junk"]}

    since = report_of([(make_entry(0, "Song"), matched("Song"))], previous)[
        "changes_since_previous"
    ]

    assert since is not None
    assert entry_names(since["newly_matched"]) == ["Song"]


statuses = st.lists(st.sampled_from(list(Status)), max_size=12)


def rows_for(statuses: list[Status]) -> list[tuple[Entry, Resolution]]:
    return [
        (
            make_entry(i, f"Song {i}"),
            replace(matched(f"Song {i}"), status=status)
            if status in _PLACED
            else resolution(status),
        )
        for i, status in enumerate(statuses)
    ]


_PLACED = (Status.MATCHED, Status.PINNED)


@given(statuses)
def test_totals_always_add_up(statuses: list[Status]) -> None:
    totals = report_of(rows_for(statuses))["totals"]

    assert totals["entries"] == len(statuses) == sum(totals[s.value] for s in Status)
    assert all(totals[s.value] == statuses.count(s) for s in Status)


@given(statuses, st.randoms(use_true_random=False))
def test_diff_of_a_reordered_list_against_itself_is_empty(statuses: list[Status], rng: Any) -> None:
    rows = rows_for(statuses)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    renumbered = [(replace(entry, index=i), res) for i, (entry, res) in enumerate(shuffled)]

    since = report_of(renumbered, report_of(rows))["changes_since_previous"]

    assert since is not None
    assert (since["newly_unmatched"], since["newly_matched"], since["match_changed"]) == (
        [],
        [],
        [],
    )


# --- Markdown ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "dry_run", "expected"),
    [
        (
            [Status.MATCHED] * 3 + [Status.REVIEW] * 2 + [Status.UNMATCHED],
            False,
            "3 of 6 songs are in the playlist; 2 need your review; 1 could not be found.",
        ),
        ([Status.PINNED], False, "1 of 1 song is in the playlist."),
        (
            [Status.MATCHED, Status.REVIEW, Status.SKIPPED, Status.DUPLICATE, Status.ERROR],
            True,
            "1 of 5 songs would be in the playlist; 1 needs your review; 1 failed (Spotify "
            "errors); 1 is skipped as not on Spotify; 1 is a duplicate.",
        ),
    ],
    ids=["review-and-unmatched", "singular", "dry-run-every-kind"],
)
def test_verdict_sums_up_the_run_in_one_sentence(
    statuses: list[Status], dry_run: bool, expected: str
) -> None:
    rows = [(make_entry(i, f"Song {i}"), Resolution(status)) for i, status in enumerate(statuses)]

    report = build_report(make_outcome(rows, changes=make_changes(dry_run=dry_run)), None)

    assert verdict(report) == expected


def test_markdown_opens_with_the_list_the_playlist_link_and_the_verdict() -> None:
    report = report_of(one_of_each_status())

    markdown = render_markdown(report)

    title, _, rest = markdown.partition("\n\n")
    playlist_url = "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M"
    assert title == f"# tearjerkers → [Tear-jerkers]({playlist_url})"
    assert rest.startswith(f"**{verdict(report)}**")


def test_markdown_shows_a_pin_line_for_every_candidate_of_entries_needing_attention() -> None:
    report = report_of(one_of_each_status())

    markdown = render_markdown(report)

    for entry in report["entries"]:
        for candidate in entry["candidates"]:
            shown = f"```toml\n   {candidate['pin_line']}\n   ```" in markdown
            assert shown == (entry["status"] in {"review", "unmatched", "error"})


def test_markdown_has_no_candidate_section_for_settled_entries() -> None:
    rows = [(make_entry(i, f"Song {i}"), matched(f"Song {i}")) for i in range(3)]

    markdown = render_markdown(report_of(rows))

    assert "uri = " not in markdown
    assert "| # | Title |" not in markdown
    assert "Nothing: every entry is settled." in markdown
    assert "<details><summary>All 3 songs matched or pinned</summary>" in markdown


def test_markdown_explains_what_to_do_for_each_kind_of_problem() -> None:
    markdown = render_markdown(report_of(one_of_each_status()))

    assert "## Needs your attention (3)" in markdown
    assert "syncer pin lists/tearjerkers.toml 2 spotify:track:" in markdown
    assert "syncer review lists/tearjerkers.toml" in markdown
    assert 'add `skip = "not on Spotify"` to the entry' in markdown
    assert "the next run tries again" in markdown
    assert "entry 3, line 15 of `lists/tearjerkers.toml`" in markdown
    assert "<details><summary>Searches tried (2)</summary>" in markdown


def test_markdown_candidate_row_shows_length_score_and_main_penalties() -> None:
    markdown = render_markdown(report_of(one_of_each_status()))

    row = next(line for line in markdown.splitlines() if line.startswith("| 1 | 楓 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[4:8] == ["2003", "4:05", "0.78", "artist 0.40, duration 0.50"]


def test_markdown_escapes_text_that_would_break_tables_or_formatting() -> None:
    candidate = make_candidate("pipe", 0.5, name="A|B *live*")
    rows = [(make_entry(0, "A|B"), resolution(Status.REVIEW, candidate))]

    markdown = render_markdown(report_of(rows))

    assert "A\\|B \\*live\\*" in markdown
    assert "| A|B" not in markdown


def test_markdown_reports_playlist_changes_and_an_early_stop() -> None:
    changes = make_changes(created=True, moved=2)
    outcome = make_outcome(one_of_each_status(), changes=changes, problem="rate limited")

    markdown = render_markdown(build_report(outcome, None))

    assert "> **Problem:** rate limited" in markdown
    assert "- Created the playlist." in markdown
    assert "- Added: 1 track\n  - [雪の華 — 中島美嘉](https://open.spotify.com/track/" in markdown
    assert "- Moved 2 tracks to follow the list's order." in markdown
    assert "- Kept (added by hand, left alone): 1 track\n  - spotify:local:" in markdown


def test_markdown_says_when_the_playlist_was_not_touched() -> None:
    outcome = make_outcome(one_of_each_status(), problem="quota spent")

    markdown = render_markdown(build_report(outcome, None))

    assert "The playlist was not touched" in markdown
    assert "**2 of 7 songs were found;" in markdown
    assert markdown.startswith("# tearjerkers → Tear")


def test_markdown_lists_changes_since_the_previous_run() -> None:
    before = [(make_entry(0, "Lost"), matched("Lost"))]
    after = [(make_entry(0, "Lost"), resolution(Status.UNMATCHED))]

    markdown = render_markdown(report_of(after, report_of(before)))

    assert "## Since the previous run (2026-11-21T03:00:09Z)" in markdown
    assert "- Newly not found (1):\n  - Lost — Artist (entry 0): [matched](" in markdown


def test_rendering_is_deterministic() -> None:
    previous = report_of(one_of_each_status())
    first = report_of(one_of_each_status(), previous)
    again = report_of(one_of_each_status(), json.loads(render_json(previous)))

    assert render_markdown(first) == render_markdown(again)
    assert render_json(first) == render_json(again)


# --- summary row -------------------------------------------------------------------------------


def test_summary_row_has_the_list_totals_and_changes() -> None:
    changes = make_changes(moved=3, removed=(TrackRef(make_track("old").uri),))

    row = summary_row(build_report(make_outcome(one_of_each_status(), changes=changes), None))

    assert row == {
        "list": "tearjerkers",
        "playlist": "Tear-jerkers",
        "entries": 7,
        "matched": 1,
        "pinned": 1,
        "review": 1,
        "unmatched": 1,
        "skipped": 1,
        "duplicate": 1,
        "error": 1,
        "added": 1,
        "removed": 1,
        "moved": 3,
        "kept_unmanaged": 1,
        "problem": "",
    }


def test_schema_document_example_is_valid_json_with_the_top_level_keys() -> None:
    example = re.search(r"```json\n(.*?)```", SCHEMA_DOC.read_text(encoding="utf-8"), re.S)

    assert example is not None
    document = json.loads(example.group(1))
    assert set(document) == TOP_LEVEL_KEYS
    totals = document["totals"]
    assert totals["entries"] == len(document["entries"]) == sum(totals[s.value] for s in Status)


def test_markdown_words_a_dry_run_as_what_would_happen() -> None:
    changes = make_changes(playlist_id=None, created=True, moved=1, dry_run=True)
    outcome = make_outcome(one_of_each_status(), changes=changes)

    markdown = render_markdown(build_report(outcome, None))

    assert "## Playlist changes (dry run: nothing was applied)" in markdown
    assert "- Would create the playlist." in markdown
    assert "- Would add: 1 track" in markdown
    assert "- Would move 1 track to follow the list's order." in markdown
    assert markdown.startswith("# tearjerkers → Tear-jerkers\n")


def test_sandbox_run_links_the_playlist_to_the_sandbox_and_says_so() -> None:
    outcome = replace(
        make_outcome(one_of_each_status(), changes=make_changes()),
        sandbox_url="http://127.0.0.1:8099",
    )

    report = build_report(outcome, None)

    assert report["playlist"]["sandbox"] is True
    assert report["playlist"]["url"] == (
        f"http://127.0.0.1:8099/_sandbox/playlists/{report['playlist']['id']}"
    )
    assert "**Sandbox:**" in render_markdown(report)


def test_a_track_this_run_could_not_name_keeps_the_name_the_previous_report_gave() -> None:
    hand, unknown = "spotify:track:2i4DNxEjTT5gjk7wgfSpFq", "spotify:track:" + "b" * 22
    rows = one_of_each_status()
    named = TrackRef(hand, "ENDLESS RAIN", ("X JAPAN",))
    previous = build_report(make_outcome(rows, changes=make_changes(kept_unmanaged=(named,))), None)
    unnamed = make_changes(kept_unmanaged=(TrackRef(hand), TrackRef(unknown)))

    report = build_report(make_outcome(rows, changes=unnamed), previous)

    assert report["playlist"]["changes"] is not None
    assert report["playlist"]["changes"]["kept_unmanaged"] == [
        {"uri": hand, "name": "ENDLESS RAIN", "artists": ["X JAPAN"]},
        {"uri": unknown, "name": None, "artists": []},
    ]
