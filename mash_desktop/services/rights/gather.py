"""Gathering a subject access request (ISP-7): what the answering partner contributed about
the person, item by item, as text to review; what other partners contributed is only counted,
by partner and kind ("held by Dorset Police: ask them"), never read into the request.

Who contributed what: a contact by its referring agency (or, with none, the agency of the user
who logged it); a research item (and the earlier text of a corrected one, ISP-13) by the agency
that researched it; a strategy discussion record by its local authority; an action by the
agency that owns it; a controlled copy by the agency of the person who printed it; a disclosure
log entry by the agency that disclosed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.subject_access import ItemKind
from mash_desktop.store.models import (
    Contact,
    Disclosure,
    FindingAmendment,
    PaperCopy,
    PrintJob,
    ResearchFinding,
    ResearchRequest,
    StrategyAction,
    StrategyDiscussion,
    Subject,
    User,
)


@dataclass(frozen=True)
class Gathered:
    kind: ItemKind
    contact_id: int
    source_id: int
    label: str
    text: str


@dataclass
class Gathering:
    items: list[Gathered]
    elsewhere: dict[int, Counter[str]]  # agency id -> kind -> how many


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "not recorded"


def _lines(*pairs: tuple[str, str | None]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


class _Collector:
    def __init__(self, agency_id: int) -> None:
        self.agency_id = agency_id
        self.items: list[Gathered] = []
        self.elsewhere: dict[int, Counter[str]] = defaultdict(Counter)

    def add(self, owner: int | None, item: Gathered) -> None:
        if owner == self.agency_id:
            self.items.append(item)
        elif owner is not None:
            self.elsewhere[owner][item.kind.value] += 1


def gather(session: Session, agency_id: int, subject_ids: set[int]) -> Gathering:
    """Everything the hub holds on the person's records, split by who contributed it."""
    out = _Collector(agency_id)
    subjects = list(session.scalars(select(Subject).where(Subject.id.in_(subject_ids))))
    contact_ids = {s.contact_id for s in subjects}
    user_agency = dict(session.execute(select(User.id, User.agency_id)).all())
    contacts = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.id.in_(contact_ids)).order_by(Contact.received_at)
        )
    }
    by_contact: dict[int, list[Subject]] = defaultdict(list)
    for subject in subjects:
        by_contact[subject.contact_id].append(subject)
    for contact in contacts.values():
        owner = contact.referrer_agency_id or user_agency.get(contact.created_by_id)
        out.add(owner, _contact_item(contact, by_contact[contact.id]))
    _research(session, out, contacts, subject_ids)
    discussions = _strategy(session, out, contacts)
    _copies(session, out, contacts, discussions, user_agency)
    for entry in session.scalars(
        select(Disclosure).where(Disclosure.contact_id.in_(contact_ids)).order_by(Disclosure.at)
    ):
        out.add(
            entry.from_agency_id,
            Gathered(
                ItemKind.DISCLOSURE,
                entry.contact_id,
                entry.id,
                f"Disclosure on {format_london(entry.at)} about contact "
                f"{contacts[entry.contact_id].reference}",
                _lines(
                    ("Disclosed to", entry.to_party), ("What", entry.what), ("Basis", entry.basis)
                ),
            ),
        )
    return Gathering(out.items, dict(out.elsewhere))


def _contact_item(contact: Contact, people: list[Subject]) -> Gathered:
    about = "; ".join(
        f"{p.first_name} {p.last_name}, born {_day(p.dob)}, {p.address}".rstrip(", ")
        for p in people
    )
    outcome = Outcome(contact.outcome).label if contact.outcome else "not yet decided"
    text = _lines(
        ("About", about),
        ("Received", format_london(contact.received_at)),
        ("Concern", contact.concern),
        ("Notes of the call", contact.call_notes),
        ("MASH decision", outcome),
        ("Reasons for the decision", contact.outcome_rationale),
    )
    return Gathered(
        ItemKind.CONTACT,
        contact.id,
        contact.id,
        f"Contact {contact.reference}, received {format_london(contact.received_at)}",
        text,
    )


