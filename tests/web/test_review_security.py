"""The review page refuses whoever did not open the printed address, and every change that
does not come from the page itself; no secret reaches the page. Plain HTTP, no browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import requests.cookies

from syncer.cli.app import load_cli_settings
from syncer.config import TOKEN_FILENAME
from syncer.state import ListLock
from syncer.web.desk import Desk, ReviewSetup
from syncer.web.server import ReviewServer, review_session

from .conftest import SEEDS, _isolated, import_and_sync_seeds


@dataclass
class Served:
    server: ReviewServer
    lists: tuple[Path, ...]
    root: Path
    first_answer: requests.Response  # to the printed address, opened once
    cookies: requests.cookies.RequestsCookieJar

    def url(self, path: str = "/") -> str:
        return self.server.base_url + path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    root = tmp_path_factory.mktemp("guarded")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolated(monkeypatch, root)
        lists = import_and_sync_seeds(root)
        setup = ReviewSetup(lists=lists, sandbox=True)
        settings = load_cli_settings()
        with review_session(setup, settings) as session:
            server = ReviewServer(Desk(setup, settings, session))
            server.start()
            opener = requests.Session()
            first = opener.get(server.address, allow_redirects=False, timeout=10)
            try:
                yield Served(server, lists, root, first, opener.cookies)
            finally:
                server.stop()


def a_decision(served: Served) -> dict[str, str]:
    """The form the page would post to skip the first entry needing attention."""
    report = served.server.desk.last_report(served.lists[0])
    item = next(e for e in report["entries"] if e["status"] in ("review", "unmatched"))
    fields = {"list": "0", "entry": str(item["index"]), "action": "skip", "value": "x"}
    return {**fields, "title": item["title"], "artist": item["artist"]}


def test_a_request_without_the_token_is_refused(served: Served) -> None:
    answer = requests.get(served.url(), timeout=10)
    wrong = requests.get(served.url("/?token=guess"), timeout=10)

    assert answer.status_code == 403
    assert wrong.status_code == 403
    assert "printed" in answer.text


def test_the_token_becomes_an_httponly_strict_cookie_and_is_spent(served: Served) -> None:
    first = served.first_answer
    cookie = first.headers["set-cookie"]

    assert first.status_code == 303
    assert first.headers["location"] == "/"  # the token leaves the address bar
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert signed_in(served).get(served.url(), timeout=10).status_code == 200
    assert requests.get(served.server.address, timeout=10).status_code == 403  # spent


def test_a_change_from_a_foreign_origin_is_refused_and_changes_nothing(served: Served) -> None:
    session = signed_in(served)
    before = [p.read_bytes() for p in served.lists]
    form = a_decision(served)

    foreign = session.post(
        served.url("/decide"), data=form, headers={"Origin": "http://evil.example"}, timeout=10
    )
    no_origin = session.post(served.url("/decide"), data=form, timeout=10)
    cross_site = session.post(
        served.url("/decide"),
        data=form,
        headers={"Origin": served.server.base_url, "Sec-Fetch-Site": "cross-site"},
        timeout=10,
    )

    assert [foreign.status_code, no_origin.status_code, cross_site.status_code] == [403] * 3
    assert [p.read_bytes() for p in served.lists] == before


def test_a_rebound_host_name_is_refused(served: Served) -> None:
    session = signed_in(served)
    answer = session.get(
        served.url(), headers={"Host": f"evil.example:{served.server.port}"}, timeout=10
    )

    assert answer.status_code == 421


def test_only_the_given_lists_can_be_edited(served: Served) -> None:
    session = signed_in(served)
    form = {**a_decision(served), "list": str(len(served.lists))}

    answer = session.post(
        served.url("/decide"), data=form, headers={"Origin": served.server.base_url}, timeout=10
    )

    assert answer.status_code == 404


def test_the_page_decides_when_the_origin_is_its_own(served: Served) -> None:
    session = signed_in(served)
    form = a_decision(served)
    before = served.lists[0].read_bytes()

    answer = session.post(
        served.url("/decide"),
        data=form,
        headers={"Origin": served.server.base_url},
        allow_redirects=False,
        timeout=10,
    )

    assert answer.status_code == 303
    assert served.lists[0].read_bytes() != before
    served.lists[0].write_bytes(before)


def test_no_secret_reaches_the_page(served: Served) -> None:
    session = signed_in(served)
    page = session.get(served.url(), timeout=10).text
    status = session.get(served.url("/sync/status"), timeout=10).text
    saved = json.loads(next(served.root.rglob(TOKEN_FILENAME)).read_text(encoding="utf-8"))

    for secret in ("sandbox-secret", saved["access_token"], saved["refresh_token"]):
        assert secret not in page
        assert secret not in status


def signed_in(served: Served) -> requests.Session:
    """A session holding the cookie the printed address gave."""
    session = requests.Session()
    session.cookies.update(served.cookies)
    return session


def test_a_decision_waits_for_no_sync_it_is_refused_while_the_list_is_locked(
    served: Served,
) -> None:
    session = signed_in(served)
    before = served.lists[0].read_bytes()

    with ListLock(Path("lists") / ".syncer" / "sandbox", served.lists[0]):  # a sync holds it
        answer = session.post(
            served.url("/decide"),
            data=a_decision(served),
            headers={"Origin": served.server.base_url},
            allow_redirects=False,
            timeout=10,
        )

    assert answer.status_code == 303
    assert "problem=" in answer.headers["location"]
    assert served.lists[0].read_bytes() == before
