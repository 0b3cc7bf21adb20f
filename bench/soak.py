"""The fault-injection soak (issue 6): seeded syncs at a 20% mixed fault rate must converge.

Public API: `SOAK_FAULTS`, `SoakRun`, `SoakSummary`, `run_soak(runs, *, first_seed, catalog)`.

One scenario, replayed under each seed. Set up without faults: `lists/rock-ballads.toml` is
synced into a fresh playlist and two tracks are hand-added (one in the middle, one at the end).
The list is then edited (five entries dropped, a block moved, six new entries) and the edited
list is synced with faults on (`SOAK_FAULTS` plus `seed=<seed>`). Before each seed the playlist
and the state file are restored to the set-up point, so every run starts from the same place.

A run converges when a sync of the edited list (at most `attempts` of them, faults still on: a
run that ends in an error is run again, as cron would) ends without error and then:
- the playlist is exactly the planned result: `target_order(desired, before, managed)` with
  `desired` from a fault-free resolution of the edited list;
- no URI appears twice, and both hand-added tracks are still there;
- the state file records that playlist and those contents.

Signals (issue 22): in two seeds of three, the first sync is sent a real SIGINT or SIGTERM
(seeded) by the sandbox when a seeded request of that run arrives, through the CLI's own
handlers (`syncer.cli.signals.stopping_on_signals`). A stopped sync must end with 130 or 143,
and the next sync must send no search for an entry the stopped one resolved and cached
(`repeated_searches`); then the same convergence checks apply.

Retries use a `RetryLayer` whose clock only moves when it sleeps (so backoff and Retry-After
cost no real time) and a short read timeout, so the whole soak is fast.
"""

from __future__ import annotations

import dataclasses
import random
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.workload import REPO, generate_list_text
from syncer.cancel import CancelToken
from syncer.cli.messages import worded
from syncer.cli.signals import stopping_on_signals
from syncer.exitcodes import ExitCode
from syncer.lists import load_list
from syncer.model import Entry, Resolution, SongList
from syncer.plan import target_order
from syncer.sandbox import Catalog, FaultSpec, Sandbox
from syncer.sandbox.faults import Fault, fault_for
from syncer.session import sandbox_auth_manager
from syncer.spotify.auth import SyncerOAuth
from syncer.spotify.client import ClientConfig, SpotifyClient
from syncer.spotify.retry import RetryLayer, RetryPolicy
from syncer.state import CACHEABLE, load_state, state_path
from syncer.sync import ListResult, SyncOptions, not_reached, resolve_entries, sync_list

READ_TIMEOUT_S = 0.2
SOAK_FAULTS = (
    "429=0.05,500=0.04,503=0.03,reset=0.03,timeout=0.02,lost=0.03,retry_after=0,timeout_s=0.25"
)
BASE_LIST = REPO / "lists" / "rock-ballads.toml"
_CONVERGED = frozenset({ExitCode.OK, ExitCode.NEEDS_ATTENTION})
_STOPPED = {"SIGINT": ExitCode.INTERRUPTED, "SIGTERM": ExitCode.TERMINATED}
#: A signal lands at one of the first this-many API requests of a seed's first sync (a cold
#: resolve of the six new entries and the playlist's writes: about 20 in all).
SIGNAL_WITHIN = 20


@dataclass(frozen=True)
class SoakRun:
    seed: int
    converged: bool
    attempts: int
    requests: int
    faults_seen: int
    duplicates: int
    lost_hand_added: int
    problem: str | None
    signal: str | None = None  # sent to the first sync (None: no signal this seed)
    stopped: bool = False  # the signal stopped that sync before its end
    repeated_searches: int = 0  # searches the next sync sent for entries already cached


@dataclass(frozen=True)
class SoakSummary:
    runs: tuple[SoakRun, ...]
    wall_s: float
    faults: str

    @property
    def failed(self) -> list[SoakRun]:
        return [r for r in self.runs if not r.converged]


