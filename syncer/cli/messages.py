"""The words: every error and list problem syncer shows a person, built from its fields.

Public API: `describe`, `credentials_missing_message`, `pin_undid`, `same_named_note`, `problem_message`, `source_problem_message`, `located_problem`, `type_name`,
`sync_problem_message`, `worded`, `stopped_message`, `login_term_words`, `login_ending_words`,
`exit_meaning`, `stop_line`, `news_line`.

The core raises errors that carry data (`syncer.errors`) and never imports this module: every CLI
path words an error with `describe` (`str(error)` is only a neutral, field-based form for logs).
An error still built from a sentence (those the CLI raises itself) keeps it.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from syncer.details import is_line_break
from syncer.errors import (
    AuthError,
    CredentialsMissing,
    EditError,
    EntryNotFound,
    FileChanged,
    ListError,
    LockedError,
    LoginProblem,
    LoginSetup,
    LoginSetupError,
    MalformedAnswer,
    OptionInvalid,
    Problem,
    ProblemKind,
    RateLimited,
    Refusal,
    Refused,
    ReportUnreadable,
    SettingInvalid,
    SpotifyRequestError,
    SpotifyUnavailable,
    StateError,
    StateOfAnotherList,
    StateProblem,
    SyncerError,
    Unavailable,
    UnknownChoice,
    UnknownReportVersion,
    VerifyError,
    WriteOutcomeUnknown,
)
from syncer.exitcodes import ExitCode
from syncer.importer.model import SourceError, SourceProblem
from syncer.model import Entry, PlaylistInfo, Resolution, Track
from syncer.outcome import ListOutcome, SyncProblem, SyncProblemKind
from syncer.pins import PinDoubt, PinDoubtKind
from syncer.spotify.auth import LoginTerm

_TYPE_NAMES = {
    "boolean": "a boolean",
    "integer": "an integer",
    "float": "a float",
    "string": "a string",
    "list": "a list",
    "table": "a table",
    "datetime": "a date/time",
}
_EXPECTED = {
    "string": "a string",
    "reason": 'a reason, e.g. skip = "not on Spotify"',
    "boolean": "true or false",
    "year": "an integer year",
    "strings": 'a list of strings like ["a", "b"]',
    "table": "a table",
    "tracks_tables": "[[tracks]] tables",
}


def type_name(value_type: str) -> str:
    """ "integer" -> "an integer" (the types `syncer.lists.value_type` names)."""
    return _TYPE_NAMES[value_type]


def located_problem(problem: Problem) -> str:
    """`lists/a.toml:5: [tracks[0].titel] unknown key ...`."""
    where = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
    key = f" [{problem.key}]" if problem.key else ""
    return f"{where}:{key} {problem_message(problem)}"


def problem_message(problem: Problem) -> str:
    return _PROBLEMS[problem.kind](problem.details)


def _unknown_key(d: Mapping[str, Any]) -> str:
    if d["suggestion"]:
        return f"unknown key {d['name']!r} (did you mean {d['suggestion']!r}?)"
    return f"unknown key {d['name']!r}; known keys: {', '.join(d['known'])}"


def _not_toml(d: Mapping[str, Any]) -> str:
    return f"not valid TOML: {d['parser']}" + (" at the end of the file" if d["at_end"] else "")


def _bad_market(d: Mapping[str, Any]) -> str:
    hint = f" (did you mean {d['suggestion']!r}?)" if d["suggestion"] else ""
    return f"{d['value']!r} is not a country code: two upper-case letters like 'JP'{hint}"


def _not_a_track(d: Mapping[str, Any]) -> str:
    kind = d["other_kind"]
    if kind is None:
        how = ": use spotify:track:<22 characters> or https://open.spotify.com/track/<id>"
    else:
        how = f" but {'an' if kind[0] in 'aeiou' else 'a'} {kind}; pin a track instead"
    return f"{d['value']!r} is not a Spotify track{how}"


def _nothing_to_place(d: Mapping[str, Any]) -> str:
    what = (
        "the list has no entries"
        if not d["count"]
        else f"every one of the list's {d['count']} entries is skipped"
    )
    return (
        f"{what}, so a sync would empty the playlist; add an entry, or set "
        "allow_empty = true in [playlist] if an empty playlist is what you want"
    )


_PROBLEMS: dict[ProblemKind, Callable[[Mapping[str, Any]], str]] = {
    ProblemKind.FILE_NOT_FOUND: lambda _: "file not found",
    ProblemKind.UNREADABLE: lambda d: f"cannot read the file: {d['reason']}",
    ProblemKind.NOT_UTF8: lambda d: (
        f"not UTF-8 text: byte {d['offset']} (0x{d['byte']:02x}) is invalid"
    ),
    ProblemKind.NOT_TOML: _not_toml,
    ProblemKind.TOO_DEEP: lambda _: (
        "nested too deeply to read (arrays or tables inside each other)"
    ),
    ProblemKind.MISSING_PLAYLIST: lambda _: (
        'missing [playlist] table (it needs at least name = "...")'
    ),
    ProblemKind.TRACKS_IN_PLAYLIST: lambda _: (
        "tracks = [...] below [playlist] belongs to the playlist table: "
        "move it above [playlist], or use [[tracks]] tables"
    ),
    ProblemKind.UNKNOWN_KEY: _unknown_key,
    ProblemKind.MISSING_KEY: lambda d: f"missing required key '{d['name']}'",
    ProblemKind.WRONG_TYPE: lambda d: (
        f"must be {_EXPECTED[d['expected']]}, not {type_name(d['actual'])}"
    ),
    ProblemKind.EMPTY: lambda _: "must not be empty",
    ProblemKind.IMPLAUSIBLE_YEAR: lambda d: (
        f"{d['value']} is not a plausible year ({d['low']}..{d['high']})"
    ),
    ProblemKind.BAD_ISRC: lambda d: (
        f"{d['value']!r} is not an ISRC (12 characters like JPAB01234567 or JP-AB0-12-34567)"
    ),
    ProblemKind.BAD_MARKET: _bad_market,
    ProblemKind.NOT_A_TRACK: _not_a_track,
    ProblemKind.PINNED_AND_REJECTED: lambda d: f"{d['uri']} is pinned and also listed in reject",
    ProblemKind.SKIPPED_AND_PINNED: lambda _: (
        "an entry cannot be both skipped and pinned (remove one)"
    ),
    ProblemKind.NAME_TOO_LONG: lambda d: (
        f"is {d['size']} characters; Spotify takes at most {d['limit']}"
    ),
    ProblemKind.DESCRIPTION_TOO_LONG: lambda d: (
        f"is {d['size']} characters; Spotify takes {d['limit']} and syncer appends "
        f"' {d['marker']}', so at most {d['room']} fit"
    ),
    ProblemKind.NOT_ONE_LINE: lambda d: (
        f"contains {_unfit_character(d['character'])}; Spotify takes a single line of text only"
    ),
    ProblemKind.TOO_MANY_ENTRIES: lambda d: (
        f"a Spotify playlist holds at most {d['limit']:,} items and this list "
        f"has {d['count']:,} entries to place; split it into several lists"
    ),
    ProblemKind.SAME_SONG: lambda d: (
        f"the same song as tracks[{d['first_index']}] on line {d['first_line']}"
    ),
    ProblemKind.SAME_PIN: lambda d: (
        f"{d['uri']} is already pinned by tracks[{d['first_index']}] on line {d['first_line']}"
    ),
    ProblemKind.NOT_PLAIN_TEXT: lambda d: (
        f"contains {_unfit_character(d['character'])}; a name is one line of plain text "
        "(search would read it as another name): remove it"
    ),
    ProblemKind.TEXT_TOO_LONG: lambda d: (
        f"is {d['size']:,} characters; at most {d['limit']:,} are taken (search reads only "
        "the first 100 bytes, and no song's name comes near this)"
    ),
    ProblemKind.NOTHING_TO_PLACE: _nothing_to_place,
    ProblemKind.BAD_DURATION: lambda d: (
        f'must be the song\'s length in seconds (245) or as "m:ss" ("4:05"), not {d["value"]!r}'
    ),
    ProblemKind.IMPLAUSIBLE_DURATION: lambda d: (
        f"{d['value']!r} is not a plausible length (more than 0 seconds, at most {d['high']:,})"
    ),
}


# --- logins and Spotify's availability -----------------------------------------------------

LOGIN_HINT = "Run `syncer login` to sign in to Spotify again."
#: Where there may never have been a login (a first run): sign in, not "again".
FIRST_LOGIN_HINT = "Run `syncer login` to sign in to Spotify (once; later runs reuse it)."

_LOGIN: dict[LoginProblem, str] = {
    LoginProblem.NO_LOGIN: f"No usable Spotify login. {FIRST_LOGIN_HINT}",
    LoginProblem.INCOMPLETE: f"The Spotify login is missing or incomplete. {LOGIN_HINT}",
    LoginProblem.NOT_SAVED: f"No saved Spotify login was found. {FIRST_LOGIN_HINT}",
    LoginProblem.MISSING_SCOPES: (
        "The saved Spotify login lacks permissions syncer needs ({scopes}). " + LOGIN_HINT
    ),
    LoginProblem.EXPIRED: f"The saved Spotify login has expired. {LOGIN_HINT}",
    LoginProblem.SAVED_REFUSED: (
        "Spotify refused the saved login ({error}: {description}). " + LOGIN_HINT
    ),
    LoginProblem.REFRESH_REFUSED: "Spotify refused to refresh the login ({error}). " + LOGIN_HINT,
    LoginProblem.REJECTED_TWICE: f"Spotify rejected the login twice. {LOGIN_HINT}",
    LoginProblem.NOT_GRANTED: "Spotify did not grant access ({error}).",
    LoginProblem.STATE_MISMATCH: (
        "The pasted URL does not belong to this login attempt (state mismatch)."
    ),
    LoginProblem.NO_CODE: "The pasted URL has no authorization code; paste the whole URL.",
    LoginProblem.LOGIN_REFUSED: "Spotify refused the login ({error}: {description}).",
    LoginProblem.TIMED_OUT: "Timed out waiting for Spotify to redirect back to syncer.",
    LoginProblem.SANDBOX_AUTHORIZE: "The sandbox's authorize endpoint answered HTTP {status}.",
    LoginProblem.LOGIN_ENDED: (
        "Spotify ended the saved login ({error}: {description}; a login lasts six months from "
        "signing in), so syncer removed it. " + LOGIN_HINT
    ),
}
_LOGIN_SETUP: dict[LoginSetup, str] = {
    LoginSetup.CLIENT_SETTINGS: "Spotify client settings are incomplete: {detail}",
    LoginSetup.CANNOT_SAVE: "Could not save the Spotify login to {location}.",
    LoginSetup.CANNOT_LISTEN: "Cannot listen on 127.0.0.1:{port} for the login: {detail}",
}
_UNAVAILABLE: dict[Unavailable, str] = {
    Unavailable.RETRIES_SPENT: "{endpoint}: {detail} after every allowed retry",
    Unavailable.BUDGET_SPENT: "{endpoint}: {detail}; wait budget spent",
    Unavailable.TRANSPORT: "{endpoint}: {detail}",
    Unavailable.NO_PLAYLIST: "{endpoint}: Spotify returned no playlist",
    Unavailable.TOKEN_ENDPOINT_FAILING: "{endpoint}: the token endpoint kept failing",
    Unavailable.TOKEN_ENDPOINT_FAILED: "Spotify's token endpoint failed: {detail}",
    Unavailable.TOKEN_ENDPOINT_UNREACHABLE: (
        "Spotify's token endpoint could not be reached ({detail})"
    ),
    Unavailable.CREATE_UNCONFIRMED: "could not create the playlist; run again later",
    Unavailable.NOT_CONVERGED: (
        "the playlist still differed from the plan after {detail} attempts; run again later"
    ),
}


def _login(error: AuthError) -> str:
    details = dict(error.details)
    details["scopes"] = ", ".join(details.get("scopes", ()))
    details["error"] = details.get("error") or "error"
    details["description"] = details.get("description") or "no details"
    return _LOGIN[error.problem].format(**details)


def _unavailable(error: SpotifyUnavailable) -> str:
    return _UNAVAILABLE[error.kind].format(endpoint=error.endpoint, detail=error.detail)


# --- refusals: what a command or a use case will not start on (`syncer.errors.Refused`) -------


_RUNS = {
    "spotify": "run against Spotify",
    "sandbox": "sandbox run",
    "sandbox-realistic": "sandbox run with the realistic profile",
}


def _no_report(d: Mapping[str, Any]) -> str:
    """No report where the command looked; the reports of the list's other runs (the sandbox,
    its realistic profile, Spotify) are named with the command that reaches each."""
    options = "".join(" " + o for o in d["options"])
    text = f"no report for {d['list_file']} yet (looked for {d['path']})"
    for found in d.get("elsewhere", ()):
        reach = shlex.join(["syncer", d["command"], str(d["list_file"]), *found.options])
        text += f"; the last {_RUNS[found.run]} wrote one ({found.path}): `{reach}` reads it"
    make = "; or run" if d.get("elsewhere") else "; run"
    return text + f"{make} `syncer sync {d['list_file']}{options}` first"


def _not_in_review(d: Mapping[str, Any]) -> str:
    entry = d["entry"]
    what = f"entry {entry.index} ({entry.title} — {entry.artist})"
    if d["status"] is None:
        return (
            f"{what} is not in the last report: the list changed since the last sync. "
            "Sync again, then accept"
        )
    return (
        f"{what} is {d['status']} in the last report, not in review: `syncer accept` takes "
        "only a review entry's best candidate. To choose its track yourself, run "
        f"`syncer pin {d['list_file']} {entry.index} <track link>`"
    )


def track_words(track: Track) -> str:
    """A track as the commands name it: `name — artists (uri)`."""
    return f"{track.name} — {', '.join(track.artists)} ({track.uri})"


def _pin_taken(d: Mapping[str, Any]) -> str:
    entry, other, track = d["entry"], d["doubt"].entry, track_words(d["track"])
    return (
        f"cannot pin entry {entry.index} ({entry.title}) to {track}: entry {other.index} "
        f"({other.title} — {other.artist}, line {other.line}) already pins it, and a list "
        "pins a track once. If this entry is that song, remove the other entry's uri first"
    )


def _pin_doubtful(d: Mapping[str, Any]) -> str:
    entry = d["entry"]
    reasons = "; ".join(_pin_doubt(doubt, entry, d["threshold"]) for doubt in d["doubts"])
    return (
        f"not pinned: {track_words(d['track'])} may not be entry {entry.index} ({entry.title} — "
        f"{entry.artist}): {reasons}. If it is, pin it with --force"
    )


def _pin_doubt(doubt: PinDoubt, entry: Entry, threshold: float) -> str:
    if doubt.kind is PinDoubtKind.OTHER_ENTRY:
        assert doubt.entry is not None
        other = doubt.entry
        return (
            f"the last sync placed it for entry {other.index} ({other.title} — {other.artist}), "
            "so it would be in the playlist once for two entries"
        )
    mine = entry.title if doubt.kind is PinDoubtKind.TITLE else entry.artist
    return (
        f"its {doubt.kind.value} scores {doubt.similarity:.2f} against {mine!r}, below the "
        f"{threshold:g} a search result needs even to be shown for review"
    )


def pin_undid(what: str, **d: Any) -> str:
    """What a pin took away besides: the entry's reject of that track, or its skip."""
    if what == "reject":
        return f"Removed {d['uri']} from the entry's reject: a pinned track is accepted."
    return f"The entry was skipped ({d['reason']}); pinned, it is placed again."


