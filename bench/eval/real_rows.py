"""Real rows: does syncer take a recording whose label names another one? Measured on songs an
artist really has both plainly and under such a label, and on copies of real songs under labels
made up for the run, through the real client (spotipy over HTTP) against a sandbox.

Run `python -m bench.eval.real_rows` (both profiles; `--profile`, `--songs`, `-v`). From the
Kaggle Spotify Tracks set (`../shared/reference/catalog/`, 89,741 distinct tracks) it selects:

- **labelled songs**: an artist's song present plainly ("Tren al Sur") and under a label that
  is neither a same-song note (a remaster, a radio edit: `generate.is_release_of`) nor a credit
  ("Tren al Sur (En Vivo)", "Hold On - Acoustic", "Afterglow - Stephan Baulig Remix",
  "Pieces (Hushed)", whatever its language). Two variants: `plain_present` (the catalog holds
  both: the plain release must be taken, recall) and `plain_removed` (every release of the
  plain song removed: nothing may be taken, precision);
- **made-up labels**: real songs copied under a label generated for the run from invented words
  (a place or a series nobody named, in Latin, katakana, Hangul or Cyrillic letters) in one of
  the shapes catalogs use (" - X", "(X)", "[X]", "〜X〜", "【X】", "-X-", "Xver."), the original
  removed: nothing may be taken;
- **subtitles left out**: real songs whose title carries a subtitle of words that are no version
  ("Sweet Dreams (Are Made Of This)"), with no plain title by their artist, written without it:
  the song must be offered first (`review` or `matched` with it).

Each entry names the song's title and its credited artists, as a list would. The catalogs
(`--write DIR` writes them, JSON Lines of TrackObjects for `--catalog`) hold every track of the
artists involved, so the answers carry their other songs too. This module selects by its own
rules (and the development set's `is_release_of`); it imports nothing of the matcher's rules.

Public API: `load_rows`, `build(rows, sizes) -> RealRows`, `made_up_labels(count, seed)`,
`SHAPES`, `run(real_rows, profile) -> dict`, `main()`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.eval.evaluate import (
    PROFILES,
    Case,
    Outcome,
    Recording,
    evaluate,
    is_the_song,
    sandbox_search,
    syncer_matcher,
)
from bench.eval.generate import DIFFERENT_RECORDING, VERSION_WORDS, is_release_of
from syncer.model import Entry
from syncer.ports import TrackSearch
from syncer.sandbox.catalog import load_catalog
from syncer.sandbox.ids import spotify_like_id

HERE = Path(__file__).parent
KAGGLE = HERE.parent.parent.parent / "shared" / "reference" / "catalog"
KAGGLE_ALL = KAGGLE / "kaggle_spotify_tracks_114k.csv"
SEED = 20

#: How many cases of each kind `python -m bench.eval.real_rows` builds by default; the test
#: suite runs a smaller set (`tests/matching/test_real_rows.py`).
SIZES = {"labelled": 150, "made_up": 60, "subtitles": 40}

#: What the run must show, under both profiles (issue 20).
TARGETS = {"precision": 1.0, "plain_present_recall": 0.95, "subtitles_offered_first": 0.95}

#: The shapes catalogs write a label in; `{glued}` is the label without spaces.
SHAPES = (
    "{title} - {label}",
    "{title} ({label})",
    "{title} [{label}]",
    "{title} 〜{label}〜",
    "{title} 【{label}】",
    "{title} -{label}-",
    "{title} {glued}ver.",
)

# Syllables of invented words, per script: labels no list could hold.
_SYLLABLES = {
    "latin": ("ka", "vel", "mo", "ra", "tu", "shi", "no", "bel", "dri", "an", "zo", "quen", "pha"),
    "katakana": ("カ", "ベル", "モ", "ラ", "トゥ", "シ", "ノ", "ド", "リ", "ザ", "ク", "フェ"),
    "hangul": ("바", "람", "정", "거", "장", "미", "소", "라", "도", "한"),
    "cyrillic": ("ка", "вел", "мо", "ра", "ту", "ши", "но", "бел", "дри", "зо"),
}

# The label of a title: what follows " - " or an opening bracket or wave dash.
_LABEL_START = re.compile(r"\s+[-‐–—]\s+|\s*[(\[（［【〔〜～]")
_CREDIT = re.compile(r"(?i)^(feat\.?|ft\.?|featuring|with|prod\.?)\s")
# Notes that leave the song the same, as the issue defines them (a remaster in any language, an
# edit, a single/album/radio version or mix, mono or stereo, the original mix, a tie-in): this
# run's own reading, not the matcher's.
_SAME_SONG_NOTE = re.compile(
    r"(?i)remaster|\b(radio|single|album|original|clean|explicit)\b|\bedit\b|\bmono\b"
    r"|\bstereo\b|\bfrom\b|\btheme\b|soundtrack|主題歌"
)
# Albums of performances: a subtitle on one is more likely the occasion than the song's.
_PERFORMANCE = re.compile(
    r"(?i)\blive\b|\bvivo\b|\bsessions?\b|\bconcert|\btour\b|unplugged|ac[uú]stic|ライブ"
)
_WORDS_ONLY = re.compile(r"^[^\W\d_]+(?:[ '’][^\W\d_]+)+$")


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    artists: tuple[str, ...]
    album: str
    duration_ms: int
    popularity: int

    def track_object(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.title,
            "artists": [{"name": a} for a in self.artists],
            "album": {"name": self.album, "album_type": "album"},
            "duration_ms": self.duration_ms,
            "popularity": self.popularity,
        }


@dataclass
class RealRows:
    """Two catalogs (the plain originals in or out) and the cases run against each."""

    present: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    present_cases: list[Case] = field(default_factory=list)  # plain_present, subtitles
    removed_cases: list[Case] = field(default_factory=list)  # plain_removed, made_up
    labels: list[str] = field(default_factory=list)  # the made-up labels used


def load_rows(path: Path = KAGGLE_ALL) -> list[Row]:
    """The Kaggle set's distinct tracks (the first row of each id), in file order."""
    rows: dict[str, Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            if raw["track_id"] in rows or not raw["track_name"].strip():
                continue
            rows[raw["track_id"]] = Row(
                id=raw["track_id"],
                title=raw["track_name"].strip(),
                artists=tuple(a.strip() for a in raw["artists"].split(";") if a.strip()),
                album=raw["album_name"].strip(),
                duration_ms=int(float(raw["duration_ms"])),
                popularity=int(float(raw["popularity"] or 0)),
            )
    return [row for row in rows.values() if row.artists]


def made_up_labels(count: int, seed: int = SEED) -> list[str]:
    """`count` labels of one or two invented words, in Latin, katakana, Hangul or Cyrillic."""
    rng = random.Random(seed)
    scripts = sorted(_SYLLABLES)
    labels: list[str] = []
    while len(labels) < count:
        script = scripts[len(labels) % len(scripts)]
        words = [_invented_word(rng, script) for _ in range(rng.choice((1, 2)))]
        label = " ".join(words)
        if label not in labels:
            labels.append(label)
    return labels


def _invented_word(rng: random.Random, script: str) -> str:
    word = "".join(rng.choice(_SYLLABLES[script]) for _ in range(rng.randint(2, 3)))
    return word.capitalize() if script in ("latin", "cyrillic") else word


def build(rows: Sequence[Row], sizes: dict[str, int] = SIZES, seed: int = SEED) -> RealRows:
    """Select the songs, build both catalogs and the cases (deterministic for a seed)."""
    rng = random.Random(seed)
    by_artist: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_artist[_key(row.artists[0])].append(row)
    songs = _labelled_songs(by_artist)
    rng.shuffle(songs)
    songs = songs[: sizes["labelled"]]
    taken_artists = {_key(plain[0].artists[0]) for plain, _ in songs}
    subtitled = _subtitled_songs(by_artist, taken_artists)
    rng.shuffle(subtitled)
    subtitled = subtitled[: sizes["subtitles"]]
    taken_artists |= {_key(r.artists[0]) for r in subtitled}
    originals = _plain_songs(by_artist, taken_artists)
    rng.shuffle(originals)
    originals = originals[: sizes["made_up"]]
    labels = made_up_labels(len(originals), seed)

    result = RealRows(labels=labels)
    involved = taken_artists | {_key(r.artists[0]) for r in originals}
    everything = [row for artist in sorted(involved) for row in by_artist[artist]]
    gone: set[str] = set()
    for plain, _labelled in songs:
        releases = _releases(by_artist, plain[0])
        gone |= {r.id for r in _the_song(by_artist, plain[0])}
        result.present_cases.append(_case(plain[0], releases, "plain_present"))
        result.removed_cases.append(_case(plain[0], [], "plain_removed"))
    for row in subtitled:
        releases = [
            r
            for r in by_artist[_key(row.artists[0])]
            if r.artists == row.artists and is_release_of(r.title, row.title)
        ]
        result.present_cases.append(_case(row, releases, "subtitles", _base(row)))
    copies = []
    for number, (row, label) in enumerate(zip(originals, labels, strict=True)):
        gone |= {r.id for r in _the_song(by_artist, row)}
        shape = SHAPES[number % len(SHAPES)]
        name = shape.format(title=row.title, label=label, glued=label.replace(" ", ""))
        copies.append(_copy(row, name))
        result.removed_cases.append(_case(row, [], "made_up"))
    result.present = everything
    result.removed = [r for r in everything if r.id not in gone] + copies
    return result


def _labelled_songs(by_artist: dict[str, list[Row]]) -> list[tuple[list[Row], list[Row]]]:
    """(plain releases, labelled recordings) of every song an artist has both ways."""
    found = []
    for artist in sorted(by_artist):
        groups: dict[str, list[Row]] = defaultdict(list)
        for row in by_artist[artist]:
            groups[_key(_base(row))].append(row)
        for key, group in sorted(groups.items()):
            plain = [r for r in group if _is_plain(r)]
            if not key or not plain:
                continue
            labelled = [r for r in group if _names_another_recording(r, plain[0])]
            if labelled:
                found.append((plain, labelled))
    return found


def _names_another_recording(row: Row, plain: Row) -> bool:
    """A label in the title that is no same-song note nor a credit, or a plain title on a
    performance album (the album names the recording)."""
    label = _label(row)
    if not label:
        return bool(_PERFORMANCE.search(row.album))
    return (
        bool(label)
        and not _CREDIT.match(label)
        and not _SAME_SONG_NOTE.search(label)
        and not is_release_of(row.title, plain.title)
    )


def _subtitled_songs(by_artist: dict[str, list[Row]], taken: set[str]) -> list[Row]:
    """Songs titled "Name (Subtitle)" with a subtitle of two or more plain words that name no
    version, whose artist has no song called just "Name"."""
    found = []
    for artist in sorted(set(by_artist) - taken):
        rows = by_artist[artist]
        plain_keys = {_key(r.title) for r in rows if _is_plain(r)}
        for row in rows:
            label = _label(row)
            if (
                "(" in row.title
                and _WORDS_ONLY.match(label)
                and not _CREDIT.match(label)
                and not _SAME_SONG_NOTE.search(label)
                and not (DIFFERENT_RECORDING.search(row.title) or VERSION_WORDS.search(row.title))
                and not _PERFORMANCE.search(f"{row.title} {row.album}")
                and len(_key(_base(row))) >= 3
                and _key(_base(row)) not in plain_keys
                and row.title.endswith(")")
                and row.title.count("(") == 1
            ):
                found.append(row)
    return found


def _plain_songs(by_artist: dict[str, list[Row]], taken: set[str]) -> list[Row]:
    """Plainly titled songs (no label) of artists with several songs, one per artist."""
    found = []
    for artist in sorted(set(by_artist) - taken):
        rows = [r for r in by_artist[artist] if _is_plain(r) and len(_key(r.title)) >= 4]
        if len(by_artist[artist]) >= 3 and rows:
            found.append(rows[0])
    return found


def _releases(by_artist: dict[str, list[Row]], song: Row) -> list[Row]:
    """Every row that is this song: the same artists, its title alone (not on a performance
    album) or with a same-song note."""
    return [r for r in _the_song(by_artist, song) if r.artists == song.artists]


def _the_song(by_artist: dict[str, list[Row]], song: Row) -> list[Row]:
    """Rows of the song crediting its lead artist, guests or not: its plain title (not on a
    performance album), or its title with a same-song note or a credit. What "the plain
    original removed" removes, leaving only recordings labelled as others."""
    return [
        r
        for r in by_artist[_key(song.artists[0])]
        if _key(_base(r)) == _key(song.title)
        and (_is_plain(r) or _CREDIT.match(_label(r)) or _is_same_song(r, song))
    ]


def _is_plain(row: Row) -> bool:
    return row.title == _base(row) and not _PERFORMANCE.search(row.album)


def _is_same_song(row: Row, song: Row) -> bool:
    return bool(_label(row)) and (
        bool(_SAME_SONG_NOTE.search(_label(row))) or is_release_of(row.title, song.title)
    )


def _case(song: Row, releases: list[Row], category: str, title: str | None = None) -> Case:
    entry = Entry(index=0, title=title or song.title, artist=", ".join(song.artists))
    recording = Recording(song.title, song.artists, song.duration_ms) if releases else None
    return Case(entry, frozenset(r.id for r in releases), category, recording)


def _copy(row: Row, name: str) -> Row:
    """A copy of a real song under another name: its own id (shaped as Spotify's, by the
    sandbox's one id function) and a length a few seconds off."""
    return Row(
        id=spotify_like_id("real-rows", row.id, name),
        title=name,
        artists=row.artists,
        album=row.album,
        duration_ms=row.duration_ms + 3_217,
        popularity=row.popularity,
    )


def _base(row: Row) -> str:
    match = _LABEL_START.search(row.title)
    return row.title[: match.start()].strip() if match else row.title


def _label(row: Row) -> str:
    match = _LABEL_START.search(row.title)
    return row.title[match.start() :].strip(" -‐–—()[]（）［］【】〔〕〜～") if match else ""


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c.isalnum())


