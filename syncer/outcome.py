"""What a sync run returns: plain data for the report and the CLI. No I/O, no wording.

Public API: `TrackRef`, `PlaylistChanges`, `ListOutcome`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from syncer.model import Resolution, SongList


@dataclass(frozen=True)
class TrackRef:
    """A track the run touched in the playlist; names may be unknown (e.g. a hand-added track)."""

    uri: str
    name: str | None = None
    artists: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaylistChanges:
    """What the run did (or, under `dry_run`, would do) to the playlist.

    `restored_copies` are hand-added copies of a track that left the list: Spotify's DELETE
    removes every copy, so the run put these back where they were (one ref per copy).
    """

    playlist_id: str | None
    playlist_name: str
    created: bool
    added: tuple[TrackRef, ...]
    removed: tuple[TrackRef, ...]
    moved: int
    kept_unmanaged: tuple[TrackRef, ...]
    dry_run: bool
    restored_copies: tuple[TrackRef, ...] = ()


@dataclass(frozen=True)
class ListOutcome:
    """Everything the report needs about one list's run.

    `resolutions` has one item per entry, in list order. `changes` is None when the run stopped
    before touching the playlist; `problem` then says why (it is shown prominently).
    `file_name` is the list's file-name stem in its state directory (`syncer.state.list_files`):
    the list's own stem, or the stem and a short hash of its path when another list of the same
    file name already uses the directory. Reports are named after it.
    """

    songlist: SongList
    resolutions: tuple[Resolution, ...]
    changes: PlaylistChanges | None
    requests: Mapping[str, int]
    problem: str | None = None
    started_at: str = ""
    finished_at: str = ""
    sandbox_url: str | None = None  # the run used the built-in sandbox at this base URL
    file_name: str = ""

    @property
    def report_name(self) -> str:
        return self.file_name or self.songlist.stem
