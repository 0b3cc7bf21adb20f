"""Settings from the environment (and `.env`, loaded by the CLI only).

Public API: `Settings`, `load_settings(env)`, `login_path`, `default_login_dir`,
`DEFAULT_API_URL`, `DEFAULT_ACCOUNTS_URL`, `DEFAULT_CONCURRENCY`, `TOKEN_FILENAME`.

Every setting has one environment variable, documented in `.env.example` and the README. The
secret is redacted from `repr` so it can never leak into a traceback or a log line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import platformdirs

from syncer.errors import CredentialsMissing, SettingInvalid
from syncer.model import MARKET_RE

DEFAULT_API_URL = "https://api.spotify.com/v1/"
TOKEN_FILENAME = "token.json"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8888/callback"
# Searches in flight at once. Development Mode limits how many requests a 30-second window may
# hold, not how many connections: concurrency decides how fast a run spends that allowance, not
# how much it spends, and a 429 pauses every worker once through the shared rate-limit gate.
DEFAULT_CONCURRENCY = 6

_N = TypeVar("_N", int, float)


@dataclass(frozen=True)
class Settings:
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    redirect_uri: str = DEFAULT_REDIRECT_URI
    market: str | None = None
    state_dir: Path | None = None
    report_dir: Path | None = None
    login_dir: Path | None = None  # None: the per-user config directory (see `login_path`)
    api_url: str = DEFAULT_API_URL
    accounts_url: str = DEFAULT_ACCOUNTS_URL
    concurrency: int = DEFAULT_CONCURRENCY
    max_wait: float = 120.0
    read_timeout: float = 20.0
    connect_timeout: float = 5.0

    def require_credentials(self) -> tuple[str, str]:
        """The client id and secret, or a ConfigError saying where to set them."""
        missing = [
            name
            for name, value in (
                ("SPOTIPY_CLIENT_ID", self.client_id),
                ("SPOTIPY_CLIENT_SECRET", self.client_secret),
            )
            if not value
        ]
        if missing:
            raise CredentialsMissing(missing)
        return self.client_id or "", self.client_secret or ""

    def redacted(self) -> dict[str, str]:
        """Every setting for display, the secret reduced to its presence."""
        secret = (
            f"set ({len(self.client_secret)} characters, hidden)"
            if self.client_secret
            else "not set"
        )
        return {
            "SPOTIPY_CLIENT_ID": self.client_id or "not set",
            "SPOTIPY_CLIENT_SECRET": secret,
            "SPOTIPY_REDIRECT_URI": self.redirect_uri,
            "SYNCER_MARKET": self.market or "not set (lists may set one)",
            "SYNCER_STATE_DIR": str(self.state_dir)
            if self.state_dir
            else "default (.syncer beside each list)",
            "SYNCER_REPORT_DIR": str(self.report_dir)
            if self.report_dir
            else "default (<state dir>/reports)",
            "SYNCER_LOGIN_DIR": str(self.login_dir)
            if self.login_dir
            else f"default ({default_login_dir()})",
            "SYNCER_API_URL": self.api_url,
            "SYNCER_ACCOUNTS_URL": self.accounts_url,
            "SYNCER_CONCURRENCY": str(self.concurrency),
            "SYNCER_MAX_WAIT": f"{self.max_wait:g}",
            "SYNCER_TIMEOUT": f"{self.read_timeout:g}",
        }


def default_login_dir() -> Path:
    """The per-user directory for the login, whatever the working directory and the lists'
    folders (e.g. ~/.config/syncer on Linux, ~/Library/Application Support/syncer on macOS)."""
    return platformdirs.user_config_path("syncer")


def login_path(settings: Settings) -> Path:
    """The one token file every command reads and `syncer login` writes."""
    return (settings.login_dir or default_login_dir()) / TOKEN_FILENAME


def load_settings(env: Mapping[str, str]) -> Settings:
    """Settings from a mapping of environment variables; a bad value is a ConfigError naming it."""
    market = _clean(env.get("SYNCER_MARKET"))
    if market is not None and not MARKET_RE.match(market):
        raise SettingInvalid("SYNCER_MARKET", market, "market")
    api_url = _clean(env.get("SYNCER_API_URL")) or DEFAULT_API_URL
    return Settings(
        client_id=_clean(env.get("SPOTIPY_CLIENT_ID")),
        client_secret=_clean(env.get("SPOTIPY_CLIENT_SECRET")),
        redirect_uri=_clean(env.get("SPOTIPY_REDIRECT_URI")) or DEFAULT_REDIRECT_URI,
        market=market,
        state_dir=_path(env.get("SYNCER_STATE_DIR")),
        report_dir=_path(env.get("SYNCER_REPORT_DIR")),
        login_dir=_path(env.get("SYNCER_LOGIN_DIR")),
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        accounts_url=(_clean(env.get("SYNCER_ACCOUNTS_URL")) or DEFAULT_ACCOUNTS_URL).rstrip("/"),
        concurrency=_number(env, "SYNCER_CONCURRENCY", DEFAULT_CONCURRENCY, int, low=1, high=16),
        max_wait=_number(env, "SYNCER_MAX_WAIT", 120.0, float, low=0, high=3600),
        read_timeout=_number(env, "SYNCER_TIMEOUT", 20.0, float, low=1, high=300),
    )


def _clean(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip()


def _path(value: str | None) -> Path | None:
    cleaned = _clean(value)
    return Path(cleaned).expanduser() if cleaned else None


def _number(
    env: Mapping[str, str], name: str, default: _N, kind: type[_N], *, low: float, high: float
) -> _N:
    raw = _clean(env.get(name))
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingInvalid(name, raw, "number") from None
    if not low <= value <= high:
        raise SettingInvalid(name, raw, "out_of_range", (low, high))
    return value
