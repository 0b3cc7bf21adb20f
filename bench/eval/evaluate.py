"""Measure the matcher's precision and recall on labelled cases.

Public API:
- `Case`: one labelled entry (entry fields, the acceptable track ids or none, a category).
- `load_cases(path) -> list[Case]`, `seed_cases(lists_dir, truth_path) -> list[Case]`.
- `evaluate(cases, search, *, market, weights, thresholds) -> dict`: per-category and overall
  precision (right / everything marked matched or pinned), recall (right / cases that have a
  right answer) and searches per entry, plus the wrong matches for inspection.
- `CatalogSearch(catalog)`: the sandbox's own catalog and search index answering in-process, a
  `TrackSearch` for runs that do not need HTTP.
- `sandbox_search(directory)`: a sandbox on 127.0.0.1 and the real client (spotipy over
  HTTP) searching it: how the test suite and `main()` run the evaluation by default.
- `main()`: `python -m bench.eval.evaluate [--in-process] [-v]` prints both sets and exits 1 if
  a target is missed.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from syncer.lists import load_list
from syncer.match import Thresholds, Weights, mark_duplicates
from syncer.model import Entry, Resolution, Status, Track, track_id_of
from syncer.ports import TrackSearch
from syncer.resolve import resolve
from syncer.sandbox.catalog import Catalog, CatalogTrack, default_catalog_path, load_catalog
from syncer.sandbox.search import SearchIndex
from syncer.sandbox.server import Sandbox
from syncer.session import sandbox_auth_manager
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

HERE = Path(__file__).parent
REPO = HERE.parent.parent
LABELLED_PATH = HERE / "labelled.json"
SEED_TRUTH_PATH = REPO / "syncer" / "sandbox" / "data" / "seed_truth.json"

#: The targets of issue 4, checked by `main()` and by the test suite.
TARGETS = {
    "seed_precision": 1.0,
    "labelled_precision": 0.99,
    "recall": 0.95,
    "searches_per_entry": 1.5,
}

_ENTRY_FIELDS = ("title", "artist", "album", "year", "isrc", "aliases", "artist_aliases", "uri")


@dataclass(frozen=True)
class Case:
    entry: Entry
    expected: frozenset[str]  # acceptable track ids (one recording's releases); empty: a gap
    category: str

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


def load_cases(path: Path = LABELLED_PATH) -> list[Case]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [_case(i, raw) for i, raw in enumerate(document["cases"])]


def seed_cases(lists_dir: Path = REPO / "lists", truth_path: Path = SEED_TRUTH_PATH) -> list[Case]:
    """The seed lists' entries with the right answer the sandbox catalog was built with."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))["entries"]
    expected = {(t["list"], t["index"]): t["track_id"] for t in truth}
    cases = []
    for path in sorted(lists_dir.glob("*.toml")):
        for entry in load_list(path).entries:
            answer = expected.get((f"lists/{path.name}", entry.index))
            ids = frozenset({answer}) if answer else frozenset()
            cases.append(Case(entry, ids, category=path.stem))
    return cases


