"""Translating Spotify's JSON into model types: the odd shapes real responses come in."""

from __future__ import annotations

from typing import Any

import pytest

from syncer.model import PlaylistItem
from syncer.spotify.client import (
    playlist_info_from_json,
    playlist_item_from_json,
    track_from_json,
)

TRACK_ID = "4uLU6hMCjMI75M1A2tKUQC"
TRACK = {
    "type": "track",
    "id": TRACK_ID,
    "uri": f"spotify:track:{TRACK_ID}",
    "name": "ロビンソン",
    "artists": [{"id": "0kyZDfKoXWJa8EXQnWcj8b", "name": "スピッツ"}],
    "album": {"name": "ハチミツ", "release_date": "1995-09-20"},
    "duration_ms": 261000,
    "explicit": False,
    "external_ids": {"isrc": "JPPO09500221"},
    "is_local": False,
}


def test_track_from_json_reads_the_fields_matching_needs() -> None:
    track = track_from_json(TRACK)

    assert track is not None
    assert (track.name, track.artists, track.album) == ("ロビンソン", ("スピッツ",), "ハチミツ")
    assert (track.year, track.isrc, track.duration_ms) == (1995, "JPPO09500221", 261000)
    assert track.artist_ids == ("0kyZDfKoXWJa8EXQnWcj8b",)


def test_track_from_json_takes_the_album_cover_nearest_300_pixels() -> None:
    images = [
        {"url": f"https://i.scdn.co/image/{size}", "height": size, "width": size}
        for size in (640, 300, 64)
    ]
    with_covers = track_from_json({**TRACK, "album": {"name": "ハチミツ", "images": images}})
    without = track_from_json({**TRACK, "album": {"name": "ハチミツ", "images": []}})

    assert with_covers is not None
    assert without is not None
    assert with_covers.cover_url == "https://i.scdn.co/image/300"
    assert without.cover_url == ""


@pytest.mark.parametrize(
    ("images", "cover"),
    [
        pytest.param([{"url": "a", "width": 200}, {"url": "b", "width": 400}], "a", id="tie"),
        pytest.param([{"url": "a", "width": 640}, {"url": "b"}], "b", id="no-width"),
        pytest.param([None, {"url": 7, "width": 300}, {"url": "c", "width": 64}], "c", id="odd"),
    ],
)
def test_track_from_json_takes_the_first_nearest_usable_cover(
    images: list[object], cover: str
) -> None:
    track = track_from_json({**TRACK, "album": {"name": "ハチミツ", "images": images}})

    assert track is not None
    assert track.cover_url == cover


@pytest.mark.parametrize("date", ["0000", "0000-00-00", "", None])
def test_track_from_json_reads_an_unknown_release_date_as_no_year(date: str | None) -> None:
    track = track_from_json({**TRACK, "album": {"name": "ハチミツ", "release_date": date}})

    assert track is not None
    assert (track.release_date, track.year) == (None, None)


def test_track_from_json_does_without_dev_mode_removed_fields() -> None:
    # Development Mode has no popularity or available_markets; nothing may depend on them.
    assert "popularity" not in TRACK
    assert track_from_json(TRACK) is not None


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(None, id="null"),
        pytest.param({**TRACK, "is_local": True}, id="local-file"),
        pytest.param({**TRACK, "type": "episode"}, id="episode"),
        pytest.param({**TRACK, "id": "short"}, id="malformed-id"),
        pytest.param({**TRACK, "id": TRACK_ID + "a"}, id="id-too-long"),
        pytest.param({**TRACK, "id": TRACK_ID[:-1] + "-"}, id="id-with-a-dash"),
        pytest.param({**TRACK, "id": "spotify:track:" + TRACK_ID}, id="uri-for-id"),
        pytest.param({**TRACK, "id": None}, id="no-id"),
    ],
)
def test_track_from_json_skips_what_is_not_a_catalogue_track(obj: Any) -> None:
    assert track_from_json(obj) is None


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            {"added_at": "2026-01-01T00:00:00Z", "added_by": {"id": "me"}, "item": TRACK},
            PlaylistItem(uri=str(TRACK["uri"]), added_at="2026-01-01T00:00:00Z", added_by="me"),
            id="item-key",
        ),
        pytest.param(
            {"track": TRACK},
            PlaylistItem(uri=str(TRACK["uri"])),
            id="deprecated-track-key",
        ),
        pytest.param(
            {"item": None, "track": TRACK},
            PlaylistItem(uri=str(TRACK["uri"])),
            id="null-item-falls-back-to-track",
        ),
        pytest.param({"item": None, "track": None}, PlaylistItem(uri=None), id="unavailable"),
        pytest.param(
            {"is_local": True, "item": {"uri": "spotify:local:a:b:c:1", "is_local": True}},
            PlaylistItem(uri=None, is_local=True),
            id="local-file",
        ),
        pytest.param(
            {"item": {"type": "episode", "uri": "spotify:episode:512ojhOuo1ktJprKbVcKyQ"}},
            PlaylistItem(uri="spotify:episode:512ojhOuo1ktJprKbVcKyQ"),
            id="episode-keeps-its-uri",
        ),
        pytest.param(None, PlaylistItem(uri=None), id="null-entry"),
    ],
)
def test_playlist_item_from_json(entry: Any, expected: PlaylistItem) -> None:
    assert playlist_item_from_json(entry) == expected


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        pytest.param({"items": {"total": 7}, "tracks": {"total": 7}}, 7, id="both-names"),
        pytest.param({"tracks": {"total": 3}}, 3, id="deprecated-name"),
        pytest.param({}, 0, id="absent"),
    ],
)
def test_playlist_info_from_json(counts: dict[str, Any], total: int) -> None:
    obj = {
        "id": "pl1",
        "name": "泣ける",
        "owner": {"id": "me"},
        "description": None,
        "public": False,
        "snapshot_id": "AAA",
        **counts,
    }

    info = playlist_info_from_json(obj)

    assert info is not None
    assert (info.id, info.name, info.owner_id, info.description) == ("pl1", "泣ける", "me", "")
    assert info.total == total
