"""Refusals (of the commands and the use cases behind them) and import source problems carry
fields; `cli/messages.py` words them.

The expected sentences are the ones the commands built on the spot before the words moved, so
these tests show the move changed no message a person sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from syncer.application import OtherReport
from syncer.cli.messages import describe
from syncer.errors import (
    ConfigError,
    ListError,
    Problem,
    ProblemKind,
    Refusal,
    Refused,
    UserError,
)
from syncer.importer.model import SourceError, SourceProblem
from syncer.model import Entry, Track
from syncer.pins import PinDoubt, PinDoubtKind

LIST = Path("lists/a.toml")
ENTRY = Entry(index=3, title="Maple", artist="Spitz", line=20)
OTHER = Entry(index=1, title="楓", artist="スピッツ", line=9)
REPORT = Path("lists/.syncer/reports/a.json")

WORDED: list[tuple[Refusal, dict[str, Any], str]] = [
    (
        Refusal.SANDBOX_ONLY,
        {"options": ("--catalog", "--sandbox-profile")},
        "--catalog and --sandbox-profile need --sandbox",
    ),
    (
        Refusal.SANDBOX_ONLY,
        {"options": ("--catalog", "--sandbox-profile", "--sandbox-faults", "--sandbox-reset")},
        "--catalog, --sandbox-profile, --sandbox-faults and --sandbox-reset need --sandbox",
    ),
    (Refusal.SANDBOX_ONLY, {"options": ("--catalog",)}, "--catalog needs --sandbox"),
    (Refusal.ENTRY_OR_ALL_REVIEW, {}, "give either an ENTRY or --all-review"),
    (
        Refusal.REVIEW_NEEDS_TERMINAL,
        {},
        "`syncer review` needs a terminal; in scripts use `syncer pin`, `reject`, `skip`, "
        "`alias` or `accept`",
    ),
    (
        Refusal.PASTE_NEEDS_TERMINAL,
        {},
        "`syncer login --paste` needs a terminal to paste into; run it by hand once",
    ),
    (
        Refusal.NOT_A_TRACK_LINK,
        {"text": "spotify:album:x"},
        "'spotify:album:x' is not a Spotify track URI (spotify:track:<22 characters>) or an "
        "open.spotify.com/track/ link",
    ),
    (
        Refusal.NO_SUCH_TRACK,
        {"uri": "spotify:track:0000000000000000000000"},
        "Spotify has no track spotify:track:0000000000000000000000; check the link",
    ),
    (
        Refusal.NO_REPORT_YET,
        {"list_file": LIST, "path": REPORT, "options": ("--sandbox", "--dry-run")},
        f"no report for {LIST} yet (looked for {REPORT}); "
        f"run `syncer sync {LIST} --sandbox --dry-run` first",
    ),
    (
        Refusal.NO_REPORT_TO_READ,
        {"list_file": LIST, "path": REPORT, "options": ()},
        f"no report for {LIST} yet (looked for {REPORT}); run `syncer sync {LIST}` first",
    ),
    (
        Refusal.NO_REPORT_TO_READ,
        {
            "list_file": LIST,
            "path": REPORT,
            "options": (),
            "command": "review",
            "elsewhere": (
                OtherReport(
                    "sandbox-realistic",
                    ("--sandbox", "--sandbox-profile", "realistic"),
                    Path("r.json"),
                ),
            ),
        },
        f"no report for {LIST} yet (looked for {REPORT}); the last sandbox run with the "
        f"realistic profile wrote one (r.json): `syncer review {LIST} --sandbox "
        f"--sandbox-profile realistic` reads it; or run `syncer sync {LIST}` first",
    ),
    (
        Refusal.UNKNOWN_FORMAT,
        {"value": "xml", "choices": ("csv", "text")},
        "--format must be one of csv, text, not 'xml'",
    ),
    (
        Refusal.ADOPT_NEEDS_PLAYLIST,
        {},
        "--adopt is for playlists: give a Spotify playlist link or URI",
    ),
    (
        Refusal.NOT_YOUR_PLAYLIST,
        {"name": "Mix", "playlist_id": "p1", "owner_id": "someone", "user_id": "me"},
        "cannot adopt 'Mix': it belongs to someone, not to you (me); "
        "syncer only edits your own playlists",
    ),
    (
        Refusal.LIST_SYNCS_ELSEWHERE,
        {"output": LIST, "playlist_id": "p1", "state_file": Path("s.json")},
        f"{LIST} already syncs to playlist p1 (state in s.json); "
        "use --force to make it manage this one instead",
    ),
    (
        Refusal.PLAYLIST_TAKEN,
        {"playlist_id": "p1", "owner": LIST, "state_file": Path(".syncer/a.state.json")},
        f"cannot adopt playlist p1: the list {LIST} already manages it (its state: "
        ".syncer/a.state.json), and two lists cannot manage one playlist; edit that list instead",
    ),
    (
        Refusal.NOT_IN_REVIEW,
        {"list_file": LIST, "entry": ENTRY, "status": "unmatched"},
        "entry 3 (Maple — Spitz) is unmatched in the last report, not in review: "
        "`syncer accept` takes only a review entry's best candidate. To choose its track "
        f"yourself, run `syncer pin {LIST} 3 <track link>`",
    ),
    (
        Refusal.NOT_IN_REVIEW,
        {"list_file": LIST, "entry": ENTRY, "status": None},
        "entry 3 (Maple — Spitz) is not in the last report: the list changed since the last "
        "sync. Sync again, then accept",
    ),
    (
        Refusal.PIN_TAKEN,
        {
            "entry": ENTRY,
            "track": Track(id="x", name="楓", artists=("スピッツ",)),
            "doubt": PinDoubt(PinDoubtKind.PINNED_BY_OTHER, entry=OTHER),
        },
        "cannot pin entry 3 (Maple) to 楓 — スピッツ (spotify:track:x): entry 1 (楓 — スピッツ, "
        "line 9) already pins it, and a list pins a track once. If this entry is that song, "
        "remove the other entry's uri first",
    ),
    (
        Refusal.PIN_DOUBTFUL,
        {
            "entry": ENTRY,
            "track": Track(id="y", name="Rain", artists=("Ado",)),
            "doubts": (
                PinDoubt(PinDoubtKind.OTHER_ENTRY, entry=OTHER),
                PinDoubt(PinDoubtKind.TITLE, similarity=0.12),
                PinDoubt(PinDoubtKind.ARTIST, similarity=0.3),
            ),
            "threshold": 0.6,
        },
        "not pinned: Rain — Ado (spotify:track:y) may not be entry 3 (Maple — Spitz): the last "
        "sync placed it for entry 1 (楓 — スピッツ), so it would be in the playlist once for two "
        "entries; its title scores 0.12 against 'Maple', below the 0.6 a search result needs "
        "even to be shown for review; its artist scores 0.30 against 'Spitz', below the 0.6 a "
        "search result needs even to be shown for review. If it is, pin it with --force",
    ),
    (
        Refusal.PORT_UNUSABLE,
        {"port": 8099, "reason": "Address already in use", "in_use": True},
        "--port 8099: 127.0.0.1:8099 is already in use (another sandbox or program listens "
        "there); give another port, or --port 0 to let syncer pick a free one",
    ),
    (
        Refusal.PORT_UNUSABLE,
        {"port": 80, "reason": "Permission denied", "in_use": False},
        "--port 80: cannot listen on 127.0.0.1:80 (Permission denied); give another port "
        "(ports below 1024 need administrator rights), or --port 0",
    ),
    (
        Refusal.OUTPUT_IS_DIRECTORY,
        {"output": Path("lists")},
        "--output lists is a directory; give a file name like list.toml",
    ),
    (
        Refusal.OUTPUT_EXISTS,
        {"output": LIST},
        f"{LIST} already exists; use --force to overwrite it",
    ),
    (
        Refusal.OUTPUT_DIRECTORY_MISSING,
        {"output": Path("no/a.toml"), "directory": Path("no")},
        "cannot write no/a.toml: the directory no does not exist",
    ),
    (
        Refusal.REPORT_OUTDATED,
        {"index": 4, "title": "Tears", "artist": "X JAPAN"},
        "entry 4 of the list is no longer 'Tears' by 'X JAPAN': the list changed since the last "
        "sync. Sync again, then review.",
    ),
    (
        Refusal.NAME_EMPTY,
        {},
        "--name must not be empty (leave it out to name the playlist from the source)",
    ),
    (
        Refusal.NAME_NOT_ONE_LINE,
        {"character": "\x07"},
        "--name contains the control character U+0007; Spotify takes a single line of text only",
    ),
    (
        Refusal.REVIEW_ONE_LIST,
        {"count": 2},
        "`syncer review` in the terminal takes one list (2 given); "
        "`syncer review --web` takes several",
    ),
    (
        Refusal.NO_LISTS_WITH_REPORTS,
        {"folder": Path("lists")},
        "no list under lists has a report yet; sync one first, or name the lists",
    ),
]


@pytest.mark.parametrize(("refusal", "details", "sentence"), WORDED)
def test_a_refusal_is_worded_from_its_fields(
    refusal: Refusal, details: dict[str, Any], sentence: str
) -> None:
    error = Refused(refusal, **details)
    assert describe(error) == sentence
    assert str(error).startswith("Refused(refusal=")  # neutral, as every error's str
    assert isinstance(error, ConfigError)  # same exit code and handling as before the move


def test_every_refusal_has_words() -> None:
    assert {refusal for refusal, _, _ in WORDED} == set(Refusal)


SOURCE_WORDED: list[tuple[SourceProblem, dict[str, Any], str]] = [
    (SourceProblem.NO_SUCH_FILE, {}, "a.txt: no such file"),
    (SourceProblem.IS_DIRECTORY, {}, "a.txt: is a directory, not a file"),
    (
        SourceProblem.CANNOT_READ,
        {"reason": "Permission denied"},
        "a.txt: cannot read it: Permission denied",
    ),
    (
        SourceProblem.NOT_A_PLAYLIST_LINK,
        {},
        "a.txt: not a Spotify playlist link or URI (open.spotify.com/playlist/...)",
    ),
    (
        SourceProblem.NO_SUCH_PLAYLIST,
        {},
        "a.txt: no such playlist: it does not exist, or it was deleted",
    ),
    (
        SourceProblem.PLAYLIST_NOT_READABLE,
        {"name": "Mix", "status": 403},
        "a.txt: cannot read the tracks of 'Mix': Spotify shows an app the tracks only of "
        "playlists you own or collaborate on (it answered 403)",
    ),
    (
        SourceProblem.PLAYLIST_EMPTY,
        {"name": "Mix"},
        "a.txt: the playlist 'Mix' has no tracks to import",
    ),
    (
        SourceProblem.INVALID_LIST,
        {"problems": ListError([Problem(Path("a.toml"), 3, "playlist.name", ProblemKind.EMPTY)])},
        "a.txt: the imported list would not be valid:\na.toml:3: [playlist.name] must not be empty",
    ),
]


@pytest.mark.parametrize(("problem", "details", "sentence"), SOURCE_WORDED)
def test_a_source_problem_the_cli_raises_is_worded_from_its_fields(
    problem: SourceProblem, details: dict[str, Any], sentence: str
) -> None:
    error = SourceError("a.txt", 0, problem, **details)
    assert describe(error) == sentence
    assert isinstance(error, UserError)


def test_every_source_problem_has_words() -> None:
    for problem in SourceProblem:
        details = {
            "code": 1,
            "encoding": "utf-8",
            "byte": 0xFF,
            "header": "a,b",
            "reason": "r",
            "name": "n",
            "status": 404,
            "problems": ListError([Problem(Path("a.toml"), 1, "", ProblemKind.EMPTY)]),
            "kind": "album",
            "value": "abc",
        }
        assert describe(SourceError("a.txt", 2, problem, **details)).startswith("a.txt:2: ")
