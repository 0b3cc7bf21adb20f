"""Build the development set: list entries written the way people write them.

Two files, both committed:
- `labelled.json`, the frozen 535 entries (issue 20: they must not regress):
  `python -m bench.eval.generate --frozen` after `pip install -e '.[eval]'` (cutlet, fugashi
  and unidic-lite: the romaniser) rebuilds it from the default catalog and the full Kaggle csv
  in about 10 s, byte for byte while the default catalog is unchanged;
- `versions.json`, entries built from what the realistic sandbox's crowd holds, judged by each
  track's provenance (`python -m bench.eval.generate`, about a minute, more with more label
  forms: it starts `syncer sandbox --profile realistic` as its own process and meets it over
  HTTP only). Re-run it when the crowd changes (new label forms in `syncer/sandbox/densify.py`)
  or the matcher's sources do (which label words it names).

Both are deterministic (a fixed seed, inputs read in file order), so nothing else ever needs
the romaniser.

Independence from the matcher: this module imports nothing from `syncer`. It reads data files
only: the sandbox's default catalog (`syncer/sandbox/data/default_catalog.jsonl.gz`, read as
JSON Lines), the Kaggle Spotify Tracks set beside the repository
(`../shared/reference/catalog/kaggle_spotify_tracks_114k.csv`, for songs that are NOT in the
catalog), and `syncer/match.py` and `syncer/normalize.py` as text (which words a label shares
with them); the crowd it reads through the sandbox's API and its provenance endpoint. It has its
own normalisation (`_key`), its own version-tag rule, and romanises with cutlet (MeCab +
UniDic), not with the pykakasi the matcher reads with.

Labels are correct by construction:
- an answerable case is built from one real catalog row, and `expected` is every catalog track
  with the same title (by `_key`) and exactly the same artists: the releases of that song on
  several albums. Rows whose title the same artist also has with other co-artists are skipped
  (which one the person meant could not be told). `recording` (title, artists, duration) lets
  the evaluation also accept a re-release the realistic sandbox synthesises (same title, same
  artists, same length);
- a gap (`expected: []`) is a song that is not in the catalog: a real song of the Kaggle set
  whose track id is not in the catalog and whose title the artist has nowhere in the catalog,
  or an artist with no track in the catalog under any of its names;
- a title is altered (typo, translation, shortening) only where the altered title is no other
  song of that artist.

Categories (the curator's mistake or habit; `how` on each case says which variant):
- `exact`, `case_width` (upper/lower case, full-width Latin);
- `typo` (one slip in a title or artist: transposed, dropped, doubled or neighbouring key; a
  dropped long-vowel mark or dakuten in kana), `dropped_diacritics` (é -> e, ö -> o, ū -> u, Æ ->
  AE), `and_ampersand` ("&" for "and" and back, in titles and artists);
- `co_artists` (every credited artist typed into the artist field: "A feat. B", "A & B",
  "A, B", "A x B", "A with B", "B & A");
- `wrong_credit` (only a secondary credit named: the guest, the performer of a composer's work,
  or one word of a multi-word artist name);
- `swapped` (the title in the artist field and the artist in the title field);
- `romaji_title_with_alias`, `romaji_title_only`, `romaji_artist` (Japanese script written in
  romaji by cutlet: Hepburn with English loanwords as fans spell them, lower case, kunrei,
  words run together), `native_artist` (the artist's Japanese name where the catalog has one);
- `translated_with_alias`, `translated_only` (an English translation of a Japanese title; the
  song is there, so a miss counts against recall), `half_remembered` (a subtitle or bracketed
  part left out, a leading article dropped, a word left out of a long title);
- `decorated` (tie-in notes, brackets, 「」, "feat." in the title);
- `version_trap` (the plain title of a song the artist also has live, remixed, ...: the
  original is right) and `only_edit_or_remaster` (only "… - Remaster", "… - Radio Edit" and
  the like exist: that is the song);
- gaps: `only_other_versions` (only live/remix/... versions exist), `absent_song_present_artist`
  (a real song of an artist the catalog has, the song itself missing), `absent_same_title` (a
  real song whose title the catalog has by someone else), `absent_artist` (real artists and
  songs with no track in the catalog).

Categories of `versions.json` (issue 20.5), each song's own search (`track:"T" artist:"A"`,
up to 8 pages, the account's market) read through the sandbox and every track it shows that the
crowd made asked for its provenance; a wrong candidate is another recording of the song (its
`parent_id` is the song's, `same_song` false, a label):
- `unfamiliar_<kind>` (one per kind of version the crowd holds: live, session, rerecording, ...):
  songs whose wrong candidates include one of that kind under a label no word of which appears
  in `syncer/match.py` or `syncer/normalize.py` (`never_named`); the song is right. `unfamiliar`
  lists those labels, `versions` every wrong candidate seen. At least 30 a kind, more when
  there are few kinds (120 in all when the crowd allows);
- `live_plain_title`: songs next to a live take whose title is plain, the live album's name the
  only label (`placement` "live_album");
- the entry is written as shown, in lower case, or with one slip in the title, in turn;
- `subtitle_left_out`: real songs "Name (Subtitle)" whose subtitle is plain words naming no
  version, credit or same-song note, written "Name", their artist having no other song of that
  name (at most 3 an artist): right is the song offered first (matched, or first for review).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import requests

from bench.server import sandbox_process

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "syncer" / "sandbox" / "data" / "default_catalog.jsonl.gz"
KAGGLE_ALL = REPO.parent / "shared" / "reference" / "catalog" / "kaggle_spotify_tracks_114k.csv"
OUTPUT = Path(__file__).parent / "labelled.json"  # the frozen 535 entries
VERSIONS_OUTPUT = Path(__file__).parent / "versions.json"  # built from the crowd
MATCHER_SOURCES = (REPO / "syncer" / "match.py", REPO / "syncer" / "normalize.py")
SEED = 13
VERSIONS_SEED = 20
MARKET = "JP"  # the sandbox account's country, which the evaluation searches for

# versions.json: songs probed (at most), pages read per song, cases per category (an unfamiliar
# kind gets more when there are few kinds, so that at least UNFAMILIAR_AT_LEAST are built).
PROBED_AT_MOST = 900
PAGES_AT_MOST = 8
PER_KIND = 30
UNFAMILIAR_AT_LEAST = 120
SUBTITLES_SIZE = 40
SUBTITLES_PER_ARTIST = 3
SUBTITLES = "subtitle_left_out"
WRITTEN = ("as shown", "lower case", "typo")
LETTERS = re.compile(r"[^\W\d_]+")
# A subtitle: plain words; not a credit nor a same-song note (a tie-in, a remaster, an edit);
# an album of performances makes it more likely the occasion than the song's name.
SUBTITLE_WORDS = re.compile(r"^[^\W\d_]+(?:[ '’][^\W\d_]+)+$")
CREDIT_OR_NOTE = re.compile(
    r"(?i)^(feat\.?|ft\.?|featuring|with|prod\.?)\s|remaster|\b(radio|single|album|original|"
    r"clean|explicit|edit|mono|stereo|from|theme)\b|soundtrack|主題歌"
)
PERFORMANCE = re.compile(
    r"(?i)\blive\b|\bvivo\b|\bsessions?\b|\bconcert|\btour\b|unplugged|ac[uú]stic|ライブ"
)

# How many cases per category, roughly as often as each habit shows up in a real list.
SIZES = {
    "exact": 70,
    "case_width": 24,
    "typo": 30,
    "dropped_diacritics": 16,
    "and_ampersand": 14,
    "co_artists": 30,
    "wrong_credit": 20,
    "swapped": 16,
    "romaji_title_with_alias": 24,
    "romaji_title_only": 30,
    "romaji_artist": 16,
    "native_artist": 16,
    "translated_with_alias": 12,
    "translated_only": 12,
    "half_remembered": 24,
    "decorated": 24,
    "version_trap": 30,
    "only_edit_or_remaster": 12,
    "only_other_versions": 20,
    "absent_song_present_artist": 40,
    "absent_same_title": 30,
    "absent_artist": 30,
}

# A decoration that makes a different recording of the song (the matcher's rule is not used).
DIFFERENT_RECORDING = re.compile(
    r"(?i)\b(live|remix(ed)?|acoustic|instrumental|inst\.?|karaoke|off ?vocal|tv size|tv ver|"
    r"cover|demo|unplugged|orchestra(l)?|piano|lofi|lo-fi|sped up|slowed|nightcore|music box|"
    r"intro|interlude|a cappella|acapella|\w+ mix|\w+ ver(sion|\.)?)\b"
    r"|ライブ|カラオケ|インスト|弾き語り|アコースティック|イントロ|オルゴール|ヴァージョン|バージョン"
)
# An arrangement an artist makes of someone else's song (a lofi or piano cover): when only that
# exists, an entry naming that artist most likely means it, so it is no clean gap.
COVER_STYLE = re.compile(
    r"(?i)\b(lofi|lo-fi|piano|music box|orchestra(l)?|cover|nightcore|sped up|slowed|karaoke)\b"
    r"|カラオケ|オルゴール"
)
# Versions clear enough to call a gap when only they exist (the artist's studio take is meant).
CLEAR_GAP = re.compile(
    r"(?i)^(.*\b)?(live|remix|acoustic|instrumental|off ?vocal|tv size)\b|ライブ|インスト"
)
# A decoration that names another release of the same recording, or the same song.
SAME_SONG = re.compile(
    r"(?i)^\s*(\d{4} )?(remaster(ed)?( version)?( \d{4})?|radio edit|single version|"
    r"album version|single ver\.?|album ver\.?|original version|original mix|mono|stereo)\s*$"
)
# Any version word at all: a plain title has none.
VERSION_WORDS = re.compile(
    r"(?i)\b(version|ver\.|edit|mix|remaster(ed)?|mono|stereo|live|remix|take|session)\b"
)
DECORATION_START = re.compile(r"\s+-\s+|\s*[(\[（［【〔〜～~]")
# Catalogue numbers of classical works: any recording of the piece could be meant, so the set
# leaves them out rather than guess which performances count.
CLASSICAL = re.compile(r"\b(BWV|Op\.|K\. ?\d|R\. ?\d|Hob\.|No\. ?\d)")
FUNCTION_WORDS = {
    "of", "the", "a", "an", "and", "in", "to", "for", "my", "on", "at", "with", "by", "like",
    "el", "la", "de", "del", "y", "me", "you", "so",
}  # fmt: skip
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA = re.compile(r"[\u3040-\u30ff]")

# Common Japanese song titles and what an English-speaking curator writes instead.
TRANSLATIONS = {
    "桜": "Cherry Blossoms", "花": "Flower", "雪": "Snow", "夢": "Dream", "空": "Sky",
    "星": "Star", "愛": "Love", "海": "Sea", "風": "Wind", "光": "Light", "虹": "Rainbow",
    "月": "Moon", "涙": "Tears", "春": "Spring", "夏": "Summer", "秋": "Autumn",
    "冬": "Winter", "流星": "Shooting Star", "花火": "Fireworks", "紙飛行機": "Paper Airplane",
    "青春": "Youth", "未来": "Future", "約束": "Promise", "奇跡": "Miracle", "家族": "Family",
    "宝物": "Treasure", "手紙": "Letter", "絆": "Bonds", "希望": "Hope", "瞳": "Eyes",
    "太陽": "The Sun", "蛍": "Firefly", "故郷": "Hometown", "永遠": "Forever", "天使": "Angel",
    "旅立ち": "Departure", "雨": "Rain", "恋": "Love", "君": "You", "心": "Heart",
    "道": "Road", "声": "Voice", "白日": "Broad Daylight", "夜に駆ける": "Racing into the Night",
    "群青": "Ultramarine", "紅蓮華": "Red Lotus", "千本桜": "Thousand Cherry Blossoms",
    "炎": "Flame", "香水": "Perfume", "怪物": "Monster", "祝福": "Blessing", "花束": "Bouquet",
    "告白": "Confession", "残響散歌": "Scattering Echoes", "勇者": "The Brave",
    "裸の心": "Naked Heart", "猫": "Cat", "夜明け": "Dawn", "朝": "Morning", "世界": "World",
    "東京": "Tokyo", "さくら": "Cherry Blossoms", "ありがとう": "Thank You",
    "さよなら": "Goodbye", "はじまり": "Beginning", "ひまわり": "Sunflower",
    "かくれんぼ": "Hide and Seek", "アイドル": "Idol", "マリーゴールド": "Marigold",
}  # fmt: skip

# Well-known Japanese artists and songs; kept only when the catalog has neither the artist
# (under any of the names given) nor the title by them.
KNOWN_ABSENT = [
    (("浜崎あゆみ", "Ayumi Hamasaki"), "SEASONS"),
    (("一青窈", "Yo Hitoto"), "ハナミズキ"),
    (("平井堅", "Ken Hirai"), "瞳をとじて"),
    (("徳永英明", "Hideaki Tokunaga"), "レイニー ブルース"),
    (("レミオロメン", "Remioromen"), "粉雪"),
    (("ZARD",), "負けないで"),
    (("MISIA",), "Everything"),
    (("西野カナ", "Kana Nishino"), "会いたくて 会いたくて"),
    (("JUJU",), "やさしさで溢れるように"),
    (("尾崎豊", "Yutaka Ozaki"), "I LOVE YOU"),
    (("BUMP OF CHICKEN",), "天体観測"),
    (("ASIAN KUNG-FU GENERATION",), "リライト"),
    (("椎名林檎", "Ringo Sheena"), "丸の内サディスティック"),
    (("スピッツ", "SPITZ"), "チェリー"),
    (("東京事変", "Tokyo Jihen"), "群青日和"),
]

SWAPS = {"q": "w", "w": "e", "e": "r", "r": "t", "t": "y", "y": "u", "u": "i", "i": "o",
         "o": "p", "a": "s", "s": "d", "d": "f", "f": "g", "g": "h", "h": "j", "j": "k",
         "k": "l", "z": "x", "x": "c", "c": "v", "v": "b", "b": "n", "n": "m", "m": "n",
         "l": "k", "p": "o"}  # fmt: skip
DAKUTEN_OFF = dict(zip("がぎぐげござじずぜぞだぢづでどばびぶべぼガギグゲゴザジズゼゾダヂヅデドバビブベボ",
                       "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ",
                       strict=True))  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One catalog track, as far as labelling needs it."""

    id: str
    title: str
    artists: tuple[str, ...]
    artist_names: tuple[frozenset[str], ...]  # every localised name of each artist, as keys
    native_artist: str | None  # the first artist's Japanese name, when the catalog has one
    album: str
    duration_ms: int


