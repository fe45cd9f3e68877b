"""Out-of-hours telephone discussions (SD-9): the LA's list the next working morning, and the LA manager's acknowledgement."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import OOH_LIST_READERS, Role
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import (
    agency_of,
    is_la_chair,
    load_discussion,
)
from mash_desktop.services.strategy.rows import (
    DiscussionRow,
    DiscussionView,
    build_rows,
    build_view,
)
from mash_desktop.store.models import (
    StrategyDiscussion,
)


class StrategyOutOfHours:
    """Part of StrategyService; split out to keep modules short."""

    ctx: AppContext

    def from_out_of_hours(self, actor: Actor) -> list[DiscussionRow]:
        """The LA's list "from out of hours": telephone discussions recorded by the OOH
        manager, shown from the next working morning until the LA acknowledges them."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, OOH_LIST_READERS, "see the out-of-hours list")
            me = agency_of(s, actor)
            now = self.ctx.clock.now()
            query = select(StrategyDiscussion).where(
                StrategyDiscussion.out_of_hours.is_(True),
                StrategyDiscussion.ooh_acknowledged_at.is_(None),
                StrategyDiscussion.ooh_visible_from <= now,
            )
            if actor.role is Role.LA_MANAGER:
                query = query.where(StrategyDiscussion.la_agency_id == me.id)
            rows = build_rows(
                s,
                list(s.scalars(query.order_by(StrategyDiscussion.ooh_visible_from))),
                london_date(now),
            )
            record(
                s,
                self.ctx,
                actor,
                "strategy.ooh_list",
                "strategy_discussion",
                "",
                {"count": len(rows)},
            )
            return rows

    def acknowledge_ooh(self, actor: Actor, discussion_id: int) -> DiscussionView:
        """The LA has picked up an out-of-hours record (SD-9)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, {Role.LA_MANAGER}, "acknowledge an out-of-hours record")
            d = load_discussion(s, discussion_id)
            me = agency_of(s, actor)
            if not is_la_chair(actor, me, d):
                raise PermissionDenied("Only the manager of the child's LA can acknowledge it.")
            if not d.out_of_hours:
                raise ValidationError("This discussion was not held out of hours.")
            if d.ooh_acknowledged_at is None:
                d.ooh_acknowledged_at = self.ctx.clock.now()
                d.ooh_acknowledged_by_id = actor.user_id
            s.flush()
            record(s, self.ctx, actor, "strategy.ooh_acknowledge", "strategy_discussion", d.id)
            return build_view(s, d, london_date(self.ctx.clock.now()))
