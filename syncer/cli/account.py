"""`syncer login`, `syncer doctor` and `syncer sandbox`."""

from __future__ import annotations

import errno
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

import typer

from syncer.application import Where, list_dirs
from syncer.cli.app import (
    CatalogOpt,
    SandboxProfile,
    StateDirOpt,
    app,
    handled,
    load_cli_settings,
)
from syncer.cli.messages import credentials_missing_message, describe, login_term_words
from syncer.config import Settings, login_path
from syncer.console import Console
from syncer.errors import (
    ConfigError,
    CredentialsMissing,
    OptionInvalid,
    Refusal,
    Refused,
    SyncerError,
)
from syncer.exitcodes import ExitCode
from syncer.sandbox import FaultSpec, FaultSpecError, Sandbox, default_catalog_path, load_catalog
from syncer.session import client_for, find_login, real_auth_manager
from syncer.spotify.auth import (
    SCOPES,
    SyncerOAuth,
    authorize_url,
    complete_login_from_redirect,
    login_term,
    login_with_loopback,
    new_state,
    preflight,
    sandbox_login,
)

_LOOPBACK_HOSTS = {"127.0.0.1", "::1", "[::1]"}


@app.command()
def login(
    state_dir: StateDirOpt = None,
    paste: Annotated[
        bool,
        typer.Option(
            "--paste",
            help="Headless: print the URL, then paste the address your browser was sent to.",
        ),
    ] = False,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL instead of opening a browser.")
    ] = False,
    port: Annotated[
        int | None,
        typer.Option(
            "--port", help="Loopback port for the redirect (default: the redirect URI's)."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for the browser's redirect.")
    ] = 300.0,
) -> None:
    """Sign in to Spotify once; the token is saved (mode 0600) for later and unattended runs.

    Example: syncer login   (on a machine without a browser: syncer login --paste)
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        settings = load_cli_settings()
        directory = list_dirs(None, Where(state_dir), settings).state
        try:
            auth = real_auth_manager(settings, directory)
        except CredentialsMissing as exc:  # login takes no --sandbox: name a command that does
            console.problem(f"error: {credentials_missing_message(exc, sandbox_option=False)}")
            raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
        if _is_loopback(settings.accounts_url):
            # A local Spotify-compatible server (e.g. `syncer sandbox`) approves by itself.
            sandbox_login(auth)
        elif paste:
            _login_by_paste(auth, console)
        else:
            login_with_loopback(
                auth,
                port,
                open_browser=not no_browser,
                timeout=timeout,
                show_url=lambda url: console.note(
                    f"Open this address in a browser and allow access:\n\n  {url}\n\n"
                    "Waiting for Spotify to send the browser back to "
                    f"{auth.redirect_uri} ..."
                ),
            )
        user = client_for(settings, auth).current_user_id()
        console.note(
            f"Logged in to Spotify as {user}. The token is saved in {login_path(settings)} "
            "(readable only by you); `syncer sync` will use it from now on."
        )


def _login_by_paste(auth: SyncerOAuth, console: Console) -> None:
    if not sys.stdin.isatty():
        raise Refused(Refusal.PASTE_NEEDS_TERMINAL)
    state = new_state()
    console.note(
        "1. Open this address in any browser and allow access:\n\n"
        f"   {authorize_url(auth, state)}\n\n"
        "2. The browser then tries to open an address starting with "
        f"{auth.redirect_uri} (it may fail to load; that is fine).\n"
        "3. Copy that whole address from the address bar and paste it here."
    )
    pasted = typer.prompt("Address", hide_input=False)
    complete_login_from_redirect(auth, pasted, state)


@app.command()
def doctor(state_dir: StateDirOpt = None) -> None:
    """Show what is configured (secrets hidden) and whether the saved Spotify login works.

    Example: syncer doctor
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        settings = load_cli_settings()
        directory = list_dirs(None, Where(state_dir), settings).state
        console.note("Settings (from .env and the environment):")
        for name, value in settings.redacted().items():
            console.note(f"  {name:<22} {value}")
        token = find_login(settings, [directory])
        console.note(f"Login (token): {token} ({_describe_file(token)})")
        if token.exists():
            console.note(login_term_words(login_term(token), datetime.now(UTC)))
        console.note(f"Scopes syncer asks for: {' '.join(SCOPES)}")
        code = _check_login(settings, directory, console)
        raise typer.Exit(int(code))


