from __future__ import annotations

from pathlib import Path

import pytest

from openbanana.config import Settings


def test_env_then_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBANANA_API_KEYS", " a, b ,,c ")
    monkeypatch.setenv("OPENBANANA_WORKERS", "3")
    settings = Settings.from_env(port=9000, workers=None, data_dir=Path("/tmp/x"))
    assert settings.api_keys == ("a", "b", "c")
    assert settings.workers == 3 and settings.port == 9000 and settings.data_dir == Path("/tmp/x")
    assert Settings.from_env(api_keys=("z",)).api_keys == ("z",)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "localhost", "::1"])
def test_loopback_without_keys_is_allowed(host: str) -> None:
    Settings(host=host).check_bind()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_non_loopback_without_keys_refuses(host: str) -> None:
    with pytest.raises(SystemExit, match="refusing"):
        Settings(host=host).check_bind()
    Settings(host=host, api_keys=("k",)).check_bind()