def same_named_note(playlist: PlaylistInfo, adopt: Sequence[str]) -> str:
    """After importing a playlist without --adopt: you already have one of the list's name."""
    return (
        f"You already have a playlist named {playlist.name!r} ({playlist.id}); the list's first "
        "sync creates another of that name beside it. To have the list manage that one "
        f"instead, import it with --adopt: {shlex.join(adopt)}"
    )


def _port_unusable(d: Mapping[str, Any]) -> str:
    if d["in_use"]:
        return (
            f"--port {d['port']}: 127.0.0.1:{d['port']} is already in use (another sandbox or "
            "program listens there); give another port, or --port 0 to let syncer pick a free one"
        )
    return (
        f"--port {d['port']}: cannot listen on 127.0.0.1:{d['port']} ({d['reason']}); give "
        "another port (ports below 1024 need administrator rights), or --port 0"
    )


def _sandbox_only(d: Mapping[str, Any]) -> str:
    *others, last = d["options"]
    given = f"{', '.join(others)} and {last}" if others else last
    return f"{given} need{'' if others else 's'} --sandbox"


_REFUSALS: dict[Refusal, Callable[[Mapping[str, Any]], str]] = {
    Refusal.SANDBOX_ONLY: _sandbox_only,
    Refusal.ENTRY_OR_ALL_REVIEW: lambda _: "give either an ENTRY or --all-review",
    Refusal.REVIEW_NEEDS_TERMINAL: lambda _: (
        "`syncer review` needs a terminal; in scripts use `syncer pin`, `reject`, "
        "`skip`, `alias` or `accept`"
    ),
    Refusal.REVIEW_ONE_LIST: lambda d: (
        f"`syncer review` in the terminal takes one list ({d['count']} given); "
        "`syncer review --web` takes several"
    ),
    Refusal.NO_LISTS_WITH_REPORTS: lambda d: (
        f"no list under {d['folder']} has a report yet; sync one first, or name the lists"
    ),
    Refusal.PASTE_NEEDS_TERMINAL: lambda _: (
        "`syncer login --paste` needs a terminal to paste into; run it by hand once"
    ),
    Refusal.NOT_A_TRACK_LINK: lambda d: (
        f"{d['text']!r} is not a Spotify track URI (spotify:track:<22 characters>) "
        "or an open.spotify.com/track/ link"
    ),
    Refusal.NO_SUCH_TRACK: lambda d: f"Spotify has no track {d['uri']}; check the link",
    Refusal.NO_REPORT_YET: _no_report,
    Refusal.NO_REPORT_TO_READ: _no_report,
    Refusal.UNKNOWN_FORMAT: lambda d: (
        f"--format must be one of {', '.join(d['choices'])}, not {d['value']!r}"
    ),
    Refusal.ADOPT_NEEDS_PLAYLIST: lambda _: (
        "--adopt is for playlists: give a Spotify playlist link or URI"
    ),
    Refusal.NOT_YOUR_PLAYLIST: lambda d: (
        f"cannot adopt {d['name']!r}: it belongs to {d['owner_id']}, not to you "
        f"({d['user_id']}); "
        "syncer only edits your own playlists"
    ),
    Refusal.LIST_SYNCS_ELSEWHERE: lambda d: (
        f"{d['output']} already syncs to playlist {d['playlist_id']} "
        f"(state in {d['state_file']}); use --force to make it manage this one instead"
    ),
    Refusal.PLAYLIST_TAKEN: lambda d: (
        f"cannot adopt playlist {d['playlist_id']}: the list {d['owner']} already manages it "
        f"(its state: {d['state_file']}), and two lists cannot manage one playlist; edit that "
        "list instead"
    ),
    Refusal.OUTPUT_IS_DIRECTORY: lambda d: (
        f"--output {d['output']} is a directory; give a file name like list.toml"
    ),
    Refusal.OUTPUT_EXISTS: lambda d: f"{d['output']} already exists; use --force to overwrite it",
    Refusal.OUTPUT_DIRECTORY_MISSING: lambda d: (
        f"cannot write {d['output']}: the directory {d['directory']} does not exist"
    ),
    Refusal.REPORT_OUTDATED: lambda d: (
        f"entry {d['index']} of the list is no longer {d['title']!r} by {d['artist']!r}: "
        "the list changed since the last sync. Sync again, then review."
    ),
    Refusal.NAME_EMPTY: lambda _: (
        "--name must not be empty (leave it out to name the playlist from the source)"
    ),
    Refusal.NAME_NOT_ONE_LINE: lambda d: (
        f"--name contains {_unfit_character(d['character'])}; "
        "Spotify takes a single line of text only"
    ),
    Refusal.NOT_IN_REVIEW: _not_in_review,
    Refusal.PIN_TAKEN: _pin_taken,
    Refusal.PIN_DOUBTFUL: _pin_doubtful,
    Refusal.PORT_UNUSABLE: _port_unusable,
}


