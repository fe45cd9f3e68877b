"""Strategy requests and records through the real services over an encrypted store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.strategy import (
    EMERGENCY_STATEMENT,
    HOSPITAL_STATEMENT,
    DiscussionStatus,
    MinimumRole,
    Mode,
    Trigger,
)
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import reference_of
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import FULL_ATTENDEES, HELD, filled_record


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


def _actions(ctx: AppContext) -> list[str]:
    with ctx.store.transaction() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_store_has_the_strategy_tables(ctx: AppContext) -> None:
    with ctx.store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {
        "strategy_discussions",
        "strategy_invitations",
        "strategy_attendees",
        "strategy_missing_reasons",
        "strategy_actions",
        "strategy_action_feedback",
        "strategy_copies",
        "strategy_escalations",
        "strategy_outcome_feedback",
    } <= tables


# REQ: SD-0
def test_request_refused_for_a_case_open_in_csc(ctx: AppContext, la_manager: Actor) -> None:
    contact_id = make_contact(ctx, la_manager, csc_case_open=True)
    with pytest.raises(ValidationError, match="already open in Children's Social Care") as err:
        StrategyService(ctx).request(la_manager, contact_id, "Injury seen at nursery")
    assert "contact" in err.value.fields
    assert StrategyService(ctx).discussions(la_manager) == []
    assert "strategy.request_refused" in _actions(ctx)  # the refusal is audited


# REQ: SD-2
def test_request_invites_police_and_health_always(ctx: AppContext, la_manager: Actor) -> None:
    reference = reference_of(ctx, make_contact(ctx, la_manager))
    view = StrategyService(ctx).request(
        la_manager,
        reference,
        "Unexplained bruising in a non-mobile baby",
        invited_agency_codes=["EDUCATION"],
        paediatrician_needed=True,
        trigger=Trigger.MASH_INFORMATION,
    )
    assert view.trigger is Trigger.MASH_INFORMATION
    assert set(view.invited_agencies) == {"POLICE", "HEALTH", "EDUCATION"}
    assert view.paediatrician_needed
    assert view.status is DiscussionStatus.REQUESTED
    assert view.child_names == "Maisie Thornbury"
    assert view.statements == ()
    assert "strategy.request" in _actions(ctx)


# REQ: SD-2
def test_request_needs_a_reason(ctx: AppContext, la_manager: Actor) -> None:
    cid = make_contact(ctx, la_manager)
    with pytest.raises(ValidationError) as err:
        StrategyService(ctx).request(la_manager, cid, "  ")
    assert "reason" in err.value.fields


# REQ: SD-1
def test_child_in_hospital_record_says_it_is_held_with_hospital_staff(
    ctx: AppContext, la_manager: Actor
) -> None:
    cid = make_contact(ctx, la_manager, child_in_hospital=True)
    view = StrategyService(ctx).request(
        la_manager, cid, "Fractured femur, age 4 months", hospital_note="Ward 7, Poole Hospital"
    )
    assert view.child_in_hospital
    assert HOSPITAL_STATEMENT in view.statements
    assert view.hospital_note == "Ward 7, Poole Hospital"


# REQ: SD-11
def test_emergency_without_mash_discussion_carries_the_statement(
    ctx: AppContext, la_manager: Actor
) -> None:
    cid = make_contact(ctx, la_manager)
    view = StrategyService(ctx).request(
        la_manager, cid, "Disclosure of sexual abuse today", emergency_no_mash=True
    )
    assert view.emergency_no_mash
    assert EMERGENCY_STATEMENT in view.statements
    assert "considered all information available at the time" in EMERGENCY_STATEMENT


def test_only_the_contacts_own_la_manager_requests(
    ctx: AppContext, make_user: Callable[..., Actor]
) -> None:
    poole = make_user("pat.poole", Role.LA_MANAGER, "LA-POOLE")
    desk = make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    cid = make_contact(ctx, poole, la="LA-DORSET")
    with pytest.raises(PermissionDenied):
        StrategyService(ctx).request(poole, cid, "Concern")
    with pytest.raises(PermissionDenied):
        StrategyService(ctx).request(desk, cid, "Concern")


# REQ: SD-3
def test_completion_blocked_while_a_minimum_attendee_is_missing(
    ctx: AppContext, la_manager: Actor
) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    no_police = tuple(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.POLICE)
    d = service.save_record(la_manager, d.id, filled_record(no_police), d.version)
    assert d.missing_minimum == (MinimumRole.POLICE,)
    with pytest.raises(ValidationError, match="Police representative is missing") as err:
        service.complete(la_manager, d.id)
    assert "missing:police" in err.value.fields
    assert service.get(la_manager, d.id).status is DiscussionStatus.REQUESTED


# REQ: SD-3
def test_completion_allowed_when_the_missing_attendees_reason_is_recorded(
    ctx: AppContext, la_manager: Actor
) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    no_police = tuple(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.POLICE)
    reasons = {MinimumRole.POLICE: "Police on a firearms incident; DS Quarry briefed by phone."}
    d = service.save_record(la_manager, d.id, filled_record(no_police, reasons), d.version)
    assert d.unexplained_missing == ()
    done = service.complete(la_manager, d.id)
    assert done.status is DiscussionStatus.COMPLETED
    assert done.record.missing_reasons[MinimumRole.POLICE].startswith("Police on a firearms")


# REQ: SD-5
def test_completion_needs_the_s47_decision_and_outcome(ctx: AppContext, la_manager: Actor) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    blank = filled_record().__class__(held_at=HELD, place="Room 2", attendees=FULL_ATTENDEES)
    d = service.save_record(la_manager, d.id, blank, d.version)
    with pytest.raises(ValidationError) as err:
        service.complete(la_manager, d.id)
    assert {"s47_started", "outcome", "allocated", "information_shared"} <= set(err.value.fields)


# REQ: SD-7
def test_due_dates_on_the_discussion(ctx: AppContext, la_manager: Actor, clock: FixedClock) -> None:
    referral = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)  # Thursday
    clock.set(referral + timedelta(minutes=5))  # logged at intake just after it came in
    cid = make_contact(ctx, la_manager, received_at=referral)
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))
    service = StrategyService(ctx)
    d = service.request(la_manager, cid, "Bruising")
    held = datetime(2026, 12, 17, 14, 0, tzinfo=UTC)
    d = service.save_record(la_manager, d.id, filled_record(held_at=held), d.version)
    # 15 working days skip Christmas, Boxing Day (observed Monday 28th) and New Year's Day.
    assert d.icpc_due == date(2027, 1, 12)
    # 45 working days from Thursday 10 December 2026.
    assert d.assessment_due == date(2027, 2, 16)
    no_s47 = service.save_record(
        la_manager, d.id, filled_record(held_at=held, s47=False), d.version
    )
    assert no_s47.icpc_due is None


def test_a_stale_save_is_a_conflict_not_a_lost_update(ctx: AppContext, la_manager: Actor) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    service.save_record(la_manager, d.id, filled_record(), d.version)
    with pytest.raises(ConflictError):
        service.save_record(la_manager, d.id, filled_record(), d.version)


# REQ: SD-4
def test_partner_cannot_record_and_only_involved_agencies_see_it(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    police = make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING")
    assert service.get(police, d.id).reference == d.reference
    with pytest.raises(PermissionDenied):
        service.save_record(police, d.id, filled_record(), d.version)
    with pytest.raises(PermissionDenied):
        service.get(housing, d.id)
    assert service.discussions(housing) == []


# REQ: SD-9
def test_ooh_manager_records_by_telephone_and_la_sees_it_next_working_morning(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor], clock: FixedClock
) -> None:
    ooh = make_user("olly.night", Role.OOH_MANAGER, "LA-DORSET", "Olly Night")
    service = StrategyService(ctx)
    cid = make_contact(ctx, la_manager)
    friday_night = datetime(2026, 11, 27, 22, 40, tzinfo=UTC)
    clock.set(friday_night)
    d = service.request(ooh, cid, "Child left alone overnight; police attended")
    assert d.out_of_hours
    assert d.record.mode is Mode.TELEPHONE
    with pytest.raises(ValidationError, match="telephone"):
        service.save_record(ooh, d.id, filled_record(mode=Mode.MEETING), d.version)
    d = service.save_record(
        ooh, d.id, filled_record(mode=Mode.TELEPHONE, held_at=friday_night), d.version
    )
    service.complete(ooh, d.id)
    for later in (datetime(2026, 11, 28, 10, 0), datetime(2026, 11, 30, 8, 59)):
        clock.set(later.replace(tzinfo=UTC))  # Saturday; Monday before nine
        assert service.from_out_of_hours(la_manager) == []
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # Monday 09:00
    assert [r.id for r in service.from_out_of_hours(la_manager)] == [d.id]
    clock.advance(timedelta(days=2))
    assert [r.id for r in service.from_out_of_hours(la_manager)] == [d.id]  # until acknowledged
    service.acknowledge_ooh(la_manager, d.id)
    assert service.from_out_of_hours(la_manager) == []


# REQ: SD-9
def test_ooh_after_a_bank_holiday_weekend_shows_on_tuesday(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor], clock: FixedClock
) -> None:
    ooh = make_user("olly.night", Role.OOH_MANAGER, "LA-DORSET")
    service = StrategyService(ctx)
    cid = make_contact(ctx, la_manager)
    # Friday 28 May 2027, 23:00 BST; Monday 31 May is the spring bank holiday.
    friday = datetime(2027, 5, 28, 22, 0, tzinfo=UTC)
    clock.set(friday)
    d = service.request(ooh, cid, "Domestic abuse incident; child injured")
    service.save_record(ooh, d.id, filled_record(mode=Mode.TELEPHONE, held_at=friday), d.version)
    clock.set(datetime(2027, 5, 31, 9, 30, tzinfo=UTC))  # bank holiday Monday
    assert service.from_out_of_hours(la_manager) == []
    clock.set(datetime(2027, 6, 1, 8, 0, tzinfo=UTC))  # Tuesday 09:00 BST
    assert [r.id for r in service.from_out_of_hours(la_manager)] == [d.id]
    other_la = make_user("pat.poole", Role.LA_MANAGER, "LA-POOLE")
    assert service.from_out_of_hours(other_la) == []


def test_every_view_and_change_is_audited(ctx: AppContext, la_manager: Actor) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    service.get(la_manager, d.id)
    d = service.save_record(la_manager, d.id, filled_record(), d.version)
    service.complete(la_manager, d.id)
    service.discussions(la_manager)
    actions = _actions(ctx)
    for action in (
        "strategy.request",
        "strategy.view",
        "strategy.record_save",
        "strategy.complete",
        "strategy.list",
    ):
        assert action in actions


# REQ: SD-4
def test_printable_record_carries_the_form_and_is_audited(
    ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    from mash_desktop.printing.document import KeyValues, Paragraph, Table

    service = StrategyService(ctx)
    cid = make_contact(ctx, la_manager)
    d = service.request(la_manager, cid, "Bruising", emergency_no_mash=True)
    d = service.save_record(la_manager, d.id, filled_record(), d.version)
    doc = service.printable_record(la_manager, d.id)
    assert doc.kind == "strategy_record"
    assert doc.object_id == str(d.id)
    assert set(doc.source_agencies) == {"LA-DORSET", "HEALTH", "POLICE", "EDUCATION"}
    text = repr(doc.blocks)
    assert "Maisie Thornbury" in text
    assert "DS Ray Quarry" in text
    assert any(isinstance(b, Paragraph) and b.text == EMERGENCY_STATEMENT for b in doc.blocks)
    decisions = next(
        b for b in doc.blocks if isinstance(b, KeyValues) and b.pairs[0][0] == "Information shared"
    )
    assert dict(decisions.pairs)["Section 47 enquiries start"] == "Yes"
    assert any(isinstance(b, Table) and b.header[0] == "Name" for b in doc.blocks)
    assert "strategy.print_prepare" in _actions(ctx)
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING")
    with pytest.raises(PermissionDenied):
        service.printable_record(housing, d.id)


# REQ: SD-3
def test_a_teacher_cannot_stand_in_for_the_police_representative(
    ctx: AppContext, la_manager: Actor
) -> None:
    from mash_desktop.services.strategy.service import AttendeeInput

    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    wrong = (
        *(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.POLICE),
        AttendeeInput("Jo Winfrith", "Head teacher", "EDUCATION", MinimumRole.POLICE),
    )
    with pytest.raises(ValidationError, match="cannot count as the police representative"):
        service.save_record(la_manager, d.id, filled_record(wrong), d.version)


# REQ: SD-1
def test_a_hospital_note_on_the_request_marks_the_child_in_hospital(
    ctx: AppContext, la_manager: Actor
) -> None:
    cid = make_contact(ctx, la_manager)  # the contact did not say so
    view = StrategyService(ctx).request(
        la_manager, cid, "Head injury", hospital_note="Admitted to Dorset County Hospital"
    )
    assert view.child_in_hospital
    assert HOSPITAL_STATEMENT in view.statements


def test_discussions_found_from_a_contact(ctx: AppContext, la_manager: Actor) -> None:
    service = StrategyService(ctx)
    reference = reference_of(ctx, make_contact(ctx, la_manager))
    d = service.request(la_manager, reference, "Bruising")
    assert [r.id for r in service.find_for_contact(la_manager, reference)] == [d.id]


def test_a_record_cannot_be_completed_as_held_in_the_future(
    ctx: AppContext, la_manager: Actor
) -> None:
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    tomorrow = HELD + timedelta(days=1)
    d = service.save_record(la_manager, d.id, filled_record(held_at=tomorrow), d.version)
    with pytest.raises(ValidationError) as err:
        service.complete(la_manager, d.id)
    assert set(err.value.fields) == {"held_at"}
