"""SEC-8 grants per role group (issue 12): the app keeps working for every role when each
user connects with their own database role, as a workstation does (the other service tests
connect as the hub owner). One day of a MASH, each step by the role that does it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import AuditFilter, AuditService, verify_store
from mash_desktop.services.contacts.amend import ContactAmendments
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.services.drafts import DraftService
from mash_desktop.services.governance.board import BoardService
from mash_desktop.services.governance.destruction import DestructionService
from mash_desktop.services.governance.retention import RetentionService
from mash_desktop.services.incidents import SecurityIncidentService
from mash_desktop.services.passwords import PasswordService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.settings import SettingsService
from mash_desktop.store.models import Contact
from tests.helpers.contacts import child, contact_input
from tests.helpers.hub_roles import AsUser
from tests.helpers.research import complete_sharing

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def test_every_role_does_its_days_work_over_its_own_database_role(
    ctx: AppContext, as_user: AsUser
) -> None:
    # REQ: SEC-8, RQ-1, RQ-5, ISP-2
    desk_ctx, desk = as_user("desk.la", Role.DESK_OFFICER, "LA-DORSET")
    contacts = ContactService(desk_ctx)
    logged = contacts.intake(desk, contact_input(ctx.clock.now(), child("Tamsin", "Orrell")))
    contacts.claim(desk, logged.id)
    contacts.release(desk, logged.id)
    DraftService(desk_ctx).save(desk, "contact", logged.id, {"concern": "typed"})
    assert QueueService(desk_ctx).page(desk, QueueFilter()).rows

    mgr_ctx, mgr = as_user("mgr.mash", Role.MASH_MANAGER, "LA-DORSET")
    ResearchService(mgr_ctx).request_research(mgr, logged.id, ["HEALTH"])

    health_ctx, health = as_user("desk.health", Role.DESK_OFFICER, "HEALTH")
    research = ResearchService(health_ctx)
    panel = research.contact_research(health, logged.id).panels[0]
    research.save_panel(health, panel.request_id, "GP record, A&E attendances")
    shared = research.add_finding(health, panel.request_id, FindingInput("seen", Relevance.HIGH))
    research.add_finding(health, panel.request_id, FindingInput("kept", Relevance.LOW))
    research.submit(health, panel.request_id)
    research.share(health, shared.id, complete_sharing())

    la_ctx, la = as_user("mgr.la", Role.LA_MANAGER, "LA-DORSET")
    la_contacts = ContactService(la_ctx)
    version = la_contacts.claim(la, logged.id).version
    la_contacts.decide(la, logged.id, version, Outcome.EARLY_HELP, "Early help fits.")
    reopened = ContactAmendments(la_contacts).reopen(la, logged.id, "Wrong outcome recorded")
    assert reopened.status == "open"

    ooh_ctx, ooh = as_user("ooh.la", Role.OOH_MANAGER, "LA-POOLE")
    ooh_contacts = ContactService(ooh_ctx)
    ooh_contacts.claim(ooh, logged.id)
    ooh_contacts.release(ooh, logged.id)

    audit_ctx, auditor = as_user("audit.la", Role.AUDITOR, "LA-DORSET")
    assert AuditService(audit_ctx).search(auditor, AuditFilter(action="contact.reopen"))
    assert SecurityIncidentService(audit_ctx).list(auditor) is not None
    panels = ResearchService(audit_ctx).contact_research(auditor, logged.id).panels
    assert [f.id for p in panels for f in p.findings] == [shared.id]
    assert BoardService(audit_ctx).figures(auditor, date(2026, 11, 1), date(2026, 11, 30))

    admin_ctx, admin2 = as_user("admin2", Role.ADMINISTRATOR, "LA-DORSET")
    accounts = AccountService(admin_ctx)
    made = accounts.create_user(
        admin2, "desk.new", "Nell New", "Another-pass-77", "POLICE", Role.DESK_OFFICER
    )
    accounts.suspend(admin2, made.id, "left the MASH")
    accounts.reinstate(admin2, made.id)
    SettingsService(admin_ctx).set(admin2, "refusal_incident_count", 6)
    assert BoardService(admin_ctx).figures(admin2, date(2026, 11, 1), date(2026, 11, 30))
    RetentionService(admin_ctx).due(admin2)
    assert AuditService(admin_ctx).verify(admin2).ok

    new = "Harbour-lantern-tide-42"
    PasswordService(desk_ctx).change_own(desk, "test-password-1", new, new)
    result = verify_store(ctx.store)
    assert result.ok, result.message


def test_records_management_works_for_a_manager_and_an_administrator(
    ctx: AppContext, as_user: AsUser, clock: FixedClock
) -> None:
    # REQ: SEC-8, ISP-9 (an administrator's role destroys a record it cannot read)
    desk_ctx, desk = as_user("desk.la", Role.DESK_OFFICER, "LA-DORSET")
    mgr_ctx, mgr = as_user("mgr.mash", Role.MASH_MANAGER, "LA-DORSET")
    made = ContactService(desk_ctx).intake(
        desk,
        contact_input(clock.now(), child("Zephyrine", "Quaxleworth"), la_agency_code="LA-DORSET"),
    )
    contacts = ContactService(mgr_ctx)
    version = contacts.claim(mgr, made.id).version
    contacts.decide(mgr, made.id, version, Outcome.NO_FURTHER_ACTION, "Synthetic rationale")
    research = ResearchService(mgr_ctx)
    research.request_research(mgr, made.id, ["POLICE"])
    police_ctx, police = as_user("pc.one", Role.DESK_OFFICER, "POLICE")
    panel = ResearchService(police_ctx).contact_research(police, made.id).panels[0]
    ResearchService(police_ctx).save_panel(police, panel.request_id, "PNC")
    ResearchService(police_ctx).add_finding(
        police, panel.request_id, FindingInput("kept", Relevance.HIGH)
    )
    clock.advance(timedelta(days=7 * 366))
    proposal = DestructionService(mgr_ctx).propose(mgr, made.id, "Retention period ended")
    admin_ctx, admin2 = as_user("admin2", Role.ADMINISTRATOR, "LA-DORSET")
    done = DestructionService(admin_ctx).approve(admin2, proposal)
    assert done.reference == made.reference
    with ctx.store.transaction() as s:
        assert s.get(Contact, made.id) is None
        left = s.execute(text("SELECT count(*) FROM research_systems_checked")).scalar_one()
        assert left == 0
    result = verify_store(ctx.store)
    assert result.ok, result.message
