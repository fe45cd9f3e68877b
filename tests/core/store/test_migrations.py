"""Schema migrations: a newer database is refused untouched; an older one is copied aside
and upgraded (STYLE.md habit 5)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from alembic import command

from mash_desktop.store.engine import build_engine, open_store
from mash_desktop.store.errors import DatabaseTooNew
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.migrate import alembic_config, current_revisions, known_heads

KEY = KeyMaterial.passphrase("synthetic migration pass")


def test_new_store_is_at_every_head(db_path: Path) -> None:
    store = open_store(db_path, KEY, create=True)
    assert current_revisions(store) == known_heads()
    store.close()


def test_newer_database_is_refused_and_unchanged(db_path: Path) -> None:
    open_store(db_path, KEY, create=True).close()
    conn = sqlcipher.connect(str(db_path), isolation_level=None)
    conn.execute(KEY.pragma_key())
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future' WHERE rowid = 1")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_store(db_path, KEY)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_foundation_only_database_is_copied_aside_and_upgraded(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    engine = build_engine(db_path, KEY)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
    engine.dispose()
    store = open_store(db_path, KEY)
    assert current_revisions(store) == known_heads()
    store.close()
    copies = list(db_path.parent.glob("mash.db.before-0001_foundation.*.bak"))
    if known_heads() == {"0001_foundation"}:
        assert copies == []  # nothing to upgrade, nothing copied
    else:
        assert len(copies) == 1
        assert not copies[0].read_bytes().startswith(b"SQLite format 3")
