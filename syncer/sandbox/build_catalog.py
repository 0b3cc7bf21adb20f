"""Rebuild the sandbox's default catalog and the seed lists' ground truth.

Run as `python -m syncer.sandbox.build_catalog --csv <kaggle_spotify_tracks_japanese.csv>`.

Inputs: the Japanese part of the Kaggle "Spotify Tracks Dataset" (real track ids, EN-locale
names and popularity; the CSV is not shipped, so its output is committed) and the hand-written
`data/curated.json` (the seed songs and the traps around them, all synthetic). Outputs:
`data/default_catalog.jsonl.gz` (one Development-Mode TrackObject per line, with the `names`
localisation extension and `popularity`, which the sandbox reads but never serves) and `data/seed_truth.json` (the right catalog track, or null, for every
entry of `lists/*.toml`). The build is deterministic: same inputs, same bytes.

Popularity: a Kaggle row keeps its own (Spotify's, as collected in 2022). A hand-written track
has none on record, so it takes one by a stated rule (`CuratedPopularity`): a plain-titled song
gets its artist's highest Kaggle popularity (the songs the seed lists name are the hits an
article picks), or, for an artist without Kaggle rows, the median of every Kaggle artist's
highest; a version (live, remaster, karaoke, instrumental, acoustic, TV size, music box) gets
the median of the Kaggle rows labelled as versions, and never as much as its song.

Public API: `build_catalog`, `build_seed_truth`, `load_kaggle_rows`, `synthetic_id`,
`CuratedPopularity`, `write_catalog`, `write_seed_truth`, `main`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import statistics
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from syncer.sandbox.ids import spotify_like_id

DATA_DIR = Path(__file__).parent / "data"
REPO_DIR = Path(__file__).resolve().parents[2]
SEED_LISTS = ("tearjerkers", "sorrow", "rock-ballads")

Json = dict[str, Any]


def synthetic_id(kind: str, *parts: str) -> str:
    """A stable id for a hand-written track and for every artist and album (the CSV has no
    artist or album ids), shaped as a real one is (`ids.spotify_like_id`: 128 bits in
    Spotify's base62, first character 0-7), so no id tells an invented object from a recorded
    one. Namespaced by `syncer-sandbox` and the kind, so the kinds cannot collide."""
    return spotify_like_id("syncer-sandbox", kind, *parts)


def load_kaggle_rows(csv_path: Path) -> list[dict[str, str]]:
    """The CSV's rows, one per track id (a track listed under several genres comes once)."""
    rows: dict[str, dict[str, str]] = {}
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["track_id"], row)
    return list(rows.values())


class _Names:
    """The localised-name tables of curated.json: artists and albums by key."""

    def __init__(self, curated: Mapping[str, Any]) -> None:
        self.artists: Mapping[str, Mapping[str, str]] = curated["artists"]
        self.albums: Mapping[str, Mapping[str, str]] = curated.get("albums", {})
        self.tracks: Mapping[str, Mapping[str, str]] = curated.get("track_names", {})

    def artist(self, key: str) -> Json:
        """The simplified artist object; one id per key, shared by Kaggle and curated tracks."""
        artist_id = synthetic_id("artist", key)
        names = self.artists.get(key, {})
        artist: Json = {"id": artist_id, "name": names.get("en", key)}
        if "ja" in names:
            artist["names"] = dict(names)
        artist.update(type="artist", uri=f"spotify:artist:{artist_id}")
        return artist

    def album(self, key: str, artist_key: str, fields: Mapping[str, Any]) -> Json:
        album_id = synthetic_id("album", artist_key, key)
        names = self.albums.get(key, {})
        album: Json = {"id": album_id, "name": names.get("en", key)}
        if names:
            album["names"] = dict(names)
        album.update(fields)
        album.update(
            type="album", uri=f"spotify:album:{album_id}", artists=[self.artist(artist_key)]
        )
        return album


