"""A crash never looks like tampering (SEC-3): kill -9 at random moments of real intakes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.checkpoint import read_checkpoint, write_checkpoint
from mash_desktop.store.engine import check_existing_file, open_store
from mash_desktop.store.models import Contact
from tests.helpers.crash_writer import kill_a_writer
from tests.helpers.personas import TEST_PASSWORD

RUNS = 50
LARGE_EVERY = 4  # every 4th run writes ~1 MB narratives
LARGE_BYTES = 1_000_000


@pytest.fixture
def store_engine() -> str:
    # The kill test is about the local file and its checkpoint beside it.
    return "sqlcipher"


def chain_head(path: Path, pragma_key: str) -> int:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute(pragma_key)
        return int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit_entries").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_killed_writer_leaves_an_honest_store(ctx: AppContext, admin) -> None:
    # REQ: SEC-3 (a crash between commit and checkpoint must not read as removed entries)
    accounts = AccountService(ctx)
    accounts.create_user(
        admin, "desk.crash", "Dee Desk", TEST_PASSWORD, "LA-DORSET", Role.DESK_OFFICER
    )
    desk = accounts.login("desk.crash", TEST_PASSWORD)
    path, key = ctx.store.path, ctx.store.key
    ctx.store.close()
    rng = random.Random(16)
    acknowledged: set[str] = set()
    for run in range(RUNS):
        big = LARGE_BYTES if run % LARGE_EVERY == LARGE_EVERY - 1 else 0
        result = kill_a_writer(
            path, key, desk, rng, big, max_s=0.5 if big else 0.3, after_first=run % 2 == 1
        )
        acknowledged.update(result.acknowledged)
        checkpoint = read_checkpoint(path, key.audit_key())
        head = chain_head(path, key.pragma_key())
        assert checkpoint is not None and checkpoint[0] <= head, (
            f"run {run}: the checkpoint ({checkpoint}) ran ahead of the chain ({head})"
        )
        check_existing_file(path, key, full_check=True)  # every page's HMAC, then quick_check
        store = open_store(path, key)
        try:
            verdict = verify_store(store)
            assert verdict.ok, f"run {run} (killed after {result.killed_after_s:.3f}s): {verdict}"
            with store.transaction() as s:
                stored = set(s.scalars(select(Contact.reference)))
            assert acknowledged <= stored, f"run {run}: lost {sorted(acknowledged - stored)}"
            assert read_checkpoint(path, key.audit_key()) == (verdict.count, _head_mac(store))
        finally:
            store.close()
    assert len(acknowledged) >= RUNS // 2  # the writers did write between the kills


def _head_mac(store) -> str:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return str(
            conn.exec_driver_sql("SELECT mac FROM audit_entries ORDER BY seq DESC LIMIT 1").scalar()
        )


def _lagging_store(ctx: AppContext, admin, back: int) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Entries committed, then the checkpoint put ``back`` entries behind, as a crash does."""
    accounts = AccountService(ctx)
    for _ in range(3):
        accounts.lock_session(admin, "test")
        accounts.unlock_session(admin, TEST_PASSWORD)
    head = _head_mac(ctx.store)
    with ctx.store.engine.connect() as conn:
        seq, mac = conn.exec_driver_sql(
            "SELECT seq, mac FROM audit_entries ORDER BY seq DESC LIMIT 1 OFFSET ?", (back,)
        ).one()
    write_checkpoint(ctx.store.path, ctx.store.audit_key, int(seq), str(mac))
    return int(seq) + back, head


def test_lagging_checkpoint_verifies_and_is_caught_up_on_open(ctx: AppContext, admin) -> None:
    # REQ: SEC-3
    head_seq, head_mac = _lagging_store(ctx, admin, back=2)
    verdict = verify_store(ctx.store)
    assert verdict.ok and verdict.count == head_seq, verdict.message
    ctx.store.close()
    store = open_store(ctx.store.path, ctx.store.key)
    store.close()
    assert read_checkpoint(ctx.store.path, ctx.store.audit_key) == (head_seq, head_mac)


def test_checkpoint_not_matching_the_chain_is_reported_not_caught_up(
    ctx: AppContext, admin
) -> None:
    # REQ: SEC-3 (a lag is forgiven only where the checkpoint matches the chain)
    head_seq, _ = _lagging_store(ctx, admin, back=2)
    write_checkpoint(ctx.store.path, ctx.store.audit_key, head_seq - 2, "ab" * 32)
    ctx.store.close()
    store = open_store(ctx.store.path, ctx.store.key)
    try:
        assert read_checkpoint(store.path, store.audit_key) == (head_seq - 2, "ab" * 32)
        verdict = verify_store(store)
    finally:
        store.close()
    assert not verdict.ok and verdict.first_bad_seq == head_seq - 2


def test_new_store_has_a_checkpoint_before_its_first_entry(db_path: Path) -> None:
    # REQ: SEC-3 (so a trail without a checkpoint always means the checkpoint was removed)
    from mash_desktop.domain.audit_chain import GENESIS_MAC
    from mash_desktop.store.keys import load_keyring_key

    store = open_store(db_path, load_keyring_key(db_path, create=True), create=True)
    store.close()
    assert read_checkpoint(db_path, store.audit_key) == (0, GENESIS_MAC)
