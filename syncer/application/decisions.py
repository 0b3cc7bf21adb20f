"""Recording a person's decisions about a list's entries: the use cases behind `syncer pin`,
`reject`, `skip`, `alias`, `accept` and `review`, and the review page's buttons.

Public API: `ReportedEntry`, `EntryAddress`, `Pinned`, `Accepted`, `TrackLookup`,
`track_uri_of`, `pin`, `pin_pasted`, `pin_checked`, `reject`, `skip`, `alias`, `accept_best`,
`check_reported`, `needing_attention`, `list_locked`, `ATTENTION`.

Every decision is one comment-preserving edit of the addressed entry (`syncer.editing`): the
rest of the file stays byte for byte as it was. An entry is addressed by its index or title as
a person types it (`"3"`, `"Kaede"`), or as the last report shows it (`ReportedEntry`), which is
checked to still be that entry: if the list changed since the report, a decision could land on
another entry, so it is refused (`Refused(REPORT_OUTDATED)`). The file's fingerprint is taken
before the entry is found, so an edit refuses to land (`FileChanged`) if the file changes
meanwhile (in an editor, while Spotify is asked about a pasted link...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from pathlib import Path

from syncer import editing
from syncer.application.dirs import Where, list_dirs
from syncer.application.reports import last_report
from syncer.config import Settings
from syncer.errors import Refusal, Refused, UserError
from syncer.lists import find_entry, load_list, normalize_track_uri
from syncer.match import Thresholds
from syncer.model import Entry, SongList, Track, track_id_of
from syncer.pins import PinDoubtKind, pin_doubts
from syncer.report.document import CandidateDoc, EntryDoc, Report
from syncer.session import SpotifySession
from syncer.state import ListLock

#: The statuses of the entries a person is asked to settle.
ATTENTION = ("review", "unmatched", "error")


@dataclass(frozen=True)
class ReportedEntry:
    """An entry as a report shows it: its index, and the title and artist it had then."""

    index: int
    title: str
    artist: str

    @classmethod
    def of(cls, item: EntryDoc) -> ReportedEntry:
        return cls(item["index"], item["title"], item["artist"])


#: An entry named as a person types it (index or title), or as a report shows it.
EntryAddress = str | ReportedEntry


@dataclass(frozen=True)
class Pinned:
    """The entry pinned, and the track Spotify confirmed for the pasted link."""

    entry: Entry
    track: Track


@dataclass(frozen=True)
class Accepted:
    """A review entry pinned to its best candidate."""

    entry: ReportedEntry
    candidate: CandidateDoc


class TrackLookup:
    """Checks pasted URIs and links on Spotify through one session, opened at the first lookup
    (malformed text never opens one) and closed when the lookup's `with` block ends."""

    def __init__(self, opener: Callable[[], AbstractContextManager[SpotifySession]]) -> None:
        self._opener = opener
        self._stack = ExitStack()
        self._session: SpotifySession | None = None

    def __enter__(self) -> TrackLookup:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def __call__(self, text: str) -> Track:
        """The track `text` names; `Refused` when it is no track link or Spotify has none."""
        uri = track_uri_of(text)
        if self._session is None:
            self._session = self._stack.enter_context(self._opener())
        track = self._session.spotify.get_track(track_id_of(uri), locale="ja")
        if track is None:
            raise Refused(Refusal.NO_SUCH_TRACK, uri=uri)
        return track


def track_uri_of(text: str) -> str:
    """The `spotify:track:` URI of a pasted URI or link; `Refused` when it names no track."""
    uri = normalize_track_uri(text)
    if uri is None:
        raise Refused(Refusal.NOT_A_TRACK_LINK, text=text)
    return uri


def list_locked(list_path: Path, where: Where, settings: Settings) -> ListLock:
    """The list's lock, for a face that decides while a sync may run (the review page): held
    around a decision, it refuses it with `LockedError` while a sync of the list runs. It
    creates no lock file (a list never synced has none, and no sync to wait for)."""
    return ListLock(list_dirs(list_path, where, settings).state, list_path, create=False)


def pin(list_path: Path, entry: EntryAddress, uri: str) -> Entry:
    """Pin the entry to a track the caller knows (a report's candidate, a search result)."""
    chosen, expected = _addressed(list_path, entry)
    editing.pin(list_path, chosen.index, uri, expected=expected)
    return chosen


def pin_pasted(
    list_path: Path, entry: EntryAddress, link: str, lookup: Callable[[str], Track]
) -> Pinned:
    """Pin the entry to the track a pasted URI or link names, checked on Spotify first
    (`lookup`, e.g. a `TrackLookup`); an edit of the file meanwhile refuses the pin."""
    chosen, expected = _addressed(list_path, entry)
    track = lookup(link)
    editing.pin(list_path, chosen.index, track.uri, expected=expected)
    return Pinned(chosen, track)