def refusal_message(error: Refused) -> str:
    return _REFUSALS[error.refusal](error.details)


# --- errors --------------------------------------------------------------------------------


def describe(error: SyncerError) -> str:
    """The sentence for an error, from its fields."""
    for kind, words in _ERRORS:
        if isinstance(error, kind):
            return words(error)
    return Exception.__str__(error)


def _entry_not_found(error: EntryNotFound) -> str:
    listed = "; ".join(f"{e.index}: {e.title} — {e.artist}" for e in error.choices)
    what = "matches several entries" if error.ambiguous else "matches no entry"
    return f"{error.selector!r} {what} in {error.path}: {listed}"


def _rate_limited(error: RateLimited) -> str:
    if error.retry_after is not None:
        detail = f"Retry-After {error.retry_after:g}s"
    else:
        detail = "no Retry-After"
    return f"rate limited by Spotify ({error.reason or detail})"


def _request_error(error: SpotifyRequestError) -> str:
    if error.endpoint:
        return f"{error.endpoint}: HTTP {error.status}: {error.message}"
    return error.message


def _setting_invalid(error: SettingInvalid) -> str:
    if error.name.startswith("--"):  # given as an option: blame the option, not a variable
        return _option_invalid_setting(error)
    if error.problem == "market":
        return f"{error.name}={error.value!r} is not a two-letter country code such as JP"
    if error.problem == "number":
        return f"{error.name}={error.value!r} is not a number"
    low, high = error.bounds
    return f"{error.name}={error.value} is out of range ({low:g}..{high:g})"


