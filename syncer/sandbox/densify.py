"""The crowd around every song, for the `realistic` search profile: deterministic siblings.

Public API: `densify(catalog) -> Catalog`, `crowd(catalog)`, `SIBLING_KINDS`.

On Spotify a well-known song competes with its live takes, remasters, compilation re-releases,
karaoke and instrumental versions, covers and same-title songs by other artists (see
`../shared/reference/spotify-search-behaviour.md`, "Density"), and every artist has many more
songs than any one list names. `densify` adds such tracks to whatever catalog is loaded:

- for every catalog track that is not itself a version (one per title and lead artist; a title
  that carries a label in any shape is a version, `versions.is_labelled`, so labels never
  double and versions have no versions): a live take and a second one at a venue, a remaster on a later
  re-issue of its album, acoustic, instrumental, karaoke (by a karaoke label, the original
  artist named in the title), remix (with a remixer), sped up, "(feat. …)" (with another catalog
  artist), a TV-size edit for some, two re-releases under the very same title on compilations
  (one by the artist, one by "Various Artists"), one or two covers and one same-title song by
  synthetic artists; a further live take, a second remaster, a complete-best re-release, a
  re-recording and a demo; and two more under an open vocabulary of labels in many languages
  (`syncer.sandbox.versions`): a live take, and a session, re-recording (some with a guest),
  self-cover or arrangement, labelled in the title, only in their single's name, or (a quarter
  of live takes) nowhere but their live album's name;
- for every catalog artist: filler songs, and a neighbour artist whose name starts with the
  artist's (REN -> RENKA) with a few songs of its own, so short names drown in longer ones.

Everything is a pure function of the catalog (no randomness across runs). Catalog tracks keep
their ids and come first; synthetic ids are derived from the parent's id and the kind. A
synthetic track never has the same title, artists and duration as a catalog track (its
duration is moved by whole seconds until it differs). Synthetic tracks carry a popularity
(never served) drawn relative to their song's (`syncer.sandbox.popularity`), and some are not
available in every market. A version is never dated before its song, and the versions of an
undated song are undated too.

Every synthetic track carries its `Provenance` (kind, parent, label and where it is written,
whether it is the parent's very recording), never served: the evaluation reads it through
`GET /_sandbox/tracks/{id}/provenance` to judge a claimed track by what it is.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from syncer.sandbox import finish
from syncer.sandbox.catalog import (
    Catalog,
    CatalogAlbum,
    CatalogArtist,
    CatalogTrack,
    Provenance,
)
from syncer.sandbox.ids import spotify_like_id
from syncer.sandbox.popularity import sibling_popularity
from syncer.sandbox.versions import is_labelled, names_a_performance, open_versions

SIBLING_KINDS = (
    "live",
    "live_venue",
    "remaster",
    "acoustic",
    "instrumental",
    "karaoke",
    "tv_size",
    "remix",
    "sped_up",
    "feat",
    "compilation",
    "various",
    "cover",
    "same_title",
    "live_venue2",
    "remaster2",
    "complete_best",
    "rerecording",
    "demo",
)
_TV_SIZE_SHARE = 0.3
_FILLERS_PER_ARTIST = 5
_NEIGHBOUR_SONGS = 3
_REGIONAL_SHARE = 0.08  # synthetic tracks available only outside the usual markets
_REGIONAL_MARKETS = frozenset({"US", "GB", "DE", "FR", "BR"})
_TITLE = "title"  # a `Provenance.placement`: the version's label is written in its title

_VERSION_WORDS = re.compile(
    r"remaster|live|version|ver\.|mix|edit|instrumental|karaoke|acoustic|tv size|sped|feat"
    r"|カラオケ|ライブ|オルゴール",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s*(?:\s-\s[^-]+|[(\[][^)\]]*[)\]])\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

_VENUES = ("Budokan", "Tokyo Dome", "Yokohama Arena", "Zepp Tokyo", "Osaka-Jo Hall")
_GIVEN = ("Mika", "Sora", "Haru", "Yuki", "Kaito", "Aoi", "Nagi", "Rin", "Hina", "Sena", "Tomo")
_FAMILY = ("Tanaka", "Sato", "Band", "Project", "Sisters", "& The Moons", "Trio", "Orchestra")
_COVER_ACTS = (
    "Piano Dreamers",
    "Lofi Covers Japan",
    "オルゴール・ヒーリング",
    "Acoustic Café",
    "Kawaii Covers",
    "Strings of Tokyo",
)
_KARAOKE_JA = "カラオケ歌っ太郎"
_KARAOKE_EN = "Karaoke Hits Band"
_DJS = ("DJ Kaz", "Yuki Remix", "Tofubeats Mix Crew", "Night Tempo Club", "Shin Remix")
_VARIOUS = ("J-POP BALLADS", "ANIME HITS", "Tearjerkers", "Rock Anthems", "Heisei Best")
_WORDS_EN = (
    "Blue", "Summer", "Memory", "Light", "Rain", "Heart", "Dream", "Night", "Story",
    "Forever", "Letter", "Starlight", "Promise", "Colors", "Sunrise", "Tomorrow",
)  # fmt: skip
_WORDS_JA = (
    "夏", "夜空", "約束", "花火", "光", "涙", "桜", "未来", "さよなら", "君へ", "青春",
    "星", "手紙", "虹", "帰り道", "冬",
)  # fmt: skip
_SYLLABLES = ("ka", "ra", "na", "to", "mi", "ko", "ri", "su")


def densify(catalog: Catalog) -> Catalog:
    """The catalog's tracks as served (`finished`), first, then their synthetic crowd."""
    served = finished(catalog)
    return Catalog([*served, *crowd(served)])


