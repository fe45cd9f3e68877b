"""Damage is reported as damage (SEC-1, SEC-3): never read as data, never blamed on the key."""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from mash_desktop.store.engine import FULL_CHECK_MAX_BYTES, PAGE_SIZE, open_store
from mash_desktop.store.errors import DatabaseDamaged, WrongKey
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.damage import BigStore, build_big_store, flipped_copy, read_everything

FLIPS_ANYWHERE = 8
FLIPS_AMONG_SHORT_RECORDS = 10
KEY_OR_START = "the key is wrong, or the start of the file is damaged"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> BigStore:
    return build_big_store(tmp_path_factory.mktemp("big"))


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