# A hand-written track whose title names another recording of its song (the words the
# curated traps and the Kaggle rows use).
_VERSION_LABEL = re.compile(
    r"(?i)\b(?:live|remaster\w*|karaoke|instrumental|acoustic|tv size|off vocal|hydeless)\b"
    r"|カラオケ|ライブ|オルゴール"
)


class CuratedPopularity:
    """The popularity of a hand-written track, by the rule in the module docs, from the Kaggle
    rows: a song takes its artist's highest Kaggle popularity, else the median of every Kaggle
    artist's highest; a version takes the median of the Kaggle versions, below its song."""

    def __init__(self, kaggle_rows: Iterable[Mapping[str, str]]) -> None:
        highest: dict[str, int] = {}
        versions: list[int] = []
        for row in kaggle_rows:
            popularity = int(row["popularity"])
            lead = row["artists"].split(";")[0]
            highest[lead] = max(highest.get(lead, 0), popularity)
            if _VERSION_LABEL.search(row["track_name"]):
                versions.append(popularity)
        self._highest = highest
        self.unknown_artist = round(statistics.median(highest.values())) if highest else 0
        self.version = round(statistics.median(versions)) if versions else 0

    def of(self, name: str, lead_artist: str) -> int:
        song = self._highest.get(lead_artist, self.unknown_artist)
        if _VERSION_LABEL.search(name):
            return min(self.version, max(song - 1, 0))
        return song


def _track(
    track_id: str,
    name: str,
    artists: list[Json],
    album: Json,
    duration_ms: int,
    explicit: bool,
    popularity: int,
    extra: Mapping[str, Any],
) -> Json:
    track: Json = {
        "id": track_id,
        "name": name,
        "type": "track",
        "uri": f"spotify:track:{track_id}",
    }
    track.update(artists=artists, album=album, duration_ms=duration_ms, explicit=explicit)
    track.update(popularity=popularity)
    track.update(extra)
    return track


def _kaggle_track(row: Mapping[str, str], names: _Names) -> Json:
    """A real Kaggle row: real id, names and popularity; no release date or ISRC (none known).

    The CSV's names are Spotify's EN locale, which romanises some Japanese titles
    ("Guren no Yumiya"); `track_names` gives the Japanese title back for a few of them.
    """
    artist_keys = row["artists"].split(";")
    localised = names.tracks.get(row["track_id"])
    return _track(
        row["track_id"],
        row["track_name"],
        [names.artist(key) for key in artist_keys],
        names.album(row["album_name"], artist_keys[0], {}),
        int(row["duration_ms"]),
        row["explicit"] == "True",
        int(row["popularity"]),
        {"names": dict(localised)} if localised else {},
    )


def _curated_id(entry: Mapping[str, Any]) -> str:
    album_spec: Mapping[str, Any] = entry["album"]
    album_key = album_spec.get("key", album_spec["name"])
    return synthetic_id("track", entry["artists"][0], entry["name"], album_key)


def _curated_track(entry: Mapping[str, Any], names: _Names, popularity: CuratedPopularity) -> Json:
    artist_keys: list[str] = entry["artists"]
    unknown = [key for key in artist_keys if key not in names.artists]
    if unknown:
        raise ValueError(f"{entry['name']}: artists missing from the artist table: {unknown}")
    album_spec: Mapping[str, Any] = entry["album"]
    album_key = album_spec.get("key", album_spec["name"])
    album_fields: Json = {"album_type": album_spec["album_type"]}
    if "year" in album_spec:
        album_fields.update(release_date=str(album_spec["year"]), release_date_precision="year")
    album = names.album(album_key, artist_keys[0], album_fields)
    extra = {key: entry[key] for key in ("track_number", "disc_number") if key in entry}
    return _track(
        _curated_id(entry),
        entry["name"],
        [names.artist(key) for key in artist_keys],
        album,
        int(entry["duration_ms"]),
        bool(entry.get("explicit", False)),
        popularity.of(entry["name"], artist_keys[0]),
        extra,
    )


