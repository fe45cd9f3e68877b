"""Lawful sharing enforced by the research services (ISP-10, ISP-11, ISP-12, ISP-13), and
the child recognised by other identifiers with an open case routed (RQ-1, RQ-3, RQ-4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.lawful_sharing import Advice, BodyType, Capacity, ThirdParties
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import ConsentStatus, Relevance
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.research.corrections import SharedItemService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.models import Agency, SharingDecision
from tests.helpers.contacts import child, contact_input
from tests.helpers.research import complete_sharing, make_contact, make_hub, subject_ids


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


def _item(ctx, hub, sensitivity_note="", agency="HEALTH", text="Seen by GP for a burn in May"):
    svc = ResearchService(ctx)
    contact = make_contact(ctx)
    svc.request_research(hub.manager, contact, ["HEALTH", "POLICE", "EDUCATION"])
    officer = {"HEALTH": hub.health, "EDUCATION": hub.education}[agency]
    req = next(
        p for p in svc.contact_research(officer, contact).panels if p.agency_code == agency
    ).request_id
    svc.save_panel(officer, req, "GP record (SystmOne)")
    item = svc.add_finding(
        officer,
        req,
        FindingInput(
            text,
            Relevance.HIGH,
            subject_id=subject_ids(ctx, contact)[0],
            sensitive=bool(sensitivity_note),
            sensitivity_note=sensitivity_note,
        ),
    )
    svc.submit(officer, req)
    return contact, item, officer


NO_CONSENT = {"consent": ConsentStatus.NOT_SOUGHT, "consent_note": "Would alert the adult."}


def test_isp10_consent_needs_who_gave_it_capacity_and_third_parties(ctx, hub):
    # REQ: ISP-10
    _contact, item, officer = _item(ctx, hub)
    svc = ResearchService(ctx)
    bare = complete_sharing(consent_given_by="", capacity=None, third_parties=None)
    with pytest.raises(ValidationError) as err:
        svc.share(officer, item.id, bare)
    assert {"consent_given_by", "capacity", "third_parties"} <= set(err.value.fields)
    with pytest.raises(ValidationError, match="not valid consent"):
        svc.share(officer, item.id, complete_sharing(capacity=Capacity.LACKED_CAPACITY))
    unassessed = complete_sharing(capacity=Capacity.NOT_ASSESSED, capacity_note="-")
    with pytest.raises(ValidationError, match=r"protocol paragraph 5\.15\.1"):
        svc.share(officer, item.id, unassessed)
    ok = complete_sharing(
        capacity=Capacity.NOT_ASSESSED,
        capacity_note="Aged 15, Gillick competent, consented in clinic",
        third_parties=ThirdParties.NOT_SOUGHT,
        third_party_note="Father named but whereabouts unknown",
    )
    assert svc.share(officer, item.id, ok).shared
    with ctx.store.transaction() as s:
        decision = s.scalar(select(SharingDecision))
        assert decision.capacity == "not_assessed"
        assert decision.third_party_note.startswith("Father named")


def test_isp10_consent_is_not_the_basis_while_consent_was_not_sought_or_refused(ctx, hub):
    """ISP-10: ticking "the data subject has given consent" (Schedule 2 or 3) is refused
    while the consent recorded says not sought, refused or not obtainable; nothing written."""
    # REQ: ISP-10
    _contact, item, officer = _item(ctx, hub)
    svc = ResearchService(ctx)
    for status in (ConsentStatus.NOT_SOUGHT, ConsentStatus.REFUSED, ConsentStatus.NOT_POSSIBLE):
        request = complete_sharing(
            schedule2=("S2-1", "S2-4a"),
            schedule3=("S3-1",),
            consent=status,
            consent_note="Would alert the adult.",
            advice=Advice.TAKEN,
            advice_note="Legal team, 2 Dec",
        )
        with pytest.raises(ValidationError) as err:
            svc.share(officer, item.id, request)
        fields = err.value.fields
        assert "The data subject has given consent to the processing" in fields["schedule2"]
        assert "The data subject has given explicit consent" in fields["schedule3"]
        assert "cannot be the lawful basis" in str(err.value)
        assert "S2-1" not in str(err.value)
    with ctx.store.transaction() as s:
        assert s.scalar(select(SharingDecision)) is None
    # The same ticks with consent given are lawful.
    given = complete_sharing(schedule2=("S2-1",), schedule3=("S3-1",))
    assert svc.share(officer, item.id, given).shared


def test_isp11_a_gateway_must_fit_the_partner(ctx, hub):
    # REQ: ISP-11
    _contact, item, officer = _item(ctx, hub)
    with ctx.store.transaction() as s:
        health = s.scalar(select(Agency).where(Agency.code == "HEALTH"))
        health.body_type = BodyType.NON_PUBLIC.value  # e.g. a private provider
    svc = ResearchService(ctx)
    with pytest.raises(ValidationError, match="does not apply to") as err:
        svc.share(officer, item.id, complete_sharing(gateways=("CA2004-s11",)))
    assert "gateways" in err.value.fields
    with pytest.raises(ValidationError, match="relevant authorities"):
        svc.share(officer, item.id, complete_sharing(gateways=("CDA1998-s115",)))
    assert svc.share(officer, item.id, complete_sharing(gateways=("CA1989-s47",))).shared


def test_isp12_advice_recorded_without_consent_and_required_for_mental_illness(ctx, hub):
    # REQ: ISP-12
    _contact, item, officer = _item(
        ctx, hub, sensitivity_note="treatment of mental illness", text="Inpatient 2024"
    )
    svc = ResearchService(ctx)
    with pytest.raises(ValidationError) as err:
        svc.share(officer, item.id, complete_sharing(**NO_CONSENT, advice=None))
    assert "advice" in err.value.fields
    with pytest.raises(ValidationError, match="treatment for mental illness"):
        svc.share(officer, item.id, complete_sharing(**NO_CONSENT, advice=Advice.NOT_TAKEN))
    taken = complete_sharing(
        **NO_CONSENT,
        advice=Advice.TAKEN,
        advice_note="Trust legal team and the Caldicott guardian, 24/11",
    )
    assert svc.share(officer, item.id, taken).shared
    with ctx.store.transaction() as s:
        decision = s.scalar(select(SharingDecision))
        assert decision.advice == "taken" and decision.mental_illness_treatment


def test_isp13_originator_corrects_a_shared_item_and_recipients_see_it_marked(ctx, hub):
    # REQ: ISP-13
    contact, item, officer = _item(ctx, hub)
    svc = ResearchService(ctx)
    svc.share(officer, item.id, complete_sharing())
    corrections = SharedItemService(ctx)
    with pytest.raises(NotFound):  # police did not originate it
        corrections.amend(hub.police, item.id, "Seen for a scald", "Wrong injury")
    with pytest.raises(ValidationError):
        corrections.amend(officer, item.id, "Seen by GP for a scald in May", ".")
    corrections.amend(
        officer, item.id, "Seen by GP for a scald in May", "GP letter said scald, not burn"
    )
    seen = next(
        p for p in svc.contact_research(hub.police, contact).panels if p.agency_code == "HEALTH"
    ).findings[0]
    assert seen.finding == "Seen by GP for a scald in May"
    assert seen.amended_at is not None
    [history] = corrections.history(hub.police, item.id)
    assert history.old_text == "Seen by GP for a burn in May"
    assert history.reason == "GP letter said scald, not burn"


def test_rq1_other_identifiers_are_kept_and_used_by_matching(ctx, clock, make_user):
    # REQ: RQ-1 RQ-3 RQ-4
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    manager = make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    contacts = ContactService(ctx)
    open_case = contacts.intake(
        desk,
        contact_input(
            clock.now(),
            child_with_ids("Kai", "Renwick", "PNC: 26/9911Z; UPN: A120034567890"),
            csc_case_open=True,
            allocated_team="Poole Locality Team 2",
        ),
    )
    assert open_case.children[0].other_identifiers == "PNC: 26/9911Z; UPN: A120034567890"
    new = contacts.intake(
        desk, contact_input(clock.now(), child_with_ids("Kye", "Ranwick", "UPN: a120034567890"))
    )
    [match] = MatchingService(ctx).matches(desk, new.id)
    assert match.kind == "identifier" and "unique pupil number" in match.reasons
    detail = contacts.get(desk, new.id)
    assert "Poole Locality Team 2" in detail.open_case_elsewhere
    assert not contacts.strategy_discussion_allowed(desk, new.id).allowed
    held = contacts.claim(manager, new.id)
    with pytest.raises(ValidationError, match="open on"):
        contacts.decide(manager, new.id, held.version, Outcome.STRATEGY_DISCUSSION, "s47")
    routed = contacts.route_to_allocated_team(manager, new.id, held.version, "")
    assert routed.status == ContactStatus.ROUTED
    assert routed.allocated_team == "Poole Locality Team 2"


def child_with_ids(first, last, identifiers):
    from dataclasses import replace

    return replace(child(first, last), other_identifiers=identifiers)
