"""ISP-8, GOV-2, GOV-3: a partner's withdrawal, the agreement's versions, signatories and
review, each user's acknowledgement, and non-compliance and complaints."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mash_desktop.domain.errors import AgencyWithdrawn, PermissionDenied, ValidationError
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.governance.concerns import ConcernKind, ConcernService
from mash_desktop.services.governance.partners import PartnerService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.research import complete_sharing, make_contact, make_hub

TODAY = date(2026, 11, 24)  # the clock fixture's day


def test_withdrawn_partner_loses_access_at_once_and_its_shared_work_stays(ctx, admin):
    # REQ: ISP-8
    hub = make_hub(ctx, admin)
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    research.request_research(hub.manager, contact, ["POLICE"])
    request = research.contact_research(hub.police, contact).panels[0].request_id
    item = research.add_finding(
        hub.police, request, FindingInput("Known to police", Relevance.HIGH)
    )
    research.save_panel(hub.police, request, "PNC, local intelligence")
    research.submit(hub.police, request)
    research.share(hub.police, item.id, complete_sharing())
    police_session = hub.police  # logged in before the notice: an open session
    partners = PartnerService(ctx)
    with pytest.raises(ValidationError, match="future"):
        partners.record_withdrawal(admin, "POLICE", TODAY + timedelta(days=1), "")
    with pytest.raises(PermissionDenied):
        partners.record_withdrawal(hub.manager, "POLICE", TODAY, "")
    partners.record_withdrawal(admin, "POLICE", TODAY - timedelta(days=2), "Letter of 22/11")
    # The open session is refused at its next action; a new login too.
    with pytest.raises(AgencyWithdrawn, match="withdrawn"):
        research.contact_research(police_session, contact)
    with pytest.raises(Exception, match="withdrawn"):
        AccountService(ctx).login("pc.harrow", TEST_PASSWORD)
    # What police shared stays, readable by the others as before.
    others = research.contact_research(hub.health, contact).panels
    assert [f.finding for f in others[0].findings] == ["Known to police"]
    assert research.contact_research(hub.manager, contact).panels[0].findings
    agencies = {a.code: a for a in AccountService(ctx).list_agencies(admin)}
    assert not agencies["POLICE"].active


def test_agreement_versions_signatories_and_review_reminder(ctx, admin, clock):
    # REQ: GOV-2
    partners = PartnerService(ctx)
    assert partners.agreement(admin)[1].state == "none"
    v1 = partners.record_version(admin, "2.0", date(2026, 1, 15), "Pan-Dorset MASH ISP")
    with pytest.raises(ValidationError):
        partners.record_version(admin, "2.0", date(2026, 2, 1))
    partners.add_signatory(
        admin, v1, "POLICE", "Chief Constable (synthetic)", "Chief Constable", date(2026, 1, 10)
    )
    partners.add_signatory(
        admin, v1, "LA-DORSET", "Director (synthetic)", "Director of CS", date(2026, 1, 12)
    )
    row, status = partners.agreement(admin)
    assert row is not None and row.version == "2.0" and row.review_due_on == date(2027, 1, 15)
    assert [s.agency_code for s in row.signatories] == ["LA-DORSET", "POLICE"]
    assert "Health (CCG and NHS trusts)" in row.unsigned
    assert (status.state, status.days_left) == ("due_soon", 52)  # 24/11/2026 to 15/01/2027
    clock.set(clock.now().replace(year=2026, month=11, day=16))  # 60 days before
    assert "due on 15/01/2027, in 60 days" in partners.review_reminder(admin)
    clock.set(clock.now().replace(month=11, day=15))  # 61 days before: no reminder yet
    assert partners.review_reminder(admin) is None
    clock.set(clock.now().replace(year=2027, month=1, day=16))
    assert "overdue" in partners.review_reminder(admin)
    assert partners.agreement(admin)[1].state == "overdue"
    partners.record_review(admin, v1, date(2027, 1, 16))
    assert partners.agreement(admin)[1].state == "ok"
    assert partners.review_reminder(admin) is None


def test_each_user_acknowledges_each_new_version(ctx, admin, clock):
    # REQ: GOV-3
    hub = make_hub(ctx, admin)
    partners = PartnerService(ctx)
    assert partners.pending_acknowledgement(hub.police) is None  # no agreement yet
    v1 = partners.record_version(admin, "1.0", date(2026, 1, 1))
    pending = partners.pending_acknowledgement(hub.police)
    assert pending is not None and pending.version == "1.0"
    partners.acknowledge(hub.police, v1)
    assert partners.pending_acknowledgement(hub.police) is None
    v2 = partners.record_version(admin, "1.1", date(2026, 11, 1))
    assert partners.pending_acknowledgement(hub.police).version == "1.1"
    partners.acknowledge(hub.police, v2)
    seen = {username: at for _n, _a, username, at in partners.acknowledgements(admin)}
    assert seen["pc.harrow"] == clock.now() and seen["nurse.pike"] is None
    with pytest.raises(PermissionDenied):
        partners.acknowledgements(hub.police)


def test_non_compliance_and_complaints_are_recorded_for_the_board(ctx, admin):
    # REQ: GOV-3
    hub = make_hub(ctx, admin)
    concerns = ConcernService(ctx)
    with pytest.raises(ValidationError) as err:
        concerns.record(hub.manager, ConcernKind.NON_COMPLIANCE, TODAY, "Late research")
    assert "partner" in err.value.fields
    with pytest.raises(PermissionDenied):
        concerns.record(hub.police, ConcernKind.COMPLAINT, TODAY, "Slow reply")
    first = concerns.record(
        hub.manager,
        ConcernKind.NON_COMPLIANCE,
        TODAY,
        "Shared outside the hub without permission",
        "HOUSING",
    )
    concerns.record(
        hub.manager,
        ConcernKind.COMPLAINT,
        TODAY - timedelta(days=40),
        "A parent complained about the delay",
    )
    concerns.close(hub.manager, first, "Raised with Housing's lead; training given")
    rows = concerns.list(admin, since=TODAY - timedelta(days=30))
    assert [(r.kind, r.partner, r.status) for r in rows] == [
        (ConcernKind.NON_COMPLIANCE, "Housing", "closed")
    ]
    assert len(concerns.list(admin)) == 2
