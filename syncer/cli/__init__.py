"""The command line: a thin typer layer (options, wording, exit codes) over the use cases of
`syncer.application`. `main()` is the console script.

Commands live in `run.py` (sync, check, report), `account.py` (login, doctor, sandbox),
`decide.py` (review, pin, reject, skip, alias, accept) and `importer.py` (import); `app.py`
holds the typer application, the shared options and the one place where errors become messages
and exit codes.
"""

from __future__ import annotations

from syncer.cli import account, decide, importer, run
from syncer.cli.app import app, main

__all__ = ["account", "app", "decide", "importer", "main", "run"]
