"""Reads take no write lock (issue 13): WAL readers never wait for a writer, so a queue poll
on one workstation process does not queue behind another's save. Only transactions that
write use BEGIN IMMEDIATE, and a read transaction cannot write."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.queue import QueueService
from mash_desktop.store import engine as engine_module
from mash_desktop.store.engine import open_store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.models import Setting
from tests.helpers.contacts import contact_input


@pytest.fixture
def store_engine() -> str:
    """SQLite's locking is what this is about (the hub server has its own MVCC reads)."""
    return "sqlcipher"


def test_a_read_does_not_wait_for_another_process_holding_the_write_lock(
    ctx, make_user, monkeypatch
):
    from mash_desktop.services.contacts.service import ContactService

    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    ContactService(ctx).intake(desk, contact_input(datetime(2026, 11, 24, 9, tzinfo=UTC)))
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)  # fail fast if it would wait
    other = open_store(ctx.store.path, ctx.store.key)  # a second workstation process
    try:
        with ExitStack() as held:
            writer = held.enter_context(ctx.store.transaction())  # holds the write lock
            writer.add(Setting(key="test.pending", value='"x"'))
            writer.flush()
            with other.read() as s:  # would be "database is busy" with BEGIN IMMEDIATE
                assert (
                    s.scalar(
                        select(func.count())
                        .select_from(Setting)
                        .where(Setting.key == "test.pending")
                    )
                    == 0
                )  # the last committed snapshot
            from mash_desktop.services.context import AppContext

            token = QueueService(AppContext(other, ctx.clock)).change_token(desk)
            assert token.count == 1
            with pytest.raises(StoreError, match="busy"), other.transaction() as s:
                s.add(Setting(key="test.other", value='"y"'))  # writers still take turns
    finally:
        other.close()


def test_a_read_transaction_cannot_write(ctx):
    with pytest.raises(Exception, match=r"read-?only"), ctx.store.read() as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('sneaky', '1')"))
    with ctx.store.transaction() as s:  # and the connection it used writes normally again
        s.add(Setting(key="fine", value='"1"'))
    with ctx.store.read() as s:
        assert s.get(Setting, "fine") is not None
        assert s.get(Setting, "sneaky") is None


def test_a_connection_back_in_the_pool_is_writable_again(ctx):
    with ctx.store.read() as s:
        assert s.execute(text("PRAGMA query_only")).scalar() == 1
    raw = ctx.store.engine.raw_connection()  # as the WAL checkpoint before an upgrade uses it
    try:
        assert raw.cursor().execute("PRAGMA query_only").fetchone()[0] == 0
    finally:
        raw.close()
