"""A store past the 32 MiB full-check threshold, single flipped bits, and reading every
record back through the contact service (the damage test and benchmarks/damage_flips.py)."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.engine import FULL_CHECK_MAX_BYTES, open_store
from mash_desktop.store.errors import DatabaseDamaged
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.contacts import contact_input
from tests.helpers.crash_writer import large_concern

PASSWORD = "damage-test-pw-1"


@dataclass(frozen=True)
class BigStore:
    folder: Path
    key: KeyMaterial
    desk: Actor
    expected: dict[int, ContactDetail]
    short_records_from: int  # file offset where the short (few-page) records begin


def build_big_store(folder: Path, short_records: int = 40) -> BigStore:
    """A store past the full-check threshold: a few long narratives, then contacts whose
    narratives just overflow their page (2-3 overflow pages each: the shape that leaked)."""
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
    for _ in range(short_records):
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