def _option_invalid_setting(error: SettingInvalid) -> str:
    if error.problem == "market":
        return f"{error.name} {error.value}: not a two-letter country code such as JP"
    if error.problem == "number":
        return f"{error.name} {error.value}: not a number"
    low, high = error.bounds
    return f"{error.name} {error.value}: out of range ({low:g}..{high:g})"


def _edit_error(error: EditError) -> str:
    if error.problem == "not_a_track":
        return f"{error.value!r} is not a Spotify track URI or open.spotify.com track link"
    return f"{error.value} must not be empty"


def _file_changed(error: FileChanged) -> str:
    return f"{error.path} changed on disk since it was read; nothing was written"


def credentials_missing_message(error: CredentialsMissing, *, sandbox_option: bool) -> str:
    """The client settings are missing; `sandbox_option` says whether the command at hand takes
    --sandbox (login and doctor do not: they name a command that does)."""
    sandbox = (
        "add --sandbox"
        if sandbox_option
        else "`syncer sync lists/tearjerkers.toml --sandbox` needs no app and no login"
    )
    return (
        f"{' and '.join(error.names)} not set. Put them in a .env file in the directory you "
        "run syncer from (see .env.example) or in the environment. Without an app, try "
        f"the built-in sandbox: {sandbox}."
    )


