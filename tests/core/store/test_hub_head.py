"""SEC-8, SEC-10 on a hub: the audit chain head is also kept where a restored dump cannot
roll it back (each workstation keeps the newest head it appended; store/hub_head.py), so
`audit verify` reports an older dump put back in place of the hub's database."""

from __future__ import annotations

from pathlib import Path

import pytest

from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.hub import HubStore
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def test_an_older_dump_put_back_is_reported_by_audit_verify(
    ctx: AppContext, admin: Actor, pg_cluster: PostgresCluster, hub_db: str, tmp_path: Path
) -> None:
    # REQ: SEC-8, SEC-10
    accounts = AccountService(ctx)
    dump = tmp_path / "hub.dump"
    pg_cluster.dump(hub_db, dump)
    assert verify_store(ctx.store).ok
    accounts.lock_session(admin, "lunch")
    accounts.lock_session(admin, "meeting")
    after = verify_store(ctx.store)
    assert after.ok, after.message
    pg_cluster.restore(hub_db, dump)
    # The restored database agrees with itself: its head row is as old as its chain.
    result = verify_store(ctx.store)
    assert not result.ok
    assert "an older copy of the hub's database was restored" in result.message
    assert f"ends at entry {after.count - 2}" in result.message


def test_a_workstation_that_saw_nothing_newer_verifies_the_restored_copy(
    ctx: AppContext, admin: Actor, pg_cluster: PostgresCluster, hub_db: str, tmp_path: Path
) -> None:
    # REQ: SEC-8 (the witness never invents a failure: a chain that reaches it verifies)
    assert isinstance(ctx.store, HubStore)
    dump = tmp_path / "hub.dump"
    pg_cluster.dump(hub_db, dump)
    pg_cluster.restore(hub_db, dump)
    result = verify_store(ctx.store)
    assert result.ok, result.message
    kept = ctx.store.witness.read()
    assert kept is not None and kept.seq == result.count
