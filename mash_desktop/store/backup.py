"""Encrypted backups: a consistent copy through SQLite's online backup, same key."""

from __future__ import annotations

from pathlib import Path

from mash_desktop.store.engine import Store, _connect_raw
from mash_desktop.store.errors import StoreError, StoreLocation


def backup_store(store: Store, target: Path) -> Path:
    target = Path(target).expanduser().absolute()
    if target.exists():
        raise StoreLocation(f"{target} exists; choose a new file name for the backup.")
    if not target.parent.is_dir():
        raise StoreLocation(f"The folder {target.parent} does not exist.")
    target.touch(mode=0o600)
    dest = _connect_raw(target, store.key, read_only=False)
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert source is not None  # a pooled connection always has its DBAPI connection
        source.backup(dest)
    except Exception as exc:
        dest.close()
        target.unlink(missing_ok=True)
        raise StoreError(f"The backup failed ({exc}); no backup was written.") from exc
    finally:
        raw.close()
    dest.close()
    return target
