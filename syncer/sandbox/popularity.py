"""How popular a sandbox track is: read from the catalog, or drawn for a generated one.

Public API: `popularity_of(track)`, `standing(track)`, `sibling_popularity(kind, parent, draw)`,
`SONG_KINDS`.

Popularity (0-100) is never served (Development Mode removed it); the `realistic` search
profile blends it into ranking, so it decides how often a song's own recording comes first.

- A catalog track's popularity is the catalog's (the default catalog keeps Kaggle's, collected
  from Spotify in 2022); a catalog without it gets a stable pseudo-random one (5-85).
- A generated version of a song draws its popularity relative to the song's (its parent):
  a fraction of it, by kind. Live takes, karaoke, instrumentals and demos are well below;
  re-releases under the same title (compilations, best-ofs) and edits below but closer. A
  remaster is above only when the parent is dated before 2000 (an old recording is played
  through its remaster; a recent one has no reason to be). An undated parent's versions are
  all below it, since nothing says how old it is.
- Ranking reads a track's standing: its popularity moved by a stable amount of at most 8 points
  either way (`standing`), for what Spotify's ranking weighs that popularity does not show.
  In the recordings an exact title ranks below a less popular one: Harlem Dance Club's "Never
  Gonna Give You Up" (20) above Kapena's (36) (`responses/joostlek-python-spotify__search.json`),
  Ariana Grande's "test drive" (60) below "Testimony" (48), a word prefix
  (`catalog/spotify_api/`, the `test` search). Without it a song's copies never pass it.
- A generated song of its own (a same-title song by another artist, an artist's filler songs,
  a neighbour artist's songs, `SONG_KINDS`) is not a version of anything: it draws from a
  fixed range, which can put it above a song it shares words with.

Evidence (`../shared/reference/catalog/`): in the real track objects of
`spotify_api/spotdl_track_objects.jsonl`, next to a song's most popular plain copy (popularity
40 or more), its live takes sit at 0.38-0.63 of it (17 takes, median 0.47: Gorillaz
"Feel Good Inc." 84, live at Manchester Opera House 34), remixes at 0.25-0.85 (25, median
0.41), demos at 0.32-0.58, an instrumental at 0.37, and copies under the very same title on
another album or a single at 0.38-1.0 (59, median 0.6). In the Kaggle Japanese rows, 196 rows
labelled live, remaster, karaoke, instrumental, acoustic or TV size have a median popularity
of 26, against 43 for an artist's best-known song.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from syncer.sandbox.catalog import CatalogTrack

# What a catalog track without popularity gets: a stable pseudo-random value in this range.
_FALLBACK_LOW, _FALLBACK_SPAN = 5, 81
# A version's popularity as a fraction of its parent's, drawn uniformly in (low, high).
_FRACTION_OF_PARENT: dict[str, tuple[float, float]] = {
    "live": (0.25, 0.55),
    "live_venue": (0.2, 0.5),
    "live_venue2": (0.2, 0.5),
    "karaoke": (0.05, 0.3),
    "instrumental": (0.15, 0.45),
    "demo": (0.2, 0.55),
    "acoustic": (0.2, 0.6),
    "remix": (0.2, 0.6),
    "feat": (0.2, 0.7),
    "tv_size": (0.3, 0.85),
    "sped_up": (0.2, 0.85),
    "compilation": (0.45, 0.95),
    "complete_best": (0.45, 0.95),
    "various": (0.3, 0.8),
    "rerecording": (0.3, 0.9),
    "remaster": (0.45, 0.95),
    "remaster2": (0.45, 0.95),
    "cover": (0.05, 0.6),
    "cover2": (0.05, 0.5),
}
# Any kind not listed above (a new kind of version) is drawn in this range: below the parent.
_OTHER_VERSION = (0.1, 0.7)
# How far a track's standing may sit from its popularity, either way.
_UNSEEN = 8
# A remaster of a recording dated before this year is played more than the recording itself.
_REMASTER_ABOVE_BEFORE = 2000
_REMASTER_GAIN = (3, 20)  # points above the parent
_REMASTER_KINDS = frozenset({"remaster", "remaster2"})
# Songs of their own: a fixed range, whatever the song they sit next to.
_OWN_SONG_RANGE: dict[str, tuple[int, int]] = {
    "same_title": (0, 75),
    "filler": (0, 60),
    "neighbour": (0, 70),
}
SONG_KINDS = frozenset(_OWN_SONG_RANGE)

Draw = Callable[[], float]  # a uniform draw in [0, 1) (e.g. `random.Random(seed).random`)


def popularity_of(track: CatalogTrack) -> int:
    """The catalog's popularity, else a stable pseudo-random one (5-85) from the id."""
    if track.popularity is not None:
        return track.popularity
    digest = hashlib.blake2b(track.id.encode(), digest_size=4).digest()
    return _FALLBACK_LOW + int.from_bytes(digest) % _FALLBACK_SPAN


def standing(track: CatalogTrack) -> float:
    """The popularity ranking weighs: `popularity_of`, moved by a stable amount in +/-8."""
    digest = hashlib.blake2b(track.id.encode(), digest_size=4, person=b"standing").digest()
    return popularity_of(track) + _UNSEEN * (2 * int.from_bytes(digest) / 2**32 - 1)


def sibling_popularity(kind: str, parent: CatalogTrack | None, draw: Draw) -> int:
    """The popularity of a generated track of `kind` next to `parent` (None: not a version)."""
    if kind in _OWN_SONG_RANGE or parent is None:
        low, high = _OWN_SONG_RANGE.get(kind, _OWN_SONG_RANGE["filler"])
        return low + int(draw() * (high - low + 1))
    base = popularity_of(parent)
    year = parent.album.year
    if kind in _REMASTER_KINDS and year is not None and year < _REMASTER_ABOVE_BEFORE:
        low_gain, high_gain = _REMASTER_GAIN
        return min(100, base + low_gain + int(draw() * (high_gain - low_gain + 1)))
    least, most = _FRACTION_OF_PARENT.get(kind, _OTHER_VERSION)
    drawn = int(base * (least + draw() * (most - least)))
    return min(drawn, max(base - 1, 0))  # below the parent (equal only at 0)
