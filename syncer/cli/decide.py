"""Acting on the report: `syncer review` (interactive) and `pin`, `reject`, `skip`, `alias`,
`accept` (for scripts). Every decision is written back into the list file with a
comment-preserving edit (`syncer.editing`); the next sync uses it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

import typer

from syncer import editing
from syncer.cli.app import (
    CatalogOpt,
    EntryArg,
    ListArg,
    SandboxOpt,
    SandboxProfile,
    SandboxProfileOpt,
    StateDirOpt,
    app,
    handled,
    load_cli_settings,
    state_dir_for,
)
from syncer.cli.messages import Refusal, Refused, describe, pin_undid
from syncer.cli.report_files import (
    last_report_paths,
    read_last_report,
    reports_elsewhere,
    run_options,
)
from syncer.console import Console
from syncer.errors import UserError
from syncer.lists import find_entry, load_list, normalize_track_uri
from syncer.match import Thresholds
from syncer.model import Entry, Track, track_id_of
from syncer.pins import PinDoubtKind, pin_doubts
from syncer.report.document import CandidateDoc, EntryDoc, Report
from syncer.session import SpotifySession, open_session

_ATTENTION = ("review", "unmatched", "error")


@app.command()
def pin(
    list_file: ListArg,
    entry: EntryArg,
    uri: Annotated[str, typer.Argument(help="A spotify:track: URI or an open.spotify.com link.")],
    state_dir: StateDirOpt = None,
    sandbox: SandboxOpt = False,
    catalog: CatalogOpt = None,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Pin even a track whose title or artist is not the entry's, or that another "
            "entry resolved to in the last run.",
        ),
    ] = False,
) -> None:
    """Pin an entry to a track (checked on Spotify first); the entry is no longer searched.

    Example: syncer pin lists/tearjerkers.toml 3 https://open.spotify.com/track/...
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        expected = editing.fingerprint(list_file)
        songlist = load_list(list_file)
        chosen = find_entry(songlist, entry)
        track = _confirmed_track(list_file, uri, state_dir, sandbox, catalog, sandbox_profile.value)
        resolved = _resolved_in_last_run(list_file, state_dir, sandbox, sandbox_profile.value)
        doubts = pin_doubts(songlist.entries, chosen, track, resolved, Thresholds())
        taken = [d for d in doubts if d.kind is PinDoubtKind.PINNED_BY_OTHER]
        if taken:  # the list format pins a track once: --force could not write it
            raise Refused(Refusal.PIN_TAKEN, entry=chosen, track=_describe(track), doubt=taken[0])
        if doubts and not force:
            raise Refused(
                Refusal.PIN_DOUBTFUL,
                entry=chosen,
                track=_describe(track),
                doubts=doubts,
                threshold=Thresholds().review,
            )
        editing.pin(list_file, chosen.index, track.uri, expected=expected)
        console.note(f"Pinned entry {chosen.index} ({chosen.title}) to {_describe(track)}.")
        if track.uri in chosen.reject:
            console.note(pin_undid("reject", uri=track.uri))
        if chosen.skip is not None:
            console.note(pin_undid("skip", reason=chosen.skip))


@app.command()
def reject(
    list_file: ListArg,
    entry: EntryArg,
    uri: Annotated[str, typer.Argument(help="The track (URI or link) never to accept here.")],
) -> None:
    """Never accept this track for this entry again.

    Example: syncer reject lists/tearjerkers.toml 3 spotify:track:...
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        expected = editing.fingerprint(list_file)
        chosen = find_entry(load_list(list_file), entry)
        editing.add_reject(list_file, chosen.index, _valid_uri(uri), expected=expected)
        console.note(f"Entry {chosen.index} ({chosen.title}) will never match {uri} again.")


@app.command()
def skip(
    list_file: ListArg,
    entry: EntryArg,
    reason: Annotated[
        str, typer.Option("--reason", help="Why, e.g. 'not on Spotify'.")
    ] = "not on Spotify",
) -> None:
    """Mark an entry as not on Spotify; it is no longer searched or reported as a problem.

    Example: syncer skip lists/tearjerkers.toml 2 --reason "not on Spotify in JP"
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        expected = editing.fingerprint(list_file)
        chosen = find_entry(load_list(list_file), entry)
        editing.set_skip(list_file, chosen.index, reason, expected=expected)
        console.note(f"Entry {chosen.index} ({chosen.title}) is now skipped: {reason}.")


