"""Measure the matcher's precision and recall on labelled cases, through spotipy over HTTP.

Public API:
- `Case`: one labelled entry (entry fields, the acceptable track ids or none, a category, and
  its subsets: `frozen` for the 535 entries of `labelled.json`, `unfamiliar` for entries whose
  wrong candidates carry label forms the matcher never names).
- `load_cases(path, every=1)`, `development_set(every=1)` (`labelled.json`, then
  `versions.json`), `seed_cases(lists_dir, truth_path)`.
- `judge_all(cases, search, *, matcher) -> list[Judged]` (each outcome and whether it is
  right), `tally(judged)`, `is_the_song(case, track_id, search)`: `search` is a
  `SandboxClient`, whose sandbox says what each track is.
- `evaluate(cases, search, *, matcher=None) -> dict` (default: `syncer_run()`): per-category, per-subset and
  overall precision (right / everything claimed), recall (right / cases that have a right
  answer), top-3 (right, or the right track among the first `TOP_CANDIDATES` candidates a
  person is shown for review, / cases that have a right answer), offered first (right, or the
  right track first among the candidates shown) and searches per entry, plus the wrong, missed
  and not-in-top-3 cases for inspection.
- `syncer_run(budget=None, through=None)` (syncer resolving a set as one run of `syncer sync`
  does: the entries share their search answers, `SharedAnswers`, so a query another entry
  asked is not sent again; optionally under a `SearchBudget`, searching through another
  client),
  `syncer_matcher` (one entry on its own), `naive_matcher` (one query `title artist`, the
  first result taken),
  `outcome_of(resolution)` (what is judged of a resolution).
- `sandbox_search(directory, profile=...)`: a sandbox on 127.0.0.1 with that search profile and
  a `SandboxClient` logged in to it: the real client (spotipy over HTTP) and `Provenances`,
  what the sandbox says a track is (`GET /_sandbox/tracks/{id}/provenance`, over HTTP).
- `TARGETS`: the thresholds `main()` and the test suite check, per profile, in one place.
- `main()`: `python -m bench.eval.evaluate [--profile simple|realistic|both] [--naive] [-v]`.

A claimed track is right when it is one of the case's `expected` catalog ids, or when the
sandbox says it is a release of one of them (`same_song`: a compilation copy, a remaster or an
edit of that very recording, with `parent_id` among the expected ids): judged by what the
track is, not by what its title says.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from syncer.cli.messages import describe
from syncer.errors import SpotifyRequestError
from syncer.lists import load_list
from syncer.match import Thresholds, Weights
from syncer.model import Entry, Resolution, Track, track_id_of
from syncer.ports import TrackSearch
from syncer.report.build import shown_candidates
from syncer.resolve import SearchBudget, SharedAnswers, resolve
from syncer.sandbox.catalog import Catalog, default_catalog_path, load_catalog
from syncer.sandbox.server import Sandbox
from syncer.session import sandbox_auth_manager
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

HERE = Path(__file__).parent
REPO = HERE.parent.parent
LABELLED_PATH = HERE / "labelled.json"  # the frozen 535 entries (issue 20: must not regress)
VERSIONS_PATH = HERE / "versions.json"  # entries built from what the crowd holds (issue 20.5)
SEED_TRUTH_PATH = REPO / "syncer" / "sandbox" / "data" / "seed_truth.json"
PROFILES = ("simple", "realistic")
MARKET = "JP"

#: What `main()` and `tests/matching/test_evaluation.py` check, per sandbox profile: the one
#: place for thresholds. Precision is the project's first rule: 1.00 is the target everywhere;
#: under the realistic profile too since MATCHER_VERSION 3 (it took 11 wrong tracks before:
#: "(feat. X)" takes and "Sped Up" edits). The suite's subsample (`SUITE_EVERY`) moves figures
#: by a few points, which the floors allow for. Recall floors and search ceilings are what the
#: matcher meets today (MATCHER_VERSION 9: 0.923 at 1.74 simple, 0.904 at 1.83 realistic on the
#: whole set); issue 14's goals are recall >= 0.97 (simple) / 0.95 (realistic) at <= 1.3 / 2.0
#: searches per entry, of which only the realistic budget is met (bench/eval/README.md says why
#: the rest is out of reach with the review rules). "top3" (the right track matched or among
#: the first three candidates shown for review) is held where it stands; issue 21's goal is
#: 0.97 under the realistic profile. Recall, top-3 and searches per entry are held on the
#: frozen 535 entries (`labelled.json`); precision over every entry, and over the entries whose
#: wrong candidates carry label forms the matcher never names (issue 20: 1.00); subtitles left
#: out are offered first for at least 0.95 of them.
TARGETS: dict[str, dict[str, float]] = {
    "simple": {
        "seed_precision": 1.0,
        "seed_recall": 1.0,
        "precision": 1.0,
        "unfamiliar_precision": 1.0,
        "recall": 0.92,
        "top3": 0.98,
        "searches_per_entry": 1.8,
        "subtitles_offered_first": 0.95,
    },
    "realistic": {
        "seed_precision": 1.0,
        "seed_recall": 1.0,
        "precision": 1.0,
        "unfamiliar_precision": 1.0,
        # Issue 20's floor is 0.90: the whole frozen set measures 0.906 since issue 20.3, the
        # suite's subsample 0.898 (one entry short), so the floor the suite holds stays 0.89.
        "recall": 0.89,
        # 0.96 until issue 20.3's real-shaped ids reordered the realistic pages: whole set
        # 0.971 -> 0.964, the suite's subsample 0.935 (romaji titles beyond the pages read).
        "top3": 0.93,
        "searches_per_entry": 2.0,
        "subtitles_offered_first": 0.95,
    },
}
#: The category whose entries leave a subtitle out: right is the song offered first.
SUBTITLES = "subtitle_left_out"
#: The naive first-hit matcher must take wrong songs under the realistic profile, as it would
#: on Spotify: its precision on the frozen entries stays below this (issue 13).
NAIVE_REALISTIC_PRECISION_BELOW = 0.9
#: The test suite runs every n-th case of each category per profile (the realistic sandbox is
#: slower to search); `python -m bench.eval.evaluate` runs them all.
SUITE_EVERY = {"simple": 3, "realistic": 4}

#: "top-3": the right track matched, or among the first this many candidates shown for review
#: (issue 21: at least 0.97 of answerable entries under the realistic profile).
TOP_CANDIDATES = 3

_ENTRY_FIELDS = ("title", "artist", "album", "year", "isrc", "aliases", "artist_aliases", "uri")


@dataclass(frozen=True)
class Recording:
    """The right song as the catalog shows it (default, English-locale names), for reading."""

    title: str
    artists: tuple[str, ...]
    duration_ms: int


@dataclass(frozen=True)
class Case:
    entry: Entry
    expected: frozenset[str]  # acceptable catalog ids (one song's releases); empty: a gap
    category: str
    recording: Recording | None = None
    subsets: frozenset[str] = frozenset()  # "frozen", "unfamiliar"

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


class Provenances:
    """What the sandbox says each track is (`GET /_sandbox/tracks/{id}/provenance`, over HTTP,
    remembered per id): the evaluation judges a claimed track by it."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._session = requests.Session()
        self._known: dict[str, dict[str, Any] | None] = {}

    def of(self, track_id: str) -> dict[str, Any] | None:
        """The track's provenance; None when the sandbox serves no such track."""
        if track_id not in self._known:
            answer = self._session.get(
                f"{self._base_url}/_sandbox/tracks/{track_id}/provenance", timeout=60
            )
            if answer.status_code == 404:
                self._known[track_id] = None
            else:
                answer.raise_for_status()
                self._known[track_id] = answer.json()
        return self._known[track_id]

    def is_the_song(self, track_id: str | None, expected: frozenset[str]) -> bool:
        """An expected catalog id, or a release of one of them (`same_song`)."""
        if track_id is None or not expected:
            return False
        if track_id in expected:
            return True
        found = self.of(track_id)
        return bool(found and found.get("same_song") is True and found["parent_id"] in expected)


