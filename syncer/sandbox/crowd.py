"""The realistic profile's generated crowd, kept between runs in the user's cache directory.

Public API: `served_catalog(catalog) -> ServedCatalog`, `ServedCatalog`, `cache_dir`,
`crowd_key`, `CACHE_DIR_ENV`, `PROFILE_VERSION`.

Generating the crowd (`syncer.sandbox.densify`) and indexing it takes seconds, and a warm run
(every entry already resolved) searches nothing. So the served catalog is lazy: the loaded
catalog's own tracks are served at once (as `densify.finished` gives them: with ISRCs, a few
originals withheld from the account's country), and the crowd is generated, or read from the cache,
only when something needs it (a search, a generated track's id, a walk over every track).

The cache: `<dir>/crowd-<key>.pickle` (the generated tracks) and `<dir>/crowd-<key>.json`
(what a lazy catalog needs without them: how many tracks each of the catalog's albums has once
the crowd is added), in `platformdirs.user_cache_dir("syncer")/sandbox`, or `$SYNCER_CACHE_DIR`
(tests point it at a temporary directory). The key hashes the catalog's content, the sources
of every module that shapes the crowd (so editing densify.py makes a new key by itself) and
`PROFILE_VERSION` (bump it when the crowd changes for a reason those sources do not show, e.g.
a dependency). Both files are written atomically (`syncer.atomic`), the tracks first; a file
that cannot be read or does not hold what it should is ignored and the crowd generated and
written again. An unwritable directory only costs the time: the crowd is generated each run.
The newest three crowds are kept (one per catalog and code version; about 13 MB each).
The tracks are pickled (they are read back only from the user's own cache directory, and only
the sandbox's catalog types may be loaded from it).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import threading
import types
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import platformdirs

from syncer.atomic import write_bytes_atomically
from syncer.sandbox import catalog as catalog_module
from syncer.sandbox import densify as densify_module
from syncer.sandbox import finish as finish_module
from syncer.sandbox import ids as ids_module
from syncer.sandbox import popularity as popularity_module
from syncer.sandbox import versions as versions_module
from syncer.sandbox.catalog import NO_NAMES, Catalog, CatalogTrack

CACHE_DIR_ENV = "SYNCER_CACHE_DIR"
PROFILE_VERSION = 4  # 2: provenance; 3: ISRCs, real-shaped ids, withheld originals (#20.3);
# 4: versions under an open vocabulary (#20.2)
# The modules whose source decides what the crowd is (this one: what the cache holds).
_SHAPING_MODULES = (
    densify_module,
    versions_module,
    finish_module,
    ids_module,
    popularity_module,
    catalog_module,
)
_KEPT = 3
_LOADABLE_MODULES = frozenset({"syncer.sandbox.catalog", __name__})


def cache_dir() -> Path:
    """Where the crowd is kept: `$SYNCER_CACHE_DIR`, else the user cache directory."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_cache_path("syncer") / "sandbox"


