"""Japanese-aware text normalisation for matching song titles and artist names.

Pure functions, no I/O (pykakasi's dictionaries and kanalizer's model are read once, lazily,
and cached; `load_readers_in_background` starts reading them early).

Public API:
- `normalize(text) -> str`: NFKC, case folding, width folding, brackets and punctuation to
  spaces, `feat.` tails dropped; what two spellings of one name have in common.
- `title_forms(text) -> tuple[str, ...]`: the normalised title as written and its *core*
  (bracketed decorations, " - Remastered 2011"-style tails and `feat.` credits removed).
- `romaji_readings(text) -> frozenset[str]`: folded Hepburn readings (several when a kanji has
  more than one reading, e.g. 楓 -> momiji / kaede), without spaces.
- `hepburn_words(text) -> list[tuple[str, str]]`: pykakasi's words of a text, each as written
  and in Hepburn (pykakasi's own spelling, without the four others it makes per word).
- `fold_romaji(text) -> str`: folds Hepburn/Kunrei/long-vowel spelling variants to one form.
- `loanword_readings(text) -> frozenset[str]`: folded romaji readings of Latin text with its
  English words read as the katakana loanwords Japanese writes for them ("Otona survivor" ->
  otona + サバイバー -> otonasabaiba), as fans write romaji titles; empty when none applies.
- `katakana_of(word) -> str`: the katakana the loanword model writes for an English word
  (kanalizer, a few ms a word; each word read once per run). The model's answers for the 30,000
  most frequent English words ship in `syncer/data/loanwords.tsv.gz` (built by
  `bench/loanwords.py`, used only when the installed kanalizer made it): the same answers
  without the model's CPU. `read_with_loanword_model(word)` always asks the model;
  `loanword_table_header()` and `loanword_table_word(word)` say what the table holds.
- `strip_decorations(text) -> str`: the title as written without its decorations (for queries).
- `version_tags(text) -> frozenset[str]`: canonical version markers (live, remix, karaoke, ...).
- `same_song_edits(text) -> frozenset[str]`: markers of the same recording, edited or remastered
  ("remaster", "radio edit", "single version", "album version", "original mix", "mono", ...).
- `unknown_notes(text) -> tuple[str, ...]`: the notes a title adds to its name, in any shape
  (" - X", "(X)", "[X]", "【X】", "〜X〜", "-X-", "Xver."), that are not a same-song note (a
  remaster, a radio/single/album edit, mono/stereo, the original mix, a tie-in such as "From
  'Film'" or "<series> Opening Theme") nor a featured credit: words that may name another
  recording. A closed allowlist, not a list of version words: what it does not know is unknown.
- `unknown_album_notes(text) -> tuple[str, ...]`: an album name's unknown notes, less those
  naming only the release's format or edition ("- Single", "(Special Edition)", 【通常盤】).
- `known_notes(text) -> tuple[str, ...]`: the notes of a title that are a same-song note or a
  credit (what `unknown_notes` leaves out).
- `is_remaster(text) -> bool`, `has_japanese(text) -> bool`, `has_katakana(text) -> bool`,
  `has_feat_credit(text) -> bool`.
- `name_key(text) -> str`: an artist name as people mean it: stylised spellings folded
  (Ke$ha -> kesha, P!nk -> pink), connectors dropped ("Simon & Garfunkel" and "Simon and
  Garfunkel" -> "simon garfunkel"), `feat.` credits kept (they name artists).
- `artist_credits(text) -> tuple[str, ...]`: the artists one artist field names, main first
  ("Calvin Harris feat. Rihanna" -> calvin harris, rihanna); one element when it names one.
- `replace_whole_word(text, word, by, *, count=0) -> str`: `word` replaced where no letter,
  digit or "_" touches it, as a regular expression would without one compiled per word.
- `fold_text(text) -> str`: only case, width and spacing folded; whether two written titles or
  names are the same as typed (duplicate checks, selectors), not whether they match.
- `load_readers_in_background() -> threading.Thread`: start loading the romaniser (pykakasi,
  its dictionary opened from a per-character index in the user cache directory in about
  0.02 s, `syncer.kanwa`; 0.2 s with the garbage collector paused on the run that writes the
  index), the loanword table (about 0.05 s) and the loanword model (kanalizer, about 0.06 s)
  in a daemon thread, so that a sync pays for them while its first searches are in
  flight rather than after their answers; `readers_loaded() -> bool` tells whether both are
  loaded (a warm run loads neither), `unload_readers()` forgets them.

Letters of other scripts (Beyoncé, Sigur Rós, Røyksopp, Hangul, Cyrillic) are transliterated to
ASCII with `anyascii`, a maintained library, rather than tables of our own. Japanese text is
left to pykakasi's Japanese dictionary, never to an ASCII transliterator (which reads kanji as
Chinese: 盗作 -> "Dao Zuo"). English words are read as katakana loanwords by `kanalizer`
(VOICEVOX's maintained English-to-katakana model, shipped in its wheel), not by tables of ours.
"""

