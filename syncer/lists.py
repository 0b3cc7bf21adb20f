"""The list file format: reading, validating and normalising hand-written TOML song lists.

A list file has one `[playlist]` table and `[[tracks]]` entries in playlist order (an array of
inline tables, `tracks = [{...}, ...]`, works too). Every problem in a file is reported at once,
each with the file, the exact 1-based line and the key, e.g. `tracks[3].titel` (entry indexes
are 0-based, like `Entry.index`).

Public API: `load_list`, `load_lists`, `parse_list`, `find_entry`, `EntryNotFound`,
`normalize_track_uri`, `normalize_isrc`, `read_list_bytes`, `decode_list`, `format_key`,
`PLAYLIST_KEYS`, `TRACK_KEYS`, `TEXT_MAX`, `DURATION_MAX_SECONDS`, `clock`, `BOM`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syncer.details import (
    DESCRIPTION_MAX,
    MARKER_EXAMPLE,
    NAME_MAX,
    PLAYLIST_ITEMS_MAX,
    description_room,
    unfit_character,
)
from syncer.errors import EntryNotFound as EntryNotFound  # re-exported: part of this API
from syncer.errors import ListError, Problem, ProblemKind
from syncer.model import MARKET_RE, TRACK_URI_RE, Entry, PlaylistSpec, SongList, track_uri
from syncer.normalize import fold_text
from syncer.toml_lines import KeyPath, key_lines

TOP_LEVEL_KEYS = ("playlist", "tracks")
PLAYLIST_KEYS = ("name", "description", "public", "market", "allow_empty")
TRACK_KEYS = (
    "title",
    "artist",
    "album",
    "year",
    "isrc",
    "aliases",
    "artist_aliases",
    "uri",
    "skip",
    "reject",
    "note",
    "duration",
)
#: The longest title or artist (and alias) taken. Search reads only 100 bytes of a query and no
#: track's name comes near this; a longer one is a paste gone wrong, not a song.
TEXT_MAX = 1_000
#: The longest `duration` taken (a day); a track's length is never near it.
DURATION_MAX_SECONDS = 24 * 60 * 60
_CLOCK_RE = re.compile(r"^(?:(\d+):)?(\d{1,3}):([0-5]\d)$")
_YEARS = range(1900, 2101)
BOM = "\ufeff"

# open.spotify.com/track/<id>, optionally with an `intl-xx/` segment, `?si=...` and a fragment.
_TRACK_URL_RE = re.compile(
    r"^https?://open\.spotify\.com/(?:intl-[a-z]{2}(?:-[a-z]{2,4})?/)?track/"
    r"([0-9A-Za-z]{22})/?(?:\?[^#\s]*)?(?:#\S*)?$",
    re.IGNORECASE,
)
_OTHER_SPOTIFY_LINK_RE = re.compile(
    r"^(?:spotify:|https?://open\.spotify\.com/(?:intl-[a-z-]+/)?)"
    r"(album|artist|playlist|episode|show|user)[:/]",
    re.IGNORECASE,
)
# CC-XXX-YY-NNNNN: country, registrant, year, designation.
_ISRC_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{2}[0-9]{5}$")
_ISRC_HYPHENATED_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{3}-[0-9]{2}-[0-9]{5}$")
_TOML_ERROR_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)$")


# --- public API ---------------------------------------------------------------------------


def load_list(path: Path) -> SongList:
    """Read and validate one list file; raises `ListError` with every problem found in it."""
    return parse_list(decode_list(read_list_bytes(path), path), path)


def load_lists(paths: Sequence[Path]) -> list[SongList]:
    """Validate every file before returning any; one `ListError` carries all files' problems."""
    lists: list[SongList] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            lists.append(load_list(path))
        except ListError as error:
            problems.extend(error.problems)
    if problems:
        raise ListError(problems)
    return lists


def parse_list(text: str, path: Path) -> SongList:
    """Validate the TOML `text` of the list file at `path` (used only to name it in problems)."""
    try:
        return _parse_list(text, path)
    except RecursionError:
        # tomllib (and any recursive reader after it) gives up on deeply nested arrays/tables.
        raise ListError([_too_deep_problem(path)]) from None


