"""After the outcome: a partner's disagreement and the LSCB escalation step (SD-10), and the
LA's feedback of the assessment outcome and conference date to partners who attended (SD-8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import CASEWORKERS, OOH_LIST_READERS, STRATEGY_OVERSEERS, Role
from mash_desktop.domain.statutory_clocks import conference_needs_reason
from mash_desktop.domain.strategy import AssessmentOutcome, DiscussionStatus
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import (
    Lookup,
    agency_code,
    agency_of,
    involved_agency_ids,
    is_la_chair,
    load_discussion,
    user_name,
)
from mash_desktop.store.models import (
    StrategyCopy,
    StrategyDiscussion,
    StrategyEscalation,
    StrategyOutcomeFeedback,
)


def relevant_partner_ids(s: Session, d: StrategyDiscussion) -> set[int]:
    """SD-17: "relevant partners": invited, attended, or owed a copy of the record."""
    ids = involved_agency_ids(d)
    ids.update(s.scalars(select(StrategyCopy.agency_id).where(StrategyCopy.discussion_id == d.id)))
    return ids


def require_follow_up_reader(s: Session, actor: Actor, d: StrategyDiscussion, refusal: str) -> None:
    """What follows a discussion (outcome feedback, conference requests) is read by the hub's
    managers, the child's LA and every relevant partner (SD-17), not by administrators."""
    require_active(s, actor)
    me = agency_of(s, actor)
    if not (
        actor.role in STRATEGY_OVERSEERS
        or me.id == d.la_agency_id
        or (me.id in relevant_partner_ids(s, d) and actor.role is not Role.ADMINISTRATOR)
    ):
        raise PermissionDenied(refusal)


@dataclass(frozen=True)
class EscalationRow:
    id: int
    discussion_id: int
    discussion_reference: str
    agency_code: str
    raised_by: str
    raised_at: datetime
    disagreement: str
    escalation_step: str
    resolved_at: datetime | None
    resolution: str


@dataclass(frozen=True)
class OutcomeFeedbackRow:
    id: int
    discussion_id: int
    assessment_outcome: AssessmentOutcome
    conference_on: date | None
    note: str
    recorded_by: str
    recorded_at: datetime
    late_reason: str = ""