from __future__ import annotations

import gc
import gzip
import itertools
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import kanalizer
import platformdirs
import pykakasi
from anyascii import anyascii

from syncer import kanwa

# Opening -> closing brackets whose content is a decoration ("(Live)", 【MV】) or, for Japanese
# quotes, sometimes the whole title (「楓」). After NFKC, full-width （）［］ are ASCII already.
_BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "【": "】",
    "「": "」",
    "『": "』",
    "〈": "〉",
    "《": "》",
    "〔": "〕",
    "<": ">",
}

# Wave dashes used as brackets in Japanese titles: YELL〜エール〜, *〜アスタリスク〜.
_WAVE_DASHES = re.compile("[〜～~]")

# A bracketed segment (non-nested) or a segment between two wave dashes (after folding to ~).
_BRACKETED = re.compile(
    "|".join(re.escape(o) + "[^" + re.escape(c) + "]*" + re.escape(c) for o, c in _BRACKETS.items())
    + r"|~[^~]*~"
)

# The same, on text that was not case-folded or wave-dash-folded (for building queries).
_BRACKETED_RAW = re.compile(
    "|".join(re.escape(o) + "[^" + re.escape(c) + "]*" + re.escape(c) for o, c in _BRACKETS.items())
    + r"|[〜～~][^〜～~]*[〜～~]"
)
_FEAT_TAIL_RAW = re.compile(r"(?:^|\s)(?:feat\.?|ft\.|featuring)\s.*$", re.IGNORECASE)

# " - Remastered 2011", " - Live at Budokan", " - From 'drama'": Spotify's version tails.
_DASH_TAIL = re.compile(r"\s+[-‐–—―]\s+.*$")

# Between the notes of a dash tail.
_DASH_SEPARATOR = re.compile(r"\s+[-‐–—―]\s+")

# A note between two hyphens after a space ("Song -Blue Night-"), not a hyphenated word
# ("Ob-La-Di", "20-CRY-" keep theirs), on folded text.
_HYPHEN_PAIR = re.compile(r"(?:^|(?<=\s))-[^-\s][^-]*-(?=\s|$)")

# A trailing "X ver." without brackets, glued to a number or a Japanese word ("2019ver.",
# "夏ver.") or a word of its own before it ("Blue ver."); "Forever" is not one.
_VERSION_TAIL = re.compile(
    r"\s\S+\s+ver(?:sion)?\.?$|(?<=\s)\S*(?:\d|[^\x00-\x7f])ver\.?$|(?<=\s)\S+ver\.$"
)

# Featured-artist credits: "feat. X", "ft. X", "featuring X" (to the end of the text, or to a
# colon that starts a note: "Song ft. X: Tokyo Take" is not a credit after the colon).
_FEAT_TAIL = re.compile(r"(?:^|\s)(?:feat\.?|ft\.|featuring)\s(?:(?!:\s).)*(?::\s|$)")

# A featured-artist credit anywhere in a title (in brackets or not).
_FEAT_CREDIT = re.compile(r"(?:^|[\s(\[-])(?:feat\.?|ft\.|featuring)\s")

# Runs of letters and digits (Japanese characters included): everything else, "_" too, is a
# space between them.
_WORD = re.compile(r"[^\W_]+")

# Japanese scripts: hiragana, katakana (incl. half-width after NFKC), CJK ideographs, 々.
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
# Katakana letters (half-width ones are full-width after NFKC): where Japanese writes loanwords.
_KATAKANA = re.compile("[\u30a1-\u30fa]")

# Letters (and their combining marks) outside ASCII and outside the Japanese scripts: given to
# anyascii. Chinese characters are in the Japanese ranges and stay for pykakasi.
_FOREIGN_LETTERS = re.compile(
    r"(?:(?![\x00-\x7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ])[^\W\d_]"
    r"|[\u0300-\u036f])+"
)

