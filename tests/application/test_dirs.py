"""A list's directories are worked out by one function, `list_dirs`: the state directory from
`--state-dir`, SYNCER_STATE_DIR or the list's place; the sandbox's apart, one per search
profile; reports from `--report-dir`, SYNCER_REPORT_DIR or beside the state."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncer.application import ListDirs, Where, list_dirs
from syncer.config import Settings, load_settings

LIST = Path("music/lists/sorrow.toml")
OPTION, ENV = Path("/opt/state"), Path("/env/state")
REPORT_OPTION, REPORT_ENV = Path("/opt/reports"), Path("/env/reports")
BESIDE = Path("music/lists/.syncer")

CASES: list[tuple[str, Path | None, Where, Settings, ListDirs]] = [
    (
        "beside the list",
        LIST,
        Where(),
        Settings(),
        ListDirs(BESIDE, BESIDE / "reports", None),
    ),
    (
        "no list: lists/.syncer",
        None,
        Where(),
        Settings(),
        ListDirs(Path("lists/.syncer"), Path("lists/.syncer/reports"), None),
    ),
    (
        "the environment's state directory",
        LIST,
        Where(),
        Settings(state_dir=ENV),
        ListDirs(ENV, ENV / "reports", None),
    ),
    (
        "--state-dir wins over the environment",
        LIST,
        Where(state_dir=OPTION),
        Settings(state_dir=ENV),
        ListDirs(OPTION, OPTION / "reports", None),
    ),
    (
        "sandbox apart",
        LIST,
        Where(sandbox=True),
        Settings(),
        ListDirs(BESIDE / "sandbox", BESIDE / "sandbox/reports", BESIDE / "sandbox"),
    ),
    (
        "realistic sandbox apart from the simple one",
        LIST,
        Where(state_dir=OPTION, sandbox=True, profile="realistic"),
        Settings(),
        ListDirs(
            OPTION / "sandbox-realistic",
            OPTION / "sandbox-realistic/reports",
            OPTION / "sandbox-realistic",
        ),
    ),
    (
        "the environment's report directory, shared by real and sandbox runs",
        LIST,
        Where(sandbox=True),
        Settings(report_dir=REPORT_ENV),
        ListDirs(BESIDE / "sandbox", REPORT_ENV, BESIDE / "sandbox"),
    ),
    (
        "--report-dir wins over the environment",
        LIST,
        Where(report_dir=REPORT_OPTION),
        Settings(state_dir=ENV, report_dir=REPORT_ENV),
        ListDirs(ENV, REPORT_OPTION, None),
    ),
    (
        "the profile means nothing without the sandbox",
        LIST,
        Where(profile="realistic"),
        Settings(),
        ListDirs(BESIDE, BESIDE / "reports", None),
    ),
]


@pytest.mark.parametrize(
    ("list_path", "where", "settings", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_list_dirs_resolves_state_reports_and_sandbox(
    list_path: Path | None, where: Where, settings: Settings, expected: ListDirs
) -> None:
    assert list_dirs(list_path, where, settings) == expected


def test_list_dirs_reads_the_environment_through_the_settings() -> None:
    settings = load_settings({"SYNCER_STATE_DIR": "/s", "SYNCER_REPORT_DIR": "/r"})

    dirs = list_dirs(LIST, Where(sandbox=True), settings)

    assert (dirs.state, dirs.reports) == (Path("/s/sandbox"), Path("/r"))
