"""The report document's typed model (docs/report-schema.md), written as JSON and read back.

One model serves both ways: `build` fills it, `render_json` writes it, `read_report` turns a
file's text back into it, checking every key and type, so whoever reads a report (the diff, the
CLI) gets the same typed document the run wrote.

Public API: `SCHEMA_VERSION`, `Report` and its parts (`ListDoc`, `PlaylistDoc`, `ChangesDoc`,
`TrackRefDoc`, `TotalsDoc`, `SincePreviousDoc`, `EntryChangeDoc`, `RequestsDoc`, `EntryDoc`,
`CandidateDoc`), `render_json`, `read_report`, `parse_report`, `pin_line`, `summary_row`.
"""

from __future__ import annotations

import json
import types
from typing import Any, TypedDict, Union, get_args, get_origin, get_type_hints, is_typeddict

from syncer.errors import ReportUnreadable, UnknownReportVersion
from syncer.model import Status

#: Bumped only for incompatible changes; adding keys keeps the version.
SCHEMA_VERSION = 1


class TrackRefDoc(TypedDict):
    uri: str
    name: str | None
    artists: list[str]


class ChangesDoc(TypedDict):
    added: list[TrackRefDoc]
    removed: list[TrackRefDoc]
    moved: int
    kept_unmanaged: list[TrackRefDoc]
    restored_copies: list[TrackRefDoc]


class PlaylistDoc(TypedDict):
    id: str | None
    name: str
    url: str | None
    sandbox: bool
    created: bool
    dry_run: bool
    changes: ChangesDoc | None


class ListDoc(TypedDict):
    path: str
    stem: str
    resolved: str | None


class TotalsDoc(TypedDict):
    entries: int
    matched: int
    pinned: int
    review: int
    unmatched: int
    skipped: int
    duplicate: int
    error: int


class RequestsDoc(TypedDict):
    total: int
    by_endpoint: dict[str, int]


class CandidateDoc(TypedDict):
    uri: str
    url: str
    name: str
    artists: list[str]
    album: str
    year: int | None
    duration_ms: int
    score: float
    penalties: dict[str, float]
    rejected_by_user: bool
    pin_line: str


class EntryDoc(TypedDict):
    index: int
    title: str
    artist: str
    status: str
    uri: str | None
    reason: str
    line: int
    queries: list[str]
    candidates: list[CandidateDoc]


class EntryChangeDoc(TypedDict):
    index: int
    title: str
    artist: str
    old_status: str | None
    new_status: str
    old_uri: str | None
    new_uri: str | None


class SincePreviousDoc(TypedDict):
    previous_finished_at: str
    newly_unmatched: list[EntryChangeDoc]
    newly_matched: list[EntryChangeDoc]
    match_changed: list[EntryChangeDoc]
    newly_needing_attention: list[EntryChangeDoc]
    no_longer_needing_attention: list[EntryChangeDoc]


class StoppedDoc(TypedDict):
    """Where a run that stopped before its end stopped (see docs/report-schema.md)."""

    by: str
    phase: str
    entries_done: int
    entries: int


class Report(TypedDict):
    schema_version: int
    list: ListDoc
    playlist: PlaylistDoc
    started_at: str
    finished_at: str
    problem: str | None
    stopped: StoppedDoc | None
    totals: TotalsDoc
    changes_since_previous: SincePreviousDoc | None
    requests: RequestsDoc
    entries: list[EntryDoc]


#: Keys added to version 1 after it was first written, with the value an older report implies.
_ADDED_SINCE_FIRST_RELEASE: dict[tuple[str, ...], object] = {
    ("playlist", "sandbox"): False,
    ("list", "resolved"): None,
    ("playlist", "changes", "restored_copies"): [],
    ("stopped",): None,
    ("changes_since_previous", "newly_needing_attention"): [],
    ("changes_since_previous", "no_longer_needing_attention"): [],
}


def pin_line(uri: str) -> str:
    """The TOML line that pins an entry to `uri`, exactly as it goes into the list file."""
    return f'uri = "{uri}"'


