"""SEC-2: the store key kept in a real Secret Service (Debian's gnome-keyring on a private
D-Bus session started here), not only in an in-memory keyring."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KEYRING_SERVICE, keyring_account, load_keyring_key
from mash_desktop.store.models import Agency

pytestmark = pytest.mark.secret_service


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install Debian's dbus-daemon and gnome-keyring")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = bus.stdout.readline().strip()  # type: ignore[union-attr]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    env = dict(os.environ)
    daemon = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input="synthetic-keyring-password",
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert daemon.returncode == 0, daemon.stderr
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        for line in daemon.stdout.splitlines():
            if line.startswith("GNOME_KEYRING_PID="):
                subprocess.run(["kill", line.split("=", 1)[1]], check=False)
        bus.terminate()
        bus.wait(timeout=10)
        bus.stdout.close()  # type: ignore[union-attr]


def test_store_key_round_trips_through_gnome_keyring(secret_service, db_path: Path) -> None:
    # REQ: SEC-2
    key = load_keyring_key(db_path, create=True)
    assert keyring.get_password(KEYRING_SERVICE, keyring_account(db_path)) == key.secret
    store = open_store(db_path, key, create=True)
    with store.transaction() as s:
        s.add(Agency(code="SYN", name="Synthetic partner", kind="other", active=True))
    store.close()
    again = load_keyring_key(db_path, create=False)
    assert again.secret == key.secret
    store = open_store(db_path, again)
    with store.transaction() as s:
        assert s.query(Agency).filter_by(code="SYN").one().name == "Synthetic partner"
    store.close()
