"""The children whose statutory clocks are due soon or overdue (SD-15), for the strategy area
and the Management Board figures (GOV-1). One row per child's discussion record that the user
may see; a child's later discussions share its clocks, so only the first is listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mash_desktop.domain.statutory_clocks import ClockState
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import Lookup, agency_of, may_view
from mash_desktop.store.models import StrategyDiscussion

WATCHED = frozenset({ClockState.DUE_SOON, ClockState.OVERDUE})


@dataclass(frozen=True)
class ClockRow:
    discussion_id: int
    discussion_reference: str
    child_names: str
    icpc_due: date | None
    icpc_state: ClockState | None
    assessment_due: date
    assessment_state: ClockState

    @property
    def overdue(self) -> bool:
        return ClockState.OVERDUE in (self.icpc_state, self.assessment_state)


class ClockService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def clocks_to_watch(self, actor: Actor) -> list[ClockRow]:
        """Clocks due soon or overdue for the discussions this user may see, overdue first."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            me = agency_of(s, actor)
            look = Lookup(s, london_date(self.ctx.clock.now()))
            seen: set[tuple[str, date | None, date]] = set()
            rows = []
            for d in s.scalars(
                select(StrategyDiscussion)
                .options(
                    selectinload(StrategyDiscussion.invitations),
                    selectinload(StrategyDiscussion.attendees),
                )
                .where(StrategyDiscussion.held_at.is_not(None))
                .order_by(StrategyDiscussion.held_at)
            ):
                if not may_view(actor, me, d):
                    continue
                c = look.clocks(d)
                key = (look.child_names(d.contact_id), c.icpc_due, c.assessment_due)
                if key in seen or not ({c.icpc_state, c.assessment_state} & WATCHED):
                    continue
                seen.add(key)
                rows.append(
                    ClockRow(
                        d.id,
                        d.reference,
                        look.child_names(d.contact_id),
                        c.icpc_due,
                        c.icpc_state,
                        c.assessment_due,
                        c.assessment_state,
                    )
                )
            rows.sort(key=lambda r: (not r.overdue, r.icpc_due or r.assessment_due))
            record(
                s,
                self.ctx,
                actor,
                "strategy.clocks_view",
                "strategy_discussion",
                "",
                {"count": len(rows)},
            )
            return rows
