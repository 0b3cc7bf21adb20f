"""What looking up other lists' playlists costs when many new lists share one state directory.

A list without a remembered playlist (a new list, or one whose state was lost) asks which
playlists the other lists of its state directory sync to (`StateJournal.playlists_of_other_lists`),
which reads every other state file. Each state file holds its list's match cache, so reading all
of them for each of N lists is quadratic; syncer parses each version of a file once per process.

    .venv/bin/python -m bench.state_lookups [--lists 200] [--matches 500]

prints the time for every list's look-up, parsing every file each time (as before) and with the
per-process cache, in a temporary directory.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from syncer import state
from syncer.model import Resolution, Status
from syncer.state import ListFiles, ListState, StateJournal, list_files, save_state


def make_states(root: Path, lists: int, matches: int) -> list[ListFiles]:
    """`lists` list files with a saved state each, every state caching `matches` matches."""
    state_dir = root / "state"
    files = []
    for i in range(lists):
        path = root / f"list{i}.toml"
        path.write_text('[playlist]\nname = "x"\n', encoding="utf-8")
        uris = [f"spotify:track:{i:011d}{k:011d}" for k in range(matches)]
        saved = ListState(
            playlist_id=f"playlist{i}",
            list_path=f"../list{i}.toml",
            managed=set(uris),
            matches={
                f"{i:016x}{k:016x}": Resolution(Status.MATCHED, uri, queries=("title artist",))
                for k, uri in enumerate(uris)
            },
        )
        these = list_files(state_dir, path)
        save_state(these.state, saved)
        files.append(these)
    return files


def time_lookups(files: list[ListFiles], *, cached: bool) -> float:
    started = time.perf_counter()
    for these in files:
        if not cached:
            state._RECORDED_PLAYLISTS.clear()  # every file parsed again, as before the cache
        taken = StateJournal(these, ListState()).playlists_of_other_lists()
        assert len(taken) == len(files) - 1
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--matches", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        files = make_states(Path(root), args.lists, args.matches)
        size = files[0].state.stat().st_size
        uncached = time_lookups(files, cached=False)
        state._RECORDED_PLAYLISTS.clear()
        cached = time_lookups(files, cached=True)
    print(
        f"{args.lists} lists, {args.matches} cached matches each ({size // 1024} KiB a state "
        f"file): every list's look-up {uncached:.2f} s parsing every file each time, "
        f"{cached:.2f} s with the cache"
    )


if __name__ == "__main__":
    main()
