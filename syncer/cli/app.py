"""The typer application, the options commands share, and error handling.

Public API: `app`, `main`, `handled`, `load_cli_settings`,
`ListsArg`, `ListArg`, `EntryArg`, `StateDirOpt`, `SandboxOpt`, `CatalogOpt`,
`SandboxProfile`, `SandboxProfileOpt`.

`.env` is loaded here and nowhere else. `handled` is the one place that words errors for
people and picks the exit code; every message says what to do next.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from dotenv import load_dotenv

from syncer import __version__
from syncer.cancel import Cancelled
from syncer.cli.failures import DEBUG, os_error_message, unexpected_message
from syncer.cli.messages import describe, worded_log_record
from syncer.config import Settings, load_settings
from syncer.console import Console
from syncer.errors import (
    AuthError,
    ListError,
    LockedError,
    RateLimited,
    SettingInvalid,
    SpotifyRequestError,
    SpotifyUnavailable,
    SyncerError,
    UserError,
)
from syncer.exitcodes import ExitCode, stopped_code

app = typer.Typer(
    name="syncer",
    help="Keep hand-written TOML song lists in sync with your Spotify playlists.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals can hold the client secret or tokens
    rich_markup_mode=None,
)

ListsArg = Annotated[
    list[Path],
    typer.Argument(help="List files (TOML), e.g. lists/tearjerkers.toml.", show_default=False),
]
ListArg = Annotated[Path, typer.Argument(help="A list file (TOML).", show_default=False)]
EntryArg = Annotated[
    str,
    typer.Argument(
        help="The entry: its 0-based index in the list, or its title.", show_default=False
    ),
]
StateDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        help="State directory (default: SYNCER_STATE_DIR, else .syncer beside the list).",
    ),
]
SandboxOpt = Annotated[
    bool,
    typer.Option("--sandbox", help="Use the built-in local Spotify sandbox instead of Spotify."),
]
CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Sandbox catalog (JSON or JSON Lines of track objects)."),
]


class SandboxProfile(StrEnum):
    """The sandbox's search profiles (see syncer.sandbox.search)."""

    SIMPLE = "simple"
    REALISTIC = "realistic"


SandboxProfileOpt = Annotated[
    SandboxProfile,
    typer.Option(
        "--sandbox-profile",
        help="Sandbox search: 'simple', or 'realistic' (Spotify-like ranking by popularity, "
        "many versions and covers per song, prefix/typo expansion, markets, quirks).",
        case_sensitive=False,
    ),
]


def main() -> None:
    """Console-script entry point. Whatever escapes the commands' own handling ends here, told
    in one line with exit code 7 (see `syncer.cli.failures`), never as a traceback."""
    _configure_logging()
    try:
        app(standalone_mode=True)
    except Exception as exc:
        if DEBUG["enabled"]:
            raise
        print(f"error: {unexpected_message(exc)}", file=sys.stderr)
        sys.exit(int(ExitCode.UNEXPECTED))


def _configure_logging() -> None:
    """Terse log lines on stderr: our retry notices and warnings, nothing of spotipy's.

    spotipy logs every failed request (with its query) at ERROR; syncer retries those and
    reports what finally failed, so spotipy's lines would only flood a cron log.
    """
    logging.basicConfig(level=logging.WARNING, format="syncer: %(message)s")
    logging.getLogger("spotipy").setLevel(logging.CRITICAL)
    for handler in logging.getLogger().handlers:
        handler.addFilter(worded_log_record)  # the core logs errors, these words show them


def _show_version(value: bool) -> None:
    # Eager, so it runs before the group insists on a command (`syncer --version` alone).
    if value:
        typer.echo(f"syncer {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the traceback of an unexpected failure."),
    ] = False,
) -> None:
    del version  # handled by `_show_version`
    DEBUG["enabled"] = debug


def load_cli_settings(
    *, market: str | None = None, concurrency: int | None = None, max_wait: float | None = None
) -> Settings:
    """Settings from `.env` (in the working directory) and the environment; options win."""
    load_dotenv(Path.cwd() / ".env", override=False)
    env = dict(os.environ)
    given: dict[str, str] = {}  # setting -> the option that set it, to blame the option
    if market is not None:
        env["SYNCER_MARKET"] = market.upper()
        given["SYNCER_MARKET"] = "--market"
    if concurrency is not None:
        env["SYNCER_CONCURRENCY"] = str(concurrency)
        given["SYNCER_CONCURRENCY"] = "--concurrency"
    if max_wait is not None:
        env["SYNCER_MAX_WAIT"] = str(max_wait)
        given["SYNCER_MAX_WAIT"] = "--max-wait"
    try:
        return load_settings(env)
    except SettingInvalid as error:
        if error.name not in given:
            raise
        given_value = {"--market": market}.get(given[error.name]) or error.value
        raise SettingInvalid(given[error.name], given_value, error.problem, error.bounds) from None


@contextmanager
def handled(console: Console) -> Iterator[None]:
    """Turn syncer's errors into a message and an exit code."""
    try:
        yield
    except typer.Exit:
        raise
    except ListError as exc:
        _fail(
            console,
            describe(exc),
            ExitCode.BAD_INPUT,
            "Nothing was sent to Spotify. Fix the list and run again "
            "(`syncer check` validates without syncing).",
        )
    except Cancelled as exc:  # stopped before any list ran (signing in to the sandbox...)
        _fail(
            console, f"stopped by {exc.reason}; nothing was changed", stopped_code(exc.reason), ""
        )
    except AuthError as exc:
        _fail(console, describe(exc), ExitCode.SPOTIFY_FAILURE, "")
    except LockedError as exc:
        _fail(console, describe(exc), ExitCode.LOCKED, "")
    except RateLimited as exc:
        _fail(console, describe(exc), ExitCode.RATE_LIMITED, "Run again later.")
    except (SpotifyUnavailable, SpotifyRequestError) as exc:
        _fail(console, describe(exc), ExitCode.SPOTIFY_FAILURE, "Run again later.")
    except UserError as exc:
        _fail(console, describe(exc), ExitCode.BAD_INPUT, "")
    except SyncerError as exc:
        _fail(console, describe(exc), ExitCode.SPOTIFY_FAILURE, "")
    except (typer.Abort, typer.exceptions.TyperException):  # typer's own: it shows them
        raise
    except OSError as exc:
        _fail(console, os_error_message(exc), ExitCode.BAD_INPUT, "")
    except Exception as exc:
        if DEBUG["enabled"]:
            raise
        _fail(console, unexpected_message(exc), ExitCode.UNEXPECTED, "")


def _fail(console: Console, message: str, code: ExitCode, hint: str) -> NoReturn:
    console.problem(f"error: {message}" + (f"\n{hint}" if hint else ""))
    raise typer.Exit(int(code))
