"""Other recordings of a song under an open vocabulary of labels, for the realistic crowd.

Public API: `LabelForm`, `FORMS`, `LIVE_ALBUM_FORMS`, `PLACEMENTS`, `OpenVersion`,
`open_versions(title, lead, rng, *, japanese, year) -> list[OpenVersion]`, `is_labelled(title)`,
`names_a_performance(album)`, `render(form, title, parts)`.

Real catalogs name another recording of a song in many languages and words, and not always in
its title (issue 20, point 2). Counted in the Kaggle Spotify Tracks set
(`../shared/reference/catalog/kaggle_spotify_tracks_114k.csv`): " - Ao Vivo" on 2,581 titles,
"En Vivo" 215, "Acústico" 128, "En Directo" 14, "MTV Unplugged" 25, "Reprise" 99, "VIP" 32,
"Rework" 8, "Re-Recorded" 4, "(Taylor's Version)", "セルフカバー" 9, "再録", "Stripped" 15,
"Reimagined", "Remake" 14, "Orchestra Version" 21, "symphonic ver.", "strings ver.",
"piano arrangement", "movie ver.", an era or album named in the label ("WANDS 第5期 ver.",
"中吉 ver."), a live take named by its concert ("ちゅうおん2021 Live ver."), a session series
("Equals Sessions", "Audiotree Live Version", "Recorded at Spotify Studios NYC"); and 450
live albums whose tracks keep plain titles. `FORMS` holds such labels, each in the shape real
titles write it (" - X", "(X)", "[X]", "〜X〜", "-X-", "X ver."), next to series and session
names composed here from word parts (`{series}`), so that no word list can know them: only
the rule "words the entry does not write make another recording" tells them apart.

Each family (a plain song) gets two such versions (`open_versions`): a live take, and a
session, re-recording, self-cover or arrangement. A label is placed (`PLACEMENTS`):
- "title": in the track's title;
- "album": only in the name of the single it is released on, named after the song
  ("Song (Amberfield Sessions)"), the track's own title plain;
- "live_album": nowhere but the live album's name (about a quarter of live takes: a plain
  title on "Ao Vivo em Lisboa", "LIVE AT BUDOKAN 2019").
Some re-recordings and self-covers add a guest (credited, not named in the title). Labels never
double: a title that already carries a label (`is_labelled`) gets no versions at all, and a
version is never the parent of another; of a song's plain titles, one on an album naming a
performance (`names_a_performance`: "Ao Vivo", a tour) is the parent only when no other is.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

PLACEMENTS = ("title", "album", "live_album")

# Shapes real titles write a label in; "ver" is a label that ends in "ver." written after a space.
_SHAPES = {
    "dash": "{title} - {label}",
    "paren": "{title} ({label})",
    "bracket": "{title} [{label}]",
    "wave": "{title} 〜{label}〜",
    "hyphens": "{title} -{label}-",
    "ver": "{title} {label}",
}

_LIVE_SHARE_ON_LIVE_ALBUM = 0.25  # live takes that keep the plain title (issue 20)
_ALBUM_ONLY_SHARE = 0.3  # other versions named only by their single's name
_GUEST_SHARE = 0.4  # re-recordings and self-covers that add a guest


@dataclass(frozen=True)
class LabelForm:
    """One way a label is written: its kind of recording, language, text and shape.
    The text may hold `{series}` (a name composed here), `{year}`, `{place}`, `{first}` (the
    artist's first word) and `{n}`."""

    kind: str  # live | session | rerecording | self_cover | arrangement
    language: str
    text: str
    shape: str
    guest: bool = False  # may add a guest (re-recordings and self-covers)


def _f(kind: str, language: str, text: str, shape: str = "dash") -> LabelForm:
    return LabelForm(kind, language, text, shape, kind in ("rerecording", "self_cover"))


# Real forms first (where seen: see the module docstring), then forms composed with a made-up
# series or session name.
FORMS: tuple[LabelForm, ...] = (
    # live takes
    _f("live", "pt", "Ao Vivo"),
    _f("live", "pt", "Ao Vivo em {place} / {year}"),
    _f("live", "pt", "Acústico Ao Vivo", "paren"),
    _f("live", "es", "En Vivo", "paren"),
    _f("live", "es", "En Directo"),
    _f("live", "es", "Vivo en {place}"),
    _f("live", "en", "Live in {place}, {year}"),
    _f("live", "en", "MTV Unplugged", "paren"),
    _f("live", "de", "Live-Version", "paren"),
    _f("live", "fr", "En public à {place}", "paren"),
    _f("live", "ko", "라이브", "paren"),
    _f("live", "ja", "ライブ", "paren"),
    _f("live", "ja", "{series}{year} Live ver.", "ver"),
    _f("live", "en", "{series} Live Version"),
    _f("live", "ja", "{series}公演", "wave"),
    _f("live", "en", "Rooftop Performance", "paren"),
    # sessions
    _f("session", "en", "{series} Sessions", "paren"),
    _f("session", "en", "Recorded at {series} Studios"),
    _f("session", "en", "{series} Take", "paren"),
    _f("session", "en", "Studio Live", "bracket"),
    _f("session", "ja", "一発録り", "paren"),
    _f("session", "ja", "{series} Session", "hyphens"),
    _f("session", "es", "Sesión {series}", "paren"),
    _f("session", "pt", "Sessão {series}"),
    _f("session", "en", "Outtake", "paren"),
    _f("session", "en", "Alternate Take"),
    _f("session", "en", "Take {n}", "bracket"),
    _f("session", "ja", "宅録", "paren"),
    # re-recordings
    _f("rerecording", "en", "Re-Recorded"),
    _f("rerecording", "en", "{first}'s Version", "paren"),
    _f("rerecording", "en", "{year} ver.", "ver"),
    _f("rerecording", "ja", "再録", "paren"),
    _f("rerecording", "en", "Remake"),
    _f("rerecording", "en", "Reimagined", "paren"),
    _f("rerecording", "ja", "第{n}期 ver.", "bracket"),
    _f("rerecording", "es", "Nueva Versión"),
    _f("rerecording", "pt", "Versão {year}"),
    _f("rerecording", "de", "Neuaufnahme {year}"),
    _f("rerecording", "fr", "Nouvelle version", "paren"),
    _f("rerecording", "en", "Reprise", "paren"),
    _f("rerecording", "en", "Rework"),
    _f("rerecording", "en", "VIP"),
    _f("rerecording", "en", "{series} Edition", "paren"),
    _f("rerecording", "en", "Reworked"),
    _f("rerecording", "en", "{n}0th Anniversary", "paren"),
    _f("rerecording", "ko", "리메이크", "paren"),
    # self-covers
    _f("self_cover", "en", "Self Cover", "paren"),
    _f("self_cover", "ja", "セルフカバー", "paren"),
    _f("self_cover", "ja", "弾き語り", "wave"),
    _f("self_cover", "ja", "{series} ver.", "ver"),
    _f("self_cover", "en", "Duet", "paren"),
    # arrangements
    _f("arrangement", "en", "Orchestra Ver.", "paren"),
    _f("arrangement", "en", "Band Ver.", "paren"),
    _f("arrangement", "en", "Strings Ver.", "bracket"),
    _f("arrangement", "en", "Piano Arrangement"),
    _f("arrangement", "en", "Stripped"),
    _f("arrangement", "en", "Symphonic ver.", "hyphens"),
    _f("arrangement", "es", "Versión Acústica"),
    _f("arrangement", "pt", "Versão Acústica"),
    _f("arrangement", "ja", "ジャズアレンジ", "paren"),
    _f("arrangement", "en", "{series} Arrange", "paren"),
    _f("arrangement", "pt", "Acústico", "paren"),
    _f("arrangement", "ja", "リアレンジ", "bracket"),
    _f("arrangement", "ja", "{series}編", "wave"),
    _f("arrangement", "de", "Kammerfassung"),
)

# Names of live albums whose tracks keep their plain titles ("live_album" placement), and the
# live album a title-labelled live take is on. `{lead}` is the artist's name.
LIVE_ALBUM_FORMS: tuple[str, ...] = (
    "{lead} Ao Vivo",
    "Ao Vivo em {place}",
    "{lead} En Vivo {year}",
    "En Directo desde {place}",
    "LIVE AT {PLACE} {year}",
    "{lead} LIVE TOUR {year}",
    "{lead} ライブ {year}",
    "MTV Unplugged: {lead}",
    "Live in {place}, {year}",
    "{lead} in Concert",
)

_PLACES = (
    "São Paulo", "Lisboa", "Rio de Janeiro", "Madrid", "Ciudad de México", "Paris", "Tokyo",
    "Osaka", "Seoul", "Berlin", "Budokan", "Yokohama",
)  # fmt: skip

# Word parts made-up series and session names are composed from, Latin and Japanese.
_HEADS = ("Amber", "Lantern", "Harbor", "Velvet", "Copper", "Juniper", "Meadow", "Cinder")
_TAILS = ("wood", "field", "gate", "side", "hollow", "light", "ridge", "bay")
_HEADS_JA = ("Tsuki", "Hana", "Kumo", "Mizu", "Hoshi", "Yoru", "Kaze", "Nagi")
_TAILS_JA = ("mori", "zora", "michi", "kage", "nami", "yado", "hashi", "tsuji")
_KANJI_HEADS = ("月", "花", "雲", "水", "星", "夜", "風", "灯")
_KANJI_TAILS = ("守", "空", "路", "影", "波", "宿", "橋", "辻")

# A label already in a title, in any shape: a dash tail, a bracketed or wave-dashed part at the
# end, a note between hyphens, "X ver.".
_LABELLED = re.compile(
    r"\s[-‐–—―]\s\S.*$|[(\[【〈《][^)\]】〉》]*[)\]】〉》]\s*$|[〜～~][^〜～~]+[〜～~]\s*$"
    r"|\s-[^-\s][^-]*-\s*$|\bver(?:sion)?\.?\s*$",
    re.IGNORECASE,
)


# A guest credited in the title is the song's own credit, not a label ("Song (feat. X)").
_CREDIT = re.compile(r"[(\[]\s*(?:feat\.?|ft\.|featuring|with)\s[^)\]]*[)\]]\s*$", re.IGNORECASE)


# An album that names a performance, in the catalog's languages: its plain titles are live takes.
_PERFORMANCE_ALBUM = re.compile(
    r"\blive\b|\bao vivo\b|\ben vivo\b|\ben directo\b|\bunplugged\b|\bac[uú]stico\b"
    r"|\bsessions?\b|\btour\b|\bconcert|\bkonzert\b|\bconcierto\b|ライブ|ライヴ|ツアー|公演|라이브",
    re.IGNORECASE,
)


def names_a_performance(album: str) -> bool:
    """Whether an album's name says it holds a performance (a live album, a session): a plain
    title on it is a live take, not the song's own release, so not the parent of versions."""
    return _PERFORMANCE_ALBUM.search(album) is not None


def is_labelled(title: str) -> bool:
    """Whether a title already carries a label (so it gets no versions: labels never double);
    a featured credit is not one."""
    return _LABELLED.search(_CREDIT.sub("", title).rstrip()) is not None


@dataclass(frozen=True)
class OpenVersion:
    """One generated recording: its kind, the label and where it is written, its title, the
    album it is on, whether a guest is added, its length against the song's and its year."""

    kind: str
    label: str
    placement: str
    title: str
    album_name: str
    album_type: str
    guest: bool
    duration_delta_ms: int
    year: int


def open_versions(
    title: str, lead: str, rng: random.Random, *, japanese: bool, year: int
) -> list[OpenVersion]:
    """A live take and one other recording of the song `title` by `lead`, first released in
    `year` (see the module doc)."""
    kind = rng.choice(("session", "rerecording", "self_cover", "arrangement"))
    return [
        _live_take(title, lead, _pick(rng, "live", japanese), rng, _later(rng, year), japanese),
        _other_recording(title, lead, _pick(rng, kind, japanese), rng, _later(rng, year), japanese),
    ]


def render(form: LabelForm, title: str, parts: dict[str, str]) -> tuple[str, str]:
    """The label `form` writes with `parts` filled in, and `title` labelled with it."""
    label = form.text.format(**parts)
    return label, _SHAPES[form.shape].format(title=title, label=label)


def _later(rng: random.Random, year: int) -> int:
    return min(2025, year + 1 + rng.randrange(20))


def _pick(rng: random.Random, kind: str, japanese: bool) -> LabelForm:
    forms = [f for f in FORMS if f.kind == kind]
    preferred = [f for f in forms if f.language in (("ja", "en") if japanese else ("en",))]
    return rng.choice(preferred if preferred and rng.random() < 0.6 else forms)


def _parts(lead: str, rng: random.Random, year: int, japanese: bool) -> dict[str, str]:
    if japanese and rng.random() < 0.4:
        series = rng.choice(_KANJI_HEADS) + rng.choice(_KANJI_TAILS)
    elif japanese:
        series = rng.choice(_HEADS_JA) + rng.choice(_TAILS_JA)
    else:
        series = rng.choice(_HEADS) + rng.choice(_TAILS)
    place = rng.choice(_PLACES)
    words = lead.split()
    return {
        "series": series,
        "year": str(year),
        "place": place,
        "PLACE": place.upper(),
        "first": words[0] if words else lead,
        "n": str(2 + rng.randrange(5)),
        "lead": lead,
    }


def _live_take(
    title: str, lead: str, form: LabelForm, rng: random.Random, year: int, japanese: bool
) -> OpenVersion:
    parts = _parts(lead, rng, year, japanese)
    album = rng.choice(LIVE_ALBUM_FORMS).format(**parts)
    longer = rng.randrange(8_000, 65_000)  # applause, a longer ending
    if rng.random() < _LIVE_SHARE_ON_LIVE_ALBUM:
        return OpenVersion("live", album, "live_album", title, album, "album", False, longer, year)
    label, labelled = render(form, title, parts)
    return OpenVersion("live", label, "title", labelled, album, "album", False, longer, year)


def _other_recording(
    title: str, lead: str, form: LabelForm, rng: random.Random, year: int, japanese: bool
) -> OpenVersion:
    parts = _parts(lead, rng, year, japanese)
    label, labelled = render(form, title, parts)
    guest = form.guest and rng.random() < _GUEST_SHARE
    delta = rng.randrange(-25_000, 25_000)
    if rng.random() < _ALBUM_ONLY_SHARE:  # the single named after the song carries the label
        return OpenVersion(form.kind, label, "album", title, labelled, "single", guest, delta, year)
    if "{series}" in form.text:  # an album of the series or session
        return OpenVersion(form.kind, label, "title", labelled, label, "album", guest, delta, year)
    return OpenVersion(form.kind, label, "title", labelled, labelled, "single", guest, delta, year)