class FollowUpService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- disagreement and escalation (SD-10) -----------------------------------------
    def _escalation_row(self, s: Session, e: StrategyEscalation) -> EscalationRow:
        d = load_discussion(s, e.discussion_id)
        return EscalationRow(
            e.id,
            d.id,
            d.reference,
            agency_code(s, e.agency_id),
            user_name(s, e.raised_by_id),
            e.raised_at,
            e.disagreement,
            e.escalation_step,
            e.resolved_at,
            e.resolution,
        )

    def raise_escalation(
        self, actor: Actor, discussion_id: int, disagreement: str, escalation_step: str
    ) -> EscalationRow:
        """A partner involved disagrees with the outcome and records the LSCB escalation."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "record a disagreement")
            d = load_discussion(s, discussion_id)
            me = agency_of(s, actor)
            if me.id not in involved_agency_ids(d) and me.id != d.la_agency_id:
                raise PermissionDenied("Only an agency involved in the discussion can disagree.")
            if d.status != DiscussionStatus.COMPLETED.value:
                raise ValidationError(
                    "The outcome is not recorded yet; there is nothing to dispute."
                )
            problems = {}
            if not disagreement.strip():
                problems["disagreement"] = "Say what your agency disagrees with."
            if not escalation_step.strip():
                problems["escalation_step"] = "Record the escalation step (LSCB escalation policy)."
            if problems:
                raise ValidationError("The disagreement is not complete.", problems)
            e = StrategyEscalation(
                discussion_id=d.id,
                agency_id=me.id,
                raised_by_id=actor.user_id,
                raised_at=self.ctx.clock.now(),
                disagreement=disagreement.strip(),
                escalation_step=escalation_step.strip(),
            )
            s.add(e)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.escalation_raise",
                "strategy_escalation",
                e.id,
                {"discussion_id": d.id},
            )
            return self._escalation_row(s, e)

    def resolve_escalation(
        self, actor: Actor, escalation_id: int, resolution: str
    ) -> EscalationRow:
        with self.ctx.store.transaction() as s:
            require_role(s, actor, OOH_LIST_READERS, "resolve escalations")
            e = s.get(StrategyEscalation, escalation_id)
            if e is None:
                raise NotFound(f"Escalation {escalation_id} was not found.")
            d = load_discussion(s, e.discussion_id)
            me = agency_of(s, actor)
            if actor.role is Role.LA_MANAGER and not is_la_chair(actor, me, d):
                raise PermissionDenied("Only the child's LA or the MASH manager can resolve it.")
            if not resolution.strip():
                raise ValidationError("Record how it was resolved.", {"resolution": "Required."})
            e.resolved_at = self.ctx.clock.now()
            e.resolved_by_id = actor.user_id
            e.resolution = resolution.strip()
            s.flush()
            record(s, self.ctx, actor, "strategy.escalation_resolve", "strategy_escalation", e.id)
            return self._escalation_row(s, e)

    def open_escalations(self, actor: Actor) -> list[EscalationRow]:
        """Open disagreements: all for the hub's managers, the LA's own, a partner's own."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            me = agency_of(s, actor)
            rows = []
            for e in s.scalars(
                select(StrategyEscalation)
                .where(StrategyEscalation.resolved_at.is_(None))
                .order_by(StrategyEscalation.raised_at)
            ):
                d = load_discussion(s, e.discussion_id)
                if (
                    actor.role in STRATEGY_OVERSEERS
                    or is_la_chair(actor, me, d)
                    or e.agency_id == me.id
                ):
                    rows.append(self._escalation_row(s, e))
            record(
                s,
                self.ctx,
                actor,
                "strategy.escalations_view",
                "strategy_escalation",
                "",
                {"count": len(rows)},
            )
            return rows

    # --- outcome feedback (SD-8) -----------------------------------------------------
    def record_outcome(
        self,
        actor: Actor,
        discussion_id: int,
        outcome: AssessmentOutcome,
        conference_on: date | None,
        note: str = "",
        late_reason: str = "",
    ) -> OutcomeFeedbackRow:
        """The LA feeds back the assessment outcome and any conference date to every relevant
        partner (SD-8, SD-17). Refused for a discussion never held, and an s47 outcome where no
        s47 enquiry started; a conference after the child's ICPC due date needs its reason
        (SD-15)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, {Role.LA_MANAGER}, "feed back the assessment outcome")
            d = load_discussion(s, discussion_id)
            if not is_la_chair(actor, agency_of(s, actor), d):
                raise PermissionDenied("Only the child's LA feeds back the outcome.")
            if d.held_at is None or d.status != DiscussionStatus.COMPLETED.value:
                raise ValidationError(
                    "This strategy discussion has not been held and recorded: there is no "
                    "outcome to feed back yet (SD-17)."
                )
            if outcome.is_s47 and not d.s47_started:
                raise ValidationError(
                    "No s47 enquiry was started at this discussion: an s47 outcome cannot be "
                    "fed back (SD-17).",
                    {"outcome": "Not an s47 case."},
                )
            icpc = Lookup(s, london_date(self.ctx.clock.now())).clocks(d).icpc_due
            if (
                conference_on is not None
                and conference_needs_reason(conference_on, icpc)
                and not is_a_reason(late_reason)
            ):
                raise ValidationError(
                    f"The conference is after its due date ({icpc:%d/%m/%Y}, 15 working days "
                    "from the first s47 discussion): record why (SD-15).",
                    {"late_reason": "Required: the conference is late."},
                )
            if outcome is AssessmentOutcome.SUBSTANTIATED_LIKELY and conference_on is None:
                raise ValidationError(
                    "The child is likely to suffer significant harm: give the date of the "
                    "child protection conference.",
                    {"conference_on": "Required for this outcome."},
                )
            f = StrategyOutcomeFeedback(
                discussion_id=d.id,
                assessment_outcome=outcome.value,
                conference_on=conference_on,
                note=note.strip(),
                late_reason=late_reason.strip(),
                recorded_by_id=actor.user_id,
                recorded_at=self.ctx.clock.now(),
            )
            s.add(f)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.outcome_feedback",
                "strategy_discussion",
                d.id,
                {"outcome": outcome.value},
            )
            return self._outcome_row(s, f)

    def _outcome_row(self, s: Session, f: StrategyOutcomeFeedback) -> OutcomeFeedbackRow:
        return OutcomeFeedbackRow(
            f.id,
            f.discussion_id,
            AssessmentOutcome(f.assessment_outcome),
            f.conference_on,
            f.note,
            user_name(s, f.recorded_by_id),
            f.recorded_at,
            f.late_reason,
        )

    def outcome_feedback(self, actor: Actor, discussion_id: int) -> list[OutcomeFeedbackRow]:
        """Visible to the LA, the hub's managers and every relevant partner: invited,
        attended or sent the record (SD-17)."""
        with self.ctx.store.transaction() as s:
            d = load_discussion(s, discussion_id)
            require_follow_up_reader(
                s, actor, d, "The outcome is fed back to the partners involved in the discussion."
            )
            rows = [
                self._outcome_row(s, f)
                for f in s.scalars(
                    select(StrategyOutcomeFeedback)
                    .where(StrategyOutcomeFeedback.discussion_id == d.id)
                    .order_by(StrategyOutcomeFeedback.id)
                )
            ]
            record(s, self.ctx, actor, "strategy.outcome_view", "strategy_discussion", d.id)
            return rows
