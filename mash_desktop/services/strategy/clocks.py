"""The statutory clocks of each child, tracked (SD-15), and the 48-hour copies owed from the
moment a discussion is held (SD-16).

Not a public service on its own: the strategy views read ``ChildClocks`` through ``Lookup``;
``ClockService`` lists what is due soon or overdue for the strategy area and the Board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.statutory_clocks import (
    ClockState,
    HeldDiscussion,
    child_icpc_due,
    clock_state,
    first_s47_discussion,
)
from mash_desktop.domain.strategy import copy_due_at
from mash_desktop.domain.working_days import assessment_due
from mash_desktop.services.contacts.identity import related_contact_ids
from mash_desktop.store.models import (
    Contact,
    StrategyCopy,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
)


@dataclass(frozen=True)
class ChildClocks:
    """One child's two clocks as of ``today``."""

    icpc_due: date | None
    icpc_state: ClockState | None
    conference_on: date | None
    assessment_due: date
    assessment_state: ClockState


def child_clocks(s: Session, d: StrategyDiscussion, today: date) -> ChildClocks:
    """The clocks of the child ``d`` is about, counted from the child's FIRST s47 discussion
    (on any contact about the same child) and from the referral that led to it."""
    contact_ids = related_contact_ids(s, d.contact_id)
    discussions = list(
        s.scalars(select(StrategyDiscussion).where(StrategyDiscussion.contact_id.in_(contact_ids)))
    )
    first = first_s47_discussion(HeldDiscussion(x.held_at, x.s47_started) for x in discussions)
    icpc = child_icpc_due([HeldDiscussion(first, True)]) if first is not None else None
    referral_contact = d.contact_id
    if first is not None:
        referral_contact = next(x.contact_id for x in discussions if x.held_at == first)
    referral_at = s.scalar(select(Contact.received_at).where(Contact.id == referral_contact))
    assessment = assessment_due(referral_at or d.requested_at)
    feedback = list(
        s.scalars(
            select(StrategyOutcomeFeedback).where(
                StrategyOutcomeFeedback.discussion_id.in_([x.id for x in discussions])
            )
        )
    )
    conferences = [f.conference_on for f in feedback if f.conference_on is not None]
    conference_on = min(conferences) if conferences else None
    assessed = [to_london(f.recorded_at).date() for f in feedback]
    icpc_state = None
    if icpc is not None:
        held = conference_on if conference_on is not None and conference_on <= today else None
        icpc_state = clock_state(icpc, today, held)
    return ChildClocks(
        icpc,
        icpc_state,
        conference_on,
        assessment,
        clock_state(assessment, today, min(assessed) if assessed else None),
    )


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
