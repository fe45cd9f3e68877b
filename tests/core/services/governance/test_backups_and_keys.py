"""SEC-10: backups are authorised and audited; an older copy put back (with or without its own
checkpoint) is detected and accepted only by two administrators; the key is recovered by any
two of three key holders. Every test works on real files: the encrypted database, its backup
copies put back in its place, and the printed share PDFs read back."""

from __future__ import annotations

import io
import itertools
import json
import shutil
from pathlib import Path

import keyring
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mash_desktop.bootstrap import open_context
from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.services.governance import key_recovery
from mash_desktop.services.governance.backups import BackupService
from mash_desktop.services.governance.key_shares_print import print_shares
from mash_desktop.services.governance.restores import StoreRolledBack, accept_restore
from mash_desktop.store.engine import open_store
from mash_desktop.store.models import AuditEntry, PaperCopy, SecurityIncident, User
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.store import MemoryKeyring

HOLDERS = ["Kim Holder", "Lee Holder", "Mo Holder"]


def _hub(db_path: Path, clock: FixedClock) -> AppContext:
    ctx = open_context(db_path, create=True, clock=clock)
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Ada Admin", TEST_PASSWORD)
    admin = accounts.login("admin", TEST_PASSWORD)
    accounts.create_user(
        admin, "admin2", "Bea Admin", TEST_PASSWORD, "LA-POOLE", Role.ADMINISTRATOR
    )
    accounts.create_user(admin, "desk", "Dee Desk", TEST_PASSWORD, "POLICE", Role.DESK_OFFICER)
    return ctx


def _actions(ctx: AppContext) -> list[str]:
    with ctx.store.transaction() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def _put_back(backup: Path, db_path: Path, with_checkpoint: bool) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copy2(backup, db_path)
    if with_checkpoint:
        shutil.copy2(f"{backup}.audit-head", f"{db_path}.audit-head")


def test_backup_needs_an_administrator_and_is_audited(db_path: Path, clock, tmp_path: Path):
    # REQ: SEC-10
    ctx = _hub(db_path, clock)
    accounts = AccountService(ctx)
    desk = accounts.login("desk", TEST_PASSWORD)
    with pytest.raises(PermissionDenied):
        BackupService(ctx).backup(desk, tmp_path / "refused.db")
    assert not (tmp_path / "refused.db").exists()
    admin = accounts.login("admin", TEST_PASSWORD)
    target = BackupService(ctx).backup(admin, tmp_path / "copy.db")
    key = ctx.store.key
    ctx.store.close()
    reopened = open_context(db_path, clock=clock)
    assert "store.backup" in _actions(reopened)
    reopened.store.close()
    # The copy carries the record of its own making and verifies on its own.
    copy = open_context(target, key=key, clock=clock)
    with copy.store.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "store.backup")).one()
        assert entry.actor == "admin"
        assert json.loads(entry.details)["target"] == str(target)
    assert verify_store(copy.store).ok
    copy.store.close()


def test_unattended_backup_credential_made_by_an_administrator(db_path, clock, tmp_path):
    # REQ: SEC-10
    ctx = _hub(db_path, clock)
    admin = AccountService(ctx).login("admin", TEST_PASSWORD)
    service = BackupService(ctx)
    token = service.create_credential(admin, "nightly")
    assert service.backup_unattended(token, tmp_path / "night.db").exists()
    with pytest.raises(AuthenticationError):
        service.backup_unattended(token + "x", tmp_path / "bad.db")
    service.revoke_credential(admin, "nightly")
    with pytest.raises(AuthenticationError):
        service.backup_unattended(token, tmp_path / "revoked.db")
    assert not (tmp_path / "bad.db").exists() and not (tmp_path / "revoked.db").exists()
    with ctx.store.transaction() as session:
        backups = session.scalars(select(AuditEntry).where(AuditEntry.action == "store.backup"))
        assert [json.loads(e.details)["credential"] for e in backups] == [
            "backup credential 'nightly'"
        ]
        incidents = session.scalars(select(SecurityIncident.kind)).all()
        assert incidents.count("unauthorised_access") == 2
        # Only the hash of the token is kept.
        assert token not in json.dumps([e.details for e in session.scalars(select(AuditEntry))])
    ctx.store.close()
    assert token.encode() not in db_path.read_bytes()


@pytest.mark.parametrize("with_checkpoint", [True, False], ids=["with-checkpoint", "lone-file"])
def test_older_copy_put_back_is_refused_and_recorded(db_path, clock, tmp_path, with_checkpoint):
    # REQ: SEC-10, SEC-4
    ctx = _hub(db_path, clock)
    admin = AccountService(ctx).login("admin", TEST_PASSWORD)
    older = BackupService(ctx).backup(admin, tmp_path / "older.db")
    AccountService(ctx).create_user(
        admin, "late", "Late Joiner", TEST_PASSWORD, "HEALTH", Role.DESK_OFFICER
    )
    ctx.store.close()
    _put_back(older, db_path, with_checkpoint)
    if with_checkpoint:
        # The file checkpoint agrees with the copy it came with: only the keyring notices.
        alone = open_store(db_path, ctx.store.key)
        assert verify_store(alone).ok
        alone.close()
    with pytest.raises(StoreRolledBack) as refused:
        open_context(db_path, clock=clock)
    message = str(refused.value)
    assert "older copy was put back" in message and "two administrators" in message
    with pytest.raises(StoreRolledBack):
        open_context(db_path, clock=clock)  # still refused, the incident not recorded twice
    held = open_context(db_path, clock=clock, allow_restored=True)
    with held.store.transaction() as session:
        incidents = session.scalars(
            select(SecurityIncident).where(SecurityIncident.object_type == "store_restore")
        ).all()
        assert len(incidents) == 1
        assert "older copy" in incidents[0].summary
        assert session.scalar(select(User).where(User.username == "late")) is None  # the older copy
    held.store.close()


