"""What each reason for a request buys (issue 23.3): requests by reason, and the right matches
each reason's requests bought, on the benchmark lists and the development set, per profile.

Method (a counterfactual, entry by entry): every set is resolved once as syncer does, counting
requests by the reason the resolver gives them (`syncer.request_reason`; `GET /tracks/{id}` is
a pin confirmation), then once more per reason with that reason's searches switched off
(`SearchBudget.switched_off`: the question is not sent and the cascade goes on as if it had not
been asked, as it would in a syncer without that step). A right match **bought** by a reason is
an entry right with it and not right without it; the run without it also says what else moves:
right matches it *cost* (right only without it), the entries whose right track leaves the first
three candidates shown for review, wrong claims (precision) and the searches it takes. Right is
judged as `bench/eval/evaluate.py` judges it (an expected id, or a release of the recording).

Reasons that back each other up (a later page and the song's own name asked, say) can each
buy little alone and much together: a figure here is what that one reason adds to all the
others. A pin is never searched; without its confirmation the pinned id would be taken as
written, so the pins' figure is the pins that confirmation turned away (a track not found).
Read-back and writes belong to a sync (`bench/run.py` counts them), not to matching.

Sets: the three seed lists and the generated list of `bench/run.py` (the benchmark lists,
whose answers are known by construction: `bench.workload.generated_entries`), and the
development set (`labelled.json`). `python -m bench.eval.reasons [--profile ...] [--sets seed,generated,dev]
[--size N] [--every N] [--markdown] [-v]`; about 10 minutes for both profiles at the defaults.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.eval.evaluate import (
    PROFILES,
    Case,
    Judged,
    Recording,
    is_the_song,
    judge_all,
    load_cases,
    sandbox_search,
    seed_cases,
    syncer_run,
    tally,
)
from bench.workload import generated_entries
from syncer.lists import load_list
from syncer.model import Track, track_id_of
from syncer.ports import TrackSearch
from syncer.request_reason import (
    ARTIST_ONLY,
    FIRST,
    ISRC,
    OTHER_LANGUAGE,
    OTHER_SHAPE,
    PAGING,
    SEARCH_REASON,
    TITLE_IN_KANA,
    TITLE_ONLY,
)
from syncer.resolve import SearchBudget
from syncer.sandbox.catalog import Catalog, CatalogTrack, default_catalog_path, load_catalog

PIN_CONFIRMATION = "pin confirmation"
#: The search reasons that can be switched off (every entry needs its first query).
SWITCHABLE = (PAGING, OTHER_LANGUAGE, ARTIST_ONLY, TITLE_ONLY, ISRC, TITLE_IN_KANA, OTHER_SHAPE)
ORDER = (FIRST, *SWITCHABLE, PIN_CONFIRMATION)
GENERATED_SIZE = 1000


class CountingSearch:
    """The client, counting each request under its reason (searches: the resolver's label)."""

    def __init__(self, client: TrackSearch) -> None:
        self._client = client
        self.counts: Counter[str] = Counter()

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        self.counts[SEARCH_REASON.get()] += 1
        return self._client.search_tracks(
            query, locale=locale, market=market, limit=limit, offset=offset
        )

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        self.counts[PIN_CONFIRMATION] += 1
        return self._client.get_track(track_id, locale=locale, market=market)


@dataclass(frozen=True)
class ReasonFigures:
    """One reason on one set: its requests, and what switching it off changed."""

    reason: str
    requests: int
    bought: int  # right with the reason, not right without it
    cost: int  # right only without it
    top3_lost: int  # the right track matched or in the first three with it, not without
    wrong_without: int  # wrong claims without it
    requests_without: int  # all requests of the run without it
    sent_anyway: int = 0  # its own requests in the run without it (none: it is off)
    lost_entries: tuple[str, ...] = ()
    gained_entries: tuple[str, ...] = ()  # right only without it


@dataclass(frozen=True)
class SetFigures:
    name: str
    cases: int
    right: int
    wrong: int
    requests: int
    by_reason: dict[str, int]
    reasons: tuple[ReasonFigures, ...]
    wrong_entries: tuple[str, ...] = ()


def measure_set(name: str, cases: Sequence[Case], client: TrackSearch) -> SetFigures:
    """The set resolved as syncer does, then once per reason it used, with it switched off."""
    baseline, counts = _run(cases, client, SearchBudget())
    figures = [
        _without(reason, counts, baseline, cases, client)
        for reason in SWITCHABLE
        if counts.get(reason)
    ]
    if counts.get(PIN_CONFIRMATION):
        figures.append(_without_pin_confirmation(counts, baseline, client))
    judged = tally(baseline)
    return SetFigures(
        name=name,
        cases=len(cases),
        right=judged["right"],
        wrong=judged["claimed"] - judged["right"],
        requests=sum(counts.values()),
        by_reason=dict(counts),
        reasons=tuple(figures),
        wrong_entries=tuple(
            f"{_label(j)} -> {j.outcome.track.name if j.outcome.track else j.outcome.track_id}"
            for j in baseline
            if j.outcome.claimed and not j.right
        ),
    )


def _run(
    cases: Sequence[Case], client: TrackSearch, budget: SearchBudget
) -> tuple[list[Judged], Counter[str]]:
    counting = CountingSearch(client)
    judged = judge_all(cases, client, matcher=syncer_run(budget=budget, through=counting))
    return judged, counting.counts


def _without(
    reason: str,
    counts: Counter[str],
    baseline: list[Judged],
    cases: Sequence[Case],
    client: TrackSearch,
) -> ReasonFigures:
    switched_off = SearchBudget(switched_off=frozenset({reason}))
    without, counts_without = _run(cases, client, switched_off)
    pairs = list(zip(baseline, without, strict=True))
    return ReasonFigures(
        reason=reason,
        requests=counts[reason],
        bought=sum(1 for a, b in pairs if a.right and not b.right),
        cost=sum(1 for a, b in pairs if b.right and not a.right),
        top3_lost=sum(1 for a, b in pairs if a.in_top3 and not b.in_top3),
        wrong_without=sum(1 for b in without if b.outcome.claimed and not b.right),
        requests_without=sum(counts_without.values()),
        sent_anyway=counts_without[reason],
        lost_entries=tuple(_label(a) for a, b in pairs if a.right and not b.right),
        gained_entries=tuple(_label(a) for a, b in pairs if b.right and not a.right),
    )


def _without_pin_confirmation(
    counts: Counter[str], baseline: list[Judged], client: TrackSearch
) -> ReasonFigures:
    """Unconfirmed, a pin's id is taken as written: right exactly when that id is the song, so
    a confirmation buys no right match; it turns away a pin whose track is not found."""
    pinned = [j for j in baseline if j.case.entry.uri is not None]
    unconfirmed_right = {
        id(j): is_the_song(j.case, track_id_of(j.case.entry.uri or ""), client) for j in pinned
    }
    return ReasonFigures(
        reason=PIN_CONFIRMATION,
        requests=counts[PIN_CONFIRMATION],
        bought=sum(1 for j in pinned if j.right and not unconfirmed_right[id(j)]),
        cost=sum(1 for j in pinned if unconfirmed_right[id(j)] and not j.right),
        top3_lost=0,
        wrong_without=sum(1 for j in baseline if j.outcome.claimed and not j.right)
        + sum(1 for j in pinned if not unconfirmed_right[id(j)] and not j.outcome.claimed),
        requests_without=sum(counts.values()) - counts[PIN_CONFIRMATION],
    )


def _label(judged: Judged) -> str:
    entry = judged.case.entry
    return f"{judged.case.category}: {entry.title} / {entry.artist}"


def generated_cases(catalog: Catalog, size: int = GENERATED_SIZE) -> list[Case]:
    """`bench/run.py`'s generated list as labelled cases: each entry's answer is the catalog
    track it was written from (none for the songs made up to be absent)."""
    blocks = generated_entries(catalog, size)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"generated-{size}.toml"
        header = '[playlist]\nname = "Bench"\npublic = false\nmarket = "JP"'
        path.write_text("\n\n".join([header, *(b for b, _ in blocks)]) + "\n", encoding="utf-8")
        entries = load_list(path).entries
    cases = []
    for entry, (_, track) in zip(entries, blocks, strict=True):
        recording = (
            Recording(track.name, tuple(a.name for a in track.artists), track.duration_ms)
            if track
            else None
        )
        expected = _releases(catalog, track) if track else frozenset()
        cases.append(Case(entry, expected, category="generated", recording=recording))
    return cases


SETS = ("seed", "generated", "dev")


def _releases(catalog: Catalog, track: CatalogTrack) -> frozenset[str]:
    """Every catalog track of the song (same title, same artists): the judge takes any of
    them, and the sandbox's own re-releases of them (`same_song`)."""
    key = (track.name.casefold(), tuple(a.name for a in track.artists))
    return frozenset(
        t.id for t in catalog if (t.name.casefold(), tuple(a.name for a in t.artists)) == key
    )


def measure_profile(
    profile: str,
    *,
    size: int = GENERATED_SIZE,
    every: int = 1,
    only: Sequence[str] = SETS,
    progress: bool = False,
) -> list[SetFigures]:
    """The benchmark lists (seed lists, generated list) and the development set, one sandbox
    (`only` some of `SETS`)."""
    catalog = load_catalog(default_catalog_path())
    sets = []
    if "seed" in only:
        sets.append(("seed lists", seed_cases()))
    if size and "generated" in only:
        sets.append((f"generated-{size}", generated_cases(catalog, size)))
    if "dev" in only:
        sets.append(("development set", load_cases(every=every)))
    results = []
    with (
        tempfile.TemporaryDirectory() as scratch,
        sandbox_search(Path(scratch), catalog, profile=profile) as client,
    ):
        for name, cases in sets:
            started = time.perf_counter()
            results.append(measure_set(name, cases, client))
            if progress:
                took = time.perf_counter() - started
                print(f"  {profile} / {name}: {took:.0f} s", file=sys.stderr, flush=True)
    return results


def render(profile: str, sets: Sequence[SetFigures], *, verbose: bool = False) -> str:
    lines = [f"=== profile {profile}"]
    for one in sets:
        lines.append(
            f"\n{one.name}: {one.cases} entries, {one.right} right, {one.wrong} wrong, "
            f"{one.requests} requests ({one.requests / one.cases:.2f} an entry)"
        )
        lines.append(
            f"{'reason':20} {'requests':>8} {'bought':>6} {'cost':>5} {'top3-':>5} "
            f"{'wrong':>5} {'req without':>11}"
        )
        for reason in ORDER:
            figures = next((r for r in one.reasons if r.reason == reason), None)
            count = one.by_reason.get(reason, 0)
            if figures is None:
                if count:
                    lines.append(f"{reason:20} {count:8}")
                continue
            lines.append(
                f"{reason:20} {count:8} {figures.bought:6} {figures.cost:5} "
                f"{figures.top3_lost:5} {figures.wrong_without:5} {figures.requests_without:11}"
            )
            if verbose:
                lines += [f"    bought: {label}" for label in figures.lost_entries]
                lines += [f"    cost: {label}" for label in figures.gained_entries]
        if verbose:
            lines += [f"  WRONG {label}" for label in one.wrong_entries]
    return "\n".join(lines)


def markdown(results: dict[str, list[SetFigures]]) -> str:
    """One Markdown table: per profile and set, each reason's requests and what it bought."""
    lines = [
        "| profile | set | reason | requests | right bought | right cost | top-3 lost "
        "| wrong without | requests without |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for profile, sets in results.items():
        for one in sets:
            lines.append(
                f"| {profile} | {one.name} | all ({one.right} right, {one.wrong} wrong) | "
                f"{one.requests} | | | | | |"
            )
            for reason in ORDER:
                count = one.by_reason.get(reason, 0)
                figures = next((r for r in one.reasons if r.reason == reason), None)
                if figures is None:
                    if count:
                        lines.append(f"| {profile} | {one.name} | {reason} | {count} | | | | | |")
                    continue
                lines.append(
                    f"| {profile} | {one.name} | {reason} | {count} | {figures.bought} | "
                    f"{figures.cost} | {figures.top3_lost} | {figures.wrong_without} | "
                    f"{figures.requests_without} |"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.reasons")
    parser.add_argument("--profile", choices=[*PROFILES, "both"], default="both")
    parser.add_argument(
        "--size", type=int, default=GENERATED_SIZE, help="generated list size (0: none)"
    )
    parser.add_argument("--every", type=int, default=1, help="every n-th development case")
    parser.add_argument(
        "--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}"
    )
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the entries bought")
    args = parser.parse_args(list(argv))
    profiles = PROFILES if args.profile == "both" else (args.profile,)
    results = {}
    for profile in profiles:
        results[profile] = measure_profile(
            profile, size=args.size, every=args.every, only=args.sets.split(","), progress=True
        )
        print(render(profile, results[profile], verbose=args.verbose), flush=True)
    if args.markdown:
        print("\n" + markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
