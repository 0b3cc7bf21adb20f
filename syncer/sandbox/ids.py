"""The one way the sandbox invents a Spotify id, so an invented id has a real one's shape.

Public API: `spotify_like_id`, `SPOTIFY_BASE62`.

Evidence (`../shared/reference/catalog/`; figures in `syncer/sandbox/data/README.md`): every one
of the 90,483 track, album and artist ids recorded there is 22 base62 characters that decode,
in Spotify's alphabet (`0-9a-zA-Z`), to a number below 2**128, so its first character is 0-7.
An invented id is the same: 128 bits of a hash of what it names, 22 digits, most significant
first. The hand-written tracks and every artist and album of the default catalog
(`build_catalog`), ids a loaded catalog leaves out (`catalog.derived_id`), the realistic
profile's generated tracks (`densify`) and new playlists (`library`) all take theirs here.
"""

from __future__ import annotations

import hashlib

# Spotify's base62 alphabet: digits, then lower case, then upper case (the recorded ids decode
# below 2**128 only in this order).
SPOTIFY_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ID_LENGTH = 22


def spotify_like_id(*parts: str) -> str:
    """A stable id with a real id's shape: 128 bits of a hash of `parts`, 22 base62 digits,
    most significant first (so the first is 0-7)."""
    text = "\x1f".join(("sandbox-id", *parts))
    number = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=16).digest(), "big")
    digits = []
    for _ in range(_ID_LENGTH):
        number, digit = divmod(number, 62)
        digits.append(SPOTIFY_BASE62[digit])
    return "".join(reversed(digits))
