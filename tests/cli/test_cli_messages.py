"""Messages blame what the person did and name what exists (issue 22, "Messages that mislead").

Each test does what a person did and reads the words they got: a taken `--port`, a wrong
`--market`, `report`/`review`/`accept` right after the README's main job (a sandbox run),
`doctor` and `login` without an app, `accept` of an entry not in review, `pin` of a track that
another entry has or that is plainly another song, a pin that undoes a `reject`, and the first
run without a login.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syncer.exitcodes import ExitCode
from syncer.sandbox import Sandbox, default_catalog_path, load_catalog

from .cli_helpers import ATTENTION_LIST, expect, invoke, report_entry, sandbox_state
from .test_cli_review_terminal import Terminal

KAEDE = "spotify:track:16zYvWYxcHfj4NVBZuRCwv"  # スピッツ「楓」 in the default catalog
WAKAREUTA = "spotify:track:168waWDKxHxei8dYL3nfAe"  # 中島みゆき「わかれうた」, the studio take


@pytest.fixture
def attention_list(tmp_path: Path) -> Path:
    path = tmp_path / "lists" / "attention.toml"
    path.parent.mkdir()
    path.write_text(ATTENTION_LIST, encoding="utf-8")
    return path


def write_list(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "lists" / "songs.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f'[playlist]\nname = "Songs"\n\n{entries}', encoding="utf-8")
    return path


# -- options ---------------------------------------------------------------------------------


def test_sandbox_on_a_taken_port_blames_the_port_not_a_file(tmp_path: Path) -> None:
    """As a person runs it: the real process, on a port another program listens on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIPY_", "SYNCER_"))}
        ran = subprocess.run(
            [sys.executable, "-m", "syncer", "sandbox", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,  # generous: loading the catalog on a loaded machine
        )

    assert ran.returncode == ExitCode.BAD_INPUT
    assert ran.stderr == (
        f"error: --port {port}: 127.0.0.1:{port} is already in use (another sandbox or program "
        "listens there); give another port, or --port 0 to let syncer pick a free one\n"
    )


@pytest.mark.parametrize("command", ["sync", "import"])
def test_a_wrong_market_option_blames_the_option_not_the_variable(
    runner: CliRunner, attention_list: Path, command: str
) -> None:
    args = [attention_list] if command == "sync" else [attention_list, "-o", "out.toml"]

    result = expect(
        invoke(runner, command, *args, "--sandbox", "--market", "JPN"), ExitCode.BAD_INPUT
    )

    assert result.stderr == "error: --market JPN: not a two-letter country code such as JP\n"


def test_a_wrong_market_variable_is_still_blamed_on_the_variable(
    runner: CliRunner, attention_list: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNCER_MARKET", "JPN")

    result = expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.BAD_INPUT)

    assert "SYNCER_MARKET='JPN' is not a two-letter country code such as JP" in result.stderr


# -- after the README's main job (a sandbox run) -----------------------------------------------


@pytest.fixture
def after_the_main_job(runner: CliRunner, attention_list: Path) -> Path:
    expect(invoke(runner, "sync", attention_list, "--sandbox"), ExitCode.NEEDS_ATTENTION)
    return attention_list


@pytest.mark.parametrize("command", ["report", "accept"])
def test_after_a_sandbox_run_reading_spotifys_report_names_the_sandbox_one_and_its_flag(
    runner: CliRunner, after_the_main_job: Path, command: str
) -> None:
    extra = ["--all-review"] if command == "accept" else []
    before = after_the_main_job.read_bytes()

    result = expect(invoke(runner, command, after_the_main_job, *extra), ExitCode.BAD_INPUT)

    sandbox_report = sandbox_state(after_the_main_job) / "reports" / "attention.json"
    if command == "report":  # `report` shows the Markdown one
        sandbox_report = sandbox_report.with_suffix(".md")
    reach = shlex.join(["syncer", command, str(after_the_main_job), "--sandbox"])
    assert (
        f"; the last sandbox run wrote one ({sandbox_report}): `{reach}` reads it; "
        f"or run `syncer sync {after_the_main_job}` first"
    ) in result.stderr
    assert after_the_main_job.read_bytes() == before
    # ...and the command it names reads it
    if command == "report":
        shown = expect(invoke(runner, "report", after_the_main_job, "--sandbox"), ExitCode.OK)
        assert shown.stdout == sandbox_report.read_text(encoding="utf-8")


def test_review_in_a_terminal_after_a_sandbox_run_names_the_sandbox_report_and_its_flag(
    after_the_main_job: Path, tmp_path: Path
) -> None:
    listed = after_the_main_job.relative_to(tmp_path)
    with Terminal([sys.executable, "-m", "syncer", "review", str(listed)], cwd=tmp_path) as term:
        term.wait_for(f"`syncer review {listed} --sandbox` reads it")
        assert term.exit_code() == ExitCode.BAD_INPUT
    assert "the last sandbox run wrote one (lists/.syncer/sandbox/reports/attention.json)" in (
        term.screen
    )


def test_a_sandbox_report_of_the_realistic_profile_is_named_with_both_flags(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = write_list(tmp_path, '[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\n')
    synced = invoke(runner, "sync", songs, "--sandbox", "--sandbox-profile", "realistic")
    assert synced.exit_code in (ExitCode.OK, ExitCode.NEEDS_ATTENTION), synced.output

    result = expect(invoke(runner, "report", songs, "--sandbox"), ExitCode.BAD_INPUT)

    reach = f"syncer report {songs} --sandbox --sandbox-profile realistic"
    assert "the last sandbox run with the realistic profile wrote one (" in result.stderr
    assert f"`{reach}` reads it; or run `syncer sync {songs} --sandbox` first" in result.stderr
    expect(invoke(runner, *shlex.split(reach)[1:]), ExitCode.OK)


def test_no_report_anywhere_says_only_to_sync_first(
    runner: CliRunner, attention_list: Path
) -> None:
    result = expect(invoke(runner, "report", attention_list, "--sandbox"), ExitCode.BAD_INPUT)

    assert result.stderr.endswith(f"; run `syncer sync {attention_list} --sandbox` first\n")
    assert "wrote one" not in result.stderr


# -- commands without --sandbox do not suggest it -------------------------------------------


@pytest.mark.parametrize("command", ["doctor", "login"])
def test_doctor_and_login_without_an_app_name_a_command_that_takes_sandbox(
    runner: CliRunner, command: str
) -> None:
    result = expect(invoke(runner, command), ExitCode.BAD_INPUT)

    assert "add --sandbox" not in result.output
    assert (
        "Without an app, try the built-in sandbox: `syncer sync lists/tearjerkers.toml "
        "--sandbox` needs no app and no login."
    ) in result.stderr
    assert f"{command} --sandbox" not in result.output


def test_sync_without_an_app_still_says_add_sandbox(
    runner: CliRunner, attention_list: Path
) -> None:
    result = expect(invoke(runner, "sync", attention_list), ExitCode.BAD_INPUT)

    assert "Without an app, try the built-in sandbox: add --sandbox." in result.stderr


# -- accept and pin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("0", "entry 0 (WHY — 加藤ミリヤ) is matched in the last report, not in review"),
        ("3", "entry 3 (Maple — Spitz) is unmatched in the last report, not in review"),
    ],
    ids=["matched", "unmatched"],
)
def test_accept_of_an_entry_not_in_review_says_so_and_exits_2(
    runner: CliRunner, after_the_main_job: Path, entry: str, words: str
) -> None:
    before = after_the_main_job.read_bytes()

    result = expect(
        invoke(runner, "accept", after_the_main_job, entry, "--sandbox"), ExitCode.BAD_INPUT
    )

    assert result.stderr == (
        f"error: {words}: `syncer accept` takes only a review entry's best candidate. To choose "
        f"its track yourself, run `syncer pin {after_the_main_job} {entry} <track link>`\n"
    )
    assert "accepted" not in result.output
    assert after_the_main_job.read_bytes() == before


