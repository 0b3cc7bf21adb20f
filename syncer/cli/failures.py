"""The last resort: failures syncer did not foresee, and files it cannot write.

No traceback ever reaches the user. An unexpected exception is told in one line (what, and the
line of syncer's code where it happened), its traceback goes to a log file in the per-user log
directory, and the exit code is `ExitCode.UNEXPECTED`; `syncer --debug …` shows the traceback
instead. A file or directory syncer cannot use (an unwritable `--report-dir` or `--state-dir`, a
file where a directory should be) is one line naming the path, exit `ExitCode.BAD_INPUT`.

Public API: `DEBUG`, `unexpected_message`, `os_error_message`, `crash_log_path`.
"""

from __future__ import annotations

import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

#: Set by `syncer --debug`: unexpected exceptions are re-raised with their traceback.
DEBUG = {"enabled": False}


def crash_log_path() -> Path:
    """Where tracebacks of unexpected failures go (e.g. ~/.local/state/syncer/log/)."""
    return platformdirs.user_log_path("syncer") / "syncer.log"


def unexpected_message(exc: BaseException) -> str:
    """One line for an unexpected failure, and where its details were written."""
    where = _where(exc)
    log = _record(exc)
    details = f"details in {log}" if log else "the log could not be written"
    return (
        f"unexpected failure: {type(exc).__name__}: {exc}{where}. This is a bug in syncer; "
        f"{details}, or run again with `syncer --debug …` to see them."
    )


def os_error_message(exc: OSError) -> str:
    """One line for a file or directory syncer could not use."""
    path = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or type(exc).__name__
    return (
        f"cannot use {path}: {reason}. Check that the directory exists and is writable "
        "(--state-dir, --report-dir, SYNCER_STATE_DIR, SYNCER_REPORT_DIR)"
    )


def _where(exc: BaseException) -> str:
    """The innermost frame in syncer's own code, as ` (at syncer/x.py:12)`."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/syncer/" in f.filename]
    if not frames:
        return ""
    last = frames[-1]
    short = last.filename[last.filename.rfind("/syncer/") + 1 :]
    return f" (at {short}:{last.lineno})"


def _record(exc: BaseException) -> Path | None:
    path = crash_log_path()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = "".join(traceback.format_exception(exc))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp} syncer {' '.join(sys.argv[1:])}\n{text}\n")
    except OSError:
        return None
    return path
