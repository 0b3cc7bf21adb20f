"""Starting a list from a source, and adopting a playlist: the use case behind `syncer import`.

Public API: `ImportRequest`, `Imported`, `ImportListener`, `import_list`, `playlist_name`.

A source is a file (CSV, M3U, text or article), standard input (`-`) or a Spotify playlist.
Songs of a file are searched for (unless `search` is off) and written as a list file that
passes `syncer check`, atomically. A playlist's items become pinned entries; with `adopt`,
the new list manages that playlist: it is marked as the list's (name and description, on
Spotify first, so a failure there leaves no file) and remembered in the list's state, so the
next sync changes nothing. Whether a playlist may be taken is the sync's own rule
(`syncer.sync.not_yours`), and two lists never manage one playlist.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from syncer.application.connection import SandboxSetup, connect
from syncer.application.dirs import Where, list_dirs
from syncer.atomic import write_text_atomically
from syncer.config import Settings
from syncer.details import NAME_MAX, marked_description, unfit_character
from syncer.errors import ListError, Refusal, Refused, SpotifyRequestError
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
from syncer.session import SpotifySession
from syncer.state import StateJournal, open_journal
from syncer.sync import not_yours

_NOT_SEARCHED = "not searched (--no-search)"


@dataclass(frozen=True)
class ImportRequest:
    """What to import, and how. `name` is the playlist's name as given (checked with
    `playlist_name`; None: from the source, else after the file); `file_format` overrides
    detection; without `search`, songs keep the source's wording, unconfirmed."""

    source: str
    output: Path
    file_format: str | None = None
    name: str | None = None
    force: bool = False  # overwrite `output`; adopt onto a list that syncs another playlist
    adopt: bool = False
    search: bool = True


@dataclass(frozen=True)
class Imported:
    """What was written: the list file, its source and format, its entries (each with the
    settled song it comes from), the source's lines that hold no usable song, the songs the
    source repeats (written once), and the playlist's name; `named_after_file` when neither
    the request nor the source named the playlist; `same_named`, after a playlist's import
    without `adopt`, the person's playlists already of the list's name (the first sync
    creates another beside them)."""

    output: Path
    source: str
    file_format: str
    entries: list[Drafted]
    skipped: list[Skipped]
    repeats: list[Skipped]
    playlist: str
    named_after_file: bool = False
    same_named: tuple[PlaylistInfo, ...] = ()  # your playlists named as the list's already


class ImportListener:
    """What a face hears of an import while it goes; nothing unless overridden."""

    def connected(self, description: str) -> None:
        """The session is open; `description` says which Spotify it is."""

    def searching(self, source: str, songs: int) -> None:
        """The source's songs are about to be searched for."""

    def progress(self, done: int, total: int) -> None:
        """`done` of the source's `total` songs are searched for."""

    def searched(self) -> None:
        """The search is over."""


def import_list(
    request: ImportRequest,
    *,
    where: Where,
    settings: Settings,
    setup: SandboxSetup | None = None,
    listener: ImportListener | None = None,
) -> Imported:
    """Import `request.source` into `request.output` (see the module doc).

    Raises `Refused` for an unknown format, an unusable output, an adoption of no playlist, of
    another person's playlist, of a playlist another list syncs to (or, without `force`, onto
    a list that syncs another), and `SourceError` for a source that cannot be imported.
    """
    hears = listener or ImportListener()
    if request.file_format is not None and request.file_format not in FORMATS:
        raise Refused(Refusal.UNKNOWN_FORMAT, value=request.file_format, choices=FORMATS)
    _check_output(request.output, force=request.force)
    request = replace(request, name=None if request.name is None else playlist_name(request.name))
    remote = playlist_id(request.source)
    if remote is None and (
        request.file_format == "playlist" or looks_like_spotify_link(request.source)
    ):
        raise _not_a_playlist(request.source)
    if request.adopt and remote is None:
        raise Refused(Refusal.ADOPT_NEEDS_PLAYLIST)
    if remote is not None:
        with connect(request.output, where, settings, setup) as session:
            hears.connected(session.description)
            state_dir = list_dirs(request.output, where, settings).state
            return _import_playlist(session, remote, request, state_dir)
    return _import_file(request, where, settings, setup, hears)


