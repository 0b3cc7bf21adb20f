"""What a run prints: a progress bar and a table on a terminal, plain quiet lines under cron.

Public API: `Console` (`for_stdout`, `note`, `problem`, `news`, `progress`, `summary`),
`ProgressBar`.

Problems go to stderr, everything else to stdout. Without a terminal nothing is coloured and
no progress bar is drawn, so a cron log stays readable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TextIO

from rich import box
from rich.console import Console as RichConsole
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from syncer.report import Report, summary_row

# Columns always shown, and those shown only when some list has something in them: narrow
# enough for an 80-column terminal in the usual case.
_ALWAYS = ("list", "songs", "in playlist", "not found", "changes")
_OPTIONAL = ("review", "skipped", "duplicate", "errors", "yours kept")
_ORDER = ("list", "songs", "in playlist", "review", "not found", "skipped", "duplicate", "errors",
          "changes", "yours kept")  # fmt: skip


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

    def news(self, message: str) -> None:
        """What a `--quiet` run (cron) still prints on stdout: something changed."""
        print(message, file=self.out, flush=True)

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

    def summary(self, reports: Sequence[Report]) -> None:
        if self.quiet or not reports:
            return
        cells = [summary_cells(r) for r in reports]
        headers = [h for h in _ORDER if h in _ALWAYS or any(c[h] not in ("0", "") for c in cells)]
        rows = [[c[h] for h in headers] for c in cells]
        if self.interactive:
            table = Table(
                box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True
            )
            for title in headers:
                table.add_column(
                    title, justify="left" if title == "list" else "right", no_wrap=True
                )
            for row in rows:
                table.add_row(*row)
            RichConsole(file=self.out).print(table)
            return
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        for line in (headers, *rows):
            cells_in_line = zip(line, widths, strict=True)
            padded = (
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(cells_in_line)
            )
            print("  ".join(padded), file=self.out)


class ProgressBar:
    """`Console.progress` driven by calls instead of a `with` block: for a use case's listener,
    which hears a task start, advance and end."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._shown = ExitStack()
        self._advance: Callable[[int, int], None] = _ignore

    def start(self, label: str, total: int) -> None:
        self.stop()
        self._advance = self._shown.enter_context(self._console.progress(label, total))

    def advance(self, done: int, total: int) -> None:
        self._advance(done, total)

    def stop(self) -> None:
        self._shown.close()
        self._advance = _ignore


def summary_cells(report: Report) -> dict[str, str]:
    """One summary-table row, by column title: `report.summary_row`'s counts, formatted."""
    row = summary_row(report)
    changed = report["playlist"]["changes"] is not None
    return {
        "list": str(row["list"]),
        "songs": str(row["entries"]),
        "in playlist": str(int(row["matched"]) + int(row["pinned"])),
        "review": str(row["review"]),
        "not found": str(row["unmatched"]),
        "skipped": str(row["skipped"]),
        "duplicate": str(row["duplicate"]),
        "errors": str(row["error"]),
        "changes": f"+{row['added']} -{row['removed']} ~{row['moved']}" if changed else "-",
        "yours kept": str(row["kept_unmanaged"]),
    }


def _ignore(_done: int, _total: int) -> None:
    return None
