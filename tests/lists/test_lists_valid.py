"""Valid list files: values, defaults, normalised URIs and ISRCs, exact entry lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncer.cli.messages import describe
from syncer.errors import ListError
from syncer.lists import (
    EntryNotFound,
    find_entry,
    load_list,
    normalize_isrc,
    normalize_track_uri,
    parse_list,
)
from syncer.model import Entry, PlaylistSpec, SongList

ID = "4iV5W9uYEdYUVa79Axb7Rh"
SEEDS = Path(__file__).parents[2] / "lists"

FULL = f"""\
# Tear-jerkers, hand-written.
[playlist]
name = "Tearjerkers"
description = "Songs to cry to"
public = true
market = "JP"

[[tracks]]  # the classic
title = "楓"
artist = "スピッツ"
album = "フェイクファー"
year = 1998
isrc = "jp-po1-98-00123"
aliases = ["Maple", "Kaede"]
artist_aliases = ["Spitz"]
uri = "https://open.spotify.com/intl-ja/track/{ID}?si=0a1b2c3d"
reject = ["https://open.spotify.com/track/1301WleyT98MSxVHPZCA6M", "spotify:track:6rqhFgbbKwnb9MLmUQDhG6"]
note = "Also known as Maple"

[[tracks]]
title = "ハナミズキ"
artist = "一青窈"
skip = "not on Spotify in JP"
"""


def parse(text: str) -> SongList:
    return parse_list(text, Path("list.toml"))


def test_parse_list_reads_every_field_normalised() -> None:
    songlist = parse(FULL)
    assert songlist.playlist == PlaylistSpec("Tearjerkers", "Songs to cry to", True, "JP")
    assert songlist.entries == (
        Entry(
            index=0,
            title="楓",
            artist="スピッツ",
            album="フェイクファー",
            year=1998,
            isrc="JPPO19800123",
            aliases=("Maple", "Kaede"),
            artist_aliases=("Spitz",),
            uri=f"spotify:track:{ID}",
            reject=("spotify:track:1301WleyT98MSxVHPZCA6M", "spotify:track:6rqhFgbbKwnb9MLmUQDhG6"),
            note="Also known as Maple",
            line=8,
        ),
        Entry(index=1, title="ハナミズキ", artist="一青窈", skip="not on Spotify in JP", line=20),
    )


def test_parse_list_applies_defaults() -> None:
    songlist = parse(
        '[playlist]\nname = "Minimal"\n\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\n'
    )
    assert songlist.playlist == PlaylistSpec(name="Minimal", description="", public=False)
    assert songlist.playlist.market is None
    [entry] = songlist.entries
    assert (entry.album, entry.year, entry.isrc, entry.uri, entry.skip, entry.note) == (None,) * 6
    assert (entry.aliases, entry.artist_aliases, entry.reject) == ((), (), ())


def test_parse_list_allows_a_playlist_without_tracks_when_it_says_so() -> None:
    empty = parse('[playlist]\nname = "Empty for now"\nallow_empty = true\n')
    assert (empty.entries, empty.playlist.allow_empty) == ((), True)
    assert parse('tracks = []\n[playlist]\nname = "E"\nallow_empty = true\n').entries == ()


def test_parse_list_trims_whitespace_around_names() -> None:
    [entry] = parse(
        '[playlist]\nname = "x"\n[[tracks]]\ntitle = " 楓 "\nartist = "スピッツ\\n"\n'
    ).entries
    assert (entry.title, entry.artist) == ("楓", "スピッツ")


@pytest.mark.parametrize(
    "written",
    [
        f"spotify:track:{ID}",
        f"https://open.spotify.com/track/{ID}",
        f"https://open.spotify.com/track/{ID}?si=4f2a9c1e8b7d4e3f",
        f"https://open.spotify.com/intl-ja/track/{ID}",
        f"https://open.spotify.com/intl-pt/track/{ID}?si=abc&context=spotify%3Aalbum%3Ax",
        f"http://open.spotify.com/track/{ID}/",
        f"  https://open.spotify.com/track/{ID}  ",
    ],
    ids=["uri", "url", "url-si", "url-intl", "url-intl-si-context", "http-slash", "spaces"],
)
def test_parse_list_normalises_pinned_links_to_uris(written: str) -> None:
    text = f'[playlist]\nname = "x"\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\nuri = "{written}"\n'
    assert parse(text).entries[0].uri == f"spotify:track:{ID}"


@pytest.mark.parametrize(
    "written",
    [
        f"spotify:album:{ID}",
        f"https://open.spotify.com/playlist/{ID}",
        f"spotify:track:{ID[:-1]}",
        f"https://example.com/track/{ID}",
        f"https://open.spotify.com/track/{ID}extra",
        ID,
    ],
    ids=["album-uri", "playlist-url", "short-id", "other-host", "long-id", "bare-id"],
)
def test_normalize_track_uri_refuses_anything_but_a_track(written: str) -> None:
    assert normalize_track_uri(written) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("JPPO19800123", "JPPO19800123"),
        ("jppo19800123", "JPPO19800123"),
        ("JP-PO1-98-00123", "JPPO19800123"),
        ("USRC17607839", "USRC17607839"),
        ("JP-PO19800123", None),
        ("JPPO1980012", None),
        ("JPPO1980012X", None),
        ("1PPO19800123", None),
    ],
)
def test_normalize_isrc(written: str, expected: str | None) -> None:
    assert normalize_isrc(written) == expected


def test_parse_list_accepts_a_byte_order_mark_and_keeps_line_numbers() -> None:
    text = "\ufeff" + FULL
    assert [entry.line for entry in parse(text).entries] == [8, 20]
    with pytest.raises(ListError) as raised:
        parse("\ufeff[playlist]\nname = 1\n")
    assert [(p.line, p.key) for p in raised.value.problems] == [(2, "playlist.name")]


def test_load_list_reads_a_bom_file_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.encode())
    assert load_list(path).playlist.name == "Tearjerkers"


def test_parse_list_counts_lines_in_crlf_files() -> None:
    text = FULL.replace("\n", "\r\n")
    assert [entry.line for entry in parse(text).entries] == [8, 20]


def test_parse_list_entry_line_is_the_inline_table_line() -> None:
    text = (
        "tracks = [\n"  # 1
        '  { title = "楓", artist = "スピッツ" },\n'  # 2
        "\n"  # 3
        "  # a comment\n"  # 4
        '  { title = "ハナミズキ", artist = "一青窈", aliases = ["Dogwood"] },\n'  # 5
        "]\n"  # 6
        '[playlist]\nname = "Inline"\n'
    )
    assert [(e.index, e.line, e.title) for e in parse(text).entries] == [
        (0, 2, "楓"),
        (1, 5, "ハナミズキ"),
    ]


def test_parse_list_lines_survive_tricky_strings() -> None:
    text = (
        "[playlist]\n"  # 1
        'name = "a [[tracks]] # not a header"\n'  # 2
        "[[tracks]]\n"  # 3
        'title = "quote \\" and \\\\"\n'  # 4
        'artist = """x""""\n'  # 5
        "note = '''\n"  # 6 (a multi-line note: names and descriptions are single-line)
        "[[tracks]]\n"  # 7
        "title = 'inside a string'\n"  # 8
        "'''\n"  # 9
        "[[ tracks ]]\n"  # 10
        '"title" = "楓"\n'  # 11
        "artist = 'C:\\path'\n"  # 12
    )
    songlist = parse(text)
    assert [e.line for e in songlist.entries] == [3, 10]
    assert songlist.entries[0].artist == 'x"'
    assert songlist.entries[1].title == "楓"


@pytest.mark.parametrize(
    ("name", "count"), [("tearjerkers", 7), ("sorrow", 7), ("rock-ballads", 25)]
)
def test_load_list_accepts_the_seed_lists(name: str, count: int) -> None:
    path = SEEDS / f"{name}.toml"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    assert len(load_list(path).entries) == count


# --- find_entry ---------------------------------------------------------------------------

SELECTABLE = parse(
    "[playlist]\n"
    'name = "x"\n'
    '[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\naliases = ["Maple"]\n'
    '[[tracks]]\ntitle = "Maple"\nartist = "Someone else"\n'
    '[[tracks]]\ntitle = "First Love"\nartist = "宇多田ヒカル"\n'
    '[[tracks]]\ntitle = "FIRST LOVE"\nartist = "Another"\n'
    '[[tracks]]\ntitle = "ハナミズキ"\nartist = "一青窈"\naliases = ["Dogwood"]\n'
    '[[tracks]]\ntitle = "1986"\nartist = "Band"\n'
)


@pytest.mark.parametrize(
    ("selector", "index"),
    [
        ("0", 0),
        ("4", 4),
        (" 2 ", 2),
        ("ハナミズキ", 4),
        ("Dogwood", 4),
        ("dogwood", 4),
        ("ＤＯＧＷＯＯＤ", 4),
        ("First Love", 2),
        ("1986", 5),
    ],
    ids=[
        "index-0",
        "index-4",
        "index-spaces",
        "title",
        "alias",
        "alias-any-case",
        "full-width",
        "exact-case-wins",
        "digit-title-beyond-range",
    ],
)
def test_find_entry_by_index_title_or_alias(selector: str, index: int) -> None:
    assert find_entry(SELECTABLE, selector).index == index


def test_find_entry_ambiguous_lists_the_matching_entries() -> None:
    with pytest.raises(EntryNotFound) as raised:
        find_entry(SELECTABLE, "Maple")
    assert [e.index for e in raised.value.choices] == [0, 1]
    assert raised.value.ambiguous
    assert "several" in describe(raised.value)


def test_find_entry_ambiguous_between_the_only_two_entries() -> None:
    pair = parse(
        '[playlist]\nname = "x"\n'
        + '[[tracks]]\ntitle = "Maple"\nartist = "A"\n'
        + '[[tracks]]\ntitle = "Maple"\nartist = "B"\n'
    )
    with pytest.raises(EntryNotFound) as raised:
        find_entry(pair, "Maple")
    assert raised.value.ambiguous
    assert "matches several entries" in describe(raised.value)


def test_find_entry_ambiguous_ignoring_case() -> None:
    with pytest.raises(EntryNotFound) as raised:
        find_entry(SELECTABLE, "first love")
    assert [e.index for e in raised.value.choices] == [2, 3]


@pytest.mark.parametrize("selector", ["Robinson", "99", "", "²"])
def test_find_entry_unknown_offers_every_entry(selector: str) -> None:
    with pytest.raises(EntryNotFound) as raised:
        find_entry(SELECTABLE, selector)
    assert raised.value.choices == SELECTABLE.entries
    assert not raised.value.ambiguous
    assert "0: 楓 — スピッツ" in describe(raised.value)