# --- running ----------------------------------------------------------------------------------


def write_catalog(rows: Iterable[Row], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row.track_object(), ensure_ascii=False) + "\n")
    return path


def run(real_rows: RealRows, profile: str) -> dict[str, Any]:
    """Both catalogs under one profile: precision over everything claimed, recall where the
    plain original is present, and how often a subtitle left out is offered first."""
    results: dict[str, dict[str, Any]] = {}
    offered: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, rows, cases in (
            ("present", real_rows.present, real_rows.present_cases),
            ("removed", real_rows.removed, real_rows.removed_cases),
        ):
            catalog = load_catalog(write_catalog(rows, Path(scratch) / f"{name}.jsonl"))
            directory = Path(scratch) / name
            directory.mkdir()
            with sandbox_search(directory, catalog, profile=profile) as client:
                remembering = _Remembering()
                results[name] = evaluate(cases, client, matcher=remembering)
                offered += [
                    _offered(case, remembering.outcomes[id(case.entry)], client)
                    for case in cases
                    if case.category == "subtitles"
                ]
    return _summary(results, offered)


class _Remembering:
    """syncer's matcher, keeping each outcome (a `review` is not a claim, but what it offers
    first is the subtitles' figure)."""

    def __init__(self) -> None:
        self.outcomes: dict[int, Outcome] = {}

    def __call__(self, entry: Entry, search: TrackSearch) -> Outcome:
        self.outcomes[id(entry)] = syncer_matcher(entry, search)
        return self.outcomes[id(entry)]


