"""The benchmark's request counts, asserted as counts (never times), at zero latency.

Issue 8's targets that do not depend on the clock: a warm re-sync of an unchanged list costs at
most 2 requests and no search, a cold sync at most 1.5 searches per entry on the seed lists, a
fresh playlist is written in ceil(n/100) additions, and the naive baseline of `bench/` sends
more requests than syncer for the same work. Requests are the sandbox's own counters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.baseline import naive_client, naive_sync
from bench.run import Measured, find, measure_syncs
from bench.workload import SEED_LISTS, pinned_list_text
from syncer.config import DEFAULT_CONCURRENCY, Settings
from syncer.lists import load_list
from syncer.sandbox import Sandbox, default_catalog_path, load_catalog
from syncer.session import open_session, sandbox_auth_manager
from syncer.sync import SyncOptions, sync_list

REPO = Path(__file__).resolve().parents[2]
SEED_NAMES = [p.stem for p in SEED_LISTS]
ADD = "POST /v1/playlists/{id}/items"


@pytest.fixture(scope="module")
def seed_syncs() -> list[Measured]:
    return measure_syncs(latency_ms=0, generated_size=0)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_bench_warm_resync_of_an_unchanged_seed_list_makes_at_most_two_requests_and_no_search(
    seed_syncs: list[Measured], name: str
) -> None:
    warm = find(seed_syncs, name, "syncer", "warm")
    assert warm.total <= 2, warm.requests
    assert warm.searches == 0, warm.requests


def test_bench_cold_sync_of_the_seed_lists_makes_at_most_one_and_a_half_searches_per_entry(
    seed_syncs: list[Measured],
) -> None:
    cold = [find(seed_syncs, name, "syncer", "cold") for name in SEED_NAMES]
    searches = sum(r.searches for r in cold)
    entries = sum(r.entries for r in cold)
    assert searches <= 1.5 * entries, {r.workload: r.searches for r in cold}


def test_bench_cold_sync_writes_the_seed_lists_in_one_addition_each(
    seed_syncs: list[Measured],
) -> None:
    for name in SEED_NAMES:
        cold = find(seed_syncs, name, "syncer", "cold")
        assert cold.requests.get(ADD) == 1, cold.requests
        assert not any(k.startswith(("DELETE", "PUT")) for k in cold.requests), cold.requests


def test_bench_naive_baseline_sends_more_requests_than_syncer_for_a_cold_and_a_warm_sync(
    seed_syncs: list[Measured],
) -> None:
    def total(system: str) -> int:
        return sum(r.total for r in seed_syncs if r.system == system)

    assert total("naive") > total("syncer")
    for name in SEED_NAMES:
        naive_warm = find(seed_syncs, name, "naive", "warm")
        assert naive_warm.searches == naive_warm.entries  # it searches everything again
        assert find(seed_syncs, name, "syncer", "warm").total < naive_warm.total


def test_bench_fresh_250_entry_playlist_is_written_in_exactly_three_additions(
    tmp_path: Path,
) -> None:
    with open_session(Settings(), tmp_path / "state", sandbox=True) as session:
        sb = session.sandbox
        assert sb is not None
        path = tmp_path / "pinned-250.toml"
        path.write_text(pinned_list_text(sb.catalog, 250), encoding="utf-8")
        songlist = load_list(path)
        sb.reset_stats()
        result = sync_list(
            songlist,
            session.spotify,
            state_dir=tmp_path / "state",
            options=SyncOptions(),
        )
        stats = sb.stats()
        playlist_id = result.outcome.changes.playlist_id if result.outcome.changes else None
        assert playlist_id is not None
        assert len(sb.playlist_uris(playlist_id)) == 250
    assert stats.get(ADD) == 3, stats
    assert stats.get("GET /v1/search", 0) == 0, stats


def test_bench_naive_baseline_searches_at_syncers_concurrency(
    seed_syncs: list[Measured],
) -> None:
    assert {r.concurrency for r in seed_syncs} == {DEFAULT_CONCURRENCY}
    for name in SEED_NAMES:
        naive_cold = find(seed_syncs, name, "naive", "cold")
        assert naive_cold.searches == naive_cold.entries, naive_cold.requests


def test_bench_naive_baseline_keeps_the_list_order_when_searching_concurrently(
    tmp_path: Path,
) -> None:
    songlist = load_list(SEED_LISTS[0])
    with Sandbox(catalog=load_catalog(default_catalog_path())) as server:
        auth = sandbox_auth_manager(server, tmp_path / "token.json")
        token = auth.cache_handler.get_cached_token()["access_token"]
        sp = naive_client(server.api_url, token)
        one_at_a_time = naive_sync(sp, songlist, concurrency=1)
        six_at_a_time = naive_sync(sp, songlist, concurrency=6)
        playlist = server.playlist_uris(six_at_a_time.playlist_id)
    assert len(one_at_a_time.uris) >= len(songlist.entries) // 2
    assert six_at_a_time.uris == one_at_a_time.uris
    assert playlist == list(six_at_a_time.uris)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_bench_gives_every_cold_request_of_syncer_a_reason(
    seed_syncs: list[Measured], name: str
) -> None:
    cold = find(seed_syncs, name, "syncer", "cold")
    assert sum(cold.reasons.values()) == cold.total, (cold.reasons, cold.requests)
    searched = sum(n for reason, n in cold.reasons.items() if reason.startswith("search: "))
    assert searched == cold.searches
    assert cold.reasons.get("search: first query", 0) <= cold.entries
    assert "search: unlabelled" not in cold.reasons
    assert "search: retried" not in cold.reasons
