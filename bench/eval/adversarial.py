"""An adversarial probe of the matcher's rule: copies of real songs under labels made up for the
run, in every shape and script a catalog writes one, must never be `matched` for an entry that
writes the plain title; beside the plain original, the original must be the one matched.

Run `python -m bench.eval.adversarial` (`--songs N`, `--seed S`, `-v` lists every hole). Offline
and fast: it calls `syncer.match.decide` directly on `Track`s built from the rows of syncer's
default catalog (`syncer/sandbox/data/default_catalog.jsonl.gz`, real Spotify rows), with the
artist's other songs among the candidates as a search would return them.

The labels are invented here from random syllables (Latin, accented Latin, ALL CAPS, katakana,
kanji, Hangul, Cyrillic, Greek), numbers and years, made-up places, series and producer names,
so that no word list can know them; the only words the generator keeps out are the same-song
notes the rule allows (issue 20.1: remaster, radio/single/album edit, mono/stereo, original
mix, tie-ins) and credit words, so a generated label is never one of those by chance.

Kinds of probe (`Probe.kind`):

- `label`: the title with a made-up label in one of `SHAPES` (" - X", "(X)", "【X】", "〜X〜",
  "-X-", "Xver.", " / X", " — X", "：X", full-width brackets, a prefix "【X】Title", ...);
- `joined`: the title joined to another name in the title itself ("Title x X", "Title vs X",
  "Title with X", "Title & X"): another recording, credits or not;
- `guest`: the plain title credited to the song's artists and a made-up guest (a re-recording
  with a guest), or a "(feat. X)" copy: beside the plain original, the original wins; alone,
  only the credit shapes Spotify writes ("feat.", "(with X)") may be matched (a collaboration
  never recorded alone, `tests/matching/test_guest_recordings.py`);
- `album`: the plain title on an album that names another recording: a single named after the
  song with a made-up label ("Title (X)"), a tour with its year, sessions, a concert's day,
  "Live in <place>".

Public API: `load_tracks`, `plain_songs`, `made_up_label(rng)`, `SHAPES`, `probes(track,
others, rng)`, `check(probe) -> str | None`, `Probe`, `main()`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from syncer.match import Thresholds, Weights, decide, title_similarity
from syncer.model import Entry, Status, Track
from syncer.normalize import has_feat_credit, normalize
from syncer.sandbox.catalog import default_catalog_path
from syncer.spotify.client import track_from_json

#: Same-song notes and credit words (what the rule allows, issue 20.1) and version words: a
#: generated word that happens to spell one is drawn again.
_ALLOWED_WORDS = re.compile(
    r"remaster|edit|radio|single|album|original|mono|stereo|mix|version|\bver\b|from|theme"
    r"|opening|ending|soundtrack|with|feat|\bft\b|featuring|digital|\bvs\b|\bx\b|live|cover"
    r"|remix|karaoke|demo|acoustic|inst|reload|record|session|concert|tour|unplugged|vivo",
    re.IGNORECASE,
)

_CONSONANTS = "bdfghjklmnprstvwz"
_VOWELS = "aeiou"
_ACCENTED = "áéíóúàèìòùâêîôûäëïöüãõñç"
_KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)
_KANJI = "森川星夜桜海風雪花月雲光道空青赤白黒金銀東西南北春夏秋冬島原野谷橋門寺城町村"
_CYRILLIC = "бвгдзклмнпрстфхж"
_CYRILLIC_VOWELS = "аеиоуыя"
_GREEK = "βγδζθκλμνξπρστφχ"
_GREEK_VOWELS = "αεηιουω"


def _syllables(rng: random.Random, consonants: str, vowels: str, count: int) -> str:
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(count))


def _latin_word(rng: random.Random) -> str:
    while True:
        word = _syllables(rng, _CONSONANTS, _VOWELS, rng.randint(2, 4))
        if not _ALLOWED_WORDS.search(word):
            return word.capitalize()


def _word(rng: random.Random, script: str) -> str:
    """One invented word in `script`."""
    if script == "latin":
        return _latin_word(rng)
    if script == "caps":
        return _latin_word(rng).upper()
    if script == "accented":
        word = list(_latin_word(rng).lower())
        vowels = [i for i, c in enumerate(word) if c in _VOWELS]
        for i in rng.sample(vowels, k=min(len(vowels), rng.randint(1, 2))):
            word[i] = rng.choice(
                [a for a in _ACCENTED if unicodedata.normalize("NFD", a)[0] == word[i]] or [word[i]]
            )
        return "".join(word).capitalize()
    if script == "katakana":
        return "".join(rng.choice(_KATAKANA) for _ in range(rng.randint(3, 6)))
    if script == "kanji":
        return "".join(rng.choice(_KANJI) for _ in range(rng.randint(2, 4)))
    if script == "hangul":
        return "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(2, 4)))
    if script == "cyrillic":
        return _syllables(rng, _CYRILLIC, _CYRILLIC_VOWELS, rng.randint(2, 4)).capitalize()
    if script == "greek":
        return _syllables(rng, _GREEK, _GREEK_VOWELS, rng.randint(2, 4)).capitalize()
    raise ValueError(script)


SCRIPTS = ("latin", "caps", "accented", "katakana", "kanji", "hangul", "cyrillic", "greek")


def made_up_label(rng: random.Random) -> str:
    """A label nobody listed: invented words in one script, as a place, a series, a producer,
    a year or a number, or a bare word."""
    script = rng.choice(SCRIPTS)
    word = _word(rng, script)
    other = _word(rng, script)
    year = str(rng.randint(1960, 2029))
    forms = (
        word,
        f"{word} {other}",
        f"{word} {year}",
        f"{year} {word}",
        year,
        f"'{year[2:]}",
        f"{word} #{rng.randint(2, 12)}",
        f"{word} {rng.randint(2, 9)}",
        f"{word}'s {other}",  # a producer's take
        f"{word} {other} {rng.randint(2, 30)}th",
        f"{word}{other}".upper(),
    )
    return rng.choice(forms)


#: The shapes a label is written in; `{glued}` is the label without spaces.
SHAPES = (
    "{title} - {label}",
    "{title} ({label})",
    "{title} [{label}]",
    "{title} 【{label}】",
    "{title} 〜{label}〜",
    "{title}〜{label}〜",
    "{title} ~{label}~",
    "{title} ～{label}～",
    "{title} -{label}-",
    "{title} {glued}ver.",
    "{title} {glued} ver.",
    "{title} ({label} ver.)",
    "{title} ({label} Version)",
    "{title} / {label}",
    "{title} ~ {label}",
    "{title} — {label}",
    "{title} – {label}",
    "{title}：{label}",
    "{title}: {label}",
    "{title}（{label}）",
    "{title}［{label}］",
    "{title} 『{label}』",
    "{title} 「{label}」",
    "{title} <{label}>",
    "{title} 《{label}》",
    "{title} {{{label}}}",
    "【{label}】{title}",
    "[{label}] {title}",
    "{label} - {title}",
    "{title} ({label}) - {label2}",
    "{title} - {label} / {label2}",
)

#: The title joined to another name in the title itself.
JOINED = (
    "{title} x {name}",
    "{title} vs {name}",
    "{title} vs. {name}",
    "{title} with {name}",
    "{title} & {name}",
    "{title} × {name}",
)

#: Albums that name another recording while the title stays plain.
ALBUMS = (
    "{title} ({label})",
    "{title} - {label}",
    "{title} ({label} Edition)",
    "{title} [{label} Edition] - Single",
    "{label} Tour {year}",
    "{label} ツアー {year}",
    "{label} Sessions",
    "{label} Session {year}",
    "Live in {place}",
    "Live at {place}",
    "{label} {date}",
    "{artist} at {place}",
)


@dataclass(frozen=True)
class Probe:
    """One adversarial case: `entry` writes the plain title of `original`; `copy` is the other
    recording; `with_original` says whether the original is among `candidates`; `may_match`
    whether the copy may be matched when alone (a credit in Spotify's own shape)."""

    kind: str
    shape: str
    entry: Entry
    original: Track
    copy: Track
    candidates: tuple[Track, ...]
    with_original: bool
    may_match: bool = False


def check(probe: Probe) -> str | None:
    """What is wrong with the matcher's decision for `probe`, or None."""
    resolution = decide(probe.entry, probe.candidates, Weights(), Thresholds())
    if probe.with_original:
        if resolution.status is Status.MATCHED and resolution.uri == probe.original.uri:
            return None
        return f"{resolution.status.value} {resolution.uri}: {resolution.reason}"
    if resolution.status is Status.MATCHED and resolution.uri == probe.copy.uri:
        return None if probe.may_match else f"matched the copy: {resolution.reason}"
    if resolution.status is Status.MATCHED:
        return f"matched another track: {resolution.reason}"
    if resolution.status is Status.REVIEW and resolution.uri not in (probe.copy.uri, None):
        return f"review offers another track first: {resolution.reason}"
    return None


def load_tracks(path: Path | None = None) -> list[Track]:
    """Every track of the catalog (JSON Lines of TrackObjects, gzip or not)."""
    path = path or default_catalog_path()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        tracks = [track_from_json(json.loads(line)) for line in lines if line.strip()]
    return [t for t in tracks if t is not None]


_NOTE_CHARS = re.compile(
    r"[-–—~〜～(\[【「『<《{/：:]|\bver\b|\bfeat|\bwith\b|\bx\b|\bvs\b|&", re.IGNORECASE
)


#: The artist's other tracks shown beside a song are plainly other songs: titles this far apart
#: and not holding the song's title (a localised or respelled release of it would be right too).
_ANOTHER_SONG = 0.7


def plain_songs(tracks: Sequence[Track]) -> list[tuple[Track, list[Track]]]:
    """Songs with a plain title (no bracket, dash, credit or note), each with the artist's other
    tracks of another title: what a search for it would also show."""
    by_artist: dict[str, list[Track]] = defaultdict(list)
    for track in tracks:
        by_artist[track.artists[0]].append(track)
    songs = []
    seen: set[tuple[str, str]] = set()
    for track in tracks:
        key = (track.name.casefold(), track.artists[0])
        if key in seen or _NOTE_CHARS.search(track.name) or len(track.name.strip()) < 2:
            continue
        seen.add(key)
        others = [
            t
            for t in by_artist[track.artists[0]]
            if title_similarity(t.name, track.name) < _ANOTHER_SONG
            and not (set(normalize(track.name).split()) <= set(normalize(t.name).split()))
        ]
        songs.append((track, others[:6]))
    return songs


def _copy(original: Track, suffix: str, **changes: object) -> Track:
    fields: dict[str, object] = {"id": (original.id[:-4] + suffix)[:22].ljust(22, "0")}
    fields.update(changes)
    return replace(original, **fields)  # type: ignore[arg-type]


def _entry(track: Track, rng: random.Random) -> Entry:
    artist = track.artists[0] if rng.random() < 0.5 else ", ".join(track.artists)
    return Entry(index=0, title=track.name, artist=artist)


def probes(track: Track, others: Sequence[Track], rng: random.Random) -> Iterator[Probe]:
    """Probes of every kind for one plain song, each with and without the original."""
    entry = _entry(track, rng)
    label, label2 = made_up_label(rng), made_up_label(rng)
    made: list[tuple[str, str, Track, bool]] = []
    shape = rng.choice(SHAPES)
    name = shape.format(title=track.name, label=label, label2=label2, glued=label.replace(" ", ""))
    made.append(
        (
            "label",
            shape,
            _copy(
                track, "lbl1", name=name, duration_ms=track.duration_ms + rng.randint(-9000, 9000)
            ),
            False,
        )
    )
    joined = rng.choice(JOINED)
    guest = (
        made_up_label(rng) if rng.random() < 0.3 else f"{_word(rng, 'latin')} {_word(rng, 'latin')}"
    )
    name = joined.format(title=track.name, name=guest)
    credited = track.artists + ((guest,) if rng.random() < 0.5 else ())
    # Joined to a title that ends in a credit ("Song ft. X"), the name joins the credit: a guest.
    in_credit = has_feat_credit(track.name)
    made.append(("joined", joined, _copy(track, "jnd1", name=name, artists=credited), in_credit))
    guest_shape = rng.choice(("credited", "feat", "with"))
    if guest_shape == "credited":
        copy = _copy(track, "gst1", artists=(*track.artists, guest), album=f"{label} Recordings")
    else:
        word = "feat." if guest_shape == "feat" else "with"
        copy = _copy(
            track, "gst1", name=f"{track.name} ({word} {guest})", artists=(*track.artists, guest)
        )
    made.append(("guest", guest_shape, copy, True))
    album_shape = rng.choice(ALBUMS)
    album = album_shape.format(
        title=track.name,
        label=label,
        year=rng.randint(1970, 2029),
        place=f"{_word(rng, 'latin')} {rng.choice(('Hall', 'Arena', 'Dome', 'Garden', 'Club', ''))}".strip(),
        date=f"{rng.randint(1990, 2029)}.{rng.randint(1, 12)}.{rng.randint(1, 28)}",
        artist=track.artists[0],
    )
    made.append(
        ("album", album_shape, _copy(track, "alb1", album=album, album_type="album"), False)
    )
    for kind, shape, copy, may_match in made:
        for with_original in (False, True):
            candidates = [copy, *others]
            if with_original:
                candidates.insert(rng.randint(0, len(candidates)), track)
            yield Probe(
                kind, shape, entry, track, copy, tuple(candidates), with_original, may_match
            )


def matched_alone(track: Track, others: Sequence[Track]) -> bool:
    """Whether the song is matched for its plain title at all (among the artist's other songs):
    a probe of labels needs an original the matcher takes; one it does not (its own album read
    as a live album, say) is reported apart."""
    resolution = decide(_entry(track, random.Random(0)), [track, *others], Weights(), Thresholds())
    return resolution.status is Status.MATCHED and resolution.uri == track.uri


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, default=600)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    songs = plain_songs(load_tracks())
    rng.shuffle(songs)
    counts: Counter[tuple[str, bool]] = Counter()
    holes: Counter[tuple[str, bool]] = Counter()
    unmatched = []
    for track, others in songs[: args.songs]:
        if not matched_alone(track, others):
            unmatched.append(track)
            continue
        for probe in probes(track, others, rng):
            counts[probe.kind, probe.with_original] += 1
            wrong = check(probe)
            if wrong is not None:
                holes[probe.kind, probe.with_original] += 1
                if args.verbose:
                    print(
                        f"[{probe.kind}{' +original' if probe.with_original else ''}] {probe.entry.title!r} / {probe.entry.artist!r} vs {probe.copy.name!r} by {', '.join(probe.copy.artists)} on {probe.copy.album!r}: {wrong}"
                    )
    print(f"{len(unmatched)} of {args.songs} originals not matched on their own (not probed)")
    if args.verbose:
        for track in unmatched:
            print(f"  {track.name!r} by {', '.join(track.artists)} on {track.album!r}")
    print("kind      original  probes  holes")
    for (kind, with_original), n in sorted(counts.items()):
        print(
            f"{kind:9} {'present' if with_original else 'absent':8} {n:7} {holes[kind, with_original]:6}"
        )
    return 1 if sum(holes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