def pin_checked(
    list_path: Path,
    entry: EntryAddress,
    link: str,
    lookup: Callable[[str], Track],
    *,
    where: Where,
    settings: Settings,
    force: bool = False,
) -> Pinned:
    """`pin_pasted`, refused when the track plausibly is not the entry's song (`pin_doubts`:
    its title or artist is not the entry's, or the last run placed it for another entry;
    `Refused(PIN_DOUBTFUL)` unless `force`) and, even with `force`, when another entry pins it
    already (`Refused(PIN_TAKEN)`: a list pins a track once)."""
    chosen, songlist, expected = _addressed_in(list_path, entry)
    track = lookup(link)
    resolved = _resolved_in_last_run(list_path, where, settings)
    doubts = pin_doubts(songlist.entries, chosen, track, resolved, Thresholds())
    taken = [d for d in doubts if d.kind is PinDoubtKind.PINNED_BY_OTHER]
    if taken:  # the list format pins a track once: force could not write it
        raise Refused(Refusal.PIN_TAKEN, entry=chosen, track=track, doubt=taken[0])
    if doubts and not force:
        threshold = Thresholds().review
        raise Refused(
            Refusal.PIN_DOUBTFUL, entry=chosen, track=track, doubts=doubts, threshold=threshold
        )
    editing.pin(list_path, chosen.index, track.uri, expected=expected)
    return Pinned(chosen, track)


def _resolved_in_last_run(list_path: Path, where: Where, settings: Settings) -> dict[str, int]:
    """Track URI -> the entry the last run (of this Spotify or sandbox) resolved to it; empty
    when there was none or its report cannot be read (a pin never waits for a run)."""
    try:
        report = last_report(list_path, where, settings, "pin")
    except UserError:
        return {}
    placed = ("matched", "pinned", "duplicate")  # a review candidate is only a guess
    return {
        item["uri"]: item["index"]
        for item in reversed(report["entries"])  # the first entry of a track wins
        if item["uri"] and item["status"] in placed
    }


def reject(list_path: Path, entry: EntryAddress, links: Sequence[str]) -> Entry:
    """Never match the entry to these tracks again (a pin on one of them is removed)."""
    chosen, expected = _addressed(list_path, entry)
    for link in links:
        editing.add_reject(list_path, chosen.index, track_uri_of(link), expected=expected)
        expected = editing.fingerprint(list_path)  # the file as this edit left it
    return chosen


def skip(list_path: Path, entry: EntryAddress, reason: str = "not on Spotify") -> Entry:
    """Mark the entry as not on Spotify, with a reason; it is no longer searched."""
    chosen, expected = _addressed(list_path, entry)
    editing.set_skip(list_path, chosen.index, reason, expected=expected)
    return chosen


def alias(list_path: Path, entry: EntryAddress, name: str, *, artist: bool = False) -> Entry:
    """Add a title alias (or, with `artist`, an artist alias) to search with next time."""
    chosen, expected = _addressed(list_path, entry)
    add = editing.add_artist_alias if artist else editing.add_alias
    add(list_path, chosen.index, name, expected=expected)
    return chosen


def accept_best(
    list_path: Path, where: Where, settings: Settings, entry: str | None = None
) -> Iterator[Accepted]:
    """Pin the best candidate of the last report's review entries (only `entry`'s, if given).

    The list and the report are checked at once (an invalid list or a missing report raises
    here); the pins are made one by one as the result is iterated.
    """
    songlist = load_list(list_path)
    report = last_report(list_path, where, settings, "accept")
    wanted = None if entry is None else find_entry(songlist, entry)
    if wanted is not None:
        _check_in_review(list_path, wanted, report)
    return _pin_best(list_path, report, None if wanted is None else wanted.index)


def _check_in_review(list_path: Path, wanted: Entry, report: Report) -> None:
    """Accepting one entry takes a review entry's best candidate: any other is refused."""
    item = next((e for e in report["entries"] if e["index"] == wanted.index), None)
    if item is not None and item["status"] == "review" and item["candidates"]:
        return
    status = None if item is None else item["status"]
    raise Refused(Refusal.NOT_IN_REVIEW, list_file=list_path, entry=wanted, status=status)


def _pin_best(list_path: Path, report: Report, wanted: int | None) -> Iterator[Accepted]:
    for item in report["entries"]:
        if item["status"] != "review" or wanted not in (None, item["index"]):
            continue
        best = item["candidates"][0]
        reported = ReportedEntry.of(item)
        pin(list_path, reported, best["uri"])
        yield Accepted(reported, best)


def check_reported(list_path: Path, entry: ReportedEntry) -> Entry:
    """The entry the report names, still there as it was (else `Refused(REPORT_OUTDATED)`)."""
    return _addressed(list_path, entry)[0]


def needing_attention(list_path: Path, where: Where, settings: Settings) -> list[EntryDoc]:
    """The last report's entries a person is asked to settle (`ATTENTION`), for a valid list."""
    load_list(list_path)  # refuse to start on an invalid list
    report = last_report(list_path, where, settings, "review")
    return [item for item in report["entries"] if item["status"] in ATTENTION]


def _addressed(list_path: Path, entry: EntryAddress) -> tuple[Entry, str]:
    """The addressed entry, and the file's fingerprint taken before it was found (to pass to
    the edit as `expected`)."""
    chosen, _, expected = _addressed_in(list_path, entry)
    return chosen, expected


def _addressed_in(list_path: Path, entry: EntryAddress) -> tuple[Entry, SongList, str]:
    """`_addressed`, with the list as it was read."""
    expected = editing.fingerprint(list_path)
    songlist = load_list(list_path)
    if isinstance(entry, str):
        return find_entry(songlist, entry), songlist, expected
    entries = songlist.entries
    if entry.index >= len(entries) or (
        (entries[entry.index].title, entries[entry.index].artist) != (entry.title, entry.artist)
    ):
        raise Refused(
            Refusal.REPORT_OUTDATED, index=entry.index, title=entry.title, artist=entry.artist
        )
    return entries[entry.index], songlist, expected