@dataclass(frozen=True)
class Outcome:
    """What a matcher did with one entry: a claimed track (or none) and its search count."""

    status: str
    track_id: str | None
    track: Track | None
    searches: int
    reason: str = ""
    # The first candidates a person is shown (report order), for the top-3 figure.
    candidates: tuple[Track, ...] = ()

    @property
    def claimed(self) -> bool:
        return self.track_id is not None and self.status in ("matched", "pinned")


Matcher = Callable[[Entry, TrackSearch], Outcome]


def load_cases(path: Path = LABELLED_PATH, *, every: int = 1, start: int = 0) -> list[Case]:
    """The labelled cases; `every=n` keeps every n-th case of each category (a subsample).
    The cases of `labelled.json` are the frozen subset; `start` numbers the entries."""
    document = json.loads(path.read_text(encoding="utf-8"))
    frozen = path.resolve() == LABELLED_PATH.resolve()
    seen: dict[str, int] = defaultdict(int)
    cases = []
    for i, raw in enumerate(document["cases"]):
        position = seen[raw["category"]]
        seen[raw["category"]] += 1
        if position % every == 0:
            cases.append(_case(start + i, raw, frozen=frozen))
    return cases


def development_set(*, every: int = 1) -> list[Case]:
    """The frozen entries (`labelled.json`), then those built from the crowd (`versions.json`)."""
    frozen = load_cases(LABELLED_PATH, every=every)
    if not VERSIONS_PATH.is_file():
        return frozen
    return frozen + load_cases(VERSIONS_PATH, every=every, start=len(load_cases(LABELLED_PATH)))


