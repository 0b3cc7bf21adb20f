"""The sandbox as a separate process, the way syncer meets Spotify: only over HTTP.

Public API: `RemoteSandbox`, `sandbox_process(latency_ms, catalog=None)`.

Running the server in the measured process would make its request handling compete with
syncer's own threads for the interpreter, a cost no real Spotify server puts on its clients.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests


@dataclass(frozen=True)
class RemoteSandbox:
    base_url: str

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/v1/"

    def stats(self) -> dict[str, int]:
        """Requests the server received per endpoint, e.g. {"GET /v1/search": 31}."""
        answer = requests.get(f"{self.base_url}/_sandbox/stats", timeout=10)
        answer.raise_for_status()
        counts: dict[str, int] = answer.json()
        return counts

    def reset_stats(self) -> None:
        requests.post(f"{self.base_url}/_sandbox/stats/reset", timeout=10).raise_for_status()


@contextmanager
def sandbox_process(
    latency_ms: float, catalog: Path | None = None, *, profile: str = "simple"
) -> Iterator[RemoteSandbox]:
    """`syncer sandbox` on a free 127.0.0.1 port with `latency_ms` added to every request,
    serving `catalog` (None: the default catalog) under that search profile."""
    command = [sys.executable, "-m", "syncer", "sandbox", "--port", "0", "--profile", profile]
    if catalog is not None:
        command += ["--catalog", str(catalog)]
    if latency_ms:
        command += ["--faults", f"latency={latency_ms:g}ms"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        first_line = server.stdout.readline() if server.stdout else ""
        if " at http://127.0.0.1:" not in first_line:
            raise RuntimeError(f"the sandbox did not start: {first_line!r}")
        yield RemoteSandbox(first_line.rsplit(" at ", 1)[1].strip())
    finally:
        server.terminate()
        server.wait(timeout=10)