class _FakeTime:
    """A clock that moves only when the retry layer sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def run_soak(
    runs: int,
    *,
    catalog: Catalog,
    first_seed: int = 1,
    attempts: int = 4,
    on_run: Callable[[SoakRun], None] | None = None,
) -> SoakSummary:
    started = time.perf_counter()
    results: list[SoakRun] = []
    with tempfile.TemporaryDirectory(prefix="syncer-soak-") as tmp, Sandbox(catalog=catalog) as sb:
        scenario = _Scenario(sb, Path(tmp), catalog)
        for seed in range(first_seed, first_seed + runs):
            result = scenario.run(seed, attempts)
            results.append(result)
            if on_run:
                on_run(result)
    return SoakSummary(tuple(results), time.perf_counter() - started, SOAK_FAULTS)


class _Scenario:
    def __init__(self, sb: Sandbox, root: Path, catalog: Catalog) -> None:
        self.sb = sb
        self._serve = sb.serve
        self.state_dir = root / "state"
        self.auth = _login(sb, root)
        base = load_list(BASE_LIST)
        self.edited = _edited(base, catalog, root)
        client = self._client()
        setup = sync_list(base, client, state_dir=self.state_dir, options=SyncOptions())
        if setup.code not in _CONVERGED:
            raise RuntimeError(f"soak set-up sync failed: {worded(setup.outcome).problem}")
        self.state_file = state_path(self.state_dir, base.path)
        state = load_state(self.state_file)
        assert state.playlist_id is not None
        self.playlist_id = state.playlist_id
        self.hand_added = _hand_add_two(sb, self.playlist_id, catalog, set(state.managed))
        self.before = sb.playlist_uris(self.playlist_id)
        self.state_bytes = self.state_file.read_bytes()
        resolutions, _ = resolve_entries(
            self.edited,
            client,
            options=SyncOptions(),
            state=replace(state, matches=dict(state.matches)),
        )
        desired = list(dict.fromkeys(r.uri for r in resolutions if r.wanted and r.uri))
        self.expected = target_order(desired, self.before, managed=state.managed, mirror=False)

    def _client(self, cancel: CancelToken | None = None) -> SpotifyClient:
        fake = _FakeTime()
        retry = RetryLayer(
            RetryPolicy(max_wait=120.0), clock=fake.clock, sleep=fake.sleep, cancel=cancel
        )
        config = ClientConfig(
            api_base_url=self.sb.api_url, connect_timeout=1.0, read_timeout=READ_TIMEOUT_S
        )
        return SpotifyClient(self.auth, retry, config=config)

    def _restore(self) -> None:
        self.sb.set_faults(None)
        playlist = self.sb.library.get(self.playlist_id)
        assert playlist is not None
        self.sb.library.replace(playlist, self.before, self.sb.user_id)
        self.state_file.write_bytes(self.state_bytes)
        self.state_file.with_name(
            self.state_file.name.replace(".state.json", ".answers.jsonl")
        ).unlink(missing_ok=True)

    def run(self, seed: int, attempts: int) -> SoakRun:
        self._restore()
        self.sb.reset_stats()
        self.sb.set_faults(FaultSpec.parse(SOAK_FAULTS, seed=seed))
        rng = random.Random(f"signal-{seed}")
        sent = rng.choice(["SIGINT", "SIGTERM"]) if rng.random() < 2 / 3 else None
        at = rng.randint(1, SIGNAL_WITHIN)
        problem: str | None = None
        used = 0
        ok = stopped = False
        cached: set[int] = set()  # entries the stopped sync resolved and cached
        repeated = 0
        for used in range(1, attempts + 1):
            try:
                result = self._sync(sent if used == 1 else None, at)
            except Exception as exc:
                problem = f"sync raised {type(exc).__name__}: {exc}"
                continue
            repeated += sum(1 for i in cached if result.outcome.resolutions[i].searches)
            cached = set()
            if used == 1 and sent is not None and result.code is _STOPPED[sent]:
                stopped = True
                cached = _cached_answers(result.outcome.resolutions)
                continue
            if result.code in _CONVERGED:
                ok = True
                break
            problem = f"exit {result.code.name}: {worded(result.outcome).problem or 'entry errors'}"
        requests = sum(self.sb.stats().values())
        spec = FaultSpec.parse(SOAK_FAULTS, seed=seed)
        if any(fault_for(spec, n) is Fault.TIMEOUT for n in range(1, requests + 1)):
            # A held ("timeout") request is still being held by the sandbox: let it finish
            # before looking, so whatever it does lands in this run, not in the next seed's.
            time.sleep(spec.timeout_s + 0.1)
        self.sb.set_faults(None)
        final = self.sb.playlist_uris(self.playlist_id)
        duplicates = sum(n - 1 for n in Counter(final).values() if n > 1)
        lost = sum(1 for uri in self.hand_added if uri not in final)
        if ok:
            problem = self._check(final, duplicates, lost)
        if ok and repeated:
            problem = f"{repeated} searches repeated for entries the stopped sync had cached"
        return SoakRun(
            seed=seed,
            converged=ok and problem is None,
            attempts=used,
            requests=requests,
            faults_seen=_faults_seen(seed, requests),
            duplicates=duplicates,
            lost_hand_added=lost,
            problem=problem,
            signal=sent,
            stopped=stopped,
            repeated_searches=repeated,
        )

    def _sync(self, sent: str | None, at: int) -> ListResult:
        """One sync of the edited list; `sent` (a signal's name) arrives with its `at`-th API
        request, delivered to this (the main) thread as a person's Ctrl-C or cron's kill is."""
        token = CancelToken()
        if sent is not None:
            self._signal_at(getattr(signal, sent), at)
        try:
            with stopping_on_signals(token):
                client = self._client(token)
                return sync_list(
                    self.edited, client, state_dir=self.state_dir, options=SyncOptions(),
                    cancel=token,
                )  # fmt: skip
        finally:
            self.sb.serve = self._serve  # type: ignore[method-assign]

    def _signal_at(self, signum: int, at: int) -> None:
        main = threading.main_thread().ident
        seen = [0]
        serve = self._serve

        def signalling(request: Any, send: Callable[[Any], None], drop: Callable[[], None]) -> None:
            if "/v1/" in request.path:
                seen[0] += 1
                if seen[0] == at and main is not None:
                    signal.pthread_kill(main, signum)
            serve(request, send, drop)

        self.sb.serve = signalling  # type: ignore[method-assign]

    def _check(self, final: list[str], duplicates: int, lost: int) -> str | None:
        if final != self.expected:
            missing = [u for u in self.expected if u not in final]
            extra = [u for u in final if u not in self.expected]
            return (
                f"playlist differs from the plan ({len(final)} vs {len(self.expected)} tracks; "
                f"missing {missing[:3]}, extra {extra[:3]}, duplicates {duplicates})"
            )
        if duplicates or lost:
            return f"{duplicates} duplicates, {lost} hand-added tracks lost"
        state = load_state(self.state_file)
        if state.playlist_id != self.playlist_id or state.contents != final:
            return "the state file does not record the playlist as it is"
        return None


def _cached_answers(resolutions: tuple[Resolution, ...]) -> set[int]:
    """The entries a stopped sync resolved with a decision the cache keeps."""
    return {i for i, r in enumerate(resolutions) if not not_reached(r) and r.status in CACHEABLE}


def _faults_seen(seed: int, requests: int) -> int:
    """How many of the first `requests` numbered requests drew a fault under `seed` (approx.:
    a `lost` drawn for a read is no fault)."""
    spec = FaultSpec.parse(SOAK_FAULTS, seed=seed)
    return sum(1 for n in range(1, requests + 1) if fault_for(spec, n) is not None)


def _login(sb: Sandbox, root: Path) -> SyncerOAuth:
    return sandbox_auth_manager(sb, root / "token.json", connect_timeout=1.0, read_timeout=2.0)


def _edited(base: SongList, catalog: Catalog, root: Path) -> SongList:
    """The base list with entries 2, 5, 9, 14, 20 dropped, 10-12 moved first, six new ones."""
    kept = [e for i, e in enumerate(base.entries) if i not in {2, 5, 9, 14, 20}]
    kept = kept[8:11] + kept[:8] + kept[11:]
    extra_path = root / "extra.toml"
    extra_path.write_text(generate_list_text(catalog, 40, seed=61), encoding="utf-8")
    extra = [e for e in load_list(extra_path).entries if not e.uri][:6]
    entries: list[Entry] = [
        dataclasses.replace(e, index=i) for i, e in enumerate([*kept[:10], *extra, *kept[10:]])
    ]
    return dataclasses.replace(base, entries=tuple(entries))


def _hand_add_two(sb: Sandbox, playlist_id: str, catalog: Catalog, managed: set[str]) -> list[str]:
    chosen = [t.uri for t in catalog if t.uri not in managed][:2]
    sb.hand_add(playlist_id, chosen[0], position=3)
    sb.hand_add(playlist_id, chosen[1])
    return chosen
