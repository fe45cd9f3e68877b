"""The protocol's strategy rules enforced by the services (SD-0, SD-1, SD-3, SD-5, SD-12 to
SD-18, SEC-5), through the real services over an encrypted store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.statutory_clocks import ClockState
from mash_desktop.domain.strategy import (
    AssessmentOutcome,
    CopyChannel,
    Flow4Outcome,
    MinimumRole,
    Mode,
)
from mash_desktop.domain.strategy_protocol import Protection
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.clock_list import ClockService
from mash_desktop.services.strategy.conference import ConferenceAnswer, ConferenceRequestService
from mash_desktop.services.strategy.followup import FollowUpService
from mash_desktop.services.strategy.service import AttendeeInput, StrategyService
from mash_desktop.store.models import AuditEntry, Subject
from tests.helpers.strategy import make_contact, reference_of
from tests.helpers.strategy_fixtures import FULL_ATTENDEES, HELD, filled_record


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


def _identify(ctx: AppContext, contact_id: int, nhs: str | None = None, other: str = "") -> int:
    with ctx.store.transaction() as s:
        child = s.scalars(select(Subject).where(Subject.contact_id == contact_id)).one()
        child.nhs_number = nhs
        child.other_identifiers = other
        return child.id


def _held(ctx: AppContext, actor: Actor, cid: int, **record_changes: object) -> int:
    service = StrategyService(ctx)
    d = service.request(actor, cid, "Bruising to a baby's face")
    service.save_record(actor, d.id, replace(filled_record(), **record_changes), d.version)
    return d.id


def _completed(ctx: AppContext, actor: Actor, cid: int, **record_changes: object) -> int:
    did = _held(ctx, actor, cid, **record_changes)
    StrategyService(ctx).complete(actor, did)
    return did


def _actions(ctx: AppContext) -> list[str]:
    with ctx.store.transaction() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


# REQ: SD-0
def test_sd0_no_reconvened_discussion_once_s47_began(ctx: AppContext, la_manager: Actor) -> None:
    cid = make_contact(ctx, la_manager)
    _completed(ctx, la_manager, cid)
    with pytest.raises(ValidationError, match="reconvened"):
        StrategyService(ctx).request(la_manager, cid, "New injury reported")
    assert _actions(ctx).count("strategy.request_refused") == 1


# REQ: SD-0 RQ-3 RQ-4
def test_sd0_open_case_on_another_contact_with_the_same_nhs_number(
    ctx: AppContext, la_manager: Actor
) -> None:
    old = make_contact(ctx, la_manager, csc_case_open=True)
    new = make_contact(ctx, la_manager, child=("Maisy", "Thornbery"))
    _identify(ctx, old, nhs="9434765919")
    _identify(ctx, new, nhs="9434765919")
    with pytest.raises(ValidationError, match=reference_of(ctx, la_manager, old)):
        StrategyService(ctx).request(la_manager, new, "Bruising seen at nursery")


# REQ: SD-0 RQ-3
def test_sd0_open_case_found_by_a_confirmed_match_and_a_not_same_decision_lifts_it(
    ctx: AppContext, la_manager: Actor
) -> None:
    old = make_contact(ctx, la_manager, csc_case_open=True)
    new = make_contact(ctx, la_manager)
    a, b = _identify(ctx, old, other="PNC: 26/1234A"), _identify(ctx, new, other="PNC: 26/1234a")
    with pytest.raises(ValidationError, match="already open"):
        StrategyService(ctx).request(la_manager, new, "Bruising seen at nursery")
    MatchingService(ctx).decide(la_manager, a, b, LinkDecision.NOT_SAME, "Different twins")
    assert StrategyService(ctx).request(la_manager, new, "Bruising seen at nursery").id


# REQ: SD-3
def test_sd3_punctuation_is_no_reason_and_the_chair_cannot_be_absent(
    ctx: AppContext, la_manager: Actor
) -> None:
    no_police = tuple(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.POLICE)
    did = _held(
        ctx,
        la_manager,
        make_contact(ctx, la_manager),
        attendees=no_police,
        missing_reasons={MinimumRole.POLICE: "."},
    )
    with pytest.raises(ValidationError) as err:
        StrategyService(ctx).complete(la_manager, did)
    assert "missing:police" in err.value.fields
    view = StrategyService(ctx).get(la_manager, did)
    no_chair = tuple(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.LA_MANAGER)
    with pytest.raises(ValidationError, match="cannot be recorded as absent"):
        StrategyService(ctx).save_record(
            la_manager,
            did,
            replace(
                filled_record(no_chair),
                missing_reasons={MinimumRole.LA_MANAGER: "Chair was in court all day"},
            ),
            view.version,
        )


# REQ: SD-5 SD-12
def test_sd5_sd12_s47_decisions_leads_and_protection_are_required(
    ctx: AppContext, la_manager: Actor
) -> None:
    did = _held(
        ctx,
        la_manager,
        make_contact(ctx, la_manager),
        immediate_actions="",
        shared_with_family="n/a",
        s47_lead_agency_code="",
        protection=Protection.EPO,
    )
    with pytest.raises(ValidationError) as err:
        StrategyService(ctx).complete(la_manager, did)
    assert {"immediate_actions", "shared_with_family", "s47_lead", "protection_since"} <= set(
        err.value.fields
    )
    view = StrategyService(ctx).get(la_manager, did)
    fixed = replace(
        filled_record(),
        protection=Protection.EPO,
        protection_since=HELD - timedelta(hours=5),
    )
    StrategyService(ctx).save_record(la_manager, did, fixed, view.version)
    done = StrategyService(ctx).complete(la_manager, did)
    assert done.record.s47_lead_agency_code == "LA-DORSET"
    assert done.record.criminal_lead_agency_code == "POLICE"
    assert done.record.protection is Protection.EPO


# REQ: SD-1
def test_sd1_hospital_case_needs_hospital_staff_present_or_a_reason(
    ctx: AppContext, la_manager: Actor
) -> None:
    cid = make_contact(ctx, la_manager, child_in_hospital=True)
    did = _held(ctx, la_manager, cid)
    with pytest.raises(ValidationError) as err:
        StrategyService(ctx).complete(la_manager, did)
    assert "hospital" in err.value.fields
    ward = AttendeeInput("Sr Ada Kemp", "Ward sister", "HEALTH", None, True, True, True)
    view = StrategyService(ctx).get(la_manager, did)
    StrategyService(ctx).save_record(
        la_manager, did, filled_record((*FULL_ATTENDEES, ward)), view.version
    )
    assert StrategyService(ctx).complete(la_manager, did).attendees[-1].hospital_staff


# REQ: SD-13
def test_sd13_seniority_and_the_fostering_service_for_a_looked_after_child(
    ctx: AppContext, la_manager: Actor
) -> None:
    cid = make_contact(ctx, la_manager)
    service = StrategyService(ctx)
    d = service.request(la_manager, cid, "Injury in foster placement", looked_after=True)
    unsure = tuple(replace(a, senior_enough=None) for a in FULL_ATTENDEES)
    assert d.record.child_looked_after  # the form opens with the request's answer
    d = service.save_record(
        la_manager, d.id, replace(filled_record(unsure), child_looked_after=True), d.version
    )
    assert MinimumRole.FOSTERING in d.missing_minimum
    with pytest.raises(ValidationError) as err:
        service.complete(la_manager, d.id)
    assert {"seniority", "missing:fostering"} <= set(err.value.fields)
    fostering = AttendeeInput(
        "Bea Lytchett", "Fostering manager", "LA-DORSET", MinimumRole.FOSTERING, True, True
    )
    d = service.save_record(
        la_manager,
        d.id,
        replace(filled_record((*FULL_ATTENDEES, fostering)), child_looked_after=True),
        d.version,
    )
    assert service.complete(la_manager, d.id).missing_minimum == ()


# REQ: SD-14
def test_sd14_la_manager_at_ten_at_night_gets_the_telephone_ooh_form(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor], clock: FixedClock
) -> None:
    service = StrategyService(ctx)
    clock.set(datetime(2026, 11, 24, 22, 0, tzinfo=UTC))
    d = service.request(la_manager, make_contact(ctx, la_manager), "Child found alone at night")
    assert d.out_of_hours and d.record.mode is Mode.TELEPHONE
    with pytest.raises(ValidationError, match="telephone"):
        service.save_record(la_manager, d.id, filled_record(mode=Mode.MEETING), d.version)
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # Wednesday morning: core hours
    ooh = make_user("olly.night", Role.OOH_MANAGER, "LA-DORSET")
    other = make_contact(ctx, la_manager, child=("Ria", "Castle"))
    with pytest.raises(PermissionDenied, match="core operational hours"):
        service.request(ooh, other, "Injury seen at school")
    clock.set(datetime(2026, 12, 28, 11, 0, tzinfo=UTC))  # substitute bank holiday, daytime
    assert service.request(la_manager, other, "Injury seen at school").out_of_hours


# REQ: SD-15
def test_sd15_icpc_from_the_first_s47_discussion_for_the_child_across_contacts(
    ctx: AppContext, la_manager: Actor, clock: FixedClock
) -> None:
    first = make_contact(ctx, la_manager)
    _identify(ctx, first, nhs="9434765919")
    did = _completed(ctx, la_manager, first)
    view = StrategyService(ctx).get(la_manager, did)
    assert view.icpc_due == date(2026, 12, 15)
    assert view.icpc_state is ClockState.RUNNING
    # A later contact about the same child (same NHS number) carries the same clocks.
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    later = make_contact(ctx, la_manager)
    _identify(ctx, later, nhs="9434765919")
    rows = StrategyService(ctx).discussions(la_manager)
    assert {r.icpc_due for r in rows} == {date(2026, 12, 15)}
    clock.set(datetime(2026, 12, 11, 10, 0, tzinfo=UTC))
    assert StrategyService(ctx).get(la_manager, did).icpc_state is ClockState.DUE_SOON
    clock.set(datetime(2026, 12, 16, 10, 0, tzinfo=UTC))
    watched = ClockService(ctx).clocks_to_watch(la_manager)
    assert [r.discussion_id for r in watched] == [did] and watched[0].overdue
    with pytest.raises(ValidationError, match="after its due date") as err:
        FollowUpService(ctx).record_outcome(
            la_manager, did, AssessmentOutcome.SUBSTANTIATED_LIKELY, date(2026, 12, 18)
        )
    assert "late_reason" in err.value.fields
    FollowUpService(ctx).record_outcome(
        la_manager,
        did,
        AssessmentOutcome.SUBSTANTIATED_LIKELY,
        date(2026, 12, 18),
        late_reason="Paediatric report not ready; chair agreed the delay",
    )


# REQ: SD-16
def test_sd16_copies_fall_due_when_held_even_if_the_record_is_not_completed(
    ctx: AppContext, la_manager: Actor, clock: FixedClock
) -> None:
    did = _held(ctx, la_manager, make_contact(ctx, la_manager))
    tracker = ActionTrackerService(ctx)
    copies = tracker.copies_for(la_manager, did)
    assert {c.agency_code for c in copies} == {"POLICE", "HEALTH", "EDUCATION"}
    assert all(c.due_at == HELD + timedelta(hours=48) for c in copies)
    clock.set(HELD + timedelta(hours=49))
    assert {c.discussion_id for c in tracker.overdue_copies(la_manager)} == {did}


# REQ: SD-16 SEC-5
def test_sec5_a_copy_cannot_be_logged_as_posted_and_needs_its_address(
    ctx: AppContext, la_manager: Actor
) -> None:
    did = _held(ctx, la_manager, make_contact(ctx, la_manager))
    tracker = ActionTrackerService(ctx)
    police = next(c for c in tracker.copies_for(la_manager, did) if c.agency_code == "POLICE")
    with pytest.raises(ValidationError, match="No paper leaves the MASH"):
        tracker.record_copy_sent(la_manager, police.id, CopyChannel.SECURE_POST, "Dorset HQ")
    with pytest.raises(ValidationError, match="e-mail address"):
        tracker.record_copy_sent(la_manager, police.id, CopyChannel.SECURE_EMAIL, "")
    sent = tracker.record_copy_sent(
        la_manager, police.id, CopyChannel.SECURE_EMAIL, "mash.police@dorset.pnn.police.uk"
    )
    assert sent.address == "mash.police@dorset.pnn.police.uk"


# REQ: SD-17
def test_sd17_feedback_refused_before_the_discussion_is_held_and_for_s47_without_s47(
    ctx: AppContext, la_manager: Actor
) -> None:
    service = StrategyService(ctx)
    follow = FollowUpService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Neglect concerns")
    with pytest.raises(ValidationError, match="not been held"):
        follow.record_outcome(la_manager, d.id, AssessmentOutcome.NO_S47_ASSESSMENT, None)
    other = make_contact(ctx, la_manager, child=("Ria", "Castle"))
    did = _completed(ctx, la_manager, other, s47_started=False, outcome=Flow4Outcome.S17_ASSESSMENT)
    with pytest.raises(ValidationError, match="No s47 enquiry"):
        follow.record_outcome(la_manager, did, AssessmentOutcome.NOT_SUBSTANTIATED, None)
    assert follow.record_outcome(la_manager, did, AssessmentOutcome.NO_S47_ASSESSMENT, None)


# REQ: SD-17
def test_sd17_every_invited_partner_sees_the_feedback_not_only_those_present(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    cid = make_contact(ctx, la_manager)
    d = StrategyService(ctx).request(
        la_manager, cid, "Bruising", invited_agency_codes=["PROBATION"]
    )
    d = StrategyService(ctx).save_record(la_manager, d.id, filled_record(), d.version)
    StrategyService(ctx).complete(la_manager, d.id)
    FollowUpService(ctx).record_outcome(
        la_manager, d.id, AssessmentOutcome.SUBSTANTIATED_LIKELY, date(2026, 12, 10)
    )
    probation = make_user("pat.probation", Role.DESK_OFFICER, "PROBATION")
    assert FollowUpService(ctx).outcome_feedback(probation, d.id)[0].conference_on
    housing = make_user("hal.housing", Role.DESK_OFFICER, "HOUSING")
    with pytest.raises(PermissionDenied):
        FollowUpService(ctx).outcome_feedback(housing, d.id)


# REQ: SD-18
def test_sd18_a_partner_asks_for_a_conference_and_the_la_answers(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    did = _completed(ctx, la_manager, make_contact(ctx, la_manager))
    school = make_user("jo.school", Role.DESK_OFFICER, "EDUCATION", "Jo Winfrith")
    conf = ConferenceRequestService(ctx)
    with pytest.raises(ValidationError):
        conf.request(school, did, "?")
    asked = conf.request(school, did, "Further bruising seen today; welfare not safeguarded")
    with pytest.raises(PermissionDenied):
        conf.answer(school, asked.id, ConferenceAnswer.AGREED, "Self-approved")
    answered = conf.answer(
        la_manager, asked.id, ConferenceAnswer.AGREED, "Conference booked for 10 December"
    )
    assert answered.answered_by == "Tom Harrowgate"
    assert conf.requests_for(school, did)[0].answer is ConferenceAnswer.AGREED
    assert "strategy.conference_answer" in _actions(ctx)
