"""pykakasi's dictionary read from syncer's per-character index reads Japanese exactly as
pykakasi's own loading does, the first time (writing the index) and every time after (then
each lookup sees only the words that may begin its text)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Words of one character and of many, kanji written with a variant form pykakasi folds first
# (髙, 齋, 邊), and an iteration mark.
TEXTS = [
    "楓",
    "東京タワー",
    "壊れていく世界",
    "悲しみはバスに乗って",
    "月光花",
    "鬼葬",
    "髙橋優",
    "齋藤飛鳥",
    "渡邊",
    "時々",
    "大人サバイバー",
]

_READ = """
import sys
from pathlib import Path
if sys.argv[1] == "pykakasi":
    import pykakasi
    pykakasi.kakasi()  # pykakasi reads its whole dictionary itself
    installed = False
else:
    from syncer import kanwa
    installed = kanwa.install(Path(sys.argv[1]))
from syncer.normalize import romaji_readings
print(installed, [sorted(romaji_readings(text)) for text in sys.argv[2:]])
"""


def readings(where: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _READ, where, *TEXTS],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_the_index_is_written_once_and_reads_as_pykakasi_does(tmp_path: Path) -> None:
    cache = tmp_path / "readers"

    own = readings("pykakasi")
    writing = readings(str(cache))
    [index] = cache.iterdir()
    reading = readings(str(cache))

    assert own.startswith("False [")
    assert writing == reading == own.replace("False", "True", 1)
    assert index.name.startswith("kanwa-")
    assert index.stat().st_size > 1_000_000
