"""A Spotify playlist as a source: its tracks in order, each pinned. Pure.

Items are numbered from 1 in the playlist's order. Local files, podcast episodes and items
Spotify no longer gives (unavailable) cannot be pinned by a list: they are reported, never
dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence

from syncer.details import description_room, without_marker
from syncer.importer.model import ParsedSource, Reading, Skipped, SourceSong
from syncer.importer.settle import Evidence, Settled
from syncer.model import PlaylistInfo, PlaylistItem


def parse_playlist(
    info: PlaylistInfo, items: Sequence[PlaylistItem]
) -> tuple[ParsedSource, list[Settled]]:
    """The playlist's songs, and each already settled: its track is known, no search needed."""
    songs: list[SourceSong] = []
    settled: list[Settled] = []
    skipped: list[Skipped] = []
    for position, item in enumerate(items, 1):
        track = item.track
        if track is None:
            skipped.append(_unusable(position, item))
            continue
        artist = track.artists[0] if track.artists else ""
        song = SourceSong(
            line=position,
            quote=f"{track.name} — {', '.join(track.artists)}",
            readings=(Reading(track.name, artist),),
            album=track.album or None,
            year=track.year,
            uri=track.uri,
            duration_ms=track.duration_ms or None,
        )
        if not artist or not track.name.strip():
            skipped.append(Skipped(position, song.quote, "the track has no title or artist"))
            continue
        songs.append(song)
        settled.append(Settled(song, song.readings[0], Evidence.CONFIRMED, track=track))
    parsed = ParsedSource(
        name=info.name,
        songs=tuple(songs),
        skipped=tuple(skipped),
        description=own_description(info.description),
    )
    return parsed, settled


def own_description(description: str) -> str:
    """A playlist's description without syncer's marker, on one line, as a list may hold it."""
    text = " ".join(without_marker(description).split())
    room = description_room()
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _unusable(position: int, item: PlaylistItem) -> Skipped:
    if item.is_local:
        names = f"{item.name or 'a local file'}" + (
            f" — {', '.join(item.artists)}" if item.artists else ""
        )
        return Skipped(position, names, "a local file: a list can only hold Spotify tracks")
    if item.uri and item.uri.startswith("spotify:episode:"):
        return Skipped(position, item.uri, "a podcast episode: a list holds only tracks")
    return Skipped(
        position, item.uri or "(unavailable)", "unavailable: Spotify no longer gives this track"
    )
