"""Typed errors. They carry data; only `syncer.cli` words them for people and picks exit codes.

The words live in `syncer.cli.messages` (`describe`, `problem_message`, `located_problem`); this
module never imports it. `str(error)` is a neutral, field-based form for logs and tracebacks,
e.g. `AuthError(problem='expired', details={})`, never a sentence for a person.

`UserError` and its subclasses mean "no traceback": the user can fix it. Anything else reaching
the CLI is a bug and is shown with a traceback (never with local variables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from syncer.model import Entry, SongList


class SyncerError(Exception):
    """Base of every error syncer raises on purpose."""

    def __str__(self) -> str:
        fields = vars(self)
        if not fields:  # built from its arguments alone (e.g. a sentence the CLI raised)
            return super().__str__()
        shown = ", ".join(f"{name}={value!r}" for name, value in fields.items())
        return f"{type(self).__name__}({shown})"


class UserError(SyncerError):
    """Something the user can fix; shown without a traceback."""


class ProblemKind(StrEnum):
    """What is wrong in a list file; `Problem.details` holds the values each kind names."""

    FILE_NOT_FOUND = "file_not_found"
    UNREADABLE = "unreadable"  # reason
    NOT_UTF8 = "not_utf8"  # offset, byte
    NOT_TOML = "not_toml"  # parser (tomllib's own words), at_end
    TOO_DEEP = "too_deep"
    MISSING_PLAYLIST = "missing_playlist"
    TRACKS_IN_PLAYLIST = "tracks_in_playlist"
    UNKNOWN_KEY = "unknown_key"  # name, suggestion (or None), known
    MISSING_KEY = "missing_key"  # name
    WRONG_TYPE = "wrong_type"  # expected (see `syncer.cli.messages`), actual (a value type)
    EMPTY = "empty"
    IMPLAUSIBLE_YEAR = "implausible_year"  # value, low, high
    BAD_ISRC = "bad_isrc"  # value
    BAD_MARKET = "bad_market"  # value, suggestion (or None)
    NOT_A_TRACK = "not_a_track"  # value, other_kind (album, artist, ... or None)
    PINNED_AND_REJECTED = "pinned_and_rejected"  # uri
    SKIPPED_AND_PINNED = "skipped_and_pinned"
    NAME_TOO_LONG = "name_too_long"  # size, limit
    DESCRIPTION_TOO_LONG = "description_too_long"  # size, limit, marker, room
    NOT_ONE_LINE = "not_one_line"  # character (the first line break or control character)
    TOO_MANY_ENTRIES = "too_many_entries"  # count, limit
    SAME_SONG = "same_song"  # first_index, first_line
    SAME_PIN = "same_pin"  # uri, first_index, first_line
    NOT_PLAIN_TEXT = "not_plain_text"  # character (a line break or control character in a name)
    TEXT_TOO_LONG = "text_too_long"  # size, limit
    NOTHING_TO_PLACE = "nothing_to_place"  # count (entries, every one skipped; 0 when none)
    BAD_DURATION = "bad_duration"  # value, actual (its value type)
    IMPLAUSIBLE_DURATION = "implausible_duration"  # value, high (seconds)


@dataclass(frozen=True)
class Problem:
    """One problem found in a list file: where (file, line, key) and what (kind, details)."""

    path: Path
    line: int
    key: str
    kind: ProblemKind
    details: Mapping[str, Any] = field(default_factory=dict)


class ListError(UserError):
    """A list file is invalid. Every problem found in the file is listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems)


class EntryNotFound(UserError):
    """A selector matched no entry, or several; `choices` holds the candidates to offer."""

    def __init__(
        self, selector: str, songlist: SongList, choices: Sequence[Entry], *, ambiguous: bool
    ) -> None:
        self.selector = selector
        self.path = songlist.path
        self.choices = tuple(choices)
        self.ambiguous = ambiguous
        super().__init__(selector)


