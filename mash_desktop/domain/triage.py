"""Triage rules: intake checks (RQ-1), routing open CSC cases (RQ-4, SD-0), outcomes (RQ-5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome, status_sentence
from mash_desktop.domain.identifiers import parse_identifiers
from mash_desktop.domain.names import name_problem
from mash_desktop.domain.nhs import nhs_number_valid

MAX_CHILD_AGE_YEARS = 18


class HasCaseState(Protocol):
    csc_case_open: bool
    status: str


@dataclass(frozen=True)
class RuleAnswer:
    allowed: bool
    reason: str = ""


def can_start_strategy_discussion(contact: HasCaseState) -> RuleAnswer:
    """SD-0 / RQ-4: no MASH strategy discussion for a child whose CSC case is already open."""
    if contact.csc_case_open:
        return RuleAnswer(
            False,
            "The child's case is already open in Children's Social Care: the contact goes to "
            "the allocated team, not to a MASH strategy discussion.",
        )
    if contact.status in (ContactStatus.ROUTED.value, ContactStatus.CLOSED.value):
        return RuleAnswer(
            False, f"{status_sentence(contact.status)}: no strategy discussion can start from it."
        )
    return RuleAnswer(True)


def outcome_allowed(outcome: Outcome, csc_case_open: bool) -> RuleAnswer:
    if outcome is Outcome.STRATEGY_DISCUSSION and csc_case_open:
        return RuleAnswer(
            False,
            "A strategy discussion cannot be started in the MASH for an open CSC case: route "
            "the contact to the allocated team.",
        )
    return RuleAnswer(True)


def age_on(dob: date | None, today: date) -> int | None:
    """Whole years of age on ``today``."""
    if dob is None:
        return None
    years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return max(years, 0)


@dataclass(frozen=True)
class SubjectInput:
    first_name: str
    last_name: str
    dob: date | None = None
    gender: str = ""
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    school: str = ""
    is_child: bool = True
    relationship_to_child: str = ""
    other_identifiers: str = ""  # RQ-1: "PNC: ...; LA ID: ...; UPN: ..." (domain.identifiers)


@dataclass(frozen=True)
class ContactInput:
    """Everything the intake form collects (RQ-1)."""

    referrer_agency_code: str
    referrer_name: str
    referrer_contact: str
    channel: Channel | None
    received_at: datetime | None
    children: tuple[SubjectInput, ...]
    household: tuple[SubjectInput, ...]
    concern: str
    consent_obtained: bool | None
    consent_reason: str
    child_in_hospital: bool
    call_notes: str = ""
    la_agency_code: str = ""
    rag: str = "amber"
    rag_reason: str = ""
    csc_case_open: bool = False
    allocated_team: str = ""


def validate_contact(data: ContactInput, now: datetime) -> dict[str, str]:
    """Field name -> message for every rule the input breaks (empty when it is fine).

    Child fields are named ``child.<n>.<field>`` (n from 0) so the form can put the message
    beside the right cell.
    """
    errors: dict[str, str] = {}
    if not data.referrer_agency_code:
        errors["referrer_agency"] = "Choose the referring agency."
    if not data.referrer_name.strip():
        errors["referrer_name"] = "Enter who made the referral."
    if data.channel is None:
        errors["channel"] = "Choose how the contact came in."
    if data.received_at is None:
        errors["received_at"] = "Enter when the contact was received."
    elif data.received_at > now:
        errors["received_at"] = "The time received cannot be in the future."
    if not data.concern.strip():
        errors["concern"] = "Describe the concern."
    if data.consent_obtained is None:
        errors["consent"] = "Say whether consent was obtained."
    elif not data.consent_obtained and not data.consent_reason.strip():
        errors["consent_reason"] = (
            "Consent was not obtained: record the reason (protocol paragraph 6.1.2)."
        )
    if data.channel is Channel.PHONE and not data.call_notes.strip():
        errors["call_notes"] = "A phone contact needs the call notes."
    if data.csc_case_open and not data.allocated_team.strip():
        errors["allocated_team"] = "The CSC case is open: name the allocated team."
    if not data.children:
        errors["children"] = "Add at least one child."
    for n, child in enumerate(data.children):
        prefix = f"child.{n}."
        if not child.first_name.strip():
            errors[prefix + "first_name"] = f"Child {n + 1}: enter the first name."
        if not child.last_name.strip():
            errors[prefix + "last_name"] = f"Child {n + 1}: enter the surname."
        for field, label in (("first_name", "first name"), ("last_name", "surname")):
            problem = name_problem(getattr(child, field))
            if problem:
                errors[prefix + field] = f"Child {n + 1}: the {label} {problem}"
        if child.dob is not None and child.dob > now.date():
            errors[prefix + "dob"] = f"Child {n + 1}: the date of birth is in the future."
        if child.other_identifiers.strip() and not parse_identifiers(child.other_identifiers):
            errors[prefix + "other_identifiers"] = (
                f"Child {n + 1}: write other identifiers as 'PNC: 12/345678A; LA ID: ...; "
                "UPN: ...'."
            )
        if child.nhs_number.strip() and not nhs_number_valid(child.nhs_number):
            errors[prefix + "nhs_number"] = (
                f"Child {n + 1}: this is not a valid NHS number (10 digits, check digit wrong)."
            )
    for n, person in enumerate(data.household):
        if not (person.first_name.strip() or person.last_name.strip()):
            errors[f"household.{n}.name"] = f"Household member {n + 1}: enter a name."
        problem = name_problem(person.first_name) or name_problem(person.last_name)
        if problem:
            errors[f"household.{n}.name"] = f"Household member {n + 1}: the name {problem}"
    return errors
