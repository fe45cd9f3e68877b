"""The frozen views of a strategy discussion that services hand out, and how they are built
from the ORM rows (inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from mash_desktop.domain.statutory_clocks import ClockState
from mash_desktop.domain.strategy import (
    EMERGENCY_STATEMENT,
    HOSPITAL_STATEMENT,
    AttendeeFacts,
    DiscussionStatus,
    Flow4Outcome,
    MinimumRole,
    Mode,
    Trigger,
    missing_minimum,
    unexplained_missing,
)
from mash_desktop.domain.strategy_protocol import Protection
from mash_desktop.services.strategy.common import (
    Lookup,
    agency_code,
    child_names,
    user_name,
)
from mash_desktop.store.models import Contact, StrategyDiscussion


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    role_title: str
    agency_code: str
    minimum_role: MinimumRole | None = None
    present: bool = True
    senior_enough: bool | None = None  # SD-13: senior enough to decide for their agency
    hospital_staff: bool = False  # SD-1


@dataclass(frozen=True)
class RecordInput:
    """The strategy discussion form (SD-3, SD-5, SD-8) as the chair fills it in."""

    held_at: datetime | None
    mode: Mode = Mode.MEETING
    place: str = ""
    attendees: tuple[AttendeeInput, ...] = ()
    missing_reasons: Mapping[MinimumRole, str] = field(default_factory=dict)
    information_shared: str = ""
    criminal_investigation: str = ""
    s47_started: bool | None = None
    further_information: str = ""
    immediate_actions: str = ""
    legal_action_needed: bool | None = None
    legal_action: str = ""
    shared_with_family: str = ""
    outcome: Flow4Outcome | None = None
    allocated_social_worker: str = ""
    allocated_team: str = ""
    # Added for SD-1, SD-12 and SD-13.
    child_looked_after: bool = False
    hospital_absent_reason: str = ""
    s47_lead_agency_code: str = ""
    criminal_lead_agency_code: str = ""
    protection: Protection | None = None
    protection_since: datetime | None = None


@dataclass(frozen=True)
class AttendeeRow:
    name: str
    role_title: str
    agency_code: str
    minimum_role: MinimumRole | None
    present: bool
    senior_enough: bool | None = None
    hospital_staff: bool = False


@dataclass(frozen=True)
class DiscussionView:
    id: int
    reference: str
    version: int
    contact_id: int
    contact_reference: str
    child_names: str
    referral_at: datetime
    la_agency_code: str
    status: DiscussionStatus
    requested_by: str
    requested_at: datetime
    trigger: Trigger
    reason: str
    invited_agencies: tuple[str, ...]
    paediatrician_needed: bool
    child_in_hospital: bool
    hospital_note: str
    emergency_no_mash: bool
    statements: tuple[str, ...]  # SD-1 and SD-11 words the record carries
    out_of_hours: bool
    record: RecordInput
    attendees: tuple[AttendeeRow, ...]
    missing_minimum: tuple[MinimumRole, ...]
    unexplained_missing: tuple[MinimumRole, ...]
    chair: str
    completed_at: datetime | None
    completed_by: str
    icpc_due: date | None
    assessment_due: date
    ooh_visible_from: datetime | None
    ooh_acknowledged_at: datetime | None
    icpc_state: ClockState | None = None  # SD-15, for the child
    assessment_state: ClockState | None = None
    conference_on: date | None = None


@dataclass(frozen=True)
class DiscussionRow:
    id: int
    reference: str
    contact_reference: str
    child_names: str
    la_agency_code: str
    status: DiscussionStatus
    out_of_hours: bool
    mode: Mode
    requested_at: datetime
    held_at: datetime | None
    icpc_due: date | None
    assessment_due: date
    ooh_acknowledged: bool
    icpc_state: ClockState | None = None  # SD-15
    assessment_state: ClockState | None = None


def facts_of(d: StrategyDiscussion) -> list[AttendeeFacts]:
    return [
        AttendeeFacts(
            MinimumRole(a.minimum_role) if a.minimum_role else None, a.present, a.senior_enough
        )
        for a in d.attendees
    ]


def reasons_of(d: StrategyDiscussion) -> dict[MinimumRole, str]:
    return {MinimumRole(r.minimum_role): r.reason for r in d.missing_reasons}


def _statements(d: StrategyDiscussion) -> tuple[str, ...]:
    out = []
    if d.child_in_hospital:
        out.append(HOSPITAL_STATEMENT)
    if d.emergency_no_mash:
        out.append(EMERGENCY_STATEMENT)
    return tuple(out)


def build_view(
    session: Session, d: StrategyDiscussion, today: date | None = None
) -> DiscussionView:
    contact = session.get(Contact, d.contact_id)
    assert contact is not None  # a foreign key
    clocks = Lookup(session, today).clocks(d)
    icpc, assessment = clocks.icpc_due, clocks.assessment_due
    facts = facts_of(d)
    reasons = reasons_of(d)
    attendees = tuple(
        AttendeeRow(
            a.name,
            a.role_title,
            agency_code(session, a.agency_id),
            MinimumRole(a.minimum_role) if a.minimum_role else None,
            a.present,
            a.senior_enough,
            a.hospital_staff,
        )
        for a in d.attendees
    )
    rec = RecordInput(
        held_at=d.held_at,
        mode=Mode(d.mode),
        place=d.place,
        attendees=tuple(
            AttendeeInput(
                a.name,
                a.role_title,
                a.agency_code,
                a.minimum_role,
                a.present,
                a.senior_enough,
                a.hospital_staff,
            )
            for a in attendees
        ),
        missing_reasons=reasons,
        information_shared=d.information_shared,
        criminal_investigation=d.criminal_investigation,
        s47_started=d.s47_started,
        further_information=d.further_information,
        immediate_actions=d.immediate_actions,
        legal_action_needed=d.legal_action_needed,
        legal_action=d.legal_action,
        shared_with_family=d.shared_with_family,
        outcome=Flow4Outcome(d.outcome) if d.outcome else None,
        allocated_social_worker=d.allocated_social_worker,
        allocated_team=d.allocated_team,
        child_looked_after=d.child_looked_after,
        hospital_absent_reason=d.hospital_absent_reason,
        s47_lead_agency_code=agency_code(session, d.s47_lead_agency_id),
        criminal_lead_agency_code=agency_code(session, d.criminal_lead_agency_id),
        protection=Protection(d.protection) if d.protection else None,
        protection_since=d.protection_since,
    )
    return DiscussionView(
        id=d.id,
        reference=d.reference,
        version=d.version,
        contact_id=contact.id,
        contact_reference=contact.reference,
        child_names=child_names(contact),
        referral_at=contact.received_at,
        la_agency_code=agency_code(session, d.la_agency_id),
        status=DiscussionStatus(d.status),
        requested_by=user_name(session, d.requested_by_id),
        requested_at=d.requested_at,
        trigger=Trigger(d.trigger),
        reason=d.reason,
        invited_agencies=tuple(agency_code(session, i.agency_id) for i in d.invitations),
        paediatrician_needed=d.paediatrician_needed,
        child_in_hospital=d.child_in_hospital,
        hospital_note=d.hospital_note,
        emergency_no_mash=d.emergency_no_mash,
        statements=_statements(d),
        out_of_hours=d.out_of_hours,
        record=rec,
        attendees=attendees,
        missing_minimum=tuple(missing_minimum(facts, d.child_looked_after)),
        unexplained_missing=tuple(unexplained_missing(facts, reasons, d.child_looked_after)),
        chair=user_name(session, d.chair_id),
        completed_at=d.completed_at,
        completed_by=user_name(session, d.completed_by_id),
        icpc_due=icpc,
        assessment_due=assessment,
        ooh_visible_from=d.ooh_visible_from,
        ooh_acknowledged_at=d.ooh_acknowledged_at,
        icpc_state=clocks.icpc_state,
        assessment_state=clocks.assessment_state,
        conference_on=clocks.conference_on,
    )


def build_rows(
    session: Session, discussions: list[StrategyDiscussion], today: date | None = None
) -> list[DiscussionRow]:
    """List rows in a few queries per child."""
    look = Lookup(session, today)
    look.preload_contacts({d.contact_id for d in discussions})
    rows = []
    for d in discussions:
        contact = look.contact(d.contact_id)
        clocks = look.clocks(d)
        icpc, assessment = clocks.icpc_due, clocks.assessment_due
        rows.append(
            DiscussionRow(
                id=d.id,
                reference=d.reference,
                contact_reference=contact.reference if contact else "",
                child_names=look.child_names(d.contact_id),
                la_agency_code=look.agency_code(d.la_agency_id),
                status=DiscussionStatus(d.status),
                out_of_hours=d.out_of_hours,
                mode=Mode(d.mode),
                requested_at=d.requested_at,
                held_at=d.held_at,
                icpc_due=icpc,
                assessment_due=assessment,
                ooh_acknowledged=d.ooh_acknowledged_at is not None,
                icpc_state=clocks.icpc_state,
                assessment_state=clocks.assessment_state,
            )
        )
    return rows
