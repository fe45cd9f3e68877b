"""The store world of every test: a fresh encrypted store in a temp folder, an in-memory keyring
and a HOME of its own, so no test ever reaches the real keychain or the user's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from mash_desktop.domain.clock import FixedClock
from mash_desktop.services.context import AppContext


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-enough test backend: keeps secrets in memory for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    home = tmp_path / "home"
    home.mkdir()
    for var, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        target = home / sub if sub else home
        target.mkdir(exist_ok=True)
        monkeypatch.setenv(var, str(target))
    for var in (
        "MASH_PASSPHRASE",
        "MASH_DB",
        "MASH_ADMIN_PASSWORD",
        "MASH_USER",
        "MASH_PASSWORD",
        "MASH_HUB_CA",
        "MASH_HUB_OWNER_PASSWORD",
    ):
        monkeypatch.delenv(var, raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    return folder / "mash.db"


@pytest.fixture
def clock() -> FixedClock:
    # A Tuesday morning in term time, UK winter (GMT = UTC).
    return FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC))


@pytest.fixture
def ctx(
    request: pytest.FixtureRequest, store_engine: str, db_path: Path, clock: FixedClock
) -> AppContext:
    """A store on the engine ``store_engine`` names (tests/helpers/hub_fixtures.py): the
    service tests run on both, the test id says which."""
    from tests.helpers.hub_fixtures import open_engine_store

    store = open_engine_store(request, store_engine, db_path)
    return AppContext(store=store, clock=clock)  # type: ignore[arg-type]
