"""Serving the review page: one uvicorn server on 127.0.0.1, in front of one Spotify session.

Public API: `ReviewServer`, `serve`, `lists_with_reports`.

The socket is bound before the app is built, so the guard knows its port (a free one unless
`--port`); the printed address is the only way in (see `syncer.web.security`).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

import uvicorn

from syncer.application import SandboxSetup, connect
from syncer.config import Settings
from syncer.session import SpotifySession
from syncer.web.app import build_app
from syncer.web.desk import Desk, ReviewSetup, report_exists
from syncer.web.security import Guard, new_token

HOST = "127.0.0.1"  # never anything else: the page edits files on this machine
_SPOTIFY_COVERS = "https://i.scdn.co"


class ReviewServer:
    """The page for one session, served from a thread (`start`/`stop`) or the caller (`run`)."""

    def __init__(self, desk: Desk, *, port: int = 0) -> None:
        self.desk = desk
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((HOST, port))
        self._socket.listen(64)  # the printed address answers at once (uvicorn accepts later)
        self.port: int = self._socket.getsockname()[1]
        self._token = new_token()
        covers = [_SPOTIFY_COVERS]
        if desk.session.sandbox is not None:
            covers.append(desk.session.sandbox.base_url)
        guarded = Guard(
            build_app(desk), port=self.port, url_token=self._token, image_origins=covers
        )
        config = uvicorn.Config(guarded, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def address(self) -> str:
        """The address to open: it carries the one-time token."""
        return f"{self.base_url}/?token={self._token}"

    def run(self) -> None:
        """Serve until Ctrl-C (uvicorn's own signal handling), then stop a running sync."""
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._finish()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="review-page", daemon=True)
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            threading.Event().wait(0.01)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def _finish(self) -> None:
        self.desk.sync.stop()
        self.desk.sync.wait(30)
        self._socket.close()


@contextlib.contextmanager
def review_session(setup: ReviewSetup, settings: Settings) -> Iterator[SpotifySession]:
    """The one Spotify session (or sandbox) the page searches, looks up and syncs with."""
    first = setup.lists[0] if setup.lists else None
    with connect(first, setup.where, settings, SandboxSetup(setup.catalog)) as session:
        yield session


def serve(
    setup: ReviewSetup,
    settings: Settings,
    *,
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the page until Ctrl-C; `announce` is told the address (with its token)."""
    with review_session(setup, settings) as session:
        server = ReviewServer(Desk(setup, settings, session), port=port)
        announce(server.address)
        if open_browser:
            webbrowser.open(server.address)
        server.run()


def lists_with_reports(setup: ReviewSetup, settings: Settings, folder: Path) -> list[Path]:
    """The `*.toml` files under `folder` that have a report (what `--web` shows by default)."""
    return [path for path in sorted(folder.glob("*.toml")) if report_exists(path, setup, settings)]
