"""The benchmark's inputs: the seed lists and a generated list of realistic entries.

Public API:
- `SEED_LISTS`: the three seed list files (`lists/*.toml`).
- `generate_list_text(catalog, size, *, seed) -> str`: a list file of `size` entries built
  deterministically from the catalog's tracks (same catalog, size and seed: same bytes).
- `generated_entries(catalog, size, *, seed)`: the same entries as TOML blocks, each with the
  catalog track it names (None for a song the catalog lacks), for the evaluation.
- `write_generated_list(directory, catalog, size, *, seed) -> Path`.
- `pinned_list_text(catalog, size) -> str`: `size` distinct tracks, all pinned by `uri`.

The mix, by share of entries: plain title + artist as the catalog shows them (72%), the same
with the artist's Japanese name (8%, when the catalog has one), pinned by `uri` (8%), the
Japanese title with the catalog's romanised/English title as an alias (a few, limited by the
catalog), the artist's Japanese name with its Latin name as an artist alias (6%), and songs
that are not in the catalog (6%: a made-up title by a real artist, or an absent artist).
Every entry names a different recording, so the list has no duplicates.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from syncer.sandbox.catalog import Catalog, CatalogTrack

REPO = Path(__file__).resolve().parent.parent
SEED_LISTS = tuple(sorted((REPO / "lists").glob("*.toml")))

_ABSENT_ARTISTS = ("GLAY", "LUNA SEA", "ZARD", "サザンオールスターズ", "中島美嘉", "平井堅")
_MADE_UP_WORDS = ("Paper", "Lantern", "Midnight", "Harbour", "Echo", "Velvet", "Orbit", "Ember")


def generate_list_text(catalog: Catalog, size: int, *, seed: int = 8) -> str:
    """A TOML list of `size` entries drawn from `catalog` (see the module doc for the mix)."""
    header = [
        "[playlist]",
        f"name = {_q(f'Bench {size}')}",
        f"description = {_q(f'Generated benchmark list of {size} entries.')}",
        "public = false",
        'market = "JP"',
    ]
    blocks = [block for block, _ in generated_entries(catalog, size, seed=seed)]
    return "\n\n".join(["\n".join(header), *blocks]) + "\n"


def generated_entries(
    catalog: Catalog, size: int, *, seed: int = 8
) -> list[tuple[str, CatalogTrack | None]]:
    """The generated list's entries as TOML blocks, each with the catalog track it names
    (None for a song the catalog does not have): the right answer, for the evaluation."""
    rng = random.Random(seed)
    tracks = _distinct_recordings(catalog)
    rng.shuffle(tracks)
    localised = [t for t in tracks if t.names.get("ja") and t.names["ja"] != t.name]
    used: set[str] = set()
    entries: list[tuple[str, CatalogTrack | None]] = []
    pool = iter(tracks)
    for index in range(size):
        roll = rng.random()
        if roll < 0.06:
            entries.append((_absent_entry(rng, tracks, index), None))
            continue
        if roll < 0.06 + 0.03 and localised:
            track = localised.pop()
            if track.id in used:
                track = _next_unused(pool, used)
            else:
                used.add(track.id)
            block = _entry(track.names["ja"], track.artists[0].name, aliases=(track.name,))
            entries.append((block, track))
            continue
        track = _next_unused(pool, used)
        artist = track.artists[0]
        ja_artist = artist.names.get("ja")
        if roll < 0.17:
            block = _entry(track.name, artist.name, uri=track.uri)
        elif roll < 0.25 and ja_artist:
            block = _entry(track.name, ja_artist)
        elif roll < 0.31 and ja_artist and ja_artist != artist.name:
            block = _entry(track.name, ja_artist, artist_aliases=(artist.name,))
        else:
            block = _entry(track.name, artist.name)
        entries.append((block, track))
    return entries


def pinned_list_text(catalog: Catalog, size: int) -> str:
    """A list of `size` distinct catalog tracks, each pinned by `uri` (every entry resolves)."""
    tracks = _distinct_recordings(catalog)[:size]
    header = f'[playlist]\nname = "Pinned {size}"\npublic = false\nmarket = "JP"'
    entries = [_entry(t.name, t.artists[0].name, uri=t.uri) for t in tracks]
    return "\n\n".join([header, *entries]) + "\n"


def write_generated_list(directory: Path, catalog: Catalog, size: int, *, seed: int = 8) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"generated-{size}.toml"
    path.write_text(generate_list_text(catalog, size, seed=seed), encoding="utf-8")
    return path


def _distinct_recordings(catalog: Catalog) -> list[CatalogTrack]:
    """One track per (title, first artist): the same recording on several albums counts once."""
    seen: dict[tuple[str, str], CatalogTrack] = {}
    for track in catalog:
        seen.setdefault((track.name.casefold(), track.artists[0].name.casefold()), track)
    return sorted(seen.values(), key=lambda t: t.id)


def _next_unused(pool: Iterator[CatalogTrack], used: set[str]) -> CatalogTrack:
    while True:
        track = next(pool)
        if track.id not in used:
            used.add(track.id)
            return track


def _absent_entry(rng: random.Random, tracks: list[CatalogTrack], index: int) -> str:
    title = f"{rng.choice(_MADE_UP_WORDS)} {rng.choice(_MADE_UP_WORDS)} No. {index}"
    if rng.random() < 0.5:
        return _entry(title, rng.choice(_ABSENT_ARTISTS))
    return _entry(title, rng.choice(tracks).artists[0].name)


def _entry(
    title: str,
    artist: str,
    *,
    aliases: tuple[str, ...] = (),
    artist_aliases: tuple[str, ...] = (),
    uri: str | None = None,
) -> str:
    lines = ["[[tracks]]", f"title = {_q(title)}", f"artist = {_q(artist)}"]
    if aliases:
        lines.append(f"aliases = [{', '.join(_q(a) for a in aliases)}]")
    if artist_aliases:
        lines.append(f"artist_aliases = [{', '.join(_q(a) for a in artist_aliases)}]")
    if uri:
        lines.append(f"uri = {_q(uri)}")
    return "\n".join(lines)


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)
