"""What is wrong with an intake, by field. Every code-valued field is checked against the
codes the hub knows: an unknown code is a field error, never a value stored as empty."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mash_desktop.domain.contact_codes import Channel, Rag
from mash_desktop.domain.input_rules import input_problems
from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.triage import ContactInput, validate_contact
from mash_desktop.store.models import Agency

# Input field names as the intake form names them (see domain.triage.validate_contact).
INTAKE_FIELD_NAMES = {
    "children": "child",
    "referrer_agency_code": "referrer_agency",
    "la_agency_code": "la_agency",
    "consent_obtained": "consent",
}


def intake_problems(
    data: ContactInput, now: datetime, agencies: Mapping[str, Agency]
) -> dict[str, str]:
    """Field name -> message for everything wrong with an intake: the intake rules' own
    messages first, then text or times that cannot be stored, then unknown codes."""
    unstorable = input_problems(data, aliases=INTAKE_FIELD_NAMES)
    if "received_at" in unstorable:  # the rules compare it with the time now: stop here
        return unstorable
    errors = validate_contact(data, now)
    for field_name, problem in (*unstorable.items(), *intake_code_problems(data, agencies).items()):
        errors.setdefault(field_name, problem)
    return errors


def intake_code_problems(data: ContactInput, agencies: Mapping[str, Agency]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.rag not in {r.value for r in Rag}:
        errors["rag"] = "Choose red, amber or green."
    if data.channel is not None and not isinstance(data.channel, Channel):
        errors["channel"] = "Choose how the contact came in from the list."
    if data.referrer_agency_code and data.referrer_agency_code not in agencies:
        errors["referrer_agency"] = "Choose the referring agency from the list."
    if data.la_agency_code:
        la = agencies.get(data.la_agency_code)
        if la is None or la.kind != AgencyKind.LA_CSC.value:
            errors["la_agency"] = "Choose the child's local authority from the list."
    return errors
