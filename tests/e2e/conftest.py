"""Fixtures for end-to-end syncs: a sandbox per test, the real client over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from syncer.cancel import CancelToken
from syncer.lists import load_list
from syncer.model import SongList
from syncer.sandbox import Catalog, Sandbox, default_catalog_path, load_catalog
from syncer.session import sandbox_auth_manager
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy
from syncer.sync import ListResult, PlaylistDirectory, SyncOptions, sync_list

REPO = Path(__file__).resolve().parents[2]


class FakeTime:
    """A clock that only moves when the code under test sleeps: retries cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(default_catalog_path())


@pytest.fixture
def sandbox(catalog: Catalog) -> Iterator[Sandbox]:
    with Sandbox(catalog=catalog) as server:
        yield server


def make_client(
    server: Sandbox,
    directory: Path,
    *,
    time: FakeTime | None = None,
    max_wait: float = 60.0,
    read_timeout: float = 5.0,
    cancel: CancelToken | None = None,
) -> SpotifyClient:
    """A client with fake time, or, given the run's `cancel` token, with real waits it cuts short
    (as `open_session` builds it)."""
    fake = time or FakeTime()
    # An ordinary timeout for the login: a soak's short ones are aimed at the API calls.
    auth = sandbox_auth_manager(
        server, directory / "token.json", connect_timeout=2.0, read_timeout=5.0
    )
    policy = RetryPolicy(max_wait=max_wait)
    if cancel is not None:
        retry = RetryLayer(policy, cancel=cancel)
    else:
        retry = RetryLayer(policy, clock=fake.clock, sleep=fake.sleep)
    return SpotifyClient(
        auth,
        retry,
        config=ClientConfig(
            api_base_url=server.api_url, connect_timeout=2.0, read_timeout=read_timeout
        ),
    )


@dataclass
class World:
    """One user's world: a sandbox account, a lists directory and a way to sync."""

    sandbox: Sandbox
    root: Path
    client: SpotifyClient

    @property
    def state_dir(self) -> Path:
        return self.root / ".syncer"

    def write_list(self, name: str, text: str) -> Path:
        path = self.root / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def sync(
        self, path: Path, *, directory: PlaylistDirectory | None = None, **options: object
    ) -> ListResult:
        return self.sync_in(path, self.state_dir, directory=directory, **options)

    def sync_in(
        self,
        path: Path,
        state_dir: Path,
        *,
        directory: PlaylistDirectory | None = None,
        **options: object,
    ) -> ListResult:
        songlist: SongList = load_list(path)
        return sync_list(
            songlist,
            self.client,
            state_dir=state_dir,
            options=SyncOptions(**options),  # type: ignore[arg-type]
            directory=directory,
        )

    def writes(self) -> dict[str, int]:
        """Requests that change the account (token requests are not writes)."""
        return {
            k: v
            for k, v in self.sandbox.stats().items()
            if not k.startswith("GET ") and " /v1/" in k
        }

    def searches(self) -> int:
        return sum(v for k, v in self.sandbox.stats().items() if k.startswith("GET /v1/search"))


@pytest.fixture
def world(sandbox: Sandbox, tmp_path: Path) -> World:
    return World(sandbox=sandbox, root=tmp_path, client=make_client(sandbox, tmp_path))


ListWriter = Callable[..., Path]
