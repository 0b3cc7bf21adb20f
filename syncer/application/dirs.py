"""Where a list's things live: its state, its reports and the sandbox account.

Public API: `Where`, `ListDirs`, `list_dirs`.

`list_dirs` is the one place that works this out; every command and the review page ask it:
- the state directory is `--state-dir`, else SYNCER_STATE_DIR, else `.syncer` beside the list
  (`lists/.syncer` when no list is named, as for `syncer login`);
- a sandbox run keeps everything apart from real Spotify's, in `<state dir>/sandbox/` (the
  `realistic` search profile in `<state dir>/sandbox-realistic/`: matches remembered under one
  profile mean nothing under the other): the sandbox account's playlists and token, and the
  lists' state and reports, so a rehearsal never touches what a real run remembers;
- reports go to `--report-dir`, else SYNCER_REPORT_DIR, else `reports/` in that state directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from syncer.config import Settings

_SANDBOX_DIRNAME = "sandbox"
_SIMPLE = "simple"


@dataclass(frozen=True)
class Where:
    """Where a command was told to keep things: its options (None when not given), and whether
    it talks to the built-in sandbox with which search profile."""

    state_dir: Path | None = None  # --state-dir
    report_dir: Path | None = None  # --report-dir
    sandbox: bool = False
    profile: str = _SIMPLE  # --sandbox-profile


@dataclass(frozen=True)
class ListDirs:
    """One list's directories. `state` holds its state file and lock; under `--sandbox` it is
    also the sandbox account's directory (its playlists, its token), `sandbox_account`."""

    state: Path
    reports: Path
    sandbox_account: Path | None


def list_dirs(list_path: Path | None, where: Where, settings: Settings) -> ListDirs:
    """The directories of the list at `list_path` (None: no list, e.g. `syncer login`)."""
    chosen = where.state_dir or settings.state_dir
    if chosen is None:
        chosen = (list_path.parent if list_path is not None else Path("lists")) / ".syncer"
    state = chosen / _sandbox_dirname(where.profile) if where.sandbox else chosen
    reports = where.report_dir or settings.report_dir or state / "reports"
    return ListDirs(state=state, reports=reports, sandbox_account=state if where.sandbox else None)


def _sandbox_dirname(profile: str) -> str:
    return _SANDBOX_DIRNAME if profile == _SIMPLE else f"{_SANDBOX_DIRNAME}-{profile}"
