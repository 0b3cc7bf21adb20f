"""The review page's "Stop" is the CLI's Ctrl-C (issue 22, point 1), in Chromium: a person who
added a song to a synced list clicks "Sync now" while Spotify asks to wait a minute, and
"Stop". The run ends within 2 s plus one request's timeout, its state and a partial report
saved; and the next "Sync now" has a wait budget of its own, whatever the last one spent.

Each test has its own page (its own Spotify session), so a rate limit told to one page does
not hold up another.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from typer.testing import CliRunner

from syncer.cli import app
from syncer.cli.app import load_cli_settings
from syncer.sandbox import FaultSpec, Sandbox
from syncer.state import load_state, state_path
from syncer.web.desk import Desk, ReviewSetup
from syncer.web.server import ReviewServer, review_session

from .conftest import Page, _isolated, _start_browser
from .test_review_page import wait_for

REPO = Path(__file__).resolve().parents[2]
LIST = Path("lists") / "sorrow.toml"  # seven songs
ADDED = '\n[[tracks]]\ntitle = "ENDLESS RAIN"\nartist = "X JAPAN"\n'
TIMEOUT_S = 5.0  # SYNCER_TIMEOUT: one request's timeout


@contextmanager
def page_over_a_grown_list(
    root: Path, monkeypatch: pytest.MonkeyPatch, **settings: str
) -> Iterator[Page]:
    """The list synced from the command line, a song added to it since, and the review page
    over it (with `settings` as SYNCER_* variables), open in Chromium."""
    browser = _start_browser()
    _isolated(monkeypatch, root)
    for name, value in {"SYNCER_TIMEOUT": f"{TIMEOUT_S:g}", **settings}.items():
        monkeypatch.setenv(name, value)
    LIST.parent.mkdir()
    shutil.copy(REPO / LIST, LIST)
    synced = CliRunner().invoke(app, ["sync", str(LIST), "--sandbox"])
    assert synced.exit_code in (0, 1), synced.output
    LIST.write_text(LIST.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    setup = ReviewSetup(lists=(LIST,), sandbox=True)
    settings_now = load_cli_settings()
    try:
        with review_session(setup, settings_now) as session:
            server = ReviewServer(Desk(setup, settings_now, session))
            server.start()
            try:
                browser.get(server.address)
                yield Page(browser, server, root, (LIST,))
            finally:
                server.stop()
    finally:
        browser.quit()


def sandbox_of(page: Page) -> Sandbox:
    sandbox = page.desk.session.sandbox
    assert sandbox is not None
    return sandbox


def click_sync_now(page: Page) -> None:
    start = wait_for(page, expected_conditions.element_to_be_clickable((By.ID, "sync-start")))
    assert isinstance(start, WebElement)
    start.click()


def notice(page: Page, starting: str, timeout: float = 60) -> str:
    """The page's notice once it starts with `starting` (the page reloads after a sync)."""

    def shown(browser: WebDriver) -> str | None:
        for element in browser.find_elements(By.CSS_SELECTOR, "main p.notice"):
            if element.text.startswith(starting):
                return str(element.text)
        return None

    found = wait_for(page, shown, timeout)
    assert isinstance(found, str)
    return found


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the sync never got there"
        time.sleep(0.02)


def test_stop_cuts_a_minute_long_retry_after_wait_short_and_keeps_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with page_over_a_grown_list(tmp_path, monkeypatch) as page:
        sandbox = sandbox_of(page)
        sandbox.reset_stats()
        sandbox.set_faults(FaultSpec.parse("429=1,retry_after=60"))  # "wait a minute"

        click_sync_now(page)
        # The new song's search and the playlist listing go out together; whichever is
        # answered 429 first, the run then waits out the minute before sending anything more.
        wait_until(lambda: sum(sandbox.stats().values()) >= 1)
        time.sleep(0.5)
        sent_before_stop = sandbox.stats()
        stop = wait_for(page, expected_conditions.element_to_be_clickable((By.ID, "sync-stop")))
        assert isinstance(stop, WebElement)
        clicked = time.monotonic()
        stop.click()
        said = notice(page, "Sync stopped")
        took = time.monotonic() - clicked
        report = page.desk.last_report(LIST)

    assert took < 2 + TIMEOUT_S
    assert said == (
        "Sync stopped: sorrow.toml: stopped from the page after 7 of 8 entries; "
        "state and report saved; run again to finish."
    )
    assert report["stopped"] == {
        "by": "stopped from the page",
        "phase": "matching",
        "entries_done": 7,
        "entries": 8,
    }
    assert sandbox.stats() == sent_before_stop  # nothing sent after the stop
    assert sent_before_stop.get("GET /v1/search", 0) <= 1  # the new song's, if it went first
    state = load_state(state_path(LIST.parent / ".syncer" / "sandbox", LIST))
    assert len(state.matches) == 7  # the songs synced before are still known


def test_a_second_sync_now_is_not_refused_for_the_wait_budget_the_first_one_spent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with page_over_a_grown_list(tmp_path, monkeypatch, SYNCER_MAX_WAIT="1.5") as page:
        sandbox = sandbox_of(page)
        sandbox.set_faults(FaultSpec.parse("429=1,retry_after=1"))  # 1 s, then 1 s more: > 1.5
        click_sync_now(page)
        first = notice(page, "Synced")
        first_report = page.desk.last_report(LIST)
        sandbox.set_faults(None)  # Spotify lifts the limit

        click_sync_now(page)
        wait_for(page, lambda b: "8 of 8 placed" in b.find_element(By.TAG_NAME, "main").text)
        second = notice(page, "Synced")
        second_report = page.desk.last_report(LIST)

    assert "stopped early" in first
    assert first_report["stopped"] is not None
    assert first_report["stopped"]["by"] == "rate limit"
    assert second == "Synced: sorrow.toml: 8 of 8 placed."
    assert second_report["stopped"] is None
    assert second_report["totals"]["matched"] + second_report["totals"]["pinned"] == 8
