"""Test data for the research tests, made through the services: contacts logged at intake,
and a ready-made MASH with three agencies' users."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from mash_desktop.domain.lawful_sharing import Advice, Capacity, ThirdParties
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import ConsentStatus, Relevance, SharingRequest
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.contacts import child, intake_officer, log_contact
from tests.helpers.personas import TEST_PASSWORD


def make_contact(ctx: AppContext, rag: str = "amber", hours_ago: int = 1) -> int:
    """A contact about a synthetic family (child, sibling, mother), logged through intake by
    the intake desk officer; returns its id."""
    mother = replace(
        child("Morwenna", "Quillfeather", dob=None), relationship_to_child="Mother", school=""
    )
    detail = log_contact(
        ctx,
        child("Poppy", "Quillfeather", dob=date(2019, 3, 4)),
        child("Jasper", "Quillfeather", dob=date(2016, 7, 9)),
        received_at=ctx.clock.now() - timedelta(hours=hours_ago),
        household=(mother,),
        concern="Synthetic concern for tests.",
        rag=rag,
    )
    return detail.id


def subject_ids(ctx: AppContext, contact_id: int) -> list[int]:
    """The contact's people (children first, then household), as the contact service shows."""
    detail = ContactService(ctx).get(intake_officer(ctx), contact_id)
    return sorted(p.id for p in (*detail.children, *detail.household))


@dataclass
class Hub:
    manager: Actor
    police: Actor
    health: Actor
    education: Actor


def add_user(
    ctx: AppContext, admin: Actor, username: str, role: Role, agency: str, full_name: str
) -> Actor:
    """A user (password TEST_PASSWORD) made by the administrator, as a logged-in Actor."""
    accounts = AccountService(ctx)
    accounts.create_user(admin, username, full_name, TEST_PASSWORD, agency, role)
    return accounts.login(username, TEST_PASSWORD)


def make_hub(ctx: AppContext, admin: Actor) -> Hub:
    """A MASH manager (LA) and desk officers of police, health and education."""
    return Hub(
        manager=add_user(ctx, admin, "mgr.lane", Role.MASH_MANAGER, "LA-DORSET", "Imogen Lane"),
        police=add_user(ctx, admin, "pc.harrow", Role.DESK_OFFICER, "POLICE", "Tobias Harrow"),
        health=add_user(ctx, admin, "nurse.pike", Role.DESK_OFFICER, "HEALTH", "Selina Pike"),
        education=add_user(ctx, admin, "edu.marsh", Role.DESK_OFFICER, "EDUCATION", "Owen Marsh"),
    )


ALL_ANSWERS = {
    "PI-1": "Yes: limited to the incident that bears on the child's safety.",
    "PI-2": "Two young children; high.",
    "PI-3": "Low; the mother is already known to services.",
    "PI-4": "No other means gives the MASH this information in time.",
    "PI-5": "Not a crime matter.",
    "PI-6": "Yes, to protect the children.",
}


def complete_sharing(**overrides: object) -> SharingRequest:
    """A sharing request that satisfies ISP-2 (consent given); override fields to break it."""
    fields: dict[str, object] = {
        "schedule2": ("S2-4a",),
        "schedule3": ("S3-4b",),
        "gateways": ("CA2004-s11", "CA1989-s47"),
        "consent": ConsentStatus.GIVEN,
        "answers": dict(ALL_ANSWERS),
        # ISP-10: who consented, with capacity; nobody else named. ISP-12 when consent is not
        # the basis: no advice needed for this (non mental-health) item.
        "consent_given_by": "Mother (Kerry Thornbury)",
        "capacity": Capacity.HAD_CAPACITY,
        "third_parties": ThirdParties.NONE_NAMED,
        "advice": Advice.NOT_TAKEN,
    }
    fields.update(overrides)
    return SharingRequest(**fields)  # type: ignore[arg-type]


def share_one_item_each(
    ctx: AppContext, hub: Hub, texts: dict[str, str], requested: tuple[str, ...] = ()
) -> tuple[int, dict[str, int]]:
    """A contact researched by the agencies of ``texts`` (and any others ``requested``), each
    sharing one high-relevance item about the child with the MASH: (contact, code -> item)."""
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    child_id = subject_ids(ctx, contact)[0]
    research.request_research(hub.manager, contact, [*texts, *requested])
    actors = {"HEALTH": hub.health, "POLICE": hub.police}
    items = {}
    for code, text in texts.items():
        actor = actors[code]
        panel = next(
            p for p in research.contact_research(actor, contact).panels if p.agency_code == code
        )
        research.save_panel(actor, panel.request_id, "Local systems")
        item = research.add_finding(
            actor, panel.request_id, FindingInput(text, Relevance.HIGH, subject_id=child_id)
        )
        research.submit(actor, panel.request_id)
        research.share(actor, item.id, complete_sharing())
        items[code] = item.id
    return contact, items
