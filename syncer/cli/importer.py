"""`syncer import SOURCE --output FILE`: start a list from a playlist, an export, a pasted list
or an article (see `syncer.importer`)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
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
from syncer.cli.messages import Refusal, Refused, describe, same_named_note
from syncer.console import Console
from syncer.details import NAME_MAX, marked_description, unfit_character
from syncer.errors import ListError, SpotifyRequestError
from syncer.importer import (
    FORMATS,
    ParsedSource,
    SourceError,
    decode_source,
    detect_format,
    parse_source,
    playlist_id,
)
from syncer.importer.detect import link_parts, looks_like_spotify_link
from syncer.importer.model import Skipped, SourceProblem
from syncer.importer.playlist import parse_playlist
from syncer.importer.render import Drafted, list_entries, render_list
from syncer.importer.settle import Evidence, Settled, settle
from syncer.lists import parse_list
from syncer.model import PlaylistInfo, PlaylistSpec
from syncer.ports import PlaylistStore
from syncer.session import SpotifySession, open_session
from syncer.state import StateJournal, open_journal


@dataclass(frozen=True)
class _Written:
    """What the summary reports about one import."""

    output: Path
    source: str
    file_format: str
    entries: list[Drafted]
    skipped: list[Skipped]  # lines that hold no usable song
    repeats: list[Skipped]  # songs the source repeats, written once
    same_named: tuple[PlaylistInfo, ...] = ()  # your playlists named as the list's already


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
            raise Refused(Refusal.SANDBOX_ONLY, options=("--catalog", "--sandbox-profile"))
        if file_format is not None and file_format not in FORMATS:
            raise Refused(Refusal.UNKNOWN_FORMAT, value=file_format, choices=FORMATS)
        _check_output(output, force=force)
        name = None if name is None else _name_option(name)
        settings = load_cli_settings(market=market)
        base = state_dir_for(output, state_dir, settings)
        remote = playlist_id(source)
        again = _sync_command(output, sandbox, catalog, sandbox_profile, state_dir)
        if remote is None and (file_format == "playlist" or looks_like_spotify_link(source)):
            raise _not_a_playlist(source)
        if adopt and remote is None:
            raise Refused(Refusal.ADOPT_NEEDS_PLAYLIST)
        if remote is not None:
            with open_session(
                settings, base, sandbox=sandbox, catalog=catalog, profile=profile
            ) as session:
                console.note(session.description)
                written = _import_playlist(
                    session, remote, source, output, name, adopt=adopt, force=force, base=base
                )
            _summary(console, written, again)
            for same in written.same_named:
                adopt_it = ["syncer", "import", f"spotify:playlist:{same.id}", "--output"]
                console.note(same_named_note(same, [*adopt_it, *again[2:], "--adopt", "--force"]))
            return
        text, label = _read_source(source)
        chosen = file_format or detect_format(label, text)
        parsed = parse_source(text, label, chosen)
        playlist = PlaylistSpec(name=_name(name or parsed.name or _fallback_name(label, output)))
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
        text, written = _drafted(output, playlist, parsed, settled, label, chosen)
        write_text_atomically(output, text)
        _summary(console, written, again)
        if not name and not parsed.name:
            console.note(
                f"The source names no playlist, so it is named {playlist.name!r} after the "
                "file; give another with --name or in the list's [playlist] name."
            )


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
        raise SourceError(source, 0, SourceProblem.NO_SUCH_PLAYLIST)
    try:
        items = spotify.playlist_items(remote)
    except SpotifyRequestError as error:
        if error.status in (403, 404):
            raise SourceError(
                source, 0, SourceProblem.PLAYLIST_NOT_READABLE, name=info.name, status=error.status
            ) from None
        raise
    parsed, settled = parse_playlist(info, items)
    if not parsed.songs:
        raise SourceError(source, 0, SourceProblem.PLAYLIST_EMPTY, name=info.name)
    playlist = PlaylistSpec(
        name=_name(name or info.name), description=parsed.description, public=info.public
    )
    state_dir = session.state_dir_for(base)
    if adopt:
        me = spotify.current_user_id()
        if info.owner_id != me and not info.collaborative:
            raise Refused(Refusal.NOT_YOUR_PLAYLIST, name=info.name, owner=info.owner_id, me=me)
        text, written = _drafted(output, playlist, parsed, settled, source, "playlist", "item")
        with open_journal(state_dir, output) as journal:
            _check_free(journal, output, remote, force=force)
            _mark(
                session, info, playlist, journal.files.identity
            )  # Spotify first: a failure there leaves no file
            with _undone_on_failure(output):
                write_text_atomically(output, text)
                _remember(journal, info, written, me)
        return written
    text, written = _drafted(output, playlist, parsed, settled, source, "playlist", "item")
    write_text_atomically(output, text)
    return replace(written, same_named=_same_named(spotify, playlist.name))


def _same_named(spotify: PlaylistStore, name: str) -> tuple[PlaylistInfo, ...]:
    """Your playlists already named `name`: the list's first sync creates another beside them
    (it takes over only a playlist marked as this list's), unless one is adopted."""
    me = spotify.current_user_id()
    return tuple(
        p
        for p in spotify.my_playlists()
        if p.name == name and (p.owner_id == me or p.collaborative)
    )


def _check_free(journal: StateJournal, output: Path, remote: str, *, force: bool) -> None:
    """Neither re-point a list that syncs to another playlist (without --force), nor let two
    lists manage one playlist."""
    state = journal.state
    if state.playlist_id and state.playlist_id != remote and not force:
        raise Refused(
            Refusal.LIST_SYNCS_ELSEWHERE,
            output=output,
            playlist_id=state.playlist_id,
            state_file=journal.files.state,
        )
    other = journal.list_syncing_to(remote)
    if other is not None:
        state_file, owner = other
        raise Refused(
            Refusal.PLAYLIST_TAKEN,
            playlist_id=remote,
            owner=_shown(owner) if owner is not None else state_file.name.split(".")[0],
            state_file=state_file,
        )


def _mark(
    session: SpotifySession, info: PlaylistInfo, playlist: PlaylistSpec, identity: str
) -> None:
    """Give the playlist the list's name and description with the marker naming the list
    (`identity`), as sync would, so the next sync finds nothing to change."""
    description = marked_description(playlist.description, identity)
    if info.description != description or info.name != playlist.name:
        session.spotify.change_details(
            info.id, name=playlist.name, description=description, public=playlist.public
        )


def _remember(journal: StateJournal, info: PlaylistInfo, written: _Written, me: str) -> None:
    """Remember the playlist as the list's and its written tracks as syncer's own."""
    journal.forget_playlist()  # nothing known of a playlist it synced before (--force) holds here
    journal.state.managed = {d.entry.uri for d in written.entries if d.entry.uri}
    journal.state.user_id = me
    journal.remember_playlist(info.id, me)  # saves


def _shown(path: Path) -> Path:
    """A path as the person would type it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@contextmanager
def _undone_on_failure(output: Path) -> Iterator[None]:
    """Put `output` back as it was (absent, or the file --force replaces) if the block fails,
    so an adoption that fails half-way leaves no list file without its state."""
    before = output.read_bytes() if output.is_file() else None
    try:
        yield
    except BaseException:
        with suppress(OSError):
            if before is None:
                output.unlink(missing_ok=True)
            else:
                output.write_bytes(before)
        raise


def _name_option(text: str) -> str:
    """`--name` as the playlist will be named; an unusable one is blamed on the option."""
    name = _name(text)
    if not name:
        raise Refused(Refusal.NAME_EMPTY)
    character = unfit_character(name)
    if character is not None:
        raise Refused(Refusal.NAME_NOT_ONE_LINE, character=character)
    return name


def _name(text: str) -> str:
    """A playlist name Spotify takes: one line, at most NAME_MAX characters."""
    name = " ".join(text.split())
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


_NOT_SEARCHED = "not searched (--no-search)"


def _check_output(output: Path, *, force: bool) -> None:
    if output.is_dir():
        raise Refused(Refusal.OUTPUT_IS_DIRECTORY, output=output)
    if output.exists() and not force:
        raise Refused(Refusal.OUTPUT_EXISTS, output=output)
    if not output.parent.is_dir():
        raise Refused(Refusal.OUTPUT_DIRECTORY_MISSING, output=output, directory=output.parent)


def _read_source(source: str) -> tuple[str, str]:
    """The decoded text of a file or standard input, and how to name it in messages."""
    if source == "-":
        return decode_source(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(source, 0, SourceProblem.NO_SUCH_FILE) from None
    except IsADirectoryError:
        raise SourceError(source, 0, SourceProblem.IS_DIRECTORY) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise SourceError(source, 0, SourceProblem.CANNOT_READ, reason=reason) from None
    return decode_source(data, source), source


def _fallback_name(label: str, output: Path) -> str:
    stem = Path(label).stem if label != "<stdin>" else ""
    return (stem or output.stem).replace("_", " ").replace("-", " ").strip() or "Imported"


def _drafted(
    output: Path,
    playlist: PlaylistSpec,
    parsed: ParsedSource,
    settled: list[Settled],
    label: str,
    file_format: str,
    unit: str = "line",
) -> tuple[str, _Written]:
    """The list file's text, checked as `syncer check` would, and what the summary reports."""
    drafted, repeats = list_entries(settled, unit=unit)
    header = (
        f"Imported with `syncer import` from {label} ({file_format}).",
        "Entries marked 'uncertain' were not confirmed by search: check them before syncing.",
    )
    text = render_list(playlist, drafted, header)
    try:
        parse_list(text, output)  # what is written must pass `syncer check`
    except ListError as error:
        raise SourceError(label, 0, SourceProblem.INVALID_LIST, problems=describe(error)) from None
    return text, _Written(output, label, file_format, drafted, list(parsed.skipped), repeats)


def _not_a_playlist(source: str) -> SourceError:
    """What is wrong with a source given as a playlist: another kind of link, a bad id..."""
    parts = link_parts(source)
    if parts is not None and parts[0] == "playlist":
        return SourceError(source, 0, SourceProblem.BAD_PLAYLIST_ID, value=parts[1])
    if parts is not None:
        return SourceError(source, 0, SourceProblem.OTHER_SPOTIFY_LINK, kind=parts[0])
    return SourceError(source, 0, SourceProblem.NOT_A_PLAYLIST_LINK)


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


def _summary(console: Console, written: _Written, again: list[str]) -> None:
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