def playlist_name(text: str) -> str:
    """A name given for the playlist, as it will be named; `Refused` when it is empty or not
    one line of text."""
    name = _name(text)
    if not name:
        raise Refused(Refusal.NAME_EMPTY)
    character = unfit_character(name)
    if character is not None:
        raise Refused(Refusal.NAME_NOT_ONE_LINE, character=character)
    return name


def _import_file(
    request: ImportRequest,
    where: Where,
    settings: Settings,
    setup: SandboxSetup | None,
    hears: ImportListener,
) -> Imported:
    text, label = _read_source(request.source)
    chosen = request.file_format or detect_format(label, text)
    parsed = parse_source(text, label, chosen)
    fallback = not request.name and not parsed.name
    name = request.name or parsed.name or _fallback_name(label, request.output)
    playlist = PlaylistSpec(name=_name(name))
    if request.search:
        with connect(request.output, where, settings, setup) as session:
            hears.connected(session.description)
            hears.searching(label, len(parsed.songs))
            try:
                settled = settle(
                    parsed.songs,
                    session.spotify,
                    market=settings.market,
                    concurrency=settings.concurrency,
                    on_progress=hears.progress,
                )
            finally:
                hears.searched()
    else:
        settled = [Settled(s, s.readings[0], Evidence.NOTHING, doubt=_NOT_SEARCHED)
                   for s in parsed.songs]  # fmt: skip
    text, written = _drafted(request.output, playlist, parsed, settled, label, chosen)
    write_text_atomically(request.output, text)
    return replace(written, named_after_file=fallback)


def _import_playlist(
    session: SpotifySession, remote: str, request: ImportRequest, state_dir: Path
) -> Imported:
    spotify = session.spotify
    source, output = request.source, request.output
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
        name=_name(request.name or info.name), description=parsed.description, public=info.public
    )
    if not request.adopt:
        text, written = _drafted(output, playlist, parsed, settled, source, "playlist", "item")
        write_text_atomically(output, text)
        return replace(written, same_named=_same_named(spotify, playlist.name))
    me = spotify.current_user_id()
    problem = not_yours(info, me)
    if problem is not None:
        raise Refused(Refusal.NOT_YOUR_PLAYLIST, **problem.details)
    text, written = _drafted(output, playlist, parsed, settled, source, "playlist", "item")
    with open_journal(state_dir, output) as journal:
        _check_free(journal, output, remote, force=request.force)
        _mark(session, info, playlist, journal.files.identity)  # Spotify first: see module doc
        with _undone_on_failure(output):
            write_text_atomically(output, text)
            _remember(journal, info, written, me)
    return written


def _same_named(spotify: PlaylistStore, name: str) -> tuple[PlaylistInfo, ...]:
    """Your playlists already named `name`: the list's first sync creates another beside them
    (it takes over only a playlist marked as this list's), unless one is adopted."""
    me = spotify.current_user_id()
    return tuple(p for p in spotify.my_playlists() if p.name == name and not_yours(p, me) is None)


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


def _shown(path: Path) -> Path:
    """A path as the person would type it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


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


def _remember(journal: StateJournal, info: PlaylistInfo, written: Imported, me: str) -> None:
    """Remember the playlist as the list's and its written tracks as syncer's own."""
    journal.forget_playlist()  # nothing known of a playlist it synced before (--force) holds here
    journal.state.managed = {d.entry.uri for d in written.entries if d.entry.uri}
    journal.state.user_id = me
    journal.remember_playlist(info.id, me)  # saves


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


def _name(text: str) -> str:
    """A playlist name Spotify takes: one line, at most NAME_MAX characters."""
    name = " ".join(text.split())
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


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
) -> tuple[str, Imported]:
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
        raise SourceError(label, 0, SourceProblem.INVALID_LIST, problems=error) from None
    imported = Imported(
        output, label, file_format, drafted, list(parsed.skipped), repeats, playlist.name
    )
    return text, imported


def _not_a_playlist(source: str) -> SourceError:
    """What is wrong with a source given as a playlist: another kind of link, a bad id..."""
    parts = link_parts(source)
    if parts is not None and parts[0] == "playlist":
        return SourceError(source, 0, SourceProblem.BAD_PLAYLIST_ID, value=parts[1])
    if parts is not None:
        return SourceError(source, 0, SourceProblem.OTHER_SPOTIFY_LINK, kind=parts[0])
    return SourceError(source, 0, SourceProblem.NOT_A_PLAYLIST_LINK)
