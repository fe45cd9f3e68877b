"""Reviewing a subject access request item by item (ISP-7): disclose, withhold under an
exemption, or black out parts of the text, each with its exemption. Audited by position and
exemption only: the audit trail never holds the words blacked out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.subject_access import Exemption, ItemDecision, check_span
from mash_desktop.services.audit import record
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.common import load_request, responded_on
from mash_desktop.store.models import SubjectAccessItem, SubjectAccessRedaction, User

DOING = "review a subject access request"


class SubjectAccessReview:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _item(self, s: Session, actor: Actor, item_id: int) -> tuple[SubjectAccessItem, User]:
        item = s.get(SubjectAccessItem, item_id)
        if item is None:
            raise NotFound("That item is not part of a subject access request.")
        request, user = load_request(s, actor, item.request_id, DOING)
        if responded_on(s, [request.id]):
            raise ValidationError("The response has been sent to print; the review is closed.", {})
        return item, user

    def decide(
        self,
        actor: Actor,
        item_id: int,
        decision: ItemDecision,
        exemption: Exemption | None = None,
    ) -> None:
        """Disclose the item, or withhold it whole under ``exemption``. Choosing "disclose"
        drops any blacked-out parts; parts are marked with :meth:`redact`."""
        if decision is ItemDecision.WITHHOLD and exemption is None:
            raise ValidationError(
                "Choose the exemption the item is withheld under.",
                {"exemption": "Required to withhold."},
            )
        if decision in (ItemDecision.PENDING, ItemDecision.REDACT):
            raise ValidationError("Black out parts of the text to disclose it in part.", {})
        with self.ctx.store.transaction() as s:
            item, user = self._item(s, actor, item_id)
            if decision is ItemDecision.DISCLOSE:
                for r in s.scalars(
                    select(SubjectAccessRedaction).where(SubjectAccessRedaction.item_id == item.id)
                ):
                    s.delete(r)
            self._set(
                item, user, decision, exemption if decision is ItemDecision.WITHHOLD else None
            )
            record(
                s,
                self.ctx,
                actor,
                "subject_access.item_decide",
                "subject_access",
                item.request_id,
                {
                    "item": item.position + 1,
                    "decision": decision.value,
                    "reason": exemption.value if exemption else "",
                },
            )

    def redact(self, actor: Actor, item_id: int, start: int, end: int, exemption: Exemption) -> int:
        """Black out characters ``start``..``end`` of the item's text under ``exemption``;
        the item is then disclosed with those parts blacked out."""
        with self.ctx.store.transaction() as s:
            item, user = self._item(s, actor, item_id)
            try:
                start, end = check_span(item.text, start, end)
            except ValueError as exc:
                raise ValidationError(str(exc), {"selection": str(exc)}) from exc
            redaction = SubjectAccessRedaction(
                item_id=item.id,
                start=start,
                end=end,
                exemption=exemption.value,
                marked_by_id=user.id,
                marked_at=self.ctx.clock.now(),
            )
            s.add(redaction)
            self._set(item, user, ItemDecision.REDACT, None)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "subject_access.redact",
                "subject_access",
                item.request_id,
                {
                    "item": item.position + 1,
                    "from": start,
                    "to": end,
                    "reason": exemption.value,
                },
            )
            return redaction.id

    def remove_redaction(self, actor: Actor, redaction_id: int) -> None:
        """Un-black a part; an item left with none goes back to "not yet reviewed"."""
        with self.ctx.store.transaction() as s:
            redaction = s.get(SubjectAccessRedaction, redaction_id)
            if redaction is None:
                raise NotFound("That blacked-out part no longer exists.")
            item, user = self._item(s, actor, redaction.item_id)
            s.delete(redaction)
            s.flush()
            left = s.scalar(
                select(SubjectAccessRedaction.id).where(SubjectAccessRedaction.item_id == item.id)
            )
            if left is None:
                self._set(item, user, ItemDecision.PENDING, None)
            record(
                s,
                self.ctx,
                actor,
                "subject_access.unredact",
                "subject_access",
                item.request_id,
                {"item": item.position + 1, "from": redaction.start, "to": redaction.end},
            )

    def _set(
        self,
        item: SubjectAccessItem,
        user: User,
        decision: ItemDecision,
        exemption: Exemption | None,
    ) -> None:
        item.decision = decision.value
        item.exemption = exemption.value if exemption else None
        item.decided_by_id = user.id
        item.decided_at = self.ctx.clock.now()
