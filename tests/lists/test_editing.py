"""Write-back into list files: one entry changes, every other byte stays as the person wrote it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from syncer.editing import (
    EditError,
    EntryEditor,
    FileChanged,
    add_alias,
    add_artist_alias,
    add_reject,
    edit_entry,
    fingerprint,
    pin,
    set_skip,
    unpin,
)
from syncer.errors import ListError
from syncer.lists import EntryNotFound, load_list

KAEDE = "1301WleyT98MSxVHPZCA6M"  # rejected (as a link) in entry 0
FIRST_LOVE = "4iV5W9uYEdYUVa79Axb7Rh"  # pinned (as a link) in entry 2
OTHER = "6rqhFgbbKwnb9MLmUQDhG6"

HANDWRITTEN = f"""\
# Tear-jerkers — hand-written, keep the comments!
[playlist]
name    = "Tearjerkers"   # shown on Spotify
market = "JP"

# --- the 90s ---
[[tracks]]   # the classic
title  =  "楓"    # Kaede
artist = 'スピッツ'
aliases = [ "Maple" ]   # English title
reject = [
  "https://open.spotify.com/track/{KAEDE}",  # live version
]
# a comment after the last key of the first entry


[[tracks]]
\ttitle = "ハナミズキ"
\tartist = "一青窈"
\tskip = "not on Spotify in JP"  # checked 2026-01

[[tracks]]
title = "First Love"
artist = "宇多田ヒカル"
uri = "https://open.spotify.com/intl-ja/track/{FIRST_LOVE}?si=abc"   # pinned by hand
"""

INLINE = """\
# Inline style.
tracks = [
  { title = "楓", artist = "スピッツ" },  # Kaede
  {title="ハナミズキ",artist="一青窈",skip="gone"},
]

