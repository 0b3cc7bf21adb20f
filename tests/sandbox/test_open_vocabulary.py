"""The realistic crowd's open vocabulary of versions (issue 20, point 2)."""

from __future__ import annotations

import ast
import random
import re
import unicodedata
from pathlib import Path

import pytest

from syncer.sandbox.catalog import (
    Catalog,
    CatalogAlbum,
    CatalogArtist,
    CatalogTrack,
    Provenance,
    default_catalog_path,
    load_catalog,
)
from syncer.sandbox.densify import crowd
from syncer.sandbox.versions import FORMS, LIVE_ALBUM_FORMS, is_labelled, open_versions, render

MATCHER_SOURCES = ("syncer/match.py", "syncer/normalize.py")
REPO = Path(__file__).resolve().parents[2]
SAMPLE_PARTS = {
    "series": "Zzqx",  # stands for a name made up per song: no source can hold it
    "year": "2019",
    "place": "Zzqx",
    "PLACE": "ZZQX",
    "first": "Zzqx",
    "n": "5",
    "lead": "Zzqx",
}


def _fold(text: str) -> str:
    """Case and Latin accents folded (acústico -> acustico); Japanese kept as written."""
    return "".join(
        "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if ch < "\u3000"
        else ch
        for ch in unicodedata.normalize("NFKC", text.casefold())
    )


def _matcher_text() -> str:
    """Every string the matcher's code holds (patterns, words), docstrings left out: what it
    can know a label by."""
    strings = []
    for path in MATCHER_SOURCES:
        tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        strings += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ]
    return _fold(re.sub(r"\\[a-zA-Z]", " ", " ".join(strings)))  # no \b, \s glued to words


def _known_to_the_matcher(label: str, source: str) -> bool:
    """Whether any word of the label (Latin: a word of the sources; Japanese: a run of
    characters found in them) appears in the matcher's sources."""
    words = set(re.findall(r"[a-z]{2,}", source))
    for piece in re.findall(r"[^\W\d_]+", _fold(label).replace("zzqx", " ")):
        if piece.isascii():  # "sessions?" and "remix(?:ed)?" know "session" and "remixed"
            if len(piece) >= 2 and {piece, piece + "s", piece + "ed", piece[:-1]} & words:
                return True
        elif piece in source:
            return True
    return False


def test_there_are_at_least_40_label_forms_in_six_languages_and_five_kinds() -> None:
    assert len(FORMS) >= 40
    assert len({(f.text, f.shape) for f in FORMS}) == len(FORMS)
    assert {f.language for f in FORMS} >= {"en", "ja", "pt", "es", "fr", "de", "ko"}
    assert {f.kind for f in FORMS} == {
        "live",
        "session",
        "rerecording",
        "self_cover",
        "arrangement",
    }
    assert len({f.shape for f in FORMS}) == 6


def test_at_least_a_third_of_the_forms_share_no_word_with_the_matcher() -> None:
    source = _matcher_text()
    labels = [render(f, "T", SAMPLE_PARTS)[0] for f in FORMS]
    labels += [name.format(**SAMPLE_PARTS) for name in LIVE_ALBUM_FORMS]
    unknown = [label for label in labels if not _known_to_the_matcher(label, source)]
    assert 3 * len(unknown) >= len(labels), unknown


def test_the_check_finds_a_word_the_matcher_writes() -> None:
    assert _known_to_the_matcher("Ao Vivo", _fold("r'ao vivo'"))
    assert _known_to_the_matcher("(ライブ)", "ライブ")
    assert not _known_to_the_matcher("Zzqx Take", _fold("no such words here"))


def test_a_labelled_title_is_told_apart_from_a_plain_one_or_a_credit() -> None:
    for title in (
        "Song - Ao Vivo",
        "Song (Zzqx Sessions)",
        "Song 〜弾き語り〜",
        "Song 2019 ver.",
        "Song (Zzqx live) [feat. Guest]",
    ):
        assert is_labelled(title), title
    for title in ("Song", "Song (feat. Guest)", "Song (with Guest)", "Ob-La-Di, Ob-La-Da"):
        assert not is_labelled(title), title


