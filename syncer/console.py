"""What a run prints: a progress bar and a table on a terminal, plain quiet lines under cron.

Public API: `Console` (`for_stdout`, `note`, `problem`, `progress`, `summary`).

Problems go to stderr, everything else to stdout. Without a terminal nothing is coloured and
no progress bar is drawn, so a cron log stays readable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from rich.console import Console as RichConsole
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

_COLUMNS = (
    ("list", "list"),
    ("entries", "entries"),
    ("matched", "matched"),
    ("pinned", "pinned"),
    ("review", "review"),
    ("unmatched", "unmatched"),
    ("skipped", "skipped"),
    ("duplicate", "dup"),
    ("error", "error"),
    ("added", "+added"),
    ("removed", "-removed"),
    ("moved", "moved"),
    ("kept_unmanaged", "kept"),
)


@dataclass
class Console:
    out: TextIO
    err: TextIO
    quiet: bool
    interactive: bool

    @classmethod
    def for_stdout(cls, *, quiet: bool) -> Console:
        return cls(out=sys.stdout, err=sys.stderr, quiet=quiet, interactive=sys.stdout.isatty())

    def note(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.out, flush=True)

    def problem(self, message: str) -> None:
        print(message, file=self.err, flush=True)

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[int, int], None]]:
        """A callback `advance(done, total)`; draws a bar only on a terminal."""
        if self.quiet or not self.interactive or total == 0:
            yield _ignore
            return
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=RichConsole(file=self.out),
            transient=True,
        )
        task = bar.add_task(label, total=total)
        with bar:
            yield lambda done, _total: bar.update(task, completed=done)

    def summary(self, reports: Sequence[dict[str, Any]]) -> None:
        if self.quiet or not reports:
            return
        rows = [summary_cells(r) for r in reports]
        if self.interactive:
            table = Table(title="syncer", show_edge=False)
            for _, title in _COLUMNS:
                table.add_column(title, justify="left" if title == "list" else "right")
            for row in rows:
                table.add_row(*row)
            RichConsole(file=self.out).print(table)
            return
        widths = [
            max(len(title), *(len(r[i]) for r in rows)) for i, (_, title) in enumerate(_COLUMNS)
        ]
        header = [title for _, title in _COLUMNS]
        for cells in (header, *rows):
            print(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                ),
                file=self.out,
            )


def summary_cells(report: dict[str, Any]) -> list[str]:
    """One summary-table row from a report document."""
    totals = report.get("totals", {})
    changes = (report.get("playlist") or {}).get("changes") or {}
    values: dict[str, object] = {"list": report.get("list", {}).get("stem", "?"), **totals}
    for key in ("added", "removed", "kept_unmanaged"):
        value = changes.get(key, [])
        values[key] = len(value) if isinstance(value, list) else value
    values["moved"] = changes.get("moved", 0)
    return [str(values.get(key, 0)) for key, _ in _COLUMNS]


def _ignore(_done: int, _total: int) -> None:
    return None
