"""The protocol's rules the strategy service applies inside its transactions: where a request
may not come to the MASH (SD-0), whether it is out of hours by the clock (SD-14), and the
facts the completion rules read (SD-1, SD-5, SD-12, SD-13)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.core_hours import CoreHours, out_of_hours_reason
from mash_desktop.domain.strategy_protocol import Protection, RecordFacts
from mash_desktop.services.contacts.identity import open_case_elsewhere, related_contact_ids
from mash_desktop.services.context import AppContext
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import Agency, Contact, StrategyDiscussion


def core_hours(s: Session) -> CoreHours:
    """The hub's core operational hours (settings; SD-14)."""
    return CoreHours.parse(
        str(read_setting(s, "core_hours_start")), str(read_setting(s, "core_hours_end"))
    )


def out_of_hours_now(ctx: AppContext) -> str | None:
    """Why a request made now is out of hours (SD-14), for the request form; None in core
    hours. Reads only the hub's settings, no personal data."""
    with ctx.store.transaction() as s:
        return out_of_hours_reason(ctx.clock.now(), core_hours(s))


def request_refusal(s: Session, contact: Contact) -> str | None:
    """SD-0: why this request is not held in the MASH, in words; None when it may be."""
    if contact.csc_case_open:
        return (
            "This child's case is already open in Children's Social Care: the strategy "
            "discussion is not held in the MASH. Route the contact to the allocated team."
        )
    elsewhere = open_case_elsewhere(s, contact)
    if elsewhere is not None:
        return (
            f"{elsewhere.child_name}'s case is already open in Children's Social Care (contact "
            f"{elsewhere.contact_reference}, {elsewhere.allocated_team or 'team not named'}): "
            "the usual arrangements of the LA, police and health apply, not a MASH strategy "
            "discussion."
        )
    started = s.scalar(
        select(StrategyDiscussion.reference)
        .where(
            StrategyDiscussion.contact_id.in_(related_contact_ids(s, contact.id)),
            StrategyDiscussion.s47_started.is_(True),
        )
        .limit(1)
    )
    if started is not None:
        return (
            f"Section 47 enquiries already began for this child at {started}: the case is open, "
            "and a reconvened strategy discussion on an open case is not held in the MASH."
        )
    return None


def record_facts(s: Session, d: StrategyDiscussion) -> RecordFacts:
    def kind(agency_id: int | None) -> str | None:
        if agency_id is None:
            return None
        agency = s.get(Agency, agency_id)
        return agency.kind if agency else None

    present = [a for a in d.attendees if a.present]
    return RecordFacts(
        s47_started=d.s47_started,
        criminal_investigation=d.criminal_investigation,
        immediate_actions=d.immediate_actions,
        legal_action_needed=d.legal_action_needed,
        legal_action=d.legal_action,
        shared_with_family=d.shared_with_family,
        s47_lead_kind=kind(d.s47_lead_agency_id),
        criminal_lead_kind=kind(d.criminal_lead_agency_id),
        protection=Protection(d.protection) if d.protection else None,
        protection_since=d.protection_since,
        child_in_hospital=d.child_in_hospital,
        hospital_staff_present=any(a.hospital_staff for a in present),
        hospital_absent_reason=d.hospital_absent_reason,
        seniority_unanswered=tuple(a.name for a in present if a.senior_enough is None),
    )