def crowd(catalog: Catalog) -> list[CatalogTrack]:
    """The synthetic crowd alone, in order (`syncer.sandbox.crowd` caches it between runs)."""
    return list(_Densifier(finished(catalog)).tracks())


def finished(catalog: Catalog) -> Catalog:
    """The catalog's tracks as the realistic profile serves them: each with an ISRC (invented
    when none is on record: the Kaggle rows have none), and a fixed share of the originals
    (`finish.WITHHELD_SHARE`) not playable in `finish.WITHHELD_FROM` while their compilation
    copies play there. Idempotent."""
    songs = {t.id for t in originals(catalog)}
    return Catalog([_finished(t, t.id in songs) for t in catalog])


def _finished(track: CatalogTrack, original: bool) -> CatalogTrack:
    japanese = _is_japanese(" ".join(track.all_names()), track.artists)
    isrc = track.isrc or finish.invented_isrc(
        track.id, track.artists[0].id, track.album.year, japanese
    )
    withheld = original and track.available_markets is None and finish.is_withheld(track.id)
    markets = finish.PLAYS_ELSEWHERE if withheld else track.available_markets
    if isrc == track.isrc and markets is track.available_markets:
        return track
    return replace(track, isrc=isrc, available_markets=markets)


def originals(catalog: Catalog) -> Iterable[CatalogTrack]:
    """One track per title and lead artist, not itself a version: the songs that get a crowd."""
    families: set[tuple[str, str]] = set()
    # A song's own release before a plain title on a live album (a take, not the song).
    for track in sorted(catalog, key=lambda t: names_a_performance(t.album.name)):
        family = (_base_title(track.name).casefold(), track.artists[0].id)
        if family in families or _base_title(track.name) != track.name or is_labelled(track.name):
            continue  # versions already in the catalog get no versions of their own
        families.add(family)
        yield track


def _is_japanese(title: str, artists: Sequence[CatalogArtist]) -> bool:
    """Japanese by its title or lead artist, in any of their names (a Japanese ISRC)."""
    names = (title, *artists[0].all_names())
    return any(_CJK.search(name) for name in names)


def _synthetic_id(kind: str, *parts: str) -> str:
    """A stable id shaped like a real one (128 bits in base62; `ids.spotify_like_id`)."""
    return spotify_like_id("sandbox-dense", kind, *parts)


def _base_title(title: str) -> str:
    """The title without a trailing version tag, so siblings of a remaster stay readable."""
    for _ in range(2):
        tail = _TAIL.search(title)
        if tail is None or not _VERSION_WORDS.search(tail.group(0)) or tail.start() == 0:
            break
        title = title[: tail.start()]
    return title