@app.command()
def alias(
    list_file: ListArg,
    entry: EntryArg,
    name: Annotated[str, typer.Argument(help="Another title (or, with --artist, artist name).")],
    artist: Annotated[
        bool, typer.Option("--artist", help="Add an artist alias instead of a title alias.")
    ] = False,
) -> None:
    """Add a title (or artist) alias to search with next time.

    Example: syncer alias lists/sorrow.toml 2 "Kaede"
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        expected = editing.fingerprint(list_file)
        chosen = find_entry(load_list(list_file), entry)
        add = editing.add_artist_alias if artist else editing.add_alias
        add(list_file, chosen.index, name, expected=expected)
        console.note(f"Entry {chosen.index} ({chosen.title}) now also searches for {name!r}.")


@app.command()
def accept(
    list_file: ListArg,
    entry: Annotated[
        str | None, typer.Argument(help="One entry to accept (index or title).")
    ] = None,
    all_review: Annotated[
        bool, typer.Option("--all-review", help="Accept the best candidate of every review entry.")
    ] = False,
    state_dir: StateDirOpt = None,
    sandbox: SandboxOpt = False,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
) -> None:
    """Pin the best candidate of review entries from the last report.

    Example: syncer accept lists/rock-ballads.toml --all-review
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        if (entry is None) == (not all_review):
            raise Refused(Refusal.ENTRY_OR_ALL_REVIEW)
        songlist = load_list(list_file)
        report = _last_report(list_file, state_dir, sandbox, sandbox_profile.value, "accept")
        wanted = None if entry is None else find_entry(songlist, entry).index
        if wanted is not None:
            _check_in_review(list_file, songlist.entries[wanted], report)
        accepted = 0
        for item in report["entries"]:
            if item["status"] != "review" or wanted not in (None, item["index"]):
                continue
            best = item["candidates"][0]
            editing.pin(list_file, item["index"], best["uri"], expected=_guard(list_file, item))
            console.note(f"Pinned {item['index']} ({item['title']}) to {best['name']}.")
            accepted += 1
        console.note(f"{accepted} review entr{'y' if accepted == 1 else 'ies'} accepted.")


# -- interactive review -----------------------------------------------------------------------


@dataclass
class _Tally:
    done: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.done[what] = self.done.get(what, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.done.items()) or "no changes"


@app.command()
def review(
    lists: Annotated[
        list[Path] | None,
        typer.Argument(
            help="List files (TOML); with --web, default: the lists under ./lists with a report.",
            show_default=False,
        ),
    ] = None,
    web: Annotated[
        bool, typer.Option("--web", help="Review in the browser: every list on one page.")
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            "--port", min=0, max=65535, help="With --web: the port (default: a free one)."
        ),
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="With --web: only print the address.")
    ] = False,
    state_dir: StateDirOpt = None,
    report_dir: Annotated[
        Path | None, typer.Option("--report-dir", help="Where reports are.")
    ] = None,
    sandbox: SandboxOpt = False,
    catalog: CatalogOpt = None,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
) -> None:
    """Go through the entries that need attention and decide: one by one in the terminal, or
    all lists on one page in the browser with --web.

    Example: syncer review lists/rock-ballads.toml; syncer review --web --sandbox
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        if web:
            _review_web(
                lists or [],
                port,
                not no_browser,
                state_dir,
                report_dir,
                sandbox,
                catalog,
                sandbox_profile.value,
                console,
            )
            return
        if len(lists or []) != 1:
            raise Refused(Refusal.REVIEW_ONE_LIST, count=len(lists or []))
        _review_terminal(
            (lists or [])[0], state_dir, sandbox, catalog, sandbox_profile.value, console
        )


def _review_web(
    lists: list[Path],
    port: int,
    open_browser: bool,
    state_dir: Path | None,
    report_dir: Path | None,
    sandbox: bool,
    catalog: Path | None,
    profile: str,
    console: Console,
) -> None:
    from syncer.web.desk import ReviewSetup  # the web stack loads only for --web
    from syncer.web.server import lists_with_reports, serve

    setup = ReviewSetup(
        lists=tuple(lists),
        state_dir=state_dir,
        report_dir=report_dir,
        sandbox=sandbox,
        catalog=catalog,
        profile=profile,
    )
    if not lists:
        found = lists_with_reports(setup, Path("lists"))
        if not found:
            raise Refused(Refusal.NO_LISTS_WITH_REPORTS, folder=Path("lists"))
        setup = replace(setup, lists=tuple(found))
    settings = load_cli_settings()

    def announce(address: str) -> None:
        console.note(f"Reviewing {len(setup.lists)} list(s) at {address}")
        console.note("Open that address (it carries a one-time key); Ctrl-C stops.")

    serve(setup, settings, port=port, open_browser=open_browser, announce=announce)


def _review_terminal(
    list_file: Path,
    state_dir: Path | None,
    sandbox: bool,
    catalog: Path | None,
    profile: str,
    console: Console,
) -> None:
    if not sys.stdin.isatty():
        raise Refused(Refusal.REVIEW_NEEDS_TERMINAL)
    load_list(list_file)  # refuse to start on an invalid list
    items = [
        e
        for e in _last_report(list_file, state_dir, sandbox, profile, "review")["entries"]
        if e["status"] in _ATTENTION
    ]
    if not items:
        console.note("Nothing needs your attention in the last report.")
        return
    tally = _Tally()
    opener = _session_opener(list_file, state_dir, sandbox, catalog, profile)
    with _TrackLookup(opener) as lookup:  # one session for every pasted link
        for number, item in enumerate(items, 1):
            _guard(list_file, item)
            console.note(f"\n[{number}/{len(items)}] " + _entry_card(item))
            if not _decide(list_file, item, console, tally, lookup):
                break
    again = f"syncer sync {list_file}{' --sandbox' if sandbox else ''}"
    console.note(f"\nDone: {tally}. Run `{again}` to apply.")


_HELP = (
    "  1-9  pin that candidate        p  paste a Spotify link or URI to pin\n"
    "  r    reject all candidates     r2 reject candidate 2\n"
    "  s    not on Spotify (skip)     a  add a title alias     A  add an artist alias\n"
    "  n    leave it for now          q  quit"
)


def _decide(
    list_file: Path,
    item: EntryDoc,
    console: Console,
    tally: _Tally,
    lookup: Callable[[str], Track],
) -> bool:
    """One entry's decision; False when the user quits."""
    while True:
        answer = typer.prompt("Choice (? for help)", default="n", show_default=True).strip()
        if answer == "?":
            console.note(_HELP)
            continue
        if answer in ("n", ""):
            return True
        if answer == "q":
            return False
        try:
            done = _act(list_file, item, answer, lookup)
        except UserError as exc:
            console.problem(f"  {describe(exc)}")
            continue
        if done is None:
            console.note("  Not understood. " + _HELP)
            continue
        console.note(f"  {done}")
        tally.add(done.split(" ", 1)[0].lower().rstrip(":."))
        return True


