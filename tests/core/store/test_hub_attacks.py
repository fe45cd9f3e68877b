"""SEC-8 proof by attack (issue 12): a user who opens a SQL tool with their own hub role gets
no further than the app lets them. Each attempt connects with psycopg as one role group's
account, without the app; every attempt fails, the audit chain still verifies, and the
server log holds the refused statement (log_min_error_statement = error)."""

from __future__ import annotations

import psycopg
import pytest

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from tests.helpers.contacts import child, contact_input
from tests.helpers.hub_roles import direct
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub
FORGED_MAC = "0" * 64

EVERYONE = {
    "change an audit row": "UPDATE audit_entries SET actor = 'nobody' WHERE seq = 1",
    "delete an audit row": "DELETE FROM audit_entries WHERE seq = 1",
    "empty the trail": "TRUNCATE audit_entries",
    "insert a forged audit row": (
        "INSERT INTO audit_entries VALUES (9999, '2026-11-24T09:30:00+00:00', 'forger', "
        f"'POLICE', 'login', 'user', '1', '{{}}', '{FORGED_MAC}')"
    ),
    "append in another's name": (
        "SELECT mash_audit_append('2026-11-24T09:30:00+00:00', 'admin', '', 'login', "
        "'user', '1', '{}')"
    ),
    "drop the append-only trigger": "DROP TRIGGER audit_entries_no_change ON audit_entries",
    "drop a need-to-know policy": (
        "DROP POLICY research_findings_need_to_know ON research_findings"
    ),
    "switch need to know off": "ALTER TABLE research_findings DISABLE ROW LEVEL SECURITY",
    "drop the decision guard": "DROP TRIGGER contacts_decision_final ON contacts",
    "read the chain key": "SELECT key FROM mash_private.audit_key",
    "compute a MAC with the key function": "SELECT mash_audit_mac('\\x00', 'x', 'y')",
    "move the chain head": "UPDATE mash_private.audit_head SET seq = 0",
    "read the password hashes": "SELECT rolpassword FROM pg_authid",
    "create a role": "CREATE ROLE intruder LOGIN PASSWORD 'intruder-pass-1'",
    "join the administrators' group": 'GRANT "{db}/role:administrator" TO "{me}"',
    "make oneself an administrator": (
        "UPDATE users SET role = 'administrator' WHERE username = '{user}'"
    ),
    "unlock someone else": "UPDATE users SET locked = false, failed_attempts = 0",
    "suspend the administrator": "SELECT mash_account_set_login('admin', false)",
    "alter the schema": "ALTER TABLE contacts ADD COLUMN leaked text",
    "create a table": "CREATE TABLE loot (x text)",
    "change a decided contact's outcome": (
        "UPDATE contacts SET outcome = 'nfa' WHERE status <> 'open'"
    ),
    "reopen a decided contact without the audit": (
        "UPDATE contacts SET status = 'open', outcome = NULL, outcome_by_id = NULL, "
        "outcome_at = NULL, outcome_rationale = NULL WHERE status <> 'open'"
    ),
}
AUDITOR_WRITES = {
    "log a contact": (
        "INSERT INTO contacts (reference, channel, received_at, decision_due_at, created_by_id, "
        "created_at, updated_at) VALUES ('X-1', 'phone', now(), now(), 1, now(), now())"
    ),
    "change a contact": "UPDATE contacts SET concern = 'changed'",
    "delete a child": "DELETE FROM subjects",
    "change a setting": "UPDATE settings SET value = '1'",
    "write research": "UPDATE research_requests SET systems_checked = 'x'",
    "record a legal hold": "DELETE FROM legal_holds",
}
ADMIN_READS = {
    "read a contact's concern": "SELECT concern FROM contacts",
    "read a child's name": "SELECT first_name, last_name FROM subjects",
    "read research": "SELECT finding FROM research_findings",
    "read systems checked": "SELECT systems_checked FROM research_requests",
    "read a strategy discussion": "SELECT * FROM strategy_discussions",
}
GROUPS = [
    ("desk.police", Role.DESK_OFFICER, "POLICE"),
    ("mgr.attack", Role.MASH_MANAGER, "LA-DORSET"),
    ("la.attack", Role.LA_MANAGER, "LA-POOLE"),
    ("ooh.attack", Role.OOH_MANAGER, "LA-BOURNEMOUTH"),
    ("audit.attack", Role.AUDITOR, "HEALTH"),
    ("admin.attack", Role.ADMINISTRATOR, "HEALTH"),
]
EXTRA = {Role.AUDITOR: AUDITOR_WRITES, Role.ADMINISTRATOR: ADMIN_READS}
# An administrator's own job (through the owner's functions and the users table).
ADMINS_MAY = {"make oneself an administrator", "unlock someone else", "suspend the administrator"}


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def decided_contact(ctx: AppContext, make_user) -> None:  # type: ignore[no-untyped-def]
    desk: Actor = make_user("desk.la", Role.DESK_OFFICER, "LA-DORSET")
    manager: Actor = make_user("mgr.decides", Role.MASH_MANAGER, "LA-DORSET")
    contacts = ContactService(ctx)
    logged = contacts.intake(desk, contact_input(ctx.clock.now(), child("Ivo", "Pennant")))
    version = contacts.claim(manager, logged.id).version
    contacts.decide(manager, logged.id, version, Outcome.EARLY_HELP, "Early help fits.")


@pytest.mark.parametrize(("username", "role", "agency"), GROUPS, ids=[g[1].value for g in GROUPS])
def test_a_role_connecting_directly_gets_no_further_than_the_app(
    username: str,
    role: Role,
    agency: str,
    ctx: AppContext,
    make_user,
    pg_cluster: PostgresCluster,
    hub_db: str,
) -> None:
    # REQ: SEC-8, SEC-3, ISP-2, RQ-5
    decided_contact(ctx, make_user)
    make_user(username, role, agency)
    attacks = {**EVERYONE, **EXTRA.get(role, {})}
    if role is Role.ADMINISTRATOR:
        attacks = {k: v for k, v in attacks.items() if k not in ADMINS_MAY}
    got_through = []
    with direct(pg_cluster, hub_db, username) as conn:
        for attack, sql in attacks.items():
            statement = (
                sql.replace("{db}", hub_db)
                .replace("{me}", f"{hub_db}/{username}")
                .replace("{user}", username)
            )
            try:
                conn.execute(statement.encode())
            except psycopg.Error:
                # The refusal is in the server log with the statement.
                assert statement[:40] in pg_cluster.server_log(), attack
            else:
                got_through.append(attack)
    assert got_through == []
    result = verify_store(ctx.store)
    assert result.ok, result.message
