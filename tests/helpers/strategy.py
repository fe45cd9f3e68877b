"""Test helper: contacts made straight through the ORM (the referral queue owns intake)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Agency, Contact, Subject


def make_contact(
    ctx: AppContext,
    creator: Actor,
    reference: str = "C-2026-0001",
    la: str = "LA-DORSET",
    received_at: datetime | None = None,
    csc_case_open: bool = False,
    child_in_hospital: bool = False,
    child: tuple[str, str] = ("Maisie", "Thornbury"),
) -> int:
    """A contact about one invented child; returns its id."""
    now = ctx.clock.now()
    with ctx.store.transaction() as s:
        la_id = s.scalar(select(Agency.id).where(Agency.code == la))
        contact = Contact(
            reference=reference,
            la_agency_id=la_id,
            channel="phone",
            received_at=received_at or now,
            concern="Bruising seen at nursery (synthetic test data).",
            decision_due_at=now,
            csc_case_open=csc_case_open,
            child_in_hospital=child_in_hospital,
            created_by_id=creator.user_id,
            created_at=now,
            updated_at=now,
        )
        contact.subjects = [Subject(first_name=child[0], last_name=child[1])]
        s.add(contact)
        s.flush()
        return contact.id