def test_two_administrators_accept_a_deliberate_restore(db_path, clock, tmp_path):
    # REQ: SEC-10
    ctx = _hub(db_path, clock)
    admin = AccountService(ctx).login("admin", TEST_PASSWORD)
    older = BackupService(ctx).backup(admin, tmp_path / "older.db")
    AccountService(ctx).suspend(admin, 3, "gone after the backup")
    ctx.store.close()
    _put_back(older, db_path, with_checkpoint=True)
    held = open_context(db_path, clock=clock, allow_restored=True)
    first = AccountService(held).login("admin", TEST_PASSWORD)
    with pytest.raises(AuthenticationError, match="second, different"):
        accept_restore(held, first, "admin", TEST_PASSWORD, "disk failure")
    with pytest.raises(PermissionDenied):
        accept_restore(held, first, "desk", TEST_PASSWORD, "disk failure")
    with pytest.raises(ValidationError):
        accept_restore(held, first, "admin2", TEST_PASSWORD, "  ")
    accept_restore(held, first, "admin2", TEST_PASSWORD, "disk failure on the hub PC")
    held.store.close()
    ctx = open_context(db_path, clock=clock)  # opens normally from now on
    with ctx.store.transaction() as session:
        accepted = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "store.restore_accepted")
        ).one()
        actor, details = accepted.actor, json.loads(accepted.details)
    assert actor == "admin" and details["second_administrator"] == "admin2"
    assert details["reason"] == "disk failure on the hub PC"
    assert details["trail_had_reached"] > details["copy_ended_at"]
    AccountService(ctx).login("desk", TEST_PASSWORD)  # work goes on, and is kept
    assert verify_store(ctx.store).ok
    ctx.store.close()
    open_context(db_path, clock=clock).store.close()


def _share_words(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    parts = text.split()
    numbered = {
        int(number[:-1]): word
        for number, word in itertools.pairwise(parts)
        if number.endswith(".") and number[:-1].isdigit() and word.isalpha()
    }
    return " ".join(numbered[n] for n in sorted(numbered))


def test_any_two_key_holders_recover_the_key_on_a_new_workstation(db_path, clock, tmp_path):
    # REQ: SEC-10, SEC-5
    ctx = _hub(db_path, clock)
    admin = AccountService(ctx).login("admin", TEST_PASSWORD)
    from mash_desktop.services.copies.cabinets import CabinetService

    cab = CabinetService(ctx).add_cabinet(admin, "SAFE-1", "Key safe")
    desk = AccountService(ctx).login("desk", TEST_PASSWORD)
    with pytest.raises(PermissionDenied):
        print_shares(ctx, desk, HOLDERS, cab.id)
    printed = print_shares(ctx, admin, HOLDERS, cab.id)
    backup = BackupService(ctx).backup(admin, tmp_path / "offsite.db")
    with ctx.store.transaction() as session:
        copies = session.scalars(select(PaperCopy).order_by(PaperCopy.id)).all()
        assert [c.recipient for c in copies] == HOLDERS
        assert all(c.status == "sent" for c in copies)  # paper only once scanned in (SEC-5)
        audit_text = " ".join(e.details for e in session.scalars(select(AuditEntry)))
    words = [_share_words(pdf) for _holder, _ref, pdf in printed]
    assert all(len(w.split()) >= 20 for w in words)
    assert not any(" ".join(w.split()[4:9]) in audit_text for w in words)  # never audited
    for _holder, reference, pdf in printed:
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert reference in text and "OFFICIAL-SENSITIVE" in text
    original_key = ctx.store.key
    ctx.store.close()

    with pytest.raises(ValidationError):
        key_recovery.recover_key([words[1]])  # one holder alone gets nothing
    for pair in ((0, 1), (0, 2), (1, 2)):
        assert key_recovery.recover_key([words[pair[0]], words[pair[1]].upper()]) == original_key

    # A new workstation: an empty keyring, the backup restored to the usual place.
    keyring.set_keyring(MemoryKeyring())
    new_db = db_path
    _put_back(backup, new_db, with_checkpoint=True)
    with pytest.raises(Exception, match="keyring holds no key"):
        open_context(new_db, clock=clock)
    wrong = key_recovery.split_key(key_recovery.KeyMaterial.raw("ab" * 32), HOLDERS)
    with pytest.raises(Exception, match="key or passphrase is wrong"):
        key_recovery.install_recovered_key(
            new_db, key_recovery.recover_key([wrong[0].words, wrong[1].words])
        )
    key_recovery.install_recovered_key(new_db, key_recovery.recover_key([words[2], words[0]]))
    with pytest.raises(StoreRolledBack, match="copied here or moved"):
        open_context(new_db, clock=clock)
    held = open_context(new_db, clock=clock, allow_restored=True)
    first = AccountService(held).login("admin", TEST_PASSWORD)
    accept_restore(held, first, "admin2", TEST_PASSWORD, "hub PC replaced; key recovered")
    held.store.close()
    moved = open_context(new_db, clock=clock)
    assert AccountService(moved).login("desk", TEST_PASSWORD).full_name == "Dee Desk"
    moved.store.close()


def test_a_passphrase_key_splits_and_recovers_too():
    # REQ: SEC-10
    key = key_recovery.KeyMaterial.passphrase("correct horse battery staple")
    shares = key_recovery.split_key(key, HOLDERS)
    assert key_recovery.recover_key([shares[2].words, shares[1].words]) == key
    with pytest.raises(ValidationError):
        key_recovery.split_key(key, ["One", "Two", "One"])
