"""Reading a report back: the same typed document the run wrote, or an error naming what is wrong."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from syncer.cli.messages import describe
from syncer.errors import ReportUnreadable, UnknownReportVersion
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
    SCHEMA_VERSION,
    Report,
    build_report,
    parse_report,
    read_report,
    render_json,
)


def candidate(track_id: str, name: str, score: float, year: str | None) -> Candidate:
    track = Track(
        id=track_id.ljust(22, "0"),
        name=name,
        artists=("スピッツ",),
        album="フェイクファー",
        duration_ms=266_000,
        release_date=year,
    )
    return Candidate(track=track, score=score, penalties=(Penalty("album", 0.6, 1.0),))


def a_report(*, previous: Report | None = None, kaede: Status = Status.REVIEW) -> Report:
    """A document with every part filled: candidates, playlist changes, a diff, requests."""
    entries = (
        Entry(index=0, title="楓", artist="スピッツ", line=6),
        Entry(index=1, title="Demo", artist="Nobody", line=10, skip="not on Spotify"),
    )
    kaede_candidates = (candidate("Kaede", "楓", 0.78, "1998"), candidate("Live", "楓", 0.6, None))
    outcome = ListOutcome(
        songlist=SongList(
            path=Path("lists/sorrow.toml"), playlist=PlaylistSpec(name="Sorrow"), entries=entries
        ),
        resolutions=(
            Resolution(
                kaede,
                uri=kaede_candidates[0].track.uri,
                candidates=kaede_candidates,
                queries=("楓 スピッツ",),
                reason="best score 0.78",
            ),
            Resolution(Status.SKIPPED, reason="not on Spotify"),
        ),
        changes=PlaylistChanges(
            playlist_id="3cEYpjA9oz9GiPac4AsH4n",
            playlist_name="Sorrow",
            created=True,
            added=(TrackRef(kaede_candidates[0].track.uri, "楓", ("スピッツ",)),),
            removed=(),
            moved=0,
            kept_unmanaged=(TrackRef("spotify:local:a:b:c:1"),),
            dry_run=False,
        ),
        requests={"GET /search": 2, "GET /me": 1},
        started_at="2026-11-21T03:00:00Z",
        finished_at="2026-11-21T03:00:09Z",
    )
    return build_report(outcome, previous)


def full_report() -> Report:
    return a_report(previous=a_report(), kaede=Status.MATCHED)


def text_of(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_a_written_report_reads_back_as_the_same_document() -> None:
    report = full_report()
    assert report["changes_since_previous"] is not None  # the diff is part of what is read back

    assert read_report(render_json(report)) == report


def test_a_report_from_before_the_sandbox_key_reads_back_as_not_sandboxed() -> None:
    older: Any = copy.deepcopy(full_report())
    del older["playlist"]["sandbox"]

    assert read_report(text_of(older))["playlist"]["sandbox"] is False


def test_keys_a_newer_version_added_are_left_out_of_the_model() -> None:
    newer: Any = copy.deepcopy(full_report())
    newer["generator"] = "syncer 9"
    newer["entries"][0]["mood"] = "sad"

    assert read_report(text_of(newer)) == full_report()


@pytest.mark.parametrize("version", [2, 0, "1", True, None])
def test_another_schema_version_is_a_typed_error_carrying_both_versions(version: object) -> None:
    document: Any = copy.deepcopy(full_report())
    document["schema_version"] = version

    with pytest.raises(UnknownReportVersion) as caught:
        read_report(text_of(document))

    assert (caught.value.found, caught.value.supported) == (version, SCHEMA_VERSION)
    assert f"schema_version {version!r}" in describe(caught.value)
    assert parse_report(text_of(document)) is None


def test_a_report_without_schema_version_is_of_an_unknown_version() -> None:
    document: Any = copy.deepcopy(full_report())
    del document["schema_version"]

    with pytest.raises(UnknownReportVersion) as caught:
        read_report(text_of(document))

    assert caught.value.found is None


def damaged(change: Any) -> str:
    document: Any = copy.deepcopy(full_report())
    change(document)
    return text_of(document)


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("{not json", "", "not JSON"),
        ("[1, 2]", "", "not a JSON object"),
        (damaged(lambda d: d["playlist"].pop("name")), "playlist.name", "missing"),
        (damaged(lambda d: d.update(entries={})), "entries", "should be an array, not dict"),
        (
            damaged(lambda d: d["entries"][0]["candidates"][1].update(score="high")),
            "entries[0].candidates[1].score",
            "should be a number, not str",
        ),
        (
            damaged(lambda d: d["totals"].update(review=True)),
            "totals.review",
            "should be an integer, not bool",
        ),
        (
            damaged(lambda d: d["requests"]["by_endpoint"].update({"GET /me": None})),
            "requests.by_endpoint.GET /me",
            "should be an integer, not null",
        ),
        (
            damaged(lambda d: d["playlist"]["changes"]["added"][0].update(name=7)),
            "playlist.changes.added[0].name",
            "should be a string, not int",
        ),
    ],
    ids=["not-json", "not-an-object", "missing", "array", "number", "integer", "dict", "nullable"],
)
def test_a_damaged_report_names_the_key_and_what_is_wrong(
    text: str, key: str, problem: str
) -> None:
    with pytest.raises(ReportUnreadable) as caught:
        read_report(text)

    assert caught.value.key == key
    assert caught.value.problem.startswith(problem)
    assert parse_report(text) is None


def test_nullable_parts_read_back_as_null() -> None:
    stopped: Any = copy.deepcopy(a_report())
    stopped["playlist"]["changes"] = None
    stopped["problem"] = "rate limited by Spotify (Retry-After 86400s)"

    report = read_report(text_of(stopped))

    assert report["playlist"]["changes"] is None
    assert report["changes_since_previous"] is None
    assert report["entries"][0]["candidates"][1]["year"] is None
