"""The audit chain head, kept outside the database (beside it, signed with the audit key)."""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from mash_desktop.domain.audit_chain import GENESIS_MAC, checkpoint_mac
from mash_desktop.store.damage import DAMAGED_IN_USE
from mash_desktop.store.errors import DatabaseDamaged, StoreError


def checkpoint_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".audit-head")


def read_checkpoint(db_path: Path, key: bytes) -> tuple[int, str] | None:
    path = checkpoint_path(db_path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, mac, sig = int(data["seq"]), str(data["mac"]), str(data["sig"])
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise StoreError(f"The audit checkpoint {path} is unreadable: {exc}") from exc
    if not hmac.compare_digest(sig, checkpoint_mac(key, seq, mac)):
        raise StoreError(f"The audit checkpoint {path} was altered (its signature is wrong).")
    return seq, mac


def write_checkpoint(db_path: Path, key: bytes, seq: int, mac: str) -> None:
    """Atomically replace the checkpoint (write, fsync, rename)."""
    path = checkpoint_path(db_path)
    tmp = path.with_name(path.name + ".tmp")
    payload = json.dumps({"seq": seq, "mac": mac, "sig": checkpoint_mac(key, seq, mac)})
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def advance_checkpoint(db_path: Path, key: bytes, seq: int, mac: str) -> None:
    """Move the checkpoint forward to a committed entry; never back, never fail the caller.

    Called after the commit: the data is safe whatever happens here. If the write fails (a
    full disk) or another process moves it past us first, the checkpoint merely lags and the
    next commit or open brings it up to date."""
    with contextlib.suppress(OSError, StoreError):
        current = read_checkpoint(db_path, key)
        if current is None or current[0] < seq:
            write_checkpoint(db_path, key, seq, mac)


def catch_up_checkpoint(db_path: Path, pragma_key: str, key: bytes) -> None:
    """Bring a lagging checkpoint up to the chain's head, if the entries after it verify.

    A crash after a commit and before its checkpoint leaves it one entry behind. A checkpoint
    ahead of the chain, altered, or not matching the chain is left as it is for
    ``audit verify`` to report. An empty store gets a checkpoint at the start of the chain, so
    a missing checkpoint beside a non-empty trail always means it was removed."""
    from mash_desktop.store.audit_scan import scan_range

    try:
        checkpoint = read_checkpoint(db_path, key)
    except StoreError:
        return
    conn = sqlcipher.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(pragma_key)
        head = conn.execute(
            "SELECT seq, mac FROM audit_entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if head is None:
            if checkpoint is None:
                advance_checkpoint(db_path, key, 0, GENESIS_MAC)
            return
        if checkpoint is None or checkpoint[0] >= head[0]:
            return
        cp_seq, cp_mac = checkpoint
        stored = (
            GENESIS_MAC
            if cp_seq == 0
            else conn.execute("SELECT mac FROM audit_entries WHERE seq = ?", (cp_seq,)).fetchone()
        )
    except sqlcipher.DatabaseError as exc:  # a damaged page in the trail: say so, as damage
        raise DatabaseDamaged(DAMAGED_IN_USE) from exc
    finally:
        conn.close()
    stored_mac = stored if isinstance(stored, str) else (stored[0] if stored else None)
    if stored_mac is None or not hmac.compare_digest(stored_mac, cp_mac):
        return
    links = scan_range(str(db_path), pragma_key, key, cp_seq + 1, int(head[0]))
    if links.failure is None and links.count == head[0]:
        advance_checkpoint(db_path, key, int(head[0]), str(head[1]))
