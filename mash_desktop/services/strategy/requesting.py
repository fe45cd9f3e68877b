"""The strategy request on the Pan-Dorset Strategy Request Form (SD-2): who may ask, when it
is out of hours by the clock (SD-14), and when it is not held in the MASH at all (SD-0); the
hospital and emergency statements it carries (SD-1, SD-11). Part of StrategyService."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.core_hours import is_core_hours
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.roles import CHAIRS, AgencyKind, Role
from mash_desktop.domain.strategy import DiscussionStatus, Mode, Trigger
from mash_desktop.domain.working_days import london_date, next_working_morning
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.common import agency_by_code, agency_of, is_la_agency
from mash_desktop.services.strategy.rows import DiscussionView, build_view
from mash_desktop.services.strategy.rules import core_hours, request_refusal
from mash_desktop.store.models import Agency, Contact, StrategyDiscussion, StrategyInvitation


def find_contact(session: Session, contact: str | int) -> Contact:
    text = str(contact).strip()
    found = session.scalar(select(Contact).where(Contact.reference == text))
    if found is None and text.isdigit():
        found = session.get(Contact, int(text))
    if found is None:
        raise NotFound(f"No contact with the reference or number {text!r}.")
    return found


class StrategyRequests:
    """Part of StrategyService; split out to keep modules short."""

    ctx: AppContext

    def _today(self) -> date:
        return london_date(self.ctx.clock.now())

    # --- the request (SD-0, SD-1, SD-2, SD-11) -------------------------------------------
    def request(
        self,
        actor: Actor,
        contact: str | int,
        reason: str,
        invited_agency_codes: Iterable[str] = (),
        paediatrician_needed: bool = False,
        emergency_no_mash: bool = False,
        hospital_note: str = "",
        trigger: Trigger = Trigger.URGENT_REFERRAL,
        looked_after: bool = False,
    ) -> DiscussionView:
        """Request a strategy discussion on the Pan-Dorset Strategy Request Form (SD-2).

        Police and health are always invited. Outside core operational hours (or on a bank
        holiday) it is an out-of-hours telephone discussion, whoever asks (SD-9, SD-14). Not
        for a child whose case is open in CSC, here or on another contact about the same child,
        nor a reconvened one once s47 enquiries began (SD-0).
        """
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS, "request a strategy discussion")
            me = agency_of(s, actor)
            found = find_contact(s, contact)
            refusal = request_refusal(s, found)
            if refusal is not None:
                # The refusal itself is audited, so the transaction commits before we say no.
                record(
                    s,
                    self.ctx,
                    actor,
                    "strategy.request_refused",
                    "contact",
                    found.id,
                    {"rule": "SD-0"},
                )
            else:
                view = self._create(
                    s,
                    actor,
                    me,
                    found,
                    reason,
                    invited_agency_codes,
                    paediatrician_needed,
                    emergency_no_mash,
                    hospital_note,
                    trigger,
                    looked_after,
                )
        if refusal is not None:
            raise ValidationError(
                refusal, {"contact": "Case already open in Children's Social Care."}
            )
        return view

    def _create(
        self,
        s: Session,
        actor: Actor,
        me: Agency,
        found: Contact,
        reason: str,
        invited_agency_codes: Iterable[str],
        paediatrician_needed: bool,
        emergency_no_mash: bool,
        hospital_note: str,
        trigger: Trigger,
        looked_after: bool,
    ) -> DiscussionView:
        if not reason.strip():
            raise ValidationError(
                "Give the reason to suspect significant harm.",
                {"reason": "Required: the reasonable cause to suspect significant harm."},
            )
        now = self.ctx.clock.now()
        ooh = not is_core_hours(now, core_hours(s))  # SD-14: the clock decides
        if actor.role is Role.OOH_MANAGER and not ooh:
            raise PermissionDenied(
                "It is within core operational hours: the child's LA manager requests and "
                "chairs the strategy discussion in the MASH."
            )
        if found.la_agency_id is not None:
            la_id = found.la_agency_id
        elif is_la_agency(me):
            la_id = me.id
        else:
            raise ValidationError(
                "The contact names no local authority; set its LA first.",
                {"contact": "No LA on the contact."},
            )
        if not ooh and la_id != me.id:
            raise PermissionDenied(
                "Only the manager of the contact's own LA can request its strategy discussion."
            )
        invited: list[Agency] = list(
            s.scalars(
                select(Agency).where(
                    Agency.active.is_(True),
                    Agency.kind.in_([AgencyKind.POLICE.value, AgencyKind.HEALTH.value]),
                )
            )
        )
        for code in invited_agency_codes:
            agency = agency_by_code(s, code)
            if agency.id != la_id and agency not in invited:
                invited.append(agency)
        number = (s.scalar(select(func.max(StrategyDiscussion.id))) or 0) + 1
        note = hospital_note.strip()
        in_hospital = found.child_in_hospital or bool(note)
        d = StrategyDiscussion(
            reference=f"SD-{now.year}-{number:05d}",
            contact_id=found.id,
            la_agency_id=la_id,
            status=DiscussionStatus.REQUESTED.value,
            requested_by_id=actor.user_id,
            requested_at=now,
            trigger=trigger.value,
            reason=reason.strip(),
            paediatrician_needed=paediatrician_needed,
            child_in_hospital=in_hospital,
            hospital_note=note,
            emergency_no_mash=emergency_no_mash,
            child_looked_after=looked_after,
            out_of_hours=ooh,
            mode=(Mode.TELEPHONE if ooh else Mode.MEETING).value,
            ooh_visible_from=next_working_morning(now) if ooh else None,
            updated_at=now,
        )
        d.invitations = [StrategyInvitation(agency_id=a.id) for a in invited]
        s.add(d)
        s.flush()
        record(
            s,
            self.ctx,
            actor,
            "strategy.request",
            "strategy_discussion",
            d.id,
            {
                "contact_id": found.id,
                "invited": sorted(a.code for a in invited),
                "emergency_no_mash": emergency_no_mash,
                "child_in_hospital": in_hospital,
                "out_of_hours": ooh,
            },
        )
        return build_view(s, d, self._today())
