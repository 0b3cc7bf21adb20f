"""`syncer import SOURCE --output FILE`: start a list from a playlist, an export, a pasted list
or an article (the use case is `syncer.application.importing`)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from syncer.application import SandboxSetup, Where
from syncer.application.importing import Imported, ImportListener, ImportRequest, import_list
from syncer.cli.app import (
    CatalogOpt,
    SandboxOpt,
    SandboxProfile,
    SandboxProfileOpt,
    StateDirOpt,
    app,
    handled,
    load_cli_settings,
)
from syncer.cli.messages import same_named_note
from syncer.console import Console, ProgressBar
from syncer.errors import Refusal, Refused
from syncer.importer import FORMATS
from syncer.importer.model import Skipped


@app.command(name="import")
def import_(
    source: Annotated[
        str,
        typer.Argument(
            help="A file (CSV, M3U, text or article), '-' for standard input, or a Spotify "
            "playlist link or URI.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The list file to write.", show_default=False),
    ],
    file_format: Annotated[
        str | None,
        typer.Option("--format", help=f"Override detection: {'|'.join(FORMATS)}."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The playlist's name (default: from the source).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the output file if it exists.")
    ] = False,
    adopt: Annotated[
        bool,
        typer.Option(
            "--adopt",
            help="Playlists only: the new list manages that playlist (its next sync changes "
            "nothing); marks the playlist's description as syncer's.",
        ),
    ] = False,
    no_search: Annotated[
        bool,
        typer.Option(
            "--no-search", help="Do not search Spotify: keep the source's wording, unconfirmed."
        ),
    ] = False,
    market: Annotated[
        str | None, typer.Option("--market", help="Market to search in, e.g. JP.")
    ] = None,
    state_dir: StateDirOpt = None,
    sandbox: SandboxOpt = False,
    catalog: CatalogOpt = None,
    sandbox_profile: SandboxProfileOpt = SandboxProfile.SIMPLE,
) -> None:
    """Write a new list from a playlist, a CSV export, an M3U file, a text list or an article.

    Example: syncer import article.txt --output lists/ballads.toml
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        if (catalog or sandbox_profile is not SandboxProfile.SIMPLE) and not sandbox:
            raise Refused(Refusal.SANDBOX_ONLY, options=("--catalog", "--sandbox-profile"))
        request = ImportRequest(source, output, file_format, name, force, adopt, not no_search)
        imported = import_list(
            request,
            where=Where(state_dir, None, sandbox, sandbox_profile.value),
            settings=load_cli_settings(market=market),
            setup=SandboxSetup(catalog),
            listener=_Told(console),
        )
        again = _sync_command(output, sandbox, catalog, sandbox_profile, state_dir)
        _summary(console, imported, again)
        for same in imported.same_named:
            adopt_it = ["syncer", "import", f"spotify:playlist:{same.id}", "--output"]
            console.note(same_named_note(same, [*adopt_it, *again[2:], "--adopt", "--force"]))
        if imported.named_after_file:
            console.note(
                f"The source names no playlist, so it is named {imported.playlist!r} after the "
                "file; give another with --name or in the list's [playlist] name."
            )


class _Told(ImportListener):
    """Prints an import as it goes: which Spotify, and a progress bar while searching."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._bar = ProgressBar(console)

    def connected(self, description: str) -> None:
        self.console.note(description)

    def searching(self, source: str, songs: int) -> None:
        self._bar.start(f"Searching {source}", songs)

    def progress(self, done: int, total: int) -> None:
        self._bar.advance(done, total)

    def searched(self) -> None:
        self._bar.stop()


def _sync_command(
    output: Path,
    sandbox: bool,
    catalog: Path | None,
    profile: SandboxProfile,
    state_dir: Path | None,
) -> list[str]:
    """`syncer sync` for the new list with the import's own sandbox and state options, so the
    sync finds the same account, catalog and (after --adopt) the same state."""
    command = ["syncer", "sync", str(output)]
    if sandbox:
        command.append("--sandbox")
        if catalog is not None:
            command += ["--catalog", str(catalog)]
        if profile is not SandboxProfile.SIMPLE:
            command += ["--sandbox-profile", profile.value]
    if state_dir is not None:
        command += ["--state-dir", str(state_dir)]
    return command


def _summary(console: Console, written: Imported, again: list[str]) -> None:
    unit = "item" if written.file_format == "playlist" else "line"
    kept = [d.settled for d in written.entries]  # a repeat counts once, as it is written
    pinned = sum(1 for s in kept if s.song.uri)
    confirmed = sum(1 for s in kept if s.confirmed and not s.song.uri)
    uncertain = [s for s in kept if not s.song.uri and not s.confirmed]
    console.note(
        f"Wrote {written.output}: {len(written.entries)} songs from {written.source} "
        f"({written.file_format}); {confirmed} confirmed by search, {pinned} pinned, "
        f"{len(uncertain)} uncertain{_repeats(written.repeats, unit)}."
    )
    for item in uncertain:
        console.note(f"  uncertain, {unit} {item.song.line} {item.song.quote!r}: {item.doubt}")
    for skip in sorted([*written.skipped, *written.repeats], key=lambda s: s.line):
        console.note(f"  left out, {unit} {skip.line} {skip.quote!r}: {skip.reason}")
    console.note(
        f"Next: {shlex.join([*again, '--dry-run'])} (see what it would do), then without --dry-run."
    )


def _repeats(repeats: list[Skipped], unit: str) -> str:
    """ "; 2 repeated lines left out (lines 12, 30)", or nothing when the source repeats none."""
    if not repeats:
        return ""
    numbers = ", ".join(str(r.line) for r in repeats)
    many = len(repeats) > 1
    return f"; {len(repeats)} repeated {unit}{'s' * many} left out ({unit}{'s' * many} {numbers})"
