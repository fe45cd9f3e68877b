"""Permission for shared items to leave the MASH (ISP-5, ISP-7.1.4), asked and answered.

The MASH manager asks from the package composer, one request per item with a note; the
originating partner sees "Permission requests" in its Research due area and grants or refuses
each one with a note. Every step is audited. ``check_may_leave`` names every item still
waiting (not the first only) and where its request stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.dissemination import DisseminationRefused, WaitingItem
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import CASEWORKERS, SENIOR_STAFF
from mash_desktop.services.audit import record
from mash_desktop.services.authz import hidden, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.rows import (
    FindingRow,
    agency_id_of,
    finding_row,
    item_label,
    user_names,
)
from mash_desktop.store.models import (
    Contact,
    IntelligencePackage,
    PermissionRequest,
    ResearchFinding,
    ResearchRequest,
)

STATUS_WORDS = {"pending": "Waiting for an answer", "granted": "Granted", "refused": "Refused"}
ANSWERED_SHOWN_FOR = timedelta(days=14)  # answered requests stay in the partner's list a while


@dataclass(frozen=True)
class PermissionRequestRow:
    id: int
    finding: FindingRow
    reference: str  # the contact's reference
    requested_by: str
    requested_at: datetime
    note: str
    status: str  # pending | granted | refused
    answered_by: str
    answered_at: datetime | None
    answer_note: str

    @property
    def status_label(self) -> str:
        return STATUS_WORDS[self.status]


def latest_request(s: Session, finding_id: int) -> PermissionRequest | None:
    return s.scalar(
        select(PermissionRequest)
        .where(PermissionRequest.finding_id == finding_id)
        .order_by(PermissionRequest.id.desc())
        .limit(1)
    )


def waiting_state(s: Session, finding: ResearchFinding) -> str:
    """Where permission for the item stands, in words; "" when it may leave the MASH."""
    if finding.outside_permitted:
        return ""
    req = latest_request(s, finding.id)
    if req is not None and req.status == "pending":
        by = user_names(s, {req.requested_by_id}).get(req.requested_by_id, "")
        return f"asked {format_london(req.requested_at)} by {by}; no answer yet"
    if req is not None and req.status == "refused":
        by = user_names(s, {req.answered_by_id}).get(req.answered_by_id or 0, "")
        return f"refused {format_london(req.answered_at)} by {by}: {req.answer_note}"
    if finding.outside_permitted_by_id is not None:
        return f"permission withdrawn by the partner: {finding.outside_permission_note}"
    return "not asked yet"


def check_may_leave(s: Session, findings: Iterable[ResearchFinding]) -> None:
    """ISP-5: refuse, naming every item still waiting for its partner's permission."""
    waiting = [
        WaitingItem(
            f.id,
            item_label(f, f.request.agency),
            f.request.agency.name,
            waiting_state(s, f) or "not shared",
        )
        for f in findings
        if f.shared_at is None or not f.outside_permitted
    ]
    if waiting:
        raise DisseminationRefused(waiting)


def _require_note(note: str, what: str) -> str:
    if not note.strip():
        raise ValidationError(what, {"note": "Required."})
    return note.strip()


class PermissionRequests:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def ask(self, actor: Actor, package_id: int, finding_ids: Sequence[int], note: str) -> int:
        """One request per item to its originating partner; items that already have permission
        or a request waiting are left as they are. Returns how many requests were made."""
        text = _require_note(note, "Say why the team needs these items, for the partners.")
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SENIOR_STAFF, "ask partners for permission")
            package = s.get(IntelligencePackage, package_id)
            if package is None:
                raise NotFound("No such intelligence package.")
            made = 0
            for finding_id in dict.fromkeys(finding_ids):
                finding = s.get(ResearchFinding, finding_id)
                if (
                    finding is None
                    or finding.shared_at is None
                    or finding.request.contact_id != package.contact_id
                ):
                    raise NotFound("No such shared item on this contact.")
                latest = latest_request(s, finding.id)
                if finding.outside_permitted or (latest and latest.status == "pending"):
                    continue
                req = PermissionRequest(
                    finding_id=finding.id,
                    package_id=package.id,
                    requested_by_id=actor.user_id,
                    requested_at=self.ctx.clock.now(),
                    note=text,
                    status="pending",
                    answer_note="",
                )
                s.add(req)
                s.flush()
                record(
                    s,
                    self.ctx,
                    actor,
                    "package.permission_request",
                    "research_finding",
                    finding.id,
                    {"request": req.id, "package": package.id, "note": text},
                )
                made += 1
            if not made:
                raise ValidationError(
                    "Every chosen item already has permission or a request waiting."
                )
            return made

    def for_my_agency(self, actor: Actor) -> list[PermissionRequestRow]:
        """The requests to the actor's agency: waiting ones first, then recent answers."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "see permission requests")
            agency_id = agency_id_of(s, actor)
            since = self.ctx.clock.now() - ANSWERED_SHOWN_FOR
            requests = s.scalars(
                select(PermissionRequest)
                .join(ResearchFinding, ResearchFinding.id == PermissionRequest.finding_id)
                .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
                .where(
                    ResearchRequest.agency_id == agency_id,
                    or_(
                        PermissionRequest.status == "pending",
                        PermissionRequest.answered_at >= since,
                    ),
                )
                .order_by(PermissionRequest.requested_at.desc(), PermissionRequest.id.desc())
            ).all()
            names = user_names(
                s,
                {*(r.requested_by_id for r in requests), *(r.answered_by_id for r in requests)},
            )
            references = dict(
                s.execute(
                    select(Contact.id, Contact.reference).where(
                        Contact.id.in_({r.finding.request.contact_id for r in requests})
                    )
                ).all()
            )
            rows = [
                PermissionRequestRow(
                    r.id,
                    finding_row(r.finding, r.finding.request.agency),
                    references.get(r.finding.request.contact_id, ""),
                    names.get(r.requested_by_id, ""),
                    r.requested_at,
                    r.note,
                    r.status,
                    names.get(r.answered_by_id or 0, ""),
                    r.answered_at,
                    r.answer_note,
                )
                for r in requests
            ]
            rows.sort(key=lambda r: r.status != "pending")  # stable: newest first within
            record(
                s,
                self.ctx,
                actor,
                "research.permission_requests_view",
                details={"count": len(rows)},
            )
            return rows

    def answer(self, actor: Actor, request_id: int, grant: bool, note: str) -> None:
        """The originating partner grants or refuses leave for the item to go outside the MASH."""
        text = _require_note(
            note, "Record who decided and why (for a grant: that it is within the principles)."
        )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "answer a permission request")
            req = s.get(PermissionRequest, request_id)
            message = "No such permission request for your agency."
            if req is None:
                raise NotFound(message)
            finding = req.finding
            if finding.request.agency.code != actor.agency_code:
                raise hidden(actor, message, "answer another agency's permission request")
            if req.status != "pending":
                raise ValidationError("This request has already been answered.")
            now = self.ctx.clock.now()
            req.status = "granted" if grant else "refused"
            req.answered_by_id = actor.user_id
            req.answered_at = now
            req.answer_note = text
            finding.outside_permitted = grant
            finding.outside_permitted_by_id = actor.user_id
            finding.outside_permitted_at = now
            finding.outside_permission_note = text
            record(
                s,
                self.ctx,
                actor,
                "research.permission_answer",
                "research_finding",
                finding.id,
                {"request": req.id, "permitted": grant, "note": text},
            )
