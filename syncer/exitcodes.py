"""Exit codes, documented in the README. When several apply, the most severe wins (see `worst`)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # synced (or nothing to do), every entry resolved
    NEEDS_ATTENTION = 1  # synced, but some entries need review or are unmatched
    BAD_INPUT = 2  # usage error, invalid list, bad settings or state file
    RATE_LIMITED = 3  # stopped early: Spotify's Retry-After exceeded the budget, or quota spent
    SPOTIFY_FAILURE = 4  # auth failure, or Spotify kept failing (an entry or a list errored)
    LOCKED = 5  # another run holds the lock for a list
    CHANGES_PENDING = 6  # --dry-run only: the playlist would change
    UNEXPECTED = 7  # a failure syncer did not foresee (a bug): one line, traceback in the log


# Most severe first.
_SEVERITY = (
    ExitCode.UNEXPECTED,
    ExitCode.BAD_INPUT,
    ExitCode.SPOTIFY_FAILURE,
    ExitCode.RATE_LIMITED,
    ExitCode.LOCKED,
    ExitCode.CHANGES_PENDING,
    ExitCode.NEEDS_ATTENTION,
    ExitCode.OK,
)


def worst(codes: list[ExitCode]) -> ExitCode:
    """The most severe of several outcomes (OK for none)."""
    for code in _SEVERITY:
        if code in codes:
            return code
    return ExitCode.OK
