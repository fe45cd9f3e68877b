"""Several desk officers on one store at once (RQ-6, issue 13): another PROCESS holding the
write lock (a save in progress on a terminal server) does not hold up a read, a queue poll or
a contact being opened beyond its own short audit write; and logging in (SEC-2) checks the
password with no write lock held, so log-ins never queue behind each other's argon2 hash."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.queue import QueueService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.store import engine as engine_module
from mash_desktop.store.engine import open_store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.models import Setting, User
from mash_desktop.store.passwords import LocalPasswords
from tests.helpers.contacts import contact_input
from tests.helpers.personas import TEST_PASSWORD

# A second workstation process: takes the write lock, writes a row, says so, and keeps the
# transaction open until told to commit (a line on stdin).
HOLDER = """
import sys, sqlcipher3.dbapi2 as sq
conn = sq.connect(sys.argv[1], isolation_level=None, timeout=5)
conn.execute(sys.stdin.readline().strip())
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings (key, value) VALUES ('held.elsewhere', '1')")
print("held", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("committed", flush=True)
"""


@pytest.fixture
def store_engine() -> str:
    """SQLite's file locking is what this is about (the hub server has MVCC reads)."""
    return "sqlcipher"


@pytest.fixture
def holder(ctx):
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ctx.store.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin and proc.stdout
        proc.stdin.write(ctx.store.key.pragma_key() + "\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "held"
        yield proc
        if proc.poll() is None:
            proc.kill()


def _commit(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin and proc.stdout
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "committed"


def test_rq6_reads_go_on_while_another_process_holds_the_write_lock(
    ctx, make_user, monkeypatch, request
):
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    contact = ContactService(ctx).intake(desk, contact_input(datetime(2026, 11, 24, 9, tzinfo=UTC)))
    proc = request.getfixturevalue("holder")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 400)  # fail fast if a read waited
    started = time.monotonic()
    with ctx.store.read() as s:  # the last committed snapshot, not the other's pending row
        count = s.scalar(select(func.count()).where(Setting.key == "held.elsewhere"))
    assert count == 0
    assert QueueService(ctx).change_token(desk).count == 1
    assert AccountService(ctx).list_agencies(desk)
    assert time.monotonic() - started < 0.4
    with pytest.raises(StoreError, match="busy"):  # a write still waits its turn, and says so
        ContactService(ctx).get(desk, contact.id)  # (its audit entry is a write)
    _commit(proc)
    assert ContactService(ctx).get(desk, contact.id).id == contact.id
    with ctx.store.read() as s:
        assert s.get(Setting, "held.elsewhere") is not None


def test_rq6_a_waiting_write_looks_for_the_lock_every_few_milliseconds(
    ctx, make_user, monkeypatch, request
):
    """SQLite's own busy handler naps up to 100 ms between looks, so a short audit write
    behind a queue of savers kept waking too late and losing the lock to newcomers."""
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    contact = ContactService(ctx).intake(desk, contact_input(datetime(2026, 11, 24, 9, tzinfo=UTC)))
    proc = request.getfixturevalue("holder")
    naps: list[float] = []
    nap = time.sleep

    def counted(seconds: float) -> None:
        naps.append(seconds)
        nap(seconds)

    monkeypatch.setattr(engine_module.time, "sleep", counted)
    released = threading.Timer(0.5, _commit, (proc,))
    released.start()
    started = time.monotonic()
    ContactService(ctx).get(desk, contact.id)  # waits for the other's commit, then writes
    waited = time.monotonic() - started
    released.join()
    monkeypatch.undo()
    assert waited >= 0.45 and naps, "it waited for the other process, in naps of its own"
    assert max(naps) <= 0.004


def test_sec2_login_checks_the_password_holding_no_write_lock(ctx, make_user, monkeypatch):
    make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    other = open_store(ctx.store.path, ctx.store.key)  # another officer's process
    writes_meanwhile: list[bool] = []
    check = LocalPasswords.matches

    def slow_check(self, session, username, stored, password):  # type: ignore[no-untyped-def]
        # While this account's hash is being checked, another process can save at once.
        with other.transaction() as s:
            s.merge(Setting(key=f"saved.during.{len(writes_meanwhile)}", value='"1"'))
        writes_meanwhile.append(True)
        return check(self, session, username, stored, password)

    monkeypatch.setattr(LocalPasswords, "matches", slow_check)
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 400)
    try:
        accounts = AccountService(ctx)
        assert accounts.login("desk.one", TEST_PASSWORD).username == "desk.one"
        with pytest.raises(Exception, match="Wrong user name or password"):
            accounts.login("desk.one", "not-the-password-at-all")
        with pytest.raises(Exception, match="Wrong user name or password"):
            accounts.login("nobody.here", "not-the-password-at-all")  # same words, no count
    finally:
        other.close()
    assert writes_meanwhile == [True, True]  # the unknown name checks a dummy hash instead
    with ctx.store.read() as s:
        user = s.scalar(select(User).where(User.username == "desk.one"))
        assert user is not None and user.failed_attempts == 1  # the lock-out count still counts
