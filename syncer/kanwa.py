"""pykakasi's kanji dictionary, read from an index in the cache a few words at a time.

pykakasi unpickles its whole dictionary (9.7 MB, 270,000 objects) before it converts anything:
0.2 s of CPU during which the interpreter is held, so on a cold run every search thread waits
for it. The index keeps the words of each first character packed, split by their second
character: opening it takes a few milliseconds, and only the words that may begin a text are
unpacked, the first time a text needs them (a first character's whole table, unpacked, was
0.3 ms on average and up to several ms for the commonest kanji, and pykakasi reads every word of
it for each text it looks up). The first run on a machine (per pykakasi version, dictionary and
Python version) reads the dictionary as pykakasi does and writes the index; every run after
that opens it.

Public API: `install(cache_dir) -> bool`; `narrowed_to(text)`, a context manager under which the
dictionary's table of `text`'s first character holds only the words that may begin `text`
(the words of one character, and those whose second character is `text`'s): any of them that
begins `text` is in it, so a longest match found in it is the one in the whole table.
"""

from __future__ import annotations

import functools
import gc
import marshal
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from syncer.atomic import write_bytes_atomically

_INDEX_PREFIX = "kanwa-split-"

# The text whose first character's table is narrowed to the words that may begin it, per thread.
_narrowing = threading.local()


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
        _narrow_pykakasi_lookups()
        return True
    table = _read_dictionary(source)
    shared["_jisyo_table"] = table
    _write_index(index, table)
    return True


@contextmanager
def narrowed_to(text: str) -> Iterator[None]:
    """Within it, in this thread, the table of `text`'s first character holds only the words
    that may begin `text` (when the dictionary is read from the index)."""
    outer = getattr(_narrowing, "text", None)
    _narrowing.text = text
    try:
        yield
    finally:
        _narrowing.text = outer


class _Tables:
    """The dictionary's `.get(first character code)`: each first character's words packed,
    split by their second character ("" for the character alone), unpacked on first use."""

    def __init__(self, blobs: Mapping[int, bytes]) -> None:
        self._blobs = blobs
        self._parts: dict[int, dict[str, bytes]] = {}
        self._narrowed: dict[tuple[int, str | None], dict[str, Any]] = {}  # None: the whole table
        self._lock = threading.Lock()

    def get(self, key: int, default: Any = None) -> Any:
        text: str | None = getattr(_narrowing, "text", None)
        if text and ord(text[0]) == key:
            return self._words_beginning(key, text[1:2], default)
        whole = self._narrowed.get((key, None))
        if whole is None:
            parts = self._parts_of(key)
            if parts is None:
                return default
            whole = {word: v for second in parts for word, v in self._part(key, second).items()}
            with self._lock:
                whole = self._narrowed.setdefault((key, None), whole)
        return whole

    def _words_beginning(self, key: int, second: str, default: Any) -> Any:
        table = self._narrowed.get((key, second))
        if table is None:
            parts = self._parts_of(key)
            if parts is None:
                return default
            table = {**self._part(key, ""), **(self._part(key, second) if second else {})}
            with self._lock:
                table = self._narrowed.setdefault((key, second), table)
        return table

    def _parts_of(self, key: int) -> dict[str, bytes] | None:
        parts = self._parts.get(key)
        if parts is None:
            blob = self._blobs.get(key)
            if blob is None:
                return None
            with self._lock:
                parts = self._parts.setdefault(key, marshal.loads(blob))
        return parts

    def _part(self, key: int, second: str) -> dict[str, Any]:
        blob = self._parts[key].get(second)
        if blob is None:
            return {}
        part: dict[str, Any] = marshal.loads(blob)
        return part


def _narrow_pykakasi_lookups() -> None:
    """pykakasi's longest-match lookup (`JConv.convert(text, before)`, which reads every word
    of the table of the text's first character) run with that table narrowed to the words that
    may begin the text (after pykakasi's own variant-character folding, as it looks it up);
    left alone when this version of pykakasi has no such method."""
    try:
        from pykakasi.kanji import JConv

        lookup: Callable[..., Any] = JConv.convert
    except (ImportError, AttributeError):
        return
    if getattr(lookup, "narrowed", False):
        return
    whole: Callable[..., Any] = getattr(lookup, "__wrapped__", lookup)

    @functools.lru_cache(maxsize=512)  # as pykakasi's own
    def narrowed(self: Any, itext: str, btext: str) -> Any:
        variants = getattr(self, "_itaiji", None)
        if variants is None:
            return whole(self, itext, btext)
        with narrowed_to(variants.convert(itext)):
            return whole(self, itext, btext)

    narrowed.narrowed = True  # type: ignore[attr-defined]
    JConv.convert = narrowed  # type: ignore[method-assign]


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
    return f"{_INDEX_PREFIX}{version('pykakasi')}-{source.stat().st_size}-py{python}.marshal"


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
        blobs = {key: marshal.dumps(_split(words)) for key, words in table.items()}
        write_bytes_atomically(path, marshal.dumps(blobs), mode=0o644)
    except (OSError, ValueError):
        pass


def _split(words: Mapping[str, Any]) -> dict[str, bytes]:
    """A first character's words, packed by their second character ("" for none)."""
    parts: dict[str, dict[str, Any]] = {}
    for word, readings in words.items():
        parts.setdefault(word[1:2], {})[word] = readings
    return {second: marshal.dumps(part) for second, part in parts.items()}