Case = dict[str, Any]


def _key(text: str) -> str:
    """This generator's own identity of a name: NFKC, case-folded, "&" read as "and", letters
    and digits only."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return "".join(c for c in folded if c.isalnum())


def is_release_of(title: str, song_title: str) -> bool:
    """Whether a track called `title` is the song `song_title` by the same artists: the same
    title, or the title with a remaster or same-song edit note. The evaluation uses this rule
    too, for tracks the realistic sandbox synthesises."""
    if _key(title) == _key(song_title):
        return True
    return _key(_base(title)) == _key(song_title) and _kind(_decoration(title)) == "same"


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("Æ", "AE").replace("æ", "ae").replace("Ø", "O").replace("ø", "o")


def _has_version(title: str) -> bool:
    return bool(VERSION_WORDS.search(title) or DIFFERENT_RECORDING.search(title))


def _clear_gap(title: str) -> bool:
    decoration = _decoration(title)
    return bool(CLEAR_GAP.search(decoration)) and not COVER_STYLE.search(title)


def _kind(decoration: str) -> str:
    """ "same" (a remaster, a radio edit: the song itself), "different" (live, remix, karaoke,
    ...: not the song) or "unclear" (anything else: a label would be a guess)."""
    if SAME_SONG.match(decoration):
        return "same"
    if DIFFERENT_RECORDING.search(decoration):
        return "different"
    return "unclear"


def _base(title: str) -> str:
    """The title before its first decoration ("桜 - Live" -> "桜", "A (feat. B)" -> "A")."""
    match = DECORATION_START.search(title)
    return title[: match.start()].strip() if match else title.strip()


def _decoration(title: str) -> str:
    match = DECORATION_START.search(title)
    return title[match.start() :].strip(" -()[]（）［］【】〔〕〜～~") if match else ""


def _is_plain(title: str) -> bool:
    return bool(title.strip()) and _base(title) == title.strip() and not _has_version(title)


# --- the catalog ------------------------------------------------------------------------------


class Catalog:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.ids = {r.id for r in rows}
        self.by_artist: dict[str, list[Row]] = defaultdict(list)  # any name of any credit
        self.titles_of: dict[str, set[str]] = defaultdict(set)  # artist key -> title keys
        self.all_titles: set[str] = set()
        for row in rows:
            self.all_titles.add(_key(row.title))
            for names in row.artist_names:
                for name in names:
                    self.by_artist[name].append(row)
                    self.titles_of[name].add(_key(row.title))
                    self.titles_of[name].add(_key(_base(row.title)))

    def has_artist(self, *names: str) -> bool:
        return any(_key(n) in self.by_artist for n in names)

    def artist_has_title(self, artist: str, title: str) -> bool:
        return _key(title) in self.titles_of.get(_key(artist), set())

    def same_song(self, row: Row) -> list[str] | None:
        """Ids of the song `row` (plain) is: the same title by the same artists, and its
        remasters and same-song edits. None when the artist has that title in a form whose
        meaning is unclear ("Dutty Wine - Part Few") or with other co-artists: the entry
        could mean either, so no label would be right by construction."""
        return self.song_by(row.artists, row.title)

    def song_by(self, artists: tuple[str, ...], title: str) -> list[str] | None:
        ids = []
        for other in self.by_artist[_key(artists[0])]:
            if _key(_base(other.title)) != _key(title):
                continue
            plain = _key(other.title) == _key(title)
            kind = "same" if plain else _kind(_decoration(other.title))
            if kind == "different":
                continue
            if kind == "unclear" or other.artists != artists:
                return None
            ids.append(other.id)
        return sorted(set(ids)) or None


def _load_catalog() -> Catalog:
    rows = []
    with gzip.open(CATALOG, "rt", encoding="utf-8") as handle:
        for line in handle:
            track = json.loads(line)
            artists = track["artists"]
            names = tuple(
                frozenset({_key(a["name"]), *(_key(v) for v in (a.get("names") or {}).values())})
                for a in artists
            )
            native = (artists[0].get("names") or {}).get("ja")
            rows.append(
                Row(
                    id=track["id"],
                    title=track["name"],
                    artists=tuple(a["name"] for a in artists),
                    artist_names=names,
                    native_artist=native if native and native != artists[0]["name"] else None,
                    album=(track.get("album") or {}).get("name", ""),
                    duration_ms=int(track["duration_ms"]),
                )
            )
    return Catalog(rows)


def _kaggle_rows() -> list[dict[str, str]]:
    with KAGGLE_ALL.open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["track_name"].strip()]


# --- cases ------------------------------------------------------------------------------------


def _case(
    category: str,
    how: str,
    title: str,
    artist: str,
    row: Row | None,
    *,
    ids: list[str] | None = None,
    **extra: Any,
) -> Case:
    """A labelled entry; `row` is the song meant (None: not in the catalog), `ids` its releases
    when they are not simply `row`'s song (remasters only)."""
    case: Case = {"category": category, "how": how, "title": title, "artist": artist, **extra}
    if row is None:
        case["expected"] = []
    else:
        ids = ids or CATALOG_.same_song(row)
        if not ids:
            raise ValueError(f"no unambiguous song for {row.title!r} by {row.artists}")
        case["expected"] = ids
        case["recording"] = {
            "title": row.title,
            "artists": list(row.artists),
            "duration_ms": row.duration_ms,
        }
    return case