def seed_cases(lists_dir: Path = REPO / "lists", truth_path: Path = SEED_TRUTH_PATH) -> list[Case]:
    """The seed lists' entries with the right answer the sandbox catalog was built with."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))["entries"]
    expected = {(t["list"], t["index"]): t["track_id"] for t in truth}
    catalog = load_catalog(default_catalog_path())
    cases = []
    for path in sorted(lists_dir.glob("*.toml")):
        for entry in load_list(path).entries:
            answer = expected.get((f"lists/{path.name}", entry.index))
            ids = frozenset({answer}) if answer else frozenset()
            track = catalog.get(answer) if answer else None
            recording = (
                Recording(track.name, tuple(a.name for a in track.artists), track.duration_ms)
                if track
                else None
            )
            cases.append(Case(entry, ids, category=path.stem, recording=recording))
    return cases


def syncer_matcher(entry: Entry, search: TrackSearch) -> Outcome:
    """syncer's own resolution, with its default weights and thresholds (the entry alone)."""
    resolution = resolve(entry, search, market=MARKET, weights=Weights(), thresholds=Thresholds())
    return outcome_of(resolution)


def syncer_run(
    *, budget: SearchBudget | None = None, through: TrackSearch | None = None
) -> Matcher:
    """syncer resolving the entries it is given as one run does (`syncer sync` resolves a list
    so): they share their search answers, and a search counts where it was sent. `budget`
    switches questions off; `through` sends the searches there rather than to the client the
    matcher is given (which then only judges)."""
    answers = SharedAnswers()

    def match(entry: Entry, search: TrackSearch) -> Outcome:
        resolution = resolve(
            entry,
            through or search,
            market=MARKET,
            weights=Weights(),
            thresholds=Thresholds(),
            budget=budget,
            answers=answers,
        )
        return outcome_of(resolution)

    return match


def outcome_of(resolution: Resolution) -> Outcome:
    """What the evaluation judges of one of syncer's resolutions."""
    track_id = track_id_of(resolution.uri) if resolution.uri else None
    track = next((c.track for c in resolution.candidates if c.track.id == track_id), None)
    shown = tuple(c.track for c in shown_candidates(resolution, TOP_CANDIDATES))
    return Outcome(
        resolution.status.value, track_id, track, resolution.searches, resolution.reason, shown
    )


def naive_matcher(entry: Entry, search: TrackSearch) -> Outcome:
    """What many playlist scripts do: one query `title artist`, the first result taken (an
    error answer, such as Spotify's for a query over 100 characters, leaves the entry out)."""
    try:
        found = search.search_tracks(f"{entry.title} {entry.artist}", locale="en", market=MARKET)
    except SpotifyRequestError as exc:
        return Outcome("error", None, None, 1, describe(exc))
    if not found:
        return Outcome("unmatched", None, None, 1, "no results")
    return Outcome("matched", found[0].id, found[0], 1, "first result")