def _credentials_missing(error: CredentialsMissing) -> str:
    return credentials_missing_message(error, sandbox_option=True)


_RESYNC = "sync the list again to write a new report"


def _report_unreadable(error: ReportUnreadable) -> str:
    where = f"{error.path}: " if error.path else ""
    key = f"{error.key}: " if error.key else ""
    return f"{where}not a report syncer can read ({key}{error.problem}); {_RESYNC}"


def _unknown_report_version(error: UnknownReportVersion) -> str:
    where = f"{error.path}: " if error.path else ""
    return (
        f"{where}report schema_version {error.found!r} is not the one this syncer reads "
        f"({error.supported}); {_RESYNC}"
    )


_SOURCE_PROBLEMS: dict[SourceProblem, Callable[[Mapping[str, Any]], str]] = {
    SourceProblem.EMPTY: lambda d: "the source is empty: no songs to import",
    SourceProblem.BINARY_NUL: lambda d: "this is a binary file, not text (it holds NUL bytes)",
    SourceProblem.BINARY_CONTROL: lambda d: (
        f"this is a binary file, not text (character 0x{d['code']:02x})"
    ),
    SourceProblem.UNDECODABLE: lambda d: (
        f"not readable as {d['encoding']} or any usual encoding (byte 0x{d['byte']:02x})"
    ),
    SourceProblem.NO_TITLE_COLUMN: lambda d: (
        f"no title column in the header ({d['header']}); "
        "expected one named like 'Track Name' or 'Title'"
    ),
    SourceProblem.NO_ARTIST_COLUMN: lambda d: (
        f"no artist column in the header ({d['header']}); "
        "expected one named like 'Artist Name(s)' or 'Artist'"
    ),
    SourceProblem.NO_CSV_ROWS: lambda d: "no rows with a title and an artist",
    SourceProblem.NO_TEXT_SONGS: lambda d: (
        "no song lines found (expected lines like 'Title - Artist')"
    ),
    SourceProblem.NO_M3U_SONGS: lambda d: "no songs found in the M3U playlist (#EXTINF lines)",
    SourceProblem.NO_ARTICLE_SONGS: lambda d: "no song lines found in the article",
    SourceProblem.NO_SUCH_FILE: lambda d: "no such file",
    SourceProblem.IS_DIRECTORY: lambda d: "is a directory, not a file",
    SourceProblem.CANNOT_READ: lambda d: f"cannot read it: {d['reason']}",
    SourceProblem.NOT_A_PLAYLIST_LINK: lambda d: (
        "not a Spotify playlist link or URI (open.spotify.com/playlist/...)"
    ),
    SourceProblem.OTHER_SPOTIFY_LINK: lambda d: (
        f"a Spotify {d['kind']} link, not a Spotify playlist link or URI "
        "(open.spotify.com/playlist/...); import takes a playlist or a file"
    ),
    SourceProblem.BAD_PLAYLIST_ID: lambda d: (
        f"not a Spotify playlist link or URI: the playlist id {d['value']!r} is not 22 letters "
        "and digits (copy the playlist's link again)"
    ),
    SourceProblem.NO_SUCH_PLAYLIST: lambda d: (
        "no such playlist: it does not exist, or it was deleted"
    ),
    SourceProblem.PLAYLIST_NOT_READABLE: lambda d: (
        f"cannot read the tracks of {d['name']!r}: Spotify shows an app the tracks "
        f"only of playlists you own or collaborate on (it answered {d['status']})"
    ),
    SourceProblem.PLAYLIST_EMPTY: lambda d: f"the playlist {d['name']!r} has no tracks to import",
    SourceProblem.INVALID_LIST: lambda d: (
        f"the imported list would not be valid:\n{describe(d['problems'])}"
    ),
}


