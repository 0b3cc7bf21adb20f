"""The spotipy adapter: implements `TrackSearch` and `PlaylistStore` over the Spotify Web API.

Spotify's JSON becomes `syncer.model` types here and nowhere else. Every request goes through the
run's `RetryLayer` (spotipy gets a plain `requests.Session`, so it never retries or sleeps on its
own), is counted in a `RequestCounter`, and uses only endpoints that Development-Mode apps still
have in 2026. Searches may run concurrently from a thread pool; writes are sequential.

Errors that reach callers: `AuthError` (401 twice, or a refresh Spotify refuses),
`RateLimited`, `SpotifyUnavailable` (also for transport failures retrying could not cure),
`MalformedAnswer` (a 2xx that is not JSON or not the endpoint's shape: never read as "nothing
found"), `WriteOutcomeUnknown` (a playlist write that may or may not have been applied: re-read
and re-plan, never re-send), `SpotifyRequestError` (other 4xx). Nothing else escapes.

Public API: `ClientConfig`, `SpotifyClient`, `DEFAULT_API_BASE_URL`, `track_from_json`,
`playlist_info_from_json`, `playlist_item_from_json`.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
import spotipy
from spotipy.exceptions import SpotifyException, SpotifyOauthError

from syncer.cancel import CancelToken
from syncer.errors import (
    AuthError,
    LoginProblem,
    MalformedAnswer,
    SpotifyRequestError,
    SpotifyUnavailable,
    Unavailable,
)
from syncer.model import TRACK_ID_RE, PlaylistInfo, PlaylistItem, RequestCounter, Track
from syncer.spotify.api_session import ApiSession
from syncer.spotify.auth import SyncerOAuth, TokenEndpointError
from syncer.spotify.retry import RetryLayer

T = TypeVar("T")

DEFAULT_API_BASE_URL = "https://api.spotify.com/v1/"
SEARCH_LIMIT_MAX = 10  # Development Mode rejects more with 400 "Invalid limit"
PAGE_SIZE = 50  # the maximum for /me/playlists and /playlists/{id}/items
WRITE_CHUNK_MAX = 100

_PLAYLIST_FIELDS = (
    "id,name,description,public,collaborative,snapshot_id,owner(id),items(total),tracks(total)"
)


@dataclass(frozen=True)
class ClientConfig:
    """Where the API lives and how long one request may take (per attempt)."""

    api_base_url: str = DEFAULT_API_BASE_URL
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    page_workers: int = 6  # pages of a long playlist read side by side (the run's concurrency)


class SpotifyClient:
    """`TrackSearch` and `PlaylistStore` on top of spotipy 2.26; thread-safe for reads."""

    def __init__(
        self,
        auth_manager: SyncerOAuth,
        retry: RetryLayer,
        *,
        config: ClientConfig | None = None,
        counter: RequestCounter | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.config = config or ClientConfig()
        self.counter = counter if counter is not None else RequestCounter()
        self._auth = auth_manager
        self._retry = retry
        self._session = session or ApiSession(self.config.api_base_url)
        self._by_locale: dict[str | None, spotipy.Spotify] = {}
        self._lock = threading.Lock()

    def for_run(self, cancel: CancelToken | None) -> SpotifyClient:
        """This client (login, connection pool, API) for one run of several on a session held
        open: its own retry layer (`RetryLayer.for_run`: a fresh wait budget, `cancel` cutting
        its waits short) and its own request count."""
        return SpotifyClient(
            self._auth, self._retry.for_run(cancel), config=self.config, session=self._session
        )

    # --- TrackSearch -------------------------------------------------------------------------

    def search_tracks(
        self,
        query: str,
        *,
        locale: str,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Track]:
        limit = max(1, min(limit, SEARCH_LIMIT_MAX))
        sp = self._spotify(locale)
        endpoint = "GET /search"
        page = self._read(
            endpoint,
            lambda: sp.search(query, limit=limit, offset=offset, type="track", market=market),
        )
        items = _items_of(_object_of(page, endpoint).get("tracks"), endpoint)
        return [track for track in map(track_from_json, items) if track is not None]

    def get_track(self, track_id: str, *, locale: str, market: str | None = None) -> Track | None:
        sp = self._spotify(locale)
        try:
            found = self._read("GET /tracks/{id}", lambda: sp.track(track_id, market=market))
        except SpotifyRequestError as exc:
            if exc.status in (400, 404):
                return None
            raise
        track = track_from_json(_object_of(found, "GET /tracks/{id}"))
        if track is None:
            raise MalformedAnswer("GET /tracks/{id}", "the answer is not a track")
        return track

    # --- PlaylistStore: reads ----------------------------------------------------------------

    def current_user_id(self) -> str:
        sp = self._spotify(None)
        me = _object_of(self._read("GET /me", sp.me), "GET /me")
        if not isinstance(me.get("id"), str):
            raise MalformedAnswer("GET /me", "the answer has no user id")
        return str(me["id"])

    def my_playlists(self) -> list[PlaylistInfo]:
        sp = self._spotify(None)

        def page(offset: int) -> Any:
            return self._read(
                "GET /me/playlists",
                lambda: sp.current_user_playlists(limit=PAGE_SIZE, offset=offset),
            )

        # By offset, not `next`: real `next` links point at the removed /users/{id}/playlists.
        found = (playlist_info_from_json(obj) for obj in _pages(page, "GET /me/playlists"))
        return [info for info in found if info is not None]

    def get_playlist(self, playlist_id: str) -> PlaylistInfo | None:
        sp = self._spotify(None)
        try:
            found = self._read(
                "GET /playlists/{id}", lambda: sp.playlist(playlist_id, fields=_PLAYLIST_FIELDS)
            )
        except SpotifyRequestError as exc:
            if exc.status == 404:
                return None
            raise
        info = playlist_info_from_json(_object_of(found, "GET /playlists/{id}"))
        if info is None:
            raise MalformedAnswer("GET /playlists/{id}", "the answer has no playlist id")
        return info

    def is_following(self, playlist_id: str) -> bool:
        sp = self._spotify(None)
        uri = f"spotify:playlist:{playlist_id}"
        endpoint = "GET /me/library/contains"
        found = self._read(endpoint, lambda: sp.current_user_saved_items([uri]))
        if not isinstance(found, list) or len(found) != 1 or not isinstance(found[0], bool):
            raise MalformedAnswer(endpoint, "the answer is not one true or false")
        return found[0]

    def playlist_items(
        self, playlist_id: str, *, expected: int | None = None
    ) -> list[PlaylistItem]:
        sp = self._spotify(None)

        def page(offset: int) -> Any:
            return self._read(
                "GET /playlists/{id}/items",
                lambda: sp.playlist_items(playlist_id, limit=PAGE_SIZE, offset=offset),
            )

        pages = _pages_concurrently(
            page, self.config.page_workers, "GET /playlists/{id}/items", expected=expected
        )
        return [playlist_item_from_json(entry) for entry in pages]

    # --- PlaylistStore: writes ---------------------------------------------------------------

    def create_playlist(self, name: str, *, description: str, public: bool) -> PlaylistInfo:
        sp = self._spotify(None)
        created = self._write(
            "POST /me/playlists",
            lambda: sp.current_user_playlist_create(
                name, public=public, collaborative=False, description=description
            ),
        )
        info = playlist_info_from_json(created)
        if info is None:
            raise SpotifyUnavailable("POST /me/playlists", Unavailable.NO_PLAYLIST)
        return info

    def change_details(
        self, playlist_id: str, *, name: str, description: str, public: bool
    ) -> None:
        sp = self._spotify(None)
        # Sending the same details twice is harmless, so this PUT is retried like a read.
        self._read(
            "PUT /playlists/{id}",
            lambda: sp.playlist_change_details(
                playlist_id, name=name, public=public, description=description
            ),
        )

    def add_items(
        self, playlist_id: str, uris: Sequence[str], *, position: int | None
    ) -> str | None:
        chunk = _checked_chunk(uris)
        sp = self._spotify(None)
        return _snapshot_of(
            self._write(
                "POST /playlists/{id}/items",
                lambda: sp.playlist_add_items(playlist_id, chunk, position=position),
            )
        )

    def remove_items(self, playlist_id: str, uris: Sequence[str]) -> str | None:
        chunk = _checked_chunk(uris)
        sp = self._spotify(None)
        return _snapshot_of(
            self._write(
                "DELETE /playlists/{id}/items",
                lambda: sp.playlist_remove_all_occurrences_of_items(playlist_id, chunk),
            )
        )

    def move_items(
        self, playlist_id: str, *, range_start: int, insert_before: int, range_length: int
    ) -> str | None:
        sp = self._spotify(None)
        return _snapshot_of(
            self._write(
                "PUT /playlists/{id}/items",
                lambda: sp.playlist_reorder_items(
                    playlist_id,
                    range_start=range_start,
                    insert_before=insert_before,
                    range_length=range_length,
                ),
            )
        )

    # --- plumbing ----------------------------------------------------------------------------

    def _spotify(self, locale: str | None) -> spotipy.Spotify:
        """One spotipy client per locale, so `Accept-Language` is never mutated under a thread."""
        with self._lock:
            sp = self._by_locale.get(locale)
            if sp is None:
                sp = spotipy.Spotify(
                    auth_manager=self._auth,
                    requests_session=self._session,
                    requests_timeout=(self.config.connect_timeout, self.config.read_timeout),
                    language=locale,
                )
                sp.prefix = _with_trailing_slash(self.config.api_base_url)
                self._by_locale[locale] = sp
            return sp

    def _read(self, endpoint: str, call: Callable[[], T]) -> T:
        return self._request(endpoint, call, write=False)

    def _write(self, endpoint: str, call: Callable[[], T]) -> T:
        return self._request(endpoint, call, write=True)

    def _request(self, endpoint: str, call: Callable[[], T], *, write: bool) -> T:
        try:
            return self._with_one_reauth(endpoint, call, write=write)
        except TokenEndpointError as exc:
            raise SpotifyUnavailable(endpoint, Unavailable.TOKEN_ENDPOINT_FAILING) from exc
        except SpotifyOauthError as exc:
            raise AuthError(LoginProblem.REFRESH_REFUSED, error=exc.error) from exc
        except SpotifyException as exc:
            raise SpotifyRequestError(exc.http_status, _message_of(exc), endpoint) from exc
        except requests.RequestException as exc:
            # A transport failure the retry layer does not retry (a bad URL, a proxy error...).
            detail = f"{type(exc).__name__}: {exc}"
            raise SpotifyUnavailable(endpoint, Unavailable.TRANSPORT, detail) from exc

    def _with_one_reauth(self, endpoint: str, call: Callable[[], T], *, write: bool) -> T:
        """A 401 means the token was rejected (and the request not applied): refresh, retry once."""
        counted = self._counted(endpoint, call)
        try:
            return self._retry.call(counted, write=write, what=endpoint)
        except SpotifyException as exc:
            if exc.http_status != 401:
                raise
        rejected = self._auth.last_access_token()
        self._retry.call(lambda: self._auth.force_refresh(rejected), what="token refresh")
        try:
            return self._retry.call(counted, write=write, what=endpoint)
        except SpotifyException as exc:
            if exc.http_status == 401:
                raise AuthError(LoginProblem.REJECTED_TWICE) from exc
            raise

    def _counted(self, endpoint: str, call: Callable[[], T]) -> Callable[[], T]:
        def attempt() -> T:
            self.counter.add(endpoint)
            return call()

        return attempt


def _object_of(answer: Any, endpoint: str) -> Mapping[str, Any]:
    """The JSON object a 2xx answer must be; spotipy gives None for a body it cannot decode."""
    if isinstance(answer, Mapping):
        return answer
    problem = "not JSON" if answer is None else f"JSON {type(answer).__name__}, not an object"
    raise MalformedAnswer(endpoint, problem)


def _items_of(paging: Any, endpoint: str) -> list[Any]:
    """The `items` of a paging object; anything else is a `MalformedAnswer`."""
    items = _object_of(paging, endpoint).get("items")
    if not isinstance(items, list):
        raise MalformedAnswer(endpoint, "no list of items where a page was expected")
    return items


def _pages(fetch: Callable[[int], Any], endpoint: str) -> Iterator[Any]:
    """Every item of a paging object, fetched by offset until `total` is reached."""
    offset = 0
    while True:
        page = _object_of(fetch(offset), endpoint)
        items = _items_of(page, endpoint)
        yield from items
        offset += len(items)
        total = page.get("total")
        if not items or (isinstance(total, int) and offset >= total):
            return
        if total is None and not page.get("next"):
            return


def _snapshot_of(answer: Any) -> str | None:
    """The `snapshot_id` a playlist write answers with (the playlist's version after it)."""
    snapshot = answer.get("snapshot_id") if isinstance(answer, Mapping) else None
    return snapshot if isinstance(snapshot, str) else None


def _pages_concurrently(
    fetch: Callable[[int], Any], workers: int, endpoint: str, *, expected: int | None = None
) -> list[Any]:
    """Every item of a paging object, pages of `PAGE_SIZE` fetched side by side.

    With `expected` (how many items the caller believes there are: it just wrote them, or a
    listing said so), the pages that many items fill are asked for at once; otherwise the first
    page says how many there are and the others follow together (a 1,000-track playlist is 20
    pages of 50). Either way the first page's `total` decides: pages it says are missing are
    fetched after, and items beyond it are not read."""
    if expected is not None and expected > PAGE_SIZE:
        wanted = range(0, expected, PAGE_SIZE)
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            answers = [_object_of(page, endpoint) for page in pool.map(fetch, wanted)]
        total = answers[0].get("total")
        if not isinstance(total, int) or any(
            len(_items_of(a, endpoint)) != max(0, min(PAGE_SIZE, total - n * PAGE_SIZE))
            for n, a in enumerate(answers)
        ):
            return list(_pages(fetch, endpoint))  # not paged as planned: page one after another
        items = [item for answer in answers for item in _items_of(answer, endpoint)]
        rest = range(len(answers) * PAGE_SIZE, total, PAGE_SIZE)
    else:
        first = _object_of(fetch(0), endpoint)
        items = list(_items_of(first, endpoint))
        total = first.get("total")
        if not isinstance(total, int):
            return list(_pages(fetch, endpoint))  # no total to plan by: page one after another
        if not items or len(items) >= total:
            return items
        rest = range(len(items), total, len(items))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for page in pool.map(fetch, rest):
            items.extend(_items_of(page, endpoint))
    return items


def _checked_chunk(uris: Sequence[str]) -> list[str]:
    if len(uris) > WRITE_CHUNK_MAX:
        raise ValueError(f"at most {WRITE_CHUNK_MAX} URIs per request, got {len(uris)}")
    return list(uris)


def _with_trailing_slash(url: str) -> str:
    # spotipy concatenates prefix + path, so the prefix must end with "/".
    return url if url.endswith("/") else url + "/"


def _message_of(exc: SpotifyException) -> str:
    msg = str(exc.msg or "")
    # spotipy formats it as "<url>:\n <message>"; the URL may carry the query, keep the message.
    return msg.split(":\n", 1)[-1].strip() or f"HTTP {exc.http_status}"


# --- JSON -> model -----------------------------------------------------------------------------


def track_from_json(obj: Any) -> Track | None:
    """A `Track` from a TrackObject; None for null, local, non-track or malformed objects.

    Reads only fields Development Mode still returns (never `popularity`/`available_markets`).
    """
    if not _is_mapping(obj) or obj.get("is_local") or obj.get("type", "track") != "track":
        return None
    track_id = obj.get("id")
    if not isinstance(track_id, str) or not TRACK_ID_RE.match(track_id):
        return None
    album = _mapping(obj.get("album"))
    artists = [a for a in obj.get("artists") or [] if _is_mapping(a) and a.get("name")]
    external_ids = _mapping(obj.get("external_ids"))
    return Track(
        id=track_id,
        name=str(obj.get("name") or ""),
        artists=tuple(str(a["name"]) for a in artists),
        album=str(album.get("name") or ""),
        duration_ms=int(obj.get("duration_ms") or 0),
        release_date=_known_date(album.get("release_date")),
        isrc=external_ids.get("isrc") or None,
        artist_ids=tuple(str(a["id"]) for a in artists if a.get("id")),
        explicit=bool(obj.get("explicit")),
        album_type=str(album.get("album_type") or ""),
        cover_url=_cover_url(album.get("images")),
    )


def _cover_url(images: Any, wanted_px: int = 300) -> str:
    """The album image nearest `wanted_px` wide (a grid cell's cover), or "" (the first of
    equally near ones)."""
    best, best_gap = "", -1
    for image in images or ():
        if _is_mapping(image) and isinstance(url := image.get("url"), str):
            gap = abs(int(image.get("width") or wanted_px) - wanted_px)
            if best_gap < 0 or gap < best_gap:
                best, best_gap = str(url), gap
    return best


def _known_date(value: Any) -> str | None:
    """Spotify serves `"0000"` for a release date it does not know: that is no date at all."""
    if not isinstance(value, str) or not value or value.startswith("0000"):
        return None
    return value


def playlist_info_from_json(obj: Any) -> PlaylistInfo | None:
    """A `PlaylistInfo` from a full or simplified playlist object (None for a null entry)."""
    if not isinstance(obj, Mapping) or not obj.get("id"):
        return None
    owner = _mapping(obj.get("owner"))
    return PlaylistInfo(
        id=str(obj["id"]),
        name=str(obj.get("name") or ""),
        owner_id=str(owner.get("id") or ""),
        # Spotify returns descriptions HTML-escaped (`&#x27;` for an apostrophe): compare and
        # show them as written.
        description=html.unescape(str(obj.get("description") or "")),
        public=bool(obj.get("public")),
        collaborative=bool(obj.get("collaborative")),
        snapshot_id=str(obj.get("snapshot_id") or ""),
        total=_total_of(obj),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if _is_mapping(value) else {}


def _is_mapping(value: Any) -> bool:
    """`isinstance(value, Mapping)`, a decoded JSON object (a dict) told apart without the
    abstract class's check: about a tenth of reading a track, ten times per search answer."""
    return type(value) is dict or isinstance(value, Mapping)


def _total_of(playlist: Mapping[str, Any]) -> int:
    # `items` is the 2026 name, `tracks` the deprecated one; either may be absent.
    for key in ("items", "tracks"):
        paging = playlist.get(key)
        if isinstance(paging, Mapping) and isinstance(paging.get("total"), int):
            return int(paging["total"])
    return 0


def playlist_item_from_json(entry: Any) -> PlaylistItem:
    """A `PlaylistItem` from a playlist entry, reading `item` or the deprecated `track`.

    `uri` is None for unavailable (null) items and for local files, which the API cannot add or
    remove; episodes keep their URI so a hand-added one is never mistaken for a gap.
    """
    if not isinstance(entry, Mapping):
        return PlaylistItem(uri=None)
    content = _mapping(entry.get("item") or entry.get("track"))
    is_local = bool(entry.get("is_local") or content.get("is_local"))
    uri = content.get("uri")
    added_by = _mapping(entry.get("added_by"))
    return PlaylistItem(
        uri=str(uri) if isinstance(uri, str) and uri and not is_local else None,
        added_at=entry.get("added_at") or None,
        added_by=added_by.get("id") or None,
        is_local=is_local,
        name=str(content["name"]) if is_local and content.get("name") else None,
        artists=_artist_names(content) if is_local else (),
        track=track_from_json(content),
    )


def _artist_names(content: Mapping[str, Any]) -> tuple[str, ...]:
    artists = content.get("artists") or []
    return tuple(str(a["name"]) for a in artists if isinstance(a, Mapping) and a.get("name"))
