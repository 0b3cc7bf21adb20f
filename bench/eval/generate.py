"""Build `labelled.json`: labelled entries made from real catalog rows, the way curators write them.

Run `python -m bench.eval.generate` (deterministic: a fixed seed, sorted inputs). Rows come from
`../shared/reference/catalog/kaggle_spotify_tracks_japanese.csv` beside the repository (the Japanese part of the
Kaggle Spotify Tracks set) and must be in the sandbox's default catalog, which is built from it.

Each case is an entry (title, artist, aliases, ...) with `expected`: the ids of the one right
recording (its releases on several albums are all right), or `[]` when the right outcome is a
gap. Categories:
- `exact`, `case_width` (upper/lower case, full-width Latin), `artist_spelling` (one of several
  credited artists, lower case, Hepburn variants such as Enpitsu/Empitsu);
- `romaji_title_with_alias` (romaji title, the native title as alias), `romaji_title_only`;
- `decorated` ("(From 'drama')", "[Album Version]", 「」, "feat." credits);
- `english_with_alias` (an English translation, the native title as alias) and
  `english_without_alias` (expected gap: nothing links the translation to the song);
- `version_trap` (a plain title whose artist also has live/remix/... versions: the original is
  right) and `only_other_versions` (only a live/remix/... version exists: expected gap);
- `absent_song_present_artist` (a title the artist does not have, often another artist's song:
  expected gap) and `absent_artist` (artists with no rows at all: expected gap).
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pykakasi

from syncer.normalize import has_japanese, normalize, title_forms, version_tags
from syncer.sandbox.catalog import Catalog, default_catalog_path, load_catalog

KAGGLE_JAPANESE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "catalog"
    / "kaggle_spotify_tracks_japanese.csv"
)
OUTPUT = Path(__file__).parent / "labelled.json"
SEED = 4
JAPANESE_GENRES = {"j-pop", "j-rock", "j-idol", "j-dance", "anime"}

# One-word titles and an English translation a curator might write instead.
TRANSLATIONS = {
    "桜": "Cherry Blossoms",
    "花": "Flower",
    "雪": "Snow",
    "夢": "Dream",
    "空": "Sky",
    "星": "Star",
    "愛": "Love",
    "海": "Sea",
    "風": "Wind",
    "光": "Light",
    "虹": "Rainbow",
    "月": "Moon",
    "涙": "Tears",
    "春": "Spring",
    "夏": "Summer",
    "秋": "Autumn",
    "冬": "Winter",
    "流星": "Shooting Star",
    "花火": "Fireworks",
    "紙飛行機": "Paper Airplane",
    "青春": "Youth",
    "未来": "Future",
    "約束": "Promise",
    "奇跡": "Miracle",
    "家族": "Family",
    "宝物": "Treasure",
    "手紙": "Letter",
    "絆": "Bonds",
    "希望": "Hope",
    "瞳": "Eyes",
    "太陽": "The Sun",
    "蛍": "Firefly",
    "故郷": "Hometown",
    "永遠": "Forever",
    "天使": "Angel",
    "旅立ち": "Departure",
    "雨": "Rain",
    "恋": "Love",
    "君": "You",
    "心": "Heart",
    "道": "Road",
    "声": "Voice",
}

# Real artists with no rows in the catalog, with titles of theirs.
ABSENT_ARTISTS = [
    ("DIR EN GREY", "Ain't Afraid to Die"),
    ("the GazettE", "体温"),
    ("LUNA SEA", "I for You"),
    ("GLAY", "HOWEVER"),
    ("Mr.Children", "Tomorrow never knows"),
    ("宇多田ヒカル", "First Love"),
    ("浜崎あゆみ", "SEASONS"),
    ("安室奈美恵", "CAN YOU CELEBRATE?"),
    ("サザンオールスターズ", "TSUNAMI"),
    ("中島美嘉", "雪の華"),
    ("福山雅治", "桜坂"),
    ("森山直太朗", "さくら"),
    ("一青窈", "ハナミズキ"),
    ("平井堅", "瞳をとじて"),
    ("徳永英明", "レイニー ブルース"),
    ("絢香", "三日月"),
    ("Superfly", "愛をこめて花束を"),
    ("いきものがかり", "ありがとう"),
    ("レミオロメン", "粉雪"),
    ("ZARD", "負けないで"),
    ("DREAMS COME TRUE", "LOVE LOVE LOVE"),
    ("MISIA", "Everything"),
    ("西野カナ", "会いたくて 会いたくて"),
    ("JUJU", "やさしさで溢れるように"),
    ("松任谷由実", "春よ、来い"),
    ("尾崎豊", "I LOVE YOU"),
    ("スキマスイッチ", "奏"),
    ("コブクロ", "蕾"),
    ("Aimer", "カタオモイ"),
    ("秦基博", "ひまわりの約束"),
]

_kakasi = pykakasi.kakasi()  # type: ignore[no-untyped-call]


def main() -> None:
    rows = _rows()
    by_artist: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_artist[row["artists"]].append(row)
    rng = random.Random(SEED)
    cases: list[dict[str, Any]] = []
    plain = [r for r in rows if not version_tags(r["track_name"]) and r["track_name"].strip()]
    cases += _exact(rng.sample(plain, 60), by_artist)
    cases += _case_width(rng.sample(plain, 30), by_artist)
    cases += _artist_spelling(rng, plain, by_artist)
    japanese = [r for r in plain if has_japanese(r["track_name"])]
    cases += _romaji(rng.sample(japanese, 40), by_artist, with_alias=True)
    cases += _romaji(rng.sample(japanese, 20), by_artist, with_alias=False)
    cases += _decorated(rng, rng.sample(plain, 30), by_artist)
    cases += _english(plain, by_artist)
    cases += _at_most(rng, _versions(rows, by_artist), 45)
    cases += _absent_songs(rng, rows, by_artist)
    cases += _absent_artists(rows)
    document = {
        "about": (
            "Labelled entries built by bench/eval/generate.py from rows of the Kaggle Spotify "
            "Tracks set (Japanese part). expected: the ids of the right recording, [] for a gap."
        ),
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUTPUT}")


def _at_most(
    rng: random.Random, cases: list[dict[str, Any]], per_category: int
) -> list[dict[str, Any]]:
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        by_category[case["category"]].append(case)
    kept = []
    for group in by_category.values():
        kept += rng.sample(group, min(per_category, len(group)))
    return kept


def _rows() -> list[dict[str, str]]:
    """Japanese-genre rows that are in the default catalog, one per id, in file order."""
    catalog = _catalog()
    seen: set[str] = set()
    rows = []
    with KAGGLE_JAPANESE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wanted = row["track_genre"] in JAPANESE_GENRES and row["track_name"].strip()
            if wanted and row["track_id"] not in seen and catalog.get(row["track_id"]):
                seen.add(row["track_id"])
                rows.append(row)
    return rows


def _same_recording(row: dict[str, str], by_artist: dict[str, list[dict[str, str]]]) -> list[str]:
    """Ids of every release of this recording: same artists, same title, length within 2 s."""
    return sorted(
        r["track_id"]
        for r in by_artist[row["artists"]]
        if r["track_name"] == row["track_name"]
        and abs(int(r["duration_ms"]) - int(row["duration_ms"])) <= 2000
    )


def _case(
    category: str, title: str, artist: str, expected: list[str], **extra: Any
) -> dict[str, Any]:
    return {"category": category, "title": title, "artist": artist, **extra, "expected": expected}


def _first_artist(row: dict[str, str]) -> str:
    return row["artists"].split(";")[0]


def _exact(
    rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    return [
        _case("exact", r["track_name"], _first_artist(r), _same_recording(r, by_artist))
        for r in rows
    ]


def _case_width(
    rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    cases = []
    for i, r in enumerate(rows):
        title, artist = r["track_name"], _first_artist(r)
        if i % 3 == 0:
            title, artist = title.upper(), artist.lower()
        elif i % 3 == 1:
            title, artist = title.lower(), artist.upper()
        else:
            title = _full_width(title)
        cases.append(_case("case_width", title, artist, _same_recording(r, by_artist)))
    return cases


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _artist_spelling(
    rng: random.Random, plain: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    """Other ways curators write a (Latin-script) artist name."""
    variants = []
    for r in plain:
        artist = _first_artist(r)
        respelled = _respell(artist)
        if respelled != artist and not has_japanese(artist):
            variants.append((r, respelled))
    several = [(r, r["artists"].split(";")[1]) for r in plain if ";" in r["artists"]]
    chosen = rng.sample(variants, min(25, len(variants))) + rng.sample(several, 15)
    return [
        _case("artist_spelling", r["track_name"], artist, _same_recording(r, by_artist))
        for r, artist in chosen
    ]


def _respell(artist: str) -> str:
    """A Hepburn-variant or casing respelling (Empitsu -> Enpitsu, ou -> o, Title Case)."""
    for a, b in (("mp", "np"), ("mb", "nb"), ("ou", "o"), ("Ou", "O"), ("oo", "o")):
        if a in artist:
            return artist.replace(a, b, 1)
    return artist.title() if artist.isupper() else artist.upper()


def _romaji(
    rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]], *, with_alias: bool
) -> list[dict[str, Any]]:
    cases = []
    for r in rows:
        romaji = " ".join(
            w["hepburn"].capitalize()
            for w in _kakasi.convert(r["track_name"])
            if w["hepburn"].strip()
        )
        extra = {"aliases": [r["track_name"]]} if with_alias else {}
        category = "romaji_title_with_alias" if with_alias else "romaji_title_only"
        cases.append(
            _case(category, romaji, _first_artist(r), _same_recording(r, by_artist), **extra)
        )
    return cases


def _decorated(
    rng: random.Random, rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    decorations = [
        "{} (From 'Drama Special')",
        "{} [Album Version]",
        "「{}」",
        "{} (feat. Guest Singer)",
        "『{}』",
        "{} 【Theme Song】",
        "{} (Original Version)",
    ]
    cases = []
    for i, r in enumerate(rows):
        title = decorations[i % len(decorations)].format(r["track_name"])
        cases.append(_case("decorated", title, _first_artist(r), _same_recording(r, by_artist)))
    return cases


def _english(
    plain: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    cases = []
    for r in plain:
        english = TRANSLATIONS.get(r["track_name"].strip())
        if english is None:
            continue
        artist, expected = _first_artist(r), _same_recording(r, by_artist)
        cases.append(
            _case("english_with_alias", english, artist, expected, aliases=[r["track_name"]])
        )
        if not _artist_has_title(by_artist, r["artists"], english):
            cases.append(_case("english_without_alias", english, artist, []))
    return cases


def _artist_has_title(by_artist: dict[str, list[dict[str, str]]], artists: str, title: str) -> bool:
    wanted = set(title_forms(title))
    return any(wanted & set(title_forms(r["track_name"])) for r in by_artist[artists])


def _versions(
    rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    """Rows carrying a version tag: with the original present, and without it."""
    cases = []
    for r in rows:
        tags = version_tags(r["track_name"])
        if not tags:
            continue
        core = title_forms(r["track_name"])[0]
        originals = [
            o
            for o in by_artist[r["artists"]]
            if not version_tags(o["track_name"]) and title_forms(o["track_name"])[0] == core
        ]
        base = _core_title(r["track_name"])
        if not base or version_tags(base):
            continue
        if originals:
            expected = sorted({i for o in originals for i in _same_recording(o, by_artist)})
            cases.append(_case("version_trap", base, _first_artist(r), expected))
        elif not _catalog_has(r["artists"].split(";")[0], base):
            cases.append(_case("only_other_versions", base, _first_artist(r), []))
    return cases


def _catalog_has(artist: str, title: str) -> bool:
    """Whether the default catalog has a version-free `title` by `artist` (under any name)."""
    wanted = normalize(title)
    for track in _catalog():
        names = {normalize(n) for a in track.artists for n in a.all_names()}
        by_artist = normalize(artist) in names and not version_tags(track.name)
        cores = [title_forms(n)[0] for n in track.all_names() if title_forms(n)]
        if by_artist and wanted in cores:
            return True
    return False


@lru_cache(maxsize=1)
def _catalog() -> Catalog:
    return load_catalog(default_catalog_path())


def _core_title(title: str) -> str:
    """The title without its version decoration, as written ("桜 - Live" -> "桜")."""
    cuts = [title.find(o) for o in (" - ", " (", " [", "(", "【", "～", "〜") if o in title]
    return title[: min(cuts)].strip() if cuts else ""


def _absent_songs(
    rng: random.Random, rows: list[dict[str, str]], by_artist: dict[str, list[dict[str, str]]]
) -> list[dict[str, Any]]:
    """An artist present in the catalog with a title they do not have (often someone else's)."""
    artists = sorted(a for a, rs in by_artist.items() if ";" not in a)
    titles = sorted({r["track_name"] for r in rows if not version_tags(r["track_name"])})
    cases = []
    while len(cases) < 50:
        artist, title = rng.choice(artists), rng.choice(titles)
        if not _artist_has_title(by_artist, artist, title) and _not_near(by_artist[artist], title):
            cases.append(_case("absent_song_present_artist", title, artist, []))
    return cases


def _not_near(rows: list[dict[str, str]], title: str) -> bool:
    """Keep the label honest: skip titles that are a substring of one the artist has."""
    wanted = normalize(title)
    return all(
        wanted not in normalize(r["track_name"]) and normalize(r["track_name"]) not in wanted
        for r in rows
    )


def _absent_artists(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Artists with no track at all in the default catalog (under any of their names)."""
    catalog = _catalog()
    present = {normalize(n) for t in catalog for a in t.artists for n in a.all_names()}
    return [
        _case("absent_artist", title, artist, [])
        for artist, title in ABSENT_ARTISTS
        if normalize(artist) not in present
    ]


if __name__ == "__main__":
    main()
