"""Fakes for the matching tests: an in-memory `TrackSearch` that records what it was asked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from syncer.model import Entry, Track
from syncer.normalize import normalize

_FILTER = re.compile(r"""(\w+):"([^"]*)"|(\w+):'([^']*)'|(\w+):(\S+)""")
_EXCLUDED = re.compile(r"\bNOT\s+(\S+)")


@dataclass
class FakeSearch:
    """Answers from a list of tracks with a crude word search; `ja_views` maps id -> ja view.

    A word of a `track:`/`artist:`/`album:` filter must appear in that field; a free word in any
    field; `isrc:` must equal the ISRC; an upper-case OR lets either side match; `NOT word` rules
    out tracks holding the word. Every localised name is searchable, like the simple
    sandbox; with `request_language_only`, only the default names and those of the request's
    language are (the realistic sandbox, spotify-web-api-node#489). Results come in catalog
    order, `limit` at a time from `offset`. Queries are recorded as (locale, query), with
    " @offset" appended for later pages.
    """

    tracks: list[Track]
    ja_views: dict[str, Track] = field(default_factory=dict)
    en_views: dict[str, Track] = field(default_factory=dict)
    request_language_only: bool = False
    queries: list[tuple[str, str]] = field(default_factory=list)

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        assert 1 <= limit <= 10, "Spotify rejects search limits above 10"
        assert 0 <= offset <= 1000 - limit, "Spotify refuses offset + limit above 1000"
        assert len(query.encode("utf-8")) <= 100, "queries are at most 100 bytes"
        assert query.strip(), "queries are never empty"
        self.queries.append((locale, query) if not offset else (locale, f"{query} @{offset}"))
        hits = [t for t in self.tracks if self._matches(t, query, locale)]
        return [self._view(t, locale) for t in hits[offset : offset + limit]]

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        self.queries.append((locale, f"GET /tracks/{track_id}"))
        found = [t for t in self.tracks if t.id == track_id]
        return self._view(found[0], locale) if found else None

    def _view(self, track: Track, locale: str) -> Track:
        views = self.ja_views if locale == "ja" else self.en_views
        return views.get(track.id, track)

    def _matches(self, track: Track, query: str, locale: str) -> bool:
        if (
            " OR " in query
        ):  # one upper-case OR: either side (enough for one clause a side); `NOT word` rules out tracks holding the word
            left, right = query.split(" OR ", 1)
            return self._matches(track, left, locale) or self._matches(track, right, locale)
        views = [track, self._view(track, "ja"), self._view(track, "en")]
        if self.request_language_only:
            views = [track, self._view(track, locale)]
        fields = {
            "track": " ".join(normalize(n) for v in views for n in v.all_names),
            "artist": " ".join(normalize(a) for v in views for a in v.all_artists),
            "album": " ".join(normalize(v.album) for v in views),
        }
        everything = " ".join(fields.values())
        for name, quoted, name1, single, name2, bare in _FILTER.findall(query):
            key, value = (name, quoted) if name else (name1, single) if name1 else (name2, bare)
            if key == "isrc":
                if track.isrc != value:
                    return False
            elif key == "year":
                if track.year != int(value):
                    return False
            elif not all(w in fields.get(key, "") for w in normalize(value).split()):
                return False
        free = _FILTER.sub(" ", query)
        excluded = _EXCLUDED.findall(free)  # upper-case NOT rules out tracks with the word
        if any(all(w in everything for w in normalize(word).split()) for word in excluded):
            return False
        return all(word in everything for word in normalize(_EXCLUDED.sub(" ", free)).split())


def make_track(
    track_id: str,
    name: str,
    artist: str,
    *,
    album: str = "",
    duration_ms: int = 240_000,
    release_date: str | None = "2000-01-01",
    isrc: str | None = None,
    album_type: str = "album",
) -> Track:
    """A track with a readable id padded to Spotify's 22 characters."""
    return Track(
        id=track_id.ljust(22, "0"),
        name=name,
        artists=tuple(artist.split(";")),
        album=album or name,
        duration_ms=duration_ms,
        release_date=release_date,
        isrc=isrc,
        album_type=album_type,
    )


def make_entry(title: str, artist: str, **fields: object) -> Entry:
    return Entry(index=0, title=title, artist=artist, **fields)  # type: ignore[arg-type]