def _unfit_character(char: str) -> str:
    if is_line_break(char):
        return "a line break"
    return f"the control character U+{ord(char):04X}"


def source_problem_message(error: SourceError) -> str:
    """What is wrong with an import's source, without where."""
    return _SOURCE_PROBLEMS[error.problem](error.details)


def _source_error(error: SourceError) -> str:
    where = f"{error.source}:{error.line}" if error.line else error.source
    return f"{where}: {source_problem_message(error)}"


_STATE_PROBLEMS: dict[StateProblem, str] = {
    StateProblem.NOT_UTF8: "state file {path} is corrupt: not UTF-8 text",
    StateProblem.UNREADABLE: "cannot read state file {path}: {reason}",
    StateProblem.NOT_JSON: "state file {path} is corrupt: not valid JSON ({reason})",
    StateProblem.MALFORMED: "state file {path} is corrupt: {reason}",
    StateProblem.UNWRITABLE: "cannot write state file {path}: {reason}",
    StateProblem.DIRECTORY_UNUSABLE: "cannot use state directory {path}: {reason}",
    StateProblem.LOCK_UNOPENABLE: "cannot open lock file {path}: {reason}",
    StateProblem.SANDBOX_UNREADABLE: "sandbox state file {path} is unreadable: {reason}",
}


def _state_error(error: StateError) -> str:
    return _STATE_PROBLEMS[error.problem].format(path=error.path, reason=error.reason)


def _another_lists_state(error: StateOfAnotherList) -> str:
    return (
        f"{error.list_path}: its state file {error.state_file} belongs to another list, "
        f"{error.owner}, which no longer exists; nothing was sent to Spotify. If you moved that "
        'list here, set "list" in the state file to this list\'s path (relative to the state '
        "directory); otherwise delete the state file (the playlist is then found again by its "
        "name and marker)."
    )


def _locked(error: LockedError) -> str:
    by = f" (pid {error.holder})" if error.holder else ""
    return f"{error.list_path} is already being synced by another run{by}"