def _answerable(rows: Iterable[Row]) -> list[Row]:
    """Plain rows whose song is unambiguous, one row per song."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    kept = []
    for row in rows:
        song = (_key(row.title), row.artists)
        if song in seen or not _is_plain(row.title) or not _key(row.title):
            continue
        if CLASSICAL.search(row.title):
            continue
        if CATALOG_.same_song(row) is None:
            continue
        seen.add(song)
        kept.append(row)
    return kept


def _distinct(catalog: Catalog, row: Row, title: str) -> bool:
    """A changed title that is not another song of the same artist (and still has letters)."""
    wanted = _key(title)
    if not wanted:
        return False
    return all(
        _key(o.title) != wanted and _key(_base(o.title)) != wanted
        for o in catalog.by_artist[_key(row.artists[0])]
        if _key(o.title) != _key(row.title)
    )


def _exact(rng: random.Random, pool: list[Row]) -> list[Case]:
    return [_case("exact", "as shown", r.title, r.artists[0], r) for r in pool]


def _case_width(pool: list[Row]) -> list[Case]:
    cases: list[Case] = []
    for i, r in enumerate(pool):
        title, artist = r.title, r.artists[0]
        how = ("title upper, artist lower", "title lower, artist upper", "full-width Latin")[i % 3]
        if i % 3 == 0:
            title, artist = title.upper(), artist.lower()
        elif i % 3 == 1:
            title, artist = title.lower(), artist.upper()
        else:
            title = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in title)
        cases.append(_case("case_width", how, title, artist, r))
    return cases


def _latin_typo(rng: random.Random, text: str) -> tuple[str, str] | None:
    """One slip in a word of five letters or more."""
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return None
    start, end = rng.choice(words)
    word = text[start:end]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("transposed", "dropped", "doubled", "neighbour key"))
    if kind == "transposed":
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "dropped":
        typo = word[:i] + word[i + 1 :]
    elif kind == "doubled":
        typo = word[:i] + word[i] + word[i:]
    else:
        near = SWAPS.get(word[i].lower(), "e")
        typo = word[:i] + (near.upper() if word[i].isupper() else near) + word[i + 1 :]
    if typo.casefold() == word.casefold():
        return None
    return text[:start] + typo + text[end:], kind


def _kana_typo(text: str) -> tuple[str, str] | None:
    if "ー" in text:
        return text.replace("ー", "", 1), "long-vowel mark dropped"
    for i, char in enumerate(text):
        if char in DAKUTEN_OFF:
            return text[:i] + DAKUTEN_OFF[char] + text[i + 1 :], "dakuten dropped"
    return None


def _typo(rng: random.Random, pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        if len(cases) >= size:
            break
        in_artist = len(cases) % 3 == 2
        text = r.artists[0] if in_artist else r.title
        slip = _kana_typo(text) if KANA.search(text) else _latin_typo(rng, text)
        if slip is None:
            continue
        changed, kind = slip
        if in_artist:
            if CATALOG_.has_artist(changed):
                continue
            cases.append(_case("typo", f"artist: {kind}", r.title, changed, r))
        elif _distinct(CATALOG_, r, changed) and _key(changed) not in CATALOG_.all_titles:
            cases.append(_case("typo", f"title: {kind}", changed, r.artists[0], r))
    return cases


def _dropped_diacritics(pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        title, artist = _ascii_fold(r.title), _ascii_fold(r.artists[0])
        if (title, artist) == (r.title, r.artists[0]) or JAPANESE.search(r.title + r.artists[0]):
            continue
        where = "title" if title != r.title else "artist"
        if where == "title" and not _distinct(CATALOG_, r, title):
            continue
        cases.append(_case("dropped_diacritics", where, title, artist, r))
    return cases[:size]


def _and_ampersand(pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        for where, text in (("title", r.title), ("artist", r.artists[0])):
            if " & " in text:
                changed, how = text.replace(" & ", " and "), "& -> and"
            elif re.search(r"(?i) and ", text):
                changed, how = re.sub(r"(?i) and ", " & ", text), "and -> &"
            else:
                continue
            title, artist = (changed, r.artists[0]) if where == "title" else (r.title, changed)
            cases.append(_case("and_ampersand", f"{where}: {how}", title, artist, r))
            break
    return cases[:size]


CO_ARTIST_STYLES: Sequence[tuple[str, Callable[[Sequence[str]], str]]] = (
    ("A feat. B", lambda a: f"{a[0]} feat. {' & '.join(a[1:])}"),
    ("A & B", lambda a: " & ".join(a)),
    ("A, B", lambda a: ", ".join(a)),
    ("A x B", lambda a: " x ".join(a)),
    ("A with B", lambda a: f"{a[0]} with {', '.join(a[1:])}"),
    ("B & A", lambda a: " & ".join(reversed(a))),
)


def _co_artists(pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        if not 2 <= len(r.artists) <= 3:
            continue
        how, style = CO_ARTIST_STYLES[len(cases) % len(CO_ARTIST_STYLES)]
        cases.append(_case("co_artists", how, r.title, style(r.artists), r))
    return cases[:size]


def _wrong_credit(pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        if len(r.artists) >= 2 and len(cases) % 2 == 0:
            credited = r.artists[-1]
            cases.append(_case("wrong_credit", "only the last credit", r.title, credited, r))
            continue
        words = r.artists[0].split()
        if len(words) >= 2 and len(cases) % 2 == 1 and len(r.artists) == 1:
            longest = max(words, key=len)
            if len(longest) >= 4 and not CATALOG_.has_artist(longest):
                cases.append(_case("wrong_credit", "one word of the name", r.title, longest, r))
    return cases[:size]


def _swapped(pool: list[Row]) -> list[Case]:
    return [_case("swapped", "title <-> artist", r.artists[0], r.title, r) for r in pool]


# --- romaji -----------------------------------------------------------------------------------


@cache
def _romanisers() -> dict[str, Any]:
    # The [eval] extra; only this script needs it.
    import cutlet  # type: ignore[import-not-found, import-untyped, unused-ignore]

    fans = cutlet.Cutlet("hepburn")
    strict = cutlet.Cutlet("hepburn")
    strict.use_foreign_spelling = False
    kunrei = cutlet.Cutlet("kunrei")
    return {"hepburn": fans, "hepburn, no loanwords": strict, "kunrei": kunrei}


ROMAJI_STYLES = ("hepburn", "lower case", "kunrei", "run together", "hepburn, no loanwords")


def _romaji(text: str, style: str) -> str:
    romanisers = _romanisers()
    name = style if style in romanisers else "hepburn"
    romaji = " ".join(str(romanisers[name].romaji(text)).split())
    if style == "hepburn":
        return " ".join(w[:1].upper() + w[1:] for w in romaji.split())
    if style == "lower case":
        return romaji.lower()
    if style == "run together":
        return romaji.replace(" ", "") if len(romaji.split()) <= 3 else romaji
    return romaji


def _romaji_titles(pool: list[Row], size: int, *, with_alias: bool) -> list[Case]:
    category = "romaji_title_with_alias" if with_alias else "romaji_title_only"
    cases: list[Case] = []
    for r in pool:
        if not JAPANESE.search(r.title):
            continue
        style = ROMAJI_STYLES[len(cases) % len(ROMAJI_STYLES)]
        romaji = _romaji(r.title, style)
        if JAPANESE.search(romaji) or not _distinct(CATALOG_, r, romaji):
            continue
        extra = {"aliases": [r.title]} if with_alias else {}
        cases.append(_case(category, style, romaji, r.artists[0], r, **extra))
    return cases[:size]


def _romaji_artist(pool: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    for r in pool:
        if not JAPANESE.search(r.artists[0]):
            continue
        style = ("hepburn", "lower case", "hepburn, no loanwords")[len(cases) % 3]
        romaji = _romaji(r.artists[0], style)
        if JAPANESE.search(romaji) or CATALOG_.has_artist(romaji):
            continue
        cases.append(_case("romaji_artist", style, r.title, romaji, r))
    return cases[:size]


def _native_artist(pool: list[Row], size: int) -> list[Case]:
    picked = [r for r in pool if r.native_artist]
    return [
        _case("native_artist", "Japanese name", r.title, r.native_artist or "", r)
        for r in picked[:size]
    ]


# --- titles changed in meaning ----------------------------------------------------------------


def _translated(pool: list[Row]) -> tuple[list[Case], list[Case]]:
    with_alias: list[Case] = []
    only: list[Case] = []
    for r in pool:
        english = TRANSLATIONS.get(r.title.strip())
        if english is None or not _distinct(CATALOG_, r, english):
            continue
        if len(with_alias) <= len(only):
            case = _case("translated_with_alias", "English", english, r.artists[0], r,
                         aliases=[r.title])  # fmt: skip
            with_alias.append(case)
        else:
            only.append(_case("translated_only", "English", english, r.artists[0], r))
    return with_alias, only


def _half_remembered(rows: list[Row], size: int) -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for r in rows:
        decoration = _decoration(r.title)
        base = _base(r.title)
        if decoration and not _has_version(r.title) and "feat" not in decoration.lower():
            shortened, how = base, "subtitle left out"
        elif re.match(r"(?i)^(the|a) \S", r.title) and _is_plain(r.title):
            shortened, how = r.title.split(" ", 1)[1], "leading article dropped"
        elif len(r.title.split()) >= 4 and _is_plain(r.title):
            words = r.title.split()
            last = words[-2].casefold().strip(",.!?:;")
            if last in FUNCTION_WORDS or len(last) < 3 or last.endswith(("'s", "’s")):
                continue
            if len(words) < 4 or len(_key(words[-1])) < 3 or CLASSICAL.search(r.title):
                continue
            shortened, how = " ".join(words[:-1]), "last word left out"
        else:
            continue
        if _key(r.title) in seen or not _distinct(CATALOG_, r, shortened):
            continue
        if CATALOG_.same_song(r) is None or len(_key(shortened)) < 2:
            continue
        seen.add(_key(r.title))
        cases.append(_case("half_remembered", how, shortened, r.artists[0], r))
    return cases[:size]


DECORATIONS = (
    ("tie-in note", "{} (From 'Drama Special')"),
    ("album version note", "{} [Album Version]"),
    ("corner brackets", "「{}」"),
    ("feat. in the title", "{} (feat. Guest Singer)"),
    ("double corner brackets", "『{}』"),
    ("theme song note", "{} 【Theme Song】"),
    ("original version note", "{} (Original Version)"),
)


def _decorated(pool: list[Row]) -> list[Case]:
    cases: list[Case] = []
    for i, r in enumerate(pool):
        how, pattern = DECORATIONS[i % len(DECORATIONS)]
        cases.append(_case("decorated", how, pattern.format(r.title), r.artists[0], r))
    return cases


# --- versions ---------------------------------------------------------------------------------


def _versions(rows: list[Row]) -> tuple[list[Case], list[Case], list[Case]]:
    """Songs with a version decoration: next to the plain original (the original is right),
    only as remasters or same-song edits (they are right), or only as live, remixed, ...
    recordings (a gap)."""
    traps, same_song, gaps = [], [], []
    done: set[tuple[str, str]] = set()
    for r in rows:
        base, decoration = _base(r.title), _decoration(r.title)
        if not decoration or _has_version(base) or not _key(base) or CLASSICAL.search(r.title):
            continue
        song = (_key(base), _key(r.artists[0]))
        if song in done or _kind(decoration) == "unclear":
            continue
        done.add(song)
        siblings = [
            o for o in CATALOG_.by_artist[_key(r.artists[0])] if _key(_base(o.title)) == _key(base)
        ]
        kinds = {
            ("plain" if _key(o.title) == _key(base) else _kind(_decoration(o.title)))
            for o in siblings
        }
        if "unclear" in kinds:
            continue
        if "different" not in kinds and "plain" not in kinds:
            ids = CATALOG_.song_by(r.artists, base)
            if ids:
                same_song.append(
                    _case("only_edit_or_remaster", decoration, base, r.artists[0], r, ids=ids)
                )
        elif "plain" in kinds:
            plain = next(o for o in siblings if _key(o.title) == _key(base))
            if CATALOG_.same_song(plain) and "different" in kinds:
                traps.append(_case("version_trap", decoration, base, plain.artists[0], plain))
        elif kinds == {"different"} and all(_clear_gap(o.title) for o in siblings):
            gaps.append(_case("only_other_versions", decoration, base, r.artists[0], None))
    return traps, same_song, gaps


# --- gaps -------------------------------------------------------------------------------------


def _absent_song_present_artist(rng: random.Random, kaggle: list[dict[str, str]]) -> list[Case]:
    """Real songs whose artist the catalog has, under the same name, without that song."""
    found: dict[str, Case] = {}
    for k in kaggle:
        artist = k["artists"].split(";")[0]
        if k["track_id"] in CATALOG_.ids or not CATALOG_.has_artist(artist):
            continue
        title = k["track_name"]
        credits = k["artists"].split(";")
        if any(CATALOG_.artist_has_title(a, t) for a in credits for t in (title, _base(title))):
            continue
        found.setdefault(artist, _case("absent_song_present_artist", "real song, not in catalog",
                                       title, artist, None))  # fmt: skip
    artists = sorted(found)
    size = SIZES["absent_song_present_artist"]
    return [found[a] for a in rng.sample(artists, min(len(artists), size))]


def _absent_same_title(rng: random.Random, kaggle: list[dict[str, str]]) -> list[Case]:
    """Real songs by artists the catalog lacks, whose title the catalog has by someone else."""
    found: dict[str, Case] = {}
    for k in kaggle:
        artists = k["artists"].split(";")
        title = k["track_name"]
        if k["track_id"] in CATALOG_.ids or any(CATALOG_.has_artist(a) for a in artists):
            continue
        if _key(title) not in CATALOG_.all_titles:
            continue
        found.setdefault(_key(title), _case("absent_same_title", "title taken by another artist",
                                            title, artists[0], None))  # fmt: skip
    keys = sorted(found)
    return [found[t] for t in rng.sample(keys, min(len(keys), SIZES["absent_same_title"]))]


def _absent_artist(rng: random.Random, kaggle: list[dict[str, str]]) -> list[Case]:
    """Real songs by artists with no track in the catalog, popular ones first."""
    cases = [
        _case("absent_artist", "well-known artist not in catalog", title, names[0], None)
        for names, title in KNOWN_ABSENT
        if not CATALOG_.has_artist(*names)
    ]
    found: dict[str, Case] = {}
    for k in sorted(kaggle, key=lambda k: -int(k["popularity"] or 0)):
        artists = k["artists"].split(";")
        title = k["track_name"]
        if k["track_id"] in CATALOG_.ids or any(CATALOG_.has_artist(a) for a in artists):
            continue
        if _key(title) in CATALOG_.all_titles or int(k["popularity"] or 0) < 60:
            continue
        found.setdefault(artists[0], _case("absent_artist", "real song, artist not in catalog",
                                           title, artists[0], None))  # fmt: skip
    rest = SIZES["absent_artist"] - len(cases)
    names = sorted(found)
    return cases + [found[a] for a in rng.sample(names, min(rest, len(names)))]


# --- versions the crowd holds (versions.json) -------------------------------------------------


class Crowd:
    """The realistic sandbox, met only over HTTP: its search (a client-credentials token, the
    account's market) and what each track it serves is (`/_sandbox/tracks/{id}/provenance`)."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._session = requests.Session()
        answer = self._session.post(
            f"{base_url}/api/token",
            data={"grant_type": "client_credentials"},
            auth=("eval", "eval"),
            timeout=30,
        )
        answer.raise_for_status()
        self._session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def search(self, title: str, artist: str) -> list[dict[str, Any]]:
        """Every track `track:"title" artist:"artist"` finds, page by page (10 a page)."""
        found: list[dict[str, Any]] = []
        query = f'track:"{title}" artist:"{artist}"'
        for page in range(PAGES_AT_MOST):
            params: dict[str, str | int] = {"q": query, "type": "track", "market": MARKET}
            params |= {"limit": 10, "offset": 10 * page}
            answer = self._session.get(f"{self._base_url}/v1/search", params=params, timeout=60)
            if answer.status_code in (400, 404):  # refused as Spotify refuses it ("/" in it)
                break
            answer.raise_for_status()
            tracks = answer.json()["tracks"]
            found += tracks["items"]
            if not tracks["next"]:
                break
        return found

    def provenance(self, track_id: str) -> dict[str, Any]:
        answer = self._session.get(
            f"{self._base_url}/_sandbox/tracks/{track_id}/provenance", timeout=60
        )
        answer.raise_for_status()
        found: dict[str, Any] = answer.json()
        return found


@cache
def _matcher_text() -> str:
    return " ".join(path.read_text(encoding="utf-8").casefold() for path in MATCHER_SOURCES)


def never_named(label: str) -> bool:
    """Whether no word of `label` appears in the matcher's sources (`syncer/match.py`,
    `syncer/normalize.py`, read as text): a word in Japanese script anywhere, any other word of
    two letters or more as a whole word. A label of digits and marks alone is not counted."""
    words = [w.casefold() for w in LETTERS.findall(label) if len(w) >= 2 or JAPANESE.search(w)]
    text = _matcher_text()
    return bool(words) and not any(
        (word in text) if JAPANESE.search(word) else re.search(_whole_word(word), text)
        for word in words
    )


def _whole_word(word: str) -> str:
    return rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])"


