"""The mismatch report: one document per list per run, for people (Markdown) and scripts (JSON).

One concern per module, and nothing here does I/O (the application layer reads and writes the
files, in `syncer.application.reports`):
- `document`: the document's typed model (docs/report-schema.md), JSON out and checked JSON in;
- `build`: the document built from a run's `ListOutcome` (`syncer.outcome`);
- `diff`: the comparison with the previous run's document;
- `markdown`: the document rendered for people.

This module re-exports their public API.
"""

from syncer.report.build import DEFAULT_MAX_CANDIDATES, build_report
from syncer.report.document import (
    SCHEMA_VERSION,
    Report,
    parse_report,
    pin_line,
    read_report,
    render_json,
    summary_row,
)
from syncer.report.markdown import render_markdown, verdict

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "SCHEMA_VERSION",
    "Report",
    "build_report",
    "parse_report",
    "pin_line",
    "read_report",
    "render_json",
    "render_markdown",
    "summary_row",
    "verdict",
]
