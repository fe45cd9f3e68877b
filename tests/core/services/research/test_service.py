"""Research panels, need to know and sharing (ISP-1, ISP-2, ISP-3)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import (
    ConsentStatus,
    PartnerDecision,
    Relevance,
    ResearchState,
)
from mash_desktop.services.audit import verify_store
from mash_desktop.services.research.corrections import SharedItemService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.models import AuditEntry, SharingDecision
from tests.helpers.contacts import reference_of
from tests.helpers.research import (
    ALL_ANSWERS,
    add_user,
    complete_sharing,
    make_contact,
    make_hub,
    subject_ids,
)

SECRET = "Attended CAMHS for low mood in 2025"


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


@pytest.fixture
def svc(ctx):
    return ResearchService(ctx)


def _panel(research, code):
    return next(p for p in research.panels if p.agency_code == code)


def _audit(ctx, action):
    with ctx.store.transaction() as s:
        return s.execute(
            select(AuditEntry.actor, AuditEntry.details)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.seq)
        ).all()


def health_with_secret(ctx, svc, hub, contact_id, submit=True):
    svc.request_research(hub.manager, contact_id, ["HEALTH", "POLICE", "EDUCATION"])
    req = _panel(svc.contact_research(hub.health, contact_id), "HEALTH").request_id
    svc.save_panel(hub.health, req, "GP record (SystmOne), CAMHS")
    mother = subject_ids(ctx, contact_id)[2]
    item = svc.add_finding(
        hub.health,
        req,
        FindingInput(
            SECRET,
            Relevance.HIGH,
            subject_id=mother,
            system="CAMHS",
            sensitive=True,
            sensitivity_note="mental health",
        ),
    )
    if submit:
        svc.submit(hub.health, req)
    return req, item


def test_research_store_has_its_tables(ctx):
    tables = set(inspect(ctx.store.engine).get_table_names())
    assert {
        "research_requests",
        "research_findings",
        "sharing_decisions",
        "intelligence_packages",
        "package_items",
        "disclosures",
    } <= tables


def test_manager_picks_agencies_and_each_sees_its_due_list(ctx, clock, svc, hub):
    # REQ: ISP-1
    red = make_contact(ctx, rag="red", hours_ago=1)
    green = make_contact(ctx, rag="green", hours_ago=1)
    assert svc.request_research(hub.manager, red, ["POLICE", "HEALTH"]) == ["HEALTH", "POLICE"]
    svc.request_research(hub.manager, green, ["POLICE"])
    police_due = svc.research_due(hub.police)
    assert [r.reference for r in police_due] == [reference_of(ctx, red), reference_of(ctx, green)]
    # Due time comes from the contact's RAG: red 4 hours, green 72 hours after receipt.
    assert police_due[0].due_at == clock.now() - timedelta(hours=1) + timedelta(hours=4)
    assert police_due[1].due_at == clock.now() - timedelta(hours=1) + timedelta(hours=72)
    assert [r.reference for r in svc.research_due(hub.health)] == [reference_of(ctx, red)]
    assert svc.research_due(hub.education) == []
    clock.advance(timedelta(hours=4))
    assert svc.research_due(hub.police)[0].overdue
    assert not svc.research_due(hub.police)[1].overdue


def test_only_a_mash_manager_chooses_agencies(ctx, svc, hub):
    # REQ: ISP-1
    contact = make_contact(ctx)
    with pytest.raises(PermissionDenied):
        svc.request_research(hub.police, contact, ["POLICE"])
    with pytest.raises(ValidationError):
        svc.request_research(hub.manager, contact, ["NOT-AN-AGENCY"])


def test_panel_moves_requested_draft_submitted_shared(ctx, svc, hub):
    # REQ: ISP-1
    contact = make_contact(ctx)
    svc.request_research(hub.manager, contact, ["HEALTH"])
    assert (
        _panel(svc.contact_research(hub.health, contact), "HEALTH").state is ResearchState.REQUESTED
    )
    req, item = health_with_secret(ctx, svc, hub, contact, submit=False)
    panel = _panel(svc.contact_research(hub.health, contact), "HEALTH")
    assert panel.state is ResearchState.DRAFT
    assert panel.researcher == "Selina Pike"
    assert panel.systems_checked == "GP record (SystmOne), CAMHS"
    assert panel.findings[0].about == "Morwenna Quillfeather"
    assert panel.findings[0].sensitivity_note == "mental health"
    svc.submit(hub.health, req)
    assert (
        _panel(svc.contact_research(hub.health, contact), "HEALTH").state is ResearchState.SUBMITTED
    )
    with pytest.raises(ValidationError):
        svc.add_finding(hub.health, req, FindingInput("late", Relevance.LOW))
    svc.share(hub.health, item.id, complete_sharing())
    assert _panel(svc.contact_research(hub.police, contact), "HEALTH").state is ResearchState.SHARED


def test_submit_needs_systems_checked_and_sensitive_needs_a_reason(ctx, svc, hub):
    # REQ: ISP-1
    contact = make_contact(ctx)
    svc.request_research(hub.manager, contact, ["POLICE"])
    req = _panel(svc.contact_research(hub.police, contact), "POLICE").request_id
    with pytest.raises(ValidationError) as err:
        svc.add_finding(hub.police, req, FindingInput("Intel log", Relevance.HIGH, sensitive=True))
    assert "sensitivity_note" in err.value.fields
    with pytest.raises(ValidationError) as err:
        svc.submit(hub.police, req)
    assert "systems_checked" in err.value.fields


def test_police_cannot_read_healths_unshared_research_through_the_service(ctx, svc, hub):
    # REQ: ISP-2
    contact = make_contact(ctx)
    req, item = health_with_secret(ctx, svc, hub, contact)
    police_view = svc.contact_research(hub.police, contact)
    health_panel = _panel(police_view, "HEALTH")
    assert health_panel.state is ResearchState.SUBMITTED  # the state is known...
    assert health_panel.findings == ()  # ...the content is not
    assert health_panel.systems_checked == ""
    assert SECRET not in repr(police_view)
    # Nor can police reach it by id, edit it, share it or permit it.
    with pytest.raises(NotFound):
        svc.save_panel(hub.police, req, "PNC")
    with pytest.raises(NotFound):
        svc.share(hub.police, item.id, complete_sharing())
    with pytest.raises(NotFound):
        svc.set_outside_permission(hub.police, item.id, True, "we say so")
    # A MASH manager of another agency is no exception before sharing.
    assert _panel(svc.contact_research(hub.manager, contact), "HEALTH").findings == ()
    # Once shared, police see it.
    svc.share(hub.health, item.id, complete_sharing())
    shared = _panel(svc.contact_research(hub.police, contact), "HEALTH").findings
    assert [f.finding for f in shared] == [SECRET]


def test_sharing_refused_without_lawful_basis(ctx, svc, hub):
    # REQ: ISP-2
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    for broken, field in (
        (complete_sharing(schedule2=()), "schedule2"),
        (complete_sharing(schedule3=()), "schedule3"),  # the item is sensitive
        (complete_sharing(gateways=()), "gateways"),
        (complete_sharing(consent=None), "consent"),
        (complete_sharing(consent=ConsentStatus.REFUSED), "consent_note"),
    ):
        with pytest.raises(ValidationError) as err:
            svc.share(hub.health, item.id, broken)
        assert field in err.value.fields
    assert _panel(svc.contact_research(hub.police, contact), "HEALTH").findings == ()


def test_sharing_refused_with_an_unanswered_proportionality_question(ctx, svc, hub):
    # REQ: ISP-2
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    answers = dict(ALL_ANSWERS)
    answers["PI-4"] = "   "
    with pytest.raises(ValidationError) as err:
        svc.share(hub.health, item.id, complete_sharing(answers=answers))
    assert "4. Is there another equally effective means" in err.value.fields["answers"]
    with ctx.store.transaction() as s:
        assert s.scalar(select(SharingDecision.id)) is None


def test_share_records_basis_consent_and_answers(ctx, svc, hub):
    # REQ: ISP-2
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    result = svc.share(hub.health, item.id, complete_sharing())
    assert result.shared
    with ctx.store.transaction() as s:
        decision = s.scalar(select(SharingDecision))
        assert json.loads(decision.gateways) == ["CA2004-s11", "CA1989-s47"]
        assert json.loads(decision.schedule2) == ["S2-4a"]
        assert decision.consent == "given"
        assert json.loads(decision.answers) == ALL_ANSWERS


def test_overriding_confidence_needs_holder_views_and_partner_decision(ctx, svc, hub, admin):
    # REQ: ISP-3
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    no_consent = {
        "consent": ConsentStatus.NOT_SOUGHT,
        "consent_note": "Seeking consent would alert the adult.",
        "duty_of_confidence": True,
    }
    with pytest.raises(ValidationError) as err:
        svc.share(hub.health, item.id, complete_sharing(**no_consent))
    assert {"holder_representative", "holder_views", "partner_decision"} <= set(err.value.fields)
    # The originating partner decides not to disclose: recorded, final, nothing shared.
    result = svc.share(
        hub.health,
        item.id,
        complete_sharing(
            **no_consent,
            holder_representative="Dr Ansel Brook, GP practice",
            holder_views="Disclosure would damage the therapeutic relationship.",
            partner_decision=PartnerDecision.WITHHOLD,
            partner_decided_by="Named nurse for safeguarding",
        ),
    )
    assert not result.shared
    assert "final" in result.message
    assert _panel(svc.contact_research(hub.police, contact), "HEALTH").findings == ()
    with ctx.store.transaction() as s:
        decision = s.scalar(select(SharingDecision))
        assert decision.outcome == "withheld"
        assert decision.holder_views.startswith("Disclosure would damage")
        assert decision.partner_decision == "withhold"
    assert len(_audit(ctx, "research.share_withheld")) == 1
    # REQ: ISP-3 the decision not to disclose stands in the disclosure log
    [withheld] = svc.disclosures(hub.manager, contact)
    assert withheld.to_party.startswith("Not disclosed")
    disclose = complete_sharing(
        **no_consent,
        holder_representative="Dr Ansel Brook, GP practice",
        holder_views="Accepts disclosure given the risk to the children.",
        partner_decision=PartnerDecision.DISCLOSE,
        partner_decided_by="Named nurse for safeguarding",
    )
    # REQ: ISP-3 "do not disclose" is final: a later share is refused ...
    with pytest.raises(PermissionDenied, match="final"):
        svc.share(hub.health, item.id, disclose)
    # ... until a manager of the originating partner reverses it with a reason.
    corrections = SharedItemService(ctx)
    with pytest.raises(PermissionDenied):
        corrections.reverse_withhold(hub.health, item.id, "Risk has risen")  # a desk officer
    health_manager = add_user(ctx, admin, "hm.crane", Role.MASH_MANAGER, "HEALTH", "Hattie Crane")
    with pytest.raises(NotFound):  # another partner's manager cannot
        corrections.reverse_withhold(hub.manager, item.id, "Risk has risen")
    corrections.reverse_withhold(health_manager, item.id, "Second injury reported today")
    assert svc.share(hub.health, item.id, disclose).shared
    parties = [d.to_party for d in svc.disclosures(hub.manager, contact)]
    assert len(parties) == 3 and any("reversed" in p for p in parties)


def test_every_view_and_disclosure_is_audited(ctx, svc, hub):
    # REQ: ISP-2
    # REQ: SEC-3
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    views_before = len(_audit(ctx, "research.view"))
    svc.contact_research(hub.police, contact)
    views = _audit(ctx, "research.view")
    assert len(views) == views_before + 1
    assert views[-1].actor == "pc.harrow"
    assert json.loads(views[-1].details)["findings_shown"] == []
    svc.share(hub.health, item.id, complete_sharing())
    disclosed = _audit(ctx, "disclosure")
    assert len(disclosed) == 1
    details = json.loads(disclosed[0].details)
    assert details["from"] == "HEALTH"
    assert "Children Act 2004 s11" in details["basis"]
    log = svc.disclosures(hub.police, contact)
    assert len(log) == 1
    assert log[0].by == "Selina Pike"
    assert log[0].from_agency.startswith("Health")
    assert "Children Act 1989 s47" in log[0].basis
    assert _audit(ctx, "disclosure.view")
    svc.research_due(hub.police)
    assert _audit(ctx, "research.due_list")[-1].actor == "pc.harrow"
    assert verify_store(ctx.store).ok


def test_outside_permission_only_by_the_originating_partner(ctx, svc, hub):
    # REQ: ISP-5
    contact = make_contact(ctx)
    _req, item = health_with_secret(ctx, svc, hub, contact)
    with pytest.raises(ValidationError):
        svc.set_outside_permission(hub.health, item.id, True, "ok")  # not shared yet
    svc.share(hub.health, item.id, complete_sharing())
    with pytest.raises(ValidationError):
        svc.set_outside_permission(hub.health, item.id, True, "  ")
    with pytest.raises(NotFound):
        svc.set_outside_permission(hub.manager, item.id, True, "manager cannot")
    svc.set_outside_permission(hub.health, item.id, True, "Agreed by named nurse")
    assert _panel(svc.contact_research(hub.police, contact), "HEALTH").findings[0].outside_permitted


def test_two_officers_of_one_agency_do_not_overwrite_each_other(ctx, svc, hub, admin):
    # REQ: RQ-6
    from mash_desktop.domain.errors import ConflictError
    from mash_desktop.domain.roles import Role
    from tests.helpers.research import add_user

    other = add_user(ctx, admin, "nurse.hale", Role.DESK_OFFICER, "HEALTH", "Gemma Hale")
    contact = make_contact(ctx)
    svc.request_research(hub.manager, contact, ["HEALTH"])
    panel = _panel(svc.contact_research(hub.health, contact), "HEALTH")
    svc.save_panel(hub.health, panel.request_id, "GP record", panel.version)
    with pytest.raises(ConflictError) as err:
        svc.save_panel(other, panel.request_id, "Health visiting", panel.version)
    assert err.value.mine == "Health visiting"
    assert err.value.theirs == "GP record"


def test_no_network_transfer_in_research_or_packages():
    # REQ: ISP-6
    import ast
    from pathlib import Path

    import mash_desktop

    root = Path(mash_desktop.__file__).parent
    modules = [
        root / "domain" / "sharing.py",
        *sorted((root / "services" / "research").glob("*.py")),
        root / "cli_research.py",
    ]
    network = {"socket", "http", "urllib", "smtplib", "ftplib", "requests", "ssl", "email"}
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in network, f"{module.name} imports {name}"


def test_an_administrator_sees_only_shared_research_even_of_its_own_agency(ctx, svc, hub, admin):
    # REQ: ISP-2
    contact = make_contact(ctx)
    svc.request_research(hub.manager, contact, ["LA-DORSET"])
    panel = _panel(svc.contact_research(hub.manager, contact), "LA-DORSET")
    svc.add_finding(
        hub.manager, panel.request_id, FindingInput("Open CIN plan 2024", Relevance.HIGH)
    )
    assert _panel(svc.contact_research(hub.manager, contact), "LA-DORSET").findings
    admin_view = _panel(svc.contact_research(admin, contact), "LA-DORSET")
    assert admin_view.findings == ()
    assert not admin_view.own