# Canonical version tags and the spellings that mark them (searched in normalised text). A
# katakana marker counts only as a word of its own: ドライブ (drive) is not ライブ (live).
_VERSION_PATTERNS: dict[str, re.Pattern[str]] = {
    "live": re.compile(r"\blive\b|(?<![ァ-ヺ])(?:ライブ|ライヴ)|\blive at\b"),
    "remix": re.compile(
        r"\bremix(?:ed)?\b|\brmx\b|\bre ?mix\b|(?<![ァ-ヺ])リミックス"
        r"|\b(?!(?:original|mono|stereo|album|single)\b)\w+ mix\b"
    ),
    "acoustic": re.compile(r"\bacoustic\b|(?<![ァ-ヺ])アコースティック|\bunplugged\b"),
    "instrumental": re.compile(r"\binstrumental\b|\binst\b|(?<![ァ-ヺ])インスト|\bbacking track\b"),
    "karaoke": re.compile(r"\bkaraoke\b|(?<![ァ-ヺ])カラオケ"),
    "cover": re.compile(r"\bcover(?:ed)?\b|(?<![ァ-ヺ])カバー|\bself cover\b"),
    "tv size": re.compile(r"\btv ?size\b|\btv ?ver(?:sion)?\b|\btv edit\b|tvサイズ"),
    "sped up": re.compile(r"\bsped ?up\b|\bslowed\b|\bnightcore\b|\b8d audio\b"),
    "off vocal": re.compile(r"\boff ?vocal\b|(?<![ァ-ヺ])オフボーカル|\bwithout vocals?\b"),
    "demo": re.compile(r"\bdemo\b|(?<![ァ-ヺ])デモ(?![ァ-ヺー])"),
    "short version": re.compile(r"\bshort ver(?:sion)?\b"),
    "piano": re.compile(r"\bpiano ver(?:sion)?\b|ピアノ ?ver"),
    "orchestra": re.compile(r"\borchestra(?:l)? ver(?:sion)?\b|(?<![ァ-ヺ])オーケストラ"),
    "english": re.compile(r"\benglish ver(?:sion)?\b"),
    "re-recording": re.compile(
        r"\bre ?recorded\b|\bre ?recording\b|\breload\b|\btaylor s version\b"
    ),
    "a cappella": re.compile(r"\ba ?cappella\b|(?<![ァ-ヺ])アカペラ"),
}

# What every spelling of a tag writes: a title writing none of these marks no version, known
# from a few substring tests (2 µs) rather than the patterns (20 µs).
_VERSION_WORDS: dict[str, tuple[str, ...]] = {
    "live": ("live", "ライブ", "ライヴ"),
    "remix": ("mix", "rmx", "リミックス"),
    "acoustic": ("acoustic", "アコースティック", "unplugged"),
    "instrumental": ("inst", "インスト", "backing track"),
    "karaoke": ("karaoke", "カラオケ"),
    "cover": ("cover", "カバー"),
    "tv size": ("tv",),
    "sped up": ("sped", "slowed", "nightcore", "8d audio"),
    "off vocal": ("vocal", "オフボーカル"),
    "demo": ("demo", "デモ"),
    "short version": ("short ver",),
    "piano": ("piano ver", "ピアノ"),
    "orchestra": ("orchestra", "オーケストラ"),
    "english": ("english ver",),
    "re-recording": ("recorded", "recording", "reload", "taylor s version"),
    "a cappella": ("cappella", "アカペラ"),
}
_ANY_VERSION_WORD = tuple(dict.fromkeys(w for words in _VERSION_WORDS.values() for w in words))
# The words an ASCII name can write.
_ASCII_VERSION_WORDS = tuple(w for w in _ANY_VERSION_WORD if w.isascii())

# Remasters are the same recording, so not a version mismatch; matching only prefers originals.
_REMASTER = re.compile(r"\bremaster(?:ed)?\b|リマスター|\bremastering\b")

# Edits of the same song: like remasters, taken when no plain version exists, beaten by it when
# it does. Looked for only in a title's decorations, so a song called "Mono" is not an edit.
_SAME_SONG_EDITS: dict[str, re.Pattern[str]] = {
    "radio edit": re.compile(r"\bradio (?:edit|ver(?:sion)?)\b"),
    "single edit": re.compile(r"\bsingle edit\b"),
    "single version": re.compile(r"\bsingle (?:ver(?:sion)?|mix)\b"),
    "album version": re.compile(r"\balbum (?:ver(?:sion)?|mix)\b"),
    "original mix": re.compile(r"\boriginal (?:mix|ver(?:sion)?)\b"),
    "mono": re.compile(r"\bmono\b"),
    "stereo": re.compile(r"\bstereo\b"),
    "edit": re.compile(r"^edit(?:ed)?$|^edit(?:ed)? ver(?:sion)?$"),
}

