"""syncer as cron and a person run it: real processes, a bare environment, no terminal.

`SandboxProcess` is `syncer sandbox` in its own process (a context manager: stopped on exit);
`Cron` runs `syncer ...` as cron would (`env -i` plus PATH, HOME and the settings it needs;
stdin closed; output captured, so no terminal), pointed at that sandbox like at any
Spotify-compatible server. `Cron.home_with` sets up the usual test: a home holding copies of
the repository's lists, logged in to the sandbox.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syncer.exitcodes import ExitCode

SYNCER = [sys.executable, "-m", "syncer"]
REPO = Path(__file__).resolve().parents[2]


class SandboxProcess:
    """`syncer sandbox --port 0 [args]`, started and stopped by the test."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd)}
        self.process = subprocess.Popen(
            [*SYNCER, "sandbox", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
        )
        self.base_url = _announced_url(self.process, timeout=60)

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()


@dataclass
class Cron:
    """Runs syncer as cron does: `env -i` with PATH, HOME and the given settings."""

    home: Path
    settings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def against(cls, sandbox: SandboxProcess, home: Path) -> Cron:
        return cls(
            home,
            {
                "SYNCER_API_URL": f"{sandbox.base_url}/v1",
                "SYNCER_ACCOUNTS_URL": sandbox.base_url,
                "SPOTIPY_CLIENT_ID": "my-client-id",
                "SPOTIPY_CLIENT_SECRET": "my-client-secret",
                "SYNCER_LOGIN_DIR": str(home / "login"),
            },
        )

    @classmethod
    def home_with(
        cls,
        sandbox: SandboxProcess,
        home: Path,
        lists: Iterable[str],
        *,
        settings: dict[str, str] | None = None,
        login: bool = True,
    ) -> Cron:
        """`home` holding copies of the repository's `lists` (e.g. "lists/sorrow.toml", at the
        same place), cron's settings for `sandbox` plus `settings`, and unless `login` is
        False, signed in with `syncer login`."""
        for name in lists:
            (home / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / name, home / name)
        cron = cls.against(sandbox, home)
        cron.settings.update(settings or {})
        if login:
            signed_in = cron.run("login")
            assert signed_in.returncode == ExitCode.OK, signed_in.stderr
        return cron

    @property
    def env(self) -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", ""), "HOME": str(self.home), **self.settings}

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SYNCER, *map(str, args)],
            env=self.env,
            cwd=self.home,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args: str | Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*SYNCER, *map(str, args)],
            env=self.env,
            cwd=self.home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def _announced_url(process: subprocess.Popen[bytes], timeout: float) -> str:
    """Read the sandbox's stdout (with a deadline) until it prints its address."""
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
    process.kill()
    raise AssertionError(f"the sandbox did not announce its address; it printed:\n{seen!r}")
