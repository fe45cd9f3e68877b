"""Action tracker (SD-6), 48-hour copies (SD-4), escalations (SD-10), outcome feedback (SD-8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.strategy import (
    ActionStatus,
    AssessmentOutcome,
    CopyChannel,
    MinimumRole,
)
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.followup import FollowUpService
from mash_desktop.services.strategy.service import AttendeeInput, DiscussionView, StrategyService
from mash_desktop.store.models import AuditEntry
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import FULL_ATTENDEES, HELD, filled_record


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


@pytest.fixture
def police(make_user: Callable[..., Actor]) -> Actor:
    return make_user("ray.quarry", Role.DESK_OFFICER, "POLICE", "Ray Quarry")


def _completed(ctx: AppContext, la: Actor, attendees=FULL_ATTENDEES) -> DiscussionView:
    service = StrategyService(ctx)
    d = service.request(la, make_contact(ctx, la), "Bruising")
    d = service.save_record(la, d.id, filled_record(attendees), d.version)
    return service.complete(la, d.id)


# REQ: SD-6
def test_actions_due_across_discussions_overdue_first(
    ctx: AppContext, la_manager: Actor, police: Actor, clock: FixedClock
) -> None:
    tracker = ActionTrackerService(ctx)
    one = _completed(ctx, la_manager)
    two = _completed(ctx, la_manager)
    later = tracker.add_action(
        la_manager, one.id, "Obtain GP records", "HEALTH", "Dr Ashdown", date(2026, 12, 4)
    )
    soon = tracker.add_action(
        la_manager, two.id, "Interview partner", "POLICE", "DS Quarry", date(2026, 11, 26)
    )
    late = tracker.add_action(
        la_manager, two.id, "Home visit", "LA-DORSET", "Priya Okafor", date(2026, 11, 25)
    )
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # Friday: two are overdue
    rows = tracker.actions_due(la_manager)
    assert [r.id for r in rows] == [late.id, soon.id, later.id]
    assert [r.overdue for r in rows] == [True, True, False]
    assert rows[0].allocated == "Priya Okafor / Dorset Safeguarding Team North"
    assert rows[0].icpc_due == date(2026, 12, 15)  # 15 working days from Tue 24 Nov 2026
    # The police desk sees only police actions.
    assert [r.id for r in tracker.actions_due(police)] == [soon.id]
    with ctx.store.transaction() as s:
        audited = set(s.scalars(select(AuditEntry.action)))
    assert {"strategy.action_add", "strategy.actions_due"} <= audited


# REQ: SD-6
def test_partner_feeds_back_on_its_own_action_only(
    ctx: AppContext, la_manager: Actor, police: Actor, make_user: Callable[..., Actor]
) -> None:
    tracker = ActionTrackerService(ctx)
    d = _completed(ctx, la_manager)
    police_action = tracker.add_action(
        la_manager, d.id, "Interview partner", "POLICE", "DS Quarry", date(2026, 11, 26)
    )
    health_action = tracker.add_action(
        la_manager, d.id, "GP records", "HEALTH", "Dr Ashdown", date(2026, 11, 30)
    )
    row = tracker.record_feedback(
        police, police_action.id, "Interviewed under caution; released on bail.", ActionStatus.DONE
    )
    assert row.status is ActionStatus.DONE
    assert row.last_feedback.startswith("Interviewed")
    assert tracker.actions_due(la_manager)[0].id == health_action.id  # done ones drop off
    with pytest.raises(PermissionDenied):
        tracker.record_feedback(police, health_action.id, "Not ours", ActionStatus.DONE)
    feedback = tracker.feedback_for(la_manager, police_action.id)
    assert [(f.by, f.agency_code) for f in feedback] == [("Ray Quarry", "POLICE")]
    with pytest.raises(PermissionDenied):  # partners cannot add actions; the chair does
        tracker.add_action(police, d.id, "x", "POLICE", "y", date(2026, 12, 1))


# REQ: SD-6
def test_an_action_needs_owner_and_due_date(ctx: AppContext, la_manager: Actor) -> None:
    d = _completed(ctx, la_manager)
    with pytest.raises(ValidationError) as err:
        ActionTrackerService(ctx).add_action(la_manager, d.id, "Visit", "LA-DORSET", " ", None)
    assert {"owner_person", "due_on"} <= set(err.value.fields)


# REQ: SD-4
def test_copies_due_to_every_agency_involved_and_overdue_after_48_hours(
    ctx: AppContext, la_manager: Actor, clock: FixedClock
) -> None:
    tracker = ActionTrackerService(ctx)
    d = _completed(ctx, la_manager)
    copies = tracker.copies_for(la_manager, d.id)
    # Invited police and health plus education who attended; the LA does not send to itself.
    assert sorted(c.agency_code for c in copies) == ["EDUCATION", "HEALTH", "POLICE"]
    assert all(c.due_at == HELD + timedelta(hours=48) for c in copies)
    clock.set(HELD + timedelta(hours=47))
    police_copy = next(c for c in copies if c.agency_code == "POLICE")
    sent = tracker.record_copy_sent(
        la_manager, police_copy.id, CopyChannel.SECURE_EMAIL, "mash@dorset.pnn.police.uk"
    )
    assert sent.sent_by == "Tom Harrowgate"
    assert sent.channel is CopyChannel.SECURE_EMAIL
    assert sent.sent_at == HELD + timedelta(hours=47)
    assert tracker.overdue_copies(la_manager) == []
    clock.set(HELD + timedelta(hours=48, minutes=1))
    overdue = tracker.overdue_copies(la_manager)
    assert sorted(c.agency_code for c in overdue) == ["EDUCATION", "HEALTH"]
    assert all(c.overdue for c in overdue)
    health = next(c for c in overdue if c.agency_code == "HEALTH")
    late = tracker.record_copy_sent(la_manager, health.id, CopyChannel.FAX, "01202 448 000")
    assert late.late
    assert not late.overdue
    assert [c.agency_code for c in tracker.overdue_copies(la_manager)] == ["EDUCATION"]
    with pytest.raises(ValidationError):
        tracker.record_copy_sent(la_manager, health.id, CopyChannel.FAX, "01202 448 000")


# REQ: SD-10
def test_partner_disagreement_and_escalation_listed_until_resolved(
    ctx: AppContext, la_manager: Actor, police: Actor, make_user: Callable[..., Actor]
) -> None:
    tracker = FollowUpService(ctx)
    d = _completed(ctx, la_manager)
    esc = tracker.raise_escalation(
        police,
        d.id,
        "Police consider the threshold for s47 on the sibling is met too.",
        "Stage 1: DS to Team manager by phone, 24 November (LSCB escalation policy).",
    )
    assert esc.agency_code == "POLICE"
    assert [e.id for e in tracker.open_escalations(la_manager)] == [esc.id]
    assert [e.id for e in tracker.open_escalations(police)] == [esc.id]
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING")
    with pytest.raises(PermissionDenied):
        tracker.raise_escalation(housing, d.id, "x", "y")
    assert tracker.open_escalations(housing) == []
    tracker.resolve_escalation(la_manager, esc.id, "Sibling added to the s47 enquiry.")
    assert tracker.open_escalations(la_manager) == []


# REQ: SD-8 SD-17
def test_outcome_feedback_visible_to_every_relevant_partner(
    ctx: AppContext, la_manager: Actor, police: Actor, make_user: Callable[..., Actor]
) -> None:
    tracker = FollowUpService(ctx)
    no_health = tuple(a for a in FULL_ATTENDEES if a.minimum_role is not MinimumRole.HEALTH)
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    d = service.save_record(
        la_manager,
        d.id,
        filled_record(
            (*no_health, AttendeeInput("Nell Ashdown", "Named nurse", "HEALTH", None, False)),
            {MinimumRole.HEALTH: "Named nurse off sick; health records shared by e-mail."},
        ),
        d.version,
    )
    d = service.complete(la_manager, d.id)
    with pytest.raises(ValidationError):
        tracker.record_outcome(la_manager, d.id, AssessmentOutcome.SUBSTANTIATED_LIKELY, None)
    tracker.record_outcome(
        la_manager,
        d.id,
        AssessmentOutcome.SUBSTANTIATED_LIKELY,
        date(2026, 12, 14),
        "Initial child protection conference booked.",
    )
    seen = tracker.outcome_feedback(police, d.id)  # police attended
    assert seen[0].conference_on == date(2026, 12, 14)
    health = make_user("desk.health", Role.DESK_OFFICER, "HEALTH")
    assert tracker.outcome_feedback(health, d.id)  # invited but absent: still relevant (SD-17)
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING")
    with pytest.raises(PermissionDenied):  # never involved
        tracker.outcome_feedback(housing, d.id)
    with pytest.raises(PermissionDenied):
        tracker.record_outcome(police, d.id, AssessmentOutcome.NOT_SUBSTANTIATED, None)
