"""Typed errors. They carry data; only `syncer.cli` words them for people and picks exit codes.

`UserError` and its subclasses mean "no traceback": the user can fix it. Anything else reaching
the CLI is a bug and is shown with a traceback (never with local variables).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SyncerError(Exception):
    """Base of every error syncer raises on purpose."""


class UserError(SyncerError):
    """Something the user can fix; shown without a traceback."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a list file: where (file, line, key) and what."""

    path: Path
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}"


class ListError(UserError):
    """A list file is invalid. Every problem found in the file is listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(UserError):
    """A setting is missing or wrong; the message says where to set it."""


class StateError(UserError):
    """A state file is corrupt or unreadable. It is never silently overwritten."""


class LockedError(UserError):
    """Another run holds the lock for this list."""


class AuthError(UserError):
    """No usable token: the user must run `syncer login`."""


class RateLimited(SyncerError):
    """Spotify asked us to wait longer than the run's budget allows, or the quota is spent."""

    def __init__(self, retry_after: float | None, reason: str | None = None) -> None:
        self.retry_after = retry_after
        self.reason = reason
        detail = f"Retry-After {retry_after:g}s" if retry_after is not None else "no Retry-After"
        super().__init__(f"rate limited by Spotify ({reason or detail})")


class SpotifyUnavailable(SyncerError):
    """Spotify kept failing (5xx, timeouts, resets) after every allowed retry."""


class WriteOutcomeUnknown(SpotifyUnavailable):
    """A playlist write failed after it may have reached Spotify (5xx, read timeout, reset).

    It is never re-sent blindly: the caller re-reads the playlist and re-plans, so a write that
    was applied before its response got lost neither duplicates nor loses a track.
    """

    def __init__(self, endpoint: str, cause: str) -> None:
        self.endpoint = endpoint
        super().__init__(f"{endpoint}: outcome unknown ({cause})")


class MalformedAnswer(SpotifyUnavailable):
    """Spotify (or something between) answered 2xx with a body that is not what the endpoint
    returns: not JSON, or JSON of another shape. Never read as "nothing found"."""

    def __init__(self, endpoint: str, problem: str) -> None:
        self.endpoint = endpoint
        self.problem = problem
        super().__init__(f"{endpoint}: unusable answer ({problem})")


class SpotifyRequestError(SyncerError):
    """Spotify answered an error that retrying cannot fix (4xx other than 401/429)."""

    def __init__(self, status: int, message: str, endpoint: str = "") -> None:
        self.status = status
        self.endpoint = endpoint
        super().__init__(f"{endpoint}: HTTP {status}: {message}" if endpoint else message)


class PlaylistProblem(UserError):
    """The target playlist cannot be used as it is (ambiguous, not owned, gone, guard tripped)."""


class VerifyError(SyncerError):
    """After writing, the playlist still differs from the plan."""
