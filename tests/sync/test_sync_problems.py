"""Why a list's run stops short: the core decides it as data (`SyncProblem`), the CLI words it.

The sentences below are the ones syncer has always shown (terminal and report `problem`),
written out by hand: the words moved to `syncer.cli.messages`, they did not change.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from syncer.cli.messages import describe, sync_problem_message
from syncer.details import DESCRIPTION_MAX, description_room, marked_description
from syncer.errors import RateLimited, SpotifyUnavailable, Unavailable, VerifyError
from syncer.model import PlaylistInfo, PlaylistSpec
from syncer.outcome import SyncProblem, SyncProblemKind
from syncer.sync import Facts, SyncOptions, Target, choose_playlist, decide

PACKAGE = Path(__file__).resolve().parents[2] / "syncer"
ME = "me"
URIS = [f"spotify:track:{n:022d}" for n in range(10)]


def playlist(pid: str, *, name: str = "Sorrow", owner: str = ME) -> PlaylistInfo:
    return PlaylistInfo(id=pid, name=name, owner_id=owner, description="Sad. [syncer]")


def words_of(problem: SyncProblem | Target) -> str:
    assert isinstance(problem, SyncProblem), f"expected a problem, got {problem}"
    return sync_problem_message(problem)


def test_a_remembered_playlist_of_someone_else_is_refused_naming_both_owners() -> None:
    theirs = playlist("p1", name="Tear-jerkers", owner="alice")

    problem = choose_playlist("p1", theirs, (), "bob", recreate=False)

    assert problem == SyncProblem(
        SyncProblemKind.NOT_YOURS,
        {"name": "Tear-jerkers", "playlist_id": "p1", "owner_id": "alice", "user_id": "bob"},
    )
    assert words_of(problem) == (
        "playlist 'Tear-jerkers' (p1) belongs to alice, not to you (bob); "
        "syncer only edits your own playlists."
    )


def test_a_remembered_playlist_that_is_gone_asks_for_recreate() -> None:
    problem = choose_playlist("p1", None, (), ME, recreate=False)

    assert problem == SyncProblem(SyncProblemKind.PLAYLIST_GONE, {"playlist_id": "p1"})
    assert words_of(problem) == (
        "the playlist this list syncs to (p1) no longer exists: it was deleted or unfollowed. "
        "Run again with --recreate to create a new one."
    )
    assert choose_playlist("p1", None, (), ME, recreate=True) == Target("create")


def test_two_marked_playlists_of_the_same_name_are_ambiguous_naming_both() -> None:
    marked = (playlist("p1"), playlist("p2"), playlist("p3", owner="alice"))

    problem = choose_playlist(None, None, marked, ME, recreate=False)

    assert problem == SyncProblem(
        SyncProblemKind.SAME_NAMED, {"name": "Sorrow", "ids": ("p1", "p2")}
    )
    assert words_of(problem) == (
        "two or more of your playlists are named 'Sorrow' and managed by syncer (p1, p2); "
        "delete or rename all but one, then sync again."
    )


def test_the_removal_guard_names_counts_and_shares() -> None:
    target = Target("remembered", playlist("p1"))
    facts = Facts(ME, target, [*URIS[:4], None])

    decision = decide(
        PlaylistSpec(name="Sorrow"), URIS[:1], facts, managed=URIS[:4], options=SyncOptions()
    )

    assert decision.problem == SyncProblem(
        SyncProblemKind.REMOVAL_GUARD, {"removed": 3, "tracks": 4, "share": 0.75, "allowed": 0.5}
    )
    assert words_of(decision.problem) == (
        "this sync would remove 3 of the playlist's 4 tracks (75%), more than the 50% allowed "
        "without --force. Check the list; if this is intended, run again with --force."
    )
    forced = decide(
        PlaylistSpec(name="Sorrow"),
        URIS[:1],
        facts,
        managed=URIS[:4],
        options=SyncOptions(force=True),
    )
    assert forced.problem is None


@pytest.mark.parametrize(
    ("error", "words"),
    [
        pytest.param(
            SpotifyUnavailable("POST /me/playlists", Unavailable.CREATE_UNCONFIRMED),
            "could not create the playlist; run again later",
            id="create-unconfirmed",
        ),
        pytest.param(
            SpotifyUnavailable("/playlists/p1/items", Unavailable.NOT_CONVERGED, "8"),
            "the playlist still differed from the plan after 8 attempts; run again later",
            id="not-converged",
        ),
        pytest.param(
            VerifyError(expected=3, found=2, missing=[URIS[2]], unexpected=()),
            f"after writing, the playlist differs from the plan: expected 3 tracks, found 2; "
            f"missing {URIS[2]}",
            id="verify-missing",
        ),
        pytest.param(
            VerifyError(expected=2, found=3, unexpected=[URIS[5], URIS[6]]),
            f"after writing, the playlist differs from the plan: expected 2 tracks, found 3; "
            f"unexpected {URIS[5]}, {URIS[6]}",
            id="verify-unexpected",
        ),
        pytest.param(
            VerifyError(expected=2, found=2),
            "after writing, the playlist differs from the plan: expected 2 tracks, found 2; "
            "same tracks in a different order",
            id="verify-order",
        ),
        pytest.param(
            SpotifyUnavailable("GET /me/playlists", Unavailable.RETRIES_SPENT, "HTTP 503"),
            "GET /me/playlists: HTTP 503 after every allowed retry",
            id="retries-spent",
        ),
    ],
)
def test_a_failed_playlist_sync_names_what_spotify_did(error: Exception, words: str) -> None:
    problem = SyncProblem(SyncProblemKind.SPOTIFY_FAILED, {"error": error})

    assert sync_problem_message(problem) == f"the playlist could not be synced: {words}"


def test_an_early_stop_names_the_rate_limit_and_what_was_kept() -> None:
    problem = SyncProblem(SyncProblemKind.STOPPED_EARLY, {"error": RateLimited(86400.0)})

    assert sync_problem_message(problem) == (
        "stopped early: rate limited by Spotify (Retry-After 86400s). Everything resolved so "
        "far is saved; run again later to finish."
    )


def test_every_problem_kind_has_words() -> None:
    errors = {"error": RateLimited(None, "QUOTA_EXCEEDED")}
    details: dict[SyncProblemKind, dict[str, Any]] = {
        SyncProblemKind.NOT_YOURS: {
            "name": "a",
            "playlist_id": "b",
            "owner_id": "c",
            "user_id": None,
        },
        SyncProblemKind.PLAYLIST_GONE: {"playlist_id": "b"},
        SyncProblemKind.SAME_NAMED: {"name": "a", "ids": ("b", "c")},
        SyncProblemKind.UNCLAIMED: {"name": "a", "ids": ("b",), "marker": "(m) [1a2b3c4d]"},
        SyncProblemKind.REMOVAL_GUARD: {"removed": 1, "tracks": 1, "share": 1.0, "allowed": 0.5},
        SyncProblemKind.SPOTIFY_FAILED: errors,
        SyncProblemKind.STOPPED_EARLY: errors,
        SyncProblemKind.CANCELLED: {
            "reason": "SIGTERM",
            "done": 15,
            "total": 25,
            "phase": "matching",
        },
    }
    assert set(details) == set(SyncProblemKind)
    for kind, fields in details.items():
        words = sync_problem_message(SyncProblem(kind, fields))
        assert words, kind
        assert "{" not in words, kind


# Distinctive pieces of each kind's words: none of them may be spelled out in the core.
SENTENCE_PIECES = [
    "syncer only edits your own playlists",
    "no longer exists: it was",
    "managed by syncer (",
    "allowed without --force",
    "the playlist could not be synced",
    "Everything resolved so far is saved",
    "differs from the plan:",
    "could not create the playlist",
    "still differed from the plan",
    "does not take it over",
]


def core_modules() -> list[Path]:
    skipped = {PACKAGE / "cli", PACKAGE / "sandbox"}
    return [p for p in PACKAGE.rglob("*.py") if not any(p.is_relative_to(s) for s in skipped)]


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_the_core_never_spells_out_a_sync_problem() -> None:
    found = [
        (path.relative_to(PACKAGE).as_posix(), piece)
        for path in core_modules()
        for text in string_constants(path)
        for piece in SENTENCE_PIECES
        if piece in text
    ]
    assert len(core_modules()) > 20
    assert found == []


def test_describe_words_a_verify_error_from_its_fields() -> None:
    error = VerifyError(expected=1, found=0, missing=[URIS[0]])

    assert (error.expected, error.found, error.missing, error.unexpected) == (1, 0, (URIS[0],), ())
    assert describe(error).endswith(f"expected 1 tracks, found 0; missing {URIS[0]}")


def test_a_description_that_check_accepts_is_written_whole_and_fits_spotify() -> None:
    fits = "あ" * description_room()

    written = marked_description(fits, "1a2b3c4d")
    shortened = marked_description(fits + "い", "1a2b3c4d")

    assert written.startswith(fits + " ")
    assert len(written) == DESCRIPTION_MAX
    assert len(shortened) == DESCRIPTION_MAX
    assert "い" not in shortened
    assert shortened.startswith("あ" * (description_room() - 1) + "…")
