"""Every command is documented (help text, README), and crashes never show local variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.models import CommandInfo
from typer.testing import CliRunner

from syncer.cli import app
from syncer.exitcodes import ExitCode

from .cli_helpers import REPO, expect, invoke

README = REPO / "README.md"


def _name(command: CommandInfo) -> str:
    assert command.callback is not None
    return command.name or command.callback.__name__.replace("_", "-")


COMMANDS = {_name(c): c for c in app.registered_commands}


def test_the_app_has_the_commands_the_issues_ask_for() -> None:
    assert set(COMMANDS) >= {
        "sync",
        "check",
        "report",
        "login",
        "doctor",
        "review",
        "pin",
        "reject",
        "skip",
        "alias",
        "accept",
    }


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_text(runner: CliRunner, name: str) -> None:
    command = COMMANDS[name]
    assert command.callback is not None
    written = command.help or command.callback.__doc__ or ""
    assert written.strip(), f"`syncer {name}` has no help text (give it a docstring)"

    result = expect(invoke(runner, name, "--help"), ExitCode.OK)

    assert written.strip().splitlines()[0] in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_mentioned_in_the_readme(name: str) -> None:
    readme = README.read_text(encoding="utf-8")

    assert f"syncer {name}" in readme, f"README.md never mentions `syncer {name}`"


def test_top_level_help_lists_every_command(runner: CliRunner) -> None:
    result = expect(invoke(runner, "--help"), ExitCode.OK)

    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert set(COMMANDS) <= listed


def test_pretty_exceptions_never_show_local_variables() -> None:
    assert app.pretty_exceptions_show_locals is False


# Crash `syncer doctor` in a frame that holds the client secret in a local variable, as
# any frame handling credentials does.
_CRASH = """
import os
import sys
import syncer.cli.account as account
from syncer.cli import app

def crash(**options):
    client_secret = os.environ["SPOTIPY_CLIENT_SECRET"]
    raise RuntimeError("unexpected failure")

account.load_cli_settings = crash
app.pretty_exceptions_show_locals = sys.argv[1] == "show-locals"
# --debug lets the traceback through (without it, the crash is one line and exit 7).
sys.argv = ["syncer", "--debug", "doctor"] if sys.argv[1] == "show-locals" else ["syncer", "doctor"]
app()
"""


def _crash_output(
    tmp_path: Path, secret: str, locals_mode: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIPY_", "SYNCER_"))}
    env.update(SPOTIPY_CLIENT_ID="my-client-id", SPOTIPY_CLIENT_SECRET=secret, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-c", _CRASH, locals_mode],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )


def test_an_unexpected_exception_does_not_print_the_client_secret(tmp_path: Path) -> None:
    secret = "do-not-print-this-secret-42"

    crashed = _crash_output(tmp_path, secret, "as-configured")

    assert crashed.returncode == ExitCode.UNEXPECTED
    assert "RuntimeError" in crashed.stderr
    assert "unexpected failure" in crashed.stderr
    assert secret not in crashed.stdout + crashed.stderr


def test_the_secret_check_would_notice_locals_being_shown(tmp_path: Path) -> None:
    """Control for the test above: with locals shown, the same crash does print the secret."""
    secret = "do-not-print-this-secret-42"

    crashed = _crash_output(tmp_path, secret, "show-locals")

    assert secret in crashed.stderr
