"""The review page in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`) driven by Selenium, against the page served in-process over the sandbox.

One browser and one page server per test module (starting Chromium costs a second or two);
before each test the list files and reports are put back as the module's sync left them.
Under CI (CI=true) a missing browser fails the run; elsewhere these tests skip and the
summary says how to install it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver
from typer.testing import CliRunner

from syncer.cli import app
from syncer.cli.app import load_cli_settings
from syncer.web.desk import Desk, ReviewSetup
from syncer.web.server import ReviewServer, review_session

INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = ("000_2588a958ca1f0bfb.txt", "001_60e3e3cf0bded007.txt", "002_33c61585c3ef6bea.txt")
BROKEN_LIST = (
    '[playlist]\nname = "Broken"\n\n[[tracks]]\ntitle = "Robinson"\nartist = "Spitz"\ntempo = 3\n'
)
_missing_browser: list[str] = []


def browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _missing_browser:
        terminalreporter.write_line(
            f"The browser tests of the review page were skipped: no Chromium. Install it: {INSTALL}",
            yellow=True,
        )


@dataclass
class Page:
    """The review page as the tests see it: the browser, the server, the files behind them."""

    browser: WebDriver
    server: ReviewServer
    root: Path
    lists: tuple[Path, ...]

    @property
    def desk(self) -> Desk:
        return self.server.desk

    def open(self, path: str = "/") -> None:
        self.browser.get(self.server.base_url + path)


def _start_browser() -> WebDriver:
    paths = browser_paths()
    if paths is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Chromium for the browser tests; install it: {INSTALL}")
        _missing_browser.append("yes")
        pytest.skip(f"no Chromium here; install it with: {INSTALL}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = paths
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def _isolated(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("SPOTIPY_", "SYNCER_")):
            monkeypatch.delenv(name)
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(root / "home" / variable.lower()))
    monkeypatch.chdir(root)


def import_and_sync_seeds(root: Path) -> tuple[Path, ...]:
    """What a new user does: import the three seed articles, then sync them to the sandbox."""
    runner = CliRunner()
    (root / "lists").mkdir()
    assert Path.cwd() == root
    lists = []
    for number, seed in enumerate(SEED_FILES):
        target = Path("lists") / f"seed{number}.toml"  # as a person types it, from `root`
        done = runner.invoke(app, ["import", str(SEEDS / seed), "-o", str(target), "--sandbox"])
        assert done.exit_code == 0, done.output
        lists.append(target)
    done = runner.invoke(app, ["sync", *map(str, lists), "--sandbox"])
    assert done.exit_code in (0, 1), done.output  # 1: some entries need attention
    return tuple(lists)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    browser = _start_browser()
    root = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolated(monkeypatch, root)
        lists = import_and_sync_seeds(root)
        broken = Path("lists") / "broken.toml"
        broken.write_text(BROKEN_LIST, encoding="utf-8")
        setup = ReviewSetup(lists=(*lists, broken), sandbox=True)
        settings = load_cli_settings()
        with review_session(setup, settings) as session:
            server = ReviewServer(Desk(setup, settings, session))
            server.start()
            browser.get(server.address)
            snapshot = _snapshot(root)
            try:
                yield Page(browser, server, root, lists)
            finally:
                server.stop()
                browser.quit()
        del snapshot


def _snapshot(root: Path) -> Path:
    """A copy of the lists and reports as the sync left them."""
    copy = root.parent / f"{root.name}-snapshot"
    shutil.copytree(root / "lists", copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


@pytest.fixture
def fresh(page: Page) -> Page:
    """The page over the files as the module's sync left them, loaded anew."""
    copy = page.root.parent / f"{page.root.name}-snapshot"
    for path in copy.glob("*.toml"):
        shutil.copy(path, page.root / "lists" / path.name)
    reports = Path(".syncer") / "sandbox" / "reports"
    shutil.rmtree(page.root / "lists" / reports)
    shutil.copytree(copy / reports, page.root / "lists" / reports)
    page.open("/")
    return page
