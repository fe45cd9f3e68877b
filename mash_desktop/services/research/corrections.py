"""The originating partner's steps on an item it shared: reversing its own "do not
disclose" with a reason (ISP-3) and correcting the item (ISP-13). Both are in the disclosure
log or the item's history, and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import CASEWORKERS, PARTNER_MANAGERS, RESEARCH_READERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.lawful import standing_withhold
from mash_desktop.services.research.rows import item_label, user_names, visible_to
from mash_desktop.services.research.sharing import log_disclosure
from mash_desktop.store.models import (
    FindingAmendment,
    ResearchFinding,
    ResearchRequest,
    WithholdReversal,
)


@dataclass(frozen=True)
class AmendmentRow:
    at: datetime
    by: str
    old_text: str
    new_text: str
    reason: str


class SharedItemService:
    """The originating partner's steps after sharing: reversing its own "do not disclose"
    (ISP-3) and correcting a shared item (ISP-13)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _own(self, s: Session, actor: Actor, finding_id: int) -> ResearchFinding:
        finding = s.get(ResearchFinding, finding_id)
        if finding is None or finding.request.agency.code != actor.agency_code:
            raise NotFound("No such research item for your agency.")
        return finding

    def reverse_withhold(self, actor: Actor, finding_id: int, reason: str) -> None:
        """A manager of the originating partner reverses its decision not to disclose."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, PARTNER_MANAGERS, "reverse a decision not to disclose")
            finding = self._own(s, actor, finding_id)
            decision = standing_withhold(s, finding.id)
            if decision is None:
                raise ValidationError("There is no standing decision not to disclose this item.")
            if not is_a_reason(reason):
                raise ValidationError(
                    "Record why the decision not to disclose is reversed.",
                    {"reason": "Required, in words."},
                )
            s.add(
                WithholdReversal(
                    finding_id=finding.id,
                    decision_id=decision.id,
                    reversed_by_id=actor.user_id,
                    reversed_at=self.ctx.clock.now(),
                    reason=reason.strip(),
                )
            )
            req = finding.request
            log_disclosure(
                s,
                self.ctx,
                actor,
                req,
                finding_id=finding.id,
                package_id=None,
                to_party="Decision not to disclose reversed by a manager of the partner",
                what=item_label(finding, req.agency),
                basis=f"Reason: {reason.strip()}",
            )
            record(
                s,
                self.ctx,
                actor,
                "research.withhold_reversed",
                "research_finding",
                finding.id,
                {"decision": decision.id, "reason": reason.strip()},
            )

    def amend(self, actor: Actor, finding_id: int, new_text: str, reason: str) -> None:
        """ISP-13: the originator corrects what it shared; the earlier text is kept."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "correct research")
            finding = self._own(s, actor, finding_id)
            if finding.shared_at is None:
                raise ValidationError("Only a shared item is corrected this way.")
            problems = {}
            if not new_text.strip() or new_text.strip() == finding.finding:
                problems["finding"] = "Write the corrected text."
            if not is_a_reason(reason):
                problems["reason"] = "Say why the item is corrected."
            if problems:
                raise ValidationError(" ".join(problems.values()), problems)
            now = self.ctx.clock.now()
            s.add(
                FindingAmendment(
                    finding_id=finding.id,
                    amended_by_id=actor.user_id,
                    amended_at=now,
                    old_text=finding.finding,
                    new_text=new_text.strip(),
                    reason=reason.strip(),
                )
            )
            finding.finding = new_text.strip()
            finding.amended_at = now
            finding.updated_at = now
            record(
                s,
                self.ctx,
                actor,
                "research.shared_item_amended",
                "research_finding",
                finding.id,
                {"reason": reason.strip()},
            )

    def history(self, actor: Actor, finding_id: int) -> list[AmendmentRow]:
        """The item's corrections, oldest first, for anyone who may see the item."""
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, RESEARCH_READERS, "read agency research")
            finding = s.scalar(
                select(ResearchFinding)
                .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
                .where(ResearchFinding.id == finding_id, visible_to(user.agency_id))
            )
            if finding is None:
                raise NotFound("No such research item you may see.")
            rows = list(
                s.scalars(
                    select(FindingAmendment)
                    .where(FindingAmendment.finding_id == finding.id)
                    .order_by(FindingAmendment.id)
                )
            )
            names = user_names(s, {r.amended_by_id for r in rows})
            record(s, self.ctx, actor, "research.item_history", "research_finding", finding.id)
            return [
                AmendmentRow(
                    r.amended_at, names.get(r.amended_by_id, ""), r.old_text, r.new_text, r.reason
                )
                for r in rows
            ]
