"""Person matching across contacts (RQ-3): suggestions with reasons, and audited decisions
that two records are, or are not, the same child."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.identifiers import parse_identifiers
from mash_desktop.domain.matching import Person, candidate_dobs, match_person
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.person import subject_markers
from mash_desktop.store.models import Contact, PersonLink, Subject


@dataclass(frozen=True)
class MatchRow:
    child_subject_id: int
    child_name: str
    other_subject_id: int
    other_contact_id: int
    other_reference: str
    other_name: str
    other_dob: date | None
    other_nhs_number: str | None
    other_received_at: datetime
    other_status: str
    other_outcome: str | None
    other_csc_case_open: bool
    other_allocated_team: str
    kind: str  # "nhs" or "name_dob"
    score: int
    reasons: str
    decision: LinkDecision | None
    rights: str = ""  # ISP-14: "RESTRICTED", "OBJECTION RECORDED" for the earlier record


def find_matches(s: Session, contact_id: int) -> list[MatchRow]:
    """Earlier (and other) contacts about the children on ``contact_id``, strongest first."""
    children = s.scalars(
        select(Subject).where(Subject.contact_id == contact_id, Subject.is_child.is_(True))
    ).all()
    rows: list[MatchRow] = []
    for child in children:
        conditions = []
        if child.nhs_number:
            conditions.append(Subject.nhs_number == child.nhs_number)
        dobs = candidate_dobs(child.dob)
        if dobs:
            conditions.append(Subject.dob.in_(dobs))
        for value in parse_identifiers(child.other_identifiers).values():
            conditions.append(Subject.other_identifiers.contains(value.strip()))  # RQ-1
        if not conditions:
            continue
        candidates = s.execute(
            select(Subject, Contact)
            .join(Contact, Contact.id == Subject.contact_id)
            .where(or_(*conditions), Subject.contact_id != contact_id, Subject.is_child.is_(True))
        ).all()
        if not candidates:
            continue
        decisions = _decisions(s, child.id, [c[0].id for c in candidates])
        me = Person(
            child.first_name, child.last_name, child.dob, child.nhs_number, child.other_identifiers
        )
        for other, contact in candidates:
            result = match_person(
                me,
                Person(
                    other.first_name,
                    other.last_name,
                    other.dob,
                    other.nhs_number,
                    other.other_identifiers,
                ),
            )
            if result is None:
                continue
            rows.append(
                MatchRow(
                    child_subject_id=child.id,
                    child_name=f"{child.first_name} {child.last_name}",
                    other_subject_id=other.id,
                    other_contact_id=contact.id,
                    other_reference=contact.reference,
                    other_name=f"{other.first_name} {other.last_name}",
                    other_dob=other.dob,
                    other_nhs_number=other.nhs_number,
                    other_received_at=contact.received_at,
                    other_status=contact.status,
                    other_outcome=contact.outcome,
                    other_csc_case_open=contact.csc_case_open,
                    other_allocated_team=contact.allocated_team or "",
                    kind=result.kind,
                    score=result.score,
                    reasons=result.reason_text,
                    decision=decisions.get(other.id),
                )
            )
    rows.sort(key=lambda r: (r.kind == "name_dob", -r.score, -r.other_received_at.timestamp()))
    markers = subject_markers(s, {r.other_subject_id for r in rows})
    return [
        replace(r, rights=markers[r.other_subject_id]) if r.other_subject_id in markers else r
        for r in rows
    ]


def _decisions(s: Session, subject_id: int, others: list[int]) -> dict[int, LinkDecision]:
    found: dict[int, LinkDecision] = {}
    for link in s.scalars(
        select(PersonLink).where(
            or_(
                (PersonLink.subject_id == subject_id) & PersonLink.other_subject_id.in_(others),
                (PersonLink.other_subject_id == subject_id) & PersonLink.subject_id.in_(others),
            )
        )
    ):
        other = link.other_subject_id if link.subject_id == subject_id else link.subject_id
        found[other] = LinkDecision(link.decision)
    return found


class MatchingService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def matches(self, actor: Actor, contact_id: int) -> list[MatchRow]:
        """Suggested matches for the contact's children; the lookup is audited (it shows
        other contacts' personal data)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "see contacts")
            if s.get(Contact, contact_id) is None:
                raise NotFound("That contact does not exist.")
            rows = find_matches(s, contact_id)
            record(
                s,
                self.ctx,
                actor,
                "person.match_view",
                "contact",
                contact_id,
                {"matches": len(rows)},
            )
            return rows

    def decide(
        self,
        actor: Actor,
        subject_id: int,
        other_subject_id: int,
        decision: LinkDecision,
        reason: str = "",
    ) -> None:
        """Record that two subjects are the same child, or not; a later decision replaces an
        earlier one (both stay in the audit trail)."""
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "link records")
            if subject_id == other_subject_id:
                raise ValidationError("A record cannot be linked to itself.")
            for sid in (subject_id, other_subject_id):
                if s.get(Subject, sid) is None:
                    raise NotFound("That person record does not exist.")
            low, high = sorted((subject_id, other_subject_id))
            link = s.scalar(
                select(PersonLink).where(
                    PersonLink.subject_id == low, PersonLink.other_subject_id == high
                )
            )
            now = self.ctx.clock.now()
            if link is None:
                link = PersonLink(subject_id=low, other_subject_id=high)
                s.add(link)
            link.decision = decision.value
            link.reason = reason.strip()
            link.decided_by_id = user.id
            link.decided_at = now
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "person.link_same" if decision is LinkDecision.SAME else "person.not_same",
                "subject",
                f"{low}:{high}",
                {"reason": reason.strip()},
            )
