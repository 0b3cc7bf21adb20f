"""Never a wrong song, whatever a recording's label says: words a title adds that the entry
does not write make another recording (at most `review`, offered first), unless they are a
known same-song note; performances and re-recordings named only by their album; recordings
crediting more artists than the entry names. The labels below are made up for the test, in
every shape catalogs use and in several scripts: no rule may know them."""

from __future__ import annotations

import pytest

from syncer.match import (
    Thresholds,
    Weights,
    credits_beyond_entry,
    decide,
    unwritten_notes,
)
from syncer.model import Resolution, Status, Track
from syncer.normalize import unknown_notes

from .matching_fakes import make_entry, make_track

# Invented words (a place, a series, a studio nobody has heard of), in five scripts.
MADE_UP_LABELS = (
    "Velmora Tapes",
    "Okutashi",
    "Квартира Сорок",
    "바람정거장",
    "ミナトガワ",
    "Ξενύρα",
)

# Every shape a catalog writes a note in ("Xver." glues one word to "ver.": where a title ends
# before an unbracketed label of several words is anyone's guess).
SHAPES = (
    "{title} - {label}",
    "{title} ({label})",
    "{title} [{label}]",
    "{title} 【{label}】",
    "{title} 〜{label}〜",
    "{title} -{label}-",
    "{title} {glued}ver.",
    "{title} ({label} Version)",
)

LABELLED = [
    pytest.param(
        shape.format(title="Midnight Harbor", label=label, glued=label.replace(" ", "")),
        id=f"{label}|{shape}",
    )
    for label in MADE_UP_LABELS
    for shape in SHAPES
]

ORIGINAL = make_track(
    "original", "Midnight Harbor", "Sora Band", album="Harbor Lights", duration_ms=241_000
)


def decide_for(title: str, artist: str, tracks: list[Track], **fields: object) -> Resolution:
    return decide(make_entry(title, artist, **fields), tracks, Weights(), Thresholds())


def labelled_copy(name: str, *, album: str = "Harbor Lights") -> Track:
    return make_track("labelled", name, "Sora Band", album=album, duration_ms=243_000)


@pytest.mark.parametrize("name", LABELLED)
def test_a_made_up_label_is_another_recording_offered_first_for_review(name: str) -> None:
    copy = labelled_copy(name)
    resolution = decide_for("Midnight Harbor", "Sora Band", [copy])
    assert resolution.status is Status.REVIEW
    assert resolution.uri == copy.uri
    assert resolution.candidates[0].track == copy
    assert "does not write" in resolution.reason


