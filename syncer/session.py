"""Building the Spotify client for a run: the real service, or the built-in sandbox.

Public API: `SpotifySession`, `open_session`, `real_auth_manager`, `client_for`,
`SANDBOX_DIRNAME`, `TOKEN_FILENAME`.

With `--sandbox`, a sandbox server is started in-process on 127.0.0.1 and the run logs in to it
with no setup. Everything a sandbox run keeps (the sandbox account's playlists, its token, the
lists' state and reports) lives in `<state dir>/sandbox/`, apart from real Spotify's state, so a
rehearsal can never touch what a real run remembers. Deleting that directory (or passing
`--sandbox-reset`) starts the sandbox account empty.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from syncer.config import Settings
from syncer.errors import ConfigError
from syncer.sandbox import FaultSpec, FaultSpecError, Sandbox, default_catalog_path, load_catalog
from syncer.spotify.auth import (
    AuthSettings,
    SyncerOAuth,
    build_auth_manager,
    preflight,
    sandbox_login,
)
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy

SANDBOX_DIRNAME = "sandbox"
TOKEN_FILENAME = "token.json"
_SANDBOX_CLIENT = ("syncer-sandbox", "sandbox-secret")


@dataclass
class SpotifySession:
    """The client a run uses, and where its state belongs."""

    spotify: SpotifyClient
    description: str
    sandbox: Sandbox | None = None

    def state_dir_for(self, state_dir: Path) -> Path:
        """A list's state directory; sandbox runs keep theirs apart."""
        return state_dir / SANDBOX_DIRNAME if self.sandbox is not None else state_dir


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
) -> Iterator[SpotifySession]:
    """A ready, authenticated client; the sandbox (if any) is stopped on exit."""
    retry = retry or RetryLayer(RetryPolicy(max_wait=settings.max_wait))
    config = ClientConfig(
        api_base_url=settings.api_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
    )
    if not sandbox:
        yield _real_session(settings, state_dir, retry, config)
        return
    with _started_sandbox(state_dir / SANDBOX_DIRNAME, catalog, faults, reset) as server:
        auth = build_auth_manager(
            AuthSettings(
                client_id=_SANDBOX_CLIENT[0],
                client_secret=_SANDBOX_CLIENT[1],
                cache_path=state_dir / SANDBOX_DIRNAME / TOKEN_FILENAME,
                authorize_url=server.authorize_url,
                token_url=server.token_url,
                connect_timeout=settings.connect_timeout,
                read_timeout=settings.read_timeout,
            )
        )
        # A fresh login each run: the sandbox does not keep tokens across restarts.
        retry.call(lambda: sandbox_login(auth), what="sandbox login")
        client = SpotifyClient(
            auth,
            retry,
            config=ClientConfig(
                api_base_url=server.api_url,
                connect_timeout=settings.connect_timeout,
                read_timeout=settings.read_timeout,
            ),
        )
        yield SpotifySession(
            spotify=client,
            description=f"Using the built-in Spotify sandbox at {server.base_url} "
            f"(state in {state_dir / SANDBOX_DIRNAME}).",
            sandbox=server,
        )


def _real_session(
    settings: Settings, state_dir: Path, retry: RetryLayer, config: ClientConfig
) -> SpotifySession:
    auth = real_auth_manager(settings, state_dir)
    retry.call(lambda: preflight(auth), what="token check")
    return SpotifySession(
        spotify=SpotifyClient(auth, retry, config=config),
        description=f"Using Spotify at {settings.api_url}",
    )


def real_auth_manager(settings: Settings, state_dir: Path) -> SyncerOAuth:
    """The auth manager for the user's own Spotify app, its token cached in `state_dir`."""
    client_id, client_secret = settings.require_credentials()
    return build_auth_manager(
        AuthSettings(
            client_id=client_id,
            client_secret=client_secret,
            cache_path=state_dir / TOKEN_FILENAME,
            redirect_uri=settings.redirect_uri,
            accounts_base_url=settings.accounts_url,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
        )
    )


def client_for(settings: Settings, auth: SyncerOAuth) -> SpotifyClient:
    """A client on the settings' API URL with a fresh retry layer (for one-off commands)."""
    config = ClientConfig(
        api_base_url=settings.api_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
    )
    return SpotifyClient(auth, RetryLayer(RetryPolicy(max_wait=settings.max_wait)), config=config)


@contextmanager
def _started_sandbox(
    directory: Path, catalog: Path | None, faults: str | None, reset: bool
) -> Iterator[Sandbox]:
    if reset and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        spec = FaultSpec.parse(faults) if faults else None
    except FaultSpecError as exc:
        raise ConfigError(f"--sandbox-faults: {exc}") from None
    server = Sandbox(
        catalog=load_catalog(catalog or default_catalog_path()),
        faults=spec,
        state_file=directory / "account.json",
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