def evaluate(
    cases: Sequence[Case], search: TrackSearch, *, matcher: Matcher | None = None
) -> dict[str, Any]:
    """Run `matcher` (default: syncer, the cases as one run) on every case and score the
    outcome per category, subset and overall."""
    judged = judge_all(cases, search, matcher=matcher)
    by_category: dict[str, list[Judged]] = defaultdict(list)
    by_subset: dict[str, list[Judged]] = defaultdict(list)
    for one in judged:
        by_category[one.case.category].append(one)
        for subset in one.case.subsets:
            by_subset[subset].append(one)
    return {
        "overall": _tally(judged),
        "categories": {name: _tally(group) for name, group in sorted(by_category.items())},
        "subsets": {name: _tally(group) for name, group in sorted(by_subset.items())},
        "not_offered_first": [
            _describe(j) for j in judged if j.case.category == SUBTITLES and not j.first
        ],
        "wrong": [_describe(j) for j in judged if j.outcome.claimed and not j.right],
        "missed": [_describe(j) for j in judged if j.case.answerable and not j.right],
        "not_in_top3": [_describe(j) for j in judged if j.case.answerable and not j.in_top3],
    }


def judge_all(
    cases: Sequence[Case], search: TrackSearch, *, matcher: Matcher | None = None
) -> list[Judged]:
    """Run `matcher` (default: syncer, the cases as one run) on every case and judge each
    outcome (`search` judges, unwrapped)."""
    match = matcher or syncer_run()
    return [_judged(case, match(case.entry, search), search) for case in cases]


def tally(judged: Iterable[Judged]) -> dict[str, Any]:
    """Precision, recall, top-3 and searches per entry of judged outcomes."""
    return _tally(judged)


@dataclass(frozen=True)
class Judged:
    """An outcome and whether it is right (the claimed track is the song), whether the song is
    matched or among the first `TOP_CANDIDATES` candidates shown for review, and whether it is
    matched or the first candidate shown."""

    case: Case
    outcome: Outcome
    right: bool
    in_top3: bool
    first: bool


def _judged(case: Case, outcome: Outcome, search: TrackSearch) -> Judged:
    def is_it(track_id: str | None) -> bool:
        return is_the_song(case, track_id, search)

    right = outcome.claimed and is_it(outcome.track_id)
    shown = () if outcome.claimed else outcome.candidates[:TOP_CANDIDATES]
    in_top3 = right or any(is_it(t.id) for t in shown)
    first = right or bool(shown and is_it(shown[0].id))
    return Judged(case, outcome, right, in_top3, first)


def is_the_song(case: Case, track_id: str | None, search: TrackSearch) -> bool:
    """An expected catalog id, or what the sandbox says is a release of one (`same_song`)."""
    if not isinstance(search, SandboxClient):
        raise TypeError("judging asks the sandbox what a track is: use sandbox_search's client")
    return search.provenances.is_the_song(track_id, case.expected)


def _tally(judged: Iterable[Judged]) -> dict[str, Any]:
    judged = list(judged)
    claimed = sum(1 for j in judged if j.outcome.claimed)
    right = sum(1 for j in judged if j.right)
    in_top3 = sum(1 for j in judged if j.in_top3)
    first = sum(1 for j in judged if j.first)
    answerable = sum(1 for j in judged if j.case.answerable)
    searches = sum(j.outcome.searches for j in judged)
    statuses: dict[str, int] = defaultdict(int)
    for j in judged:
        statuses[j.outcome.status] += 1
    return {
        "cases": len(judged),
        "answerable": answerable,
        "claimed": claimed,
        "right": right,
        "in_top3": in_top3,
        "first": first,
        "precision": right / claimed if claimed else 1.0,
        "recall": right / answerable if answerable else 1.0,
        "top3": in_top3 / answerable if answerable else 1.0,
        "offered_first": first / answerable if answerable else 1.0,
        "searches_per_entry": searches / len(judged) if judged else 0.0,
        "statuses": dict(sorted(statuses.items())),
    }


def _describe(judged: Judged) -> dict[str, Any]:
    case, outcome = judged.case, judged.outcome
    return {
        "category": case.category,
        "title": case.entry.title,
        "artist": case.entry.artist,
        "expected": sorted(case.expected),
        "status": outcome.status,
        "got": f"{outcome.track.name} / {', '.join(outcome.track.artists)}"
        if outcome.track
        else outcome.track_id,
        "reason": outcome.reason,
        "candidates": [f"{t.name} / {', '.join(t.artists)}" for t in outcome.candidates],
    }


