"""SEC-3 on a hub: the database numbers and MACs each audit entry under a key no workstation
holds, appends from many connections never fork the chain, and verify names the first bad
entry as on a local store."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import DBAPIError

from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import append_entry, verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub import HubStore, open_hub_store
from tests.helpers.hub_fixtures import owner_credentials, owner_location
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


@pytest.fixture
def trail(ctx: AppContext, admin) -> AppContext:
    accounts = AccountService(ctx)
    for _ in range(4):
        accounts.lock_session(admin, "test")
        accounts.unlock_session(admin, TEST_PASSWORD)
    accounts.logout(admin)
    assert verify_store(ctx.store).count == 11
    return ctx


def tamper(cluster: PostgresCluster, dbname: str, *statements: str) -> None:
    """What a server superuser could do: switch the guard triggers off and edit rows."""
    cluster.superuser_sql(
        "ALTER TABLE audit_entries DISABLE TRIGGER USER",
        *statements,
        "ALTER TABLE audit_entries ENABLE TRIGGER USER",
        dbname=dbname,
    )


def test_intact_hub_trail_verifies(trail: AppContext) -> None:
    # REQ: SEC-3
    result = verify_store(trail.store)
    assert result.ok and result.count == 11, result.message


def test_hub_trail_is_append_only_even_for_the_owner(trail: AppContext) -> None:
    # REQ: SEC-3
    for statement in (
        "UPDATE audit_entries SET actor = 'x' WHERE seq = 2",
        "DELETE FROM audit_entries WHERE seq = 2",
        "TRUNCATE audit_entries",
    ):
        with pytest.raises(DBAPIError, match="append-only"), trail.store.transaction() as s:
            s.connection().exec_driver_sql(statement)
    assert verify_store(trail.store).ok


def test_no_chain_key_on_the_workstation(trail: AppContext) -> None:
    # REQ: SEC-3 (the MAC is computed by the server; the hub store has no key to give away)
    assert not hasattr(trail.store, "audit_key")
    assert not hasattr(trail.store, "key")


def test_altered_entry_is_named(trail: AppContext, pg_cluster: PostgresCluster, hub_db) -> None:
    # REQ: SEC-3
    tamper(pg_cluster, hub_db, "UPDATE audit_entries SET actor = 'someone.else' WHERE seq = 5")
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 5
    assert "entry 5 was altered" in result.message


def test_removed_entry_is_named(trail: AppContext, pg_cluster: PostgresCluster, hub_db) -> None:
    # REQ: SEC-3
    tamper(pg_cluster, hub_db, "DELETE FROM audit_entries WHERE seq = 4")
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 4 and "entry 4 was removed" in result.message


def test_removed_newest_entries_are_caught_by_the_head(
    trail: AppContext, pg_cluster: PostgresCluster, hub_db
) -> None:
    # REQ: SEC-3
    tamper(pg_cluster, hub_db, "DELETE FROM audit_entries WHERE seq > 8")
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 9 and "removed" in result.message


def test_forged_entry_is_named(trail: AppContext, pg_cluster: PostgresCluster, hub_db) -> None:
    # REQ: SEC-3
    tamper(
        pg_cluster,
        hub_db,
        "INSERT INTO audit_entries VALUES (12, '2026-11-24T09:30:00.000000+00:00', 'forger', "
        f"'POLICE', 'login', 'user', '1', '{{}}', '{'0' * 64}')",
    )
    result = verify_store(trail.store)
    assert not result.ok and result.first_bad_seq == 12


def test_appends_from_many_connections_never_fork_the_chain(
    ctx: AppContext, pg_cluster: PostgresCluster, hub_db
) -> None:
    # REQ: SEC-3 (one chain under any number of connections)
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker(n: int) -> None:
        store: HubStore = open_hub_store(owner_location(pg_cluster, hub_db), owner_credentials())
        try:
            start.wait()
            for i in range(20):
                with store.transaction() as session:
                    append_entry(
                        session,
                        store,
                        ctx.clock.now(),
                        f"worker.{n}",
                        "POLICE",
                        "test.append",
                        "worker",
                        f"{n}-{i}",
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = verify_store(ctx.store)
    assert result.ok and result.count == 120, result.message