@dataclass(frozen=True)
class Version:
    """A wrong candidate the crowd holds for a song: another recording, by its provenance."""

    id: str
    kind: str
    label: str
    placement: str | None

    @property
    def unfamiliar(self) -> bool:
        return never_named(self.label)

    @property
    def live_plain_title(self) -> bool:
        return self.placement == "live_album"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "placement": self.placement,
            "never_named": self.unfamiliar,
        }


def _other_recordings(crowd: Crowd, row: Row, expected: list[str]) -> list[Version]:
    """What the song's own search shows that the crowd made as another recording of it."""
    versions = []
    for track in crowd.search(row.title, row.artists[0]):
        if track["id"] in CATALOG_.ids:
            continue
        found = crowd.provenance(track["id"])
        if found.get("parent_id") in expected and not found["same_song"] and found["label"]:
            kind = re.sub(r"\d+$", "", found["kind"])
            versions.append(Version(track["id"], kind, found["label"], found["placement"]))
    return versions


def _category_of(version: Version) -> str | None:
    """`live_plain_title` for a live take whose title is plain, `unfamiliar_<kind>` for another
    recording under a label the matcher never names, else None."""
    if version.live_plain_title:
        return "live_plain_title"
    return f"unfamiliar_{version.kind}" if version.unfamiliar else None