class EditError(UserError):
    """The requested edit cannot be made: `value` is not a track link, or is empty."""

    def __init__(self, problem: Literal["not_a_track", "empty"], value: str) -> None:
        self.problem = problem
        self.value = value  # the text given, or for "empty" what was (e.g. "the reason")
        super().__init__(problem, value)


class FileChanged(EditError):
    """The list file changed on disk since it was read; nothing was written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        UserError.__init__(self, path)


class ConfigError(UserError):
    """A setting is missing or wrong; the message says where to set it."""


class SettingInvalid(ConfigError):
    """An environment setting's value is unusable: not a `market`, not a `number`, or
    `out_of_range` of `bounds`."""

    def __init__(
        self,
        name: str,
        value: str,
        problem: Literal["market", "number", "out_of_range"],
        bounds: tuple[float, float] = (0, 0),
    ) -> None:
        self.name = name
        self.value = value
        self.problem = problem
        self.bounds = bounds
        super().__init__(name, value, problem)


class CredentialsMissing(ConfigError):
    """The Spotify app's client id and/or secret are not set (`names` of the variables)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        super().__init__(*names)


class StateProblem(StrEnum):
    """What is wrong with a state file, its directory or its lock; `StateError.reason` holds
    the system's or the parser's own account (e.g. "No space left on device")."""

    NOT_UTF8 = "not_utf8"
    UNREADABLE = "unreadable"  # reason
    NOT_JSON = "not_json"  # reason (line, column and the parser's message)
    MALFORMED = "malformed"  # reason (which field and what it must be)
    UNWRITABLE = "unwritable"  # reason
    DIRECTORY_UNUSABLE = "directory_unusable"  # reason
    LOCK_UNOPENABLE = "lock_unopenable"  # reason
    SANDBOX_UNREADABLE = "sandbox_unreadable"  # reason


class StateError(UserError):
    """A state file is corrupt or unreadable. It is never silently overwritten."""

    def __init__(self, problem: StateProblem, path: Path, reason: str = "") -> None:
        self.problem = problem
        self.path = path
        self.reason = reason
        super().__init__(problem, path, reason)


class StateOfAnotherList(StateError):
    """The state file a list would use records another list; it is refused, never adopted."""

    def __init__(self, *, state_file: Path, owner: Path, list_path: Path) -> None:
        self.state_file = state_file
        self.owner = owner
        self.list_path = list_path
        UserError.__init__(self, state_file, owner, list_path)


class LockedError(UserError):
    """Another run holds the lock for this list (`holder`: its pid, when known)."""

    def __init__(self, list_path: Path, holder: int | None = None) -> None:
        self.list_path = list_path
        self.holder = holder
        super().__init__(list_path, holder)


class LoginProblem(StrEnum):
    """Why there is no usable Spotify login; `AuthError.details` holds what each names."""

    NO_LOGIN = "no_login"
    INCOMPLETE = "incomplete"
    NOT_SAVED = "not_saved"
    MISSING_SCOPES = "missing_scopes"  # scopes
    EXPIRED = "expired"
    SAVED_REFUSED = "saved_refused"  # error, description (Spotify's)
    REFRESH_REFUSED = "refresh_refused"  # error
    REJECTED_TWICE = "rejected_twice"
    NOT_GRANTED = "not_granted"  # error
    STATE_MISMATCH = "state_mismatch"
    NO_CODE = "no_code"
    LOGIN_REFUSED = "login_refused"  # error, description
    TIMED_OUT = "timed_out"
    SANDBOX_AUTHORIZE = "sandbox_authorize"  # status
    LOGIN_ENDED = "login_ended"  # error, description (Spotify's: "Refresh token expired"...)


class AuthError(UserError):
    """No usable token: the user must run `syncer login`."""

    def __init__(self, problem: LoginProblem, **details: Any) -> None:
        self.problem = problem
        self.details = details
        super().__init__(problem, details)


