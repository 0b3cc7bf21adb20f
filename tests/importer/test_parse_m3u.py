"""Reading M3U/M3U8 playlists."""

from __future__ import annotations

from syncer.importer.detect import detect_format
from syncer.importer.m3u import parse_m3u

M3U = """#EXTM3U
#PLAYLIST:Road trip
#EXTINF:631,X JAPAN - Tears
/music/X JAPAN/Tears.flac
#EXTINF:-1,the GazettE - Pledge
https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=abc
C:\\Music\\GACKT - Last Song.mp3
"""


def test_extinf_gives_artist_title_and_duration_and_a_track_link_is_a_pin() -> None:
    parsed = parse_m3u(M3U, "trip.m3u8")
    assert parsed.name == "Road trip"
    first, second, third = parsed.songs
    assert (first.readings[0].title, first.readings[0].artist) == ("Tears", "X JAPAN")
    assert (first.line, first.duration_ms, first.uri) == (3, 631_000, None)
    assert second.duration_ms is None
    assert second.uri == "spotify:track:4uLU6hMCjMI75M1A2tKUQC"
    assert (third.readings[0].title, third.readings[0].artist, third.line) == (
        "Last Song",
        "GACKT",
        7,
    )


def test_detected_by_header_or_suffix() -> None:
    assert detect_format("x.txt", M3U) == "m3u"
    assert detect_format("x.m3u", "/music/a.mp3\n") == "m3u"
