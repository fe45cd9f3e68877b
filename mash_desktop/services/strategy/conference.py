"""A partner's request that children's social care convene a child protection conference
(SD-18; Working Together 2015: "other professionals involved with the child and family have
the right to request that local authority children's social care convene a conference"), and
the LA's answer with who gave it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import CASEWORKERS, Role
from mash_desktop.domain.strategy import DiscussionStatus
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import (
    agency_code,
    agency_of,
    is_la_chair,
    load_discussion,
    user_name,
)
from mash_desktop.services.strategy.followup import (
    relevant_partner_ids,
    require_follow_up_reader,
)
from mash_desktop.store.models import StrategyConferenceRequest


class ConferenceAnswer(StrEnum):
    AGREED = "agreed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"agreed": "Agreed: a conference will be convened", "declined": "Declined"}[
            self.value
        ]


@dataclass(frozen=True)
class ConferenceRequestRow:
    id: int
    discussion_id: int
    agency_code: str
    requested_by: str
    requested_at: datetime
    concern: str
    answer: ConferenceAnswer | None
    answer_note: str
    answered_by: str
    answered_at: datetime | None


class ConferenceRequestService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _row(self, s: Session, r: StrategyConferenceRequest) -> ConferenceRequestRow:
        return ConferenceRequestRow(
            r.id,
            r.discussion_id,
            agency_code(s, r.agency_id),
            user_name(s, r.requested_by_id),
            r.requested_at,
            r.concern,
            ConferenceAnswer(r.answer) if r.answer else None,
            r.answer_note,
            user_name(s, r.answered_by_id),
            r.answered_at,
        )

    def request(self, actor: Actor, discussion_id: int, concern: str) -> ConferenceRequestRow:
        """A partner involved asks CSC to convene a conference, saying why (serious concern
        that the child's welfare may not be adequately safeguarded)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "ask for a conference")
            d = load_discussion(s, discussion_id)
            me = agency_of(s, actor)
            if me.id == d.la_agency_id or me.id not in relevant_partner_ids(s, d):
                raise PermissionDenied(
                    "A partner involved in the discussion asks the child's LA for a conference."
                )
            if d.status != DiscussionStatus.COMPLETED.value:
                raise ValidationError("The discussion's record is not completed yet.")
            if not is_a_reason(concern):
                raise ValidationError(
                    "Say why the child's welfare may not be adequately safeguarded.",
                    {"concern": "Required, in words."},
                )
            r = StrategyConferenceRequest(
                discussion_id=d.id,
                agency_id=me.id,
                requested_by_id=actor.user_id,
                requested_at=self.ctx.clock.now(),
                concern=concern.strip(),
            )
            s.add(r)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.conference_request",
                "strategy_conference_request",
                r.id,
                {"discussion_id": d.id},
            )
            return self._row(s, r)

    def answer(
        self, actor: Actor, request_id: int, answer: ConferenceAnswer, note: str
    ) -> ConferenceRequestRow:
        """The child's LA manager answers, with the reason; who and when are recorded."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, {Role.LA_MANAGER}, "answer a conference request")
            r = s.get(StrategyConferenceRequest, request_id)
            if r is None:
                raise NotFound(f"Conference request {request_id} was not found.")
            d = load_discussion(s, r.discussion_id)
            if not is_la_chair(actor, agency_of(s, actor), d):
                raise PermissionDenied("Only the child's LA answers a conference request.")
            if r.answer is not None:
                raise ValidationError("This request has already been answered.")
            if not is_a_reason(note):
                raise ValidationError(
                    "Give the reason for the answer.", {"answer_note": "Required, in words."}
                )
            r.answer = answer.value
            r.answer_note = note.strip()
            r.answered_by_id = actor.user_id
            r.answered_at = self.ctx.clock.now()
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.conference_answer",
                "strategy_conference_request",
                r.id,
                {"answer": answer.value},
            )
            return self._row(s, r)

    def requests_for(self, actor: Actor, discussion_id: int) -> list[ConferenceRequestRow]:
        with self.ctx.store.transaction() as s:
            d = load_discussion(s, discussion_id)
            require_follow_up_reader(
                s, actor, d, "Only the partners involved can see conference requests."
            )
            rows = [
                self._row(s, r)
                for r in s.scalars(
                    select(StrategyConferenceRequest)
                    .where(StrategyConferenceRequest.discussion_id == d.id)
                    .order_by(StrategyConferenceRequest.id)
                )
            ]
            record(
                s, self.ctx, actor, "strategy.conference_requests_view", "strategy_discussion", d.id
            )
            return rows
