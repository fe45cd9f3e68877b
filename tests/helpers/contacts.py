"""Synthetic contacts for tests (invented names only), logged through the intake service."""

from __future__ import annotations

import weakref
from dataclasses import replace
from datetime import date, datetime, timedelta

from mash_desktop.domain.contact_codes import Channel
from mash_desktop.domain.roles import Role
from mash_desktop.domain.triage import ContactInput, SubjectInput
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.engine import Store
from tests.helpers.personas import TEST_PASSWORD


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


_OFFICERS: dict[int, tuple[weakref.ref[Store], Actor]] = {}
INTAKE_OFFICER = "intake.desk"


def intake_officer(ctx: AppContext) -> Actor:
    """The desk officer who logs test contacts: made through AccountService by the hub's first
    administrator (the ``admin`` fixture's account) the first time a store needs one."""
    cached = _OFFICERS.get(id(ctx.store))
    if cached is not None and cached[0]() is ctx.store:
        return cached[1]
    accounts = AccountService(ctx)
    admin = accounts.login("admin", TEST_PASSWORD)
    if all(u.username != INTAKE_OFFICER for u in accounts.list_users(admin)):
        accounts.create_user(
            admin, INTAKE_OFFICER, "Ivy Intake", TEST_PASSWORD, "EDUCATION", Role.DESK_OFFICER
        )
    officer = accounts.login(INTAKE_OFFICER, TEST_PASSWORD)
    _OFFICERS[id(ctx.store)] = (weakref.ref(ctx.store), officer)
    return officer


def log_contact(
    ctx: AppContext,
    *children: SubjectInput,
    officer: Actor | None = None,
    received_at: datetime | None = None,
    **changes: object,
) -> ContactDetail:
    """A contact logged through ContactService.intake (RQ-1), by ``officer`` or the intake
    desk officer; ``changes`` override fields of the usual synthetic referral."""
    data = contact_input(received_at or ctx.clock.now(), *children, **changes)
    if received_at is not None:
        data = replace(data, received_at=received_at)
    return ContactService(ctx).intake(officer or intake_officer(ctx), data)


def reference_of(ctx: AppContext, contact_id: int) -> str:
    """The reference the intake service gave a contact."""
    return ContactService(ctx).get(intake_officer(ctx), contact_id).reference
