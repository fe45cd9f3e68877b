"""Drafts kept on this computer while the hub server cannot be reached (SEC-9, SEC-1).

On a hub, a form's draft normally lives on the server. When the server is down or
restarting, what the user typed is kept here instead: a small SQLCipher file in the user's
data folder, one per hub and account, keyed like a local store (a random 256-bit key in the
OS keyring, or ``MASH_PASSPHRASE``), so nothing typed ever reaches the disk in plain text.
A draft leaves the file once its form is saved (or the user discards it).

The file is made only when a first draft must be kept; deleting rows uses SQLite's
``secure_delete`` so a saved form's text does not linger in free pages.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from mash_desktop.store.errors import NoSecureKeyring, StoreError
from mash_desktop.store.keys import resolve_key

FOLDER_NAME = "hub-drafts"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS drafts ("
    " kind TEXT NOT NULL, ref TEXT NOT NULL, payload TEXT NOT NULL,"
    " updated_at TEXT NOT NULL, PRIMARY KEY (kind, ref))"
)


class OfflineDraftsUnavailable(StoreError):
    """Nothing can be kept on this computer (no secure keyring and no passphrase)."""


@dataclass(frozen=True)
class OfflineDraft:
    kind: str
    ref: str
    payload: str  # the form as JSON text
    updated_at: datetime


@dataclass(frozen=True)
class OfflineDrafts:
    """One account's drafts on this workstation for one hub."""

    path: Path

    @classmethod
    def for_account(cls, data_dir: Path, hub_address: str, username: str) -> OfflineDrafts:
        # The file name says neither the hub nor the user: a digest of both.
        digest = hashlib.sha256(f"{hub_address}\n{username}".encode()).hexdigest()[:24]
        return cls(data_dir / FOLDER_NAME / f"{digest}.db")

    @contextlib.contextmanager
    def _connection(self, create: bool) -> Iterator[sqlcipher.Connection | None]:
        if not create and not self.path.exists():
            yield None
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            key = resolve_key(self.path, create=create and not self.path.exists())
        except NoSecureKeyring as exc:
            raise OfflineDraftsUnavailable(
                "What you typed cannot be kept on this computer: it has no secure keyring "
                "(and no passphrase is set)."
            ) from exc
        conn = sqlcipher.connect(str(self.path), isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(key.pragma_key())
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute(_SCHEMA)
            self.path.chmod(0o600)
            yield conn
        except sqlcipher.DatabaseError as exc:
            raise StoreError(
                "The drafts kept on this computer could not be read (the file is damaged or "
                "its key is gone)."
            ) from exc
        finally:
            conn.close()

    def put(self, kind: str, ref: str, payload: str, at: datetime) -> None:
        with self._connection(create=True) as conn:
            assert conn is not None
            conn.execute(
                "INSERT INTO drafts (kind, ref, payload, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, ref) DO UPDATE SET payload = excluded.payload, "
                "updated_at = excluded.updated_at",
                (kind, ref, payload, at.isoformat()),
            )

    def get(self, kind: str, ref: str) -> OfflineDraft | None:
        with self._connection(create=False) as conn:
            if conn is None:
                return None
            row = conn.execute(
                "SELECT payload, updated_at FROM drafts WHERE kind = ? AND ref = ?", (kind, ref)
            ).fetchone()
        if row is None:
            return None
        return OfflineDraft(kind, ref, row[0], datetime.fromisoformat(row[1]))

    def remove(self, kind: str, ref: str) -> bool:
        with self._connection(create=False) as conn:
            if conn is None:
                return False
            gone = conn.execute("DELETE FROM drafts WHERE kind = ? AND ref = ?", (kind, ref))
            return bool(gone.rowcount)

    def waiting(self) -> list[OfflineDraft]:
        """Every draft still kept here, oldest first."""
        with self._connection(create=False) as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT kind, ref, payload, updated_at FROM drafts ORDER BY updated_at"
            ).fetchall()
        return [OfflineDraft(k, r, p, datetime.fromisoformat(u)) for k, r, p, u in rows]
