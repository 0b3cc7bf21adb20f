"""The review page, used the way a person uses it: in Chromium, by mouse and by keyboard, over
the three seed articles imported and synced against the sandbox."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait
from typer.testing import CliRunner

from syncer.cli import app
from syncer.lists import load_list
from syncer.report.document import EntryDoc
from syncer.sandbox import FaultSpec

from .conftest import Page

DOCS = Path(__file__).resolve().parents[2] / "docs"
ATTENTION = {"review", "unmatched", "error", "duplicate"}


def attention(page: Page) -> list[tuple[Path, EntryDoc]]:
    """Every (list, report entry) the page must show, from the reports themselves."""
    return [
        (path, item)
        for path in page.lists
        for item in page.desk.last_report(path)["entries"]
        if item["status"] in ATTENTION
    ]


def card(page: Page, list_path: Path, index: int) -> WebElement:
    return page.browser.find_element(By.ID, f"l{page.lists.index(list_path)}e{index}")


def first_with_candidates(page: Page, at_least: int = 1) -> tuple[Path, EntryDoc]:
    return next((p, i) for p, i in attention(page) if len(i["candidates"]) >= at_least)


def wait_for(page: Page, condition: Callable[[WebDriver], object], timeout: float = 10) -> object:
    waiting = WebDriverWait(
        page.browser, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    return waiting.until(condition)


def reloaded(page: Page, before: WebElement) -> None:
    wait_for(page, expected_conditions.staleness_of(before))
    wait_for(page, lambda b: b.execute_script("return document.readyState") == "complete")


def entry_now(path: Path, index: int):
    return load_list(path).entries[index]


def test_the_page_lists_every_entry_not_placed_with_its_line_and_candidates(fresh: Page) -> None:
    shown = fresh.browser.find_elements(By.CSS_SELECTOR, "article.entry")
    expected = attention(fresh)

    assert len(shown) == len(expected) > 0
    for path, item in expected:
        text = card(fresh, path, item["index"]).text
        assert item["title"] in text
        assert f"line {item['line']}" in text
        assert text.count("Open in Spotify") == len(item["candidates"])
    covers = fresh.browser.find_elements(By.CSS_SELECTOR, "img.cover")
    assert covers, "candidates show their album covers"


def test_pin_by_clicking(fresh: Page) -> None:
    path, item = first_with_candidates(fresh)
    chosen = item["candidates"][0]
    button = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, '[data-pin="1"]')

    button.click()
    reloaded(fresh, button)

    assert entry_now(path, item["index"]).uri == chosen["uri"]
    assert "Pinned to" in card(fresh, path, item["index"]).text


def test_pin_by_keyboard_alone(fresh: Page) -> None:
    path, item = first_with_candidates(fresh, at_least=2)
    body = fresh.browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")  # the first entry
    target = f"l{fresh.lists.index(path)}e{item['index']}"
    for _ in range(60):
        if fresh.browser.switch_to.active_element.get_attribute("id") == target:
            break
        fresh.browser.switch_to.active_element.send_keys("j")
    assert fresh.browser.switch_to.active_element.get_attribute("id") == target
    before = fresh.browser.switch_to.active_element

    before.send_keys("2")
    reloaded(fresh, before)

    assert entry_now(path, item["index"]).uri == item["candidates"][1]["uri"]
    focused = fresh.browser.switch_to.active_element.get_attribute("id") or ""
    assert focused.startswith("l"), "after a decision the keyboard goes on from an entry"


def test_reject_says_not_this_one(fresh: Page) -> None:
    path, item = first_with_candidates(fresh)
    button = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, '[data-reject="1"]')

    button.click()
    reloaded(fresh, button)

    now = entry_now(path, item["index"])
    assert now.reject == (item["candidates"][0]["uri"],)
    assert now.uri is None


def test_skip_marks_not_on_spotify(fresh: Page) -> None:
    path, item = attention(fresh)[0]
    button = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, '[data-key="skip"]')

    button.click()
    reloaded(fresh, button)

    assert entry_now(path, item["index"]).skip == "not on Spotify"


def test_alias_is_added_from_the_box(fresh: Page) -> None:
    path, item = attention(fresh)[-1]
    box = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, '[data-key="alias"]')

    box.send_keys("Another Title", Keys.ENTER)
    reloaded(fresh, box)

    assert "Another Title" in entry_now(path, item["index"]).aliases


def test_search_and_pin_a_result(fresh: Page) -> None:
    path, item = attention(fresh)[0]
    wanted = first_with_candidates(fresh)[1]["candidates"][0]["name"]  # a title Spotify has
    box = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, '[data-key="search"]')
    box.send_keys(wanted, Keys.ENTER)
    reloaded(fresh, box)
    results = card(fresh, path, item["index"]).find_elements(By.CSS_SELECTOR, "[data-result]")
    assert results, "the search found tracks"
    expected = fresh.desk.search(wanted, "free")[0]

    results[0].click()
    reloaded(fresh, results[0])

    assert entry_now(path, item["index"]).uri == expected.uri


def test_sync_now_shows_the_new_report(fresh: Page) -> None:
    path, item = first_with_candidates(fresh)
    fresh.browser.find_element(
        By.CSS_SELECTOR, f'#l{fresh.lists.index(path)}e{item["index"]} [data-pin="1"]'
    ).click()
    wait_for(fresh, lambda b: "Pinned to" in b.find_element(By.TAG_NAME, "main").text)
    start = fresh.browser.find_element(By.ID, "sync-start")

    start.click()
    reloaded(fresh, start)
    wait_for(fresh, lambda b: "Synced" in b.find_element(By.TAG_NAME, "main").text, timeout=60)

    statuses = {i["index"]: i["status"] for i in fresh.desk.last_report(path)["entries"]}
    assert statuses[item["index"]] == "pinned"
    assert not fresh.browser.find_elements(By.ID, f"l{fresh.lists.index(path)}e{item['index']}")


def test_sync_now_can_be_stopped(fresh: Page) -> None:
    sandbox = fresh.desk.session.sandbox
    assert sandbox is not None
    sandbox.set_faults(FaultSpec.parse("latency=250ms"))  # a sync slow enough to stop
    try:
        fresh.browser.find_element(By.ID, "sync-start").click()
        stop = wait_for(
            fresh, expected_conditions.visibility_of_element_located((By.ID, "sync-stop"))
        )
        assert isinstance(stop, WebElement)
        stop.click()
        wait_for(fresh, lambda b: "Sync stopped" in b.find_element(By.TAG_NAME, "main").text, 60)
    finally:
        sandbox.set_faults(None)

    assert fresh.desk.sync.status.stopped
    assert fresh.browser.find_elements(By.CSS_SELECTOR, "article.entry"), "the page shows again"


def test_clicking_through_gives_the_files_the_cli_gives(fresh: Page) -> None:
    """The same decisions, clicked on the page and typed as `syncer pin/reject/skip`, leave
    byte-identical list files."""
    typed = fresh.root / "typed"
    shutil.copytree(fresh.root / "lists", typed, ignore=shutil.ignore_patterns(".syncer"))
    plan = [
        (path, item, _decision_for(number, item))
        for number, (path, item) in enumerate(attention(fresh))
    ]

    for path, item, (action, uri) in plan:
        selector = {
            "pin": '[data-pin="1"]',
            "reject": '[data-reject="1"]',
            "skip": '[data-key="skip"]',
        }
        button = card(fresh, path, item["index"]).find_element(By.CSS_SELECTOR, selector[action])
        button.click()
        reloaded(fresh, button)
        other = typed / path.name
        command = {
            "pin": ["pin", str(other), str(item["index"]), uri, "--sandbox", "--force"],
            "reject": ["reject", str(other), str(item["index"]), uri],
            "skip": ["skip", str(other), str(item["index"])],
        }[action]
        done = CliRunner().invoke(app, command)
        assert done.exit_code == 0, done.output

    assert {a for _, _, (a, _) in plan} == {"pin", "reject", "skip"}
    for path in fresh.lists:
        assert path.read_bytes() == (typed / path.name).read_bytes(), path


def _decision_for(number: int, item: EntryDoc) -> tuple[str, str]:
    """Pin, reject, pin, reject... the best candidate; skip an entry without any."""
    if not item["candidates"]:
        return "skip", ""
    return ("pin" if number % 2 == 0 else "reject"), item["candidates"][0]["uri"]


def test_a_list_that_fails_check_is_shown_as_an_error(fresh: Page) -> None:
    text = fresh.browser.find_element(By.CSS_SELECTOR, ".error-card").text

    assert "cannot be reviewed" in text
    assert "tempo" in text


def test_screenshots_at_desktop_and_390_pixels_wide(fresh: Page) -> None:
    """The page at 1280 and at 390 pixels wide; nothing may stick out sideways on a phone.

    With UPDATE_SCREENSHOTS=1 the desktop picture replaces the README's
    (docs/review-page.png) and the narrow one docs/review-page-390.png; otherwise both go to the
    test's folder, to look at.
    """
    folder = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else fresh.root
    fresh.browser.set_window_size(1280, 1000)
    heading = fresh.browser.find_element(By.ID, "list1")
    fresh.browser.execute_script("window.scrollTo(0, arguments[0].offsetTop - 70)", heading)
    wait_for(fresh, lambda b: b.execute_script(_COVERS_LOADED))
    fresh.browser.save_screenshot(str(folder / "review-page.png"))
    fresh.browser.set_window_size(390, 844)
    fresh.browser.execute_script("window.scrollTo(0, arguments[0].offsetTop - 60)", heading)
    wait_for(fresh, lambda b: b.execute_script(_COVERS_LOADED))
    fresh.browser.save_screenshot(str(folder / "review-page-390.png"))
    width = fresh.browser.execute_script("return document.documentElement.scrollWidth")
    fresh.browser.set_window_size(1280, 900)

    assert width <= 390


_COVERS_LOADED = """
return Array.from(document.images).filter(i => {
  const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;
}).every(i => i.complete && i.naturalWidth > 0);
"""