def test_a_version_is_labelled_once_in_one_placement() -> None:
    placements = set()
    for seed in range(300):
        rng = random.Random(seed)
        for version in open_versions("Song", "Lead Act", rng, japanese=seed % 2 == 0, year=2001):
            placements.add(version.placement)
            if version.placement == "title":
                assert version.title != "Song"
                assert version.title.count(version.label) == 1
            else:
                assert version.title == "Song"
                assert version.label in version.album_name
            assert version.year > 2001
    assert placements == {"title", "album", "live_album"}


# --- In the realistic crowd of the default catalog ---

OPEN_KINDS = {
    "open_live",
    "open_session",
    "open_rerecording",
    "open_self_cover",
    "open_arrangement",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_path())


@pytest.fixture(scope="module")
def generated(catalog: Catalog) -> list[CatalogTrack]:
    return crowd(catalog)


def song_title(parent: CatalogTrack) -> str:
    """The parent's title without a featured credit (its versions credit the guest in full)."""
    return re.sub(r"\s*[(\[](?:feat\.?|ft\.|with)\s[^)\]]*[)\]]$", "", parent.name)


def open_versions_in(generated: list[CatalogTrack]) -> list[tuple[CatalogTrack, Provenance]]:
    return [
        (t, t.provenance)
        for t in generated
        if t.provenance is not None and t.provenance.kind in OPEN_KINDS
    ]


def test_every_song_gets_versions_of_every_kind_in_three_placements(
    generated: list[CatalogTrack],
) -> None:
    found = open_versions_in(generated)
    assert {p.kind for _, p in found} == OPEN_KINDS
    assert {p.placement for _, p in found} == {"title", "album", "live_album"}
    assert not any(p.same_song for _, p in found)
    assert all(p.parent_id and p.label for _, p in found)


def test_about_a_quarter_of_live_takes_keep_the_plain_title_on_a_live_album(
    catalog: Catalog, generated: list[CatalogTrack]
) -> None:
    live = [(t, p) for t, p in open_versions_in(generated) if p.kind == "open_live"]
    plain = [(t, p) for t, p in live if p.placement == "live_album"]
    assert 0.18 <= len(plain) / len(live) <= 0.32
    for track, found in plain:
        parent = catalog.get(found.parent_id or "")
        assert parent is not None
        assert track.name == song_title(parent)
        assert track.album.name == found.label


def test_a_label_is_written_once_where_its_placement_says(
    catalog: Catalog, generated: list[CatalogTrack]
) -> None:
    for track, found in open_versions_in(generated):
        parent = catalog.get(found.parent_id or "")
        assert parent is not None
        label = found.label or ""
        if found.placement == "title":
            assert track.name != song_title(parent)
            assert track.name.startswith(song_title(parent))
            assert track.name.count(label) == 1
        else:
            assert track.name == song_title(parent)
            assert label in track.album.name


def test_some_re_recordings_and_self_covers_add_a_guest(
    catalog: Catalog, generated: list[CatalogTrack]
) -> None:
    remade = [
        (t, p)
        for t, p in open_versions_in(generated)
        if p.kind in ("open_rerecording", "open_self_cover")
    ]
    guested = [
        t
        for t, p in remade
        if len(t.artists) > len(catalog.get(p.parent_id or "").artists)  # type: ignore[union-attr]
    ]
    assert 0.15 <= len(guested) / len(remade) <= 0.6


def test_versions_have_no_versions_and_labels_never_double(
    catalog: Catalog, generated: list[CatalogTrack]
) -> None:
    parents = {t.provenance.parent_id for t in generated if t.provenance and t.provenance.parent_id}
    for parent_id in parents:
        parent = catalog.get(parent_id)
        assert parent is not None, "a version's parent is a catalog track, never a generated one"
        assert not is_labelled(parent.name), parent.name


def test_a_songs_own_release_is_the_parent_rather_than_its_plain_title_on_a_live_album() -> None:
    band = CatalogArtist(id="b" * 22, name="Zzqx Band")

    def track(track_id: str, album: str) -> CatalogTrack:
        on = CatalogAlbum(track_id[:1] * 22, album, "album", None, None, (), (band,))
        return CatalogTrack(
            id=track_id * 22, name="Zzqx Song", artists=(band,), album=on, duration_ms=200_000
        )

    taken_live, studio = track("L", "Zzqx Band Ao Vivo"), track("S", "Zzqx Song")
    parents = {
        t.provenance.parent_id
        for t in crowd(Catalog([taken_live, studio]))
        if t.provenance and t.provenance.parent_id
    }
    assert parents == {studio.id}
