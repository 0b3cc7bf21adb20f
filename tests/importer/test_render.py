"""Writing the list: a remaster label is not part of the song's title."""

from __future__ import annotations

import pytest

from syncer.importer.render import song_title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ENDLESS RAIN - Remaster", "ENDLESS RAIN"),
        ("花 - Remastered 2023", "花"),
        ("Tears - 2011 Remaster", "Tears"),
        ("Forever Love (Remastered 2008)", "Forever Love"),
        ("Tears - Live", "Tears - Live"),
        ("Birds Dem Ah Fly (feat. Sean Beavan)", "Birds Dem Ah Fly (feat. Sean Beavan)"),
        ("Remaster", "Remaster"),
    ],
)
def test_only_a_remaster_label_is_dropped(name: str, title: str) -> None:
    assert song_title(name) == title
