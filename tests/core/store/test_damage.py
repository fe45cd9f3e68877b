"""Damage is reported as damage (SEC-1, SEC-3): never read as data, never blamed on the key."""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.engine import FULL_CHECK_MAX_BYTES, PAGE_SIZE, open_store
from mash_desktop.store.errors import DatabaseDamaged, WrongKey
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.contacts import contact_input
from tests.helpers.crash_writer import large_concern

PASSWORD = "damage-test-pw-1"
FLIPS_ANYWHERE = 8
FLIPS_AMONG_SHORT_RECORDS = 10
KEY_OR_START = "the key is wrong, or the start of the file is damaged"


@dataclass(frozen=True)
class BigStore:
    folder: Path
    key: KeyMaterial
    desk: Actor
    expected: dict[int, ContactDetail]
    short_records_from: int  # file offset where the short (few-page) records begin


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> BigStore:
    """A store past the full-check threshold: a few long narratives, then 40 contacts whose
    narratives just overflow their page (2-3 overflow pages each: the shape that leaked)."""
    folder = tmp_path_factory.mktemp("big")
    key = KeyMaterial.raw(f"{random.Random(16).getrandbits(256):064x}")
    clock = FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
    store = open_store(folder / "mash.db", key, create=True)
    ctx = AppContext(store=store, clock=clock)
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Ada Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    accounts.create_user(admin, "desk.damage", "Dee Desk", PASSWORD, "LA-DORSET", Role.DESK_OFFICER)
    desk = accounts.login("desk.damage", PASSWORD)
    contacts = ContactService(ctx)
    rng = random.Random(32)
    while store.path.stat().st_size < FULL_CHECK_MAX_BYTES + 512 * 1024:
        contacts.intake(desk, contact_input(clock.now(), concern=large_concern(3_000_000, rng)))
        raw = store.engine.raw_connection()  # fold the WAL in, to see the file's own size
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    short_from = store.path.stat().st_size
    for _ in range(40):
        text = large_concern(rng.randint(5_000, 11_000), rng)
        contacts.intake(desk, contact_input(clock.now(), concern=text))
    expected = {}
    with store.engine.connect() as conn:
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM contacts ORDER BY id")]
    for contact_id in ids:
        expected[contact_id] = contacts.get(desk, contact_id)
    store.close()
    assert not Path(f"{store.path}-wal").exists()
    return BigStore(folder, key, desk, expected, short_from)


def flipped_copy(big: BigStore, target: Path, offset: int, bit: int) -> Path:
    target.mkdir()
    path = target / "mash.db"
    shutil.copyfile(big.folder / "mash.db", path)
    shutil.copyfile(big.folder / "mash.db.audit-head", target / "mash.db.audit-head")
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)[0]
        fh.seek(offset)
        fh.write(bytes([byte ^ (1 << bit)]))
    return path


def read_everything(path: Path, big: BigStore) -> Counter[str]:
    """Every contact through the service: each is exactly as written, or DatabaseDamaged."""
    outcome: Counter[str] = Counter()
    messages: set[str] = set()
    try:
        store = open_store(path, big.key)
    except DatabaseDamaged:
        outcome["refused at open"] += 1
        return outcome
    try:
        contacts = ContactService(AppContext(store=store))
        for contact_id, want in big.expected.items():
            try:
                got = contacts.get(big.desk, contact_id)
            except DatabaseDamaged as exc:
                outcome["damaged"] += 1
                messages.add(str(exc))
                continue
            assert got == want, f"contact {contact_id} came back different from what was written"
            outcome["exact"] += 1
    finally:
        store.close()
    assert all("damaged" in m and "restore the latest backup" in m for m in messages), messages
    return outcome


def test_flipped_bytes_past_the_threshold_are_damage_never_data(
    big_store: BigStore, tmp_path: Path
) -> None:
    # REQ: SEC-3 (no silent change), SEC-1 (the store's own checks, not the key, report it)
    size = (big_store.folder / "mash.db").stat().st_size
    assert size > FULL_CHECK_MAX_BYTES
    rng = random.Random(1616)
    offsets = [rng.randrange(PAGE_SIZE, size) for _ in range(FLIPS_ANYWHERE)]
    offsets += [
        rng.randrange(big_store.short_records_from, size) for _ in range(FLIPS_AMONG_SHORT_RECORDS)
    ]
    total: Counter[str] = Counter()
    for n, offset in enumerate(offsets):
        path = flipped_copy(big_store, tmp_path / f"flip{n}", offset, rng.randrange(8))
        total += read_everything(path, big_store)
        shutil.rmtree(path.parent)
    assert total["damaged"] + total["refused at open"] >= len(offsets) // 2, total


def test_damaged_first_page_does_not_blame_the_key_alone(db_path: Path, tmp_path: Path) -> None:
    # REQ: SEC-1
    key = KeyMaterial.raw("ab" * 32)
    open_store(db_path, key, create=True).close()
    pristine = db_path.read_bytes()
    rng = random.Random(5)
    for offset in [rng.randrange(0, PAGE_SIZE) for _ in range(8)]:
        data = bytearray(pristine)
        data[offset] ^= 0x10
        db_path.write_bytes(data)
        with pytest.raises(WrongKey, match=KEY_OR_START) as refused:
            open_store(db_path, key)
        assert "try the key again, then restore a backup" in str(refused.value)


def test_damage_past_the_first_page_is_not_called_a_wrong_key(db_path: Path) -> None:
    # REQ: SEC-1 (13 of 50 damaged files were blamed on the key)
    key = KeyMaterial.raw("ab" * 32)
    open_store(db_path, key, create=True).close()
    pristine = db_path.read_bytes()
    rng = random.Random(6)
    for page in range(1, len(pristine) // PAGE_SIZE):
        data = bytearray(pristine)
        data[page * PAGE_SIZE + rng.randrange(PAGE_SIZE)] ^= 0x01
        db_path.write_bytes(data)
        with pytest.raises(DatabaseDamaged):
            open_store(db_path, key)


def test_refused_open_leaves_the_folder_as_it_was(db_path: Path) -> None:
    # REQ: SEC-1 (no empty -wal/-shm beside a file that was refused)
    key = KeyMaterial.raw("ab" * 32)
    open_store(db_path, key, create=True).close()
    pristine = db_path.read_bytes()
    rng = random.Random(7)
    for offset in (100, PAGE_SIZE * 3 + 17, *(rng.randrange(len(pristine)) for _ in range(6))):
        data = bytearray(pristine)
        data[offset] ^= 0x04
        db_path.write_bytes(data)
        before = sorted(os.listdir(db_path.parent))
        stamp = db_path.stat().st_mtime_ns
        with pytest.raises((DatabaseDamaged, WrongKey)):
            open_store(db_path, key)
        assert sorted(os.listdir(db_path.parent)) == before
        assert db_path.read_bytes() == bytes(data) and db_path.stat().st_mtime_ns == stamp
    with pytest.raises(WrongKey, match=KEY_OR_START):
        open_store(db_path, KeyMaterial.raw("cd" * 32))
    assert sorted(os.listdir(db_path.parent)) == before
