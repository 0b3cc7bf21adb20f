"""What makes a generated track look like a recorded one, so nothing but its metadata tells it
from a real track: ids, durations, `explicit`, ISRCs, and the originals a country does not get.

Public API: `stable_number`, `finished_duration`, `follows_parent_explicit`, `drawn_explicit`,
`invented_isrc`, `isrc_of_sibling`, `is_withheld`, `WITHHELD_SHARE`, `WITHHELD_FROM`,
`PLAYS_ELSEWHERE`, `SAME_RECORDING_KINDS`, `REMASTER_KEEPS_ISRC_SHARE`.

Evidence (`../shared/reference/catalog/`; figures in `syncer/sandbox/data/README.md`):
- **Ids**: shaped as the recorded ones are (128 bits in Spotify's base62), by
  `syncer.sandbox.ids.spotify_like_id`, the one function every invented id comes from.
- **Durations** are milliseconds: 4 % of the Kaggle rows and 13 of 433 recorded track objects
  are whole seconds. A generated take gets its own milliseconds.
- **ISRCs** identify a recording, not a release (IFPI, "When not to assign": the ISRC of a
  recording stays the same across releases): the recorded objects show a compilation copy
  with its single's ISRC ("Fearless Pt. II", NCS: The Best of 2017) and 87 other groups of
  releases of one recording sharing one. Remasters: "circumstances may determine whether a new
  ISRC is required" (IFPI, Annex A); the RIAA requires one for a full restoration and
  distributors ask for one for any remaster, so three in four remasters get a new one here.
  Live takes, re-recordings, remixes, edits and covers are other recordings: their own.
"""

from __future__ import annotations

import hashlib

# Releases of the very recording of the song: they carry its ISRC and its `explicit`.
SAME_RECORDING_KINDS = frozenset({"compilation", "various", "complete_best"})
# The song's own performers singing its words: `explicit` as the song.
_SUNG_BY_THE_ARTIST = frozenset(
    {
        "live", "live_venue", "live_venue2", "remaster", "remaster2", "acoustic", "remix",
        "sped_up", "feat", "tv_size", "rerecording", "demo", *SAME_RECORDING_KINDS,
    }
)  # fmt: skip
REMASTER_KEEPS_ISRC_SHARE = 0.25
# Originals not playable in the sandbox account's country while a compilation copy plays
# (Spotify relinks such a track to the playable copy when it can; Development Mode hides the
# `linked_from` that would say so).
WITHHELD_SHARE = 0.03
WITHHELD_FROM = "JP"
PLAYS_ELSEWHERE = frozenset({"US", "GB", "DE", "FR", "BR"})

_ISRC_COUNTRIES = ("US", "GB", "QZ")  # the recorded objects' commonest, after GB
_REGISTRANT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def stable_number(*parts: str) -> int:
    """A stable 64-bit number from `parts` (a hash): what every choice made here, and
    `densify`'s random generators, are seeded by."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _fraction(*parts: str) -> float:
    return stable_number(*parts) / 2**64


def finished_duration(key: str, duration_ms: int) -> int:
    """A generated take's length in milliseconds: its planned length moved by up to half a
    second, so it neither ends on a whole second nor keeps its parent's last digits."""
    return duration_ms + stable_number("duration", key) % 1000 - 500


def follows_parent_explicit(kind: str) -> bool:
    """Whether a version of a song by its own artist is explicit exactly when the song is."""
    # "open_*": the open vocabulary's takes (`syncer.sandbox.versions`), all by the artist.
    return kind in _SUNG_BY_THE_ARTIST or kind in ("cover", "cover2") or kind.startswith("open_")


def drawn_explicit(key: str, share: float) -> bool:
    """A song of its own (a same-title song, a filler): explicit at the catalog's own rate."""
    return _fraction("explicit", key) < share


def invented_isrc(key: str, registrant_of: str, year: int | None, japanese: bool) -> str:
    """A well-formed ISRC (CC-XXX-YY-NNNNN) for a recording that has none on record: Japan's
    country code for Japanese names, the registrant one per lead artist (a label), the year
    of reference the release's (a stable one when undated)."""
    country = "JP" if japanese else _ISRC_COUNTRIES[stable_number("isrc-cc", registrant_of) % 3]
    code = stable_number("isrc-registrant", registrant_of)
    registrant = "".join(_REGISTRANT[(code >> (6 * i)) % 36] for i in range(3))
    when = year if year is not None else 1995 + stable_number("isrc-year", key) % 28
    designation = stable_number("isrc-designation", key) % 100_000
    return f"{country}{registrant}{when % 100:02d}{designation:05d}"


def isrc_of_sibling(kind: str, key: str, parent_isrc: str | None) -> str | None:
    """The parent's ISRC when the sibling is a release of the very same recording (a
    compilation copy; a remaster one time in four), else None (it gets its own)."""
    if parent_isrc is None:
        return None
    if kind in SAME_RECORDING_KINDS:
        return parent_isrc
    if kind.startswith("remaster") and _fraction("remaster-isrc", key) < REMASTER_KEEPS_ISRC_SHARE:
        return parent_isrc
    return None


def is_withheld(track_id: str) -> bool:
    """Whether an original is one of the fixed share not playable in `WITHHELD_FROM`."""
    return _fraction("withheld", track_id) < WITHHELD_SHARE
