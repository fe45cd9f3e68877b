"""Synthetic contact inputs for tests (invented names only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from mash_desktop.domain.contact_codes import Channel
from mash_desktop.domain.triage import ContactInput, SubjectInput


def child(
    first: str = "Amelia",
    last: str = "Ashdown",
    dob: date | None = date(2019, 3, 7),
    nhs: str = "",
) -> SubjectInput:
    return SubjectInput(
        first_name=first,
        last_name=last,
        dob=dob,
        gender="Female",
        address="12 Heron Close, Poole",
        postcode="BH15 1ZZ",
        nhs_number=nhs,
        school="Synthetic Primary School",
    )


def contact_input(
    received_at: datetime, *children: SubjectInput, **changes: object
) -> ContactInput:
    base = ContactInput(
        referrer_agency_code="EDUCATION",
        referrer_name="Eli Teacher",
        referrer_contact="01202 000000",
        channel=Channel.SECURE_EMAIL,
        received_at=received_at - timedelta(minutes=30),
        children=children or (child(),),
        household=(),
        concern="Bruising seen on the child's arm at school.",
        consent_obtained=True,
        consent_reason="",
        child_in_hospital=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]