def crowd_key(catalog: Catalog) -> str:
    """A hash of the catalog's content, the crowd-shaping sources and `PROFILE_VERSION`."""
    digest = hashlib.sha256(f"profile {PROFILE_VERSION}\n".encode())
    for module in (*_SHAPING_MODULES, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    for track in catalog:
        digest.update(repr(_canonical(track)).encode())
    return digest.hexdigest()[:32]


def _canonical(value: Any) -> Any:
    """The same text for the same content whatever the process (sets sorted, no ids)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, (frozenset, set)):
        return ("set", *sorted(repr(_canonical(v)) for v in value))
    if isinstance(value, Mapping):
        return ("map", *sorted((k, repr(_canonical(v))) for k, v in value.items()))
    return value


class ServedCatalog(Catalog):
    """The catalog's tracks, then its crowd, which is produced on first need (thread-safe)."""

    def __init__(
        self, source: Catalog, album_sizes: Mapping[str, int], crowd: Callable[[], list[Any]]
    ) -> None:
        super().__init__(list(source))
        self._album_sizes = Counter(album_sizes)  # the catalog's albums, crowd included
        self._crowd_source: Callable[[], list[Any]] | None = crowd
        self._crowd_lock = threading.Lock()

    def get(self, track_id: str) -> CatalogTrack | None:
        found = super().get(track_id)
        if found is None and self._crowd_source is not None:
            self.whole()
            found = super().get(track_id)
        return found

    def __iter__(self) -> Iterator[CatalogTrack]:
        self.whole()
        return super().__iter__()

    def __len__(self) -> int:
        self.whole()
        return super().__len__()

    def __bool__(self) -> bool:
        return True  # never empty: the catalog has tracks (and truth must not load the crowd)

    @property
    def crowd_loaded(self) -> bool:
        return self._crowd_source is None

    def whole(self) -> ServedCatalog:
        """Every track, the crowd included (produced now if it was not yet)."""
        with self._crowd_lock:
            if self._crowd_source is not None:
                crowd = self._crowd_source()
                for track in crowd:
                    self._by_id.setdefault(track.id, track)
                self._album_sizes = Counter(t.album.id for t in self._by_id.values())
                self._crowd_source = None
        return self


_SERVED: dict[str, ServedCatalog] = {}
_SERVED_KEPT = 2  # as many as the search index keeps in a process
_SERVED_LOCK = threading.Lock()


def served_catalog(catalog: Catalog) -> ServedCatalog:
    """The catalog and its crowd: lazily from the cache when it holds this catalog's crowd,
    else generated now and written to it. One per catalog content in a process."""
    key = crowd_key(catalog)
    with _SERVED_LOCK:
        served = _SERVED.get(key)
        if served is None:
            finished = densify_module.finished(catalog)  # the catalog's own tracks as served
            served = _from_cache(finished, key)
            if served is None:
                served = _generated(finished, key)
            if len(_SERVED) >= _SERVED_KEPT:  # crowds are large: the newest few only
                _SERVED.pop(next(iter(_SERVED)))
            _SERVED[key] = served
        return served


def _paths(key: str) -> tuple[Path, Path]:
    base = cache_dir() / f"crowd-{key}"
    return base.with_suffix(".json"), base.with_suffix(".pickle")


def _from_cache(catalog: Catalog, key: str) -> ServedCatalog | None:
    header_path, tracks_path = _paths(key)
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
        sizes = header["album_sizes"]
        count = header["tracks"]
        if header.get("key") != key or not isinstance(sizes, dict) or not tracks_path.is_file():
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None

    def crowd() -> list[Any]:
        tracks = _read_tracks(tracks_path, count)
        if tracks is None:  # corrupt since the header was read: make it again
            tracks = densify_module.crowd(catalog)
            _write(catalog, key, tracks)
        return tracks

    return ServedCatalog(catalog, sizes, crowd)


def _generated(catalog: Catalog, key: str) -> ServedCatalog:
    tracks = densify_module.crowd(catalog)
    _write(catalog, key, tracks)
    served = ServedCatalog(catalog, {}, lambda: tracks)
    return served.whole()


def _write(catalog: Catalog, key: str, tracks: list[CatalogTrack]) -> None:
    """Tracks first, then the header that says they are complete; skipped if unwritable."""
    header_path, tracks_path = _paths(key)
    own_albums = {t.album.id for t in catalog}
    sizes = Counter(t.album.id for t in [*catalog, *tracks] if t.album.id in own_albums)
    header = {"key": key, "tracks": len(tracks), "album_sizes": dict(sorted(sizes.items()))}
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(tracks)
    try:
        header_path.parent.mkdir(parents=True, exist_ok=True)
        for path in (header_path, tracks_path):
            if path.is_dir():
                path.rmdir()  # an empty directory where a file belongs
        write_bytes_atomically(tracks_path, buffer.getvalue())
        write_bytes_atomically(header_path, json.dumps(header).encode("utf-8"))
        _prune(header_path.parent)
    except OSError:
        pass  # no cache this time; the crowd was generated anyway


def _prune(directory: Path) -> None:
    """Keep the newest `_KEPT` crowds (a crowd is about 13 MB; keys change with the code)."""
    headers = sorted(directory.glob("crowd-*.json"), key=lambda p: p.stat().st_mtime)
    for old in headers[:-_KEPT]:
        old.unlink(missing_ok=True)
        old.with_suffix(".pickle").unlink(missing_ok=True)


def _read_tracks(path: Path, count: int) -> list[Any] | None:
    try:
        with path.open("rb") as handle:
            tracks = _Unpickler(handle).load()
    except Exception:  # any damage to the file: unreadable, truncated, foreign content
        return None
    if not isinstance(tracks, list) or len(tracks) != count:
        return None
    if not all(isinstance(t, CatalogTrack) for t in tracks):
        return None
    return tracks


def _no_names() -> Mapping[str, str]:
    return NO_NAMES


def _names(names: dict[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(names)


class _Pickler(pickle.Pickler):
    """Pickles the read-only name maps (a `mappingproxy` cannot be pickled as such)."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is types.MappingProxyType:
            return (_no_names, ()) if obj is NO_NAMES else (_names, (dict(obj),))
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    """Loads only the sandbox's catalog types (and the builtins they hold)."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _LOADABLE_MODULES or (module == "builtins" and name == "frozenset"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a catalog type")
