"""A run's word on the login's end (issue 22, point 3): from 30 days before Spotify ends the saved
login, a run says so; a `--quiet` run (cron) says it once a week, as news.

Public API: `tell_if_login_ending`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from syncer.cli.messages import login_ending_words
from syncer.config import Settings, login_path
from syncer.console import Console
from syncer.spotify.auth import login_term, note_expiry_told


def tell_if_login_ending(
    console: Console, settings: Settings, *, quiet: bool, now: datetime | None = None
) -> None:
    """Say when the saved Spotify login ends, if that is within 30 days (see the module doc).

    Only the real login has a term: a `--sandbox` run signs in afresh every time."""
    token = login_path(settings)
    term = login_term(token)
    moment = now or datetime.now(UTC)
    if term is None or not term.ending(moment):
        return
    if not quiet:
        console.note(login_ending_words(term, moment))
        return
    if term.told_lately(moment):
        return
    console.news(login_ending_words(term, moment))
    note_expiry_told(token, moment)
