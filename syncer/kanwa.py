"""pykakasi's kanji dictionary, read a first character at a time from an index in the cache.

pykakasi unpickles its whole dictionary (9.7 MB, 270,000 objects) before it converts anything:
0.2 s of CPU during which the interpreter is held, so on a cold run every search thread waits
for it. The index keeps each first character's table as its own marshal blob: opening it takes
a few milliseconds, and a character's table is unpacked the first time a text needs it. The
first run on a machine (per pykakasi version, dictionary and Python version) reads the
dictionary as pykakasi does and writes the index; every run after that opens it.

Public API: `install(cache_dir) -> bool`.
"""

from __future__ import annotations

import gc
import marshal
import pickle
import sys
import threading
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from syncer.atomic import write_bytes_atomically


def install(cache_dir: Path) -> bool:
    """Give pykakasi its dictionary from the index in `cache_dir` (written there first when
    missing). False when pykakasi has read its dictionary already or keeps it elsewhere than
    this code knows (pykakasi then reads its own as usual)."""
    shared, source = _pykakasi_dictionary()
    if shared is None or source is None or shared.get("_jisyo_table") is not None:
        return False
    index = cache_dir / _index_name(source)
    blobs = _read_index(index)
    if blobs is not None:
        shared["_jisyo_table"] = _Tables(blobs)
        return True
    table = _read_dictionary(source)
    shared["_jisyo_table"] = table
    _write_index(index, table)
    return True


class _Tables:
    """The dictionary's `.get(first character code)`, each table unpacked on first use."""

    def __init__(self, blobs: Mapping[int, bytes]) -> None:
        self._blobs = blobs
        self._tables: dict[int, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: int, default: Any = None) -> Any:
        table = self._tables.get(key)
        if table is None:
            blob = self._blobs.get(key)
            if blob is None:
                return default
            with self._lock:
                table = self._tables.setdefault(key, marshal.loads(blob))
        return table


def _pykakasi_dictionary() -> tuple[dict[str, Any] | None, Path | None]:
    """pykakasi's shared dictionary slot and the file it reads it from (None, None when this
    version keeps them otherwise)."""
    try:
        from pykakasi.kanji import Kanwa
        from pykakasi.properties import Configurations

        shared = Kanwa._shared_state
        dictpath: Any = Configurations.dictpath  # a function of the file name in pykakasi 2
        source = Path(dictpath(Configurations.jisyo_kanwa))
    except (ImportError, AttributeError):
        return None, None
    return (shared, source) if isinstance(shared, dict) and source.is_file() else (None, None)


def _index_name(source: Path) -> str:
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return f"kanwa-{version('pykakasi')}-{source.stat().st_size}-py{python}.marshal"


def _read_index(path: Path) -> dict[int, bytes] | None:
    try:
        blobs = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return blobs if isinstance(blobs, dict) else None


def _read_dictionary(source: Path) -> dict[int, Any]:
    """The whole dictionary, as pykakasi reads it, with the garbage collector paused (it would
    scan the growing heap over and over)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with source.open("rb") as file:
            table: dict[int, Any] = pickle.load(file)
    finally:
        if collecting:
            gc.enable()
    return table


def _write_index(path: Path, table: Mapping[int, Any]) -> None:
    """Best effort: a cache that cannot be written is read from the dictionary next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        blobs = {key: marshal.dumps(value) for key, value in table.items()}
        write_bytes_atomically(path, marshal.dumps(blobs), mode=0o644)
    except (OSError, ValueError):
        pass