# The closed allowlist of notes that leave a recording the same song. A note made only of these
# phrases (and years, "version", "digital") is a same-song note; a tie-in names where the
# song was used, whatever else it says. Anything else a title adds may be another recording.
_SAME_SONG_PHRASES = re.compile(
    r"\bremaster\w*|リマスター"  # remastered, remasterizado, remasterisé
    r"|\b(?:radio|single|album|original) (?:edit|ver(?:sion)?|mix)\b|\bedit(?:ed)?\b"
    r"|\bmono\b|\bstereo\b"
)
_SAME_SONG_FILLER = re.compile(
    r"\b\d{4}\b|\bversion\b|\bver\b|\bmix\b|\bdigital(?:ly)?\b|バージョン"
)
_TIE_IN = re.compile(
    r"^from\b|\b(?:music|theme|song) from\b|\b(?:opening|ending) theme\b|\btheme song\b"
    r"|\bsoundtrack\b|主題歌|挿入歌|(?:オープニング|エンディング|\bop|\bed) ?テーマ"
)
# What an album's note may say of the release itself rather than of a recording on it, and
# nothing else: its format (a single, an EP) or an edition of the common kinds ("Special
# Edition", "Deluxe", 通常盤 "regular edition", 初回限定盤, "Type-B"). A closed allowlist like
# the same-song notes: "Velvetbay Edition" is unknown, and so is an anniversary (re-recordings
# are made for them).
_RELEASE_PACKAGING = re.compile(
    r"\b(?:single|ep|edition|deluxe|special|limited|standard|regular|expanded|complete"
    r"|type [a-z0-9])\b"
)
_EDITION_KANJI = re.compile(r"\S*盤")  # 通常盤, 初回限定盤: a word of its own or glued to the next
# A featured credit written as a note: "(feat. X)", "(with X)" (Spotify's way of naming a guest).
_CREDIT_NOTE = re.compile(r"^(?:feat|ft|featuring|with)\b")

# Words that join two names into one credit ("Simon & Garfunkel", "Mumford and Sons", "A x B");
# "&", "+" and "×" are punctuation and vanish when folding, the words are dropped between names.
_CONNECTOR_WORDS = re.compile(r"(?<=\w) (?:and|x|und|et|y) (?=\w)")

# Separators between several artists written in one artist field, on folded text. "/" only with
# spaces around it (AC/DC is one name); a "feat." credit names the artists that follow it.
_CREDIT_SEPARATORS = re.compile(
    r"\s*(?:,|;|&|\+|、|×)\s*"
    r"|\s+(?:/|x|and|with|vs\.?|feat\.?|ft\.?|featuring)\s+"
    r"|\s*\b(?:feat\.|ft\.)\s*"
)

# Stylised letters inside a name: Ke$ha, A$AP, P!nk.
_DOLLAR_IN_NAME = re.compile(r"(?<=\w)\$|\$(?=\w)")
_BANG_IN_NAME = re.compile(r"(?<=[^\W\d_])!(?=[^\W\d_])")

# Romaji spelling variants, folded in order to one Kunrei-like canonical form.
_ROMAJI_FOLDS: tuple[tuple[str, str], ...] = (
    ("ā", "a"),
    ("ī", "i"),
    ("ū", "u"),
    ("ē", "e"),
    ("ō", "o"),
    ("ô", "o"),
    ("û", "u"),
    ("n'", "n"),
    ("tch", "ch"),  # matcha / maccha
    ("cch", "ch"),
    ("jy", "j"),  # jyo (wapuro) -> jo (Hepburn)
    ("shi", "si"),
    ("sh", "sy"),
    ("chi", "ti"),
    ("ch", "ty"),
    ("tsu", "tu"),
    ("fu", "hu"),
    ("ji", "zi"),
    ("j", "zy"),
    ("wo", "o"),
    ("mb", "nb"),  # shimbun / shinbun
    ("mp", "np"),  # Empitsu / Enpitsu
    ("mm", "nm"),
)
_DOUBLE_CONSONANT = re.compile(r"([bcdfghjklmnpqrstvwxyz])\1+")
_LONG_VOWEL = re.compile(r"ou|oo|uu|aa|ii|ee|o-|u-|a-|i-|e-")

# Particles pykakasi spells by their kana (は -> ha) but titles spell by sound (wa).
_PARTICLE_SOUNDS = {"は": "wa", "へ": "e", "を": "o"}

# At most this many readings per text: kanji readings multiply.
_MAX_READINGS = 12
_MAX_READINGS_PER_WORD = 4

