"""ISP-2 need to know in the hub's database (issue 12): row-level security on agency research
(items, systems checked, what hangs on an item) gives a role connecting directly exactly what
the service shows that user, by one rule held equal in Python and SQL."""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from mash_desktop.domain.need_to_know import research_agency_for, sees_research
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.context import AppContext
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.passwords import role_name
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster
from tests.helpers.research import complete_sharing, make_contact

pytestmark = pytest.mark.hub
RESEARCHERS = ("POLICE", "HEALTH", "EDUCATION")
READERS = [
    ("mgr.la", Role.MASH_MANAGER, "LA-DORSET"),
    ("audit.la", Role.AUDITOR, "LA-DORSET"),
    ("admin2", Role.ADMINISTRATOR, "HEALTH"),
    ("ooh.la", Role.OOH_MANAGER, "LA-POOLE"),
]


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def direct_ids(cluster: PostgresCluster, dbname: str, username: str, sql: str) -> set[int]:
    dsn = cluster.tls_dsn(dbname, role_name(dbname, username), TEST_PASSWORD)
    with psycopg.connect(dsn) as conn:
        return {row[0] for row in conn.execute(sql.encode())}


def test_database_and_service_agree_on_every_reader_and_finding(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-2, SEC-8
    svc = ResearchService(ctx)
    manager = make_user("mgr.la", Role.MASH_MANAGER, "LA-DORSET")
    desks = {
        code: make_user(f"desk.{code.lower()}", Role.DESK_OFFICER, code) for code in RESEARCHERS
    }
    for username, role, agency in READERS[1:]:
        make_user(username, role, agency)
    contact_id = make_contact(ctx)
    svc.request_research(manager, contact_id, list(RESEARCHERS))
    # Every researching agency records one item it shares and one it keeps.
    for code in RESEARCHERS:
        panel = next(
            p for p in svc.contact_research(desks[code], contact_id).panels if p.agency_code == code
        )
        svc.save_panel(desks[code], panel.request_id, f"{code} case system")
        items = {
            shared: svc.add_finding(
                desks[code], panel.request_id, FindingInput(f"{code} item", Relevance.MEDIUM)
            )
            for shared in (True, False)
        }
        svc.submit(desks[code], panel.request_id)
        svc.share(desks[code], items[True].id, complete_sharing())
    users = {u.username: u for u in [manager, *desks.values()]}
    for username, _role, _agency in READERS[1:]:
        from mash_desktop.services.accounts import AccountService

        users[username] = AccountService(ctx).login(username, TEST_PASSWORD)
    checked = 0
    for username, actor in users.items():
        shown = {f.id for p in svc.contact_research(actor, contact_id).panels for f in p.findings}
        direct = direct_ids(pg_cluster, hub_db, username, "SELECT id FROM research_findings")
        assert direct == shown, username
        checked += 1
    assert checked == 7


def test_police_cannot_read_or_change_healths_unshared_item(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-2, SEC-8
    svc = ResearchService(ctx)
    manager = make_user("mgr.la", Role.MASH_MANAGER, "LA-DORSET")
    health = make_user("desk.health", Role.DESK_OFFICER, "HEALTH")
    make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    contact_id = make_contact(ctx)
    svc.request_research(manager, contact_id, ["HEALTH"])
    panel = svc.contact_research(health, contact_id).panels[0]
    item = svc.add_finding(health, panel.request_id, FindingInput("kept", Relevance.HIGH))
    police_dsn = pg_cluster.tls_dsn(hub_db, role_name(hub_db, "desk.police"), TEST_PASSWORD)
    with psycopg.connect(police_dsn, autocommit=True) as conn:
        assert (
            conn.execute(
                f"SELECT finding FROM research_findings WHERE id = {item.id}".encode()
            ).fetchall()
            == []
        )
        changed = conn.execute(
            f"UPDATE research_findings SET finding = 'x' WHERE id = {item.id}".encode()
        )
        assert changed.rowcount == 0
    assert direct_ids(
        pg_cluster, hub_db, "desk.health", f"SELECT id FROM research_findings WHERE id = {item.id}"
    ) == {item.id}


def test_systems_checked_and_what_hangs_on_an_item_follow_the_same_rule(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-2, SEC-8 (systems checked, sharing decisions: another agency reads none)
    svc = ResearchService(ctx)
    manager = make_user("mgr.la", Role.MASH_MANAGER, "LA-DORSET")
    health = make_user("desk.health", Role.DESK_OFFICER, "HEALTH")
    make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    make_user("audit.health", Role.AUDITOR, "HEALTH")
    contact_id = make_contact(ctx)
    svc.request_research(manager, contact_id, ["HEALTH"])
    panel = svc.contact_research(health, contact_id).panels[0]
    svc.save_panel(health, panel.request_id, "GP record, CAMHS")
    item = svc.add_finding(health, panel.request_id, FindingInput("seen", Relevance.HIGH))
    kept = svc.add_finding(health, panel.request_id, FindingInput("kept", Relevance.LOW))
    svc.submit(health, panel.request_id)
    svc.share(health, item.id, complete_sharing())
    checked = "SELECT request_id FROM research_systems_checked"
    assert direct_ids(pg_cluster, hub_db, "desk.health", checked) == {panel.request_id}
    assert direct_ids(pg_cluster, hub_db, "desk.police", checked) == set()
    assert direct_ids(pg_cluster, hub_db, "audit.health", checked) == set()
    # The panel itself (state, who researched) is on the app's screen for everyone.
    panels = "SELECT id FROM research_requests"
    assert direct_ids(pg_cluster, hub_db, "desk.police", panels) == {panel.request_id}
    shown = svc.contact_research(manager, contact_id).panels[0]
    assert shown.systems_checked == "" and [f.id for f in shown.findings] == [item.id]
    police_dsn = pg_cluster.tls_dsn(hub_db, role_name(hub_db, "desk.police"), TEST_PASSWORD)
    with psycopg.connect(police_dsn, autocommit=True) as conn:
        changed = conn.execute(b"UPDATE research_systems_checked SET text = 'nothing'")
        assert changed.rowcount == 0
    # The shared item's sharing decision is readable as the item is.
    decisions = "SELECT finding_id FROM sharing_decisions"
    assert direct_ids(pg_cluster, hub_db, "desk.police", decisions) == {item.id}
    findings = "SELECT id FROM research_findings"
    assert direct_ids(pg_cluster, hub_db, "desk.health", findings) == {item.id, kept.id}
    assert direct_ids(pg_cluster, hub_db, "desk.police", findings) == {item.id}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    role=st.sampled_from(list(Role)),
    reader=st.one_of(st.none(), st.integers(1, 4)),
    researcher=st.integers(1, 4),
    shared=st.booleans(),
)
def test_the_database_rule_is_the_services_rule_on_generated_cases(
    role: Role, reader: int | None, researcher: int, shared: bool, hub_store
) -> None:
    # REQ: ISP-2, SEC-8 (one rule: domain.need_to_know and the policies' SQL function)
    with hub_store.read() as session:
        in_database = session.execute(
            text("SELECT mash_research_rule(:role, :reader, :researcher, :shared)"),
            {"role": role.value, "reader": reader, "researcher": researcher, "shared": shared},
        ).scalar_one()
    assert in_database is sees_research(role, reader, researcher, shared)
    # The service's query filter is the same rule.
    assert (researcher == research_agency_for(role, reader or 0) or shared) is in_database
