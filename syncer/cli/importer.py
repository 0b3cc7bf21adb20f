"""`syncer import SOURCE --output FILE`: start a list from a playlist, an export, a pasted list
or an article (see `syncer.importer`)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from syncer.atomic import write_text_atomically
from syncer.cli.app import (
    CatalogOpt,
    SandboxOpt,
    SandboxProfile,
    SandboxProfileOpt,
    StateDirOpt,
    app,
    handled,
    load_cli_settings,
    state_dir_for,
)
from syncer.console import Console
from syncer.details import MARKER, NAME_MAX
from syncer.errors import ConfigError, ListError, PlaylistProblem, SpotifyRequestError
from syncer.importer import (
    FORMATS,
    ParsedSource,
    SourceError,
    decode_source,
    detect_format,
    parse_source,
    playlist_id,
)
from syncer.importer.detect import looks_like_spotify_link
from syncer.importer.model import Skipped
from syncer.importer.playlist import parse_playlist
from syncer.importer.render import ListEntry, Playlist, list_entries, render_list
from syncer.importer.settle import Evidence, Settled, settle
from syncer.lists import parse_list
from syncer.model import PlaylistInfo
from syncer.session import SpotifySession, open_session
from syncer.state import StateJournal, open_journal


@dataclass(frozen=True)
class _Written:
    """What the summary reports about one import."""

    output: Path
    source: str
    file_format: str
    entries: list[ListEntry]
    settled: list[Settled]
    skipped: list[Skipped]


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
        profile = sandbox_profile.value
        if (catalog or sandbox_profile is not SandboxProfile.SIMPLE) and not sandbox:
            raise ConfigError("--catalog and --sandbox-profile need --sandbox")
        if file_format is not None and file_format not in FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, not {file_format!r}")
        _check_output(output, force=force)
        settings = load_cli_settings(market=market)
        base = state_dir_for(output, state_dir, settings)
        remote = playlist_id(source)
        if remote is None and (file_format == "playlist" or looks_like_spotify_link(source)):
            raise SourceError(
                source, 0, "not a Spotify playlist link or URI (open.spotify.com/playlist/...)"
            )
        if adopt and remote is None:
            raise ConfigError("--adopt is for playlists: give a Spotify playlist link or URI")
        if remote is not None:
            with open_session(
                settings, base, sandbox=sandbox, catalog=catalog, profile=profile
            ) as session:
                console.note(session.description)
                written = _import_playlist(
                    session, remote, source, output, name, adopt=adopt, force=force, base=base
                )
            _summary(console, written)
            return
        text, label = _read_source(source)
        chosen = file_format or detect_format(label, text)
        parsed = parse_source(text, label, chosen)
        playlist = Playlist(name=_name(name or parsed.name or _fallback_name(label, output)))
        if no_search:
            settled = [Settled(s, s.readings[0], Evidence.NOTHING, doubt=_NOT_SEARCHED)
                       for s in parsed.songs]  # fmt: skip
        else:
            with open_session(
                settings, base, sandbox=sandbox, catalog=catalog, profile=profile
            ) as session:
                console.note(session.description)
                with console.progress(f"Searching {label}", len(parsed.songs)) as advance:
                    settled = settle(
                        parsed.songs,
                        session.spotify,
                        market=settings.market,
                        concurrency=settings.concurrency,
                        on_progress=advance,
                    )
        written = _write(output, playlist, parsed, settled, label, chosen)
        _summary(console, written)


def _import_playlist(
    session: SpotifySession,
    remote: str,
    source: str,
    output: Path,
    name: str | None,
    *,
    adopt: bool,
    force: bool,
    base: Path,
) -> _Written:
    spotify = session.spotify
    info = spotify.get_playlist(remote)
    if info is None:
        raise SourceError(source, 0, "no such playlist: it does not exist, or it was deleted")
    try:
        items = spotify.playlist_items(remote)
    except SpotifyRequestError as error:
        if error.status in (403, 404):
            raise SourceError(
                source,
                0,
                f"cannot read the tracks of {info.name!r}: Spotify shows an app the tracks "
                "only of playlists you own or collaborate on (it answered "
                f"{error.status})",
            ) from None
        raise
    parsed, settled = parse_playlist(info, items)
    if not parsed.songs:
        raise SourceError(source, 0, f"the playlist {info.name!r} has no tracks to import")
    playlist = Playlist(
        name=_name(name or info.name), description=parsed.description, public=info.public
    )
    state_dir = session.state_dir_for(base)
    if adopt:
        me = spotify.current_user_id()
        if info.owner_id != me and not info.collaborative:
            raise PlaylistProblem(
                f"cannot adopt {info.name!r}: it belongs to {info.owner_id}, not to you ({me}); "
                "syncer only edits your own playlists"
            )
        with open_journal(state_dir, output) as journal:
            _check_free(journal, output, remote, force=force)
            written = _write(output, playlist, parsed, settled, source, "playlist", unit="item")
            _adopt(session, info, playlist, written, journal, me)
        return written
    return _write(output, playlist, parsed, settled, source, "playlist", unit="item")


def _check_free(journal: StateJournal, output: Path, remote: str, *, force: bool) -> None:
    """Neither re-point a list that syncs to another playlist (without --force), nor let two
    lists manage one playlist."""
    state = journal.state
    if state.playlist_id and state.playlist_id != remote and not force:
        raise ConfigError(
            f"{output} already syncs to playlist {state.playlist_id} "
            f"(state in {journal.files.state}); use --force to make it manage this one instead"
        )
    if remote in journal.playlists_of_other_lists():
        raise ConfigError(
            f"another list in {journal.files.state_dir} already syncs to playlist {remote}; "
            "two lists cannot manage one playlist"
        )


def _adopt(
    session: SpotifySession,
    info: PlaylistInfo,
    playlist: Playlist,
    written: _Written,
    journal: StateJournal,
    me: str,
) -> None:
    """Remember the playlist as the list's, its written tracks as syncer's own, and mark it,
    so the next sync finds nothing to change."""
    description = f"{playlist.description} {MARKER}".strip()
    if info.description != description or info.name != playlist.name:
        session.spotify.change_details(
            info.id, name=playlist.name, description=description, public=playlist.public
        )
    journal.state.managed = {e.uri for e in written.entries if e.uri}
    journal.state.pending.clear()
    journal.state.snapshot_id = None
    journal.state.contents = None
    journal.state.user_id = me
    journal.remember_playlist(info.id, me)  # saves


def _name(text: str) -> str:
    """A playlist name Spotify takes: one line, at most NAME_MAX characters."""
    name = " ".join(text.split())
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


_NOT_SEARCHED = "not searched (--no-search)"


def _check_output(output: Path, *, force: bool) -> None:
    if output.is_dir():
        raise ConfigError(f"--output {output} is a directory; give a file name like list.toml")
    if output.exists() and not force:
        raise ConfigError(f"{output} already exists; use --force to overwrite it")
    if not output.parent.is_dir():
        raise ConfigError(f"cannot write {output}: the directory {output.parent} does not exist")


def _read_source(source: str) -> tuple[str, str]:
    """The decoded text of a file or standard input, and how to name it in messages."""
    if source == "-":
        return decode_source(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(source, 0, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, 0, "is a directory, not a file") from None
    except OSError as error:
        raise SourceError(source, 0, f"cannot read it: {error.strerror or error}") from None
    return decode_source(data, source), source


def _fallback_name(label: str, output: Path) -> str:
    stem = Path(label).stem if label != "<stdin>" else ""
    return (stem or output.stem).replace("_", " ").replace("-", " ").strip() or "Imported"


def _write(
    output: Path,
    playlist: Playlist,
    parsed: ParsedSource,
    settled: list[Settled],
    label: str,
    file_format: str,
    *,
    unit: str = "line",
) -> _Written:
    entries, repeats = list_entries(settled, unit=unit)
    header = (
        f"Imported with `syncer import` from {label} ({file_format}).",
        "Entries marked 'uncertain' were not confirmed by search: check them before syncing.",
    )
    text = render_list(playlist, entries, header)
    try:
        parse_list(text, output)  # what is written must pass `syncer check`
    except ListError as error:
        raise SourceError(label, 0, f"the imported list would not be valid:\n{error}") from None
    write_text_atomically(output, text)
    return _Written(output, label, file_format, entries, settled, [*parsed.skipped, *repeats])


def _summary(console: Console, written: _Written) -> None:
    unit = "item" if written.file_format == "playlist" else "line"
    pinned = sum(1 for s in written.settled if s.song.uri)
    confirmed = sum(1 for s in written.settled if s.confirmed and not s.song.uri)
    uncertain = [s for s in written.settled if not s.song.uri and not s.confirmed]
    console.note(
        f"Wrote {written.output}: {len(written.entries)} songs from {written.source} "
        f"({written.file_format}); {confirmed} confirmed by search, {pinned} pinned, "
        f"{len(uncertain)} uncertain."
    )
    for item in uncertain:
        console.note(f"  uncertain, {unit} {item.song.line} {item.song.quote!r}: {item.doubt}")
    for skip in written.skipped:
        console.note(f"  left out, {unit} {skip.line} {skip.quote!r}: {skip.reason}")
    console.note(
        f"Next: syncer sync {written.output} --dry-run (see what it would do), then without "
        "--dry-run."
    )
