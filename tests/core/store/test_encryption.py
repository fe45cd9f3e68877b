"""SEC-1: encrypted at rest; bad input gets a clear message and leaves the file unchanged."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text

from mash_desktop.store import engine as engine_module
from mash_desktop.store.engine import open_store
from mash_desktop.store.errors import (
    DatabaseDamaged,
    NoSecureKeyring,
    NotADatabase,
    StoreLocation,
    WrongKey,
)
from mash_desktop.store.keys import KEYRING_SERVICE, KeyMaterial, keyring_account, load_keyring_key
from mash_desktop.store.models import Agency


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_store(path: Path, key: KeyMaterial) -> None:
    store = open_store(path, key, create=True)
    with store.transaction() as s:
        s.add(Agency(code="X", name="Synthetic agency", kind="other", active=True))
    store.close()


PASS = KeyMaterial.passphrase("correct horse battery")


def test_wrong_key_is_refused_and_file_unchanged(db_path: Path) -> None:
    # REQ: SEC-1
    make_store(db_path, PASS)
    before = digest(db_path)
    with pytest.raises(WrongKey, match="the key is wrong, or the start of the file is damaged"):
        open_store(db_path, KeyMaterial.passphrase("wrong horse battery"))
    with pytest.raises(WrongKey):
        open_store(db_path, KeyMaterial.raw("ab" * 32))
    assert digest(db_path) == before


def test_plain_sqlite_cannot_read_the_file(db_path: Path) -> None:
    # REQ: SEC-1
    make_store(db_path, PASS)
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_no_marker_name_reaches_the_disk_in_plain_text(db_path: Path) -> None:
    # REQ: SEC-1
    store = open_store(db_path, PASS, create=True)
    markers = [f"Zqxmarker{n:04d}Synthetic" for n in range(1000)]
    with store.transaction() as s:
        for n, name in enumerate(markers):
            s.add(Agency(code=f"M{n}", name=name, kind="other", active=True))
    # Look while the store is open: WAL and shared-memory files exist now.
    wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
    assert wal.exists()
    files = [p for p in (db_path, wal, shm) if p.exists()]
    blobs = b"".join(p.read_bytes() for p in files)
    assert b"Zqxmarker" not in blobs
    assert "Zqxmarker".encode("utf-16-le") not in blobs
    with store.transaction() as s:
        assert (
            s.execute(text("SELECT count(*) FROM agencies WHERE name LIKE 'Zqxmarker%'")).scalar()
            == 1000
        )
    store.close()
    assert b"Zqxmarker" not in db_path.read_bytes()
    for p in db_path.parent.iterdir():
        assert b"Zqxmarker" not in p.read_bytes(), p


def test_pragmas_are_set(db_path: Path) -> None:
    # REQ: SEC-1
    store = open_store(db_path, PASS, create=True)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
    store.close()


def test_passphrase_store_opens_with_any_sqlcipher4_tool(db_path: Path) -> None:
    # REQ: SEC-1 (recovery with the passphrase alone)
    make_store(db_path, PASS)
    conn = sqlcipher.connect(str(db_path))
    conn.execute("PRAGMA key = 'correct horse battery'")
    assert conn.execute("SELECT name FROM agencies WHERE code = 'X'").fetchone() == (
        "Synthetic agency",
    )
    conn.close()


def test_not_a_database(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(8192))
    before = digest(db_path)
    with pytest.raises(WrongKey):
        open_store(db_path, PASS)
    assert digest(db_path) == before

    plain = db_path.with_name("plain.db")
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(plain)
    with pytest.raises(NotADatabase, match="unencrypted"):
        open_store(plain, PASS)
    assert digest(plain) == before


def test_truncated_file(db_path: Path) -> None:
    make_store(db_path, PASS)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) - 1000])
    before = digest(db_path)
    with pytest.raises(DatabaseDamaged, match="truncated"):
        open_store(db_path, PASS)
    assert digest(db_path) == before


def test_corrupted_page(db_path: Path) -> None:
    make_store(db_path, PASS)
    data = bytearray(db_path.read_bytes())
    offset = 4096 + 500  # inside page 2
    data[offset : offset + 16] = bytes(b ^ 0xFF for b in data[offset : offset + 16])
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_store(db_path, PASS)
    assert digest(db_path) == before


def test_missing_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreLocation, match="does not exist"):
        open_store(tmp_path / "nowhere" / "mash.db", PASS, create=True)
    with pytest.raises(StoreLocation, match="mash-desktop init"):
        open_store(tmp_path / "absent.db", PASS)


def test_read_only_folder(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_store(db_path, PASS)
    before = digest(db_path)
    # Tests run as root, which ignores permission bits; simulate the OS answer instead.
    monkeypatch.setattr(engine_module, "folder_writable", lambda folder: False)
    with pytest.raises(StoreLocation, match="read-only"):
        open_store(db_path, PASS)
    assert digest(db_path) == before


def test_keyring_key_is_random_256_bit_and_per_database(
    isolated_environment, db_path: Path
) -> None:
    # REQ: SEC-2 (key held in the OS keyring)
    key = load_keyring_key(db_path, create=True)
    stored = isolated_environment.secrets[(KEYRING_SERVICE, keyring_account(db_path))]
    assert key.kind == "raw" and stored == key.secret and len(bytes.fromhex(stored)) == 32
    other = load_keyring_key(db_path.with_name("other.db"), create=True)
    assert other.secret != key.secret
    assert load_keyring_key(db_path, create=False).secret == key.secret


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_insecure_keyring_backends_are_refused(backend, db_path: Path) -> None:
    # REQ: SEC-1 (never a plaintext fallback)
    keyring.set_keyring(backend())
    with pytest.raises(NoSecureKeyring, match="passphrase"):
        load_keyring_key(db_path, create=True)


def test_plaintext_file_backend_is_refused(db_path: Path) -> None:
    # REQ: SEC-1
    import keyring.backend

    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise AssertionError("must never be written")

        def delete_password(self, service, username):
            pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(NoSecureKeyring):
        load_keyring_key(db_path, create=True)


def test_files_are_readable_by_the_owner_only(db_path: Path) -> None:
    # REQ: SEC-1
    make_store(db_path, PASS)
    for path in db_path.parent.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