def _act(
    list_file: Path, item: EntryDoc, answer: str, lookup: Callable[[str], Track]
) -> str | None:
    """Apply one answer; the message to show, or None if the answer was not understood."""
    index = item["index"]
    candidates: list[CandidateDoc] = item["candidates"]
    if answer.isdigit() and 1 <= int(answer) <= len(candidates):
        chosen = candidates[int(answer) - 1]
        editing.pin(list_file, index, chosen["uri"], expected=_guard(list_file, item))
        return f"Pinned to {chosen['name']} ({chosen['uri']})."
    if answer == "p":
        track = lookup(typer.prompt("Spotify link or URI"))
        editing.pin(list_file, index, track.uri, expected=_guard(list_file, item))
        return f"Pinned to {_describe(track)}."
    if answer == "r" or (answer[:1] == "r" and answer[1:].isdigit()):
        picked = candidates if answer == "r" else candidates[int(answer[1:]) - 1 : int(answer[1:])]
        for candidate in picked:
            editing.add_reject(list_file, index, candidate["uri"], expected=_guard(list_file, item))
        return f"Rejected {len(picked)} candidate(s)."
    if answer == "s":
        reason = typer.prompt("Reason", default="not on Spotify")
        editing.set_skip(list_file, index, reason, expected=_guard(list_file, item))
        return f"Skipped: {reason}."
    if answer in ("a", "A"):
        name = typer.prompt("Alias to search with")
        add = editing.add_artist_alias if answer == "A" else editing.add_alias
        add(list_file, index, name, expected=_guard(list_file, item))
        return f"Alias {name!r} added."
    return None


def _entry_card(item: EntryDoc) -> str:
    lines = [
        f"{item['title']} — {item['artist']}  (entry {item['index']}, line {item['line']})",
        f"  {item['status']}: {item['reason']}",
    ]
    for n, c in enumerate(item["candidates"], 1):
        minutes, seconds = divmod(round(c["duration_ms"] / 1000), 60)
        why = ", ".join(f"{k} {v:.2f}" for k, v in list(c["penalties"].items())[:3] if v)
        lines.append(
            f"  {n}. {c['name']} — {', '.join(c['artists'])} | {c['album'] or '?'} "
            f"({c['year'] or '?'}) {minutes}:{seconds:02d} | score {c['score']:.2f}"
            + (f" | {why}" if why else "")
            + f"\n     {c['url']}"
        )
    if not item["candidates"]:
        lines.append("  (no candidates: paste a link with p, add an alias, or skip)")
    return "\n".join(lines)


