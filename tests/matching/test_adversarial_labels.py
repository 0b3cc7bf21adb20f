"""The matcher's rule holds for words nobody listed (issue 20.1): copies of real catalog songs
under labels made up here, in any shape, script or language, are never `matched` for an entry
that writes the plain title, and beside the plain original the original is the one matched.
Labels come from `bench.eval.adversarial` (invented syllables in eight scripts, years, places,
series and producer names) and from Hypothesis (any letters and digits); each rule the probe
made necessary has a trap test below, written with made-up names."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.eval.adversarial import (
    SHAPES,
    Probe,
    check,
    load_tracks,
    matched_alone,
    plain_songs,
    probes,
)
from syncer.match import Thresholds, Weights, credits_beyond_entry, decide
from syncer.model import Entry, Resolution, Status, Track
from syncer.normalize import known_notes, normalize, unknown_album_notes

from .matching_fakes import make_entry, make_track

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@cache
def catalog_songs() -> list[tuple[Track, list[Track]]]:
    """Plain songs of syncer's default catalog (real rows), each with the artist's other songs,
    in a fixed shuffled order."""
    songs = plain_songs(load_tracks())
    random.Random(20).shuffle(songs)
    return songs


def a_song(index: int) -> tuple[Track, list[Track]]:
    songs = catalog_songs()
    track, others = songs[index % len(songs)]
    assume(matched_alone(track, others))  # a probe of labels needs an original that is matched
    return track, others


def decide_for(title: str, artist: str, tracks: list[Track]) -> Resolution:
    return decide(make_entry(title, artist), tracks, Weights(), Thresholds())


def assert_another_recording(title: str, artist: str, copy: Track, original: Track) -> Resolution:
    """`copy` alone is never matched for the entry, and beside it `original` is the match; the
    resolution of `copy` alone, for further checks."""
    alone = decide_for(title, artist, [copy])
    assert alone.status is not Status.MATCHED
    beside = decide_for(title, artist, [copy, original])
    assert beside.status is Status.MATCHED
    assert beside.uri == original.uri
    return alone


def describe(probe: Probe, wrong: str) -> str:
    copy = probe.copy
    return (
        f"{probe.kind} ({probe.shape}), original {'present' if probe.with_original else 'absent'}:"
        f" {probe.entry.title!r} / {probe.entry.artist!r} against {copy.name!r} by"
        f" {', '.join(copy.artists)} on {copy.album!r}: {wrong}"
    )


# --- Properties over real rows ---


@PROPERTY
@given(index=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_no_made_up_label_in_any_shape_is_ever_matched(index: int, seed: int) -> None:
    track, others = a_song(index)
    for probe in probes(track, others, random.Random(seed)):
        wrong = check(probe)
        assert wrong is None, describe(probe, wrong)


# Any letters and digits of any script (Hypothesis draws them), as a label in any shape.
LABELS = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=10
).map(str.strip)


@PROPERTY
@given(index=st.integers(min_value=0), label=LABELS, shape=st.sampled_from(SHAPES))
def test_a_label_of_any_letters_is_another_recording(index: int, label: str, shape: str) -> None:
    track, others = a_song(index)
    name = shape.format(title=track.name, label=label, label2=label, glued=label.replace(" ", ""))
    words = set(normalize(label).split())
    # A label that spells a same-song note or a credit ("Mono", "Edit") may be the song.
    assume(words and not known_notes(f"x ({label})") and not known_notes(f"x - {label}"))
    assume(not words <= set(normalize(track.name).split()))
    copy = Track(
        id="labelled".ljust(22, "0"),
        name=name,
        artists=track.artists,
        album=track.album,
        duration_ms=track.duration_ms,
    )
    entry = Entry(index=0, title=track.name, artist=track.artists[0])
    alone = decide(entry, [copy, *others], Weights(), Thresholds())
    assert alone.status is not Status.MATCHED, (name, alone.reason)
    beside = decide(entry, [copy, *others, track], Weights(), Thresholds())
    assert beside.status is Status.MATCHED, (name, beside.reason)
    assert beside.uri == track.uri, (name, beside.reason)


# --- Trap tests: one per rule the probe made necessary ---

ORIGINAL = make_track("original", "Midnight Harbor", "Sora Band", album="Harbor Lights")


@pytest.mark.parametrize(
    "name",
    [
        "Midnight Harbor / Velmora",
        "Midnight Harbor ~ Velmora",
        "Midnight Harbor: Velmora",
        "Midnight Harbor：Velmora 2019",
        "Midnight Harbor vs Orvell Dace",
        "Midnight Harbor x Orvell Dace",
        "Midnight Harbor with Orvell Dace",
        "Midnight Harbor & Orvell Dace",
        "Velmora - Midnight Harbor",
        "【Velmora】Midnight Harbor",
    ],
)
def test_words_around_the_title_in_no_known_shape_are_another_recording(name: str) -> None:
    copy = make_track("labelled", name, "Sora Band", album="Harbor Lights")
    alone = assert_another_recording("Midnight Harbor", "Sora Band", copy, ORIGINAL)
    if alone.status is Status.REVIEW:
        assert alone.candidates[0].track == copy


def test_japanese_words_around_the_title_are_another_recording() -> None:
    original = make_track("original", "涙がまだ悲しみだった頃", "ミナトガワ")
    copy = make_track("labelled", "涙がまだ悲しみだった頃 vs 北夏", "ミナトガワ")
    assert_another_recording("涙がまだ悲しみだった頃", "ミナトガワ", copy, original)


def test_a_last_word_left_off_a_long_title_is_judged_as_before() -> None:
    # People drop a title's last word ("I'll Never Not Love" for "... Love You"); it is matched
    # when the titles are alike enough, as before the rule of words around a title.
    song = make_track("song", "I Will Never Not Love You", "Sora Band")
    resolution = decide_for("I Will Never Not Love", "Sora Band", [song])
    assert resolution.status is Status.MATCHED


def test_a_word_set_apart_after_a_long_title_is_not_its_last_word() -> None:
    copy = make_track("labelled", "I Will Never Not Love / You", "Sora Band")
    assert decide_for("I Will Never Not Love", "Sora Band", [copy]).status is not Status.MATCHED


def test_the_exact_title_is_matched_beside_a_longer_title_that_scores_close() -> None:
    # "Bad Man Midnight Harbor" holds the whole title: it scores close, yet the entry writes
    # exactly the original's title.
    longer = make_track("longer", "Bad Man Midnight Harbor", "Sora Band")
    resolution = decide_for("Midnight Harbor", "Sora Band", [longer, ORIGINAL])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == ORIGINAL.uri


def test_a_name_inside_the_songs_own_title_credits_no_one() -> None:
    # The song is called "Intence vs Tashawn"; a take crediting Tashawn too is not the one the
    # list names by its artist alone, even though the title writes his name.
    original = make_track("original", "Intence vs Tashawn", "Intence")
    guested = make_track("guested", "Intence vs Tashawn", "Intence;Tashawn", album="Sessions")
    entry = make_entry("Intence vs Tashawn", "Intence")
    assert credits_beyond_entry(entry, guested)
    assert not credits_beyond_entry(entry, original)
    for tracks in ([guested, original], [original, guested]):
        resolution = decide(entry, tracks, Weights(), Thresholds())
        assert resolution.status is Status.MATCHED
        assert resolution.uri == original.uri


def test_a_credit_the_entry_writes_in_its_title_still_counts() -> None:
    entry = make_entry("Tears (feat. Hide)", "Kumo Sisters")
    track = make_track("song", "Tears", "Kumo Sisters;Hide")
    assert not credits_beyond_entry(entry, track)


def test_a_take_crediting_a_guest_is_not_the_song_beside_one_crediting_fewer() -> None:
    # Every take credits a co-artist the entry leaves out; the one adding a guest is another.
    # (The guest's id sorts first: ties between equal scores go to the lower id.)
    duo = make_track("zduo", "Branching Paths", "Kumo Sisters;Orvell Dace")
    guested = make_track("aguested", "Branching Paths", "Kumo Sisters;Orvell Dace;Velmora")
    for tracks in ([guested, duo], [duo, guested]):
        resolution = decide_for("Branching Paths", "Kumo Sisters", tracks)
        assert resolution.status is Status.MATCHED
        assert resolution.uri == duo.uri


def test_the_release_carrying_the_same_song_note_the_entry_writes_is_preferred() -> None:
    plain = make_track("plain", "Re:Re:", "Sora Band", album="Solfa", duration_ms=228_760)
    again = make_track(
        "again", "Re:Re:", "Sora Band", album="Best", duration_ms=228_760, album_type="compilation"
    )
    single = make_track(
        "single", "Re:Re: (Single ver.)", "Sora Band", album="Re:Re:", duration_ms=332_240
    )
    noted = decide_for("Re:Re: (Single ver.)", "Sora Band", [plain, again, single])
    assert noted.status is Status.MATCHED
    assert noted.uri == single.uri
    bare = decide_for("Re:Re:", "Sora Band", [plain, again, single])
    assert bare.status is Status.MATCHED
    assert bare.uri == plain.uri


@pytest.mark.parametrize(
    "album",
    [
        "Midnight Harbor - Single",
        "Midnight Harbor - EP",
        "Midnight Harbor (Special Edition)",
        "Midnight Harbor【通常盤】",
        "Midnight Harbor (初回限定盤Type-B)",
    ],
)
def test_an_album_named_after_the_song_with_its_format_or_edition_holds_the_song(
    album: str,
) -> None:
    song = make_track("song", "Midnight Harbor", "Sora Band", album=album)
    resolution = decide_for("Midnight Harbor", "Sora Band", [song])
    assert resolution.status is Status.MATCHED


@pytest.mark.parametrize(
    "album",
    [
        "Midnight Harbor (Velvetbay Edition)",
        "Midnight Harbor (Live Edition)",
        "Midnight Harbor (50th Anniversary)",
    ],
)
def test_an_edition_named_by_anything_else_is_another_recording(album: str) -> None:
    assert unknown_album_notes(album)
    copy = make_track("copy", "Midnight Harbor", "Sora Band", album=album)
    assert_another_recording("Midnight Harbor", "Sora Band", copy, ORIGINAL)


@pytest.mark.parametrize(
    "name",
    [
        "Lanternfall ft. Orvell Dace: Velmora Take",
        "Lanternfall ft. Orvell Dace / '01",
        "Lanternfall ft. Orvell Dace & Velmora",
    ],
)
def test_what_a_credit_adds_to_the_credit_the_entry_writes_is_another_recording(
    name: str,
) -> None:
    copy = make_track("copy", name, "Kumo Sisters;Orvell Dace")
    resolution = decide_for("Lanternfall ft. Orvell Dace", "Kumo Sisters", [copy])
    assert resolution.status is not Status.MATCHED


def test_the_credit_the_entry_writes_is_matched() -> None:
    song = make_track("song", "Lanternfall ft. Orvell Dace", "Kumo Sisters;Orvell Dace")
    resolution = decide_for("Lanternfall ft. Orvell Dace", "Kumo Sisters", [song])
    assert resolution.status is Status.MATCHED


def test_a_version_word_in_the_songs_own_name_asks_for_no_version() -> None:
    # ライブハウス ("live house") is part of the song's name: the take on a tour album is a
    # live take, the studio one the song.
    studio = make_track("studio", "ライブハウスで会おうぜ", "Humbreaders", album="Humbreaders")
    toured = make_track(
        "toured", "ライブハウスで会おうぜ", "Humbreaders", album="Okutashi Tour 2006"
    )
    assert_another_recording("ライブハウスで会おうぜ", "Humbreaders", toured, studio)


def test_a_live_take_of_a_song_named_live_is_not_the_song() -> None:
    live = make_track("live", "Live Some Life - Live", "Sora Band")
    assert decide_for("Live Some Life", "Sora Band", [live]).status is not Status.MATCHED
    assert decide_for("Live Some Life - Live", "Sora Band", [live]).status is Status.MATCHED


# --- Japanese, as thoroughly as English (issue 20.1) ---

GURENGE = make_track("gurenge", "紅蓮華", "LiSA", album="紅蓮華")


@pytest.mark.parametrize(
    "name",
    [
        "紅蓮華 (TV size)",
        "紅蓮華 (TVサイズ)",
        "紅蓮華 (Instrumental)",
        "紅蓮華 -instrumental-",
        "紅蓮華 (off vocal)",
        "紅蓮華 (カラオケ)",
        "紅蓮華 (オリジナル・カラオケ)",
        "紅蓮華 Piano ver.",
        "紅蓮華 (2019 ver.)",
        "紅蓮華 〜ミナトガワ〜",
        "紅蓮華 -ミナトガワ-",
        "紅蓮華 【ミナトガワ】",
        "紅蓮華 / 北夏",
    ],
)
def test_a_japanese_version_or_label_is_never_the_plain_song(name: str) -> None:
    copy = make_track("copy", name, "LiSA")
    assert_another_recording("紅蓮華", "LiSA", copy, GURENGE)


@pytest.mark.parametrize(
    "name", ["紅蓮華 -Remaster-", "紅蓮華 (リマスター)", "紅蓮華 (TVアニメ「鬼滅の刃」OPテーマ)"]
)
def test_a_japanese_same_song_note_is_the_song(name: str) -> None:
    copy = make_track("copy", name, "LiSA")
    resolution = decide_for("紅蓮華", "LiSA", [copy])
    assert resolution.status is Status.MATCHED


def test_a_japanese_subtitle_left_out_is_offered_first() -> None:
    song = make_track("song", "ひまわりの約束 〜ミナトガワの夏〜", "Sora Band")
    resolution = decide_for("ひまわりの約束", "Sora Band", [song])
    assert resolution.status is Status.REVIEW
    assert resolution.candidates[0].track == song


@pytest.mark.parametrize(
    "written", ["夜に駆ける", "よるにかける", "ヨルニカケル", "Yoru ni Kakeru", "yoru ni kakeru"]
)
def test_kana_kanji_and_romaji_spellings_of_the_title_are_matched(written: str) -> None:
    song = make_track("song", "夜に駆ける", "YOASOBI")
    other = make_track("other", "夜に駆ける (Instrumental)", "YOASOBI")
    resolution = decide_for(written, "YOASOBI", [other, song])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == song.uri


def test_the_same_song_note_the_entry_writes_names_the_release_before_its_credits() -> None:
    # "Original Mix" is written by the entry; the take carrying it credits the guest in its
    # artist field, the other release only in its title: both credit her, neither is "alone".
    noted = make_track(
        "noted", "Feel The Melody - Original Mix", "Kumo Sisters;Sara", duration_ms=300_000
    )
    featured = make_track(
        "featured", "Feel the Melody (feat. Sara)", "Kumo Sisters", duration_ms=200_000
    )
    resolution = decide_for("Feel The Melody - Original Mix", "Kumo Sisters", [featured, noted])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == noted.uri


def test_the_release_writing_the_entrys_note_is_preferred_to_one_whose_album_does() -> None:
    noted = make_track("noted", "Konoha Peace (Naruto)", "Kato", album="Sleep Anime Lofi Beats")
    plain = make_track("plain", "Konoha Peace", "Kato", album="Naruto Vibes")
    resolution = decide_for("Konoha Peace (Naruto)", "Kato", [plain, noted])
    assert resolution.status is Status.MATCHED
    assert resolution.uri == noted.uri


def test_a_single_named_after_the_song_in_romaji_labels_it_too() -> None:
    song = make_track("song", "僕の戦争", "Kumo Sisters", album="僕の戦争")
    take = make_track("take", "僕の戦争", "Kumo Sisters", album="Boku no Sensou (Acústico)")
    assert_another_recording("僕の戦争", "Kumo Sisters", take, song)


def test_a_tie_in_note_the_entry_writes_names_the_release_carrying_it() -> None:
    plain = make_track("plain", "ON MY BEAT", "BOØWY", album="BEAT EMOTION")
    boxed = make_track(
        "boxed", 'ON MY BEAT - FROM "GIGS" CASE OF BOØWY', "BOØWY", album='"GIGS" CASE OF BOØWY'
    )
    noted = decide_for('ON MY BEAT - FROM "GIGS" CASE OF BOOWY', "BOØWY", [plain, boxed])
    assert noted.status is Status.MATCHED
    assert noted.uri == boxed.uri
    bare = decide_for("ON MY BEAT", "BOØWY", [plain, boxed])
    assert bare.status is Status.MATCHED
    assert bare.uri == plain.uri


def test_a_japanese_word_that_only_begins_like_the_title_adds_no_words() -> None:
    # モンスタ is モンスター with its long-vowel mark dropped, not the title with words added.
    song = make_track("song", "モンスター", "Kumo Sisters")
    resolution = decide_for("モンスタ", "Kumo Sisters", [song])
    assert resolution.status is Status.MATCHED


def test_an_entry_writing_a_live_releases_whole_title_names_that_release() -> None:
    # A person who copies a live album's track title, note and all, asked for that take: its
    # album's marks were chosen with the title. Written plainly, the studio take stays the song.
    studio = make_track("studio", "ON MY BEAT", "BOØWY", album="MORAL", duration_ms=138_200)
    live = make_track(
        "live",
        'ON MY BEAT - FROM "GIGS" CASE OF BOOWY',
        "BOØWY",
        album='"GIGS" CASE OF BOφWY COMPLETE (Live From "Gigs" Case Of Boowy / 1987)',
        duration_ms=195_120,
    )
    for tracks in ([studio, live], [live, studio]):
        named = decide_for('ON MY BEAT - FROM "GIGS" CASE OF BOOWY', "BOØWY", tracks)
        assert named.status is Status.MATCHED
        assert named.uri == live.uri
        plain = decide_for("ON MY BEAT", "BOØWY", tracks)
        assert plain.status is Status.MATCHED
        assert plain.uri == studio.uri
    alone = decide_for("ON MY BEAT", "BOØWY", [live])
    assert alone.status is not Status.MATCHED
