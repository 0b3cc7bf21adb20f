"""Build `syncer/data/loanwords.tsv.gz`: the loanword model's katakana for common English words.

The matcher reads English words of a Latin title as the katakana loanwords Japanese writes for
them (`syncer.normalize.katakana_of`, kanalizer's model: a few ms of CPU a word, the largest
single cost left in a cold run's matching). Its answer depends on the word alone, so the answers
for the most frequent English words (wordfreq's list, not any list or catalog of this project)
are computed here once and shipped; a word the table lacks is read by the model as before. The
table names the kanalizer version and settings that made it: another version ignores it.

    .venv/bin/pip install -e '.[loanwords]' && .venv/bin/python -m bench.loanwords [--words N]
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from syncer.normalize import (
    LOANWORD_TABLE_PATH,
    loanword_table_header,
    loanword_table_word,
    read_with_loanword_model,
)

DEFAULT_WORDS = 30_000


def common_english_words(count: int) -> list[str]:
    """The `count` most frequent English words (wordfreq), those the table can hold."""
    # Only this builder needs it (the `loanwords` extra): absent, or untyped, for mypy.
    from wordfreq import top_n_list  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return [w for w in top_n_list("en", count) if loanword_table_word(w)]


def table_lines(words: Iterable[str]) -> Iterator[str]:
    yield loanword_table_header()
    for word in dict.fromkeys(words):
        yield f"{word}\t{read_with_loanword_model(word)}"


def write_table(words: Iterable[str], path: Path = LOANWORD_TABLE_PATH) -> int:
    lines = list(table_lines(words))
    path.parent.mkdir(parents=True, exist_ok=True)
    # No name, mtime 0: the same words and model give the same bytes, so the file changes only
    # when its content does.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
    ):
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(lines) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loanwords", description=__doc__)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="how many (30000)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write_table(common_english_words(args.words))
    took = time.perf_counter() - started
    print(f"{written} words in {LOANWORD_TABLE_PATH} ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