# Loanword readings: each word read as written or as a loanword, for titles of at most this
# many words (the combinations double with each word), and at most this many combinations.
_MAX_LOANWORD_WORDS = 6
_MAX_LOANWORD_READINGS = 64


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold `text` to the form two spellings of one name share (brackets kept as words)."""
    folded = _fold(text)
    folded = _FEAT_TAIL.sub(" ", folded)
    return _squash(folded)


@lru_cache(maxsize=65536)
def title_forms(text: str) -> tuple[str, ...]:
    """The normalised title as written and, when different and not empty, its core."""
    full = normalize(text)
    core = _squash(_FEAT_TAIL.sub(" ", _strip_decorations(_fold(text))))
    return tuple(dict.fromkeys(form for form in (core, full) if form))


def strip_decorations(text: str) -> str:
    """`text` as written without bracketed parts, dash tails and `feat.` credits (for queries);
    the whole text when nothing would be left ("「楓」" -> "「楓」" is kept for the caller)."""
    raw = unicodedata.normalize("NFKC", text)
    stripped = _FEAT_TAIL_RAW.sub(" ", _DASH_TAIL.sub(" ", _BRACKETED_RAW.sub(" ", raw)))
    stripped = " ".join(stripped.split())
    return stripped if _squash(stripped.casefold()) else " ".join(raw.split())


@lru_cache(maxsize=65536)
def version_tags(text: str) -> frozenset[str]:
    """Canonical version markers in `text` (a title or an album name)."""
    folded = _squash(_fold(text).replace("~", " "))
    if not _writes_a_version_word(folded):
        return frozenset()  # most names
    return frozenset(tag for tag, pattern in _VERSION_PATTERNS.items() if pattern.search(folded))


def _writes_a_version_word(folded: str) -> bool:
    # A loop rather than any() over a generator: asked of every name, it costs half as much.
    for word in _ASCII_VERSION_WORDS if folded.isascii() else _ANY_VERSION_WORD:
        if word in folded:
            return True
    return False


def is_remaster(text: str) -> bool:
    return _REMASTER.search(_squash(_fold(text))) is not None


@lru_cache(maxsize=65536)
def same_song_edits(text: str) -> frozenset[str]:
    """Markers of the same recording, edited or remastered, in `text`'s decorations."""
    found = {"remaster"} if is_remaster(text) else set()
    for decoration in _decorations(_fold(text)):
        found.update(name for name, p in _SAME_SONG_EDITS.items() if p.search(decoration))
    return frozenset(found)


@lru_cache(maxsize=65536)
def unknown_notes(text: str) -> tuple[str, ...]:
    """The notes of a title (normalised) that are neither a same-song note nor a credit."""
    return tuple(note for note in _notes(_fold(text)) if not _is_known_note(note))


@lru_cache(maxsize=65536)
def unknown_album_notes(text: str) -> tuple[str, ...]:
    """The notes of an album's name that are neither a same-song note, a credit, nor a note of
    the release's format or edition that names no version ("- Single", "(Special Edition)",
    "【通常盤】"; not "(Live Edition)")."""
    return tuple(
        note
        for note in unknown_notes(text)
        if _RELEASE_PACKAGING.sub(" ", _EDITION_KANJI.sub(" ", note)).split()
    )


@lru_cache(maxsize=65536)
def known_notes(text: str) -> tuple[str, ...]:
    """The notes of a title (normalised) that are a same-song note or a credit."""
    return tuple(note for note in _notes(_fold(text)) if _is_known_note(note))


def _is_known_note(note: str) -> bool:
    if _TIE_IN.search(note) or _CREDIT_NOTE.match(note):
        return True
    if not _SAME_SONG_PHRASES.search(note):
        return False  # "2019 ver." is a remake, not a remaster
    rest = _SAME_SONG_FILLER.sub(" ", _SAME_SONG_PHRASES.sub(" ", note))
    return not rest.split()


@lru_cache(maxsize=16384)
def _notes(folded: str) -> tuple[str, ...]:
    """Every decoration of a folded title, in any shape, squashed; none when the decorations
    are the whole title ("「楓」", "*〜アスタリスク〜"). Memoised: `unknown_notes` and
    `known_notes` both read a title's notes."""
    stripped = _strip_decorations(folded)
    if not _squash(stripped) or stripped == folded:
        return ()
    found = [m.group(0) for m in _BRACKETED.finditer(folded)]
    rest = _BRACKETED.sub(" ", folded)
    found.extend(m.group(0) for m in _HYPHEN_PAIR.finditer(rest))
    rest = _HYPHEN_PAIR.sub(" ", rest)
    for tail in _DASH_TAIL.findall(rest):  # " - 2013 - 2025 Remaster": two notes
        found.extend(_DASH_SEPARATOR.split(tail))
    rest = _DASH_TAIL.sub(" ", rest)
    found.extend(m.group(0) for m in _VERSION_TAIL.finditer(rest.rstrip()))
    return tuple(note for note in map(_squash, found) if note)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """An artist name folded the way people mean it (see the module docstring)."""
    folded = _BANG_IN_NAME.sub("i", _DOLLAR_IN_NAME.sub("s", _fold(text)))
    return _CONNECTOR_WORDS.sub(" ", _squash(folded))


