"""Kana spellings of a name written in romaji, for asking Spotify the name as Japan writes it.

Pure functions, no I/O. Romaji is read into kana by `jaconv` (a maintained converter), and a
word counts as romaji only when its kana reads back (pykakasi) as the word did: "makaroni" is
romaji, "Taylor" and "bump" are not.

Public API:
- `romaji_word_spellings(word) -> tuple[str, ...]`: the kana spellings of one romaji word:
  katakana, which marks a written long vowel (ō, ou, oo, uu, aa, ...) with ー (トーキョー), and
  hiragana, which spells it out (とうきょう); empty when the word is not romaji.
- `kana_spellings(name, *, limit) -> list[str]`: spellings of a whole romaji name, one script
  chosen per word and the words run together, as Japanese names are written (マカロニえんぴつ
  mixes katakana and hiragana); names in one script first. A letter or a number that ends the
  name stays as written (ももいろクローバーZ); empty when another word is not romaji.

- `loanword_in(title) -> str | None`: the katakana Japanese writes for the longest English
  word (a word that is not romaji) of a Latin title that mixes romaji and English: "Yon gatsu
  no love letter" -> レター, "Taiyou knock" -> ノック; None for a title all in English (more
  likely a translation) or all in romaji. English words are read by `kanalizer`.

Hepburn variants are read alike: "m" before p, b, m is "n" (empitsu / enpitsu), a macron or
circumflex is a long vowel (ō = ou), and "oh" before a consonant is one ("Ohtani" = Outani).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import jaconv

from syncer.normalize import fold_romaji, katakana_of, normalize, romaji_readings

# Long vowels as Hepburn variants write them, to the spelling jaconv reads (ō -> ou).
_MACRONS = str.maketrans(dict(zip("āīūēōâîûêô", ["aa", "ii", "uu", "ee", "ou"] * 2, strict=True)))
_M_BEFORE_LABIAL = re.compile(r"m(?=[pbm])")
_OH_BEFORE_CONSONANT = re.compile(r"oh(?=[^aiueoy]|$)")
# A long vowel as written in romaji, read with the katakana long-vowel mark instead.
_WRITTEN_LONG_VOWEL = re.compile(r"([aiueo])\1|ou")
_ROMAJI_LETTERS = re.compile(r"[a-z']+")

# A name of more words than this is not read per word: the spellings would double with each.
_MAX_WORDS = 4


@lru_cache(maxsize=4096)
def romaji_word_spellings(word: str) -> tuple[str, ...]:
    """Katakana and hiragana spellings of one romaji word; empty when it is not romaji."""
    hepburn = _as_plain_hepburn(word)
    if not hepburn or not _ROMAJI_LETTERS.fullmatch(hepburn):
        return ()
    hiragana = jaconv.alphabet2kana(hepburn)
    if not _reads_back_as(hiragana, hepburn):
        return ()
    marked = jaconv.alphabet2kana(_WRITTEN_LONG_VOWEL.sub(lambda m: m.group(0)[0] + "-", hepburn))
    return (jaconv.hira2kata(marked), hiragana)


def kana_spellings(name: str, *, limit: int) -> list[str]:
    """Up to `limit` kana spellings of a romaji name, one script per word, words run
    together; names in one script (all katakana, all hiragana) before mixed ones."""
    words = normalize(name.casefold().translate(_MACRONS)).split()
    if not words or len(words) > _MAX_WORDS:
        return []
    per_word = [romaji_word_spellings(word) for word in words[:-1]]
    per_word.append(_last_word_spellings(words[-1]))
    if not all(per_word) or all(len(s) == 1 for s in per_word):
        return []  # a word that is not romaji, or no word read in kana (T.O.K.)
    combos = sorted(
        itertools.product(*(range(len(s)) for s in per_word)),
        key=lambda picks: (
            len({_script(per_word[i][p]) for i, p in enumerate(picks)} - {""}),
            picks,
        ),
    )
    spellings = ("".join(per_word[i][p] for i, p in enumerate(picks)) for picks in combos)
    return list(dict.fromkeys(spellings))[:limit]


def loanword_in(title: str) -> str | None:
    """The katakana loanword of the longest English word of a title that mixes romaji and
    English words; None otherwise (a title all in English is more likely a translation,
    whose words the Japanese title does not hold)."""
    words = normalize(title).split()
    if not any(len(w) >= _MIN_ROMAJI_WORD and romaji_word_spellings(w) for w in words):
        return None
    english = [w for w in words if _is_english_word(w)]
    loanwords = [k for k in map(katakana_of, english) if len(k) >= _MIN_LOANWORD]
    return max(loanwords, key=len, default=None)


# A romaji word of fewer letters ("in", "no", "a") is as often an English one.
_MIN_ROMAJI_WORD = 3


# A loanword this short ("ラブ", "イン") is in too many titles to look for.
_MIN_LOANWORD = 3


def _is_english_word(word: str) -> bool:
    return word.isascii() and word.isalpha() and len(word) >= 3 and not romaji_word_spellings(word)


def _last_word_spellings(word: str) -> tuple[str, ...]:
    """The last word in kana, or a letter or a number that ends a Japanese name as written
    (ももいろクローバーZ, 乃木坂46; not the X of X JAPAN, a name in Latin letters)."""
    if len(word) == 1 or word.isdigit():
        return (word,)
    return romaji_word_spellings(word)


def _as_plain_hepburn(word: str) -> str:
    """The word in lower-case Hepburn with its variants folded to what jaconv reads."""
    folded = word.casefold().translate(_MACRONS)
    return _OH_BEFORE_CONSONANT.sub("ou", _M_BEFORE_LABIAL.sub("n", folded))


def _reads_back_as(kana: str, romaji: str) -> bool:
    """Whether kana, read as romaji again, is the word: letters jaconv could not place
    (the "l", "y" and final consonants of English words) come back otherwise or not at all."""
    if not kana or any(c.isascii() for c in kana):
        return False
    return fold_romaji(romaji.replace("'", "")) in romaji_readings(kana)


def _script(spelling: str) -> str:
    """ "katakana", "hiragana", or "" for a word kept as written."""
    if any("\u30a1" <= c <= "\u30fa" for c in spelling):
        return "katakana"
    return "hiragana" if any("\u3041" <= c <= "\u3096" for c in spelling) else ""