def build_catalog(
    kaggle_rows: Iterable[Mapping[str, str]], curated: Mapping[str, Any]
) -> list[Json]:
    """Every Kaggle track, then every curated track, as TrackObjects; ids must be unique."""
    names = _Names(curated)
    rows = list(kaggle_rows)
    popularity = CuratedPopularity(rows)
    tracks = [_kaggle_track(row, names) for row in rows]
    tracks += [_curated_track(entry, names, popularity) for entry in curated["tracks"]]
    _require_unique_ids(tracks)
    return tracks


def _require_unique_ids(tracks: Sequence[Json]) -> None:
    seen: set[str] = set()
    for track in tracks:
        if track["id"] in seen:
            raise ValueError(f"duplicate track id {track['id']} ({track['name']})")
        seen.add(track["id"])


def _truth_by_seed(curated: Mapping[str, Any]) -> dict[str, str | None]:
    """Seed key (`<list stem>#<index>`) -> right track id, or None for an absent song."""
    truth: dict[str, str | None] = {}
    claims: list[tuple[str, str | None]] = [
        (e["seed"], _curated_id(e)) for e in curated["tracks"] if "seed" in e
    ]
    claims += [(m["seed"], m["track_id"]) for m in curated["kaggle_seed_matches"]]
    claims += [(a["seed"], None) for a in curated["absent"]]
    for seed, track_id in claims:
        if seed in truth:
            raise ValueError(f"seed {seed} is labelled twice")
        truth[seed] = track_id
    return truth


def build_seed_truth(curated: Mapping[str, Any], lists_dir: Path) -> list[Json]:
    """One record per seed list entry, in list order: list file, index, title, artist, track id.

    Fails when an entry has no label or a label points past the end of its list, so the truth
    cannot silently drift from the lists.
    """
    truth = _truth_by_seed(curated)
    records: list[Json] = []
    for stem in SEED_LISTS:
        with (lists_dir / f"{stem}.toml").open("rb") as handle:
            entries = tomllib.load(handle)["tracks"]
        for index, entry in enumerate(entries):
            seed = f"{stem}#{index}"
            if seed not in truth:
                raise ValueError(f"seed {seed} ({entry['title']}) has no label in curated.json")
            records.append(
                {
                    "list": f"lists/{stem}.toml",
                    "index": index,
                    "title": entry["title"],
                    "artist": entry["artist"],
                    "track_id": truth.pop(seed),
                }
            )
    if truth:
        raise ValueError(f"labels for entries that do not exist: {sorted(truth)}")
    return records


def write_catalog(tracks: Iterable[Json], path: Path) -> None:
    """gzip'd JSON Lines with a fixed mtime, so the same tracks give the same bytes."""
    lines = "".join(json.dumps(t, ensure_ascii=False, separators=(",", ":")) + "\n" for t in tracks)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(lines.encode("utf-8"))


def write_seed_truth(records: Sequence[Json], path: Path) -> None:
    document = {
        "about": "The right catalog track for every seed list entry (null: not on Spotify, the "
        "right answer is a gap). Built from curated.json by syncer.sandbox.build_catalog.",
        "entries": list(records),
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m syncer.sandbox.build_catalog")
    parser.add_argument(
        "--csv", type=Path, required=True, help="kaggle_spotify_tracks_japanese.csv"
    )
    parser.add_argument("--curated", type=Path, default=DATA_DIR / "curated.json")
    parser.add_argument("--lists", type=Path, default=REPO_DIR / "lists")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "default_catalog.jsonl.gz")
    parser.add_argument("--truth", type=Path, default=DATA_DIR / "seed_truth.json")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    curated = json.loads(args.curated.read_text(encoding="utf-8"))
    tracks = build_catalog(load_kaggle_rows(args.csv), curated)
    write_catalog(tracks, args.out)
    write_seed_truth(build_seed_truth(curated, args.lists), args.truth)
    print(f"{len(tracks)} tracks -> {args.out}; ground truth -> {args.truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
