"""Album covers the sandbox draws itself, so a page can show covers with no network at all.

Public API: `cover_images`, `cover_svg`, `COVER_SIZES`.

An album of the catalog without `images` is served with three generated ones, as Spotify
serves three sizes (640, 300 and 64 pixels, largest first), each an SVG drawn from a hash of
the album's id: the same album always gets the same cover, different albums look different.
They are served under `/_sandbox/covers/{album id}?size=N` (no token, never counted or
faulted, like the other `/_sandbox` routes).
"""

from __future__ import annotations

import hashlib
from typing import Any

COVER_SIZES = (640, 300, 64)


def cover_images(album_id: str, base_url: str) -> list[dict[str, Any]]:
    """The `images` of an album object: ImageObjects (url, height, width), largest first."""
    return [
        {"url": f"{base_url}/_sandbox/covers/{album_id}?size={size}", "height": size, "width": size}
        for size in COVER_SIZES
    ]


def cover_svg(album_id: str, size: int) -> bytes:
    """A square cover: a two-colour gradient with a few rings and a band, all from the hash."""
    digest = hashlib.sha256(album_id.encode("utf-8")).digest()
    hue = digest[0] * 360 // 256
    second = (hue + 40 + digest[1] % 140) % 360
    shapes = "".join(_ring(digest[2 + 3 * n : 5 + 3 * n], n) for n in range(3))
    tilt = digest[12] % 180
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 100 100">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},62%,58%)"/>'
        f'<stop offset="1" stop-color="hsl({second},58%,30%)"/></linearGradient></defs>'
        f'<rect width="100" height="100" fill="url(#g)"/>'
        f'<rect x="-20" y="44" width="140" height="{6 + digest[13] % 14}" '
        f'fill="hsl({second},70%,85%)" fill-opacity="0.35" transform="rotate({tilt} 50 50)"/>'
        f"{shapes}</svg>"
    )
    return svg.encode("utf-8")


def _ring(three: bytes, n: int) -> str:
    x, y, r = 15 + three[0] % 70, 15 + three[1] % 70, 8 + three[2] % (22 - 5 * n)
    opacity = 0.25 + 0.2 * n
    return (
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="none" stroke="white" '
        f'stroke-opacity="{opacity:.2f}" stroke-width="{2 + n}"/>'
    )