@lru_cache(maxsize=65536)
def artist_credits(text: str) -> tuple[str, ...]:
    """The artists named in one artist field, main artist first, each as a `name_key`."""
    folded = _BANG_IN_NAME.sub("i", _DOLLAR_IN_NAME.sub("s", _fold(text)))
    parts = (name_key(part) for part in _CREDIT_SEPARATORS.split(folded))
    return tuple(dict.fromkeys(part for part in parts if part))


def replace_whole_word(text: str, word: str, by: str, *, count: int = 0) -> str:
    r"""`text` with `word` replaced by `by` wherever no word character (a letter, a digit, "_")
    touches it, left to right, every time or the first `count` times: what
    `re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", by, text, count)` does, without compiling a
    pattern for each title (compiling cost more than matching)."""
    if not word:
        raise ValueError("no word to replace")
    parts: list[str] = []
    kept = start = 0
    while count == 0 or len(parts) < 2 * count:
        at = text.find(word, start)
        if at < 0:
            break
        end = at + len(word)
        if _is_word_char(text[at - 1 : at]) or _is_word_char(text[end : end + 1]):
            start = at + 1
            continue
        parts += (text[kept:at], by)
        kept = start = end
    return "".join(parts) + text[kept:]


def _is_word_char(char: str) -> bool:
    r"""What a regular expression's `\w` matches in a str (False for "")."""
    return char.isalnum() or char == "_"


def fold_text(text: str) -> str:
    """NFKC (full-/half-width), case folding and runs of white space to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=16384)
def has_feat_credit(text: str) -> bool:
    """Whether a title credits a featured artist ("Song (feat. X)", "Song - ft. X")."""
    return _FEAT_CREDIT.search(_fold(text)) is not None


def has_japanese(text: str) -> bool:
    # `isascii` reads a flag the string carries: most names are ASCII, known without a search.
    return not text.isascii() and _JAPANESE.search(text) is not None


def has_katakana(text: str) -> bool:
    """Whether `text` (normalised) writes katakana, the script of Japanese loanwords."""
    return not text.isascii() and _KATAKANA.search(text) is not None


@lru_cache(maxsize=65536)
def fold_romaji(text: str) -> str:
    """One spelling for Hepburn, Kunrei and wapuro romaji of the same sounds (spaces removed)."""
    folded = text.casefold().replace(" ", "")
    for variant, canonical in _ROMAJI_FOLDS:
        folded = folded.replace(variant, canonical)
    # A function, not the template r"\1": Python 3.11 prepares a template in Python each call.
    folded = _DOUBLE_CONSONANT.sub(lambda m: m.group(1), folded)
    return _LONG_VOWEL.sub(lambda m: m.group(0)[0], folded)


@lru_cache(maxsize=65536)
def romaji_readings(text: str) -> frozenset[str]:
    """Folded romaji readings of normalised `text`; Latin text is read as romaji already."""
    if not has_japanese(text):
        return frozenset({fold_romaji(text)})
    choices = [_word_readings(*word) for word in hepburn_words(text)]
    combos = itertools.islice(itertools.product(*choices), _MAX_READINGS)
    return frozenset(fold_romaji("".join(combo)) for combo in combos)


@lru_cache(maxsize=16384)
def loanword_readings(text: str) -> frozenset[str]:
    """Folded romaji readings of Latin `text` in which any of its English words is read as the
    katakana loanword Japanese writes for it; empty for Japanese text, text of more than 6
    words, or when no word reads differently as a loanword."""
    words = normalize(text).split()
    if has_japanese(text) or not words or len(words) > _MAX_LOANWORD_WORDS:
        return frozenset()
    choices = [(word, *_as_loanword(word)) for word in words]
    combos = itertools.islice(itertools.product(*choices), _MAX_LOANWORD_READINGS)
    return frozenset(fold_romaji("".join(combo)) for combo in combos) - {fold_romaji(text)}


@lru_cache(maxsize=16384)
def _as_loanword(word: str) -> tuple[str, ...]:
    """The Hepburn reading of the katakana Japanese writes for an English word ("survivor" ->
    サバイバー -> sabaibaa); empty for what is not a word of Latin letters."""
    if len(word) < 2 or not (word.isascii() and word.isalpha()):
        return ()
    katakana = katakana_of(word)
    reading = "".join(hepburn for _written, hepburn in hepburn_words(katakana))
    return (reading,) if reading and reading != word else ()


def hepburn_words(text: str) -> list[tuple[str, str]]:
    """pykakasi's words of `text`, each as written and in its Hepburn spelling."""
    return [(str(word["orig"]), str(word["hepburn"])) for word in _kakasi().convert(text)]