@pytest.mark.parametrize("name", LABELLED)
def test_the_plain_original_beside_a_made_up_label_is_matched(name: str) -> None:
    resolution = decide_for("Midnight Harbor", "Sora Band", [labelled_copy(name), ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri


@pytest.mark.parametrize("name", LABELLED)
def test_a_label_the_entry_writes_itself_is_matched(name: str) -> None:
    copy = labelled_copy(name)
    resolution = decide_for(name, "Sora Band", [copy, ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == copy.uri


@pytest.mark.parametrize(
    "name",
    [
        "Midnight Harbor - Remastered 2011",
        "Midnight Harbor (2009 Digital Remaster)",
        "Midnight Harbor - Remasterizado 2019",
        "Midnight Harbor - Radio Edit",
        "Midnight Harbor (Single Version)",
        "Midnight Harbor [Album Version]",
        "Midnight Harbor - Mono",
        "Midnight Harbor (Stereo Mix)",
        "Midnight Harbor - Original Mix",
        "Midnight Harbor - From 'The Velmora Affair'",
        "Midnight Harbor (Okutashi Opening Theme)",
        "Midnight Harbor (映画「ミナトガワ」主題歌)",
        "Midnight Harbor (Original Motion Picture Soundtrack)",
    ],
)
def test_a_known_same_song_note_is_still_the_song(name: str) -> None:
    copy = labelled_copy(name)
    resolution = decide_for("Midnight Harbor", "Sora Band", [copy])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == copy.uri


def test_a_year_with_ver_is_a_remake_not_a_remaster() -> None:
    assert unknown_notes("Midnight Harbor (2019 ver.)") == ("2019 ver",)
    assert unknown_notes("Midnight Harbor - 2019 Remaster") == ()


def test_a_whole_title_in_brackets_has_no_note() -> None:
    assert unknown_notes("「楓」") == ()
    assert unknown_notes("*〜アスタリスク〜") == ()
    assert unknown_notes("20-CRY-") == ()


# --- Subtitles a list leaves out ---


@pytest.mark.parametrize(
    ("written", "catalog"),
    [
        ("Sweet Dreams", "Sweet Dreams (Are Made Of This)"),
        ("Sweet Dreams", "Sweet Dreams (Are Made Of This) - 2005 Remaster"),
        ("YELL", "YELL〜エール〜"),
        ("Binibini", "Binibini (Last Day On Earth)"),
    ],
)
def test_a_subtitle_left_out_is_offered_first_for_review(written: str, catalog: str) -> None:
    song = make_track("song", catalog, "Eurythmics")
    other = make_track("other", "Sweet Nothing", "Eurythmics")
    resolution = decide_for(written, "Eurythmics", [other, song])
    assert resolution.status is Status.REVIEW
    assert resolution.candidates[0].track == song


def test_a_subtitle_the_entry_writes_is_matched() -> None:
    song = make_track("song", "Sweet Dreams (Are Made Of This)", "Eurythmics")
    resolution = decide_for("Sweet Dreams (Are Made of This)", "Eurythmics", [song])
    assert resolution.status is Status.MATCHED


def test_the_albums_words_are_written_by_an_entry_that_names_the_album() -> None:
    copy = labelled_copy("Midnight Harbor - Velmora Tapes")
    entry = make_entry("Midnight Harbor", "Sora Band", album="Velmora Tapes")
    assert unwritten_notes(entry, copy) == ()


# --- Performances and re-recordings named only by their album ---


@pytest.mark.parametrize(
    "album",
    [
        "Okutashi Tour 2019",
        "ツアー・ミナトガワ",
        "The Velmora Sessions",
        "Sora Band at Velmora Hall",
        "In Concert",
        "Unplugged",
        "Acústico (Ao Vivo)",
        "Clássicos En Vivo",
        "Okutashi 2022.5.15",
        "Velmora Concert",
    ],
)
def test_a_plain_title_on_a_performance_album_is_not_the_studio_song(album: str) -> None:
    take = labelled_copy("Midnight Harbor", album=album)
    assert decide_for("Midnight Harbor", "Sora Band", [take]).status is not Status.MATCHED
    resolution = decide_for("Midnight Harbor", "Sora Band", [take, ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri


@pytest.mark.parametrize("album", ["We Slept at Last", "Looking at the Stars", "Tour de Velmora"])
def test_an_album_merely_using_those_words_is_a_studio_album(album: str) -> None:
    song = labelled_copy("Midnight Harbor", album=album)
    assert decide_for("Midnight Harbor", "Sora Band", [song]).status is Status.MATCHED


@pytest.mark.parametrize("label", MADE_UP_LABELS)
def test_a_single_named_after_the_song_with_a_made_up_label_is_another_recording(
    label: str,
) -> None:
    take = labelled_copy("Midnight Harbor", album=f"Midnight Harbor ({label})")
    resolution = decide_for("Midnight Harbor", "Sora Band", [take])
    assert resolution.status is Status.REVIEW
    assert decide_for("Midnight Harbor", "Sora Band", [take, ORIGINAL]).uri == ORIGINAL.uri


# --- More artists credited than the entry names ---

GUESTED = make_track(
    "guested", "Midnight Harbor", "Sora Band;Velmora Kid", album="Okutashi", release_date="1990"
)


def test_a_recording_with_a_guest_is_not_the_song_when_the_plain_one_is_there() -> None:
    resolution = decide_for("Midnight Harbor", "Sora Band", [GUESTED, ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri


def test_a_recording_with_a_guest_credits_beyond_the_entry() -> None:
    entry = make_entry("Midnight Harbor", "Sora Band")
    assert credits_beyond_entry(entry, GUESTED)
    assert not credits_beyond_entry(entry, ORIGINAL)


@pytest.mark.parametrize(
    "artist", ["Sora Band & Velmora Kid", "Sora Band feat. Velmora Kid", "Sora Band, Velmora Kid"]
)
def test_a_guest_the_entry_names_is_credited_as_asked(artist: str) -> None:
    entry = make_entry("Midnight Harbor", artist)
    assert not credits_beyond_entry(entry, GUESTED)
    resolution = decide_for("Midnight Harbor", artist, [GUESTED, ORIGINAL])
    assert resolution.uri == GUESTED.uri


def test_each_note_of_a_dash_tail_is_read_on_its_own() -> None:
    # A remaster of a remake is still the remake: its year is not the remaster's.
    assert unknown_notes("Ángeles Con una Sola Ala - 2013 - 2025 Remaster") == ("2013",)
    copy = labelled_copy("Midnight Harbor - Okutashi - 2025 Remaster")
    assert decide_for("Midnight Harbor", "Sora Band", [copy]).status is Status.REVIEW


def test_a_performance_credited_to_others_than_the_entry_names_is_not_matched() -> None:
    # The same piece under other performers, the composer credited first on both.
    other_performers = make_track(
        "other", "Oboe Concerto: II. Adagio", "Tomaso Albinoni;Pierre Pierlot;I Solisti Veneti"
    )
    entry_artist = "Tomaso Albinoni, Il Giardino Armonico, Paolo Grazzi"
    resolution = decide_for("Oboe Concerto: II. Adagio", entry_artist, [other_performers])
    assert resolution.status is not Status.MATCHED


def test_of_two_noted_recordings_the_one_adding_fewer_words_is_offered_first() -> None:
    subtitled = make_track("subtitled", "Heroes (We Could Be)", "Alesso", duration_ms=240_000)
    remade = make_track(
        "remade", "Heroes (We Could Be) - 2007 Version", "Alesso", release_date="1990-01-01"
    )
    resolution = decide_for("Heroes", "Alesso", [remade, subtitled])
    assert resolution.status is Status.REVIEW
    assert resolution.uri == subtitled.uri
