"""The realistic profile's crowd is kept between runs: a warm start reads it lazily from the
cache directory, keyed by the catalog's content and the code that shapes the crowd; a damaged
cache is made again (syncer/sandbox/crowd.py)."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from syncer.sandbox import Catalog, Sandbox, load_catalog
from syncer.sandbox import crowd as crowd_module
from syncer.sandbox import densify as densify_module
from syncer.sandbox.crowd import CACHE_DIR_ENV, cache_dir, crowd_key, served_catalog
from syncer.sandbox.densify import densify

from .sandbox_helpers import SMALL_CATALOG, client_for


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory, and no crowd remembered by this process."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(directory))
    monkeypatch.setattr(crowd_module, "_SERVED", {})
    return directory


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_catalog(SMALL_CATALOG)


def a_new_process() -> None:
    """What a new run starts with: the cache on disk, nothing in memory."""
    crowd_module._SERVED.clear()


def files(directory: Path) -> list[str]:
    return sorted(p.suffix for p in directory.iterdir())


def test_tests_never_use_the_users_cache_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_dir() == Path(os.environ[CACHE_DIR_ENV])
    assert "pytest" in str(cache_dir())
    monkeypatch.delenv(CACHE_DIR_ENV)  # as fixtures that clear every SYNCER_* variable do
    assert "pytest" in str(cache_dir())


def test_a_cold_start_generates_the_crowd_and_writes_it(cache: Path, small: Catalog) -> None:
    served = served_catalog(small)

    assert served.crowd_loaded
    assert list(served) == list(densify(small))
    assert files(cache) == [".json", ".pickle"]
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]


def test_a_warm_start_reads_nothing_until_the_crowd_is_needed(cache: Path, small: Catalog) -> None:
    expected = list(densify(small))
    served_catalog(small)
    a_new_process()

    served = served_catalog(small)

    assert not served.crowd_loaded
    assert served.get(expected[0].id) == expected[0]  # a catalog track: still not needed
    assert not served.crowd_loaded
    assert served.get(expected[-1].id) == expected[-1]  # a generated one: read now
    assert served.crowd_loaded
    assert list(served) == expected


def test_a_warm_catalog_serves_the_same_album_sizes_before_the_crowd_is_read(
    cache: Path, small: Catalog
) -> None:
    cold = served_catalog(small)
    cold_json = [cold.track_json(t, None, "http://x/v1") for t in small]
    a_new_process()

    warm = served_catalog(small)
    warm_json = [warm.track_json(t, None, "http://x/v1") for t in small]

    assert not warm.crowd_loaded
    assert warm_json == cold_json


def test_the_key_follows_the_catalog_content_the_version_and_densifys_source(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = crowd_key(small)
    records = json.loads(SMALL_CATALOG.read_text(encoding="utf-8"))
    records[0]["name"] += " (renamed)"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert crowd_key(load_catalog(renamed)) != key
    assert crowd_key(load_catalog(SMALL_CATALOG)) == key  # content, not the object

    monkeypatch.setattr(crowd_module, "PROFILE_VERSION", crowd_module.PROFILE_VERSION + 1)
    assert crowd_key(small) != key
    monkeypatch.undo()

    edited = tmp_path / "densify.py"
    source = Path(densify_module.__file__ or "")
    edited.write_text(source.read_text(encoding="utf-8") + "\n# one more line\n", "utf-8")
    monkeypatch.setattr(densify_module, "__file__", str(edited))
    assert crowd_key(small) != key


def _damage(cache: Path, suffix: str, content: bytes | None) -> None:
    (path,) = cache.glob(f"crowd-*{suffix}")
    path.unlink()
    if content is None:
        path.mkdir()  # there, but unreadable as a file
    else:
        path.write_bytes(content)


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".json", b"{not json"),
        (".json", None),
        (".json", b'{"key": "another", "tracks": 1, "album_sizes": {}}'),
        (".pickle", b"\x80\x05truncated"),
        (".pickle", None),
        (".pickle", pickle.dumps(["not", "tracks"])),
        (".pickle", b"cos\nsystem\n(S'echo pwned'\ntR."),  # a pickle that runs a command
    ],
    ids=[
        "header-garbage",
        "header-unreadable",
        "header-of-another-crowd",
        "tracks-truncated",
        "tracks-unreadable",
        "tracks-not-tracks",
        "tracks-foreign-code",
    ],
)
def test_a_damaged_cache_is_made_again(
    cache: Path, small: Catalog, suffix: str, content: bytes | None
) -> None:
    expected = list(densify(small))
    served_catalog(small)
    _damage(cache, suffix, content)
    a_new_process()

    served = served_catalog(small)

    assert list(served) == expected
    a_new_process()
    again = served_catalog(small)
    assert not again.crowd_loaded  # the cache is whole again
    assert list(again) == expected


def test_an_unwritable_cache_directory_costs_only_time(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked / "cache"))
    monkeypatch.setattr(crowd_module, "_SERVED", {})

    assert list(served_catalog(small)) == list(densify(small))


def test_only_the_newest_crowds_are_kept(
    cache: Path, tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in range(5):
        monkeypatch.setattr(crowd_module, "PROFILE_VERSION", 100 + version)
        served_catalog(small)
        a_new_process()

    assert len(list(cache.glob("crowd-*.json"))) == 3
    assert len(list(cache.glob("crowd-*.pickle"))) == 3


def test_a_warm_realistic_sandbox_answers_from_the_cache(cache: Path, small: Catalog) -> None:
    with Sandbox(catalog=small, profile="realistic") as cold:
        cold_ids = [t["id"] for t in client_for(cold).search("Tears", limit=10)["tracks"]["items"]]
    a_new_process()

    with Sandbox(catalog=small, profile="realistic") as warm:
        served = warm.search.catalog
        assert not getattr(served, "crowd_loaded", True)  # started without reading the crowd
        sp = client_for(warm)
        warm_ids = [t["id"] for t in sp.search("Tears", limit=10)["tracks"]["items"]]
        generated = next(i for i in warm_ids if small.get(i) is None)
        assert sp.track(generated)["id"] == generated

    assert warm_ids == cold_ids