def _offered(case: Case, outcome: Outcome, client: TrackSearch) -> dict[str, Any]:
    """Whether the song is what syncer offers first (matched, or `review` with it on top),
    judged by what the track is (the sandbox's provenance)."""
    first = outcome.status in ("matched", "review") and is_the_song(case, outcome.track_id, client)
    return {
        "title": case.entry.title,
        "artist": case.entry.artist,
        "status": outcome.status,
        "got": outcome.track.name if outcome.track else outcome.track_id,
        "first": first,
    }


def _summary(results: dict[str, dict[str, Any]], offered: list[dict[str, Any]]) -> dict[str, Any]:
    categories = {**results["present"]["categories"], **results["removed"]["categories"]}
    claimed = sum(t["claimed"] for t in categories.values())
    wrong = [*results["present"]["wrong"], *results["removed"]["wrong"]]
    return {
        "categories": categories,
        "claimed": claimed,
        "wrong": wrong,
        "precision": (claimed - len(wrong)) / claimed if claimed else 1.0,
        "plain_present_recall": categories["plain_present"]["recall"],
        "subtitles_offered_first": (
            sum(1 for o in offered if o["first"]) / len(offered) if offered else 1.0
        ),
        "missed": results["present"]["missed"],
        "not_offered": [o for o in offered if not o["first"]],
    }