def _check_login(settings: Settings, directory: Path, console: Console) -> ExitCode:
    try:
        auth = real_auth_manager(settings, directory)
        preflight(auth)
        user = client_for(settings, auth).current_user_id()
    except CredentialsMissing as exc:  # doctor takes no --sandbox: name a command that does
        console.problem(f"Not ready: {credentials_missing_message(exc, sandbox_option=False)}")
        return ExitCode.BAD_INPUT
    except ConfigError as exc:
        console.problem(f"Not ready: {describe(exc)}")
        return ExitCode.BAD_INPUT
    except SyncerError as exc:
        console.problem(f"Not ready: {describe(exc)}")
        return ExitCode.SPOTIFY_FAILURE
    console.note(f"Spotify login works: signed in as {user}.")
    return ExitCode.OK


def _describe_file(path: Path) -> str:
    if not path.exists():
        return "missing: run `syncer login`"
    mode = path.stat().st_mode & 0o777
    safe = "private" if mode & 0o077 == 0 else "readable by others! run: chmod 600"
    return f"present, mode {mode:o}, {safe}"


@app.command()
def sandbox(
    catalog: CatalogOpt = None,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0 picks one).")
    ] = 8099,
    faults: Annotated[
        str | None,
        typer.Option("--faults", help="Fault spec, e.g. '429=0.1,500=0.05,latency=40ms'."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for the faults (same seed, same faults).")
    ] = None,
    state_file: Annotated[
        Path | None,
        typer.Option("--state-file", help="Keep the account's playlists in this file."),
    ] = None,
    profile: Annotated[
        SandboxProfile,
        typer.Option(
            "--profile",
            help="Search profile: 'simple', or 'realistic' (Spotify-like; see the README).",
            case_sensitive=False,
        ),
    ] = SandboxProfile.SIMPLE,
    login_age: Annotated[
        float,
        typer.Option(
            "--login-age",
            min=0,
            help="Date logins this many days back (Spotify ends a login after six months); "
            "POST /_sandbox/login-age changes it while serving.",
        ),
    ] = 0.0,
) -> None:
    """Serve the built-in Spotify sandbox on 127.0.0.1 until stopped (Ctrl-C).

    Example: syncer sandbox --port 8099 --faults '429=0.05,latency=40ms' --seed 7
    """
    console = Console.for_stdout(quiet=False)
    with handled(console):
        spec = _fault_spec(faults, seed)
        server = Sandbox(
            catalog=load_catalog(catalog or default_catalog_path()),
            faults=spec,
            state_file=state_file,
            port=port,
            profile=profile.value,
            login_age_days=login_age,
        )
        _start(server, port)
        try:  # from here on Ctrl-C stops the server cleanly, even while the banner prints
            console.note(
                f"Spotify sandbox serving {len(server.catalog)} catalog tracks "
                f"({profile.value} search) at {server.base_url}\n"
                "Point syncer at it (any client id and secret are accepted):\n"
                f"  export SYNCER_API_URL={server.api_url}\n"
                f"  export SYNCER_ACCOUNTS_URL={server.base_url}\n"
                "  export SPOTIPY_CLIENT_ID=sandbox SPOTIPY_CLIENT_SECRET=sandbox\n"
                "  syncer login && syncer sync lists/tearjerkers.toml\n"
                f"Inspect: {server.base_url}/_sandbox/stats and {server.base_url}/_sandbox/playlists\n"
                "Stop with Ctrl-C."
            )
            threading.Event().wait()
        except KeyboardInterrupt:
            console.note("Stopping the sandbox.")
        finally:
            server.stop()


def _start(server: Sandbox, port: int) -> None:
    """Start listening; a port that cannot be used is the --port option's fault, not a file's."""
    try:
        server.start()
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        reason = error.strerror or str(error)
        in_use = error.errno == errno.EADDRINUSE
        raise Refused(Refusal.PORT_UNUSABLE, port=port, reason=reason, in_use=in_use) from None


def _fault_spec(faults: str | None, seed: int | None) -> FaultSpec | None:
    if faults is None and seed is None:
        return None
    text = ",".join(part for part in (faults, f"seed={seed}" if seed is not None else None) if part)
    try:
        return FaultSpec.parse(text)
    except FaultSpecError as exc:
        raise OptionInvalid("--faults", str(exc)) from None


def _is_loopback(url: str) -> bool:
    return (urlparse(url).hostname or "") in _LOOPBACK_HOSTS