_ERRORS: list[tuple[type[Any], Callable[[Any], str]]] = [
    (StateOfAnotherList, _another_lists_state),  # before its base class
    (StateError, _state_error),
    (LockedError, _locked),
    (Refused, refusal_message),
    (SourceError, _source_error),
    (ListError, lambda e: "\n".join(located_problem(p) for p in e.problems)),
    (CredentialsMissing, _credentials_missing),
    (EntryNotFound, _entry_not_found),
    (RateLimited, _rate_limited),
    (WriteOutcomeUnknown, lambda e: f"{e.endpoint}: outcome unknown ({e.cause})"),
    (MalformedAnswer, lambda e: f"{e.endpoint}: unusable answer ({e.problem})"),
    (SpotifyUnavailable, _unavailable),
    (AuthError, _login),
    (LoginSetupError, lambda e: _LOGIN_SETUP[e.problem].format(**e.details)),
    (OptionInvalid, lambda e: f"{e.option}: {e.detail}"),
    (
        UnknownChoice,
        lambda e: f"{e.option}: unknown {e.what} {e.value!r}; use {' or '.join(e.choices)}",
    ),
    (SpotifyRequestError, _request_error),
    (VerifyError, lambda e: _verify_error(e)),  # worded in the sync section below
    (SettingInvalid, _setting_invalid),
    (FileChanged, _file_changed),
    (EditError, _edit_error),
    (UnknownReportVersion, _unknown_report_version),  # before its base class
    (ReportUnreadable, _report_unreadable),
]


# --- a list's sync run: why it stopped short (owned by the sync engine's maintainers) ---------


def _not_yours(d: Mapping[str, Any]) -> str:
    return (
        f"playlist {d['name']!r} ({d['playlist_id']}) belongs to {d['owner_id']}, not to you "
        f"({d['user_id']}); syncer only edits your own playlists."
    )


def _removal_guard(d: Mapping[str, Any]) -> str:
    return (
        f"this sync would remove {d['removed']} of the playlist's {d['tracks']} tracks "
        f"({d['share']:.0%}), more than the {d['allowed']:.0%} allowed without --force. "
        "Check the list; if this is intended, run again with --force."
    )


_SYNC_PROBLEMS: dict[SyncProblemKind, Callable[[Mapping[str, Any]], str]] = {
    SyncProblemKind.NOT_YOURS: _not_yours,
    SyncProblemKind.PLAYLIST_GONE: lambda d: (
        f"the playlist this list syncs to ({d['playlist_id']}) no longer exists: it was "
        "deleted or unfollowed. Run again with --recreate to create a new one."
    ),
    SyncProblemKind.SAME_NAMED: lambda d: (
        f"two or more of your playlists are named {d['name']!r} and managed by syncer "
        f"({', '.join(d['ids'])}); delete or rename all but one, then sync again."
    ),
    SyncProblemKind.UNCLAIMED: lambda d: (
        f"your playlist {d['name']!r} ({', '.join(d['ids'])}) is marked as syncer's by an older "
        "version, which did not record which list it belongs to, and this list has no state "
        "yet (or lost it): syncer does not take it over, and nothing was sent. If it is this "
        f"list's playlist, end its description with '{d['marker']}' in Spotify; if not, rename "
        "it or remove '(synced by syncer)' from its description. Then sync again."
    ),
    SyncProblemKind.REMOVAL_GUARD: _removal_guard,
    SyncProblemKind.SPOTIFY_FAILED: lambda d: (
        f"the playlist could not be synced: {describe(d['error'])}"
    ),
    SyncProblemKind.STOPPED_EARLY: lambda d: (
        f"stopped early: {describe(d['error'])}. Everything resolved so far is saved; "
        "run again later to finish."
    ),
    SyncProblemKind.CANCELLED: lambda d: stopped_message(
        d["reason"], d["done"], d["total"], d["phase"]
    ),
}


def stopped_message(reason: str, done: int, total: int, phase: str = "matching") -> str:
    """Where a run stopped by a signal (or the review page) stopped; the CLI ends the run with
    it and what was kept."""
    if reason.startswith("SIG"):
        stopped = f"stopped by {reason}"
    else:  # a reason that says it already ("stopped from the page"), or one to name
        stopped = reason if reason.startswith("stopped") else f"stopped ({reason})"
    if phase == "playlist":
        return f"{stopped} while changing the playlist, all {total} entries resolved"
    return f"{stopped} after {done} of {total} entries"


def sync_problem_message(problem: SyncProblem) -> str:
    """Why a list's run stopped short, in the words its report and the terminal show."""
    return _SYNC_PROBLEMS[problem.kind](problem.details)


def worded(outcome: ListOutcome) -> ListOutcome:
    """The run's outcome with its words filled in for the report: why it stopped short
    (`ListOutcome.problem`) and why Spotify failed an entry (its `Resolution.reason`)."""
    problem = sync_problem_message(outcome.failure) if outcome.failure else outcome.problem
    resolutions = tuple(_worded_resolution(r) for r in outcome.resolutions)
    return replace(outcome, problem=problem, resolutions=resolutions)


