"""After the discussion: the action tracker (SD-6), the copies of the record owed within 48
hours (SD-4), partners' disagreements and escalations (SD-10) and the LA's outcome feedback
(SD-8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.roles import CASEWORKERS, CHAIRS, STRATEGY_OVERSEERS
from mash_desktop.domain.strategy import (
    ActionStatus,
    CopyChannel,
    copy_channel_problem,
    copy_overdue,
    copy_sent_late,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import (
    Lookup,
    agency_by_code,
    agency_code,
    agency_of,
    load_discussion,
    may_record,
    may_view,
    require_record,
    require_view,
    user_name,
)
from mash_desktop.store.models import (
    Agency,
    StrategyAction,
    StrategyActionFeedback,
    StrategyCopy,
    StrategyDiscussion,
)


@dataclass(frozen=True)
class ActionRow:
    id: int
    version: int
    discussion_id: int
    discussion_reference: str
    child_names: str
    description: str
    owner_agency_code: str
    owner_person: str
    due_on: date
    status: ActionStatus
    overdue: bool
    last_feedback: str
    allocated: str  # the allocated social worker or team partners feed back to (SD-6)
    icpc_due: date | None
    assessment_due: date


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    at: datetime
    by: str
    agency_code: str
    note: str
    status_after: ActionStatus


@dataclass(frozen=True)
class CopyRow:
    id: int
    discussion_id: int
    discussion_reference: str
    agency_code: str
    agency_name: str
    due_at: datetime
    sent_at: datetime | None
    channel: CopyChannel | None
    sent_by: str
    overdue: bool
    late: bool
    address: str = ""  # SD-16: the secure e-mail address or fax number used
    review_note: str = ""  # SEC-5: an older record logged as posted, to be checked


def _allocated(d: StrategyDiscussion) -> str:
    parts = [p for p in (d.allocated_social_worker, d.allocated_team) if p]
    return " / ".join(parts)


class ActionTrackerService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _today(self) -> date:
        return to_london(self.ctx.clock.now()).date()

    def _action_rows(
        self, s: Session, pairs: list[tuple[StrategyAction, StrategyDiscussion]]
    ) -> list[ActionRow]:
        """Rows for many actions in a few queries (the actions-due view can be long)."""
        look = Lookup(s)
        look.preload_contacts({d.contact_id for _a, d in pairs})
        ids = [a.id for a, _d in pairs]
        last_notes: dict[int, str] = {}
        for chunk in range(0, len(ids), 500):
            newest = (
                select(func.max(StrategyActionFeedback.id))
                .where(StrategyActionFeedback.action_id.in_(ids[chunk : chunk + 500]))
                .group_by(StrategyActionFeedback.action_id)
            )
            last_notes.update(
                (action_id, note)
                for action_id, note in s.execute(
                    select(StrategyActionFeedback.action_id, StrategyActionFeedback.note).where(
                        StrategyActionFeedback.id.in_(newest)
                    )
                )
            )
        today = self._today()
        rows = []
        for a, d in pairs:
            status = ActionStatus(a.status)
            icpc, assessment = look.due_dates(d)
            rows.append(
                ActionRow(
                    id=a.id,
                    version=a.version,
                    discussion_id=d.id,
                    discussion_reference=d.reference,
                    child_names=look.child_names(d.contact_id),
                    description=a.description,
                    owner_agency_code=look.agency_code(a.owner_agency_id),
                    owner_person=a.owner_person,
                    due_on=a.due_on,
                    status=status,
                    overdue=not status.is_closed and a.due_on < today,
                    last_feedback=last_notes.get(a.id, ""),
                    allocated=_allocated(d),
                    icpc_due=icpc,
                    assessment_due=assessment,
                )
            )
        return rows

    def _action_row(self, s: Session, a: StrategyAction, d: StrategyDiscussion) -> ActionRow:
        return self._action_rows(s, [(a, d)])[0]

    # --- actions (SD-6) ---------------------------------------------------------------
    def add_action(
        self,
        actor: Actor,
        discussion_id: int,
        description: str,
        owner_agency: str,
        owner_person: str,
        due_on: date | None,
    ) -> ActionRow:
        """An agreed action: who (agency and person) does what by when."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS, "add strategy actions")
            d = load_discussion(s, discussion_id)
            require_record(actor, agency_of(s, actor), d)
            problems = {}
            if not description.strip():
                problems["description"] = "Say what is to be done."
            if not owner_person.strip():
                problems["owner_person"] = "Name the person who will do it."
            if due_on is None:
                problems["due_on"] = "Give the date it is due."
            if problems:
                raise ValidationError("The action is not complete.", problems)
            assert due_on is not None
            agency = agency_by_code(s, owner_agency)
            now = self.ctx.clock.now()
            a = StrategyAction(
                discussion_id=d.id,
                description=description.strip(),
                owner_agency_id=agency.id,
                owner_person=owner_person.strip(),
                due_on=due_on,
                status=ActionStatus.OPEN.value,
                created_by_id=actor.user_id,
                created_at=now,
                updated_at=now,
            )
            s.add(a)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.action_add",
                "strategy_action",
                a.id,
                {"discussion_id": d.id, "owner": agency.code, "due_on": due_on.isoformat()},
            )
            return self._action_row(s, a, d)

    def actions_for(self, actor: Actor, discussion_id: int) -> list[ActionRow]:
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            d = load_discussion(s, discussion_id)
            require_view(actor, agency_of(s, actor), d)
            actions = s.scalars(
                select(StrategyAction)
                .where(StrategyAction.discussion_id == d.id)
                .order_by(StrategyAction.due_on, StrategyAction.id)
            )
            rows = self._action_rows(s, [(a, d) for a in actions])
            record(s, self.ctx, actor, "strategy.actions_view", "strategy_discussion", d.id)
            return rows

    def actions_due(self, actor: Actor, include_closed: bool = False) -> list[ActionRow]:
        """Actions across every discussion this user may see, overdue ones first, then by
        due date. Partners see their own agency's actions; managers see their LA's."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            me = agency_of(s, actor)
            query = (
                select(StrategyAction, StrategyDiscussion)
                .join(StrategyDiscussion, StrategyDiscussion.id == StrategyAction.discussion_id)
                .options(
                    selectinload(StrategyDiscussion.invitations),
                    selectinload(StrategyDiscussion.attendees),
                )
            )
            if not include_closed:
                query = query.where(
                    StrategyAction.status.not_in(
                        [ActionStatus.DONE.value, ActionStatus.CANCELLED.value]
                    )
                )
            pairs = [
                (a, d)
                for a, d in s.execute(query).all()
                if actor.role in STRATEGY_OVERSEERS
                or may_record(actor, me, d)
                or (a.owner_agency_id == me.id and may_view(actor, me, d))
            ]
            rows = self._action_rows(s, pairs)
            rows.sort(key=lambda r: (not r.overdue, r.due_on, r.id))
            record(
                s,
                self.ctx,
                actor,
                "strategy.actions_due",
                "strategy_action",
                "",
                {"count": len(rows)},
            )
            return rows

    def record_feedback(
        self, actor: Actor, action_id: int, note: str, status: ActionStatus
    ) -> ActionRow:
        """A partner feeds back on its own agency's action (SD-6); the LA chair may too."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "feed back on strategy actions")
            a = s.get(StrategyAction, action_id)
            if a is None:
                raise NotFound(f"Action {action_id} was not found.")
            d = load_discussion(s, a.discussion_id)
            me = agency_of(s, actor)
            if a.owner_agency_id != me.id and not may_record(actor, me, d):
                raise PermissionDenied(
                    "Only the agency that owns this action (or the LA chair) can feed back on it."
                )
            if not note.strip():
                raise ValidationError("Write the feedback.", {"note": "Required."})
            now = self.ctx.clock.now()
            s.add(
                StrategyActionFeedback(
                    action_id=a.id,
                    by_id=actor.user_id,
                    agency_id=me.id,
                    at=now,
                    note=note.strip(),
                    status_after=status.value,
                )
            )
            a.status = status.value
            a.updated_at = now
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.action_feedback",
                "strategy_action",
                a.id,
                {"status": status.value},
            )
            return self._action_row(s, a, d)

    def feedback_for(self, actor: Actor, action_id: int) -> list[FeedbackRow]:
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            a = s.get(StrategyAction, action_id)
            if a is None:
                raise NotFound(f"Action {action_id} was not found.")
            d = load_discussion(s, a.discussion_id)
            require_view(actor, agency_of(s, actor), d)
            rows = [
                FeedbackRow(
                    f.id,
                    f.at,
                    user_name(s, f.by_id),
                    agency_code(s, f.agency_id),
                    f.note,
                    ActionStatus(f.status_after),
                )
                for f in s.scalars(
                    select(StrategyActionFeedback)
                    .where(StrategyActionFeedback.action_id == a.id)
                    .order_by(StrategyActionFeedback.id)
                )
            ]
            record(s, self.ctx, actor, "strategy.feedback_view", "strategy_action", a.id)
            return rows

    # --- copies within 48 hours (SD-4) ------------------------------------------------
    def _copy_row(self, s: Session, c: StrategyCopy, d: StrategyDiscussion) -> CopyRow:
        agency = s.get(Agency, c.agency_id)
        assert d.held_at is not None
        return CopyRow(
            id=c.id,
            discussion_id=d.id,
            discussion_reference=d.reference,
            agency_code=agency.code if agency else "",
            agency_name=agency.name if agency else "",
            due_at=c.due_at,
            sent_at=c.sent_at,
            channel=CopyChannel(c.channel) if c.channel else None,
            sent_by=user_name(s, c.sent_by_id),
            overdue=copy_overdue(d.held_at, c.sent_at, self.ctx.clock.now()),
            late=copy_sent_late(d.held_at, c.sent_at),
            address=c.address,
            review_note=c.review_note,
        )

    def copies_for(self, actor: Actor, discussion_id: int) -> list[CopyRow]:
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            d = load_discussion(s, discussion_id)
            require_view(actor, agency_of(s, actor), d)
            rows = [
                self._copy_row(s, c, d)
                for c in s.scalars(
                    select(StrategyCopy)
                    .where(StrategyCopy.discussion_id == d.id)
                    .order_by(StrategyCopy.id)
                )
            ]
            record(s, self.ctx, actor, "strategy.copies_view", "strategy_discussion", d.id)
            return rows

    def record_copy_sent(
        self, actor: Actor, copy_id: int, channel: CopyChannel, address: str = ""
    ) -> CopyRow:
        """The chair sent the record to one agency: how, to which address, by whom, when.

        Only by secure e-mail or fax (SD-16, InfoSec 3.1): paper never leaves the MASH (SEC-5).
        """
        problem = copy_channel_problem(channel, address)
        if problem:
            raise ValidationError(
                problem, {"channel" if not channel.allowed else "address": problem}
            )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS, "record copies sent")
            c = s.get(StrategyCopy, copy_id)
            if c is None:
                raise NotFound(f"Copy {copy_id} was not found.")
            d = load_discussion(s, c.discussion_id)
            require_record(actor, agency_of(s, actor), d)
            if c.sent_at is not None:
                raise ValidationError("This copy is already recorded as sent.")
            c.sent_at = self.ctx.clock.now()
            c.channel = channel.value
            c.address = address.strip()
            c.sent_by_id = actor.user_id
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.copy_sent",
                "strategy_copy",
                c.id,
                {
                    "discussion_id": d.id,
                    "agency_id": c.agency_id,
                    "channel": channel.value,
                    "address": c.address,
                },
            )
            return self._copy_row(s, c, d)

    def overdue_copies(self, actor: Actor) -> list[CopyRow]:
        """Copies not sent within 48 hours of the discussion, oldest first."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS | STRATEGY_OVERSEERS, "see overdue copies")
            me = agency_of(s, actor)
            now = self.ctx.clock.now()
            rows = []
            for c, d in s.execute(
                select(StrategyCopy, StrategyDiscussion)
                .join(StrategyDiscussion, StrategyDiscussion.id == StrategyCopy.discussion_id)
                .where(StrategyCopy.sent_at.is_(None), StrategyCopy.due_at < now)
                .order_by(StrategyCopy.due_at)
            ):
                if actor.role in STRATEGY_OVERSEERS or may_record(actor, me, d):
                    rows.append(self._copy_row(s, c, d))
            record(
                s,
                self.ctx,
                actor,
                "strategy.copies_overdue",
                "strategy_copy",
                "",
                {"count": len(rows)},
            )
            return rows