def render_json(report: Report) -> str:
    """The report as JSON: keys in schema order, UTF-8 text kept as is, a trailing newline."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def read_report(text: str) -> Report:
    """A report's JSON text read back into the typed model.

    Raises `UnknownReportVersion` for another `schema_version` (or none), and `ReportUnreadable`
    naming the first key that is missing or of the wrong type. Keys this version does not know
    are dropped (newer versions may add keys); keys added since version 1 was first released
    get the value an older report implies.
    """
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ReportUnreadable(key="", problem=f"not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ReportUnreadable(key="", problem="not a JSON object")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise UnknownReportVersion(found=version, supported=SCHEMA_VERSION)
    for path, value in _ADDED_SINCE_FIRST_RELEASE.items():
        _fill_missing(document, path, value)
    report: Report = _checked(document, Report, "")
    return report


def parse_report(text: str) -> Report | None:
    """A previous report read back for the diff; None when it is not a usable report.

    A damaged or foreign file must not stop a run: the diff is simply left out.
    """
    try:
        return read_report(text)
    except ReportUnreadable:
        return None


def summary_row(report: Report) -> dict[str, int | str]:
    """One list's line in the CLI's end-of-run summary table."""
    changes, totals = report["playlist"]["changes"], report["totals"]
    row: dict[str, int | str] = {
        "list": report["list"]["stem"],
        "playlist": report["playlist"]["name"],
        "entries": totals["entries"],
    }
    row.update({status.value: totals[status.value] for status in Status})
    row["added"] = len(changes["added"]) if changes else 0
    row["removed"] = len(changes["removed"]) if changes else 0
    row["moved"] = changes["moved"] if changes else 0
    row["kept_unmanaged"] = len(changes["kept_unmanaged"]) if changes else 0
    row["problem"] = report["problem"] or ""
    return row


# --- checking a document read back against the model -------------------------------------------


def _fill_missing(document: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    *parents, key = path
    node: object = document
    for parent in parents:
        node = node.get(parent) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.setdefault(key, value)


def _checked(value: object, expected: Any, where: str) -> Any:
    """`value` if it has the `expected` type (a TypedDict, list, dict, union or scalar), copied
    without unknown keys; raises ReportUnreadable naming `where` otherwise."""
    if is_typeddict(expected):
        return _checked_object(value, expected, where)
    origin = get_origin(expected)
    if origin in (Union, types.UnionType):
        return _checked_union(value, get_args(expected), where)
    if origin is list:
        if not isinstance(value, list):
            raise _wrong_type(where, "an array", value)
        (item,) = get_args(expected)
        return [_checked(v, item, f"{where}[{n}]") for n, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong_type(where, "an object", value)
        _, item = get_args(expected)
        return {k: _checked(v, item, f"{where}.{k}") for k, v in value.items()}
    if not _is_scalar(value, expected):
        raise _wrong_type(where, _SCALAR_NAMES[expected], value)
    return value


def _checked_object(value: object, expected: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong_type(where, "an object", value)
    checked = {}
    for key, annotation in get_type_hints(expected).items():
        inner = f"{where}.{key}" if where else key
        if key not in value:
            raise ReportUnreadable(key=inner, problem="missing")
        checked[key] = _checked(value[key], annotation, inner)
    return checked


def _checked_union(value: object, options: tuple[Any, ...], where: str) -> Any:
    if value is None and type(None) in options:
        return None
    (option,) = (o for o in options if o is not type(None))  # the model's unions are `X | None`
    return _checked(value, option, where)


_SCALAR_NAMES: dict[Any, str] = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}  # fmt: skip


def _is_scalar(value: object, expected: Any) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if expected is float:  # JSON writes 1.0 as 1.0, but a hand-made report may say 1
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, expected) and not isinstance(value, bool)


def _wrong_type(where: str, expected: str, value: object) -> ReportUnreadable:
    found = "null" if value is None else type(value).__name__
    return ReportUnreadable(key=where, problem=f"should be {expected}, not {found}")
