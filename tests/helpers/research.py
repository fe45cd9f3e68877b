"""Test data for the research tests: contacts made straight through the ORM (the intake
service belongs to the queue work), and a ready-made MASH with three agencies' users."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import ConsentStatus, SharingRequest
from mash_desktop.services.accounts import actor_for
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Agency, Contact, Subject, User
from tests.helpers.personas import TEST_PASSWORD


def make_contact(
    ctx: AppContext, reference: str = "MASH-0001", rag: str = "amber", hours_ago: int = 1
) -> int:
    """A contact about a synthetic family (child, sibling, mother); returns its id."""
    with ctx.store.transaction() as s:
        creator = s.scalar(select(User.id).order_by(User.id).limit(1))
        now = ctx.clock.now()
        received = now - timedelta(hours=hours_ago)
        hours = {"red": 4, "amber": 24, "green": 72}[rag]
        contact = Contact(
            reference=reference,
            channel="secure_email",
            received_at=received,
            concern="Synthetic concern for tests.",
            rag=rag,
            decision_due_at=received + timedelta(hours=hours),
            created_by_id=creator,
            created_at=now,
            updated_at=now,
        )
        contact.subjects = [
            Subject(first_name="Poppy", last_name="Quillfeather", dob=date(2019, 3, 4)),
            Subject(first_name="Jasper", last_name="Quillfeather", dob=date(2016, 7, 9)),
            Subject(
                first_name="Morwenna",
                last_name="Quillfeather",
                is_child=False,
                relationship_to_child="Mother",
            ),
        ]
        s.add(contact)
        s.flush()
        return contact.id


def subject_ids(ctx: AppContext, contact_id: int) -> list[int]:
    with ctx.store.transaction() as s:
        return list(
            s.scalars(
                select(Subject.id).where(Subject.contact_id == contact_id).order_by(Subject.id)
            )
        )


@dataclass
class Hub:
    manager: Actor
    police: Actor
    health: Actor
    education: Actor


@functools.cache
def _password_hash() -> str:
    # One argon2 hash for every test user: hashing per user made each test's setup seconds long.
    return PasswordHasher().hash(TEST_PASSWORD)


def add_user(ctx: AppContext, username: str, role: Role, agency: str, full_name: str) -> Actor:
    """A user (password TEST_PASSWORD) put straight into the store, as a logged-in Actor."""
    with ctx.store.transaction() as s:
        user = User(
            username=username,
            full_name=full_name,
            agency_id=s.scalar(select(Agency.id).where(Agency.code == agency)),
            role=role.value,
            password_hash=_password_hash(),
            created_at=ctx.clock.now(),
            failed_attempts=0,
            locked=False,
            suspended=False,
        )
        s.add(user)
        s.flush()
        return actor_for(user)


def make_hub(ctx: AppContext, admin: Actor) -> Hub:
    """A MASH manager (LA) and desk officers of police, health and education."""
    assert admin  # the admin fixture creates the partner list
    return Hub(
        manager=add_user(ctx, "mgr.lane", Role.MASH_MANAGER, "LA-DORSET", "Imogen Lane"),
        police=add_user(ctx, "pc.harrow", Role.DESK_OFFICER, "POLICE", "Tobias Harrow"),
        health=add_user(ctx, "nurse.pike", Role.DESK_OFFICER, "HEALTH", "Selina Pike"),
        education=add_user(ctx, "edu.marsh", Role.DESK_OFFICER, "EDUCATION", "Owen Marsh"),
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
    }
    fields.update(overrides)
    return SharingRequest(**fields)  # type: ignore[arg-type]
