"""SEC-3: the audit trail cannot be altered without detection."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import IntegrityError, OperationalError

from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import AuditFilter, AuditService, verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from tests.helpers.personas import TEST_PASSWORD


# These tamper with the SQLCipher file directly; tests/core/store/test_hub_audit.py does the
# same on a hub through the PostgreSQL superuser.
@pytest.fixture
def store_engine() -> str:
    return "sqlcipher"


@pytest.fixture
def trail(ctx: AppContext, admin) -> AppContext:
    accounts = AccountService(ctx)
    for _ in range(4):
        accounts.lock_session(admin, "test")
        accounts.unlock_session(admin, TEST_PASSWORD)
    accounts.logout(admin)
    assert verify_store(ctx.store).count == 11
    return ctx


def raw(ctx: AppContext) -> sqlcipher.Connection:
    """A direct SQLCipher connection with the key: what someone with the key and a tool has."""
    conn = sqlcipher.connect(str(ctx.store.path), isolation_level=None)
    conn.execute(ctx.store.key.pragma_key())
    conn.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")
    return conn


def test_intact_trail_verifies(trail: AppContext) -> None:
    # REQ: SEC-3
    result = verify_store(trail.store)
    assert result.ok and result.count == 11


def test_append_only_at_database_level(trail: AppContext) -> None:
    # REQ: SEC-3
    with (
        pytest.raises((IntegrityError, OperationalError), match="append-only"),
        trail.store.transaction() as s,
    ):
        s.connection().exec_driver_sql("UPDATE audit_entries SET actor = 'x' WHERE seq = 2")
    with (
        pytest.raises((IntegrityError, OperationalError), match="append-only"),
        trail.store.transaction() as s,
    ):
        s.connection().exec_driver_sql("DELETE FROM audit_entries WHERE seq = 2")


def test_changed_field_is_named(trail: AppContext) -> None:
    # REQ: SEC-3
    conn = raw(trail)
    conn.execute("UPDATE audit_entries SET actor = 'someone.else' WHERE seq = 5")
    conn.close()
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 5
    assert "entry 5 was altered" in result.message


def test_deleted_row_is_named(trail: AppContext) -> None:
    # REQ: SEC-3
    conn = raw(trail)
    conn.execute("DELETE FROM audit_entries WHERE seq = 4")
    conn.close()
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 4 and "entry 4 was removed" in result.message


def test_swapped_rows_are_named(trail: AppContext) -> None:
    # REQ: SEC-3
    conn = raw(trail)
    conn.execute("UPDATE audit_entries SET seq = -1 WHERE seq = 6")
    conn.execute("UPDATE audit_entries SET seq = 6 WHERE seq = 7")
    conn.execute("UPDATE audit_entries SET seq = 7 WHERE seq = -1")
    conn.close()
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 6


def test_inserted_row_is_named(trail: AppContext) -> None:
    # REQ: SEC-3
    conn = raw(trail)
    rows = conn.execute("SELECT * FROM audit_entries WHERE seq >= 3 ORDER BY seq DESC").fetchall()
    for row in rows:  # make room at 3, then put a forged entry there
        conn.execute("UPDATE audit_entries SET seq = seq + 1 WHERE seq = ?", (row[0],))
    conn.execute(
        "INSERT INTO audit_entries VALUES (3, '2026-11-24T09:30:00.000000+00:00', 'forger', "
        "'POLICE', 'login', 'user', '1', '{}', ?)",
        ("0" * 64,),
    )
    conn.close()
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 3


def test_removed_newest_entries_are_caught_by_the_checkpoint(trail: AppContext) -> None:
    # REQ: SEC-3
    conn = raw(trail)
    conn.execute("DELETE FROM audit_entries WHERE seq > 8")
    conn.close()
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 9 and "removed" in result.message


def test_older_copy_of_the_file_put_back_is_caught(ctx: AppContext, admin, tmp_path: Path) -> None:
    # REQ: SEC-3
    AccountService(ctx).logout(admin)
    ctx.store.close()
    saved = tmp_path / "old-copy.db"
    shutil.copy2(ctx.store.path, saved)
    store = open_store(ctx.store.path, ctx.store.key)
    with store.transaction() as s:
        from mash_desktop.services.audit import append_entry

        append_entry(
            s, store, ctx.clock.now(), "admin", "LA-DORSET", "contact.view", "contact", "1"
        )
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{ctx.store.path}{suffix}").unlink(missing_ok=True)
    shutil.copy2(saved, ctx.store.path)
    store = open_store(ctx.store.path, ctx.store.key)
    result = verify_store(store)
    store.close()
    assert not result.ok and "removed" in result.message


def test_audit_verify_cli_names_the_entry(tmp_path: Path) -> None:
    # REQ: SEC-3
    db = tmp_path / "cli.db"
    env = {
        "MASH_PASSPHRASE": "synthetic pass phrase",
        "MASH_ADMIN_PASSWORD": TEST_PASSWORD,
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    run = [sys.executable, "-m", "ui.app", "--db", str(db)]
    cwd = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [*run, "init"], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    ok = subprocess.run(
        [*run, "audit", "verify"], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0 and "verified: 1 entries" in ok.stdout
    conn = sqlcipher.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA key = 'synthetic pass phrase'")
    conn.execute("DROP TRIGGER audit_entries_no_update")
    conn.execute("UPDATE audit_entries SET action = 'nothing.to.see' WHERE seq = 1")
    conn.close()
    bad = subprocess.run(
        [*run, "audit", "verify"], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "entry 1 was altered" in bad.stderr


def test_audit_reading_is_restricted_and_itself_audited(ctx: AppContext, admin, make_user) -> None:
    # REQ: SEC-3 (MASH managers can audit it)
    from mash_desktop.domain.errors import PermissionDenied
    from mash_desktop.domain.roles import Role

    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    manager = make_user("mash.lead", Role.MASH_MANAGER)
    with pytest.raises(PermissionDenied):
        AuditService(ctx).search(desk, AuditFilter())
    rows = AuditService(ctx).search(manager, AuditFilter(actor="desk.one"))
    assert [r.action for r in rows] == ["login"]
    rows = AuditService(ctx).search(manager, AuditFilter(action="audit.search"))
    assert rows and rows[0].actor == "mash.lead"


def test_parallel_verification_names_the_same_entry(trail: AppContext, monkeypatch) -> None:
    # REQ: SEC-3 (long trails are checked in parallel runs; the verdict must not change)
    from mash_desktop.store import audit_scan

    monkeypatch.setattr(audit_scan, "PARALLEL_FROM", 2)
    assert verify_store(trail.store, workers=3).ok
    conn = raw(trail)
    conn.execute("UPDATE audit_entries SET details = '{\"x\":1}' WHERE seq = 10")
    conn.close()
    result = verify_store(trail.store, workers=3)
    assert not result.ok
    assert result.first_bad_seq == 10
    conn = raw(trail)
    conn.execute("DELETE FROM audit_entries WHERE seq = 2")
    conn.close()
    result = verify_store(trail.store, workers=3)  # a gap: one sequential walk names it
    assert result.first_bad_seq == 2
    assert "entry 2 was removed" in result.message