def _category_for(versions: list[Version], counts: dict[str, int]) -> str | None:
    """The category a song goes to, by the wrong candidates it has: the least filled one it
    could go to, None when those are full (an unfamiliar kind takes more when there are few)."""
    categories = {c for c in map(_category_of, versions) if c is not None}
    kinds = {c for c in [*counts, *categories] if c.startswith("unfamiliar_")}
    each = max(PER_KIND, -(-UNFAMILIAR_AT_LEAST // max(1, len(kinds))))
    open_ = [c for c in categories if counts[c] < (PER_KIND if c == "live_plain_title" else each)]
    return min(open_, key=lambda c: (counts[c], c)) if open_ else None


def _written(rng: random.Random, row: Row, number: int) -> tuple[str, str, str]:
    """The song as a curator writes it: as shown, in lower case or with one slip (in turn)."""
    style = WRITTEN[number % len(WRITTEN)]
    title, artist = row.title, row.artists[0]
    if style == "lower case" and (title.lower(), artist.lower()) != (title, artist):
        return "lower case", title.lower(), artist.lower()
    if style == "typo":
        slip = _kana_typo(title) if KANA.search(title) else _latin_typo(rng, title)
        if slip and _distinct(CATALOG_, row, slip[0]) and _key(slip[0]) not in CATALOG_.all_titles:
            return f"title: {slip[1]}", slip[0], artist
    return "as shown", title, artist


def _versions_of_songs(crowd: Crowd, rng: random.Random, pool: list[Row]) -> list[Case]:
    """Songs next to other recordings the crowd holds under labels the matcher never names,
    or live takes whose title is plain (the live album alone says so): the song is right."""
    counts: dict[str, int] = defaultdict(int)
    cases: list[Case] = []
    for row in pool[:PROBED_AT_MOST]:
        expected = CATALOG_.same_song(row)
        if expected is None or '"' in row.title + row.artists[0]:
            continue
        versions = _other_recordings(crowd, row, expected)
        category = _category_for(versions, counts)
        if category is None:
            continue
        how, title, artist = _written(rng, row, counts[category])
        counts[category] += 1
        unfamiliar = sorted({v.label for v in versions if v.unfamiliar})
        shown = next(v for v in versions if _category_of(v) == category)
        cases.append(
            _case(category, f"{how}; {shown.kind} ({shown.placement}): {shown.label}", title,
                  artist, row, unfamiliar=unfamiliar, versions=[v.as_json() for v in versions])
        )  # fmt: skip
    return sorted(cases, key=lambda c: c["category"])


def _subtitled(row: Row) -> bool:
    """A title "Name (Subtitle)" whose subtitle is words that name no version, credit or
    same-song note, on an album that is no performance (this generator's reading)."""
    label = _decoration(row.title)
    return (
        row.title.endswith(")")
        and row.title.count("(") == 1
        and bool(SUBTITLE_WORDS.match(label))
        and not CREDIT_OR_NOTE.search(label)
        and not _has_version(row.title)
        and not PERFORMANCE.search(f"{row.title} {row.album}")
        and len(_key(_base(row.title))) >= 3
    )


def _subtitles_left_out(pool: list[Row], frozen: set[str]) -> list[Case]:
    """Songs titled "Name (Subtitle)" written "Name", the artist having no other song of that
    name: right is the song offered first (matched, or first for review)."""
    cases: list[Case] = []
    per_artist: dict[str, int] = defaultdict(int)
    for row in pool:
        if len(cases) >= SUBTITLES_SIZE:
            break
        if per_artist[_key(row.artists[0])] >= SUBTITLES_PER_ARTIST:
            continue  # many artists, not one's catalog
        base = _base(row.title)
        if not _subtitled(row) or _key(row.title) in frozen or not _distinct(CATALOG_, row, base):
            continue
        ids = _same_title(row)
        if ids is None:
            continue
        frozen.add(_key(row.title))
        per_artist[_key(row.artists[0])] += 1
        cases.append(_case(SUBTITLES, "subtitle left out", base, row.artists[0], row, ids=ids))
    return cases


def _same_title(row: Row) -> list[str] | None:
    """The catalog's releases of the song `row` is, by its whole title (subtitle included);
    None when the title is also credited to other co-artists (which was meant is unclear)."""
    same = [o for o in CATALOG_.by_artist[_key(row.artists[0])] if _key(o.title) == _key(row.title)]
    if any(o.artists != row.artists for o in same):
        return None
    return sorted({o.id for o in same})


def build_versions(crowd: Crowd) -> list[Case]:
    """The categories built from what the realistic crowd holds (issue 20.5)."""
    global CATALOG_
    CATALOG_ = _load_catalog()
    rng = random.Random(VERSIONS_SEED)
    pool = _answerable(CATALOG_.rows)
    rng.shuffle(pool)
    frozen = json.loads(OUTPUT.read_text(encoding="utf-8"))["cases"]
    taken = {_key(_base(c["recording"]["title"])) for c in frozen if c.get("recording")}
    subtitled = [r for r in CATALOG_.rows if r.title.strip()]
    rng.shuffle(subtitled)
    return _versions_of_songs(crowd, rng, pool) + _subtitles_left_out(subtitled, taken)


# --- main -------------------------------------------------------------------------------------

CATALOG_: Catalog  # set by build() and build_versions(); the helpers above read it


def build() -> list[Case]:
    """The frozen development set (`labelled.json`, 535 entries)."""
    global CATALOG_
    CATALOG_ = _load_catalog()
    rng = random.Random(SEED)
    kaggle = _kaggle_rows()
    rows = CATALOG_.rows
    plain = _answerable(rows)
    japanese = [r for r in plain if JAPANESE.search(r.title + r.artists[0])]

    def take(pool: list[Row], n: int | None = None) -> list[Row]:
        shuffled = list(pool)
        rng.shuffle(shuffled)
        return shuffled if n is None else shuffled[:n]

    # Half the exact entries from the Japanese rows: the lists syncer is for mix both.
    cases = _exact(rng, take(japanese, SIZES["exact"] // 2) + take(plain, SIZES["exact"] // 2))
    cases += _case_width(take(plain, SIZES["case_width"]))
    cases += _typo(rng, take(plain), SIZES["typo"])
    cases += _dropped_diacritics(take(plain), SIZES["dropped_diacritics"])
    cases += _and_ampersand(take(plain), SIZES["and_ampersand"])
    cases += _co_artists(take(plain), SIZES["co_artists"])
    cases += _wrong_credit(take(plain), SIZES["wrong_credit"])
    cases += _swapped(take(plain, SIZES["swapped"]))
    cases += _romaji_titles(take(japanese), SIZES["romaji_title_with_alias"], with_alias=True)
    cases += _romaji_titles(take(japanese), SIZES["romaji_title_only"], with_alias=False)
    cases += _romaji_artist(take(japanese), SIZES["romaji_artist"])
    cases += _native_artist(take(plain), SIZES["native_artist"])
    with_alias, only = _translated(take(plain))
    cases += with_alias[: SIZES["translated_with_alias"]] + only[: SIZES["translated_only"]]
    cases += _half_remembered(take([r for r in rows if r.title.strip()]), SIZES["half_remembered"])
    cases += _decorated(take(plain, SIZES["decorated"]))
    traps, same_song, gaps = _versions(take(rows))
    cases += traps[: SIZES["version_trap"]] + same_song[: SIZES["only_edit_or_remaster"]]
    cases += gaps[: SIZES["only_other_versions"]]
    cases += _absent_song_present_artist(rng, kaggle)
    cases += _absent_same_title(rng, kaggle)
    cases += _absent_artist(rng, kaggle)
    return cases


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.generate")
    parser.add_argument(
        "--frozen", action="store_true", help="rebuild labelled.json (the frozen 535 entries)"
    )
    args = parser.parse_args(list(argv))
    if args.frozen:
        _write_frozen()
        return
    started = time.perf_counter()
    with sandbox_process(0, profile="realistic") as sandbox:
        cases = build_versions(Crowd(sandbox.base_url))
    document = {
        "about": (
            "Entries built by bench/eval/generate.py from what the realistic sandbox's crowd "
            "holds, judged by each track's provenance: songs next to other recordings under "
            "labels the matcher never names (unfamiliar: those labels; versions: every other "
            "recording of the song its search shows), live takes with a plain title, and "
            "subtitles left out. expected: the ids of the song in the catalog."
        ),
        "cases": cases,
    }
    _write(VERSIONS_OUTPUT, document, cases)
    print(f"({time.perf_counter() - started:.0f} s)")


def _write(path: Path, document: dict[str, Any], cases: list[Case]) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        counts[case["category"]] += 1
    print(f"{len(cases)} cases -> {path}")
    for category, count in counts.items():
        print(f"  {category:28} {count}")


def _write_frozen() -> None:
    cases = build()
    document = {
        "about": (
            "A development set of list entries written the way people write them, built by "
            "bench/eval/generate.py from real rows of the sandbox's default catalog and of the "
            "Kaggle Spotify Tracks set, without syncer's code. expected: the ids of the song "
            "(its releases on several albums), [] when the song is not in the catalog; "
            "recording: the song's title, artists and length."
        ),
        "cases": cases,
    }
    _write(OUTPUT, document, cases)


if __name__ == "__main__":
    main(sys.argv[1:])
