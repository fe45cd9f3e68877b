"""The statutory clocks of each child, tracked (SD-15), and the 48-hour copies owed from the
moment a discussion is held (SD-16).

Not a public service on its own: the strategy views read ``ChildClocks`` through ``Lookup``;
``ClockService`` lists what is due soon or overdue for the strategy area and the Board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.domain.statutory_clocks import (
    ClockState,
    HeldDiscussion,
    child_icpc_due,
    clock_state,
    first_s47_discussion,
)
from mash_desktop.domain.strategy import copy_due_at
from mash_desktop.domain.working_days import assessment_due
from mash_desktop.services.contacts.identity import same_child_subject_ids
from mash_desktop.store.models import (
    Contact,
    PersonLink,
    StrategyCopy,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
    Subject,
)


@dataclass(frozen=True)
class ChildClocks:
    """One child's two clocks as of ``today``."""

    icpc_due: date | None
    icpc_state: ClockState | None
    conference_on: date | None
    assessment_due: date
    assessment_state: ClockState


def _related(s: Session, contacts: list[Contact]) -> dict[int, set[int]]:
    """Contact id -> the contacts about the same children, in a few queries for the lot (the
    rule is contacts.identity.same_child_subject_ids; here batched for list screens)."""
    children = [c for contact in contacts for c in contact.subjects if c.is_child]
    by_subject: dict[int, set[int]] = {c.id: set() for c in children}
    nhs = {c.nhs_number for c in children if c.nhs_number}
    if nhs:
        holders: dict[str, set[int]] = {}
        for sid, number in s.execute(
            select(Subject.id, Subject.nhs_number).where(
                Subject.nhs_number.in_(nhs), Subject.is_child.is_(True)
            )
        ):
            if number:
                holders.setdefault(number, set()).add(sid)
        for c in children:
            if c.nhs_number:
                by_subject[c.id] |= holders.get(c.nhs_number, set())
    for c in children:
        if c.other_identifiers:
            by_subject[c.id] |= same_child_subject_ids(s, c)
    if by_subject:
        for link in s.scalars(
            select(PersonLink).where(
                or_(
                    PersonLink.subject_id.in_(by_subject),
                    PersonLink.other_subject_id.in_(by_subject),
                )
            )
        ):
            for me, other in (
                (link.subject_id, link.other_subject_id),
                (link.other_subject_id, link.subject_id),
            ):
                if me in by_subject:
                    if link.decision == LinkDecision.SAME.value:
                        by_subject[me].add(other)
                    else:
                        by_subject[me].discard(other)
    wanted = set().union(*by_subject.values()) if by_subject else set()
    contact_of = (
        dict(s.execute(select(Subject.id, Subject.contact_id).where(Subject.id.in_(wanted))).all())
        if wanted
        else {}
    )
    return {
        contact.id: {contact.id}
        | {
            contact_of[o]
            for c in contact.subjects
            if c.is_child
            for o in by_subject[c.id]
            if o in contact_of
        }
        for contact in contacts
    }


def clocks_for_contacts(s: Session, contacts: list[Contact], today: date) -> dict[int, ChildClocks]:
    """Each contact's child clocks (SD-15), in a handful of queries whatever the number."""
    related = _related(s, contacts)
    everyone = set().union(*related.values()) if related else set()
    discussions: dict[int, list[StrategyDiscussion]] = {}
    for x in s.scalars(
        select(StrategyDiscussion).where(StrategyDiscussion.contact_id.in_(everyone))
    ):
        discussions.setdefault(x.contact_id, []).append(x)
    received = dict(
        s.execute(select(Contact.id, Contact.received_at).where(Contact.id.in_(everyone))).all()
    )
    feedback: dict[int, list[StrategyOutcomeFeedback]] = {}
    ids = [x.id for group in discussions.values() for x in group]
    for f in s.scalars(
        select(StrategyOutcomeFeedback).where(StrategyOutcomeFeedback.discussion_id.in_(ids))
    ):
        feedback.setdefault(f.discussion_id, []).append(f)
    out = {}
    for contact in contacts:
        mine = [x for cid in related[contact.id] for x in discussions.get(cid, [])]
        first = first_s47_discussion(HeldDiscussion(x.held_at, x.s47_started) for x in mine)
        referral_contact = contact.id
        if first is not None:
            referral_contact = next(x.contact_id for x in mine if x.held_at == first)
        icpc = child_icpc_due([HeldDiscussion(first, True)]) if first is not None else None
        assessment = assessment_due(received.get(referral_contact) or contact.received_at)
        notes = [f for x in mine for f in feedback.get(x.id, [])]
        conferences = [f.conference_on for f in notes if f.conference_on is not None]
        conference_on = min(conferences) if conferences else None
        assessed = [to_london(f.recorded_at).date() for f in notes]
        icpc_state = None
        if icpc is not None:
            held = conference_on if conference_on is not None and conference_on <= today else None
            icpc_state = clock_state(icpc, today, held)
        out[contact.id] = ChildClocks(
            icpc,
            icpc_state,
            conference_on,
            assessment,
            clock_state(assessment, today, min(assessed) if assessed else None),
        )
    return out


def sync_copies(s: Session, d: StrategyDiscussion) -> None:
    """SD-16: from the moment the discussion is held, a copy is owed to every agency involved
    within 48 hours, completed or not. Unsent copies follow the record as it changes."""
    existing = list(s.scalars(select(StrategyCopy).where(StrategyCopy.discussion_id == d.id)))
    if d.held_at is None:
        for c in existing:
            if c.sent_at is None:
                s.delete(c)
        return
    wanted = {inv.agency_id for inv in d.invitations} | {a.agency_id for a in d.attendees}
    wanted.discard(d.la_agency_id)
    due: datetime = copy_due_at(d.held_at)
    have = set()
    for c in existing:
        have.add(c.agency_id)
        if c.sent_at is None:
            if c.agency_id in wanted:
                c.due_at = due
            else:
                s.delete(c)
    for agency_id in sorted(wanted - have):
        s.add(StrategyCopy(discussion_id=d.id, agency_id=agency_id, due_at=due))