@dataclass(frozen=True)
class _Sibling:
    kind: str
    title: str
    artists: tuple[CatalogArtist, ...]
    album: CatalogAlbum
    duration_ms: int
    # What it is (its `Provenance`): the words naming the version and where they are written,
    # whether it is the parent's very recording, and whether it is a version of the parent.
    label: str | None = None
    placement: str | None = None
    same_song: bool = False
    of_parent: bool = True

    def provenance(self, parent: CatalogTrack | None) -> Provenance:
        related = parent is not None and self.of_parent
        return Provenance(
            kind=self.kind,
            parent_id=parent.id if related and parent is not None else None,
            label=self.label,
            placement=self.placement,
            same_song=self.same_song and related,
        )


class _Densifier:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._taken = {(t.name, _names_of(t.artists), t.duration_ms) for t in catalog}
        self._artists: dict[str, CatalogArtist] = {}
        self._albums: dict[tuple[str, str, int | None], CatalogAlbum] = {}
        self._catalog_artists = sorted(
            {a.id: a for t in catalog for a in t.artists}.values(), key=lambda a: a.id
        )
        self._explicit_share = sum(t.explicit for t in catalog) / max(1, len(catalog))

    def tracks(self) -> Iterable[CatalogTrack]:
        for track in originals(self._catalog):
            yield from self._siblings(track)
        for artist in self._catalog_artists:
            yield from self._fillers(artist)
            yield from self._neighbour(artist)

    # --- per track ------------------------------------------------------------------------

    def _siblings(self, track: CatalogTrack) -> Iterable[CatalogTrack]:
        rng = random.Random(finish.stable_number("siblings", track.id))
        title = _base_title(track.name)
        lead = track.artists[0]
        japanese = bool(_CJK.search(title) or _CJK.search(lead.name))
        year = track.album.year or 1990 + rng.randrange(25)
        d = track.duration_ms
        later = min(2025, year + 5 + rng.randrange(20))
        # A family whose original has no known date gets none either, remasters and covers
        # included: otherwise "0000" alone would tell the original from its re-releases, and
        # `year:` would find an undated song's remasters but not the song. A dated family's
        # versions are never dated before the song.
        dated = track.album.year is not None
        known_year, known_later = (year, later) if dated else (None, None)
        venue = rng.choice(_VENUES)
        dj = self._artist(rng.choice(_DJS))
        instrumental = "off vocal ver." if japanese else "Instrumental"
        same = track.artists
        siblings = [
            _Sibling(
                "live",
                f"{title} - Live",
                same,
                self._album(f"{lead.name} LIVE {later}", (lead,), "album", known_later),
                d + 1000 * rng.randrange(20, 60),
                label="Live",
                placement=_TITLE,
            ),
            _Sibling(
                "live_venue",
                f"{title} (Live at {venue})",
                same,
                self._album(f"LIVE AT {venue.upper()}", (lead,), "album", known_later),
                d + 1000 * rng.randrange(15, 50),
                label=f"Live at {venue}",
                placement=_TITLE,
            ),
            _Sibling(
                "remaster",
                f"{title} - Remastered {later}",
                same,
                self._album(
                    f"{track.album.name or title} (Remastered {later})",
                    (lead,),
                    "album",
                    known_later,
                ),
                d + 1000 * rng.randrange(-2, 3),
                label=f"Remastered {later}",
                placement=_TITLE,
                same_song=True,
            ),
            _Sibling(
                "acoustic",
                f"{title} (Acoustic Version)",
                same,
                self._album(f"{lead.name} Acoustic Sessions", (lead,), "album", known_later),
                d + 1000 * rng.randrange(-20, 20),
                label="Acoustic Version",
                placement=_TITLE,
            ),
            _Sibling(
                "instrumental",
                f"{title} ({instrumental})",
                same,
                track.album,
                d,
                label=instrumental,
                placement=_TITLE,
            ),
            self._karaoke(title, lead, japanese, d, later, known_later),
            _Sibling(
                "remix",
                f"{title} - {dj.name} Remix",
                (*same, dj),
                self._album(f"{title} (Remixes)", (lead,), "single", known_later),
                d + 1000 * rng.randrange(30, 90),
                label=f"{dj.name} Remix",
                placement=_TITLE,
            ),
            _Sibling(
                "sped_up",
                f"{title} - Sped Up",
                same,
                self._album(f"{title} (Sped Up)", (lead,), "single", _if(dated, max(2023, year))),
                d * 4 // 5,
                label="Sped Up",
                placement=_TITLE,
            ),
            self._feat(track, title, rng, known_later),
            _Sibling(
                "compilation",
                title,
                same,
                self._album(f"{lead.name} BEST", (lead,), "compilation", known_later),
                d + 1000 * rng.randrange(1, 4),
                same_song=True,
            ),
            _Sibling(
                "various",
                title,
                same,
                self._album(
                    f"{rng.choice(_VARIOUS)} {later}",
                    (self._artist("Various Artists"),),
                    "compilation",
                    known_later,
                ),
                d + 1000 * rng.randrange(1, 4),
                same_song=True,
            ),
            *self._covers(title, rng, japanese, later, known_later),
        ]
        if rng.random() < _TV_SIZE_SHARE:
            siblings.append(
                _Sibling(
                    "tv_size",
                    f"{title} (TV size)",
                    same,
                    self._album(f"{title} (TV size)", (lead,), "single", known_year),
                    89_000 + 1000 * rng.randrange(3),
                    label="TV size",
                    placement=_TITLE,
                )
            )
        siblings.extend(self._more_versions(track, title, rng, year, dated))
        siblings.extend(self._open_versions(track, title, japanese, year, dated))
        for sibling in siblings:
            yield self._track(f"{track.id}/{sibling.kind}", sibling, rng, parent=track)

    def _more_versions(
        self, track: CatalogTrack, title: str, rng: random.Random, year: int, dated: bool
    ) -> list[_Sibling]:
        """Further live takes, remasters, best-ofs and re-recordings, as a known song has."""
        lead, same, d = track.artists[0], track.artists, track.duration_ms
        other_venue = rng.choice(_VENUES)
        again = min(2025, year + 10 + rng.randrange(16))
        remastered = f"{track.album.name or title} (Remastered {again})"
        recorded_as = "Self Cover" if _CJK.search(title) else f"{again} Version"
        recorded = f"{title} ({recorded_as})" if _CJK.search(title) else f"{title} - {recorded_as}"
        return [
            _Sibling(
                "live_venue2",
                f"{title} - Live at {other_venue} {again}",
                same,
                self._album(
                    f"LIVE {other_venue.upper()} {again}", (lead,), "album", _if(dated, again)
                ),
                d + 1000 * rng.randrange(10, 70),
                label=f"Live at {other_venue} {again}",
                placement=_TITLE,
            ),
            _Sibling(
                "remaster2",
                f"{title} - {again} Remaster",
                same,
                self._album(remastered, (lead,), "album", _if(dated, again)),
                d + 1000 * rng.randrange(-2, 3),
                label=f"{again} Remaster",
                placement=_TITLE,
                same_song=True,
            ),
            _Sibling(
                "complete_best",
                title,
                same,
                self._album(
                    f"{lead.name} COMPLETE BEST", (lead,), "compilation", _if(dated, again)
                ),
                d + 1000 * rng.randrange(4, 7),
                same_song=True,
            ),
            _Sibling(
                "rerecording",
                recorded,
                same,
                self._album(recorded, (lead,), "single", _if(dated, again)),
                d + 1000 * rng.randrange(-15, 15),
                label=recorded_as,
                placement=_TITLE,
            ),
            _Sibling(
                "demo",
                f"{title} - Demo",
                same,
                self._album(
                    f"{track.album.name or title} (Deluxe Edition)",
                    (lead,),
                    "album",
                    _if(dated, again),
                ),
                d + 1000 * rng.randrange(-30, 10),
                label="Demo",
                placement=_TITLE,
            ),
        ]

    def _open_versions(
        self, track: CatalogTrack, title: str, japanese: bool, year: int, dated: bool
    ) -> list[_Sibling]:
        """Live takes, sessions, re-recordings, self-covers and arrangements under an open
        vocabulary of labels (`syncer.sandbox.versions`), drawn apart from the other siblings."""
        rng = random.Random(finish.stable_number("open versions", track.id))
        lead = track.artists[0]
        result = []
        for version in open_versions(title, lead.name, rng, japanese=japanese, year=year):
            guest = (self._guest(track, rng),) if version.guest else ()
            album = self._album(
                version.album_name, (lead,), version.album_type, _if(dated, version.year)
            )
            duration = track.duration_ms + version.duration_delta_ms
            result.append(
                _Sibling(
                    f"open_{version.kind}",  # apart from the fixed list's kinds
                    version.title,
                    (*track.artists, *guest),
                    album,
                    duration,
                    label=version.label,
                    placement=version.placement,
                )
            )
        return result

    def _guest(self, track: CatalogTrack, rng: random.Random) -> CatalogArtist:
        """Another catalog artist, or a made-up one, credited next to the song's artists."""
        guest = self._catalog_artists[rng.randrange(len(self._catalog_artists))]
        if guest in track.artists:
            guest = self._artist(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}")
        return guest

    def _karaoke(
        self,
        title: str,
        lead: CatalogArtist,
        japanese: bool,
        d: int,
        volume: int,
        year: int | None,
    ) -> _Sibling:
        if japanese:
            version, name, act = (
                "カラオケ",
                f"{title} (カラオケ) [原曲歌手:{lead.name}]",
                _KARAOKE_JA,
            )
        else:
            version, name, act = (
                "Karaoke Version",
                f"{title} (Karaoke Version) [Originally Performed by {lead.name}]",
                _KARAOKE_EN,
            )
        karaoke = self._artist(act)
        album = self._album(f"{act} Vol. {volume % 17 + 1}", (karaoke,), "album", year)
        return _Sibling(
            "karaoke", name, (karaoke,), album, d + 2000, label=version, placement=_TITLE
        )

    def _feat(
        self, track: CatalogTrack, title: str, rng: random.Random, year: int | None
    ) -> _Sibling:
        guest = self._catalog_artists[rng.randrange(len(self._catalog_artists))]
        if guest in track.artists:
            guest = self._artist(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}")
        lead = track.artists[0]
        return _Sibling(
            "feat",
            f"{title} (feat. {guest.name})",
            (*track.artists, guest),
            self._album(f"{title} (feat. {guest.name})", (lead,), "single", year),
            track.duration_ms + 1000 * rng.randrange(-5, 6),
            label=f"feat. {guest.name}",
            placement=_TITLE,
        )

    def _covers(
        self, title: str, rng: random.Random, japanese: bool, volume: int, year: int | None
    ) -> list[_Sibling]:
        result = []
        for number in range(1 + rng.randrange(2)):
            act = self._artist(rng.choice(_COVER_ACTS))
            result.append(
                _Sibling(
                    "cover" if number == 0 else "cover2",
                    title,
                    (act,),
                    self._album(f"{act.name} Vol. {volume % 9 + 1}", (act,), "album", year),
                    1000 * rng.randrange(150, 300),
                )
            )
        other = self._artist(self._person(rng, japanese))
        result.append(
            _Sibling(
                "same_title",
                title,
                (other,),
                self._album(title, (other,), "single", 2000 + rng.randrange(26)),
                1000 * rng.randrange(150, 330),
                of_parent=False,  # another song that shares the title
            )
        )
        return result

    # --- per artist -----------------------------------------------------------------------

    def _fillers(self, artist: CatalogArtist) -> Iterable[CatalogTrack]:
        rng = random.Random(finish.stable_number("fillers", artist.id))
        japanese = bool(_CJK.search(artist.name)) or rng.random() < 0.3
        for number in range(_FILLERS_PER_ARTIST):
            title = self._song_title(rng, japanese)
            year = 2000 + rng.randrange(26)
            album = self._album(self._song_title(rng, japanese), (artist,), "album", year)
            sibling = _Sibling("filler", title, (artist,), album, 1000 * rng.randrange(150, 330))
            yield self._track(f"{artist.id}/filler/{number}", sibling, rng)

    def _neighbour(self, artist: CatalogArtist) -> Iterable[CatalogTrack]:
        """An artist whose name starts like this one's: a prefix search finds both."""
        rng = random.Random(finish.stable_number("neighbour", artist.id))
        first, _, rest = artist.name.partition(" ")
        suffix = rng.choice(_SYLLABLES)
        extended = first + (suffix.upper() if first.isupper() else suffix)
        if _CJK.search(first):
            extended = first + rng.choice(("ズ", "ーン", "の森"))
        neighbour = self._artist(f"{extended} {rest}".strip())
        japanese = bool(_CJK.search(artist.name))
        for number in range(_NEIGHBOUR_SONGS):
            title = self._song_title(rng, japanese)
            album = self._album(title, (neighbour,), "single", 2005 + rng.randrange(21))
            sibling = _Sibling(
                "neighbour", title, (neighbour,), album, 1000 * rng.randrange(150, 330)
            )
            yield self._track(f"{artist.id}/neighbour/{number}", sibling, rng)

    # --- building blocks ------------------------------------------------------------------

    def _track(
        self, key: str, sibling: _Sibling, rng: random.Random, parent: CatalogTrack | None = None
    ) -> CatalogTrack:
        duration = max(30_000, finish.finished_duration(key, sibling.duration_ms))
        names = _names_of(sibling.artists)
        while (sibling.title, names, duration) in self._taken:
            duration += 1000  # never an exact duplicate of a catalog (or earlier) track
        self._taken.add((sibling.title, names, duration))
        popularity = sibling_popularity(sibling.kind, parent, rng.random)
        regional = rng.random() < _REGIONAL_SHARE
        if parent is not None and sibling.kind in finish.SAME_RECORDING_KINDS:
            # The copy that plays where a withheld original does not.
            regional = regional and parent.available_in(finish.WITHHELD_FROM)
        return CatalogTrack(
            id=_synthetic_id("track", key),
            name=sibling.title,
            artists=sibling.artists,
            album=sibling.album,
            duration_ms=duration,
            explicit=self._explicit(key, sibling.kind, parent),
            isrc=self._isrc(key, sibling, parent),
            names=_localised_names(sibling.title, parent),
            popularity=popularity,
            available_markets=_REGIONAL_MARKETS if regional else None,
            provenance=sibling.provenance(parent),
        )

    def _explicit(self, key: str, kind: str, parent: CatalogTrack | None) -> bool:
        """A version sung to the song's words is explicit as the song is; one without words
        is not; a song of its own is, at the catalog's own rate."""
        if parent is not None and finish.follows_parent_explicit(kind):
            return parent.explicit
        if kind in ("instrumental", "karaoke"):
            return False
        return finish.drawn_explicit(key, self._explicit_share)

    @staticmethod
    def _isrc(key: str, sibling: _Sibling, parent: CatalogTrack | None) -> str:
        """The song's own ISRC on a release of its very recording, else one of its own."""
        shared = finish.isrc_of_sibling(sibling.kind, key, parent.isrc if parent else None)
        return shared or finish.invented_isrc(
            key,
            sibling.artists[0].id,
            sibling.album.year,
            _is_japanese(sibling.title, sibling.artists),
        )

    def _artist(self, name: str) -> CatalogArtist:
        artist = self._artists.get(name)
        if artist is None:
            artist = CatalogArtist(id=_synthetic_id("artist", name), name=name)
            self._artists[name] = artist
        return artist

    def _album(
        self, name: str, artists: tuple[CatalogArtist, ...], album_type: str, year: int | None
    ) -> CatalogAlbum:
        # One album per name, artist and year: a best-of shared by an artist's songs must not
        # carry the year of the first song it was made for into a later song's family.
        key = (name, artists[0].id, year)
        album = self._albums.get(key)
        if album is None:
            album = CatalogAlbum(
                id=_synthetic_id("album", name, artists[0].id, str(year)),
                name=name,
                album_type=album_type,
                release_date=None if year is None else str(year),
                release_date_precision=None if year is None else "year",
                images=(),
                artists=artists,
            )
            self._albums[key] = album
        return album

    @staticmethod
    def _person(rng: random.Random, japanese: bool) -> str:
        if japanese and rng.random() < 0.5:
            return rng.choice(_WORDS_JA) + rng.choice(
                ("ユニット", "バンド", "少女", "アンサンブル")
            )
        return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"

    @staticmethod
    def _song_title(rng: random.Random, japanese: bool) -> str:
        words = _WORDS_JA if japanese else _WORDS_EN
        first, second = rng.choice(words), rng.choice(words)
        if first == second or rng.random() < 0.4:
            return first
        return f"{first}{'の' if japanese else ' '}{second}"


def _if(known: bool, year: int) -> int | None:
    return year if known else None


def _localised_names(title: str, parent: CatalogTrack | None) -> dict[str, str]:
    """A sibling's title in each language its song has a name in: the song's name there, the
    sibling's label as it is written (a query in Japanese finds the song's versions too)."""
    if parent is None or not parent.names:
        return {}
    base = _base_title(parent.name)
    if base not in title:
        return {}
    return {lang: title.replace(base, _base_title(name), 1) for lang, name in parent.names.items()}


def _names_of(artists: Sequence[CatalogArtist]) -> tuple[str, ...]:
    return tuple(a.name for a in artists)
