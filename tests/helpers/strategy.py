"""Test helper: contacts for the strategy tests, logged through the intake service."""

from __future__ import annotations

from datetime import datetime

from mash_desktop.services.context import Actor, AppContext
from tests.helpers.contacts import child as child_input
from tests.helpers.contacts import log_contact


def make_contact(
    ctx: AppContext,
    creator: Actor,
    la: str = "LA-DORSET",
    received_at: datetime | None = None,
    csc_case_open: bool = False,
    child_in_hospital: bool = False,
    child: tuple[str, str] = ("Maisie", "Thornbury"),
) -> int:
    """A contact about one invented child, logged by ``creator``; returns its id."""
    detail = log_contact(
        ctx,
        child_input(*child),
        officer=creator,
        received_at=received_at,
        la_agency_code=la,
        csc_case_open=csc_case_open,
        allocated_team="Dorset Safeguarding Team North" if csc_case_open else "",
        child_in_hospital=child_in_hospital,
        concern="Bruising seen at nursery (synthetic test data).",
    )
    return detail.id


def reference_of(ctx: AppContext, actor: Actor, contact_id: int) -> str:
    """The reference the intake service gave a contact."""
    from mash_desktop.services.contacts.service import ContactService

    return ContactService(ctx).get(actor, contact_id).reference