def _word_readings(orig: str, hepburn: str) -> tuple[str, ...]:
    """pykakasi's reading of one word first, then its dictionary's other readings of it."""
    if orig in _PARTICLE_SOUNDS:
        return (_PARTICLE_SOUNDS[orig], hepburn)
    readings = {hepburn.strip(): None}
    if _KANJI.search(orig):
        for kana in _dictionary_readings(orig):  # converted only until there are enough
            if len(readings) >= _MAX_READINGS_PER_WORD:
                break
            readings.setdefault(_hepburn(kana).strip())
    return tuple(readings)[:_MAX_READINGS_PER_WORD]


@lru_cache(maxsize=16384)
def _dictionary_readings(word: str) -> tuple[str, ...]:
    """Every kana reading pykakasi's dictionary lists for exactly `word` (empty if unknown)."""
    with kanwa.narrowed_to(word):
        table = _kanwa().load(word[0])
    if not table:
        return ()
    return tuple(str(yomi) for yomi, _context in table.get(word, ()))


@lru_cache(maxsize=16384)
def _hepburn(kana: str) -> str:
    return "".join(hepburn for _written, hepburn in hepburn_words(kana))


@lru_cache(maxsize=16384)
def katakana_of(word: str) -> str:
    """The katakana Japanese writes for an English word, as the loanword model reads it (a few
    ms a word, so each word once per run, and a common word from the shipped table of the
    model's answers; `syncer.kana` asks it too)."""
    known = _loanword_table().get(word)
    if known is not None:
        return known
    _loanword_model()
    return read_with_loanword_model(word)


def read_with_loanword_model(word: str) -> str:
    """The loanword model's katakana for `word`, with the settings the shipped table names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an incomplete conversion still reads partly right
        return str(kanalizer.convert(word, on_invalid_input="ignore", on_incomplete="ignore"))


#: The loanword model's answers for the most frequent English words (`bench/loanwords.py`).
LOANWORD_TABLE_PATH = Path(__file__).parent / "data" / "loanwords.tsv.gz"


def loanword_table_header() -> str:
    """The table's first line: the model and settings whose answers it holds."""
    return f"# kanalizer {kanalizer.__version__} on_invalid_input=ignore on_incomplete=ignore"


def loanword_table_word(word: str) -> bool:
    """Whether the table may hold `word`: what the matcher asks the model for, in lower case."""
    return len(word) >= 2 and word.isascii() and word.isalpha() and word.islower()


def _read_loanword_table() -> dict[str, str]:
    """The shipped table when the installed model made it; else none (the model reads every
    word, as it would without the table: same answers, more CPU)."""
    try:
        with gzip.open(LOANWORD_TABLE_PATH, "rt", encoding="utf-8") as lines:
            if lines.readline().rstrip("\n") != loanword_table_header():
                return {}
            return dict(_table_row(line) for line in lines)
    except (OSError, ValueError, EOFError):  # missing, unreadable or malformed
        return {}


def _table_row(line: str) -> tuple[str, str]:
    word, katakana = line.rstrip("\n").split("\t")
    if not loanword_table_word(word):
        raise ValueError(f"not a table word: {word!r}")
    return word, katakana


T = TypeVar("T")


