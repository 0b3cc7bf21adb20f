"""The words live in `syncer.cli`; the core only carries kinds and fields (#16.2).

"Core" is every module of `syncer` outside its two faces, `syncer/cli` and `syncer/web` (the
review page words errors with the same `describe`), `syncer/sandbox`, and the `__main__`
launcher, which starts the CLI.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from syncer.cli.messages import describe, worded
from syncer.errors import (
    AuthError,
    LockedError,
    LoginProblem,
    SpotifyUnavailable,
    StateError,
    StateProblem,
    Unavailable,
)
from syncer.model import PlaylistSpec, Resolution, SongList, Status
from syncer.outcome import ListOutcome, SyncProblem, SyncProblemKind

PACKAGE = Path(__file__).resolve().parents[2] / "syncer"
FACES_AND_SANDBOX = ("cli", "web", "sandbox", "__main__")


def core_module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[1] in FACES_AND_SANDBOX:
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_importing_every_core_module_never_imports_the_cli() -> None:
    names = core_module_names()
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('syncer.cli')))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert len(names) > 30
    assert "syncer.sync" in names
    assert "syncer.errors" in names
    assert done.stdout.strip() == "[]"


def cli_imports(path: Path) -> list[str]:
    """Every import of `syncer.cli` in a module, at any depth (a lazy one in a function too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("syncer.cli"):
            found.append(node.module or "")
        elif isinstance(node, ast.ImportFrom) and node.module == "syncer":
            found += [f"syncer.{a.name}" for a in node.names if a.name == "cli"]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("syncer.cli")]
    return found


def test_no_core_module_refers_to_the_cli_words() -> None:
    core = [
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).with_suffix("").parts[0] not in FACES_AND_SANDBOX
    ]
    assert len(core) > 30

    assert {p.relative_to(PACKAGE).as_posix(): cli_imports(p) for p in core if cli_imports(p)} == {}
    assert cli_imports(PACKAGE / "__main__.py") == ["syncer.cli"]  # the check sees imports


def test_str_of_an_error_is_neutral_and_the_cli_words_it() -> None:
    error = AuthError(LoginProblem.MISSING_SCOPES, scopes=("playlist-modify-private",))

    assert str(error) == (
        "AuthError(problem=<LoginProblem.MISSING_SCOPES: 'missing_scopes'>, "
        "details={'scopes': ('playlist-modify-private',)})"
    )
    assert describe(error) == (
        "The saved Spotify login lacks permissions syncer needs (playlist-modify-private). "
        "Run `syncer login` to sign in to Spotify again."
    )


def test_an_entry_spotify_failed_gets_its_reason_from_the_cli() -> None:
    failed = SpotifyUnavailable("GET /search", Unavailable.RETRIES_SPENT, "HTTP 502")
    outcome = ListOutcome(
        songlist=SongList(Path("l.toml"), PlaylistSpec(name="L"), ()),
        resolutions=(
            Resolution(Status.ERROR, error=failed),
            Resolution(Status.UNMATCHED, reason="no results"),
        ),
        changes=None,
        requests={},
        failure=SyncProblem(SyncProblemKind.SPOTIFY_FAILED, {"error": failed}),
    )

    words = worded(outcome)

    assert [r.reason for r in words.resolutions] == [
        "Spotify kept failing: GET /search: HTTP 502 after every allowed retry",
        "no results",
    ]
    assert words.problem == (
        "the playlist could not be synced: GET /search: HTTP 502 after every allowed retry"
    )
    assert outcome.resolutions[0].reason == ""  # the core's outcome holds no words


def test_a_logged_error_shows_the_cli_words_on_stderr() -> None:
    script = (
        "import logging\n"
        "from syncer.cli.app import _configure_logging\n"
        "from syncer.errors import WriteOutcomeUnknown\n"
        "_configure_logging()\n"
        "error = WriteOutcomeUnknown('POST /playlists/p1/items', 'HTTP 502')\n"
        "logging.getLogger('syncer.sync').warning('a write failed (%s); re-reading', error)\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert done.stderr == (
        "syncer: a write failed (POST /playlists/p1/items: outcome unknown (HTTP 502)); "
        "re-reading\n"
    )


def test_every_state_problem_is_worded_with_its_file_and_reason() -> None:
    for problem in StateProblem:
        words = describe(StateError(problem, Path("s/sorrow.state.json"), "Disk quota exceeded"))
        assert "s/sorrow.state.json" in words, problem
        if problem is not StateProblem.NOT_UTF8:  # its reason is the problem's own name
            assert "Disk quota exceeded" in words, problem
        assert "StateError(" not in str(words)


def test_a_held_lock_is_worded_with_its_list_and_holder_and_its_str_is_neutral() -> None:
    error = LockedError(Path("lists/sorrow.toml"), holder=4242)

    assert describe(error) == "lists/sorrow.toml is already being synced by another run (pid 4242)"
    assert describe(LockedError(Path("l.toml"))) == "l.toml is already being synced by another run"
    assert str(error).startswith("LockedError(")
