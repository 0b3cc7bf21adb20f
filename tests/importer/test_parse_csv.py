"""Reading CSV exports by their headers, in the delimiters and encodings they come in."""

from __future__ import annotations

import codecs

import pytest

from syncer.cli.messages import describe
from syncer.importer.csvfile import parse_csv
from syncer.importer.decode import decode_source
from syncer.importer.detect import detect_format
from syncer.importer.model import SourceError
from tests.words import raises_worded

EXPORTIFY = (
    '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI","Album Name",'
    '"Album Release Date","Track Duration (ms)","Explicit","ISRC","Added By","Added At"\n'
    '"spotify:track:4uLU6hMCjMI75M1A2tKUQC","楓","spotify:artist:x","スピッツ","spotify:album:y",'
    '"フェイクファー","1998-03-25","276000","false","JPPO09800123","me","2026-01-01"\n'
)
TUNEMYMUSIC = (
    "Track name,Artist name,Album,Playlist name,Type,ISRC,Spotify - id\n"
    "ENDLESS RAIN,X JAPAN,BLUE BLOOD,Ballads,Playlist,JPXX08900001,\n"
    "Pledge,the GazettE,,Ballads,Playlist,,\n"
)
SOUNDIIZ = "title;artist;album;isrc\nLast Song;GACKT;;\nTears;X JAPAN;Tears;\n"


def test_exportify_rows_become_pins_with_their_isrc_album_year_and_duration() -> None:
    parsed = parse_csv(EXPORTIFY, "liked.csv")
    (song,) = parsed.songs
    assert (song.readings[0].title, song.readings[0].artist) == ("楓", "スピッツ")
    assert song.uri == "spotify:track:4uLU6hMCjMI75M1A2tKUQC"
    assert (song.isrc, song.album, song.year, song.duration_ms) == (
        "JPPO09800123",
        "フェイクファー",
        1998,
        276000,
    )
    assert song.line == 2


def test_tunemymusic_export_gives_the_playlist_name_and_keeps_isrcs() -> None:
    parsed = parse_csv(TUNEMYMUSIC, "tmm.csv")
    assert parsed.name == "Ballads"
    assert [(s.readings[0].title, s.isrc, s.uri) for s in parsed.songs] == [
        ("ENDLESS RAIN", "JPXX08900001", None),
        ("Pledge", None, None),
    ]


def test_semicolon_delimited_soundiiz_export() -> None:
    parsed = parse_csv(SOUNDIIZ, "soundiiz.csv")
    assert [(s.readings[0].title, s.readings[0].artist) for s in parsed.songs] == [
        ("Last Song", "GACKT"),
        ("Tears", "X JAPAN"),
    ]


@pytest.mark.parametrize(
    ("header", "row", "expected_ms"),
    [
        ("Title\tArtist\tDuration", "Tears\tX JAPAN\t10:31", 631_000),
        ("Title|Artist|Length", "Tears|X JAPAN|631", 631_000),
    ],
)
def test_tab_and_pipe_delimiters_and_durations_in_minutes_or_seconds(
    header: str, row: str, expected_ms: int
) -> None:
    (song,) = parse_csv(f"{header}\n{row}\n", "x.csv").songs
    assert song.duration_ms == expected_ms


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp932"], ids=lambda e: str(e)
)
def test_encodings_exports_are_saved_in(encoding: str) -> None:
    data = "Track Name,Artist Name(s)\n楓,スピッツ\nわかれうた,中島みゆき\n".encode(encoding)
    text = decode_source(data, "x.csv")
    assert [s.readings[0].title for s in parse_csv(text, "x.csv").songs] == ["楓", "わかれうた"]


def test_cp1252_from_western_windows() -> None:
    data = "Title;Artist\nThe Fourth Avenue Café;L'Arc~en~Ciel\n".encode("cp1252")
    assert codecs.decode(data, "cp1252").startswith("Title")
    text = decode_source(data, "x.csv")
    assert parse_csv(text, "x.csv").songs[0].readings[0].title == "The Fourth Avenue Café"


def test_a_csv_without_a_title_column_is_an_error_naming_the_header_line() -> None:
    with pytest.raises(SourceError) as raised:
        parse_csv("Artist,Album\nX JAPAN,BLUE BLOOD\n", "bad.csv")
    assert describe(raised.value).startswith("bad.csv:1: no title column")


def test_rows_without_a_title_or_artist_are_reported_by_line() -> None:
    parsed = parse_csv("Title,Artist\nTears,X JAPAN\n,GACKT\nPledge,\n", "x.csv")
    assert [s.line for s in parsed.songs] == [2]
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (3, "no title in this row"),
        (4, "no artist in this row"),
    ]


def test_detection_reads_the_header_even_without_a_csv_suffix() -> None:
    assert detect_format("export.txt", TUNEMYMUSIC) == "csv"
    assert detect_format("list.txt", "X JAPAN - Tears\nGACKT - Last Song\n") == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the source is empty"),
        (b"  \n\n", "the source is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Title,Artist\nTears,X JAPAN\n\x00\x01\x02\x03garbage", "binary file"),
    ],
)
def test_empty_and_binary_sources_are_errors(data: bytes, message: str) -> None:
    with raises_worded(SourceError, match=message):
        decode_source(data, "x.csv")