class _Once(Generic[T]):
    """A value made by `make` on first use, once even when threads ask at the same time (the
    later ones wait for it rather than building a second copy: it costs CPU seconds)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._make()
        return self._value

    @property
    def loaded(self) -> bool:
        return self._value is not None

    def forget(self) -> None:
        with self._lock:
            self._value = None


def _uncollected(make: Callable[[], T]) -> Callable[[], T]:
    """`make`, run with the garbage collector paused and its result then frozen out of later
    collections: pykakasi's dictionary is 270,000 containers, alive for the whole run; while
    it loads the collector would scan the growing heap over and over (0.4 s of CPU instead of
    0.2 s), and every full collection after it would walk it again."""

    def made() -> T:
        collecting = gc.isenabled()
        gc.disable()
        try:
            value = make()
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        return value

    return made


def _new_kakasi() -> Any:
    """pykakasi's converter, its dictionary read a character at a time (`syncer.kanwa`), each
    word spelt in Hepburn only (`_HepburnOnly`)."""
    kanwa.install(platformdirs.user_cache_path("syncer") / "readers")
    converter = pykakasi.kakasi()  # type: ignore[no-untyped-call]
    inner: Any = getattr(converter, "_kakasi", None)
    words = getattr(inner, "_iconv", None)
    if all(hasattr(words, step) for step in _HEPBURN_STEPS):  # else pykakasi spells as usual
        inner._iconv = _HepburnOnly(words)
    return converter


# pykakasi's steps from a word's kana to its Hepburn spelling, in the order it takes them.
_HEPBURN_STEPS = ("_k2h", "_h2ah", "_s2a")


class _HepburnOnly:
    """pykakasi's per-word speller (`IConv`) reduced to the two keys syncer reads, "orig" and
    "hepburn", each spelt by pykakasi's own steps: its own also spells every word in kana,
    hiragana, Kunrei and Passport romaji (about three times the work) and remembers only 256
    words."""

    def __init__(self, words: Any) -> None:
        self._to_hiragana, self._to_romaji, self._symbols = (
            getattr(words, step) for step in _HEPBURN_STEPS
        )
        self.convert = lru_cache(maxsize=16384)(self._convert)
        # By the kana alone: a word in kanji is spelt as the same word in kana (a quarter of the
        # words a cold run of the benchmark lists spells are read alike by another).
        self._spell = lru_cache(maxsize=16384)(self._spell_kana)

    def _convert(self, written: str, kana: str) -> dict[str, str]:
        return {"orig": written, "hepburn": self._spell(kana)}

    def _spell_kana(self, kana: str) -> str:
        romaji: str = self._to_romaji(self._to_hiragana(kana))
        # The symbols' step leaves ASCII as it is, a character at a time: most words are ASCII
        # by now, and it reads each character through a chain of range tests.
        return romaji if romaji.isascii() else str(self._symbols(romaji))


_kakasi: _Once[Any] = _Once(_uncollected(_new_kakasi))
# kanalizer reads its model on its first conversion.
_loanword_model: _Once[str] = _Once(lambda: read_with_loanword_model("load"))
_loanword_table: _Once[dict[str, str]] = _Once(_read_loanword_table)


def load_readers_in_background() -> threading.Thread:
    """Load the romaniser and the loanword model in a daemon thread (see the module doc)."""

    def load() -> None:
        _kakasi()
        _loanword_table()
        _loanword_model()

    thread = threading.Thread(target=load, name="syncer-readers", daemon=True)
    thread.start()
    return thread


def readers_loaded() -> bool:
    return _kakasi.loaded and _loanword_model.loaded


def unload_readers() -> None:
    """Forget both readers (a test checks which runs load them; they load again when used)."""
    _kakasi.forget()
    _loanword_model.forget()
    _loanword_table.forget()


@lru_cache(maxsize=1)
def _kanwa() -> Any:
    from pykakasi.kanji import Kanwa  # pykakasi's dictionary of kanji words and readings

    return Kanwa()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    """NFKC (full-/half-width), other scripts' letters to ASCII, case folding, and one spelling
    of the wave dash (memoised: each text is folded by several of the functions above)."""
    if text.isascii():
        return text.casefold()  # what `_fold_in_full` gives ASCII: "~" is the one wave dash
    return _fold_in_full(text)


def _fold_in_full(text: str) -> str:
    transliterated = _FOREIGN_LETTERS.sub(
        lambda m: anyascii(m.group(0)), unicodedata.normalize("NFKC", text)
    )
    return _WAVE_DASHES.sub("~", transliterated.casefold())


def _decorations(folded: str) -> list[str]:
    """The bracketed segments and the dash tail of a folded title, each squashed."""
    found = [m.group(0) for m in _BRACKETED.finditer(folded)]
    found.extend(m.group(0) for m in _DASH_TAIL.finditer(_BRACKETED.sub(" ", folded)))
    return [_squash(d) for d in found]


@lru_cache(maxsize=16384)
def _strip_decorations(folded: str) -> str:
    """Remove bracketed segments, notes between hyphens, a dash tail and a trailing "X ver.",
    keeping the text if nothing would be left."""
    stripped = _DASH_TAIL.sub(" ", _HYPHEN_PAIR.sub(" ", _BRACKETED.sub(" ", folded)))
    stripped = _VERSION_TAIL.sub(" ", stripped.rstrip())
    return stripped if _squash(stripped) else folded


@lru_cache(maxsize=65536)
def _squash(text: str) -> str:
    """Punctuation and underscores to spaces, runs of spaces to one (memoised: the folded
    text of a plain title is squashed alike by most of the functions above)."""
    return " ".join(_WORD.findall(text))
