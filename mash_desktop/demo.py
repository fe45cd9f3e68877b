"""Synthetic demo data: agencies, one user per role, and contacts about invented children.

Every name here is made up from word lists; no real person's details.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from mash_desktop.domain.contact_codes import Channel, ContactStatus, Rag
from mash_desktop.domain.nhs import nhs_check_digit
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import record
from mash_desktop.services.contacts.service import refresh_queue_columns
from mash_desktop.services.context import AppContext
from mash_desktop.store.models import Agency, Cabinet, Contact, Subject, User

DEMO_PASSWORD = "demo-password"

FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Florence",
    "Emilia",
    "Ella",
    "Poppy",
    "Evie",
    "Elsie",
    "Charlotte",
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theodore",
    "Freddie",
    "Jack",
    "Charlie",
    "Theo",
    "Alfie",
    "Jacob",
    "Thomas",
    "Finley",
    "Arlo",
]
LAST_NAMES = [
    "Ashdown",
    "Brackley",
    "Copperfield",
    "Dunmore",
    "Eastleigh",
    "Fernhill",
    "Greystoke",
    "Hollowell",
    "Inchbrook",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Marlowe",
    "Northcott",
    "Orchard",
    "Pennyfeather",
    "Quarrington",
    "Rookwood",
    "Saltmarsh",
    "Thornbury",
    "Underhill",
    "Vennard",
    "Whitlock",
    "Yarrow",
    "Zennor",
    "Bramblewood",
    "Cinderford",
]
STREETS = [
    "Heron Close",
    "Mill Lane",
    "Quay Road",
    "Chapel Street",
    "Beacon Way",
    "Harbour View",
    "Orchard Rise",
]
TOWNS = (
    ("Poole", "BH15"),
    ("Bournemouth", "BH1"),
    ("Dorchester", "DT1"),
    ("Weymouth", "DT4"),
    ("Wimborne", "BH21"),
    ("Blandford", "DT11"),
)
CONCERNS = (
    "School reports bruising to the child's arm; child said an adult at home grabbed them.",
    "Police attended a domestic incident at the address overnight; children present.",
    "Health visitor concerned about neglect: home conditions poor, missed appointments.",
    "Child disclosed to a teacher that they are often left alone overnight.",
    "Anonymous caller worried about shouting and a young child crying for long periods.",
    "Missing from home episode; returned with an older adult not known to the family.",
)

TEAMS = ("Poole Locality Team 2", "Dorset North Safeguarding", "Bournemouth Children in Need")

DEMO_USERS = (
    ("desk.police", "Pat Sergeant (demo)", "POLICE", Role.DESK_OFFICER),
    ("desk.health", "Hana Nurse (demo)", "HEALTH", Role.DESK_OFFICER),
    ("desk.education", "Eli Teacher (demo)", "EDUCATION", Role.DESK_OFFICER),
    ("desk.dorset", "Dee Worker (demo)", "LA-DORSET", Role.DESK_OFFICER),
    ("mash.manager", "Morgan Lead (demo)", "LA-DORSET", Role.MASH_MANAGER),
    ("la.manager", "Lou Manager (demo)", "LA-POOLE", Role.LA_MANAGER),
    ("ooh.manager", "Owen Nights (demo)", "LA-BOURNEMOUTH", Role.OOH_MANAGER),
    ("auditor", "Audra Board (demo)", "LA-DORSET", Role.AUDITOR),
)


DEMO_CABINETS = (
    ("CAB-1", "Main office cabinet", "MASH office, room 2.14"),
    ("CAB-2", "Managers' cabinet", "MASH office, room 2.16"),
)


def _synthetic_nhs(rng: random.Random) -> str:
    """A made-up number with a valid check digit, from the 999 test range (never issued)."""
    while True:
        nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def _demo_child(
    rng: random.Random,
    first: str,
    last: str,
    dob: date,
    nhs: str | None,
    address: str,
    postcode: str,
) -> Subject:
    return Subject(
        is_child=True,
        first_name=first,
        last_name=last,
        dob=dob,
        gender=rng.choice(["Female", "Male", "Not known"]),
        address=address,
        postcode=f"{postcode} {rng.randint(1, 9)}ZZ",
        nhs_number=nhs,
        school="Synthetic Primary School",
    )


def fill_demo_data(ctx: AppContext, contacts: int = 300, seed: int = 2017) -> str:
    """Idempotent for users; adds contacts only when the store has none yet."""
    accounts = AccountService(ctx)
    if not accounts.has_users():
        accounts.create_first_administrator("admin", "Ada Admin (demo)", DEMO_PASSWORD)
    with ctx.store.transaction() as session:
        accounts.ensure_agencies(session)
        agencies = {a.code: a for a in session.scalars(select(Agency))}
        made_users = 0
        for username, name, agency, role in DEMO_USERS:
            if not session.scalar(select(User.id).where(User.username == username)):
                accounts._new_user(session, username, name, DEMO_PASSWORD, agency, role)
                made_users += 1
        if not session.scalar(select(func.count(Cabinet.id))):
            for code, name, location in DEMO_CABINETS:  # paper copies need a secure cabinet
                session.add(
                    Cabinet(
                        code=code,
                        name=name,
                        location=location,
                        active=True,
                        created_at=ctx.clock.now(),
                    )
                )
        existing = session.scalar(select(func.count(Contact.id))) or 0
        creator = session.scalar(select(User).where(User.username == "desk.dorset"))
        if creator is None:
            raise RuntimeError("demo user desk.dorset missing")
        made_contacts = 0
        if existing == 0 and contacts > 0:
            rng = random.Random(seed)
            now = ctx.clock.now()
            la_codes = [c for c in agencies if c.startswith("LA-")]
            earlier: list[tuple[str, str, date, str | None]] = []
            for n in range(contacts):
                # The last day and a half: a queue with some red contacts overdue, most still in time.
                received = now - timedelta(minutes=rng.randint(5, 60 * 36))
                rag = rng.choices([Rag.RED, Rag.AMBER, Rag.GREEN], weights=[2, 5, 3])[0]
                hours = {Rag.RED: 4, Rag.AMBER: 24, Rag.GREEN: 72}[rag]
                channel = rng.choice(list(Channel))
                contact = Contact(
                    reference=f"MASH-{received:%Y}-{n + 1:06d}",
                    la_agency_id=agencies[rng.choice(la_codes)].id,
                    referrer_agency_id=agencies[rng.choice(list(agencies))].id,
                    referrer_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    referrer_contact="01202 000000 (synthetic)",
                    channel=channel.value,
                    received_at=received,
                    concern=rng.choice(CONCERNS),
                    consent_obtained=rng.random() < 0.6,
                    consent_reason=None,
                    child_in_hospital=rng.random() < 0.03,
                    call_notes="Synthetic call notes." if channel is Channel.PHONE else None,
                    rag=rag.value,
                    rag_reason="Demo triage",
                    decision_due_at=received + timedelta(hours=hours),
                    status=ContactStatus.OPEN.value,
                    csc_case_open=rng.random() < 0.08,
                    created_by_id=creator.id,
                    created_at=received,
                    updated_at=received,
                )
                if contact.csc_case_open:
                    contact.allocated_team = rng.choice(TEAMS)
                if not contact.consent_obtained:
                    contact.consent_reason = "Seeking consent would place the child at risk."
                last = rng.choice(LAST_NAMES)
                town, postcode = rng.choice(TOWNS)
                address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}"
                if earlier and rng.random() < 0.15:
                    # The same child again, as referrers really write it: a slip in the
                    # surname, day and month swapped, or the same NHS number (RQ-3 demo).
                    first, last, dob, nhs = rng.choice(earlier)
                    variant = rng.choice(["typo", "swap", "nhs"])
                    if variant == "typo" and len(last) > 4:
                        last = last[:2] + last[3] + last[2] + last[4:]
                    elif variant == "swap" and dob.day <= 12 and dob.day != dob.month:
                        dob = date(dob.year, dob.day, dob.month)
                    contact.subjects.append(
                        _demo_child(rng, first, last, dob, nhs, address, postcode)
                    )
                else:
                    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                        dob = date(2008, 1, 1) + timedelta(days=rng.randint(0, 17 * 365))
                        nhs = _synthetic_nhs(rng) if rng.random() < 0.5 else None
                        first = rng.choice(FIRST_NAMES)
                        contact.subjects.append(
                            _demo_child(rng, first, last, dob, nhs, address, postcode)
                        )
                        earlier.append((first, last, dob, nhs))
                refresh_queue_columns(contact)
                session.add(contact)
                made_contacts += 1
        record(
            session,
            ctx,
            None,
            "demo.generate",
            "store",
            "",
            {"users": made_users, "contacts": made_contacts},
            actor_name="system",
        )
    activity = ""
    if made_contacts:
        from mash_desktop.demo_activity import add_demo_activity

        activity = "; " + add_demo_activity(ctx, DEMO_PASSWORD)
    return (
        f"Demo data: {made_users} users and {made_contacts} contacts added{activity} "
        f"(every demo account's password is '{DEMO_PASSWORD}')."
    )
