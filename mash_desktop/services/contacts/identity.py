"""The same child across contacts, by strong evidence only (RQ-3, SD-0, SD-15).

A child's statutory clocks and an open case follow the child, not the contact. Two contacts
are about the same child when a child on each carries the same NHS number or the same other
identifier (PNC ID, LA ID, UPN: RQ-1), or an officer confirmed the match; an officer's
"not the same" decision overrules an identifier. Spelling-tolerant name matches are only
suggestions (services.matching) until someone confirms them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.domain.identifiers import parse_identifiers, shared_identifiers
from mash_desktop.domain.triage import RuleAnswer
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.store.models import Contact, PersonLink, Subject


@dataclass(frozen=True)
class OpenCase:
    """An open children's social care case found on another contact about the same child."""

    contact_id: int
    contact_reference: str
    allocated_team: str
    child_name: str

    def words(self) -> str:
        """What the new contact shows, in a professional's words (RQ-3, RQ-4)."""
        return (
            f"{self.child_name} has an open Children's Social Care case (contact "
            f"{self.contact_reference}, allocated to {self.allocated_team or 'a team not named'}"
            "): route this contact to that team; it does not go to a MASH strategy discussion."
        )


def same_child_subject_ids(s: Session, child: Subject) -> set[int]:
    """Child subjects on other contacts that are this child (strong evidence only)."""
    found: set[int] = set()
    if child.nhs_number:
        found.update(
            s.scalars(
                select(Subject.id).where(
                    Subject.nhs_number == child.nhs_number, Subject.is_child.is_(True)
                )
            )
        )
    for value in parse_identifiers(child.other_identifiers).values():
        for sid, text in s.execute(
            select(Subject.id, Subject.other_identifiers).where(
                Subject.other_identifiers.icontains(value.strip()), Subject.is_child.is_(True)
            )
        ):
            if shared_identifiers(child.other_identifiers, text):
                found.add(sid)
    for link in s.scalars(
        select(PersonLink).where(
            or_(PersonLink.subject_id == child.id, PersonLink.other_subject_id == child.id)
        )
    ):
        other = link.other_subject_id if link.subject_id == child.id else link.subject_id
        if link.decision == LinkDecision.SAME.value:
            found.add(other)
        else:
            found.discard(other)
    found.discard(child.id)
    return found


def related_contact_ids(s: Session, contact_id: int) -> set[int]:
    """This contact and every other contact about one of its children."""
    ids = {contact_id}
    subject_ids: set[int] = set()
    for child in s.scalars(
        select(Subject).where(Subject.contact_id == contact_id, Subject.is_child.is_(True))
    ):
        subject_ids |= same_child_subject_ids(s, child)
    if subject_ids:
        ids.update(s.scalars(select(Subject.contact_id).where(Subject.id.in_(subject_ids))))
    return ids


def open_case_elsewhere(s: Session, contact: Contact) -> OpenCase | None:
    """An open CSC case on another contact about the same child (SD-0, RQ-3, RQ-4)."""
    for child in s.scalars(
        select(Subject).where(Subject.contact_id == contact.id, Subject.is_child.is_(True))
    ):
        others = same_child_subject_ids(s, child)
        if not others:
            continue
        row = s.execute(
            select(Contact)
            .join(Subject, Subject.contact_id == Contact.id)
            .where(
                Subject.id.in_(others),
                Contact.id != contact.id,
                Contact.csc_case_open.is_(True),
            )
            .order_by(Contact.received_at.desc())
            .limit(1)
        ).scalar_one_or_none()
        if row is not None:
            return OpenCase(
                row.id,
                row.reference,
                row.allocated_team or "",
                f"{child.first_name} {child.last_name}".strip(),
            )
    return None


def strategy_answer(s: Session, contact: Contact, answer: RuleAnswer) -> RuleAnswer:
    """SD-0: the contact's own answer, unless the same child's case is open elsewhere."""
    elsewhere = open_case_elsewhere(s, contact) if answer.allowed else None
    return RuleAnswer(False, elsewhere.words()) if elsewhere else answer


def open_case_refusal(s: Session, contact: Contact) -> str | None:
    """RQ-4: why no MASH decision is recorded on this contact (route it instead)."""
    elsewhere = open_case_elsewhere(s, contact)
    if not (contact.csc_case_open or elsewhere):
        return None
    where = f" (open on {elsewhere.contact_reference})" if elsewhere else ""
    return (
        f"The child's case is open in Children's Social Care{where}: route the contact to the "
        "allocated team instead of a MASH decision."
    )


def with_open_case(s: Session, contact: Contact, detail: ContactDetail) -> ContactDetail:
    """The contact as shown, carrying the open case found on the same child (RQ-3)."""
    elsewhere = open_case_elsewhere(s, contact)
    if elsewhere is None:
        return detail
    return replace(
        detail, open_case_elsewhere=elsewhere.words(), open_case_team=elsewhere.allocated_team
    )
