"""The drafts file a hub workstation keeps while the server cannot be reached (SEC-9, SEC-1):
encrypted with a key from the OS keyring, never readable without it, nothing kept where no
secure keyring (or passphrase) exists."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
import sqlcipher3.dbapi2 as sqlcipher
from keyring.backends import fail

from mash_desktop.store.keys import KEYRING_SERVICE, keyring_account
from mash_desktop.store.offline_drafts import OfflineDrafts, OfflineDraftsUnavailable
from tests.helpers.store import MemoryKeyring

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_offline_drafts_are_encrypted_with_a_keyring_key(
    tmp_path: Path, isolated_environment: MemoryKeyring
) -> None:
    # REQ: SEC-1 (no plain text on disk), SEC-9 (the draft comes back as typed)
    drafts = OfflineDrafts.for_account(tmp_path, "postgresql://hub:5432/mash", "hub/desk.a")
    assert not drafts.path.exists() and drafts.get("k", "1") is None  # made only when needed
    drafts.put("strategy.record", "7", '{"why": "Quentin fell down the stairs"}', AT)
    raw = drafts.path.read_bytes()
    assert b"Quentin" not in raw and not raw.startswith(b"SQLite format 3")
    assert "desk.a" not in drafts.path.name and "hub" not in drafts.path.name
    assert oct(drafts.path.stat().st_mode & 0o777) == "0o600"
    assert (KEYRING_SERVICE, keyring_account(drafts.path)) in isolated_environment.secrets
    kept = drafts.get("strategy.record", "7")
    assert kept is not None and "Quentin" in kept.payload and kept.updated_at == AT
    conn = sqlcipher.connect(str(drafts.path))  # without the key it is noise
    with pytest.raises(sqlcipher.DatabaseError):
        conn.execute("SELECT * FROM drafts").fetchall()
    conn.close()
    assert drafts.remove("strategy.record", "7")
    assert drafts.waiting() == [] and b"Quentin" not in drafts.path.read_bytes()


def test_no_secure_keyring_keeps_nothing(tmp_path: Path) -> None:
    # REQ: SEC-1 (never a plaintext fallback)
    keyring.set_keyring(fail.Keyring())
    drafts = OfflineDrafts(tmp_path / "drafts.db")
    with pytest.raises(OfflineDraftsUnavailable, match="cannot be kept on this computer"):
        drafts.put("contact.intake", "", '{"concern": "x"}', AT)
