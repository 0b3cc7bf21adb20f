"""Reaching Spotify (or the built-in sandbox) for a use case, in the right directories.

Public API: `SandboxSetup`, `connect`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from syncer.application.dirs import Where, list_dirs
from syncer.cancel import CancelToken
from syncer.config import Settings
from syncer.session import SpotifySession, open_session


@dataclass(frozen=True)
class SandboxSetup:
    """How the built-in sandbox starts for a `Where.sandbox` run: its catalog (None: the
    default), its fault spec (e.g. '429=0.1,seed=7') and whether its account starts empty."""

    catalog: Path | None = None
    faults: str | None = None
    reset: bool = False


def connect(
    list_path: Path | None,
    where: Where,
    settings: Settings,
    setup: SandboxSetup | None = None,
    cancel: CancelToken | None = None,
) -> AbstractContextManager[SpotifySession]:
    """A session for work on the list at `list_path` (None: no list): real Spotify with the
    saved login, or a sandbox started in that list's sandbox directory (see `list_dirs`).
    `cancel` stops its requests and cuts its retry waits short."""
    dirs = list_dirs(list_path, where, settings)
    setup = setup or SandboxSetup()
    return open_session(
        settings,
        dirs.state,
        sandbox=where.sandbox,
        catalog=setup.catalog,
        faults=setup.faults,
        reset=setup.reset,
        profile=where.profile,
        cancel=cancel,
    )
