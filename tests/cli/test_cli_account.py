"""`syncer login`, `syncer doctor`, `syncer sandbox` and `--version`.

Login and doctor run against a sandbox the test starts, reached through SYNCER_API_URL and
SYNCER_ACCOUNTS_URL exactly as a user would point syncer at a Spotify-compatible server.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from syncer import __version__
from syncer.exitcodes import ExitCode
from syncer.sandbox import Sandbox, default_catalog_path, load_catalog

from .cli_helpers import expect, invoke, login_file

CLIENT_SECRET = "s3cret-client-secret-value"


@pytest.fixture
def spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A sandbox on 127.0.0.1 and the settings pointing syncer at it."""
    with Sandbox(catalog=load_catalog(default_catalog_path())) as server:
        monkeypatch.setenv("SYNCER_API_URL", server.api_url)
        monkeypatch.setenv("SYNCER_ACCOUNTS_URL", server.base_url)
        monkeypatch.setenv("SPOTIPY_CLIENT_ID", "my-client-id")
        monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", CLIENT_SECRET)
        yield server


@pytest.mark.parametrize("command", ["login", "doctor"])
def test_without_credentials_exits_2_saying_where_to_set_them(
    runner: CliRunner, command: str
) -> None:
    result = expect(invoke(runner, command), ExitCode.BAD_INPUT)

    assert "SPOTIPY_CLIENT_ID" in result.stderr
    assert ".env" in result.stderr


def test_login_against_a_loopback_server_saves_a_private_token_and_doctor_says_it_works(
    runner: CliRunner, spotify: Sandbox, tmp_path: Path
) -> None:
    state = tmp_path / "state"

    login = expect(invoke(runner, "login", "--state-dir", state), ExitCode.OK)
    doctor = expect(invoke(runner, "doctor", "--state-dir", state), ExitCode.OK)

    token_file = login_file()
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert "Logged in to Spotify as sandbox-user" in login.stdout
    assert "Spotify login works: signed in as sandbox-user" in doctor.stdout
    assert "mode 600, private" in doctor.stdout
    _assert_no_secret_in(token_file, CLIENT_SECRET, login, doctor)


def test_doctor_shows_settings_with_the_secret_hidden(
    runner: CliRunner, spotify: Sandbox, tmp_path: Path
) -> None:
    result = invoke(runner, "doctor", "--state-dir", tmp_path / "state")

    assert "my-client-id" in result.stdout
    assert f"set ({len(CLIENT_SECRET)} characters, hidden)" in result.stdout
    assert spotify.api_url in result.stdout
    assert CLIENT_SECRET not in result.output


def test_doctor_before_login_exits_4_and_says_to_log_in(
    runner: CliRunner, spotify: Sandbox, tmp_path: Path
) -> None:
    result = expect(
        invoke(runner, "doctor", "--state-dir", tmp_path / "state"), ExitCode.SPOTIFY_FAILURE
    )

    assert "missing: run `syncer login`" in result.stdout
    assert "Not ready" in result.stderr
    assert "syncer login" in result.stderr


def test_doctor_with_a_revoked_login_exits_4_and_discards_the_token(
    runner: CliRunner, spotify: Sandbox, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    expect(invoke(runner, "login", "--state-dir", state), ExitCode.OK)
    token = json.loads(login_file().read_text(encoding="utf-8"))
    spotify.expire_access_tokens()
    spotify.revoke_refresh_tokens()

    result = expect(invoke(runner, "doctor", "--state-dir", state), ExitCode.SPOTIFY_FAILURE)

    assert "Not ready" in result.stderr
    assert "invalid_grant" in result.stderr
    assert "Run `syncer login` to sign in to Spotify again." in result.stderr
    assert not login_file().exists()  # Spotify will never take it again
    for secret in (CLIENT_SECRET, token["access_token"], token["refresh_token"]):
        assert secret not in result.output


def test_sync_with_a_real_login_uses_the_saved_token(
    runner: CliRunner, spotify: Sandbox, seed_lists: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    expect(invoke(runner, "login", "--state-dir", state), ExitCode.OK)

    result = invoke(runner, "sync", seed_lists / "sorrow.toml", "--state-dir", state)

    expect(result, ExitCode.OK)
    assert [p["name"] for p in spotify.playlists()] == ["Japanese songs of sorrow"]
    _assert_no_secret_in(login_file(), CLIENT_SECRET, result)


def _assert_no_secret_in(token_file: Path, client_secret: str, *results: Result) -> None:
    token = json.loads(token_file.read_text(encoding="utf-8"))
    secrets = [client_secret, token["access_token"], token.get("refresh_token") or client_secret]
    for result in results:
        for secret in secrets:
            assert secret not in result.output


def test_version_prints_the_version(runner: CliRunner) -> None:
    result = expect(invoke(runner, "--version"), ExitCode.OK)

    assert result.stdout == f"syncer {__version__}\n"


def test_sandbox_bad_fault_spec_exits_2(runner: CliRunner) -> None:
    result = expect(invoke(runner, "sandbox", "--faults", "teapot=1"), ExitCode.BAD_INPUT)

    assert "--faults" in result.stderr


def test_sandbox_serves_until_interrupted_then_exits_0(tmp_path: Path) -> None:
    """The long-running server, as a user runs it: a real process, stopped with Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIPY_", "SYNCER_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "syncer", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    try:
        base_url = _wait_for_url(process, timeout=60)  # generous: a loaded CI machine
        with urllib.request.urlopen(f"{base_url}/_sandbox/stats", timeout=5) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == ExitCode.OK
    assert b"Stopping the sandbox." in rest
    assert base_url.startswith("http://127.0.0.1:")


def _wait_for_url(process: subprocess.Popen[bytes], timeout: float) -> str:
    """Read the process's stdout (unbuffered, with a deadline) until it prints its address."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 4096) if ready else b""
        if not chunk:
            break
        seen += chunk
        found = re.search(rb"SYNCER_ACCOUNTS_URL=(http://127\.0\.0\.1:\d+)\n", seen)
        if found:
            return found.group(1).decode()
    raise AssertionError(f"the sandbox did not announce its address; it printed:\n{seen!r}")


def test_cron_sync_with_a_revoked_login_exits_4_naming_login_without_prompting(
    runner: CliRunner, spotify: Sandbox, seed_lists: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    expect(invoke(runner, "login", "--state-dir", state), ExitCode.OK)
    spotify.expire_access_tokens()
    spotify.revoke_refresh_tokens()
    spotify.reset_stats()

    # As cron runs it: no terminal, stdin closed; a prompt would hang or crash with EOFError.
    ran = subprocess.run(
        [sys.executable, "-m", "syncer", "sync", str(seed_lists / "sorrow.toml")],
        env={**os.environ, "SYNCER_STATE_DIR": str(state)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert ran.returncode == ExitCode.SPOTIFY_FAILURE
    assert "syncer login" in ran.stderr
    assert "EOFError" not in ran.stderr
    assert spotify.playlists() == []
    writes = [k for k in spotify.stats() if " /v1/" in k and not k.startswith("GET ")]
    assert writes == []
