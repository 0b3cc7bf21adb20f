"""`sync_lists`, the use case behind `syncer sync` and the page's "Sync now": typed outcomes,
what a face hears while it runs, reports where `find_reports` finds them, a list that cannot
run beside the others, and a stop through a `CancelToken`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from syncer.application import (
    ListNotRun,
    ListRan,
    ListSynced,
    SyncListener,
    SyncOptions,
    SyncRun,
    Where,
    connect,
    find_reports,
    sync_lists,
)
from syncer.cancel import CancelToken
from syncer.config import Settings
from syncer.errors import LockedError
from syncer.exitcodes import ExitCode
from syncer.model import SongList
from syncer.outcome import ListOutcome, SyncProblemKind
from syncer.state import ListLock

SANDBOX = Where(sandbox=True)


def marked(outcome: ListOutcome) -> ListOutcome:
    """Words a face would give; here a marker showing the reports carry the face's words."""
    return replace(outcome, problem=outcome.problem or "worded by the face")


def sync_in_sandbox(
    paths: list[Path],
    *,
    listener: SyncListener | None = None,
    cancel: CancelToken | None = None,
    options: SyncOptions | None = None,
) -> SyncRun:
    return sync_lists(
        paths,
        where=SANDBOX,
        settings=Settings(),
        options=options or SyncOptions(),
        words=marked,
        listener=listener,
        cancel=cancel,
    )


@dataclass
class Heard(SyncListener):
    events: list[tuple[str, object]] = field(default_factory=list)
    progress_seen: list[tuple[int, int]] = field(default_factory=list)

    def connected(self, description: str) -> None:
        self.events.append(("connected", description.split(" at ")[0]))

    def list_started(self, songlist: SongList) -> None:
        self.events.append(("started", songlist.path.name))

    def progress(self, done: int, total: int) -> None:
        self.progress_seen.append((done, total))

    def list_finished(self, synced: ListSynced) -> None:
        self.events.append(("finished", synced.songlist.path.name))


def test_sync_lists_returns_each_lists_outcome_and_writes_its_worded_report(
    seed_lists: Path,
) -> None:
    sorrow, tearjerkers = seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"
    heard = Heard()

    run = sync_in_sandbox([sorrow, tearjerkers], listener=heard)

    assert heard.events == [
        ("connected", "Using the built-in Spotify sandbox"),
        ("started", "sorrow.toml"),
        ("finished", "sorrow.toml"),
        ("started", "tearjerkers.toml"),
        ("finished", "tearjerkers.toml"),
    ]
    assert heard.progress_seen[-1][0] == heard.progress_seen[-1][1]  # every entry resolved
    assert run.stopped is None
    assert [type(s) for s in run.lists] == [ListRan, ListRan]
    for synced, path in zip(run.lists, (sorrow, tearjerkers), strict=True):
        assert isinstance(synced, ListRan)
        assert synced.code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
        assert synced.outcome.problem == "worded by the face"
        files = find_reports(path, SANDBOX, Settings())
        assert synced.report_file == files.markdown
        written = json.loads(files.json.read_text(encoding="utf-8"))
        assert written["problem"] == "worded by the face"
        assert written == synced.report
    assert run.reports == [s.report for s in run.lists if isinstance(s, ListRan)]


def test_a_list_held_by_another_run_is_not_run_and_the_others_go_on(seed_lists: Path) -> None:
    sorrow, tearjerkers = seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"
    state = seed_lists / ".syncer" / "sandbox"

    with ListLock(state, sorrow):
        run = sync_in_sandbox([sorrow, tearjerkers])

    held, other = run.lists
    assert isinstance(held, ListNotRun)
    assert isinstance(held.failure, LockedError)
    assert not find_reports(sorrow, SANDBOX, Settings()).json.exists()
    assert isinstance(other, ListRan)
    assert other.report is not None


def test_a_cancelled_run_stops_before_its_next_list_and_says_why(seed_lists: Path) -> None:
    token = CancelToken()

    class StopAfterFirst(SyncListener):
        def list_finished(self, synced: ListSynced) -> None:
            token.cancel("stopped from the page")

    run = sync_in_sandbox(
        [seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"],
        listener=StopAfterFirst(),
        cancel=token,
    )

    assert [s.songlist.path.name for s in run.lists] == ["sorrow.toml"]
    assert run.stopped == "stopped from the page"
    assert not find_reports(seed_lists / "tearjerkers.toml", SANDBOX, Settings()).json.exists()


def test_a_stop_while_a_list_matches_ends_that_list_with_its_work_saved_and_no_more_lists(
    seed_lists: Path,
) -> None:
    token = CancelToken()

    class StopWhileMatching(SyncListener):
        def progress(self, done: int, total: int) -> None:
            if done >= 3:
                token.cancel("SIGINT")

    run = sync_in_sandbox(
        [seed_lists / "sorrow.toml", seed_lists / "tearjerkers.toml"],
        listener=StopWhileMatching(),
        cancel=token,
        options=SyncOptions(concurrency=1),
    )

    [stopped] = run.lists
    assert isinstance(stopped, ListRan)
    assert stopped.outcome.failure is not None
    assert stopped.outcome.failure.kind is SyncProblemKind.CANCELLED
    assert stopped.report is not None  # the partial report is written
    assert run.stopped == "SIGINT"


def test_a_run_can_use_the_session_a_face_holds_open_and_leaves_it_open(seed_lists: Path) -> None:
    sorrow = seed_lists / "sorrow.toml"

    with connect(sorrow, SANDBOX, Settings()) as session:
        assert session.sandbox is not None
        run = sync_lists(
            [sorrow],
            where=SANDBOX,
            settings=Settings(),
            options=SyncOptions(),
            words=marked,
            session=session,
        )
        served = session.sandbox.stats()  # the same sandbox served the run, and is still up
        base_url = session.sandbox.base_url

    [ran] = run.lists
    assert isinstance(ran, ListRan)
    assert ran.outcome.sandbox_url == base_url
    assert served.get("GET /v1/search", 0) > 0