[playlist]
name = "Inline"
"""

Edit = Callable[[Path], bool]

# name -> (file, the edit, the text it replaces, what it becomes). Nothing else may change.
EDITS: dict[str, tuple[str, Edit, str, str]] = {
    "pin-after-last-key-before-comment": (
        HANDWRITTEN,
        lambda path: pin(path, 0, f"spotify:track:{OTHER}"),
        "  # live version\n]\n",
        f'  # live version\n]\nuri = "spotify:track:{OTHER}"\n',
    ),
    "pin-a-link-stores-the-uri": (
        HANDWRITTEN,
        lambda path: pin(path, 0, f"https://open.spotify.com/intl-ja/track/{OTHER}?si=x"),
        "  # live version\n]\n",
        f'  # live version\n]\nuri = "spotify:track:{OTHER}"\n',
    ),
    "pin-a-rejected-track-unrejects-it": (
        HANDWRITTEN,
        lambda path: pin(path, 0, f"spotify:track:{KAEDE}"),
        f'reject = [\n  "https://open.spotify.com/track/{KAEDE}",  # live version\n]\n',
        f'uri = "spotify:track:{KAEDE}"\n',
    ),
    "pin-a-skipped-entry-keeps-its-indent": (
        HANDWRITTEN,
        lambda path: pin(path, 1, f"spotify:track:{OTHER}"),
        '\tskip = "not on Spotify in JP"  # checked 2026-01\n',
        f'\turi = "spotify:track:{OTHER}"\n',
    ),
    "repin-keeps-the-comment": (
        HANDWRITTEN,
        lambda path: pin(path, 2, f"spotify:track:{OTHER}"),
        f'uri = "https://open.spotify.com/intl-ja/track/{FIRST_LOVE}?si=abc"   # pinned by hand',
        f'uri = "spotify:track:{OTHER}"   # pinned by hand',
    ),
    "unpin": (
        HANDWRITTEN,
        lambda path: unpin(path, 2),
        f'uri = "https://open.spotify.com/intl-ja/track/{FIRST_LOVE}?si=abc"   # pinned by hand\n',
        "",
    ),
    "reject-appends-to-a-multiline-list": (
        HANDWRITTEN,
        lambda path: add_reject(path, 0, f"https://open.spotify.com/track/{OTHER}"),
        "  # live version\n]\n",
        f'  # live version\n  "spotify:track:{OTHER}",\n]\n',
    ),
    "reject-the-pinned-track-unpins-it": (
        HANDWRITTEN,
        lambda path: add_reject(path, 2, f"spotify:track:{FIRST_LOVE}"),
        f'uri = "https://open.spotify.com/intl-ja/track/{FIRST_LOVE}?si=abc"   # pinned by hand\n',
        f'reject = ["spotify:track:{FIRST_LOVE}"]\n',
    ),
    "skip": (
        HANDWRITTEN,
        lambda path: set_skip(path, 0, "only a live version on Spotify"),
        "  # live version\n]\n",
        '  # live version\n]\nskip = "only a live version on Spotify"\n',
    ),
    "skip-a-pinned-entry-unpins-it": (
        HANDWRITTEN,
        lambda path: set_skip(path, 2, "region locked"),
        f'uri = "https://open.spotify.com/intl-ja/track/{FIRST_LOVE}?si=abc"   # pinned by hand\n',
        'skip = "region locked"\n',
    ),
    "reword-a-skip-keeps-the-comment": (
        HANDWRITTEN,
        lambda path: set_skip(path, 1, "gone from Spotify"),
        '\tskip = "not on Spotify in JP"  # checked',
        '\tskip = "gone from Spotify"  # checked',
    ),
    "alias-appends-inline": (
        HANDWRITTEN,
        lambda path: add_alias(path, 0, "Kaede"),
        'aliases = [ "Maple" ]   # English title',
        'aliases = [ "Maple", "Kaede" ]   # English title',
    ),
    "artist-alias-creates-the-list": (
        HANDWRITTEN,
        lambda path: add_artist_alias(path, 2, "Hikaru Utada"),
        "   # pinned by hand\n",
        '   # pinned by hand\nartist_aliases = ["Hikaru Utada"]\n',
    ),
    "inline-pin": (
        INLINE,
        lambda path: pin(path, 0, f"spotify:track:{OTHER}"),
        '{ title = "楓", artist = "スピッツ" },  # Kaede',
        f'{{ title = "楓", artist = "スピッツ", uri = "spotify:track:{OTHER}" }},  # Kaede',
    ),
    "inline-pin-a-skipped-entry": (
        INLINE,
        lambda path: pin(path, 1, f"spotify:track:{OTHER}"),
        '{title="ハナミズキ",artist="一青窈",skip="gone"},',
        f'{{title="ハナミズキ",artist="一青窈", uri = "spotify:track:{OTHER}"}},',
    ),
    "inline-alias": (
        INLINE,
        lambda path: add_alias(path, 0, "Maple"),
        '{ title = "楓", artist = "スピッツ" },',
        '{ title = "楓", artist = "スピッツ", aliases = ["Maple"] },',
    ),
}


def write(tmp_path: Path, text: str, name: str = "list.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


@pytest.mark.parametrize(("text", "edit", "old", "new"), EDITS.values(), ids=list(EDITS))
def test_edit_changes_only_the_entry_and_still_validates(
    tmp_path: Path, text: str, edit: Edit, old: str, new: str
) -> None:
    path = write(tmp_path, text)
    assert text.count(old) == 1
    assert edit(path) is True
    assert path.read_text(encoding="utf-8") == text.replace(old, new)
    load_list(path)


@pytest.mark.parametrize(
    "edit",
    [
        lambda path: pin(path, 2, f"spotify:track:{FIRST_LOVE}"),
        lambda path: add_reject(path, 0, f"spotify:track:{KAEDE}"),
        lambda path: add_alias(path, 0, "Maple"),
        lambda path: add_alias(path, 0, "楓"),
        lambda path: add_artist_alias(path, 0, "スピッツ"),
        lambda path: unpin(path, 0),
        lambda path: set_skip(path, 1, "not on Spotify in JP"),
    ],
    ids=[
        "pin-same-track-as-link",
        "reject-already-rejected",
        "alias-already-there",
        "alias-is-the-title",
        "artist-alias-is-the-artist",
        "unpin-unpinned",
        "same-skip",
    ],
)
def test_edit_that_changes_nothing_does_not_write(tmp_path: Path, edit: Edit) -> None:
    path = write(tmp_path, HANDWRITTEN)
    os.utime(path, (0, 0))
    assert edit(path) is False
    assert path.read_text(encoding="utf-8") == HANDWRITTEN
    assert path.stat().st_mtime == 0


def test_pin_the_last_line_of_a_file_without_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path, '[playlist]\nname = "x"\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"')
    pin(path, 0, f"spotify:track:{OTHER}")
    assert path.read_text(encoding="utf-8") == (
        '[playlist]\nname = "x"\n[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\n'
        f'uri = "spotify:track:{OTHER}"'
    )


def test_edit_keeps_crlf_line_endings(tmp_path: Path) -> None:
    crlf = HANDWRITTEN.replace("\n", "\r\n")
    path = write(tmp_path, crlf)
    add_reject(path, 0, f"spotify:track:{OTHER}")
    pin(path, 1, f"spotify:track:{OTHER}")
    expected = (
        HANDWRITTEN.replace(
            "  # live version\n]\n", f'  # live version\n  "spotify:track:{OTHER}",\n]\n'
        )
        .replace(
            '\tskip = "not on Spotify in JP"  # checked 2026-01\n',
            f'\turi = "spotify:track:{OTHER}"\n',
        )
        .replace("\n", "\r\n")
    )
    assert path.read_bytes() == expected.encode()


def test_edit_keeps_the_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + INLINE)
    add_alias(path, 0, "Maple")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# Inline style.\n")
    assert load_list(path).entries[0].aliases == ("Maple",)


def test_edit_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = write(tmp_path, HANDWRITTEN)
    path.chmod(0o640)
    pin(path, 0, f"spotify:track:{OTHER}")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["list.toml"]


def test_edit_through_a_symlink_edits_the_target(tmp_path: Path) -> None:
    target = write(tmp_path, HANDWRITTEN, "real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    unpin(link, 2)
    assert link.is_symlink()
    assert load_list(target).entries[2].uri is None


def test_edit_refused_when_the_file_changed_since_the_caller_read_it(tmp_path: Path) -> None:
    path = write(tmp_path, HANDWRITTEN)
    seen = fingerprint(path)
    theirs = HANDWRITTEN.replace('title = "First Love"', 'title = "Automatic"')
    path.write_text(theirs, encoding="utf-8")
    with pytest.raises(FileChanged):
        pin(path, 2, f"spotify:track:{OTHER}", expected=seen)
    assert path.read_text(encoding="utf-8") == theirs


def test_edit_accepts_the_fingerprint_of_an_unchanged_file(tmp_path: Path) -> None:
    path = write(tmp_path, HANDWRITTEN)
    assert unpin(path, 2, expected=fingerprint(path)) is True


def test_edit_refused_when_the_file_changes_during_the_edit(tmp_path: Path) -> None:
    path = write(tmp_path, HANDWRITTEN)
    theirs = HANDWRITTEN + '\n[[tracks]]\ntitle = "Automatic"\nartist = "宇多田ヒカル"\n'

    def someone_saves_meanwhile(entry: EntryEditor) -> None:
        path.write_text(theirs, encoding="utf-8")
        entry.set("uri", f"spotify:track:{OTHER}")

    with pytest.raises(FileChanged):
        edit_entry(path, 0, someone_saves_meanwhile)
    assert path.read_text(encoding="utf-8") == theirs
    assert [p.name for p in tmp_path.iterdir()] == ["list.toml"]


def test_edit_that_would_make_the_list_invalid_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HANDWRITTEN)
    with pytest.raises(ListError) as raised:
        pin(path, 0, f"spotify:track:{FIRST_LOVE}")  # already pinned by entry 2
    assert [p.key for p in raised.value.problems] == ["tracks[2].uri"]
    assert path.read_text(encoding="utf-8") == HANDWRITTEN


def test_edit_of_an_invalid_file_is_refused(tmp_path: Path) -> None:
    text = HANDWRITTEN.replace("artist = 'スピッツ'", "artst = 'スピッツ'")
    path = write(tmp_path, text)
    with pytest.raises(ListError):
        add_alias(path, 2, "Hatsukoi")
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (lambda path: pin(path, 3, f"spotify:track:{OTHER}"), EntryNotFound),
        (lambda path: unpin(path, -1), EntryNotFound),
        (lambda path: pin(path, 0, f"spotify:album:{OTHER}"), EditError),
        (lambda path: add_reject(path, 0, "not a link"), EditError),
        (lambda path: set_skip(path, 0, "  "), EditError),
        (lambda path: add_alias(path, 0, ""), EditError),
    ],
    ids=[
        "index-past-end",
        "negative-index",
        "album-uri",
        "not-a-link",
        "blank-reason",
        "empty-alias",
    ],
)
def test_edit_with_bad_arguments_is_refused(
    tmp_path: Path, edit: Edit, error: type[Exception]
) -> None:
    path = write(tmp_path, HANDWRITTEN)
    with pytest.raises(error):
        edit(path)
    assert path.read_text(encoding="utf-8") == HANDWRITTEN
