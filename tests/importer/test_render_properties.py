"""The list writer's TOML, property-tested: whatever a source or Spotify says (titles, artists,
notes, the quoted line, the playlist's name), the written file reads back as the same values
and passes the list checks `syncer check` makes (a name's line breaks and control characters
become spaces)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from syncer.details import unfit_character
from syncer.importer.model import Reading, SourceSong
from syncer.importer.render import list_entries, plain_name, render_list, toml_string
from syncer.importer.settle import Evidence, Settled
from syncer.lists import parse_list
from syncer.model import PlaylistSpec

# Any text Python can write as UTF-8 (no lone surrogates): quotes, backslashes, control
# characters, line breaks, "'''", "#", "=", "[[tracks]]", emoji, combining marks...
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
# What the list format takes as a title or an artist: something besides spaces.
A_NAME = ANY_TEXT.filter(lambda text: text.strip() != "")
# A playlist name as `syncer import` makes one: one line, no control character.
A_PLAYLIST_NAME = A_NAME.map(lambda text: " ".join(text.split())).filter(
    lambda name: name != "" and unfit_character(name) is None
)
TRICKY = ['a"b', "a\\b", "a\nb", "'''", '"""', "# [[tracks]]", "\x00\x1f\x7f", "\u2028", "\t"]


@given(text=ANY_TEXT)
@example(text="")
@example(text='"\\"\n\r\t\b\f\x00\x1b\x7f\u0085\u2028')
def test_any_string_reads_back_from_its_toml_basic_string(text: str) -> None:
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


@given(text=ANY_TEXT)
@example(text="Mir\nror")
@example(text="\x00\x1b")
@example(text="x" * 1001)
def test_plain_name_is_one_line_of_at_most_1000_characters_or_empty_only_when_blank(
    text: str,
) -> None:
    name = plain_name(text)
    assert unfit_character(name) is None
    assert len(name) <= 1000
    assert (name == "") == (text.strip() == "")
    assert plain_name("Mir\nror") == "Mir ror"


def _song(title: str, artist: str, note: str | None, quote: str) -> Settled:
    song = SourceSong(line=1, quote=quote, readings=(Reading(title, artist),), note=note)
    return Settled(song, song.readings[0], Evidence.NOTHING, doubt=f"unsure about {quote}")


@given(
    title=A_NAME,
    artist=A_NAME,
    note=st.none() | ANY_TEXT,
    quote=ANY_TEXT,
    name=A_PLAYLIST_NAME,
)
@example(title=TRICKY[0], artist=TRICKY[1], note=TRICKY[2], quote="".join(TRICKY), name="x")
@example(title="'''", artist='"""', note="\x00", quote="\x01\r\n\x7f", name="# [x]")
def test_an_entry_with_any_title_artist_note_and_quote_is_written_as_a_list_that_check_accepts(
    title: str, artist: str, note: str | None, quote: str, name: str
) -> None:
    drafted, repeats = list_entries([_song(title, artist, note, quote)])
    text = render_list(PlaylistSpec(name=name), drafted, header=(f"from {quote}",))

    songlist = parse_list(text, Path("imported.toml"))  # raises ListError if check would refuse

    assert repeats == []
    note = note if note and note.strip() else None  # a blank note is no note
    (written,) = tomllib.loads(text)["tracks"]  # the note holds every character as given...
    assert written.get("note") == note
    # ...names are one line without control characters (check refuses them: search misreads)
    assert (written["title"], written["artist"]) == (plain_name(title), plain_name(artist))
    assert all(unfit_character(name) is None for name in (written["title"], written["artist"]))
    assert songlist.playlist.name == name
    (entry,) = songlist.entries  # ...and the list reads it as it reads any value: stripped
    assert (entry.title, entry.artist) == (plain_name(title), plain_name(artist))
    assert entry.note == (note.strip() if note is not None else None)