class LoginSetup(StrEnum):
    """A login that cannot be set up here; `LoginSetupError.details` holds what each names."""

    CLIENT_SETTINGS = "client_settings"  # detail (spotipy's words)
    CANNOT_SAVE = "cannot_save"  # location
    CANNOT_LISTEN = "cannot_listen"  # port, detail


class LoginSetupError(ConfigError):
    def __init__(self, problem: LoginSetup, **details: Any) -> None:
        self.problem = problem
        self.details = details
        super().__init__(problem, details)


class UnknownChoice(ConfigError):
    """An option's value is not one of `choices` (`what` names the kind, e.g. "profile")."""

    def __init__(self, option: str, what: str, value: str, choices: Sequence[str]) -> None:
        self.option = option
        self.what = what
        self.value = value
        self.choices = tuple(choices)
        super().__init__(option, value)


class OptionInvalid(ConfigError):
    """A command-line option's value is unusable; `detail` says why (e.g. a fault spec error)."""

    def __init__(self, option: str, detail: str) -> None:
        self.option = option
        self.detail = detail
        super().__init__(option, detail)


class Refusal(StrEnum):
    """What a command or a use case refuses to do before it starts; `Refused.details` holds
    what each names."""

    SANDBOX_ONLY = "sandbox_only"  # options: the sandbox's options that were given without it
    ENTRY_OR_ALL_REVIEW = "entry_or_all_review"
    REVIEW_NEEDS_TERMINAL = "review_needs_terminal"
    PASTE_NEEDS_TERMINAL = "paste_needs_terminal"
    NOT_A_TRACK_LINK = "not_a_track_link"  # text
    NO_SUCH_TRACK = "no_such_track"  # uri
    # list_file, path, options (to add to `syncer sync`), command, elsewhere (OtherReport...)
    NO_REPORT_YET = "no_report_yet"
    NO_REPORT_TO_READ = "no_report_to_read"  # the same
    UNKNOWN_FORMAT = "unknown_format"  # value, choices
    ADOPT_NEEDS_PLAYLIST = "adopt_needs_playlist"
    NOT_YOUR_PLAYLIST = "not_your_playlist"  # the sync's NOT_YOURS problem's details
    LIST_SYNCS_ELSEWHERE = "list_syncs_elsewhere"  # output, playlist_id, state_file
    PLAYLIST_TAKEN = "playlist_taken"  # playlist_id, owner (the list), state_file
    OUTPUT_IS_DIRECTORY = "output_is_directory"  # output
    OUTPUT_EXISTS = "output_exists"  # output
    OUTPUT_DIRECTORY_MISSING = "output_directory_missing"  # output, directory
    NAME_EMPTY = "name_empty"
    REPORT_OUTDATED = "report_outdated"  # index, title, artist (what the report says it is)
    NAME_NOT_ONE_LINE = "name_not_one_line"  # character (the first unfit one)
    NOT_IN_REVIEW = "not_in_review"  # list_file, entry, status (None: not in the report)
    PIN_TAKEN = "pin_taken"  # entry, track (worded), doubt (PINNED_BY_OTHER)
    PIN_DOUBTFUL = "pin_doubtful"  # entry, track (worded), doubts, threshold (review score)
    PORT_UNUSABLE = "port_unusable"  # port, reason, in_use
    REVIEW_ONE_LIST = "review_one_list"  # count (lists given to the terminal review)
    NO_LISTS_WITH_REPORTS = "no_lists_with_reports"  # folder


class Refused(ConfigError):
    """A refusal before anything starts: an option, a file, a report or a playlist a command
    (or the use case behind it, `syncer.application`) cannot work with."""

    def __init__(self, refusal: Refusal, **details: Any) -> None:
        self.refusal = refusal
        self.details = details
        super().__init__(refusal, details)


class RateLimited(SyncerError):
    """Spotify asked us to wait longer than the run's budget allows, or the quota is spent."""

    def __init__(self, retry_after: float | None, reason: str | None = None) -> None:
        self.retry_after = retry_after
        self.reason = reason
        super().__init__(retry_after, reason)


