"""What a sync run returns: plain data for the report and the CLI. No I/O, no wording.

Public API: `TrackRef`, `PlaylistChanges`, `SyncProblemKind`, `SyncProblem`, `ListOutcome`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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


class SyncProblemKind(StrEnum):
    """Why a list's run stopped short; `SyncProblem.details` holds what each kind names.

    The words are `syncer.cli.messages.sync_problem_message`'s.
    """

    NOT_YOURS = "not_yours"  # name, playlist_id, owner_id, user_id (None when unknown)
    PLAYLIST_GONE = "playlist_gone"  # playlist_id: remembered, no longer followed
    SAME_NAMED = "same_named"  # name, ids: several of the user's marked playlists
    UNCLAIMED = "unclaimed"  # name, ids, marker: bare-marked playlists a stateless list won't take
    REMOVAL_GUARD = "removal_guard"  # removed, tracks, share, allowed (shares in 0..1)
    SPOTIFY_FAILED = "spotify_failed"  # error: SpotifyUnavailable, SpotifyRequestError, VerifyError
    STOPPED_EARLY = "stopped_early"  # error: RateLimited; done, total (entries resolved of all)
    CANCELLED = "cancelled"  # reason (e.g. "SIGTERM"), done, total, phase ("matching"/"playlist")


@dataclass(frozen=True)
class SyncProblem:
    """What stopped a list's run: a kind and the values it names (see `SyncProblemKind`)."""

    kind: SyncProblemKind
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ListOutcome:
    """Everything the report needs about one list's run.

    `resolutions` has one item per entry, in list order. `changes` is None when the run stopped
    before touching the playlist; `failure` then says why, as data. `problem` is its words as the
    report shows them (prominently): the CLI fills it in (`syncer.cli.messages.worded`), the
    core never does.
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
    failure: SyncProblem | None = None

    @property
    def report_name(self) -> str:
        return self.file_name or self.songlist.stem