def check(summary: dict[str, Any]) -> list[str]:
    return [
        f"{name} {summary[name]:.3f} (target >= {limit:g})"
        for name, limit in TARGETS.items()
        if summary[name] < limit
    ]


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.real_rows")
    parser.add_argument("--profile", choices=[*PROFILES, "both"], default="both")
    parser.add_argument("--songs", type=int, default=SIZES["labelled"], help="labelled songs")
    parser.add_argument("--write", type=Path, help="write both catalogs to this directory")
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses")
    args = parser.parse_args(list(argv))
    sizes = {**SIZES, "labelled": args.songs}
    real_rows = build(load_rows(), sizes)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        write_catalog(real_rows.present, args.write / "plain_present.jsonl")
        write_catalog(real_rows.removed, args.write / "plain_removed.jsonl")
    misses: list[str] = []
    for profile in PROFILES if args.profile == "both" else (args.profile,):
        started = time.perf_counter()
        summary = run(real_rows, profile)
        print(f"\n=== profile {profile} ({time.perf_counter() - started:.1f} s)")
        print(table(summary, markdown=args.markdown))
        for wrong in summary["wrong"]:
            print(f"  WRONG {wrong}")
        if args.verbose:
            for missed in [*summary["missed"], *summary["not_offered"]]:
                print(f"  MISSED {missed}")
        misses += [f"{profile}: {m}" for m in check(summary)]
    print(f"\ntargets: {misses if misses else 'all met'}")
    return 1 if misses else 0


