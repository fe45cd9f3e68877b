"""Encrypted backups: a consistent copy through SQLite's online backup, same key."""

from __future__ import annotations

from pathlib import Path

from mash_desktop.store.checkpoint import read_checkpoint, write_checkpoint
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
    try:
        head = dest.execute(
            "SELECT seq, mac FROM audit_entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    finally:
        dest.close()
    if head is not None:
        _checkpoint_backup(store, target, int(head[0]), str(head[1]))
    return target


def _checkpoint_backup(store: Store, target: Path, seq: int, mac: str) -> None:
    """Give the backup its own audit checkpoint, so 'audit verify' works on it alone.

    Only when the backup's newest entry is one the live chain's checkpoint already covers:
    the backup then vouches for nothing the live store does not."""
    live = read_checkpoint(store.path, store.audit_key)
    with store.engine.connect() as conn:
        live_mac = conn.exec_driver_sql(
            "SELECT mac FROM audit_entries WHERE seq = ?", (seq,)
        ).scalar()
    if live is None or live[0] < seq or live_mac != mac:
        raise StoreError("The audit trail changed during the backup; run the backup again.")
    write_checkpoint(target, store.audit_key, seq, mac)