def _too_deep_problem(path: Path) -> Problem:
    return Problem(path, 0, "", ProblemKind.TOO_DEEP)


def _parse_list(text: str, path: Path) -> SongList:
    text = text.removeprefix(BOM)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ListError([_toml_problem(path, text, error)]) from None
    checker = _Checker(path, key_lines(text))
    songlist = checker.songlist(document)
    if checker.problems:
        raise ListError(sorted(checker.problems, key=lambda p: p.line))
    assert songlist is not None  # no problems means everything was built
    return songlist


def normalize_track_uri(text: str) -> str | None:
    """`spotify:track:<id>` for a track URI or open.spotify.com track link, else None."""
    text = text.strip()
    if TRACK_URI_RE.match(text):
        return text
    match = _TRACK_URL_RE.match(text)
    return track_uri(match.group(1)) if match else None


def normalize_isrc(text: str) -> str | None:
    """The 12-character upper-case ISRC, accepting lower case and the hyphenated form."""
    text = text.strip().upper()
    if _ISRC_HYPHENATED_RE.match(text):
        text = text.replace("-", "")
    return text if _ISRC_RE.match(text) else None


def find_entry(songlist: SongList, selector: str) -> Entry:
    """The entry named by a 0-based index or a title (or alias), exactly, then ignoring case.

    An index wins over a title that happens to be the same digits.
    """
    selector = selector.strip()
    if selector.isascii() and selector.isdigit() and int(selector) < len(songlist.entries):
        return songlist.entries[int(selector)]
    for same in (lambda a, b: a == b, lambda a, b: fold_text(a) == fold_text(b)):
        found = [e for e in songlist.entries if any(same(t, selector) for t in e.titles)]
        if len(found) == 1:
            return found[0]
        if found:
            raise EntryNotFound(selector, songlist, found, ambiguous=True)
    raise EntryNotFound(selector, songlist, songlist.entries, ambiguous=False)


# --- reading -----------------------------------------------------------------------------


def read_list_bytes(path: Path) -> bytes:
    """The raw bytes of a list file; a missing or unreadable file is a `ListError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ListError([Problem(path, 0, "", ProblemKind.FILE_NOT_FOUND)]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        problem = Problem(path, 0, "", ProblemKind.UNREADABLE, {"reason": reason})
        raise ListError([problem]) from None


def decode_list(data: bytes, path: Path) -> str:
    """The text of a list file; bytes that are not UTF-8 are a `ListError` naming the line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        details = {"offset": error.start, "byte": data[error.start]}
        raise ListError([Problem(path, line, "", ProblemKind.NOT_UTF8, details)]) from None


def _toml_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    parser = str(error)  # tomllib's own words
    match = _TOML_ERROR_LINE_RE.search(parser)
    if match:
        line = int(match.group(1))
        parser = parser[: match.start()].rstrip()
    else:  # "(at end of document)"
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        parser = parser.replace(" (at end of document)", "")
    details = {"parser": parser, "at_end": match is None}
    return Problem(path, line, "", ProblemKind.NOT_TOML, details)


# --- validation --------------------------------------------------------------------------


