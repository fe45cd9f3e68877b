"""SEC-8 (first part, issue 12): a user who opens a SQL tool with their own hub role gets no
further than the app lets them on the audit trail, the chain key, the password store and the
schema. Each attempt connects with psycopg as a desk officer's role, without the app."""

from __future__ import annotations

import psycopg
import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.passwords import role_name
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub

ATTACKS = {
    "change an audit row": "UPDATE audit_entries SET actor = 'nobody' WHERE seq = 1",
    "delete an audit row": "DELETE FROM audit_entries WHERE seq = 1",
    "empty the trail": "TRUNCATE audit_entries",
    "insert a forged audit row": (
        "INSERT INTO audit_entries VALUES (9999, '2026-11-24T09:30:00+00:00', 'forger', "
        "'POLICE', 'login', 'user', '1', '{}', '" + "0" * 64 + "')"
    ),
    "drop the append-only trigger": "DROP TRIGGER audit_entries_no_change ON audit_entries",
    "read the chain key": "SELECT key FROM mash_private.audit_key",
    "compute a MAC with the key function": "SELECT mash_audit_mac('\\x00', 'x', 'y')",
    "move the chain head": "UPDATE mash_private.audit_head SET seq = 0",
    "read the password hashes": "SELECT rolpassword FROM pg_authid",
    "create a role": "CREATE ROLE intruder LOGIN PASSWORD 'intruder-pass-1'",
    "suspend the administrator": "SELECT mash_account_set_login('admin', false)",
    "alter the schema": "ALTER TABLE contacts ADD COLUMN leaked text",
    "create a table": "CREATE TABLE loot (x text)",
}


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_desk_officers_own_role_cannot(
    attack: str, ctx: AppContext, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-8, SEC-3
    make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    dsn = pg_cluster.tls_dsn(hub_db, role_name(hub_db, "desk.police"), TEST_PASSWORD)
    with psycopg.connect(dsn, autocommit=True) as conn, pytest.raises(psycopg.Error):
        conn.execute(ATTACKS[attack].encode())
    result = verify_store(ctx.store)
    assert result.ok, result.message
    # The refusal is in the server log with the statement (log_min_error_statement = error).
    assert ATTACKS[attack][:40] in pg_cluster.server_log()