# -- helpers ------------------------------------------------------------------------------------


def _valid_uri(text: str) -> str:
    uri = normalize_track_uri(text)
    if uri is None:
        raise Refused(Refusal.NOT_A_TRACK_LINK, text=text)
    return uri


def _confirmed_track(
    list_file: Path,
    text: str,
    state_dir: Path | None,
    sandbox: bool,
    catalog: Path | None,
    profile: str = "simple",
) -> Track:
    """The track a pasted URI or link names, checked on Spotify (malformed text never is)."""
    with _TrackLookup(_session_opener(list_file, state_dir, sandbox, catalog, profile)) as lookup:
        return lookup(text)


class _TrackLookup:
    """Checks pasted URIs and links on Spotify through one session, opened at the first paste
    (malformed text never opens one) and closed when the lookup's `with` block ends."""

    def __init__(self, opener: Callable[[], AbstractContextManager[SpotifySession]]) -> None:
        self._opener = opener
        self._stack = ExitStack()
        self._session: SpotifySession | None = None

    def __enter__(self) -> _TrackLookup:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def __call__(self, text: str) -> Track:
        uri = _valid_uri(text)
        if self._session is None:
            self._session = self._stack.enter_context(self._opener())
        track = self._session.spotify.get_track(track_id_of(uri), locale="ja")
        if track is None:
            raise Refused(Refusal.NO_SUCH_TRACK, uri=uri)
        return track


def _session_opener(
    list_file: Path, state_dir: Path | None, sandbox: bool, catalog: Path | None, profile: str
) -> Callable[[], AbstractContextManager[SpotifySession]]:
    def opener() -> AbstractContextManager[SpotifySession]:
        settings = load_cli_settings()
        base = state_dir_for(list_file, state_dir, settings)
        return open_session(settings, base, sandbox=sandbox, catalog=catalog, profile=profile)

    return opener


def _last_report(
    list_file: Path, state_dir: Path | None, sandbox: bool, profile: str, command: str
) -> Report:
    _, json_path = last_report_paths(list_file, state_dir, None, sandbox, profile)
    return read_last_report(
        list_file,
        json_path,
        options=run_options(sandbox, profile),
        command=command,
        elsewhere=lambda: reports_elsewhere(list_file, state_dir, None, (sandbox, profile)),
    )


def _check_in_review(list_file: Path, wanted: Entry, report: Report) -> None:
    """`accept LIST N` takes a review entry's best candidate: any other entry is refused."""
    item = next((e for e in report["entries"] if e["index"] == wanted.index), None)
    if item is not None and item["status"] == "review" and item["candidates"]:
        return
    raise Refused(
        Refusal.NOT_IN_REVIEW,
        list_file=list_file,
        entry=wanted,
        status=None if item is None else item["status"],
    )


def _resolved_in_last_run(
    list_file: Path, state_dir: Path | None, sandbox: bool, profile: str
) -> dict[str, int]:
    """Track URI -> the entry the last run (of this Spotify or sandbox) resolved to it; empty
    when there was none or its report cannot be read (a pin never waits for a run)."""
    try:
        report = _last_report(list_file, state_dir, sandbox, profile, "pin")
    except UserError:
        return {}
    placed = ("matched", "pinned", "duplicate")  # a review candidate is only a guess
    return {
        item["uri"]: item["index"]
        for item in reversed(report["entries"])  # the first entry of a track wins
        if item["uri"] and item["status"] in placed
    }


def _guard(list_file: Path, item: EntryDoc) -> str:
    """The list's fingerprint, taken once the entry is checked to be the one the report names.

    Passed to the edit as `expected`, so an edit refuses to land if the file changes after the
    check (say, in an editor while the prompt waits): it could be another entry by then.
    """
    expected = editing.fingerprint(list_file)
    _check_same_entry(load_list(list_file).entries, item)
    return expected


def _check_same_entry(entries: tuple[Entry, ...], item: EntryDoc) -> None:
    index = item["index"]
    if index >= len(entries) or (entries[index].title, entries[index].artist) != (
        item["title"],
        item["artist"],
    ):
        # the list changed since the report: a decision could land on another entry
        raise Refused(
            Refusal.REPORT_OUTDATED, index=index, title=item["title"], artist=item["artist"]
        )


def _describe(track: Track) -> str:
    return f"{track.name} — {', '.join(track.artists)} ({track.uri})"