@dataclass
class _Checker:
    """Collects the problems of one document while building its `SongList`."""

    path: Path
    lines: dict[KeyPath, int]
    problems: list[Problem] = field(default_factory=list)

    def report(self, where: KeyPath, kind: ProblemKind, **details: Any) -> None:
        line = self.line_of(where)
        self.problems.append(Problem(self.path, line, format_key(where), kind, details))

    def line_of(self, where: KeyPath) -> int:
        """The line of `where`, or of its closest enclosing table when it is absent."""
        for end in range(len(where), 0, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return 0

    def songlist(self, document: dict[str, Any]) -> SongList | None:
        self.unknown_keys((), document, TOP_LEVEL_KEYS)
        playlist = self.playlist(document.get("playlist"))
        entries = self.entries(document.get("tracks", []))
        self.duplicates(entries)
        self.playlist_size(document.get("tracks", []))
        if playlist is None:
            return None
        if not playlist.allow_empty and not self.problems:
            self.something_to_place(entries)
        return SongList(self.path, playlist, tuple(entries))

    def unknown_keys(self, where: KeyPath, table: dict[str, Any], known: Sequence[str]) -> None:
        for key in table:
            if where == ("playlist",) and key == "tracks":
                # `tracks = [...]` written below `[playlist]` lands inside it.
                self.report((*where, key), ProblemKind.TRACKS_IN_PLAYLIST)
            elif key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                suggestion = close[0] if close else None
                self.report(
                    (*where, key),
                    ProblemKind.UNKNOWN_KEY,
                    name=key,
                    suggestion=suggestion,
                    known=known,
                )

    def playlist(self, raw: object) -> PlaylistSpec | None:
        where: KeyPath = ("playlist",)
        if raw is None:
            self.report(where, ProblemKind.MISSING_PLAYLIST)
            return None
        if not isinstance(raw, dict):
            self.report(where, ProblemKind.WRONG_TYPE, expected="table", actual=value_type(raw))
            return None
        before = len(self.problems)
        self.unknown_keys(where, raw, PLAYLIST_KEYS)
        fields = _Fields(self, where, raw)
        name = fields.text("name", required=True)
        description = fields.text("description", allow_empty=True)
        public = fields.boolean("public")
        market = fields.market("market")
        allow_empty = fields.boolean("allow_empty")
        self.name_fits(name)
        self.description_fits(description)
        if name is None or len(self.problems) > before:
            return None
        return PlaylistSpec(name, description or "", bool(public), market, bool(allow_empty))

    def entries(self, raw: object) -> list[Entry]:
        if not isinstance(raw, list):
            self.report(
                ("tracks",),
                ProblemKind.WRONG_TYPE,
                expected="tracks_tables",
                actual=value_type(raw),
            )
            return []
        entries = (self.entry(index, item) for index, item in enumerate(raw))
        return [entry for entry in entries if entry is not None]

    def entry(self, index: int, raw: object) -> Entry | None:
        where: KeyPath = ("tracks", index)
        if not isinstance(raw, dict):
            self.report(where, ProblemKind.WRONG_TYPE, expected="table", actual=value_type(raw))
            return None
        self.unknown_keys(where, raw, TRACK_KEYS)
        fields = _Fields(self, where, raw)
        title = fields.name("title", required=True)
        artist = fields.name("artist", required=True)
        entry = Entry(
            index=index,
            title=title or "",
            artist=artist or "",
            album=fields.name("album"),
            year=fields.year("year"),
            isrc=fields.isrc("isrc"),
            aliases=fields.name_list("aliases"),
            artist_aliases=fields.name_list("artist_aliases"),
            uri=fields.track_uri("uri"),
            skip=fields.text("skip", expected="reason"),
            reject=fields.track_uri_list("reject"),
            note=fields.text("note"),
            duration_ms=fields.duration("duration"),
            line=self.line_of(where),
        )
        self.contradictions(where, raw, entry)
        # Entries with other problems still take part in the duplicate check.
        return entry if title is not None and artist is not None else None

    def contradictions(self, where: KeyPath, raw: dict[str, Any], entry: Entry) -> None:
        if entry.uri is not None and entry.uri in entry.reject:
            self.report((*where, "uri"), ProblemKind.PINNED_AND_REJECTED, uri=entry.uri)
        if "skip" in raw and "uri" in raw:
            self.report((*where, "skip"), ProblemKind.SKIPPED_AND_PINNED)

    # Spotify's limits on playlist details and size (see `syncer.details`): refused here, before
    # a sync fails halfway on Spotify's 500.

    def name_fits(self, name: str | None) -> None:
        if name is None:
            return
        where: KeyPath = ("playlist", "name")
        self.one_line(where, name)
        if len(name) > NAME_MAX:
            self.report(where, ProblemKind.NAME_TOO_LONG, size=len(name), limit=NAME_MAX)

    def description_fits(self, description: str | None) -> None:
        if description is None:
            return
        where: KeyPath = ("playlist", "description")
        self.one_line(where, description)
        size, room = len(description.strip()), description_room()
        if size > room:
            self.report(
                where,
                ProblemKind.DESCRIPTION_TOO_LONG,
                size=size,
                limit=DESCRIPTION_MAX,
                marker=MARKER_EXAMPLE,
                room=room,
            )

    def one_line(self, where: KeyPath, text: str) -> None:
        unfit = unfit_character(text)
        if unfit is not None:
            self.report(where, ProblemKind.NOT_ONE_LINE, character=unfit)

    def playlist_size(self, raw: object) -> None:
        """A playlist holds at most PLAYLIST_ITEMS_MAX items; skipped entries take no place."""
        if not isinstance(raw, list) or len(raw) <= PLAYLIST_ITEMS_MAX:
            return
        placed = [
            i for i, item in enumerate(raw) if not (isinstance(item, dict) and "skip" in item)
        ]
        if len(placed) > PLAYLIST_ITEMS_MAX:
            self.report(
                ("tracks", placed[PLAYLIST_ITEMS_MAX]),
                ProblemKind.TOO_MANY_ENTRIES,
                count=len(placed),
                limit=PLAYLIST_ITEMS_MAX,
            )

    def something_to_place(self, entries: list[Entry]) -> None:
        """A list with no entry to place would empty its playlist: refused unless it says so."""
        if any(entry.skip is None for entry in entries):
            return
        self.report(("playlist", "allow_empty"), ProblemKind.NOTHING_TO_PLACE, count=len(entries))

    def duplicates(self, entries: list[Entry]) -> None:
        by_song: dict[tuple[str, str], Entry] = {}
        by_uri: dict[str, Entry] = {}
        for entry in entries:
            first = by_song.setdefault((fold_text(entry.title), fold_text(entry.artist)), entry)
            if first is not entry:
                self.report(
                    ("tracks", entry.index),
                    ProblemKind.SAME_SONG,
                    first_index=first.index,
                    first_line=first.line,
                )
            if entry.uri is None:
                continue
            first = by_uri.setdefault(entry.uri, entry)
            if first is not entry:
                self.report(
                    ("tracks", entry.index, "uri"),
                    ProblemKind.SAME_PIN,
                    uri=entry.uri,
                    first_index=first.index,
                    first_line=first.line,
                )


@dataclass
class _Fields:
    """Typed, validated access to the keys of one table; problems go to the checker."""

    checker: _Checker
    where: KeyPath
    raw: dict[str, Any]

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        allow_empty: bool = False,
        expected: str = "string",
    ) -> str | None:
        if key not in self.raw:
            if required:
                self.checker.report((*self.where, key), ProblemKind.MISSING_KEY, name=key)
            return None
        where = (*self.where, key)
        return self._text(where, self.raw[key], allow_empty=allow_empty, expected=expected)

    def _text(
        self, where: KeyPath, value: object, *, allow_empty: bool = False, expected: str = "string"
    ) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(where, expected, value)
            return None
        if not value.strip() and not allow_empty:
            self.checker.report(where, ProblemKind.EMPTY)
            return None
        return value if allow_empty else value.strip()

    def name(self, key: str, *, required: bool = False) -> str | None:
        """A title, artist or album: one line of text, at most TEXT_MAX characters."""
        value = self.text(key, required=required)
        return None if value is None else self._name((*self.where, key), value)

    def name_list(self, key: str) -> tuple[str, ...]:
        names = (self._name(where, text) for where, text in self._strings(key))
        return tuple(dict.fromkeys(name for name in names if name is not None))

    def _name(self, where: KeyPath, text: str) -> str | None:
        unfit = unfit_character(text)
        if unfit is not None:
            self.checker.report(where, ProblemKind.NOT_PLAIN_TEXT, character=unfit)
            return None
        if len(text) > TEXT_MAX:
            self.checker.report(where, ProblemKind.TEXT_TOO_LONG, size=len(text), limit=TEXT_MAX)
            return None
        return text

    def duration(self, key: str) -> int | None:
        """A track's length in milliseconds, from whole seconds (245) or a clock ("4:05")."""
        value = self.raw.get(key)
        if value is None:
            return None
        where = (*self.where, key)
        seconds = _seconds(value)
        if seconds is None:
            self.checker.report(
                where, ProblemKind.BAD_DURATION, value=value, actual=value_type(value)
            )
            return None
        if not 0 < seconds <= DURATION_MAX_SECONDS:
            self.checker.report(
                where, ProblemKind.IMPLAUSIBLE_DURATION, value=value, high=DURATION_MAX_SECONDS
            )
            return None
        return seconds * 1000

    def boolean(self, key: str) -> bool | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, bool):
            self.wrong_type((*self.where, key), "boolean", value)
            return None
        return value

    def year(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type((*self.where, key), "year", value)
            return None
        if value not in _YEARS:
            self.checker.report(
                (*self.where, key),
                ProblemKind.IMPLAUSIBLE_YEAR,
                value=value,
                low=_YEARS[0],
                high=_YEARS[-1],
            )
            return None
        return value

    def isrc(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        isrc = normalize_isrc(value)
        if isrc is None:
            self.checker.report((*self.where, key), ProblemKind.BAD_ISRC, value=value)
        return isrc

    def market(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if not MARKET_RE.match(value):
            suggestion = value.upper() if MARKET_RE.match(value.upper()) else None
            self.checker.report(
                (*self.where, key), ProblemKind.BAD_MARKET, value=value, suggestion=suggestion
            )
            return None
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text for _, text in self._strings(key)))

    def track_uri(self, key: str) -> str | None:
        value = self.text(key)
        return None if value is None else self._uri((*self.where, key), value)

    def track_uri_list(self, key: str) -> tuple[str, ...]:
        uris = (self._uri(where, text) for where, text in self._strings(key))
        return tuple(dict.fromkeys(uri for uri in uris if uri is not None))

    def _strings(self, key: str) -> list[tuple[KeyPath, str]]:
        """The valid strings of a list of strings, each with its own key path."""
        value = self.raw.get(key)
        if value is None:
            return []
        where = (*self.where, key)
        if not isinstance(value, list):
            self.wrong_type(where, "strings", value)
            return []
        items = (((*where, i), self._text((*where, i), item)) for i, item in enumerate(value))
        return [(path, text) for path, text in items if text is not None]

    def wrong_type(self, where: KeyPath, expected: str, value: object) -> None:
        self.checker.report(
            where, ProblemKind.WRONG_TYPE, expected=expected, actual=value_type(value)
        )

    def _uri(self, where: KeyPath, text: str) -> str | None:
        uri = normalize_track_uri(text)
        if uri is None:
            other = _OTHER_SPOTIFY_LINK_RE.match(text.strip())
            other_kind = other.group(1).lower() if other else None
            self.checker.report(where, ProblemKind.NOT_A_TRACK, value=text, other_kind=other_kind)
        return uri


def _seconds(value: object) -> int | None:
    """Whole seconds from an integer or an "m:ss" / "h:mm:ss" string; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _CLOCK_RE.match(value.strip())
        if match:
            hours, minutes, seconds = match.groups()
            return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return None


def clock(milliseconds: int) -> str:
    """A length as people write it: "4:05", "1:02:03" (what `duration` takes)."""
    minutes, seconds = divmod(round(milliseconds / 1000), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def format_key(where: KeyPath) -> str:
    """`("tracks", 3, "title")` -> `tracks[3].title`."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def value_type(value: object) -> str:
    """The TOML type of a parsed value: boolean, integer, float, string, list, table, datetime."""
    names = {bool: "boolean", int: "integer", float: "float", str: "string"}
    names |= {list: "list", dict: "table"}
    return names.get(type(value), "datetime")