def _case(index: int, raw: dict[str, Any], *, frozen: bool) -> Case:
    fields = {k: raw[k] for k in _ENTRY_FIELDS if raw.get(k) is not None}
    for key in ("aliases", "artist_aliases"):
        if key in fields:
            fields[key] = tuple(fields[key])
    entry = Entry(index=index, **fields)
    recording = raw.get("recording")
    return Case(
        entry,
        frozenset(raw.get("expected") or ()),
        raw["category"],
        Recording(recording["title"], tuple(recording["artists"]), recording["duration_ms"])
        if recording
        else None,
        frozenset(
            [*(["frozen"] if frozen else []), *(["unfamiliar"] if raw.get("unfamiliar") else [])]
        ),
    )


def check_targets(profile: str, seed: dict[str, Any], labelled: dict[str, Any]) -> list[str]:
    """The targets of `TARGETS[profile]` missed, worded for a person (empty when all are met):
    recall, top-3 and searches on the frozen entries, precision on all and on the unfamiliar
    ones, subtitles left out offered first."""
    target = TARGETS[profile]
    frozen = labelled["subsets"].get("frozen", labelled["overall"])
    checks = [
        ("seed precision", seed["overall"]["precision"], ">=", target["seed_precision"]),
        ("seed recall", seed["overall"]["recall"], ">=", target["seed_recall"]),
        ("precision", labelled["overall"]["precision"], ">=", target["precision"]),
        ("frozen recall", frozen["recall"], ">=", target["recall"]),
        ("frozen top-3", frozen["top3"], ">=", target["top3"]),
        ("frozen searches/entry", frozen["searches_per_entry"], "<=", target["searches_per_entry"]),
    ]
    if "unfamiliar" in labelled["subsets"]:
        unfamiliar = labelled["subsets"]["unfamiliar"]["precision"]
        checks.append(("unfamiliar precision", unfamiliar, ">=", target["unfamiliar_precision"]))
    if SUBTITLES in labelled["categories"]:
        first = labelled["categories"][SUBTITLES]["offered_first"]
        checks.append(("subtitles offered first", first, ">=", target["subtitles_offered_first"]))
    return [
        f"{profile}: {name} {value:.3f} (target {op} {limit:g})"
        for name, value, op, limit in checks
        if (value < limit if op == ">=" else value > limit)
    ]


def _rows(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Categories, then the subsets ("(frozen)", "(unfamiliar)"), then everything."""
    subsets = [(f"({name})", t) for name, t in result.get("subsets", {}).items()]
    return [*result["categories"].items(), *subsets, ("OVERALL", result["overall"])]


def render(title: str, result: dict[str, Any]) -> str:
    lines = [
        title,
        f"{'category':28} {'cases':>5} {'answ':>5} {'claim':>5} {'right':>5} "
        f"{'prec':>6} {'recall':>6} {'top-3':>6} {'first':>6} {'srch':>5}",
    ]
    for name, t in _rows(result):
        lines.append(
            f"{name:28} {t['cases']:5} {t['answerable']:5} {t['claimed']:5} {t['right']:5} "
            f"{t['precision']:6.3f} {t['recall']:6.3f} {t['top3']:6.3f} "
            f"{t['offered_first']:6.3f} {t['searches_per_entry']:5.2f}"
        )
    return "\n".join(lines)


def markdown_table(ours: dict[str, Any], naive: dict[str, Any] | None = None) -> str:
    """Per-category figures as the README's Markdown table (syncer, and the naive matcher),
    then the subsets (the frozen 535 entries, the entries with unfamiliar labels) and all."""
    lines = [
        "| category | cases | answerable | precision | recall | top-3 | offered first "
        "| srch/entry | naive precision | naive recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    theirs_by_name = dict(_rows(naive)) if naive else {}
    for name, t in _rows(ours):
        theirs = theirs_by_name.get(name)
        shown = "**overall**" if name == "OVERALL" else name
        lines.append(
            f"| {shown} | {t['cases']} | {t['answerable']} | {_ratio(t)} | "
            f"{_recall(t)} | {_top3(t)} | {_first(t)} | {t['searches_per_entry']:.2f} | "
            f"{_ratio(theirs) if theirs else ''} | {_recall(theirs) if theirs else ''} |"
        )
    return "\n".join(lines)


def _ratio(t: dict[str, Any]) -> str:
    if not t["claimed"]:
        return "(0 claimed)"
    return f"{t['precision']:.3f}" + (
        f" ({t['claimed'] - t['right']} wrong)" if t["claimed"] > t["right"] else ""
    )


def _recall(t: dict[str, Any]) -> str:
    return f"{t['recall']:.3f}" if t["answerable"] else "gap"


def _top3(t: dict[str, Any]) -> str:
    return f"{t['top3']:.3f}" if t["answerable"] else "gap"


def _first(t: dict[str, Any]) -> str:
    return f"{t['offered_first']:.3f}" if t["answerable"] else "gap"


class SandboxClient(SpotifyClient):
    """The real client of a sandbox, which also says what the sandbox's tracks are (over HTTP,
    never from the catalog in this process): the evaluation judges claims by it."""

    def __init__(self, *args: Any, provenances: Provenances, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provenances = provenances


@contextmanager
def sandbox_search(
    directory: Path, catalog: Catalog | None = None, *, profile: str = "simple"
) -> Iterator[SandboxClient]:
    """The real client, logged in to a fresh sandbox with that search profile, over HTTP, and
    able to ask the sandbox's provenance endpoint, which judges what is claimed."""
    with _sandbox(catalog or load_catalog(default_catalog_path()), profile) as server:
        auth = sandbox_auth_manager(server, directory / "token.json")
        yield SandboxClient(
            auth,
            RetryLayer(RetryPolicy()),
            config=ClientConfig(api_base_url=server.api_url),
            provenances=Provenances(server.base_url),
        )


