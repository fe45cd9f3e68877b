"""The audit chain head, kept outside the database (beside it, signed with the audit key)."""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from pathlib import Path

from mash_desktop.domain.audit_chain import checkpoint_mac
from mash_desktop.store.errors import StoreError


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