_WHAT = {
    "plain_present": "labelled songs, plain original present",
    "plain_removed": "labelled songs, plain original removed",
    "made_up": "real songs under made-up labels, original removed",
    "subtitles": "subtitles left out",
}


def table(summary: dict[str, Any], *, markdown: bool = False) -> str:
    """Per variant: cases, claims, precision, and recall or the share offered first."""
    header = ("variant", "cases", "claimed", "precision", "recall / offered first", "srch/entry")
    rows = []
    for name, what in _WHAT.items():
        t = summary["categories"][name]
        precision = f"{t['precision']:.3f}" if t["claimed"] else "(0 claimed)"
        if name == "subtitles":
            figure = f"{summary['subtitles_offered_first']:.3f} offered first"
        elif t["answerable"]:
            figure = f"{t['recall']:.3f}"
        else:
            figure = "(nothing to take)"
        cells = (what, t["cases"], t["claimed"], precision, figure, t["searches_per_entry"])
        rows.append(cells)
    total = (
        "**all**" if markdown else "ALL",
        sum(r[1] for r in rows),
        summary["claimed"],
        f"{summary['precision']:.3f}",
        "",
        sum(r[1] * r[5] for r in rows) / sum(r[1] for r in rows),
    )
    rows.append(total)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {a} | {b} | {c} | {d} | {e} | {f:.2f} |" for a, b, c, d, e, f in rows]
        return "\n".join(lines)
    lines = [f"{header[0]:52} {'cases':>5} {'claim':>5} {'prec':>11} {'recall/first':>22} srch"]
    lines += [f"{a:52} {b:5} {c:5} {d:>11} {e:>22} {f:4.2f}" for a, b, c, d, e, f in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