def _sandbox(catalog: Catalog, profile: str) -> Sandbox:
    if profile not in PROFILES:
        raise ValueError(f"unknown sandbox profile {profile!r}; choose from {PROFILES}")
    if "profile" in inspect.signature(Sandbox).parameters:
        return Sandbox(catalog=catalog, profile=profile)  # type: ignore[call-arg, unused-ignore]
    if profile != "simple":
        raise RuntimeError(f"this sandbox has no {profile!r} search profile yet")
    return Sandbox(catalog=catalog)


def run_profile(profile: str, *, every: int = 1, naive: bool = True) -> dict[str, dict[str, Any]]:
    """Seed lists and labelled set under one profile: syncer's results (and the naive one's)."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        sandbox_search(Path(scratch), profile=profile) as client,
    ):
        cases = development_set(every=every)
        results = {
            "seed": evaluate(seed_cases(), client),
            "labelled": evaluate(cases, client),
        }
        if naive:
            results["naive"] = evaluate(cases, client, matcher=naive_matcher)
    return results


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.evaluate")
    parser.add_argument("--profile", choices=[*PROFILES, "both"], default="both")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive first-hit run")
    parser.add_argument("--every", type=int, default=1, help="every n-th case per category")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--markdown", action="store_true", help="print the README's tables")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every missed case")
    args = parser.parse_args(list(argv))
    profiles = PROFILES if args.profile == "both" else (args.profile,)
    misses: list[str] = []
    everything: dict[str, Any] = {}
    for profile in profiles:
        started = time.perf_counter()
        results = run_profile(profile, every=args.every, naive=not args.no_naive)
        everything[profile] = results
        print(f"\n=== profile {profile} ({time.perf_counter() - started:.1f} s)")
        print(render("\nSeed lists", results["seed"]))
        print(
            render(
                f"\nsyncer on the development set ({LABELLED_PATH.name}, {VERSIONS_PATH.name})",
                results["labelled"],
            )
        )
        for wrong in [*results["seed"]["wrong"], *results["labelled"]["wrong"]]:
            print(f"  WRONG {wrong}")
        if args.verbose:
            for missed in [*results["seed"]["missed"], *results["labelled"]["missed"]]:
                print(f"  MISSED {missed}")
            for missed in [*results["seed"]["not_in_top3"], *results["labelled"]["not_in_top3"]]:
                print(f"  NOT IN TOP-3 {missed}")
            for missed in results["labelled"]["not_offered_first"]:
                print(f"  NOT OFFERED FIRST {missed}")
        if "naive" in results:
            print(render("\nnaive first hit on the development set", results["naive"]))
        if args.markdown:
            print(
                f"\nMarkdown, profile {profile}:\n"
                + markdown_table(results["labelled"], results.get("naive"))
            )
        misses += check_targets(profile, results["seed"], results["labelled"])
        naive = results.get("naive", {})
        naive_precision = naive.get("subsets", {}).get("frozen", {}).get("precision", 0.0)
        if profile == "realistic" and naive_precision >= NAIVE_REALISTIC_PRECISION_BELOW:
            misses.append(f"naive precision {naive_precision:.3f} is not below 0.9")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"\ntargets: {misses if misses else 'all met'}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
