"""Acting on the report: `syncer review` (interactive) and `pin`, `reject`, `skip`, `alias`,
`accept` (for scripts). Every decision is a use case of `syncer.application.decisions` (a
comment-preserving edit of the addressed entry); the next sync uses it. Here: options, prompts,
words.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

import typer

from syncer.application import SandboxSetup, Where, connect, decisions, run_options
from syncer.application.decisions import ReportedEntry, TrackLookup
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
)
from syncer.cli.messages import describe, pin_undid, track_words
from syncer.console import Console
from syncer.errors import Refusal, Refused, UserError
from syncer.model import Track
from syncer.report.document import CandidateDoc, EntryDoc
from syncer.session import SpotifySession


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
        where = Where(state_dir, None, sandbox, sandbox_profile.value)
        opener = _session_opener(list_file, state_dir, sandbox, catalog, sandbox_profile.value)
        with TrackLookup(opener) as lookup:
            pinned = decisions.pin_checked(
                list_file,
                entry,
                uri,
                lookup,
                where=where,
                settings=load_cli_settings(),
                force=force,
            )
        chosen, track = pinned.entry, pinned.track
        console.note(f"Pinned entry {chosen.index} ({chosen.title}) to {track_words(track)}.")
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
        chosen = decisions.reject(list_file, entry, [uri])
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
        chosen = decisions.skip(list_file, entry, reason)
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
        chosen = decisions.alias(list_file, entry, name, artist=artist)
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
        where = Where(state_dir, None, sandbox, sandbox_profile.value)
        accepted = 0
        for done in decisions.accept_best(list_file, where, load_cli_settings(), entry):
            reported, best = done.entry, done.candidate
            console.note(f"Pinned {reported.index} ({reported.title}) to {best['name']}.")
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
    settings = load_cli_settings()
    if not lists:
        found = lists_with_reports(setup, settings, Path("lists"))
        if not found:
            raise Refused(Refusal.NO_LISTS_WITH_REPORTS, folder=Path("lists"))
        setup = replace(setup, lists=tuple(found))

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
    where = Where(state_dir, None, sandbox, profile)
    items = decisions.needing_attention(list_file, where, load_cli_settings())
    if not items:
        console.note("Nothing needs your attention in the last report.")
        return
    tally = _Tally()
    opener = _session_opener(list_file, state_dir, sandbox, catalog, profile)
    with TrackLookup(opener) as lookup:  # one session for every pasted link
        for number, item in enumerate(items, 1):
            decisions.check_reported(list_file, ReportedEntry.of(item))
            console.note(f"\n[{number}/{len(items)}] " + _entry_card(item))
            if not _decide(list_file, item, console, tally, lookup):
                break
    again = shlex.join(["syncer", "sync", str(list_file), *run_options(where)])
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
    reported = ReportedEntry.of(item)
    candidates: list[CandidateDoc] = item["candidates"]
    if answer.isdigit() and 1 <= int(answer) <= len(candidates):
        chosen = candidates[int(answer) - 1]
        decisions.pin(list_file, reported, chosen["uri"])
        return f"Pinned to {chosen['name']} ({chosen['uri']})."
    if answer == "p":
        link = typer.prompt("Spotify link or URI")
        pinned = decisions.pin_pasted(list_file, reported, link, lookup)
        return f"Pinned to {track_words(pinned.track)}."
    if answer == "r" or (answer[:1] == "r" and answer[1:].isdigit()):
        picked = candidates if answer == "r" else candidates[int(answer[1:]) - 1 : int(answer[1:])]
        decisions.reject(list_file, reported, [candidate["uri"] for candidate in picked])
        return f"Rejected {len(picked)} candidate(s)."
    if answer == "s":
        reason = typer.prompt("Reason", default="not on Spotify")
        decisions.skip(list_file, reported, reason)
        return f"Skipped: {reason}."
    if answer in ("a", "A"):
        name = typer.prompt("Alias to search with")
        decisions.alias(list_file, reported, name, artist=answer == "A")
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


def _session_opener(
    list_file: Path, state_dir: Path | None, sandbox: bool, catalog: Path | None, profile: str
) -> Callable[[], AbstractContextManager[SpotifySession]]:
    """Opens the session a `TrackLookup` checks pasted links through, at its first paste."""

    def opener() -> AbstractContextManager[SpotifySession]:
        where = Where(state_dir, None, sandbox, profile)
        return connect(list_file, where, load_cli_settings(), SandboxSetup(catalog))

    return opener
