"""Correcting a logged contact (RQ-7): children, household, referrer and consent can be amended
after logging, not only the triage fields. Each amendment is audited with the old and new
values and a reason. While the contact is open the officer holding the claim corrects it;
after the MASH decision (or routing) it is final until a MASH or LA manager reopens it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.contact_codes import Channel, ContactStatus
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.nhs import normalise_nhs_number
from mash_desktop.domain.roles import CASEWORKERS, DECIDERS
from mash_desktop.domain.triage import ContactInput, SubjectInput, validate_contact
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import (
    ContactService,
    _load,
    _require_claim,
    _subject,
    refresh_queue_columns,
)
from mash_desktop.services.context import Actor
from mash_desktop.store.models import Agency, Contact, Subject

FINAL = (
    "The decision on this contact is final: a MASH or LA manager must reopen it before it can "
    "be corrected."
)


@dataclass(frozen=True)
class Amendment:
    """What a correction may change: the referrer, consent and the people on the contact."""

    referrer_agency_code: str
    referrer_name: str
    referrer_contact: str
    channel: Channel
    consent_obtained: bool
    consent_reason: str
    children: tuple[SubjectInput, ...]
    household: tuple[SubjectInput, ...] = ()


def amendment_of(d: ContactDetail) -> Amendment:
    """The contact as it stands, as an Amendment to edit from."""

    def person(p: Any, is_child: bool) -> SubjectInput:
        return SubjectInput(
            first_name=p.first_name,
            last_name=p.last_name,
            dob=p.dob,
            gender=getattr(p, "gender", ""),
            address=getattr(p, "address", ""),
            postcode=getattr(p, "postcode", ""),
            nhs_number=getattr(p, "nhs_number", "") or "",
            school=getattr(p, "school", ""),
            is_child=is_child,
            relationship_to_child=getattr(p, "relationship_to_child", "") or "",
        )

    return Amendment(
        referrer_agency_code=d.referrer_agency_code,
        referrer_name=d.referrer_name,
        referrer_contact=d.referrer_contact,
        channel=Channel(d.channel),
        consent_obtained=d.consent_obtained,
        consent_reason=d.consent_reason,
        children=tuple(person(c, True) for c in d.children),
        household=tuple(person(p, False) for p in d.household),
    )


def _person_text(p: Subject) -> str:
    parts = [f"{p.first_name} {p.last_name}".strip()]
    if p.relationship_to_child:
        parts.append(p.relationship_to_child)
    parts.append(f"born {p.dob:%d/%m/%Y}" if p.dob else "date of birth not known")
    if p.nhs_number:
        parts.append(f"NHS {p.nhs_number}")
    if p.address or p.postcode:
        parts.append(f"{p.address} {p.postcode}".strip())
    if p.school:
        parts.append(f"school {p.school}")
    return ", ".join(parts)


def _values(s: Session, contact: Contact) -> dict[str, str]:
    """Every amendable value as the words an auditor reads."""
    agency = s.get(Agency, contact.referrer_agency_id) if contact.referrer_agency_id else None
    values = {
        "Referring agency": agency.name if agency else "",
        "Referrer": contact.referrer_name,
        "Referrer's contact details": contact.referrer_contact,
        "How referred": Channel(contact.channel).label,
        "Consent obtained": "Yes" if contact.consent_obtained else "No",
        "Why no consent": contact.consent_reason or "",
    }
    children = [p for p in contact.subjects if p.is_child]
    household = [p for p in contact.subjects if not p.is_child]
    for label, people in (("Child", children), ("Household member", household)):
        for n, p in enumerate(people, start=1):
            values[f"{label} {n}"] = _person_text(p)
    return values


def _apply_people(contact: Contact, people: tuple[SubjectInput, ...], is_child: bool) -> None:
    """Correct people in place (their earlier match decisions stay with them); add or remove."""
    existing = [p for p in contact.subjects if p.is_child == is_child]
    for n, wanted in enumerate(people):
        fresh = _subject(wanted, is_child)
        if n < len(existing):
            subject = existing[n]
            for attr in (
                "first_name",
                "last_name",
                "dob",
                "gender",
                "address",
                "postcode",
                "school",
                "relationship_to_child",
            ):
                setattr(subject, attr, getattr(fresh, attr))
            subject.nhs_number = normalise_nhs_number(wanted.nhs_number) or None
        else:
            contact.subjects.append(fresh)
    for gone in existing[len(people) :]:
        contact.subjects.remove(gone)


class ContactAmendments:
    def __init__(self, contacts: ContactService) -> None:
        self.contacts = contacts
        self.ctx = contacts.ctx

    def amend(
        self,
        actor: Actor,
        contact_id: int,
        expected_version: int,
        amendment: Amendment,
        reason: str,
    ) -> ContactDetail:
        """Correct the contact; refused after a final decision, or without a reason."""
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "correct contacts")
            contact = _load(s, contact_id)
            if contact.status != ContactStatus.OPEN.value:
                raise PermissionDenied(FINAL)
            self.contacts._check_version(s, contact, expected_version, {})
            _require_claim(contact, user.id)
            now = self.ctx.clock.now()
            check = ContactInput(
                referrer_agency_code=amendment.referrer_agency_code,
                referrer_name=amendment.referrer_name,
                referrer_contact=amendment.referrer_contact,
                channel=amendment.channel,
                received_at=contact.received_at,
                children=amendment.children,
                household=amendment.household,
                concern=contact.concern,
                consent_obtained=amendment.consent_obtained,
                consent_reason=amendment.consent_reason,
                child_in_hospital=contact.child_in_hospital,
                call_notes=contact.call_notes or "",
                csc_case_open=contact.csc_case_open,
                allocated_team=contact.allocated_team or "",
            )
            errors = validate_contact(check, now)
            if not reason.strip():
                errors["reason"] = "Say why the contact is being corrected."
            agency = s.scalar(select(Agency).where(Agency.code == amendment.referrer_agency_code))
            if agency is None and "referrer_agency" not in errors:
                errors["referrer_agency"] = "Choose the referring agency."
            if errors:
                raise ValidationError(
                    "The correction was not saved: see the marked fields.", errors
                )
            before = _values(s, contact)
            contact.referrer_agency_id = agency.id if agency else None
            contact.referrer_name = amendment.referrer_name.strip()
            contact.referrer_contact = amendment.referrer_contact.strip()
            contact.channel = amendment.channel.value
            contact.consent_obtained = amendment.consent_obtained
            contact.consent_reason = (
                None if amendment.consent_obtained else amendment.consent_reason.strip()
            )
            _apply_people(contact, amendment.children, True)
            _apply_people(contact, amendment.household, False)
            s.flush()
            refresh_queue_columns(contact)
            after = _values(s, contact)
            changes = [
                {"field": key, "old": before.get(key, ""), "new": after.get(key, "")}
                for key in dict.fromkeys([*before, *after])
                if before.get(key, "") != after.get(key, "")
            ]
            if not changes:
                raise ValidationError("Nothing was changed, so there is nothing to correct.")
            contact.updated_at = now
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "contact.amend",
                "contact",
                contact.id,
                {"reason": reason.strip(), "changes": changes},
            )
            return self.contacts._detail(s, contact)

    def reopen(self, actor: Actor, contact_id: int, reason: str) -> ContactDetail:
        """A manager reopens a decided or routed contact so that it can be corrected."""
        if not reason.strip():
            raise ValidationError(
                "Say why the contact is reopened.", {"reason": "Say why it is reopened."}
            )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, DECIDERS, "reopen a decided contact")
            contact = _load(s, contact_id)
            if contact.status == ContactStatus.OPEN.value:
                raise ValidationError("This contact is open already.")
            earlier = {
                "status": contact.status,
                "outcome": contact.outcome,
                "why": contact.outcome_rationale,
            }
            contact.status = ContactStatus.OPEN.value
            contact.outcome = None  # decided again once corrected; the earlier one is audited
            contact.outcome_by_id = None
            contact.outcome_at = None
            contact.outcome_rationale = None
            contact.updated_at = self.ctx.clock.now()
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "contact.reopen",
                "contact",
                contact.id,
                {"reason": reason.strip(), "old": earlier},
            )
            return self.contacts._detail(s, contact)