def test_pin_says_it_removed_the_entrys_reject_of_that_track(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = write_list(
        tmp_path,
        f'[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\nreject = ["{WAKAREUTA}"]\n',
    )

    result = expect(invoke(runner, "pin", songs, "0", WAKAREUTA, "--sandbox"), ExitCode.OK)

    assert f"Removed {WAKAREUTA} from the entry's reject: a pinned track is accepted." in (
        result.stdout
    )
    text = songs.read_text(encoding="utf-8")
    assert "reject" not in text
    assert f'uri = "{WAKAREUTA}"' in text


def test_pin_says_it_unskipped_a_skipped_entry(runner: CliRunner, tmp_path: Path) -> None:
    songs = write_list(
        tmp_path,
        '[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\nskip = "not on Spotify"\n\n'
        '[[tracks]]\ntitle = "楓"\nartist = "スピッツ"\n',
    )

    result = expect(invoke(runner, "pin", songs, "0", WAKAREUTA, "--sandbox"), ExitCode.OK)

    assert "The entry was skipped (not on Spotify); pinned, it is placed again." in result.stdout


def test_pin_of_a_plainly_different_song_asks_for_force(runner: CliRunner, tmp_path: Path) -> None:
    songs = write_list(tmp_path, '[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\n')
    before = songs.read_bytes()

    result = expect(invoke(runner, "pin", songs, "0", KAEDE, "--sandbox"), ExitCode.BAD_INPUT)

    assert result.stderr.startswith(
        f"error: not pinned: 楓 — スピッツ ({KAEDE}) may not be entry 0 (わかれうた — 中島みゆき): "
        "its title scores "
    )
    assert "against 'わかれうた', below the 0.6 a search result needs even to be shown" in (
        result.stderr
    )
    assert "its artist scores " in result.stderr
    assert result.stderr.endswith(". If it is, pin it with --force\n")
    assert songs.read_bytes() == before

    expect(invoke(runner, "pin", songs, "0", KAEDE, "--sandbox", "--force"), ExitCode.OK)
    assert f'uri = "{KAEDE}"' in songs.read_text(encoding="utf-8")


def test_pin_of_the_entrys_own_song_needs_no_force(runner: CliRunner, tmp_path: Path) -> None:
    songs = write_list(tmp_path, '[[tracks]]\ntitle = "Wakareuta"\nartist = "Miyuki Nakajima"\n')

    result = expect(invoke(runner, "pin", songs, "0", WAKAREUTA, "--sandbox"), ExitCode.OK)

    assert result.stdout.endswith(
        f"Pinned entry 0 (Wakareuta) to わかれうた — 中島みゆき ({WAKAREUTA}).\n"
    )


def test_pin_of_a_track_another_entry_pins_is_refused_even_with_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = write_list(
        tmp_path,
        f'[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\nuri = "{WAKAREUTA}"\n\n'
        '[[tracks]]\ntitle = "別れうた"\nartist = "中島みゆき"\n',
    )
    before = songs.read_bytes()

    for force in ([], ["--force"]):
        result = expect(
            invoke(runner, "pin", songs, "1", WAKAREUTA, "--sandbox", *force), ExitCode.BAD_INPUT
        )
        assert result.stderr == (
            f"error: cannot pin entry 1 (別れうた) to わかれうた — 中島みゆき ({WAKAREUTA}): "
            "entry 0 (わかれうた — 中島みゆき, line 4) already pins it, and a list pins a track "
            "once. If this entry is that song, remove the other entry's uri first\n"
        )
    assert songs.read_bytes() == before


def test_pin_of_the_track_the_last_sync_placed_for_another_entry_asks_for_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = write_list(
        tmp_path,
        '[[tracks]]\ntitle = "わかれうた"\nartist = "中島みゆき"\n\n'
        '[[tracks]]\ntitle = "わかれうた (ライブ)"\nartist = "中島みゆき"\n',
    )
    invoke(runner, "sync", songs, "--sandbox")
    assert report_entry(songs, 0)["uri"] == WAKAREUTA

    result = expect(invoke(runner, "pin", songs, "1", WAKAREUTA, "--sandbox"), ExitCode.BAD_INPUT)

    assert (
        "the last sync placed it for entry 0 (わかれうた — 中島みゆき), so it would be in the "
        "playlist once for two entries"
    ) in result.stderr
    assert result.stderr.endswith(". If it is, pin it with --force\n")
    expect(invoke(runner, "pin", songs, "1", WAKAREUTA, "--sandbox", "--force"), ExitCode.OK)


# -- logins --------------------------------------------------------------------------------------


@pytest.fixture
def spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A sandbox reached as a Spotify-compatible server, with an app but no login yet."""
    with Sandbox(catalog=load_catalog(default_catalog_path())) as server:
        monkeypatch.setenv("SYNCER_API_URL", server.api_url)
        monkeypatch.setenv("SYNCER_ACCOUNTS_URL", server.base_url)
        monkeypatch.setenv("SPOTIPY_CLIENT_ID", "my-client-id")
        monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "my-client-secret")
        yield server


def test_a_first_run_without_a_login_says_sign_in_not_sign_in_again(
    runner: CliRunner, spotify: Sandbox, attention_list: Path
) -> None:
    result = expect(invoke(runner, "sync", attention_list), ExitCode.SPOTIFY_FAILURE)

    assert (
        "No saved Spotify login was found. Run `syncer login` to sign in to Spotify (once; "
        "later runs reuse it)."
    ) in result.stderr
    assert "again" not in result.stderr


def test_a_revoked_login_says_sign_in_again(
    runner: CliRunner, spotify: Sandbox, attention_list: Path
) -> None:
    expect(invoke(runner, "login"), ExitCode.OK)
    spotify.expire_access_tokens()
    spotify.revoke_refresh_tokens()

    result = expect(invoke(runner, "sync", attention_list), ExitCode.SPOTIFY_FAILURE)

    assert "Run `syncer login` to sign in to Spotify again." in result.stderr


def test_review_of_a_realistic_sandbox_run_says_to_sync_with_both_flags(
    runner: CliRunner, tmp_path: Path
) -> None:
    songs = write_list(tmp_path, '[[tracks]]\ntitle = "Wakareuta songs"\nartist = "中島みゆき"\n')
    realistic = ("--sandbox", "--sandbox-profile", "realistic")
    invoke(runner, "sync", songs, *realistic)
    listed = songs.relative_to(tmp_path)
    review = [sys.executable, "-m", "syncer", "review", str(listed), *realistic]

    with Terminal(review, cwd=tmp_path, timeout=60) as term:
        term.wait_for("Choice")
        term.type("q")
        done = term.wait_for("to apply.")

    assert f"Run `syncer sync {listed} --sandbox --sandbox-profile realistic` to apply." in done