class Unavailable(StrEnum):
    """How Spotify was unavailable; `SpotifyUnavailable.detail` says what failed, as data."""

    RETRIES_SPENT = "retries_spent"  # detail: the last failure (e.g. "HTTP 503")
    BUDGET_SPENT = "budget_spent"  # detail: the last failure
    TRANSPORT = "transport"  # detail: the exception's type and text
    NO_PLAYLIST = "no_playlist"  # a create answered without a playlist
    TOKEN_ENDPOINT_FAILING = "token_endpoint_failing"
    TOKEN_ENDPOINT_FAILED = "token_endpoint_failed"  # detail
    TOKEN_ENDPOINT_UNREACHABLE = "token_endpoint_unreachable"  # detail: the exception's type
    CREATE_UNCONFIRMED = "create_unconfirmed"  # a create's answer lost twice, no playlist found
    NOT_CONVERGED = "not_converged"  # detail: how many plans were tried


class SpotifyUnavailable(SyncerError):
    """Spotify kept failing (5xx, timeouts, resets) after every allowed retry.

    `SpotifyUnavailable(endpoint, kind, detail)`: `kind` says how, `detail` what failed.
    """

    def __init__(self, endpoint: str, kind: Unavailable, detail: str = "") -> None:
        self.endpoint = endpoint
        self.kind = kind
        self.detail = detail
        super().__init__(endpoint, kind, detail)


class WriteOutcomeUnknown(SpotifyUnavailable):
    """A playlist write failed after it may have reached Spotify (5xx, read timeout, reset).

    It is never re-sent blindly: the caller re-reads the playlist and re-plans, so a write that
    was applied before its response got lost neither duplicates nor loses a track.
    """

    def __init__(self, endpoint: str, cause: str) -> None:
        self.endpoint = endpoint
        self.cause = cause
        SyncerError.__init__(self, endpoint, cause)


class MalformedAnswer(SpotifyUnavailable):
    """Spotify (or something between) answered 2xx with a body that is not what the endpoint
    returns: not JSON, or JSON of another shape. Never read as "nothing found"."""

    def __init__(self, endpoint: str, problem: str) -> None:
        self.endpoint = endpoint
        self.problem = problem
        SyncerError.__init__(self, endpoint, problem)


class SpotifyRequestError(SyncerError):
    """Spotify answered an error that retrying cannot fix (4xx other than 401/429)."""

    def __init__(self, status: int, message: str, endpoint: str = "") -> None:
        self.status = status
        self.message = message  # Spotify's own words
        self.endpoint = endpoint
        super().__init__(status, message, endpoint)


class VerifyError(SyncerError):
    """After writing, the playlist still differs from the plan.

    `expected` and `found` count tracks; `missing` and `unexpected` are the first few URIs
    planned but absent, and present but not planned (both empty: the order differs).
    """

    def __init__(
        self,
        *,
        expected: int,
        found: int,
        missing: Sequence[str] = (),
        unexpected: Sequence[str] = (),
    ) -> None:
        self.expected = expected
        self.found = found
        self.missing = tuple(missing)
        self.unexpected = tuple(unexpected)
        super().__init__(expected, found, self.missing, self.unexpected)


class ReportUnreadable(UserError):
    """A report file cannot be read back as a report: not JSON, or `key` missing or mistyped.

    `path` is set by whoever read the file (the reading itself works on text).
    """

    def __init__(self, *, key: str, problem: str, path: Path | None = None) -> None:
        super().__init__(key, problem)
        self.key = key
        self.problem = problem
        self.path = path


class UnknownReportVersion(ReportUnreadable):
    """A report written with a `schema_version` this syncer does not read (`found` may be None)."""

    def __init__(self, *, found: object, supported: int, path: Path | None = None) -> None:
        super().__init__(key="schema_version", problem=f"{found!r}, not {supported}", path=path)
        self.found = found
        self.supported = supported