def evaluate(
    cases: Sequence[Case],
    search: TrackSearch,
    *,
    market: str | None = "JP",
    weights: Weights | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    """Resolve every case and score the outcome per category and overall."""
    weights, thresholds = weights or Weights(), thresholds or Thresholds()
    outcomes = [
        (case, resolve(case.entry, search, market=market, weights=weights, thresholds=thresholds))
        for case in cases
    ]
    by_category: dict[str, list[tuple[Case, Resolution]]] = defaultdict(list)
    for case, resolution in outcomes:
        by_category[case.category].append((case, resolution))
    return {
        "overall": _tally(outcomes),
        "categories": {name: _tally(group) for name, group in sorted(by_category.items())},
        "wrong": [_describe_wrong(c, r) for c, r in outcomes if _claimed(r) and not _right(c, r)],
        "missed": [_describe_wrong(c, r) for c, r in outcomes if c.answerable and not _right(c, r)],
    }


def evaluate_seed_lists(search: TrackSearch, cases: Sequence[Case]) -> dict[str, Any]:
    """Like `evaluate`, then duplicates within each list marked the way the sync engine does."""
    result = evaluate(cases, search)
    result["duplicates"] = _duplicates_per_list(cases, search)
    return result


class CatalogSearch:
    """A `TrackSearch` over the sandbox catalog and its search index, without HTTP."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.index = SearchIndex(catalog)

    def search_tracks(
        self, query: str, *, locale: str, market: str | None = None, limit: int = 10
    ) -> list[Track]:
        if not 1 <= limit <= 10:
            raise ValueError("Invalid limit")
        ids = self.index.search(query)[:limit]
        return [_track(self.catalog.get(i), locale) for i in ids if self.catalog.get(i)]

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        found = self.catalog.get(track_id)
        return _track(found, locale) if found else None


def _track(track: CatalogTrack | None, locale: str) -> Track:
    assert track is not None
    return Track(
        id=track.id,
        name=track.names.get(locale, track.name),
        artists=tuple(a.names.get(locale, a.name) for a in track.artists),
        album=track.album.names.get(locale, track.album.name),
        duration_ms=track.duration_ms,
        release_date=track.album.release_date,
        isrc=track.isrc,
        artist_ids=tuple(a.id for a in track.artists),
        explicit=track.explicit,
    )


def _tally(outcomes: Iterable[tuple[Case, Resolution]]) -> dict[str, Any]:
    outcomes = list(outcomes)
    claimed = sum(1 for _, r in outcomes if _claimed(r))
    right = sum(1 for c, r in outcomes if _right(c, r))
    answerable = sum(1 for c, _ in outcomes if c.answerable)
    searches = sum(r.searches for _, r in outcomes)
    statuses: dict[str, int] = defaultdict(int)
    for _, r in outcomes:
        statuses[r.status.value] += 1
    return {
        "cases": len(outcomes),
        "answerable": answerable,
        "claimed": claimed,
        "right": right,
        "precision": right / claimed if claimed else 1.0,
        "recall": right / answerable if answerable else 1.0,
        "searches_per_entry": searches / len(outcomes) if outcomes else 0.0,
        "statuses": dict(sorted(statuses.items())),
    }


def _claimed(resolution: Resolution) -> bool:
    return resolution.status in (Status.MATCHED, Status.PINNED)


def _right(case: Case, resolution: Resolution) -> bool:
    return (
        _claimed(resolution)
        and resolution.uri is not None
        and track_id_of(resolution.uri) in case.expected
    )


def _describe_wrong(case: Case, resolution: Resolution) -> dict[str, Any]:
    return {
        "category": case.category,
        "title": case.entry.title,
        "artist": case.entry.artist,
        "expected": sorted(case.expected),
        "status": resolution.status.value,
        "uri": resolution.uri,
        "reason": resolution.reason,
    }


def _duplicates_per_list(cases: Sequence[Case], search: TrackSearch) -> dict[str, int]:
    counts: dict[str, int] = {}
    by_list: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_list[case.category].append(case)
    for name, group in by_list.items():
        resolutions = [
            resolve(c.entry, search, market="JP", weights=Weights(), thresholds=Thresholds())
            for c in group
        ]
        marked = mark_duplicates(resolutions)
        counts[name] = sum(1 for r in marked if r.status is Status.DUPLICATE)
    return counts


def _case(index: int, raw: dict[str, Any]) -> Case:
    fields = {k: raw[k] for k in _ENTRY_FIELDS if raw.get(k) is not None}
    for key in ("aliases", "artist_aliases"):
        if key in fields:
            fields[key] = tuple(fields[key])
    entry = Entry(index=index, **fields)
    return Case(entry, frozenset(raw.get("expected") or ()), raw["category"])


def check_targets(seed: dict[str, Any], labelled: dict[str, Any]) -> list[str]:
    """The targets missed, worded for a person (empty when all are met)."""
    misses = []
    if seed["overall"]["precision"] < TARGETS["seed_precision"]:
        misses.append(f"seed precision {seed['overall']['precision']:.3f} < 1.00")
    if labelled["overall"]["precision"] < TARGETS["labelled_precision"]:
        misses.append(f"labelled precision {labelled['overall']['precision']:.3f} < 0.99")
    for name, result in (("seed", seed), ("labelled", labelled)):
        overall = result["overall"]
        if overall["recall"] < TARGETS["recall"]:
            misses.append(f"{name} recall {overall['recall']:.3f} < 0.95")
        if overall["searches_per_entry"] > TARGETS["searches_per_entry"]:
            misses.append(f"{name} searches/entry {overall['searches_per_entry']:.2f} > 1.5")
    return misses


def _print_table(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}")
    header = f"{'category':28} {'cases':>5} {'answ':>5} {'claim':>5} {'right':>5} {'prec':>6} {'recall':>6} {'srch':>5}"
    print(header)
    rows = [*result["categories"].items(), ("OVERALL", result["overall"])]
    for name, t in rows:
        print(
            f"{name:28} {t['cases']:5} {t['answerable']:5} {t['claimed']:5} {t['right']:5} "
            f"{t['precision']:6.3f} {t['recall']:6.3f} {t['searches_per_entry']:5.2f}"
        )
    for wrong in result["wrong"]:
        print(f"  WRONG {wrong}")


@contextmanager
def sandbox_search(directory: Path, catalog: Catalog | None = None) -> Iterator[SpotifyClient]:
    """The real client, logged in to a fresh sandbox on the default catalog, over HTTP."""
    with Sandbox(catalog=catalog or load_catalog(default_catalog_path())) as server:
        auth = sandbox_auth_manager(server, directory / "token.json")
        yield SpotifyClient(
            auth, RetryLayer(RetryPolicy()), config=ClientConfig(api_base_url=server.api_url)
        )


def main(argv: Sequence[str] = ()) -> int:
    verbose = "-v" in argv
    started = time.perf_counter()
    if "--in-process" in argv:
        search: TrackSearch = CatalogSearch(load_catalog(default_catalog_path()))
        seed, labelled = evaluate(seed_cases(), search), evaluate(load_cases(), search)
    else:
        with tempfile.TemporaryDirectory() as scratch, sandbox_search(Path(scratch)) as client:
            seed, labelled = evaluate(seed_cases(), client), evaluate(load_cases(), client)
    _print_table("Seed lists against the default sandbox catalog", seed)
    _print_table(f"Labelled set ({LABELLED_PATH.name})", labelled)
    if verbose:
        for missed in [*seed["missed"], *labelled["missed"]]:
            print(f"  MISSED {missed}")
    misses = check_targets(seed, labelled)
    print(f"\n{time.perf_counter() - started:.1f}s; targets: {misses if misses else 'all met'}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
