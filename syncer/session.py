"""Building the Spotify client for a run: the real service, or the built-in sandbox.

Public API: `SpotifySession`, `open_session`, `real_auth_manager`, `sandbox_auth_manager`,
`client_for`, `find_login`, `TOKEN_FILENAME`.

With `--sandbox`, a sandbox server is started in-process on 127.0.0.1 and the run logs in to it
with no setup. The sandbox account (its playlists, its token) lives in the directory it is given,
the one `syncer.application.dirs.list_dirs` names (apart from real Spotify's state). Deleting
that directory (or passing `--sandbox-reset`) starts the sandbox account empty.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from syncer.cancel import CancelToken
from syncer.config import TOKEN_FILENAME, Settings, login_path
from syncer.errors import OptionInvalid, UnknownChoice
from syncer.sandbox import FaultSpec, FaultSpecError, Sandbox, default_catalog_path, load_catalog
from syncer.sandbox.search import PROFILES as SEARCH_PROFILES
from syncer.spotify.auth import (
    AuthSettings,
    SyncerOAuth,
    build_auth_manager,
    preflight,
    sandbox_login,
)
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

log = logging.getLogger(__name__)
_SANDBOX_CLIENT = ("syncer-sandbox", "sandbox-secret")


# Where `syncer login` saved the token before it had a per-user location of its own.
_OLD_LOGIN_DIR = Path("lists") / ".syncer"


def find_login(settings: Settings, old_dirs: Sequence[Path]) -> Path:
    """The token file every command uses. A token saved by an older syncer (in a state
    directory, beside the lists) is moved there, once, so it is still found."""
    token = login_path(settings)
    if token.exists():
        return token
    for directory in old_dirs:
        old = directory / TOKEN_FILENAME
        if old.is_file() and old.resolve() != token.resolve():
            token.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, token)
            token.chmod(0o600)
            log.warning("moved the saved Spotify login from %s to %s", old, token)
            break
    return token


@dataclass
class SpotifySession:
    """The client a run uses, and the sandbox it talks to (None: real Spotify)."""

    spotify: SpotifyClient
    description: str
    sandbox: Sandbox | None = None

    def for_run(self, cancel: CancelToken | None) -> SpotifySession:
        """The session for one run of several while it is held open (the review page's "Sync
        now", a search from the page): same login and sandbox, the run's own retry layer."""
        return replace(self, spotify=self.spotify.for_run(cancel))


@contextmanager
def open_session(
    settings: Settings,
    state_dir: Path,
    *,
    sandbox: bool = False,
    catalog: Path | None = None,
    faults: str | None = None,
    reset: bool = False,
    retry: RetryLayer | None = None,
    profile: str = "simple",
    cancel: CancelToken | None = None,
) -> Iterator[SpotifySession]:
    """A ready, authenticated client; the sandbox (if any) is stopped on exit.

    `state_dir` is the run's state directory: for real Spotify, where an older syncer may have
    saved the login; with `sandbox`, the sandbox account's own directory. `profile` is the
    sandbox's search profile (`simple` or `realistic`). `cancel` stops the session's requests
    and retry waits (given to the retry layer made here when `retry` is None); give it to
    `sync_list` too."""
    retry = retry or RetryLayer(RetryPolicy(max_wait=settings.max_wait), cancel=cancel)
    if not sandbox:
        yield _real_session(settings, state_dir, retry)
        return
    with _started_sandbox(state_dir, catalog, faults, reset, profile) as server:
        # A fresh login each run: the sandbox does not keep tokens across restarts.
        auth = sandbox_auth_manager(
            server,
            state_dir / TOKEN_FILENAME,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            retry=retry,
        )
        client = SpotifyClient(auth, retry, config=_client_config(settings, server.api_url))
        yield SpotifySession(
            spotify=client,
            description=f"Using the built-in Spotify sandbox at {server.base_url} "
            f"({profile} search; state in {state_dir}).",
            sandbox=server,
        )


def _real_session(settings: Settings, state_dir: Path, retry: RetryLayer) -> SpotifySession:
    auth = real_auth_manager(settings, state_dir)
    retry.call(lambda: preflight(auth), what="token check")
    return SpotifySession(
        spotify=SpotifyClient(auth, retry, config=_client_config(settings, settings.api_url)),
        description=f"Using Spotify at {settings.api_url}",
    )


def real_auth_manager(settings: Settings, state_dir: Path) -> SyncerOAuth:
    """The auth manager for the user's own Spotify app, its token in the one login location
    (`config.login_path`); a token an older syncer saved in `state_dir` or `lists/.syncer` is
    moved there first."""
    client_id, client_secret = settings.require_credentials()
    return build_auth_manager(
        AuthSettings(
            client_id=client_id,
            client_secret=client_secret,
            cache_path=find_login(settings, [state_dir, _OLD_LOGIN_DIR]),
            redirect_uri=settings.redirect_uri,
            accounts_base_url=settings.accounts_url,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
        )
    )


def sandbox_auth_manager(
    server: Sandbox,
    cache_path: Path,
    *,
    connect_timeout: float = 5.0,
    read_timeout: float = 20.0,
    retry: RetryLayer | None = None,
) -> SyncerOAuth:
    """An auth manager logged in to a running sandbox, which approves any client by itself."""
    auth = build_auth_manager(
        AuthSettings(
            client_id=_SANDBOX_CLIENT[0],
            client_secret=_SANDBOX_CLIENT[1],
            cache_path=cache_path,
            authorize_url=server.authorize_url,
            token_url=server.token_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )
    )
    if retry is None:
        sandbox_login(auth)
    else:
        retry.call(lambda: sandbox_login(auth), what="sandbox login")
    return auth


def client_for(settings: Settings, auth: SyncerOAuth) -> SpotifyClient:
    """A client on the settings' API URL with a fresh retry layer (for one-off commands)."""
    retry = RetryLayer(RetryPolicy(max_wait=settings.max_wait))
    return SpotifyClient(auth, retry, config=_client_config(settings, settings.api_url))


def _client_config(settings: Settings, api_url: str) -> ClientConfig:
    return ClientConfig(
        api_base_url=api_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        page_workers=settings.concurrency,
    )


@contextmanager
def _started_sandbox(
    directory: Path, catalog: Path | None, faults: str | None, reset: bool, profile: str
) -> Iterator[Sandbox]:
    if profile not in SEARCH_PROFILES:
        raise UnknownChoice("--sandbox-profile", "profile", profile, tuple(SEARCH_PROFILES))
    if reset and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        spec = FaultSpec.parse(faults) if faults else None
    except FaultSpecError as exc:
        raise OptionInvalid("--sandbox-faults", str(exc)) from None
    server = Sandbox(
        catalog=load_catalog(catalog or default_catalog_path()),
        faults=spec,
        state_file=directory / "account.json",
        profile=profile,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
