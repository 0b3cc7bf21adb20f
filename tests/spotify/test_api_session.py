"""The session spotipy is given for API requests sends what requests' own would send.

`_ApiSession` prepares each request without merging settings, cookies and hooks per request;
these tests hold it to requests' `Session` for every kind of call spotipy makes, through real
spotipy, with an adapter that records what would go on the wire instead of sending it (the
session's own adapter, and the short path it allows, are held to requests' over real HTTP in
`test_api_session_wire.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
import spotipy
from requests.adapters import BaseAdapter

from syncer.spotify.api_session import ApiSession as _ApiSession

BASE = "http://127.0.0.1:9/v1/"


class RecordingAdapter(BaseAdapter):
    """Answers every request with `{"ok": true}` (or a Set-Cookie), keeping what was sent."""

    def __init__(self, *, set_cookie: bool = False) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []
        self.set_cookie = set_cookie

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"ok": true, "snapshot_id": "s"}'
        response.headers["Content-Type"] = "application/json"
        if self.set_cookie:
            response.headers["Set-Cookie"] = "sp_t=abc; Path=/"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def sent_by(session: requests.Session, call: Callable[[spotipy.Spotify], Any]) -> list[Any]:
    adapter = RecordingAdapter()
    session.mount("http://", adapter)
    sp = spotipy.Spotify(auth="T0KEN", requests_session=session, language="ja")
    sp.prefix = BASE
    call(sp)
    call(sp)  # twice: nothing one request leaves behind changes the next
    return [(r.method, r.url, dict(r.headers), r.body, r.hooks["response"]) for r in adapter.sent]


CALLS: dict[str, Callable[[spotipy.Spotify], Any]] = {
    "search": lambda sp: sp.search('track:"夜に駆ける" artist:"YOASOBI" NOT live', limit=10),
    "search-with-market": lambda sp: sp.search("a&b=c %20+d/é~", market="JP", offset=20),
    "track": lambda sp: sp.track("4uLU6hMCjMI75M1A2tKUQC", market=None),
    "me": lambda sp: sp.me(),
    "my-playlists": lambda sp: sp.current_user_playlists(limit=50, offset=50),
    "playlist-fields": lambda sp: sp.playlist("p1", fields="id,name,items(total)"),
    "playlist-items": lambda sp: sp.playlist_items("p1", limit=50, offset=100),
    "create": lambda sp: sp.current_user_playlist_create("泣ける", public=False, description="d"),
    "details": lambda sp: sp.playlist_change_details("p1", name="n", public=False),
    "add": lambda sp: sp.playlist_add_items("p1", ["spotify:track:" + "a" * 22], position=3),
    "remove": lambda sp: sp.playlist_remove_all_occurrences_of_items("p1", ["b" * 22]),
    "move": lambda sp: sp.playlist_reorder_items("p1", range_start=1, insert_before=0),
    "contains": lambda sp: sp.current_user_saved_items(["spotify:playlist:p1"]),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_api_session_sends_what_a_requests_session_sends(
    call: Callable[[spotipy.Spotify], Any],
) -> None:
    plain = requests.Session()
    plain.trust_env = False

    assert sent_by(_ApiSession(BASE), call) == sent_by(plain, call)


PARAMS: dict[str, dict[str, Any]] = {
    "text-and-numbers": {"q": "a&b=c %20+d/é~\n", "limit": 10, "offset": 0, "market": "JP"},
    "none-left-out": {"q": "x", "market": None},
    "all-none": {"market": None},
    "empty": {},
    "bool-and-float": {"public": False, "ratio": 0.5},
    "list": {"ids": ["a", "b"], "market": "JP"},
    "tuple-with-none": {"ids": ("a", None, "b")},
    "bytes": {"q": b"raw%20"},
    "japanese-and-marks": {
        "q": "track:\"夜に駆ける\" artist:'YOASOBI' 100% +1 & a=b ~x #y ?z /w",
        "type": "track",
        "market": "JP",
    },
    "escapes-and-controls": {"q": "%E3%81%82 %zz % \t\r\n\x00 \U0001f3b5", "offset": 0},
    "odd-numbers": {"offset": -1, "limit": 10**20, "ratio": 1e-7, "nan": float("nan"), "e": 1e20},
    "text-key": {"検索 q&=": "値"},
    "empty-text": {"q": "", "market": "JP"},
}


@pytest.mark.parametrize("params", PARAMS.values(), ids=PARAMS.keys())
def test_api_session_encodes_a_query_as_requests_does(params: dict[str, Any]) -> None:
    def call(session: requests.Session) -> list[str | None]:
        adapter = RecordingAdapter()
        session.mount("http://", adapter)
        session.request("GET", BASE + "search?type=track", params=dict(params))
        return [r.url for r in adapter.sent]

    plain = requests.Session()
    plain.trust_env = False

    assert call(_ApiSession(BASE)) == call(plain)


def test_api_session_keeps_no_cookie_and_sends_none() -> None:
    session = _ApiSession(BASE)
    adapter = RecordingAdapter(set_cookie=True)
    session.mount("http://", adapter)

    session.request("GET", BASE + "me", headers={"Authorization": "Bearer T"})
    session.request("GET", BASE + "me", headers={"Authorization": "Bearer T"})

    assert len(session.cookies) == 0
    assert [r.headers.get("Cookie") for r in adapter.sent] == [None, None]


def test_api_session_gives_anything_else_to_requests_full_path() -> None:
    session = _ApiSession(BASE)
    adapter = RecordingAdapter()
    session.mount("http://", adapter)

    session.request("POST", BASE + "x", json={"a": 1}, cookies={"c": "1"})

    [sent] = adapter.sent
    assert (json.loads(sent.body or b""), sent.headers["Cookie"]) == ({"a": 1}, "c=1")


def test_spotipys_debug_line_names_an_answer_without_writing_it_out() -> None:
    """spotipy builds `f"RESULTS: {results}"` for every answer, debug logging on or not: the
    session's answers format in a few characters, and are the whole object otherwise."""
    session = _ApiSession(BASE)
    session.mount("http://", RecordingAdapter())
    sp = spotipy.Spotify(auth="T0KEN", requests_session=session)
    sp.prefix = BASE

    answer = sp.me()

    assert answer == {"ok": True, "snapshot_id": "s"}
    assert f"{answer}" == "<JSON object, 2 keys>"
    assert repr(answer) == repr({"ok": True, "snapshot_id": "s"})
    assert json.loads(json.dumps(answer)) == answer
