"""Settings from the environment: defaults, validation naming the variable, secrets kept out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from syncer.cli.messages import describe
from syncer.config import DEFAULT_API_URL, DEFAULT_CONCURRENCY, Settings, load_settings
from syncer.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_an_empty_environment_gives_the_documented_defaults() -> None:
    settings = load_settings({})

    assert settings.api_url == DEFAULT_API_URL
    assert settings.concurrency == DEFAULT_CONCURRENCY
    assert settings.max_wait == 120.0
    assert settings.market is None
    assert settings.state_dir is None


def test_urls_and_values_are_normalised() -> None:
    settings = load_settings(
        {
            "SYNCER_API_URL": "http://127.0.0.1:8099/v1",
            "SYNCER_ACCOUNTS_URL": "http://127.0.0.1:8099/",
            "SYNCER_MARKET": " JP ",
            "SYNCER_CONCURRENCY": "2",
            "SYNCER_STATE_DIR": "~/syncer-state",
        }
    )

    assert settings.api_url == "http://127.0.0.1:8099/v1/"  # spotipy concatenates onto it
    assert settings.accounts_url == "http://127.0.0.1:8099"
    assert settings.market == "JP"
    assert settings.concurrency == 2
    assert settings.state_dir == Path("~/syncer-state").expanduser()


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        pytest.param("SYNCER_MARKET", "Japan", "two-letter", id="market-not-a-code"),
        pytest.param("SYNCER_CONCURRENCY", "four", "not a number", id="concurrency-not-a-number"),
        pytest.param("SYNCER_CONCURRENCY", "0", "out of range", id="concurrency-zero"),
        pytest.param("SYNCER_MAX_WAIT", "86400", "out of range", id="max-wait-a-day"),
        pytest.param("SYNCER_TIMEOUT", "0.1", "out of range", id="timeout-too-short"),
    ],
)
def test_a_bad_value_is_an_error_naming_the_variable(variable: str, value: str, said: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({variable: value})

    assert variable in describe(raised.value)
    assert said in describe(raised.value)


def test_missing_credentials_say_which_and_where_to_set_them() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"SPOTIPY_CLIENT_ID": "abc"}).require_credentials()

    message = describe(raised.value)
    assert message.startswith("SPOTIPY_CLIENT_SECRET not set.")  # only what is missing
    assert ".env" in message


def test_the_secret_never_shows_in_repr_or_in_what_doctor_prints() -> None:
    settings = load_settings({"SPOTIPY_CLIENT_ID": "abc", "SPOTIPY_CLIENT_SECRET": "s3cr3t-value"})

    assert "s3cr3t-value" not in repr(settings)
    assert "s3cr3t-value" not in str(settings.redacted())
    assert settings.require_credentials() == ("abc", "s3cr3t-value")


@pytest.mark.parametrize("document", [".env.example", "README.md"])
def test_every_setting_is_documented(document: str) -> None:
    text = (REPO / document).read_text(encoding="utf-8")
    documented = set(re.findall(r"\b(?:SPOTIPY|SYNCER)_[A-Z_]+\b", text))

    assert set(Settings().redacted()) <= documented
