"""Every code-valued field of an intake checked against the codes the hub knows: an unknown
code is a field error, never a value stored as empty."""

from __future__ import annotations

from collections.abc import Mapping

from mash_desktop.domain.contact_codes import Channel, Rag
from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.triage import ContactInput
from mash_desktop.store.models import Agency

# Input field names as the intake form names them (see domain.triage.validate_contact).
INTAKE_FIELD_NAMES = {
    "children": "child",
    "referrer_agency_code": "referrer_agency",
    "la_agency_code": "la_agency",
    "consent_obtained": "consent",
}


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
