"""A Hypothesis state machine over sync runs, faults, crashes, list edits and hand edits
(issue 12, point 7): whatever happens, syncer never puts a track of the list in twice, and a
clean run afterwards converges to the list followed by the person's own tracks, with exactly
the list's tracks marked as syncer's and nothing pending.

A crash is in-process: the client raises a `BaseException` (which no code of syncer catches)
at a chosen request, before sending it or after Spotify carried it out, so the journal's saves
up to then are all a crashed process would leave.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from syncer.cli.messages import worded
from syncer.sandbox import FaultSpec, Sandbox, default_catalog_path, load_catalog
from syncer.state import load_state, state_path

from .conftest import World, make_client
from .test_sync_e2e import HAND_ADDED, SONGS, TRUTH, list_text, uris

CATALOG = load_catalog(default_catalog_path())
OTHERS = [f"spotify:track:{e['track_id']}" for e in TRUTH if not e["list"].endswith("sorrow.toml")]
HAND_TRACKS = [HAND_ADDED, *OTHERS[:2]]
SONG_URIS = set(uris(SONGS))


class Crash(BaseException):
    """The process dies here."""


class SyncMachine(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.sandbox = Sandbox(catalog=CATALOG)
        self.sandbox.start()
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.world = World(sandbox=self.sandbox, root=root, client=make_client(self.sandbox, root))
        self.songs = SONGS[:3]
        self.path = self.world.write_list("sorrow", list_text(self.songs))
        self.hand: Counter[str] = Counter()
        self.world.sync(self.path)

    def teardown(self) -> None:
        if hasattr(self, "sandbox"):
            self.sandbox.stop()
            self.tmp.cleanup()

    @property
    def playlist_id(self) -> str:
        return load_state(state_path(self.world.state_dir, self.path)).playlist_id or ""

    @rule(picked=st.lists(st.sampled_from(range(len(SONGS))), min_size=1, unique=True))
    def edit_list(self, picked: list[int]) -> None:
        self.songs = [SONGS[i] for i in picked]
        self.path.write_text(list_text(self.songs), encoding="utf-8")

    @rule(track=st.sampled_from(HAND_TRACKS), position=st.integers(0, 10))
    def hand_add(self, track: str, position: int) -> None:
        size = len(self.sandbox.playlist_uris(self.playlist_id))
        self.sandbox.hand_add(self.playlist_id, track, position=min(position, size))
        self.hand[track] += 1

    @rule(track=st.sampled_from(HAND_TRACKS))
    def hand_remove(self, track: str) -> None:
        self.sandbox.hand_remove(self.playlist_id, track)
        self.hand[track] = 0

    @rule(at=st.integers(1, 8), after=st.booleans())
    def crashing_sync(self, at: int, after: bool) -> None:
        client = make_client(self.sandbox, self.world.root)
        original = client._request
        calls = [0]

        def request(endpoint: str, call: Any, *, write: bool) -> Any:
            calls[0] += 1
            if calls[0] == at and not after:
                raise Crash
            answer = original(endpoint, call, write=write)
            if calls[0] == at:
                raise Crash
            return answer

        client._request = request  # type: ignore[method-assign]
        self.world.client = client
        with contextlib.suppress(Crash):
            self.world.sync(self.path, force=True)

    @rule(seed=st.integers(0, 10_000))
    def faulty_sync(self, seed: int) -> None:
        self.world.client = make_client(self.sandbox, self.world.root)
        self.sandbox.set_faults(FaultSpec.parse(f"500=0.1,lost=0.1,reset=0.05,seed={seed}"))
        try:
            self.world.sync(self.path, force=True)
        finally:
            self.sandbox.set_faults(None)

    @rule()
    def clean_sync_converges(self) -> None:
        self.world.client = make_client(self.sandbox, self.world.root)
        result = self.world.sync(self.path, force=True)
        assert worded(result.outcome).problem is None
        playlist = self.sandbox.playlist_uris(self.playlist_id)
        wanted = uris(self.songs)
        assert playlist[: len(wanted)] == wanted
        assert Counter(playlist[len(wanted) :]) == +self.hand
        state = load_state(state_path(self.world.state_dir, self.path))
        assert state.managed == set(wanted)
        assert state.pending == set()

    @invariant()
    def never_a_list_track_twice(self) -> None:
        if not hasattr(self, "sandbox"):
            return
        counts = Counter(self.sandbox.playlist_uris(self.playlist_id))
        assert all(counts[u] <= 1 for u in SONG_URIS)


SyncMachine.TestCase.settings = settings(
    max_examples=8, stateful_step_count=10, deadline=None, derandomize=True
)
test_sync_state_machine = SyncMachine.TestCase
