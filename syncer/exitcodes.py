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
    INTERRUPTED = 130  # stopped by Ctrl-C (SIGINT) or the review page: work so far saved
    TERMINATED = 143  # stopped by SIGTERM (cron wrappers, systemd, `timeout`): work so far saved


# Most severe first. A stopped run comes first: the lists after the stop were never run, and
# 128 + the signal's number is what a shell, `timeout` or systemd expect of a stopped process.
_SEVERITY = (
    ExitCode.TERMINATED,
    ExitCode.INTERRUPTED,
    ExitCode.UNEXPECTED,
    ExitCode.BAD_INPUT,
    ExitCode.SPOTIFY_FAILURE,
    ExitCode.RATE_LIMITED,
    ExitCode.LOCKED,
    ExitCode.CHANGES_PENDING,
    ExitCode.NEEDS_ATTENTION,
    ExitCode.OK,
)


def stopped_code(reason: str | None) -> ExitCode:
    """The exit code of a run stopped for `reason` (a `CancelToken` reason): 143 for SIGTERM,
    130 for Ctrl-C and any other stop (the review page's "stop" is a Ctrl-C of its own)."""
    return ExitCode.TERMINATED if reason == "SIGTERM" else ExitCode.INTERRUPTED


def worst(codes: list[ExitCode]) -> ExitCode:
    """The most severe of several outcomes (OK for none)."""
    for code in _SEVERITY:
        if code in codes:
            return code
    return ExitCode.OK
