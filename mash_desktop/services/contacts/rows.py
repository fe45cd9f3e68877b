"""What the contact services hand back: frozen rows, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.domain.rag import is_overdue
from mash_desktop.store.models import Contact, Subject

CONTACT_READ_ROLES_TEXT = "desk officers and managers"


@dataclass(frozen=True)
class SubjectRow:
    id: int
    is_child: bool
    first_name: str
    last_name: str
    dob: date | None
    gender: str
    address: str
    postcode: str
    nhs_number: str | None
    school: str
    relationship_to_child: str
    other_identifiers: str = ""  # RQ-1

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ContactDetail:
    id: int
    reference: str
    version: int
    referrer_agency_code: str
    referrer_agency_name: str
    referrer_name: str
    referrer_contact: str
    la_agency_code: str
    channel: str
    received_at: datetime
    concern: str
    consent_obtained: bool
    consent_reason: str
    child_in_hospital: bool
    call_notes: str
    rag: Rag
    rag_reason: str
    decision_due_at: datetime
    status: str
    outcome: str | None
    outcome_by: str
    outcome_at: datetime | None
    outcome_rationale: str
    claimed_by_id: int | None
    claimed_by: str
    claimed_at: datetime | None
    csc_case_open: bool
    allocated_team: str
    updated_at: datetime
    children: tuple[SubjectRow, ...] = field(default_factory=tuple)
    household: tuple[SubjectRow, ...] = field(default_factory=tuple)
    # RQ-3 / RQ-4: an open CSC case on another contact about the same child, in words.
    open_case_elsewhere: str = ""
    open_case_team: str = ""

    def editable_values(self) -> dict[str, Any]:
        """The fields a save can change, for showing two versions side by side."""
        return {
            "rag": self.rag.value,
            "rag_reason": self.rag_reason,
            "concern": self.concern,
            "call_notes": self.call_notes,
            "child_in_hospital": self.child_in_hospital,
            "csc_case_open": self.csc_case_open,
            "allocated_team": self.allocated_team,
        }


def subject_row(s: Subject) -> SubjectRow:
    return SubjectRow(
        s.id,
        s.is_child,
        s.first_name,
        s.last_name,
        s.dob,
        s.gender,
        s.address,
        s.postcode,
        s.nhs_number,
        s.school,
        s.relationship_to_child,
        s.other_identifiers,
    )


def contact_detail(
    c: Contact, names: dict[int, str], agencies: dict[int, tuple[str, str]]
) -> ContactDetail:
    referrer = agencies.get(c.referrer_agency_id or 0, ("", ""))
    la = agencies.get(c.la_agency_id or 0, ("", ""))
    return ContactDetail(
        id=c.id,
        reference=c.reference,
        version=c.version,
        referrer_agency_code=referrer[0],
        referrer_agency_name=referrer[1],
        referrer_name=c.referrer_name,
        referrer_contact=c.referrer_contact,
        la_agency_code=la[0],
        channel=c.channel,
        received_at=c.received_at,
        concern=c.concern,
        consent_obtained=c.consent_obtained,
        consent_reason=c.consent_reason or "",
        child_in_hospital=c.child_in_hospital,
        call_notes=c.call_notes or "",
        rag=Rag(c.rag),
        rag_reason=c.rag_reason,
        decision_due_at=c.decision_due_at,
        status=c.status,
        outcome=c.outcome,
        outcome_by=names.get(c.outcome_by_id or 0, ""),
        outcome_at=c.outcome_at,
        outcome_rationale=c.outcome_rationale or "",
        claimed_by_id=c.claimed_by_id,
        claimed_by=names.get(c.claimed_by_id or 0, ""),
        claimed_at=c.claimed_at,
        csc_case_open=c.csc_case_open,
        allocated_team=c.allocated_team or "",
        updated_at=c.updated_at,
        children=tuple(subject_row(s) for s in c.subjects if s.is_child),
        household=tuple(subject_row(s) for s in c.subjects if not s.is_child),
    )


def due_change_note(before: datetime, detail: ContactDetail, now: datetime) -> str:
    """After a re-rating: when the decision on an open contact is due now, and loudly when
    the new rating makes it overdue (RQ-2). Empty when the due time did not move."""
    after = detail.decision_due_at
    if after == before or detail.status != ContactStatus.OPEN.value:
        return ""
    if is_overdue(after, now):
        return f" The new rating makes the decision OVERDUE: it was due by {format_london(after)}."
    return f" The decision is now due by {format_london(after)}."