def _worded_resolution(resolution: Resolution) -> Resolution:
    if resolution.error is None or resolution.reason:
        return resolution
    return replace(resolution, reason=f"Spotify kept failing: {describe(resolution.error)}")


def worded_log_record(record: logging.LogRecord) -> bool:
    """A logging filter: the errors a log line names (the core logs the error itself, never its
    sentence) are shown in these words, as the rest of the CLI shows them."""
    if isinstance(record.args, tuple):
        record.args = tuple(describe(a) if isinstance(a, SyncerError) else a for a in record.args)
    return True


def _verify_error(error: VerifyError) -> str:
    parts = [f"expected {error.expected} tracks, found {error.found}"]
    if error.missing:
        parts.append(f"missing {', '.join(error.missing)}")
    if error.unexpected:
        parts.append(f"unexpected {', '.join(error.unexpected)}")
    if not error.missing and not error.unexpected:
        parts.append("same tracks in a different order")
    return "after writing, the playlist differs from the plan: " + "; ".join(parts)


def login_term_words(term: LoginTerm | None, now: datetime) -> str:
    """`syncer doctor`'s line on when the saved login began and when Spotify ends it."""
    if term is None:
        return (
            "Login term: unknown (signed in with an older syncer, which did not record when); "
            "Spotify ends a login six months after signing in: run `syncer login` to start a "
            "known six months."
        )
    began, ends = term.signed_in_at.date().isoformat(), term.expires_at.date().isoformat()
    if term.expires_at <= now:
        return f"Login term: signed in {began}; Spotify ended it on {ends}. {LOGIN_HINT}"
    left = term.days_left(now)
    line = f"Login term: signed in {began}; Spotify ends this login on {ends} (in {left} days)."
    return line + (f" {_BEFORE_THEN}" if term.ending(now) else "")


_BEFORE_THEN = "Run `syncer login` before then; nightly runs will fail with exit 4 after it."


def login_ending_words(term: LoginTerm, now: datetime) -> str:
    """What a run says from 30 days before the login ends (once a week under --quiet)."""
    ends = term.expires_at.date().isoformat()
    if term.expires_at <= now:
        return f"The Spotify login ended on {ends} (six months after signing in). {LOGIN_HINT}"
    left = term.days_left(now)
    return f"The Spotify login ends on {ends}, in {left} days. {_BEFORE_THEN}"


#: What each exit code tells, as a run's last line says it (the README's table, shortened).
_EXIT_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "synced; every entry is in its playlist or deliberately left out",
    ExitCode.NEEDS_ATTENTION: (
        "synced, but some entries need review or were not found (see the reports)"
    ),
    ExitCode.BAD_INPUT: "a list, setting, option or state file needs fixing (see above)",
    ExitCode.RATE_LIMITED: (
        "stopped early: Spotify asked to wait too long; work so far is saved, run again later"
    ),
    ExitCode.SPOTIFY_FAILURE: "the Spotify login, or Spotify itself, failed (see above)",
    ExitCode.LOCKED: "another run holds a list; run again when it is done",
    ExitCode.CHANGES_PENDING: "dry run: the playlist would change (see the dry-run reports)",
    ExitCode.UNEXPECTED: "a bug in syncer stopped a list (see above and the log)",
    ExitCode.INTERRUPTED: "stopped by Ctrl-C; work so far is saved, run again to finish",
    ExitCode.TERMINATED: "stopped by SIGTERM; work so far is saved, run again to finish",
}


def exit_meaning(code: ExitCode) -> str:
    """A run's last line (without --quiet): what its exit code means."""
    return f"exit {int(code)}: {_EXIT_MEANINGS[code]}."


def stop_line(problem: str) -> str:
    """The one line a stopped list ends with (`problem` is `stopped_message`'s)."""
    return f"{problem}; state and report saved; run again to finish"


def news_line(
    list_path: object, since: Mapping[str, Any] | None, attention: int, look: str
) -> str | None:
    """A `--quiet` run's line for a list whose entries needing attention changed since the last
    run (`since`: the report's `changes_since_previous`, None on a first run; `attention`: how
    many need it now; `look`: the command that shows them); None when there is no news."""
    if since is None:
        if not attention:
            return None
        return f"{list_path}: {_need(attention)} attention (first run): {look}"
    new = list(since.get("newly_needing_attention") or [])
    gone = list(since.get("no_longer_needing_attention") or [])
    if not new and not gone:
        return None
    parts = []
    if new:
        titles = ", ".join(repr(e["title"]) for e in new[:3]) + (", ..." if len(new) > 3 else "")
        parts.append(f"{len(new)} new to look at ({titles})")
    if gone:
        parts.append(f"{len(gone)} settled")
    told = "; ".join(parts)
    if not attention:
        return f"{list_path}: {told}; nothing needs attention now"
    return f"{list_path}: {told}; {_need(attention)} attention in all: {look}"


def _need(count: int) -> str:
    return "1 entry needs" if count == 1 else f"{count} entries need"
