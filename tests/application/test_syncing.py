"""`sync_lists`, the use case behind `syncer sync` and the page's "Sync now": typed outcomes,
what a face hears while it runs, reports where `find_reports` finds them, a list that cannot
run beside the others, and a stop through a `CancelToken`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
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
from syncer.sandbox import FaultSpec, Sandbox
from syncer.session import SpotifySession
from syncer.state import ListLock, load_state, state_path

from ..e2e.sandbox_hooks import on_request

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


def test_a_stop_during_a_retry_after_wait_on_a_session_held_open_ends_the_run_at_once(
    seed_lists: Path,
) -> None:
    """The review page's "Stop", as its "Sync now" runs (`sync_lists` on the page's session, in
    a thread): Spotify answers three searches, then asks to wait 60 s; the stop ends the run
    within 2 s plus one request's timeout, with the answers cached and a partial report."""
    rock = seed_lists / "rock-ballads.toml"
    settings = Settings(read_timeout=5.0)
    token = CancelToken()
    runs: list[SyncRun] = []
    with connect(rock, SANDBOX, settings) as session:
        sandbox = session.sandbox
        assert sandbox is not None
        limit_after_three_answers(sandbox, FaultSpec.parse("429=1,retry_after=60"))
        options = SyncOptions(concurrency=1)
        thread = threading.Thread(
            target=lambda: runs.append(held_session_run(rock, session, settings, options, token))
        )
        thread.start()
        wait_until(lambda: sandbox.stats().get("GET /v1/search", 0) >= 4)  # the 429'd one
        time.sleep(0.5)  # the run waits out the 60 s Spotify asked for

        stopped_at = time.monotonic()
        token.cancel("stopped from the page")
        thread.join(60)
        took = time.monotonic() - stopped_at

    assert took < 2 + settings.read_timeout
    [run] = runs
    [ran] = run.lists
    assert isinstance(ran, ListRan)
    assert ran.code is ExitCode.INTERRUPTED
    assert ran.report is not None
    stopped = ran.report["stopped"]
    assert stopped is not None
    assert (stopped["by"], stopped["phase"]) == ("stopped from the page", "matching")
    assert 0 < stopped["entries_done"] < stopped["entries"] == 25
    assert json.loads(find_reports(rock, SANDBOX, settings).json.read_text()) == ran.report
    state = load_state(state_path(seed_lists / ".syncer" / "sandbox", rock))
    assert len(state.matches) >= stopped["entries_done"] - ran.report["totals"]["error"]


def test_the_next_run_on_a_session_held_open_is_not_refused_by_the_last_ones_wait_budget(
    seed_lists: Path,
) -> None:
    """ "Sync now" twice on the page's session: the first run spends its wait budget on 429s
    and stops early (exit 3); Spotify lifts the limit; the second run syncs the list."""
    sorrow = seed_lists / "sorrow.toml"
    settings = Settings(max_wait=1.5)
    with connect(sorrow, SANDBOX, settings) as session:
        assert session.sandbox is not None
        session.sandbox.set_faults(FaultSpec.parse("429=1,retry_after=1"))
        first = held_session_run(sorrow, session, settings)
        session.sandbox.set_faults(None)

        second = held_session_run(sorrow, session, settings)

    [limited] = first.lists
    assert isinstance(limited, ListRan)
    assert limited.code is ExitCode.RATE_LIMITED
    [synced] = second.lists
    assert isinstance(synced, ListRan)
    assert synced.outcome.failure is None
    assert synced.code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION)
    assert synced.report is not None
    assert synced.report["totals"]["matched"] > 0


def held_session_run(
    path: Path,
    session: SpotifySession,
    settings: Settings,
    options: SyncOptions | None = None,
    cancel: CancelToken | None = None,
) -> SyncRun:
    """A run as the review page makes it: on the session it holds open, with its own token."""
    return sync_lists(
        [path],
        where=SANDBOX,
        settings=settings,
        options=options or SyncOptions(),
        words=marked,
        cancel=cancel or CancelToken(),
        session=session,
    )


def limit_after_three_answers(sandbox: Sandbox, faults: FaultSpec) -> None:
    """From the fourth search on, `faults`: the third search's answer is the last one sent."""
    answered: list[None] = []

    def count() -> None:
        answered.append(None)
        if len(answered) == 3:
            sandbox.set_faults(faults)

    on_request(sandbox, "GET", "/v1/search", count, times=3)


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.02)