def _research(
    session: Session, out: _Collector, contacts: dict[int, Contact], subject_ids: set[int]
) -> None:
    rows = session.execute(
        select(ResearchFinding, ResearchRequest.agency_id, ResearchRequest.contact_id)
        .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
        .where(
            ResearchRequest.contact_id.in_(contacts),
            or_(ResearchFinding.subject_id.in_(subject_ids), ResearchFinding.subject_id.is_(None)),
        )
        .order_by(ResearchFinding.id)
    ).all()
    earlier: dict[int, list[FindingAmendment]] = defaultdict(list)
    for amendment in session.scalars(
        select(FindingAmendment)
        .where(FindingAmendment.finding_id.in_([f.id for f, _a, _c in rows]))
        .order_by(FindingAmendment.id)
    ):
        earlier[amendment.finding_id].append(amendment)
    for finding, owner, contact_id in rows:
        reference = contacts[contact_id].reference
        about = finding.about or "the household"
        label = f"Research item about {about} (contact {reference})"
        if finding.amended_at is not None:
            label += f", corrected {format_london(finding.amended_at)}"
        out.add(owner, Gathered(ItemKind.RESEARCH, contact_id, finding.id, label, finding.finding))
        for amendment in earlier[finding.id]:
            out.add(
                owner,
                Gathered(
                    ItemKind.RESEARCH_EARLIER,
                    contact_id,
                    amendment.id,
                    f"Earlier text of that item, replaced {format_london(amendment.amended_at)} "
                    f"because: {amendment.reason}",
                    amendment.old_text,
                ),
            )


def _strategy(
    session: Session, out: _Collector, contacts: dict[int, Contact]
) -> dict[int, StrategyDiscussion]:
    discussions = {
        d.id: d
        for d in session.scalars(
            select(StrategyDiscussion)
            .where(StrategyDiscussion.contact_id.in_(contacts))
            .order_by(StrategyDiscussion.requested_at)
        )
    }
    for d in discussions.values():
        text = _lines(
            ("Why it was asked for", d.reason),
            ("Held", format_london(d.held_at) if d.held_at else None),
            ("Information shared", d.information_shared),
            ("Criminal investigation", d.criminal_investigation),
            ("Further information", d.further_information),
            ("Immediate actions", d.immediate_actions),
            ("Legal action", d.legal_action),
            ("Shared with the family", d.shared_with_family),
        )
        out.add(
            d.la_agency_id,
            Gathered(
                ItemKind.STRATEGY,
                d.contact_id,
                d.id,
                f"Strategy discussion {d.reference}",
                text or "Requested; no record written yet.",
            ),
        )
    for action in session.scalars(
        select(StrategyAction)
        .where(StrategyAction.discussion_id.in_(discussions))
        .order_by(StrategyAction.id)
    ):
        d = discussions[action.discussion_id]
        out.add(
            action.owner_agency_id,
            Gathered(
                ItemKind.ACTION,
                d.contact_id,
                action.id,
                f"Action from strategy discussion {d.reference}, due {_day(action.due_on)}",
                _lines(("Action", action.description), ("Who", action.owner_person)),
            ),
        )
    return discussions


def _copies(
    session: Session,
    out: _Collector,
    contacts: dict[int, Contact],
    discussions: dict[int, StrategyDiscussion],
    user_agency: dict[int, int],
) -> None:
    objects = {("contact", str(c)): c for c in contacts}
    objects |= {("strategy_discussion", str(d.id)): d.contact_id for d in discussions.values()}
    if not objects:
        return
    jobs = session.execute(
        select(PaperCopy, PrintJob)
        .join(PrintJob, PrintJob.id == PaperCopy.job_id)
        .where(
            PrintJob.object_type.in_({t for t, _i in objects}),
            PrintJob.object_id.in_({i for _t, i in objects}),
        )
        .order_by(PaperCopy.id)
    ).all()
    for copy, job in jobs:
        contact_id = objects.get((job.object_type, job.object_id))
        if contact_id is None:
            continue
        out.add(
            user_agency.get(job.requested_by_id),
            Gathered(
                ItemKind.COPY,
                contact_id,
                copy.id,
                f"Paper copy {copy.reference} of \u201c{job.title}\u201d",
                _lines(
                    ("Printed", format_london(job.requested_at)),
                    ("For", copy.recipient),
                    ("Where it is", CopyStatus(copy.status).label),
                ),
            ),
        )
