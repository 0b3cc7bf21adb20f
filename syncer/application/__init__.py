"""The application layer: the use cases the command line and the review page share.

Each rule has one home here, between the faces (`syncer.cli`, `syncer.web`) and the rest
(`syncer.sync`, `syncer.state`, `syncer.plan`...), which the faces never import. Functions take
plain data (paths, `Where`, `Settings`, options) and return typed results; they never print or
word, and raise only the typed errors of `syncer.errors`.

Public API:
- `Where`, `ListDirs`, `list_dirs`: the one resolver of a list's directories (`dirs.py`);
- `SandboxSetup`, `connect`: a Spotify session in those directories (`connection.py`);
- `SyncOptions`, `SyncListener`, `ListRan`, `ListNotRun`, `ListSynced`, `SyncRun`, `sync_lists`, `Words`: syncing
  lists (`syncing.py`);
- `ReportFiles`, `OtherReport`, `find_reports`, `last_report`, `read_last_report`,
  `reports_elsewhere`, `run_options`, `write_report`: a list's report files (`reports.py`);
- `decisions`: recording a decision on an entry (pin, reject, skip, alias, accept) and the
  entries a person is asked to settle (`decisions.py`);
- `importing`: starting a list from a source, adopting a playlist (`importing.py`).
"""

from __future__ import annotations

from syncer.application import decisions, importing
from syncer.application.connection import SandboxSetup, connect
from syncer.application.dirs import ListDirs, Where, list_dirs
from syncer.application.reports import (
    OtherReport,
    ReportFiles,
    find_reports,
    last_report,
    read_last_report,
    reports_elsewhere,
    run_options,
    write_report,
)
from syncer.application.syncing import (
    ListNotRun,
    ListRan,
    ListSynced,
    SyncListener,
    SyncRun,
    Words,
    sync_lists,
)
from syncer.sync import SyncOptions

__all__ = [
    "ListDirs",
    "ListNotRun",
    "ListRan",
    "ListSynced",
    "OtherReport",
    "ReportFiles",
    "SandboxSetup",
    "SyncListener",
    "SyncOptions",
    "SyncRun",
    "Where",
    "Words",
    "connect",
    "decisions",
    "find_reports",
    "importing",
    "last_report",
    "list_dirs",
    "read_last_report",
    "reports_elsewhere",
    "run_options",
    "sync_lists",
    "write_report",
]
